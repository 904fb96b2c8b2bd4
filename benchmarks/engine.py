"""Engine benchmark: how fast the default scenario builds, simulates and runs as a process.

Run from the repository root::

    python benchmarks/engine.py [--repeat N] [--json] [--seed S] [--profile WHAT]

Everything is measured in one run of this script, and speeds are also given as
ratios against baselines measured in that same run (the project's rule: timing
lives here, as ratios, never as timed assertions in tests):

1. **Build** - reading and validating the default scenario, building its
   :class:`sim.exercise.Exercise`, and reading its bundled command file.
2. **Simulation speed** - simulated days per wall-clock second of the 60-day run,
   bare (``run_until(end)``), driven by the bundled command file
   (:func:`replays.runner.drive`), with the replay writer attached, both, and end to
   end through :func:`replays.runner.run_headless` to a temporary file. Ratios are
   against the bare run.
3. **Whole process** - wall time of ``python -m ui.cli run --quiet --out TMP`` (what
   the ``weerbaar run`` console script does) beside the same run's baselines:
   ``python -c pass`` (interpreter start) and the *import floor*
   ``python -c "import numpy, scipy.sparse, simpy, mesa, pydantic, yaml"``; a
   one-tick run (``--days 0.25``) separates start-up from simulation. ``python -X
   importtime`` lists the slowest imports of ``ui.cli run``.
4. **Profile** - cProfile of one 60-day run: the top 15 functions by cumulative and
   by own time, and own time summed by area (sim/population, sim, agents, replays,
   numpy, simpy, ...).

Repeats are interleaved (variant A, B, C, A, B, C, ...) so that load from other work
on the machine spreads over all variants; figures are medians with the range.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as _dt
import io
import json
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # so ``python benchmarks/engine.py`` works without PYTHONPATH
    sys.path.insert(0, str(ROOT))

IMPORT_FLOOR = "import numpy, scipy.sparse, simpy, mesa, pydantic, yaml"
AIM_DAYS_PER_SECOND = 100.0
TOP_FUNCTIONS = 15
TOP_IMPORTS = 10


# ----------------------------------------------------------------------------- helpers


def summary(values: list[float]) -> dict[str, Any]:
    """Median, min, max and the raw values (seconds or whatever was measured)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "n": len(values),
            "values": [round(v, 6) for v in values]}


def interleave(variants: dict[str, Callable[[], Any]], repeat: int) -> dict[str, list[Any]]:
    """Call each variant ``repeat`` times, round-robin, and collect what each call returns."""
    out: dict[str, list[Any]] = {name: [] for name in variants}
    for _ in range(repeat):
        for name, fn in variants.items():
            out[name].append(fn())
    return out


def short_path(filename: str) -> str:
    """A profile entry's file, relative to the repository or to site-packages."""
    if filename.startswith(str(ROOT) + os.sep):
        return os.path.relpath(filename, ROOT)
    marker = "site-packages" + os.sep
    if marker in filename:
        return filename.split(marker, 1)[1]
    return filename


def area_of(filename: str) -> str:
    """Which part of the code a profiled function belongs to."""
    path = short_path(filename)
    for prefix in ("sim/population/", "sim/catalogue/", "sim/", "agents/", "replays/", "ui/", "scenarios/"):
        if path.startswith(prefix):
            return prefix.rstrip("/")
    if filename == "~" or filename.startswith("<"):
        return "builtins (C)"
    top = path.split(os.sep, 1)[0]
    if top in ("numpy", "simpy", "mesa", "scipy", "pydantic", "yaml", "json", "hashlib"):
        return top
    return "stdlib/other"


# ----------------------------------------------------------------------------- 1 + 2: in process


class Engine:
    """The engine entry points the benchmark times, imported once."""

    def __init__(self, seed: int) -> None:
        from replays.format import ReplayWriter
        from replays.runner import commands_from_file, drive, run_headless
        from scenarios import DEFAULT_SCENARIO, commands_for, resolve_scenario
        from sim.exercise import Exercise
        from sim.scenario import load_scenario

        self.seed = seed
        self.Exercise, self.ReplayWriter = Exercise, ReplayWriter
        self.drive, self.run_headless, self.commands_from_file = drive, run_headless, commands_from_file
        self.load_scenario = load_scenario
        self.scenario_path = resolve_scenario(None)
        self.scenario_id = DEFAULT_SCENARIO
        self.commands_path = commands_for(DEFAULT_SCENARIO)
        if self.commands_path is None:
            raise SystemExit(f"no bundled command file for {DEFAULT_SCENARIO}")
        self.loaded = load_scenario(self.scenario_path)
        self.timed = commands_from_file(self.commands_path, self.loaded.scenario)
        self.players = sorted({c.cell for c in self.timed if c.cell != "white"})
        self.tmp = Path(tempfile.mkdtemp(prefix="weerbaar-bench-"))

    def build(self, commands: bool = False):
        return self.Exercise(self.loaded, seed=self.seed, players=self.players if commands else ())

    def timed_run(self, commands: bool, writer: bool) -> dict[str, Any]:
        """Build (untimed), then time the 60-day run; with the writer, its opening and closing are timed too."""
        ex = self.build(commands)
        path = self.tmp / f"run-{'c' if commands else 'n'}.jsonl"
        c0, t0 = time.process_time(), time.perf_counter()
        w = self.ReplayWriter.for_exercise(path, ex, ex.end) if writer else None
        if commands:
            self.drive(ex, self.timed, ex.end)
        else:
            ex.run_until(ex.end)
        digest = w.close(ex.now) if w is not None else ex.log.sha256
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        return {"seconds": seconds, "cpu": cpu, "days": ex.now / 24.0, "sha256": digest, "events": len(ex.log),
                "bytes": path.stat().st_size if writer else 0}

    def headless(self, commands: bool) -> dict[str, Any]:
        """``run_headless`` end to end: load + validate the scenario file, build, run, write."""
        path = self.tmp / "headless.jsonl"
        c0, t0 = time.process_time(), time.perf_counter()
        result = self.run_headless(self.scenario_id, seed=self.seed,
                                   commands=self.commands_path if commands else None, out=path)
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        return {"seconds": seconds, "cpu": cpu, "days": result.until / 24.0, "sha256": result.log_sha256,
                "events": len(result.exercise.log), "bytes": path.stat().st_size}


def measure_build(engine: Engine, repeat: int) -> dict[str, Any]:
    """Times of reading + validating the scenario, building the Exercise, and reading the command file."""
    def load() -> float:
        t0 = time.perf_counter()
        engine.load_scenario(engine.scenario_path)
        return time.perf_counter() - t0

    def build() -> float:
        t0 = time.perf_counter()
        engine.build()
        return time.perf_counter() - t0

    def commands() -> float:
        t0 = time.perf_counter()
        engine.commands_from_file(engine.commands_path, engine.loaded.scenario)
        return time.perf_counter() - t0

    # Several samples per repeat: each one is milliseconds, so more samples cost nothing.
    got = interleave({"load_scenario": load, "build_exercise": build, "command_file": commands}, max(repeat, 1) * 3)
    return {name: summary(v) for name, v in got.items()}


RUN_VARIANTS = {
    # name: (label, commands, writer)
    "bare": ("run_until(end), no commands, no writer", False, False),
    "commands": ("drive() with the bundled commands", True, False),
    "writer": ("run_until(end) + replay writer", False, True),
    "commands_writer": ("drive() with commands + replay writer", True, True),
}


def measure_runs(engine: Engine, repeat: int) -> dict[str, Any]:
    """Simulated days per second for every variant, plus run_headless end to end."""
    # Warm-up: first-run costs (lazy imports of the population and catalogue modules, caches).
    engine.timed_run(True, True)
    engine.headless(False)

    variants: dict[str, Callable[[], Any]] = {
        name: (lambda c=c, w=w: engine.timed_run(c, w)) for name, (_, c, w) in RUN_VARIANTS.items()}
    variants["headless"] = lambda: engine.headless(False)
    variants["headless_commands"] = lambda: engine.headless(True)
    got = interleave(variants, repeat)

    out: dict[str, Any] = {}
    for name, runs in got.items():
        seconds = summary([r["seconds"] for r in runs])
        cpu = summary([r["cpu"] for r in runs])
        days = runs[0]["days"]
        shas = {r["sha256"] for r in runs}
        out[name] = {
            "label": RUN_VARIANTS[name][0] if name in RUN_VARIANTS else
            ("run_headless(): load + build + run + write" if name == "headless"
             else "run_headless() with the command file"),
            "seconds": seconds,
            "days": days,
            "days_per_second": days / seconds["median"],
            "days_per_second_range": [days / seconds["max"], days / seconds["min"]],
            "best_days_per_second": days / seconds["min"],
            "cpu_seconds": cpu,
            "days_per_cpu_second": days / cpu["median"],
            "events": runs[0]["events"],
            "replay_bytes": runs[0]["bytes"],
            "log_sha256": runs[0]["sha256"],
            "deterministic": len(shas) == 1,
        }
    base = out["bare"]["seconds"]["median"]
    for entry in out.values():
        entry["time_vs_bare"] = entry["seconds"]["median"] / base
    out["checks"] = {
        "commands_change_the_log": out["bare"]["log_sha256"] != out["commands"]["log_sha256"],
        "writer_does_not_change_the_log": (out["bare"]["log_sha256"] == out["writer"]["log_sha256"]
                                           and out["commands"]["log_sha256"] == out["commands_writer"]["log_sha256"]),
        "headless_matches_in_process": (out["headless"]["log_sha256"] == out["bare"]["log_sha256"]
                                        and out["headless_commands"]["log_sha256"] == out["commands"]["log_sha256"]),
        "aim_met": out["bare"]["days_per_second"] >= AIM_DAYS_PER_SECOND,
        "aim_met_per_cpu_second": out["bare"]["days_per_cpu_second"] >= AIM_DAYS_PER_SECOND,
    }
    return out


# ----------------------------------------------------------------------------- 3: whole process


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def run_process(argv: list[str]) -> dict[str, float]:
    """Run a command to completion; wall time, and (on POSIX) its CPU time and peak RSS."""
    env = _env()
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if hasattr(os, "wait4"):
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        cpu, rss_mb = usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0
    else:  # pragma: no cover - not POSIX
        proc.wait()
        wall, cpu, rss_mb = time.perf_counter() - t0, float("nan"), float("nan")
    if proc.returncode != 0:
        again = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(argv)}\n{again.stderr[-2000:]}")
    return {"wall": wall, "cpu": cpu, "rss_mb": rss_mb}


def parse_importtime(text: str) -> list[dict[str, Any]]:
    """Rows of ``python -X importtime`` output: module, self and cumulative microseconds, depth."""
    rows = []
    for line in text.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        name = parts[2].rstrip()
        stripped = name.lstrip()
        rows.append({"module": stripped, "self_us": int(parts[0]), "cumulative_us": int(parts[1]),
                     "depth": (len(name) - len(stripped) - 1) // 2})
    return rows


def measure_processes(repeat: int, seed: int) -> dict[str, Any]:
    """Whole-process times of ``ui.cli run`` and of the baselines, interleaved."""
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="weerbaar-bench-proc-"))
    commands_file = str(ROOT / "scenarios" / "municipal-elections.commands.yaml")
    cases = {
        "python_pass": ("python -c pass", [py, "-c", "pass"]),
        "import_floor": (f'python -c "{IMPORT_FLOOR}"', [py, "-c", IMPORT_FLOOR]),
        "run_one_tick": ("python -m ui.cli run --quiet --days 0.25", [py, "-m", "ui.cli", "run", "--quiet",
                                                                       "--seed", str(seed), "--days", "0.25",
                                                                       "--out", str(tmp / "tick.jsonl")]),
        "run": ("python -m ui.cli run --quiet", [py, "-m", "ui.cli", "run", "--quiet", "--seed", str(seed),
                                                 "--out", str(tmp / "run.jsonl")]),
        "run_commands": ("python -m ui.cli run --quiet --commands <bundled>",
                         [py, "-m", "ui.cli", "run", "--quiet", "--seed", str(seed), "--commands", commands_file,
                          "--out", str(tmp / "runc.jsonl")]),
    }
    for _, argv in cases.values():  # warm the file cache and the bytecode caches
        run_process(argv)
    got = interleave({name: (lambda a=argv: run_process(a)) for name, (_, argv) in cases.items()}, repeat)
    out: dict[str, Any] = {}
    for name, runs in got.items():
        out[name] = {"command": cases[name][0], "wall": summary([r["wall"] for r in runs]),
                     "cpu": summary([r["cpu"] for r in runs]), "rss_mb": statistics.median(r["rss_mb"] for r in runs)}
    med = {name: out[name]["wall"]["median"] for name in out}
    out["ratios"] = {
        "run / import_floor": med["run"] / med["import_floor"],
        "run / python_pass": med["run"] / med["python_pass"],
        "run_one_tick / import_floor": med["run_one_tick"] / med["import_floor"],
        "run_commands / run": med["run_commands"] / med["run"],
        "import_floor / python_pass": med["import_floor"] / med["python_pass"],
        # The same ratio in CPU time: steadier when other work competes for the cores.
        "run / import_floor (CPU)": out["run"]["cpu"]["median"] / out["import_floor"]["cpu"]["median"],
        "run_one_tick / import_floor (CPU)": out["run_one_tick"]["cpu"]["median"] / out["import_floor"]["cpu"]["median"],
    }
    # Where the whole-process time of `run` goes (differences of medians, so approximate).
    out["breakdown"] = {
        "interpreter start (python -c pass)": med["python_pass"],
        "third-party imports (import floor - pass)": med["import_floor"] - med["python_pass"],
        "project imports + load + build + 1 tick (one-tick run - floor)": med["run_one_tick"] - med["import_floor"],
        "simulation + replay writing, 60 days (run - one-tick run)": med["run"] - med["run_one_tick"],
        "total (run)": med["run"],
    }

    # One -X importtime pass of the full run (importtime itself slows imports a little).
    argv = [py, "-X", "importtime", "-m", "ui.cli", "run", "--quiet", "--seed", str(seed), "--out",
            str(tmp / "importtime.jsonl")]
    proc = subprocess.run(argv, cwd=ROOT, env=_env(), capture_output=True, text=True)
    rows = parse_importtime(proc.stderr)
    by_package: dict[str, int] = {}
    for r in rows:
        root = r["module"].split(".", 1)[0]
        by_package[root] = by_package.get(root, 0) + r["self_us"]
    top_level = [r for r in rows if r["depth"] == 0]
    out["importtime"] = {
        "command": "python -X importtime -m ui.cli run --quiet --out TMP",
        "modules": len(rows),
        "total_us": sum(r["cumulative_us"] for r in top_level),
        "slowest_self": sorted(rows, key=lambda r: -r["self_us"])[:TOP_IMPORTS],
        "slowest_cumulative": sorted(rows, key=lambda r: -r["cumulative_us"])[:TOP_IMPORTS],
        "by_package_self_us": dict(sorted(by_package.items(), key=lambda kv: -kv[1])[:TOP_IMPORTS]),
    }
    shutil.rmtree(tmp, ignore_errors=True)
    return out


# ----------------------------------------------------------------------------- 4: profile


def measure_profile(engine: Engine, what: str) -> dict[str, Any]:
    """cProfile of one 60-day run (bare, with commands, or with commands and the writer)."""
    commands = what in ("commands", "commands_writer")
    ex = engine.build(commands)
    writer = (engine.ReplayWriter.for_exercise(engine.tmp / "profile.jsonl", ex, ex.end)
              if what == "commands_writer" else None)
    prof = cProfile.Profile()
    prof.enable()
    if commands:
        engine.drive(ex, engine.timed, ex.end)
    else:
        ex.run_until(ex.end)
    if writer is not None:
        writer.close(ex.now)
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    # Own times summed; the outermost call's cumulative time can come out a hair larger.
    total = max(stats.total_tt, max(v[3] for v in stats.stats.values()))  # type: ignore[attr-defined]
    rows = []
    areas: dict[str, float] = {}
    for (filename, line, func), (cc, nc, tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        where = f"{short_path(filename)}:{line}({func})" if filename != "~" else func
        rows.append({"function": where, "ncalls": nc, "primitive_calls": cc, "tottime": tt, "cumtime": ct,
                     "cum_share": ct / total if total else 0.0, "tot_share": tt / total if total else 0.0})
        areas[area_of(filename)] = areas.get(area_of(filename), 0.0) + tt
    return {
        "run": what,
        "profiled_seconds": total,
        "function_calls": sum(r["ncalls"] for r in rows),
        "by_cumulative": sorted(rows, key=lambda r: -r["cumtime"])[:TOP_FUNCTIONS],
        "by_tottime": sorted(rows, key=lambda r: -r["tottime"])[:TOP_FUNCTIONS],
        "own_time_by_area": {k: {"seconds": v, "share": v / total if total else 0.0}
                             for k, v in sorted(areas.items(), key=lambda kv: -kv[1])},
    }


# ----------------------------------------------------------------------------- report


def environment(seed: int, repeat: int) -> dict[str, Any]:
    import mesa
    import numpy
    import scipy
    import simpy

    return {
        "date": _dt.date.today().isoformat(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "numpy": numpy.__version__, "scipy": scipy.__version__, "mesa": mesa.__version__,
        "simpy": getattr(simpy, "__version__", "?"),
        "seed": seed, "repeat": repeat,
    }


def ms(s: float) -> str:
    return f"{s * 1000:8.1f} ms"


def rng(entry: dict[str, Any], scale: float = 1000.0, unit: str = "ms") -> str:
    return f"{entry['min'] * scale:.0f}-{entry['max'] * scale:.0f} {unit}" if scale * entry["min"] >= 100 else \
        f"{entry['min'] * scale:.1f}-{entry['max'] * scale:.1f} {unit}"


def print_report(res: dict[str, Any]) -> None:
    env = res["environment"]
    p = print
    p(f"Weerbaar engine benchmark - {res['scenario']}, seed {env['seed']}, {env['repeat']} repeats "
      f"(medians, range in brackets)")
    p(f"{env['date']}  Python {env['python']}  numpy {env['numpy']}  scipy {env['scipy']}  mesa {env['mesa']}  "
      f"simpy {env['simpy']}  {env['cpus']} CPUs  load {', '.join(f'{x:.2f}' for x in env['loadavg_start'] or [])}")

    if "build" in res:
        b = res["build"]
        p("\n1. Build")
        for key, label in (("load_scenario", "read + validate the scenario (load_scenario)"),
                           ("build_exercise", "build the Exercise (agents, population, processes)"),
                           ("command_file", "read + resolve the bundled command file")):
            p(f"   {label:52} {ms(b[key]['median'])}   [{rng(b[key])}]")

    if "runs" in res:
        r = res["runs"]
        p(f"\n2. Simulation speed, {r['bare']['days']:g} simulated days (aim: >= {AIM_DAYS_PER_SECOND:g} days/s)")
        p(f"   {'variant':45} {'seconds':>8} {'days/s':>7} {'best':>6} {'worst':>6} {'/cpu-s':>7} {'x bare':>7} "
          f"{'events':>6}")
        for name in (*RUN_VARIANTS, "headless", "headless_commands"):
            e = r[name]
            lo, hi = e["days_per_second_range"]
            p(f"   {e['label']:45} {e['seconds']['median']:8.3f} {e['days_per_second']:7.1f} {hi:6.0f} {lo:6.0f} "
              f"{e['days_per_cpu_second']:7.1f} {e['time_vs_bare']:7.2f} {e['events']:6d}")
        p("   (days/s = days / median wall seconds; best/worst = fastest/slowest repeat; /cpu-s = days per CPU "
          "second of this process, which other load on the machine inflates less)")
        c = r["checks"]
        p(f"   aim (>= {AIM_DAYS_PER_SECOND:g} days/s, bare run) met: {'yes' if c['aim_met'] else 'NO'} by median wall time, "
          f"{'yes' if c['aim_met_per_cpu_second'] else 'NO'} per CPU second")
        p(f"   commands change the log: {c['commands_change_the_log']}; "
          f"writer leaves the log unchanged: {c['writer_does_not_change_the_log']}; "
          f"run_headless log = in-process log: {c['headless_matches_in_process']}; "
          f"replay size {r['writer']['replay_bytes'] / 1024:.0f} KiB")
        nondet = [n for n in r if n != "checks" and not r[n]["deterministic"]]
        if nondet:
            p(f"   WARNING: log sha256 differed between repeats of: {', '.join(nondet)}")

    if "processes" in res:
        pr = res["processes"]
        p("\n3. Whole process (wall time; CPU = user + sys of the child)")
        p(f"   {'command':58} {'wall':>8} {'range':>17} {'cpu':>7} {'peak RSS':>9}")
        for name in ("python_pass", "import_floor", "run_one_tick", "run", "run_commands"):
            e = pr[name]
            p(f"   {e['command'][:58]:58} {e['wall']['median']:7.3f}s {rng(e['wall'], 1000.0, 'ms'):>17} "
              f"{e['cpu']['median']:6.2f}s {e['rss_mb']:7.0f}MB")
        p("   ratios (wall unless marked CPU):")
        for k, v in pr["ratios"].items():
            p(f"     {k:42} {v:7.2f}")
        p("   where `run` spends its time (differences of medians):")
        for k, v in pr["breakdown"].items():
            p(f"     {k:66} {v:6.3f} s")
        it = pr["importtime"]
        p(f"   {it['command']}: {it['modules']} modules, {it['total_us'] / 1e6:.3f} s of imports")
        p(f"     {'10 slowest imports, own time':44} {'self':>8} {'cumul.':>8}")
        for row in it["slowest_self"]:
            p(f"     {row['module'][:44]:44} {row['self_us'] / 1000:6.1f}ms {row['cumulative_us'] / 1000:6.1f}ms")
        p(f"     {'10 heaviest imports, cumulative':44} {'self':>8} {'cumul.':>8}")
        for row in it["slowest_cumulative"]:
            p(f"     {('  ' * min(row['depth'], 6) + row['module'])[:44]:44} {row['self_us'] / 1000:6.1f}ms "
              f"{row['cumulative_us'] / 1000:6.1f}ms")
        p("     own import time by top-level package: " +
          ", ".join(f"{k} {v / 1000:.0f}ms" for k, v in it["by_package_self_us"].items()))

    if "profile" in res:
        pf = res["profile"]
        p(f"\n4. Profile of one 60-day run ({pf['run']}): {pf['profiled_seconds']:.3f} s under cProfile, "
          f"{pf['function_calls']} calls")
        for key, title in (("by_cumulative", "cumulative"), ("by_tottime", "own (total) time")):
            p(f"   top {TOP_FUNCTIONS} by {title}:")
            p(f"   {'ncalls':>8} {'tottime':>8} {'cumtime':>8} {'cum%':>6} {'own%':>6}  function")
            for row in pf[key]:
                p(f"   {row['ncalls']:8d} {row['tottime']:8.3f} {row['cumtime']:8.3f} {row['cum_share'] * 100:5.1f}% "
                  f"{row['tot_share'] * 100:5.1f}%  {row['function']}")
        p("   own time by area: " + ", ".join(f"{k} {v['share'] * 100:.0f}%" for k, v in pf["own_time_by_area"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="repeats of every measurement (default 5)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results instead of tables")
    parser.add_argument("--seed", type=int, default=7, help="seed of the runs (default 7)")
    parser.add_argument("--profile", choices=["bare", "commands", "commands_writer"], default="bare",
                        help="which 60-day run to profile (default: bare run_until)")
    parser.add_argument("--skip", action="append", default=[], choices=["build", "runs", "processes", "profile"],
                        help="leave out a section (repeatable)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    t0 = time.perf_counter()
    loadavg_start = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    res: dict[str, Any] = {}
    # Processes first, while this process is still small: a child's peak RSS (ru_maxrss)
    # counts the parent's pages it was forked with, so a big parent would mask the child's.
    if "processes" not in args.skip:
        res["processes"] = measure_processes(args.repeat, args.seed)
    engine = Engine(args.seed)
    res = {"scenario": engine.scenario_id, "environment": environment(args.seed, args.repeat), **res}
    res["environment"]["loadavg_start"] = loadavg_start
    if "build" not in args.skip:
        res["build"] = measure_build(engine, args.repeat)
    if "runs" not in args.skip:
        res["runs"] = measure_runs(engine, args.repeat)
        if "processes" in res:
            # The 60-day simulation in process against the process baselines of the same run.
            bare = res["runs"]["bare"]["seconds"]["median"]
            res["processes"]["ratios"]["in-process 60-day run / import_floor"] = (
                bare / res["processes"]["import_floor"]["wall"]["median"])
    if "profile" not in args.skip:
        res["profile"] = measure_profile(engine, args.profile)
    shutil.rmtree(engine.tmp, ignore_errors=True)
    res["environment"]["loadavg_end"] = list(os.getloadavg()) if hasattr(os, "getloadavg") else None
    res["benchmark_seconds"] = time.perf_counter() - t0

    if args.json:
        json.dump(res, sys.stdout, indent=2, default=str)
        print()
    else:
        print_report(res)
        print(f"\n(benchmark took {res['benchmark_seconds']:.1f} s; load average at the end "
              f"{', '.join(f'{x:.2f}' for x in res['environment']['loadavg_end'] or [])})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
