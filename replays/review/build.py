"""Building a review: score the replay, rank its commands and assemble what the report shows.

:func:`build_review` re-runs the replay's counterfactual (:mod:`replays.counterfactual`) and,
with ``explain``, the leave-one-out runs of the decision-value table (:mod:`replays.explain`);
it then takes the findings, timeline and heat-map from :mod:`replays.review.analysis`, the cost
section from :mod:`replays.review.costs` and the figures from :mod:`replays.review.plots`, and puts them, with the exercise overview, into the
one template context (:attr:`Review.context`) both reports are rendered from.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any

from replays.format import Replay, read_replay
from replays.review.analysis import THEMES, findings, heatmap, improvement_plan, timeline
from replays.review.costs import cost_section
from replays.review.plots import IMAGES, heatmap_plot, indicator_plot, timeline_plot
from replays.review.render import RATING_COLOURS
from replays.score import RATINGS, RunData


@dataclass
class Review:
    """A built review: the template context and the runs it came from."""

    context: dict[str, Any]
    run: RunData
    baseline: RunData
    images: dict[str, bytes]


def build_review(replay: str | Replay, explain: bool = True, max_runs: int | None = None, workers: int = 1,
                 progress: IO[str] | None = None) -> Review:
    """Score a replay, rank its commands (if ``explain``) and assemble everything the report shows."""
    from replays.counterfactual import score_replay

    replay = read_replay(replay) if not isinstance(replay, Replay) else replay
    score, run, baseline = score_replay(replay)
    if explain:
        from replays.explain import MAX_RUNS
        from replays.explain import explain as rank

        score["explain"] = rank(run, max_runs or MAX_RUNS, workers=workers, progress=progress)
    scenario = run.scenario
    heat = heatmap(run)
    images = dict(zip(IMAGES, (indicator_plot(run, baseline), timeline_plot(run), heatmap_plot(heat))))
    strengths, improvements = findings(run, score)
    held = set(run.players)
    context = {
        "score": score,
        "overview": {
            "title": scenario.title, "id": scenario.id, "summary": scenario.summary, "briefing": scenario.briefing,
            "learning_objectives": list(scenario.learning_objectives), "seed": run.seed,
            "start": run.clock(0.0), "end": run.clock(run.until), "days": round(run.until / 24.0, 2),
            "replay": run.path, "created": replay.header.get("created", ""),
            "weerbaar": replay.header.get("weerbaar", ""), "complete": run.complete,
            "unrecorded": list(run.unrecorded),
            "cells": [{"id": cid, "title": spec.title or cid,
                       # a red cell plays a state: its "body" is that state, and nobody holding it, its planner plays
                       "bodies": ", ".join(spec.bodies) or (f"state {spec.actor}" if spec.actor else ""),
                       "played": "player" if cid in held else ("campaign planner" if spec.actor else "doctrine")}
                      for cid, spec in scenario.cells.items()],
            "counts": _counts(run),
            "threat": ", ".join(sorted({d["actor"] for d in score["decisions"]})) or "none",
            "domains": ", ".join(sorted({x for d in score["decisions"] for x in d["domains"]})) or "none",
        },
        "ratings": RATINGS,
        "rating_colours": RATING_COLOURS,
        "strengths": strengths,
        "improvements": improvements,
        "themes": [{"id": key, "title": title, "strengths": [f for f in strengths if f["theme"] == key],
                    "improvements": [f for f in improvements if f["theme"] == key]} for key, title in THEMES.items()],
        "plan": improvement_plan(improvements),
        "timeline": timeline(run),
        "heatmap": heat,
        "threads": _threads_table(run, score),
        "costs": cost_section(run, score),
        "images": {name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                   for name, data in images.items()},
    }
    return Review(context, run, baseline, images)


def _counts(run: RunData) -> dict[str, int]:
    kinds = Counter(e["kind"] for e in run.events)
    orders = [e for e in run.events if e["kind"] == "command.accepted"]
    launched = {e["payload"].get("operation") for e in run.events if e["kind"] == "operation.launched"}
    return {"events": len(run.events), "injects": kinds["inject.fired"], "operations": kinds["operation.launched"],
            "detections": sum(1 for e in run.events if e["kind"] == "detection"
                              and e["payload"].get("operation") in launched),
            "false_signals": kinds["noise"],
            "player_orders": sum(1 for e in orders if e["payload"].get("by") == "player"),
            "doctrine_orders": sum(1 for e in orders if e["payload"].get("by") == "doctrine"),
            "refused": kinds["command.refused"], "news": kinds["news"]}


def _threads_table(run: RunData, score: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for d in score["decisions"]:
        rows.append({**d, "launched_clock": run.clock(d["launched"]).split(" (")[0],
                     "cells": [{**c, "signal_clock": run.clock(c["first_signal"]).split(" (")[0],
                                "response_clock": run.clock(c["first_response"]).split(" (")[0]} for c in d["cells"]]})
    return rows
