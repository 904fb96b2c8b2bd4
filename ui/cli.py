"""The ``weerbaar`` command line.

Exit codes: 0 success; 1 a failed check (invalid input, a replay that does not
verify); 2 a usage error (bad arguments). Errors are one line each, on stderr.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="weerbaar", description="Hybrid-threat tabletop exercise simulator.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    sub.add_parser("scenarios", help="list the bundled scenarios")
    p = sub.add_parser("validate", help="check scenario files and report every problem")
    p.add_argument("files", nargs="+", metavar="FILE")
    p = sub.add_parser("run", help="run a scenario headless and record its replay")
    p.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                   help="bundled scenario id or file (default: the bundled default scenario)")
    p.add_argument("--seed", type=int, default=None, help="seed (default: the scenario's)")
    p.add_argument("--commands", metavar="FILE", help="command file: YAML list of {at, cell, command}")
    p.add_argument("--out", metavar="PATH", help="replay file (default: runs/<scenario>-seed<seed>.jsonl)")
    p.add_argument("--days", type=float, default=None, metavar="D", help="stop after D days")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no table")
    p = sub.add_parser("verify", help="re-simulate a replay and check it record by record")
    p.add_argument("replay", metavar="REPLAY")
    p = sub.add_parser("schema", help="write the JSON Schemas of scenario and command files for editors")
    p.add_argument("--out", metavar="DIR", help="folder to write them to (default: the bundled scenarios folder)")
    return parser


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def cmd_scenarios(args: argparse.Namespace) -> int:
    from scenarios import DEFAULT_SCENARIO, bundled, commands_for
    from sim.scenario import ScenarioError, load_scenario

    for sid, path in bundled().items():
        try:
            summary = load_scenario(path).scenario.summary
        except ScenarioError as exc:
            summary = f"(invalid: {exc.lines[0]})"
        marks = (" [default]" if sid == DEFAULT_SCENARIO else "") + (" [commands]" if commands_for(sid) else "")
        print(f"{sid:28} {summary}{marks}")
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError, load_scenario

    failed = False
    for name in args.files:
        try:
            loaded = load_scenario(name)
        except ScenarioError as exc:
            failed = True
            for line in exc.lines:
                print(line)
            continue
        print(f"{name}: ok ({loaded.scenario.id}: {len(loaded.scenario.msel)} injects, "
              f"{len(getattr(loaded.scenario, 'actors', []))} actors, {len(loaded.scenario.cells)} cells)")
    return EXIT_FAILED if failed else EXIT_OK


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


def cmd_run(args: argparse.Namespace) -> int:
    from replays.runner import run_headless
    from scenarios import resolve_scenario
    from sim.scenario import ScenarioError, load_scenario

    try:
        loaded = load_scenario(resolve_scenario(args.scenario))
    except FileNotFoundError as exc:
        _err(f"weerbaar run: {exc}")
        return EXIT_FAILED
    except ScenarioError as exc:
        for line in exc.lines:
            _err(line)
        return EXIT_FAILED
    if args.days is not None and args.days <= 0:
        _err("weerbaar run: --days must be positive")
        return EXIT_USAGE
    total = loaded.scenario.duration.days * 24.0 if args.days is None else min(args.days * 24.0, loaded.scenario.duration.days * 24.0)
    bar, update = _progress_bar(total, args.quiet)
    try:
        result = run_headless(loaded, seed=args.seed, commands=args.commands, out=args.out, days=args.days,
                              progress=update)
    except ScenarioError as exc:
        for line in exc.lines:
            _err(line)
        return EXIT_FAILED
    except (ValueError, OSError) as exc:
        _err(f"weerbaar run: {exc}")
        return EXIT_FAILED
    finally:
        if bar is not None:
            bar.close()
    ex = result.exercise
    if not args.quiet:
        print(f"{ex.scenario.title} - seed {ex.seed} - {ex.clock()}")
        print(f"{'indicator':22} {'start':>7} {'minimum':>8} {'final':>7}")
        for name, series in ex.indicators.series.items():
            print(f"{name:22} {ex.indicators.start[name]:7.1f} {min(series):8.1f} {series[-1]:7.1f}")
        accepted = sum(1 for e in ex.log if e.kind == "command.accepted")
        refused = sum(1 for e in ex.log if e.kind == "command.refused")
        print(f"{len(ex.log)} events, {accepted} orders accepted, {refused} refused, "
              f"{len(ex.operations)} red operations")
    print(f"replay: {result.replay}  log sha256: {result.log_sha256}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from replays.format import ReplayError
    from replays.verify import verify_replay
    from sim.scenario import ScenarioError

    try:
        verdict = verify_replay(args.replay)
    except ReplayError as exc:
        _err(str(exc))
        return EXIT_FAILED
    except ScenarioError as exc:
        for line in exc.lines:
            _err(line)
        return EXIT_FAILED
    print(f"{args.replay}: {verdict.message}" if verdict.ok else f"{args.replay}: FAILED: {verdict.message}")
    return EXIT_OK if verdict.ok else EXIT_FAILED


def schema_texts() -> dict[str, str]:
    """The JSON Schemas for editors, by file name: scenario files and command files."""
    from sim.schema import command_file_model, scenario_model

    out = {}
    for name, model in (("scenario.schema.json", scenario_model()), ("commands.schema.json", command_file_model())):
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **model.model_json_schema(by_alias=True)}
        out[name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    return out


def cmd_schema(args: argparse.Namespace) -> int:
    from scenarios import HERE

    folder = Path(args.out) if args.out else HERE
    for name, text in schema_texts().items():
        path = folder / name
        try:
            path.write_text(text, encoding="utf-8")
        except OSError as exc:
            _err(f"weerbaar schema: {path}: {exc.strerror}")
            return EXIT_FAILED
        print(f"wrote {path}")
    return EXIT_OK


COMMANDS = {"scenarios": cmd_scenarios, "validate": cmd_validate, "run": cmd_run, "verify": cmd_verify,
            "schema": cmd_schema}


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``weerbaar`` command; returns the exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse reports usage errors itself and exits 2
        return int(exc.code or 0)
    return COMMANDS[args.command](args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
