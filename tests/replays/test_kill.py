"""A run killed with SIGKILL leaves a replay that reads up to its last whole record and says it was cut off."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

import pytest

from replays.format import read_replay

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


@pytest.fixture(scope="module")
def killed_replay(tmp_path_factory, default_scenario, repo_root):
    """Start a 700-day run of the default scenario as a process, SIGKILL it once its replay has grown, return the path."""
    folder = tmp_path_factory.mktemp("killed")
    text = default_scenario.read_text(encoding="utf-8")
    long_text, count = re.subn(r"(?m)^duration:.*$", "duration: {days: 700}", text)
    assert count == 1
    scenario = folder / "long.yaml"
    scenario.write_text(long_text, encoding="utf-8")
    out = folder / "killed.jsonl"
    env = dict(os.environ, PYTHONPATH=str(repo_root) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    process = subprocess.Popen([sys.executable, "-m", "ui.cli", "run", str(scenario), "--seed", "7", "--out", str(out),
                                "--quiet"], cwd=repo_root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            if out.exists() and out.read_bytes().count(b"\n") >= 300:
                break
            time.sleep(0.005)
        assert process.poll() is None, f"the run ended before it could be killed: {process.stderr.read()!r}"
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    return out


def test_killed_run_reads_up_to_the_last_whole_record(killed_replay):
    """The reader returns every whole line of the killed run's replay and no footer."""
    data = killed_replay.read_bytes()
    whole = data.count(b"\n")
    replay = read_replay(killed_replay)
    assert replay.footer is None and not replay.complete
    assert whole >= 300
    assert len(replay.records) == whole - 1  # every whole line but the header
    assert replay.lines == list(range(2, whole + 1))
    assert replay.records[-1]["t"] < 700 * 24


def test_killed_run_reports_the_truncation(killed_replay):
    """The reader reports that the run was cut off: by the cut line's number if a record was half written."""
    data = killed_replay.read_bytes()
    whole = data.count(b"\n")
    replay = read_replay(killed_replay)
    assert len(replay.problems) == 1
    if data.endswith(b"\n"):
        assert "no footer" in replay.problems[0] and "killed" in replay.problems[0]
    else:
        assert replay.problems[0].startswith(f"line {whole + 1}: truncated record")


def test_killed_run_verifies_as_incomplete_without_a_mismatch(cli, killed_replay):
    """verify of the killed run's replay exits 1 as incomplete, and every record it holds re-simulates."""
    result = cli("verify", killed_replay)
    assert result.code == 1
    assert "incomplete" in result.output
    assert "differs" not in result.output and "does not produce" not in result.output
