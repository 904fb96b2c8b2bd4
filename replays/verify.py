"""Verifying a replay: re-simulate it from its header and commands and compare every record.

The scenario text and seed in the header, and the command records with their
exact times, are all a run depends on. :func:`verify_replay` rebuilds the
exercise from them, drives it the same way (:func:`replays.runner.drive`), and
compares each event and sample it produces with the record in the file, in
order. The first record that differs is named by its line number.

Nothing the file says about itself is taken on trust: the header must carry the
scenario's sha256 (the reader checks it against the text) and the scenario's own
id, and its ``until`` must lie within the scenario; the footer's counts must be
the records read, its ``end`` the time the re-simulation stops at, and its
``log_sha256`` the re-simulated log's. Each failure is one line naming the line
of the file it concerns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from replays.format import Replay, ReplayError, header_scenario, read_replay
from replays.runner import TimedCommand, drive
from sim.events import dumps
from sim.commands import reason
from sim.exercise import Exercise
from sim.i18n import M_, _
from sim.scenario import ScenarioError


@dataclass
class Verdict:
    """Outcome of a verification.

    Attributes:
        ok: the replay re-simulates exactly.
        message: one line for the user.
        checked: records compared.
    """

    ok: bool
    message: str
    checked: int = 0

    def __post_init__(self) -> None:
        # Record text quoted from the file may hold line breaks (U+2028 inside a JSON string); the verdict stays one line.
        self.message = " ".join(self.message.splitlines())


class _Mismatch(Exception):
    pass


def _first_difference(expected: Any, actual: Any, path: str = "") -> str:
    """Where two records first differ, as ``path: replay value != re-simulated value``."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        for key in sorted(set(expected) | set(actual)):
            if expected.get(key) != actual.get(key):
                return _first_difference(expected.get(key), actual.get(key), f"{path}.{key}" if path else key)
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        for i, (e, a) in enumerate(zip(expected, actual)):
            if e != a:
                return _first_difference(e, a, f"{path}[{i}]")
    return M_("{path}: replay has {expected}, re-simulation gives {actual}", path=path or "record",
              expected=dumps(expected)[:80], actual=dumps(actual)[:80])


def rebuild(replay: Replay) -> tuple[Exercise, list[TimedCommand]]:
    """The exercise a replay was recorded from (fresh, at t = 0) and its commands."""
    header = replay.header
    text = header["scenario_text"]
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if header.get("scenario_sha256") not in (None, digest):
        raise ScenarioError([M_("{path}:1: header: scenario_sha256 does not match the scenario text",
                                path=str(replay.path))])
    loaded = header_scenario(replay)
    try:
        exercise = Exercise(loaded, seed=int(header["seed"]), players=header.get("players", []))
    except ValueError as exc:  # e.g. players naming a cell the scenario lacks
        raise ReplayError(M_("{path}:1: header: {reason}", path=str(replay.path), reason=reason(exc))) from None
    commands = [TimedCommand(float(c["t"]), str(c["cell"]), str(c["text"])) for c in replay.commands]
    return exercise, commands


def _claims(replay: Replay, exercise: Exercise) -> str:
    """What the header or footer claims that is not so, checked before re-simulating ("" if nothing)."""
    header, footer = replay.header, replay.footer
    if not header.get("scenario_sha256"):
        return M_("line 1: header: no scenario_sha256, so the scenario text cannot be checked")
    scenario_id = exercise.scenario.id
    if header.get("scenario_id") != scenario_id:
        return M_("line 1: header: scenario_id {claimed!r} is not the scenario text's id {actual!r}",
                  claimed=header.get("scenario_id"), actual=scenario_id)
    if "until" in header and float(header["until"]) > exercise.end:
        return M_("line 1: header: until {until:g} is past the scenario's end ({end:g} hours)",
                  until=float(header["until"]), end=exercise.end)
    if footer is not None:
        read = {"events": len(replay.events), "samples": len(replay.samples), "commands": len(replay.commands)}
        for key, count in read.items():
            if footer[key] != count:
                return M_("line {line}: footer: {key} {claimed}, but the replay holds {count} {kind} records",
                          line=replay.footer_line, key=key, claimed=footer[key], count=count, kind=key[:-1])
    return ""


def verify_replay(path: str) -> Verdict:
    """Re-simulate the replay at ``path`` and compare it record by record."""
    replay = read_replay(path)
    exercise, commands = rebuild(replay)
    claim = _claims(replay, exercise)
    if claim:
        return Verdict(False, claim)
    expected = [(line, r) for line, r in zip(replay.lines, replay.records) if r["type"] != "command"]
    position = 0

    def compare(actual: dict[str, Any]) -> None:
        nonlocal position
        if position >= len(expected):
            if replay.footer is None:
                raise _Mismatch("")  # a cut-off replay: everything it holds matched
            raise _Mismatch(M_("line {line}: re-simulation produced a record the replay lacks before its footer: "
                               "{record}", line=replay.footer_line, record=dumps(actual)[:160]))
        line, record = expected[position]
        if dumps(record) != dumps(actual):
            what = (M_("event seq {seq} ({kind})", seq=record.get("seq"), kind=record.get("kind"))
                    if record["type"] == "event" else M_("sample t={t}", t=record.get("t")))
            raise _Mismatch(M_("line {line}: {what} differs: {difference}", line=line, what=what,
                               difference=_first_difference(record, actual)))
        position += 1

    exercise.log.subscribe(lambda event, line: compare(event.to_record()))
    exercise.on_sample.append(compare)
    # A cut-off replay is checked as far as it goes, including records at its last time.
    horizon = replay.until if replay.footer is not None else min(exercise.end, replay.until + exercise.tick_hours)
    try:
        drive(exercise, commands, horizon)
    except _Mismatch as mismatch:
        if str(mismatch):
            return Verdict(False, reason(mismatch), position)
    if position < len(expected):
        line, record = expected[position]
        return Verdict(False, M_("line {line}: the replay has a record the re-simulation does not produce", line=line),
                       position)
    if replay.footer is not None and abs(float(replay.footer["end"]) - exercise.now) > 1e-6:
        return Verdict(False, M_("line {line}: footer: end {end:g}, but the re-simulation stops at {now:g} (the "
                                 "scenario's end)", line=replay.footer_line, end=float(replay.footer["end"]),
                                 now=exercise.now), position)
    if replay.footer is not None and replay.footer.get("log_sha256") != exercise.log.sha256:
        return Verdict(False, M_("line {line}: footer: log_sha256 {claimed} does not match the re-simulated log "
                                 "{actual}", line=replay.footer_line, claimed=replay.footer.get("log_sha256"),
                                 actual=exercise.log.sha256), position)
    if replay.problems:
        return Verdict(False, M_("{n} records match, but the replay is incomplete: {problem}", n=len(expected),
                                 problem=replay.problems[0]), position)
    return Verdict(True, _("ok: {n} records re-simulated identically; log sha256 {sha}").format(
        n=position, sha=exercise.log.sha256), position)
