"""Scoring: the resilience formulas against the worked example, ratings, decision latency, cost, and `weerbaar score`."""

from __future__ import annotations

import json

import pytest

from replays.score import (
    RunData,
    assemble,
    cimellaro_resilience,
    decisions,
    dimension_metrics,
    integrate_positive,
    objective_score,
    rate,
    recovery_hours,
    resilience_loss,
    response_cost,
)
from sim.scenario.schemabase import INDICATOR_NAMES

TINY = """\
id: tiny
title: "Tiny"
summary: "A small scenario for scoring tests."
start: "2018-02-21T00:00"
duration: {days: 4}
tick: {hours: 6}
seed: 3
indicators: {cyber_resilience: 80, election_integrity: 85}
cells:
  crisis: {title: "Crisis cell", bodies: [bzk], actions: [share_signals, investigate, cyber_hardening, demarche]}
  press: {title: "Press office", bodies: [press], actions: [share_signals]}
actors:
  - {id: bzk, kind: government_body, capacity: 20, info_position: 0.0}
  - {id: press, kind: government_body, capacity: 5, info_position: 0.0}
  - {id: vostria, kind: state_actor, techniques: []}
  - {id: ostland, kind: state_actor, techniques: []}
objectives:
  - {id: systems, indicator: cyber_resilience, weight: 2, target: 70}
  - {id: vote, indicator: election_integrity, weight: 1, target: 75}
msel:
  - {no: 1, at: "day 1 08:00", to: [crisis], synopsis: "Cyber attack on the election.",
     fires: {technique: cyber_operation, actor: vostria, target: election}}
"""


def worked_example(days: float = 20.0) -> tuple[list[float], list[float]]:
    """docs/models.md: a drop from 100 to 60 at t = 0, linear recovery over 10 days, sampled every 6 hours."""
    times = [6.0 * i for i in range(int(days * 4) + 1)]
    return times, [min(100.0, 60.0 + 4.0 * t / 24.0) for t in times]


def event(seq, t, kind, source, target="", payload=None, visible_to=("white",), tags=()):
    """An event record as the replay stores it."""
    return {"type": "event", "seq": seq, "t": t, "kind": kind, "source": source, "target": target,
            "payload": payload or {}, "visible_to": list(visible_to), "tags": list(tags)}


def tiny_run(events) -> RunData:
    """A hand-made run of the tiny scenario with flat indicators and the given events."""
    from sim.scenario import parse_scenario

    loaded = parse_scenario(TINY, "tiny.yaml")
    times = [6.0 * i for i in range(17)]
    start = loaded.scenario.start_values()
    return RunData(loaded, 3, ("crisis", "press"), 96.0, times, {n: [start[n]] * len(times) for n in INDICATOR_NAMES},
                   list(events))


# -- the formulas ----------------------------------------------------------------------------------


def test_worked_example_loss_is_200_points_x_days():
    """The resilience triangle of the worked example is 200 points x days."""
    times, values = worked_example()
    assert resilience_loss(times, values, 100.0) == pytest.approx(200.0, abs=1e-9)


def test_worked_example_recovers_in_10_days_to_full():
    """Recovery to 100% of the start takes 10 days (240 hours) in the worked example."""
    times, values = worked_example()
    assert recovery_hours(times, values, 100.0, level=1.0) == pytest.approx(240.0)


def test_worked_example_cimellaro_is_090_over_20_days():
    """Cimellaro's R over a 20-day control period is 0.90 in the worked example."""
    times, values = worked_example(20.0)
    assert cimellaro_resilience(times, values, 100.0) == pytest.approx(0.90, abs=1e-12)


def test_worked_example_dimension_metrics():
    """dimension_metrics gives loss, robustness, recovery to 95% and the final value of the example."""
    times, values = worked_example()
    m = dimension_metrics(times, values, 100.0)
    assert (m.loss, m.robustness, m.final) == (pytest.approx(200.0), 60.0, 100.0)
    assert m.recovery_hours == pytest.approx(8.75 * 24)  # 60 + 4 d = 95 at d = 8.75


def test_loss_counts_only_the_part_below_the_start():
    """A segment crossing the start value contributes only its triangle below it (exact, not trapezoidal)."""
    # From 10 above the start to 10 below over one day: the part below is a triangle of 0.5 day x 10 / 2.
    assert resilience_loss([0.0, 24.0], [110.0, 90.0], 100.0) == pytest.approx(2.5)
    assert integrate_positive([0.0, 1.0], [-1.0, 3.0]) == pytest.approx(0.5 * 0.75 * 3.0)


def test_recovery_is_none_when_below_at_the_end_and_zero_when_never_below():
    """Not recovered by the end gives None; never below 95% of the start gives 0."""
    assert recovery_hours([0.0, 6.0, 12.0], [100.0, 90.0, 92.0], 100.0) is None
    assert recovery_hours([0.0, 6.0, 12.0], [100.0, 96.0, 99.0], 100.0) == 0.0


def test_recovery_runs_from_first_fall_to_last_return():
    """Recovery time runs from the first crossing below 95% to the final crossing back, interpolated."""
    # Crosses 95 down at t = 3, back up at 9, down again at 15, up for good at 21.
    times = [0.0, 6.0, 12.0, 18.0, 24.0]
    assert recovery_hours(times, [100.0, 90.0, 100.0, 90.0, 100.0], 100.0) == pytest.approx(18.0)


def test_objective_score_spans_floor_to_start():
    """An objective scores 100 when its indicator holds its start and 0 when it sits at its target."""
    times = [0.0, 24.0, 48.0]
    assert objective_score(times, [80.0] * 3, 80.0, 60.0) == pytest.approx(100.0)
    assert objective_score(times, [60.0] * 3, 80.0, 60.0) == pytest.approx(0.0)
    assert objective_score(times, [70.0] * 3, 80.0, 60.0) == pytest.approx(50.0)
    assert objective_score(times, [90.0] * 3, 80.0, 60.0) == pytest.approx(100.0)  # rising above the start earns nothing


@pytest.mark.parametrize("values, rating", [
    ([80.0, 78.0, 79.0], "P"),   # never below target 70, ends above 95% of 80 = 76
    ([80.0, 72.0, 74.0], "S"),   # never below target, ends below 76
    ([80.0, 65.0, 74.0], "M"),   # below target on the way, ends above it
    ([80.0, 75.0, 68.0], "U"),   # ends below target
])
def test_hseep_rating_rule(values, rating):
    """The documented P/S/M/U rule, one case each."""
    assert rate(values, 80.0, 70.0) == rating


# -- threads, latency, cost --------------------------------------------------------------------------


def test_decision_latency_from_first_visible_signal_to_first_aimed_order():
    """A thread's latency runs from the inject addressed to the cell to its first order aimed at the thread."""
    run = tiny_run([
        event(0, 5.0, "command.accepted", "crisis", "vostria", {"action": "investigate", "by": "player", "capacity": 8},
              ["crisis"]),  # before any signal: does not count
        event(1, 8.0, "inject.fired", "EXCON", "crisis", {"no": 1}, ["crisis"]),
        event(2, 8.0, "operation.launched", "vostria", "election",
              {"operation": "op1", "technique": "cyber_operation", "cause": "inject 1", "staff": ""},
              ["white"], ["domain:cyber"]),
        event(3, 9.0, "command.accepted", "crisis", "ostland", {"action": "investigate", "by": "player"}, ["crisis"]),
        event(4, 11.0, "command.accepted", "crisis", "", {"action": "cyber_hardening", "by": "player"}, ["crisis"]),
        event(5, 20.0, "detection", "press", "election", {"operation": "op1", "technique": "cyber_operation"}, ["press"]),
    ])
    [thread] = decisions(run)
    assert [c["cell"] for c in thread["cells"]] == ["crisis"]  # the press office may order none of the responses
    crisis = thread["cells"][0]
    assert (crisis["first_signal"], crisis["signal"]) == (8.0, "inject 1")
    assert (crisis["first_response"], crisis["response"], crisis["latency_hours"]) == (11.0, "cyber_hardening", 3.0)
    assert (thread["detection_hours"], thread["response_hours"], thread["latency_hours"]) == (12.0, 3.0, 3.0)


def test_thread_seen_only_by_a_detection_of_another_cell_has_no_signal():
    """A detection visible only to another cell is not a signal for the responsible cell."""
    run = tiny_run([
        event(0, 8.0, "operation.launched", "vostria", "election",
              {"operation": "op1", "technique": "cyber_operation", "cause": "decision", "staff": ""}),
        event(1, 20.0, "detection", "press", "election", {"operation": "op1"}, ["press"]),
        event(2, 30.0, "signals.shared", "press", "", {"operations": ["op1"]}, ["crisis", "press"]),
        event(3, 31.0, "command.accepted", "crisis", "vostria", {"action": "demarche", "by": "doctrine"}, ["crisis"]),
    ])
    crisis = decisions(run)[0]["cells"][0]
    assert crisis["first_signal"] == 30.0 and crisis["signal"] == "signals shared by press"
    assert crisis["by"] == "doctrine" and crisis["latency_hours"] == 1.0


def test_response_cost_counts_capacity_and_side_effects():
    """Capacity is summed per cell by who ordered, and heavy-handed orders, overreach and backfires are listed."""
    run = tiny_run([
        event(0, 1.0, "command.accepted", "crisis", "x", {"action": "censor_outlet", "by": "player", "capacity": 3,
                                                          "body": "bzk"}, ["crisis"]),
        event(1, 2.0, "command.accepted", "crisis", "", {"action": "share_signals", "by": "doctrine", "capacity": 2,
                                                         "body": "bzk"}, ["crisis"]),
        event(2, 3.0, "command.refused", "press", "", {"command": "censor_outlet x", "by": "player"}, ["press"]),
        event(3, 13.0, "overreach", "crisis", "x", {"order": "o1"}, ["*"]),
        event(4, 14.0, "response.executed", "crisis", "vostria",
              {"action": "public_attribution", "outcome": "backfired"}, ["*"]),
    ])
    cost = response_cost(run)
    assert cost["capacity"] == 5.0
    assert cost["cells"]["crisis"]["player_capacity"] == 3.0 and cost["cells"]["crisis"]["doctrine_capacity"] == 2.0
    assert cost["cells"]["press"]["refused"] == 1
    effects = cost["side_effects"]
    assert [h["action"] for h in effects["heavy_handed"]] == ["censor_outlet"]
    assert len(effects["overreach"]) == 1 and len(effects["backfired_attributions"]) == 1


def test_response_cost_sums_dutch_costs_per_indicator_and_state_with_capital_waiting_and_surging():
    """``cost.incurred`` is summed per indicator and per state, ``capital.spent`` gives spent and left, queued
    orders' waits come from ``order.started`` (one still waiting), surged orders are counted, all per cell too."""
    accepted = lambda seq, t, order, action, **extra: event(  # noqa: E731
        seq, t, "command.accepted", "crisis", "vostria", {"order": order, "action": action, "by": "player",
                                                          "capacity": 2, "body": "bzk", **extra}, ["crisis"])
    run = tiny_run([
        accepted(0, 1.0, "o1", "demarche"),
        event(1, 1.0, "capital.spent", "crisis", "vostria", {"order": "o1", "amount": 10, "left": 90}, ["crisis"]),
        event(2, 25.0, "cost.incurred", "crisis", "vostria", {"indicator": "bilateral_relations", "points": 3,
                                                               "reason": "r1", "order": "o1", "state": "vostria"}),
        event(3, 25.0, "cost.incurred", "crisis", "vostria", {"indicator": "economic_openness", "points": 1.5,
                                                               "reason": "r2", "order": "o1", "state": "vostria"}),
        event(4, 26.0, "cost.incurred", "crisis", "", {"indicator": "government_credibility", "points": 2,
                                                        "reason": "r3", "order": "o1", "state": ""}),
        accepted(5, 2.0, "o2", "demarche", queued=True, starts=20.0),
        accepted(6, 3.0, "o3", "demarche", queued=True, starts=40.0),
        event(7, 12.0, "order.started", "crisis", "vostria", {"order": "o2", "action": "demarche", "body": "bzk",
                                                               "waited": 10.0, "effective": 36.0}),
        accepted(8, 4.0, "o4", "demarche", surge=True),
        event(9, 30.0, "cost.incurred", "crisis", "ostland", {"indicator": "bilateral_relations", "points": 4,
                                                               "reason": "r4", "order": "o4", "state": "ostland"}),
        event(10, 31.0, "capital.spent", "crisis", "", {"order": "o4", "amount": 5, "left": 85}, ["crisis"]),
    ])
    cost = response_cost(run)
    dutch = cost["dutch_costs"]
    assert dutch["by_indicator"] == {"bilateral_relations": 7.0, "economic_openness": 1.5, "government_credibility": 2.0}
    assert dutch["by_state"] == {"ostland": {"bilateral_relations": 4.0},
                                 "vostria": {"bilateral_relations": 3.0, "economic_openness": 1.5}}
    assert dutch["total"] == 10.5
    assert [(c["order"], c["action"], c["reason"]) for c in dutch["incurred"]] == [
        ("o1", "demarche", "r1"), ("o1", "demarche", "r2"), ("o1", "demarche", "r3"), ("o4", "demarche", "r4")]
    capital = cost["political_capital"]
    assert (capital["start"], capital["spent"], capital["left"]) == (100.0, 15.0, 85.0)
    assert capital["by_cell"] == {"crisis": 15.0} and [o["order"] for o in capital["orders"]] == ["o1", "o4"]
    waiting = cost["waiting"]
    assert (waiting["waited"], waiting["started"], waiting["still_waiting"]) == (2, 1, ["o3"])
    assert waiting["mean_wait_hours"] == 10.0 and waiting["longest_wait_hours"] == 10.0 and waiting["surged"] == 1
    row = cost["cells"]["crisis"]
    assert (row["queued"], row["surged"], row["political_capital"], row["costs"]) == (2, 1, 15.0, 10.5)


def test_response_cost_without_costs_says_nothing_was_spent():
    """A run with no cost events: nothing incurred, all political capital left, no waits (mean None, not 0)."""
    cost = response_cost(tiny_run([]))
    assert cost["dutch_costs"] == {"total": 0, "by_indicator": {}, "by_state": {}, "incurred": []}
    assert cost["political_capital"]["left"] == cost["political_capital"]["start"] == 100.0
    assert cost["waiting"]["mean_wait_hours"] is None and cost["waiting"]["waited"] == 0


def test_response_cost_of_a_real_run_matches_the_exercises_own_accounts():
    """Ordered in a running exercise, the score's costs and capital equal what :mod:`sim.costs` kept, and a
    queued order's wait is what ``order.started`` logged."""
    import scenarios
    from sim.exercise import Exercise
    from sim.scenario import load_scenario

    loaded = load_scenario(scenarios.bundled()["diaspora-tax"])
    ex = Exercise(loaded, seed=5)
    ex.run_until(30.0)
    priced = ("refuse_entry kaldora", "discourage_travel kaldora", "demarche kaldora")
    for text in priced:
        assert ex.submit("foreign-affairs", text).accepted, text
    body = ex.actors[ex.cells["municipality"].bodies[0]].capacity
    queued = None
    for _ in range(40):  # order dialogue until one has to wait
        result = ex.submit("municipality", "municipal_dialogue kaldoran-dutch")
        if result.accepted and "waits for" in result.message:
            queued = result.order_id
            break
    assert queued is not None, f"no order waited (capacity {body.available})"
    ex.run_until(24.0 * 12)
    cost = response_cost(RunData.from_exercise(ex))
    assert cost["dutch_costs"]["by_indicator"] == {k: round(v, 2) for k, v in ex.costs.by_indicator.items()}
    assert cost["dutch_costs"]["by_indicator"], "the priced orders should have cost something"
    assert cost["political_capital"]["left"] == ex.capital.left
    assert cost["political_capital"]["spent"] == round(ex.capital.start - ex.capital.left, 2) > 0
    assert queued in {o["order"] for o in cost["waiting"]["orders"]}
    started = next(o for o in cost["waiting"]["orders"] if o["order"] == queued)
    order = next(o for o in ex.orders if o.id == queued)
    assert started["wait_hours"] == pytest.approx(ex.started[queued] - order.t, abs=0.05)


# -- real runs -----------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def played(tmp_path_factory, default_commands):
    """A 60-day replay of the default scenario (seed 7) driven by its bundled command file."""
    from replays.runner import run_headless

    path = tmp_path_factory.mktemp("played") / "played.jsonl"
    run_headless(None, seed=7, commands=default_commands, out=path)
    return path


def test_score_of_a_replay_equals_score_of_its_verified_resimulation(played):
    """Scoring the replay file and scoring its re-simulation (after verify passes) give the same result."""
    from replays.counterfactual import counterfactual, score_replay
    from replays.format import read_replay
    from replays.runner import drive
    from replays.verify import rebuild, verify_replay

    assert verify_replay(str(played)).ok
    from_file, _, _ = score_replay(str(played))
    exercise, commands = rebuild(read_replay(played))
    until = read_replay(played).until
    drive(exercise, commands, until)
    resim = RunData.from_exercise(exercise, commands, until)
    from_resim = assemble(resim, counterfactual(resim))
    from_file.pop("replay")
    from_resim.pop("replay")
    assert from_file == from_resim


def test_counterfactual_of_a_replay_without_commands_adds_exactly_zero(cli, default_run):
    """`score --json` of a run nobody played has value added exactly 0, on every objective and dimension."""
    result = cli("score", default_run.path, "--json")
    assert result.code == 0, result.output
    score = json.loads(result.out)
    assert score["value_added"] == 0.0 and score["overall"] == score["baseline_overall"]
    assert all(o["value_added"] == 0.0 for o in score["objectives"])
    assert all(d["loss_avoided"] == 0.0 for d in score["dimensions"].values())


def test_score_json_prints_one_object_with_the_documented_keys(cli, played):
    """`score --json` prints one JSON object with overall, baseline, value added, dimensions, objectives, decisions."""
    result = cli("score", played, "--json")
    assert result.code == 0, result.output
    score = json.loads(result.out)
    assert {"overall", "baseline_overall", "value_added", "dimensions", "objectives", "decisions"} <= set(score)
    assert set(score["dimensions"]) == set(INDICATOR_NAMES)
    for d in score["dimensions"].values():
        assert {"loss", "robustness", "recovery_hours", "final"} <= set(d)
    assert score["objectives"] and all({"id", "rating"} <= set(o) and o["rating"] in "PSMU" for o in score["objectives"])
    assert score["decisions"] and all("latency_hours" in d for d in score["decisions"])
    assert score["value_added"] == pytest.approx(score["overall"] - score["baseline_overall"], abs=0.011)


def test_bundled_commands_add_value(cli, played):
    """The bundled playbook scores above the no-response run of the same seed."""
    score = json.loads(cli("score", played, "--json").out)
    assert score["value_added"] > 0


def test_score_prints_tables(cli, played):
    """Without --json, score prints the headline, the indicator table, ratings and threads."""
    result = cli("score", played)
    assert result.code == 0, result.output
    for text in ("value added", "election_integrity", "rating rule", "thread", "capacity used"):
        assert text in result.out


def test_score_of_an_unreadable_replay_exits_1_with_one_line(cli, tmp_path):
    """A file that is not a replay gives exit 1 and one line on stderr."""
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a replay\n", encoding="utf-8")
    for path in (bad, tmp_path / "missing.jsonl"):
        result = cli("score", path)
        assert result.code == 1
        assert len(result.err.strip().splitlines()) == 1 and result.out == ""


def test_score_usage_errors_exit_2(cli, played):
    """Missing arguments or a non-positive --workers are usage errors."""
    assert cli("score").code == 2
    assert cli("score", played, "--workers", "0").code == 2
