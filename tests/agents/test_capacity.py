"""Capacity binds: orders a body cannot afford wait their turn, a surge starts now and tires the staff.

On tests/data/dilemmas.yaml the crisis cell's body (bzk) refills 6 staff-days a day and banks two
days' worth (12); cyber hardening costs 12 staff-days and takes effect 48 h after it starts.
"""

from __future__ import annotations

import pytest

from sim.actions import FATIGUE_PER_SURGED_DAY, QUEUE_DAYS
from sim.exercise import Exercise
from tests.agents.conftest import DILEMMAS, day

CELL = "crisis"
ORDER = "cyber_hardening"
COST = 12.0
LEAD = 48.0
PER_DAY = 6.0


@pytest.fixture
def crisis(dilemmas_scenario):
    """A fresh exercise on the dilemmas bench with every cell held by a player."""

    def make() -> Exercise:
        return Exercise(dilemmas_scenario, seed=3, players=("crisis", "foreign", "analysts"))

    return make


def _accepted(ex, order_id):
    return next(e for e in ex.log if e.kind == "command.accepted" and e.payload["order"] == order_id)


def _started(ex, order_id):
    return [e for e in ex.log if e.kind == "order.started" and e.payload["order"] == order_id]


def _executed_at(ex, order_id):
    return [e.t for e in ex.log if e.kind == "response.executed" and e.payload["order"] == order_id]


def test_the_bench_is_what_these_tests_assume(dilemmas_scenario):
    """bzk's numbers (the arithmetic below depends on them)."""
    ex = Exercise(dilemmas_scenario, seed=3, players=("crisis",))
    capacity = ex.actors["bzk"].capacity
    assert (capacity.per_day, capacity.available) == (PER_DAY, 2 * PER_DAY)
    assert DILEMMAS.exists()


def test_an_over_ordering_cell_sees_its_later_orders_wait_then_start(crisis):
    """The first order starts now; the next ones are accepted but queued, each with the time it should
    start; they start one after another as the capacity refills (order.started), first come first served."""
    ex = crisis()
    first = ex.submit(CELL, ORDER)
    assert first.accepted and "takes effect at" in first.message
    assert not _accepted(ex, first.order_id).payload.get("queued")
    waiting = [ex.submit(CELL, ORDER) for _ in range(2)]
    assert all(r.accepted and "waits for bzk" in r.message for r in waiting)
    payloads = [_accepted(ex, r.order_id).payload for r in waiting]
    assert [p["queued"] for p in payloads] == [True, True]
    # 12 staff-days come back every two days: the second order starts at 48 h, the third at 96 h.
    assert [p["starts"] for p in payloads] == pytest.approx([48.0, 96.0])
    assert [p["effective"] for p in payloads] == pytest.approx([48.0 + LEAD, 96.0 + LEAD])

    status = {o["id"]: o for o in ex.observe(CELL).orders}
    assert status[first.order_id]["status"] == "lead time"
    assert [status[r.order_id]["status"] for r in waiting] == ["waiting", "waiting"]
    assert status[waiting[1].order_id]["starts"] == pytest.approx(96.0)
    # Doctrine asks whether an order would wait: it would.
    assert "would wait" in ex.can_order(CELL, ORDER, wait=False)
    assert ex.can_order(CELL, ORDER) is None

    ex.run_until(day(2))  # 24 h: nothing has refilled enough yet
    assert not _started(ex, waiting[0].order_id)
    ex.run_until(day(8))
    for r, expected in zip(waiting, (48.0, 96.0)):
        [started] = _started(ex, r.order_id)
        assert started.t == pytest.approx(expected) and started.payload["waited"] == pytest.approx(expected)
        assert started.visible_to == (CELL,)
        assert _executed_at(ex, r.order_id) == [pytest.approx(expected + LEAD)]
    assert _executed_at(ex, first.order_id) == [pytest.approx(LEAD)]
    assert ex.observe(CELL).orders == []


def test_a_full_queue_refuses_with_the_numbers(crisis):
    """A body takes on at most QUEUE_DAYS days' worth of waiting work; beyond that the order is refused."""
    ex = crisis()
    assert ex.submit(CELL, ORDER).accepted  # starts now
    fits = int(QUEUE_DAYS * PER_DAY // COST)
    assert all(ex.submit(CELL, ORDER).accepted for _ in range(fits))
    refused = ex.submit(CELL, ORDER)
    assert not refused.accepted
    assert "fully booked" in refused.message and f"{fits * COST:.1f} staff-days waiting" in refused.message
    assert ex.log[-1].kind == "command.refused"


def test_a_surge_starts_now_but_its_fatigue_slows_the_refill(crisis):
    """With surge=yes the second order starts at once on borrowed staff-days instead of waiting two days;
    the overtime leaves fatigue, so the body refills more slowly and the order after it waits longer
    than it would have without the surge."""
    calm, surged = crisis(), crisis()
    for ex, second in ((calm, ORDER), (surged, f"{ORDER} surge=yes")):
        assert ex.submit(CELL, ORDER).accepted
        assert ex.submit(CELL, second).accepted
    capacity = surged.actors["bzk"].capacity
    assert _accepted(surged, "o2").payload.get("surge") is True
    assert not _accepted(surged, "o2").payload.get("queued")
    assert capacity.available == pytest.approx(-COST)
    assert capacity.fatigue == pytest.approx(FATIGUE_PER_SURGED_DAY * COST)
    assert capacity.rate < PER_DAY
    assert calm.actors["bzk"].capacity.fatigue == 0

    for ex in (calm, surged):
        assert ex.submit(CELL, ORDER).accepted  # the third order waits in both
    calm.run_until(day(16))
    surged.run_until(day(16))
    # The surge got the second order in effect two days sooner ...
    assert _executed_at(surged, "o2") == [pytest.approx(LEAD)]
    assert _executed_at(calm, "o2") == [pytest.approx(48.0 + LEAD)]
    # ... and the third later: without fatigue, 24 staff-days at 6 a day would be back after 96 h.
    [third_calm] = _started(calm, "o3")
    [third_surged] = _started(surged, "o3")
    assert third_calm.t == pytest.approx(96.0)
    assert third_surged.t > 96.0 + 24.0
    # The staff rest: fatigue wears off.
    assert 0 < capacity.fatigue < FATIGUE_PER_SURGED_DAY * COST / 2


def test_a_surge_cannot_jump_the_queue_or_borrow_without_limit(crisis):
    """A body that already has orders waiting, or has borrowed all it may, does not surge again: the order waits."""
    ex = crisis()
    assert ex.submit(CELL, ORDER).accepted
    assert ex.submit(CELL, f"{ORDER} surge=yes").accepted  # borrows 12, the two-day limit
    third = ex.submit(CELL, f"{ORDER} surge=yes")
    assert third.accepted and "waits for bzk" in third.message
    assert _accepted(ex, third.order_id).payload.get("queued") is True
    assert ex.actors["bzk"].capacity.available == pytest.approx(-COST)


def test_a_waiting_order_is_checked_again_when_its_turn_comes():
    """A precondition holds when the order is accepted but may not when it starts: two investigations
    into the same actor queued behind a full body start one after the other, and the second fails with
    the reason instead of running alongside the first (tests/data/mini.yaml, its crisis cell)."""
    from pathlib import Path

    from sim.scenario import load_scenario

    mini = load_scenario(Path(__file__).resolve().parents[1] / "data" / "mini.yaml")
    ex = Exercise(mini, seed=1, players=("crisis", "press"))
    while ex.can_order("crisis", "investigate vostria", wait=False) is None:
        assert ex.submit("crisis", "cyber_hardening").accepted  # spend the bank down
    first = ex.submit("crisis", "investigate vostria")
    second = ex.submit("crisis", "investigate vostria")
    assert first.accepted and second.accepted and "waits for" in second.message
    ex.run_until(day(20))
    failed = [e for e in ex.log if e.kind == "response.failed" and e.payload["order"] == second.order_id]
    assert len(failed) == 1 and "when its turn came: an investigation into vostria is already running" in \
        failed[0].payload["reason"]
    assert not _started(ex, second.order_id)
    assert second.order_id in ex.dropped
    assert all(o["id"] != second.order_id for o in ex.observe("crisis").orders)
