"""The counterfactual: same scenario text and seed, no player commands, every cell on doctrine, same period."""

from __future__ import annotations

import mesa
import pytest

from replays.checkpoint import available
from replays.counterfactual import counterfactual, counterfactual_later, score_replay, simulate
from replays.format import read_replay
from replays.runner import TimedCommand, run_headless
from replays.score import RunData


@pytest.fixture(scope="module")
def short_played(tmp_path_factory, default_commands):
    """A 12-day replay of the default scenario (seed 11) driven by the bundled command file."""
    path = tmp_path_factory.mktemp("cf") / "short.jsonl"
    run_headless(None, seed=11, commands=default_commands, out=path, days=12)
    return RunData.from_replay(read_replay(path))


def test_counterfactual_has_no_player_orders_and_puts_held_cells_on_doctrine(short_played):
    """The no-response run logs no player order, and cells the players held act on doctrine instead."""
    assert short_played.players  # the bundled playbook holds cells
    baseline = counterfactual(short_played)
    orders = [e for e in baseline.events if e["kind"] in ("command.accepted", "command.refused")]
    assert orders and all(e["payload"]["by"] == "doctrine" for e in orders)
    assert {e["source"] for e in orders} & set(short_played.players)
    assert baseline.players == ()


def test_counterfactual_runs_to_the_same_time_with_the_same_seed(short_played):
    """The no-response run covers exactly the replay's period and keeps its seed and scenario text."""
    baseline = counterfactual(short_played)
    assert baseline.times == short_played.times and baseline.until == short_played.until == 12 * 24.0
    assert baseline.seed == short_played.seed and baseline.loaded.text == short_played.loaded.text


def test_white_commands_are_kept_in_the_counterfactual(tmp_path):
    """Exercise control (White firing a contingency inject) stays in the counterfactual, which then matches exactly."""
    path = tmp_path / "white.jsonl"
    run_headless(None, seed=4, commands=[TimedCommand(30.0, "white", "fire 7")], out=path, days=3)
    score, run, baseline = score_replay(str(path))
    fired = [e["payload"]["no"] for e in baseline.events if e["kind"] == "inject.fired"]
    assert 7 in fired
    assert baseline.events == run.events
    assert score["value_added"] == 0.0


def test_simulate_frees_mesas_agent_id_counter(short_played):
    """After a re-run, mesa's class-level id counter holds no entry for the finished model."""
    before = len(mesa.Agent._ids)
    simulate(short_played.loaded, 5, (), [], 24.0)
    assert len(mesa.Agent._ids) <= before


def test_cut_off_replay_is_compared_over_the_period_it_recorded(cli, tmp_path):
    """A killed run's counterfactual covers exactly its recorded samples, so a run nobody played adds exactly 0."""
    full = tmp_path / "full.jsonl"
    run_headless(None, seed=6, out=full, days=5)
    lines = full.read_text(encoding="utf-8").splitlines(keepends=True)
    samples = [i for i, line in enumerate(lines) if line.startswith('{"indicators"') or '"type":"sample"' in line]
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[: samples[len(samples) // 2] + 1]), encoding="utf-8")
    score, run, baseline = score_replay(str(cut))
    assert not run.complete and baseline.times == run.times and score["value_added"] == 0.0
    result = cli("score", cut)
    assert result.code == 0 and "warning" in result.err


def test_the_counterfactual_in_the_background_is_the_same_run(short_played):
    """Computed in a forked process while this one works, the counterfactual is the one computed here, to the bit."""
    with counterfactual_later(short_played) as later:
        got = later.result()
        assert later.result() is got  # asked twice, simulated once
    want = counterfactual(short_played)
    for name in ("seed", "players", "until", "times", "series", "events", "complete", "unrecorded"):
        assert getattr(got, name) == getattr(want, name), name
    assert got.loaded is short_played.loaded


@pytest.mark.skipif(not available(), reason="needs fork")
def test_a_background_counterfactual_nobody_waits_for_is_stopped(short_played):
    """Leaving the block without the result stops its process: nothing is left running."""
    import os

    def children() -> set[str]:
        return {p for p in os.listdir("/proc") if p.isdigit() and _parent(p) == os.getpid()}

    before = children()  # a forkserver or resource tracker an earlier test started stays
    with counterfactual_later(short_played):
        pass
    assert not children() - before


def _parent(pid: str) -> int:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return int(f.read().rsplit(b")", 1)[1].split()[1])
    except OSError:
        return -1
