"""``read N``: a cell reads the supporting material of an inject that has reached it (issue 16: material inside
injects, the mock article, post, e-mail or service's note the cell would have on the table)."""

from __future__ import annotations

import pytest

from scenarios import resolve_scenario
from sim import i18n
from sim.exercise import Exercise
from sim.scenario import load_scenario
from ui.console.session import LiveSession
from ui.net import roles

NOTE = 14
"""municipal-elections: the NCSC's technical note on the phishing infrastructure, to intelligence, day 3."""


@pytest.fixture()
def session(tmp_path):
    ex = Exercise(load_scenario(resolve_scenario("municipal-elections")), players=["intelligence", "municipality"])
    s = LiveSession.start(ex, record=tmp_path / "s.jsonl", cell="intelligence")
    yield s
    s.close()


def _until_fired(s: LiveSession, no: int) -> None:
    while s.exercise.injects.states[no].status != "fired":
        s.exercise.run_until(s.exercise.now + 6)


def _texts(entries) -> list[str]:
    return [e.text for e in entries]


def test_a_cell_reads_an_inject_only_once_it_has_reached_it(session):
    material = session.exercise.injects.states[NOTE].inject.material
    refused = session.enter(f"read {NOTE}")
    assert refused[-1].kind == "console.error" and "has not reached your cell" in refused[-1].text
    _until_fired(session, NOTE)
    lines = _texts(session.enter(f"read {NOTE}")[1:])
    assert lines[0].startswith(f"Inject {NOTE}, note: {material[0].title}")
    body = " ".join(lines[1:])
    assert str(material[0].text).split()[0] in body and len(lines) >= 2
    session.switch_cell("municipality")
    assert "has not reached your cell" in session.enter(f"read {NOTE}")[-1].text  # sent to intelligence only


def test_the_console_says_when_a_fired_inject_brings_material(session):
    _until_fired(session, NOTE)
    hints = [e for e in session.entries if e.text == f"inject {NOTE} comes with material: type read {NOTE}"]
    assert len(hints) == 1 and hints[0].visible_to == ("intelligence",)
    assert not [e for e in session.entries if e.text.startswith("inject 1 comes with material")]  # inject 1 has none


def test_white_reads_any_inject_before_it_fires_and_bad_reads_get_one_line(session):
    session.switch_cell("white")
    logged = len(session.exercise.log)
    assert session.enter("read 16")[1].text.startswith("Inject 16, e-mail: ")
    for line, why in (("read 1", "carries no material"), ("read 99", "no inject 99 in the MSEL"),
                      ("read", "write read and an inject's number"), ("read soon", "write read and an inject's")):
        answer = session.enter(line)
        assert len(answer) == 2 and answer[-1].kind == "console.error" and why in answer[-1].text, line
    assert len(session.exercise.log) == logged  # reading is not an order: nothing is logged


def test_reading_in_dutch_names_the_kind_and_the_refusal_in_dutch(session):
    _until_fired(session, NOTE)
    with i18n.language("nl"):
        lines = _texts(session.enter(f"read {NOTE}")[1:])
        refused = session.enter("read 99")[-1].text
    assert lines[0].startswith(f"Inject {NOTE}, notitie: ")
    assert refused == "geen inject 99 in de MSEL"


def test_every_network_seat_may_read_what_its_view_received():
    for role in ("cell", "white", "observer", "evaluator"):
        assert roles.refusal(role, "read 3") is None
