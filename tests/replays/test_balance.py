"""The balance check: each playbook is what its definition says, the table is complete, the verdict and exit code follow
the conditions, and the numbers depend only on the seeds.

Runs are short (a few days, two seeds, two scenarios) so the file stays fast; whether today's scenarios *pass* the
check is deliberately not asserted here (they do not yet: that is the Dilemmas issue's work, docs/balance.md).
"""

from __future__ import annotations

import json

import pytest

import scenarios
from replays import balance
from replays.balance import (COUNTERFACTUAL, KITCHEN_SINK, NOTHING, PLAYBOOKS, RANDOM, SILVER_BULLET, SOUND, Job,
                             Playbook, ScenarioBalance, Target, check_balance, kitchen_sink, nothing, random_playbook,
                             render_markdown, silver_bullet)
from replays.counterfactual import simulate
from replays.runner import commands_from_file
from sim.plugins import load_plugins
from sim.registry import ACTIONS, declared_targets
from sim.scenario import load_scenario
from sim.scenario.command_file import parse_command_file

IDS = ("municipal-elections", "religious-attache")
DAYS = 6.0
SEEDS = 2


def target(sid: str) -> Target:
    loaded = load_scenario(scenarios.bundled()[sid])
    return Target(loaded, tuple(commands_from_file(scenarios.commands_for(sid), loaded.scenario)))


@pytest.fixture(scope="module")
def targets() -> list[Target]:
    return [target(sid) for sid in IDS]


@pytest.fixture(scope="module")
def report(targets):
    """The check over the two scenarios, 2 seeds of 6 days, in this process."""
    return check_balance(targets, seeds=SEEDS, days=DAYS)


def orders_logged(run) -> list[dict]:
    return [e for e in run.events if e["kind"] in ("command.accepted", "command.refused")]


def as_command_file(playbook: Playbook) -> str:
    """The playbook as command-file YAML, to check it the way `weerbaar validate` checks a file."""
    def at(t: float) -> str:
        return f"day {int(t // 24) + 1} {int(t % 24):02d}:{int(round(t % 1 * 60)):02d}"

    lines = [f'- {{at: "{at(t)}", cell: {cell}, command: "{text}"}}\n' for t, cell, text in playbook.commands]
    return "".join(lines) or "[]\n"


# -- the playbooks ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sid", IDS)
def test_kitchen_sink_orders_every_permitted_non_heavy_action_once_on_day_1(sid):
    """One order per (cell, permitted action) that is not heavy-handed or control, each state actor for actor targets,
    none for a required target kind without ids; all at day 1 09:00; each accepted or refused with a logged reason."""
    load_plugins()
    scenario = target(sid).loaded.scenario
    expected = []
    for cell, spec in scenario.cells.items():
        for name in spec.actions:
            a = ACTIONS[name]
            if a.heavy_handed or a.control:
                continue
            ids = declared_targets(scenario, a.target) if a.target != "none" else []
            if a.target == "actor":
                expected += [(cell, name, i) for i in ids]
            elif a.target != "none" and a.target_required:
                expected += [(cell, name, ids[0])] if ids else []
            else:
                expected.append((cell, name, ""))
    book = kitchen_sink(scenario)
    got = [(cell, text.split()[0], (text.split() + [""])[1]) for _, cell, text in book.commands]
    assert got == expected and {t for t, _, _ in book.commands} == {9.0}
    assert set(book.players) == set(scenario.cells)
    assert not any(ACTIONS[a].heavy_handed for _, a, _ in got)
    run = simulate(target(sid).loaded, 7, book.players, book.timed(), 24.0)
    logged = orders_logged(run)
    assert len(logged) == len(book.commands) and all(e["payload"]["by"] == "player" for e in logged)
    assert all(e["payload"]["reason"] for e in logged if e["kind"] == "command.refused")


def test_silver_bullet_is_one_order_a_day_of_one_action_by_one_cell(targets):
    scenario = targets[0].loaded.scenario
    book = silver_bullet(scenario, "national-crisis-cell", "support_fact_checkers", DAYS * 24)
    assert [c[0] for c in book.commands] == [d * 24 + 9.0 for d in range(int(DAYS))]
    assert {(c[1], c[2]) for c in book.commands} == {("national-crisis-cell", "support_fact_checkers")}
    assert set(book.players) == set(scenario.cells)


def test_the_silver_bullet_is_chosen_by_value_added_on_seeds_of_its_own(report):
    """The choice is the top of a ranking by mean value added, over selection seeds that are not evaluation seeds."""
    for s in report.scenarios:
        ranking = s.silver["ranking"]
        assert ranking and (ranking[0]["cell"], ranking[0]["command"]) == (s.silver["cell"], s.silver["command"])
        assert [r["value_added"] for r in ranking] == sorted((r["value_added"] for r in ranking), reverse=True)
        assert len(s.silver["selection_seeds"]) == balance.SELECTION_SEEDS
        assert not set(s.silver["selection_seeds"]) & set(s.seeds)
        rows = [r for r in s.rows[SILVER_BULLET] if r]
        assert all(r["orders"] == int(DAYS) for r in rows)


def test_random_orders_are_reproducible_from_the_seed_and_only_what_the_cell_may_order(targets):
    load_plugins()
    scenario = targets[1].loaded.scenario
    a = random_playbook(scenario, 11, 0.5, 20 * 24.0)
    assert a == random_playbook(scenario, 11, 0.5, 20 * 24.0)
    assert a != random_playbook(scenario, 12, 0.5, 20 * 24.0)
    assert len(a.commands) > 10 and {t % 24 for t, _, _ in a.commands} == {9.0}
    for _, cell, text in a.commands:
        name = text.split()[0]
        assert name in scenario.cells[cell].actions and not ACTIONS[name].heavy_handed and not ACTIONS[name].control
    assert random_playbook(scenario, 11, 0.0, 20 * 24.0).commands == ()


@pytest.mark.parametrize("sid", IDS)
def test_generated_playbooks_pass_the_command_file_check(sid):
    """Every generated order is valid as `weerbaar validate` sees a command file: action, cell, target kind and id."""
    scenario = target(sid).loaded.scenario
    books = [kitchen_sink(scenario), random_playbook(scenario, 3, 1.0, 10 * 24.0), nothing(scenario),
             *(silver_bullet(scenario, cell, text, 48.0) for cell, text in balance.candidates(scenario))]
    for book in books:
        parse_command_file(as_command_file(book), f"{book.name}.commands.yaml", scenario)  # raises on any problem


def test_nothing_holds_every_cell_and_nobody_orders(targets):
    """No orders, and no doctrine orders in the log, while the counterfactual's doctrine does order."""
    loaded = targets[0].loaded
    book = nothing(loaded.scenario)
    assert book.commands == () and set(book.players) == set(loaded.scenario.cells)
    run = simulate(loaded, 7, book.players, book.timed(), 12 * 24.0)
    assert orders_logged(run) == []
    baseline = simulate(loaded, 7, (), [], 12 * 24.0)
    assert any(e["payload"].get("by") == "doctrine" for e in orders_logged(baseline)), "doctrine should act by day 12"


# -- the table and the verdict -----------------------------------------------------------------------------------


def test_the_table_has_every_scenario_and_playbook(report):
    data = report.as_dict()
    assert [s["id"] for s in data["scenarios"]] == list(IDS)
    for s in data["scenarios"]:
        assert list(s["playbooks"]) == list(PLAYBOOKS) and not s["errors"]
        for p in PLAYBOOKS:
            assert s["playbooks"][p]["overall"]["n"] == SEEDS
        assert s["playbooks"][COUNTERFACTUAL]["value_added"]["mean"] == 0
        assert [c["against"] for c in s["conditions"]] == [KITCHEN_SINK, SILVER_BULLET, RANDOM, NOTHING, COUNTERFACTUAL]
        assert s["playbooks"][NOTHING]["orders"] == 0 and s["playbooks"][NOTHING]["doctrine_orders"] == 0
    text = render_markdown(report)
    for sid in IDS:
        row = next(line for line in text.splitlines() if line.startswith(f"| {sid} "))
        assert row.count("±") == len(PLAYBOOKS)
    assert text.rstrip().endswith(report.summary_line())
    json.dumps(data)  # one JSON object


def test_same_seeds_give_the_same_numbers_in_a_pool_too(report, targets):
    again = check_balance(targets, seeds=SEEDS, days=DAYS, workers=2)
    assert again.as_dict() == report.as_dict()
    other = check_balance(targets[:1], seeds=SEEDS, days=DAYS, root_seed=99)
    assert other.scenarios[0].seeds != report.scenarios[0].seeds


def _balance(sound: list[float], other: dict[str, list[float]]) -> ScenarioBalance:
    rows = {p: [{"overall": v, "value_added": 0.0, "orders": 0, "accepted": 0, "refused": 0, "doctrine_orders": 0}
                for v in other.get(p, sound)] for p in PLAYBOOKS}
    rows[SOUND] = [{**r, "overall": v} for r, v in zip(rows[SOUND], sound)]
    return ScenarioBalance("x", "x", 1, [1, 2, 3], 24.0, {"cell": None, "command": None}, 0.1, rows)


def test_clearly_means_the_paired_interval_lies_above_zero():
    sound = [80.0, 70.0, 60.0]
    holds = {c["against"]: c["holds"] for c in _balance(sound, {
        KITCHEN_SINK: [79.0, 69.1, 58.9],      # about 1 below on every seed: clearly
        SILVER_BULLET: [90.0, 55.0, 60.0],     # ahead on average, but not on every seed: not clearly
        RANDOM: [80.0, 70.0, 60.0],            # the same
        NOTHING: [79.9, 70.0, 60.0],           # a little below on average: beats
        COUNTERFACTUAL: [81.0, 69.0, 60.0],    # level on average: does not beat
    }).conditions()}
    assert holds == {KITCHEN_SINK: True, SILVER_BULLET: False, RANDOM: False, NOTHING: True, COUNTERFACTUAL: False}


def fake_job(job: Job) -> dict:
    """A stand-in task: sound scores 80 (+ seed noise), the others 50, kitchen-sink 80 when FAKE_SINK says so."""
    rows = []
    for pb in job.playbooks:
        overall = 80.0 if pb.name == SOUND or (pb.name == KITCHEN_SINK and FAKE_SINK["level"]) else 50.0
        overall += (job.seed % 7) * 0.1
        rows.append({"playbook": pb.name, "overall": overall, "value_added": overall - 50.0, "baseline_overall": 50.0,
                     "capacity": 0.0, "orders": len(pb.commands), "accepted": len(pb.commands), "refused": 0,
                     "doctrine_orders": 0})
    return {"key": job.key, "seed": job.seed, "rows": rows, "error": ""}


FAKE_SINK = {"level": False}


def test_the_exit_code_follows_the_conditions(cli, monkeypatch):
    real = balance.check_balance
    monkeypatch.setattr(balance, "check_balance", lambda *a, **k: real(*a, **k, task=fake_job))
    ok = cli("balance", "municipal-elections", "--days", "2", "--seeds", "3", "--quiet")
    assert ok.code == 0, ok.output
    assert "balance holds: 5 of 5 conditions" in ok.out
    FAKE_SINK["level"] = True
    try:
        bad = cli("balance", "municipal-elections", "--days", "2", "--seeds", "3", "--json")
    finally:
        FAKE_SINK["level"] = False
    assert bad.code == 1
    data = json.loads(bad.out)
    assert data["holds"] is False and [c["holds"] for c in data["scenarios"][0]["conditions"]] == [False, *[True] * 4]
    assert bad.err.strip() == "balance fails 1 of 5 conditions: municipal-elections: sound not > kitchen-sink"


def test_a_failed_seed_fails_the_check(cli, monkeypatch):
    def broken(job: Job) -> dict:
        result = fake_job(job)
        return {**result, "rows": [], "error": "RuntimeError: boom"} if job.key[1] == "evaluate" and job.key[2] == 0 \
            else result

    real = balance.check_balance
    monkeypatch.setattr(balance, "check_balance", lambda *a, **k: real(*a, **k, task=broken))
    result = cli("balance", "municipal-elections", "--days", "2", "--seeds", "3", "--quiet")
    assert result.code == 1 and "1 failed seed(s)" in result.err and "evaluation seed" in result.out
    assert "boom" in result.out


def test_usage_errors_exit_2_in_one_line(cli, tmp_path):
    typo = cli("balance", "municpal-elections")
    assert typo.code == 2 and typo.err.strip() == (
        "weerbaar balance: no bundled scenario or file 'municpal-elections'; did you mean 'municipal-elections'?")
    assert cli("balance", "--seeds", "1").code == 2
    assert cli("balance", "--out", tmp_path / "t.csv").code == 2
    taken = tmp_path / "t.md"
    taken.write_text("mine\n", encoding="utf-8")
    refused = cli("balance", "municipal-elections", "--out", taken)
    assert refused.code == 1 and "--force" in refused.err and taken.read_text(encoding="utf-8") == "mine\n"


def test_out_writes_the_markdown_tables(cli, monkeypatch, tmp_path):
    real = balance.check_balance
    monkeypatch.setattr(balance, "check_balance", lambda *a, **k: real(*a, **k, task=fake_job))
    out = tmp_path / "balance.md"
    result = cli("balance", "municipal-elections", "--days", "2", "--seeds", "2", "--quiet", "--out", out)
    assert result.code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "| municipal-elections |" in text and "**Conditions**" in text and text.rstrip().endswith("scenario(s)")
