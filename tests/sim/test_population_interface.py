"""The Population facade: the engine's interface, determinism and pure read-outs."""

from __future__ import annotations

import json

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.population import NarrativeSpec, NetworkSpec, OpinionSpec, Population, PopulationSpec, SegmentSpec
from sim.population.population import _apportion

INDICATORS = {"public_trust", "social_cohesion", "fundamental_freedoms", "election_integrity", "diaspora_security"}


def _spec(model="sbm", n=5000):
    return PopulationSpec(size=n, contacts_per_day=3.0, network=NetworkSpec(model=model),
                          segments=[SegmentSpec(id="general", share=0.75, trust=0.55),
                                    SegmentSpec(id="young", share=0.2, trust=0.4, online=2.0),
                                    SegmentSpec(id="dv", share=0.05, origin="vostria", fear=0.2)],
                          opinion=OpinionSpec(confidence=0.25, interactions_per_day=2.0))


NARRATIVES = [
    NarrativeSpec(id="rigged", targets=["election_integrity", "public_trust"], wedge=0.3, initial_spreaders=10),
    NarrativeSpec(id="split", targets=["social_cohesion"], wedge=0.5, stance=0.0, against_institutions=False),
]


def _script(pop):
    """Drive every lever once over ten days and return the samples."""
    out = []
    for day in range(10):
        if day == 1:
            pop.seed_narrative("split", 20, ["young"])
            pop.set_amplification("rigged", 2.0)
        if day == 3:
            pop.fact_check("rigged", 0.8, 0.5)
            pop.prebunk(0.5, ["young"])
            pop.set_fact_check_capacity(0.5)
            pop.trust_signal(-0.3)
            pop.chill(0.3, ["general"])
            pop.pressure_diaspora("vostria", 0.5)
        if day == 5:
            pop.reassure_diaspora(None, 0.5)
            pop.trust_signal(0.4, ["dv"])
        for _ in range(4):
            pop.step(6)
        out.append(pop.sample())
    return out


def test_interface_names_and_shapes():
    """The facade exposes the ids, size and read-outs the engine expects, with the exact indicator keys."""
    pop = Population(_spec(), NARRATIVES, np.random.default_rng(0))
    assert pop.segment_ids == ("general", "young", "dv")
    assert pop.narrative_ids == ("rigged", "split")
    assert pop.size == 5000
    _script(pop)
    levels = pop.indicator_levels()
    assert set(levels) == INDICATORS
    assert all(0 <= v <= 100 for v in levels.values())
    counts = pop.narrative_counts()
    assert set(counts) == {"rigged", "split"}
    assert {"ignorant", "spreader", "stifler", "believer", "reach"} <= set(counts["rigged"])
    hist = pop.opinion_histogram()
    assert len(hist) == 100 and sum(hist) == pop.size and len(pop.opinion_histogram(7)) == 7
    assert set(pop.polarisation()) == {"esteban_ray", "bimodality", "clusters", "major_clusters"}


def test_sample_is_json_with_rounded_floats():
    """A sample survives a JSON round trip unchanged and has no float with more than 6 decimals."""
    pop = Population(_spec(), NARRATIVES, np.random.default_rng(0))
    sample = _script(pop)[-1]
    assert json.loads(json.dumps(sample)) == sample
    assert len(sample["opinion_histogram"]) == 100
    assert set(sample["trust"]) == {"general", "young", "dv"} and set(sample["diaspora_fear"]) == {"vostria"}

    def floats(v):
        if isinstance(v, dict):
            for w in v.values():
                yield from floats(w)
        elif isinstance(v, list):
            for w in v:
                yield from floats(w)
        elif isinstance(v, float):
            yield v

    assert all(round(f, 6) == f for f in floats(sample))


def test_same_seed_same_run_other_seed_other_run():
    """Runs with the same seed are identical sample by sample; another seed differs."""
    a = _script(Population(_spec(), NARRATIVES, np.random.default_rng(4)))
    b = _script(Population(_spec(), NARRATIVES, np.random.default_rng(4)))
    c = _script(Population(_spec(), NARRATIVES, np.random.default_rng(5)))
    assert a == b and a != c


def test_read_outs_do_not_draw_random_numbers():
    """Observing (indicators, counts, histogram, polarisation, sample, active) leaves the run unchanged."""
    quiet = Population(_spec(), NARRATIVES, np.random.default_rng(9))
    watched = Population(_spec(), NARRATIVES, np.random.default_rng(9))
    for _ in range(12):
        state = watched.rng.bit_generator.state
        watched.indicator_levels(), watched.narrative_counts(), watched.opinion_histogram()
        watched.polarisation(), watched.sample(), watched.active(), watched.diaspora_state()
        assert watched.rng.bit_generator.state == state
        quiet.step(6)
        watched.step(6)
    assert quiet.sample() == watched.sample()


def test_active_until_everything_settles():
    """A population is active while a narrative spreads or opinions move, and inactive once both stop."""
    spec = PopulationSpec(size=1000, contacts_per_day=5.0, network=NetworkSpec(model="complete"),
                          segments=[SegmentSpec(id="all", share=1.0)],
                          opinion=OpinionSpec(confidence=0.6, convergence=0.5, interactions_per_day=20.0))
    pop = Population(spec, [NarrativeSpec(id="r", initial_spreaders=1)], np.random.default_rng(0))
    assert pop.active()
    for _ in range(60):
        pop.step(24)
    assert not pop.active()


def test_every_network_model_runs():
    """Every network model supports the whole script."""
    for model in ["sbm", "erdos_renyi", "watts_strogatz", "barabasi_albert", "complete"]:
        pop = Population(_spec(model, 2000), NARRATIVES, np.random.default_rng(1))
        _script(pop)
        assert pop.narrative_counts()["rigged"]["reach"] > 0


@settings(max_examples=50, deadline=None)
@given(st.lists(st.floats(0.01, 1.0), min_size=1, max_size=8), st.integers(100, 10**6))
def test_apportion_sums_to_total(weights, total):
    """Segment sizes sum to the population size and are within one of their exact share."""
    shares = np.asarray(weights) / sum(weights)
    sizes = _apportion(shares, total)
    assert sizes.sum() == total
    assert np.all(np.abs(sizes - shares * total) < 1.0 + 1e-9)
