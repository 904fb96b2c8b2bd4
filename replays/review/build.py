"""Building a review: score the replay, rank its commands and assemble what the report shows.

:func:`build_review` re-runs the replay's counterfactual (:mod:`replays.counterfactual`) and,
with ``explain``, the leave-one-out runs of the decision-value table (:mod:`replays.explain`);
it reads the evaluators' notes and hot-wash answers (:mod:`replays.review.observations`), then
takes the findings, timeline and heat-map from :mod:`replays.review.analysis`, the objectives'
views from :mod:`replays.review.objectives`, the overview, executive summary, participants and
glossary from :mod:`replays.review.overview`, the cost section from :mod:`replays.review.costs`
and the figures from :mod:`replays.review.plots`, and puts them into the one template context
(:attr:`Review.context`) the HTML, Markdown and Word reports are rendered from.

Every piece of evidence a finding cites points at a place of the report (an anchor); a citation
whose place the report does not show (an event the timeline leaves out) keeps its text and loses
its link, so no report has a dead link.
"""

from __future__ import annotations

import base64
from collections import Counter
from dataclasses import dataclass
from typing import IO, Any

from replays.format import Replay, read_replay
from replays.review.analysis import (ONE_SEED, THEMES, decision_label, inject_followups, reasons_for, asked_for,
                                     event_ref, findings,
                                     heatmap, hotwash_ref, improvement_plan, interval_text, significant, timeline)
from replays.review.objectives import general_observations, objective_views
from replays.review.observations import read_observations
from replays.review.overview import executive_summary, exercise_overview, glossary, participants
from replays.review.coordination import coordination
from replays.review.costs import cost_section
from replays.review.plots import IMAGES, heatmap_plot, indicator_plot, timeline_plot
from replays.review.lang import clock, indicator, ratings, response_label, signal_label, word
from replays.review.render import RATING_COLOURS
from replays.score import RunData
from sim import i18n
from sim.events import WHITE
from sim.i18n import _, localize, name_of


@dataclass
class Review:
    """A built review: the template context and the runs it came from."""

    context: dict[str, Any]
    run: RunData
    baseline: RunData
    images: dict[str, bytes]


def build_review(replay: str | Replay, explain: bool = True, max_runs: int | None = None, workers: int | None = None,
                 progress: IO[str] | None = None, evaluation: Any | None = None, seeds: int | None = None) -> Review:
    """Score a replay, rank its commands (if ``explain``) and assemble everything the report shows.

    ``evaluation`` reads the notes and hot-wash answers (``notes(run)``, ``hotwash(run)``); by default
    :mod:`replays.evaluation`, when installed. ``max_runs``, ``workers`` (None: every core) and ``seeds``
    are :func:`replays.explain.explain`'s (None: its defaults). The counterfactual is simulated in the
    background while the explanation and the plots that need only the run are made.
    """
    from replays.counterfactual import counterfactual_later
    from replays.score import assemble

    replay = read_replay(replay) if not isinstance(replay, Replay) else replay
    run = RunData.from_replay(replay)
    # The report is written in the language in use (``--lang``), with the scenario's display names: the
    # sentences below and the plots' words are made now, in that language.
    i18n.adopt(run.scenario, getattr(run, "exercise", None))
    with counterfactual_later(run) as later:
        explained = None
        if explain:
            from replays.explain import DEFAULT_SEEDS
            from replays.explain import explain as rank

            explained = rank(run, max_runs, workers=workers, progress=progress, seeds=seeds or DEFAULT_SEEDS)
        heat = heatmap(run)
        timeline_png, heatmap_png = timeline_plot(run), heatmap_plot(heat)
        baseline = later.result()
    score = assemble(run, baseline)
    if explained is not None:
        score["explain"] = explained
    scenario = run.scenario
    images = dict(zip(IMAGES, (indicator_plot(run, baseline), timeline_png, heatmap_png)))
    observed = read_observations(run, evaluation)
    strengths, improvements = findings(run, score, observed)
    views = objective_views(run, score, observed, strengths, improvements, inject_followups(run))
    created = replay.header.get("created", "")
    exercise = exercise_overview(run, created)
    rows = timeline(run)
    decisions = _decision_rows(run, score)
    one_seed = bool(decisions) and not any(d["low"] is not None for d in decisions)
    held = set(run.players)
    context = {
        "score": score,
        "exercise": exercise,
        "overview": {
            "title": localize(scenario.title), "id": scenario.id, "summary": localize(scenario.summary),
            "briefing": localize(scenario.briefing),
            "learning_objectives": [localize(lo) for lo in scenario.learning_objectives], "seed": run.seed,
            "start": clock(run, 0.0), "end": clock(run, run.until), "days": round(run.until / 24.0, 2),
            "replay": run.path, "created": created,
            "weerbaar": replay.header.get("weerbaar", ""), "complete": run.complete,
            "unrecorded": list(run.unrecorded),
            "cells": [{"id": cid, "title": localize(spec.title) or cid, "organisation": localize(spec.organisation),
                       # a red cell plays a state: its "body" is that state, and nobody holding it, its planner plays
                       "bodies": ", ".join(str(name_of(b)) for b in spec.bodies)
                       or (_("state {state}").format(state=name_of(spec.actor)) if spec.actor else ""),
                       "played": "player" if cid in held else ("campaign planner" if spec.actor else "doctrine")}
                      for cid, spec in scenario.cells.items()],
            "counts": _counts(run),
            "threat": ", ".join(sorted({str(name_of(d["actor"])) for d in score["decisions"]})) or _("none"),
            "domains": ", ".join(sorted({str(word(x)) for d in score["decisions"] for x in d["domains"]})) or _("none"),
        },
        "ratings": ratings(),
        "rating_colours": RATING_COLOURS,
        "strengths": strengths,
        "improvements": improvements,
        "themes": [{"id": key, "title": _(title), "strengths": [f for f in strengths if f["theme"] == key],
                    "improvements": [f for f in improvements if f["theme"] == key]} for key, title in THEMES.items()],
        "plan": improvement_plan(improvements, scenario, exercise["sponsor"]),
        "objective_views": views,
        "general": general_observations(run, observed),
        "observed": observed,
        "participants": participants(run, observed["notes"]),
        "decisions": decisions,
        "one_seed": one_seed,
        "one_seed_text": _(ONE_SEED),
        "timeline": rows,
        "heatmap": heat,
        "threads": _threads_table(run, score),
        "costs": cost_section(run, score),
        "coordination": coordination(run),
    }
    context["summary"] = executive_summary(run, score, exercise, strengths, improvements, observed, views, one_seed)
    _prune_dead_links(context)
    # The glossary explains the ids the report shows: everything above, before the images go in.
    context["glossary"] = glossary(run, {k: v for k, v in context.items() if k not in ("ratings", "rating_colours")},
                                   score)
    context["images"] = {name: "data:image/png;base64," + base64.b64encode(data).decode("ascii")
                         for name, data in images.items()}
    return Review(context, run, baseline, images)


def _decision_rows(run: RunData, score: dict[str, Any]) -> list[dict[str, Any]]:
    """The decision-value table's rows: each ``--explain`` entry with its interval, significance and who asked for it.

    ``low`` and ``high`` are None when the entry has no interval (one seed); ``asked`` lists why the
    exercise asked for the order (learning objectives, evaluation guides, injects).
    """
    entries = score.get("explain", {}).get("commands", [])
    asked = asked_for(run) if entries else {}
    return [{**e, "label": decision_label(run, e), "low": e.get("low"), "high": e.get("high"), "seeds": e.get("seeds"),
             "commands": [{**c, "clock": clock(run, c["t"]), "cell": str(name_of(c["cell"]))} for c in e["commands"]],
             "effects": {str(indicator(k)): v for k, v in (e.get("effects") or {}).items()},
             "significant": significant(e), "interval": interval_text(e),
             "asked": [r["source"] for r in reasons_for(e, asked)]} for e in entries]


def _anchors(context: dict[str, Any]) -> set[str]:
    """Every anchor the report renders (see the templates' ``id=`` attributes)."""
    anchors = {"costs", "learning-objectives", *(event_ref(r["seq"]) for r in context["timeline"])}
    anchors |= {f"objective-{o['id']}" for o in context["score"]["objectives"]}
    anchors |= {f"dimension-{name}" for name in context["score"]["dimensions"]}
    anchors |= {f"thread-{t['thread']}" for t in context["threads"]}
    anchors |= {f"decision-{d['rank']}" for d in context["decisions"]}
    anchors |= {f"note-{n['no']}" for n in context["observed"]["notes"]}
    anchors |= {hotwash_ref(a) for a in context["observed"]["hotwash"]}
    return anchors


def _prune_dead_links(context: dict[str, Any]) -> None:
    """Citations keep their text but lose a link the report cannot follow (see the module docstring)."""
    anchors = _anchors(context)
    for finding in [*context["strengths"], *context["improvements"]]:
        for item in finding["evidence"]:
            if item["ref"] not in anchors:
                item["ref"] = ""


def _counts(run: RunData) -> dict[str, int]:
    kinds = Counter(e["kind"] for e in run.events)
    # White's controls (injects, notes, messages) are exercise control, not the players' orders.
    orders = [e for e in run.events if e["kind"] == "command.accepted" and e["source"] != WHITE]
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
        rows.append({**d, "cause": signal_label(d["cause"]), "outcome": word(d["outcome"]),
                     "launched_clock": clock(run, d["launched"], date=False),
                     "cells": [{**c, "signal": signal_label(c["signal"]), "response": response_label(c["response"]),
                                "signal_clock": clock(run, c["first_signal"], date=False),
                                "response_clock": clock(run, c["first_response"], date=False)} for c in d["cells"]]})
    return rows
