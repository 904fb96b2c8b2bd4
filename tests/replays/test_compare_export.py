"""`weerbaar compare` ranks replays of one scenario; `weerbaar export` writes events, commands and series as CSV."""

from __future__ import annotations

import csv
import json

import pytest

from replays.format import read_replay
from replays.runner import run_headless
from sim.scenario.schemabase import INDICATOR_NAMES

DAYS = 16


@pytest.fixture(scope="module")
def classroom(tmp_path_factory, default_commands):
    """Two groups on seed 7 (one with the bundled playbook, one that did nothing) and a third group on seed 9."""
    folder = tmp_path_factory.mktemp("class")
    paths = {"idle": folder / "idle.jsonl", "played": folder / "played.jsonl", "other": folder / "other.jsonl"}
    run_headless(None, seed=7, out=paths["idle"], days=DAYS)
    run_headless(None, seed=7, commands=default_commands, out=paths["played"], days=DAYS)
    run_headless(None, seed=9, commands=default_commands, out=paths["other"], days=DAYS)
    return paths


def read_csv(path):
    """Rows of a CSV file as dicts."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_compare_ranks_by_value_added(cli, classroom):
    """The group that played ranks above the group that did nothing, whose value added is 0."""
    result = cli("compare", classroom["idle"], classroom["played"], classroom["other"], "--json")
    assert result.code == 0, result.output
    rows = json.loads(result.out)
    assert [r["rank"] for r in rows] == [1, 2, 3]
    by_name = {r["replay"].rsplit("/", 1)[-1]: r for r in rows}
    assert by_name["idle.jsonl"]["value_added"] == 0.0
    assert by_name["played.jsonl"]["rank"] < by_name["idle.jsonl"]["rank"]
    assert [r["value_added"] for r in rows] == sorted((r["value_added"] for r in rows), reverse=True)
    # Same seed, same counterfactual: the baseline is shared.
    assert by_name["idle.jsonl"]["baseline_overall"] == by_name["played.jsonl"]["baseline_overall"]


def test_compare_prints_a_table(cli, classroom):
    """Without --json, compare prints one ranked line per replay and the legend."""
    result = cli("compare", classroom["played"], classroom["idle"])
    assert result.code == 0, result.output
    lines = result.out.splitlines()
    assert lines[1].split()[:2] == ["1", "played.jsonl"] and lines[2].split()[:2] == ["2", "idle.jsonl"]
    assert "ratings (P/S/M/U)" in result.out


def test_compare_refuses_replays_of_different_scenarios(cli, classroom, default_scenario, tmp_path):
    """A replay of another scenario text is refused with exit 1 and one line."""
    text = default_scenario.read_text(encoding="utf-8").replace('title: "Municipal elections under pressure"',
                                                               'title: "Another exercise"')
    other = tmp_path / "other.yaml"
    other.write_text(text, encoding="utf-8")
    run_headless(other, seed=7, out=tmp_path / "x.jsonl", days=1)
    result = cli("compare", classroom["idle"], tmp_path / "x.jsonl")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1 and "same scenario" in result.err


def test_export_writes_events_commands_and_series(cli, classroom, tmp_path):
    """Export writes one CSV row per event, command and sample, with the documented columns."""
    result = cli("export", classroom["played"], "--out", tmp_path / "csv")
    assert result.code == 0, result.output
    replay = read_replay(classroom["played"])
    events = read_csv(tmp_path / "csv" / "events.csv")
    assert len(events) == len(replay.events)
    assert [e["kind"] for e in events] == [e["kind"] for e in replay.events]
    assert json.loads(events[0]["payload"]) == replay.events[0]["payload"]
    commands = read_csv(tmp_path / "csv" / "commands.csv")
    assert [c["text"] for c in commands] == [c["text"] for c in replay.commands]
    assert {c["outcome"] for c in commands} == {"accepted"} and commands[0]["order"] == "o1"
    series = read_csv(tmp_path / "csv" / "series.csv")
    assert len(series) == len(replay.samples) > DAYS * 4 - 2
    assert list(series[0]) == ["t_hours", "day", *INDICATOR_NAMES]
    assert float(series[-1]["election_integrity"]) == replay.samples[-1]["indicators"]["election_integrity"]
    population = read_csv(tmp_path / "csv" / "population.csv")
    assert len(population) == len(replay.samples) and "narratives.rigged-count.reach" in population[0]


def test_exported_csv_reads_into_pandas(cli, classroom, tmp_path):
    """pandas reads every exported file directly."""
    pandas = pytest.importorskip("pandas")
    assert cli("export", classroom["idle"], "--out", tmp_path).code == 0
    for name in ("events.csv", "commands.csv", "series.csv", "population.csv"):
        frame = pandas.read_csv(tmp_path / name)
        assert len(frame.columns) >= 2
    assert pandas.read_csv(tmp_path / "series.csv")["t_hours"].iloc[-1] == read_replay(classroom["idle"]).samples[-1]["t"]


def test_export_of_an_unreadable_replay_exits_1(cli, tmp_path):
    """A missing replay gives exit 1 and one line on stderr; a missing --out is a usage error."""
    result = cli("export", tmp_path / "missing.jsonl", "--out", tmp_path / "out")
    assert result.code == 1 and len(result.err.strip().splitlines()) == 1
    assert cli("export", tmp_path / "missing.jsonl").code == 2
