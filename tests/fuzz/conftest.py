"""Fuzz suites (see ``fuzzscale.py`` for the case counts and ``WEERBAAR_FUZZ=large``)."""

from __future__ import annotations

import pytest
from fuzzscale import LARGE


@pytest.fixture(scope="session")
def fuzz_scale() -> str:
    """``"large"`` or ``"small"``, for suites that report what they ran."""
    return "large" if LARGE else "small"
