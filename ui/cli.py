"""The ``weerbaar`` command line.

Each subcommand is a module in :mod:`ui.subcommands` (``NAME``, ``HELP``,
``add_arguments(parser)``, ``run(args) -> int``), discovered here. A command line
that names a subcommand imports only that module; ``weerbaar``, ``--help`` and an
unknown name import them all, to list them.

Before anything else, :func:`sim.mesa_import.install` makes ``import mesa`` cheap
(mesa's ``Agent`` and ``Model`` without its package initialisation), whichever
module a subcommand imports first.

Every word it prints goes through the message catalogue (:mod:`sim.i18n`): ``--lang nl|en`` (anywhere on the
command line, before or after the subcommand) or ``WEERBAAR_LANG`` chooses the language, read before the
parser is built so that ``--help`` and argparse's own phrases (``usage:``, ``error:``; its ``gettext`` is
pointed at the catalogue while :func:`main` runs) are in that language too. Machine-readable output
(``--json``, files) is the same in every language.

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

import sim.i18n
import sim.mesa_import
from sim.i18n import LANGUAGES, N_, _, reset, set_explicit
import ui.subcommands
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE  # noqa: F401  (re-exported)


def __getattr__(name: str):
    """``from ui.cli import schema_texts`` (re-exported for tests and tools) without importing it for every command."""
    if name == "schema_texts":
        from ui.subcommands.schema import schema_texts

        return schema_texts
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def subcommand_names() -> list[str]:
    """The names of the subcommand modules, in alphabetical order (nothing imported)."""
    return sorted(i.name for i in pkgutil.iter_modules(ui.subcommands.__path__) if not i.name.startswith("_"))


def subcommands(only: str | None = None) -> dict[str, ModuleType]:
    """The subcommand modules by name, in alphabetical order; ``only``: just that one, if it is one."""
    names = subcommand_names()
    if only in names:
        names = [only]
    found = {}
    for name in names:
        module = importlib.import_module(f"ui.subcommands.{name}")
        found[module.NAME] = module
    return found


LANG_COMMANDS = ("play", "run", "review", "replay", "join")
"""The subcommands that show an exercise to people (console, feed, report); every subcommand takes ``--lang``."""

ARGPARSE_MESSAGES = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"), N_("expected one argument"), N_("expected at most one argument"),
    N_("expected at least one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"), N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("can't open '%(filename)s': %(error)s"),
    N_("ignored explicit argument %r"), N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)
"""argparse's own phrases (Python 3.11's msgids), marked here so extraction keeps their Dutch in the catalogue;
argparse looks them up through its module-level ``_``, which :func:`main` points at :func:`sim.i18n.gettext`."""


def _lang_in(argv: Sequence[str]) -> str | None:
    """The ``--lang`` value on a command line, read before parsing so that the help is in that language too."""
    for i, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def _command_in(argv: Sequence[str]) -> str | None:
    """The first word of a command line that is not ``--lang X`` (the subcommand's name, if it starts with one)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "--lang":
            skip = True
        elif not arg.startswith("--lang="):
            return arg
    return None


def _add_lang(parser: argparse.ArgumentParser, text: str, default) -> None:
    """``--lang`` on ``parser`` and on the parsers of its own subcommands (``msel export``, ``msel import``)."""
    parser.add_argument("--lang", choices=LANGUAGES, default=default, help=text)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for nested in action.choices.values():
                _add_lang(nested, text, argparse.SUPPRESS)


def _parser(modules: dict[str, ModuleType]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weerbaar", description=_("Hybrid-threat tabletop exercise simulator."))
    general = _("language of the output, the help and the messages (default: WEERBAAR_LANG, then English); "
                "--json and files are the same in every language")
    _add_lang(parser, general, None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, module in modules.items():
        sub_parser = sub.add_parser(name, help=_(module.HELP), description=_(module.HELP))
        module.add_arguments(sub_parser)
        if name in LANG_COMMANDS:
            _add_lang(sub_parser, _("language of the console, the feed and the report (default: the "
                                    "scenario's setting.language, then English); the log is the same in "
                                    "every language"), argparse.SUPPRESS)
        else:
            _add_lang(sub_parser, general, argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``weerbaar`` command; returns the exit code."""
    sim.mesa_import.install()  # idempotent; here too in case a subcommand imports mesa before sim
    argv = list(sys.argv[1:] if argv is None else argv)
    set_explicit(_lang_in(argv))
    hooks = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _, sim.i18n.ngettext  # argparse's "usage:", "error:" ... in our language
    try:
        return _main(argv)
    finally:
        argparse._, argparse.ngettext = hooks
        reset()  # a test or a program calling main() twice starts from English each time


def _main(argv: list[str]) -> int:
    # A subcommand's own parser gives the same usage lines and errors as the full one, so a command
    # line that starts with a subcommand's name builds only that one (and imports only its module).
    modules = subcommands(only=_command_in(argv))
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
