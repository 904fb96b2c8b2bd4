"""What the console tells a player about costs and capacity: ``help ACTION``, completion, the briefing,
``status`` with waiting orders, the status strip and the indicator panel's cost heading."""

from __future__ import annotations

import pytest

from scenarios import resolve_scenario
from sim.eventkinds import short_clock
from sim.exercise import Exercise
from sim.registry import ACTIONS
from sim.scenario import load_scenario
from sim.scenario.schemabase import COST_INDICATORS, INDICATOR_NAMES
from ui.console.completion import complete, help_lines
from ui.console.indicators import COST_HEADING, LABELS, IndicatorRow, cost_split
from ui.console.session import LiveSession, order_counts, pending_order_text


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(resolve_scenario(None))


def priced(ex: Exercise, cell: str) -> str:
    """An action ``cell`` may order that declares costs and spends political capital."""
    return next(n for n in ex.allowed_actions(cell) if ACTIONS[n].costs and ACTIONS[n].political_capital)


def test_help_on_an_action_lists_its_costs_its_political_capital_and_surge(loaded):
    """``help ACTION`` names every declared cost as ``Cost.describe()`` words it, the capital it spends with what
    is left now, and ``surge=yes``; an action without costs has no cost line."""
    ex = Exercise(loaded, players=("foreign-affairs",))
    name = priced(ex, "foreign-affairs")
    action = ACTIONS[name]
    text = "\n".join(help_lines(ex, "foreign-affairs", name))
    for cost in action.costs:
        assert cost.describe() in text
    assert f"spends {action.political_capital:g} political capital when accepted (100 of 100 left)" in text
    assert "surge=yes" in text
    ex.capital.spend(30)
    assert "(70 of 100 left)" in "\n".join(help_lines(ex, "foreign-affairs", name))
    free = next(n for n in ex.allowed_actions("intelligence") if not ACTIONS[n].costs and not ACTIONS[n].political_capital)
    plain = "\n".join(help_lines(ex, "intelligence", free))
    assert "costs the Netherlands" not in plain and "political capital" not in plain


def test_the_order_list_shows_political_capital_beside_staff_days(loaded):
    """``help`` (every order of the cell) gives each priced order's political capital in its usage line."""
    ex = Exercise(loaded, players=("foreign-affairs",))
    name = priced(ex, "foreign-affairs")
    line = next(line for line in help_lines(ex, "foreign-affairs") if line.strip().startswith(ACTIONS[name].usage()))
    assert f"{ACTIONS[name].political_capital:g} political capital" in line


def test_surge_completes_as_a_parameter_of_every_response(loaded):
    """``surge=`` is offered after an order's target, and its values are yes and no; White's controls have none."""
    ex = Exercise(loaded, players=("intelligence",))
    assert complete("investigate vostria su", ex, "intelligence").text == "investigate vostria surge="
    assert set(complete("investigate vostria surge=", ex, "intelligence").options) == {"surge=yes", "surge=no"}
    assert "surge=" not in complete("fire_inject 3 ", ex, "white").options


def test_the_briefing_shows_the_political_capital_and_each_orders_costs(loaded, tmp_path):
    """The right column gives the government's political capital, and each priced order its declared costs."""
    from ui.console.screens.briefing import BriefingScreen

    ex = Exercise(loaded, players=("foreign-affairs",))
    s = LiveSession.start(ex, record=tmp_path / "b.jsonl", cell="foreign-affairs", white=False)
    blocks = [text for _, _, text in BriefingScreen(None, s)._right_blocks()]
    assert "Political capital: 100 of 100" in blocks
    name = priced(ex, "foreign-affairs")
    line = next(b for b in blocks if b.startswith(f"• {ACTIONS[name].usage()}"))
    assert all(c.describe() in line for c in ACTIONS[name].costs)
    assert any("surge=yes" in b for b in blocks)
    s.close()


def waiting_session(loaded, tmp_path) -> tuple[LiveSession, list[str]]:
    """The municipality orders awareness campaigns until its body queues some; returns the session and the replies."""
    ex = Exercise(loaded, players=("municipality",))
    s = LiveSession.start(ex, record=tmp_path / "w.jsonl", cell="municipality", white=False)
    replies = []
    for _ in range(12):
        replies.append(ex.submit("municipality", "awareness_campaign general").message)
        if sum("waits for" in r for r in replies) >= 2:
            break
    return s, replies


def test_status_lists_waiting_orders_with_their_expected_start_and_orders_in_lead_time(loaded, tmp_path):
    """``status`` has one line per order not yet in effect: waiting ones with when they should start, the others
    in lead time with when they take effect, as the observation says; and the political capital left."""
    s, replies = waiting_session(loaded, tmp_path)
    assert sum("waits for" in r for r in replies) >= 2, replies
    orders = s.observation().orders
    waiting = [o for o in orders if o["status"] == "waiting"]
    lead = [o for o in orders if o["status"] == "lead time"]
    assert waiting and lead
    text = [e.text for e in s.enter("status")]
    for o in waiting:
        assert (f"  {o['id']} awareness_campaign general waits, starts about {short_clock(o['starts'])} "
                f"(effective about {short_clock(o['effective'])})") in text
    for o in lead:
        assert f"  {o['id']} awareness_campaign general in lead time, effective {short_clock(o['effective'])}" in text
    assert f"orders not yet in effect ({len(orders)}):" in text
    assert "political capital: 100 of 100 left" in text
    s.close()


def test_pending_order_wording():
    """The two kinds of pending order, worded as ``status`` prints them."""
    assert pending_order_text({"id": "o7", "action": "debunk", "target": "rigged-count", "status": "waiting",
                               "starts": 62.0, "effective": 68.0}) == \
        "o7 debunk rigged-count waits, starts about d3 14:00 (effective about d3 20:00)"
    assert pending_order_text({"id": "o5", "action": "share_signals", "target": "", "status": "lead time",
                               "effective": 33.0}) == "o5 share_signals in lead time, effective d2 09:00"


@pytest.mark.parametrize("statuses, text", [
    (["waiting", "waiting", "lead time"], "2 orders waiting for capacity, 1 in lead time"),
    (["waiting"], "1 order waiting for capacity"),
    (["lead time"], "1 order in lead time"),
    (["lead time", "lead time"], "2 orders in lead time"),
    ([], ""),
])
def test_the_status_strip_counts_waiting_and_lead_time_orders(statuses, text):
    """The main screen's status strip counts the orders not yet in effect by why."""
    assert order_counts([{"status": s} for s in statuses]) == text


def test_the_indicator_panel_puts_the_cost_indicators_under_their_own_heading():
    """The cost heading goes before the first cost indicator when resilience rows come first, and nowhere else;
    every indicator has a display name."""
    rows = [IndicatorRow(n, 80.0, 80.0, ()) for n in INDICATOR_NAMES]
    assert cost_split(rows) == INDICATOR_NAMES.index(COST_INDICATORS[0]) == 9
    assert cost_split(rows[:9]) is None and cost_split(rows[9:]) is None
    assert COST_HEADING
    assert set(LABELS) == set(INDICATOR_NAMES)


def test_the_end_screen_says_what_the_response_cost(loaded):
    """The end screen's "What happened" gives the political capital spent and left, the Dutch-side costs per
    indicator from the exercise's own accounts, and the orders that waited and were surged."""
    from ui.console.screens.end import cost_lines

    ex = Exercise(loaded, players=("foreign-affairs", "municipality"))
    ex.run_until(30.0)
    ex.capital.spend(20)
    for _ in range(12):
        ex.submit("municipality", "awareness_campaign general")
    ex.run_until(24.0 * 10)
    lines = cost_lines(ex)
    assert "political capital: 20 of 100 spent, 80 left" in lines
    queued = sum(1 for e in ex.log if e.kind == "command.accepted" and e.payload.get("queued"))
    assert queued and any(line.startswith(f"{queued} orders waited for capacity (mean wait ") for line in lines)
    assert any(line.startswith("costs to the Netherlands (points): ") for line in lines)
    ex.costs.by_indicator.clear()
    assert "costs to the Netherlands (points): none" in cost_lines(ex)
    ex.costs.by_indicator.update(bilateral_relations=4.0, economic_openness=1.5)
    assert "costs to the Netherlands (points): bilateral_relations 4, economic_openness 1.5" in cost_lines(ex)
