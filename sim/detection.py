"""Fog of war: detecting red operations and building attribution evidence.

**Detection** is Koopman's random-search model (Koopman 1946; Washburn, *Search
and Detection*): a body searching with effort ``e`` for a target with signature
``s`` detects it in ``dt`` with probability ``1 - exp(-gamma dt)``, where the
hazard ``gamma = e * s``. Here ``e`` is the body's information position (0-1)
times its extra effort (investigations, partner sharing), and ``s`` is the
technique's signature per day. Calibration: Mandiant M-Trends 2024 gives a median
dwell time of about 10 days, with ~46% of intrusions found by the victim's own
service; a body with information position 0.5 facing a signature of 0.14/day has a
median time to detect of ln 2 / 0.07 = 9.9 days.

**Attribution** is weighed in :mod:`sim.evidence`: several suspects, evidence items that each
cell holds, false flags. Attributing publicly below :data:`ATTRIBUTION_THRESHOLD` risks being wrong,
and the response model makes that backfire (Edwards et al. 2017, PNAS 114:2825, on blame under
uncertainty).

**Noise.** Bodies also see signals that are not there (false positives), fewer as
their information position improves; a noise signal reads like a detection and
adds misleading evidence against the state it seems to point at. White sees which
signals were noise.
"""

from __future__ import annotations

import math

ATTRIBUTION_THRESHOLD = 0.9
"""Confidence above which a public attribution holds up."""

SUSPICION_THRESHOLD = 0.5
"""Confidence above which a cell names its leading suspect (among several); below it says "unknown"."""

NOISE_SIGNALS_PER_DAY = 0.1
"""False signals per day for a body with information position 0 (fewer as the position improves).
Each looks like a detection to the body's cells and adds :data:`LLR_NOISE` of misleading
evidence against the suspect it seems to point at."""

LLR_NOISE = 0.3

PROXY_SIGNATURE = 0.7
"""How visible an operation run through a cut-out is, relative to the state's own (deniability is the point)."""

INVESTIGATION_EFFORT = 3.0
"""Search effort multiplier against an actor while it is under investigation (not cumulative)."""


def detection_probability(effort: float, signature_per_day: float, hours: float) -> float:
    """Probability of detecting within ``hours`` with hazard ``effort * signature``."""
    return 1.0 - math.exp(-max(0.0, effort) * max(0.0, signature_per_day) * hours / 24.0)

