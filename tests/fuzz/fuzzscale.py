"""How many cases each fuzz suite runs, and the deadline every suite puts on one call.

CI runs a few hundred cases of each suite. ``WEERBAAR_FUZZ=large`` runs the full sizes the hardening
issue asks for (at least 10^3 mutated replays, 10^3 mutated scenario and command files and 10^4
console lines), for example::

    WEERBAAR_FUZZ=large python -m pytest tests/fuzz -q

Every generator is seeded, so a failing case is reproduced by its printed seed and index. Import it
from a fuzz test as ``from fuzzscale import fuzz_cases`` (pytest puts this folder on the path).
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator

LARGE = os.environ.get("WEERBAAR_FUZZ", "").strip().lower() == "large"


def fuzz_cases(small: int, large: int) -> int:
    """The number of cases for a suite: ``small`` in CI, ``large`` with ``WEERBAAR_FUZZ=large``."""
    return large if LARGE else small


class Hang(Exception):
    """A call ran past its deadline."""


@contextlib.contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise :class:`Hang` inside the block after ``seconds`` of CPU time (SIGPROF; the tests run in the
    main thread). CPU time, not wall time: a loop that never ends burns it, a busy machine does not."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds:g} CPU seconds")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
