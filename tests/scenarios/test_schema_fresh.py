"""The checked-in JSON Schemas are what ``weerbaar schema`` generates now."""

from __future__ import annotations

import json

import pytest

import scenarios
from ui.cli import schema_texts

GENERATED = schema_texts()


def test_both_schemas_are_generated():
    """``weerbaar schema`` produces the scenario and the command-file schema."""
    assert set(GENERATED) == {"scenario.schema.json", "commands.schema.json"}


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_checked_in_schema_is_fresh(name):
    """The schema file next to the bundled scenarios equals the one generated from the models now."""
    path = scenarios.HERE / name
    assert path.is_file(), f"{path} is missing: run `weerbaar schema` and commit the result"
    assert path.read_text(encoding="utf-8") == GENERATED[name], (
        f"{path} is stale: run `weerbaar schema` to regenerate it and commit the result")


def test_scenario_schema_forbids_unknown_keys_and_knows_every_actor_kind():
    """The scenario schema closes every object and offers each registered actor kind."""
    from sim.registry import AGENT_KINDS

    schema = json.loads(GENERATED["scenario.schema.json"])
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for d in schema["$defs"].values() if d.get("type") == "object")
    text = GENERATED["scenario.schema.json"]
    for kind in AGENT_KINDS:
        assert f'"const": "{kind}"' in text or f'"{kind}"' in text
