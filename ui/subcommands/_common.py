"""Helpers shared by the subcommands: exit codes and one-line error output."""

from __future__ import annotations

import sys
from collections.abc import Iterable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def err(message: str) -> None:
    """Print one line on stderr."""
    print(message, file=sys.stderr)


def err_lines(lines: Iterable[str]) -> None:
    """Print each line on stderr."""
    for line in lines:
        err(line)


def input_errors() -> tuple[type[BaseException], ...]:
    """What reading a replay or scenario can raise: ``except input_errors() as exc`` (imports lazily)."""
    from replays.format import ReplayError
    from sim.scenario import ScenarioError

    return (ReplayError, ScenarioError, OSError)


def report_input_error(exc: BaseException, command: str) -> int:
    """Print a replay or scenario problem the way every subcommand does; returns :data:`EXIT_FAILED`."""
    from sim.scenario import ScenarioError

    if isinstance(exc, ScenarioError):
        err_lines(exc.lines)
    elif isinstance(exc, OSError):
        err(f"weerbaar {command}: {exc}")
    else:
        err(str(exc))
    return EXIT_FAILED


def read_replay_for(path: str, verb: str):
    """Read a replay for ``verb`` (scoring, reviewing, ...): warn if it was cut short, refuse it without samples.

    Raises:
        ReplayError: unreadable, or no indicator samples to work on.
    """
    from replays.format import ReplayError, read_replay

    replay = read_replay(path)
    if not replay.samples:
        raise ReplayError(f"{path}: the replay has no indicator samples to {verb}")
    if not replay.complete:
        err(f"{path}: warning: {replay.problems[0]}; {verb} what was recorded")
    return replay
