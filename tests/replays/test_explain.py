"""`score --explain`: each command's marginal value by leaving it out, with grouping for long replays.

Intervals, seeds, checkpoints and the cost budget have their own tests in ``test_explain_seeds.py``.
"""

from __future__ import annotations

import json

import pytest

from replays.explain import explain, group
from replays.format import read_replay
from replays.runner import TimedCommand, commands_from_file, run_headless
from replays.score import RunData

# Ordered on day 60 at 12:00, a démarche (24 h lead time) would take effect after the 60-day scenario has
# ended: it is accepted and logged, and changes nothing else.
DO_NOTHING = TimedCommand(59 * 24 + 12.0, "foreign-affairs", "demarche vostria")
REFUSED = TimedCommand(50 * 24 + 9.0, "foreign-affairs", "demarche nobody")


@pytest.fixture(scope="module")
def with_do_nothing(tmp_path_factory, default_loaded, default_commands):
    """The default scenario (seed 7) with its bundled command file plus a do-nothing and a refused command."""
    commands = sorted([*commands_from_file(default_commands, default_loaded.scenario), DO_NOTHING, REFUSED],
                      key=lambda c: c.t)
    path = tmp_path_factory.mktemp("explain") / "explain.jsonl"
    run_headless(default_loaded, seed=7, commands=commands, out=path)
    return path


@pytest.fixture(scope="module")
def explained(with_do_nothing):
    """`weerbaar score --explain --json --workers 2 --max-runs 40 --seeds 2` of that replay, parsed."""
    from ui.cli import main
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        # --max-runs above the number of commands: every command is left out on its own.
        code = main(["score", str(with_do_nothing), "--explain", "--json", "--workers", "2", "--max-runs", "40",
                     "--seeds", "2"])
    assert code == 0
    return json.loads(out.getvalue())


def find(entries, text):
    """The ranked entry whose single command is ``text``."""
    return next(e for e in entries if [c["text"] for c in e["commands"]] == [text])


def test_a_command_that_matters_ranks_above_one_that_does_nothing(explained):
    """On the bundled command file, the do-nothing command is worth exactly 0 on every seed and the best ranks above it."""
    entries = explained["explain"]["commands"]
    nothing = next(e for e in entries if [c["t"] for c in e["commands"]] == [DO_NOTHING.t])
    assert nothing["values"] == [0.0, 0.0] and nothing["value"] == 0.0 and not nothing["effects"]
    assert (nothing["low"], nothing["high"], nothing["significant"]) == (0.0, 0.0, False)
    best = entries[0]
    assert best["value"] > 0 and best["rank"] < nothing["rank"] and best["significant"]
    assert [e["rank"] for e in entries] == list(range(1, len(entries) + 1))
    assert [e["value"] for e in entries] == sorted((e["value"] for e in entries), reverse=True)


def test_refused_commands_are_listed_at_zero_without_a_rerun(explained):
    """A refused command changed nothing: it is listed with value 0 and costs no re-run."""
    ex = explained["explain"]
    refused = find(ex["commands"], REFUSED.text)
    assert refused["refused"] and refused["value"] == 0.0
    assert refused["seeds"] == 0 and refused["low"] is None and not refused["significant"]
    accepted = [e for e in ex["commands"] if not e["refused"]]
    # per seed: one leave-out run each, plus the re-simulated reference
    assert ex["runs"] == len(ex["seeds"]) * (len(accepted) + 1) == 2 * (ex["groups"] + 1)
    assert ex["reference_drift"] == 0.0  # the replay re-simulates exactly


def test_values_are_measured_from_the_replays_score(explained):
    """The reference every value is measured from is the replay's own overall score."""
    assert explained["explain"]["reference_overall"] == explained["overall"]


@pytest.mark.parametrize("count, max_runs", [(3, 5), (5, 5), (17, 5), (16, 16), (40, 7)])
def test_grouping_bounds_the_runs_and_keeps_time_order(count, max_runs):
    """Up to max_runs commands stay alone; more are cut into max_runs consecutive groups differing by at most one."""
    indices = list(range(100, 100 + count))
    groups = group(indices, max_runs)
    assert len(groups) == min(count, max_runs)
    assert [i for g in groups for i in g] == indices
    sizes = [len(g) for g in groups]
    assert max(sizes) - min(sizes) <= 1


def test_long_replays_are_explained_in_groups(tmp_path, default_loaded, default_commands):
    """With more commands than max_runs, whole groups are left out and labelled as such."""
    path = tmp_path / "six.jsonl"
    run_headless(default_loaded, seed=5, commands=default_commands, out=path, days=6)
    run = RunData.from_replay(read_replay(path))
    count = len(run.commands)
    assert count > 2
    result = explain(run, max_runs=2, seeds=2)
    assert result["groups"] == 2 and result["runs"] == 2 * 3
    assert sorted(len(e["commands"]) for e in result["commands"]) == [count // 2, count - count // 2]
    assert all("commands, day" in e["label"] for e in result["commands"])
    assert sorted(c["t"] for e in result["commands"] for c in e["commands"]) == [c["t"] for c in run.commands]
