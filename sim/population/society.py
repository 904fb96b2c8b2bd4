"""Segment-level social climate: self-censorship ("chill") and the diaspora's position.

Both are held per segment (a handful of numbers), not per citizen: the levers
that move them — intimidation by a state of origin, outreach, overreach by the
government — act on whole communities, and the indicators read them as shares.

* **Chill** ``C`` (0-1), the share of a segment that keeps its opinions to itself.
  Overreach and intimidation raise it, ``C += 0.5 s (1 - C)``; it fades with a
  14-day half-life. Self-censorship in response to surveillance and to
  intimidation of a diaspora is documented by Penney 2016 (Berkeley Tech. L.J.
  31:117) and Human Rights Watch / Freedom House transnational-repression reports.
* **Diaspora** (segments with an ``origin``): fear ``F`` of the state of origin,
  ties ``S`` with the wider society, and the derived willingness to report
  pressure ``W = S (0.5 + 0.5 T) (1 - 0.5 F)`` (reporting needs ties and trust in
  the authorities and is held back by fear). Pressure (intimidation, surveillance,
  a coerced "diaspora tax") raises fear ``F += 0.5 s (1 - F)``, erodes ties
  ``S -= 0.2 s S`` and chills the segment (``0.3 s``). Reassurance (outreach, a
  reporting line, police protection) lowers fear ``F -= 0.3 s F`` and builds ties
  ``S += 0.1 s (1 - S)``: slower than the damage, in the spirit of Slovic's
  asymmetry. Between events fear and ties relax toward their starting values
  (half-lives 30 and 60 days).
"""

from __future__ import annotations

import numpy as np

CHILL_HALF_LIFE_DAYS = 14.0
FEAR_HALF_LIFE_DAYS = 30.0
TIES_HALF_LIFE_DAYS = 60.0


class Climate:
    """Chill per segment and the diaspora state per diaspora segment.

    Attributes:
        chill: self-censorship level per segment.
        fear, ties: per segment (meaningful for diaspora segments only).
        fear0, ties0: the starting values they relax toward.
        origin: state of origin per segment (None for non-diaspora segments).
    """

    def __init__(self, fear: np.ndarray, ties: np.ndarray, origin: list[str | None]) -> None:
        self.chill = np.zeros(len(origin))
        self.fear = np.asarray(fear, dtype=np.float64).copy()
        self.ties = np.asarray(ties, dtype=np.float64).copy()
        self.fear0 = self.fear.copy()
        self.ties0 = self.ties.copy()
        self.origin = list(origin)

    def segments_of(self, origin: str | None) -> np.ndarray:
        """Indices of the diaspora segments of ``origin`` (of every diaspora when None)."""
        return np.array([i for i, o in enumerate(self.origin) if o is not None and (origin is None or o == origin)],
                        dtype=np.int64)

    def step(self, days: float) -> None:
        """Let chill fade and fear and ties relax toward their starting values."""
        self.chill *= 0.5 ** (days / CHILL_HALF_LIFE_DAYS)
        f = 0.5 ** (days / FEAR_HALF_LIFE_DAYS)
        self.fear = self.fear0 + (self.fear - self.fear0) * f
        t = 0.5 ** (days / TIES_HALF_LIFE_DAYS)
        self.ties = self.ties0 + (self.ties - self.ties0) * t

    def add_chill(self, segs: np.ndarray, strength: float) -> None:
        """Self-censorship pressure of ``strength`` (0-1) on the given segments."""
        s = min(max(strength, 0.0), 1.0)
        self.chill[segs] += 0.5 * s * (1.0 - self.chill[segs])

    def pressure(self, segs: np.ndarray, strength: float) -> None:
        """Intimidation / surveillance / coerced tax on the given diaspora segments."""
        s = min(max(strength, 0.0), 1.0)
        self.fear[segs] += 0.5 * s * (1.0 - self.fear[segs])
        self.ties[segs] -= 0.2 * s * self.ties[segs]
        self.chill[segs] += 0.3 * s * (1.0 - self.chill[segs])

    def reassure(self, segs: np.ndarray, strength: float) -> None:
        """Outreach, a reporting line or protection for the given diaspora segments."""
        s = min(max(strength, 0.0), 1.0)
        self.fear[segs] -= 0.3 * s * self.fear[segs]
        self.ties[segs] += 0.1 * s * (1.0 - self.ties[segs])

    def report_willingness(self, mean_trust: np.ndarray) -> np.ndarray:
        """Willingness to report pressure to the authorities, per segment."""
        return self.ties * (0.5 + 0.5 * mean_trust) * (1.0 - 0.5 * self.fear)
