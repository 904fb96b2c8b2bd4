"""``weerbaar review REPLAY [--out DIR] [--format html,md,docx] [--force]``: write the after-action report (HSEEP AAR/IP).

Writes ``report.html`` (self-contained: plots embedded; the improvement plan can be
filled in in the browser), ``report.md`` with the plots beside it, ``report.docx``
(Word, with the improvement plan as a table to fill in), ``series.csv`` (the
replay's and the counterfactual's indicator series) and ``score.json`` (what
``weerbaar score --json --explain`` prints). ``--format`` picks the reports
(default: all three).

Without ``--out`` the report goes to ``<replay>-review`` beside the replay, or to
``<replay>-review-2`` (and so on) if that folder already holds a report; an
explicit ``--out`` that holds any of the report's files is refused unless
``--force``. The replay itself is never written over. The folder is checked before
the (slow) re-runs start.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.i18n import N_, _
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, add_rerun_arguments, err, input_errors, read_replay_for,
                                    report_input_error, shown_text)

FORMATS_ORDER = ("html", "md", "docx")
"""The report formats, as :data:`replays.review.files.FORMATS` names them (kept here so ``--help`` needs no import)."""


def formats_type(text: str) -> tuple[str, ...]:
    """argparse type for ``--format``: ``html,docx`` -> ``("html", "docx")``; anything else is a usage error."""
    chosen = [part.strip().lower() for part in text.split(",") if part.strip()]
    unknown = [f for f in chosen if f not in FORMATS_ORDER]
    if not chosen or unknown:
        raise argparse.ArgumentTypeError(_("invalid format {format!r}: choose from {formats} (comma-separated)")
                                         .format(format=(unknown or [text])[0], formats=", ".join(FORMATS_ORDER)))
    return tuple(f for f in FORMATS_ORDER if f in chosen)


NAME = "review"
HELP = N_("write the after-action report (HSEEP AAR/IP) of a replay")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--out", metavar="DIR",
                        help=_("folder for the report (default: <replay>-review beside the replay, "
                             "or <replay>-review-2 ... if that one holds a report)"))
    parser.add_argument("--force", action="store_true", help=_("replace report files already in DIR"))
    parser.add_argument("--format", type=formats_type, default=tuple(FORMATS_ORDER), metavar="LIST",
                        help=_("reports to write, comma-separated from html, md, docx (default: all three)"))
    parser.add_argument("--no-explain", action="store_true",
                        help=_("skip the decision-value table (saves one re-run per command)"))
    add_rerun_arguments(parser, _("the decision-value table"))
    from ui.subcommands.score import add_seeds_argument

    add_seeds_argument(parser)


def default_folder(replay: str) -> Path:
    """``runs/a.jsonl`` -> ``runs/a-review``."""
    path = Path(replay)
    return path.with_name(path.stem + "-review")


def output_folder(args: argparse.Namespace) -> Path:
    """Where the report goes: ``--out`` if it may be written, else a fresh default folder.

    Raises:
        OutputError: ``--out`` holds report files (without ``--force``), is a file, or would replace the replay.
    """
    from replays.review import REPORT_FILES, review_files
    from sim.outputs import OutputError, check_folder, fresh_folder

    if args.out is not None:
        return check_folder(args.out, review_files(args.format), force=args.force, inputs=(args.replay,))
    folder = default_folder(args.replay)
    try:
        return check_folder(folder, REPORT_FILES, inputs=(args.replay,))
    except OutputError:
        return fresh_folder(folder)  # a default name is never reused over an earlier report


def run(args: argparse.Namespace) -> int:
    from replays.review import build_review, write_review
    from sim.outputs import OutputError

    try:
        replay = read_replay_for(args.replay, "review")
        folder = output_folder(args)
        progress = sys.stderr if sys.stderr.isatty() else None
        review = build_review(replay, explain=not args.no_explain, max_runs=args.max_runs, workers=args.workers,
                              progress=progress, seeds=args.seeds)
        # Checked again as it is written: a report that appeared during the re-runs is not replaced unasked.
        paths = write_review(review, folder, force=args.force, formats=args.format)
    except OutputError as exc:
        err(f"weerbaar {NAME}: {shown_text(exc)}")
        return EXIT_FAILED
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    score = review.context["score"]
    print(_("overall {overall:.2f}  no response {baseline:.2f}  value added {added:+.2f}").format(
        overall=score["overall"], baseline=score["baseline_overall"], added=score["value_added"]))
    reports = [str(paths[name]) for name in ("report.html", "report.md", "report.docx") if name in paths]
    print(_("report: {path}").format(path=reports[0]))
    print(_("also: {paths}").format(paths=", ".join([*reports[1:], str(paths["series.csv"]), str(paths["score.json"])])))
    return EXIT_OK
