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

from sim.i18n import N_
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, err_lines, load_scenario_arg

NAME = "msel"
HELP = N_("exchange a scenario's MSEL with spreadsheets (CSV, HSEEP columns)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="msel_command", metavar="ACTION")
    sub.required = True
    export = sub.add_parser("export", help="write the MSEL as CSV (HSEEP columns)",
                            description="Write a scenario's MSEL as CSV with HSEEP column names.")
    export.add_argument("scenario", metavar="SCENARIO", help="bundled scenario id or scenario file")
    export.add_argument("--out", metavar="FILE.csv", help="CSV file to write (default: standard output)")
    export.add_argument("--force", action="store_true", help="replace FILE.csv if it exists")
    imp = sub.add_parser("import", help="replace a scenario's MSEL with the rows of a CSV file",
                         description="Replace the msel: block of a scenario file with the rows of a CSV file; "
                                     "on any problem nothing is written.")
    imp.add_argument("csv", metavar="FILE.csv", help="the MSEL as CSV")
    imp.add_argument("--into", metavar="SCENARIO.yaml", required=True, help="scenario file to update")


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
        err(f"weerbaar msel export: {exc}")
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar msel export: {args.out}: {exc.strerror or exc}")
        return EXIT_FAILED
    print(f"wrote {args.out}: {len(loaded.scenario.msel)} injects of {loaded.scenario.id}")
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
        err(f"weerbaar msel import: {len(exc.lines)} problem(s); {args.into} left unchanged")
        return EXIT_FAILED
    except OSError as exc:
        err(f"weerbaar msel import: {args.into}: {exc.strerror or exc}; left unchanged")
        return EXIT_FAILED
    err_lines(warnings)
    print(f"{args.into}: MSEL replaced with {len(loaded.scenario.msel)} injects from {args.csv}")
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    return _export(args) if args.msel_command == "export" else _import(args)
