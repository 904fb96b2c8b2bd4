"""Crisis communication and the political level do what they say, cost what they should and refuse what they must."""

from __future__ import annotations

import pytest

from agents.parliament import DEBATE_CAPITAL, EMPTY_HANDED_CREDIBILITY, OVERDUE_CREDIBILITY
from sim.catalogue.blue_comms import NO_ANSWER_CREDIBILITY
from sim.catalogue.blue_political import CRISIS_STAFF_DAYS
from tests.agents.conftest import day
from tests.agents.toolbox import costs, identify, known, order, outcome, toolbox


def _trust(ex):
    return float(ex.population.trust.mean())


def _executed(ex, oid):
    event = outcome(ex, oid)
    assert event is not None and event.kind == "response.executed", event and event.payload
    return event.payload


# -- public statement ------------------------------------------------------------------------------

def test_a_statement_needs_something_to_say():
    """With no known interference and no circulating claim a statement fails at the price of its staff time."""
    ex = toolbox()
    oid = order(ex, "public_statement")
    ex.run_until(day(1.5))
    assert "nothing to say" in outcome(ex, oid).payload["reason"]


def test_a_statement_raises_trust_and_counts_most_before_the_story_breaks():
    """Before the first national news its effect is full; six days after the story broke, a quarter (half-life
    three days); either way it raises trust against a twin run without it."""
    effect, gain = {}, {}
    for early in (True, False):
        for speak in (True, False):
            ex = toolbox()
            known(ex, "covert_funding", "party")
            if not early:
                ex.publish_news("public-tv", "Secret money for a party", about="leak", ref="x")
            ex.run_until(day(7))
            before = _trust(ex)
            if speak:
                oid = order(ex, "public_statement")
            ex.run_until(day(7.5))
            if speak:
                effect[early] = _executed(ex, oid)["effect"]
                gain[early] = _trust(ex) - before
            else:
                gain[early] -= _trust(ex) - before
    assert effect[True] == pytest.approx(1.0)
    assert effect[False] == pytest.approx(0.25, abs=0.02)
    assert gain[True] > gain[False] > 0


def test_statements_wear_with_repetition():
    """A second statement within three days is worth half the first."""
    ex = toolbox()
    known(ex, "covert_funding", "party")
    first = order(ex, "public_statement")
    ex.run_until(day(1.5))
    second = order(ex, "public_statement")
    ex.run_until(day(2))
    assert _executed(ex, second)["effect"] == pytest.approx(0.5 * _executed(ex, first)["effect"])


def test_naming_a_claim_that_does_not_circulate_spreads_it():
    """A statement about a narrative nobody has heard of seeds it; once it circulates it corrects it a little."""
    ex = toolbox()
    known(ex, "covert_funding", "party")
    assert ex.population.narrative_counts()["rigged"]["reach"] == 0
    oid = order(ex, "public_statement rigged")
    ex.run_until(day(1.5))
    assert _executed(ex, oid)["spread"] > 0
    assert ex.population.narrative_counts()["rigged"]["reach"] > 0


def test_a_statement_to_a_diaspora_reassures_it():
    """Addressed to the diaspora segment, a statement lowers its fear (a statement protecting the victims)."""
    ex = toolbox()
    known(ex, "diaspora_tax", "karsk-union")
    fear = ex.population.diaspora_state()["karsk"]["fear"]
    order(ex, "public_statement segment=diaspora-k")
    ex.run_until(day(1.5))
    assert ex.population.diaspora_state()["karsk"]["fear"] < fear
    assert not ex.submit("government", "public_statement segment=nowhere").accepted


# -- press conference ---------------------------------------------------------------------------------------

def test_a_press_conference_without_a_suspect_costs_credibility():
    """The press asks who is behind it: below 50% on the leading suspect the minister has no answer (credibility,
    half the effect); with the state identified there is no such cost."""
    for evidence in (False, True):
        ex = toolbox()
        op = known(ex, "covert_funding", "party")
        op.detected_by.setdefault("ministry", ex.now)  # one trace only: the leading suspect stays below 50%
        if evidence:
            identify(ex)
        oid = order(ex, "press_conference")
        ex.run_until(day(2.5))
        payload = _executed(ex, oid)
        no_answer = [c for c in costs(ex, "government_credibility") if c.payload["order"] == oid]
        assert payload["answered"] is evidence
        assert [c.payload["points"] for c in no_answer] == ([] if evidence else [NO_ANSWER_CREDIBILITY])
        assert payload["effect"] == pytest.approx(1.0 if evidence else 0.5)


def test_a_press_conference_corrects_every_circulating_claim():
    """Once a narrative circulates, a press conference lowers its believers against a twin run without it."""
    believers = {}
    for press in (True, False):
        ex = toolbox()
        identify(ex)
        known(ex, "disinformation_campaign", "rigged")
        ex.run_until(day(8))
        assert ex.population.narrative_counts()["rigged"]["reach"] > 0.005
        if press:
            order(ex, "press_conference")
        ex.run_until(day(12))
        believers[press] = ex.population.narrative_counts()["rigged"]["believer"]
    assert believers[True] < believers[False]


# -- Parliament ---------------------------------------------------------------------------------------------

def _questions(ex):
    return [e for e in ex.log if e.kind == "parliament.question"]


def test_parliament_asks_about_each_story_once_and_not_about_a_foreign_outlet():
    """A story in the national news prompts one written question, due in three weeks; the same story again, or
    a foreign state's outlet, prompts none."""
    ex = toolbox()
    ex.publish_news("public-tv", "Secret money for a party", about="leak", ref="x")
    ex.publish_news("public-tv", "Secret money for a party (follow-up)", about="leak", ref="x")
    ex.publish_news("karsk-news", "Karsk helps its people", about="statement", ref="y")
    ex.run_until(day(2))
    [q] = _questions(ex)
    assert q.payload["due"] == pytest.approx(q.t + 21 * 24)


def test_an_unanswered_question_costs_credibility_and_a_letter_answers_all():
    """Past its deadline a question costs credibility once; a letter closes every open question, and with
    nothing to report a letter fails."""
    ex = toolbox()
    oid = order(ex, "letter_to_parliament")
    ex.run_until(day(3.5))
    assert "nothing to report" in outcome(ex, oid).payload["reason"]
    ex.publish_news("public-tv", "Secret money for a party", about="leak", ref="x")
    ex.run_until(day(25))
    assert [c.payload["points"] for c in costs(ex, "government_credibility")] == [OVERDUE_CREDIBILITY]
    assert any(e.kind == "parliament.overdue" for e in ex.log)
    # a cost to the government as a whole: every Dutch cell sees it, not only White
    assert set(ex.government_cells()) <= set(costs(ex, "government_credibility")[0].visible_to)
    ex.publish_news("public-tv", "Rallies in the city", about="demonstration", ref="z")
    ex.run_until(day(26))
    assert len(ex.actors["kamer"].open_questions()) == 2
    oid = order(ex, "letter_to_parliament")
    ex.run_until(day(28.1))
    assert len(_executed(ex, oid)["questions"]) == 2
    assert ex.actors["kamer"].open_questions() == []


def _pressing(ex, n=8):
    for i in range(n):
        ex.publish_news("public-tv", f"Story {i}", about="leak", ref=f"s{i}")


def test_pressure_ends_in_a_debate_that_costs_political_capital():
    """Enough open questions make the Kamer debate: political capital is spent, and without a letter in the
    fortnight before the minister comes empty-handed (credibility)."""
    ex = toolbox()
    _pressing(ex)
    capital = ex.capital.left
    ex.run_until(day(2))
    [debate] = [e for e in ex.log if e.kind == "parliament.debate"]
    assert debate.payload["empty_handed"] is True
    assert ex.capital.left == pytest.approx(capital - DEBATE_CAPITAL)
    assert EMPTY_HANDED_CREDIBILITY in [c.payload["points"] for c in costs(ex, "government_credibility")]
    assert ex.actors["kamer"].open_questions() == []


def test_a_confidential_briefing_holds_the_debate_off_for_a_fortnight():
    """Briefed in confidence, the Kamer calls no debate for 14 days though its questions stay open; a briefing
    with nothing to brief fails."""
    ex = toolbox()
    oid = order(ex, "brief_parliament")
    ex.run_until(day(2.1))
    assert "nothing to brief" in outcome(ex, oid).payload["reason"]
    known(ex, "covert_funding", "party")
    order(ex, "brief_parliament")
    ex.run_until(day(3.1))
    _pressing(ex)
    ex.run_until(day(15))
    assert not any(e.kind == "parliament.debate" for e in ex.log)
    assert len(ex.actors["kamer"].open_questions()) == 8
    ex.run_until(day(18))
    assert any(e.kind == "parliament.debate" for e in ex.log)


def test_overreach_prompts_a_question_and_pressure():
    """A heavy-handed measure is asked about and adds pressure at once."""
    ex = toolbox()
    order(ex, "censor_outlet karsk-news")
    ex.run_until(day(2.6))
    assert [q.payload["about"] for q in _questions(ex)] == ["overreach"]
    assert ex.actors["kamer"].pressure > 2.0


def test_the_letter_needs_a_parliament():
    """A scenario without a parliament refuses letters and briefings."""
    ex = toolbox(parliament=False)
    result = ex.submit("government", "letter_to_parliament")
    assert not result.accepted and "no parliament" in result.message


# -- the ministerial crisis structure --------------------------------------------------------------

def test_the_crisis_structure_pools_every_picture_daily_at_the_price_of_staff():
    """While it sits, what one cell learns reaches every cell within a day, and each non-municipal body gives
    half a staff-day a day; it needs a crisis and sits once at a time."""
    ex = toolbox()
    refused = ex.submit("government", "convene_crisis_structure")
    assert not refused.accepted and "no crisis" in refused.message
    known(ex, "covert_funding", "party")
    used = {b: ex.actors[b].capacity.used for b in ("ministry", "service", "town-hall")}
    oid = order(ex, "convene_crisis_structure")
    assert "already being convened" in ex.submit("government", "convene_crisis_structure").message
    ex.run_until(day(3))
    assert "already sits" in ex.submit("government", "convene_crisis_structure").message
    later = known(ex, "cyber_operation", "election")
    assert later not in ex.known_operations("town")
    ex.run_until(day(4.1))
    assert later in ex.known_operations("town")
    ex.run_until(day(20))
    meetings = [e for e in ex.log if e.kind == "crisis.meeting" and e.payload["order"] == oid]
    assert len(meetings) == 14
    spent = ex.actors["service"].capacity.used - used["service"]
    assert spent == pytest.approx(14 * CRISIS_STAFF_DAYS)
    assert ex.actors["town-hall"].capacity.used == used["town-hall"]
