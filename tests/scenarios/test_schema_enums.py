"""The JSON Schema for editors names every action and technique, so editors complete them."""

from __future__ import annotations

import json

from scenarios import SCHEMA_FILE
from sim.plugins import load_plugins
from sim.registry import ACTIONS, TECHNIQUES


def test_schema_lists_every_action_and_technique_a_scenario_may_name():
    """Cells' actions, actors' techniques and injects' techniques carry the registered names as enums."""
    load_plugins()
    defs = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))["$defs"]
    orders = sorted(name for name, a in ACTIONS.items() if not a.control)
    assert defs["CellSpec"]["properties"]["actions"]["items"]["enum"] == orders
    assert defs["StateActorSpec"]["properties"]["techniques"]["items"]["enum"] == sorted(TECHNIQUES)
    fires = defs["Fires"]["properties"]["technique"]["anyOf"][0]
    assert fires["enum"] == sorted(TECHNIQUES)


def test_validation_still_answers_an_unknown_name_with_a_suggestion(cli, write_yaml, mini_scenario):
    """The enum is for editors only: the validator keeps its own line with a 'did you mean'."""
    text = mini_scenario.read_text(encoding="utf-8").replace("actions: [share_signals]", "actions: [share_signal]")
    result = cli("validate", write_yaml(text))
    assert result.code == 1 and "unknown action 'share_signal'; did you mean 'share_signals'?" in result.out
