"""Every expected action in every bundled MSEL is an order a receiving cell may give, with targets that exist.

An inject's ``expected_action`` is a list of orders separated by ``;``; each may end in a condition in
parentheses (``debunk rigged-count (once it trends)``), and ``monitor`` stands for "no order expected".
Each order must parse (:func:`sim.commands.parse_command`) and pass :func:`sim.commands.check_command` for at
least one of the inject's receiving cells (``all``: any government cell), with the scenario's declared
targets, exactly as a command file is checked (:mod:`sim.scenario.command_file`).
"""

from __future__ import annotations

import re

import pytest

import scenarios
from sim.commands import CommandError, Control, check_command, parse_command
from sim.registry import ACTIONS
from sim.scenario import load_scenario
from sim.scenario.command_file import allowed_actions, may_order, static_targets

BUNDLED = scenarios.bundled()
CONDITION = re.compile(r"\s*\([^()]*\)\s*$")


def expected_orders(text: str) -> list[str]:
    """The orders of an ``expected_action`` text, conditions in parentheses taken off, ``monitor`` left out."""
    clauses, depth, current = [], 0, ""
    for ch in text:  # a ';' inside a condition's parentheses does not end the order
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == ";" and depth == 0:
            clauses.append(current)
            current = ""
        else:
            current += ch
    orders = []
    for clause in [*clauses, current]:
        order = CONDITION.sub("", clause).strip()
        if order and order != "monitor":
            orders.append(order)
    return orders


def order_problem(scenario, order: str, receivers: list[str], targets, table) -> str | None:
    """Why none of ``receivers`` may give ``order`` (None: one may)."""
    try:
        parsed = parse_command(order)
    except CommandError as exc:
        return str(exc)
    if isinstance(parsed, Control):
        return f"{parsed.word!r} is a console control word, not an order"
    problems = []
    for cell in receivers:
        try:
            check_command(parsed, cell, ACTIONS, allowed_actions(scenario, cell), table, targets)
            return None
        except CommandError as exc:
            problems.append(f"{cell}: {exc}")
    return "; ".join(problems) or "no receiving government cell"


def test_expected_orders_split_conditions_and_monitor():
    """Clauses split on ';' outside parentheses, a trailing condition in parentheses is dropped, 'monitor' asks for nothing."""
    assert expected_orders("debunk x (once it trends); monitor; share_signals") == ["debunk x", "share_signals"]
    assert expected_orders("monitor") == []
    assert expected_orders("demarche x (privately; at once); debunk y") == ["demarche x", "debunk y"]


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_every_expected_action_is_an_order_a_receiving_cell_may_give(sid):
    """Each order in each inject's expected action passes the command checks for one of its receiving cells."""
    scenario = load_scenario(BUNDLED[sid]).scenario
    targets, table = static_targets(scenario), may_order(scenario)
    government = scenario.government_cells()
    problems = []
    for inject in scenario.msel:
        receivers = government if "all" in inject.to else [c for c in inject.to if c in government]
        for order in expected_orders(inject.expected_action):
            problem = order_problem(scenario, order, receivers, targets, table)
            if problem:
                problems.append(f"inject {inject.no}: {order!r}: {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("sid", sorted(BUNDLED))
def test_every_inject_that_asks_for_an_order_names_one(sid):
    """An expected action is orders or 'monitor', never prose alone: every inject says what it expects."""
    scenario = load_scenario(BUNDLED[sid]).scenario
    empty = [i.no for i in scenario.msel if not i.expected_action.strip()]
    assert not empty, f"injects with no expected action: {empty}"
