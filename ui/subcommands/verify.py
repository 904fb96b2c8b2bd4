"""``weerbaar verify REPLAY``: re-simulate a replay and check it record by record."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, input_errors, report_input_error, shown_text

NAME = "verify"
HELP = N_("re-simulate a replay and check it record by record")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")


def run(args: argparse.Namespace) -> int:
    from replays.verify import verify_replay

    try:
        verdict = verify_replay(args.replay)
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    message = shown_text(verdict.message)
    print(f"{args.replay}: {message}" if verdict.ok else
          _("{replay}: FAILED: {message}").format(replay=args.replay, message=message))
    return EXIT_OK if verdict.ok else EXIT_FAILED
