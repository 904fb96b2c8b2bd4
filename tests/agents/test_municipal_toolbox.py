"""The municipal toolbox between a firm conversation and a ban: permits, subsidies, integrity screening."""

from __future__ import annotations

import pytest

from sim.catalogue.blue_community import (OVERTURNED_CREDIBILITY, PERMIT_CONDITIONS_KEEP, PERMIT_REFUSAL_KEEP,
                                          SCREENING_DAYS, SUBSIDY_INTENSITY, SUBSIDY_RESILIENCE_KEEP)
from tests.agents.conftest import day
from tests.agents.toolbox import costs, known, order, outcome, toolbox


def test_permit_conditions_need_no_ground_and_are_set_once():
    """Conditions on the organisation's events hinder the state's rallies through it; a second order is refused."""
    ex = toolbox()
    order(ex, "event_permit karsk-union")
    assert "already ordered" in ex.submit("government", "event_permit karsk-union").message
    ex.run_until(day(3.1))
    assert ex.standing.through("karsk", "diaspora_mobilisation") == pytest.approx(PERMIT_CONDITIONS_KEEP)
    assert "already done" in ex.submit("government", "event_permit karsk-union").message
    assert ex.indicators.damage["fundamental_freedoms"] == 0


def test_a_refusal_without_a_ground_is_overturned_and_with_one_stops_the_rally():
    """Refused with nothing known, the permit is overturned on appeal (credibility, no barrier); with a known
    mobilisation through the organisation the refusal stops it, at a cost to freedom of assembly."""
    ex = toolbox()
    oid = order(ex, "event_permit karsk-union decision=refuse")
    ex.run_until(day(3.1))
    assert "overturned" in outcome(ex, oid).payload["reason"]
    assert [c.payload["points"] for c in costs(ex, "government_credibility")] == [OVERTURNED_CREDIBILITY]
    assert ex.standing.through("karsk", "diaspora_mobilisation") == 1.0

    ex = toolbox()
    rally = known(ex, "diaspora_mobilisation", "karsk-union")
    order(ex, "event_permit karsk-union decision=refuse")
    ex.run_until(day(3.1))
    assert not rally.active and rally.outcome.startswith("disrupted")
    assert ex.standing.through("karsk", "diaspora_mobilisation") == pytest.approx(PERMIT_REFUSAL_KEEP)
    assert ex.indicators.damage["fundamental_freedoms"] > 0


def test_withholding_a_subsidy_needs_a_ground_and_weakens_both_the_operation_and_the_ties():
    """Without a known operation through the group it is refused; with one, what runs through the group loses
    intensity, and the members' resilience falls too (the programmes that tied them end)."""
    ex = toolbox()
    refused = ex.submit("government", "withhold_subsidy karsk-union")
    assert not refused.accepted and "no ground" in refused.message
    op = known(ex, "informant_network", "karsk-union", staff="karsk-attache")
    group = ex.actors["karsk-union"]
    resilience = group.resilience
    order(ex, "withhold_subsidy karsk-union")
    ex.run_until(day(4.1))
    assert op.params["intensity"] == pytest.approx(SUBSIDY_INTENSITY)
    assert group.resilience == pytest.approx(resilience * SUBSIDY_RESILIENCE_KEEP, rel=0.05)


def test_integrity_screening_brings_hidden_funding_to_light_after_three_weeks():
    """A Bibob screening reveals covert funding through the organisation that nobody had detected, after 21
    days and not before, which then gives the ground to withhold its subsidy."""
    ex = toolbox(replace=(("{id: ministry, kind: government_body, capacity: 200, bank_days: 10, info_position: 0.4}",
                           "{id: ministry, kind: government_body, capacity: 200, bank_days: 10, info_position: 0.0}"),
                          ("{id: service, kind: government_body, capacity: 200, bank_days: 10, info_position: 0.6}",
                           "{id: service, kind: government_body, capacity: 200, bank_days: 10, info_position: 0.0}")))
    funding = ex.launch_operation("karsk", "covert_funding", "karsk-union")
    order(ex, "integrity_screening karsk-union")
    ex.run_until(day(SCREENING_DAYS))
    assert funding not in ex.known_operations("government")
    ex.run_until(day(SCREENING_DAYS + 1.1))
    assert funding in ex.known_operations("government")
    assert ex.standing.visibility("karsk", "covert_funding") == pytest.approx(1.5)
    assert ex.submit("government", "withhold_subsidy karsk-union").accepted
