"""The validation scenario files are valid scenarios for the engine's loader."""

from __future__ import annotations

import pytest

from pathlib import Path

HERE = Path(__file__).parent


@pytest.mark.parametrize("path", sorted(p.name for p in HERE.glob("*.yaml")))
def test_validation_scenario_loads(path):
    """Each validation scenario passes the full scenario validation and starts with the schema modeline."""
    from sim.scenario import load_scenario

    text = (HERE / path).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../scenarios/scenario.schema.json\n")
    load_scenario(HERE / path)
