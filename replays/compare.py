"""Comparing replays of one scenario side by side, for a class: each group's run ranked.

Every replay is scored against its own counterfactual (:mod:`replays.counterfactual`),
so groups that played different seeds are compared fairly: the ranking is by
**value added** (score minus the no-response score of the same seed), then by the
overall score. Replays that share seed, period and White commands share one
counterfactual run. Replays of different scenarios (different scenario text) are
refused: their scores are not comparable. A replay cut short or damaged is ranked
on what it recorded up to its first bad line, and ``warn`` is told so.

:func:`compare` gives the ranked rows (what ``weerbaar compare`` prints, and ``--json``);
:func:`compare_runs` gives them with the runs and scores behind them, which the
instructor's class view (:mod:`replays.review.classview`) draws. Each row also names the
group's **key decisions**, the player orders a debrief turns to:

* a cell's **first answer to a threat thread** (its first response after its first signal,
  :func:`replays.score.assemble`'s decisions);
* an **inject answered**: the order of an expected action that answered an inject
  (:func:`replays.review.analysis.inject_followups`);
* an order that **spends political capital** (attribution, persona non grata, election
  safeguards, sanctions, censorship ...: the action's ``political_capital``), the government's
  weightiest steps, and every **heavy-handed** one.

An order that is several of these is listed once, with every reason.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from replays.counterfactual import control_commands, counterfactual
from replays.format import read_replay
from sim.i18n import M_, shown
from replays.score import RunData, assemble


class CompareError(ValueError):
    """The replays cannot be compared (one line for the user)."""


def _key(run: RunData) -> tuple:
    """What a counterfactual depends on: scenario text, seed, period and White's commands."""
    white = tuple((c.t, c.text) for c in control_commands(run))
    return run.loaded.sha256, run.seed, run.until, white


@dataclass
class Comparison:
    """Replays of one scenario, scored and ranked.

    Attributes:
        rows: one per replay, best first (see :func:`compare`).
        runs: each replay's run, by its path as given.
        scores: each replay's score (:func:`replays.score.assemble`), by its path as given.
    """

    rows: list[dict[str, Any]]
    runs: dict[str, RunData] = field(default_factory=dict)
    scores: dict[str, dict[str, Any]] = field(default_factory=dict)

    @property
    def scenario(self):
        """The scenario every replay played."""
        return next(iter(self.runs.values())).scenario


def compare(paths: Sequence[str], warn: Callable[[str], None] | None = None) -> list[dict[str, Any]]:
    """Score each replay and rank them; one row per replay, best first.

    ``warn`` gets one line for each replay that is not complete, naming where its reading stopped.

    Raises:
        CompareError: fewer than one replay, or replays of different scenarios.
        replays.format.ReplayError / sim.scenario.ScenarioError: a replay that cannot be read.
    """
    return compare_runs(paths, warn).rows


def key_decisions(run: RunData, score: dict[str, Any]) -> list[dict[str, Any]]:
    """The group's key player orders in time order, each with ``reasons`` (see the module docstring).

    Each: ``t``, ``clock``, ``cell``, ``action``, ``target``, ``text`` (the order as a command),
    ``lever``, ``seq`` and ``reasons`` (sentences).
    """
    from replays.review.analysis import inject_followups
    from replays.review.lang import clock
    from sim.i18n import _
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS

    load_plugins()
    orders = {(e["source"], float(e["t"])): e for e in run.events
              if e["kind"] == "command.accepted" and e["payload"].get("by") == "player"}
    reasons: dict[int, list[str]] = {}
    picked: dict[int, dict[str, Any]] = {}

    def add(order: dict[str, Any] | None, why: str) -> None:
        if order is None or order["payload"].get("by") != "player":
            return
        seq = int(order["seq"])
        picked[seq] = order
        if why not in reasons.setdefault(seq, []):
            reasons[seq].append(why)

    for d in score["decisions"]:
        for c in d["cells"]:
            if c["first_response"] is not None and c["by"] == "player":
                add(orders.get((c["cell"], float(c["first_response"]))),
                    _("first answer to {thread} ({technique})").format(thread=d["thread"], technique=d["technique"]))
    for f in inject_followups(run):
        if f["answer"] is not None:
            add(f["answer"], _("answered inject {no}").format(no=f["no"]))
    for order in orders.values():
        action = ACTIONS.get(order["payload"].get("action"))
        if action is not None and action.heavy_handed:
            add(order, _("heavy-handed"))
        if action is not None and action.political_capital:
            add(order, _("spends {points} political capital").format(points=f"{action.political_capital:g}"))
    typed = {(c["cell"], float(c["t"])): c["text"] for c in run.commands}  # the order as the player typed it
    out = []
    for seq in sorted(picked, key=lambda s: (float(picked[s]["t"]), s)):
        e, p = picked[seq], picked[seq]["payload"]
        action = ACTIONS.get(p.get("action"))
        target = e.get("target", "")
        out.append({"t": float(e["t"]), "clock": clock(run, float(e["t"]), date=False), "cell": e["source"],
                    "action": p.get("action", ""), "target": target,
                    "text": typed.get((e["source"], float(e["t"])), " ".join(x for x in (p.get("action", ""), target) if x)),
                    "lever": action.lever if action is not None else "", "seq": seq, "reasons": reasons[seq]})
    return out


def compare_runs(paths: Sequence[str], warn: Callable[[str], None] | None = None) -> Comparison:
    """Like :func:`compare`, with the runs and scores behind the rows (for the class view).

    Raises:
        CompareError: fewer than one replay, or replays of different scenarios.
        replays.format.ReplayError / sim.scenario.ScenarioError: a replay that cannot be read.
    """
    if not paths:
        raise CompareError(M_("give at least one replay"))
    replays = [read_replay(p) for p in paths]
    for replay in replays:
        if not replay.samples:
            raise CompareError(replay.no_samples_message("compare"))
    runs = [RunData.from_replay(replay) for replay in replays]
    first = runs[0]
    for path, run in zip(paths, runs):
        if run.loaded.sha256 != first.loaded.sha256:
            raise CompareError(M_("{path}:1: a replay of {scenario!r} (scenario sha256 {sha}), not of the same scenario "
                                  "text as {first} ({first_scenario!r}, {first_sha})", path=str(path),
                                  scenario=run.scenario.id, sha=run.loaded.sha256[:12], first=str(paths[0]),
                                  first_scenario=first.scenario.id, first_sha=first.loaded.sha256[:12]))
    for replay in replays:  # once nothing can refuse them any more: a failure is one line, not warnings and an error
        if warn is not None and not replay.complete:
            warn(shown(M_("{path}: warning: {problem}; comparing what was recorded", path=str(replay.path),
                          problem=replay.problems[0])))
    baselines: dict[tuple, RunData] = {}
    rows = []
    comparison = Comparison(rows)
    for path, run in zip(paths, runs):
        key = _key(run)
        if key not in baselines:
            baselines[key] = counterfactual(run)
        score = assemble(run, baselines[key])
        comparison.runs[str(path)], comparison.scores[str(path)] = run, score
        decisions = score["decisions"]
        answered = [d for d in decisions if d["latency_hours"] is not None]
        latencies = sorted(d["latency_hours"] for d in answered)
        rows.append({
            "replay": str(path), "group": Path(str(path)).stem, "seed": run.seed,
            "players": ", ".join(run.players) or "-",
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
            "key_decisions": key_decisions(run, score),
        })
    rows.sort(key=lambda r: (-r["value_added"], -r["overall"], r["replay"]))
    for rank, row in enumerate(rows, start=1):
        row["rank"] = rank
    return comparison
