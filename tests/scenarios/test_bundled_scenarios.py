"""Every bundled scenario loads, carries the editor modeline, runs for a while and its replay verifies."""

from __future__ import annotations

import pytest

import scenarios
from replays.runner import commands_from_file, run_headless
from replays.verify import verify_replay
from sim.scenario import MODELINE, load_commands, load_scenario

BUNDLED = scenarios.bundled()


def test_there_is_a_default_scenario():
    """The default scenario is among the bundled ones."""
    assert scenarios.DEFAULT_SCENARIO in BUNDLED


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_bundled_scenario_loads_and_its_id_is_its_file_name(sid):
    """The scenario validates and its id is its file name."""
    assert load_scenario(BUNDLED[sid]).scenario.id == sid


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_bundled_scenario_starts_with_the_modeline(sid):
    """The first line is the yaml-language-server modeline pointing at the scenario schema next to it."""
    first = BUNDLED[sid].read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE)
    schema = first[len(MODELINE):].strip()
    assert schema.endswith("scenario.schema.json")
    assert (BUNDLED[sid].parent / schema).is_file()


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_bundled_scenario_runs_ten_days_and_verifies(sid, tmp_path):
    """Ten days of the scenario run headless, write a complete replay, and re-simulate identically."""
    result = run_headless(sid, seed=11, out=tmp_path / f"{sid}.jsonl", days=10)
    assert result.exercise.now == min(10 * 24.0, result.exercise.end)
    assert len(result.exercise.log) > 0
    verdict = verify_replay(str(result.replay))
    assert verdict.ok, verdict.message
    assert verdict.checked > 0


@pytest.mark.parametrize("sid", sorted(s for s in BUNDLED if scenarios.commands_for(s)))
def test_bundled_command_file_fits_its_scenario(sid):
    """A bundled command file has the modeline, loads, and every command names a cell and a time in the scenario."""
    path = scenarios.commands_for(sid)
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE) and first.strip().endswith("commands.schema.json")
    assert (path.parent / first[len(MODELINE):].strip()).is_file()
    assert load_commands(path)
    timed = commands_from_file(path, load_scenario(BUNDLED[sid]).scenario)
    assert [c.t for c in timed] == sorted(c.t for c in timed)


def test_resolve_scenario_by_id_path_and_default(tmp_path):
    """A bundled id, a path and None resolve to scenario files; anything else raises FileNotFoundError."""
    default = scenarios.resolve_scenario(None)
    assert default == BUNDLED[scenarios.DEFAULT_SCENARIO]
    assert scenarios.resolve_scenario(scenarios.DEFAULT_SCENARIO) == default
    assert scenarios.resolve_scenario(str(default)) == default
    with pytest.raises(FileNotFoundError, match=scenarios.DEFAULT_SCENARIO):
        scenarios.resolve_scenario(tmp_path / "none.yaml")
