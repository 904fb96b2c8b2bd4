"""A whole country (issue 17, item 4): the network renumbered for locality, the guide-table draws, the cap.

Speed and memory are measured in ``benchmarks/country.py``, not asserted here.
"""

from __future__ import annotations

import numpy as np
import pytest
from pydantic import ValidationError

from sim.population import Population, PopulationSpec
from sim.population.activity import REACH_ALPHA, pareto_weights
from sim.population.network import _WeightedSampler, build_network, csr_from_edges, locality_order, relabel
from sim.population.spec import MAX_POPULATION, NetworkSpec

SIZES = np.array([3000, 1500, 500])
STARTS = np.concatenate(([0], np.cumsum(SIZES)))


def _edges(net) -> set[tuple[int, int]]:
    rows = np.repeat(np.arange(net.n), np.diff(net.indptr))
    return set(zip(rows.tolist(), net.indices.tolist()))


def _heavy_network(seed: int = 4):
    reach = pareto_weights(int(SIZES.sum()), REACH_ALPHA, np.random.default_rng(seed + 100), per_weight=8)
    return build_network(NetworkSpec(model="sbm", mean_degree=8), SIZES, np.random.default_rng(seed), reach), reach


def test_locality_order_is_a_permutation_within_each_segment_most_connected_first():
    """The order maps each segment's id range onto itself, and degrees do not rise within a segment."""
    rng = np.random.default_rng(3)
    n = int(SIZES.sum())
    u = rng.integers(0, n, 20000, dtype=np.int32)
    v = rng.integers(0, n, 20000, dtype=np.int32)
    order = locality_order(n, u, v, STARTS)
    assert np.array_equal(np.sort(order), np.arange(n))
    degree = np.bincount(u, minlength=n) + np.bincount(v, minlength=n)
    for a, b in zip(STARTS[:-1], STARTS[1:]):
        assert order[a:b].min() == a and order[a:b].max() == b - 1
        assert np.all(np.diff(degree[order[a:b]]) <= 0)


def test_relabelling_maps_edges_to_edges_and_keeps_the_degree_sequence():
    """The renumbered CSR is the generation-order graph under the permutation: same edges, same degrees."""
    rng = np.random.default_rng(5)
    n = int(SIZES.sum())
    u = rng.integers(0, n, 15000, dtype=np.int32)
    v = rng.integers(0, n, 15000, dtype=np.int32)
    plain = csr_from_edges(n, u, v)
    order = locality_order(n, u, v, STARTS)
    relabel(order, u, v)
    renumbered = csr_from_edges(n, u, v)
    assert np.array_equal(renumbered.degree(), plain.degree()[order])
    new_id = np.empty(n, dtype=np.int64)
    new_id[order] = np.arange(n)
    mapped = {(int(new_id[a]), int(new_id[b])) for a, b in _edges(plain)}
    assert mapped == _edges(renumbered)


def test_the_heavy_tailed_sbm_comes_renumbered_and_keeps_its_segments():
    """A degree-corrected SBM carries its order; its hubs come first and its links stay in their blocks' shares."""
    net, _ = _heavy_network()
    assert net.order is not None and np.array_equal(np.sort(net.order), np.arange(net.n))
    deg = net.degree()
    for a, b in zip(STARTS[:-1], STARTS[1:]):
        assert set(net.order[a:b].tolist()) == set(range(a, b))
        first_tenth = deg[a:a + (b - a) // 10].sum() / deg[a:b].sum()
        assert first_tenth > 0.4, "the best-connected tenth, numbered first, holds most link ends"
    # Homophily is unchanged: the renumbering never moves a citizen out of its segment.
    seg = np.repeat(np.arange(SIZES.size), SIZES)
    rows = np.repeat(np.arange(net.n), np.diff(net.indptr))
    inside = np.mean(seg[rows] == seg[net.indices])
    assert 0.7 < inside < 0.95
    uniform = build_network(NetworkSpec(model="sbm", mean_degree=8), SIZES, np.random.default_rng(4))
    assert uniform.order is None


def test_a_citizens_activity_follows_its_reach_through_the_renumbering():
    """After renumbering, the citizens who share most are still those with most contacts (one rank)."""
    spec = PopulationSpec(size=20_000, segments=[{"id": "a", "share": 0.7}, {"id": "b", "share": 0.3}])
    pop = Population(spec, [], np.random.default_rng(2))
    assert pop.network.order is None, "the order is dropped once the rank has followed it"
    deg = pop.network.degree().astype(np.float64)
    act = pop.activity.astype(np.float64)
    rank_corr = np.corrcoef(np.argsort(np.argsort(deg)), np.argsort(np.argsort(act)))[0, 1]
    assert rank_corr > 0.6
    top = pop.supersharers
    assert deg[top].mean() > 5 * deg.mean()


def test_guide_table_draws_follow_the_weights():
    """The guide-table sampler draws each id in proportion to its weight (chi-square at 40 categories)."""
    rng = np.random.default_rng(9)
    w = np.concatenate((np.full(20, 0.01), np.linspace(0.1, 5.0, 19), [40.0]))
    sampler = _WeightedSampler(100, w)
    ids = sampler.draw(400_000, rng)
    assert ids.min() >= 100 and ids.max() < 100 + w.size and ids.dtype == np.int32
    counts = np.bincount(ids - 100, minlength=w.size)
    expected = 400_000 * w / w.sum()
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    assert chi2 < 80, chi2  # 39 degrees of freedom: p < 1e-4 above 80


def test_the_cap_admits_a_country_and_refuses_more_clearly():
    """2x10^7 citizens validate; one more is refused with a message naming the limit."""
    segments = [{"id": "all", "share": 1.0}]
    assert PopulationSpec(size=MAX_POPULATION, segments=segments).size == 20_000_000
    with pytest.raises(ValidationError, match="20,000,000 a population may have"):
        PopulationSpec(size=MAX_POPULATION + 1, segments=segments)
    with pytest.raises(ValidationError, match="link ends"):
        PopulationSpec(size=MAX_POPULATION, network={"mean_degree": 100}, segments=segments)
