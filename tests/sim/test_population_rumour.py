"""Unit tests of the Maki-Thompson spreading and belief mechanics (sim.population.rumour)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
import pytest

from sim.population import NarrativeSpec, NetworkSpec, Population, PopulationSpec, SegmentSpec
from sim.population import rumour
from sim.population.network import Network


def _people(n: int) -> rumour.Citizens:
    e = np.zeros(0, dtype=np.int32)
    return rumour.Citizens(Network(n, True, e, e), np.zeros(n, np.uint8), np.full(n, 0.5, np.float32),
                           np.full(n, 0.5, np.float32), np.array([0.5], np.float32), np.zeros(1, np.float32), 8.0,
                           np.zeros(n, np.int32))


def _exact_mean_final_ignorants(n: int) -> float:
    """Expected final ignorants of the Maki-Thompson jump chain (lambda = alpha = 1), by recursion."""

    @lru_cache(None)
    def ex(x: int, y: int) -> float:
        if y == 0:
            return float(x)
        a = x / (n - 1)
        return (a * ex(x - 1, y + 1) if x else 0.0) + (1 - a) * ex(x, y - 1)

    return ex(n - 1, 1)


@pytest.mark.parametrize(("p_contact", "runs"), [(1.0, 2500), (0.4, 1200)])
def test_substeps_reproduce_the_exact_jump_chain(p_contact, runs):
    """Even when every spreader contacts in every substep, the final size matches the exact jump chain."""
    n = 12
    people = _people(n)
    rng = np.random.default_rng(11)
    finals = []
    for _ in range(runs):
        rumours = rumour.Rumours([NarrativeSpec(id="x", spread=1.0, stifle=1.0)], n)
        rumour.seed(rumours, rumours.narratives[0], np.array([0]), np.array([n]), 1, people, rng)
        p = np.full((1, 1), p_contact, np.float32)
        while rumours.total_spreading:
            rumours._substep(p, np.zeros(1), people, rng)
        finals.append(n - rumours.narratives[0].reached)
    finals = np.asarray(finals, dtype=float)
    se = finals.std() / np.sqrt(finals.size)
    assert abs(finals.mean() - _exact_mean_final_ignorants(n)) < 4 * se


def _pop(n=5000, model="complete", **nar):
    spec = PopulationSpec(size=n, contacts_per_day=4.0, network=NetworkSpec(model=model),
                          segments=[SegmentSpec(id="a", share=0.6), SegmentSpec(id="b", share=0.4)])
    return Population(spec, [NarrativeSpec(id="r", **nar)], np.random.default_rng(5))


def test_counts_stay_consistent():
    """Ignorants, spreaders and stiflers always add up to N, and reach only grows."""
    pop = _pop(model="sbm", initial_spreaders=5)
    last = 0.0
    for _ in range(20):
        pop.step(6)
        c = pop.narrative_counts()["r"]
        assert c["ignorant"] + c["spreader"] + c["stifler"] == pop.size
        assert c["believer"] + c["fact_checker"] <= pop.size
        assert c["reach"] >= last
        last = c["reach"]
        nar = pop.narratives["r"]
        assert np.count_nonzero(nar.rumour == rumour.SPREADER) == c["spreader"]
        assert np.count_nonzero(nar.belief == rumour.BELIEVER) == c["believer"]
        assert np.count_nonzero(nar.belief == rumour.CHECKER) == c["fact_checker"]


def test_seeding_respects_segments_and_available_ignorants():
    """Seeds land in the named segments, and seeding returns how many ignorants were turned."""
    pop = _pop()
    made = pop.seed_narrative("r", 50, ["b"])
    assert made == 50
    ids = pop.narratives["r"].spreaders
    assert np.all(pop.seg[ids] == 1)
    assert pop.seed_narrative("r", 10**6, ["b"]) == int(pop.sizes[1]) - 50
    assert pop.seed_narrative("r", 5, ["b"]) == 0
    with pytest.raises(KeyError):
        pop.seed_narrative("r", 1, ["nope"])


def test_forgetting_stops_spreaders():
    """With forgetting (Nekovee et al. 2007) and no stifling a rumour still dies out."""
    pop = _pop(initial_spreaders=5, stifle=0.0, forget=1.0)
    for _ in range(40):
        pop.step(24)
    assert pop.narrative_counts()["r"]["spreader"] == 0


def test_gullibility_moves_with_trust_literacy_prebunking_and_fit():
    """Lower trust and a closer opinion raise gullibility; literacy and prebunking lower it."""
    spec = NarrativeSpec(id="r", credibility=0.5, stance=1.0)
    people = _people(4)
    who = np.arange(4)

    def g(**kw):
        p = _people(4)
        for k, v in kw.items():
            getattr(p, k)[...] = v
        return float(rumour.gullibility(spec, who, p)[0])

    base = float(rumour.gullibility(spec, who, people)[0])
    assert g(trust=0.1) > base > g(trust=0.9)
    assert g(literacy=1.0) < base < g(literacy=0.0)
    assert g(prebunk=0.5) < base
    assert g(opinion=1.0) > base > g(opinion=0.0)


def test_high_verification_removes_the_hoax():
    """A high p_verify turns believers into fact-checkers until none believe (Tambuscio et al. 2015)."""
    low = _pop(initial_spreaders=20, verify=0.0)
    high = _pop(initial_spreaders=20, verify=0.5)
    for _ in range(40):
        low.step(24)
        high.step(24)
    assert low.narrative_counts()["r"]["believer"] > 500
    assert high.narrative_counts()["r"]["believer"] < 0.01 * low.narrative_counts()["r"]["believer"]


def test_fact_checker_neighbours_steer_new_listeners_to_the_debunk():
    """On a network, a reached susceptible surrounded by fact-checkers becomes one rather than a believer (SBFC)."""
    pop = _pop(model="erdos_renyi", credibility=0.5)
    nar = pop.narratives["r"]
    nar.belief[:] = rumour.CHECKER
    nar.checkers = pop.size
    who = np.arange(0, 1000, dtype=np.int32)
    nar.belief[who] = rumour.UNDECIDED
    nar.rumour[who] = rumour.STIFLER  # reached: heard the narrative, not spreading it
    nar.checkers -= who.size
    rumour.believe_step(nar, 2.0, 0.0, pop.people, np.random.default_rng(0))
    assert np.count_nonzero(nar.belief[who] == rumour.BELIEVER) == 0
    assert np.count_nonzero(nar.belief[who] == rumour.CHECKER) > 300


@pytest.mark.parametrize("p", [0.03, 0.1, 0.5])
def test_subset_samplers_pick_each_position_with_probability_p(p):
    """Systematic and Poissonised Bernoulli subsets give every position probability p, without repeats."""
    rng = np.random.default_rng(0)
    scratch = np.zeros(1000, np.int32)
    hits_s = np.zeros(1000)
    hits_b = np.zeros(1000)
    for _ in range(400):
        s = rumour.systematic_subset(1000, p, rng)
        b = rumour.bernoulli_subset(1000, p, rng, scratch)
        assert np.unique(s).size == s.size and np.unique(b).size == b.size
        assert s.min(initial=0) >= 0 and s.max(initial=0) < 1000 and np.all(np.diff(s) > 0)
        hits_s[s] += 1
        hits_b[b] += 1
    for hits in (hits_s, hits_b):
        assert abs(hits.mean() / 400 - p) < 0.01
        assert np.all(np.abs(hits / 400 - p) < 6 * np.sqrt(p * (1 - p) / 400) + 1e-9)


def test_uniform_ints_stay_in_range():
    """Scaled uniform integers cover [0, n) and never reach n."""
    x = rumour.uniform_ints(7, 100_000, np.random.default_rng(1))
    assert x.min() == 0 and x.max() == 6
    assert abs(np.bincount(x).std() / np.bincount(x).mean()) < 0.05
