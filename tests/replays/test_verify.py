"""Verifying replays: re-simulation reproduces a run exactly, and any change is named by its line."""

from __future__ import annotations

import json
import re

import pytest

from replays.verify import verify_replay
from sim.events import dumps


def tampered(lines: list[str], number: int, change) -> list[str]:
    """``lines`` with the record on line ``number`` (1-based) changed by ``change(record)``, still valid JSON."""
    record = json.loads(lines[number - 1])
    change(record)
    out = list(lines)
    out[number - 1] = dumps(record) + "\n"
    return out


def event_line(default_replay, index: int) -> int:
    """Line number of the ``index``-th event record."""
    events = [n for n, r in zip(default_replay.lines, default_replay.records) if r["type"] == "event"]
    return events[index]


@pytest.fixture(scope="module")
def short_command_lines(tmp_path_factory, default_commands) -> list[str]:
    """Lines of a 5-day replay of the default scenario driven by the bundled command file."""
    from replays.runner import run_headless

    out = tmp_path_factory.mktemp("short") / "short.jsonl"
    run_headless(None, seed=3, commands=default_commands, out=out, days=5)
    return out.read_text(encoding="utf-8").splitlines(keepends=True)


def test_default_run_verifies(cli, default_run):
    """``weerbaar verify`` of an untouched replay exits 0 and reports the log hash."""
    result = cli("verify", default_run.path)
    assert result.code == 0, result.output
    footer = json.loads(default_run.lines[-1])
    assert footer["log_sha256"] in result.out and "ok" in result.out


def test_verdict_counts_the_records(default_run, default_replay):
    """verify_replay compares every event and sample record."""
    verdict = verify_replay(str(default_run.path))
    assert verdict.ok
    assert verdict.checked == len(default_replay.events) + len(default_replay.samples)


def test_changed_event_time_fails_and_names_its_line(cli, default_run, default_replay, write_replay):
    """Changing one event's ``t`` makes verify exit 1 and name that record's line number."""
    number = event_line(default_replay, len(default_replay.events) // 2)
    path = write_replay(tampered(default_run.lines, number, lambda r: r.update(t=r["t"] + 1.0)))
    result = cli("verify", path)
    assert result.code == 1
    assert f"line {number}:" in result.output
    assert re.search(rf"line {number}: event seq \d+ \(.+\) differs", result.output)
    assert "FAILED" in result.output


def test_changed_payload_value_fails_and_names_its_line(cli, default_run, default_replay, write_replay):
    """Changing a payload value of one event makes verify exit 1, naming that line and the field."""
    number = event_line(default_replay, len(default_replay.events) // 3)

    def change(record):
        key = sorted(record["payload"])[0]
        record["payload"][key] = "tampered"

    path = write_replay(tampered(default_run.lines, number, change))
    result = cli("verify", path)
    assert result.code == 1
    assert f"line {number}:" in result.output and "payload." in result.output and "tampered" in result.output


def test_changed_sample_fails_and_names_its_line(cli, default_run, default_replay, write_replay):
    """Changing an indicator value in a sample record makes verify name that sample's line."""
    number = next(n for n, r in zip(default_replay.lines, default_replay.records)
                  if r["type"] == "sample" and r["t"] == 240.0)
    path = write_replay(tampered(default_run.lines, number,
                                 lambda r: r["indicators"].update(public_trust=r["indicators"]["public_trust"] + 0.5)))
    result = cli("verify", path)
    assert result.code == 1 and f"line {number}: sample t=240.0 differs" in result.output


def test_removed_event_fails(cli, default_run, default_replay, write_replay):
    """Deleting an event record makes verify fail at the record that now sits in its place."""
    number = event_line(default_replay, 10)
    lines = default_run.lines[: number - 1] + default_run.lines[number:]
    result = cli("verify", write_replay(lines))
    assert result.code == 1 and f"line {number}:" in result.output


def test_extra_record_fails_and_names_its_line(cli, default_run, default_replay, write_replay):
    """An extra event record before the footer is named as one the re-simulation does not produce."""
    last = json.loads(default_run.lines[-2])
    extra = {**last, "type": "event", "seq": 10**6, "kind": "forged", "source": "x", "target": "", "payload": {},
             "visible_to": [], "tags": []}
    extra.pop("indicators", None)
    extra.pop("population", None)
    lines = default_run.lines[:-1] + [dumps(extra) + "\n", default_run.lines[-1]]
    result = cli("verify", write_replay(lines))
    assert result.code == 1
    assert f"line {len(lines) - 1}:" in result.output


def test_changed_footer_hash_fails(cli, default_run, write_replay):
    """A footer whose log_sha256 does not match the re-simulated log fails verification."""
    lines = tampered(default_run.lines, len(default_run.lines), lambda r: r.update(log_sha256="0" * 64))
    result = cli("verify", write_replay(lines))
    assert result.code == 1 and "footer" in result.output and "log_sha256" in result.output


def test_changed_seed_fails(cli, default_run, write_replay):
    """A replay whose header seed was changed does not verify."""
    lines = tampered(default_run.lines, 1, lambda r: r.update(seed=8))
    result = cli("verify", write_replay(lines))
    assert result.code == 1 and "line " in result.output


def test_changed_scenario_text_is_refused(cli, default_run, write_replay):
    """A header whose scenario text no longer matches its sha256 is refused with exit 1."""
    lines = tampered(default_run.lines, 1,
                     lambda r: r.update(scenario_text=r["scenario_text"].replace("seed: 2018", "seed: 2019")))
    result = cli("verify", write_replay(lines))
    assert result.code == 1 and "scenario_sha256" in result.output


def test_cut_off_replay_is_incomplete_but_names_no_mismatch(cli, default_run, write_replay):
    """A replay cut short (no footer) fails verification as incomplete, without naming a differing record."""
    lines = default_run.lines[:200]
    result = cli("verify", write_replay(lines))
    assert result.code == 1
    assert "incomplete" in result.output
    assert "differs" not in result.output and "does not produce" not in result.output


def test_cut_off_replay_with_a_partial_line(cli, default_run, write_replay):
    """A replay whose last line is cut mid-record is incomplete, names the cut line, and names no mismatch."""
    lines = default_run.lines[:200] + [default_run.lines[200][:25]]
    result = cli("verify", write_replay(lines))
    assert result.code == 1
    assert "incomplete" in result.output and "line 201" in result.output
    assert "differs" not in result.output


def test_cut_off_replay_with_a_changed_record_names_it(cli, default_run, default_replay, write_replay):
    """A cut-off replay is still checked as far as it goes: a change before the cut is named."""
    number = event_line(default_replay, 5)
    lines = tampered(default_run.lines[:200], number, lambda r: r.update(t=r["t"] + 2.0))
    result = cli("verify", write_replay(lines))
    assert result.code == 1 and f"line {number}:" in result.output


def test_replay_with_commands_verifies(cli, short_command_lines, write_replay):
    """A run driven by the bundled command file verifies, commands and all."""
    assert any('"type":"command"' in line for line in short_command_lines)
    assert cli("verify", write_replay(short_command_lines)).code == 0


def test_changed_command_time_fails(cli, short_command_lines, write_replay):
    """Moving a recorded command to another time makes the replay fail verification."""
    lines = list(short_command_lines)
    number = next(i + 1 for i, line in enumerate(lines) if '"type":"command"' in line)
    result = cli("verify", write_replay(tampered(lines, number, lambda r: r.update(t=r["t"] + 5.0))))
    assert result.code == 1


@pytest.mark.parametrize("content", ["", "not a replay\n"])
def test_verify_of_a_non_replay_exits_1(cli, tmp_path, content):
    """verify of an empty file or of something that is not a replay exits 1 with a message."""
    path = tmp_path / "x.jsonl"
    path.write_text(content, encoding="utf-8")
    result = cli("verify", path)
    assert result.code == 1 and "not a weerbaar replay" in result.err


def test_verify_of_a_missing_file_exits_1(cli, tmp_path):
    """verify of a file that does not exist exits 1."""
    result = cli("verify", tmp_path / "missing.jsonl")
    assert result.code == 1 and "missing.jsonl" in result.err


def _header(change):
    return lambda lines: tampered(lines, 1, change)


def _first_command(change):
    def edit(lines):
        number = next(i + 1 for i, line in enumerate(lines) if '"type":"command"' in line)
        return tampered(lines, number, change)
    return edit


MALFORMED = {
    "players name a missing cell": _header(lambda r: r.update(players=["nobody"])),
    "seed is not a number": _header(lambda r: r.update(seed="abc")),
    "seed is negative": _header(lambda r: r.update(seed=-1)),
    "scenario text is not text": _header(lambda r: r.update(scenario_text=5, scenario_sha256=None)),
    "command time is not a number": _first_command(lambda r: r.update(t="soon")),
    "command without a cell": _first_command(lambda r: r.pop("cell")),
    "footer without an end": lambda lines: lines[:-1] + ['{"type":"footer"}\n'],
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_malformed_replay_fails_verification_in_one_line(cli, short_command_lines, write_replay, case):
    """A replay whose header or records are well-formed JSON but malformed makes verify exit 1 with a one-line error."""
    lines = MALFORMED[case](list(short_command_lines))
    result = cli("verify", write_replay(lines))
    assert result.code == 1
    assert len(result.output.strip().splitlines()) == 1
