"""Ensemble workers: results do not depend on the worker count, workers start warm and import only what a run uses.

Also the summary's own Student-t quantile, checked against scipy's.
"""

from __future__ import annotations

import json
import multiprocessing
import sys

import pytest

from replays import ensemble
from replays.ensemble import (RunSpec, describe, executor, keep_scenario, map_tasks, run_ensemble, run_one,
                              scenario_of, spawn_seeds, summarise, t_quantile, worker_context)

DAYS = "15"  # the playbook's orders and most red operations fall in the first 15 days; 4 runs x 2 worker counts stay short

UNUSED_IN_A_WORKER = ("pandas", "matplotlib", "pygame", "jinja2", "tqdm", "docx", "scipy.stats", "mesa.space",
                      "mesa.datacollection", "mesa.batchrunner", "mesa.experimental", "replays.review", "ui.console")


def run_and_list_modules(spec: RunSpec) -> tuple[dict, list[str]]:
    """A real ensemble run in a worker, and the modules that worker has loaded afterwards (top-level, so it pickles)."""
    return run_one(spec), sorted(sys.modules)


def test_the_summary_and_the_rows_are_the_same_at_one_and_two_workers(cli, default_commands, tmp_path):
    """`ensemble --runs 4` with the bundled playbook prints the same JSON summary and writes the same rows at 1 and 2 workers."""
    common = ["ensemble", "municipal-elections", "--commands", default_commands, "--runs", "4", "--days", DAYS, "--json"]
    one = cli(*common, "--workers", "1", "--out", tmp_path / "one.json")
    two = cli(*common, "--workers", "2", "--out", tmp_path / "two.json")
    assert one.code == 0 and two.code == 0, one.output + two.output
    assert json.loads(one.out) == json.loads(two.out)
    rows_one = json.loads((tmp_path / "one.json").read_text(encoding="utf-8"))
    rows_two = json.loads((tmp_path / "two.json").read_text(encoding="utf-8"))
    assert rows_one == rows_two and [r["seed"] for r in rows_one] == spawn_seeds(2018, 4)
    assert all(r["error"] == "" for r in rows_one) and any(r["value_added"] != 0 for r in rows_one)


def test_local_workers_fork_from_a_warm_server_where_the_platform_has_one():
    """On Linux and macOS the pool's start method is forkserver (warm, no inherited threads); elsewhere spawn."""
    method = worker_context().get_start_method()
    if "forkserver" in multiprocessing.get_all_start_methods():
        assert method == "forkserver"
    else:  # pragma: no cover - Windows
        assert method == "spawn"


def test_a_worker_imports_only_what_a_run_uses(default_loaded):
    """After a real run in a pool worker, nothing for plotting, tables, templates, the console or mesa's extras is loaded there."""
    import pandas  # noqa: F401  - loaded here, in the test process, so a worker that inherited it would show it
    spec = RunSpec(0, 11, default_loaded.text, default_loaded.source, (), 24.0)
    results = []
    with executor(2) as pool:
        map_tasks(run_and_list_modules, [spec, spec], pool, lambda i, r, e: results.append((r, e)))
    for (row, modules), error in results:
        assert error is None and row["error"] == ""
        assert "sim.exercise" in modules and "replays.counterfactual" in modules
        assert [m for m in modules if m.split(".")[0] in UNUSED_IN_A_WORKER or m in UNUSED_IN_A_WORKER] == []


def test_a_kept_scenario_gives_the_run_a_fresh_parse_gives(default_loaded):
    """The second run of a text reuses the parsed scenario, and runs from it equal a run from a fresh parse."""
    from sim.scenario import parse_scenario

    spec = RunSpec(1, 4242, default_loaded.text, default_loaded.source, (), 48.0)
    ensemble._kept.clear()
    first = scenario_of(spec.scenario_text, spec.source)
    assert scenario_of(spec.scenario_text, spec.source) is first  # kept, not parsed again
    warm = [run_one(spec), run_one(spec)]
    assert scenario_of(spec.scenario_text, spec.source) is first
    fresh = parse_scenario(default_loaded.text, default_loaded.source)
    keep_scenario(fresh)
    assert scenario_of(spec.scenario_text, spec.source) is fresh
    assert warm[0] == warm[1] == run_one(spec)
    assert scenario_of(spec.scenario_text + "\n", spec.source) is not fresh  # another text is parsed


def test_an_ensemble_given_the_parsed_scenario_runs_on_it_and_matches_one_that_parses(default_loaded):
    """run_ensemble(loaded=...) keeps that scenario and gives the rows an ensemble that parses the text itself gives."""
    given = run_ensemble(default_loaded.text, default_loaded.source, [], 24.0, 2, 5, loaded=default_loaded)
    assert scenario_of(default_loaded.text, default_loaded.source) is default_loaded
    ensemble._kept.clear()
    parsed = run_ensemble(default_loaded.text, default_loaded.source, [], 24.0, 2, 5)
    assert scenario_of(default_loaded.text, default_loaded.source) is not default_loaded
    assert given.rows == parsed.rows and summarise(given) == summarise(parsed)


@pytest.mark.parametrize("p", [0.6, 0.9, 0.95, 0.975, 0.99, 0.995, 0.9995])
def test_t_quantile_matches_scipy(p):
    """The Student t quantile agrees with scipy.stats.t.ppf to 1e-9 (relative) for 1 to 400 degrees of freedom."""
    stats = pytest.importorskip("scipy.stats")
    for df in [*range(1, 401), 1000, 10_000, 2.5]:
        assert t_quantile(p, df) == pytest.approx(float(stats.t.ppf(p, df)), rel=1e-9), df


def test_t_quantile_refuses_what_it_does_not_compute():
    """Lower-half probabilities and non-positive degrees of freedom are a ValueError, not a wrong number."""
    for p, df in ((0.4, 3), (1.0, 3), (0.975, 0), (0.975, -1)):
        with pytest.raises(ValueError):
            t_quantile(p, df)
    assert t_quantile(0.5, 7) == 0.0


def test_describe_gives_scipys_interval():
    """describe()'s 95% interval is the one scipy's t quantile gives, to the three decimals it shows."""
    import statistics

    stats = pytest.importorskip("scipy.stats")
    values = [12.5, 9.25, 14.0, 11.125, 10.5, 13.75, 8.0]
    d = describe(values)
    half = float(stats.t.ppf(0.975, len(values) - 1)) * statistics.stdev(values) / len(values) ** 0.5
    mean = statistics.fmean(values)
    assert (d["ci_low"], d["ci_high"]) == (round(mean - half, 3), round(mean + half, 3))
