"""Headless runs: drive an exercise with a command file and record its replay.

:func:`drive` is the one loop every headless path uses — ``weerbaar run``,
``verify`` (re-simulation), and later scoring and ensembles — so a replay is
always re-simulated exactly the way it was produced: for each command in order,
advance the clock to its time and submit it; then run to the end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from replays.format import ReplayWriter
from scenarios import resolve_scenario
from sim.exercise import Exercise
from sim.outputs import fresh_path
from sim.scenario import LoadedScenario, load_scenario
from sim.scenario.command_file import load_command_file


@dataclass(frozen=True)
class TimedCommand:
    """A command to submit at clock time ``t`` (hours) for ``cell``."""

    t: float
    cell: str
    text: str


def commands_from_file(path: str | Path, exercise_or_scenario) -> list[TimedCommand]:
    """Read a command file, check every entry against the scenario and resolve its times, sorted stably by time.

    Raises:
        ScenarioError: the file has problems (shape, times outside the scenario, unknown cells, orders the
            scenario cannot give); one ``file:line:col: [i].field: message`` line each, so a run refuses to
            start on them exactly as on an invalid scenario. See :mod:`sim.scenario.command_file`.
    """
    scenario = getattr(exercise_or_scenario, "scenario", exercise_or_scenario)
    scheduled = load_command_file(path, scenario)
    return sorted((TimedCommand(c.t, c.cell, c.text) for c in scheduled), key=lambda c: c.t)


def drive(exercise: Exercise, commands: Iterable[TimedCommand], until: float,
          progress: Callable[[float], None] | None = None, step_hours: float = 24.0) -> None:
    """Submit ``commands`` at their times and run the exercise to ``until`` hours.

    ``progress(now)`` is called after each step of at most ``step_hours``; the
    result does not depend on the step (see :meth:`Exercise.run_until`).
    """
    def advance(to: float) -> None:
        while exercise.now < to:
            exercise.run_until(min(to, exercise.now + step_hours))
            if progress is not None:
                progress(exercise.now)
            if exercise.finished:
                break

    for command in commands:
        if command.t > until:
            break
        advance(command.t)
        exercise.submit(command.cell, command.text)
    advance(until)
    exercise.run_through(until)  # what is due at the stop time belongs to the run (its last sample, ...)


@dataclass
class RunResult:
    """What a headless run produced."""

    exercise: Exercise
    replay: Path
    log_sha256: str
    until: float


def run_headless(
    scenario: str | Path | LoadedScenario | None,
    seed: int | None = None,
    commands: str | Path | Sequence[TimedCommand] | None = None,
    out: str | Path | None = None,
    days: float | None = None,
    progress: Callable[[float], None] | None = None,
) -> RunResult:
    """Run a scenario headless and write its replay.

    Args:
        scenario: bundled id, path, an already loaded scenario, or None for the default.
        seed: the seed (default: the scenario's).
        commands: a command file, or already timed commands. The cells they use are held by players;
            the others act on doctrine.
        out: replay path (default ``runs/<scenario>-seed<seed>.jsonl``, or ``...-2.jsonl`` and so on if taken).
        days: stop after this many days (default: the scenario's duration).
        progress: called with the clock time as the run advances.
    """
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(resolve_scenario(scenario))
    timed: list[TimedCommand]
    if commands is None:
        timed = []
    elif isinstance(commands, (str, Path)):
        timed = commands_from_file(commands, loaded.scenario)
    else:
        timed = list(commands)
    players = sorted({c.cell for c in timed if c.cell != "white"})
    exercise = Exercise(loaded, seed=seed, players=players)
    until = exercise.end if days is None else min(exercise.end, float(days) * 24.0)
    # A default name never replaces an earlier run's replay; an explicit ``out`` is the caller's choice.
    path = Path(out) if out is not None else fresh_path(Path("runs") / f"{exercise.scenario.id}-seed{exercise.seed}.jsonl")
    writer = ReplayWriter.for_exercise(path, exercise, until)
    try:
        drive(exercise, timed, until, progress)
    except BaseException:
        writer.abandon()
        raise
    digest = writer.close(exercise.now)
    return RunResult(exercise, path, digest, until)
