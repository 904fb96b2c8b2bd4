"""The counterfactual: the same exercise with nobody responding, and re-runs with other commands.

A replay's score means little on its own — a quiet seed scores well whatever the
players do. Its **counterfactual** is the run the same scenario text and seed give
when no player acts: no player commands, ``players=()`` so every cell is on its
doctrine, driven by :func:`replays.runner.drive` to the same ``until``. White's
commands (fire, postpone or cancel an inject) are kept: they are exercise control,
part of the scenario as it was played, not decisions of the players. The
difference in score is the value the players added.

:func:`simulate` is the one way scoring code re-runs a scenario (the counterfactual,
``--explain``'s leave-one-out runs, ensembles); it frees mesa's per-model agent
id counter afterwards, since ``mesa.Agent._ids`` is a class-level dict keyed by the
model and would otherwise keep every finished exercise alive.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import mesa

from replays.format import Replay, read_replay
from replays.runner import TimedCommand, drive
from replays.score import RunData, assemble
from sim.events import WHITE
from sim.exercise import Exercise
from sim.scenario import LoadedScenario


def release(exercise: Exercise) -> None:
    """Drop mesa's class-level agent-id counter for a finished exercise (it keeps the model alive)."""
    mesa.Agent._ids.pop(exercise, None)


def timed(commands: Iterable[dict[str, Any]]) -> list[TimedCommand]:
    """Command records as :class:`TimedCommand`, in their order."""
    return [TimedCommand(float(c["t"]), str(c["cell"]), str(c["text"])) for c in commands]


def simulate(loaded: LoadedScenario, seed: int, players: Sequence[str], commands: Sequence[TimedCommand],
             until: float) -> RunData:
    """Build the exercise, drive it with ``commands`` to ``until`` hours, and return the run."""
    exercise = Exercise(loaded, seed=seed, players=players)
    try:
        drive(exercise, commands, until)
        return RunData.from_exercise(exercise, commands, until)
    finally:
        release(exercise)


def control_commands(run: RunData) -> list[TimedCommand]:
    """The run's White (exercise-control) commands: the counterfactual keeps them."""
    return [c for c in timed(run.commands) if c.cell == WHITE]


def horizon(run: RunData) -> float:
    """How far a re-run must go to reproduce everything ``run`` recorded.

    A finished run is re-run to its ``until``. A cut-off replay ends at its last
    record, and records at that very time are only produced when the clock passes
    it (simpy runs events at ``t`` on the next call), so it is re-run one tick
    further and trimmed back with :func:`trim`.
    """
    if run.complete:
        return run.until
    return min(run.scenario.duration.days * 24.0, run.until + float(run.scenario.tick.hours))


def keep_samples_until(run: RunData, last: float) -> RunData:
    """Drop ``run``'s indicator samples after ``last`` (in place; returns it)."""
    keep = [i for i, t in enumerate(run.times) if t <= last]
    run.times = [run.times[i] for i in keep]
    run.series = {name: [values[i] for i in keep] for name, values in run.series.items()}
    return run


def trim(rerun: RunData, like: RunData) -> RunData:
    """``rerun`` cut to the samples and events of the period ``like`` covers (a no-op for finished runs)."""
    if like.complete:
        return rerun
    keep_samples_until(rerun, like.times[-1] if like.times else like.until)
    rerun.events = [e for e in rerun.events if float(e["t"]) <= like.until]
    rerun.until, rerun.complete = like.until, False
    return rerun


def counterfactual(run: RunData) -> RunData:
    """The same scenario text and seed with no player commands and every cell on doctrine, over the same period."""
    return trim(simulate(run.loaded, run.seed, (), control_commands(run), horizon(run)), run)


def score_replay(replay: str | Replay) -> tuple[dict[str, Any], RunData, RunData]:
    """Score a replay against its counterfactual; returns the score and both runs.

    Raises:
        replays.format.ReplayError: not a readable replay.
        sim.scenario.ScenarioError: its scenario text does not validate.
    """
    replay = read_replay(replay) if not isinstance(replay, Replay) else replay
    run = RunData.from_replay(replay)
    baseline = counterfactual(run)
    return assemble(run, baseline), run, baseline
