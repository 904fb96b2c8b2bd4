"""The ``weerbaar`` command line: runs are reproducible, exit codes are 0/1/2, output is what the issue promises."""

from __future__ import annotations

import json
import re

import pytest

from replays.format import read_replay
from scenarios import DEFAULT_SCENARIO, bundled
from sim.scenario import load_commands, load_scenario
from sim.scenario.schemabase import INDICATOR_NAMES


def event_lines(text: str) -> list[str]:
    """The event record lines of a replay, exactly as written."""
    return [line for line in text.splitlines(keepends=True) if line.startswith('{') and '"type":"event"' in line]


def footer(text: str) -> dict:
    """The footer record of a replay."""
    record = json.loads(text.splitlines()[-1])
    assert record["type"] == "footer"
    return record


# -- reproducible runs ------------------------------------------------------------------------

def test_run_as_a_process_reproduces_the_in_process_run(cli_subprocess, default_run, tmp_path):
    """``python -m ui.cli run --seed 7 --out b.jsonl`` exits 0 and writes byte-identical events and the same footer hash."""
    out = tmp_path / "b.jsonl"
    process = cli_subprocess("run", "--seed", "7", "--out", out)
    assert process.returncode == 0, process.stderr
    text = out.read_text(encoding="utf-8")
    assert footer(text)["log_sha256"] == footer(default_run.text)["log_sha256"]
    assert event_lines(text) == event_lines(default_run.text) != []
    assert footer(default_run.text)["log_sha256"] in process.stdout


def test_running_twice_in_one_process_gives_the_same_replay(cli, default_run, tmp_path):
    """A second in-process run with the same seed writes the same event lines, samples and footer."""
    out = tmp_path / "again.jsonl"
    assert cli("run", "--seed", "7", "--out", out, "--quiet").code == 0
    text = out.read_text(encoding="utf-8")
    body = lambda t: t.splitlines()[1:]  # noqa: E731  (the header has the creation time)
    assert body(text) == body(default_run.text)


def test_different_seed_gives_a_different_run(cli, default_run, tmp_path):
    """Another seed gives another log hash (the seed is really used)."""
    out = tmp_path / "seed8.jsonl"
    assert cli("run", "--seed", "8", "--out", out, "--quiet", "--days", "20").code == 0
    short = read_replay(out)
    assert short.header["seed"] == 8 and short.events
    seed7 = [e for e in read_replay(default_run.path).events if e["t"] <= short.until]
    assert short.events != seed7[: len(short.events)]


def test_bundled_commands_change_the_outcome(cli, default_commands, default_replay, tmp_path):
    """The same seed with the bundled command file ends with different indicator values than without it."""
    out = tmp_path / "cmds.jsonl"
    result = cli("run", "--seed", "7", "--commands", default_commands, "--out", out)
    assert result.code == 0, result.output
    with_commands = read_replay(out)
    assert with_commands.complete
    final_with = with_commands.samples[-1]["indicators"]
    final_without = default_replay.samples[-1]["indicators"]
    assert with_commands.samples[-1]["t"] == default_replay.samples[-1]["t"]
    differing = [n for n in INDICATOR_NAMES if abs(final_with[n] - final_without[n]) > 0.5]
    assert differing, (final_with, final_without)
    # every command of the bundled file is recorded and accepted
    assert len(with_commands.commands) == len(load_commands(default_commands))
    refused = [e for e in with_commands.events if e["kind"] == "command.refused" and e["payload"]["by"] == "player"]
    assert refused == []
    assert set(with_commands.header["players"]) == {c["cell"] for c in with_commands.commands}


# -- the run table ----------------------------------------------------------------------------

def test_run_prints_start_minimum_and_final_of_each_indicator(default_run, default_replay):
    """``run`` prints one row per indicator with its start, minimum and final value, matching the replay."""
    out = default_run.result.out
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^(\w+)\s+(-?\d+\.\d)\s+(-?\d+\.\d)\s+(-?\d+\.\d)$", line)
        if m:
            rows[m[1]] = tuple(float(x) for x in m.groups()[1:])
    assert set(rows) == set(INDICATOR_NAMES)
    scenario = load_scenario(bundled()[DEFAULT_SCENARIO]).scenario
    for name, (start, minimum, final) in rows.items():
        series = [s["indicators"][name] for s in default_replay.samples]
        assert start == pytest.approx(scenario.start_values()[name], abs=0.051)
        assert minimum == pytest.approx(min(series), abs=0.051)
        assert final == pytest.approx(series[-1], abs=0.051)
        assert minimum <= min(start, final) + 0.05
    assert re.search(r"start\s+minimum\s+final", out)
    assert f"replay: {default_run.path}" in out


def test_quiet_run_prints_no_table(cli, tmp_path):
    """``--quiet`` prints only the replay line."""
    out = tmp_path / "q.jsonl"
    result = cli("run", "--seed", "1", "--days", "1", "--out", out, "--quiet")
    assert result.code == 0
    assert result.out.strip().startswith("replay:") and len(result.out.strip().splitlines()) == 1


def test_days_stops_the_run_early(cli, tmp_path):
    """``--days 2`` runs 48 hours and says so in the footer."""
    out = tmp_path / "d.jsonl"
    assert cli("run", DEFAULT_SCENARIO, "--seed", "1", "--days", "2", "--out", out, "--quiet").code == 0
    replay = read_replay(out)
    assert replay.complete and replay.footer["end"] == 48.0 and replay.header["until"] == 48.0
    assert all(r["t"] <= 48.0 for r in replay.records)
    assert replay.samples[-1]["t"] >= 42.0


def test_days_run_includes_its_stop_time(cli, tmp_path):
    """A ``--days 2`` run samples the indicators at 48 h, as a full run samples them at its end time."""
    out = tmp_path / "d.jsonl"
    assert cli("run", DEFAULT_SCENARIO, "--seed", "1", "--days", "2", "--out", out, "--quiet").code == 0
    assert read_replay(out).samples[-1]["t"] == 48.0


def test_run_accepts_a_scenario_path(cli, tmp_path, mini_scenario):
    """SCENARIO may be a file path."""
    out = tmp_path / "m.jsonl"
    assert cli("run", mini_scenario, "--out", out, "--quiet").code == 0
    assert read_replay(out).header["scenario_id"] == "mini"


# -- exit codes -------------------------------------------------------------------------------

@pytest.mark.parametrize("argv", [
    [],
    ["bogus"],
    ["run", "--seed", "abc"],
    ["run", "--days", "abc"],
    ["run", "--days", "0"],
    ["run", "--days", "-3"],
    ["run", "--frobnicate"],
    ["validate"],
    ["verify"],
])
def test_usage_errors_exit_2(cli, argv):
    """Unknown subcommands, bad option values and missing arguments exit 2 with a message on stderr."""
    result = cli(*argv)
    assert result.code == 2
    assert result.err.strip()


def test_usage_error_exit_code_from_a_real_process(cli_subprocess):
    """A real ``python -m ui.cli`` process exits 2 on a usage error and 1 on a failed check."""
    assert cli_subprocess("run", "--seed", "abc").returncode == 2
    assert cli_subprocess("verify", "/nonexistent/replay.jsonl").returncode == 1


def test_help_exits_0(cli, capsys):
    """``--help`` is not an error."""
    assert cli("--help").code == 0


def test_run_of_a_missing_scenario_exits_1(cli, tmp_path):
    """``run`` of a scenario that is neither bundled nor a file exits 1 naming it and the bundled ids."""
    result = cli("run", tmp_path / "nowhere.yaml", "--out", tmp_path / "x.jsonl")
    assert result.code == 1
    assert "nowhere.yaml" in result.err and DEFAULT_SCENARIO in result.err
    assert not (tmp_path / "x.jsonl").exists()


def test_run_of_an_invalid_scenario_exits_1(cli, data_dir, tmp_path):
    """``run`` of an invalid scenario exits 1 and prints its problems with line numbers."""
    result = cli("run", data_dir / "planted-mistakes.yaml", "--out", tmp_path / "x.jsonl")
    assert result.code == 1
    assert re.search(r"planted-mistakes\.yaml:\d+:\d+: ", result.err)


def test_run_with_a_bad_command_file_exits_1(cli, write_yaml, tmp_path):
    """``run`` with a command file naming an unknown cell or a time outside the scenario exits 1."""
    commands = write_yaml('- {at: "day 2", cell: nobody, command: "share_signals"}\n'
                          '- {at: "day 999", cell: intelligence, command: "share_signals"}\n', name="c.yaml")
    result = cli("run", "--commands", commands, "--out", tmp_path / "x.jsonl", "--quiet")
    assert result.code == 1
    assert "no cell 'nobody'" in result.err and "outside the scenario" in result.err


def test_validate_of_a_missing_file_exits_1(cli, tmp_path):
    """``validate`` of a missing file exits 1 naming the file."""
    result = cli("validate", tmp_path / "missing.yaml")
    assert result.code == 1 and "missing.yaml" in result.output


# -- other subcommands ------------------------------------------------------------------------

def test_scenarios_lists_the_default_with_its_summary(cli):
    """``weerbaar scenarios`` lists every bundled scenario, the default marked, with its one-line summary."""
    result = cli("scenarios")
    assert result.code == 0
    lines = result.out.splitlines()
    assert len(lines) == len(bundled())
    [line] = [line for line in lines if line.startswith(DEFAULT_SCENARIO + " ")]
    summary = load_scenario(bundled()[DEFAULT_SCENARIO]).scenario.summary
    assert summary in line and "[default]" in line and "[commands]" in line


def test_schema_writes_both_schemas(cli, tmp_path):
    """``weerbaar schema --out DIR`` writes the scenario and command-file schemas as valid JSON."""
    from ui.cli import schema_texts

    result = cli("schema", "--out", tmp_path)
    assert result.code == 0
    for name, text in schema_texts().items():
        written = (tmp_path / name).read_text(encoding="utf-8")
        assert written == text
        assert json.loads(written)["$schema"].startswith("https://json-schema.org/")


def test_schema_to_a_missing_folder_exits_1(cli, tmp_path):
    """``schema --out`` to a folder that does not exist exits 1."""
    assert cli("schema", "--out", tmp_path / "no" / "such").code == 1
