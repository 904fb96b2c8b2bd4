"""Helpers shared by the subcommands: exit codes and one-line error output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def whole_number(minimum: int, what: str) -> Callable[[str], int]:
    """argparse type: a whole number of at least ``minimum`` (anything else is a usage error, exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}: expected a whole number") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"invalid {what} {text!r}: must be at least {minimum}")
        return value

    return parse


def positive_number(text: str) -> float:
    """argparse type: a number above zero (days, hours)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid number {text!r}") from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"invalid number {text!r}: must be positive")
    return value


seed_type = whole_number(0, "seed")
"""argparse type for a seed: a non-negative whole number."""
count_type = whole_number(1, "count")
"""argparse type for --runs, --workers, --max-runs."""


def add_rerun_arguments(parser: argparse.ArgumentParser, purpose: str) -> None:
    """``--max-runs`` and ``--workers``, shared by the subcommands that re-run a replay."""
    parser.add_argument("--max-runs", type=count_type, default=None, metavar="N",
                        help=f"at most N leave-out runs for {purpose} (default: as many phases as 3 runs of "
                             f"leave-out simulation per seed allow, at most 24)")
    parser.add_argument("--workers", type=count_type, default=None, metavar="K",
                        help="processes for the re-runs (default: every core)")


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
    """Print a replay problem the way every subcommand that reads replays does, in one line; returns :data:`EXIT_FAILED`.

    A scenario error here comes from a replay's header text, so it is one line too: its first
    problem and how many more (``weerbaar validate`` lists them all).
    """
    from replays.format import one_line
    from sim.scenario import ScenarioError

    if isinstance(exc, ScenarioError):
        err(one_line(exc.lines))
    elif isinstance(exc, OSError):
        err(f"weerbaar {command}: {exc}")
    else:
        err(str(exc))
    return EXIT_FAILED


def read_replay_for(path: str, verb: str):
    """Read a replay for ``verb`` (scoring, reviewing, ...): warn if it was cut short, refuse it without samples.

    A damaged replay is read up to its first bad line (:func:`replays.format.read_replay`), so the
    warning and the refusal both name that line.

    Raises:
        ReplayError: unreadable, no indicator samples to work on (one line, with where reading stopped),
            or a header naming players the scenario lacks.
        sim.scenario.ScenarioError: the header's scenario text does not validate (one line).
    """
    from replays.format import ReplayError, header_scenario, read_replay

    replay = read_replay(path)
    if not replay.samples:
        raise ReplayError(replay.no_samples_message(verb))
    header_scenario(replay)  # a header that fails does so before the warning: one line, not a warning and an error
    if not replay.complete:
        err(f"{path}: warning: {replay.problems[0]}; {verb} what was recorded")
    return replay


def load_scenario_arg(ref: str | None, command: str):
    """The scenario a subcommand was given (a bundled id or a file; None: the default), loaded.

    Returns None after printing why it could not be loaded (a missing file in one line, an invalid
    scenario's problems one line each); the caller then exits with :data:`EXIT_FAILED`.
    """
    from scenarios import resolve_scenario
    from sim.scenario import ScenarioError, load_scenario

    try:
        return load_scenario(resolve_scenario(ref))
    except FileNotFoundError as exc:
        err(f"weerbaar {command}: {exc}")
    except ScenarioError as exc:
        err_lines(exc.lines)
    return None
