"""Asymmetric updating of institutional trust.

Trust is "easier to destroy than to create" (Slovic 1993, Risk Analysis 13:675):
a good signal of strength ``s`` moves trust a share ``gain * s`` of the way up,
``T += gain s (1 - T)``; a bad one takes a share ``loss * s`` of what is there,
``T -= loss s T``, with ``loss > gain`` (enforced by :class:`TrustSpec`). The
initial per-segment means come from the scenario; the OECD Trust Survey 2024 puts
high or moderately high trust in national government at 39% across the OECD.
"""

from __future__ import annotations

import numpy as np

from sim.population.spec import TrustSpec


def apply_signal(trust: np.ndarray, strength: float | np.ndarray, spec: TrustSpec) -> None:
    """Update ``trust`` (float32, in place) with a signal in [-1, 1] (negative = bad)."""
    s = np.asarray(strength, dtype=np.float32)
    if s.ndim == 0:
        if s > 0:
            # Written as T = T (1 - a) + a to stay in one in-place pass over the array.
            a = np.float32(spec.gain * float(s))
            trust *= np.float32(1.0) - a
            trust += a
        elif s < 0:
            trust *= np.float32(1.0 - spec.loss * float(-s))
        return
    good = np.where(s > 0, s * np.float32(spec.gain), np.float32(0.0))
    bad = np.where(s < 0, -s * np.float32(spec.loss), np.float32(0.0))
    trust += good * (1.0 - trust) - bad * trust


def initial_trust(mean: float, size: int, rng: np.random.Generator, concentration: float = 8.0) -> np.ndarray:
    """Per-citizen trust drawn from a Beta distribution with the segment's mean.

    A Beta with ``a + b = concentration`` keeps values in (0, 1) and gives a
    standard deviation of about 0.16 at mean 0.5, a spread like that of survey
    trust scales rescaled to 0-1.
    """
    mean = min(max(mean, 1e-3), 1.0 - 1e-3)
    return rng.beta(mean * concentration, (1.0 - mean) * concentration, size=size).astype(np.float32)
