"""Each blue response works through its mechanism, with its lead time, cost and side effects."""

from __future__ import annotations

import pytest

from tests.agents.conftest import day


def _order(ex, text, cell="government"):
    result = ex.submit(cell, text)
    assert result.accepted, result.message
    return result


def _executed(ex, action):
    return [e for e in ex.log if e.kind == "response.executed" and e.payload["action"] == action]


def _identify(ex, actor="karsk", weight=5.0, cell="government"):
    """Give ``cell`` strong evidence that ``actor`` is behind the campaign (an intelligence report)."""
    ex.evidence.add(f"test:{actor}:{cell}", actor, weight, [cell])


def _campaign(bench, seed=11):
    ex = bench(seed=seed)
    ex.run_until(day(2))
    op = ex.launch_operation("karsk", "disinformation_campaign", "rigged")
    return ex, op


# -- information position --------------------------------------------------------------------

def test_investigate_builds_attribution_evidence_and_search_effort(bench):
    """An investigation multiplies the bodies' search effort against the actor and adds evidence daily
    from the signals the cell holds; with no signals it finds nothing."""
    ex = bench()
    op = ex.launch_operation("karsk", "disinformation_campaign", "rigged")
    ex.record_detection("service", op)
    before = ex.evidence.confidence("government", "karsk")
    _order(ex, "investigate karsk")
    ex.run_until(day(1.5))
    assert ex.actors["service"].effort("karsk") == pytest.approx(3.0)
    again = ex.submit("government", "investigate karsk")
    assert not again.accepted and "already running" in again.message
    assert ex.actors["service"].effort("karsk") == pytest.approx(3.0)  # not stacked
    ex.run_until(day(12))
    assert ex.evidence.confidence("government", "karsk") > before + 0.2

    blind = bench()  # nothing detected: nothing to work on
    before = blind.evidence.confidence("government", "karsk")
    _order(blind, "investigate karsk")
    blind.run_until(day(16))
    assert blind.evidence.confidence("government", "karsk") == pytest.approx(before)
    [concluded] = [e for e in blind.log if e.kind == "investigation.concluded"]
    assert concluded.payload["days_with_signals"] == 0


def test_share_signals_gives_other_cells_what_this_cell_knows(bench):
    """After sharing, the town cell knows the operations the government cell had detected."""
    ex, op = _campaign(bench)
    ex.record_detection("service", op)
    assert op not in ex.known_operations("town")
    _order(ex, "share_signals")
    ex.run_until(day(3))
    assert op in ex.known_operations("town")


def test_inform_municipalities_briefs_municipal_cells_and_sharpens_their_watch(bench):
    """Informing municipalities shares knowledge with municipal cells and raises their information position."""
    ex, op = _campaign(bench)
    ex.record_detection("ministry", op)
    before = ex.actors["town-hall"].info_position
    _order(ex, "inform_municipalities")
    ex.run_until(day(3))
    assert op in ex.known_operations("town")
    assert ex.actors["town-hall"].info_position > before


def test_partner_info_sharing_raises_information_position(bench):
    """Exchanging with partners raises the ordering cell's bodies' information position after a day."""
    ex = bench()
    before = ex.actors["service"].info_position
    _order(ex, "partner_info_sharing")
    ex.run_until(day(1.5))
    assert ex.actors["service"].info_position == before
    ex.run_until(day(2.5))
    assert ex.actors["service"].info_position > before


def test_vulnerability_analysis_shields_every_dimension_after_a_week(bench):
    """A vulnerability analysis takes a week, then shields every indicator a little."""
    ex = bench()
    _order(ex, "vulnerability_analysis")
    ex.run_until(day(7))
    assert ex.indicators.shield["cyber_resilience"] == 0
    ex.run_until(day(9))
    assert all(v > 0 for v in ex.indicators.shield.values())


# -- countering disinformation ---------------------------------------------------------------------

def _believers(bench, commands, days=14, seed=11):
    ex, _ = _campaign(bench, seed)
    for text in commands:
        _order(ex, text)
    ex.run_until(day(2 + days))
    return ex.population.narrative_counts()["rigged"]["believer"], ex


def test_awareness_campaign_lowers_belief(bench):
    """Prebunking the public before the narrative peaks leaves fewer believers."""
    with_it, _ = _believers(bench, ["awareness_campaign strength=0.8"])
    without, _ = _believers(bench, [])
    assert with_it < without


def test_debunk_lowers_belief_and_outlets_carry_it(bench):
    """A government debunk lowers belief, and the public broadcaster publishes a fact check."""
    ex, _ = _campaign(bench)
    ex.run_until(day(8))
    _order(ex, "debunk rigged")
    ex.run_until(day(14))
    debunked = ex.population.narrative_counts()["rigged"]["believer"]
    assert any(e.kind == "news" and e.source == "public-tv" and e.payload["stance"] == "debunks" for e in ex.log)
    control, _ = _campaign(bench)
    control.run_until(day(14))
    assert debunked < control.population.narrative_counts()["rigged"]["believer"]


def test_support_fact_checkers_makes_independent_outlets_fact_check(bench):
    """Funding fact-checkers turns on fact-checking at non-sponsored outlets only, after a week."""
    ex = bench()
    _order(ex, "support_fact_checkers")
    ex.run_until(day(9))
    assert ex.actors["public-tv"].fact_check and not ex.actors["karsk-news"].fact_check


def test_platform_notice_to_a_cooperative_platform_cuts_amplification(bench):
    """A notice to a platform that cooperates, showing a known network, removes the bot networks and stops
    the amplification."""
    ex, _ = _campaign(bench)
    amp = ex.launch_operation("karsk", "inauthentic_amplification", "rigged", params={"platform": "chat"})
    ex.record_detection("service", amp)  # the notice needs a known network to show
    before = ex.actors["chat"].networks["rigged"]
    _order(ex, "platform_notice chat narrative=rigged")
    ex.run_until(day(3))
    assert ex.actors["chat"].networks["rigged"] < 0.5 * before
    assert not amp.active and amp.outcome == "disrupted: takedown"


# -- diplomacy --------------------------------------------------------------------------------------------

def test_demarche_costs_the_actor_a_little(bench):
    """A démarche against an identified state raises its deterrence slightly, after its lead time."""
    ex = bench()
    _identify(ex)
    _order(ex, "demarche karsk")
    ex.run_until(day(1.5))
    assert ex.actors["karsk"].deterrence == pytest.approx(1.0)
    ex.run_until(day(3))
    assert 1 + sum(c[2] for c in ex.actors["karsk"].costs) == pytest.approx(1.3)  # before it decays


def test_public_attribution_with_evidence_deters_and_with_partners_deters_more(bench):
    """Attribution on strong evidence deters; joining a partner adds its weight."""
    deterrence = []
    for partners in ("none", "eu"):
        ex = bench()
        ex.launch_operation("karsk", "disinformation_campaign", "rigged")
        _identify(ex)
        _order(ex, f"public_attribution karsk partners={partners}")
        ex.run_until(day(3))
        [executed] = _executed(ex, "public_attribution")
        assert executed.payload["outcome"] == "holds"
        assert list(executed.payload["partners"]) == ([] if partners == "none" else ["eu"])
        deterrence.append(ex.actors["karsk"].deterrence)
    assert deterrence[1] > deterrence[0] > 1.0


def test_public_attribution_on_thin_evidence_backfires(bench):
    """Attributing the right actor without evidence costs trust, decision integrity and credibility, and
    barely deters."""
    ex = bench()
    ex.launch_operation("karsk", "disinformation_campaign", "rigged")  # karsk is behind it, but nobody can show it
    trust0 = ex.population.indicator_levels()["public_trust"]
    _order(ex, "public_attribution karsk")
    ex.run_until(day(3))
    assert _executed(ex, "public_attribution")[0].payload["outcome"] == "backfired"
    assert ex.population.indicator_levels()["public_trust"] < trust0
    assert ex.indicators.damage["decision_integrity"] > 0
    assert ex.indicators.damage["government_credibility"] > 0
    assert ex.actors["karsk"].deterrence < 1.3


def test_persona_non_grata_removes_staff_and_stops_their_operations(bench):
    """Expelling the attaché removes him and ends the informant network he ran."""
    ex = bench()
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-attache")
    _order(ex, "persona_non_grata karsk-attache")
    ex.run_until(day(4))
    assert "karsk-attache" not in ex.actors["karsk"].staff_in_country()
    assert not op.active and "expelled" in op.outcome


def test_refuse_entry_blocks_the_replacement_of_expelled_staff(bench):
    """Without refused entry an expelled diplomat is replaced after 30 days; with it, not."""
    staff = []
    for refuse in (False, True):
        ex = bench()
        op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge")
        ex.record_detection("service", op)  # grounds for the expulsion
        _identify(ex)  # refusing entry needs an identified state
        if refuse:
            _order(ex, "refuse_entry karsk")
        _order(ex, "persona_non_grata karsk-charge")
        ex.run_until(day(40))
        staff.append(ex.actors["karsk"].staff_in_country())
    assert "karsk-charge-2" in staff[0] and "karsk-charge-2" not in staff[1]


def test_financing_transparency_agreement_halves_covert_funding(bench):
    """An agreement on financing transparency halves what the actor's covert funding achieves."""
    ex = bench()
    _order(ex, "financing_agreement karsk")
    ex.run_until(day(16))
    assert ex.standing.barriers["karsk:covert_funding"] == pytest.approx(0.5)


def test_discourage_travel_keeps_visiting_officials_from_campaigning_here(bench):
    """Discouraging visits *to the Netherlands* hinders the state's statements and rallies on Dutch soil, costs
    relations and no trade or tourism, and needs an identified state."""
    blind = bench()
    order = _order(blind, "discourage_travel karsk")
    blind.run_until(day(3))
    [failed] = [e for e in blind.log if e.kind == "response.failed" and e.payload["order"] == order.order_id]
    assert "not identified" in failed.payload["reason"]

    ex = bench()
    _identify(ex)
    _order(ex, "discourage_travel karsk")
    ex.run_until(day(4))
    assert ex.standing.through("karsk", "meddling_statement") == pytest.approx(0.6)
    assert ex.standing.through("karsk", "diaspora_mobilisation") == pytest.approx(0.75)
    assert ex.costs.relations["karsk"] > 2.0  # the protest, and the state's answer
    assert ex.indicators.damage["economic_openness"] == 0


def test_sanctions_deter_strongly_and_cost_trade(bench):
    """Sanctions with a partner raise deterrence by more than an attribution alone, and cost the open economy."""
    ex = bench()
    _identify(ex)
    _order(ex, "sanctions karsk partners=eu")
    ex.run_until(day(10))
    assert 1 + sum(c[2] for c in ex.actors["karsk"].costs) == pytest.approx(1.0 + 2.5)
    assert ex.indicators.damage["economic_openness"] > 0


# -- resilience ---------------------------------------------------------------------------------------------

def test_election_safeguards_shield_the_vote(bench):
    """Counting by hand shields election integrity against a cyber operation on the election."""
    damage = []
    for safeguard in (True, False):
        ex = bench()
        if safeguard:
            _order(ex, "election_safeguards")
        ex.run_until(day(5))
        ex.launch_operation("karsk", "cyber_operation", "election")
        ex.run_until(day(12))
        damage.append(ex.indicators.damage["election_integrity"])
    assert damage[0] < 0.5 * damage[1]


def test_cyber_hardening_closes_detected_intrusions(bench):
    """Hardening closes a detected hack before its leak and shields cyber resilience."""
    ex = bench()
    _order(ex, "cyber_hardening")  # takes effect at 72 h
    ex.run_until(12.0)
    op = ex.launch_operation("karsk", "hack_and_leak", "party-x")  # would leak at 84 h
    ex.record_detection("service", op)
    ex.run_until(day(6))
    assert not op.active and not any(e.kind == "leak" for e in ex.log)
    assert ex.indicators.shield["cyber_resilience"] > 0


def test_hardened_networks_close_an_intrusion_as_soon_as_it_is_detected(bench):
    """After hardening, detecting a hack closes it on the spot, before anything leaks."""
    ex = bench()
    _order(ex, "cyber_hardening")
    ex.run_until(day(4))
    op = ex.launch_operation("karsk", "hack_and_leak", "party-x")
    ex.record_detection("service", op)
    assert not op.active and op.outcome == "disrupted: intrusion closed on detection"
    ex.run_until(day(9))
    assert not any(e.kind == "leak" for e in ex.log)


def test_protect_office_holders_halves_intimidation(bench):
    """Trained and protected office holders suffer less from intimidation."""
    damage = []
    for protect in (True, False):
        ex = bench()
        if protect:
            _order(ex, "protect_office_holders")
        ex.run_until(day(5))
        ex.launch_operation("karsk", "intimidation_office_holders")
        ex.run_until(day(15))
        damage.append(ex.indicators.damage["decision_integrity"])
    assert damage[0] < 0.6 * damage[1]


def test_community_outreach_lowers_fear_and_strengthens_the_group(bench):
    """Outreach to the diaspora lowers fear and makes its organisation harder to steer."""
    ex = bench()
    fear0, influence0 = ex.population.diaspora_state()["karsk"]["fear"], ex.actors["karsk-union"].influence
    _order(ex, "community_outreach diaspora-k")
    ex.run_until(day(4))
    assert ex.population.diaspora_state()["karsk"]["fear"] < fear0
    assert ex.actors["karsk-union"].influence < influence0


def test_reporting_line_makes_diaspora_pressure_visible(bench):
    """A reporting line makes a diaspora tax three times easier to detect."""
    ex = bench()
    op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge")
    before = ex.signature_factor(op)
    _order(ex, "reporting_line karsk")
    ex.run_until(day(5))
    assert ex.signature_factor(op) > 2.5 * before


def test_police_protection_stops_known_coercion(bench):
    """Police protection ends a known diaspora tax in the protected segment."""
    ex = bench()
    op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge")
    ex.record_detection("service", op)
    _order(ex, "police_protection diaspora-k")
    ex.run_until(day(3))
    assert not op.active and op.outcome == "disrupted: police protection"


# -- municipal tracks ---------------------------------------------------------------------------------------

def test_municipal_dialogue_builds_resilience_and_repairs_cohesion(bench):
    """Track 1 strengthens the community's organisation and repairs some cohesion damage."""
    ex = bench()
    ex.indicators.hit("social_cohesion", 5)
    influence0 = ex.actors["karsk-union"].influence
    _order(ex, "municipal_dialogue", cell="town")
    ex.run_until(day(3))
    assert ex.actors["karsk-union"].influence < influence0
    assert ex.indicators.damage["social_cohesion"] < 5


def test_municipal_confront_halves_known_operations_with_some_friction(bench):
    """Track 2 halves the intensity of known operations through the group."""
    ex = bench()
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-attache")
    ex.record_detection("service", op)
    _order(ex, "municipal_confront diaspora-k")
    ex.run_until(day(3))
    assert op.params["intensity"] == pytest.approx(0.5)


def test_municipal_enforce_needs_a_known_operation_then_stops_it_at_a_cost(bench):
    """Track 3 is refused without a known operation; with one it stops it and chills speech."""
    ex = bench()
    refused = ex.submit("government", "municipal_enforce diaspora-k")
    assert not refused.accepted and "no known operation" in refused.message
    op = ex.launch_operation("karsk", "covert_funding", "karsk-union", params={"recipient": "religious"})
    ex.record_detection("service", op)
    _order(ex, "municipal_enforce diaspora-k")
    ex.run_until(day(4))
    assert not op.active
    assert ex.indicators.damage["fundamental_freedoms"] > 0


def test_public_order_measures_stop_mobilisation_and_restrict_freedoms(bench):
    """Public-order measures end a mobilisation and cost fundamental freedoms."""
    ex = bench()
    op = ex.launch_operation("karsk", "diaspora_mobilisation", "karsk-union")
    _order(ex, "public_order_measures")
    ex.run_until(day(2))
    assert not op.active
    assert ex.indicators.damage["fundamental_freedoms"] > 1.5  # 2 points, recovering since


# -- long-lead measures: tests/agents/test_long_lead.py ---------------------------------------------------------


# -- the heavy hand ------------------------------------------------------------------------------------------

def test_censor_outlet_silences_it_and_costs_freedoms_and_trust(bench):
    """Censoring the state outlet stops its publishing but costs fundamental freedoms and trust."""
    ex = bench()
    trust0 = ex.population.indicator_levels()["public_trust"]
    _order(ex, "censor_outlet karsk-news")
    ex.run_until(day(2))
    assert ex.actors["karsk-news"].censored
    assert ex.indicators.value("fundamental_freedoms") < ex.indicators.start["fundamental_freedoms"] - 5
    assert ex.population.indicator_levels()["public_trust"] < trust0


def test_ban_organisation_stops_its_operations_at_a_high_cost(bench):
    """Banning the diaspora union ends operations run through it and costs freedoms, cohesion and trust."""
    ex = bench()
    op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge")
    _order(ex, "ban_organisation karsk-union")
    ex.run_until(day(9))
    assert ex.actors["karsk-union"].banned and not op.active
    assert ex.indicators.damage["fundamental_freedoms"] > 5  # 6 points, recovering since
    assert ex.indicators.damage["social_cohesion"] > 0
