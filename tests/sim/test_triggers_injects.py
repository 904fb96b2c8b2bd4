"""Trigger conditions and the MSEL at run time: timed, triggered and contingency injects, and White's controls."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.events import WHITE
from sim.exercise import Exercise
from sim.triggers import (EventClause, IndicatorClause, InjectClause, NarrativeClause, TriggerError,
                          parse_trigger)

DAY = 24.0


# -- parsing conditions ----------------------------------------------------------------------

@pytest.mark.parametrize("text, clause", [
    ("public_trust < 60", IndicatorClause("public_trust", "<", 60.0)),
    ("cyber_resilience>=72.5", IndicatorClause("cyber_resilience", ">=", 72.5)),
    ("narrative rigged-count reach > 0.15", NarrativeClause("rigged-count", "reach", ">", 0.15)),
    ("narrative rigged-count believers <= 0.2", NarrativeClause("rigged-count", "believers", "<=", 0.2)),
    ("event detection", EventClause("detection", None)),
    ("event operation.launched by vostria", EventClause("operation.launched", "vostria")),
    ("event acquisition.completed on northlink", EventClause("acquisition.completed", None, "northlink")),
    ("event acquisition.completed by dravonia on portsys", EventClause("acquisition.completed", "dravonia", "portsys")),
    ("inject 3 fired", InjectClause(3)),
])
def test_each_clause_form_parses(text, clause):
    """Each documented clause form parses to its clause."""
    assert parse_trigger(text, narratives=["rigged-count"]).clauses == (clause,)


def test_clauses_join_with_and():
    """Clauses joined by 'and' all become part of the trigger."""
    trigger = parse_trigger("inject 1 fired and public_trust < 50 and event leak", narratives=[])
    assert trigger.clauses == (InjectClause(1), IndicatorClause("public_trust", "<", 50.0), EventClause("leak", None))


@pytest.mark.parametrize("text, words", [
    ("public_trust is low", "cannot read condition"),
    ("trust < 60", "no indicator 'trust'"),
    ("narrative unknown reach > 0.1", "no narrative 'unknown'"),
    ("public_trust < 60 or inject 1 fired", "cannot read condition"),
    ("public_trust == 60", "cannot read condition"),
    ("", "cannot read condition"),
])
def test_unreadable_conditions_are_refused(text, words):
    """A condition that cannot be read, or names an unknown indicator or narrative, raises TriggerError."""
    with pytest.raises(TriggerError) as info:
        parse_trigger(text, narratives=["rigged-count"])
    assert words in str(info.value)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60))
def test_trigger_parser_only_raises_trigger_error(text):
    """Any text parses to a trigger or raises TriggerError, never another exception."""
    try:
        parse_trigger(text, narratives=["rigged-count"])
    except TriggerError:
        pass


# -- injects at run time (tests/data/mini.yaml) ---------------------------------------------

@pytest.fixture
def mini(mini_scenario):
    """A fresh exercise of the mini scenario (no population, tick 6 h)."""
    return Exercise.from_file(mini_scenario)


def fired(ex: Exercise, number: int) -> list:
    """The inject.fired events of inject ``number``."""
    return [e for e in ex.log if e.kind == "inject.fired" and e.payload["no"] == number]


def test_timed_inject_fires_at_its_time_and_sets_off_its_technique(mini):
    """Inject 1 ('day 1 08:00') fires at t = 8, by the MSEL, and launches its cyber operation then."""
    mini.run_until(DAY)
    [event] = fired(mini, 1)
    assert (event.t, event.payload["by"], event.source) == (8.0, "msel", "EXCON")
    assert event.visible_to == ("crisis",)
    [launch] = [e for e in mini.log if e.kind == "operation.launched"]
    assert (launch.t, launch.payload["technique"], launch.payload["cause"]) == (8.0, "cyber_operation", "inject 1")


def test_timed_inject_in_the_default_scenario(default_loaded):
    """Inject 1 of the default scenario ('day 2 09:00') fires at t = 33."""
    ex = Exercise(default_loaded, seed=7)
    ex.run_until(2 * DAY)
    [event] = fired(ex, 1)
    assert event.t == 33.0


def test_triggered_inject_fires_at_the_first_tick_its_condition_holds(mini):
    """Inject 2 ('inject 1 fired') fires at the first tick after inject 1, by trigger."""
    mini.run_until(DAY)
    [event] = fired(mini, 2)
    assert (event.t, event.payload["by"]) == (12.0, "trigger")


def test_indicator_trigger_fires_at_the_first_sample_below_the_threshold(mini):
    """Inject 3 ('cyber_resilience < 78') fires at the first tick whose sampled value is below 78."""
    mini.run_until(6 * DAY)
    times, values = mini.indicators.times, mini.indicators.series["cyber_resilience"]
    first = next(t for t, v in zip(times, values) if v < 78.0)
    assert first > 12.0  # it takes the cyber operation a while
    [event] = fired(mini, 3)
    assert event.t == first and event.payload["by"] == "trigger"


def test_contingency_inject_never_fires_on_its_own(mini):
    """Inject 4 (contingency) has not fired by the end of a run nobody fires it in."""
    mini.run()
    assert fired(mini, 4) == []
    assert 4 in mini.injects.pending()


def test_white_fires_a_contingency_inject(mini):
    """``fire 4`` from White fires the contingency inject at once, by white."""
    mini.run_until(50.0)
    result = mini.submit(WHITE, "fire 4")
    assert result.accepted, result.message
    mini.run_until(51.0)
    [event] = fired(mini, 4)
    assert (event.t, event.payload["by"]) == (50.0, "white")
    assert 4 not in mini.injects.pending()


def test_white_fires_inject_7_of_the_default_scenario(default_loaded):
    """``submit("white", "fire 7")`` fires the default scenario's contingency inject 7 at once."""
    ex = Exercise(default_loaded, seed=7)
    ex.run_until(3 * DAY)
    assert fired(ex, 7) == []
    assert ex.submit(WHITE, "fire 7").accepted
    ex.run_until(3 * DAY + 1)
    [event] = fired(ex, 7)
    assert event.t == 3 * DAY and event.payload["by"] == "white"
    assert event.visible_to == ("municipality",)


def test_only_white_may_fire_injects(mini):
    """A player cell ordering fire_inject is refused."""
    result = mini.submit("crisis", "fire 4")
    assert not result.accepted and "fire_inject" in result.message
    assert mini.log[-1].kind == "command.refused"


def test_firing_an_inject_that_is_not_pending_is_refused(mini):
    """Firing an inject twice, or one that does not exist, is refused."""
    assert mini.submit(WHITE, "fire 4").accepted
    mini.run_until(1.0)
    again = mini.submit(WHITE, "fire 4")
    assert not again.accepted and "4" in again.message
    assert not mini.submit(WHITE, "fire 99").accepted
    assert len(fired(mini, 4)) == 1


def test_postpone_moves_a_timed_inject(mini):
    """Postponing inject 5 (day 3 12:00 = 60 h) by 12h makes it fire at 72 h, once."""
    result = mini.submit(WHITE, "postpone 5 by=12h")
    assert result.accepted, result.message
    mini.run_until(4 * DAY)
    [event] = fired(mini, 5)
    assert event.t == 72.0


def test_postpone_default_is_a_day(mini):
    """Postponing without ``by`` moves the inject by 24 hours."""
    assert mini.submit(WHITE, "postpone 5").accepted
    mini.run_until(5 * DAY)
    [event] = fired(mini, 5)
    assert event.t == 60.0 + DAY


def test_postponed_triggered_inject_becomes_timed(mini):
    """A postponed triggered inject fires at the new time, not when its condition holds."""
    assert mini.submit(WHITE, "postpone 2 by=2d").accepted
    mini.run_until(3 * DAY)
    [event] = fired(mini, 2)
    assert event.t == 48.0 and event.payload["by"] == "msel"


def test_cancel_stops_an_inject(mini):
    """A cancelled inject never fires and is no longer pending."""
    assert mini.submit(WHITE, "cancel 6").accepted
    mini.run()
    assert fired(mini, 6) == []
    assert 6 not in mini.injects.pending()
    assert not mini.submit(WHITE, "fire 6").accepted


def test_controller_notes_are_for_white_only(mini):
    """An inject's controller notes are logged for White only, next to the inject."""
    mini.run_until(DAY + 1)
    [notes] = [e for e in mini.log if e.kind == "inject.notes"]
    assert notes.t == DAY and notes.visible_to == (WHITE,) and notes.payload["notes"] == "For White only."
    assert all(e["kind"] != "inject.notes" for e in mini.observe("crisis").events)


def test_inject_to_all_reaches_every_cell(default_loaded):
    """An inject addressed to 'all' is visible to every cell."""
    ex = Exercise(default_loaded, seed=7)
    ex.run_until(29 * DAY)
    [event] = fired(ex, 8)
    assert set(event.visible_to) == set(ex.cells)


def test_an_event_trigger_on_a_target_waits_for_that_target(mini):
    """``event KIND on TARGET`` holds only once an event of that kind about that target is logged (vital-takeover:
    the NorthLink inject must not fire when it is PortSys that was sold)."""
    ex = mini
    on_a = parse_trigger("event leak on target-a")
    by_x_on_a = parse_trigger("event leak by actor-x on target-a")
    assert not on_a.holds(ex)
    ex.log_event("leak", source="actor-y", target="target-b")
    assert not on_a.holds(ex) and parse_trigger("event leak").holds(ex)
    ex.log_event("leak", source="actor-y", target="target-a")
    assert on_a.holds(ex) and not by_x_on_a.holds(ex)
    ex.log_event("leak", source="actor-x", target="target-a")
    assert by_x_on_a.holds(ex)
