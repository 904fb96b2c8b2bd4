"""What evaluators and the cells said about a run: evaluators' notes and the hot-wash answers.

Both are recorded in the replay. A note is a White control command (``note [OBJECTIVE] [rating=S]
text``, :mod:`sim.catalogue.control`) and so an ``eval.note`` event in the log, re-simulated and
verified like every other record; the hot wash is answered after the end and kept as ``hotwash``
records before the footer (:mod:`replays.format`). Readers (the after-action report) code against
two functions:

* :func:`notes` -> ``[{"t", "clock", "author", "objective", "rating", "text", "about"}]`` in time order;
* :func:`hotwash` -> ``[{"cell", "objective", "rating", "strengths", "improvements"}]`` in file order.

``objective`` is an id or None (a free note, the general answer), ``rating`` ``"P"``/``"S"``/``"M"``/``"U"``
or None, ``about`` the seq numbers of the events the note is tied to. A replay recorded before notes or
the hot wash existed gives ``[]``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from replays.format import HOTWASH_RATINGS, hotwash_problem

NOTE_KIND = "eval.note"
"""The event kind of an evaluator's note (registered in :mod:`sim.catalogue.control`)."""


def _rating(value: Any) -> str | None:
    text = str(value or "").strip().upper()
    return text if text in HOTWASH_RATINGS else None


def note_from_event(record: dict[str, Any], clock) -> dict[str, Any]:
    """One ``eval.note`` event record as a note of the contract; ``clock(t)`` words its time."""
    p = record.get("payload") or {}
    t = float(record.get("t", 0.0))
    about = [int(s) for s in (p.get("events") or ()) if type(s) is int]
    return {"t": t, "clock": clock(t), "author": str(p.get("author") or record.get("source") or "white"),
            "objective": str(p.get("objective")) if p.get("objective") else None, "rating": _rating(p.get("rating")),
            "text": str(p.get("text") or ""), "about": about}


def notes(run) -> list[dict[str, Any]]:
    """Every evaluator's note of ``run`` (a :class:`replays.score.RunData`), in time order."""
    found = [note_from_event(e, run.clock) for e in run.events if e.get("kind") == NOTE_KIND]
    return sorted(found, key=lambda n: n["t"])  # stable: notes at one time keep their log order


def answer_from_record(record: dict[str, Any]) -> dict[str, Any]:
    """One ``hotwash`` record as an answer of the contract."""
    return {"cell": str(record["cell"]), "objective": record.get("objective") or None,
            "rating": _rating(record.get("rating")), "strengths": str(record.get("strengths") or ""),
            "improvements": str(record.get("improvements") or "")}


def hotwash_records(path: str | Path) -> list[dict[str, Any]]:
    """The ``hotwash`` records of the replay at ``path``, checked as the reader checks them.

    Only lines that name the type are parsed (a replay is mostly samples); a damaged one is skipped
    here, since the reader (:func:`replays.format.read_replay`) reports it where it belongs.
    """
    found = []
    with open(path, "rb") as handle:
        for raw in handle:
            if b'"hotwash"' not in raw:
                continue
            try:
                record = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, ValueError):
                continue
            if isinstance(record, dict) and record.get("type") == "hotwash" and not hotwash_problem(record):
                found.append(record)
    return found


def hotwash(run) -> list[dict[str, Any]]:
    """Every hot-wash answer of ``run``, in the order the cells gave them.

    Taken from ``run.hotwash`` when the run carries its records (a replay read with them), else from
    the replay file ``run.path``; a run that was never written to a file has none.
    """
    records = getattr(run, "hotwash", None)
    if records is None:
        path = getattr(run, "path", "") or ""
        records = hotwash_records(path) if path and Path(path).is_file() else []
    return [answer_from_record(r) for r in records]
