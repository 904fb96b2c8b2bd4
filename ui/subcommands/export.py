"""``weerbaar export REPLAY --out DIR``: write a replay's events, commands and series as CSV."""

from __future__ import annotations

import argparse

from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, err_lines

NAME = "export"
HELP = "write a replay's events, commands and indicator series as CSV"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--out", metavar="DIR", required=True, help="folder for the CSV files")


def run(args: argparse.Namespace) -> int:
    from replays.export import export_replay
    from replays.format import ReplayError, read_replay
    from sim.scenario import ScenarioError

    try:
        replay = read_replay(args.replay)
        if not replay.complete:
            err(f"{args.replay}: warning: {replay.problems[0]}; exporting what was recorded")
        paths = export_replay(replay, args.out)
    except ReplayError as exc:
        err(str(exc))
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar export: {exc}")
        return EXIT_FAILED
    for name, path in paths.items():
        print(f"wrote {path}")
    return EXIT_OK
