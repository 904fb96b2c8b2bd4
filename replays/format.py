"""Replay format v1: JSON Lines, written as the exercise runs.

A replay is everything needed to reproduce a run, plus its results for fast review:

* line 1, the **header**: ``{"type": "header", "format": "weerbaar-replay", "version": 1,
  "weerbaar": <version>, "scenario_id", "scenario_sha256", "scenario_text", "source",
  "seed", "players": [cells held by players], "until": <hours>, "created": <UTC ISO>,
  "parent": null or {"replay", "sha256", "t"}}``;
* then, in the order they happened, **command** records ``{"type": "command", "t", "cell",
  "text"}`` (what players typed, accepted or not; ``t`` is exact), **event** records
  (:meth:`sim.events.Event.to_record`) and **sample** records ``{"type": "sample", "t",
  "indicators", "population"?}``;
* after the run, before the footer, the **hot wash**: ``{"type": "hotwash", "t": <end>, "cell",
  "objective": id or null (null: the general answer), "rating": "P"/"S"/"M"/"U" or null,
  "strengths", "improvements"}``, one record per answer the cells gave on the hot-wash form.
  They are what people said about the run, not part of it: re-simulation does not produce them,
  so :mod:`replays.verify` does not compare them and ``log_sha256`` does not cover them. A replay
  recorded before the hot wash existed simply has none;
* last, the **footer**: ``{"type": "footer", "events", "samples", "commands", "end",
  "log_sha256"}``, where ``log_sha256`` is the running hash of the event records.

Every line is flushed as the run goes (at least once per tick), so a killed run
leaves a readable prefix; the reader reports a truncated or corrupt line by its
number and returns everything before it.

The reader trusts nothing on a line: each is decoded as UTF-8 and parsed as strict
JSON on its own (no ``NaN`` or ``Infinity``, no number that overflows to infinity
such as ``1e999``, none beyond :data:`MAX_MAGNITUDE`), and its fields are checked
against what the readers downstream (verify, scoring, review, export, the viewer)
use: times within the run (``0`` to the header's ``until``) and never going back,
events numbered from 0 in file order with text kind, source and target, payload
fields of the types :data:`_PAYLOAD_FIELDS` lists, samples with the nine
resilience indicators (:data:`REQUIRED_INDICATORS`) and every indicator they hold
a number from 0 to 100 (the three cost indicators are missing from replays
recorded before they existed: such a sample is whole, not corrupt), a footer with
whole counts and an ``end`` not before the last record. A line that fails is a corrupt record, reported like a
cut one. The header must be usable or the replay is refused (:class:`ReplayError`,
``path:1: ...``): its ``version`` exactly an ``int`` from 1 to
:data:`FORMAT_VERSION` (``0``, ``-1``, ``"1"``, ``1.0`` and ``true`` are invalid,
a higher one is newer), and ``scenario_sha256``, when present, the scenario text's.
Whether the footer's counts and the scenario id are *true* is for
:mod:`replays.verify` to check.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from sim.events import GENESIS, chain, dumps
from sim.i18n import M_, Message, shown
from sim.scenario.schemabase import COST_INDICATORS, INDICATOR_NAMES

FORMAT_NAME = "weerbaar-replay"
FORMAT_VERSION = 1

REQUIRED_INDICATORS: tuple[str, ...] = tuple(n for n in INDICATOR_NAMES if n not in COST_INDICATORS)
"""What every sample must hold: the nine resilience indicators. The cost indicators
(:data:`~sim.scenario.schemabase.COST_INDICATORS`) came later; a replay recorded before them lacks them."""


def weerbaar_version() -> str:
    """The installed weerbaar version (``0+unknown`` when run from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weerbaar")
    except PackageNotFoundError:
        return "0+unknown"


_NO_SAMPLES_CUT = {
    "score": M_("{path}: no indicator samples to score: {problem}"),
    "review": M_("{path}: no indicator samples to review: {problem}"),
    "compare": M_("{path}: no indicator samples to compare: {problem}"),
}
_NO_SAMPLES = {
    "score": M_("{where}: no indicator samples to score (the replay records none)"),
    "review": M_("{where}: no indicator samples to review (the replay records none)"),
    "compare": M_("{where}: no indicator samples to compare (the replay records none)"),
}
"""What :meth:`Replay.no_samples_message` says, by what was to be done (the templates; another verb: in English)."""


class ReplayError(ValueError):
    """A replay that cannot be used at all (not a replay, a damaged header, or a newer format); one line."""


@dataclass
class Replay:
    """A replay as read from disk.

    Attributes:
        path: where it was read from.
        header: the header record.
        commands / events / samples: records in file order.
        hotwash: the hot-wash answers (after the run, before the footer; not in ``records``).
        footer: the footer, or None if the run was cut short.
        lines: line number of each record, by its position in ``records``.
        records: every body record (commands, events, samples) in file order.
        problems: what the reader could not read (``"line N: ..."``); reading stops at the first.
        footer_line: the footer's line number (0 without a footer).
        loaded: the header's scenario once :func:`header_scenario` has validated it (validated once per replay).
    """

    path: str
    header: dict[str, Any]
    commands: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    hotwash: list[dict[str, Any]] = field(default_factory=list)
    footer: dict[str, Any] | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    footer_line: int = 0
    loaded: Any = field(default=None, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        """Whether the run finished and wrote its footer."""
        return self.footer is not None and not self.problems

    def no_samples_message(self, verb: str) -> str:
        """One line for a replay with no indicator samples to ``verb``: where reading stopped, or that none was recorded."""
        if self.problems:
            template = _NO_SAMPLES_CUT.get(verb, "{path}: no indicator samples to {verb}: {problem}")
            return M_(template, path=self.path, verb=verb, problem=self.problems[0]) if "{verb}" in template else \
                M_(template, path=self.path, problem=self.problems[0])
        where = f"{self.path}:{self.footer_line or 1}"
        template = _NO_SAMPLES.get(verb, "{where}: no indicator samples to {verb} (the replay records none)")
        return M_(template, where=where, verb=verb) if "{verb}" in template else M_(template, where=where)

    @property
    def until(self) -> float:
        """How far the run went: the footer's end, or the last record's time."""
        if self.footer is not None:
            return float(self.footer["end"])
        times = [float(r["t"]) for r in self.records if "t" in r]
        return max(times, default=0.0)


class ReplayWriter:
    """Writes a replay as the exercise runs; attach with :meth:`attach`, finish with :meth:`close`.

    Writes go to the file as they happen and are flushed after every sample and
    command, so a crash or a kill loses at most the current tick.
    """

    def __init__(self, path: str | Path, header: dict[str, Any]) -> None:
        self.path = Path(path)
        if self.path.parent and not self.path.parent.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] | None = self.path.open("w", encoding="utf-8", newline="\n")
        self.counts = {"events": 0, "samples": 0, "commands": 0}
        self._digest = GENESIS
        self._write(dumps({"type": "header", "format": FORMAT_NAME, "version": FORMAT_VERSION, **header}))
        self._flush()

    @classmethod
    def for_exercise(cls, path: str | Path, exercise, until: float, parent: dict[str, Any] | None = None) -> "ReplayWriter":
        """Open a replay for ``exercise`` and subscribe to it."""
        loaded = exercise.loaded
        header = {
            "weerbaar": weerbaar_version(),
            "scenario_id": exercise.scenario.id,
            "scenario_sha256": loaded.sha256,
            "scenario_text": loaded.text,
            "source": loaded.source,
            "seed": exercise.seed,
            "players": sorted(c.id for c in exercise.cells.values() if c.held),
            "until": until,
            "created": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "parent": parent,
        }
        writer = cls(path, header)
        writer.attach(exercise)
        return writer

    def attach(self, exercise) -> None:
        """Subscribe to the exercise's log, samples and commands."""
        exercise.log.subscribe(self._on_event)
        exercise.on_sample.append(self._on_sample)
        exercise.on_command.append(self._on_command)

    def _write(self, line: str) -> None:
        if self._file is None:
            raise ReplayError(f"replay {self.path} is already closed")
        self._file.write(line + "\n")

    def _flush(self) -> None:
        assert self._file is not None
        self._file.flush()

    def flush(self) -> None:
        """Hand what is written to the operating system now, so a killed process keeps it (a host calls this
        before its seats are sent the events: they never see what the replay could lose)."""
        if self._file is not None:
            self._file.flush()

    def _on_event(self, event, line: str) -> None:
        self._write(line)
        self._digest = chain(self._digest, line)
        self.counts["events"] += 1

    def _on_sample(self, record: dict[str, Any]) -> None:
        self._write(dumps(record))
        self.counts["samples"] += 1
        self._flush()

    def _on_command(self, t: float, cell: str, text: str) -> None:
        # ``t`` is kept exact (json writes floats round-trip), so re-simulation submits at the same instant.
        self._write(json.dumps({"type": "command", "t": t, "cell": cell, "text": text}, ensure_ascii=False,
                               sort_keys=True, separators=(",", ":")))
        self.counts["commands"] += 1
        self._flush()

    def write_hotwash(self, t: float, answers: list[dict[str, Any]]) -> None:
        """Write the hot-wash answers (``cell``, ``objective``, ``rating``, ``strengths``, ``improvements``) at
        time ``t``, the run's end: after the last event, before the footer (:meth:`close`)."""
        for answer in answers:
            problem = hotwash_problem({"type": "hotwash", "t": t, **answer})
            if problem:
                raise ValueError(M_("hot-wash answer of {cell!r}: {problem}", cell=answer.get("cell"), problem=problem))
            record = {"type": "hotwash", "t": t, "cell": answer["cell"], "objective": answer.get("objective"),
                      "rating": answer.get("rating"), "strengths": answer.get("strengths", ""),
                      "improvements": answer.get("improvements", "")}
            self._write(json.dumps(record, ensure_ascii=False, sort_keys=True, separators=(",", ":")))
        self._flush()

    def close(self, end: float) -> str:
        """Write the footer and close; returns the log's sha256."""
        self._write(dumps({"type": "footer", **self.counts, "end": end, "log_sha256": self._digest}))
        assert self._file is not None
        self._file.flush()
        os.fsync(self._file.fileno())
        self._file.close()
        self._file = None
        return self._digest

    def abandon(self) -> None:
        """Close without a footer (the run was interrupted); what was written stays readable."""
        if self._file is not None:
            self._file.flush()
            self._file.close()
            self._file = None


MAX_HOURS = 730 * 24.0
"""The latest time a record can have: the scenario schema allows at most 730 days (``sim.scenario.schema.Duration``)."""
MAX_MAGNITUDE = 1e15
"""No number in a replay is larger than this (seeds excepted): larger ones are damage, not data."""
TIME_SLACK = 1e-6
"""Hours two times may disagree by: commands keep exact times, events and samples are rounded to 6 decimals."""


class _Unreadable(ValueError):
    """A line that does not parse as strict JSON (why, for the problem message)."""


def _why(exc: BaseException) -> Any:
    """An exception's message: the :class:`sim.i18n.Message` it was raised with, or its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)


def _refuse_constant(name: str) -> Any:
    raise _Unreadable(M_("{name} is not a number", name=name))


def _parse_line(raw: bytes) -> Any:
    """One line as strict JSON: UTF-8, no ``NaN`` or ``Infinity``.

    Numbers that overflow (``1e999`` parses as ``inf``) are left to :func:`_number_problem`:
    checking each number in a hook would make reading several times slower.

    Raises:
        _Unreadable: why the line cannot be read.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Unreadable(M_("bytes that are not UTF-8 text at byte {n}", n=exc.start + 1)) from None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except _Unreadable:
        raise
    except RecursionError:
        raise _Unreadable(M_("nested too deeply")) from None
    except json.JSONDecodeError as exc:
        raise _Unreadable(M_("not JSON ({problem} at column {column})", problem=exc.msg, column=exc.colno)) from None
    except ValueError:  # what else json.loads raises: int() refusing a number of thousands of digits
        raise _Unreadable(M_("a number with too many digits")) from None


_NUMBERS = frozenset((int, float))


def _in_range(value: Any) -> bool:
    """Whether every number in ``value`` (at any depth) is within ±MAX_MAGNITUDE (so finite)."""
    stack = [value]
    while stack:  # iterative: a deeply nested record must not overflow the stack here
        item = stack.pop()
        kind = type(item)
        if kind is dict:
            stack.extend(item.values())
        elif kind is list:
            if item and set(map(type, item)) <= _NUMBERS:  # a histogram: two C-level passes, not one per value
                if max(item) > MAX_MAGNITUDE or min(item) < -MAX_MAGNITUDE:  # no NaN: the parser refuses it
                    return False
            else:
                stack.extend(item)
        elif (kind is float or kind is int) and not -MAX_MAGNITUDE <= item <= MAX_MAGNITUDE:
            return False
    return True


def _number_problem(record: Any, skip: tuple[str, ...] = ()) -> str:
    """The first number in ``record`` (at any depth, except top-level keys in ``skip``) out of ±MAX_MAGNITUDE."""
    if isinstance(record, dict):
        items = [(k, v) for k, v in record.items() if k not in skip]
        if _in_range([v for _, v in items]):
            return ""
    else:
        items = [("", record)]
    stack = items
    while stack:  # only for a record that has such a number: find where, for the message
        where, value = stack.pop()
        if type(value) in _NUMBERS and not -MAX_MAGNITUDE <= value <= MAX_MAGNITUDE:
            return M_("{where}: number {value} is out of range", where=_name(where), value=f"{value:.6g}")
        if isinstance(value, dict):
            stack.extend((f"{where}.{k}", v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(value))
    return ""


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _show(value: Any) -> str:
    """A value for a one-line message: its repr (line breaks escaped), cut to 40 characters."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _name(text: str) -> str:
    """A key from the file for a one-line message: as it is if short and printable, else :func:`_show`."""
    return text if len(text) <= 60 and text.isprintable() else _show(text)


def _is_text(value: Any) -> bool:
    return isinstance(value, str)


def _is_texts(value: Any) -> bool:
    return isinstance(value, list) and set(map(type, value)) <= {str}


def _is_numbers(value: Any) -> bool:
    return isinstance(value, list) and set(map(type, value)) <= _NUMBERS


def _is_scalars(value: Any) -> bool:
    return isinstance(value, dict) and all(v is None or isinstance(v, (str, int, float)) for v in value.values())


def _is_values(value: Any) -> bool:
    return isinstance(value, dict) and all(_is_number(v) for v in value.values())


_PAYLOAD_FIELDS: dict[str, tuple[Any, str]] = {
    **dict.fromkeys(("operation", "technique", "cause", "staff", "outcome", "action", "body", "by", "order", "reason",
                     "command", "expected_action", "objective", "synopsis", "notes", "summary", "suspected", "title",
                     "headline", "text", "theme", "sector", "replaces", "response", "measure", "what", "signal",
                     "narrative", "about", "stance", "ref", "origin", "actor"), (_is_text, M_("text"))),
    **dict.fromkeys(("confidence", "capacity", "effective", "ends", "as_of", "size", "spreaders", "deterrence",
                     "escalation", "max_operations", "reach", "effect", "days", "removed", "barrier", "trust"),
                    (_is_number, M_("a number"))),
    **dict.fromkeys(("operations", "partners", "closed", "outlets", "cells", "segments", "narratives"),
                    (_is_texts, M_("a list of text"))),
    "no": (lambda v: type(v) is int, M_("a whole number")),
    "critical": (lambda v: type(v) is bool, M_("true or false")),
    "info_position": (_is_numbers, M_("a list of numbers")),
    "params": (_is_scalars, M_("an object of plain values")),
    "values": (_is_values, M_("an object of numbers")),
}
"""Payload fields the readers of the log (scoring, review, export, the viewer) use, and what each must be.
A field not listed here is carried along unread."""

_PAYLOAD_REQUIRED = {"operation.launched": ("operation", "technique"), "poll": ("values",)}
"""Payload fields read without a default, by event kind."""


def _header_problem(header: dict[str, Any]) -> str:
    """What is wrong with a header's fields ("" if nothing)."""
    if header.get("type") != "header":
        return M_("type must be 'header' (got {value})", value=_show(header.get("type")))
    text = header.get("scenario_text")
    if not isinstance(text, str):
        return M_("scenario_text must be the scenario file's text")
    digest = header.get("scenario_sha256")
    if digest is not None:
        if not isinstance(digest, str):
            return M_("scenario_sha256 must be the hex digest of the scenario text (got {value})", value=_show(digest))
        if digest != hashlib.sha256(text.encode("utf-8")).hexdigest():
            return M_("scenario_sha256 does not match the scenario text")
    for key in ("scenario_id", "weerbaar", "source", "created"):
        if key in header and not isinstance(header[key], str):
            return M_("{key} must be text (got {value})", key=key, value=_show(header[key]))
    seed = header.get("seed")
    if type(seed) is not int or seed < 0:
        return M_("seed must be a non-negative whole number (got {value})", value=_show(seed))
    players = header.get("players")
    if not _is_texts(players):
        return M_("players must be a list of cell ids")
    if "until" in header and not (_is_number(header["until"]) and 0 <= header["until"] <= MAX_HOURS):
        return M_("until must be a number of hours from 0 to {max:g} (got {value})", max=MAX_HOURS,
                  value=_show(header["until"]))
    parent = header.get("parent")
    if parent is not None and not (isinstance(parent, dict) and _is_text(parent.get("replay", ""))
                                   and (parent.get("sha256") is None or _is_text(parent["sha256"]))
                                   and _is_number(parent.get("t", 0.0))):
        return M_("parent must be null, or name the replay branched from (text), its log sha256 and t (hours)")
    return _number_problem(header, skip=("seed",))


HOTWASH_RATINGS = ("P", "S", "M", "U")
HOTWASH_TEXT_MAX = 4000
"""Characters a hot-wash strengths or improvements text may have."""


def hotwash_problem(record: dict[str, Any]) -> str:
    """What is wrong with a hot-wash record's own fields ("" if nothing); its time is checked with the others."""
    if not isinstance(record.get("cell"), str) or not record["cell"]:
        return M_("cell must be the answering cell's id")
    if record.get("objective") is not None and not isinstance(record["objective"], str):
        return M_("objective must be an objective id or null")
    if record.get("rating") is not None and record["rating"] not in HOTWASH_RATINGS:
        return M_("rating must be one of P, S, M, U or null (got {value})", value=_show(record["rating"]))
    for key in ("strengths", "improvements"):
        value = record.get(key, "")
        if not isinstance(value, str):
            return M_("{key} must be text", key=key)
        if len(value) > HOTWASH_TEXT_MAX:
            return M_("{key} has {n} characters, more than {max}", key=key, n=len(value), max=HOTWASH_TEXT_MAX)
    return ""


class _BodyChecks:
    """The checks of body and footer records that depend on what came before (times, seq) and on the header."""

    def __init__(self, header: dict[str, Any]) -> None:
        self.limit = float(header["until"]) if "until" in header else MAX_HOURS
        self.last_t = 0.0
        self.next_seq = 0

    def _time_problem(self, t: Any, what: str) -> str:
        if not _is_number(t):
            return M_("{what} must be a number of hours (got {value})", what=what, value=_show(t))
        if not 0 <= t <= self.limit + TIME_SLACK:
            return M_("{what} {t:g} is outside the run (0 to {limit:g} hours)", what=what, t=t, limit=self.limit)
        if t < self.last_t - TIME_SLACK:  # commands keep exact times, events are rounded to 6 decimals
            return M_("{what} {t:g} is before the record above it ({last:g})", what=what, t=t, last=self.last_t)
        return ""

    def problem(self, kind: str, record: dict[str, Any]) -> str:
        """What is wrong with a body or footer record's fields ("" if nothing); accepting it moves the checks on."""
        # A sample's population is most of its numbers: _population_problem checks their range in its own walk.
        problem = _number_problem(record, skip=("population",) if kind == "sample" else ()) or self._fields(kind, record)
        if not problem and kind in ("command", "event", "sample"):
            self.last_t = float(record["t"])
            if kind == "event":
                self.next_seq += 1
        return problem

    def _fields(self, kind: str, record: dict[str, Any]) -> str:
        if kind == "footer":
            for key in ("events", "samples", "commands"):
                if type(record.get(key)) is not int or record[key] < 0:
                    return M_("{key} must be a count (got {value})", key=key, value=_show(record.get(key)))
            if not isinstance(record.get("log_sha256"), str):
                return M_("log_sha256 must be a string")
            return self._time_problem(record.get("end"), "end")
        if kind not in ("command", "event", "sample", "hotwash"):
            return ""  # an unknown type: the reader names it
        problem = self._time_problem(record.get("t"), "t")
        if problem:
            return problem
        if kind == "hotwash":
            return hotwash_problem(record)
        if kind == "command":
            if not (isinstance(record.get("cell"), str) and isinstance(record.get("text"), str)):
                return M_("cell and text must be strings")
            return ""
        if kind == "sample":
            return self._sample(record)
        return self._event(record)

    def _event(self, record: dict[str, Any]) -> str:
        if type(record.get("seq")) is not int or record["seq"] != self.next_seq:
            return M_("seq must be {seq}, the event's position in the log (got {value})", seq=self.next_seq,
                      value=_show(record.get("seq")))
        for key in ("kind", "source", "target"):
            if not isinstance(record.get(key), str):
                return M_("an event needs a kind, a source and a target (text); {key} is {value}", key=key,
                          value=_show(record.get(key)))
        for key in ("visible_to", "tags"):
            if not _is_texts(record.get(key)):
                return M_("{key} must be a list of text", key=key)
        payload = record.get("payload")
        if not isinstance(payload, dict):
            return M_("payload must be an object")
        for key in _PAYLOAD_REQUIRED.get(record["kind"], ()):
            if key not in payload:
                return M_("a {kind} event needs payload.{key}", kind=record["kind"], key=key)
        for key, value in payload.items():
            check = _PAYLOAD_FIELDS.get(key)
            if check is not None and not check[0](value):
                return M_("payload.{key} must be {what} (got {value})", key=key, what=check[1], value=_show(value))
        return ""

    @staticmethod
    def _sample(record: dict[str, Any]) -> str:
        indicators = record.get("indicators")
        if not isinstance(indicators, dict):
            return M_("a sample needs an indicators object")
        missing = [name for name in REQUIRED_INDICATORS if name not in indicators]
        if missing:
            return M_("indicators lack {names}", names=", ".join(missing))
        values = list(indicators.values())
        if not (set(map(type, values)) <= _NUMBERS and 0 <= min(values) and max(values) <= 100):
            name, value = next((n, v) for n, v in indicators.items() if not (_is_number(v) and 0 <= v <= 100))
            return M_("indicator {name} must be a number from 0 to 100 (got {value})", name=_name(name),
                      value=_show(value))
        population = record.get("population")
        return "" if population is None else _population_problem(population)


def _population_problem(value: Any) -> str:
    """What is wrong with a sample's population ("" if nothing): it must be an object whose values are numbers
    within ±MAX_MAGNITUDE, lists of such numbers, or objects like it. (One walk: samples are most of a file.)"""
    stack = [value]
    while stack:
        item = stack.pop()
        if type(item) is not dict:
            return "population must be an object of numbers (and lists of numbers)"
        for v in item.values():
            kind = type(v)
            if kind is dict:
                stack.append(v)
                continue
            if kind is list:
                if not set(map(type, v)) <= _NUMBERS:
                    return "population must be an object of numbers (and lists of numbers)"
                low, high = (min(v), max(v)) if v else (0, 0)
            elif kind in _NUMBERS:
                low = high = v
            else:
                return "population must be an object of numbers (and lists of numbers)"
            if low < -MAX_MAGNITUDE or high > MAX_MAGNITUDE:
                return M_("{where}: number {value} is out of range", where="population",
                          value=f"{low if low < -MAX_MAGNITUDE else high:.6g}")
    return ""


def _read_header(path: str | Path, first: bytes) -> dict[str, Any]:
    """The header from the first line, checked; raises :class:`ReplayError` naming ``path:1``."""
    try:
        header = _parse_line(first)
    except _Unreadable as exc:
        if first.lstrip().startswith(b"{") and FORMAT_NAME.encode() in first:
            raise ReplayError(M_("{where}: header: {problem}", where=f"{path}:1", problem=_why(exc))) from None
        raise ReplayError(M_("{where}: not a weerbaar replay (the first line is not a JSON header: {problem})",
                             where=f"{path}:1", problem=_why(exc))) from None
    if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
        found = header.get("format") if isinstance(header, dict) else None
        raise ReplayError(M_("{where}: not a weerbaar replay (format is {value})", where=f"{path}:1", value=_show(found)))
    version = header.get("version")
    # Exactly an int: True, 1.0 and "1" are not version 1, and 0 or -1 is no version at all.
    if type(version) is not int or version < 1:
        raise ReplayError(M_("{where}: header: invalid replay format version {version} (expected a whole number "
                             "from 1 to {latest})", where=f"{path}:1", version=json.dumps(version), latest=FORMAT_VERSION))
    if version > FORMAT_VERSION:
        raise ReplayError(M_("{where}: replay format version {version} is newer than this weerbaar reads ({latest}); "
                             "upgrade weerbaar to open it", where=f"{path}:1", version=version, latest=FORMAT_VERSION))
    problem = _header_problem(header)
    if problem:
        raise ReplayError(M_("{where}: header: {problem}", where=f"{path}:1", problem=problem))
    return header


def one_line(lines: list[str]) -> str:
    """A scenario's problems as one line: the first, and how many more (a replay's problems are one line each)."""
    if not lines:
        line: Any = M_("invalid scenario")
    elif len(lines) == 1:
        line = lines[0]
    elif len(lines) == 2:
        line = M_("{first} (and 1 more problem)", first=lines[0])
    else:
        line = M_("{first} (and {n} more problems)", first=lines[0], n=len(lines) - 1)
    # Messages in (a ScenarioError's): a message out; lines as printed: the line as printed.
    return line if all(isinstance(x, Message) for x in lines) else str(shown(line))


def header_scenario(replay: Replay):
    """The scenario of a replay's header, validated, with the header's players checked against its cells.

    Returns a :class:`sim.scenario.LoadedScenario`. Every reader of a replay that needs the scenario
    uses this, so a header whose text no longer validates is reported the same way everywhere; the
    result is kept on the replay, so checking early (before warning about a cut replay) costs nothing.

    Raises:
        sim.scenario.ScenarioError: the text does not validate; one line (its first problem, and how many more).
        ReplayError: the header's players name a cell the scenario lacks.
    """
    from sim.scenario import ScenarioError, parse_scenario

    if replay.loaded is not None:
        return replay.loaded
    try:
        loaded = parse_scenario(replay.header["scenario_text"], source=f"{replay.path}:header.scenario_text")
    except ScenarioError as exc:
        raise ScenarioError([one_line(exc.messages)]) from None
    unknown = [p for p in replay.header.get("players", ()) if p not in loaded.scenario.cells]
    if unknown:
        raise ReplayError(M_("{where}: header: players: no cell {cell} in scenario {scenario}", where=f"{replay.path}:1",
                             cell=_show(unknown[0]), scenario=loaded.scenario.id))
    replay.loaded = loaded
    return loaded


def read_replay(path: str | Path) -> Replay:
    """Read a replay, keeping everything up to the first unreadable line.

    Each line is decoded as UTF-8 and parsed as strict JSON on its own, and its fields are
    checked (times within the run and in order, events numbered in sequence, every indicator
    a number from 0 to 100, the footer's counts and end), so a damaged line — bad bytes,
    ``NaN``, ``1e999``, a missing field — stops the reading there just as a cut line does:
    ``problems`` names it (``"line N: ...; read up to line N-1"``) and what came before is kept.

    Raises:
        ReplayError: the file is missing, is not a weerbaar replay, has an unusable header, or has
            a newer (or an invalid) format version; the message starts with ``path:1:``.
    """
    try:
        handle = open(path, "rb")  # bytes: each line is decoded on its own, so bad bytes are one line's problem
    except OSError as exc:
        from sim.scenario.loading import _os_problem

        raise ReplayError(M_("{path}: {problem}", path=path, problem=_os_problem(exc))) from None
    with handle:
        header = _read_header(path, handle.readline())
        replay = Replay(path=str(path), header=header)
        checks = _BodyChecks(header)
        for number, line in enumerate(handle, start=2):
            if not line.endswith(b"\n"):
                replay.problems.append(M_("line {n}: truncated record (the run was cut off); read up to line {last}",
                                          n=number, last=number - 1))
                break
            try:
                record = _parse_line(line)
            except _Unreadable as exc:
                replay.problems.append(M_("line {n}: corrupt record: {problem}; read up to line {last}", n=number,
                                          problem=_why(exc), last=number - 1))
                break
            if not isinstance(record, dict) or not isinstance(record.get("type"), str):
                replay.problems.append(M_("line {n}: corrupt record; read up to line {last}", n=number, last=number - 1))
                break
            kind = record["type"]
            if replay.footer is not None:
                replay.problems.append(M_("line {n}: record after the footer", n=number))
                break
            problem = checks.problem(kind, record)
            if problem:
                replay.problems.append(M_("line {n}: malformed {kind} record: {problem}; read up to line {last}",
                                          n=number, kind=kind, problem=problem, last=number - 1))
                break
            if kind == "footer":
                replay.footer, replay.footer_line = record, number
                continue
            if kind == "hotwash":
                replay.hotwash.append(record)  # said about the run, not part of it: not in records
                continue
            if replay.hotwash:
                replay.problems.append(M_("line {n}: {kind} record after the hot wash; read up to line {last}",
                                          n=number, kind=kind, last=number - 1))
                break
            bucket = {"command": replay.commands, "event": replay.events, "sample": replay.samples}.get(kind)
            if bucket is None:
                replay.problems.append(M_("line {n}: unknown record type {kind}; read up to line {last}", n=number,
                                          kind=_show(kind), last=number - 1))
                break
            bucket.append(record)
            replay.records.append(record)
            replay.lines.append(number)
        if replay.footer is None and not replay.problems:
            last = replay.lines[-1] if replay.lines else 1
            replay.problems.append(M_("no footer: the run did not finish (or was killed); read up to line {last}, "
                                      "the last whole record", last=last))
    return replay
