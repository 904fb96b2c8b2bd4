"""``--explain`` over several seeds: leave-outs forked from checkpoints equal runs from day 1, and t-intervals."""

from __future__ import annotations

import json

import pytest
from scipy import stats

from replays.checkpoint import available
from replays.counterfactual import simulate
from replays.explain import (LEAVE_OUT_BUDGET, budget_groups, explain, group, interval, leave_out_cost, log_sha256,
                             plan_for, rerun_all, seeds_for)
from replays.format import read_replay
from replays.runner import TimedCommand, commands_from_file, run_headless
from replays.score import RunData, overall_score

fork_only = pytest.mark.skipif(not available(), reason="checkpoints by fork need Linux")

DAYS = 8


@pytest.fixture(scope="module")
def short_run(tmp_path_factory, default_loaded, default_commands) -> RunData:
    """The default scenario's first 8 days, seed 3, with its bundled commands and two orders given at the same hour."""
    commands = [c for c in commands_from_file(default_commands, default_loaded.scenario) if c.t < DAYS * 24]
    # The second order shares its time with the first: leaving out the first forks at that very hour,
    # and the second must still be given there.
    same = TimedCommand(commands[2].t, "foreign-affairs", "demarche vostria")
    commands = sorted([*commands, same], key=lambda c: c.t)
    path = tmp_path_factory.mktemp("seeds") / "short.jsonl"
    run_headless(default_loaded, seed=3, commands=commands, out=path, days=DAYS)
    return RunData.from_replay(read_replay(path))


@fork_only
def test_a_run_forked_at_a_command_equals_the_run_from_day_1_without_it(short_run):
    """Leave-outs forked from the reference give the same scores, losses and event logs as re-runs from day 1."""
    plan, _ = plan_for(short_run, max_runs=40, digest=True)
    assert len(plan.groups) >= 5
    seeds = seeds_for(short_run, 2)
    forked = rerun_all(plan, seeds, "fork", workers=2)
    scratch = rerun_all(plan, seeds, "scratch", workers=1)
    assert set(forked) == set(scratch) == {("ref", s) for s in (0, 1)} | {("out", s, k) for s in (0, 1)
                                                                         for k in range(len(plan.groups))}
    assert forked == scratch
    # ... and both equal simulate(), the one way scoring re-runs a scenario, for a few leave-outs, including the
    # order whose time it shares with the next one.
    same_time = next(k for k, g in enumerate(plan.groups)
                     if plan.commands[g[0]].t == plan.commands[g[0] + 1].t)
    for k in sorted({0, same_time, len(plan.groups) - 1}):
        kept = [c for i, c in enumerate(plan.commands) if i not in plan.groups[k]]
        alone = simulate(short_run.loaded, seeds[1], short_run.players, kept, plan.until)
        assert forked[("out", 1, k)]["log_sha256"] == log_sha256(alone.events)
        assert forked[("out", 1, k)]["overall"] == overall_score(alone)
    reference = simulate(short_run.loaded, seeds[0], short_run.players, list(plan.commands), plan.until)
    assert forked[("ref", 0)]["log_sha256"] == log_sha256(reference.events) == log_sha256(short_run.events)


@fork_only
def test_a_cut_off_replay_forks_as_it_re_runs(tmp_path, default_loaded, default_commands):
    """A replay cut short is explained over the period it recorded, the same by fork and from day 1."""
    full = tmp_path / "full.jsonl"
    run_headless(default_loaded, seed=6, commands=default_commands, out=full, days=5)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    samples = [i for i, line in enumerate(lines) if '"indicators"' in line]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[: samples[len(samples) * 2 // 3] + 1]), encoding="utf-8")
    run = RunData.from_replay(read_replay(cut))
    assert not run.complete
    plan, _ = plan_for(run, max_runs=40)
    assert plan.last_sample == run.times[-1] and plan.groups
    seeds = seeds_for(run, 2)
    assert rerun_all(plan, seeds, "fork", workers=2) == rerun_all(plan, seeds, "scratch", workers=1)
    ex = explain(run, max_runs=40, seeds=1)
    assert ex["reference_drift"] == 0.0


def test_values_come_from_several_seeds_with_a_t_interval(short_run):
    """Each value is the mean of paired differences over the seeds; its interval is Student's t on them."""
    ex = explain(short_run, max_runs=40, seeds=4)
    assert ex["seeds"] == seeds_for(short_run, 4) and ex["seeds"][0] == short_run.seed
    assert len(set(ex["seeds"])) == 4
    assert ex["runs"] == 4 * (ex["groups"] + 1)
    varied = 0
    for e in ex["commands"]:
        assert e["seeds"] == 4 and len(e["values"]) == 4
        assert e["value"] == pytest.approx(sum(e["values"]) / 4, abs=0.01)
        sd = stats.tstd(e["values"]) if len(set(e["values"])) > 1 else 0.0
        if sd > 0:
            varied += 1
            low, high = stats.t.interval(0.95, 3, loc=sum(e["values"]) / 4, scale=sd / 2)
            assert (e["low"], e["high"]) == (pytest.approx(low, abs=0.02), pytest.approx(high, abs=0.02))
        else:  # equal to two decimals: the interval is (about) that one point
            assert e["low"] == pytest.approx(e["value"], abs=0.02) and e["high"] == pytest.approx(e["value"], abs=0.02)
        assert e["significant"] == (e["low"] > 0 or e["high"] < 0)
    assert varied  # some decision's value differs between seeds: the interval has a width to test
    assert [e["value"] for e in ex["commands"]] == sorted((e["value"] for e in ex["commands"]), reverse=True)


def test_one_seed_gives_no_interval(short_run):
    """With one seed there is no spread to measure: low and high are None and nothing is significant."""
    ex = explain(short_run, max_runs=3, seeds=1)
    assert ex["seeds"] == [short_run.seed] and ex["runs"] == ex["groups"] + 1
    for e in ex["commands"]:
        assert e["low"] is None and e["high"] is None and not e["significant"]
        assert e["values"] == [e["value"]] and e["seeds"] == 1


def test_the_interval_matches_scipy():
    """interval() is the t-interval of the mean (n-1 degrees of freedom), and undefined for one value."""
    values = [1.5, -0.25, 2.0, 0.75, 3.0]
    mean, low, high = interval(values)
    expected = stats.t.interval(0.95, 4, loc=stats.tmean(values), scale=stats.sem(values))
    assert mean == pytest.approx(1.4) and (low, high) == pytest.approx(expected)
    assert interval([2.0]) == (2.0, None, None)
    assert interval([0.0, 0.0, 0.0]) == (0.0, 0.0, 0.0)


def test_seeds_are_the_replays_own_first_and_always_the_same(short_run):
    """The seeds depend on the replay's seed only; the first is the replay's own; none repeats."""
    assert seeds_for(short_run, 5) == seeds_for(short_run, 5)
    assert seeds_for(short_run, 5)[:3] == seeds_for(short_run, 3)
    assert seeds_for(short_run, 1) == [short_run.seed]
    with pytest.raises(ValueError):
        seeds_for(short_run, 0)


def test_the_budget_sets_the_groups_from_the_replay_alone():
    """Default grouping: the most equal groups whose leave-outs cost at most the budget, late orders being cheap."""
    until = 100.0
    early = [1.0 + i for i in range(12)]  # twelve orders in the first hours: each leave-out costs about a run
    late = [90.0 + i / 2 for i in range(12)]  # twelve in the last tenth: each costs under a tenth of a run
    indices = list(range(12))
    cheap = budget_groups(indices, late, until)
    assert cheap == group(indices, 12) and leave_out_cost(late, cheap, until) <= LEAVE_OUT_BUDGET
    costly = budget_groups(indices, early, until)
    assert len(costly) == 3 and costly == group(indices, 3)
    assert leave_out_cost(early, costly, until) <= LEAVE_OUT_BUDGET < leave_out_cost(early, group(indices, 4), until)
    assert budget_groups(indices, early, until, budget=0.5) == [indices]  # one group is the least there is
    assert budget_groups([], early, until) == []


def test_the_default_explanation_keeps_within_its_budget(short_run):
    """Without max_runs the leave-outs of each seed simulate at most the budget; the table says so."""
    ex = explain(short_run, seeds=2)
    plan, _ = plan_for(short_run)
    assert ex["groups"] == len(plan.groups) and ex["budget_runs"] == LEAVE_OUT_BUDGET
    assert leave_out_cost([c.t for c in plan.commands], plan.groups, plan.until) <= LEAVE_OUT_BUDGET
    if ex["method"] == "fork":
        assert ex["cost_runs"] <= 2 * (1 + LEAVE_OUT_BUDGET)


def test_score_explain_prints_seeds_and_intervals(cli, tmp_path, short_run):
    """`score --explain --seeds 2` names its seeds and gives each value an interval; --seeds 0 is a usage error."""
    result = cli("score", short_run.path, "--explain", "--seeds", "2", "--max-runs", "4")
    assert result.code == 0, result.err
    assert f"mean over 2 seeds ({short_run.seed}, " in result.out and "t-interval" in result.out
    rows = [line for line in result.out.splitlines() if line[:4].strip().rstrip(".").isdigit()]
    assert len(rows) == 4 and all("[" in row and "]" in row for row in rows)
    as_json = cli("score", short_run.path, "--explain", "--seeds", "2", "--max-runs", "4", "--json")
    data = json.loads(as_json.out)
    assert len(data["explain"]["seeds"]) == 2 and data["explain"]["reference_overall"] == data["overall"]
    bad = cli("score", short_run.path, "--explain", "--seeds", "0")
    assert bad.code == 2 and "--seeds" in bad.err
