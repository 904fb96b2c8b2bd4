"""Responses are dilemmas: they work only at the right time, they cost the Netherlands, and who is behind
a campaign is uncertain (false flags, partners that decide for themselves).

On tests/data/dilemmas.yaml: states karsk and vostria launch nothing by themselves (tests launch and
report operations); the suspects are the two states and the two default ones (domestic-group,
troll-farm), and a state's rivals are the two non-state suspects (sim.evidence: several states can each be
behind part of a campaign); bodies see no false signals, so a cell's evidence is what a test gives it (and
the traces of the operations their bodies detect). The foreign cell (body buza) and the analysts (aivd) have
ample capacity.
"""

from __future__ import annotations

import math

import pytest

from sim.catalogue.blue import CONSUL_EXPULSION_DIASPORA
from sim.catalogue.blue_diplomacy import climb
from sim.catalogue.blue_intel import (DECLINED_PARTNER_CREDIBILITY, THIN_ATTRIBUTION_CREDIBILITY,
                                     WRONG_ATTRIBUTION_CREDIBILITY)
from sim.actions import ACTIONS
from sim.exercise import Exercise
from sim.scenario import parse_scenario
from tests.agents.conftest import DILEMMAS, day

PLAYERS = ("crisis", "foreign", "analysts")
STATE_RIVALS = 2  # a state's confidence is weighed against domestic-group and troll-farm


@pytest.fixture
def dilemmas(dilemmas_scenario):
    """A factory of fresh exercises on the dilemmas bench, every cell held by a player."""

    def make(seed: int = 3) -> Exercise:
        return Exercise(dilemmas_scenario, seed=seed, players=PLAYERS)

    return make


def _variant(seed: int = 3, drop: str = "", replace: tuple[str, str] = ("", "")) -> Exercise:
    """The dilemmas bench with the lines naming ``drop`` left out and one text replacement."""
    text = DILEMMAS.read_text(encoding="utf-8")
    if drop:
        text = "\n".join(line for line in text.splitlines() if drop not in line)
    if replace[0]:
        assert replace[0] in text
        text = text.replace(*replace)
    return Exercise(parse_scenario(text, "dilemmas"), seed=seed, players=PLAYERS)


def _order(ex, text, cell="foreign"):
    result = ex.submit(cell, text)
    assert result.accepted, result.message
    return result.order_id


def _outcome(ex, order_id):
    """(kind, payload) of the order's response.executed or response.failed event."""
    [event] = [e for e in ex.log
               if e.kind in ("response.executed", "response.failed") and e.payload["order"] == order_id]
    return event.kind, event.payload


def _failed_because(ex, order_id, cell="foreign") -> str:
    """The reason the order had no effect; asserts the ordering cell was told."""
    kind, payload = _outcome(ex, order_id)
    assert kind == "response.failed", payload
    seen = [e for e in ex.observe(cell).events if e["kind"] == "response.failed" and e["payload"]["order"] == order_id]
    assert seen, "the ordering cell is told why its order had no effect"
    return payload["reason"]


def _costs(ex, indicator=None):
    return [e for e in ex.log
            if e.kind == "cost.incurred" and (indicator is None or e.payload["indicator"] == indicator)]


def _evidence(ex, cell, suspect, weight):
    """``cell`` receives a report worth ``weight`` pointing at ``suspect``."""
    ex.evidence.add(f"test:{cell}:{suspect}:{weight}", suspect, weight, [cell])


def _weight_for(confidence: float) -> float:
    """Weight on a state that gives it ``confidence`` against its rivals at zero."""
    return math.log(confidence * STATE_RIVALS / (1.0 - confidence))


# -- timing: an order at the wrong time has no effect, and says why ------------------------------------------

BENCH_SEED = {"seed_share": 10 / 600}
"""The bench has 600 citizens, where a campaign's usual 0.2% is one spreader that may die out at once:
these tests seed ten, as a full-size scenario does in proportion (sim.seeding)."""


def test_a_debunk_before_the_narrative_circulates_fails_and_says_why(dilemmas):
    """With nothing circulating there is nothing to correct: the debunk fails with the reason and changes
    no belief; once the narrative circulates the same order works."""
    ex = dilemmas()
    early = _order(ex, "debunk rigged")
    ex.run_until(day(1.5))
    assert "not circulating" in _failed_because(ex, early)
    assert ex.population.narrative_counts()["rigged"]["fact_checker"] == 0
    ex.launch_operation("karsk", "disinformation_campaign", "rigged", params=BENCH_SEED)
    ex.run_until(day(4))
    assert ex.population.narrative_counts()["rigged"]["reach"] > 0.05
    later = _order(ex, "debunk rigged")
    ex.run_until(day(5))
    assert _outcome(ex, later)[0] == "response.executed"


def test_a_debunk_weakens_with_the_narratives_age(dilemmas):
    """A correction two days after the launch keeps most of its strength; four weeks on, only the floor."""
    effect = {}
    for days_late in (2, 28):
        ex = dilemmas()
        ex.launch_operation("karsk", "disinformation_campaign", "rigged", params=BENCH_SEED)
        ex.run_until(days_late * 24.0 - 6.0)  # the debunk takes effect six hours after it is ordered
        order = _order(ex, "debunk rigged")
        ex.run_until(days_late * 24.0 + 1.0)
        kind, payload = _outcome(ex, order)
        assert kind == "response.executed"
        effect[days_late] = payload["effect"]
    assert effect[2] == pytest.approx(0.5 ** (2 / 14), abs=0.01)
    assert effect[28] == pytest.approx(0.25, abs=0.01)


def test_election_safeguards_come_too_late_after_election_day_and_once_is_enough(dilemmas):
    """Safeguards in place before the vote (day 10) shield it; a second order adds nothing; an order that
    takes effect after the vote — even one given before it, three days' lead time too late — fails."""
    ex = dilemmas()
    first = _order(ex, "election_safeguards")
    ex.run_until(day(5))
    assert _outcome(ex, first)[0] == "response.executed"
    shield = ex.indicators.shield["election_integrity"]
    assert shield > 0.5
    second = _order(ex, "election_safeguards")
    ex.run_until(day(9))
    assert "already safeguarded" in _failed_because(ex, second)
    assert ex.indicators.shield["election_integrity"] == shield

    for ordered in (day(8), day(11)):  # effective day 11 and day 14; the vote is on day 10
        late = dilemmas()
        late.run_until(ordered)
        order = _order(late, "election_safeguards")
        late.run_until(ordered + 80.0)
        assert "too late" in _failed_because(late, order)
        assert late.indicators.shield["election_integrity"] == 0


def test_a_demarche_against_an_unidentified_state_fails_and_sanctions_need_more(dilemmas):
    """A démarche needs the cell's evidence to point at the state (50%): without it, it fails, costs no
    relations and deters nothing. At about 62% the démarche works; sanctions, which need 75%, still fail."""
    ex = dilemmas()
    assert ex.evidence.confidence("foreign", "karsk") == pytest.approx(1 / 3)  # the uniform prior
    order = _order(ex, "demarche karsk")
    ex.run_until(day(2.5))
    reason = _failed_because(ex, order)
    assert "karsk is not identified" in reason and "33%" in reason and "needs 50%" in reason
    assert ex.actors["karsk"].deterrence == 1.0
    assert _costs(ex) == []

    _evidence(ex, "foreign", "karsk", _weight_for(0.62))
    assert ex.evidence.confidence("foreign", "karsk") == pytest.approx(0.62)
    demarche = _order(ex, "demarche karsk")
    sanctions = _order(ex, "sanctions karsk")
    ex.run_until(day(10))
    assert _outcome(ex, demarche)[0] == "response.executed"
    assert 1 + sum(c[2] for c in ex.actors["karsk"].costs) == pytest.approx(1.3)  # before it decays
    assert "needs 75%" in _failed_because(ex, sanctions)
    assert [c.payload["order"] for c in _costs(ex)] == [demarche]


def test_persona_non_grata_without_grounds_fails(dilemmas):
    """An expulsion needs a known operation the staff member ran: with none, or with one the consul ran
    when the order names the attaché, the lawyers do not sign and the attaché stays."""
    ex = dilemmas()
    order = _order(ex, "persona_non_grata karsk-attache")
    ex.run_until(day(3.5))
    assert "no grounds" in _failed_because(ex, order)
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-consul")
    ex.record_detection("buza", op)
    order = _order(ex, "persona_non_grata karsk-attache")
    ex.run_until(day(6.5))
    assert "no grounds" in _failed_because(ex, order)
    assert "karsk-attache" in ex.actors["karsk"].staff_in_country()
    assert _costs(ex, "bilateral_relations") == []


# -- Dutch-side costs ---------------------------------------------------------------------------------------

def _expel(ex, staff="karsk-attache"):
    """Expel ``staff`` on grounds (a known operation they ran), after a démarche (the ladder in order: skipping
    it costs more, tests/agents/test_diplomatic_ladder.py); returns the order id."""
    climb(ex, "karsk", "demarche")
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff=staff)
    ex.record_detection("buza", op)
    order = _order(ex, f"persona_non_grata {staff}")
    ex.run_until(day(3.5))
    assert _outcome(ex, order)[0] == "response.executed"
    return order


def test_an_expulsion_costs_relations_with_that_state_and_with_two_states_half_the_indicator():
    """An expulsion strains relations (3 points), and the state expels a Dutch diplomat in return a day and a
    half later (5 more at resolve 0.5: sim.retaliation), both with it. With one state in the scenario that is
    8 off bilateral_relations; with two, relations with the other are intact and the indicator (their mean)
    moves by half."""
    damage = {}
    for states, ex in ((1, _variant(drop="id: vostria")), (2, _variant())):
        assert len(ex.costs.states) == states
        order = _expel(ex)
        ex.run_until(day(5))
        costs = _costs(ex, "bilateral_relations")
        assert [(c.payload["state"], c.payload["points"], c.payload["order"]) for c in costs] == [
            ("karsk", 3.0, order), ("karsk", 5.0, order)]
        assert "expels a Dutch diplomat in return" in costs[1].payload["reason"]
        assert ex.costs.relations["karsk"] == 8.0
        damage[states] = ex.indicators.damage["bilateral_relations"]
    assert ex.costs.relations["vostria"] == 0.0
    assert 7.5 < damage[1] <= 8.0  # mending slowly since
    assert damage[2] == pytest.approx(damage[1] / 2)


def test_expelling_a_consul_costs_the_diasporas_security(dilemmas):
    """Expelling a consul cuts consular services the diaspora needs; expelling the attaché does not (the
    informant network either ran, the grounds for the expulsion, harms the diaspora too: the difference is
    the cost)."""
    damage = {}
    for staff in ("karsk-consul", "karsk-attache"):
        ex = dilemmas()
        _expel(ex, staff)
        damage[staff] = ex.indicators.damage["diaspora_security"]
        costs = _costs(ex, "diaspora_security")
        assert [c.payload["points"] for c in costs] == ([CONSUL_EXPULSION_DIASPORA] if staff == "karsk-consul" else [])
    assert damage["karsk-consul"] - damage["karsk-attache"] > 0.95 * CONSUL_EXPULSION_DIASPORA


def test_sanctions_cost_the_open_economy(dilemmas):
    """Sanctions cost trade (1 point of economic_openness, and 2 more when the state restricts Dutch imports in
    return), and relations too. (Discouraging visits to the Netherlands costs no trade: test_blue_actions.)"""
    for text, points in (("sanctions karsk", (1.0, 2.0)),):
        ex = dilemmas()
        _evidence(ex, "foreign", "karsk", 5.0)
        order = _order(ex, text)
        ex.run_until(ACTIONS[text.split()[0]].lead_hours + 1.0)
        assert _outcome(ex, order)[0] == "response.executed"
        ex.run_until(ACTIONS[text.split()[0]].lead_hours + 48.0)
        assert tuple(c.payload["points"] for c in _costs(ex, "economic_openness")) == points
        assert 0.95 * sum(points) < ex.indicators.damage["economic_openness"] <= sum(points)  # mending since
        assert ex.costs.relations["karsk"] > 0
        assert ex.indicators.damage["economic_security"] == 0  # a cost to openness, not red damage


def test_a_platform_notice_without_evidence_costs_free_speech(dilemmas):
    """Leaning on a platform without a known network to show: it does not act, and free speech pays."""
    ex = dilemmas()
    order = _order(ex, "platform_notice chat")
    ex.run_until(day(1.75))
    assert "no inauthentic network" in _failed_because(ex, order)
    [cost] = _costs(ex, "fundamental_freedoms")
    assert cost.payload["order"] == order
    assert ex.indicators.damage["fundamental_freedoms"] > 0

    shown = dilemmas()  # with a known network the platform acts and free speech pays nothing
    amp = shown.launch_operation("karsk", "inauthentic_amplification", "rigged", params={"platform": "chat"})
    shown.record_detection("buza", amp)
    order = _order(shown, "platform_notice chat")
    shown.run_until(day(1.75))
    assert _outcome(shown, order)[1]["outcome"] == "takedown"
    assert _costs(shown, "fundamental_freedoms") == []


def test_political_capital_is_spent_and_an_order_is_refused_when_it_is_short():
    """Heavy measures spend political capital when accepted; with too little left the order is refused
    with the numbers, and the refusal spends nothing."""
    ex = _variant(replace=("political_capital: 100", "political_capital: 20"))
    _order(ex, "sanctions karsk")  # 15
    assert ex.capital.left == 5
    [spent] = [e for e in ex.log if e.kind == "capital.spent"]
    assert (spent.payload["amount"], spent.payload["left"]) == (15, 5)
    reason = ex.can_order("foreign", "persona_non_grata karsk-attache")
    assert reason == "persona_non_grata needs 10 political capital; 5 of 20 is left"
    refused = ex.submit("foreign", "persona_non_grata karsk-attache")
    assert not refused.accepted and refused.message == reason
    assert ex.capital.left == 5
    _order(ex, "refuse_entry karsk")  # 5: exactly what is left
    assert ex.capital.left == 0
    assert "political capital" in ex.can_order("foreign", "public_attribution karsk")
    assert ex.can_order("foreign", "demarche karsk") is None  # a démarche spends none


# -- ambiguous attribution ------------------------------------------------------------------------------------

def _flagged_campaign(ex, n=3, decoy="domestic-group"):
    """``n`` karsk operations carrying a false flag, detected by the foreign cell's and the analysts' bodies."""
    ops = []
    for _ in range(n):
        op = ex.launch_operation("karsk", "disinformation_campaign", "rigged", params={"false_flag": decoy})
        for body in ("buza", "aivd"):
            ex.record_detection(body, op)
        ops.append(op)
    return ops


def test_a_false_flag_misleads_a_cell_that_does_not_investigate_and_an_investigation_unmasks_it(dilemmas):
    """Every trace of a flagged operation points at the decoy, so both cells first suspect the domestic group.
    The analysts investigate karsk: they unmask the flags (only they are told) and end up with karsk. The
    foreign cell, which did not investigate, still leads with the decoy; naming it publicly proves wrong
    and costs credibility, while the analysts' attribution to karsk holds."""
    ex = dilemmas()
    ops = _flagged_campaign(ex)
    for cell in ("foreign", "analysts"):
        assert ex.evidence.leading(cell)[0] == "domestic-group"
    assert all(e.payload["points_to"] == "domestic-group" for e in ex.log if e.kind == "detection")
    _order(ex, "investigate karsk", cell="analysts")
    ex.run_until(day(16))

    unmasked = [e for e in ex.log if e.kind == "false_flag.unmasked"]
    assert unmasked and {e.payload["decoy"] for e in unmasked} == {"domestic-group"}
    assert {e.payload["operation"] for e in unmasked} <= {op.id for op in ops}
    assert all(tuple(e.visible_to) == ("analysts",) for e in unmasked)
    assert ex.evidence.leading("analysts")[0] == "karsk"
    assert ex.evidence.confidence("analysts", "karsk") >= 0.9
    suspect, confidence = ex.suspicion("foreign")
    assert suspect == "domestic-group" and confidence > 0.5

    wrong = _order(ex, "public_attribution domestic-group")
    holds = _order(ex, "public_attribution karsk", cell="analysts")
    ex.run_until(day(18))
    assert _outcome(ex, wrong)[1]["outcome"] == "wrong"
    assert _outcome(ex, holds)[1]["outcome"] == "holds"
    [cost] = _costs(ex, "government_credibility")
    assert (cost.payload["order"], cost.payload["points"]) == (wrong, WRONG_ATTRIBUTION_CREDIBILITY)
    assert ex.indicators.damage["government_credibility"] > 0.95 * WRONG_ATTRIBUTION_CREDIBILITY
    assert _costs(ex, "bilateral_relations")[0].payload["order"] == holds  # the decoy is no state: no relations


def test_a_wrong_attribution_to_a_state_costs_credibility_and_relations_with_it(dilemmas):
    """Accusing vostria of karsk's campaign proves wrong: credibility and relations with vostria pay."""
    ex = dilemmas()
    ex.launch_operation("karsk", "disinformation_campaign", "rigged")
    _evidence(ex, "foreign", "vostria", 6.0)
    order = _order(ex, "public_attribution vostria")
    ex.run_until(day(2.5))
    assert _outcome(ex, order)[1]["outcome"] == "wrong"
    assert [c.payload["points"] for c in _costs(ex, "government_credibility")] == [WRONG_ATTRIBUTION_CREDIBILITY]
    assert ex.costs.relations["vostria"] > 0 and ex.costs.relations["karsk"] == 0
    assert ex.actors["vostria"].deterrence == 1.0 and ex.actors["karsk"].deterrence == 1.0


def test_a_deceptive_state_plants_its_false_flags():
    """A state with ``false_flags`` and ``deception: 1`` makes every operation it launches point at a decoy."""
    ex = _variant(replace=("    techniques: []\n    staff: [{id: karsk-consul",
                           "    techniques: [disinformation_campaign, inauthentic_amplification, cyber_operation]\n"
                           "    false_flags: [troll-farm]\n    deception: 1.0\n    staff: [{id: karsk-consul"))
    ex.run_until(day(12))
    launched = [op for op in ex.operations.values() if op.actor == "karsk"]
    assert launched and all(op.params.get("false_flag") == "troll-farm" for op in launched)
    points = {e.payload["points_to"] for e in ex.log if e.kind == "detection"}
    assert points == {"troll-farm"}


def test_the_partners_decide_for_themselves():
    """NATO needs 85% confidence; the EU needs 85% too, but decides by unanimity and Member B, close to karsk,
    needs 97% before it joins an attribution to karsk (none for vostria, to which it has no ties)."""
    ex = _variant()
    nato, eu = ex.actors["nato"], ex.actors["eu"]
    assert nato.decide("karsk", 0.6) == (False, "evidence too weak for nato (60%, needs 85%)")
    assert nato.decide("karsk", 0.9) == (True, "joins")
    joins, reason = eu.decide("karsk", 0.95)
    assert not joins and "Member B blocks it" in reason and "unanimity" in reason and "needs 97%" in reason
    assert eu.decide("karsk", 0.99) == (True, "joins")
    assert eu.decide("vostria", 0.9) == (True, "joins")


@pytest.mark.parametrize("confidence, joined, outcome", [
    (0.45, [], "backfired"),  # both decline on weak evidence
    (0.93, ["nato"], "holds"),  # NATO joins, Member B blocks the EU
    (0.997, ["nato", "eu"], "holds"),  # strong evidence: even Member B follows
])
def test_partners_asked_to_join_an_attribution_decline_or_join_on_the_evidence(dilemmas, confidence, joined, outcome):
    """The cell asks NATO and the EU to join, presenting its evidence. Each partner that declines says
    why (partner.declined) and costs credibility; each that joins adds its weight to the deterrence."""
    ex = dilemmas()
    ex.launch_operation("karsk", "disinformation_campaign", "rigged")
    _evidence(ex, "foreign", "karsk", _weight_for(confidence))
    order = _order(ex, "public_attribution karsk partners=nato,eu")
    ex.run_until(day(2.5))
    payload = _outcome(ex, order)[1]
    assert payload["outcome"] == outcome and list(payload["partners"]) == joined
    declined = [e for e in ex.log if e.kind == "partner.declined"]
    assert sorted(e.payload["partner"] for e in declined) == sorted({"nato", "eu"} - set(joined))
    if "nato" not in joined:
        assert "evidence too weak" in next(e.payload["reason"] for e in declined if e.payload["partner"] == "nato")
    if joined == ["nato"]:
        assert "unanimity" in declined[0].payload["reason"]
    credibility = sorted(c.payload["points"] for c in _costs(ex, "government_credibility"))
    expected = [DECLINED_PARTNER_CREDIBILITY] * len(declined) + ([THIN_ATTRIBUTION_CREDIBILITY]
                                                                 if outcome == "backfired" else [])
    assert credibility == sorted(expected)
    if outcome == "holds":
        assert 1 + sum(c[2] for c in ex.actors["karsk"].costs) == pytest.approx(2.0 + 0.5 * len(joined))
