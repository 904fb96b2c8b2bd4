"""Unit tests of the network generators (sim.population.network)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.population.network import build_network, csr_from_edges
from sim.population.spec import NetworkSpec

MODELS = ["sbm", "erdos_renyi", "watts_strogatz", "barabasi_albert"]
SIZES = np.array([3000, 1500, 500])


def _dense_check(net):
    """Symmetric, no self-loops, no duplicates, sorted rows."""
    rows = np.repeat(np.arange(net.n), np.diff(net.indptr))
    cols = net.indices
    assert net.indptr.dtype == np.int32 and net.indices.dtype == np.int32
    assert not np.any(rows == cols)
    key = rows.astype(np.int64) * net.n + cols
    assert np.all(np.diff(key) > 0), "rows sorted, no multi-edges"
    rkey = cols.astype(np.int64) * net.n + rows
    assert np.array_equal(np.sort(rkey), key), "symmetric"


@pytest.mark.parametrize("model", MODELS)
def test_generators_give_simple_undirected_graphs_with_the_mean_degree(model):
    """Every generator returns a simple symmetric CSR graph whose mean degree is close to the spec's."""
    net = build_network(NetworkSpec(model=model, mean_degree=8), SIZES, np.random.default_rng(1))
    _dense_check(net)
    assert net.n == SIZES.sum()
    assert abs(net.degree().mean() - 8) < 0.3


@pytest.mark.parametrize("model", MODELS)
def test_generation_is_deterministic(model):
    """The same seed gives the same network; another seed a different one."""
    a = build_network(NetworkSpec(model=model), SIZES, np.random.default_rng(7))
    b = build_network(NetworkSpec(model=model), SIZES, np.random.default_rng(7))
    c = build_network(NetworkSpec(model=model), SIZES, np.random.default_rng(8))
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
    assert not np.array_equal(a.indices, c.indices)


def test_sbm_homophily_sets_the_share_of_ties_at_home():
    """In the SBM a segment's share of ties inside itself is h + (1 - h) * share."""
    h = 0.6
    net = build_network(NetworkSpec(model="sbm", homophily=h, mean_degree=10), SIZES, np.random.default_rng(2))
    starts = np.concatenate(([0], np.cumsum(SIZES)))
    seg = np.repeat(np.arange(3), SIZES)
    rows = np.repeat(np.arange(net.n), np.diff(net.indptr))
    for s in range(3):
        mine = seg[rows] == s
        home = np.mean(seg[net.indices[mine]] == s)
        assert home == pytest.approx(h + (1 - h) * SIZES[s] / SIZES.sum(), abs=0.02)
        assert np.all((rows[mine] >= starts[s]) & (rows[mine] < starts[s + 1]))


def test_barabasi_albert_is_heavy_tailed():
    """Preferential attachment gives hubs far above the Erdos-Renyi maximum degree."""
    ba = build_network(NetworkSpec(model="barabasi_albert"), np.array([20000]), np.random.default_rng(3))
    er = build_network(NetworkSpec(model="erdos_renyi"), np.array([20000]), np.random.default_rng(3))
    assert ba.degree().max() > 5 * er.degree().max()
    assert ba.degree().min() >= 1


def test_watts_strogatz_without_rewiring_is_a_ring_lattice():
    """With p = 0 every node links to its k/2 nearest neighbours on each side."""
    net = build_network(NetworkSpec(model="watts_strogatz", mean_degree=4, rewire=0.0), np.array([100]),
                        np.random.default_rng(0))
    assert np.all(net.degree() == 4)
    assert list(net.indices[net.indptr[0]:net.indptr[1]]) == [1, 2, 98, 99]


def test_complete_stores_no_edges():
    """The well-mixed population stores no edges."""
    net = build_network(NetworkSpec(model="complete"), np.array([1000]), np.random.default_rng(0))
    assert net.complete and net.indices.size == 0 and net.edges == 1000 * 999 // 2


def test_csr_from_edges_drops_loops_and_duplicates():
    """Self-loops and repeated edges in either direction collapse to one undirected edge."""
    net = csr_from_edges(4, np.array([0, 1, 2, 2, 3]), np.array([1, 0, 2, 3, 2]))
    assert net.edges == 2
    assert list(net.indices) == [1, 0, 3, 2]
