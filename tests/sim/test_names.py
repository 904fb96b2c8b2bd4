"""One "did you mean" for every unknown name: scenario files, command files, the console and the CLI."""

from __future__ import annotations

import pytest

from sim.names import closest, suggest
from sim.plugins import load_plugins
from sim.registry import ACTIONS, TECHNIQUES


@pytest.fixture(scope="module", autouse=True)
def catalogue():
    load_plugins()


@pytest.mark.parametrize("typed, table, meant", [
    ("protect_official", ACTIONS, "protect_office_holders"),
    ("financial_investigation", ACTIONS, "investigate"),
    ("demarsh", ACTIONS, "demarche"),
    ("intimidation", TECHNIQUES, "intimidation_office_holders"),
    ("hack", TECHNIQUES, "hack_and_leak"),
])
def test_misspelt_and_half_remembered_names_get_the_name_meant(typed, table, meant):
    """Spelling mistakes and names remembered by one of their words both find the entry."""
    assert closest(typed, table) == meant


def test_nothing_near_suggests_nothing():
    """A word unlike every option gets no suggestion rather than a random one."""
    assert suggest("xyz", ACTIONS) == ""
    assert closest("Notes", ["Controller Notes", "Synopsis"], by_words=False) is None


def test_a_scenario_naming_an_unknown_technique_gets_a_suggestion(cli, write_yaml, mini_scenario):
    """``techniques: [intimidation]`` in an actor's list is answered with the technique meant."""
    text = mini_scenario.read_text(encoding="utf-8").replace("techniques: []", "techniques: [intimidation]")
    result = cli("validate", write_yaml(text))
    assert result.code == 1
    assert "unknown technique 'intimidation'; did you mean 'intimidation_office_holders'?" in result.out


def test_the_console_and_the_command_file_answer_the_same(cli, write_yaml, default_loaded, tmp_path):
    """A typed order and a command-file order with the same unknown action get the same suggestion."""
    from sim.exercise import Exercise

    ex = Exercise(default_loaded, players=["intelligence"])
    typed = ex.submit("intelligence", "financial_investigation vostria")
    assert "did you mean 'investigate'?" in typed.message
    commands = write_yaml('- {at: "day 2 10:00", cell: intelligence, command: "financial_investigation vostria"}\n',
                          name="c.yaml")
    result = cli("validate", commands, "--scenario", "municipal-elections")
    assert result.code == 1 and "did you mean 'investigate'?" in result.output


def test_a_mistyped_scenario_id_on_the_command_line_gets_a_suggestion(cli, tmp_path):
    """``weerbaar run municipal-election`` names the bundled scenario meant."""
    result = cli("run", "municipal-election", "--days", "1", "--out", tmp_path / "r.jsonl")
    assert result.code == 1 and "did you mean 'municipal-elections'?" in result.err
