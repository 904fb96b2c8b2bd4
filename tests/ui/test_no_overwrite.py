"""Nothing a user made is overwritten: fresh default names, ``--force`` for explicit paths, never an input.

Covers ``run``, ``play --record``, ``schema`` and ``ensemble``, and the rules of :mod:`sim.outputs`
they share (``review``, ``export`` and ``msel export`` have tests of their own).
"""

from __future__ import annotations

import os

import pytest

from sim.outputs import OutputError, check_folder, check_target, fresh_folder, fresh_path, write_atomic


def test_a_second_default_run_gets_a_fresh_name(cli, tmp_path, monkeypatch):
    """Two runs of the same scenario and seed at the default path keep both replays."""
    monkeypatch.chdir(tmp_path)
    first = cli("run", "--seed", "3", "--days", "1", "--quiet")
    second = cli("run", "--seed", "3", "--days", "1", "--quiet")
    assert first.code == second.code == 0
    made = sorted(p.name for p in (tmp_path / "runs").iterdir())
    assert made == ["municipal-elections-seed3-2.jsonl", "municipal-elections-seed3.jsonl"]
    assert "seed3-2.jsonl" in second.out


def test_run_refuses_an_existing_out_without_force(cli, tmp_path):
    """``run --out`` onto an existing file is refused and the file is untouched; ``--force`` replaces it."""
    target = tmp_path / "mine.jsonl"
    target.write_text("my notes\n", encoding="utf-8")
    refused = cli("run", "--days", "1", "--quiet", "--out", target)
    assert refused.code == 1 and target.read_text(encoding="utf-8") == "my notes\n"
    assert refused.err.count("\n") == 1 and "already exists; use --force" in refused.err
    forced = cli("run", "--days", "1", "--quiet", "--out", target, "--force")
    assert forced.code == 0 and target.read_text(encoding="utf-8").startswith('{"')


def test_run_refuses_to_write_its_replay_over_the_scenario(cli, tmp_path, mini_scenario):
    """``run x.yaml --out x.yaml`` is refused even with --force: the scenario stays as it was."""
    scenario = tmp_path / "x.yaml"
    scenario.write_bytes(mini_scenario.read_bytes())
    before = scenario.read_bytes()
    for extra in ((), ("--force",)):
        result = cli("run", scenario, "--out", scenario, "--quiet", *extra)
        assert result.code == 1 and "is also an input" in result.err
    assert scenario.read_bytes() == before


def test_run_refuses_to_write_over_its_command_file(cli, tmp_path, default_commands):
    """The command file is an input too."""
    commands = tmp_path / "c.yaml"
    commands.write_bytes(default_commands.read_bytes())
    result = cli("run", "--commands", commands, "--out", commands, "--force", "--quiet")
    assert result.code == 1 and "is also an input" in result.err
    assert commands.read_bytes() == default_commands.read_bytes()


def test_play_refuses_an_existing_record_path(cli, tmp_path):
    """``play --record`` onto an existing file is refused before any window opens."""
    target = tmp_path / "r.jsonl"
    target.write_text("keep\n", encoding="utf-8")
    result = cli("play", "--record", target)
    assert result.code == 1 and "already exists; use --force" in result.err
    assert target.read_text(encoding="utf-8") == "keep\n"


def test_schema_keeps_a_different_file_without_force(cli, tmp_path):
    """``schema --out DIR`` replaces its own identical output but not a different file there."""
    assert cli("schema", "--out", tmp_path).code == 0
    assert cli("schema", "--out", tmp_path).code == 0  # identical: nothing of the user's is lost
    mine = tmp_path / "scenario.schema.json"
    mine.write_text("{}\n", encoding="utf-8")
    result = cli("schema", "--out", tmp_path)
    assert result.code == 1 and "already exists" in result.err and mine.read_text(encoding="utf-8") == "{}\n"
    assert cli("schema", "--out", tmp_path, "--force").code == 0
    assert mine.read_text(encoding="utf-8") != "{}\n"


def test_ensemble_refuses_an_existing_out_before_running(cli, tmp_path):
    """``ensemble --out`` onto an existing file is refused at once, before any run."""
    target = tmp_path / "rows.csv"
    target.write_text("a,b\n", encoding="utf-8")
    result = cli("ensemble", "municipal-elections", "--runs", "2", "--days", "1", "--out", target, "--quiet")
    assert result.code == 1 and "already exists; use --force" in result.err
    assert target.read_text(encoding="utf-8") == "a,b\n"


# ------------------------------------------------------------------------------------ sim.outputs


def test_fresh_path_counts_up(tmp_path):
    """A taken name gets -2, then -3; a free one is kept."""
    base = tmp_path / "a.jsonl"
    assert fresh_path(base) == base
    base.write_text("1")
    assert fresh_path(base).name == "a-2.jsonl"
    (tmp_path / "a-2.jsonl").write_text("2")
    assert fresh_path(base).name == "a-3.jsonl"
    folder = tmp_path / "r-review"
    folder.mkdir()
    assert fresh_folder(folder).name == "r-review-2"


def test_check_target_sees_through_links(tmp_path):
    """An output that is an input by another name (a symbolic link) is still refused."""
    source = tmp_path / "s.yaml"
    source.write_text("x")
    link = tmp_path / "link.yaml"
    os.symlink(source, link)
    with pytest.raises(OutputError, match="also an input"):
        check_target(link, force=True, inputs=[source])
    with pytest.raises(OutputError, match="is a folder"):
        check_target(tmp_path, force=True)


def test_check_folder_names_what_it_would_replace(tmp_path):
    """A folder holding one of the outputs needs --force; the message names the file."""
    (tmp_path / "report.md").write_text("mine")
    with pytest.raises(OutputError, match="report.md"):
        check_folder(tmp_path, ["report.html", "report.md"])
    assert check_folder(tmp_path, ["report.html", "report.md"], force=True) == tmp_path


def test_write_atomic_leaves_the_old_file_on_failure(tmp_path, monkeypatch):
    """If the rename fails, the old content stays and no temporary file is left behind."""
    target = tmp_path / "f.txt"
    target.write_text("old")

    def fail(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        write_atomic(target, "new")
    assert target.read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["f.txt"]
