"""Heterogeneous activity (sim.population.activity): the tail is as concentrated as the documented band says.

On the network and the weights alone: a degree-corrected SBM over two segments, and a contact
process in which each citizen passes something on to a random neighbour at its activity. What the
bands rest on is in the module docstring (Grinberg et al. 2019; Baribi-Bartov et al. 2024).
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.population.activity import ACTIVITY_ALPHA, BANDS, REACH_ALPHA, pareto_weights, top_share
from sim.population.network import build_network
from sim.population.spec import NetworkSpec

SPEC = NetworkSpec(model="sbm", mean_degree=8, homophily=0.7)
CONTACTS_EACH = 20
"""Contacts the average citizen passes on over the measured period."""


def _measure(n: int, seed: int) -> dict[str, float]:
    rng = np.random.default_rng(seed)
    sizes = np.array([n - n // 5, n // 5])
    reach = pareto_weights(n, REACH_ALPHA, rng, SPEC.mean_degree)
    net = build_network(SPEC, sizes, rng, reach)
    degree = net.degree()
    activity = pareto_weights(n, ACTIVITY_ALPHA, rng)
    sent = rng.poisson(activity * CONTACTS_EACH)
    senders = np.repeat(np.arange(n), sent)
    senders = senders[degree[senders] > 0]
    picks = net.indptr[senders] + (rng.random(senders.size) * degree[senders]).astype(np.int64)
    received = np.bincount(net.indices[picks], minlength=n)
    return {"links": top_share(degree, 0.01), "exposures": top_share(received, 0.01),
            "sharing": top_share(sent, 0.001), "mean_degree": float(degree.mean())}


@pytest.mark.parametrize("n", [10_000, 100_000])
def test_a_few_citizens_hold_the_links_get_the_exposures_and_do_the_sharing(n):
    for seed in (1, 2):
        measured = _measure(n, seed)
        for (size, what, _top), (lowest, _real) in BANDS.items():
            if size == n:
                assert lowest <= measured[what] <= 0.9, (n, seed, what, measured)
        assert measured["mean_degree"] >= 0.9 * SPEC.mean_degree  # the hubs' duplicate edges cost little


def test_the_plain_sbm_is_far_from_the_band_and_the_weights_have_mean_one():
    rng = np.random.default_rng(3)
    plain = build_network(SPEC, np.array([8000, 2000]), rng).degree()
    assert top_share(plain, 0.01) < 0.05  # what the issue measured: 2%
    for alpha in (REACH_ALPHA, ACTIVITY_ALPHA):
        w = pareto_weights(10_000, alpha, np.random.default_rng(4), SPEC.mean_degree)
        assert w.mean() == pytest.approx(1.0) and w.max() * SPEC.mean_degree <= 0.05 * 10_000 * 1.001


def test_the_weights_and_the_network_are_the_same_from_the_same_seed():
    a, b = (build_network(SPEC, np.array([800, 200]), np.random.default_rng(5),
                          pareto_weights(1000, REACH_ALPHA, np.random.default_rng(6), 8.0)) for _ in range(2))
    assert np.array_equal(a.indptr, b.indptr) and np.array_equal(a.indices, b.indices)
