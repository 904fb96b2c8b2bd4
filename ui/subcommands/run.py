"""``weerbaar run``: run a scenario headless, record its replay, print the indicator table."""

from __future__ import annotations

import argparse
import sys

from sim.i18n import N_, _, ngettext
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, err, err_lines, headings, indicator, load_scenario_arg,
                                    positive_number, seed_type, shown_text, widths)

NAME = "run"
HELP = N_("run a scenario headless and record its replay")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help=_("bundled scenario id or file (default: the bundled default scenario)"))
    parser.add_argument("--seed", type=seed_type, default=None, help=_("seed (default: the scenario's)"))
    parser.add_argument("--commands", metavar="FILE", help=_("command file: YAML list of {at, cell, command}"))
    parser.add_argument("--out", metavar="PATH",
                        help=_("replay file (default: runs/<scenario>-seed<seed>.jsonl, or -2, -3, ... if taken)"))
    parser.add_argument("--force", action="store_true", help=_("replace the --out file if it exists"))
    parser.add_argument("--days", type=positive_number, default=None, metavar="D", help=_("stop after D days"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar and no table"))


def _progress_bar(total_hours: float, quiet: bool):
    if quiet or not sys.stderr.isatty():
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=round(total_hours / 24.0, 2), unit="day", desc=_("simulating"), file=sys.stderr,
               bar_format=_("{desc} {bar} {n:.0f}/{total:.0f} days [{elapsed}<{remaining}]"))

    def update(now: float) -> None:
        bar.n = round(now / 24.0, 2)
        bar.refresh()

    return bar, update


def print_table(exercise) -> None:
    """Each indicator's start, minimum and final value, and a count of what happened."""
    ex = exercise
    print(_("{title} - seed {seed} - {clock}").format(title=shown_text(ex.scenario.title), seed=ex.seed,
                                                      clock=shown_text(ex.clock())))
    names = {name: indicator(name) for name in ex.indicators.series}
    head = headings(N_("indicator|start|minimum|final"))
    w = widths((22, 7, 8, 7), head, names.values())
    print(f"{head[0]:{w[0]}} {head[1]:>{w[1]}} {head[2]:>{w[2]}} {head[3]:>{w[3]}}")
    for name, series in ex.indicators.series.items():
        print(f"{names[name]:{w[0]}} {ex.indicators.start[name]:{w[1]}.1f} {min(series):{w[2]}.1f} "
              f"{series[-1]:{w[3]}.1f}")
    accepted = sum(1 for e in ex.log if e.kind == "command.accepted")
    refused = sum(1 for e in ex.log if e.kind == "command.refused")
    print(", ".join([ngettext("{n} event", "{n} events", len(ex.log)).format(n=len(ex.log)),
                     ngettext("{n} order accepted", "{n} orders accepted", accepted).format(n=accepted),
                     _("{n} refused").format(n=refused),
                     ngettext("{n} red operation", "{n} red operations", len(ex.operations)).format(
                         n=len(ex.operations))]))


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
            err(f"weerbaar run: {shown_text(exc)}")
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
        err(f"weerbaar run: {shown_text(exc)}")
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    if not args.quiet:
        print_table(result.exercise)
    print(_("replay: {replay}  log sha256: {sha}").format(replay=result.replay, sha=result.log_sha256))
    return EXIT_OK
