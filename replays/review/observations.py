"""What people saw: evaluators' notes and the cells' hot-wash answers, read for the report.

The notes and answers are recorded during play and kept in the replay; :mod:`replays.evaluation`
reads them back, with this contract:

* ``notes(run)`` -> ``[{"t", "clock", "author", "objective" (id or None), "rating" ("P"/"S"/"M"/"U" or
  None), "text", "about" (event seqs)}]``;
* ``hotwash(run)`` -> ``[{"cell", "objective" (id or None), "rating", "strengths", "improvements"}]``.

:func:`read_observations` takes them from that module when it is installed (a replay recorded before
notes existed simply has none) and puts them in the shape the report shows: every field present,
ratings upper-case and P/S/M/U or None, an objective id the scenario does not have kept as a free
note (the report must not drop what an evaluator wrote, nor file it under an objective that is not
there), the events a note is about resolved to their clock and wording. :func:`evaluator_rating`
is the rating the AAR gives an objective from its evaluators' ratings.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections import Counter
from typing import Any

from replays.review.lang import clock, shown_clock
from replays.score import RunData
from sim.i18n import _

RATING_ORDER = "PSMU"
"""HSEEP ratings from best to worst: Performed without challenges, with some challenges, with major
challenges, Unable to be performed."""

SOURCE_MODULE = "replays.evaluation"


def _source() -> Any | None:
    """The module that reads notes and answers from a replay, or None before it exists.

    Only a *missing* module means "no notes": an error inside it is a bug to see, not to hide.
    """
    try:
        if importlib.util.find_spec(SOURCE_MODULE) is None:
            return None
    except (ImportError, ValueError):
        return None
    return importlib.import_module(SOURCE_MODULE)


def _rating(value: Any) -> str | None:
    text = str(value or "").strip().upper()[:1]
    return text if text and text in RATING_ORDER else None


def _lines(value: Any) -> list[str]:
    """A hot-wash field as a list of its points: one text (a point per line) or a list of texts."""
    if value is None:
        return []
    items = value if isinstance(value, (list, tuple)) else str(value).splitlines()
    return [str(item).strip() for item in items if str(item or "").strip()]


def read_observations(run: RunData, source: Any | None = None) -> dict[str, Any]:
    """The run's evaluators' notes and hot-wash answers, normalised (see the module docstring).

    Returns ``notes`` (time order), ``hotwash`` (scenario cell order), ``evaluators`` (note authors, in
    order of first note), ``available`` (whether a source of notes is installed) and ``unknown_objectives``
    (objective ids notes or answers named that the scenario lacks).
    """
    source = _source() if source is None else source
    objectives = {o.id for o in run.scenario.objectives}
    events = {int(e["seq"]): e for e in run.events if "seq" in e}
    unknown: set[str] = set()

    def objective_of(value: Any) -> str | None:
        if value in (None, ""):
            return None
        if str(value) in objectives:
            return str(value)
        unknown.add(str(value))
        return None

    notes: list[dict[str, Any]] = []
    answers: list[dict[str, Any]] = []
    if source is not None:
        for n in source.notes(run) or ():
            t = float(n.get("t") or 0.0)
            about = []
            for seq in n.get("about") or ():
                e = events.get(int(seq)) if str(seq).lstrip("-").isdigit() else None
                about.append({"seq": int(seq) if e is not None else seq,
                              "clock": clock(run, float(e["t"]), date=False) if e is not None else "",
                              "what": _describe(e) if e is not None else _("not in the log")})
            named = n.get("objective")
            notes.append({"t": t, "clock": shown_clock(n.get("clock") or run.clock(t), date=False),
                          "author": str(n.get("author") or "evaluator"), "objective": objective_of(named),
                          "named_objective": "" if named in (None, "") else str(named),
                          "rating": _rating(n.get("rating")), "text": str(n.get("text") or ""), "about": about})
        for a in source.hotwash(run) or ():
            named = a.get("objective")
            answers.append({"cell": str(a.get("cell") or ""), "objective": objective_of(named),
                            "named_objective": "" if named in (None, "") else str(named),
                            "rating": _rating(a.get("rating")), "strengths": _lines(a.get("strengths")),
                            "improvements": _lines(a.get("improvements"))})
    notes.sort(key=lambda n: n["t"])
    for no, n in enumerate(notes, start=1):  # the report's anchors (note-1, ...) and findings cite these numbers
        n["no"] = no
    cell_order = {cid: i for i, cid in enumerate(run.scenario.cells)}
    answers.sort(key=lambda a: cell_order.get(a["cell"], len(cell_order)))
    evaluators = list(dict.fromkeys(n["author"] for n in notes))
    return {"notes": notes, "hotwash": answers, "evaluators": evaluators, "available": source is not None,
            "unknown_objectives": sorted(unknown)}


def _describe(event: dict[str, Any]) -> str:
    from sim.eventkinds import describe
    from sim.plugins import load_plugins

    load_plugins()
    return describe(event)


def evaluator_rating(ratings: list[str | None]) -> str | None:
    """The objective's rating from its evaluators' ratings: the most frequent; a tie goes to the worse one.

    HSEEP leaves the final rating to the evaluation team; the most frequent rating is their majority, and
    breaking a tie towards the worse rating keeps a disagreement from flattering the exercise.
    """
    counts = Counter(r for r in ratings if r)
    if not counts:
        return None
    return max(counts, key=lambda r: (counts[r], RATING_ORDER.index(r)))
