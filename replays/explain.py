"""What made the difference: each command's marginal value over several seeds, with a 95% interval.

For every accepted player command ``c`` the replay is re-simulated from its header
(same scenario text and players — the cells stay held, the player just did not give
that order) with every other command at its exact time, to the same ``until``. Its
**marginal value on seed s** is ``overall(replay on s) - overall(replay without c on s)``
in score points: positive if the command helped, zero if it changed nothing,
negative if the exercise went better without it.

**Several seeds, common random numbers.** One seed cannot tell a decision's effect
from chance. So each value is measured on ``seeds`` seeds: the replay's own seed first,
then seeds spawned from it with numpy's ``SeedSequence`` (as ensembles spawn theirs,
:func:`replays.ensemble.spawn_seeds`), so the same replay always gets the same seeds.
On each seed the run with and the run without the command share the seed: they draw
the same random numbers up to the command and, after it, wherever the order leaves
the course of events alone, so much of the seed-to-seed noise cancels in the
*paired difference* ``d_s``. The value reported is the mean of the ``d_s``; its **95%
interval** is Student's t-interval on the paired differences,
``mean ± t(0.975, n-1) · sd / sqrt(n)`` (``sd`` with ``n - 1``), which assumes the
differences are roughly normal and independent across seeds (they are: the seeds
are independent streams). It is undefined with one seed (``low``/``high`` None).
A value is **significant** when its interval, as reported (two decimals), excludes
zero, so a value of a few thousandths of a point is never praised. A command that changes
nothing gives exactly 0 on every seed: an interval of one point, zero, not
significant. Commands are ranked by the mean value.

* **Refused commands** changed nothing but the log (no capacity, no effect), so
  they are listed with value 0 and not re-run (``seeds`` 0, no interval).
* **White commands** (inject control) are exercise control, not decisions; they
  stay in every re-run and are not ranked.
* **Grouping.** Commands may be left out in groups of consecutive commands in time
  order (sizes differ by at most one, as ``numpy.array_split``); a group is removed
  as a whole and its value is the value of that phase of play. Commands close in
  time are usually parts of one move (share, then investigate, then brief), which is
  what makes a contiguous group a meaningful unit. With ``max_runs`` given, up to
  ``max_runs`` commands are left out one by one and more are cut into ``max_runs``
  groups. By default the number of groups is set by a **cost budget** instead: the
  most groups (at most :data:`MAX_RUNS`) whose leave-outs, each simulated from its
  checkpoint, add up to at most :data:`LEAVE_OUT_BUDGET` runs of the replay's length
  per seed (:func:`budget_groups`). Leaving out a command at time ``t`` of a run of
  length ``T`` costs ``(T - t) / T`` runs, so a replay whose orders come late is
  explained command by command, and one whose orders crowd the first days in
  phases. The budget depends on the replay only, never on the machine, so the same
  replay gets the same table everywhere.
* **The reference.** Each seed's values are measured against that seed's
  re-simulation of the whole replay; on the replay's own seed it is the replay
  itself, unless the replay was recorded by an older engine (``reference_drift``).

**Checkpoints** (:mod:`replays.checkpoint`). The run without a command is the same
as the reference up to that command's time. So on Linux one process per seed
simulates the reference and, at the first command of each group, forks a copy
that carries on without the group: a leave-out costs only the time after its
command, and nothing is parsed again. At most ``workers`` processes simulate at a
time (default: every core). Elsewhere, or with a Dask ``scheduler``, every run
starts from day 1 in a process pool (``method="scratch"``); both give the same
numbers to the last bit (tested), since forking at ``t`` and re-simulating to ``t``
reach the same state.

Marginal values do not add up to the value added over the counterfactual: orders
interact (an attribution needs the investigation's evidence), and the counterfactual
also switches the cells back to doctrine.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

import numpy as np

from replays.runner import TimedCommand
from replays.score import RunData, command_outcomes, overall_score, resilience_loss
from sim.events import WHITE
from sim.i18n import M_
from sim.scenario.schemabase import INDICATOR_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise
    from sim.scenario import LoadedScenario

MAX_RUNS = 24
"""Most leave-out runs per seed ``--explain`` makes; longer replays are grouped."""

LEAVE_OUT_BUDGET = 3.0
"""Runs' worth of leave-out simulation per seed by default. With the seed's reference run that is four runs of
work, which two cores do in two runs' time: the time aim of issue 17 (at most 2 runs per seed on 2 cores)."""

DEFAULT_SEEDS = 5
"""Seeds per value: with 4 degrees of freedom t(0.975) is 2.78, so the interval is about 2.5 sd of one
difference wide, narrow enough to tell a decision worth a point or two from noise, at five times one seed's cost."""

CONFIDENCE = 0.95

METHODS = ("fork", "scratch")


@dataclass(frozen=True)
class Plan:
    """What every re-run of one explanation shares (the same for every seed).

    Attributes:
        loaded: the parsed scenario (forked runs inherit it; pooled runs get its text).
        players: the cells the players held.
        commands: every recorded command, in order.
        groups: the command indices left out together, one list per leave-out run.
        until: how far to simulate (:func:`replays.counterfactual.horizon`).
        last_sample: for a cut-off replay, its last sample time: later samples are not scored.
        digest: also return each run's event-log sha256 (for tests of determinism).
    """

    loaded: "LoadedScenario"
    players: tuple[str, ...]
    commands: tuple[TimedCommand, ...]
    groups: tuple[tuple[int, ...], ...]
    until: float
    last_sample: float | None = None
    digest: bool = False

    def starts(self) -> dict[int, int]:
        """Command index -> the group whose first command it is (where its leave-out branches off)."""
        return {g[0]: k for k, g in enumerate(self.groups)}


def group(indices: Sequence[int], max_runs: int) -> list[list[int]]:
    """Each index alone, or ``max_runs`` consecutive groups when there are more (sizes differ by at most one)."""
    if len(indices) <= max_runs:
        return [[i] for i in indices]
    return [list(map(int, chunk)) for chunk in np.array_split(np.asarray(indices, dtype=int), max_runs)]


def leave_out_cost(times: Sequence[float], groups: Sequence[Sequence[int]], until: float) -> float:
    """Runs' worth of simulation the leave-outs of ``groups`` take from their checkpoints (command times ``times``)."""
    span = until or 1.0
    return math.fsum((until - min(times[g[0]], until)) / span for g in groups)


def budget_groups(indices: Sequence[int], times: Sequence[float], until: float, budget: float = LEAVE_OUT_BUDGET,
                  cap: int = MAX_RUNS) -> list[list[int]]:
    """The most groups (at most ``cap``, as :func:`group` cuts them) whose leave-outs cost at most ``budget`` runs.

    One group (every command at once) is the least there is, whatever it costs.
    """
    for count in range(min(len(indices), cap), 1, -1):
        groups = group(indices, count)
        if leave_out_cost(times, groups, until) <= budget + 1e-9:
            return groups
    return group(indices, 1) if indices else []


def seeds_for(run: RunData, count: int) -> list[int]:
    """``count`` seeds: the replay's own, then seeds spawned from it (the same ones for the same replay)."""
    from replays.ensemble import spawn_seeds

    if count < 1:
        raise ValueError("seeds must be at least 1")
    out = [int(run.seed)]
    for seed in spawn_seeds(int(run.seed), count + 1):
        if len(out) == count:
            break
        if seed not in out:
            out.append(seed)
    return out


def interval(values: Sequence[float], confidence: float = CONFIDENCE) -> tuple[float, float | None, float | None]:
    """Mean and Student-t confidence interval of the mean of paired differences; (mean, None, None) for one value."""
    n = len(values)
    mean = math.fsum(values) / n
    if n < 2:
        return mean, None, None
    from scipy.special import stdtrit  # the t quantile, without importing scipy.stats

    sd = math.sqrt(math.fsum((v - mean) ** 2 for v in values) / (n - 1))
    half = float(stdtrit(n - 1, 0.5 + confidence / 2)) * sd / math.sqrt(n)
    return mean, mean - half, mean + half


# -- one re-run's outcome -------------------------------------------------------------------------------


def _losses(run: RunData) -> dict[str, float]:
    start = run.start
    return {name: resilience_loss(run.times, run.series[name], start[name]) for name in INDICATOR_NAMES}


def _outcome(exercise: "Exercise", plan: Plan) -> dict[str, Any]:
    """What a re-run contributes: its overall score and each indicator's loss (and its log's sha256)."""
    from replays.counterfactual import keep_samples_until

    run = RunData.from_exercise(exercise, (), plan.until)
    if plan.last_sample is not None:  # a cut-off replay: score the same period it recorded
        keep_samples_until(run, plan.last_sample)
    out: dict[str, Any] = {"overall": overall_score(run), "losses": _losses(run)}
    if plan.digest:
        out["log_sha256"] = log_sha256(run.events)
    return out


def log_sha256(events: Sequence[dict[str, Any]]) -> str:
    """sha256 of event records as canonical JSON lines (equal logs, equal digests)."""
    digest = hashlib.sha256()
    for record in events:
        digest.update(json.dumps(record, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


# -- checkpoints by fork ---------------------------------------------------------------------------------


def _seed_task(plan: Plan, seed: int, s: int) -> dict[str, Any]:
    """A pool task: the reference on ``seed``, branching a leave-out copy at each group's first command.

    :func:`replays.runner.drive` is the one loop that submits commands; it reads them
    from :func:`_branching` one at a time, so a copy forked inside that generator
    is at the same point of the same loop as a run started without the group, and
    just continues it.
    """
    from sim.exercise import Exercise
    from replays.runner import drive

    exercise = Exercise(plan.loaded, seed=seed, players=plan.players)
    drive(exercise, _branching(exercise, plan, s), plan.until)
    return _outcome(exercise, plan)


def _branching(exercise: "Exercise", plan: Plan, s: int) -> Iterator[TimedCommand]:
    """The commands for ``drive``; forks at each group's first command, and the copy leaves the group out."""
    from replays.checkpoint import branch

    starts, skip = plan.starts(), frozenset()
    for i, command in enumerate(plan.commands):
        k = starts.get(i)
        if k is not None and not skip and command.t <= plan.until:
            # To the left-out command's time: simpy stops before what is due at t, so a command at t (this one
            # or any after it) is still submitted before it, exactly as in a run that never stopped here.
            exercise.run_until(command.t)
            if branch(("out", s, k)):
                skip = frozenset(plan.groups[k])  # this copy is the run without group k, and branches no further
        if i not in skip:
            yield command


def _by_fork(plan: Plan, seeds: Sequence[int], workers: int, done) -> None:
    from replays.checkpoint import ForkPool

    pool = ForkPool(workers)
    for s, seed in enumerate(seeds):
        pool.submit(("ref", s), _seed_task, plan, seed, s)
    pool.run(done)


# -- from day 1, in a process pool -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Rerun:
    """One re-run from day 1 as plain picklable data (it may go to a worker process)."""

    scenario_text: str
    source: str
    seed: int
    players: tuple[str, ...]
    commands: tuple[tuple[float, str, str], ...]
    until: float
    last_sample: float | None = None
    digest: bool = False


_PARSED: dict[tuple[str, str], "LoadedScenario"] = {}
"""Scenarios this process has parsed, by (sha256 of the text, source): each is parsed once per process."""


def _parsed(text: str, source: str) -> "LoadedScenario":
    from sim.scenario import parse_scenario

    key = (hashlib.sha256(text.encode("utf-8")).hexdigest(), source)
    if key not in _PARSED:
        _PARSED[key] = parse_scenario(text, source)
    return _PARSED[key]


def _rerun(job: _Rerun) -> dict[str, Any]:
    """Re-simulate from day 1 with the job's commands; returns :func:`_outcome`."""
    from replays.counterfactual import release
    from replays.runner import drive
    from sim.exercise import Exercise

    loaded = _parsed(job.scenario_text, job.source)
    exercise = Exercise(loaded, seed=job.seed, players=job.players)
    try:
        drive(exercise, [TimedCommand(*c) for c in job.commands], job.until)
        plan = Plan(loaded, job.players, (), (), job.until, job.last_sample, job.digest)
        return _outcome(exercise, plan)
    finally:
        release(exercise)


def _by_scratch(plan: Plan, seeds: Sequence[int], workers: int, scheduler: str | None, done) -> None:
    from replays.ensemble import executor, map_tasks

    loaded = plan.loaded
    key = (hashlib.sha256(loaded.text.encode("utf-8")).hexdigest(), loaded.source)
    _PARSED.setdefault(key, loaded)  # in this process, the replay's own parse is reused
    keys, jobs = [], []
    for s, seed in enumerate(seeds):
        for k, skip in [(None, ()), *enumerate(plan.groups)]:
            commands = tuple((c.t, c.cell, c.text) for i, c in enumerate(plan.commands) if i not in skip)
            keys.append(("ref", s) if k is None else ("out", s, k))
            jobs.append(_Rerun(loaded.text, loaded.source, seed, plan.players, commands, plan.until,
                               plan.last_sample, plan.digest))

    def finished(i: int, result: Any, error: BaseException | None) -> None:
        if error is not None:
            raise error
        done(keys[i], result)

    with executor(workers, scheduler) as pool:
        map_tasks(_rerun, jobs, pool, finished)


def rerun_all(plan: Plan, seeds: Sequence[int], method: str = "fork", workers: int | None = None,
              scheduler: str | None = None, progress: IO[str] | None = None) -> dict[tuple, dict[str, Any]]:
    """Every re-run of ``plan`` on every seed: ``("ref", s)`` and ``("out", s, k)`` -> :func:`_outcome`.

    ``method`` is ``"fork"`` (checkpoints, Linux) or ``"scratch"`` (every run from day 1, in
    :func:`replays.ensemble.executor`'s pool or on ``scheduler``); ``workers`` defaults to every core.
    """
    from replays.checkpoint import cores

    if method not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, not {method!r}")
    workers = cores() if workers is None else workers
    total = len(seeds) * (len(plan.groups) + 1)
    results: dict[tuple, dict[str, Any]] = {}
    bar = _bar(total, progress)

    def done(key: Any, result: Any) -> None:
        results[tuple(key)] = result
        if bar is not None:
            bar.update(1)

    try:
        if method == "fork":
            _by_fork(plan, seeds, workers, done)
        else:
            _by_scratch(plan, seeds, workers, scheduler, done)
    finally:
        if bar is not None:
            bar.close()
    return results


# -- the explanation ------------------------------------------------------------------------------------------


def default_method(scheduler: str | None = None) -> str:
    """``"fork"`` where checkpoints by fork work and no Dask scheduler is asked for, else ``"scratch"``."""
    from replays.checkpoint import available

    return "fork" if available() and not scheduler else "scratch"


def plan_for(run: RunData, max_runs: int | None = None, digest: bool = False,
             budget: float = LEAVE_OUT_BUDGET) -> tuple[Plan, list[int]]:
    """The re-runs that explain ``run`` (its accepted player commands, grouped) and the refused commands' indices.

    ``max_runs`` None: as many groups as ``budget`` allows (:func:`budget_groups`); else :func:`group`'s.
    """
    from replays.counterfactual import horizon

    if max_runs is not None and max_runs < 1:
        raise ValueError("max_runs must be at least 1")
    if not budget > 0:
        raise ValueError("budget must be above zero")
    accepted = [o is not None and o["kind"] == "command.accepted" for o in command_outcomes(run.events, len(run.commands))]
    candidates = [i for i, c in enumerate(run.commands) if c["cell"] != WHITE and accepted[i]]
    refused = [i for i, c in enumerate(run.commands) if c["cell"] != WHITE and not accepted[i]]
    commands = tuple(TimedCommand(float(c["t"]), str(c["cell"]), str(c["text"])) for c in run.commands)
    until = horizon(run)
    if max_runs is None:
        groups = budget_groups(candidates, [c.t for c in commands], until, budget)
    else:
        groups = group(candidates, max_runs)
    plan = Plan(run.loaded, tuple(run.players), commands, tuple(tuple(g) for g in groups),
                until, None if run.complete else run.times[-1], digest)
    return plan, refused


def explain(run: RunData, max_runs: int | None = None, workers: int | None = None, scheduler: str | None = None,
            progress: IO[str] | None = None, seeds: int = DEFAULT_SEEDS, method: str | None = None,
            budget: float = LEAVE_OUT_BUDGET) -> dict[str, Any]:
    """Rank the run's player commands (or groups of them) by marginal value over ``seeds`` seeds; best first.

    Returns ``commands``: the ranked entries, each with ``rank``, ``label``,
    ``commands`` (``t``, ``clock``, ``cell``, ``text``), ``value`` (mean over seeds,
    score points), ``low`` and ``high`` (the 95% t-interval; None with one seed),
    ``seeds`` (how many), ``values`` (per seed, in the order of the top-level
    ``seeds``), ``significant`` (the interval, to two decimals, excludes zero), ``refused``,
    ``effects`` (per indicator, the mean loss the command avoided in points x days,
    where nonzero). At the top: ``seeds`` (the seeds used, the replay's own
    first); ``reference_overall``: the replay's re-simulated score on its own seed,
    the values are measured from; ``reference_drift``: the replay's own score minus
    that (0 when the replay re-simulates exactly); ``groups``; ``runs`` (re-runs,
    all seeds); ``max_runs`` (as given, else :data:`MAX_RUNS`) and ``budget_runs``
    (the leave-out budget per seed that set the groups, None when ``max_runs`` did);
    ``method`` and ``workers``; ``cost_runs``: the simulated time of all re-runs in
    runs of the replay's length (a leave-out from a checkpoint counts only what it
    simulated); ``confidence``.
    """
    plan, refused = plan_for(run, max_runs, budget=budget)
    method = method or default_method(scheduler)
    # Without anything to leave out, the replay's own seed is only re-run for the reference score.
    used = seeds_for(run, seeds if plan.groups else 1)
    results = rerun_all(plan, used, method, workers, scheduler, progress)
    full = [results[("ref", s)] for s in range(len(used))]
    entries = []
    for k, g in enumerate(plan.groups):
        without = [results[("out", s, k)] for s in range(len(used))]
        diffs = [f["overall"] - w["overall"] for f, w in zip(full, without)]
        mean, low, high = interval(diffs)
        effects = {name: _points(math.fsum(w["losses"][name] - f["losses"][name] for f, w in zip(full, without))
                               / len(used)) for name in INDICATOR_NAMES}
        entries.append(_entry(run, list(g), mean, False, {n: v for n, v in effects.items() if v != 0},
                              diffs, low, high))
    entries += [_entry(run, [i], 0.0, True, {}, [], None, None) for i in refused]
    # Ties keep time order, so equal values read as the exercise unfolded.
    entries.sort(key=lambda e: (-e["value"], e["commands"][0]["t"]))
    for rank, entry in enumerate(entries, start=1):
        entry["rank"] = rank
    reference = full[0]["overall"]
    times = [c.t for c in plan.commands]
    per_seed = 1 + (leave_out_cost(times, plan.groups, plan.until) if method == "fork" else len(plan.groups))
    return {"reference_overall": _points(reference),
            "reference_drift": _points(overall_score(run) - reference),
            "seeds": used, "confidence": CONFIDENCE,
            "groups": len(plan.groups), "runs": len(results), "max_runs": max_runs or MAX_RUNS,
            "budget_runs": budget if max_runs is None else None,
            "method": method, "workers": workers if workers is not None else _cores(),
            "cost_runs": round(per_seed * len(used), 2),
            "commands": entries}


def _cores() -> int:
    from replays.checkpoint import cores

    return cores()


def _entry(run: RunData, indices: list[int], value: float, refused: bool, effects: dict[str, float],
           values: list[float], low: float | None, high: float | None) -> dict[str, Any]:
    commands = [{"t": run.commands[i]["t"], "clock": run.clock(run.commands[i]["t"]), "cell": run.commands[i]["cell"],
                 "text": run.commands[i]["text"]} for i in indices]
    first = commands[0]
    if len(commands) == 1:
        label = f"{first['cell']}: {first['text']}"
    else:
        label = M_("{n} commands, {first} to {last}", n=len(commands), first=str(first["clock"]).split(" (")[0],
                   last=str(commands[-1]["clock"]).split(" (")[0])
    low = None if low is None else _points(low)
    high = None if high is None else _points(high)
    # Judged on the interval as reported, so the flag never contradicts the printed figures: an effect that
    # rounds to [0.00, 0.01] is not praised for its third decimal.
    significant = low is not None and high is not None and (low > 0 or high < 0)
    return {"rank": 0, "label": label, "commands": commands, "value": _points(value), "low": low, "high": high,
            "seeds": len(values), "values": [_points(v) for v in values], "significant": significant,
            "refused": refused, "effects": effects}


def _points(value: float) -> float:
    """Score points to two decimals, with no negative zero (-0.001 reads as 0.00, not -0.00)."""
    return round(value, 2) + 0.0


def _bar(total: int, progress: IO[str] | None) -> Any:
    if progress is None or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="run", desc="explain", file=progress,
                bar_format="{desc} {bar} {n_fmt}/{total_fmt} re-runs [{elapsed}<{remaining}]")
