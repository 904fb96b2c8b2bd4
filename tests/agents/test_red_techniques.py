"""Each red technique does what it says, measured against the same run without it."""

from __future__ import annotations

import pytest

from tests.agents.conftest import day


def _pair(bench, technique, target="", staff="", params=None, days=10, seed=11):
    """Run the bench with and without one operation launched on day 2; return (with, without)."""
    runs = []
    for launch in (True, False):
        ex = bench(seed=seed)
        ex.run_until(day(2))
        if launch:
            ex.launch_operation("karsk", technique, target, staff=staff, params=params or {})
        ex.run_until(day(2 + days))
        runs.append(ex)
    return runs


def test_disinformation_campaign_spreads_its_narrative_and_the_sponsored_outlet_pushes_it(bench):
    """A disinformation campaign reaches and convinces people, and the state outlet publishes the narrative."""
    hit, calm = _pair(bench, "disinformation_campaign", "rigged", days=12)
    assert hit.population.narrative_counts()["rigged"]["reach"] > 0.05
    assert calm.population.narrative_counts()["rigged"]["reach"] == 0
    assert any(e.kind == "news" and e.source == "karsk-news" and e.payload["narrative"] == "rigged" for e in hit.log)
    assert hit.indicators.value("election_integrity") < calm.indicators.value("election_integrity")


def test_inauthentic_amplification_speeds_spreading_on_its_platform(bench):
    """Bot networks on a platform make the same campaign reach more people."""
    reach = []
    for amplify in (True, False):
        ex = bench()
        ex.run_until(day(2))
        ex.launch_operation("karsk", "disinformation_campaign", "rigged")
        if amplify:
            ex.launch_operation("karsk", "inauthentic_amplification", "rigged", params={"platform": "chat"})
        ex.run_until(day(8))
        reach.append(ex.population.narrative_counts()["rigged"]["reach"])
    assert ex.actors["chat"].networks == {}
    assert reach[0] > reach[1]


def test_hack_and_leak_leaks_after_its_delay_and_damages_decision_integrity(bench):
    """Stolen material leaks publicly three days in, and decision-making integrity drops."""
    hit, calm = _pair(bench, "hack_and_leak", "party-x", days=5)
    leaks = [e for e in hit.log if e.kind == "leak"]
    assert len(leaks) == 1 and leaks[0].t == pytest.approx(day(2) + 72)
    assert "*" in leaks[0].visible_to
    assert hit.indicators.value("decision_integrity") < calm.indicators.value("decision_integrity") - 2


def test_cyber_operation_on_the_election_hits_cyber_and_election_integrity(bench):
    """A cyber operation against election systems erodes cyber resilience and election integrity."""
    hit, calm = _pair(bench, "cyber_operation", "election", days=8)
    assert hit.indicators.value("cyber_resilience") < calm.indicators.value("cyber_resilience") - 3
    assert hit.indicators.value("election_integrity") < calm.indicators.value("election_integrity")


def test_covert_funding_of_a_party_erodes_decision_integrity(bench):
    """Covert money to a party erodes decision-making integrity day by day."""
    hit, calm = _pair(bench, "covert_funding", "party-x", days=20)
    assert hit.indicators.value("decision_integrity") < calm.indicators.value("decision_integrity") - 3


def test_informant_network_raises_diaspora_fear_and_lowers_diaspora_security(bench):
    """Informants in a diaspora make its members afraid; diaspora security and the rule of law suffer."""
    hit, calm = _pair(bench, "informant_network", "karsk-union", staff="karsk-attache", days=20)
    assert hit.population.diaspora_state()["karsk"]["fear"] > calm.population.diaspora_state()["karsk"]["fear"]
    assert hit.indicators.value("diaspora_security") < calm.indicators.value("diaspora_security")
    assert hit.indicators.value("rule_of_law") < calm.indicators.value("rule_of_law")


def test_diaspora_tax_coerces_members_and_pays_for_the_campaign(bench):
    """A coerced tax raises fear and refills the state's budget."""
    hit, calm = _pair(bench, "diaspora_tax", "karsk-union", staff="karsk-charge", days=20)
    assert hit.actors["karsk"].budget > calm.actors["karsk"].budget
    assert hit.population.diaspora_state()["karsk"]["fear"] > calm.population.diaspora_state()["karsk"]["fear"]


def test_meddling_statement_is_public_and_costs_decision_integrity(bench):
    """An official's statement on domestic politics is public news and dents decision-making integrity."""
    hit, calm = _pair(bench, "meddling_statement", staff="karsk-attache", days=2)
    assert any(e.kind == "statement" and "*" in e.visible_to for e in hit.log)
    assert hit.indicators.value("decision_integrity") < calm.indicators.value("decision_integrity")


def test_diaspora_mobilisation_imports_tension(bench):
    """Mobilising a diaspora stages a public demonstration and lowers social cohesion."""
    hit, calm = _pair(bench, "diaspora_mobilisation", "karsk-union", days=3)
    assert any(e.kind == "demonstration" for e in hit.log)
    assert hit.indicators.value("social_cohesion") < calm.indicators.value("social_cohesion") - 2


def test_intimidation_of_office_holders_chills_and_hits_decision_integrity(bench):
    """Intimidating office holders lowers decision integrity and fundamental freedoms."""
    hit, calm = _pair(bench, "intimidation_office_holders", days=15)
    assert hit.indicators.value("decision_integrity") < calm.indicators.value("decision_integrity") - 3
    assert hit.indicators.value("fundamental_freedoms") < calm.indicators.value("fundamental_freedoms")


def test_strategic_acquisition_costs_economic_security_only_when_completed(bench):
    """A takeover damages economic security when it completes, not before."""
    ex = bench()
    ex.run_until(day(2))
    ex.launch_operation("karsk", "strategic_acquisition", "energy")
    ex.run_until(day(20))
    mid = ex.indicators.damage["economic_security"]
    ex.run_until(day(35))
    assert mid == pytest.approx(0.0, abs=1e-9)
    assert ex.indicators.damage["economic_security"] > 5
    assert any(e.kind == "acquisition.completed" for e in ex.log)


def test_covert_military_activity_erodes_economic_security(bench):
    """Surveillance of infrastructure erodes economic security while it runs."""
    hit, calm = _pair(bench, "covert_military", days=12)
    assert hit.indicators.value("economic_security") < calm.indicators.value("economic_security") - 1.5
