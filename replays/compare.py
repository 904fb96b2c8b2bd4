"""Comparing replays of one scenario side by side, for a class: each group's run ranked.

Every replay is scored against its own counterfactual (:mod:`replays.counterfactual`),
so groups that played different seeds are compared fairly: the ranking is by
**value added** (score minus the no-response score of the same seed), then by the
overall score. Replays that share seed, period and White commands share one
counterfactual run. Replays of different scenarios (different scenario text) are
refused: their scores are not comparable. A replay cut short or damaged is ranked
on what it recorded up to its first bad line, and ``warn`` is told so.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import Any

from replays.counterfactual import control_commands, counterfactual
from replays.format import read_replay
from replays.score import RunData, assemble


class CompareError(ValueError):
    """The replays cannot be compared (one line for the user)."""


def _key(run: RunData) -> tuple:
    """What a counterfactual depends on: scenario text, seed, period and White's commands."""
    white = tuple((c.t, c.text) for c in control_commands(run))
    return run.loaded.sha256, run.seed, run.until, white


def compare(paths: Sequence[str], warn: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Score each replay and rank them; one row per replay, best first.

    ``warn`` gets one line for each replay that is not complete, naming where its reading stopped.

    Raises:
        CompareError: fewer than one replay, or replays of different scenarios.
        replays.format.ReplayError / sim.scenario.ScenarioError: a replay that cannot be read.
    """
    if not paths:
        raise CompareError("give at least one replay")
    replays = [read_replay(p) for p in paths]
    for replay in replays:
        if not replay.samples:
            raise CompareError(replay.no_samples_message("compare"))
    runs = [RunData.from_replay(replay) for replay in replays]
    first = runs[0]
    for path, run in zip(paths, runs):
        if run.loaded.sha256 != first.loaded.sha256:
            raise CompareError(f"{path}:1: a replay of {run.scenario.id!r} (scenario sha256 {run.loaded.sha256[:12]}), "
                               f"not of the same scenario text as {paths[0]} ({first.scenario.id!r}, "
                               f"{first.loaded.sha256[:12]})")
    for replay in replays:  # once nothing can refuse them any more: a failure is one line, not warnings and an error
        if warn is not None and not replay.complete:
            warn(f"{replay.path}: warning: {replay.problems[0]}; comparing what was recorded")
    baselines: dict[tuple, RunData] = {}
    rows = []
    for path, run in zip(paths, runs):
        key = _key(run)
        if key not in baselines:
            baselines[key] = counterfactual(run)
        score = assemble(run, baselines[key])
        decisions = score["decisions"]
        answered = [d for d in decisions if d["latency_hours"] is not None]
        latencies = sorted(d["latency_hours"] for d in answered)
        rows.append({
            "replay": str(path), "seed": run.seed, "players": ", ".join(run.players) or "-",
            "days": round(run.until / 24.0, 2), "complete": run.complete,
            "overall": score["overall"], "baseline_overall": score["baseline_overall"],
            "value_added": score["value_added"],
            "ratings": {o["id"]: o["rating"] for o in score["objectives"]},
            "objective_scores": {o["id"]: o["score"] for o in score["objectives"]},
            "threads": len(decisions), "answered": len(answered),
            "median_latency_hours": statistics.median(latencies) if latencies else None,
            "capacity": score["cost"]["capacity"],
            "heavy_handed": len(score["cost"]["side_effects"]["heavy_handed"]),
            "orders": sum(1 for e in run.events if e["kind"] == "command.accepted"
                          and e["payload"].get("by") == "player"),
        })
    rows.sort(key=lambda r: (-r["value_added"], -r["overall"], r["replay"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return rows
