"""Red cells: a red player's orders reach the exercise, and the red view holds only what red knows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from replays.runner import TimedCommand, commands_from_file, run_headless
from replays.verify import verify_replay
from sim import red_cell
from sim.events import EVERYONE, WHITE
from sim.exercise import Exercise
from sim.scenario import ScenarioError, load_scenario, parse_scenario

DATA = Path(__file__).resolve().parent.parent / "data"
RED = "red-morvask"


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(DATA / "red.yaml")


def launched(ex: Exercise, cause: str | None = None) -> list:
    return [e for e in ex.log if e.kind == "operation.launched" and (cause is None or e.payload["cause"] == cause)]


def test_a_red_players_order_launches_an_operation_and_pays_for_it(loaded):
    """An accepted red order launches its technique with cause "order", pays its cost and is logged for red only."""
    ex = Exercise(loaded, players=[RED])
    ex.run_until(10)
    result = ex.submit(RED, "informant_network morvaskan-house staff=morvask-attache")
    assert result.accepted, result.message
    [event] = launched(ex, "order")
    op = ex.operations[event.payload["operation"]]
    assert (op.actor, op.technique, op.target, op.staff) == ("morvask", "informant_network", "morvaskan-house",
                                                            "morvask-attache")
    assert ex.actors["morvask"].budget == pytest.approx(40 - 8)
    [accepted] = [e for e in ex.log if e.kind == "command.accepted"]
    assert accepted.source == RED and accepted.visible_to == (RED,)
    assert accepted.payload["operation"] == op.id and accepted.payload["by"] == "player"
    assert RED in event.visible_to  # red sees its own operation start


def test_a_refused_red_order_gets_a_one_line_reason_and_costs_nothing(loaded):
    """Misspelt technique, wrong target, unknown key, foreign proxy, over budget: refused with one line each."""
    ex = Exercise(loaded, players=[RED])
    cases = {
        "hak_and_leak party-staff": "did you mean 'hack_and_leak'",
        "cyber_operation grid": "'cyber_operation' is not in morvask's toolbox",
        "disinformation_campaign energy-betrayl": "did you mean 'energy-betrayal'",
        "informant_network": "needs a group as target: morvaskan-house",
        "meddling_statement spreaders=40": "has no parameter 'spreaders'",
        "meddling_statement via=click-farm": "not one of morvask's proxies (patriot-hackers)",
        "covert_funding party recipient=banks": "not one of religious, civil_society, party, media",
    }
    for text, reason in cases.items():
        result = ex.submit(RED, text)
        assert not result.accepted and reason in result.message, (text, result.message)
        assert "\n" not in result.message
    assert ex.actors["morvask"].budget == 40 and not ex.operations
    refused = [e for e in ex.log if e.kind == "command.refused"]
    assert len(refused) == len(cases) and all(e.visible_to == (RED,) for e in refused)
    for text in ("covert_funding party", "covert_funding morvaskan-house", "informant_network morvaskan-house"):
        assert ex.submit(RED, text).accepted  # 32 units of 40
    result = ex.submit(RED, "covert_funding party recipient=media")
    assert not result.accepted and "costs 12 budget units; morvask has 8.0 left" in result.message


def test_a_dutch_cell_cannot_give_red_orders_nor_red_dutch_ones(loaded):
    """A technique typed by a Dutch cell, or an action typed by red, is refused and says whose word it is."""
    ex = Exercise(loaded, players=[RED, "foreign-affairs"])
    dutch = ex.submit("foreign-affairs", "meddling_statement")
    assert not dutch.accepted and "red technique: only a red cell orders it (red-morvask)" in dutch.message
    red = ex.submit(RED, "public_attribution morvask")
    assert not red.accepted and "'public_attribution' is a Dutch action" in red.message
    white = ex.submit(WHITE, "hack_and_leak x")
    assert not white.accepted
    assert not ex.operations and not ex.orders


def test_a_held_actor_launches_nothing_on_its_own(loaded):
    """Held by a player, Morvask's planner launches nothing; on doctrine (not held) it does."""
    held = Exercise(loaded, players=[RED])
    held.run_until(8 * 24)
    assert held.actors["morvask"].held and not launched(held, "decision")
    free = Exercise(loaded)
    free.run_until(8 * 24)
    assert not free.actors["morvask"].held and launched(free, "decision")


def _played(loaded) -> Exercise:
    """Red orders, Dutch doctrine detecting them, Dutch public measures against red."""
    ex = Exercise(loaded, players=[RED, "foreign-affairs"])
    ex.run_until(6)
    assert ex.submit(RED, "informant_network morvaskan-house staff=morvask-consul").accepted
    assert ex.submit(RED, 'meddling_statement staff=morvask-consul text="The Hague betrays its consumers"').accepted
    ex.run_until(2 * 24)
    assert ex.submit("crisis", "share_signals").accepted  # foreign affairs learns what the AIVD saw
    ex.run_until(3 * 24)
    assert ex.submit("foreign-affairs", "persona_non_grata morvask-consul").accepted
    assert ex.submit("foreign-affairs", "demarche morvask").accepted
    ex.run_until(6 * 24)
    return ex


def test_the_red_view_shows_only_what_red_knows(loaded):
    """Red sees polls, public events and its own orders and operations; no detection, evidence, truth or Dutch order."""
    ex = _played(loaded)
    log_kinds = {e.kind for e in ex.log}
    assert {"detection", "command.accepted"} <= log_kinds  # there is something to hide
    assert ex.evidence.held  # the Dutch side holds evidence
    obs = ex.observe(RED)
    assert isinstance(obs, red_cell.RedObservation) and not obs.truth
    kinds = {e["kind"] for e in obs.events}
    assert not kinds & {"detection", "signals.shared", "investigation.concluded", "actor.adapts", "noise",
                        "capital.spent", "cost.incurred", "inject.notes"}
    for e in obs.events:
        assert EVERYONE in e["visible_to"] or RED in e["visible_to"], e
        if e["kind"] in ("command.accepted", "command.refused"):
            assert e["source"] == RED
    assert {"poll", "response.executed", "statement"} <= kinds  # the public picture is there
    assert obs.indicators == ex.polls[-1]["values"] and obs.indicators != ex.indicators.values()
    text = repr(obs)
    assert "detected_by" not in text and "suspected" not in text and "points_to" not in text
    assert not obs.capacity and not obs.orders and not obs.pending_injects
    # its own state
    assert obs.budget == pytest.approx(40 - 8 - 1) and obs.staff == ["morvask-attache"]
    assert obs.expelled == ["morvask-consul"]
    informants = next(op for op in obs.operations if op["technique"] == "informant_network")
    assert informants["outcome"] == "disrupted: morvask-consul expelled" and informants["known"]
    signs = [s["sign"] for s in obs.appear_to_know]
    assert any("persona_non_grata morvask-consul" in s for s in signs)
    assert [m["action"] for m in obs.dutch_public] == ["persona_non_grata"]  # the démarche was private


def test_what_the_dutch_appear_to_know_comes_from_public_events_only(loaded):
    """A detection alone, however sure, shows nothing in what the Dutch appear to know."""
    ex = Exercise(loaded, players=[RED, "foreign-affairs"])
    assert ex.submit(RED, "covert_funding party").accepted
    ex.run_until(15 * 24)
    assert any(e.kind == "detection" for e in ex.log) or ex.operations["op1"].detected_by
    obs = ex.observe(RED)
    assert obs.appear_to_know == [] and not obs.operations[0]["known"]


def test_injects_to_all_reach_the_dutch_cells_and_not_red(loaded):
    """``to: all`` means the Dutch cells; an inject addressed to the red cell by name reaches it."""
    ex = Exercise(loaded, players=[RED])
    ex.run_until(3 * 24)
    fired = {e.payload["no"]: e.visible_to for e in ex.log if e.kind == "inject.fired"}
    assert RED not in fired[1] and set(fired[1]) == {"crisis", "foreign-affairs"}
    assert fired[2] == (RED,)


COMMANDS = """\
- {at: "day 1 06:00", cell: red-morvask, command: "informant_network morvaskan-house"}
- {at: "day 1 07:00", cell: red-morvask, command: 'hack_and_leak party-staff via=patriot-hackers title="minutes"'}
- {at: "day 2 09:00", cell: foreign-affairs, command: "demarche morvask"}
- {at: "day 3 06:00", cell: red-morvask, command: "meddling_statement text=\\"The Hague lies\\""}
"""


def test_a_command_file_with_red_orders_replays_byte_for_byte(loaded, tmp_path):
    """A run with red orders from a command file verifies, and a second run gives the same log hash."""
    path = tmp_path / "red.commands.yaml"
    path.write_text(COMMANDS, encoding="utf-8")
    commands = commands_from_file(path, loaded.scenario)
    first = run_headless(loaded, commands=commands, out=tmp_path / "a.jsonl", days=6)
    second = run_headless(loaded, commands=commands, out=tmp_path / "b.jsonl", days=6)
    assert first.log_sha256 == second.log_sha256
    ex = first.exercise
    assert ex.actors["morvask"].held and launched(ex, "order") and not launched(ex, "decision")
    verdict = verify_replay(str(tmp_path / "a.jsonl"))
    assert verdict.ok, verdict
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8")
    assert '"cell":"red-morvask"' in lines and "informant_network morvaskan-house" in lines


def test_a_command_file_is_checked_for_red_orders_before_it_runs(loaded, tmp_path):
    """A misspelt technique, a Dutch action for red and a technique for a Dutch cell are reported with their place."""
    path = tmp_path / "bad.commands.yaml"
    path.write_text('- {at: "day 1", cell: red-morvask, command: "informant_netwrk morvaskan-house"}\n'
                    '- {at: "day 1", cell: red-morvask, command: "demarche morvask"}\n'
                    '- {at: "day 1", cell: crisis, command: "hack_and_leak x"}\n'
                    '- {at: "day 1", cell: red-morvask, command: "informant_network nowhere"}\n', encoding="utf-8")
    with pytest.raises(ScenarioError) as caught:
        commands_from_file(path, loaded.scenario)
    lines = caught.value.lines
    assert len(lines) == 4
    assert re.search(r"bad.commands.yaml:1:\d+: \[0\]\.command: .*did you mean 'informant_network'", lines[0])
    assert "'demarche' is a Dutch action" in lines[1]
    assert "red technique: only a red cell orders it" in lines[2]
    assert "no group 'nowhere' for morvask" in lines[3]


def test_a_replay_re_submits_red_orders_through_the_same_path(loaded):
    """Re-submitting the recorded (t, cell, text) of a run with red orders gives the identical log."""
    recorded: list[TimedCommand] = []
    ex = Exercise(loaded, players=[RED])
    ex.on_command.append(lambda t, cell, text: recorded.append(TimedCommand(t, cell, text)))
    ex.run_until(5)
    ex.submit(RED, "informant_network morvaskan-house")
    ex.submit(RED, "hak_and_leak x")  # refused: recorded and replayed as well
    ex.run_until(30)
    ex.submit(RED, "covert_funding party recipient=religious")
    ex.run_through(4 * 24)
    again = Exercise(loaded, players=[RED])
    for c in recorded:
        again.run_until(c.t)
        again.submit(c.cell, c.text)
    again.run_through(4 * 24)
    assert len(recorded) == 3 and again.log.sha256 == ex.log.sha256


@pytest.mark.parametrize("cell, message", [
    ("{actor: vostria}", "cells.red.actor: no state_actor 'vostria' (state actors: morvask)"),
    ("{actor: morvask, bodies: [aivd]}", "cells.red.bodies: a red cell commands no government bodies"),
    ("{actor: morvask, actions: [debunk]}", "cells.red.actions: a red cell orders its actor's techniques"),
    ("{actor: morvask, doctrine: false}", "cells.red.doctrine: a red cell nobody holds is played by its actor's planner"),
    ("{actor: aivd}", "cells.red.actor: no state_actor 'aivd'"),
])
def test_a_bad_red_cell_is_reported_with_its_place(cell, message):
    """Red cells are validated like the rest of a scenario: one line with file, line, column and path."""
    text = (DATA / "red.yaml").read_text(encoding="utf-8") + f"  # appended\n"
    text = text.replace("  red-morvask:\n    title: \"Morvask (red cell)\"\n    actor: morvask\n", f"  red: {cell}\n")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "red.yaml")
    assert any(re.match(r"red\.yaml:\d+:\d+: ", line) and message in line for line in caught.value.lines), \
        caught.value.lines


def test_two_red_cells_for_one_actor_are_refused():
    """One actor, one red cell: a second is reported at its actor key."""
    text = (DATA / "red.yaml").read_text(encoding="utf-8")
    text = text.replace("  red-morvask:\n", "  red-2: {actor: morvask}\n  red-morvask:\n")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "red.yaml")
    assert any("morvask is already played by red cell 'red-2'" in line for line in caught.value.lines)


def test_every_red_parameter_is_one_its_technique_reads():
    """The keys red may set (sim.red_cell.TECHNIQUE_PARAMS) are read by the red catalogue, so none is a dead knob."""
    import sim.catalogue as catalogue

    folder = Path(catalogue.__file__).parent
    source = "\n".join(p.read_text(encoding="utf-8") for p in folder.glob("red*.py"))
    read = set(re.findall(r"params\.get\(\"([a-z_]+)\"", source))
    for technique, keys in red_cell.TECHNIQUE_PARAMS.items():
        for key in keys:
            assert key in read, f"{technique} {key}= is not read by the red catalogue"


def test_a_foothold_red_got_at_midday_counts_for_its_next_order_the_same_day(loaded):
    """Red's capabilities are taken in when it orders, not only at the state's 06:00 decision epoch."""
    ex = Exercise(loaded, players=[RED])
    ex.run_until(10.0)
    assert ex.submit(RED, "network_access party-staff").accepted
    [op] = [o for o in ex.operations.values() if o.technique == "network_access"]
    ex.run_until(op.ends + 0.5)  # completed at 10:00 on day 8, before any 06:00 epoch could take it in
    assert op.outcome == "completed" and (op.ends % 24.0) != 6.0
    log_size = len(ex.log)
    assert ex.can_order(RED, "hack_and_leak party-staff") is None  # what submit will say, and nothing logged
    assert len(ex.log) == log_size
    refused = ex.submit(RED, "hack_and_leak ezk-staff")
    assert not refused.accepted and "access:ezk-staff" in refused.message
    assert ex.submit(RED, "hack_and_leak party-staff").accepted
