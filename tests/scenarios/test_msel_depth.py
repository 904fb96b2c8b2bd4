"""The bundled MSELs are deep enough for a 3-4 hour session (issue 16): about thirty injects, every
government cell receiving several, decision points, supporting material, and every learning objective
measured by a scored objective.

Scenarios not yet deepened are listed in ``NOT_YET_DEEPENED`` and their depth tests are expected to fail
(strict), so deepening one without taking it off the list fails the suite too.
"""

from __future__ import annotations

from collections import Counter

import pytest

import scenarios
from sim.scenario import load_scenario

BUNDLED = scenarios.bundled()
NOT_YET_DEEPENED: set[str] = set()
MIN_INJECTS = 30
MIN_PER_CELL = 5
MIN_MATERIAL = 10
MIN_DECISION_POINTS = 4


def _params():
    return [pytest.param(sid, marks=pytest.mark.xfail(strict=True, reason="not yet deepened"))
            if sid in NOT_YET_DEEPENED else sid for sid in sorted(BUNDLED)]


def _scenario(sid):
    return load_scenario(BUNDLED[sid]).scenario


def per_cell(scenario) -> Counter:
    """How many injects each government cell receives (``all`` counts for every one)."""
    counts: Counter = Counter({cid: 0 for cid in scenario.government_cells()})
    for inject in scenario.msel:
        for cid in (scenario.government_cells() if "all" in inject.to else inject.to):
            if cid in counts:
                counts[cid] += 1
    return counts


@pytest.mark.parametrize("sid", _params())
def test_msel_has_about_thirty_injects_for_four_to_six_cells(sid):
    """At least thirty injects, and four to six government cells."""
    scenario = _scenario(sid)
    assert len(scenario.msel) >= MIN_INJECTS
    assert 4 <= len(scenario.government_cells()) <= 6


@pytest.mark.parametrize("sid", _params())
def test_every_cell_receives_several_injects(sid):
    """Every government cell receives at least five injects."""
    counts = per_cell(_scenario(sid))
    assert min(counts.values()) >= MIN_PER_CELL, dict(counts)


@pytest.mark.parametrize("sid", _params())
def test_msel_carries_supporting_material_and_decision_points(sid):
    """At least ten injects carry material (article, post, e-mail, note ...), and several are critical decision points."""
    scenario = _scenario(sid)
    assert sum(1 for i in scenario.msel if i.material) >= MIN_MATERIAL
    assert sum(1 for i in scenario.msel if i.critical) >= MIN_DECISION_POINTS
    assert all(m.text.strip() and m.title.strip() for i in scenario.msel for m in i.material)


@pytest.mark.parametrize("sid", _params())
def test_every_learning_objective_is_measured_by_a_scored_objective(sid):
    """Each learning objective is named by at least one objective's ``learning_objectives``."""
    scenario = _scenario(sid)
    unmeasured = [n for n, ids in scenario.measured_by().items() if not ids]
    assert scenario.learning_objectives and not unmeasured, f"learning objectives not measured: {unmeasured}"


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_every_inject_serves_an_objective_and_informs_only_if_it_fires_nothing(sid):
    """Every inject names the objective it tests; an inject with material still fires only what ``fires`` says."""
    scenario = _scenario(sid)
    ids = {o.id for o in scenario.objectives}
    missing = [i.no for i in scenario.msel if i.objective not in ids]
    assert not missing, f"injects with no (known) objective: {missing}"
