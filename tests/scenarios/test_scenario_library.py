"""The bundled scenario library: six cases from the letter, each with a sound response that works.

Every bundled scenario is played three ways over seeds 0-9 and scored with the
project's score (:func:`replays.score.overall_score`, the objective-weighted
resilience score, 0-100):

* **sound** — the bundled command file ``scenarios/<id>.commands.yaml``; its cells are
  held by players, the others act on doctrine (as ``weerbaar run --commands``);
* **no response** — the counterfactual of that run (:func:`replays.counterfactual.counterfactual`:
  same scenario and seed, no player commands, every cell on doctrine);
* **overreach** — ``tests/data/overreach/<id>.commands.yaml``, a deliberately poor,
  heavy-handed response.

The rule: the sound response's mean score over the ten seeds is higher than both
other means, and it beats each of them on a clear majority of the seeds — at least
:data:`MAJORITY` of the ten, seed by seed (same seed, so the same draws up to the
first difference in play).

The runs are spread over a small process pool (``spawn``, at most two workers), one
task per scenario and seed, shared by all tests of this module.
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pytest

import scenarios
from replays.counterfactual import counterfactual, simulate
from replays.runner import commands_from_file
from replays.score import overall_score
from sim.scenario import load_scenario

LIBRARY = ("municipal-elections", "religious-attache", "diaspora-tax", "religious-financing", "vital-takeover",
           "hybrid-campaign")
"""The six cases of the letter, in its order (the first is the default scenario)."""

OVERREACH = Path(__file__).resolve().parent.parent / "data" / "overreach"
SEEDS = tuple(range(10))
MAJORITY = 8
"""Seeds (of ten) on which the sound response must beat no response, and beat overreach."""


@cache
def _scenario(sid: str):
    return load_scenario(scenarios.bundled()[sid])


def _run(loaded, seed: int, path: Path | None):
    timed = commands_from_file(path, loaded.scenario) if path is not None else []
    players = sorted({c.cell for c in timed if c.cell != "white"})
    return simulate(loaded, seed, players, timed, loaded.scenario.duration.days * 24.0)


def play_three_ways(sid: str, seed: int) -> dict:
    """Scores of the sound response, its counterfactual and overreach for one seed (a pool task)."""
    loaded = _scenario(sid)
    sound = _run(loaded, seed, scenarios.commands_for(sid))
    none = counterfactual(sound)
    over = _run(loaded, seed, OVERREACH / f"{sid}.commands.yaml")
    refused = [e["payload"]["command"] for e in sound.events
               if e["kind"] == "command.refused" and e["payload"].get("by") == "player"]
    return {"seed": seed, "sound": overall_score(sound), "none": overall_score(none), "over": overall_score(over),
            "refused": refused}


@pytest.fixture(scope="module")
def pool():
    """A process pool of at most two workers for the seeds of every scenario."""
    workers = max(1, min(2, os.cpu_count() or 1))
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as executor:
        yield executor


@pytest.fixture(scope="module")
def outcomes(pool):
    """Per scenario, the ten seeds' results; every scenario's seeds are queued at once so the pool stays busy."""
    futures = {sid: [pool.submit(play_three_ways, sid, seed) for seed in SEEDS] for sid in LIBRARY}
    cache: dict[str, list[dict]] = {}

    def get(sid: str) -> list[dict]:
        if sid not in cache:
            cache[sid] = [f.result() for f in futures[sid]]
        return cache[sid]

    return get


# -- the library itself ---------------------------------------------------------------------------


def test_the_six_cases_are_bundled():
    """The default scenario and the five other cases of the letter are bundled scenarios."""
    assert set(LIBRARY) <= set(scenarios.bundled())
    assert LIBRARY[0] == scenarios.DEFAULT_SCENARIO


@pytest.mark.parametrize("sid", LIBRARY)
def test_scenario_is_a_complete_exercise(sid):
    """A briefing, learning objectives, weighted objectives and an MSEL of at least ten injects with expected actions."""
    s = _scenario(sid).scenario
    assert s.briefing.strip() and len(s.learning_objectives) >= 3
    assert s.objectives and all(o.weight > 0 for o in s.objectives)
    assert len({o.weight for o in s.objectives}) > 1, "objectives should be weighted, not all equal"
    assert len(s.msel) >= 10
    assert all(i.expected_action and i.synopsis for i in s.msel)
    assert {i.objective for i in s.msel} - {None} <= {o.id for o in s.objectives}


@pytest.mark.parametrize("sid", LIBRARY)
def test_msel_mixes_timed_triggered_and_contingency_injects_with_tags(sid):
    """The MSEL has timed, triggered (``when:``) and contingency injects, and speaks DISARM and Hybrid CoE domains."""
    msel = _scenario(sid).scenario.msel
    assert any(i.at and not i.contingency for i in msel)
    assert any(i.when for i in msel)
    assert any(i.contingency for i in msel)
    assert any(i.tags.disarm for i in msel)
    assert any(i.tags.domains for i in msel)


@pytest.mark.parametrize("sid", LIBRARY)
def test_scenario_has_partners_and_diaspora_segments_with_an_origin(sid):
    """EU or NATO is a partner actor, and every diaspora segment's origin is one of the scenario's state actors."""
    s = _scenario(sid).scenario
    actors = {a.id: a for a in s.actors}
    assert {"eu", "nato"} & {a.id for a in actors.values() if a.kind == "partner"}
    assert any(a.kind == "state_actor" for a in actors.values())
    for segment in s.population.segments:
        assert segment.origin is None or actors[segment.origin].kind == "state_actor"


@pytest.mark.parametrize("sid", LIBRARY)
def test_sound_and_overreach_command_files_exist(sid):
    """Each scenario has a bundled sound response and a deliberately poor response for this test."""
    assert scenarios.commands_for(sid) is not None
    assert (OVERREACH / f"{sid}.commands.yaml").is_file()
    loaded = _scenario(sid)
    for path in (scenarios.commands_for(sid), OVERREACH / f"{sid}.commands.yaml"):
        assert commands_from_file(path, loaded.scenario)


# -- the responses --------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", LIBRARY)
def test_sound_response_is_accepted(sid, outcomes):
    """No command of the bundled sound response is refused, on any seed."""
    refused = {c for r in outcomes(sid) for c in r["refused"]}
    assert not refused, f"refused: {sorted(refused)}"


@pytest.mark.parametrize("sid", LIBRARY)
def test_sound_response_beats_no_response(sid, outcomes):
    """Over ten seeds the sound response scores higher than no response, on average and on a clear majority of seeds."""
    results = outcomes(sid)
    sound = [r["sound"] for r in results]
    none = [r["none"] for r in results]
    wins = sum(s > n for s, n in zip(sound, none))
    table = ", ".join(f"{r['seed']}: {r['sound']:.1f}/{r['none']:.1f}" for r in results)
    assert statistics.mean(sound) > statistics.mean(none), table
    assert wins >= MAJORITY, f"sound beat no response on {wins} of {len(SEEDS)} seeds ({table})"


@pytest.mark.parametrize("sid", LIBRARY)
def test_overreach_scores_worse_than_the_sound_response(sid, outcomes):
    """Over ten seeds the heavy-handed response scores lower than the sound one, on average and on a clear majority of seeds."""
    results = outcomes(sid)
    sound = [r["sound"] for r in results]
    over = [r["over"] for r in results]
    wins = sum(s > o for s, o in zip(sound, over))
    table = ", ".join(f"{r['seed']}: {r['sound']:.1f}/{r['over']:.1f}" for r in results)
    assert statistics.mean(over) < statistics.mean(sound), table
    assert wins >= MAJORITY, f"sound beat overreach on {wins} of {len(SEEDS)} seeds ({table})"
