"""Fixtures for the catalogue tests: a test bench scenario with every actor kind, and the dilemmas bench."""

from __future__ import annotations

from pathlib import Path

import pytest

from sim.exercise import Exercise
from sim.scenario import load_scenario

BENCH = Path(__file__).resolve().parents[1] / "data" / "catalogue.yaml"
DILEMMAS = Path(__file__).resolve().parents[1] / "data" / "dilemmas.yaml"
"""Two states, two partners, an election, a body of little capacity (capacity, timing, costs, attribution)."""


@pytest.fixture(scope="session")
def bench_scenario():
    """The validated catalogue test bench (loaded once)."""
    return load_scenario(BENCH)


@pytest.fixture
def bench(bench_scenario):
    """A factory of fresh exercises on the test bench: ``bench(seed=11, players=("government",))``."""

    def make(seed: int = 11, players=("government",)) -> Exercise:
        return Exercise(bench_scenario, seed=seed, players=players)

    return make


@pytest.fixture(scope="session")
def dilemmas_scenario():
    """The validated dilemmas bench (loaded once)."""
    return load_scenario(DILEMMAS)


def day(n: float) -> float:
    """Hours at the start of day ``n`` (day 1 = t 0)."""
    return (n - 1) * 24.0
