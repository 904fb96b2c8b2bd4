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
* ``workers = K``: a local ``concurrent.futures.ProcessPoolExecutor``. Where the
  platform has it (Linux, macOS) its workers are forked from a ``forkserver``:
  one clean, single-threaded process that imports what a run uses
  (:data:`WORKER_MODULES`: the engine, the agents, the catalogue, scoring) once,
  so each worker starts warm instead of paying the whole start-up, and imports
  nothing else (no command line, tqdm, pandas or plotting). :func:`prepare_workers`
  starts that process early, so its imports overlap the caller's own start-up.
  Elsewhere the ``spawn`` start method, as before. Neither inherits the caller's
  threads or locks (tqdm's monitor thread, a Dask client's event loop), which
  ``fork`` would. ``max_tasks_per_child`` is *not* used: it deadlocks on Python 3.11;
* ``scheduler = ADDRESS``: a Dask distributed cluster through
  ``Client(address).get_executor(pure=False)``; the default ``pure=True`` would
  treat identical calls as one task and silently merge them.

A worker parses the scenario text once and keeps it for the runs that follow
(:func:`scenario_of`; the exercise never changes the loaded scenario, so a run
from a kept scenario is the run from a fresh parse), in the pool, on a Dask worker
and in this process alike.

A run that raises is caught in its worker and comes back as a row with its seed
and the error, so the others still complete; a worker that dies is reported the
same way from its future. After each run the worker frees mesa's per-model agent
id counter (``mesa.Agent._ids``) so long-lived workers do not keep every model.
``mesa.batchrunner`` is deliberately not used: it owns its own process pool and
seeding.

The summary's confidence interval uses the Student t quantile computed here
(:func:`t_quantile`) rather than ``scipy.stats``, whose import alone costs about
0.6 s -- a tenth of a two-worker ensemble of eight runs.
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
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from replays.runner import TimedCommand
    from sim.scenario import LoadedScenario

# This module imports only the standard library at import time, so the ``ensemble`` command can
# start the worker process before it imports the engine itself (:func:`prepare_workers`).

CONFIDENCE = 0.95

WORKER_MODULES: tuple[str, ...] = (
    "sim",  # first: installs the light mesa (sim.mesa_import) before replays.counterfactual imports mesa
    "sim.exercise", "sim.scenario", "sim.plugins", "agents", "sim.catalogue", "sim.doctrine",
    "sim.exercise_events", "sim.injects", "replays.runner", "replays.score", "replays.counterfactual",
    "replays.ensemble",
)
"""What a run in a worker imports (the engine, the packages :func:`sim.plugins.load_plugins` fills
the registries from, scoring), preloaded by the forkserver the local workers fork from."""


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
    import numpy as np

    return [int(child.generate_state(1, dtype=np.uint32)[0]) for child in np.random.SeedSequence(root).spawn(runs)]


def run_one(spec: RunSpec) -> dict[str, Any]:
    """Run the playbook and its counterfactual for one seed and score them; errors come back as a row."""
    try:
        return _run_one(spec)
    except Exception as exc:  # noqa: BLE001 - one failing seed must not stop the ensemble
        last = traceback.format_exception_only(type(exc), exc)[-1].strip()
        return {"run": spec.index, "seed": spec.seed, "error": last}


_kept: dict[tuple[str, str], LoadedScenario] = {}
"""The scenario this process parsed last, by (source, text): one entry, a worker runs one ensemble."""


def scenario_of(text: str, source: str) -> LoadedScenario:
    """The scenario ``text`` parsed, once per process: later runs of the same text reuse it.

    Raises:
        sim.scenario.ScenarioError: the text does not validate (it is not kept).
    """
    key = (source, text)
    loaded = _kept.get(key)
    if loaded is None:
        from sim.scenario import parse_scenario

        loaded = parse_scenario(text, source)
        _kept.clear()
        _kept[key] = loaded
    return loaded


def keep_scenario(loaded: LoadedScenario) -> None:
    """Keep an already parsed scenario for :func:`scenario_of` (the caller parsed it to check it)."""
    _kept.clear()
    _kept[(loaded.source, loaded.text)] = loaded


def _run_one(spec: RunSpec) -> dict[str, Any]:
    from replays.counterfactual import counterfactual, simulate
    from replays.runner import TimedCommand
    from replays.score import assemble
    from sim.events import WHITE

    loaded = scenario_of(spec.scenario_text, spec.source)
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
        pool = ProcessPoolExecutor(max_workers=workers, mp_context=worker_context())
        try:
            yield pool
        finally:
            pool.shutdown(wait=True, cancel_futures=True)


def worker_context() -> multiprocessing.context.BaseContext:
    """The start method local workers use: a forkserver preloaded with :data:`WORKER_MODULES`, else spawn."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    # Only the first call in a process counts: the forkserver starts once and keeps its imports.
    context.set_forkserver_preload(list(WORKER_MODULES))
    return context


def prepare_workers(workers: int, scheduler: str | None = None) -> None:
    """Start the process local workers fork from now, so its imports run beside the caller's.

    Does nothing for an in-process ensemble, a Dask cluster, or where there is no forkserver.
    """
    if workers <= 1 or scheduler or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver

    worker_context()
    forkserver.ensure_running()


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
                 progress: IO[str] | None = None, task: Callable[[RunSpec], dict[str, Any]] = run_one,
                 loaded: LoadedScenario | None = None) -> EnsembleResult:
    """Run the playbook and its counterfactual over ``runs`` seeds spawned from ``root_seed``.

    Args:
        progress: a stream for a tqdm bar (runs done, time left), or None for no bar.
        task: the per-run function (a top-level function, so it pickles); tests swap it.
        loaded: ``scenario_text`` already parsed, if the caller has it: in-process runs use it as it is.
    """
    if loaded is not None and (loaded.text, loaded.source) == (scenario_text, source):
        keep_scenario(loaded)
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


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the regularised incomplete beta function (modified Lentz's method)."""
    tiny, eps = 1e-300, 1e-16
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 10_000):
        m2 = 2 * m
        for coefficient in (m * (b - m) * x / ((qam + m2) * (a + m2)), -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + coefficient * d
            d = 1.0 / (d if abs(d) > tiny else tiny)
            c = 1.0 + coefficient / c
            c = c if abs(c) > tiny else tiny
            h *= d * c
        if abs(d * c - 1.0) < eps:
            break
    return h


def _regularised_beta(a: float, b: float, x: float) -> float:
    """``I_x(a, b)``, the regularised incomplete beta function, for ``0 <= x <= 1``."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    log_front = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    if x < (a + 1.0) / (a + b + 2.0):  # where the fraction converges fast; else by symmetry
        return math.exp(log_front) * _beta_fraction(a, b, x) / a
    return 1.0 - math.exp(log_front) * _beta_fraction(b, a, 1.0 - x) / b


def t_upper_tail(t: float, df: float) -> float:
    """P(T > t) for Student's t with ``df`` degrees of freedom, ``t >= 0``: ``I_{df/(df+t^2)}(df/2, 1/2) / 2``."""
    t2 = t * t
    if t2 < df:  # df/(df+t^2) is near 1 there: the complementary form keeps the precision
        return 0.5 - 0.5 * _regularised_beta(0.5, df / 2.0, t2 / (df + t2))
    return 0.5 * _regularised_beta(df / 2.0, 0.5, df / (df + t2))


def t_quantile(p: float, df: float) -> float:
    """The ``p`` quantile of Student's t with ``df`` degrees of freedom, for ``0.5 <= p < 1``.

    Bisection on :func:`t_upper_tail` to a relative 1e-13, which matches ``scipy.stats.t.ppf`` to far
    below the three decimals a summary shows (the test compares them).
    """
    if not 0.5 <= p < 1.0 or not df > 0:
        raise ValueError(f"t_quantile needs 0.5 <= p < 1 and df > 0, got p={p}, df={df}")
    tail = 1.0 - p
    if tail == 0.5:
        return 0.0
    lo, hi = 0.0, 1.0
    while t_upper_tail(hi, df) > tail:
        lo, hi = hi, hi * 2.0
    while hi - lo > 1e-13 * hi:
        mid = 0.5 * (lo + hi)
        if t_upper_tail(mid, df) > tail:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def describe(values: Sequence[float], confidence: float = CONFIDENCE) -> dict[str, float | int | None]:
    """Mean, standard deviation, min, max and the t confidence interval of the mean."""
    import numpy as np

    n = len(values)
    if n == 0:
        return {"n": 0, "mean": None, "sd": None, "min": None, "max": None, "ci_low": None, "ci_high": None}
    arr = np.asarray(values, dtype=float)
    mean = float(arr.mean())
    sd = float(arr.std(ddof=1)) if n > 1 else 0.0
    if n > 1:
        half = t_quantile(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n)
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
    """The summary as a small table (on stdout unless ``out`` is given), in the reader's language."""
    from sim.i18n import _

    out = out or sys.stdout
    conf = int(round(summary["confidence"] * 100))
    print(_("{runs} runs: {completed} completed, {failed} failed").format(
        runs=summary["runs"], completed=summary["completed"], failed=summary["failed"]), file=out)
    head = _("mean|sd|min|max|{conf}% CI of the mean").split("|")
    rows = (("overall", _("overall")), ("baseline_overall", _("no response")), ("value_added", _("value added")))
    width = max(18, *(len(label) for _key, label in rows))
    print(f"{'':{width}} {head[0]:>8} {head[1]:>7} {head[2]:>8} {head[3]:>8}  {head[4].format(conf=conf)}", file=out)
    for key, label in rows:
        d = summary[key]
        if d["n"] == 0:
            print(f"{label:{width}} {'-':>8}", file=out)
            continue
        print(f"{label:{width}} {d['mean']:8.2f} {d['sd']:7.2f} {d['min']:8.2f} {d['max']:8.2f}  "
              f"[{d['ci_low']:.2f}, {d['ci_high']:.2f}]", file=out)
