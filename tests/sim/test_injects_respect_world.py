"""Injects respect the state of the world: an MSEL row never runs an operation through expelled staff.

The MSEL is written before play; by the time an inject fires, the staff member it names may have
been declared persona non grata. Then the state's successor takes over, the operation runs from abroad,
or — when it needs staff in the country and there is none — it does not start. White is told which.
"""

from __future__ import annotations

import pytest

import scenarios
from replays.format import read_replay


def _run(cli, tmp_path, scenario: str, extra: list[str], name: str = "r"):
    commands = scenarios.commands_for(scenario).read_text(encoding="utf-8")
    path = tmp_path / f"{name}.commands.yaml"
    path.write_text(commands.rstrip("\n") + "\n" + "".join(f"{line}\n" for line in extra), encoding="utf-8")
    out = tmp_path / f"{name}.jsonl"
    result = cli("run", scenario, "--commands", path, "--out", out, "--quiet")
    assert result.code == 0, result.output
    return read_replay(out).events


def _expelled_at(events) -> dict[str, float]:
    return {e["target"]: e["t"] for e in events
            if e["kind"] == "response.executed" and e["payload"].get("action") == "persona_non_grata"}


@pytest.mark.parametrize("scenario", sorted(scenarios.bundled()))
def test_no_operation_runs_through_staff_expelled_before_it(cli, tmp_path, scenario):
    """With the sound playbook, no operation launched after an expulsion names the expelled staff."""
    events = _run(cli, tmp_path, scenario, [])
    expelled = _expelled_at(events)
    for e in events:
        if e["kind"] == "operation.launched" and e["payload"].get("staff") in expelled:
            assert e["t"] < expelled[e["payload"]["staff"]], e


def test_the_diaspora_tax_does_not_come_back_through_expelled_staff(cli, tmp_path):
    """The letter's lesson: chargé and consul declared persona non grata, successors refused: no tax."""
    events = _run(cli, tmp_path, "diaspora-tax",
                  ['- {at: "day 13 09:00", cell: foreign-affairs, command: "persona_non_grata kaldora-consul"}'])
    expelled = _expelled_at(events)
    assert set(expelled) == {"kaldora-charge", "kaldora-consul"}
    late_tax = [e for e in events if e["kind"] == "operation.launched" and e["payload"]["technique"] == "diaspora_tax"
                and e["t"] > max(expelled.values())]
    assert late_tax == []
    adjusted = {e["payload"]["no"]: e["payload"] for e in events if e["kind"] == "inject.adjusted"}
    assert adjusted[11]["used"] == "" and "does not start" in adjusted[11]["outcome"]
    assert adjusted[11]["staff"] == "kaldora-consul"
    assert all(e["visible_to"] == ["white"] for e in events if e["kind"] == "inject.adjusted")


def test_a_successor_takes_an_inject_over_when_entry_was_not_refused(cli, tmp_path):
    """Without refused entry the state sends a successor (after 30 days), and a later inject runs through them."""
    commands = scenarios.commands_for("diaspora-tax").read_text(encoding="utf-8")
    commands = commands.replace('- {at: "day 12 11:00", cell: foreign-affairs, command: "refuse_entry kaldora"}\n', "")
    path = tmp_path / "succ.commands.yaml"
    path.write_text(commands + '- {at: "day 1 10:00", cell: foreign-affairs, command: "persona_non_grata kaldora-consul"}\n'
                    '- {at: "day 1 11:00", cell: white, command: "postpone 11 by=5d"}\n', encoding="utf-8")
    out = tmp_path / "succ.jsonl"
    assert cli("run", "diaspora-tax", "--commands", path, "--out", out, "--quiet").code == 0
    events = read_replay(out).events
    replaced = [e for e in events if e["kind"] == "staff.replaced" and e["payload"]["replaces"] == "kaldora-consul"]
    assert replaced and replaced[0]["target"] == "kaldora-consul-2"
    adjusted = {e["payload"]["no"]: e["payload"] for e in events if e["kind"] == "inject.adjusted"}
    assert adjusted[11]["used"] == "kaldora-consul-2"
    taxes = [e for e in events if e["kind"] == "operation.launched" and e["payload"]["cause"] == "inject 11"]
    assert [e["payload"]["staff"] for e in taxes] == ["kaldora-consul-2"]
    assert cli("verify", out).code == 0
