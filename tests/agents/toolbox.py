"""The toolbox bench: the catalogue bench with the letter's whole toolbox ordered by one cell, and a Parliament.

Built from tests/data/catalogue.yaml (karsk launches nothing on its own before day 200, so every operation is
one a test launches): the government cell may also order the crisis communication, the political level, the
justice chain, the diplomatic ladder and the municipal toolbox; karsk has a consul; a Tweede Kamer sits.
"""

from __future__ import annotations

from sim.exercise import Exercise
from sim.scenario import parse_scenario
from tests.agents.conftest import BENCH

NEW_ACTIONS = ("public_statement", "press_conference", "letter_to_parliament", "brief_parliament",
               "convene_crisis_structure", "report_to_police", "summon_ambassador", "request_withdrawal",
               "close_office", "event_permit", "withhold_subsidy", "integrity_screening")


def toolbox(seed: int = 11, replace: tuple[tuple[str, str], ...] = (), parliament: bool = True) -> Exercise:
    """A fresh exercise on the toolbox bench; ``replace`` edits the bench's text first (each must match)."""
    text = BENCH.read_text(encoding="utf-8")
    text = text.replace("financing_disclosure_law, vulnerability_analysis, inform_municipalities]",
                        "financing_disclosure_law, vulnerability_analysis, inform_municipalities,\n              "
                        + ", ".join(NEW_ACTIONS) + "]")
    text = text.replace('{id: karsk-charge, role: "chargé d\'affaires"}',
                        '{id: karsk-charge, role: "chargé d\'affaires"}, {id: karsk-consul, role: "consul"}')
    if parliament:
        text = text.replace("  - {id: eu, kind: partner", "  - {id: kamer, kind: parliament, name: \"Tweede Kamer\"}\n"
                                                           "  - {id: eu, kind: partner")
    for old, new in replace:
        assert old in text, old
        text = text.replace(old, new)
    return Exercise(parse_scenario(text, "toolbox"), seed=seed, players=("government", "town"))


def order(ex: Exercise, text: str, cell: str = "government") -> str:
    """Submit ``text``; it must be accepted; returns the order id."""
    result = ex.submit(cell, text)
    assert result.accepted, result.message
    return result.order_id


def outcome(ex: Exercise, order_id: str):
    """The executed or failed event of ``order_id`` (None while pending)."""
    return next((e for e in ex.log if e.kind in ("response.executed", "response.failed")
                 and e.payload.get("order") == order_id), None)


def costs(ex: Exercise, indicator: str) -> list:
    """The cost.incurred events on ``indicator``."""
    return [e for e in ex.log if e.kind == "cost.incurred" and e.payload["indicator"] == indicator]


def identify(ex: Exercise, actor: str = "karsk", weight: float = 5.0, cell: str = "government") -> None:
    """Give ``cell`` strong evidence that ``actor`` is behind the campaign."""
    ex.evidence.add(f"test:{actor}:{cell}", actor, weight, [cell])


def known(ex: Exercise, technique: str, target: str = "", staff: str = "", body: str = "service", **params):
    """Launch an operation of karsk's and let ``body`` detect it; returns it."""
    op = ex.launch_operation("karsk", technique, target, staff=staff, params=params)
    ex.record_detection(body, op)
    return op
