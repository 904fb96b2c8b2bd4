"""Shared helpers for the validation tests: run a population-only scenario file.

Each validation runs its scenario two ways:

* ``engine`` — through the normal engine (:class:`sim.exercise.Exercise`), tick by
  tick, the way an exercise runs;
* ``direct`` — the scenario's ``population`` and ``narratives`` blocks validated
  with :class:`PopulationSpec` / :class:`NarrativeSpec` and stepped by the tick,
  which checks the population model on its own.

Both stop at the scenario's end or as soon as the population is no longer active.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
import yaml

from sim.population import NarrativeSpec, Population, PopulationSpec

HERE = Path(__file__).parent


def scenario_path(name: str) -> Path:
    """Path of a validation scenario file in this folder."""
    return HERE / name


def load_doc(name: str) -> dict:
    """The scenario file as plain data."""
    with open(scenario_path(name), encoding="utf-8") as f:
        return yaml.safe_load(f)


def run_direct(name: str, seed: int) -> Population:
    """Build the scenario's population from its spec and step it by the tick until the end or inactivity."""
    doc = load_doc(name)
    spec = PopulationSpec.model_validate(doc["population"])
    narratives = [NarrativeSpec.model_validate(n) for n in doc.get("narratives", [])]
    pop = Population(spec, narratives, np.random.default_rng(seed))
    tick = float(doc.get("tick", {}).get("hours", 6))
    end = float(doc["duration"]["days"]) * 24.0
    for _ in range(math.ceil(end / tick)):
        if not pop.active():
            break
        pop.step(tick)
    return pop


def run_engine(name: str, seed: int) -> Population:
    """Run the scenario through the engine until the end or inactivity; return its population."""
    from sim.exercise import Exercise  # the engine; imported here so the direct runs work without it

    doc = load_doc(name)
    tick = float(doc.get("tick", {}).get("hours", 6))
    end = float(doc["duration"]["days"]) * 24.0
    ex = Exercise.from_file(scenario_path(name), seed=seed)
    while ex.now < end - 1e-9 and ex.population.active():
        ex.run_until(min(end, ex.now + tick))
    return ex.population


RUNNERS = {"direct": run_direct, "engine": run_engine}


@pytest.fixture
def scenario_doc():
    """The loader of a validation scenario file as plain data (``scenario_doc(name)``)."""
    return load_doc


@pytest.fixture(params=sorted(RUNNERS))
def runner(request):
    """Each validation once through the engine and once on the population alone."""
    return RUNNERS[request.param]
