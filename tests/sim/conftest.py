"""Fixtures for the engine and scenario-file tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def scenario_copy(tmp_path, default_scenario) -> Path:
    """A copy of the default scenario file in the test's tmp folder (tests that write scenario files)."""
    path = tmp_path / "scenario.yaml"
    path.write_bytes(default_scenario.read_bytes())
    return path
