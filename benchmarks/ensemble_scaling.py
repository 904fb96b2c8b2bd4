"""Ensemble efficiency at two workers, for two or more source trees side by side, from one run.

``weerbaar ensemble SCENARIO --commands PLAYBOOK --runs N --days D --quiet --json`` is timed as a whole
process at ``--workers 1`` (in-process) and ``--workers 2`` (a local process pool) in every tree,
interleaved (tree A at 1 and 2 workers, tree B at 1 and 2, ...; repeated). The **efficiency** is
``T(1 worker) / (2 x T(2 workers))`` over the same job set, taken pair by pair (the two runs of a
repeat follow each other) and quoted as the median; the aim (issue 17, item 5) is at least 85%. The
printed summaries are compared too: a tree must print the same summary at 1 and 2 workers, and trees
with the same engine the same as each other.

The machine's load average is read before, after and between the measurements, since on a shared
2-core machine another process on either core costs the two-worker run most. Process handling, the
per-tree environment and the bytecode cache are those of ``benchmarks/startup.py``.

Usage (from the repository root; a before tree from ``git worktree add /tmp/before <commit>``)::

    python benchmarks/ensemble_scaling.py --tree before=/tmp/before --tree after=. [--runs 8] [--repeat 3]

Nothing here is asserted; the figures go to ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from startup import Tree, load_average, run_process, spread, trees_from  # noqa: E402

SCENARIO = "municipal-elections"
PLAYBOOK = "scenarios/municipal-elections.commands.yaml"


def measure(trees: list[Tree], runs: int, days: float, repeat: int, tmp: Path) -> dict:
    """T(1) and T(2) per tree and repeat, interleaved; the summaries each printed; the load between."""
    def argv(tree: Tree, workers: int) -> list[str]:
        return tree.cli("ensemble", SCENARIO, "--commands", PLAYBOOK, "--runs", str(runs), "--days", f"{days:g}",
                        "--quiet", "--json", "--workers", str(workers))

    for tree in trees:  # warm-up: bytecode caches, the page cache
        run_process(argv(tree, 2), tree)
    times: dict[str, dict[int, list[dict[str, float]]]] = {t.name: {1: [], 2: []} for t in trees}
    summaries: dict[str, dict[int, dict]] = {t.name: {} for t in trees}
    loads = []
    for _ in range(repeat):
        for tree in trees:
            for workers in (1, 2):
                out = tmp / f"{tree.name}-{workers}.json"
                times[tree.name][workers].append(run_process(argv(tree, workers), tree, stdout=out))
                summaries[tree.name][workers] = json.loads(out.read_text(encoding="utf-8"))
                loads.append(load_average())
    result = {"trees": {}, "loads": loads}
    for tree in trees:
        one, two = times[tree.name][1], times[tree.name][2]
        result["trees"][tree.name] = {
            "t1": spread([s["wall"] for s in one]), "t2": spread([s["wall"] for s in two]),
            "t1_cpu": spread([s["cpu"] for s in one]),
            "efficiency": spread([a["wall"] / (2.0 * b["wall"]) for a, b in zip(one, two)]),
            "speedup": spread([a["wall"] / b["wall"] for a, b in zip(one, two)]),
            "same_summary_1_2": summaries[tree.name][1] == summaries[tree.name][2],
            "summary": summaries[tree.name][1],
        }
    first = trees[0].name
    for tree in trees[1:]:
        result["trees"][tree.name]["same_summary_as_first"] = summaries[tree.name][1] == summaries[first][1]
        for w in (1, 2):
            result["trees"][tree.name][f"t{w}_vs_first"] = spread(
                [a["wall"] / b["wall"] for a, b in zip(times[tree.name][w], times[first][w])])
    return result


def fmt(entry: dict, scale: float = 1.0, digits: int = 2) -> str:
    return f"{entry['median'] * scale:.{digits}f} ({entry['min'] * scale:.{digits}f}-{entry['max'] * scale:.{digits}f})"


def print_report(res: dict) -> None:
    env = res["environment"]
    print(f"# ensemble efficiency, {env['date']}  ({env['cpus']} CPUs, Python {env['python']}, "
          f"{env['runs']} runs x {env['days']:g} days of {SCENARIO} with its bundled playbook, repeat {env['repeat']}, "
          f"load {env['load_start']} -> {env['load_end']})\n")
    trees = res["trees"]
    names = list(trees)
    print("| figure (median, min-max) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    rows = [
        ("T(1 worker), wall s", lambda t: fmt(t["t1"])),
        ("T(2 workers), wall s", lambda t: fmt(t["t2"])),
        ("speed-up T1/T2", lambda t: fmt(t["speedup"])),
        ("**efficiency** T1/(2 T2)", lambda t: f"**{fmt(t['efficiency'], 100, 0)} %**"),
        ("T(1 worker) CPU s", lambda t: fmt(t["t1_cpu"])),
        ("T1 / first tree's T1", lambda t: fmt(t["t1_vs_first"]) if "t1_vs_first" in t else "1"),
        ("T2 / first tree's T2", lambda t: fmt(t["t2_vs_first"]) if "t2_vs_first" in t else "1"),
        ("same summary at 1 and 2 workers", lambda t: "yes" if t["same_summary_1_2"] else "**no**"),
        ("same summary as the first tree", lambda t: {True: "yes", False: "no"}.get(t.get("same_summary_as_first"), "-")),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(trees[n]) for n in names) + " |")
    va = trees[names[-1]]["summary"]["value_added"]
    print(f"\nvalue added ({names[-1]}): mean {va['mean']}, 95% CI [{va['ci_low']}, {va['ci_high']}]")
    print("load average (1, 5, 15 min) after each measurement: " + "; ".join(
        "/".join(f"{x:.1f}" for x in load) for load in res["loads"] if load))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree to measure (repeat it; the first is the baseline; default: after=.)")
    parser.add_argument("--runs", type=int, default=8, help="seeds in the ensemble (default 8)")
    parser.add_argument("--days", type=float, default=60.0, help="days each seed runs (default 60, the whole scenario)")
    parser.add_argument("--repeat", type=int, default=3, help="interleaved repeats (default 3)")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="measure as this workplace's environment is")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args(argv)
    if args.runs < 2 or args.repeat < 1 or not args.days > 0:
        parser.error("--runs must be at least 2, --repeat at least 1, --days above 0")
    tmp = Path(tempfile.mkdtemp(prefix="weerbaar-ensemble-"))
    cache = None if args.no_bytecode_cache else tmp / "pycache"
    trees = trees_from(args.tree, cache, parser)
    environment = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "python": platform.python_version(),
                   "runs": args.runs, "days": args.days, "repeat": args.repeat, "load_start": load_average(),
                   "trees": {t.name: str(t.path) for t in trees}}
    res = measure(trees, args.runs, args.days, args.repeat, tmp)
    environment["load_end"] = load_average()
    res["environment"] = environment
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print_report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
