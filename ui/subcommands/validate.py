"""``weerbaar validate FILE... [--scenario SCENARIO]``: check scenario and command files, report every problem.

Each FILE is a scenario or a command file (see :func:`sim.scenario.command_file.is_command_file`): a file
named ``*.commands.yaml`` or whose top level is a YAML list is a command file; anything else is a
scenario. A command file is checked against a scenario: ``--scenario`` (a bundled id or a path),
or else ``X.yaml`` beside ``X.commands.yaml`` (the convention of the bundled files); without one,
its shape is checked and one line says the commands could not be. Problems are printed on stdout,
one ``file:line:col: path: message`` line each; the exit code is 1 if any file has one.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from sim.i18n import N_, _, ngettext
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, shown_text

NAME = "validate"
HELP = N_("check scenario and command files and report every problem")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", metavar="FILE", help=_("scenario or command files"))
    parser.add_argument("--scenario", metavar="SCENARIO", default=None,
                        help=_("bundled id or file to check command files against "
                               "(default: X.yaml beside X.commands.yaml)"))


class _Scenarios:
    """Scenarios loaded once per invocation, each one's problems printed once however many files need it."""

    def __init__(self) -> None:
        self.loaded: dict[Path, object] = {}

    def get(self, path: str | Path, text: str | None = None):
        """The loaded scenario, or None (its problems printed the first time) if it does not validate."""
        from sim.scenario import ScenarioError, parse_scenario, read_text

        key = Path(path).resolve()
        if key not in self.loaded:
            try:
                self.loaded[key] = parse_scenario(read_text(path) if text is None else text, str(path))
            except ScenarioError as exc:
                self.loaded[key] = None
                print("\n".join(exc.lines))
        return self.loaded[key]


def _check_commands(name: str, text: str, scenario_path: Path | None, scenarios: _Scenarios) -> bool:
    """Print the problems of a command file (or its ok line); True if it has none."""
    from sim.scenario import ScenarioError, parse_commands
    from sim.scenario.command_file import parse_command_file

    if scenario_path is None:
        try:
            parse_commands(text, name)  # its shape can still be checked
        except ScenarioError as exc:
            print("\n".join(exc.lines))
        print(_("{name}:1:1: (file): no scenario to check the commands against; give --scenario SCENARIO, or name "
                "the file X.commands.yaml beside its scenario X.yaml").format(name=name))
        return False
    loaded = scenarios.get(scenario_path)
    if loaded is None:
        print(_("{name}:1:1: (file): cannot check the commands: scenario {scenario} does not validate").format(
            name=name, scenario=scenario_path))
        return False
    try:
        scheduled = parse_command_file(text, name, loaded.scenario)
    except ScenarioError as exc:
        print("\n".join(exc.lines))
        return False
    print(ngettext("{name}: ok ({n} command, checked against {scenario} from {path})",
                   "{name}: ok ({n} commands, checked against {scenario} from {path})", len(scheduled)).format(
        name=name, n=len(scheduled), scenario=loaded.scenario.id, path=scenario_path))
    return True


def _check_scenario(name: str, text: str, scenarios: _Scenarios) -> bool:
    loaded = scenarios.get(name, text)
    if loaded is None:
        return False
    injects, actors = len(loaded.scenario.msel), len(getattr(loaded.scenario, "actors", []))
    cells = len(loaded.scenario.cells)
    print(_("{name}: ok ({scenario}: {injects}, {actors}, {cells})").format(
        name=name, scenario=loaded.scenario.id,
        injects=ngettext("{n} inject", "{n} injects", injects).format(n=injects),
        actors=ngettext("{n} actor", "{n} actors", actors).format(n=actors),
        cells=ngettext("{n} cell", "{n} cells", cells).format(n=cells)))
    return True


def run(args: argparse.Namespace) -> int:
    from scenarios import resolve_scenario
    from sim.scenario import ScenarioError, read_text
    from sim.scenario.command_file import is_command_file, scenario_beside

    given = None
    if args.scenario is not None:
        try:
            given = resolve_scenario(args.scenario)
        except FileNotFoundError as exc:
            err(f"weerbaar validate: --scenario {shown_text(exc)}")
            return EXIT_FAILED
    scenarios = _Scenarios()
    failed = False
    for name in args.files:
        try:
            text = read_text(name)
        except ScenarioError as exc:
            print("\n".join(exc.lines))
            failed = True
            continue
        if is_command_file(name, text):
            ok = _check_commands(name, text, given or scenario_beside(name), scenarios)
        else:
            ok = _check_scenario(name, text, scenarios)
        failed = failed or not ok
    return EXIT_FAILED if failed else EXIT_OK
