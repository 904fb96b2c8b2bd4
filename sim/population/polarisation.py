"""Polarisation measures of an opinion distribution on [0, 1].

* Esteban & Ray 1994 (Econometrica 62:819), "On the measurement of polarization":
  ``P = K sum_i sum_j pi_i^(1 + alpha) pi_j |y_i - y_j|`` over groups ``i`` with
  population shares ``pi_i`` at positions ``y_i``. For opinions the groups are
  histogram bins (positions = bin centres). With ``alpha = 1, K = 1`` two equal
  groups at distance 1 give 0.25, the maximum on [0, 1].
* Bimodality coefficient (Pfister, Schwarz, Janczyk, Dale & Freeman 2013, Front.
  Psychol. 4:700): ``BC = (g^2 + 1) / (k + 3 (n - 1)^2 / ((n - 2)(n - 3)))`` with the
  sample skewness ``g`` and sample excess kurtosis ``k``, both with the usual
  small-sample corrections (SAS / scipy ``bias=False``), which is what the
  ``(n - 1)^2 / ((n - 2)(n - 3))`` term is paired with. ``BC > 5/9`` (the value for
  a uniform distribution) suggests bimodality.
* Opinion clusters as in the Deffuant-Weisbuch literature (Deffuant et al. 2000;
  Lorenz 2007): sorted opinions split wherever consecutive values are more than
  ``gap`` (1e-3) apart; a cluster is *major* with at least 2% of the population.

Bramson et al. 2016 (Philosophy of Science 84:115) show these measures move
independently, which is why the population reports all of them.

*Cost.* The replay samples them every tick, so each is O(n) and uses no BLAS: sums, not ``np.dot``
or ``@`` (a multithreaded BLAS is slow under load, and its result may depend on its thread count);
clusters from buckets narrower than the gap instead of a sort (:func:`clusters`).
"""

from __future__ import annotations

import numpy as np

BC_UNIFORM = 5.0 / 9.0
"""Bimodality coefficient of a uniform distribution; larger values suggest bimodality."""


def esteban_ray(shares: np.ndarray, positions: np.ndarray, alpha: float = 1.0, k: float = 1.0) -> float:
    """Esteban-Ray polarisation of groups with the given population shares and positions.

    Args:
        shares: population share of each group (normalised here so they sum to 1).
        positions: position of each group on the axis.
        alpha: the polarisation sensitivity (Esteban & Ray allow 0 < alpha <= 1.6).
        k: the scale constant K.
    """
    pi = np.asarray(shares, dtype=np.float64)
    y = np.asarray(positions, dtype=np.float64)
    total = pi.sum()
    if total <= 0:
        return 0.0
    pi = pi / total
    dist = np.abs(y[:, None] - y[None, :])
    return float(k * ((pi ** (1.0 + alpha))[:, None] * dist * pi[None, :]).sum())


def esteban_ray_histogram(counts: np.ndarray, alpha: float = 1.0, k: float = 1.0) -> float:
    """Esteban-Ray polarisation of a histogram of opinions on [0, 1] (groups = bins at their centres)."""
    counts = np.asarray(counts, dtype=np.float64)
    centres = (np.arange(counts.size) + 0.5) / counts.size
    return esteban_ray(counts, centres, alpha=alpha, k=k)


def bimodality_coefficient(values: np.ndarray) -> float:
    """Sample bimodality coefficient (Pfister et al. 2013); 0 when undefined (n < 4 or no spread)."""
    x = np.asarray(values, dtype=np.float64)
    n = x.size
    if n < 4:
        return 0.0
    d = x - x.mean()
    d2 = d * d
    m2 = float(d2.sum() / n)
    if m2 <= 1e-300:
        return 0.0
    m3 = float((d2 * d).sum() / n)
    d2 *= d2
    m4 = float(d2.sum() / n)
    g1 = m3 / m2**1.5
    g2 = m4 / m2**2 - 3.0
    # Small-sample corrected skewness G1 and excess kurtosis G2 (Joanes & Gill 1998).
    skew = g1 * np.sqrt(n * (n - 1.0)) / (n - 2.0)
    kurt = (n - 1.0) / ((n - 2.0) * (n - 3.0)) * ((n + 1.0) * g2 + 6.0)
    return float((skew**2 + 1.0) / (kurt + 3.0 * (n - 1.0) ** 2 / ((n - 2.0) * (n - 3.0))))


def clusters(values: np.ndarray, gap: float = 1e-3, major_share: float = 0.02) -> tuple[int, int]:
    """Number of opinion clusters and of major clusters.

    Args:
        values: opinions.
        gap: consecutive sorted opinions further apart than this start a new cluster.
        major_share: a cluster with at least this share of the values is major.

    Returns:
        ``(clusters, major_clusters)``.
    """
    x = np.asarray(values).ravel()
    if x.size == 0:
        return 0, 0
    lo, hi = x.min(), x.max()
    span = float(hi) - float(lo)
    # Buckets of width w < gap / 2 in value order (floor is monotone, so bucket order is value
    # order). Two consecutive non-empty buckets i < j are one cluster when adjacent (their values
    # are within 2w < gap), two when (j - i - 1) w clearly exceeds the gap, and otherwise only
    # their actual edges tell: the next bucket's smallest value more than the gap above this
    # one's largest, the difference taken in the values' own type as np.diff of the sorted values
    # would. Only those few buckets' values are looked at twice. O(n), the same answer as a sort.
    half = gap / 2.0 * (1.0 - 1e-6)  # a hair under half the gap, so adjacent buckets never break
    buckets = int(min(np.floor(span / half), 2**24)) + 1
    w = max(span, half) / buckets
    idx = ((x.astype(np.float64) - float(lo)) * (1.0 / w)).astype(np.intp)
    np.clip(idx, 0, buckets - 1, out=idx)
    counts = np.bincount(idx, minlength=buckets)
    used = np.flatnonzero(counts)
    steps = np.diff(used)
    breaks = (steps - 1) * w > gap * (1.0 + 1e-6) + 1e-6  # margin for values a rounding off their bucket
    unsure = np.flatnonzero((steps > 1) & ~breaks)
    if unsure.size:
        involved = np.zeros(buckets, dtype=bool)
        involved[used[unsure]] = involved[used[unsure + 1]] = True
        near = np.flatnonzero(involved[idx])
        lows = np.full(buckets, hi, dtype=x.dtype)
        highs = np.full(buckets, lo, dtype=x.dtype)
        np.minimum.at(lows, idx[near], x[near])
        np.maximum.at(highs, idx[near], x[near])
        breaks[unsure] = (lows[used[unsure + 1]] - highs[used[unsure]]) > gap
    cluster_of = np.concatenate(([0], np.cumsum(breaks)))
    sizes = np.bincount(cluster_of, weights=counts[used]).astype(np.int64)
    return int(sizes.size), int(np.count_nonzero(sizes >= major_share * x.size))
