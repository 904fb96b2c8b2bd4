"""Replay samples: O(n) measures that give the sort's answer, one histogram per tick, no dependence on BLAS threads."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.population import NarrativeSpec, NetworkSpec, OpinionSpec, Population, PopulationSpec, SegmentSpec
from sim.population.polarisation import clusters


def _clusters_by_sorting(values, gap=1e-3, major_share=0.02):
    """The definition: sorted opinions split where consecutive values are more than ``gap`` apart."""
    x = np.sort(np.asarray(values).ravel())
    if x.size == 0:
        return 0, 0
    bounds = np.concatenate(([0], np.flatnonzero(np.diff(x) > gap) + 1, [x.size]))
    sizes = np.diff(bounds)
    return int(sizes.size), int(np.count_nonzero(sizes >= major_share * x.size))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.floats(0.0, 1.0, allow_nan=False), min_size=0, max_size=300), st.sampled_from([np.float32, np.float64]),
       st.sampled_from([1e-3, 2e-3, 1e-2]))
def test_clusters_without_sorting_match_the_sorted_definition(values, dtype, gap):
    x = np.asarray(values, dtype=dtype)
    assert clusters(x, gap=gap) == _clusters_by_sorting(x, gap=gap)


def test_clusters_at_exactly_the_gap_and_around_it():
    """Values spaced at the gap, a hair over and under it: where a bucketed method would slip."""
    rng = np.random.default_rng(0)
    for trial in range(2000):
        n = int(rng.integers(2, 300))
        x = np.round(rng.random(n) * 1000) / 1000 + (rng.random(n) < 0.5) * 1e-3
        if trial % 2:
            x = np.arange(n) * 1e-3 * (1 + rng.normal(0, 1e-7))
        for dtype in (np.float32, np.float64):
            assert clusters(x.astype(dtype)) == _clusters_by_sorting(x.astype(dtype)), trial


def _population() -> Population:
    spec = PopulationSpec(size=3000, contacts_per_day=3.0, network=NetworkSpec(model="sbm"),
                          segments=[SegmentSpec(id="a", share=0.6, opinion=0.3), SegmentSpec(id="b", share=0.4, opinion=0.7)],
                          opinion=OpinionSpec(interactions_per_day=2.0))
    hoax = NarrativeSpec(id="hoax", spread=0.8, stifle=0.4, credibility=0.6, initial_spreaders=10, stance=0.9, wedge=0.5)
    return Population(spec, [hoax], np.random.default_rng(5))


def test_the_histogram_is_computed_once_per_state_and_follows_each_step():
    pop = _population()
    first = pop.opinion_histogram()
    assert pop.opinion_histogram() == first and pop.sample()["opinion_histogram"] == first
    pop.step(24.0)
    fresh = np.bincount(np.clip((pop.opinions.x * np.float32(100)).astype(np.int64), 0, 99), minlength=100).tolist()
    assert pop.opinion_histogram() == fresh != first
    pop.opinion_histogram().append(1)  # a caller's copy: the cache is not theirs to change
    assert pop.opinion_histogram() == fresh


_SAMPLES = """
import json, numpy as np, sys
sys.path.insert(0, {root!r})
from tests.sim.test_samples import _population
pop = _population()
out = []
for _ in range(8):
    pop.step(6.0)
    out.append(pop.sample()["polarisation"])
    out.append(pop.indicator_levels())
print(json.dumps(out))
"""


def test_samples_are_the_same_whatever_the_number_of_blas_threads():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    results = []
    for threads in ("1", "2"):
        env = {**os.environ, "OPENBLAS_NUM_THREADS": threads, "OMP_NUM_THREADS": threads, "MKL_NUM_THREADS": threads}
        done = subprocess.run([sys.executable, "-c", _SAMPLES.format(root=root)], capture_output=True, text=True,
                              env=env, check=True, timeout=300)
        results.append(json.loads(done.stdout))
    assert results[0] == results[1]
