"""The AAR/IP's front and back matter: exercise overview, executive summary, participants and glossary.

* :func:`exercise_overview` — HSEEP's exercise overview from the scenario's ``exercise:`` block
  (name, date held, venue, sponsor, type, point of contact) and the run: the date held is
  ``exercise.date``, or else the day the replay was recorded (and the report says which);
* :func:`learning_objectives` — the scenario's learning objectives, each with the scored objectives that
  measure it (``Objective.learning_objectives``);
* :func:`participants` — who took part (``exercise.participants``, with each person's cell and its
  organisation), the evaluators (``exercise.evaluators`` and anyone who wrote a note), and the cells with
  who played them;
* :func:`executive_summary` — a few sentences on the exercise, the result against the no-response
  run, the ratings, what evaluators and cells said, and the main strengths and areas for improvement;
* :func:`glossary` — every scenario id and vocabulary name the report shows (cells, objectives, actors,
  narratives, threads, actions, techniques, indicators), each with what it stands for.
"""

from __future__ import annotations

import json
import re
from typing import Any

from replays.review.lang import RATING_NAMES, WORDS, clock, indicator, word
from replays.score import RunData
from sim.i18n import _, localize, name_of, ngettext

THEME_WEIGHT = ("observations", "objectives", "decisions", "threads", "injects", "conduct")
"""Which strengths the executive summary names first: what people observed, then the objectives, ..."""


def date_held(scenario: Any, created: str) -> tuple[str, str]:
    """The date the exercise was held and where that comes from (``scenario`` or ``recorded``)."""
    if scenario.exercise.date:
        return scenario.exercise.date, "scenario"
    return (created or "")[:10], "recorded" if created else ""


def exercise_overview(run: RunData, created: str) -> dict[str, Any]:
    """HSEEP's exercise-overview fields (see the module docstring); empty text where the scenario is silent."""
    scenario = run.scenario
    info = scenario.exercise
    held, held_from = date_held(scenario, created)
    return {"name": localize(info.name or scenario.title), "date": held, "date_from": held_from,
            "venue": localize(info.venue), "sponsor": localize(info.sponsor), "type": localize(info.type),
            "point_of_contact": localize(info.point_of_contact)}


def learning_objectives(run: RunData) -> list[dict[str, Any]]:
    """The scenario's learning objectives, each with the scored objectives that measure it.

    One ``{number, text, measured_by}`` per learning objective (numbered from 1), ``measured_by`` the ids
    of the objectives whose ``learning_objectives`` name it (empty: the score does not measure it).
    """
    scenario = run.scenario
    table = scenario.measured_by()
    return [{"number": n, "text": localize(text), "measured_by": table.get(n, [])}
            for n, text in enumerate(scenario.learning_objectives, start=1)]


def participants(run: RunData, notes: list[dict[str, Any]]) -> dict[str, Any]:
    """``people`` (participants), ``evaluators`` and ``cells`` (each with organisation and who played it)."""
    scenario = run.scenario
    cells = scenario.cells
    held = set(run.players)

    def person(p: Any) -> dict[str, str]:
        spec = cells.get(p.cell) if p.cell else None
        return {"name": p.name, "organisation": localize(p.organisation or (spec.organisation if spec else "")),
                "cell": p.cell or "", "cell_title": localize(spec.title or p.cell) if spec else ""}

    evaluators = [person(p) for p in scenario.exercise.evaluators]
    named = {e["name"] for e in evaluators}
    for author in dict.fromkeys(n["author"] for n in notes):  # someone wrote notes without being listed
        if author not in named:
            evaluators.append({"name": author, "organisation": "", "cell": "", "cell_title": ""})
    return {"people": [person(p) for p in scenario.exercise.participants], "evaluators": evaluators,
            "cells": [{"id": cid, "title": localize(spec.title) or cid, "organisation": localize(spec.organisation),
                       "played": "player" if cid in held else ("campaign planner" if spec.actor else "doctrine"),
                       "people": [p.name for p in scenario.exercise.participants if p.cell == cid]}
                      for cid, spec in cells.items()]}


def executive_summary(run: RunData, score: dict[str, Any], exercise: dict[str, Any], strengths: list[dict[str, Any]],
                      areas: list[dict[str, Any]], observed: dict[str, Any], objective_views: list[dict[str, Any]],
                      one_seed: bool) -> dict[str, Any]:
    """``paragraphs`` (plain sentences), ``strengths`` and ``areas`` (the three findings to lead with)."""
    scenario = run.scenario
    government = scenario.government_cells()
    played = [c for c in government if c in run.players]
    when = _(" on {date}").format(date=exercise["date"]) if exercise["date"] else ""
    where = _(" at {venue}").format(venue=exercise["venue"]) if exercise["venue"] else ""
    sponsor = _(", sponsored by {sponsor}").format(sponsor=exercise["sponsor"]) if exercise["sponsor"] else ""
    who = (ngettext("Players held {n} government cell of {total} ({cells}); the others followed doctrine.",
                    "Players held {n} government cells of {total} ({cells}); the others followed doctrine.",
                    len(played)).format(n=len(played), total=len(government),
                                        cells=", ".join(localize(scenario.cells[c].title) or c for c in played))
           if played else _("No cell was held by players: every cell followed doctrine."))
    kind = exercise["type"].lower() if exercise["type"] else _("exercise")
    first = " ".join((
        _("{name} was a {type} held{when}{where}{sponsor}.").format(name=exercise["name"], type=kind, when=when,
                                                                     where=where, sponsor=sponsor),
        localize(scenario.summary).rstrip(".") + ".",
        ngettext("The exercise covered {n} day of scenario time.", "The exercise covered {n} days of scenario time.",
                 round(run.until / 24)).format(n=f"{run.until / 24:.0f}"),
        who))
    ratings = [v["rating"] for v in objective_views]
    tally = ", ".join(f"{ratings.count(r)} {r}" for r in "PSMU" if ratings.count(r))
    second = " ".join((
        _("The response scored {overall} of 100, against {baseline} for the same scenario and seed with nobody "
          "responding ({added} points).").format(overall=f"{score['overall']:.1f}",
                                                 baseline=f"{score['baseline_overall']:.1f}",
                                                 added=f"{score['value_added']:+.1f}"),
        ngettext("Of {n} objective, the report rates {tally} ({each}).",
                 "Of {n} objectives, the report rates {tally} ({each}).", len(ratings)).format(
            n=len(ratings), tally=tally or _("none"), each=", ".join(v["id"] + " " + v["rating"] for v in objective_views))))
    notes, answers = observed["notes"], observed["hotwash"]
    if notes or answers:
        rated = sum(1 for n in notes if n["rating"] and n["objective"])
        cells = len({a["cell"] for a in answers})
        evaluators = ngettext("{n} evaluator", "{n} evaluators", len(observed["evaluators"])).format(
            n=len(observed["evaluators"]))
        recorded = ngettext("recorded {n} observation ({rated} rated against an objective);",
                            "recorded {n} observations ({rated} rated against an objective);", len(notes)).format(
            n=len(notes), rated=rated)
        hotwash = ngettext("{n} cell answered the hot wash", "{n} cells answered the hot wash", cells).format(n=cells)
        given = ngettext("({n} answer).", "({n} answers).", len(answers)).format(n=len(answers))
        third = " ".join((evaluators, recorded, hotwash, given,
                          _("The ratings above are the evaluators' where they rated an objective, and the "
                            "simulation's rule otherwise.")))
    else:
        third = _("No evaluator observations or hot-wash answers are recorded in this replay: the ratings are the "
                  "simulation's rule, applied to the indicators.")
    paragraphs = [first, second, third]
    if one_seed:
        from replays.review.analysis import ONE_SEED

        paragraphs.append(_(ONE_SEED))
    high = [f for f in areas if f.get("priority") == "high"]
    lead_areas = _lead(high, 3)
    lead_areas += _lead([f for f in areas if f not in high], 3 - len(lead_areas))
    return {"paragraphs": paragraphs, "strengths": _lead(strengths, 3), "areas": lead_areas}


def _lead(found: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """Up to ``n`` findings to lead with: the first of each theme in :data:`THEME_WEIGHT` order, then the second ...

    Taking one per theme in turn keeps the summary from being three findings about the same thing.
    """
    by_theme = [[f for f in found if f["theme"] == theme] for theme in THEME_WEIGHT]
    by_theme.append([f for f in found if f["theme"] not in THEME_WEIGHT])
    out: list[dict[str, Any]] = []
    depth = 0
    while len(out) < n and any(len(group) > depth for group in by_theme):
        out += [group[depth] for group in by_theme if len(group) > depth][: n - len(out)]
        depth += 1
    return out


_ID = r"(?<![\w-]){}(?![\w-])"


def glossary(run: RunData, shown: Any, score: dict[str, Any]) -> list[dict[str, str]]:
    """The ids and names the report shows, each with its kind and meaning, sorted by id.

    ``shown`` is the report's content (its context without the images): an id is listed when it appears
    there as a whole word, so the glossary explains what the reader meets and nothing else.
    """
    from sim.catalogue_view import INDICATOR_SUMMARIES
    from sim.plugins import load_plugins
    from sim.registry import ACTIONS, TECHNIQUES

    load_plugins()
    text = json.dumps(shown, ensure_ascii=False, default=str)
    scenario = run.scenario
    entries: dict[str, dict[str, str]] = {}

    def add(key: str, kind: str, meaning: str) -> None:
        if key and key not in entries and re.search(_ID.format(re.escape(key)), text):
            entries[key] = {"id": key, "kind": kind, "meaning": meaning}

    for cid, cell in scenario.cells.items():
        add(cid, word("cell"), ", ".join(localize(x) for x in (cell.title, cell.organisation) if x) or _("a cell"))
    for o in scenario.objectives:
        add(o.id, word("objective"), "; ".join(x for x in (
            localize(o.description),
            _("indicator {indicator}, target {target}").format(indicator=indicator(o.indicator), target=f"{o.target:g}"),
            o.capability and _("capability: {capability}").format(capability=localize(o.capability))) if x))
    for a in scenario.actors:
        name = localize(getattr(a, "name", "")) or a.id
        kind = a.kind.replace("_", " ")
        add(a.id, word(kind) if kind in WORDS else kind, name)
    for n in scenario.narratives:
        add(n.id, word("narrative"), localize(n.claim))
    for d in score["decisions"]:
        aim = d["target"] or d["staff"]
        meaning = (_("{technique} by {actor} against {target}, launched {when}") if aim else
                   _("{technique} by {actor}, launched {when}"))
        add(d["thread"], word("threat thread"), meaning.format(technique=d["technique"], actor=name_of(d["actor"]),
                                                               target=name_of(aim),
                                                               when=clock(run, d["launched"], date=False)))
    # The registry's summaries are the catalogue's own English; shown translated where the catalogue has them.
    for name, action in ACTIONS.items():
        add(name, word("response (action)"), _(action.summary))
    for name, technique in TECHNIQUES.items():
        add(name, word("red technique"), _(technique.summary))
    for name, summary in INDICATOR_SUMMARIES.items():
        add(name, word("indicator"), f"{indicator(name)}: {_(summary)}" if indicator(name) != name else _(summary))
    for rating, meaning in RATING_NAMES.items():
        entries.setdefault(rating, {"id": rating, "kind": word("HSEEP rating"), "meaning": _(meaning)})
    return sorted(entries.values(), key=lambda e: (e["id"].lower()))
