"""Resuming a session that was killed: re-simulate its replay to the last record and go on from there.

A replay without a footer is a run that stopped without closing: a crashed laptop, a killed host.
Its header (scenario text, seed, the cells held) and its commands with their exact times are all
the run depended on, so :func:`resume_exercise` rebuilds the exercise (:func:`replays.verify.rebuild`),
attaches a **new** replay writer before anything runs, and submits the old commands at their times
up to the old file's last record. Every event it re-creates is compared with the old file's as it is
logged: a replay that does not re-simulate (another engine version, a damaged file) is refused, not
continued on a different history. The new file holds the whole run, its header's ``parent`` names
the old one, and it verifies on its own; the old file is left as it was.

``weerbaar play --resume`` and ``weerbaar host --resume`` both start here.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replays.format import Replay, ReplayError, ReplayWriter, read_replay
from replays.runner import TimedCommand
from replays.verify import rebuild
from sim.events import WHITE, dumps
from sim.i18n import M_
from sim.exercise import Exercise


class ResumeError(ValueError):
    """A replay that cannot be resumed, with a one-line reason naming the file."""


@dataclass
class Resumed:
    """A killed run brought back to its last record.

    Attributes:
        exercise: the exercise just after the old file's last time, everything due then run; or at it, with
            its events still to come, when the file ends with a command given then (as live).
        writer: the new replay's writer (attached; the whole run so far is in it).
        record: the new replay's path.
        replay: the old replay as read.
        commands: the old commands, re-submitted.
        t: the clock time it was brought to.
        white_typed: White gave orders in the old run (its console was exercise control).
    """

    exercise: Exercise
    writer: ReplayWriter
    record: Path
    replay: Replay
    commands: list[TimedCommand]
    t: float
    white_typed: bool


def resumed_path(old: str | Path) -> Path:
    """``runs/x.jsonl`` -> ``runs/x-resumed.jsonl`` (or ``-resumed-2`` ... if taken)."""
    from sim.outputs import fresh_path

    old = Path(old)
    return fresh_path(old.with_name(old.stem + "-resumed" + (old.suffix or ".jsonl")))


def _sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_resumable(path: str | Path) -> Replay:
    """Read a replay and say whether it can be resumed.

    Raises:
        ReplayError: not a usable replay (from the reader).
        ResumeError: it finished (footer or hot wash), or holds nothing to go on from.
    """
    replay = read_replay(path)
    if replay.footer is not None:
        raise ResumeError(M_("{path}:{line}: the run finished (the replay has its footer): nothing to resume; open "
                             "it with weerbaar replay {path}", path=str(path), line=replay.footer_line))
    if replay.hotwash:
        raise ResumeError(M_("{path}: the run had ended (its hot wash began): nothing to resume", path=str(path)))
    if not replay.records:
        raise ResumeError(M_("{path}: the replay holds no records yet: start the session again instead",
                             path=str(path)))
    return replay


def resume_exercise(path: str | Path, record: str | Path | None = None) -> Resumed:
    """Rebuild the run recorded in ``path`` up to its last record, writing the new replay to ``record``.

    Raises:
        ReplayError, ResumeError, ScenarioError: one line each (see :func:`check_resumable`); a re-simulation
            that differs from the file names the first line that differs.
    """
    replay = check_resumable(path)
    exercise, commands = rebuild(replay)
    t = replay.until
    target = Path(record) if record is not None else resumed_path(path)
    parent: dict[str, Any] = {"replay": str(path), "sha256": _sha256(path), "t": t}
    old_events = [(line, r) for line, r in zip(replay.lines, replay.records) if r["type"] == "event"]
    problems: list[str] = []

    def compare(event, line: str) -> None:
        if problems or event.seq >= len(old_events):
            return
        at, record_ = old_events[event.seq]
        if dumps(record_) != line:
            problems.append(M_("{path}:{line}: event seq {seq} ({kind}) re-simulates differently; this replay "
                               "cannot be resumed with this version of weerbaar", path=str(path), line=at,
                               seq=event.seq, kind=record_.get("kind")))

    exercise.log.subscribe(compare)
    writer = ReplayWriter.for_exercise(target, exercise, exercise.end, parent=parent)
    try:
        for command in commands:
            if command.t > exercise.now:
                exercise.run_until(command.t)
            exercise.submit(command.cell, command.text)
            if problems:
                break
        if not problems:
            # Live, the clock runs everything due at one instant in one batch before it moves past it: if the
            # file's last record is an event or a sample, its instant's batch had run (and its seats had seen
            # it), so it runs again now, before anyone's next order. The clock stops just after t (the next
            # float), not at t: an order given at t would re-simulate before t's batch (a command at t precedes
            # the events due at t), so the history the seats saw would not verify. A file ending with a command
            # was killed before that instant's batch, as a run stopped at t is.
            if replay.records[-1].get("type") != "command":
                exercise.run_until(math.nextafter(t, math.inf))
            elif exercise.now < t:
                exercise.run_until(t)
    except BaseException:
        writer.abandon()
        raise
    if problems:
        writer.abandon()
        target.unlink(missing_ok=True)
        raise ResumeError(problems[0])
    return Resumed(exercise, writer, target, replay, commands, exercise.now,
                   any(c.cell == WHITE for c in commands))


__all__ = ["ReplayError", "ResumeError", "Resumed", "check_resumable", "resume_exercise", "resumed_path"]
