"""Unit tests of self-censorship and the diaspora's fear, ties and reporting (sim.population.society)."""

from __future__ import annotations

import numpy as np

from sim.population import NetworkSpec, Population, PopulationSpec, SegmentSpec


def _pop():
    spec = PopulationSpec(size=2000, network=NetworkSpec(model="erdos_renyi"),
                          segments=[SegmentSpec(id="general", share=0.8),
                                    SegmentSpec(id="dv", share=0.1, origin="vostria", fear=0.1),
                                    SegmentSpec(id="dk", share=0.1, origin="kardia", fear=0.1)])
    return Population(spec, [], np.random.default_rng(0))


def test_chill_lowers_freedoms_and_fades():
    """Self-censorship pressure lowers fundamental_freedoms, which recovers as the chill fades."""
    pop = _pop()
    assert pop.indicator_levels()["fundamental_freedoms"] == 100.0
    pop.chill(1.0)
    hit = pop.indicator_levels()["fundamental_freedoms"]
    assert hit < 60
    for _ in range(28):
        pop.step(24)
    assert hit < pop.indicator_levels()["fundamental_freedoms"] < 100


def test_pressure_raises_fear_and_lowers_diaspora_security():
    """Intimidation by a state raises its diaspora's fear, cuts ties and reporting, and chills that segment only."""
    pop = _pop()
    before = pop.diaspora_state()
    level = pop.indicator_levels()["diaspora_security"]
    pop.pressure_diaspora("vostria", 0.8)
    after = pop.diaspora_state()
    assert after["vostria"]["fear"] > before["vostria"]["fear"] + 0.3
    assert after["vostria"]["ties"] < before["vostria"]["ties"]
    assert after["vostria"]["report"] < before["vostria"]["report"]
    assert after["kardia"] == before["kardia"]
    assert pop.climate.chill[1] > 0 and pop.climate.chill[2] == 0
    assert pop.indicator_levels()["diaspora_security"] < level


def test_reassurance_lowers_fear_slower_than_pressure_raises_it():
    """Outreach lowers fear and restores ties, but one reassurance does not undo one equal pressure."""
    pop = _pop()
    f0 = pop.diaspora_state()["vostria"]["fear"]
    pop.pressure_diaspora("vostria", 0.8)
    f1 = pop.diaspora_state()["vostria"]["fear"]
    pop.reassure_diaspora("vostria", 0.8)
    f2 = pop.diaspora_state()["vostria"]["fear"]
    assert f0 < f2 < f1


def test_fear_relaxes_toward_its_start():
    """Without new pressure fear drifts back toward its starting value."""
    pop = _pop()
    pop.pressure_diaspora("kardia", 1.0)
    f1 = pop.diaspora_state()["kardia"]["fear"]
    for _ in range(60):
        pop.step(24)
    assert 0.1 < pop.diaspora_state()["kardia"]["fear"] < 0.1 + 0.3 * (f1 - 0.1)


def test_unknown_origin_is_a_no_op():
    """Pressure from a state without a diaspora in the population changes nothing."""
    pop = _pop()
    before = pop.sample()
    pop.pressure_diaspora("elsewhere", 1.0)
    assert pop.sample() == before
