"""An order that waits for capacity is not its own rival when its turn comes (Exercise.in_flight).

The "already ordered" preconditions of the toolbox look for orders not yet in effect; a queued order is one of them
until it starts, so before the fix each of these failed "when its turn came: already ordered ... (itself)".
"""

from __future__ import annotations

from tests.agents.toolbox import identify, known, order, toolbox


def _drained(ex):
    for body in ex.actors_of("government_body"):
        body.capacity.available = 0.0
    return ex


def _turn_came(ex, oid):
    started = any(e.kind == "order.started" and e.payload.get("order") == oid for e in ex.log)
    failed = [e.payload["reason"] for e in ex.log if e.kind == "response.failed" and e.payload.get("order") == oid]
    return started, failed


def test_queued_orders_start_when_their_turn_comes_and_a_second_one_is_still_refused():
    ex = toolbox()
    identify(ex)
    known(ex, "covert_funding", "party")
    known(ex, "diaspora_tax", "karsk-union")
    _drained(ex)
    texts = ["convene_crisis_structure", "report_to_police karsk"]
    waiting = {t: order(ex, t) for t in texts}
    assert all(ex.effective_at(o) is None for o in ex.orders if o.id in waiting.values())  # they wait
    second = ex.submit("government", "convene_crisis_structure")
    assert not second.accepted and "already being convened" in second.message  # the waiting one still counts
    ex.run_until(ex.now + 5 * 24.0)
    for text, oid in waiting.items():
        started, failed = _turn_came(ex, oid)
        assert started and not failed, (text, failed)


def test_a_bill_waiting_for_capacity_is_announced_once_and_not_refused_by_itself():
    ex = _drained(toolbox())
    oid = order(ex, "financing_disclosure_law")
    assert "announced once" in ex.submit("government", "financing_disclosure_law").message
    ex.run_until(ex.now + 5 * 24.0)
    started, failed = _turn_came(ex, oid)
    assert started and not failed, failed
