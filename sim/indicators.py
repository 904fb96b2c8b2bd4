"""The twelve indicators (nine resilience dimensions, three costs), how each is derived, and their time series.

Each indicator is 0-100 (100 = the interest is intact) and starts at the
scenario's value ``I0``. Two things move it:

* **Damage stocks** ``D`` (points). Red operations add damage to the dimensions
  they hit (:meth:`Indicators.hit`), scaled down by the dimension's *shield*
  (0-1, raised by blue measures such as cyber hardening or election safeguards).
  Damage recovers by itself at the dimension's recovery rate per day (institutions
  repair, systems are restored): ``dD/dt = -r D``; blue measures can raise ``r``
  or repair damage directly. Default ``r`` = 0.03/day (half-life ~23 days).
* **The population** (when the scenario has one). For the five dimensions the
  society carries — ``public_trust``, ``social_cohesion``, ``fundamental_freedoms``,
  ``election_integrity``, ``diaspora_security`` — the population reports a level
  (see :meth:`sim.population.Population.indicator_levels` for each formula). The
  indicator moves with that level's change since t = 0, so the scenario's
  starting value is kept and the population supplies the dynamics.

So ``I(t) = clip(I0 + (P(t) - P(0)) - D(t), 0, 100)`` for population dimensions
and ``I(t) = clip(I0 - D(t), 0, 100)`` for the others: ``decision_integrity``
(covert funding, intimidation of office holders, hack-and-leak), ``rule_of_law``
(pressure on courts and prosecutors, informant networks), ``economic_security``
(strategic acquisitions in vital sectors), ``cyber_resilience`` (cyber operations), and the
three cost indicators no technique hits: ``bilateral_relations``, ``government_credibility``
and ``economic_openness``, damaged only by the Dutch response's own costs (:mod:`sim.costs`).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Mapping

from sim.scenario.schemabase import INDICATOR_NAMES

POPULATION_DIMENSIONS = ("public_trust", "social_cohesion", "fundamental_freedoms", "election_integrity",
                         "diaspora_security")
DEFAULT_RECOVERY_PER_DAY = 0.03


class Indicators:
    """Current indicator state and its sampled time series.

    Attributes:
        start: starting values by name.
        damage: damage stock by name (points).
        shield: share of incoming damage blocked, by name (0-1).
        recovery: damage recovered per day, by name (a rate).
        times: sample times (hours).
        series: sampled values by name, aligned with ``times``.
    """

    def __init__(self, start: Mapping[str, float]) -> None:
        self.start = {name: float(start[name]) for name in INDICATOR_NAMES}
        self.damage = dict.fromkeys(INDICATOR_NAMES, 0.0)
        self.shield = dict.fromkeys(INDICATOR_NAMES, 0.0)
        self.recovery = dict.fromkeys(INDICATOR_NAMES, DEFAULT_RECOVERY_PER_DAY)
        self._population0: dict[str, float] = {}
        self._population: dict[str, float] = {}
        self.times: list[float] = []
        self.series: dict[str, list[float]] = {name: [] for name in INDICATOR_NAMES}

    def anchor_population(self, levels: Mapping[str, float]) -> None:
        """Record the population's levels at t = 0 (the reference for its changes)."""
        self._population0 = {k: float(levels[k]) for k in POPULATION_DIMENSIONS if k in levels}
        self._population = dict(self._population0)

    def update_population(self, levels: Mapping[str, float]) -> None:
        """Take the population's current levels."""
        self._population = {k: float(levels[k]) for k in self._population0}

    def hit(self, name: str, points: float) -> float:
        """Add damage to ``name`` after its shield; returns the damage taken."""
        taken = max(0.0, points) * (1.0 - self.shield[name])
        self.damage[name] += taken
        return taken

    def repair(self, name: str, points: float) -> float:
        """Remove up to ``points`` of damage from ``name``; returns what was repaired."""
        repaired = min(self.damage[name], max(0.0, points))
        self.damage[name] -= repaired
        return repaired

    def raise_shield(self, name: str, amount: float) -> None:
        """Block a further share of future damage: ``shield += amount (1 - shield)``."""
        self.shield[name] += min(1.0, max(0.0, amount)) * (1.0 - self.shield[name])

    def recover(self, hours: float) -> None:
        """Let damage decay for ``hours``: ``D *= exp(-r hours / 24)``."""
        for name in INDICATOR_NAMES:
            self.damage[name] *= math.exp(-self.recovery[name] * hours / 24.0)

    def value(self, name: str) -> float:
        """Current value of ``name`` (0-100)."""
        value = self.start[name] - self.damage[name]
        if name in self._population0:
            value += self._population[name] - self._population0[name]
        return min(100.0, max(0.0, value))

    def values(self) -> dict[str, float]:
        """Current values of all twelve."""
        return {name: self.value(name) for name in INDICATOR_NAMES}

    def sample(self, t: float) -> dict[str, float]:
        """Append the current values to the series at time ``t`` and return them."""
        values = self.values()
        self.times.append(t)
        for name, v in values.items():
            self.series[name].append(v)
        return values

    def value_at(self, name: str, t: float) -> float:
        """The last sampled value of ``name`` at or before ``t`` (the start value before any sample)."""
        i = bisect.bisect_right(self.times, t)
        return self.series[name][i - 1] if i else self.start[name]
