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

:func:`counterfactual_later` starts the counterfactual in a forked process (Linux) and
hands it back when asked, so a caller can use the cores for something else meanwhile
(``score --explain`` runs the leave-one-out runs; a review can draw its plots): same
numbers, since the fork re-simulates exactly what :func:`counterfactual` does.
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterable, Sequence
from typing import Any

import sim  # noqa: F401  (installs the light mesa package first: sim.mesa_import)
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


class Later:
    """The counterfactual of a run, being computed in a forked process (or here, where fork is not available).

    Use as a context manager: leaving the block without :meth:`result` stops the process.
    """

    def __init__(self, run: RunData) -> None:
        from replays.checkpoint import available

        self._run = run
        self._value: RunData | None = None
        self._pid = 0
        self._read = -1
        if not available():
            return
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: simulate, send the run as JSON, exit without running the parent's cleanup
            code = 1
            try:
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's; it stops this process
                os.close(read)
                try:
                    message = {"run": _as_record(counterfactual(run))}
                except BaseException as exc:  # noqa: BLE001 - raised again in the parent
                    message = {"error": f"{type(exc).__name__}: {exc}"}
                with os.fdopen(write, "wb") as out:
                    out.write(json.dumps(message, allow_nan=True).encode("utf-8"))
                code = 0
            finally:
                os._exit(code)
        os.close(write)
        self._pid, self._read = pid, read

    def result(self) -> RunData:
        """The counterfactual (waits for it). Raises RuntimeError if its process failed."""
        if self._value is not None:
            return self._value
        if not self._pid:
            self._value = counterfactual(self._run)
            return self._value
        with os.fdopen(self._read, "rb") as pipe:
            data = pipe.read()
        self._read = -1
        _, status = os.waitpid(self._pid, 0)
        self._pid = 0
        if not data:
            raise RuntimeError(f"the counterfactual's process died (wait status {status})")
        message = json.loads(data)
        if "error" in message:
            raise RuntimeError(f"the counterfactual failed: {message['error']}")
        self._value = _from_record(message["run"], self._run)
        return self._value

    def cancel(self) -> None:
        """Stop the process if it is still running."""
        if self._pid:
            try:
                os.kill(self._pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            os.waitpid(self._pid, 0)
            self._pid = 0
        if self._read >= 0:
            os.close(self._read)
            self._read = -1

    def __enter__(self) -> "Later":
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()


def counterfactual_later(run: RunData) -> Later:
    """Start :func:`counterfactual` of ``run`` in the background; ``.result()`` gives it."""
    return Later(run)


_FIELDS = ("seed", "until", "times", "series", "events", "commands", "path", "complete")


def _as_record(run: RunData) -> dict[str, Any]:
    """A run's data as JSON-able values (floats round-trip exactly through JSON)."""
    return {"players": list(run.players), "unrecorded": list(run.unrecorded),
            **{name: getattr(run, name) for name in _FIELDS}}


def _from_record(record: dict[str, Any], like: RunData) -> RunData:
    return RunData(loaded=like.loaded, players=tuple(record["players"]), unrecorded=tuple(record["unrecorded"]),
                   **{name: record[name] for name in _FIELDS})


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
