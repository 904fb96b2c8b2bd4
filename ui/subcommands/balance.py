"""``weerbaar balance [SCENARIO ...]``: does the sound playbook beat the cheap ways of playing?

Plays each scenario (default: every bundled one) with its bundled command file and
five other playbooks (kitchen sink, silver bullet, random, nothing, the
counterfactual) over ``--seeds`` seeds spawned from the scenario's seed like
``weerbaar ensemble``, and prints the table (scenario x playbook, mean ± sd of the
overall score and of the value added) and whether each condition of the Dilemmas
issue holds; :mod:`replays.balance` has the definitions. ``--json`` prints one
object instead, ``--out FILE.md`` also writes the tables as Markdown.

Exit codes: 0 every condition holds; 1 a condition fails or a run failed (the
last line, on stderr, says which), or an input is missing or invalid; 2 a usage
error, including a scenario id that is neither bundled nor a file (so a CI job can
tell a failed balance from a typo).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from sim.i18n import N_, _
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, count_type, err, err_lines, positive_number,
                                    seed_type, shown_text, suggest, whole_number)

NAME = "balance"
HELP = N_(
    "check that each scenario's sound playbook beats the kitchen sink, a silver bullet, random orders, nothing")


class _Refused(Exception):
    """An input problem: one line, and the exit code it deserves."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                        help=_("bundled scenario ids, or scenario files with X.commands.yaml beside them "
                             "(default: every bundled scenario)"))
    parser.add_argument("--seeds", type=whole_number(2, N_("number of seeds")), default=10, metavar="N",
                        help=_("seeds per scenario, at least 2 for a paired interval (default 10)"))
    parser.add_argument("--seed", type=seed_type, default=None, metavar="ROOT",
                        help=_("root seed the seeds are spawned from (default: each scenario's own)"))
    parser.add_argument("--days", type=positive_number, default=None, metavar="D",
                        help=_("run each seed for D days (default: the whole scenario)"))
    parser.add_argument("--workers", type=count_type, default=1, metavar="K",
                        help=_("local processes (default 1: in this process)"))
    parser.add_argument("--json", action="store_true", help=_("print the result as one JSON object"))
    parser.add_argument("--out", metavar="FILE.md", help=_("also write the tables as Markdown"))
    parser.add_argument("--force", action="store_true", help=_("replace the --out file if it exists"))
    parser.add_argument("--quiet", action="store_true", help=_("no progress bar"))


def _resolve(ref: str) -> tuple[Path, Path]:
    """A scenario id or file and its sound playbook: the bundled command file, or ``X.commands.yaml`` beside it."""
    import scenarios

    table = scenarios.bundled()
    if ref in table:
        commands = scenarios.commands_for(ref)
        if commands is None:
            raise _Refused("weerbaar balance: " + _("{ref}: no bundled command file (the sound playbook)").format(
                ref=ref), EXIT_FAILED)
        return table[ref], commands
    path = Path(ref)
    if path.is_file():
        commands = path.with_name(f"{path.stem}.commands.yaml")
        if not commands.is_file():
            raise _Refused("weerbaar balance: " + _("{ref}: no {name} beside it (the sound playbook)").format(
                ref=ref, name=commands.name), EXIT_FAILED)
        return path, commands
    raise _Refused("weerbaar balance: " + _("no bundled scenario or file {ref!r}{suggestion}").format(
        ref=ref, suggestion=suggest(ref, table)), EXIT_USAGE)


def _targets(refs: list[str]):
    import scenarios
    from replays.balance import Target
    from replays.runner import commands_from_file
    from sim.scenario import load_scenario

    targets, inputs = [], []
    for ref in refs or list(scenarios.bundled()):
        path, commands = _resolve(ref)
        loaded = load_scenario(path)
        targets.append(Target(loaded, tuple(commands_from_file(commands, loaded.scenario)), str(commands)))
        inputs += [path, commands]
    return targets, inputs


def _progress_bar(total_hint: bool):
    """A tqdm bar on stderr fed by ``progress(done, total)``, or None."""
    if not total_hint:
        return None, None
    from tqdm import tqdm

    bar = tqdm(total=0, unit="task", desc="balance", file=sys.stderr,
               bar_format=_("{desc} {bar} {n_fmt}/{total_fmt} tasks [{elapsed}<{remaining}]"))

    def progress(done: int, total: int) -> None:
        bar.total = total
        bar.n = done
        bar.refresh()

    return bar, progress


def run(args: argparse.Namespace) -> int:
    from replays.balance import check_balance, render_markdown
    from sim.outputs import OutputError, check_target, write_atomic
    from sim.scenario import ScenarioError

    if args.out and not args.out.lower().endswith(".md"):
        err("weerbaar balance: " + _("--out must end in .md"))
        return EXIT_USAGE
    try:
        targets, inputs = _targets(args.scenarios)
        if args.out:  # before the runs, so the work is not lost to a name that is taken
            check_target(args.out, force=args.force, inputs=inputs, what="tables")
            if not Path(args.out).resolve().parent.is_dir():
                raise OutputError(_("{path}: no folder {folder}").format(path=args.out, folder=Path(args.out).parent))
    except _Refused as exc:
        err(str(exc))
        return exc.code
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (OSError, OutputError) as exc:
        err(f"weerbaar balance: {shown_text(exc)}")
        return EXIT_FAILED
    bar, progress = _progress_bar(not args.quiet and sys.stderr.isatty())
    try:
        report = check_balance(targets, seeds=args.seeds, root_seed=args.seed, days=args.days,
                               workers=args.workers, progress=progress)
    except (OSError, RuntimeError, ValueError) as exc:
        err(f"weerbaar balance: {shown_text(exc)}")
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    table = render_markdown(report)
    if args.out:
        try:
            write_atomic(args.out, table)
        except OSError as exc:
            err(f"weerbaar balance: {exc}")
            return EXIT_FAILED
    if args.json:
        import json

        print(json.dumps(report.as_dict(), ensure_ascii=False))
    else:
        print(table.rstrip("\n").rsplit("\n", 1)[0])  # the summary line goes last, below, on its own stream
    if report.holds:
        if not args.json:
            print(report.summary_line())
        return EXIT_OK
    err(report.summary_line())
    return EXIT_FAILED
