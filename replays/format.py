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
* last, the **footer**: ``{"type": "footer", "events", "samples", "commands", "end",
  "log_sha256"}``, where ``log_sha256`` is the running hash of the event records.

Every line is flushed as the run goes (at least once per tick), so a killed run
leaves a readable prefix; the reader reports a truncated or corrupt line by its
number and returns everything before it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from sim.events import GENESIS, chain, dumps

FORMAT_NAME = "weerbaar-replay"
FORMAT_VERSION = 1


def weerbaar_version() -> str:
    """The installed weerbaar version (``0+unknown`` when run from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("weerbaar")
    except PackageNotFoundError:
        return "0+unknown"


class ReplayError(ValueError):
    """A replay that cannot be used at all (not a replay, or a newer format)."""


@dataclass
class Replay:
    """A replay as read from disk.

    Attributes:
        path: where it was read from.
        header: the header record.
        commands / events / samples: records in file order.
        footer: the footer, or None if the run was cut short.
        lines: line number of each record, by its position in ``records``.
        records: every body record (commands, events, samples) in file order.
        problems: what the reader could not read (``"line N: ..."``); reading stops at the first.
    """

    path: str
    header: dict[str, Any]
    commands: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    samples: list[dict[str, Any]] = field(default_factory=list)
    footer: dict[str, Any] | None = None
    records: list[dict[str, Any]] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether the run finished and wrote its footer."""
        return self.footer is not None and not self.problems

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


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _header_problem(header: dict[str, Any]) -> str:
    """What is wrong with a header's fields ("" if nothing)."""
    if not isinstance(header.get("scenario_text"), str):
        return "scenario_text must be the scenario file's text"
    seed = header.get("seed")
    if type(seed) is not int or seed < 0:
        return f"seed must be a non-negative whole number (got {seed!r})"
    players = header.get("players")
    if not isinstance(players, list) or not all(isinstance(p, str) for p in players):
        return "players must be a list of cell ids"
    if "until" in header and not _is_number(header["until"]):
        return "until must be a number of hours"
    return ""


def _record_problem(kind: str, record: dict[str, Any]) -> str:
    """What is wrong with a body record's fields ("" if nothing)."""
    if kind in ("command", "event", "sample") and not _is_number(record.get("t")):
        return "t must be a number of hours"
    if kind == "command" and not (isinstance(record.get("cell"), str) and isinstance(record.get("text"), str)):
        return "cell and text must be strings"
    if kind == "event" and not (type(record.get("seq")) is int and isinstance(record.get("kind"), str)
                                and isinstance(record.get("payload", {}), dict)
                                and isinstance(record.get("visible_to", []), list)):
        return "an event needs a whole-number seq, a kind, and a payload object"
    if kind == "sample" and not isinstance(record.get("indicators"), dict):
        return "a sample needs an indicators object"
    if kind == "footer" and not (_is_number(record.get("end")) and isinstance(record.get("log_sha256"), str)):
        return "end must be a number and log_sha256 a string"
    return ""


def read_replay(path: str | Path) -> Replay:
    """Read a replay, keeping everything up to the first unreadable line.

    Raises:
        ReplayError: the file is missing, is not a weerbaar replay, or has a newer format version.
    """
    try:
        handle = open(path, encoding="utf-8", newline="\n")
    except OSError as exc:
        raise ReplayError(f"{path}: {exc.strerror}") from None
    with handle:
        first = handle.readline()
        try:
            header = json.loads(first)
        except json.JSONDecodeError:
            raise ReplayError(f"{path}:1: not a weerbaar replay (the first line is not a JSON header)") from None
        if not isinstance(header, dict) or header.get("format") != FORMAT_NAME:
            raise ReplayError(f"{path}:1: not a weerbaar replay (format is {header.get('format') if isinstance(header, dict) else None!r})")
        version = header.get("version")
        if type(version) is not int or version > FORMAT_VERSION:
            raise ReplayError(f"{path}:1: replay format version {version} is newer than this weerbaar reads "
                              f"({FORMAT_VERSION}); upgrade weerbaar to open it")
        problem = _header_problem(header)
        if problem:
            raise ReplayError(f"{path}:1: header: {problem}")
        replay = Replay(path=str(path), header=header)
        for number, line in enumerate(handle, start=2):
            if not line.endswith("\n"):
                replay.problems.append(f"line {number}: truncated record (the run was cut off); read up to line {number - 1}")
                break
            try:
                record = json.loads(line)
                kind = record["type"]
            except (json.JSONDecodeError, TypeError, KeyError):
                replay.problems.append(f"line {number}: corrupt record; read up to line {number - 1}")
                break
            if replay.footer is not None:
                replay.problems.append(f"line {number}: record after the footer")
                break
            problem = _record_problem(kind, record)
            if problem:
                replay.problems.append(f"line {number}: malformed {kind} record: {problem}; read up to line {number - 1}")
                break
            if kind == "footer":
                replay.footer = record
                continue
            bucket = {"command": replay.commands, "event": replay.events, "sample": replay.samples}.get(kind)
            if bucket is None:
                replay.problems.append(f"line {number}: unknown record type {kind!r}; read up to line {number - 1}")
                break
            bucket.append(record)
            replay.records.append(record)
            replay.lines.append(number)
        if replay.footer is None and not replay.problems:
            last = replay.lines[-1] if replay.lines else 1
            replay.problems.append(f"no footer: the run did not finish (or was killed); read up to line {last}, "
                                   f"the last whole record")
    return replay
