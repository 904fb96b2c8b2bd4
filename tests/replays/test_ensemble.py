"""Ensembles: seeds spawned from one root, local and Dask executors agree per seed, failures are reported, output reads back."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest

from replays.ensemble import RunSpec, describe, run_ensemble, run_one, spawn_seeds, write_rows

DAYS = "15"  # 40 runs x 2 executors of all 60 days cost minutes on a loaded CI box; 15 days hold 6 injects and most red operations


def flaky(spec: RunSpec) -> dict:
    """A stand-in run that fails for the third seed (top-level, so it pickles to worker processes)."""
    if spec.index == 2:
        raise RuntimeError("simulated failure")
    return {"run": spec.index, "seed": spec.seed, "overall": 50.0, "baseline_overall": 50.0, "value_added": 0.0,
            "error": ""}


def test_seeds_are_spawned_from_the_root_with_seedsequence():
    """Run i's seed is the first word of the i-th SeedSequence child of the root, the same every time."""
    seeds = spawn_seeds(2018, 5)
    children = np.random.SeedSequence(2018).spawn(5)
    assert seeds == [int(c.generate_state(1, dtype=np.uint32)[0]) for c in children]
    assert len(set(seeds)) == 5 and spawn_seeds(2018, 5) == seeds and spawn_seeds(2019, 5) != seeds


@pytest.fixture(scope="module")
def dask_cluster():
    """A Dask LocalCluster with two worker processes, started for these tests."""
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
    yield cluster
    cluster.close()


def test_local_pool_and_dask_cluster_give_identical_per_seed_results(cli, default_commands, dask_cluster, tmp_path):
    """`ensemble --runs 40 --workers 2` and the same with `--scheduler` at a Dask LocalCluster agree seed by seed."""
    common = ["ensemble", "municipal-elections", "--commands", default_commands, "--runs", "40", "--days", DAYS]
    local = cli(*common, "--workers", "2", "--out", tmp_path / "local.json")
    assert local.code == 0, local.output
    remote = cli(*common, "--scheduler", dask_cluster.scheduler_address, "--out", tmp_path / "dask.json")
    assert remote.code == 0, remote.output
    a = json.loads((tmp_path / "local.json").read_text(encoding="utf-8"))
    b = json.loads((tmp_path / "dask.json").read_text(encoding="utf-8"))
    assert len(a) == 40 and a == b
    assert [r["seed"] for r in a] == spawn_seeds(2018, 40) and [r["run"] for r in a] == list(range(40))
    assert all(r["error"] == "" for r in a)
    assert "value added" in local.out and "95% CI" in local.out


def test_a_failing_run_is_reported_with_its_seed_and_the_others_complete():
    """A run that raises comes back as a row naming its seed; the other runs still finish (pool and in-process)."""
    for workers in (1, 2):
        result = run_ensemble("unused", "unused.yaml", [], 24.0, 5, 7, workers=workers, task=flaky)
        assert len(result.rows) == 5 and len(result.ok) == 4
        [failed] = result.failed
        assert failed["seed"] == spawn_seeds(7, 5)[2] and "simulated failure" in failed["error"]


def test_run_one_turns_an_exception_into_an_error_row():
    """A run whose scenario cannot be read returns its seed and the error instead of raising."""
    row = run_one(RunSpec(3, 99, "id: [", "broken.yaml", (), 24.0))
    assert row["run"] == 3 and row["seed"] == 99 and row["error"]


def test_progress_bar_shows_runs_done_and_time_left(default_loaded):
    """The progress stream ends with all runs done and an elapsed<remaining estimate."""
    stream = io.StringIO()
    result = run_ensemble(default_loaded.text, default_loaded.source, [], 6.0, 3, 1, progress=stream)
    assert len(result.ok) == 3
    text = stream.getvalue()
    assert "3/3 runs" in text and "<" in text


def test_summary_gives_mean_spread_and_t_interval():
    """describe() gives the mean, sample sd and a Student-t 95% interval of the mean."""
    d = describe([1.0, 2.0, 3.0, 4.0])
    assert d["mean"] == 2.5 and d["sd"] == pytest.approx(1.291, abs=1e-3)
    assert (d["ci_low"], d["ci_high"]) == (pytest.approx(2.5 - 2.054, abs=2e-3), pytest.approx(2.5 + 2.054, abs=2e-3))


def test_results_read_back_as_csv_and_json(tmp_path):
    """Rows written as CSV and as JSON records read back (with pandas when it is installed) with every column."""
    rows = [{"run": 0, "seed": 5, "overall": 80.5, "value_added": 1.25, "error": ""},
            {"run": 1, "seed": 6, "error": "RuntimeError: boom"}]
    csv_path, json_path = write_rows(rows, tmp_path / "r.csv"), write_rows(rows, tmp_path / "r.json")
    with csv_path.open(encoding="utf-8", newline="") as handle:
        back = list(csv.DictReader(handle))
    assert back[0]["overall"] == "80.5" and back[1]["error"] == "RuntimeError: boom"
    records = json.loads(json_path.read_text(encoding="utf-8"))
    assert set(records[1]) == {"run", "seed", "overall", "value_added", "error"}
    pandas = pytest.importorskip("pandas")
    for frame in (pandas.read_csv(csv_path), pandas.read_json(json_path)):
        assert list(frame["seed"]) == [5, 6] and frame["overall"].iloc[0] == 80.5


def test_out_must_be_csv_or_json(cli, tmp_path):
    """Any other --out suffix is a usage error."""
    assert cli("ensemble", "municipal-elections", "--runs", "2", "--out", tmp_path / "r.txt").code == 2
