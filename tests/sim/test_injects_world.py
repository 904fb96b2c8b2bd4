"""Injects respect the state of the world: an MSEL operation never runs through staff who have left the country.

The MSEL is written before play; by the time an inject fires, the staff member it names may have been
declared persona non grata. Then a successor (or a colleague in the same role) runs the operation,
it runs from abroad at half intensity, or — needing staff in the country — it does not start; White is
told which (``inject.adjusted``), and the inject itself still reaches its cells.

The tests of each way an operation is adjusted put the world in the state the inject meets directly
(:meth:`agents.state_actor.StateActor.expel`, ``entry_refused``): what an expulsion needs (grounds,
political capital) is the diplomacy's business, tested with it. The tests of the letter's lesson go
through the players' orders.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import scenarios
from agents.state_actor import REPLACEMENT_DAYS
from replays.runner import TimedCommand, commands_from_file, drive, run_headless
from sim.eventkinds import describe
from sim.events import WHITE
from sim.exercise import Exercise
from sim.inject_staffing import ABROAD_INTENSITY, is_successor, successor_in_country

SEED = 2018
BUNDLED = scenarios.bundled()
LESSON_PLAYERS = ("foreign-affairs", "intelligence", "national-crisis-cell", "social-affairs", "municipality")
_CONSUL_REPORTED = """  - no: NUMBER
    at: "day 3 09:00"
    from: "AIVD"
    to: [foreign-affairs, intelligence]
    synopsis: "AIVD sources say the consular officer runs informants in the Community Council."
    expected_action: "persona_non_grata kaldora-consul; refuse_entry kaldora"
    objective: law-upheld
    tags: {disarm: [T0094], domains: [intelligence, diplomacy]}
    fires: {technique: informant_network, actor: kaldora, target: kaldoran-council, staff: kaldora-consul,
            reveals: true}
"""


def _exercise(scenario: str | Path, players=("foreign-affairs",), seed: int = SEED) -> Exercise:
    path = BUNDLED[scenario] if isinstance(scenario, str) else scenario
    return Exercise.from_file(path, seed=seed, players=list(players))


def _order(ex: Exercise, at: float, cell: str, command: str) -> None:
    """Run to ``at`` hours and give an order there (it must be accepted)."""
    ex.run_until(at)
    result = ex.submit(cell, command)
    assert result.accepted, result.message


def _expel(ex: Exercise, actor: str, staff: str, refuse_entry: bool = False) -> None:
    """The world an inject meets: ``staff`` has left the country (and, with ``refuse_entry``, no successor comes)."""
    state = ex.actors[actor]
    state.expel(staff)
    if refuse_entry:
        state.entry_refused = True


def _events(ex: Exercise, kind: str) -> list:
    return [e for e in ex.log if e.kind == kind]


def _expelled_at(ex: Exercise) -> dict[str, float]:
    """Staff declared persona non grata by an order, and when it took effect."""
    return {e.target: e.t for e in _events(ex, "response.executed") if e.payload.get("action") == "persona_non_grata"}


def _launched_by_inject(ex: Exercise, number: int) -> list:
    return [e for e in _events(ex, "operation.launched") if e.payload["cause"] == f"inject {number}"]


def _adjusted(ex: Exercise) -> dict[int, dict]:
    return {e.payload["no"]: dict(e.payload) for e in _events(ex, "inject.adjusted")}


def _launches_through_expelled(events) -> list:
    """``operation.launched`` records naming a staff member who had been expelled by then (in log order)."""
    gone: set[str] = set()
    bad = []
    for e in events:
        kind, payload = e["kind"], e["payload"]
        if kind == "response.executed" and payload.get("action") == "persona_non_grata":
            gone.add(e["target"])
        elif kind == "operation.launched" and payload.get("staff") in gone:
            bad.append(e)
    return bad


def test_an_inject_runs_through_the_successor_once_one_is_in_the_country():
    """The consul expelled, no entry refused: the successor arrives and a postponed inject 11 runs through them."""
    ex = _exercise("diaspora-tax")
    ex.run_until(8)
    _expel(ex, "kaldora", "kaldora-consul")
    _order(ex, 9, WHITE, "postpone_inject 11 by=5d")  # day 30 09:00 -> day 35 09:00, after the successor's arrival
    ex.run()
    expelled = 8.0
    arrived = [e for e in _events(ex, "staff.replaced") if e.payload["replaces"] == "kaldora-consul"]
    assert [e.target for e in arrived] == ["kaldora-consul-2"]
    assert arrived[0].t == pytest.approx(expelled + REPLACEMENT_DAYS * 24)
    taxes = _launched_by_inject(ex, 11)
    assert [(e.payload["technique"], e.payload["staff"]) for e in taxes] == [("diaspora_tax", "kaldora-consul-2")]
    assert taxes[0].t > arrived[0].t
    adjusted = _adjusted(ex)[11]
    assert (adjusted["outcome"], adjusted["staff"], adjusted["via"]) == ("successor", "kaldora-consul",
                                                                         "kaldora-consul-2")
    op = ex.operations[taxes[0].payload["operation"]]
    assert op.params.get("intensity", 1.0) == 1.0  # in the country: full strength


def test_before_the_successor_arrives_a_needs_staff_operation_is_dropped():
    """Inject 11 on time (day 30 09:00) comes before the consul's successor (day 31 08:00): the tax does not start."""
    ex = _exercise("diaspora-tax")
    ex.run_until(8)
    _expel(ex, "kaldora", "kaldora-consul")
    ex.run_until(30 * 24)
    assert _launched_by_inject(ex, 11) == []
    assert _adjusted(ex)[11]["outcome"] == "dropped"
    assert not _events(ex, "staff.replaced")


def test_with_entry_refused_and_nobody_in_the_role_the_operation_is_dropped_and_logged():
    """Consul expelled and entry refused: inject 11 still tells its cells, but no tax starts, and White is told why."""
    ex = _exercise("diaspora-tax")
    ex.run_until(8)
    _expel(ex, "kaldora", "kaldora-consul", refuse_entry=True)
    ex.run()
    assert not _events(ex, "staff.replaced")
    assert _launched_by_inject(ex, 11) == []
    fired = [e for e in _events(ex, "inject.fired") if e.payload["no"] == 11]
    assert len(fired) == 1 and set(fired[0].visible_to) == {"social-affairs", "municipality"}
    records = [e for e in _events(ex, "inject.adjusted") if e.payload["no"] == 11]
    assert len(records) == 1
    record = records[0]
    assert record.visible_to == (WHITE,)
    assert record.t == fired[0].t
    assert dict(record.payload) == {"no": 11, "actor": "kaldora", "staff": "kaldora-consul", "outcome": "dropped",
                                    "via": "", "technique": "diaspora_tax"}
    sentence = describe(record.to_record())
    assert "kaldora-consul" in sentence and "does not start" in sentence


def test_a_colleague_in_the_same_role_takes_over_when_there_is_no_successor(tmp_path):
    """With two staff in one role, an operation of the expelled one runs through the other (no successor yet)."""
    text = BUNDLED["diaspora-tax"].read_text(encoding="utf-8")
    consul = '{id: kaldora-consul, role: "consular officer"}'
    assert consul in text
    path = tmp_path / "two-charges.yaml"
    path.write_text(text.replace(consul, '{id: kaldora-consul, role: "chargé d\'affaires ad interim"}'),
                    encoding="utf-8")
    ex = _exercise(path)
    ex.run_until(8)
    _expel(ex, "kaldora", "kaldora-charge", refuse_entry=True)
    ex.run_until(16 * 24)
    statement = _launched_by_inject(ex, 6)
    assert [e.payload["staff"] for e in statement] == ["kaldora-consul"]
    adjusted = _adjusted(ex)
    assert (adjusted[6]["outcome"], adjusted[6]["via"]) == ("successor", "kaldora-consul")
    record = next(e for e in _events(ex, "inject.adjusted") if e.payload["no"] == 6)
    assert "colleague" in describe(record.to_record())


def test_a_technique_that_needs_no_staff_in_the_country_runs_from_abroad_at_half_intensity():
    """Defence attaché expelled, entry refused: inject 5's covert military activity runs from abroad, halved."""
    ex = _exercise("vital-takeover")
    ex.run_until(8)
    _expel(ex, "dravonia", "dravonia-defence-attache", refuse_entry=True)
    ex.run_until(13 * 24)
    launched = _launched_by_inject(ex, 5)
    assert [(e.payload["technique"], e.payload["staff"]) for e in launched] == [("covert_military", "")]
    op = ex.operations[launched[0].payload["operation"]]
    assert op.staff == "" and op.params["intensity"] == pytest.approx(ABROAD_INTENSITY) == pytest.approx(0.5)
    assert ex.effect_factor(op) == pytest.approx(0.5 * ex.standing.through(op.actor, op.technique))
    adjusted = _adjusted(ex)[5]
    assert (adjusted["outcome"], adjusted["staff"], adjusted["via"]) == ("abroad", "dravonia-defence-attache", "")


def test_an_inject_whose_staff_is_still_there_is_not_adjusted():
    """Nobody expelled: inject 5 runs as written, through the attaché at full intensity, and White is told nothing."""
    ex = _exercise("vital-takeover")
    ex.run_until(13 * 24)
    launched = _launched_by_inject(ex, 5)
    assert [e.payload["staff"] for e in launched] == ["dravonia-defence-attache"]
    assert ex.operations[launched[0].payload["operation"]].params.get("intensity", 1.0) == 1.0
    assert 5 not in _adjusted(ex)


def test_the_diaspora_tax_ends_when_charge_and_consul_are_declared_persona_non_grata(tmp_path):
    """The letter's lesson, by the players' orders: chargé and consul expelled early, entry refused: no tax after.

    An expulsion needs grounds (the cell knows of an operation the diplomat ran), so this scenario's
    MSEL gains one row (numbered after the last): on day 3 AIVD reports that the consul, too, runs informants; foreign affairs
    expels him at once, and the chargé on day 12 as the bundled playbook does.
    """
    text = BUNDLED["diaspora-tax"].read_text(encoding="utf-8")
    path = tmp_path / "consul-reported.yaml"
    next_no = 1 + max(int(n) for n in re.findall(r"^  - no: (\d+)$", text, flags=re.M))
    path.write_text(text.rstrip("\n") + "\n" + _CONSUL_REPORTED.replace("NUMBER", str(next_no), 1), encoding="utf-8")
    ex = _exercise(path, players=LESSON_PLAYERS)
    # the sound playbook (chargé expelled on day 12, entry refused), and the consul expelled once reported
    commands = [*commands_from_file(scenarios.commands_for("diaspora-tax"), ex),
                TimedCommand(2 * 24 + 12, "foreign-affairs", "persona_non_grata kaldora-consul surge=yes")]
    drive(ex, sorted(commands, key=lambda c: c.t), ex.end)
    expelled = _expelled_at(ex)
    assert set(expelled) == {"kaldora-charge", "kaldora-consul"}, [
        (e.kind, e.target, e.payload.get("reason")) for e in _events(ex, "response.failed")]
    assert max(expelled.values()) < 30 * 24  # both gone before inject 11 (day 30) restarts the tax
    assert _launches_through_expelled([e.to_record() for e in ex.log]) == []
    taxes = [e for e in _events(ex, "operation.launched") if e.payload["technique"] == "diaspora_tax"]
    assert [e for e in taxes if e.t >= min(expelled.values())] == []
    assert _launched_by_inject(ex, 11) == [] and _adjusted(ex)[11]["outcome"] == "dropped"
    # the collection that started before the expulsions (inject 1, day 2) was stopped by them
    assert taxes and all(ex.operations[e.payload["operation"]].outcome.startswith("disrupted") for e in taxes)


def test_the_tax_ends_with_the_sound_playbook_and_the_consul_expelled_once_known():
    """The bundled playbook (chargé expelled on day 12, entry refused) plus the consul expelled once foreign affairs
    knows of the new round he runs: nothing ever runs through expelled staff, and no tax runs after he has gone."""
    ex = _exercise("diaspora-tax", players=LESSON_PLAYERS)
    commands = commands_from_file(scenarios.commands_for("diaspora-tax"), ex)
    ordered_at = None
    for step in range(int(ex.end // 6) + 1):  # every 6 hours: the playbook's orders, and the consul once known
        now = step * 6.0
        while commands and commands[0].t <= now:
            command = commands.pop(0)
            _order(ex, command.t, command.cell, command.text)
        ex.run_until(now)
        if ordered_at is None and any(op.staff == "kaldora-consul" for op in ex.known_operations("foreign-affairs")):
            ordered_at = now
            _order(ex, now, "foreign-affairs", "persona_non_grata kaldora-consul surge=yes")
    ex.run()
    assert ordered_at is not None and 30 * 24 <= ordered_at <= 40 * 24  # inject 11's new round, reported to the cell
    expelled = _expelled_at(ex)
    assert set(expelled) == {"kaldora-charge", "kaldora-consul"}
    assert _launches_through_expelled([e.to_record() for e in ex.log]) == []
    assert _adjusted(ex)[6]["outcome"] == "dropped"  # the chargé's radio interview (day 15) comes after his expulsion
    taxes = [e for e in _events(ex, "operation.launched") if e.payload["technique"] == "diaspora_tax"]
    assert [e for e in taxes if e.t >= expelled["kaldora-consul"]] == []
    assert all(not ex.operations[e.payload["operation"]].active for e in taxes)


def _revealing_inject_11(text: str) -> str:
    """The scenario text with inject 11 (the consul's new round) revealing its operation to its cells."""
    row = re.search(r"fires: \{([^}]*staff: kaldora-consul)\}", text)
    assert row, "inject 11 no longer names the consul"
    if "reveals: true" in row.group(1):
        return text
    return text[:row.start()] + "fires: {reveals: true, " + row.group(1) + "}" + text[row.end():]


def _reported_when_11_fired(ex: Exercise) -> list:
    fired = next(e.t for e in _events(ex, "inject.fired") if e.payload["no"] == 11)
    return [e for e in _events(ex, "detection") if e.payload.get("reported") and e.t == fired]


def test_an_inject_that_reveals_a_dropped_operation_reveals_nothing(tmp_path):
    """``reveals: true``: a dropped operation reveals nothing; one handed to a successor is revealed as it runs."""
    path = tmp_path / "revealing.yaml"
    path.write_text(_revealing_inject_11(BUNDLED["diaspora-tax"].read_text(encoding="utf-8")), encoding="utf-8")
    kept = _exercise(path)
    kept.run_until(31 * 24)
    launched = _launched_by_inject(kept, 11)
    assert [e.payload["operation"] for e in _reported_when_11_fired(kept)] == [launched[0].payload["operation"]]
    ex = _exercise(path)
    ex.run_until(8)
    _expel(ex, "kaldora", "kaldora-consul", refuse_entry=True)
    ex.run_until(31 * 24)
    assert _launched_by_inject(ex, 11) == [] and _adjusted(ex)[11]["outcome"] == "dropped"
    assert _reported_when_11_fired(ex) == []
    handed_over = _exercise(path)
    handed_over.run_until(8)
    _expel(handed_over, "kaldora", "kaldora-consul")
    _order(handed_over, 9, WHITE, "postpone_inject 11 by=5d")
    handed_over.run_until(36 * 24)
    launched = _launched_by_inject(handed_over, 11)
    assert [e.payload["staff"] for e in launched] == ["kaldora-consul-2"]
    assert [(e.payload["operation"], set(e.visible_to)) for e in _reported_when_11_fired(handed_over)] == [
        (launched[0].payload["operation"], {"social-affairs", "municipality"})]  # the operation as it runs


def test_a_chain_of_successors_is_followed_to_the_one_in_the_country():
    """X and X-2 expelled, X-2x arrived: X-2x runs X's operations; a successor who never came ends the chain."""
    roster = ["x", "x-2", "x-2x"]
    assert successor_in_country("x", roster, ["x-2x"]) == "x-2x"
    assert successor_in_country("x", roster, ["x-2"]) == "x-2"
    assert successor_in_country("x", ["x", "x-2"], []) == ""
    assert successor_in_country("x", ["x", "x-2x"], ["x-2x"]) == ""  # x-2 never arrived: x-2x is not x's line
    assert is_successor("x-2x", "x") and is_successor("x-2", "x") and not is_successor("y-2", "x")


@pytest.mark.parametrize("sid", sorted(s for s in BUNDLED if scenarios.commands_for(s)))
def test_no_operation_is_launched_through_staff_expelled_by_then(sid, tmp_path):
    """Whole bundled scenarios with their command files: no operation ever names staff already expelled."""
    result = run_headless(sid, seed=SEED, commands=scenarios.commands_for(sid), out=tmp_path / f"{sid}.jsonl")
    log = [e.to_record() for e in result.exercise.log]
    assert _launches_through_expelled(log) == []
