"""What made the difference: each command's marginal value, by re-running the replay without it.

For every accepted player command ``c`` the replay is re-simulated from its header
(same scenario text, seed and players — the cells stay held, the player just did
not give that order) with every other command at its exact time, to the same
``until``. Its **marginal value** is ``overall(replay) - overall(replay without c)``
in score points: positive if the command helped, zero if it changed nothing,
negative if the exercise went better without it. Commands are ranked by it.

* **Refused commands** changed nothing but the log (no capacity, no effect), so
  they are listed with value 0 and not re-run.
* **White commands** (inject control) are exercise control, not decisions; they
  stay in every re-run and are not ranked.
* **Grouping.** The cost is one run per re-run. When a replay has more accepted
  player commands than ``max_runs`` (default :data:`MAX_RUNS`), they are cut into
  ``max_runs`` groups of consecutive commands in time order (sizes differ by at
  most one, as ``numpy.array_split``), and each group is removed as a whole: its
  value is the value of that phase of play. So ``--explain`` costs at most
  ``max_runs + 1`` runs whatever the replay's length (the extra one re-simulates
  the whole replay: values are measured against it, so a replay recorded by an
  older engine still gives consistent differences). Commands close in time are
  usually parts of one move (share, then investigate, then brief), which is what
  makes a contiguous group a meaningful unit.

Marginal values do not add up to the value added over the counterfactual: orders
interact (an attribution needs the investigation's evidence), and the counterfactual
also switches the cells back to doctrine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

import numpy as np

from replays.runner import TimedCommand
from replays.score import RunData, command_outcomes, overall_score, resilience_loss
from sim.events import WHITE
from sim.scenario.schemabase import INDICATOR_NAMES

MAX_RUNS = 24
"""Most leave-out re-runs ``--explain`` makes; longer replays are grouped."""


@dataclass(frozen=True)
class _Rerun:
    """One leave-out re-run as plain picklable data (it may go to a worker process)."""

    scenario_text: str
    source: str
    seed: int
    players: tuple[str, ...]
    commands: tuple[tuple[float, str, str], ...]
    until: float
    last_sample: float | None = None


def _rerun(job: _Rerun) -> dict[str, Any]:
    """Re-simulate without the left-out commands; returns the overall score and each indicator's loss."""
    from replays.counterfactual import keep_samples_until, simulate
    from sim.scenario import parse_scenario

    loaded = parse_scenario(job.scenario_text, job.source)
    run = simulate(loaded, job.seed, job.players, [TimedCommand(*c) for c in job.commands], job.until)
    if job.last_sample is not None:  # a cut-off replay: score the same period it recorded
        keep_samples_until(run, job.last_sample)
    return {"overall": overall_score(run), "losses": _losses(run)}


def _losses(run: RunData) -> dict[str, float]:
    start = run.start
    return {name: resilience_loss(run.times, run.series[name], start[name]) for name in INDICATOR_NAMES}


def group(indices: Sequence[int], max_runs: int) -> list[list[int]]:
    """Each index alone, or ``max_runs`` consecutive groups when there are more (sizes differ by at most one)."""
    if len(indices) <= max_runs:
        return [[i] for i in indices]
    return [list(map(int, chunk)) for chunk in np.array_split(np.asarray(indices, dtype=int), max_runs)]


def explain(run: RunData, max_runs: int = MAX_RUNS, workers: int = 1, scheduler: str | None = None,
            progress: IO[str] | None = None) -> dict[str, Any]:
    """Rank the run's player commands (or groups of them) by marginal value; best first.

    Returns ``commands``: the ranked entries, each with ``rank``, ``label``,
    ``commands`` (``t``, ``clock``, ``cell``, ``text``), ``value`` (score points),
    ``refused``, ``effects`` (per indicator, the loss the command avoided in points
    x days, where nonzero); ``reference_overall``: the re-simulated replay's score
    the values are measured from; ``reference_drift``: the replay's own score minus
    that (0 when the replay re-simulates exactly); ``groups``, ``runs``, ``max_runs``.
    """
    from replays.counterfactual import horizon
    from replays.ensemble import executor, map_tasks

    if max_runs < 1:
        raise ValueError("max_runs must be at least 1")
    accepted = [o is not None and o["kind"] == "command.accepted" for o in command_outcomes(run.events, len(run.commands))]
    candidates = [i for i, c in enumerate(run.commands) if c["cell"] != WHITE and accepted[i]]
    refused = [i for i, c in enumerate(run.commands) if c["cell"] != WHITE and not accepted[i]]
    groups = group(candidates, max_runs)
    all_commands = [(float(c["t"]), str(c["cell"]), str(c["text"])) for c in run.commands]
    # Job 0 re-simulates the whole replay: every value is measured against it, so a replay
    # recorded by an older engine still gives consistent differences (see ``reference_drift``).
    last = None if run.complete else run.times[-1]
    skips = [set(g) for g in [[], *groups]]
    jobs = [_Rerun(run.loaded.text, run.loaded.source, run.seed, tuple(run.players),
                   tuple(c for i, c in enumerate(all_commands) if i not in skip), horizon(run), last)
            for skip in skips]
    results: list[dict[str, Any] | None] = [None] * len(jobs)
    bar = _bar(len(jobs), progress)

    def done(i: int, result: Any, error: BaseException | None) -> None:
        if error is not None:
            raise error
        results[i] = result
        if bar is not None:
            bar.update(1)

    try:
        with executor(workers, scheduler) as pool:
            map_tasks(_rerun, jobs, pool, done)
    finally:
        if bar is not None:
            bar.close()

    reference = results[0]
    assert reference is not None
    full_overall, full_losses = reference["overall"], reference["losses"]
    entries = []
    for g, result in zip(groups, results[1:]):
        assert result is not None
        effects = {name: round(result["losses"][name] - full_losses[name], 2) for name in INDICATOR_NAMES}
        entries.append(_entry(run, g, full_overall - result["overall"], False,
                              {k: v for k, v in effects.items() if v != 0}))
    entries += [_entry(run, [i], 0.0, True, {}) for i in refused]
    # Ties keep time order, so equal values read as the exercise unfolded.
    entries.sort(key=lambda e: (-e["value"], e["commands"][0]["t"]))
    for rank, entry in enumerate(entries, start=1):
        entry["rank"] = rank
    return {"reference_overall": round(full_overall, 2),
            "reference_drift": round(overall_score(run) - full_overall, 2),
            "groups": len(groups), "runs": len(jobs), "max_runs": max_runs, "commands": entries}


def _entry(run: RunData, indices: list[int], value: float, refused: bool, effects: dict[str, float]) -> dict[str, Any]:
    commands = [{"t": run.commands[i]["t"], "clock": run.clock(run.commands[i]["t"]), "cell": run.commands[i]["cell"],
                 "text": run.commands[i]["text"]} for i in indices]
    first = commands[0]
    if len(commands) == 1:
        label = f"{first['cell']}: {first['text']}"
    else:
        label = f"{len(commands)} commands, {first['clock'].split(' (')[0]} to {commands[-1]['clock'].split(' (')[0]}"
    return {"rank": 0, "label": label, "commands": commands, "value": round(value, 2), "refused": refused,
            "effects": effects}


def _bar(total: int, progress: IO[str] | None) -> Any:
    if progress is None or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="run", desc="explain", file=progress,
                bar_format="{desc} {bar} {n_fmt}/{total_fmt} re-runs [{elapsed}<{remaining}]")

