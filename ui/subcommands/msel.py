"""``weerbaar msel``: exchange a scenario's MSEL with spreadsheets as HSEEP-style CSV.

``weerbaar msel export SCENARIO [--out FILE.csv] [--force]`` writes the injects as
CSV (to stdout without ``--out``); an existing FILE.csv is replaced only with
``--force``, and never when it is the scenario file itself.
``weerbaar msel import FILE.csv --into SCENARIO.yaml`` replaces the scenario's
``msel:`` block with the rows of the CSV, or, if any row or column is wrong, lists
every problem and leaves the scenario file unchanged; columns it does not know are
ignored with one ``warning:`` line on stderr. The columns are documented in
``docs/msel-csv.md``.
"""

from __future__ import annotations

import argparse
import sys

from sim.i18n import N_, _, ngettext
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, err_lines, load_scenario_arg, shown_text

NAME = "msel"
HELP = N_("exchange a scenario's MSEL with spreadsheets (CSV, HSEEP columns)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="msel_command", metavar="ACTION")
    sub.required = True
    export = sub.add_parser("export", help=_("write the MSEL as CSV (HSEEP columns)"),
                            description=_("Write a scenario's MSEL as CSV with HSEEP column names."))
    export.add_argument("scenario", metavar="SCENARIO", help=_("bundled scenario id or scenario file"))
    export.add_argument("--out", metavar="FILE.csv", help=_("CSV file to write (default: standard output)"))
    export.add_argument("--force", action="store_true", help=_("replace FILE.csv if it exists"))
    imp = sub.add_parser("import", help=_("replace a scenario's MSEL with the rows of a CSV file"),
                         description=_("Replace the msel: block of a scenario file with the rows of a CSV file; "
                                     "on any problem nothing is written."))
    imp.add_argument("csv", metavar="FILE.csv", help=_("the MSEL as CSV"))
    imp.add_argument("--into", metavar="SCENARIO.yaml", required=True, help=_("scenario file to update"))


def _export(args: argparse.Namespace) -> int:
    from sim.outputs import OutputError, check_target, write_atomic
    from sim.scenario.msel import export_msel

    loaded = load_scenario_arg(args.scenario, "msel export")
    if loaded is None:
        return EXIT_FAILED
    text = export_msel(loaded)
    if args.out is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        check_target(args.out, force=args.force, inputs=(loaded.source,), what="CSV")
        write_atomic(args.out, text)
    except OutputError as exc:
        err(f"weerbaar msel export: {shown_text(exc)}")
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar msel export: {args.out}: {exc.strerror or exc}")
        return EXIT_FAILED
    n = len(loaded.scenario.msel)
    print(ngettext("wrote {path}: {n} inject of {scenario}", "wrote {path}: {n} injects of {scenario}", n).format(
        path=args.out, n=n, scenario=loaded.scenario.id))
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError
    from sim.scenario.msel import import_into

    warnings: list[str] = []
    try:
        loaded = import_into(args.csv, args.into, warnings)
    except ScenarioError as exc:
        err_lines(warnings)
        err_lines(exc.lines)
        err("weerbaar msel import: " + _("{n} problem(s); {path} left unchanged").format(
            n=len(exc.lines), path=args.into))
        return EXIT_FAILED
    except OSError as exc:
        err("weerbaar msel import: " + _("{path}: {problem}; left unchanged").format(
            path=args.into, problem=exc.strerror or exc))
        return EXIT_FAILED
    err_lines(warnings)
    n = len(loaded.scenario.msel)
    print(ngettext("{path}: MSEL replaced with {n} inject from {csv}", "{path}: MSEL replaced with {n} injects from {csv}",
                   n).format(path=args.into, n=n, csv=args.csv))
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.msel_command == "export" else _import(args)
