"""Unit tests of the Deffuant-Weisbuch dynamics (sim.population.opinion)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.population.network import Network, build_network
from sim.population.opinion import Opinions
from sim.population.spec import NetworkSpec, OpinionSpec


def _complete(n):
    e = np.zeros(0, dtype=np.int32)
    return Network(n, True, e, e)


@pytest.mark.parametrize("model", ["complete", "sbm"])
def test_pair_updates_conserve_the_mean(model):
    """Every pair update is symmetric, so the mean opinion is conserved (batches are matchings)."""
    rng = np.random.default_rng(0)
    net = _complete(2000) if model == "complete" else build_network(NetworkSpec(model=model), np.array([2000]), rng)
    x = rng.random(2000).astype(np.float32)
    m0 = float(x.astype(np.float64).mean())
    op = Opinions(x, OpinionSpec(confidence=1.0, convergence=0.5, interactions_per_day=5.0), net)
    for _ in range(5):
        op.step(1.0, rng)
    assert float(op.x.astype(np.float64).mean()) == pytest.approx(m0, abs=2e-5)
    assert op.x.std() < 0.05


def test_network_batches_are_matchings():
    """A network batch never pairs a citizen twice, so each interaction is exact."""
    rng = np.random.default_rng(1)
    net = build_network(NetworkSpec(model="erdos_renyi"), np.array([500]), rng)
    op = Opinions(np.zeros(500, np.float32), OpinionSpec(), net)
    seen = []
    op._apply = lambda i, j: seen.append(np.concatenate((i, j)))
    op._batch_network(400, rng)
    ids = np.concatenate(seen)
    assert ids.size > 0 and np.unique(ids).size == ids.size


def test_pairs_beyond_confidence_do_not_move():
    """Opinions further apart than the confidence bound never influence each other."""
    rng = np.random.default_rng(2)
    x = np.repeat(np.array([0.0, 0.5, 1.0], np.float32), 100)
    op = Opinions(x.copy(), OpinionSpec(confidence=0.4, convergence=0.5, interactions_per_day=10.0), _complete(300))
    op.step(5.0, rng)
    assert np.array_equal(op.x, x)
    assert op.last_change == 0.0


def test_interaction_rate():
    """N * rate / 2 pair interactions are done per day, fractions carried between steps."""
    op = Opinions(np.zeros(1000, np.float32), OpinionSpec(interactions_per_day=1.0), _complete(1000))
    rng = np.random.default_rng(0)
    done = []
    op._apply = lambda i, j: done.append(i.size)
    for _ in range(24):
        op.step(1 / 24, rng)
    assert 499 <= sum(done) <= 500  # float carry may leave the last one owed


def test_wedge_pull_moves_toward_stance():
    """A wedge pull moves opinions part of the way toward the stance."""
    op = Opinions(np.full(10, 0.2, np.float32), OpinionSpec(), _complete(10))
    op.pull(np.arange(5), stance=1.0, wedge=1.0, days=1.0)
    assert np.all(op.x[:5] > 0.2) and np.all(op.x[:5] < 1.0) and np.all(op.x[5:] == np.float32(0.2))


def test_network_interaction_rate_is_exact_in_the_long_run():
    """On a network, collided proposals are carried over, so the pairs done track N * rate / 2 per day."""
    rng = np.random.default_rng(3)
    net = build_network(NetworkSpec(model="sbm"), np.array([4000]), rng)
    op = Opinions(np.zeros(4000, np.float32), OpinionSpec(interactions_per_day=2.0), net)
    done = []
    real_apply = op._apply
    op._apply = lambda i, j: (done.append(i.size), real_apply(i, j))
    for _ in range(40):
        op.step(0.25, rng)
    assert abs(sum(done) - 4000 * 2.0 * 10 / 2) <= op.owed + 1
