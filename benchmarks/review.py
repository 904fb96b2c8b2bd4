"""What ``score --explain`` and ``review`` cost, in runs, before and after checkpoints, side by side.

Each code version runs in a process of its own, with its tree first on ``PYTHONPATH``:
*before* is a ``git worktree`` of the commit before ``replays/checkpoint.py`` was added
(or ``--before DIR``), *after* is this checkout. In that process it records the default
scenario's replay (seed 7, bundled commands), times **one plain run** (the replay
re-simulated in-process: ``replays.counterfactual.simulate``, the scenario already
parsed) and then, interleaved over ``--repeat`` rounds, what the subcommands do
in-process: ``score_replay`` (the counterfactual), ``build_review(explain=False)`` (the
counterfactual, the analysis and the plots) and ``write_review`` (every report file), and
``explain`` in the configurations below. Every figure is a ratio to
that version's plain run from the same process, so a version with a faster engine
(or a busier moment) does not flatter itself; ``runs/seed`` divides by the seeds explained.

Then the same commands as a user types them, as subprocesses (start-up included):
``weerbaar run --commands``, ``score``, ``score --explain``, ``review --no-explain``,
each against ``weerbaar run`` of that version.

Usage: ``python benchmarks/review.py [--repeat N] [--quick] [--json] [--before DIR]``.
``--quick`` skips the command-by-command explanations over five seeds and the CLI part.
Figures are in ``benchmarks/README.md`` (section ``review.py``); nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# -- inside one version's process ------------------------------------------------------------------------------


def _child(quick: bool, repeat: int) -> dict:
    """Time everything in this process (whichever tree is first on sys.path) and return the figures."""
    import inspect

    import replays
    from replays.counterfactual import score_replay, simulate, timed
    from replays.explain import explain
    from replays.format import read_replay
    from replays.review import build_review, write_review
    from replays.runner import run_headless
    from replays.score import RunData
    from scenarios import commands_for, resolve_scenario
    from sim.scenario import load_scenario

    tmp = Path(tempfile.mkdtemp(prefix="bench-review-"))
    copies_cpu = tmp / "copies-cpu"
    _count_copies_cpu(copies_cpu)
    loaded = load_scenario(resolve_scenario(None))
    path = tmp / "a.jsonl"
    run_headless(loaded, seed=7, commands=commands_for("municipal-elections"), out=path)
    replay = read_replay(path)
    run = RunData.from_replay(replay)
    commands = timed(run.commands)
    new = "seeds" in inspect.signature(explain).parameters

    def plain() -> None:
        simulate(run.loaded, run.seed, run.players, commands, run.until)

    built = {}

    def build() -> None:
        built["review"] = build_review(read_replay(path), explain=False)

    def write() -> None:
        write_review(built["review"], tmp / "review", force=True)

    variants: dict[str, tuple] = {"plain run": (plain, 1), "score (counterfactual)": (lambda: score_replay(replay), 1),
                                  "review --no-explain: build_review": (build, 1),
                                  "review --no-explain: write_review": (write, 1)}
    explained: dict[str, dict] = {}

    unmeasured = set()  # CPU of spawn-pool workers: rusage misses much of it (a pool reaps its workers late)

    def explaining(label: str, count: int, **kwargs):
        def call() -> None:
            explained[label] = explain(run, **kwargs)
        variants[label] = (call, count)
        if not new and kwargs.get("workers", 1) > 1:
            unmeasured.add(label)

    if new:
        explaining("explain default (5 seeds, budget, every core)", 5)
        explaining("explain 1 seed, command by command, 2 workers", 1, max_runs=24, seeds=1, workers=2)
        explaining("explain 1 seed, command by command, 1 worker", 1, max_runs=24, seeds=1, workers=1)
        if not quick:
            explaining("explain 5 seeds, command by command, every core", 5, max_runs=24)
    else:
        explaining("explain (1 seed, command by command, 1 worker)", 1, max_runs=24, workers=1)
        explaining("explain (1 seed, command by command, 2 workers)", 1, max_runs=24, workers=2)
    samples: dict[str, list[float]] = {label: [] for label in variants}
    cpu: dict[str, list[float]] = {label: [] for label in variants}
    plain()  # warm: imports and caches, so the first timed call is not the only one paying them
    for _ in range(repeat):
        for label, (fn, _) in variants.items():
            copies_cpu.write_text("")
            start, cpu_start = time.perf_counter(), _cpu_here_and_reaped()
            fn()
            samples[label].append(time.perf_counter() - start)
            cpu[label].append(_cpu_here_and_reaped() - cpu_start + sum(map(float, copies_cpu.read_text().split())))
    base, base_cpu = statistics.median(samples["plain run"]), statistics.median(cpu["plain run"])
    rows = []
    for label, (_, seeds) in variants.items():
        t, c = statistics.median(samples[label]), statistics.median(cpu[label])
        ex = explained.get(label, {})
        rows.append({"variant": label, "seconds": round(t, 3), "runs": round(t / base, 2), "seeds": seeds,
                     "runs_per_seed": round(t / base / seeds, 2),
                     **({"cpu_seconds": None, "cpu_runs": None, "cpu_runs_per_seed": None} if label in unmeasured else
                        {"cpu_seconds": round(c, 3), "cpu_runs": round(c / base_cpu, 2),
                         "cpu_runs_per_seed": round(c / base_cpu / seeds, 2)}),
                     "groups": ex.get("groups"), "reruns": ex.get("runs"), "cost_runs": ex.get("cost_runs"),
                     "samples": [round(s, 3) for s in samples[label]]})
    return {"tree": str(Path(replays.__file__).resolve().parent.parent), "plain_seconds": round(base, 3),
            "plain_cpu_seconds": round(base_cpu, 3), "commands": len(run.commands), "rows": rows,
            "load": os.getloadavg()}


def _cpu_here_and_reaped() -> float:
    """CPU seconds of this process and of the children it has reaped (pool workers, forked reference runs)."""
    import resource

    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _count_copies_cpu(log: Path) -> None:
    """Make every leave-out copy forked from a checkpoint append its CPU seconds to ``log``.

    Nobody reaps those copies (their originals exit first), so their CPU shows in no rusage; a fork starts
    a process's CPU count at zero, so what each reports at its end is what it spent as a copy.
    """
    import replays.explain as explain

    if not hasattr(explain, "_outcome"):  # the code before checkpoints: nothing is forked
        return
    import replays.checkpoint as checkpoint

    outcome = explain._outcome

    def counted(exercise, plan):
        result = outcome(exercise, plan)
        here = checkpoint._here
        if here is not None and here.key[0] == "out":
            t = os.times()
            with open(log, "a", encoding="ascii") as f:
                f.write(f"{t.user + t.system}\n")
        return result

    explain._outcome = counted


# -- the driver -------------------------------------------------------------------------------------------------------


def _git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()


def before_commit() -> str:
    """The commit just before ``replays/checkpoint.py`` was added (the code path without checkpoints)."""
    added = _git("log", "--diff-filter=A", "--format=%H", "--", "replays/checkpoint.py").splitlines()
    if not added:
        raise SystemExit("benchmarks/review.py: replays/checkpoint.py has no commit yet; give --before DIR")
    return _git("rev-parse", added[-1] + "^")


def in_tree(tree: Path, argv: list[str], timeout: float = 3600) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(tree))  # ahead of the editable install's finder
    return subprocess.run([sys.executable, *argv], cwd=tree, env=env, capture_output=True, text=True, timeout=timeout)


def measure_in_process(tree: Path, quick: bool, repeat: int) -> dict:
    args = [str(Path(__file__).resolve()), "--child", "--repeat", str(repeat)] + (["--quick"] if quick else [])
    done = in_tree(tree, args)
    if done.returncode != 0:
        raise SystemExit(f"benchmarks/review.py: the run in {tree} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_cli(trees: dict[str, Path], repeat: int) -> dict[str, list[dict]]:
    """Wall time of the subcommands as processes, interleaved over versions and repeats."""
    work = Path(tempfile.mkdtemp(prefix="bench-review-cli-"))
    steps = [("weerbaar run --commands", ["run", "--quiet", "--seed", "7", "--commands", "{commands}", "--out",
                                          "{replay}"]),
             ("score", ["score", "{replay}"]),
             ("score --explain", ["score", "{replay}", "--explain"]),
             ("review --no-explain", ["review", "{replay}", "--no-explain", "--out", "{folder}", "--force"])]
    times: dict[str, dict[str, list[float]]] = {v: {label: [] for label, _ in steps} for v in trees}
    for _ in range(repeat):
        for version, tree in trees.items():
            replay, folder = work / f"{version}.jsonl", work / f"{version}-review"
            for label, argv in steps:
                commands = tree / "scenarios" / "municipal-elections.commands.yaml"  # each version's own playbook
                argv = [a.format(replay=replay, folder=folder, commands=commands) for a in argv]
                if label.startswith("weerbaar run"):
                    replay.unlink(missing_ok=True)  # our own temporary replay, remade each round
                start = time.perf_counter()
                done = in_tree(tree, ["-m", "ui.cli", *argv])
                elapsed = time.perf_counter() - start
                if done.returncode != 0:
                    raise SystemExit(f"benchmarks/review.py: {' '.join(argv)} failed in {tree}:\n{done.stderr[-2000:]}")
                times[version][label].append(elapsed)
    out = {}
    for version, per in times.items():
        base = statistics.median(per["weerbaar run --commands"])
        out[version] = [{"command": label, "seconds": round(statistics.median(s), 2),
                         "runs": round(statistics.median(s) / base, 2)} for label, s in per.items()]
    return out


def report(results: dict, cli: dict | None) -> None:
    for version, r in results.items():
        print(f"\n{version}: {r['tree']}  (one plain run {r['plain_seconds']:.2f} s in-process; "
              f"{r['commands']} commands; load {', '.join(f'{x:.1f}' for x in r['load'])})")
        print(f"| {'variant':52} | {'wall s':>6} | {'runs':>6} | {'runs/seed':>9} | {'CPU runs/seed':>13} | "
              f"{'re-runs':>7} | {'sim. runs':>9} |")
        print(f"|{'-' * 54}|{'-' * 7}:|{'-' * 7}:|{'-' * 10}:|{'-' * 14}:|{'-' * 8}:|{'-' * 10}:|")
        for row in r["rows"]:
            print(f"| {row['variant']:52} | {row['seconds']:6.2f} | {row['runs']:6.2f} | {row['runs_per_seed']:9.2f} | "
                  f"{_cell(row['cpu_runs_per_seed']):>13} | {row['reruns'] if row['reruns'] is not None else '':>7} | "
                  f"{row['cost_runs'] if row['cost_runs'] is not None else '':>9} |")
    if cli:
        print("\nAs processes (start-up included), against `weerbaar run --commands` of the same version:")
        versions = list(cli)
        print("| command | " + " | ".join(f"{v} s | {v} runs" for v in versions) + " |")
        print("|---|" + "---:|---:|" * len(versions))
        for i, row in enumerate(cli[versions[0]]):
            cells = " | ".join(f"{cli[v][i]['seconds']:.2f} | {cli[v][i]['runs']:.2f}" for v in versions)
            print(f"| `{row['command']}` | {cells} |")


def _cell(value: float | None) -> str:
    return "n/m" if value is None else f"{value:.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=1, help="rounds of every variant (default 1; medians)")
    parser.add_argument("--quick", action="store_true", help="skip the slowest explanations and the CLI part")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--before", metavar="DIR", help="a checkout of the code before (default: a temporary worktree)")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_child(args.quick, args.repeat)))
        return
    worktree = None
    if args.before:
        before = Path(args.before).resolve()
    else:
        worktree = Path(tempfile.mkdtemp(prefix="weerbaar-before-"))
        _git("worktree", "add", "--detach", "--force", str(worktree), before_commit())
        before = worktree
    try:
        trees = {"before": before, "after": ROOT}
        results = {version: measure_in_process(tree, args.quick, args.repeat) for version, tree in trees.items()}
        cli = None if args.quick else measure_cli(trees, args.repeat)
    finally:
        if worktree is not None:
            _git("worktree", "remove", "--force", str(worktree))
    if args.json:
        print(json.dumps({"in_process": results, "cli": cli}, indent=1))
    else:
        report(results, cli)


if __name__ == "__main__":
    main()
