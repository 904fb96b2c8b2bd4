"""Believing and fact-checking: the SBFC model of Tambuscio, Ruffo, Flammini & Menczer 2015.

**The model** (WWW'15 Companion, doi:10.1145/2740908.2742572; the authors' code
is github tambu85/misinfo_spread, ``spreading_hoax.R``). For each narrative every
citizen is susceptible (S), a believer of the hoax (B) or a fact-checker (F). A
susceptible with ``n_B`` believer and ``n_F`` fact-checker contacts, spreading rate
``beta`` and gullibility ``a``, turns

    S -> B  with  beta * n_B (1 + a) / D,    S -> F  with  beta * n_F (1 - a) / D,
    D = n_B (1 + a) + n_F (1 - a)

(nothing happens when ``D = 0``); a believer checks the facts, B -> F, with
``p_verify`` and forgets, B -> S, with ``p_forget``; a fact-checker forgets, F -> S,
with ``p_forget``. Forgotten citizens are susceptible again and are exposed again by
their contacts. Well-mixed (``network: complete``) a citizen's contacts are everyone,
so ``n_B`` and ``n_F`` are the population's counts: that is the paper's mean field.

*Time.* The paper advances in steps with these as per-step probabilities. Here
``beta``, ``p_verify`` and ``p_forget`` are per day, applied in synchronous
substeps of ``dt`` (at most ``P_MAX / rate``) with probabilities ``rate * dt``, not
``1 - exp(-rate dt)``: the step map then has exactly the fixed points of the rate
equations below, whatever ``dt``, and a one-day step is the paper's model. The
authors' code lets a believer forget before it may verify (B -> F with
``(1 - p_forget) p_verify``); the paper and this module take the two exits as
competing, which is what the mean-field result below assumes.

**Coupling to the rumour** (:mod:`sim.population.rumour`, Maki-Thompson, which this
module never changes). The rumour is the narrative circulating; SBFC is who
believes it. Two rules join them:

* only a citizen the rumour has reached (not ignorant) can leave S — believers and
  fact-checkers of a narrative have heard it, so belief never exceeds reach and the
  indicators that read believer shares stay below the narrative's reach;
* a current spreader who is still susceptible counts for its contacts as a believer
  (it pushes the hoax, as seeded and inauthentic accounts do, believing it or not).
  A spreader who believes or checks counts as what it is.

So the rumour opens the audience and primes it while it spreads; once it has died,
the reached population is a closed SBFC system and the hoax either dies out or stays
endemic, as in the paper. A debunk (:func:`sim.population.rumour.fact_check`) can
make citizens fact-checkers before the rumour reaches them; they count as ``n_F``.

**Mean field and threshold** (derived from the rules above; each rate is per day).
With ``s, b, f`` the shares of the exposed population (``s + b + f = 1``) and one
gullibility ``a``, a susceptible leaves at rate ``beta`` whenever ``b + f > 0`` (the
two splits sum to ``beta``):

    ds/dt = -beta s + p_f (b + f)
    db/dt = beta s b (1 + a) / D - (p_v + p_f) b,      D = b (1 + a) + f (1 - a)
    df/dt = beta s f (1 - a) / D + p_v b - p_f f

Steady state: ``s* = p_f / (beta + p_f)``, so ``beta s* = p_f (1 - s*)``. With
``b > 0`` the B equation gives ``p_f (1 - s*) (1 + a) = (p_v + p_f) D``; writing
``b = x (1 - s*)``, ``D = (1 - s*)(1 - a + 2 a x)`` and

    x = [p_f (1 + a) / (p_v + p_f) - (1 - a)] / (2 a),    b* = x (1 - s*).

``x > 0`` only for ``p_v < p_c = 2 a p_f / (1 - a)``; above it the only steady state
is ``b* = 0``, ``f* = 1 - s*`` (the linearised B equation about it has rate
``p_f (1 + a)/(1 - a) - p_v - p_f < 0``). The threshold depends on the gullibility
and on forgetting, not on ``beta`` — the paper's result; ``beta`` sets only the
speed and ``s*``. Without forgetting (``p_f = 0``) any verification removes the
hoax. With per-citizen gullibility ``a_i`` every susceptible still leaves at
``beta``, so ``s*`` is the same for all and the threshold is
``p_c = p_f <2 a / (1 - a)>`` (mean over the exposed); above it ``b`` solves
``1 = p_f (1 - s*) / (p_v + p_f) * <(1 + a) / (b (1 + a) + (1 - s* - b)(1 - a))>``
(:func:`steady_state`).
"""

from __future__ import annotations

import math

import numpy as np

UNDECIDED, BELIEVER, CHECKER = 0, 1, 2
IGNORANT, SPREADER = 0, 1

P_MAX = 0.1
"""Largest per-substep transition probability (``rate * dt``) of any citizen."""

INOCULATION = 1.0
"""Not in the paper (an extension, off when nobody is prebunked): a citizen with prebunking protection
``P`` meets a hoax as if ``INOCULATION * P`` of its informed contacts were fact-checkers on top of the
real ones — the pre-emptive refutation of inoculation theory (McGuire 1961; van der Linden et al. 2017)
speaks for the debunk. In the paper's model gullibility only weighs the hoax against the debunk, so
without this a prebunked citizen among believers believes as readily as anyone. At the largest
protection (0.5) and gullibility 0.5, a citizen with only believer contacts believes 14% less
readily: within the 5-25% by which measured prebunking lowers belief or sharing (Roozenbeek et al.
2022, Sci. Adv. 8:eabo6254; Maertens et al. 2021). A design choice held to that band."""


def threshold(alpha: float | np.ndarray, p_forget: float) -> float:
    """Critical p_verify above which the hoax dies out: ``p_forget <2 a / (1 - a)>`` (module docstring)."""
    a = np.asarray(alpha, dtype=np.float64)
    if np.any(a >= 1.0):
        return math.inf
    return float(p_forget * np.mean(2.0 * a / (1.0 - a)))


def steady_state(alpha: float | np.ndarray, beta: float, p_verify: float, p_forget: float) -> tuple[float, float, float]:
    """Mean-field steady shares ``(s, b, f)`` of the exposed population (module docstring).

    ``alpha`` is one gullibility or one per citizen. Without forgetting the only
    stationary state is everyone settled: ``(0, 0, 1)`` if ``p_verify > 0``.
    """
    a = np.atleast_1d(np.asarray(alpha, dtype=np.float64))
    if p_forget <= 0:
        return (0.0, 0.0, 1.0) if p_verify > 0 else (0.0, 1.0, 0.0)
    s = p_forget / (beta + p_forget)
    informed = 1.0 - s
    if p_verify >= threshold(a, p_forget):
        return s, 0.0, informed
    if a.size == 1 or np.all(a == a[0]):
        x = (p_forget * (1.0 + a[0]) / (p_verify + p_forget) - (1.0 - a[0])) / (2.0 * a[0])
        b = x * informed
    else:
        k = p_forget * informed / (p_verify + p_forget)

        def excess(b: float) -> float:
            return k * float(np.mean((1.0 + a) / (b * (1.0 + a) + (informed - b) * (1.0 - a)))) - 1.0

        from scipy.optimize import brentq  # here: a run never needs it, and scipy.optimize costs start-up

        b = brentq(excess, 1e-12, informed, xtol=1e-12)
    return s, b, informed - b


def sides(n_b, n_f, a, protection=0.0):
    """The weights of the hoax and of the debunk for a susceptible: ``(n_B (1 + a), n_F' (1 - a))``.

    ``n_F' = n_F + INOCULATION * protection * (n_B + n_F)``: the pre-emptive refutation a prebunked
    citizen carries speaks for the fact-checkers (:data:`INOCULATION`; 0 protection is the paper).
    """
    n_f = n_f + INOCULATION * protection * (n_b + n_f)
    return n_b * (1.0 + a), n_f * (1.0 - a)


def step(belief: np.ndarray, rumour: np.ndarray, spreaders: np.ndarray, counts: list[int], days: float,
         beta: float, p_verify: float, p_forget: float, gullibility, network, rng: np.random.Generator,
         inoculation=None) -> np.ndarray:
    """Advance one narrative's SBFC state by ``days``; returns the ids of citizens who became believers.

    Args:
        belief: the narrative's uint8 S / B / F row (updated in place).
        rumour: the narrative's uint8 ignorant / spreader / stifler row (read only).
        spreaders: ids of the rumour's current spreaders (constant over the step).
        counts: ``[believers, checkers]``, updated in place.
        days: time to advance.
        beta, p_verify, p_forget: per-day rates (module docstring).
        gullibility: ``gullibility(ids) -> float32 array`` of those citizens.
        inoculation: ``inoculation(ids) -> array`` of their prebunking protection (None: nobody is
            inoculated, the paper's model); see :data:`INOCULATION`.
        network: the contact network (``complete`` = well-mixed).
        rng: randomness; drawn per substep in the order susceptibles, believers, fact-checkers.
    """
    made: list[np.ndarray] = []
    rate = max(beta, p_verify + p_forget)
    if days <= 0 or rate <= 0:
        return np.zeros(0, dtype=np.int64)
    n_sub = max(1, math.ceil(days * rate / P_MAX - 1e-9))
    dt = days / n_sub
    q_expose, q_verify, q_forget = beta * dt, p_verify * dt, p_forget * dt
    # A susceptible spreader pushes the hoax as a believer would (the coupling).
    pushers = spreaders[belief[spreaders] == UNDECIDED] if spreaders.size else spreaders
    for _ in range(n_sub):
        if counts[0] == 0 and counts[1] == 0 and pushers.size == 0:
            break
        # Synchronous update, as in the paper: every draw reads the state at the start of the substep.
        sus = np.flatnonzero((belief == UNDECIDED) & (rumour != IGNORANT)) if q_expose > 0 else np.zeros(0, np.int64)
        bel = np.flatnonzero(belief == BELIEVER)
        chk = np.flatnonzero(belief == CHECKER) if q_forget > 0 else np.zeros(0, np.int64)
        to_b = to_f = np.zeros(0, dtype=np.int64)
        if sus.size:
            n_b, n_f = _informed_contacts(sus, belief, pushers, counts, network)
            a = gullibility(sus).astype(np.float64)
            protection = inoculation(sus).astype(np.float64) if inoculation is not None else 0.0
            w_b, w_f = sides(n_b, n_f, a, protection)
            d = w_b + w_f
            exposed = d > 0
            p_b = np.where(exposed, q_expose * w_b / np.where(exposed, d, 1.0), 0.0)
            p_any = np.where(exposed, q_expose, 0.0)
            u = rng.random(sus.size)
            to_b = sus[u < p_b]
            to_f = sus[(u >= p_b) & (u < p_any)]
        b_to_f = b_to_s = np.zeros(0, dtype=np.int64)
        if bel.size and (q_verify > 0 or q_forget > 0):
            u = rng.random(bel.size)
            b_to_f = bel[u < q_verify]
            b_to_s = bel[(u >= q_verify) & (u < q_verify + q_forget)]
        f_to_s = np.zeros(0, dtype=np.int64)
        if chk.size:
            f_to_s = chk[rng.random(chk.size) < q_forget]
        belief[to_b] = BELIEVER
        belief[to_f] = CHECKER
        belief[b_to_f] = CHECKER
        belief[b_to_s] = UNDECIDED
        belief[f_to_s] = UNDECIDED
        counts[0] += to_b.size - b_to_f.size - b_to_s.size
        counts[1] += to_f.size + b_to_f.size - f_to_s.size
        if to_b.size:
            made.append(to_b)
        if pushers.size:
            pushers = pushers[belief[pushers] == UNDECIDED]
    return np.concatenate(made) if made else np.zeros(0, dtype=np.int64)


def neighbour_counts(who: np.ndarray, belief: np.ndarray, network,
                     offset: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Numbers of believer and fact-checker neighbours of each citizen in ``who``.

    ``belief`` is one narrative's row, or the flat array of all rows with ``offset``
    (per citizen in ``who``) the start of the row to read.
    """
    indptr, indices = network.indptr, network.indices
    start = indptr[who].astype(np.int64)
    deg = indptr[1:][who] - start
    ends = np.cumsum(deg)
    total = int(ends[-1]) if ends.size else 0
    if total == 0:
        z = np.zeros(who.size, dtype=np.float32)
        return z, z.copy()
    offsets = ends - deg
    pos = np.repeat(start - offsets, deg)
    pos += np.arange(total, dtype=np.int64)
    nb = indices[pos]
    b = belief[nb] if offset is None else belief[nb + np.repeat(offset, deg)]
    # Per-row sums as differences of running totals (no per-row Python, no float weights).
    cum = np.zeros(total + 1, dtype=np.int32)
    np.cumsum(b == BELIEVER, out=cum[1:])
    n_b = (cum[ends] - cum[offsets]).astype(np.float32)
    np.cumsum(b == CHECKER, out=cum[1:])
    n_f = (cum[ends] - cum[offsets]).astype(np.float32)
    return n_b, n_f


def _informed_contacts(who: np.ndarray, belief: np.ndarray, pushers: np.ndarray, counts: list[int],
                       network) -> tuple[np.ndarray, np.ndarray]:
    """``(n_B, n_F)`` of the susceptibles ``who``, with susceptible spreaders (``pushers``) counted as believers."""
    if network.complete:
        # Everyone is everyone's contact; a pusher does not count for itself.
        n_b = np.full(who.size, float(counts[0] + pushers.size))
        if pushers.size:
            n_b -= np.isin(who, pushers, assume_unique=True)
        return n_b, np.full(who.size, float(counts[1]))
    state = belief
    if pushers.size:
        state = belief.copy()
        state[pushers] = BELIEVER
    n_b, n_f = neighbour_counts(who, state, network)
    return n_b.astype(np.float64), n_f.astype(np.float64)
