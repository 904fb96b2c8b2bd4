"""The start-up share of a default ``weerbaar run``, for two or more source trees side by side, from one run.

Start-up is everything before the simulation: the interpreter, the imports, reading and validating
the scenario, building the exercise, opening the replay. It is measured as the whole-process wall time
of a one-tick run (``--days 0.25``: the start-up, one 6-hour tick and the replay's closing write) beside
that of the default run (``weerbaar run --quiet --out X.jsonl``, 60 days); the **start-up share** is
their ratio, taken pair by pair (the tick and the full run of one repeat follow each other), and the
median is quoted. The aim (issue 17, item 2) is at most 30%.

Every tree runs the same commands, interleaved (tree A full, A tick, tree B full, B tick, ...), so load
from other work spreads over all of them. Also measured, in the same run: ``python -c pass`` and the
third-party floor (``import numpy, scipy.sparse, pydantic, yaml, simpy``), one ``python -X importtime``
of a one-tick run per tree (own import time summed per top-level package, and which of the modules a
run does not use were imported), and the event log: each tree runs ``--seed 7`` and the first tree's
code verifies every tree's replay (``weerbaar verify``, which re-simulates it), so "same" means
byte-identical records and the same footer ``log_sha256``.

Bytecode: this workplace sets ``PYTHONDONTWRITEBYTECODE``, so every process would compile the
project's modules from source (about 0.2 s), which no installed copy does. The children therefore get
a bytecode cache of their own per tree (``PYTHONPYCACHEPREFIX`` in a temporary folder, warmed by the
first run); ``--no-bytecode-cache`` measures without it.

Usage (from the repository root; a before tree from ``git worktree add /tmp/before <commit>``)::

    python benchmarks/startup.py --tree before=/tmp/before --tree after=. [--repeat 7] [--json]

Nothing here is asserted; the figures go to ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FLOOR = "import numpy, scipy.sparse, pydantic, yaml, simpy"
"""The third-party libraries every run needs: the floor no change to the project goes below."""
UNUSED = ("pandas", "matplotlib", "pygame", "jinja2", "tqdm", "scipy.stats", "scipy.optimize", "scipy.spatial",
          "mesa.space", "mesa.experimental", "mesa.datacollection", "mesa.batchrunner")
"""Modules a plain quiet run does not use; the report says which of them each tree imports."""


# ----------------------------------------------------------------------------- processes


class Tree:
    """A source tree to measure: its name, its folder, and the environment its processes get."""

    def __init__(self, name: str, path: Path, cache_root: Path | None) -> None:
        self.name, self.path = name, path.resolve()
        if not (self.path / "ui" / "cli.py").is_file():
            raise SystemExit(f"{Path(sys.argv[0]).name}: --tree {name}={path}: not a Weerbaar source tree (no ui/cli.py)")
        env = dict(os.environ)
        env["PYTHONPATH"] = str(self.path)  # ahead of the editable install's finder
        for name_ in ("PYTHONPROFILEIMPORTTIME", "OPENBLAS_NUM_THREADS"):
            env.pop(name_, None)
        if cache_root is not None:
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            env["PYTHONPYCACHEPREFIX"] = str(cache_root / self.name)
        self.env = env

    def cli(self, *args: str) -> list[str]:
        return [sys.executable, "-m", "ui.cli", *args]


def trees_from(specs: list[str], cache: Path | None, parser: argparse.ArgumentParser) -> list[Tree]:
    """The trees of the ``--tree NAME=PATH`` options (default: this checkout as ``after``); bad ones are usage errors."""
    trees = []
    for spec in specs or [f"after={ROOT}"]:
        name, sep, path = spec.partition("=")
        if not sep or not name or not path:
            parser.error(f"--tree {spec!r}: expected NAME=PATH")
        trees.append(Tree(name, Path(path), cache))
    if len({t.name for t in trees}) != len(trees):
        parser.error("--tree names must differ")
    return trees


def run_process(argv: list[str], tree: Tree, stdout: Path | None = None) -> dict[str, float]:
    """Run a command to completion in ``tree``; its wall time, CPU time and peak RSS (POSIX: from ``wait4``).

    The CPU time and RSS are the process's and those of the children it waited for; ``stdout``: a file
    for what it prints (default: thrown away).
    """
    out = stdout.open("wb") if stdout is not None else subprocess.DEVNULL
    t0 = time.perf_counter()
    try:
        proc = subprocess.Popen(argv, cwd=tree.path, env=tree.env, stdout=out, stderr=subprocess.DEVNULL)
    finally:
        if stdout is not None:
            out.close()
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0
    else:  # pragma: no cover - not POSIX
        proc.wait()
        wall, cpu, rss = time.perf_counter() - t0, float("nan"), float("nan")
    if proc.returncode != 0:
        again = subprocess.run(argv, cwd=tree.path, env=tree.env, capture_output=True, text=True)
        raise SystemExit(f"command failed in {tree.name} ({proc.returncode}): {' '.join(argv)}\n{again.stderr[-2000:]}")
    return {"wall": wall, "cpu": cpu, "rss_mb": rss}


def spread(values: list[float]) -> dict[str, float]:
    """Median, fastest and slowest of the repeats."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values)}


def load_average() -> list[float] | None:
    return [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None


def parse_importtime(text: str) -> list[dict[str, Any]]:
    """Rows of ``python -X importtime`` output: module, own and cumulative microseconds."""
    rows = []
    for line in text.splitlines():
        parts = line[len("import time:"):].split("|") if line.startswith("import time:") else []
        if len(parts) == 3 and parts[0].strip().isdigit():
            rows.append({"module": parts[2].strip(), "self_us": int(parts[0]), "cumulative_us": int(parts[1])})
    return rows


def footer_sha(path: Path) -> str:
    """The ``log_sha256`` of a replay's footer record."""
    last = path.read_text(encoding="utf-8").rstrip("\n").rsplit("\n", 1)[-1]
    return json.loads(last)["log_sha256"]


# ----------------------------------------------------------------------------- measurements


def measure_share(trees: list[Tree], repeat: int, tmp: Path) -> dict[str, Any]:
    """Full run and one-tick run per tree, interleaved, with the baselines once per repeat."""
    samples: dict[str, dict[str, list[dict[str, float]]]] = defaultdict(lambda: defaultdict(list))
    base = trees[0]

    def variants():
        yield "python -c pass", base, [sys.executable, "-c", "pass"]
        yield "third-party floor", base, [sys.executable, "-c", FLOOR]
        for tree in trees:
            yield (tree.name, "run"), tree, tree.cli("run", "--quiet", "--force", "--out", str(tmp / f"{tree.name}-run.jsonl"))
            yield (tree.name, "tick"), tree, tree.cli("run", "--quiet", "--force", "--days", "0.25",
                                                      "--out", str(tmp / f"{tree.name}-tick.jsonl"))

    for _label, tree, argv in variants():  # warm-up: bytecode caches, the page cache
        run_process(argv, tree)
    for _ in range(repeat):
        for label, tree, argv in variants():
            key, what = (label, "") if isinstance(label, str) else label
            samples[key][what].append(run_process(argv, tree))
    out: dict[str, Any] = {"baselines": {}, "trees": {}}
    for key in ("python -c pass", "third-party floor"):
        out["baselines"][key] = {m: spread([s[m] for s in samples[key][""]]) for m in ("wall", "cpu", "rss_mb")}
    for tree in trees:
        runs, ticks = samples[tree.name]["run"], samples[tree.name]["tick"]
        out["trees"][tree.name] = {
            "run": {m: spread([s[m] for s in runs]) for m in ("wall", "cpu", "rss_mb")},
            "tick": {m: spread([s[m] for s in ticks]) for m in ("wall", "cpu", "rss_mb")},
            "share_wall": spread([t["wall"] / r["wall"] for t, r in zip(ticks, runs)]),
            "share_cpu": spread([t["cpu"] / r["cpu"] for t, r in zip(ticks, runs)]),
        }
    first = trees[0].name
    for tree in trees[1:]:  # pair by pair against the first tree: robust to drifting machine speed
        out["trees"][tree.name]["run_vs_first"] = spread(
            [a["wall"] / b["wall"] for a, b in zip(samples[tree.name]["run"], samples[first]["run"])])
        out["trees"][tree.name]["tick_vs_first"] = spread(
            [a["wall"] / b["wall"] for a, b in zip(samples[tree.name]["tick"], samples[first]["tick"])])
    return out


def measure_imports(trees: list[Tree], tmp: Path) -> dict[str, Any]:
    """One ``-X importtime`` one-tick run per tree: own time per top-level package, what of UNUSED it imported."""
    out = {}
    for tree in trees:
        argv = [sys.executable, "-X", "importtime", *tree.cli("run", "--quiet", "--force", "--days", "0.25",
                                                              "--out", str(tmp / f"{tree.name}-imp.jsonl"))[1:]]
        done = subprocess.run(argv, cwd=tree.path, env=tree.env, capture_output=True, text=True)
        rows = parse_importtime(done.stderr)
        per_package: dict[str, int] = defaultdict(int)
        for row in rows:
            per_package[row["module"].split(".")[0]] += row["self_us"]
        names = {row["module"] for row in rows}
        out[tree.name] = {
            "total_ms": sum(r["self_us"] for r in rows) / 1000.0,
            "modules": len(rows),
            "top": sorted(((k, v / 1000.0) for k, v in per_package.items()), key=lambda kv: -kv[1])[:8],
            "unused_imported": [m for m in UNUSED if m in names],
            "heaviest": [(r["module"], r["cumulative_us"] / 1000.0) for r in
                         sorted(rows, key=lambda r: -r["self_us"])[:5]],
        }
    return out


def check_logs(trees: list[Tree], tmp: Path) -> dict[str, Any]:
    """``run --seed 7`` in every tree, each replay verified by the first tree's code, footers' log_sha256 compared.

    ``weerbaar verify`` re-simulates a replay and compares every record, so a tree whose replay the first
    tree verifies logs exactly what the first tree logs. (A tree with another engine differs by design.)
    """
    first = trees[0]
    out: dict[str, Any] = {"sha": {}, "verified_by": first.name, "verify": {}, "same_as_first": {}}
    for tree in trees:
        path = tmp / f"{tree.name}-seed7.jsonl"
        subprocess.run(tree.cli("run", "--seed", "7", "--quiet", "--force", "--out", str(path)), cwd=tree.path,
                       env=tree.env, check=True, capture_output=True)
        out["sha"][tree.name] = footer_sha(path)
        done = subprocess.run(first.cli("verify", str(path)), cwd=first.path, env=first.env,
                              capture_output=True, text=True)
        out["verify"][tree.name] = {"code": done.returncode, "output": (done.stdout + done.stderr).strip()[:300]}
        out["same_as_first"][tree.name] = done.returncode == 0 and out["sha"][tree.name] == out["sha"][first.name]
    return out


# ----------------------------------------------------------------------------- report


def fmt(entry: dict[str, float], scale: float = 1.0, digits: int = 2) -> str:
    return f"{entry['median'] * scale:.{digits}f} ({entry['min'] * scale:.{digits}f}-{entry['max'] * scale:.{digits}f})"


def print_report(res: dict[str, Any]) -> None:
    env = res["environment"]
    print(f"# start-up share, {env['date']}  ({env['cpus']} CPUs, Python {env['python']}, "
          f"load {env['load_start']} -> {env['load_end']}, repeat {env['repeat']}, "
          f"bytecode cache {'on' if env['bytecode_cache'] else 'off'})\n")
    names = list(res["share"]["trees"])
    print("| figure (median, min-max) | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    rows = [
        ("`run --quiet` wall s (60 days)", lambda t: fmt(t["run"]["wall"])),
        ("one-tick run wall s (start-up)", lambda t: fmt(t["tick"]["wall"])),
        ("**start-up share** (wall)", lambda t: f"**{fmt(t['share_wall'], 100, 0)} %**"),
        ("start-up share (CPU)", lambda t: f"{fmt(t['share_cpu'], 100, 0)} %"),
        ("`run` CPU s", lambda t: fmt(t["run"]["cpu"])),
        ("`run` peak RSS MB", lambda t: f"{t['run']['rss_mb']['median']:.0f}"),
        ("`run` / first tree's (pair by pair)", lambda t: fmt(t["run_vs_first"]) if "run_vs_first" in t else "1"),
        ("one-tick / first tree's", lambda t: fmt(t["tick_vs_first"]) if "tick_vs_first" in t else "1"),
    ]
    for label, cell in rows:
        print(f"| {label} | " + " | ".join(cell(res["share"]["trees"][n]) for n in names) + " |")
    imports = res["imports"]
    print("| import time, ms (`-X importtime`, own times summed) | "
          + " | ".join(f"{imports[n]['total_ms']:.0f} ({imports[n]['modules']} modules)" for n in names) + " |")
    print("| unused modules imported | " + " | ".join(", ".join(imports[n]["unused_imported"]) or "none"
                                                  for n in names) + " |")
    for key, entry in res["share"]["baselines"].items():
        print(f"\n{key}: {fmt(entry['wall'])} s wall, {entry['rss_mb']['median']:.0f} MB")
    for n in names:
        print(f"\n{n}: import time by package (ms): " + ", ".join(f"{k} {v:.0f}" for k, v in imports[n]["top"]))
    logs = res["logs"]
    print("\nevent log, --seed 7 (footer log_sha256; replay verified by the code of " + logs["verified_by"] + "): "
          + "; ".join(f"{n} {sha[:16]} {'same' if logs['same_as_first'][n] else 'differs'}"
                      for n, sha in logs["sha"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree to measure (repeat it; the first is the baseline; default: after=.)")
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repeats (default 5)")
    parser.add_argument("--no-bytecode-cache", action="store_true", help="measure as this workplace's environment is")
    parser.add_argument("--json", action="store_true", help="print the results as one JSON object")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    tmp = Path(tempfile.mkdtemp(prefix="weerbaar-startup-"))
    cache = None if args.no_bytecode_cache else tmp / "pycache"
    trees = trees_from(args.tree, cache, parser)
    environment = {"date": time.strftime("%Y-%m-%d %H:%M"), "cpus": os.cpu_count(), "python": platform.python_version(),
                   "load_start": load_average(), "repeat": args.repeat, "bytecode_cache": cache is not None,
                   "trees": {t.name: str(t.path) for t in trees}}
    res = {"share": measure_share(trees, args.repeat, tmp), "imports": measure_imports(trees, tmp),
           "logs": check_logs(trees, tmp)}
    environment["load_end"] = load_average()
    res["environment"] = environment
    if args.json:
        print(json.dumps(res, indent=1))
    else:
        print_report(res)
    return 0


if __name__ == "__main__":
    sys.exit(main())
