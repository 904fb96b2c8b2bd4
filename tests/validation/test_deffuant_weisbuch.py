"""Validation: Deffuant-Weisbuch cluster counts (Deffuant et al. 2000).

Deffuant, Neau, Amblard & Weisbuch 2000 (Adv. Complex Syst. 3:87): with mu = 0.5
and a uniform start, well-mixed, bounded confidence d = 0.2 ends in two major
opinion clusters and d = 0.3 in one (about 1/(2d) clusters; minor clusters of a
few extremists may remain: Lorenz 2007, IJMPC 18:1819). A cluster is a group of
sorted opinions separated by gaps > 1e-3, major at >= 2% of the population.
"""

from __future__ import annotations

import pytest

RUNS = 30


@pytest.mark.parametrize(("scenario", "expected"), [("deffuant_weisbuch_d02.yaml", 2), ("deffuant_weisbuch_d03.yaml", 1)])
def test_major_cluster_count(runner, scenario, expected):
    """d = 0.2 gives 2 major clusters and d = 0.3 gives 1, in at least 90% of 30 runs."""
    hits = 0
    for seed in range(1, RUNS + 1):
        pop = runner(scenario, seed)
        assert not pop.active(), "opinions should have settled by the end of the scenario"
        hits += pop.polarisation()["major_clusters"] == expected
    assert hits >= 0.9 * RUNS, f"{hits}/{RUNS} runs with {expected} major clusters"
