"""``weerbaar ensemble SCENARIO --runs N``: one playbook over N seeds beside the no-response runs.

Local runs use a process pool (``--workers``) whose workers start warm (see
:mod:`replays.ensemble`); ``--scheduler ADDRESS`` sends them to a Dask distributed cluster. Per-seed rows go to ``--out`` (``.csv`` or ``.json``,
both read by pandas directly); the summary (mean, spread, confidence interval of
the value added) is printed. A failed run is reported with its seed on stderr;
the others still complete and the exit code is then 1.
"""

from __future__ import annotations

import argparse
import sys

from sim.i18n import N_, _
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, count_type, err, err_lines,
                                    positive_number, seed_type, shown_text)

NAME = "ensemble"
HELP = N_("run one playbook over many seeds beside the no-response runs")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", metavar="SCENARIO", help=_("bundled scenario id or file"))
    parser.add_argument("--commands", metavar="FILE", help=_("the playbook: a command file (default: no commands)"))
    parser.add_argument("--runs", type=count_type, required=True, metavar="N", help=_("number of seeds"))
    parser.add_argument("--workers", type=count_type, default=1, metavar="K", help=_("local processes (default 1: in this process)"))
    parser.add_argument("--scheduler", metavar="ADDRESS", help=_("Dask scheduler address, e.g. tcp://10.0.0.5:8786"))
    parser.add_argument("--seed", type=seed_type, default=None, help=_("root seed the run seeds are spawned from (default: the scenario's)"))
    parser.add_argument("--days", type=positive_number, default=None, metavar="D", help=_("run each seed for D days (default: the whole scenario)"))
    parser.add_argument("--out", metavar="FILE", help=_("per-seed results: FILE.csv or FILE.json"))
    parser.add_argument("--force", action="store_true", help=_("replace the --out file if it exists"))
    parser.add_argument("--json", action="store_true", help=_("print the summary as one JSON object"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def run(args: argparse.Namespace) -> int:
    from replays.ensemble import prepare_workers  # the standard library only, so this comes first

    if args.out and not args.out.lower().endswith((".csv", ".json")):
        err("weerbaar ensemble: " + _("--out must end in .csv or .json"))
        return EXIT_USAGE
    # The process the workers fork from imports the engine while this one does the same and reads
    # the scenario: on two cores the two start-ups overlap instead of following each other.
    prepare_workers(args.workers, args.scheduler)

    from replays.ensemble import print_summary, run_ensemble, summarise, write_rows
    from replays.runner import commands_from_file
    from scenarios import resolve_scenario
    from sim.outputs import OutputError, check_target
    from sim.scenario import ScenarioError, load_scenario

    try:
        loaded = load_scenario(resolve_scenario(args.scenario))
        commands = commands_from_file(args.commands, loaded.scenario) if args.commands else []
    except FileNotFoundError as exc:
        err(f"weerbaar ensemble: {shown_text(exc)}")
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    if args.out:
        try:  # before the runs, so an hour of work is not lost to a name that is taken
            check_target(args.out, force=args.force, inputs=(loaded.source, args.commands), what="results")
        except OutputError as exc:
            err(f"weerbaar ensemble: {shown_text(exc)}")
            return EXIT_FAILED
    end = loaded.scenario.duration.days * 24.0
    until = end if args.days is None else min(end, args.days * 24.0)
    root = loaded.scenario.seed if args.seed is None else args.seed
    progress = None if args.quiet or not sys.stderr.isatty() else sys.stderr
    try:
        result = run_ensemble(loaded.text, loaded.source, commands, until, args.runs, root, workers=args.workers,
                              scheduler=args.scheduler, progress=progress, loaded=loaded)
    except (OSError, RuntimeError, ValueError) as exc:
        err(f"weerbaar ensemble: {shown_text(exc)}")
        return EXIT_FAILED
    for row in result.failed:
        err(_("run {run} (seed {seed}) failed: {error}").format(run=row["run"], seed=row["seed"], error=row["error"]))
    if args.out:
        try:
            path = write_rows(result.rows, args.out)
        except OSError as exc:
            err(f"weerbaar ensemble: {exc}")
            return EXIT_FAILED
    summary = summarise(result)
    summary.update({"scenario": loaded.scenario.id, "root_seed": root, "days": until / 24.0,
                    "commands": args.commands or None})
    if args.json:
        import json

        print(json.dumps(summary, ensure_ascii=False))
    else:
        print(_("{title} - {runs} seeds from root seed {root} - {days:g} days - playbook: {playbook}").format(
            title=shown_text(loaded.scenario.title), runs=args.runs, root=root, days=until / 24.0,
            playbook=args.commands or _("none")))
        print_summary(summary)
        if args.out:
            print(_("results: {path}").format(path=path))
    return EXIT_FAILED if result.failed else EXIT_OK

