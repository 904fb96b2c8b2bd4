"""Ensembles: one playbook over many seeds, beside the no-response runs, in parallel.

``run_ensemble`` runs a scenario with a command file (the *playbook*) for ``N``
seeds and, for each seed, the counterfactual (no player commands, every cell on
doctrine, see :mod:`replays.counterfactual`), and scores both
(:mod:`replays.score`). The per-seed rows — overall, baseline, value added, each
objective's score and rating, each indicator's loss — go to CSV or JSON records
that ``pandas.read_csv`` / ``pandas.read_json`` read directly; :func:`summarise`
gives the mean, spread and a 95% confidence interval (Student t) of the value added.

Seeds are spawned from one root seed with ``numpy.random.SeedSequence(root).spawn(N)``
(each child's first 32-bit word), so run ``i`` has the same seed whichever executor
runs it, and results depend only on (scenario text, playbook, seed, days).

Executors (:func:`executor`):

* ``workers <= 1`` and no scheduler: in this process, one run after another;
* ``workers = K``: a local ``concurrent.futures.ProcessPoolExecutor`` with the
  ``spawn`` start method (workers inherit no threads or locks from the parent —
  tqdm's monitor thread, for one). ``max_tasks_per_child`` is *not* used: it
  deadlocks on Python 3.11;
* ``scheduler = ADDRESS``: a Dask distributed cluster through
  ``Client(address).get_executor(pure=False)``; the default ``pure=True`` would
  treat identical calls as one task and silently merge them.

A run that raises is caught in its worker and comes back as a row with its seed
and the error, so the others still complete; a worker that dies is reported the
same way from its future. After each run the worker frees mesa's per-model agent
id counter (``mesa.Agent._ids``) so long-lived workers do not keep every model.
``mesa.batchrunner`` is deliberately not used: it owns its own process pool and
seeding.
"""

from __future__ import annotations

import math
import multiprocessing
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import numpy as np

from replays.runner import TimedCommand
from sim.events import WHITE

CONFIDENCE = 0.95


@dataclass(frozen=True)
class RunSpec:
    """Everything one ensemble run needs, as plain picklable data.

    Attributes:
        index: position in the ensemble (0-based).
        seed: the run's seed.
        scenario_text: the scenario file's text.
        source: where the text came from (for error messages).
        commands: the playbook as ``(t, cell, text)`` tuples.
        until: hours to run.
    """

    index: int
    seed: int
    scenario_text: str
    source: str
    commands: tuple[tuple[float, str, str], ...]
    until: float


def spawn_seeds(root: int, runs: int) -> list[int]:
    """``runs`` seeds spawned from ``root`` with numpy's SeedSequence (reproducible, independent streams)."""
    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in np.random.SeedSequence(root).spawn(runs)]


def run_one(spec: RunSpec) -> dict[str, Any]:
    """Run the playbook and its counterfactual for one seed and score them; errors come back as a row."""
    try:
        return _run_one(spec)
    except Exception as exc:  # noqa: BLE001 - one failing seed must not stop the ensemble
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {"run": spec.index, "seed": spec.seed, "error": last}


def _run_one(spec: RunSpec) -> dict[str, Any]:
    from replays.counterfactual import counterfactual, simulate
    from replays.score import assemble
    from sim.scenario import parse_scenario

    loaded = parse_scenario(spec.scenario_text, spec.source)
    commands = [TimedCommand(*c) for c in spec.commands]
    players = sorted({c.cell for c in commands if c.cell != WHITE})
    run = simulate(loaded, spec.seed, players, commands, spec.until)
    baseline = counterfactual(run)  # one definition of "nobody responded", shared with score and review
    score = assemble(run, baseline)
    return row_of(spec.index, spec.seed, score)


def row_of(index: int, seed: int, score: dict[str, Any]) -> dict[str, Any]:
    """One flat result row (CSV columns) from a score."""
    row: dict[str, Any] = {"run": index, "seed": seed, "overall": score["overall"],
                           "baseline_overall": score["baseline_overall"], "value_added": score["value_added"]}
    for o in score["objectives"]:
        row[f"objective.{o['id']}.score"] = o["score"]
        row[f"objective.{o['id']}.rating"] = o["rating"]
    for name, d in score["dimensions"].items():
        row[f"loss.{name}"] = d["loss"]
        row[f"baseline_loss.{name}"] = d["baseline"]["loss"]
    row["red_operations"] = len(score["decisions"])
    row["capacity"] = score["cost"]["capacity"]
    row["error"] = ""
    return row


# -- executors ------------------------------------------------------------------------------------


@contextmanager
def executor(workers: int = 1, scheduler: str | None = None) -> Iterator[Executor | None]:
    """The executor runs go to: None (in-process), a spawn process pool, or a Dask cluster's executor."""
    if scheduler:
        try:
            from distributed import Client
        except ImportError:  # pragma: no cover - depends on the installed extras
            raise RuntimeError("--scheduler needs Dask: pip install 'weerbaar[cluster]'") from None
        client = Client(scheduler)
        try:
            yield client.get_executor(pure=False)
        finally:
            client.close()
    elif workers <= 1:
        yield None
    else:
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def map_tasks(fn: Callable[[Any], Any], items: Sequence[Any], pool: Executor | None,
              on_result: Callable[[int, Any, BaseException | None], None]) -> None:
    """Call ``fn`` on each item (in ``pool`` or here); ``on_result(i, result, error)`` as each one finishes."""
    if pool is None:
        for i, item in enumerate(items):
            try:
                result, error = fn(item), None
            except Exception as exc:  # noqa: BLE001
                result, error = None, exc
            on_result(i, result, error)
        return
    futures: dict[Future, int] = {pool.submit(fn, item): i for i, item in enumerate(items)}
    for future in as_completed(futures):
        error = future.exception()
        on_result(futures[future], None if error is not None else future.result(), error)


# -- the ensemble -------------------------------------------------------------------------------------


@dataclass
class EnsembleResult:
    """Rows in run order (failed runs carry ``error``) and the seeds that failed."""

    rows: list[dict[str, Any]]

    @property
    def failed(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r.get("error")]

    @property
    def ok(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if not r.get("error")]


def run_ensemble(scenario_text: str, source: str, commands: Sequence[TimedCommand], until: float, runs: int,
                 root_seed: int, workers: int = 1, scheduler: str | None = None,
                 progress: IO[str] | None = None, task: Callable[[RunSpec], dict[str, Any]] = run_one) -> EnsembleResult:
    """Run the playbook and its counterfactual over ``runs`` seeds spawned from ``root_seed``.

    Args:
        progress: a stream for a tqdm bar (runs done, time left), or None for no bar.
        task: the per-run function (a top-level function, so it pickles); tests swap it.
    """
    seeds = spawn_seeds(root_seed, runs)
    playbook = tuple((float(c.t), c.cell, c.text) for c in commands)
    specs = [RunSpec(i, seed, scenario_text, source, playbook, float(until)) for i, seed in enumerate(seeds)]
    rows: list[dict[str, Any] | None] = [None] * runs
    bar = None
    if progress is not None:
        from tqdm import tqdm

        bar = tqdm(total=runs, unit="run", desc="ensemble", file=progress,
                   bar_format="{desc} {bar} {n_fmt}/{total_fmt} runs [{elapsed}<{remaining}]")

    def done(i: int, result: Any, error: BaseException | None) -> None:
        if error is not None:
            result = {"run": i, "seed": seeds[i], "error": f"{type(error).__name__}: {error}"}
        rows[i] = result
        if bar is not None:
            bar.update(1)

    try:
        with executor(workers, scheduler) as pool:
            map_tasks(task, specs, pool, done)
    finally:
        if bar is not None:
            bar.close()
    return EnsembleResult([r for r in rows if r is not None])


# -- summaries and output -------------------------------------------------------------------------------


def describe(values: Sequence[float], confidence: float = CONFIDENCE) -> dict[str, float | int | None]:
    """Mean, standard deviation, min, max and the t confidence interval of the mean."""
    n = len(values)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "min": None, "max": None, "ci_low": None, "ci_high": None}
    arr = np.asarray(values, dtype=float)
    mean = float(arr.mean())
    sd = float(arr.std(ddof=1)) if n > 1 else 0.0
    if n > 1:
        from scipy.stats import t

        half = float(t.ppf(0.5 + confidence / 2, n - 1)) * sd / math.sqrt(n)
    else:
        half = 0.0
    return {"n": n, "mean": round(mean, 3), "sd": round(sd, 3), "min": round(float(arr.min()), 3),
            "max": round(float(arr.max()), 3), "ci_low": round(mean - half, 3), "ci_high": round(mean + half, 3)}


def summarise(result: EnsembleResult) -> dict[str, Any]:
    """Distributions of the overall score, the baseline and the value added over the runs that completed."""
    ok = result.ok
    return {
        "runs": len(result.rows), "completed": len(ok), "failed": len(result.failed),
        "overall": describe([r["overall"] for r in ok]),
        "baseline_overall": describe([r["baseline_overall"] for r in ok]),
        "value_added": describe([r["value_added"] for r in ok]),
        "confidence": CONFIDENCE,
    }


def write_rows(rows: Sequence[dict[str, Any]], path: str | Path) -> Path:
    """Write rows as CSV (``.csv``) or a JSON array of records (``.json``), both readable by pandas.

    The file is written atomically (:func:`sim.outputs.write_atomic`).
    """
    import csv
    import io
    import json

    from sim.outputs import write_atomic

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    columns: list[str] = []
    for row in rows:
        columns += [k for k in row if k not in columns]
    if path.suffix.lower() == ".json":
        # Every record carries every column, so pandas builds one frame without guessing.
        records = [{k: row.get(k) for k in columns} for row in rows]
        write_atomic(path, json.dumps(records, indent=1, ensure_ascii=False) + "\n")
        return path
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: row.get(k, "") for k in columns})
    write_atomic(path, buffer.getvalue())
    return path


def print_summary(summary: dict[str, Any], out: IO[str] | None = None) -> None:
    """The summary as a small table (on stdout unless ``out`` is given)."""
    out = out or sys.stdout
    conf = int(round(summary["confidence"] * 100))
    print(f"{summary['runs']} runs: {summary['completed']} completed, {summary['failed']} failed", file=out)
    print(f"{'':18} {'mean':>8} {'sd':>7} {'min':>8} {'max':>8}  {conf}% CI of the mean", file=out)
    for key, label in (("overall", "overall"), ("baseline_overall", "no response"), ("value_added", "value added")):
        d = summary[key]
        if d["n"] == 0:
            print(f"{label:18} {'-':>8}", file=out)
            continue
        print(f"{label:18} {d['mean']:8.2f} {d['sd']:7.2f} {d['min']:8.2f} {d['max']:8.2f}  "
              f"[{d['ci_low']:.2f}, {d['ci_high']:.2f}]", file=out)
