"""State actors adapt to costly responses by their risk profile; cells see only what their bodies detect."""

from __future__ import annotations

from sim.scenario import parse_scenario
from sim.exercise import Exercise
from tests.agents.conftest import BENCH, day


def _actor_bench(risk: str, seed: int = 5) -> Exercise:
    text = BENCH.read_text(encoding="utf-8")
    text = text.replace("risk: balanced", f"risk: {risk}").replace('start: "day 200"', 'start: "day 1"')
    return Exercise(parse_scenario(text, "bench"), seed=seed, players=("government",))


def _launched(ex, after: float) -> list:
    return [op for op in ex.operations.values() if op.started >= after and op.actor == "karsk"]


def _staffed_operation(ex) -> None:
    """An informant network run by the attaché, reported to the government cell (grounds to expel him).

    Launched in every branch a test compares, so the actor's world is the same up to the responses.
    """
    op = ex.launch_operation("karsk", "informant_network", "karsk-union", staff="karsk-attache")
    ex.reveal(op, ["government"], source="service")


def _costly_responses(ex) -> None:
    ex.evidence.add("test:karsk", "karsk", 5.0, ["government"])  # strong evidence, as after an investigation
    for text in ("public_attribution karsk partners=eu", "sanctions karsk partners=eu",
                 "persona_non_grata karsk-attache"):
        assert ex.submit("government", text).accepted


def test_a_balanced_actor_scales_back_after_costly_responses():
    """After attribution with partners, sanctions and an expulsion, a balanced actor launches fewer operations
    in the weeks that follow (its deterrence decays after that: see test_resolve.py)."""
    counts = {}
    for respond in (True, False):
        ex = _actor_bench("balanced")
        ex.run_until(day(10))
        _staffed_operation(ex)
        if respond:
            _costly_responses(ex)
        ex.run_until(day(60))
        counts[respond] = len([op for op in _launched(ex, day(12)) if op.started < day(36)])
    assert counts[True] < counts[False]


def test_a_risk_seeking_actor_escalates_after_costly_responses():
    """The same responses make a risk-seeking actor escalate: more operations, at higher intensity."""
    ex = _actor_bench("risk_seeking")
    ex.run_until(day(10))
    calm = _actor_bench("risk_seeking")
    calm.run_until(day(10))
    _staffed_operation(ex)
    _staffed_operation(calm)
    _costly_responses(ex)
    ex.run_until(day(60))
    calm.run_until(day(60))
    assert ex.actors["karsk"].escalation > 0
    assert ex.actors["karsk"].max_operations() > calm.actors["karsk"].max_operations()
    assert len(_launched(ex, day(12))) >= len(_launched(calm, day(12)))
    assert max(op.params["intensity"] for op in _launched(ex, day(12))) > 1.0
    assert any(e.kind == "actor.adapts" for e in ex.log)


def test_a_cell_sees_only_what_its_bodies_detected_and_white_sees_everything():
    """Undetected operations are invisible to the cells but visible to White."""
    ex = _actor_bench("balanced", seed=9)
    ex.run_until(day(30))
    launched = {op.id for op in ex.operations.values()}
    detected = {op.id for op in ex.operations.values() if op.detected_by}
    undetected = launched - detected
    assert undetected, "the bench should leave some operations undetected by day 30"
    for cell in ("government", "town"):
        seen = {e["payload"]["operation"] for e in ex.observe(cell).events if e["kind"] == "detection"}
        assert not (seen & undetected)
        assert not any(e["kind"] == "operation.launched" for e in ex.observe(cell).events)
    white = {e["payload"].get("operation") for e in ex.observe("white").events if e["kind"] == "operation.launched"}
    assert white == launched
    known = {o["id"] for o in ex.observe("government").known_operations}
    assert known <= detected


def test_attribution_confidence_builds_with_investigation():
    """An investigation raises confidence in who is behind the operations above what detections alone give."""
    confidence = []
    for investigate in (True, False):
        ex = _actor_bench("balanced", seed=9)
        if investigate:
            assert ex.submit("government", "investigate karsk").accepted
        ex.run_until(day(20))
        confidence.append(ex.evidence.confidence("government", "karsk"))
    assert confidence[0] > confidence[1]


def test_noise_signals_look_like_detections_to_the_cell_and_are_marked_for_white():
    """False signals reach the cell as detections of operations that do not exist; White sees them marked."""
    ex = _actor_bench("balanced", seed=3)
    ex.run_until(day(120))
    noise = {e.target for e in ex.log if e.kind == "noise"}
    assert noise, "over 120 days a body with a weak position should see a false signal"
    cell_detections = {e["payload"]["operation"] for e in ex.observe("town").events + ex.observe("government").events
                       if e["kind"] == "detection"}
    assert noise & cell_detections
    assert not (noise & set(ex.operations))
    assert not any(e["kind"] == "noise" for e in ex.observe("government").events)


def test_an_inject_that_reveals_its_operation_tells_the_receiving_cell():
    """An inject with ``reveals: true`` makes its operation known to the cells it is sent to, and only to them."""
    text = BENCH.read_text(encoding="utf-8") + (
        "msel:\n"
        "  - {no: 1, at: \"day 2 09:00\", to: [government], synopsis: \"Members report a collection drive.\",\n"
        "     fires: {technique: diaspora_tax, actor: karsk, target: karsk-union, staff: karsk-charge, reveals: true}}\n"
    )
    ex = Exercise(parse_scenario(text, "bench"), seed=2, players=("government", "town"))
    ex.run_until(day(3))
    (op,) = ex.operations.values()
    assert op in ex.known_operations("government")
    assert op not in ex.known_operations("town")
    assert ex.submit("government", "police_protection diaspora-k").accepted


def test_operations_carry_their_actors_strategic_ends():
    """Every operation a state actor launches is tagged with the actor's DISARM strategic ends."""
    from scenarios import resolve_scenario
    from sim.scenario import load_scenario

    ex = Exercise(load_scenario(resolve_scenario("municipal-elections")), seed=7)
    ex.run_until(day(6))
    launched = [e for e in ex.log if e.kind == "operation.launched"]
    assert launched and all("T0135" in e.tags for e in launched)


def test_doctrine_acts_without_filing_orders_that_bounce():
    """Cells on doctrine respond to what they detect, and never file an order that is refused."""
    from scenarios import resolve_scenario
    from sim.scenario import load_scenario

    ex = Exercise(load_scenario(resolve_scenario("municipal-elections")), seed=2018)
    ex.run_until(ex.end)
    by_doctrine = [e for e in ex.log if e.kind.startswith("command.") and e.payload.get("by") == "doctrine"]
    assert any(e.kind == "command.accepted" for e in by_doctrine)
    assert not any(e.kind == "command.refused" for e in by_doctrine)
    assert ex.can_order("foreign-affairs", "demarsh vostria") == "unknown action 'demarsh'; did you mean 'demarche'?"


def test_a_detection_names_a_suspect_only_once_the_evidence_is_strong():
    """The first signal says 'unknown'; after an investigation builds evidence, later signals name the actor."""
    ex = _actor_bench("balanced", seed=4)
    first = ex.launch_operation("karsk", "cyber_operation", "election")
    ex.record_detection("service", first)
    assert ex.log[-1].kind == "detection" and ex.log[-1].payload["suspected"] == "unknown"
    assert ex.submit("government", "investigate karsk").accepted
    ex.run_until(day(12))
    second = ex.launch_operation("karsk", "hack_and_leak", "party-x")
    ex.record_detection("service", second)
    detection = next(e for e in reversed(ex.log) if e.kind == "detection" and e.payload["operation"] == second.id)
    assert detection.payload["suspected"] == "karsk"


def _doctrine_orders(ex) -> set[tuple[str, str]]:
    return {(e.payload["action"], e.target) for e in ex.log
            if e.kind == "command.accepted" and e.payload["by"] == "doctrine"}


def test_doctrine_answers_diaspora_pressure_without_waiting_for_attribution():
    """A cell on doctrine answers a reported diaspora tax with a reporting line and police protection for
    the group's segment, although nobody is yet sure who is behind it: the state leads the cell's
    evidence, far below the bar for going public."""
    ex = _actor_bench("balanced", seed=6)
    ex = Exercise(ex.loaded, seed=6, players=())  # every cell on doctrine
    op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge")
    ex.reveal(op, ["government"], source="service")  # the report names the real actor
    leading, confidence = ex.evidence.leading("government")
    assert leading == "karsk" and confidence < 0.5
    ex.run_until(day(5))
    orders = _doctrine_orders(ex)
    assert ("reporting_line", "karsk") in orders
    assert ("police_protection", "diaspora-k") in orders
    assert not any(action == "public_attribution" for action, _ in orders)


def test_doctrine_investigates_the_state_while_a_false_flag_leads_but_does_not_go_public():
    """Doctrine knows only what its cell holds: while the evidence points at a false flag's decoy, it
    still protects the segment and aims the responses that need no confidence (a reporting line, an
    investigation) at the state with the most evidence against it, but nothing that needs the state to
    be identified: no public attribution of the decoy or of karsk, no demarche."""
    ex = _actor_bench("balanced", seed=6)
    ex = Exercise(ex.loaded, seed=6, players=())
    op = ex.launch_operation("karsk", "diaspora_tax", "karsk-union", staff="karsk-charge",
                             params={"false_flag": "domestic-group"})
    ex.record_detection("service", op)
    assert ex.evidence.leading("government")[0] == "domestic-group"
    ex.run_until(day(5))
    orders = _doctrine_orders(ex)
    assert ("police_protection", "diaspora-k") in orders
    assert ("reporting_line", "karsk") in orders
    assert not any(action in ("public_attribution", "demarche", "sanctions") for action, _ in orders)
