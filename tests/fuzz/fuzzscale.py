"""How many cases each fuzz suite runs.

CI runs a few hundred cases of each suite. ``WEERBAAR_FUZZ=large`` runs the full sizes the hardening
issue asks for (at least 10^3 mutated replays, 10^3 mutated scenario and command files and 10^4
console lines), for example::

    WEERBAAR_FUZZ=large python -m pytest tests/fuzz -q

Every generator is seeded, so a failing case is reproduced by its printed seed and index. Import it
from a fuzz test as ``from fuzzscale import fuzz_cases`` (pytest puts this folder on the path).
"""

from __future__ import annotations

import os

LARGE = os.environ.get("WEERBAAR_FUZZ", "").strip().lower() == "large"


def fuzz_cases(small: int, large: int) -> int:
    """The number of cases for a suite: ``small`` in CI, ``large`` with ``WEERBAAR_FUZZ=large``."""
    return large if LARGE else small
