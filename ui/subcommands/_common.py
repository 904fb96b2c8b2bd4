"""Helpers shared by the subcommands: exit codes, one-line error output and the words of result tables.

Every sentence here is English in the source and goes through the message catalogue (:mod:`sim.i18n`),
so ``--lang nl`` prints it in Dutch; a table's column headings are one message each, the headings joined
by ``|`` (:func:`headings`), so a translator sees the whole row at once.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from typing import Any

from sim.i18n import N_, _, current
from sim.indicator_labels import LABELS

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

INDICATOR_LABELS = LABELS  # one registry: sim.indicator_labels


def indicator(name: str) -> str:
    """An indicator as a result table names it: its id in English (what scenario files, ``--json`` and scripts
    use), its display name in any other language (a Dutch reader is not shown ``decision_integrity``)."""
    if current() == "en" or name not in INDICATOR_LABELS:
        return name
    return _(INDICATOR_LABELS[name])


def headings(row: str) -> list[str]:
    """A table's column headings from one message, ``"indicator|start|minimum|final"``, in the current language."""
    return _(row).split("|")


def widths(minimum: Iterable[int], head: list[str], *columns: Iterable[str]) -> list[int]:
    """Column widths: each at least its English width (``minimum``), its heading's and its values' (``columns``:
    the values of the first columns, for the columns whose values are words of the reader's language)."""
    found = [max(w, len(h)) for w, h in zip(minimum, head)]
    for i, values in enumerate(columns):
        found[i] = max([found[i], *map(len, values)])
    return found


def suggest(word: str, options, by_words: bool = True) -> str:
    """:func:`sim.names.suggest` in the current language: ``"; did you mean 'x'?"`` or ""."""
    from sim.names import closest

    near = closest(word, options, by_words)
    return _("; did you mean {name!r}?").format(name=near) if near is not None else ""


def shown_text(value: Any) -> str:
    """A value made elsewhere (a clock reading, a scenario title, an error) as the reader sees it."""
    from sim.i18n import localize, shown

    return str(localize(shown(value)))


def whole_number(minimum: int, what: str) -> Callable[[str], int]:
    """argparse type: a whole number of at least ``minimum`` (anything else is a usage error, exit 2)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(_("invalid {what} {text!r}: expected a whole number")
                                             .format(what=_(what), text=text)) from None
        if value < minimum:
            raise argparse.ArgumentTypeError(_("invalid {what} {text!r}: must be at least {minimum}")
                                             .format(what=_(what), text=text, minimum=minimum))
        return value

    return parse


def positive_number(text: str) -> float:
    """argparse type: a number above zero (days, hours)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("invalid number {text!r}").format(text=text)) from None
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(_("invalid number {text!r}: must be positive").format(text=text))
    return value


seed_type = whole_number(0, N_("seed"))
"""argparse type for a seed: a non-negative whole number."""
count_type = whole_number(1, N_("count"))
"""argparse type for --runs, --workers, --max-runs."""


def add_rerun_arguments(parser: argparse.ArgumentParser, purpose: str) -> None:
    """``--max-runs`` and ``--workers``, shared by the subcommands that re-run a replay."""
    parser.add_argument("--max-runs", type=count_type, default=None, metavar="N",
                        help=_("at most N leave-out runs for {purpose} (default: as many phases as 3 runs of "
                               "leave-out simulation per seed allow, at most 24)").format(purpose=purpose))
    parser.add_argument("--workers", type=count_type, default=None, metavar="K",
                        help=_("processes for the re-runs (default: every core)"))


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
        err(f"weerbaar {command}: {shown_text(exc)}")
    else:
        err(shown_text(exc))
    return EXIT_FAILED


RECORDED_WARNINGS = {
    "score": N_("{path}: warning: {problem}; score what was recorded"),
    "review": N_("{path}: warning: {problem}; review what was recorded"),
    "export": N_("{path}: warning: {problem}; exporting what was recorded"),
}
"""The warning for a replay cut short, by what is done with it."""


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
        warning = RECORDED_WARNINGS.get(verb)
        problem = shown_text(replay.problems[0])
        err(_(warning).format(path=path, problem=problem) if warning else
            f"{path}: warning: {problem}; {verb} what was recorded")
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
        err(f"weerbaar {command}: {shown_text(exc)}")
    except ScenarioError as exc:
        err_lines(exc.lines)
    return None
