"""The diplomatic ladder in order: summons, a request for withdrawal, persona non grata, closing an office."""

from __future__ import annotations

import pytest

from sim.catalogue.blue_diplomacy import CLOSE_OFFICE_DIASPORA, CLOSE_OFFICE_KEEP, SKIPPED_LADDER_RELATIONS
from tests.agents.conftest import day
from tests.agents.toolbox import costs, identify, known, order, outcome, toolbox

RESOLUTE = (("    risk: balanced\n    budget: 1000", "    risk: balanced\n    resolve: 0.9\n    budget: 1000"),)


def _relations(ex, oid):
    return [c.payload["points"] for c in costs(ex, "bilateral_relations") if c.payload["order"] == oid]


def test_summoning_needs_an_identified_state_costs_relations_and_is_answered_in_kind():
    """A summons without evidence fails; with it the state meets a cost above a démarche's, summons the Dutch
    ambassador in return, and a second summons within a fortnight is worth half."""
    blind = toolbox()
    oid = order(blind, "summon_ambassador karsk")
    blind.run_until(day(1.6))
    assert "not identified" in outcome(blind, oid).payload["reason"]
    ex = toolbox()
    identify(ex)
    first = order(ex, "summon_ambassador karsk")
    ex.run_until(day(3))
    second = order(ex, "summon_ambassador karsk")
    ex.run_until(day(5))
    severities = [s for _, kind, s in ex.actors["karsk"].costs if kind == "summons"]
    assert severities == [pytest.approx(0.6), pytest.approx(0.3)]
    assert _relations(ex, first)[0] == 2.0 and len(_relations(ex, first)) == 2  # its own cost and the answer
    assert any(e.kind == "retaliation" and "summons the Dutch ambassador" in e.payload["answer"] for e in ex.log)
    assert outcome(ex, second).kind == "response.executed"


def test_a_state_withdraws_its_diplomat_on_request_and_saves_face():
    """On grounds, a request for withdrawal makes the attaché leave and his operation stop, for a third of an
    expulsion's relations cost and no expulsion in return; without grounds it fails."""
    ex = toolbox()
    oid = order(ex, "request_withdrawal karsk-attache")
    ex.run_until(day(4.1))
    assert "no grounds" in outcome(ex, oid).payload["reason"]
    op = known(ex, "informant_network", "karsk-union", staff="karsk-attache")
    oid = order(ex, "request_withdrawal karsk-attache")
    ex.run_until(day(9))
    assert outcome(ex, oid).payload["outcome"] == "withdrawn"
    assert "karsk-attache" not in ex.actors["karsk"].staff_in_country() and not op.active
    assert _relations(ex, oid) == [1.0]
    assert not any(e.kind == "retaliation" for e in ex.log)


def test_a_resolute_state_refuses_and_the_expulsion_that_follows_is_in_order():
    """A resolute state keeps its diplomat; persona non grata after the refused request costs no more than its
    own price, while an expulsion with no lower rung before it costs extra relations."""
    ex = toolbox(replace=RESOLUTE)
    known(ex, "informant_network", "karsk-union", staff="karsk-attache")
    oid = order(ex, "request_withdrawal karsk-attache")
    ex.run_until(day(4.1))
    assert outcome(ex, oid).payload["outcome"] == "refused"
    assert "karsk-attache" in ex.actors["karsk"].staff_in_country()
    png = order(ex, "persona_non_grata karsk-attache")
    ex.run_until(day(6.2))
    assert outcome(ex, png).payload["skipped_ladder"] is False
    assert SKIPPED_LADDER_RELATIONS not in _relations(ex, png)

    skipped = toolbox(replace=RESOLUTE)
    known(skipped, "informant_network", "karsk-union", staff="karsk-attache")
    png = order(skipped, "persona_non_grata karsk-attache")
    skipped.run_until(day(3.1))
    assert outcome(skipped, png).payload["skipped_ladder"] is True
    assert SKIPPED_LADDER_RELATIONS in _relations(skipped, png)


def test_closing_an_office_is_the_last_rung_and_the_diaspora_pays_the_consular_cost():
    """Refused before an expulsion or a request; after one, on grounds, the consul leaves, the state's networks
    in the diaspora get half as far, the diaspora loses consular services, and the state closes the Dutch
    consulate in return."""
    ex = toolbox()
    refused = ex.submit("government", "close_office karsk")
    assert not refused.accepted and "last rung" in refused.message
    known(ex, "informant_network", "karsk-union", staff="karsk-attache")
    order(ex, "request_withdrawal karsk-attache")
    ex.run_until(day(4.1))
    oid = order(ex, "close_office karsk")
    ex.run_until(day(13))
    assert outcome(ex, oid).kind == "response.executed"
    assert "karsk-consul" not in ex.actors["karsk"].staff_in_country()
    assert ex.standing.through("karsk", "diaspora_tax") == pytest.approx(CLOSE_OFFICE_KEEP)
    assert [c.payload["points"] for c in costs(ex, "diaspora_security")] == [CLOSE_OFFICE_DIASPORA]
    assert any(e.kind == "retaliation" and "consulate" in e.payload["answer"] for e in ex.log)


def test_a_centre_of_expertise_advises_but_never_attributes():
    """Hybrid CoE is no partner in a joint attribution: naming it is refused, and it declines if consulted."""
    ex = toolbox(replace=(("  - {id: eu, kind: partner, weight: 0.5, info_sharing: 0.05}",
                           "  - {id: eu, kind: partner, weight: 0.5, info_sharing: 0.05}\n"
                           "  - {id: hybrid-coe, kind: partner, role: centre_of_expertise, info_sharing: 0.04}"),))
    identify(ex)
    refused = ex.submit("government", "public_attribution karsk partners=eu,hybrid-coe")
    assert not refused.accepted and "centre of expertise" in refused.message
    assert ex.actors["hybrid-coe"].decide("karsk", 1.0) == (False, "hybrid-coe is a centre of expertise: it may "
                                                                   "advise, not attribute")
    before = ex.actors["service"].info_position
    order(ex, "partner_info_sharing")
    ex.run_until(day(2.1))
    assert ex.actors["service"].info_position > before
