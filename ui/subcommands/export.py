"""``weerbaar export REPLAY --out DIR [--force]``: write a replay's events, commands and series as CSV.

A folder that already holds one of the CSV files is refused unless ``--force``; the replay itself is never
written over.
"""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import RECORDED_WARNINGS, EXIT_FAILED, EXIT_OK, err, input_errors, report_input_error, shown_text

NAME = "export"
HELP = N_("write a replay's events, commands and indicator series as CSV")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--out", metavar="DIR", required=True, help=_("folder for the CSV files"))
    parser.add_argument("--force", action="store_true", help=_("replace CSV files already in DIR"))


def run(args: argparse.Namespace) -> int:
    from replays.export import export_replay
    from replays.format import header_scenario, read_replay
    from sim.outputs import OutputError

    try:
        replay = read_replay(args.replay)
        header_scenario(replay)  # a bad header fails before the warning: one line, not a warning and an error
        if not replay.complete:
            err(_(RECORDED_WARNINGS["export"]).format(path=args.replay, problem=shown_text(replay.problems[0])))
        paths = export_replay(replay, args.out, force=args.force)
    except OutputError as exc:
        err(f"weerbaar {NAME}: {shown_text(exc)}")
        return EXIT_FAILED
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    for name, path in paths.items():
        print(_("wrote {path}").format(path=path))
    return EXIT_OK
