"""Each objective as the AAR/IP analyses it: the ratings, what evaluators and cells said, and the simulated evidence.

:func:`objective_views` sets, per scenario objective, side by side:

* the **rating** the report gives it: the evaluators' (:func:`replays.review.observations.evaluator_rating`
  of the notes rated against it) when there are any, else the simulation's rule (``replays.score``),
  with ``rating_from`` saying which, and both shown;
* the **evaluation guide** (what evaluators were asked to look for), and the **learning objectives** the
  objective measures (``Objective.learning_objectives``: number and text);
* the **evaluators' observations** filed under it and the **hot-wash answers** about it (with each
  cell's self-rating);
* the **simulated evidence**: the indicator's target, lowest and final value, the score beside the
  no-response run, the injects that serve the objective and whether a receiving cell answered them,
  and the simulation's other findings about it (decisions, threads).

:func:`general_observations` holds the notes and answers that name no objective.
"""

from __future__ import annotations

from typing import Any

from replays.review.lang import clock
from replays.review.observations import evaluator_rating
from replays.score import RunData
from sim.i18n import localize, name_of


def objective_views(run: RunData, score: dict[str, Any], observed: dict[str, Any], strengths: list[dict[str, Any]],
                    areas: list[dict[str, Any]], followups: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One view per objective of the score, in scenario order (see the module docstring)."""
    specs = {o.id: o for o in run.scenario.objectives}
    cells = run.scenario.cells
    views = []
    for o in score["objectives"]:
        spec = specs.get(o["id"])
        notes = [n for n in observed["notes"] if n["objective"] == o["id"]]
        answers = [{**a, "organisation": localize(cells[a["cell"]].organisation or cells[a["cell"]].title)
                    if a["cell"] in cells else ""} for a in observed["hotwash"] if a["objective"] == o["id"]]
        by_evaluators = evaluator_rating([n["rating"] for n in notes])
        injects = [{"no": f["no"], "clock": clock(run, f["t"], date=False), "seq": f["seq"],
                    "expected": f["expected"], "receivers": [str(name_of(r)) for r in f["receivers"]],
                    "critical": f["critical"],
                    "answer": None if f["answer"] is None else {
                        "cell": name_of(f["answer"]["source"]), "action": f["answer"]["payload"].get("action"),
                        "clock": clock(run, float(f["answer"]["t"]), date=False), "seq": f["answer"].get("seq")}}
                   for f in followups if f["objective"] == o["id"]]

        def about(f: dict[str, Any]) -> bool:
            # the objective's own rating and its injects are shown as evidence rows already
            return (f["source"] == "simulation" and f["theme"] not in ("objectives", "injects")
                    and (f.get("objective") == o["id"] or f["capability"] == o["id"]))

        views.append({
            "id": o["id"], "description": localize(spec.description if spec is not None else o["description"]),
            "indicator": o["indicator"], "target": o["target"],
            "weight": o["weight"], "capability": localize(spec.capability) if spec is not None else "",
            "evaluation_guide": [localize(g) for g in spec.evaluation_guide] if spec is not None else [],
            "learning_objectives": [{"number": n, "text": localize(run.scenario.learning_objectives[n - 1])}
                                    for n in (spec.learning_objectives if spec is not None else [])
                                    if n <= len(run.scenario.learning_objectives)],
            "rating": by_evaluators or o["rating"], "rating_from": "evaluators" if by_evaluators else "simulation",
            "simulated_rating": o["rating"], "evaluator_rating": by_evaluators,
            "evaluator_ratings": [n["rating"] for n in notes if n["rating"]],
            "self_ratings": [{"cell": a["cell"], "rating": a["rating"]} for a in answers if a["rating"]],
            "score": o["score"], "baseline_score": o["baseline_score"], "baseline_rating": o["baseline_rating"],
            "minimum": o["minimum"], "final": o["final"],
            "notes": notes, "hotwash": answers, "injects": injects,
            "strengths": [f for f in strengths if about(f)], "areas": [f for f in areas if about(f)],
        })
    return views


def general_observations(run: RunData, observed: dict[str, Any]) -> dict[str, Any]:
    """Notes and hot-wash answers that name no objective (an evaluator's free note, a cell's overall view)."""
    cells = run.scenario.cells
    return {"notes": [n for n in observed["notes"] if n["objective"] is None],
            "hotwash": [{**a, "organisation": localize(cells[a["cell"]].organisation or cells[a["cell"]].title)
                         if a["cell"] in cells else ""} for a in observed["hotwash"] if a["objective"] is None]}
