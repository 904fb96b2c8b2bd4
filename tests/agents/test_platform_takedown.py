"""Takedowns act on the tail through the engine (issue 13, item 2): a platform that acts on the crisis cell's
notice suspends supersharers who are spreading the narrative, as well as taking down the networks.

The population-level test (tests/sim/test_population_activity.py) calls ``Population.suspend_supersharers``
directly; this one goes through the order, the platform agent and the exercise. ChatApp is made fully
cooperative (0.3 in the bundled scenario, which ignores the sound playbook's notice in most seeds).
"""

from __future__ import annotations

import pytest

import scenarios
from replays.runner import commands_from_file, drive
from sim.exercise import Exercise
from sim.scenario.loading import parse_scenario

CHATAPP = 'name: "ChatApp", moderation: 0.05, cooperation: 0.3, reach: 0.5'


def _cooperative_chatapp():
    text = scenarios.bundled()["municipal-elections"].read_text(encoding="utf-8")
    assert CHATAPP in text, "the scenario's ChatApp line changed: update this test"
    return parse_scenario(text.replace(CHATAPP, CHATAPP.replace("cooperation: 0.3", "cooperation: 1.0")), "chatapp.yaml")


@pytest.mark.parametrize("seed", [1, 2])
def test_a_takedown_on_notice_suspends_spreading_supersharers(seed):
    ex = Exercise(_cooperative_chatapp(), seed=seed)
    drive(ex, commands_from_file(scenarios.commands_for("municipal-elections"), ex), 16 * 24)
    takedowns = [e.payload for e in ex.log if e.kind == "response.executed"
                 and e.payload.get("action") == "platform_notice"]
    assert takedowns and takedowns[0]["outcome"] == "takedown"
    supersharers = ex.population.supersharers.size
    # 0.8 x the platform's reach (0.5) of the supersharers spreading then: a handful of the ~32 at 10^4 citizens
    assert 1 <= takedowns[0]["accounts"] <= supersharers
    assert takedowns[0]["operations"], "the amplification operation on ChatApp is stopped too"
