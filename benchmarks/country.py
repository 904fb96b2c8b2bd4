"""A whole country: the cost per citizen-day from 10^4 to 1.75x10^7 citizens, per source tree, beside memory bandwidth.

Issue 17, item 4. Every measurement is one child process per (tree, size): it parses a bundled scenario
(``hybrid-campaign``, 90 days, by default) with ``population.size`` set to N, builds its exercise, runs it
to the end with the replay written (every 6-hour sample included) and reports:

* **build**: seconds to build the exercise (the population, its network and any renumbering);
* **step**: seconds in ``Population.step`` (the society's dynamics), and **ns per citizen-day**, that
  time over N x days;
* **samples**: seconds in ``Population.sample`` (the replay's read-out of the society, every tick);
* **run**: the whole in-process time, parse + build + 90 days + replay closed (the figure the 60 s aim
  is about), and the child's CPU time (user + sys), which load from other work inflates less;
* **peak memory**: ``VmHWM`` of the child minus its ``VmRSS`` after the imports and the parse, over N
  (bytes per citizen; the aim is at most 130).

The **exponent** is the slope of log(step seconds per simulated day) on log N by least squares over
the sizes, and between neighbouring sizes: 1.0 means a flat cost per citizen-day.

**Memory bandwidth** is measured in the same run, in the parent, before the first and after the last
child: one core streaming a 1 GiB float64 array (``sum``: read), copying it (read + write), and
gathering 1.75x10^7 float32 values at random positions of a 70 MB array (a citizen array at full size:
the access pattern of a neighbour gather). The report puts each size's cost per citizen-day beside them:
how many bytes one core streams, and how many random gathers it makes, in that time.

Trees are measured interleaved, size by size (A then B at 10^4, A then B at 10^5, ...), so load from
other work spreads over both. A tree is a source checkout (``git worktree add --detach /tmp/before
<commit>``); its children import the project from it (``PYTHONPATH``). If the tree's schema refuses
the size (the cap was 2x10^6 before this change) the child sets it on the validated model instead
(``model_copy``) and says so.

Usage (from the repository root)::

    python benchmarks/country.py --tree before=/tmp/before --tree after=. [--sizes 1e4,1e5,1e6,4e6,1.75e7]
    python benchmarks/country.py --quick            # this checkout, 10^4-10^6, 20 days
    python benchmarks/country.py --json out.json    # the raw figures too

Run nothing else heavy meanwhile: a 1.75x10^7 child needs about 2 GB (4 GB before). Nothing here is
asserted; the figures go to ``benchmarks/README.md`` (section "A whole country").
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
COUNTRY = 17_500_000
"""One citizen per resident of the Netherlands."""
DEFAULT_SIZES = (10_000, 100_000, 1_000_000, 4_000_000, COUNTRY)
GIB = 1 << 30


# ----------------------------------------------------------------------------- the child


def _status_kib(field: str) -> int:
    """A ``/proc/self/status`` field in KiB (``VmRSS``, ``VmHWM``)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def child(scenario: str, size: int, days: float | None, seed: int) -> dict[str, Any]:
    """Build and run one exercise of ``size`` citizens with its replay written; the figures as a dict."""
    import resource

    t_start = time.perf_counter()
    from replays.format import ReplayWriter
    from scenarios import resolve_scenario
    from sim.exercise import Exercise
    from sim.population import population as population_module
    from sim.scenario import parse_scenario
    from sim.scenario.loading import ScenarioError

    t_imported = time.perf_counter()
    text = Path(resolve_scenario(scenario)).read_text(encoding="utf-8")
    sized = re.sub(r"\n  size: \d+", f"\n  size: {size}", text, count=1)
    bypassed = False
    try:
        loaded = parse_scenario(sized, scenario)
    except ScenarioError:  # the tree's schema caps the size: set it on the validated model
        loaded = parse_scenario(text, scenario)
        pop = loaded.scenario.population.model_copy(update={"size": size})
        loaded.scenario.__dict__["population"] = pop
        bypassed = True
    t_parsed = time.perf_counter()
    rss_before = _status_kib("VmRSS")

    spent = {"step": 0.0, "sample": 0.0, "network": 0.0}
    cls = population_module.Population

    def timed(name, fn):
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - t
        return wrapper

    cls.step = timed("step", cls.step)
    cls.sample = timed("sample", cls.sample)
    population_module.build_network = timed("network", population_module.build_network)

    exercise = Exercise(loaded, seed=seed, players=[])
    t_built = time.perf_counter()
    rss_built = _status_kib("VmRSS")
    hwm_built = _status_kib("VmHWM")
    until = exercise.end if days is None else min(exercise.end, days * 24.0)
    with tempfile.TemporaryDirectory(prefix="country-") as tmp:
        writer = ReplayWriter.for_exercise(Path(tmp) / "run.jsonl", exercise, until)
        exercise.run_until(until)
        digest = writer.close(exercise.now)
        replay_bytes = (Path(tmp) / "run.jsonl").stat().st_size
    t_done = time.perf_counter()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    pop = exercise.population
    reach = {k: round(v["reach"], 4) for k, v in pop.narrative_counts().items()}
    return {
        "size": size, "days": until / 24.0, "schema_bypassed": bypassed,
        "imports_s": t_imported - t_start, "parse_s": t_parsed - t_imported,
        "build_s": t_built - t_parsed, "network_s": spent["network"],
        "sim_s": t_done - t_built, "step_s": spent["step"], "sample_s": spent["sample"],
        "run_s": t_done - t_imported, "cpu_s": usage.ru_utime + usage.ru_stime,
        "rss_before_kib": rss_before, "rss_built_kib": rss_built, "hwm_kib": _status_kib("VmHWM"),
        "held_bytes_per_citizen": (rss_built - rss_before) * 1024 / size,
        "build_peak_bytes_per_citizen": (hwm_built - rss_before) * 1024 / size,
        "peak_bytes_per_citizen": (_status_kib("VmHWM") - rss_before) * 1024 / size,
        "log_sha256": digest, "replay_bytes": replay_bytes, "reach": reach,
        "indicators": {k: round(v, 2) for k, v in exercise.indicators.values().items()},
    }


# ----------------------------------------------------------------------------- bandwidth


def bandwidth() -> dict[str, float]:
    """One core's streaming read and copy (GB/s) and random-gather cost (ns per gather into 70 MB)."""
    import numpy as np

    a = np.ones(GIB // 8)
    b = np.empty_like(a)
    read, copy = [], []
    for _ in range(3):
        t = time.perf_counter()
        a.sum()
        read.append(time.perf_counter() - t)
        t = time.perf_counter()
        np.copyto(b, a)
        copy.append(time.perf_counter() - t)
    del a, b
    rng = np.random.default_rng(0)
    x = rng.random(COUNTRY, dtype=np.float32)
    idx = rng.integers(0, COUNTRY, size=COUNTRY, dtype=np.int32)
    out = np.empty(COUNTRY, dtype=np.float32)
    gather = []
    for _ in range(3):
        t = time.perf_counter()
        np.take(x, idx, out=out)
        gather.append(time.perf_counter() - t)
    return {"read_gb_s": GIB / min(read) / 1e9, "copy_gb_s": 2 * GIB / min(copy) / 1e9,
            "gather_ns": min(gather) / COUNTRY * 1e9}


# ----------------------------------------------------------------------------- the parent


def run_child(tree: Path, scenario: str, size: int, days: float | None, seed: int) -> dict[str, Any]:
    """One child process in ``tree``; its figures plus its whole-process wall time."""
    env = dict(os.environ, PYTHONPATH=str(tree), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    argv = [sys.executable, str(Path(__file__).resolve()), "--child", "--size", str(size), "--seed", str(seed),
            "--scenario", scenario] + (["--days", str(days)] if days is not None else [])
    t = time.perf_counter()
    proc = subprocess.run(argv, cwd=tree, env=env, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode:
        raise SystemExit(f"child failed in {tree} at N={size}:\n{proc.stderr[-3000:]}")
    figures = json.loads(proc.stdout.strip().splitlines()[-1])
    figures["process_s"] = wall
    return figures


def exponents(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Least-squares slope of log(step s per day) on log N, and the slopes between neighbouring sizes."""
    pts = [(math.log(r["size"]), math.log(r["step_s"] / r["days"])) for r in rows if r["step_s"] > 0]
    if len(pts) < 2:
        return {"overall": None, "pairs": []}
    mx = sum(p[0] for p in pts) / len(pts)
    my = sum(p[1] for p in pts) / len(pts)
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    pairs = [(rows[i]["size"], rows[i + 1]["size"], (pts[i + 1][1] - pts[i][1]) / (pts[i + 1][0] - pts[i][0]))
             for i in range(len(pts) - 1)]
    return {"overall": slope, "pairs": pairs}


def parse_size(text: str) -> int:
    return int(float(text))


def fmt_n(n: int) -> str:
    e = int(math.floor(math.log10(n)))
    m = n / 10**e
    return f"10^{e}" if abs(m - 1) < 1e-9 else f"{m:g}x10^{e}"


def report(results: dict[str, list[dict[str, Any]]], bw: list[dict[str, float]], load: list[float]) -> str:
    """The tables, trees side by side."""
    read = min(b["read_gb_s"] for b in bw)
    gather = min(b["gather_ns"] for b in bw)
    lines = [f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
             f"load average {load[0]:.2f} at the start, {load[-1]:.2f} at the end",
             "memory bandwidth (one core; before first / after last child): "
             + " / ".join(f"read {b['read_gb_s']:.1f} GB/s, copy {b['copy_gb_s']:.1f} GB/s, "
                          f"random gather {b['gather_ns']:.1f} ns" for b in bw), ""]
    names = list(results)
    lines.append("| N | " + " | ".join(f"{t}: build s | {t}: step ns/citizen-day | {t}: samples s | {t}: run s "
                                      f"(cpu) | {t}: peak B/citizen" for t in names) + " |")
    lines.append("|---" * (1 + 5 * len(names)) + "|")
    for i, row in enumerate(results[names[0]]):
        cells = [fmt_n(row["size"])]
        for t in names:
            r = results[t][i]
            ns = r["step_s"] / (r["size"] * r["days"]) * 1e9
            cells += [f"{r['build_s']:.2f}", f"{ns:.1f}", f"{r['sample_s']:.2f}",
                      f"{r['run_s']:.1f} ({r['cpu_s']:.1f})", f"{r['peak_bytes_per_citizen']:.0f}"]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for t in names:
        ex = exponents(results[t])
        pairs = ", ".join(f"{fmt_n(a)}-{fmt_n(b)}: {s:.2f}" for a, b, s in ex["pairs"])
        overall = "n/a" if ex["overall"] is None else f"{ex['overall']:.2f}"
        lines.append(f"{t}: step time per day ~ N^{overall} (neighbouring sizes: {pairs})")
    lines.append("")
    lines.append("cost per citizen-day against the bandwidth (one core streams, in that time, B bytes; or makes G "
                 "random gathers into a 70 MB array):")
    for t in names:
        parts = []
        for r in results[t]:
            ns = r["step_s"] / (r["size"] * r["days"]) * 1e9
            parts.append(f"{fmt_n(r['size'])}: {ns:.1f} ns = {ns * read:.0f} B = {ns / gather:.1f} G")
        lines.append(f"{t}: " + "; ".join(parts))
    lines.append("")
    for t in names:
        r = results[t][-1]
        lines.append(f"{t}, N = {fmt_n(r['size'])}, {r['days']:g} days: parse+build+run+replay {r['run_s']:.1f} s "
                     f"(build {r['build_s']:.1f} s, network {r['network_s']:.1f} s, step {r['step_s']:.1f} s, "
                     f"samples {r['sample_s']:.1f} s), whole process {r['process_s']:.1f} s, CPU {r['cpu_s']:.1f} s, "
                     f"peak {r['hwm_kib'] / 1024**2:.2f} GiB ({r['peak_bytes_per_citizen']:.0f} B/citizen over the "
                     f"imports; {r['build_peak_bytes_per_citizen']:.0f} while building), held after build "
                     f"{r['held_bytes_per_citizen']:.0f} B/citizen"
                     + ("; schema cap bypassed" if r["schema_bypassed"] else ""))
        lines.append(f"    reach {r['reach']}, indicators {r['indicators']}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH",
                        help="a source tree to measure (default: this checkout as 'after')")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes (1e4,1e5,...)")
    parser.add_argument("--days", type=float, default=None, help="simulated days (default: the scenario's 90)")
    parser.add_argument("--scenario", default="hybrid-campaign")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--quick", action="store_true", help="10^4-10^6, 20 days")
    parser.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=parse_size, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.scenario, args.size, args.days, args.seed)))
        return 0
    trees = []
    for spec in args.tree or [f"after={ROOT}"]:
        name, sep, path = spec.partition("=")
        if not sep or not (Path(path) / "sim" / "population").is_dir():
            parser.error(f"--tree {spec!r}: expected NAME=PATH of a Weerbaar source tree")
        trees.append((name, Path(path).resolve()))
    sizes = ([parse_size(s) for s in args.sizes.split(",")] if args.sizes else
             [10_000, 100_000, 1_000_000] if args.quick else list(DEFAULT_SIZES))
    days = 20.0 if args.quick and args.days is None else args.days
    load = [os.getloadavg()[0]]
    bw = [bandwidth()]
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, _ in trees}
    for size in sizes:
        for name, path in trees:
            r = run_child(path, args.scenario, size, days, args.seed)
            results[name].append(r)
            print(f"{name} N={size}: build {r['build_s']:.2f} s, step {r['step_s']:.2f} s, samples "
                  f"{r['sample_s']:.2f} s, run {r['run_s']:.1f} s, peak {r['peak_bytes_per_citizen']:.0f} B/citizen",
                  file=sys.stderr, flush=True)
    bw.append(bandwidth())
    load.append(os.getloadavg()[0])
    print(report(results, bw, load))
    if args.json:
        args.json.write_text(json.dumps({"results": results, "bandwidth": bw, "load": load}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
