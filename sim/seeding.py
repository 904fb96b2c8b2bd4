"""How many citizens a campaign or an outlet seeds: a share of the population, in whole citizens.

A scenario's population stands for the whole country at some scale (5,000 or 10,000 citizens for 17
million people), so what a campaign does must be a share of it, not a count: ten spreaders are 0.2% of
5,000 citizens but 0.001% of a million, and a fixed count would make the run's timing depend on
``population.size`` (issue 13). Shares are turned into whole citizens without losing the fraction:
each source carries its remainder to its next seeding, so a feed of 0.3 citizens a tick seeds one
citizen every third or fourth tick at any population size, with no random draw (observing a run must
not touch its random streams, and a remainder is exact).

The carries are run-time state of the exercise (:meth:`sim.exercise.Exercise.state_of`).
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

CAMPAIGN_SEED_SHARE = 0.002
"""Citizens a disinformation campaign seeds as spreaders when it starts: 0.2% (10 of 5,000)."""
CAMPAIGN_FEED_SHARE = 0.0008
"""Citizens it feeds as new spreaders per day while it runs: 0.08% (4 of 5,000 a day)."""


def whole(ex: Any, source: Hashable, amount: float) -> int:
    """``amount`` citizens (fractional) from ``source``, as whole citizens; the remainder is carried over."""
    carry = ex.state_of("seeding.carry", dict)
    total = carry.get(source, 0.0) + max(0.0, float(amount))
    count = int(total + 1e-9)  # 0.9999999 from float sums is one citizen
    carry[source] = total - count
    return count


def citizens(ex: Any, share: float) -> float:
    """``share`` of the population, in citizens (fractional; 0 without a population)."""
    return share * ex.population.size if ex.population is not None else 0.0
