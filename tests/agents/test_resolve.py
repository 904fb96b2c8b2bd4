"""Resolve, retaliation, switching means and proxies (agents.state_actor, sim.retaliation).

On the catalogue bench (tests/data/catalogue.yaml): karsk has every technique, a large budget and a
player-held government cell that can order everything; its campaign starts on day 1 here.
"""

from __future__ import annotations

from sim.exercise import Exercise
from sim.scenario import parse_scenario
from tests.agents.conftest import BENCH, day

COSTLY = ("public_attribution karsk partners=eu", "sanctions karsk partners=eu", "persona_non_grata karsk-attache")


def _bench(resolve: float, seed: int = 5, extra: str = "") -> Exercise:
    text = BENCH.read_text(encoding="utf-8").replace('start: "day 200"', 'start: "day 1"')
    text = text.replace("    risk: balanced\n", f"    risk: balanced\n    resolve: {resolve}\n{extra}", 1)
    return Exercise(parse_scenario(text, "bench"), seed=seed, players=("government",))


def _respond(ex: Exercise) -> None:
    """Three costly responses on strong evidence, with grounds for the expulsion."""
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-attache")
    ex.reveal(op, ["government"], source="service")
    ex.evidence.add("test:karsk", "karsk", 5.0, ["government"])
    for text in COSTLY:
        assert ex.submit("government", text).accepted, text


def _launched(ex: Exercise, after: float) -> list:
    return [op for op in ex.operations.values() if op.actor == "karsk" and op.started >= after
            and op.technique != "informant_network"]


def test_a_weak_state_folds_after_three_costly_responses_and_a_resolute_one_keeps_going():
    weak, resolute = _bench(0.1), _bench(0.9)
    for ex in (weak, resolute):
        ex.run_until(day(10))
        _respond(ex)
        ex.run_until(day(60))
    assert weak.actors["karsk"].folded and any(e.kind == "actor.folds" for e in weak.log)
    assert not _launched(weak, day(14))
    assert not resolute.actors["karsk"].folded
    assert len(_launched(resolute, day(14))) >= 3  # it comes back within the scenario


def test_deterrence_decays_faster_for_a_resolute_state():
    weak, resolute = _bench(0.1), _bench(0.9)
    for ex in (weak, resolute):
        ex.actors["karsk"].meet_response("sanctions", 4.0)
        ex.run_until(day(20))
    assert 1.0 < resolute.actors["karsk"].deterrence < weak.actors["karsk"].deterrence < 5.0


def test_a_resolute_state_comes_back_by_other_means():
    """What the Dutch side disrupted is worth less to it: after its hack-and-leaks are closed on detection
    it launches other techniques, not the same one again."""
    ex = _bench(0.9)
    actor = ex.actors["karsk"]
    ex.run_until(day(2))
    first = actor.decide() or next(op.technique for op in ex.active_operations() if op.actor == "karsk")
    for _ in range(3):
        op = ex.launch_operation("karsk", first, "party")
        ex.stop_operation(op, "disrupted: closed on detection")
    assert actor.disrupted[first] == 3
    for op in ex.active_operations():
        ex.stop_operation(op, "completed")
    assert actor.decide() != first


def test_a_standing_barrier_makes_it_switch_channel():
    ex = _bench(0.9)
    actor = ex.actors["karsk"]
    ex.run_until(day(2))
    best = max(actor.spec.techniques, key=actor.utility)
    ex.standing.hinder(f"karsk:{best}", 0.0)  # the channel is closed
    assert actor.utility(best) < max(actor.utility(t) for t in actor.spec.techniques if t != best)
    assert max(actor.spec.techniques, key=actor.utility) != best


def test_an_expulsion_draws_a_tit_for_tat_expulsion_that_the_news_reports():
    ex = _bench(0.5)
    _respond(ex)
    ex.run_until(day(6))
    answers = [e for e in ex.log if e.kind == "retaliation" and e.payload["response"] == "expulsion"]
    assert len(answers) == 1 and "expels a Dutch diplomat in return" in answers[0].payload["answer"]
    assert any(e.kind == "news" and "expels a Dutch diplomat" in e.payload["headline"] for e in ex.log)
    costs = [e for e in ex.log if e.kind == "cost.incurred" and e.payload["order"] == answers[0].payload["order"]
             and "in return" in e.payload["reason"]]
    assert [c.payload["points"] for c in costs] == [5.0]  # 5 at resolve 0.5 (scale 0.5 + resolve)


def test_a_resolute_state_answers_harder():
    points = {}
    for resolve in (0.1, 0.9):
        ex = _bench(resolve)
        _respond(ex)
        ex.run_until(day(6))
        points[resolve] = sum(e.payload["points"] for e in ex.log if e.kind == "cost.incurred"
                              and "karsk " in e.payload["reason"])
    assert points[0.9] > points[0.1] > 0


PROXY = '''suspects:
  - {id: patriot-hackers, name: "patriotic hackers", kind: proxy, state: karsk}
'''


def test_an_operation_run_through_a_proxy_first_points_at_the_proxy():
    text = BENCH.read_text(encoding="utf-8").replace('start: "day 200"', 'start: "day 1"')
    text = text.replace("    risk: balanced\n", "    risk: balanced\n    proxies: [patriot-hackers]\n    deniability: 1.0\n", 1)
    text = text.replace("objectives:\n", PROXY + "objectives:\n", 1)
    ex = Exercise(parse_scenario(text, "bench"), seed=5, players=("government",))
    ex.run_until(day(3))  # its own daily decisions have launched operations by now
    ops = [op for op in ex.operations.values() if op.actor == "karsk"]
    assert ops and all(op.params.get("via") == "patriot-hackers" for op in ops)
    ex.record_detection("ministry", ops[0])
    assert ex.evidence.leading("government")[0] == "patriot-hackers"
    assert ex.signature_factor(ops[0]) < 1.0  # the cut-out is quieter


def test_a_proxy_must_work_for_the_state_that_uses_it():
    import pytest

    from sim.scenario import ScenarioError

    text = BENCH.read_text(encoding="utf-8").replace("    risk: balanced\n", "    risk: balanced\n    proxies: [nobody]\n", 1)
    with pytest.raises(ScenarioError, match="proxies"):
        parse_scenario(text, "bench")


def test_white_changes_a_states_doctrine_profile_during_the_exercise():
    """``actor_profile`` is White's: it sets risk and resolve, says what was before, and weighs folding again."""
    ex = _bench(0.1)
    ex.run_until(day(10))
    _respond(ex)
    ex.run_until(day(14))
    assert ex.actors["karsk"].folded
    assert not ex.submit("government", "actor_profile karsk resolve=0.9").accepted  # not a player's
    assert "between 0 and 1" in ex.submit("white", "actor_profile karsk resolve=2").message
    result = ex.submit("white", "actor_profile karsk risk=risk_seeking resolve=0.9")
    assert result.accepted, result.message
    ex.run_until(day(15))
    done = next(e for e in ex.log if e.kind == "response.executed" and e.payload["order"] == result.order_id)
    assert done.payload["before"] == {"risk": "balanced", "resolve": 0.1}
    assert done.payload["after"] == {"risk": "risk_seeking", "resolve": 0.9}
    assert not ex.actors["karsk"].folded  # the same costs are within what it now accepts
    ex.run_until(day(40))
    assert _launched(ex, day(15))  # and it acts again
