"""``weerbaar review REPLAY [--out DIR]``: write the after-action report (HSEEP AAR/IP) of a replay.

Writes ``report.html`` (self-contained: plots embedded), ``report.md`` with the
plots beside it, ``series.csv`` (the replay's and the counterfactual's indicator
series) and ``score.json`` (what ``weerbaar score --json --explain`` prints).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ui.subcommands._common import EXIT_OK, add_rerun_arguments, input_errors, read_replay_for, report_input_error

NAME = "review"
HELP = "write the after-action report (HSEEP AAR/IP) of a replay"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--out", metavar="DIR", help="folder for the report (default: <replay>-review beside the replay)")
    parser.add_argument("--no-explain", action="store_true",
                        help="skip the decision-value table (saves one re-run per command)")
    add_rerun_arguments(parser, "the decision-value table")


def default_folder(replay: str) -> Path:
    """``runs/a.jsonl`` -> ``runs/a-review``."""
    path = Path(replay)
    return path.with_name(path.stem + "-review")


def run(args: argparse.Namespace) -> int:
    from replays.review import build_review, write_review

    try:
        replay = read_replay_for(args.replay, "review")
        progress = sys.stderr if sys.stderr.isatty() else None
        review = build_review(replay, explain=not args.no_explain, max_runs=args.max_runs, workers=args.workers,
                              progress=progress)
        paths = write_review(review, args.out or default_folder(args.replay))
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    score = review.context["score"]
    print(f"overall {score['overall']:.2f}  no response {score['baseline_overall']:.2f}  "
          f"value added {score['value_added']:+.2f}")
    print(f"report: {paths['report.html']}")
    print(f"also: {paths['report.md']}, {paths['series.csv']}, {paths['score.json']}")
    return EXIT_OK
