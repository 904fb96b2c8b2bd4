"""The ``weerbaar`` command line.

Each subcommand is a module in :mod:`ui.subcommands` (``NAME``, ``HELP``,
``add_arguments(parser)``, ``run(args) -> int``), discovered here.

Exit codes: 0 success; 1 a failed check (invalid input, a replay that does not
verify); 2 a usage error (bad arguments). Errors are one line each, on stderr —
except the findings of ``weerbaar validate``, which are its output and go to stdout.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

import ui.subcommands
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE  # noqa: F401  (re-exported)
from ui.subcommands.schema import schema_texts  # noqa: F401  (re-exported for tests and tools)


def subcommands() -> dict[str, ModuleType]:
    """The subcommand modules by name, in alphabetical order."""
    found = {}
    for info in sorted(pkgutil.iter_modules(ui.subcommands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"ui.subcommands.{info.name}")
        found[module.NAME] = module
    return found


def _parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weerbaar", description="Hybrid-threat tabletop exercise simulator.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in modules.items():
        module.add_arguments(sub.add_parser(name, help=module.HELP, description=module.HELP))
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``weerbaar`` command; returns the exit code."""
    modules = subcommands()
    parser = _parser(modules)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself and exits 2
        return int(exc.code or 0)
    try:
        return modules[args.command].run(args)
    except BrokenPipeError:
        # ``weerbaar score ... | head``: the reader left; point stdout at devnull so exit does not complain.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
