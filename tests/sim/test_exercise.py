"""The exercise: one clock, one seed, slicing invariance, fog of war, polls and indicator series."""

from __future__ import annotations

import math
import statistics

import pytest

from replays.runner import TimedCommand, commands_from_file, drive
from sim.events import EVERYONE, WHITE
from sim.exercise import Exercise
from sim.scenario.schemabase import INDICATOR_NAMES

DAY = 24.0


@pytest.fixture
def exercise(default_loaded):
    """A fresh exercise of the default scenario with seed 7, at t = 0."""
    return Exercise(default_loaded, seed=7)


@pytest.fixture(scope="module")
def day20(default_loaded):
    """The default scenario with seed 7 run to day 20 in one call."""
    ex = Exercise(default_loaded, seed=7)
    ex.run_until(20 * DAY)
    return ex


def test_build_from_the_scenario(exercise, default_loaded):
    """An exercise starts at t = 0 with the scenario's seed override, cells, actors and end time."""
    scenario = default_loaded.scenario
    assert exercise.now == 0.0 and exercise.seed == 7
    assert set(exercise.cells) == set(scenario.cells)
    assert set(exercise.actors) == {a.id for a in scenario.actors}
    assert exercise.end == scenario.duration.days * DAY
    assert Exercise(default_loaded).seed == scenario.seed


def test_unknown_player_cell_is_refused(default_loaded):
    """Building an exercise with a player for a cell that does not exist raises, suggesting the nearest."""
    with pytest.raises(ValueError, match="intelligence"):
        Exercise(default_loaded, seed=1, players=["inteligence"])


def test_same_seed_same_log(day20, default_loaded):
    """Two exercises with the same scenario and seed produce the same log."""
    other = Exercise(default_loaded, seed=7)
    other.run_until(20 * DAY)
    assert other.log.sha256 == day20.log.sha256 and len(other.log) == len(day20.log) > 0


def test_different_seed_different_log(day20, default_loaded):
    """A different seed gives a different log."""
    other = Exercise(default_loaded, seed=8)
    other.run_until(20 * DAY)
    assert other.log.sha256 != day20.log.sha256


def test_run_until_slicing_does_not_change_the_run(day20, default_loaded):
    """Running to day 20 in 7.3-hour slices gives the same log and series as one call."""
    sliced = Exercise(default_loaded, seed=7)
    t = 0.0
    while t < 20 * DAY:
        t = min(20 * DAY, t + 7.3)
        sliced.run_until(t)
    assert sliced.now == day20.now == 20 * DAY
    assert sliced.log.sha256 == day20.log.sha256
    assert sliced.indicators.series == day20.indicators.series


def test_slicing_with_commands_does_not_change_the_run(default_loaded, default_commands):
    """Driving the bundled commands to day 20 in 24-hour and in 7.3-hour steps gives the same log."""
    digests = []
    for step in (24.0, 7.3):
        commands = commands_from_file(default_commands, default_loaded.scenario)
        ex = Exercise(default_loaded, seed=7, players=sorted({c.cell for c in commands}))
        drive(ex, commands, 20 * DAY, step_hours=step)
        digests.append(ex.log.sha256)
        assert any(e.kind == "command.accepted" and e.payload["by"] == "player" for e in ex.log)
    assert digests[0] == digests[1]


def test_run_until_never_goes_back_or_past_the_end(mini_scenario):
    """run_until to an earlier time does nothing, and to beyond the end stops at the end and finishes."""
    exercise = Exercise.from_file(mini_scenario)
    exercise.run_until(30.0)
    count = len(exercise.log)
    exercise.run_until(10.0)
    assert exercise.now == 30.0 and len(exercise.log) == count
    exercise.run_until(10 * exercise.end)
    assert exercise.now == exercise.end and exercise.finished
    assert exercise.indicators.times[-1] == exercise.end


def test_observing_never_changes_the_run(default_loaded, day20):
    """Calling observe for every cell many times mid-run leaves the log sha256 unchanged."""
    ex = Exercise(default_loaded, seed=7)
    t = 0.0
    while t < 20 * DAY:
        t = min(20 * DAY, t + 5.0)
        ex.run_until(t)
        for cell in (*ex.cells, WHITE):
            ex.observe(cell)
    assert ex.log.sha256 == day20.log.sha256


def test_non_white_cell_does_not_see_white_only_events(day20):
    """A player cell's observation holds only events it may see: no operation.launched; White's holds them."""
    white = day20.observe(WHITE)
    assert any(e["kind"] == "operation.launched" for e in white.events)
    assert len(white.events) == len(day20.log)
    for cell in day20.cells:
        seen = day20.observe(cell).events
        assert seen, cell
        assert not any(e["kind"] in ("operation.launched", "inject.notes") for e in seen)
        assert all(cell in e["visible_to"] or EVERYONE in e["visible_to"] for e in seen)


def test_player_does_not_learn_the_actor_of_an_operation(day20):
    """Known operations carry the actor only in White's view."""
    assert all("actor" in op for op in day20.observe(WHITE).known_operations)
    for cell in day20.cells:
        assert all("actor" not in op for op in day20.observe(cell).known_operations)


def test_inject_goes_only_to_its_receiving_cells(day20):
    """Inject 1 (to the intelligence cell) is seen by that cell and not by the municipality."""
    def fired(cell):
        return [e for e in day20.observe(cell).events if e["kind"] == "inject.fired" and e["payload"]["no"] == 1]

    assert fired("intelligence") and not fired("municipality")


def test_white_sees_the_truth_and_players_see_a_poll(day20):
    """White's indicators are the true values now; a player's are the latest poll, measured a day earlier."""
    white = day20.observe(WHITE)
    assert white.truth and white.indicators == day20.indicators.values()
    player = day20.observe("municipality")
    last = day20.polls[-1]
    assert not player.truth
    assert player.indicators == last["values"]
    assert player.indicators_as_of == last["as_of"] == last["t"] - DAY
    assert player.indicators != white.indicators
    assert player.series["public_trust"] == [p["values"]["public_trust"] for p in day20.polls]


def test_no_poll_yet_means_unknown_values(exercise):
    """Before the first poll is published a player sees no indicator values (NaN)."""
    exercise.run_until(12.0)
    observation = exercise.observe("municipality")
    assert all(math.isnan(v) for v in observation.indicators.values())
    assert math.isnan(observation.indicators_as_of)


def test_polls_lag_a_day_and_carry_noise(day20):
    """Each poll measures the true value of a day before its publication, plus noise of a few points."""
    assert len(day20.polls) >= 18
    residuals = []
    for poll in day20.polls:
        assert poll["as_of"] == poll["t"] - DAY
        for name, value in poll["values"].items():
            residuals.append(value - day20.indicators.value_at(name, poll["as_of"]))
    assert any(abs(r) > 0.5 for r in residuals)
    assert abs(statistics.fmean(residuals)) < 0.75
    assert 1.0 < statistics.pstdev(residuals) < 3.5


def test_poll_events_are_public(day20):
    """Every poll is logged as a public event with the values published."""
    polls = [e for e in day20.log if e.kind == "poll"]
    assert len(polls) == len(day20.polls)
    assert all(EVERYONE in e.visible_to for e in polls)
    assert polls[-1].payload["values"] == pytest.approx(day20.polls[-1]["values"])


def test_observe_unknown_cell_raises(exercise):
    """Observing a cell that does not exist raises KeyError."""
    with pytest.raises(KeyError):
        exercise.observe("nobody")


def test_indicator_series_start_at_the_scenario_values_and_are_sampled_every_tick(day20, default_loaded):
    """Each indicator's series starts at the scenario's value and has one sample per tick."""
    start = default_loaded.scenario.start_values()
    tick = default_loaded.scenario.tick.hours
    times = day20.indicators.times
    assert times[0] == 0.0
    assert all(b - a == pytest.approx(tick) for a, b in zip(times, times[1:]))
    assert times[-1] == 20 * DAY - tick  # events at exactly t run on the next call
    for name in INDICATOR_NAMES:
        series = day20.indicators.series[name]
        assert len(series) == len(times)
        assert series[0] == pytest.approx(start[name])
        assert all(0.0 <= v <= 100.0 for v in series)
    assert any(day20.indicators.series[n][-1] != pytest.approx(start[n]) for n in INDICATOR_NAMES)


def test_samples_reach_listeners(default_loaded):
    """Every sample is handed to the sample listeners as a canonical record."""
    ex = Exercise(default_loaded, seed=7)
    seen = []
    ex.on_sample.append(seen.append)
    ex.run_until(2 * DAY + 1)
    assert [s["t"] for s in seen] == [0.0, 6.0, 12.0, 18.0, 24.0, 30.0, 36.0, 42.0, 48.0]
    assert all(s["type"] == "sample" and set(s["indicators"]) == set(INDICATOR_NAMES) for s in seen)


def test_unmentioned_indicators_start_at_80(mini_scenario):
    """Dimensions the scenario leaves out start at 80."""
    ex = Exercise.from_file(mini_scenario)
    ex.run_until(1.0)
    assert ex.indicators.start["public_trust"] == 80.0
    assert ex.indicators.series["public_trust"][0] == 80.0
    assert ex.indicators.series["cyber_resilience"][0] == 80.0


def test_players_turn_off_doctrine(default_loaded):
    """A cell held by a player does not act on doctrine; cells nobody holds do."""
    ex = Exercise(default_loaded, seed=7, players=["intelligence"])
    ex.run_until(30 * DAY)
    by_doctrine = {e.source for e in ex.log if e.kind == "command.accepted" and e.payload["by"] == "doctrine"}
    assert "intelligence" not in by_doctrine
    assert by_doctrine, "cells on doctrine should act against a running campaign"


def test_commands_submitted_at_the_same_time_keep_their_order(default_loaded):
    """Several commands at one instant are logged in the order submitted, at that time."""
    ex = Exercise(default_loaded, seed=7, players=["intelligence", "foreign-affairs"])
    drive(ex, [TimedCommand(50.0, "intelligence", "share_signals"),
               TimedCommand(50.0, "foreign-affairs", "demarche vostria")], 51.0)
    accepted = [e for e in ex.log if e.kind == "command.accepted" and e.payload["by"] == "player"]
    assert [(e.t, e.source) for e in accepted] == [(50.0, "intelligence"), (50.0, "foreign-affairs")]


def test_observe_since_returns_only_newer_events():
    """Observing from a log position gives exactly the visible events logged since then."""
    from scenarios import resolve_scenario
    from sim.exercise import Exercise
    from sim.scenario import load_scenario

    ex = Exercise(load_scenario(resolve_scenario(None)), seed=3)
    ex.run_until(5 * 24)
    first = ex.observe("national-crisis-cell")
    ex.run_until(12 * 24)
    later = ex.observe("national-crisis-cell", since=first.log_size)
    whole = ex.observe("national-crisis-cell")
    assert first.events + later.events == whole.events
    assert later.events and all(e["seq"] >= first.log_size for e in later.events)
