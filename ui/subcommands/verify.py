"""``weerbaar verify REPLAY``: re-simulate a replay and check it record by record."""

from __future__ import annotations

import argparse

from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, err_lines

NAME = "verify"
HELP = "re-simulate a replay and check it record by record"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")


def run(args: argparse.Namespace) -> int:
    from replays.format import ReplayError
    from replays.verify import verify_replay
    from sim.scenario import ScenarioError

    try:
        verdict = verify_replay(args.replay)
    except ReplayError as exc:
        err(str(exc))
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    print(f"{args.replay}: {verdict.message}" if verdict.ok else f"{args.replay}: FAILED: {verdict.message}")
    return EXIT_OK if verdict.ok else EXIT_FAILED
