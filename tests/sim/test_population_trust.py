"""Unit tests of asymmetric trust updating (Slovic 1993) in sim.population.trust."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sim.population.spec import TrustSpec
from sim.population.trust import apply_signal, initial_trust


def test_trust_is_lost_faster_than_gained():
    """At the same trust level a bad signal takes more than an equal good signal gives."""
    spec = TrustSpec()
    up = np.full(1, 0.5, np.float32)
    down = np.full(1, 0.5, np.float32)
    apply_signal(up, 0.5, spec)
    apply_signal(down, -0.5, spec)
    assert (0.5 - down[0]) > (up[0] - 0.5) > 0


def test_recovering_from_a_bad_signal_takes_several_good_ones():
    """After one bad signal, one good signal of the same strength does not restore trust; it takes several."""
    t = np.full(1, 0.6, np.float32)
    apply_signal(t, -1.0, TrustSpec())
    count = 0
    while t[0] < 0.6:
        apply_signal(t, 1.0, TrustSpec())
        count += 1
    assert count >= 3


def test_update_formula():
    """Good: T += gain s (1 - T); bad: T -= loss s T."""
    spec = TrustSpec(gain=0.1, loss=0.3)
    t = np.array([0.2, 0.8], np.float32)
    apply_signal(t, 0.5, spec)
    assert t == pytest.approx([0.2 + 0.05 * 0.8, 0.8 + 0.05 * 0.2], abs=1e-6)
    apply_signal(t, -1.0, spec)
    assert t == pytest.approx([0.24 * 0.7, 0.81 * 0.7], abs=1e-6)


def test_trust_spec_rejects_gain_above_loss():
    """The schema refuses a trust block where trust is gained faster than lost."""
    with pytest.raises(ValueError):
        TrustSpec(gain=0.1, loss=0.05)


@given(st.lists(st.floats(-1, 1), max_size=30), st.floats(0, 1))
def test_trust_stays_in_unit_interval(signals, start):
    """Any sequence of signals keeps trust within [0, 1]."""
    t = np.full(3, start, np.float32)
    for s in signals:
        apply_signal(t, s, TrustSpec(gain=0.5, loss=1.0))
    assert np.all((t >= 0) & (t <= 1))


def test_initial_trust_has_the_segment_mean():
    """Initial trust is drawn around the segment's mean (OECD-style baseline)."""
    t = initial_trust(0.39, 100_000, np.random.default_rng(0))
    assert t.dtype == np.float32 and abs(t.mean() - 0.39) < 0.005 and t.min() > 0 and t.max() < 1
