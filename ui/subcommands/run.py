"""``weerbaar run``: run a scenario headless, record its replay, print the indicator table."""

from __future__ import annotations

import argparse
import sys

from sim.i18n import N_
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, err, err_lines, load_scenario_arg, positive_number, seed_type

NAME = "run"
HELP = N_("run a scenario headless and record its replay")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help="bundled scenario id or file (default: the bundled default scenario)")
    parser.add_argument("--seed", type=seed_type, default=None, help="seed (default: the scenario's)")
    parser.add_argument("--commands", metavar="FILE", help="command file: YAML list of {at, cell, command}")
    parser.add_argument("--out", metavar="PATH",
                        help="replay file (default: runs/<scenario>-seed<seed>.jsonl, or -2, -3, ... if taken)")
    parser.add_argument("--force", action="store_true", help="replace the --out file if it exists")
    parser.add_argument("--days", type=positive_number, default=None, metavar="D", help="stop after D days")
    parser.add_argument("--quiet", action="store_true", help="no progress bar and no table")


def _progress_bar(total_hours: float, quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=round(total_hours / 24.0, 2), unit="day", desc="simulating", file=sys.stderr,
               bar_format="{desc} {bar} {n:.0f}/{total:.0f} days [{elapsed}<{remaining}]")

    def update(now: float) -> None:
        bar.n = round(now / 24.0, 2)
        bar.refresh()

    return bar, update


def print_table(exercise) -> None:
    """Each indicator's start, minimum and final value, and a count of what happened."""
    ex = exercise
    print(f"{ex.scenario.title} - seed {ex.seed} - {ex.clock()}")
    print(f"{'indicator':22} {'start':>7} {'minimum':>8} {'final':>7}")
    for name, series in ex.indicators.series.items():
        print(f"{name:22} {ex.indicators.start[name]:7.1f} {min(series):8.1f} {series[-1]:7.1f}")
    accepted = sum(1 for e in ex.log if e.kind == "command.accepted")
    refused = sum(1 for e in ex.log if e.kind == "command.refused")
    print(f"{len(ex.log)} events, {accepted} orders accepted, {refused} refused, {len(ex.operations)} red operations")


def run(args: argparse.Namespace) -> int:
    from replays.runner import run_headless
    from sim.outputs import OutputError, check_target
    from sim.scenario import ScenarioError

    loaded = load_scenario_arg(args.scenario, NAME)
    if loaded is None:
        return EXIT_FAILED
    if args.out is not None:
        try:
            check_target(args.out, force=args.force, inputs=(loaded.source, args.commands), what="replay")
        except OutputError as exc:
            err(f"weerbaar run: {exc}")
            return EXIT_FAILED
    total = loaded.scenario.duration.days * 24.0
    if args.days is not None:
        total = min(total, args.days * 24.0)
    bar, update = _progress_bar(total, args.quiet)
    try:
        result = run_headless(loaded, seed=args.seed, commands=args.commands, out=args.out, days=args.days,
                              progress=update)
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (ValueError, OSError) as exc:
        err(f"weerbaar run: {exc}")
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print_table(result.exercise)
    print(f"replay: {result.replay}  log sha256: {result.log_sha256}")
    return EXIT_OK
