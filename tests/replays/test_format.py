"""Replay format v1: header, body records and footer; reading damaged and foreign files."""

from __future__ import annotations

import csv
import json

import pytest

from replays.format import FORMAT_NAME, FORMAT_VERSION, ReplayError, ReplayWriter, read_replay
from sim.events import GENESIS, chain, dumps
from sim.exercise import Exercise
from sim.scenario.schemabase import COST_INDICATORS, INDICATOR_NAMES


def test_header_holds_everything_needed_to_reproduce_the_run(default_replay, default_scenario):
    """The header names the format and version, holds the full scenario text, its sha256, the seed and the players."""
    header = default_replay.header
    assert header["type"] == "header"
    assert (header["format"], header["version"]) == (FORMAT_NAME, FORMAT_VERSION)
    assert header["scenario_text"] == default_scenario.read_text(encoding="utf-8")
    assert len(header["scenario_sha256"]) == 64
    assert header["seed"] == 7 and header["players"] == []
    assert header["scenario_id"] == "municipal-elections"
    assert header["created"].endswith("Z") and header["weerbaar"]


def test_footer_counts_and_hash_match_the_body(default_replay):
    """The footer counts the records and its log_sha256 is the chain over the event lines."""
    replay = default_replay
    assert replay.complete and replay.problems == []
    footer = replay.footer
    assert footer["events"] == len(replay.events) > 0
    assert footer["samples"] == len(replay.samples) > 0
    assert footer["commands"] == len(replay.commands) == 0
    assert footer["end"] == replay.until == 60 * 24.0
    digest = GENESIS
    for event in replay.events:
        digest = chain(digest, json.dumps(event, sort_keys=True, separators=(",", ":"), ensure_ascii=False))
    assert footer["log_sha256"] == digest


def test_records_are_in_time_order_with_their_line_numbers(default_run, default_replay):
    """Body records come in time order, and ``lines`` gives each one's line number in the file."""
    replay = default_replay
    times = [r["t"] for r in replay.records]
    assert times == sorted(times)
    assert [e["seq"] for e in replay.events] == list(range(len(replay.events)))
    lines = default_run.lines
    for number, record in zip(replay.lines, replay.records):
        assert json.loads(lines[number - 1]) == record
    assert len(lines) == len(replay.records) + 2  # header and footer


def test_samples_hold_every_indicator(default_replay):
    """Every sample record holds all twelve indicators, and the first one is at t = 0."""
    first = default_replay.samples[0]
    assert first["t"] == 0.0 and set(first["indicators"]) == set(INDICATOR_NAMES)


def _without(default_run, names):
    """The default run's lines with ``names`` taken out of every sample (as a replay recorded before them)."""
    lines = []
    for line in default_run.lines:
        record = json.loads(line)
        if record.get("type") == "sample":
            for name in names:
                record["indicators"].pop(name)
            line = dumps(record) + "\n"
        lines.append(line)
    return lines


def test_a_replay_recorded_before_the_cost_indicators_reads_whole(default_run, write_replay, tmp_path, cli):
    """Samples without the three cost indicators are not corrupt: the replay reads complete, scoring treats them
    as unrecorded (flat at their start), and export leaves their columns empty."""
    from replays.score import RunData

    path = write_replay(_without(default_run, COST_INDICATORS))
    replay = read_replay(path)
    assert replay.complete and not replay.problems
    assert len(replay.samples) == len(read_replay(default_run.path).samples)
    run = RunData.from_replay(replay)
    assert run.unrecorded == COST_INDICATORS
    start = run.start
    assert all(set(run.series[n]) == {start[n]} for n in COST_INDICATORS)
    assert RunData.from_replay(read_replay(default_run.path)).unrecorded == ()
    result = cli("export", path, "--out", tmp_path / "csv")
    assert result.code == 0, result.output
    with (tmp_path / "csv" / "series.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert all(row[n] == "" for row in rows for n in COST_INDICATORS)
    assert all(row["election_integrity"] != "" for row in rows)
    score = cli("score", path, "--json")
    assert score.code == 0, score.output
    assert json.loads(score.out)["unrecorded"] == list(COST_INDICATORS)


@pytest.mark.parametrize("name", [n for n in INDICATOR_NAMES if n not in COST_INDICATORS])
def test_a_sample_without_a_resilience_indicator_is_corrupt(default_run, write_replay, name):
    """Each of the nine resilience indicators is required: a sample without it stops the reading there."""
    replay = read_replay(write_replay(_without(default_run, [name])))
    assert replay.problems and f"indicators lack {name}" in replay.problems[0]
    assert not replay.samples


# -- damaged files ----------------------------------------------------------------------------

def test_truncated_last_line_is_reported_by_number(default_run, write_replay):
    """A last line cut in the middle is reported by its number and everything before it is returned."""
    lines = default_run.lines[:150]
    cut = lines + [lines[-1][: len(lines[-1]) // 2]]
    replay = read_replay(write_replay(cut))
    assert replay.footer is None and not replay.complete
    assert len(replay.records) == 149 and replay.lines[-1] == 150
    assert replay.problems[0].startswith("line 151: truncated")
    assert "read up to line 150" in replay.problems[0]


def test_corrupt_middle_line_is_reported_by_number(default_run, write_replay):
    """A corrupt line in the middle is reported by its number; the records before it are returned, none after."""
    lines = list(default_run.lines)
    lines[99] = '{"type": "event", "seq": \n'
    replay = read_replay(write_replay(lines))
    assert len(replay.problems) == 1
    assert replay.problems[0].startswith("line 100: corrupt record: not JSON (")
    assert replay.problems[0].endswith("; read up to line 99")
    assert len(replay.records) == 98 and replay.lines[-1] == 99
    assert replay.footer is None


@pytest.mark.parametrize("bad", ["[1, 2, 3]\n", '{"no_type": 1}\n', "null\n", '"text"\n'])
def test_valid_json_that_is_not_a_record_is_corrupt(default_run, write_replay, bad):
    """A line that is JSON but not a record object is reported as corrupt by its number."""
    lines = list(default_run.lines)
    lines[9] = bad
    replay = read_replay(write_replay(lines))
    assert replay.problems and replay.problems[0].startswith("line 10:")
    assert len(replay.records) == 8


def test_unknown_record_type_is_reported(default_run, write_replay):
    """A record of an unknown type is reported by its line number."""
    lines = list(default_run.lines)
    lines[4] = '{"type":"mystery"}\n'
    replay = read_replay(write_replay(lines))
    assert replay.problems[0].startswith("line 5: unknown record type 'mystery'")


def test_record_after_the_footer_is_reported(default_run, write_replay):
    """Anything after the footer is reported by its line number."""
    lines = list(default_run.lines) + [default_run.lines[3]]
    replay = read_replay(write_replay(lines))
    assert replay.footer is not None and not replay.complete
    assert replay.problems == [f"line {len(lines)}: record after the footer"]


def test_missing_footer_is_reported(default_run, write_replay):
    """A replay that ends cleanly without a footer is incomplete and says so."""
    replay = read_replay(write_replay(default_run.lines[:120]))
    assert replay.footer is None and len(replay.records) == 119
    assert replay.problems and "no footer" in replay.problems[0]
    assert replay.until == replay.records[-1]["t"]


def test_missing_footer_names_the_last_line_read(default_run, write_replay):
    """A replay cut at a record boundary reports the line it was read up to."""
    replay = read_replay(write_replay(default_run.lines[:120]))
    assert "line 120" in replay.problems[0]


def test_newer_format_version_is_refused(default_run, write_replay):
    """A header with version 2 is refused with a ReplayError that says the version is newer and to upgrade."""
    header = json.loads(default_run.lines[0])
    header["version"] = 2
    path = write_replay([header, *default_run.lines[1:]])
    with pytest.raises(ReplayError) as info:
        read_replay(path)
    message = str(info.value)
    assert "version 2" in message and "newer" in message and "upgrade" in message


@pytest.mark.parametrize("first", ['{"format": "something-else", "version": 1}\n', "not json\n", "[]\n", "\n"])
def test_not_a_replay_is_refused(write_replay, first):
    """A file whose first line is not a weerbaar replay header is refused with ReplayError."""
    with pytest.raises(ReplayError) as info:
        read_replay(write_replay([first]))
    assert "not a weerbaar replay" in str(info.value)


def test_header_without_scenario_is_refused(default_run, write_replay):
    """A header that lacks the scenario text is refused."""
    header = json.loads(default_run.lines[0])
    del header["scenario_text"]
    with pytest.raises(ReplayError, match="scenario_text"):
        read_replay(write_replay([header]))


def test_missing_file_is_a_replay_error(tmp_path):
    """A missing replay is a ReplayError naming the file."""
    with pytest.raises(ReplayError, match="nope.jsonl"):
        read_replay(tmp_path / "nope.jsonl")


# -- writing ----------------------------------------------------------------------------------

def test_replay_is_readable_while_it_is_written(mini_scenario, tmp_path):
    """Mid-run, the file on disk ends with a whole line and holds every sample taken so far."""
    ex = Exercise.from_file(mini_scenario)
    path = tmp_path / "live.jsonl"
    writer = ReplayWriter.for_exercise(path, ex, until=ex.end)
    ex.run_until(50.0)
    text = path.read_text(encoding="utf-8")
    assert text.endswith("\n")
    replay = read_replay(path)
    assert replay.footer is None and len(replay.problems) == 1
    assert [s["t"] for s in replay.samples] == ex.indicators.times
    writer.abandon()


def test_writer_records_commands_with_exact_times(mini_scenario, tmp_path):
    """Player commands are written with their exact time, cell and text; the footer counts them."""
    ex = Exercise.from_file(mini_scenario)
    path = tmp_path / "cmds.jsonl"
    writer = ReplayWriter.for_exercise(path, ex, until=ex.end)
    ex.run_until(1 / 3)
    ex.submit("crisis", "share_signals")
    ex.submit("crisis", "nonsense here")
    ex.run_until(10.0)
    digest = writer.close(ex.now)
    replay = read_replay(path)
    assert replay.complete and replay.footer["log_sha256"] == digest == ex.log.sha256
    assert [(c["t"], c["cell"], c["text"]) for c in replay.commands] == [
        (1 / 3, "crisis", "share_signals"), (1 / 3, "crisis", "nonsense here")]
    assert replay.footer["commands"] == 2


def test_closed_writer_refuses_more_records(mini_scenario, tmp_path):
    """After close, writing another record raises ReplayError instead of corrupting the file."""
    ex = Exercise.from_file(mini_scenario)
    writer = ReplayWriter.for_exercise(tmp_path / "x.jsonl", ex, until=ex.end)
    writer.close(0.0)
    with pytest.raises(ReplayError):
        ex.run_until(7.0)
