"""The campaign planner (sim.campaign): preconditions, decomposition, channels and switching them.

On the catalogue bench (tests/data/catalogue.yaml) with the campaign starting on day 1; the government
cell is held by a player who orders only what a test says. hybrid-campaign is checked with nobody
responding: most distinct operations come from Morvask's own plan, across at least three lines.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from sim.catalogue.red import LEAK_DELAY_HOURS
from sim.exercise import Exercise
from sim.registry import TECHNIQUES
from sim.scenario import load_scenario, parse_scenario
from tests.agents.conftest import BENCH, day

PROXY = '''suspects:
  - {id: patriot-hackers, name: "patriotic hackers", kind: proxy, state: karsk}
'''
SCENARIOS = Path(__file__).resolve().parents[2] / "scenarios"


def _bench(seed: int = 5, actor: str = "", techniques: str = "", proxies: bool = False) -> Exercise:
    text = BENCH.read_text(encoding="utf-8").replace('start: "day 200"', 'start: "day 1"')
    extra = actor + ("    proxies: [patriot-hackers]\n" if proxies else "")
    text = text.replace("    risk: balanced\n", "    risk: balanced\n    resolve: 0.9\n" + extra, 1)
    if techniques:
        start = text.index("    techniques: [disinformation_campaign")
        end = text.index("]", start) + 1
        text = text[:start] + f"    techniques: [{techniques}]" + text[end:]
    if proxies:
        text = text.replace("objectives:\n", PROXY + "objectives:\n", 1)
    return Exercise(parse_scenario(text, "bench"), seed=seed, players=("government",))


def _steps(ex: Exercise, technique: str | None = None) -> list:
    return [e for e in ex.log if e.kind == "campaign.step"
            and (technique is None or e.target.split()[0] == technique)]


def _replans(ex: Exercise, technique: str) -> list:
    return [e for e in ex.log if e.kind == "campaign.replans" and e.payload["technique"] == technique]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_hack_without_access_and_no_leak_without_a_hack(seed):
    ex = _bench(seed, techniques="hack_and_leak, cyber_operation, meddling_statement")
    ex.run_until(day(60))
    ops = sorted(ex.operations.values(), key=lambda op: op.started)
    hacks = [op for op in ops if op.technique in ("hack_and_leak", "cyber_operation")]
    assert hacks, "the planner never got to an intrusion"
    for hack in hacks:
        footholds = [op for op in ops if op.technique == "network_access" and op.target == hack.target
                     and op.outcome == "completed" and op.ends <= hack.started]
        assert footholds, f"{hack.id} {hack.technique} {hack.target!r} without access first"
    for leak in (e for e in ex.log if e.kind == "leak"):
        hack = ex.operations[leak.payload["operation"]]
        assert hack.technique == "hack_and_leak" and leak.t - hack.started >= LEAK_DELAY_HOURS
    # a red player's order meets the same precondition
    fresh = _bench(seed, techniques="hack_and_leak")
    fresh.run_until(1.0)
    reason = fresh.actors["karsk"].refusal("hack_and_leak", "party-staff")
    assert reason and "access:party-staff" in reason and "network_access" in reason


def test_a_preparation_is_valued_for_what_it_unlocks_and_not_redone():
    ex = _bench(7, techniques="hack_and_leak")
    ex.run_until(day(30))
    prep = _steps(ex, "network_access")
    assert prep and prep[0].payload["unlocks"] == "hack_and_leak" and prep[0].payload["phase"] == "prepare"
    # while the foothold holds it is not bought again: after it, the next step is the hack it unlocked
    order = [e.target for e in _steps(ex)]
    assert order[:2] == ["network_access", "hack_and_leak"]  # the bench aims at no network: target ""
    assert order.count("hack_and_leak") >= 3 and len(prep) == 1  # one foothold serves every later hack


def test_hardened_networks_make_it_switch_from_direct_intrusion_to_a_proxy():
    ex = _bench(5, techniques="cyber_operation", proxies=True)
    ex.run_until(day(9))
    first = _steps(ex, "network_access")
    assert first and first[0].payload["channel"] == "own"
    assert ex.submit("government", "cyber_hardening").accepted
    ex.run_until(day(40))
    after = [e for e in _steps(ex) if e.t > day(9) and TECHNIQUES[e.target.split()[0]].intrusion]
    assert after and all(e.payload["channel"] == "proxy:patriot-hackers" for e in after)
    switch = _replans(ex, after[0].target.split()[0])
    assert switch and switch[0].payload["from"] == "own" and switch[0].payload["to"] == "proxy:patriot-hackers"
    assert "hardened" in switch[0].payload["why"]


def test_without_a_proxy_hardened_networks_close_the_cyber_line_and_effort_moves_elsewhere():
    ex = _bench(5, techniques="cyber_operation, meddling_statement")
    ex.run_until(day(2))
    assert ex.submit("government", "cyber_hardening").accepted
    ex.run_until(day(30))
    blocked = [e for e in ex.log if e.kind == "campaign.replans" and e.payload["to"] == "nothing"]
    assert blocked and "hardened" in blocked[0].payload["why"]
    assert not [e for e in _steps(ex) if e.t > day(2) and TECHNIQUES[e.target.split()[0]].intrusion]
    assert [e for e in _steps(ex, "meddling_statement") if e.t > day(2)]


def test_an_expelled_attache_s_informants_go_on_through_the_association_the_state_steers():
    ex = _bench(5, techniques="informant_network")
    ex.run_until(day(3))
    first = _steps(ex, "informant_network")
    assert first and first[0].payload["channel"] == "own"
    actor = ex.actors["karsk"]
    runner = ex.operations[first[0].payload["operation"]].staff
    actor.expel(runner)
    ex.run_until(day(6))
    second = _steps(ex, "informant_network")[-1]
    op = ex.operations[second.payload["operation"]]
    # the network goes on, not through the expelled attaché: the association it steers takes it over
    assert op.active and op.staff != runner and second.payload["channel"] == "association:karsk-union"
    assert op.staff == "" and op.params["intensity"] < 1.0  # an association carries it less well
    switch = _replans(ex, "informant_network")
    assert switch and switch[-1].payload["to"] == "association:karsk-union"
    assert "disrupted it 1 time(s) through own" in switch[-1].payload["why"]
    for staff in actor.staff_in_country():
        actor.expel(staff)  # expelling the rest does not touch it: it no longer runs through staff
    assert op.active


def test_an_outlet_off_the_air_makes_it_build_an_audience_and_speak_through_influencers():
    ex = _bench(5, techniques="disinformation_campaign")
    ex.run_until(day(2))
    assert _steps(ex, "disinformation_campaign")[0].payload["channel"] == "outlet"
    ex.actors["karsk-news"].censored = True
    for op in ex.active_operations():
        ex.stop_operation(op, "completed")
    ex.run_until(day(40))
    prep = [e for e in _steps(ex, "audience_building") if e.t > day(2)]
    assert prep and prep[0].payload["unlocks"] == "disinformation_campaign rigged"
    later = [e for e in _steps(ex, "disinformation_campaign") if e.t > prep[0].t]
    assert later and later[0].payload["channel"] == "influencers"
    assert any(e.payload["from"] == "outlet" and e.payload["to"] == "influencers"
               for e in _replans(ex, "disinformation_campaign"))


def test_a_bilateral_agreement_binds_the_state_and_it_pays_a_cut_out_instead():
    ex = _bench(5, techniques="covert_funding", proxies=True)
    ex.run_until(day(2))
    assert _steps(ex, "covert_funding")[0].payload["channel"] == "own"
    ex.standing.hinder("karsk:covert_funding", 0.3)  # what a financing agreement with karsk leaves
    for op in ex.active_operations():
        ex.stop_operation(op, "completed")
    ex.run_until(day(4))
    later = [e for e in _steps(ex, "covert_funding") if e.t > day(2)]
    assert later and later[0].payload["channel"] == "proxy:patriot-hackers"
    op = ex.operations[later[0].payload["operation"]]
    assert op.params["via"] == "patriot-hackers"
    assert ex.effect_factor(op) > ex.standing.through("karsk", "covert_funding")  # the agreement binds karsk only


def test_a_resolute_state_keeps_pursuing_its_ends_after_three_costly_responses_by_other_means():
    ex = _bench(5)
    ex.run_until(day(10))
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-attache")
    ex.reveal(op, ["government"], source="service")
    ex.evidence.add("test:karsk", "karsk", 5.0, ["government"])
    before = Counter(TECHNIQUES[o.technique].line for o in ex.operations.values())
    for text in ("public_attribution karsk partners=eu", "sanctions karsk partners=eu",
                 "persona_non_grata karsk-attache"):
        assert ex.submit("government", text).accepted, text
    ex.run_until(day(70))
    actor = ex.actors["karsk"]
    assert not actor.folded and len(actor.costs) >= 3
    after = [e for e in _steps(ex) if e.t > day(14)]
    lines = {e.payload["line"] for e in after}
    assert len(after) >= 4 and len(lines) >= 3, (after, before)


def test_a_given_plan_runs_its_steps_in_order_per_line_and_adds_the_preparation_it_left_out():
    plan = ("    plan:\n"
            "      - {technique: hack_and_leak, target: party-staff}\n"
            "      - {technique: hack_and_leak, target: ezk-staff}\n"
            "      - {technique: meddling_statement, line: diplomatic}\n")
    ex = _bench(5, actor=plan, techniques="hack_and_leak, meddling_statement")
    ex.run_until(day(60))
    order = [e.target for e in _steps(ex)]
    cyber = [t for t in order if t != "meddling_statement"]
    assert cyber[:4] == ["network_access party-staff", "hack_and_leak party-staff",
                         "network_access ezk-staff", "hack_and_leak ezk-staff"]
    assert order.index("meddling_statement") < order.index("hack_and_leak party-staff")  # another line runs alongside
    assert order.count("hack_and_leak party-staff") == 1  # a given step runs once unless it repeats
    planned = next(e for e in ex.log if e.kind == "campaign.planned")
    assert planned.payload["given"] is True


def test_a_plan_step_outside_the_toolbox_is_a_one_line_error():
    from sim.scenario import ScenarioError

    with pytest.raises(ScenarioError, match=r"plan.*cyber_operation.*not in this actor's techniques"):
        _bench(5, actor="    plan:\n      - {technique: cyber_operation, target: grid}\n",
               techniques="hack_and_leak")


def test_in_hybrid_campaign_with_nobody_responding_most_operations_come_from_the_plan():
    loaded = load_scenario(SCENARIOS / "hybrid-campaign.yaml")
    for seed in range(1, 11):
        ex = Exercise(loaded, seed=seed, players=[c for c, spec in loaded.scenario.cells.items() if not spec.actor])
        ex.run()
        first: dict[tuple[str, str], str] = {}
        for e in ex.log:
            if e.kind == "operation.launched":
                first.setdefault((e.payload["technique"], e.target), e.payload["cause"])
        own = [k for k, cause in first.items() if not cause.startswith("inject")]
        injected = [k for k, cause in first.items() if cause.startswith("inject")]
        lines = {TECHNIQUES[t].line for t, _ in own}
        assert len(own) > len(injected), (seed, own, injected)
        assert len(lines) >= 3, (seed, lines)


def test_a_given_step_whose_target_is_gone_does_not_hold_its_line_back():
    plan = ("    plan:\n"
            "      - {technique: informant_network, target: karsk-union}\n"
            "      - {technique: meddling_statement, line: diaspora}\n")
    ex = _bench(5, actor=plan, techniques="informant_network, meddling_statement")
    ex.actors["karsk-union"].banned = True  # before the first decision: the first step can never run
    ex.run_until(day(5))
    assert [e.target for e in _steps(ex)] == ["meddling_statement"]
