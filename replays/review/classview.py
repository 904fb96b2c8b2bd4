"""The instructor's class view: many groups' replays of one scenario on one HTML page, for the debrief.

:func:`class_context` takes a :class:`replays.compare.Comparison` and lays out what the page shows:

* the **ranking** (by value added over each group's own no-response run, as ``weerbaar compare``
  prints it), with a bar per group so the spread reads at a glance;
* the groups **side by side per objective**: each group's rating and score, the best score of the
  row marked, and the evaluators' rating where a group's evaluators rated the objective
  (:mod:`replays.review.observations`);
* each group's **key decisions on one timeline** (:func:`replays.compare.key_decisions`): one
  lane per group on a common day axis, every player order as a thin tick, the key ones as numbered
  markers coloured by DIMEFIL lever, the injects each group received as purple marks and election
  day as a line; the numbers are listed per group below it, with why each order is key.

The geometry of the timeline (an inline SVG) is computed here, in pixels, so the template only
draws; markers closer than their diameter in one lane are staggered up and down so their
numbers stay legible. :func:`render_class_html` renders ``replays/templates/class.html.j2``
(self-contained: no scripts, images or styles from elsewhere).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from replays.review.lang import clock, word
from replays.review.observations import evaluator_rating, read_observations
from replays.review.render import RATING_COLOURS
from sim import i18n
from sim.i18n import _, localize, name_of

if TYPE_CHECKING:
    from replays.compare import Comparison

LEVER_COLOURS = {"diplomatic": "#6a1b9a", "information": "#1565c0", "military": "#37474f", "economic": "#2e7d32",
                 "financial": "#9e9d24", "intelligence": "#ef6c00", "legal": "#ad1457"}
"""DIMEFIL levers and the colour of their markers (an unknown lever is grey)."""

WIDTH, LEFT, RIGHT, TOP, LANE, RADIUS = 1120, 190, 24, 46, 56, 10
"""The timeline's geometry in pixels: total width, label column, right margin, axis band, lane height,
marker radius."""


def _day_ticks(days: float) -> list[int]:
    step = 7 if days > 21 else (2 if days > 6 else 1)
    return list(range(0, int(days) + 1, step))


def timeline_geometry(comparison: Comparison, rows: list[dict[str, Any]]) -> dict[str, Any]:
    """The SVG's lanes, markers, ticks and lines (see the module docstring); pixels, ready to draw."""
    from sim.timeexpr import parse_start, to_hours

    runs = comparison.runs
    days = max(run.until for run in runs.values()) / 24.0 or 1.0
    span = WIDTH - LEFT - RIGHT

    def x_of(hours: float) -> float:
        return round(LEFT + span * min(max(hours / 24.0 / days, 0.0), 1.0), 1)

    lanes = []
    for i, row in enumerate(rows):
        run = runs[row["replay"]]
        y = TOP + i * LANE + LANE / 2
        markers, last_x, level = [], None, 0
        for n, d in enumerate(row["key_decisions"], start=1):
            x = x_of(d["t"])
            level = (level + 1) % 3 if last_x is not None and x - last_x < 2 * RADIUS else 0
            last_x = x
            markers.append({"n": n, "x": x, "y": round(y + (0, -1, 1)[level] * (RADIUS + 3), 1),
                            "colour": LEVER_COLOURS.get(d["lever"], "#757575"),
                            "title": f"{n}. {d['clock']} {name_of(d['cell'])}: {d['text']} \u2014 {'; '.join(d['reasons'])}"})
        orders = [x_of(float(e["t"])) for e in run.events
                  if e["kind"] == "command.accepted" and e["payload"].get("by") == "player"]
        injects = [{"x": x_of(float(e["t"])), "title": _("inject {no} {when}").format(
                        no=e["payload"].get("no"), when=clock(run, float(e["t"]), date=False))}
                   for e in run.events if e["kind"] == "inject.fired"]
        lanes.append({"name": row["group"], "rank": row["rank"], "y": y, "top": TOP + i * LANE, "markers": markers,
                      "orders": orders, "injects": injects})
    scenario = comparison.scenario
    lines = []
    if scenario.election_day:
        hours = to_hours(scenario.election_day, parse_start(scenario.start))
        lines.append({"x": x_of(hours), "label": _("election day")})
    height = TOP + LANE * len(rows) + 12
    return {"width": WIDTH, "height": height, "lane": LANE, "left": LEFT, "right": WIDTH - RIGHT, "top": TOP, "bottom": height - 12,
            "radius": RADIUS, "lanes": lanes, "lines": lines,
            "ticks": [{"x": x_of(d * 24.0), "label": _("day {day}").format(day=d + 1)} for d in _day_ticks(days)]}


def class_context(comparison: Comparison, evaluation: Any | None = None) -> dict[str, Any]:
    """Everything the class view shows (see the module docstring)."""
    rows = comparison.rows
    scenario = comparison.scenario
    for row in rows:
        run = comparison.runs[row["replay"]]
        observed = read_observations(run, evaluation)
        row["evaluator_ratings"] = {o.id: evaluator_rating([n["rating"] for n in observed["notes"]
                                                            if n["objective"] == o.id]) for o in scenario.objectives}
        row["notes"], row["answers"] = len(observed["notes"]), len(observed["hotwash"])
    widest = max((abs(r["value_added"]) for r in rows), default=0.0) or 1.0
    objectives = []
    for o in scenario.objectives:
        scores = [r["objective_scores"].get(o.id) for r in rows]
        best = max((s for s in scores if s is not None), default=None)
        objectives.append({"id": o.id, "description": localize(o.description), "indicator": o.indicator,
                           "target": o.target, "capability": localize(o.capability), "best": best})
    levers = sorted({d["lever"] for r in rows for d in r["key_decisions"]} - {""})
    return {
        "scenario": {"id": scenario.id, "title": localize(scenario.exercise.name or scenario.title),
                     "summary": localize(scenario.summary),
                     "learning_objectives": [localize(lo) for lo in scenario.learning_objectives]},
        "rows": rows, "bar_scale": 100.0 / widest, "objectives": objectives,
        "timeline": timeline_geometry(comparison, rows),
        "levers": [{"name": word(lever), "colour": LEVER_COLOURS.get(lever, "#757575")} for lever in levers],
        "rating_colours": RATING_COLOURS,
        "any_evaluations": any(r["notes"] or r["answers"] for r in rows),
    }


def render_class_html(comparison: Comparison, evaluation: Any | None = None) -> str:
    """The class view as one self-contained HTML page."""
    from replays.review.render import environment

    i18n.adopt(comparison.scenario)
    context = class_context(comparison, evaluation)
    context["files"] = [Path(r["replay"]).name for r in comparison.rows]
    return environment(True).get_template("class.html.j2").render(**context)
