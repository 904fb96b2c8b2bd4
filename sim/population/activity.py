"""Heterogeneous activity: how much each citizen shares, and how many follow them.

Online activity is concentrated far beyond a homogeneous network. 1% of users received 80% of the
fake-news exposures and 0.1% did 80% of the sharing (Grinberg, Joseph, Friedland, Swire-Thompson &
Lazer 2019, Science 363:374); 2,107 "supersharers", 0.3% of 664,391 panel voters, shared 80% of it
(Baribi-Bartov, Swire-Thompson & Grinberg 2024, Science 384:979). In the default network before this
module the best-connected 1% held 2% of the links (Barabási–Albert: 10%).

Two per-citizen weights with mean 1, drawn once from the population's stream:

* **reach** ``theta`` — how many contacts a citizen has. The network's endpoints are drawn in
  proportion to it (a degree-corrected stochastic block model, Karrer & Newman 2011, PRE 83:016107),
  so a citizen's expected degree is ``theta`` times the segment's, and exposures, which come over
  links, concentrate on the well-connected.
* **activity** ``a`` — how often a citizen passes things on. It scales the rate at which a spreader
  initiates contacts, so a few citizens do most of the sharing.

Both are Pareto (Lomax) with tail index ``alpha``: ``P(w > x) = (1 + x/s)^(-alpha)``, scaled to mean 1
(``s = alpha - 1``), and capped at :data:`CAP_SHARE` of the population so that no single citizen can
be linked to more people than exist. For a Pareto tail the top share ``p`` of citizens holds about
``p^(1 - 1/alpha)`` of the total, so the measured concentrations above mean ``alpha`` close to 1:
``0.001^(1 - 1/alpha) = 0.8`` gives ``alpha = 1.03`` for sharing and ``0.01^(1 - 1/alpha) = 0.8``
gives ``alpha = 1.05`` for exposure. A population of a few thousand citizens cannot carry such a tail
(its top 0.1% is five people), so the defaults are chosen to land in a **band** at the sizes the
scenarios use, checked by ``tests/sim/test_population_activity.py`` against :data:`BANDS`.
"""

from __future__ import annotations

import numpy as np

REACH_ALPHA = 1.3
"""Tail index of reach (degree exponent about 2.3, within the 2-3 of measured online networks)."""
ACTIVITY_ALPHA = 1.05
"""Tail index of sharing activity (the measured concentration needs about 1.03)."""
CAP_SHARE = 0.05
"""No citizen's expected contacts exceed this share of the population (no hub linked to everyone)."""
BANDS = {
    # (citizens, what, top fraction): (lowest share accepted, measured share) -- what the tests hold
    (10_000, "links", 0.01): (0.20, None),
    (10_000, "exposures", 0.01): (0.40, 0.80),
    (10_000, "sharing", 0.001): (0.20, 0.80),
    (100_000, "links", 0.01): (0.30, None),
    (100_000, "exposures", 0.01): (0.55, 0.80),
    (100_000, "sharing", 0.001): (0.30, 0.80),
}
"""The documented band: at 10^4 citizens the top 1% hold a fifth of the links and get two fifths of the
exposures, and the top 0.1% do a fifth of the sharing (a plain SBM: 2%, 2%, 0.2%); at 10^5 more. The
measured 80% (Grinberg et al. 2019) needs hubs linked to most of a small population, which the cap
forbids: the model is concentrated as far as its size allows, not as far as Twitter was."""


def pareto_weights(n: int, alpha: float, rng: np.random.Generator, per_weight: float = 1.0) -> np.ndarray:
    """``n`` Lomax weights of tail index ``alpha`` (> 1), capped and renormalised to mean 1 (float64).

    ``per_weight`` is what one unit of weight brings (the mean degree, for reach): the cap keeps
    ``weight * per_weight`` within :data:`CAP_SHARE` of the population.
    """
    if n <= 0:
        return np.zeros(0)
    scale = alpha - 1.0  # Lomax mean is scale / (alpha - 1)
    w = scale * (rng.random(n) ** (-1.0 / alpha) - 1.0)
    cap = max(1.0, CAP_SHARE * n / max(per_weight, 1e-9))
    w = w / w.mean()
    for _ in range(50):  # capping lowers the mean and renormalising lifts the cap: a few rounds settle it
        if w.max() <= cap * (1.0 + 1e-6):
            break
        w = np.minimum(w, cap)
        w = w / w.mean()
    return w


def top_share(values: np.ndarray, fraction: float) -> float:
    """Share of the total held by the largest ``fraction`` of ``values`` (at least one value)."""
    values = np.sort(np.asarray(values, dtype=np.float64))[::-1]
    k = max(1, int(round(fraction * values.size)))
    total = float(values.sum())
    return float(values[:k].sum() / total) if total > 0 else 0.0
