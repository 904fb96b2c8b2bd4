"""Scoring and ensemble cost, as ratios measured in one run.

* ``score`` (which re-runs the counterfactual) against one headless 60-day run of the
  default scenario with its bundled command file;
* an ensemble of N runs on 1 worker against 2 workers: speed-up and parallel efficiency.

Usage: ``PYTHONPATH=. python benchmarks/scoring.py [RUNS]`` (default 8). Figures are in
``benchmarks/README.md``; nothing here is asserted.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from replays.counterfactual import score_replay
from replays.ensemble import run_ensemble
from replays.runner import commands_from_file, run_headless
from scenarios import commands_for, resolve_scenario
from sim.scenario import load_scenario


def timed(fn, repeat: int = 3) -> float:
    """Median wall time of ``repeat`` calls."""
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return statistics.median(out)


def main(runs: int = 8) -> None:
    loaded = load_scenario(resolve_scenario(None))
    commands = commands_for("municipal-elections")
    tmp = Path(tempfile.mkdtemp())
    run_t = timed(lambda: run_headless(loaded, seed=7, commands=commands, out=tmp / "a.jsonl"))
    score_t = timed(lambda: score_replay(str(tmp / "a.jsonl")))
    print(f"one 60-day run: {run_t:.2f} s; score with counterfactual: {score_t:.2f} s; ratio {score_t / run_t:.2f}")
    playbook = commands_from_file(commands, loaded.scenario)
    one = timed(lambda: run_ensemble(loaded.text, loaded.source, playbook, 60 * 24.0, runs, 2018, workers=1), 1)
    two = timed(lambda: run_ensemble(loaded.text, loaded.source, playbook, 60 * 24.0, runs, 2018, workers=2), 1)
    print(f"ensemble of {runs} x 60 days: 1 worker {one:.1f} s, 2 workers {two:.1f} s; "
          f"speed-up {one / two:.2f}, efficiency {one / (2 * two):.0%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 8)
