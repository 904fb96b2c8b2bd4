"""``weerbaar validate FILE...``: check scenario files and report every problem."""

from __future__ import annotations

import argparse

from ui.subcommands._common import EXIT_FAILED, EXIT_OK

NAME = "validate"
HELP = "check scenario files and report every problem"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE")


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    failed = False
    for name in args.files:
        try:
            loaded = load_scenario(name)
        except ScenarioError as exc:
            failed = True
            for line in exc.lines:
                print(line)
            continue
        print(f"{name}: ok ({loaded.scenario.id}: {len(loaded.scenario.msel)} injects, "
              f"{len(getattr(loaded.scenario, 'actors', []))} actors, {len(loaded.scenario.cells)} cells)")
    return EXIT_FAILED if failed else EXIT_OK
