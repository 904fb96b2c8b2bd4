"""``weerbaar scenarios``: list the bundled scenarios with a one-line summary each."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _, localize
from ui.subcommands._common import EXIT_OK

NAME = "scenarios"
HELP = N_("list the bundled scenarios")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    pass


def run(args: argparse.Namespace) -> int:
    from scenarios import DEFAULT_SCENARIO, bundled, commands_for
    from sim.scenario import ScenarioError, load_scenario

    for sid, path in bundled().items():
        try:
            summary = localize(load_scenario(path).scenario.summary)
        except ScenarioError as exc:
            summary = _("(invalid: {problem})").format(problem=exc.lines[0])
        marks = ((" " + _("[default]") if sid == DEFAULT_SCENARIO else "")
                 + (" " + _("[commands]") if commands_for(sid) else ""))
        print(f"{sid:28} {summary}{marks}")
    return EXIT_OK
