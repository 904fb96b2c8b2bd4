"""``weerbaar export REPLAY --out DIR``: write a replay's events, commands and series as CSV."""

from __future__ import annotations

import argparse

from ui.subcommands._common import EXIT_OK, err, input_errors, report_input_error

NAME = "export"
HELP = "write a replay's events, commands and indicator series as CSV"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--out", metavar="DIR", required=True, help="folder for the CSV files")


def run(args: argparse.Namespace) -> int:
    from replays.export import export_replay
    from replays.format import read_replay

    try:
        replay = read_replay(args.replay)
        if not replay.complete:
            err(f"{args.replay}: warning: {replay.problems[0]}; exporting what was recorded")
        paths = export_replay(replay, args.out)
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    for name, path in paths.items():
        print(f"wrote {path}")
    return EXIT_OK
