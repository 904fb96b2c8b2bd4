"""Validation: the polarisation measures at their exact values on hand-made distributions.

Esteban & Ray 1994 (Econometrica 62:819): P = K sum_i sum_j pi_i^(1+alpha) pi_j |y_i - y_j|;
with alpha = 1, K = 1, two equal groups at distance 1 give 0.25. Bimodality
coefficient (Pfister et al. 2013, Front. Psychol. 4:700) with the small-sample
corrected skewness and excess kurtosis.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from sim.population.polarisation import bimodality_coefficient, clusters, esteban_ray


def test_esteban_ray_two_equal_groups_at_distance_one():
    """Two equal groups at distance 1 have Esteban-Ray polarisation 0.25 (alpha = 1, K = 1)."""
    assert esteban_ray([0.5, 0.5], [0.0, 1.0], alpha=1.0) == pytest.approx(0.25, abs=1e-12)


def test_esteban_ray_hand_made_groups():
    """Esteban-Ray matches the formula worked by hand for one, three and unequal groups."""
    assert esteban_ray([1.0], [0.3]) == 0.0
    # Three equal groups at 0, 0.5, 1: (1/3)^3 * (2 * (0.5 + 1 + 0.5)) = 4/27.
    assert esteban_ray([1, 1, 1], [0.0, 0.5, 1.0]) == pytest.approx(4 / 27, abs=1e-12)
    # Shares 0.25 and 0.75 at distance 1, alpha = 1: 0.25^2*0.75 + 0.75^2*0.25 = 0.1875.
    assert esteban_ray([0.25, 0.75], [0.0, 1.0]) == pytest.approx(0.1875, abs=1e-12)
    # alpha = 0 is half the Gini mean difference: 2 * 0.5 * 0.5 * 1 = 0.5.
    assert esteban_ray([0.5, 0.5], [0.0, 1.0], alpha=0.0) == pytest.approx(0.5, abs=1e-12)


def test_bimodality_two_point_sample():
    """Half zeros, half ones: BC = (n-2)(n-3) / ((n-1)(n+1)), worked from the corrected moments."""
    for n in (10, 100, 1000):
        x = np.repeat([0.0, 1.0], n // 2)
        assert bimodality_coefficient(x) == pytest.approx((n - 2) * (n - 3) / ((n - 1) * (n + 1)), rel=1e-12)


def test_bimodality_discrete_uniform():
    """0..9: corrected excess kurtosis is -6/5, so BC = 1 / (-6/5 + 243/56) = 280/879; large n tends to 5/9."""
    assert bimodality_coefficient(np.arange(10.0)) == pytest.approx(280 / 879, rel=1e-12)
    assert bimodality_coefficient(np.arange(100_000.0)) == pytest.approx(5 / 9, rel=1e-3)


def test_bimodality_matches_scipy_moments():
    """BC equals the formula applied to scipy's bias-corrected skewness and kurtosis."""
    x = np.random.default_rng(3).beta(0.5, 0.8, size=500)
    g = stats.skew(x, bias=False)
    k = stats.kurtosis(x, bias=False)
    n = x.size
    assert bimodality_coefficient(x) == pytest.approx((g**2 + 1) / (k + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3))), rel=1e-10)


def test_clusters_hand_made():
    """Gaps above 1e-3 split clusters; clusters with at least the major share count as major."""
    x = [0.1, 0.1005, 0.5, 0.5, 0.9]
    assert clusters(x) == (3, 3)
    assert clusters(x, major_share=0.3) == (3, 2)


def test_two_bloc_scenario_read_outs(runner):
    """The two-bloc scenario reports Esteban-Ray 0.2475 (bin centres 0.99 apart), its exact BC and 2 clusters."""
    pop = runner("two_blocs.yaml", 1)
    pol = pop.polarisation()
    n = pop.size
    assert pol["esteban_ray"] == pytest.approx(2 * 0.5**2 * 0.5 * 0.99, abs=1e-12)
    assert pol["bimodality"] == pytest.approx((n - 2) * (n - 3) / ((n - 1) * (n + 1)), rel=1e-9)
    assert pol["clusters"] == 2 and pol["major_clusters"] == 2
    assert pop.opinion_histogram()[0] == n // 2 and pop.opinion_histogram()[-1] == n // 2
