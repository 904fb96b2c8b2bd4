"""Narratives: Maki-Thompson rumour spreading, and believing / fact-checking.

**Spreading — Maki & Thompson 1973** (*Mathematical Models and Applications*).
Each citizen is ignorant, spreader or stifler for each narrative. A spreader
initiates contacts at rate ``c * online * amplification`` per day (``c`` the
population's ``contacts_per_day``, ``online`` the segment's platform activity,
``amplification`` the narrative's inauthentic amplification, 1 = none). The
contacted person is a uniformly chosen *other* citizen when well-mixed, a random
neighbour on a network (Moreno, Nekovee & Pacheco 2004, PRE 69:066130). An
ignorant contacted becomes a spreader with probability ``lambda`` (``spread``);
if the contacted person is a spreader or stifler, *only the initiator* becomes a
stifler with probability ``alpha`` (``stifle``). Spreaders also stop on their own
at rate ``delta`` (``forget``; Nekovee, Moreno, Bianconi & Marsili 2007, Physica A
374:457). Well-mixed, the final ignorant fraction ``s`` solves
``s = exp(-(1 + lambda/alpha)(1 - s))``: 0.2031878 for ``lambda = alpha``
(Sudbury 1985, J. Appl. Prob. 22:443).

*How it is simulated.* Time advances in substeps short enough that a spreader
makes at most one contact per substep, with probability ``r dt <= P_MAX`` (0.1),
so the mean contact count is exact. The contacting spreaders of a substep are
drawn by systematic sampling from the spreader list (:func:`systematic_subset`),
in O(contacts) time and in list order. A spreader made during a substep can only
start in the next one; on average it missed half a substep, so its first substep
counts one and a half (contact probability ``1.5 r dt``), which removes the lag
the substeps would otherwise add to every generation, to first order in ``r dt``.
The contacts of a substep are resolved as if made one after the other in random
order: a contact is judged against the state left by the contacts before it. The
only way two contacts of one substep interact is by hitting the same ignorant
(spreaders and stiflers are equivalent to a contactor, and a spreader can only be
stifled by its own contact), so those are sorted by target and a random priority:
the first successful one converts the target and the later ones find a spreader.
Because every contact's outcome has the jump-chain probabilities given the
current counts, the well-mixed final-size distribution is exactly that of the
Maki-Thompson jump chain, whatever the substep. Drawing contacts over ordered
pairs, or stifling both spreaders on a spreader-spreader meeting, would give
~0.285 instead of 0.203 (the error in Hayes 2005 that the validation test
catches). All narratives share the substeps and are processed together on flat
``(narrative, citizen)`` ids (:class:`Rumours`).

**Heterogeneous activity** (:mod:`sim.population.activity`; the default society). A citizen of
activity ``a`` (mean 1, heavy-tailed) contacts at ``a`` times its segment's rate, and a heavy sharer
(``a > 1``) is also ``a`` times as persistent: its stifling probability per contact is ``alpha / a``.
So over the same spreading lifetime it makes ``a`` times the contacts, whether spreading ends by
stifling or by forgetting: the supersharer of Grinberg et al. 2019, who keeps passing stories on. (A
light sharer, ``a < 1``, contacts more rarely and stops as anyone does: it cannot be less than
Maki-Thompson-persistent.) A spreader holds ``ceil(a)`` entries ("slots") in the spreader pool, each
contacting with probability ``p a / ceil(a) <= p``, so the substep does not shrink with the tail; it
forgets once per citizen (a forgotten slot is kept with probability ``1 / ceil(a)``). A heavy sharer
can make several contacts in one substep: they count in pool order, and the ones after its first
stifling contact are void. The resolution of shared targets sees those contacts' conversions before
they are voided, and a late contact (one that finds a spreader made in the same substep) does not void
its source's later contacts: both are second-order in ``r dt`` and concern heavy sharers only. With
uniform activity every citizen has one slot and the scheme, and its exactness, are as above.

**Believing — Tambuscio, Ruffo, Flammini & Menczer 2015** (WWW'15 Companion,
doi:10.1145/2740908.2742572), their SBFC model as published, in
:mod:`sim.population.sbfc`: for each narrative a citizen is susceptible
(``UNDECIDED``), a believer or a fact-checker; a reached susceptible takes a side at
the spreading rate ``beta`` (``belief_spread``) split by ``n_B (1 + a)`` against
``n_F (1 - a)`` over its contacts, believers verify at ``p_verify`` and both forget
at ``p_forget`` (``belief_forget``) back to susceptible, to be exposed again. The
rumour below is coupled to it in two ways (details in :mod:`sim.population.sbfc`):
only citizens it has reached can take a side, and its susceptible spreaders count
for their contacts as believers. ``p_verify`` is ``verify`` + standing
fact-checking capacity + recent debunks. The hoax dies out above
``p_verify = p_forget <2a / (1 - a)>`` and is endemic below.

The citizen's gullibility ``a`` starts from the narrative's ``credibility`` and is
scaled by (each factor 1 for a middling citizen):

* media literacy ``L``: ``1 - 0.5 (L - 0.5)``, so full literacy cuts acceptance by
  25% — literacy tips improved discernment by ~17-27% (Guess et al. 2020, PNAS
  117:15536);
* prebunking protection ``P``: ``1 - P``, with ``P`` at most 0.5 and decaying with
  a 30-day half-life (inoculation decays over 1-3 months without boosters:
  Pilditch et al. 2022, R. Soc. Open Sci. 9:211953; Maertens et al. 2021);
* institutional trust ``T``: ``1 + 1.0 (0.5 - T)`` for narratives against
  institutions, ``1 + 0.5 (0.5 - T)`` otherwise;
* fit with the citizen's opinion ``x``: ``1 + (0.5 - |x - stance|)``;

clipped to [0, 1].

**Debunks** (:func:`fact_check`): a correction reaching a believer turns it into a
fact-checker with probability ``strength (0.5 + T) / 2`` — half-way at full strength
and average trust, the size of correction effects in Chan et al. 2017 (Psychol.
Sci. 28:1531) — and reaches undecided citizens as a debunk (half as often), who
then count as fact-checkers for their contacts. It also raises ``p_verify`` for a few
days (the news cycle), as debunks do in Tambuscio et al.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sim.population import sbfc
from sim.population.network import Network
from sim.population.spec import NarrativeSpec

IGNORANT, SPREADER, STIFLER = 0, 1, 2
UNDECIDED, BELIEVER, CHECKER = 0, 1, 2

P_MAX = 0.1
"""Largest per-substep contact probability (= expected contacts) of a spreader: contacts per substep << 1."""

PREBUNK_MAX = 0.5
"""Largest prebunking protection: a fully inoculated citizen is half as gullible."""
PREBUNK_HALF_LIFE_DAYS = 30.0
DEBUNK_VERIFY_BOOST = 0.2
"""Added p_verify (per day) by a debunk of unit strength reaching everybody."""
DEBUNK_HALF_LIFE_DAYS = 3.0
CAPACITY_VERIFY = 0.05
"""Added p_verify (per day) by standing fact-checking partnerships at level 1."""


@dataclass
class Citizens:
    """The per-citizen arrays the narrative dynamics read (views owned by the population).

    Attributes:
        network: the social network.
        seg: segment index of every citizen (uint8).
        trust: institutional trust (float32, 0-1).
        opinion: opinion on the polarising axis (float32, 0-1).
        literacy: media literacy per segment.
        prebunk: prebunking protection per segment.
        mean_degree: the neighbourhood size used for well-mixed belief decisions.
        scratch: an int32 work array of one entry per citizen (contents meaningless).
    """

    network: Network
    seg: np.ndarray
    trust: np.ndarray
    opinion: np.ndarray
    literacy: np.ndarray
    prebunk: np.ndarray
    mean_degree: float
    scratch: np.ndarray


class Narrative:
    """One narrative: its scenario entry, its rows of the shared state, and its belief counters.

    Attributes:
        spec: the narrative's scenario entry.
        index: its row in :class:`Rumours`.
        rumour: uint8 ignorant / spreader / stifler per citizen (a row of the shared array).
        belief: uint8 undecided / believer / fact-checker per citizen (a row of the shared array).
        believers: current believers.
        checkers: current fact-checkers.
        amplification: inauthentic amplification multiplier on contact rates.
        debunk_boost: extra p_verify per day from recent debunks (decays).
        new_believers: believers made since the population last consumed them (for trust).
    """

    def __init__(self, spec: NarrativeSpec, index: int, rumours: "Rumours") -> None:
        self.spec = spec
        self.index = index
        self._rumours = rumours
        self.rumour = rumours.rumour[index]
        self.belief = rumours.belief[index]
        self.believers = 0
        self.checkers = 0
        self.amplification = 1.0
        self.debunk_boost = 0.0
        self.new_believers: list[np.ndarray] = []

    @property
    def spreading(self) -> int:
        """Current number of spreaders."""
        return int(self._rumours.spreading[self.index])

    @property
    def reached(self) -> int:
        """Citizens ever reached (not ignorant)."""
        return int(self._rumours.reached[self.index])

    @property
    def spreaders(self) -> np.ndarray:
        """Ids of the current spreaders."""
        r = self._rumours
        pool = r.pool
        mine = pool[(pool // r.n) == self.index]
        ids = (mine[r.flat_rumour[mine] == SPREADER] - self.index * r.n).astype(np.int32)
        return ids if r.slots is None else np.unique(ids)  # a heavy sharer holds several slots


def gullibility(spec: NarrativeSpec, who: np.ndarray, people: Citizens) -> np.ndarray:
    """Gullibility ``a`` (0-1) of the citizens ``who`` for this narrative (formula in the module docstring)."""
    k_trust = 1.0 if spec.against_institutions else 0.5
    return _gullibility(np.float32(spec.credibility), np.float32(spec.stance), np.float32(k_trust), who, people)


def _inoculation(people: Citizens):
    """Prebunking protection of given citizens (their segment's), or None when nobody is prebunked."""
    if not np.any(people.prebunk > 0):
        return None  # the paper's model, and no extra work
    return lambda who: people.prebunk[people.seg[who].astype(np.intp)]


def _gullibility(cred, stance, k_trust, who: np.ndarray, people: Citizens) -> np.ndarray:
    """Gullibility with the narrative parameters given as scalars or per citizen."""
    s = people.seg[who].astype(np.intp)
    a = cred * (np.float32(1.0) - np.float32(0.5) * (people.literacy[s] - np.float32(0.5)))
    a *= np.float32(1.0) - people.prebunk[s]
    a *= np.float32(1.0) + k_trust * (np.float32(0.5) - people.trust[who])
    a *= np.float32(1.5) - np.abs(people.opinion[who] - stance)
    return np.clip(a, 0.0, 1.0, out=a)


def seed(rumours: "Rumours", nar: Narrative, candidates_lo: np.ndarray, candidates_hi: np.ndarray, count: int,
         people: Citizens, rng: np.random.Generator, by_contacts: bool = False) -> int:
    """Make up to ``count`` random ignorants in the given id ranges spreaders; returns how many.

    ``by_contacts``: draw them in proportion to their contacts, as a campaign's posts reach
    citizens (exposure concentrates on the well-connected; used in a heavy-tailed society), instead
    of uniformly. Citizens without contacts are then never drawn.
    """
    network = people.network
    weighted = by_contacts and not network.complete
    if weighted:
        # The CSR's row pointers are the cumulative degrees: a uniform link endpoint in a
        # range of citizens belongs to a citizen in proportion to its degree.
        lo, hi = network.indptr[candidates_lo].astype(np.int64), network.indptr[candidates_hi].astype(np.int64)
    else:
        lo, hi = candidates_lo, candidates_hi
    sizes = hi - lo
    total = int(sizes.sum())
    count = min(int(count), int((candidates_hi - candidates_lo).sum()))
    if count <= 0 or total <= 0:
        return 0
    chosen = np.zeros(0, dtype=np.int64)
    # Rejection sampling is O(count) while ignorants are plentiful; fall back to
    # listing them when a few attempts do not find enough.
    for _ in range(4):
        need = count - chosen.size
        draw = rng.integers(0, total, size=max(2 * need, 8), dtype=np.int64)
        ids = _range_ids(draw, lo, sizes)
        if weighted:
            ids = np.searchsorted(network.indptr, ids, side="right").astype(np.int64) - 1
        ids = ids[nar.rumour[ids] == IGNORANT]
        ids = np.concatenate((chosen, ids))
        _, first = np.unique(ids, return_index=True)
        chosen = ids[np.sort(first)][:count]
        if chosen.size >= count:
            break
    else:
        pool = np.concatenate([np.arange(a, b, dtype=np.int64) for a, b in zip(candidates_lo, candidates_hi)])
        pool = pool[nar.rumour[pool] == IGNORANT]
        pool = pool[~np.isin(pool, chosen)]
        if weighted:
            # Weighted sampling without replacement: the smallest exponential / weight keys.
            deg = (network.indptr[pool + 1] - network.indptr[pool]).astype(np.float64)
            pool, deg = pool[deg > 0], deg[deg > 0]
            extra = pool[np.argsort(rng.exponential(size=pool.size) / deg, kind="stable")][: count - chosen.size]
        else:
            extra = rng.permutation(pool)[: count - chosen.size]
        chosen = np.concatenate((chosen, extra))
    chosen = chosen.astype(np.int64)
    if chosen.size == 0:
        return 0
    # Seeded citizens heard it from the campaign itself: an undecided teller.
    rumours.start(chosen + nar.index * rumours.n)
    rumours.pending.append((chosen + nar.index * rumours.n, chosen + nar.index * rumours.n))
    return int(chosen.size)


def _range_ids(draw: np.ndarray, lo: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Map draws in [0, sum(sizes)) onto the concatenation of the ranges [lo, lo + size)."""
    ends = np.cumsum(sizes)
    which = np.searchsorted(ends, draw, side="right")
    return lo[which] + draw - (ends[which] - sizes[which])


def bernoulli_subset(n: int, p: float, rng: np.random.Generator, scratch: np.ndarray) -> np.ndarray:
    """Distinct positions in ``range(n)``, each included independently with probability ``p``.

    Poissonisation makes this O(n p): draw ``K ~ Poisson(n mu)`` positions with
    replacement, ``mu = -ln(1 - p)``; the number of draws landing on each position
    is then an independent Poisson(mu), so "drawn at least once" is an independent
    Bernoulli(1 - e^-mu) = Bernoulli(p). Duplicates are dropped with the stamp
    array ``scratch`` (length >= n); the positions come out in random order.
    """
    if n <= 0 or p <= 0.0:
        return np.zeros(0, dtype=np.int64)
    if p >= 1.0:
        return np.arange(n, dtype=np.int64)
    k = int(rng.poisson(-n * math.log1p(-p)))
    pos = uniform_ints(n, k, rng)
    kk = np.arange(k, dtype=np.int32)
    scratch[pos] = kk
    return pos[scratch[pos] == kk]


def systematic_subset(n: int, p: float, rng: np.random.Generator) -> np.ndarray:
    """Sorted positions in ``range(n)``, each included with probability exactly ``p``.

    Systematic sampling with a random start (Madow & Madow 1944): positions
    ``floor((k + u) / p)``. It costs a few passes over the picks only and reads the
    list in order; picks are negatively correlated within one call (at most one per
    run of ``1/p`` consecutive entries), which for contacts means within one substep.
    """
    if n <= 0 or p <= 0.0:
        return np.zeros(0, dtype=np.int64)
    if p >= 1.0:
        return np.arange(n, dtype=np.int64)
    u = float(rng.random())
    m = math.ceil(n * p - u)
    if m <= 0:
        return np.zeros(0, dtype=np.int64)
    pos = np.arange(m, dtype=np.float64)
    pos += u
    pos *= 1.0 / p
    out = pos.astype(np.int64)
    np.minimum(out, n - 1, out=out)  # guard the rounding of the last pick
    return out


def uniform_ints(n: int, k: int, rng: np.random.Generator) -> np.ndarray:
    """``k`` uniform integers in [0, n) (scaled doubles: several times faster than ``Generator.integers``)."""
    out = (rng.random(k) * n).astype(np.int64)
    np.minimum(out, n - 1, out=out)  # guard the rounding of values just below 1
    return out


class Rumours:
    """Maki-Thompson spreading of all narratives at once, on flat ``(narrative, citizen)`` ids.

    A flat id is ``narrative * n + citizen``. Holding every narrative's spreaders in
    one pool and processing their contacts together makes a substep's numpy calls
    independent of the number of narratives.

    Attributes:
        n: number of citizens.
        rumour, belief: uint8 arrays (narratives x citizens).
        flat_rumour: ``rumour`` as one flat array.
        spreading, reached: per-narrative counters (int64).
        narratives: the per-narrative views.
        pending: (flat reached ids, flat teller ids) whose beliefs are decided at the end of the step.
        slots: pool entries per citizen (``ceil(activity)``, at least 1), or None with uniform activity.
        tally: after :meth:`count_contacts`, contacts made and contacts received per citizen (int64),
            over every narrative; None otherwise (counting costs a pass over each substep's contacts).
    """

    def __init__(self, specs: list[NarrativeSpec], n: int, activity: np.ndarray | None = None) -> None:
        """``activity``: each citizen's contact rate as a multiple of its segment's (None: all 1)."""
        k = len(specs)
        self.n = n
        self.rumour = np.zeros((k, n), dtype=np.uint8)
        self.belief = np.zeros((k, n), dtype=np.uint8)
        self.flat_rumour = self.rumour.reshape(-1)
        self.spreading = np.zeros(k, dtype=np.int64)
        self.reached = np.zeros(k, dtype=np.int64)
        self.narratives = [Narrative(spec, i, self) for i, spec in enumerate(specs)]
        self.pending: list[tuple[np.ndarray, np.ndarray]] = []
        self._dtype = np.int32 if k * n < 2**31 else np.int64
        self._buf = np.zeros(64, dtype=self._dtype)
        self._len = 0
        self._fresh_from = 0  # pool entries from here on were made in the last substep
        self._sorted_upto = 0  # pool entries before this are in id order
        self._spread = np.array([s.spread for s in specs], dtype=np.float32)
        self._credibility = np.array([s.credibility for s in specs], dtype=np.float32)
        self._stance = np.array([s.stance for s in specs], dtype=np.float32)
        self._k_trust = np.array([1.0 if s.against_institutions else 0.5 for s in specs], dtype=np.float32)
        self._stifle = np.array([s.stifle for s in specs], dtype=np.float32)
        self.slots: np.ndarray | None = None
        self.tally: tuple[np.ndarray, np.ndarray] | None = None
        self._pool_scratch = np.zeros(0, dtype=np.int32)
        self._live_slots = 0  # pool entries of current spreaders (the pool's length without stale ones)
        if activity is not None:
            a = np.asarray(activity, dtype=np.float32)
            self.slots = np.maximum(1, np.ceil(a)).astype(np.int32)
            self._per_slot = (a / self.slots).astype(np.float32)  # each slot's share of the citizen's rate
            self._persistence = np.maximum(np.float32(1.0), a)  # stifling per contact is alpha / this

    def silence(self, citizens: np.ndarray) -> None:
        """Suspended accounts: the (distinct) ``citizens`` stop spreading every narrative and share nothing again.

        They can still be reached and believe; a narrative reaching them later makes them spreaders
        that contact nobody (until they forget it). Needs heterogeneous activity (the slots' rates).
        """
        if self.slots is None or citizens.size == 0:
            return
        self._per_slot[citizens] = 0.0
        flat = (np.arange(self.rumour.shape[0], dtype=np.int64)[:, None] * self.n + citizens[None, :]).reshape(-1)
        spreading = flat[self.flat_rumour[flat] == SPREADER]
        if spreading.size:
            self.stop(spreading)

    def count_contacts(self) -> None:
        """Count from now on who makes and who receives each contact (:attr:`tally`), to measure concentration."""
        self.tally = (np.zeros(self.n, dtype=np.int64), np.zeros(self.n, dtype=np.int64))

    @property
    def pool(self) -> np.ndarray:
        """Flat spreader ids, with possibly some stale entries (skipped, compacted lazily)."""
        return self._buf[: self._len]

    @property
    def total_spreading(self) -> int:
        """Spreaders over all narratives."""
        return int(self.spreading.sum())

    def start(self, flat: np.ndarray) -> None:
        """Make the (distinct, ignorant) flat ids spreaders."""
        self.flat_rumour[flat] = SPREADER
        counts = np.bincount(flat // self.n, minlength=self.spreading.size)
        self.spreading += counts
        self.reached += counts
        if self.slots is not None:
            # A heavy sharer's slots sit next to each other, and stay so through the pool's stable sorts.
            flat = np.repeat(flat, self.slots[flat % self.n])
        self._live_slots += flat.size
        end = self._len + flat.size
        if end > self._buf.size:
            grown = np.zeros(max(2 * self._buf.size, end), dtype=self._dtype)
            grown[: self._len] = self._buf[: self._len]
            self._buf = grown
        self._buf[self._len:end] = flat
        self._len = end

    def stop(self, flat: np.ndarray) -> None:
        """Make the (distinct, spreading) flat ids stiflers."""
        self.flat_rumour[flat] = STIFLER
        self.spreading -= np.bincount(flat // self.n, minlength=self.spreading.size)
        self._live_slots -= flat.size if self.slots is None else int(self.slots[flat % self.n].sum())
        if self._len > 2 * self._live_slots + 256:
            pool = self.pool
            alive = self.flat_rumour[pool] == SPREADER
            self._fresh_from = int(np.count_nonzero(alive[: self._fresh_from]))
            self._sorted_upto = int(np.count_nonzero(alive[: self._sorted_upto]))
            live = pool[alive]
            self._buf[: live.size] = live
            self._len = live.size

    def advance(self, days: float, rates: np.ndarray, forget: np.ndarray, people: Citizens,
                rng: np.random.Generator) -> None:
        """Run the substeps of ``days`` (beliefs then move in :func:`believe_step`).

        Args:
            days: time to advance.
            rates: contacts per day of a spreader, per narrative and segment.
            forget: per-day forgetting rate of a spreader, per narrative.
            people: the citizens.
            rng: randomness.
        """
        active = self.spreading > 0
        if active.any():
            r_max = float(rates[active].max())
            n_sub = max(1, math.ceil(days * r_max / P_MAX - 1e-9))
            dt = days / n_sub
            # At most one contact per substep, made with probability r dt: the mean
            # number of contacts is then exactly r dt (1 - exp(-r dt), the chance of
            # at least one Poisson contact, would lose ~r dt / 2 of the rate).
            p_contact = np.minimum(rates * dt, 1.0).astype(np.float32)
            p_forget = np.minimum(forget * dt, 1.0)
            for _ in range(n_sub):
                if not self.spreading.any():
                    break
                self._substep(p_contact, p_forget, people, rng)
        self.settle_beliefs(people, rng)

    def _substep(self, p_contact: np.ndarray, p_forget: np.ndarray, people: Citizens, rng: np.random.Generator) -> None:
        """One substep of every narrative (see the module docstring for the scheme)."""
        n = self.n
        rum = self.flat_rumour
        pool = self.pool
        p_max = float(p_contact[self.spreading > 0].max())
        # Spreaders made in the previous substep could not act in the substep they were
        # made in (on average they missed half of it), so their first substep counts
        # one and a half: to first order in r dt this removes the lag the substeps
        # would otherwise add to every generation (growth ~3% too slow at r dt = 0.1).
        fresh = self._fresh_from
        if fresh - self._sorted_upto > max(4096, fresh // 4):
            # Keep the pool (but for the fresh tail) in id order, so that the picks
            # below, taken in pool order, read the per-citizen arrays and the CSR
            # nearly sequentially instead of at random (a merge of sorted runs).
            self._buf[:fresh].sort(kind="stable")
            self._sorted_upto = fresh
        pos = systematic_subset(fresh, p_max, rng)
        if pool.size > fresh:
            pos = np.concatenate((pos, fresh + systematic_subset(pool.size - fresh, min(1.0, 1.5 * p_max), rng)))
        src = pool[pos]
        src = src[rum[src] == SPREADER]
        nar = src // n
        cit = src - nar * n
        heavy = self.slots is not None
        if heavy or not np.all(p_contact == p_max):
            # Thinning: a spreader whose (narrative, segment) rate is lower, or a slot
            # carrying less than a whole rate, keeps its contact with probability p / p_max.
            p = p_contact.reshape(-1)[nar * p_contact.shape[1] + people.seg[cit]]
            if heavy:
                p = p * self._per_slot[cit]
            keep = rng.random(src.size, dtype=np.float32) * np.float32(p_max) < p
            src, nar, cit = src[keep], nar[keep], cit[keep]
        network = people.network
        if network.complete:
            tgt = uniform_ints(n - 1, src.size, rng)
            tgt += tgt >= cit  # a uniformly chosen *other* citizen
        else:
            start = network.indptr[cit]
            deg = network.indptr[1:][cit] - start
            if not deg.all():
                has = deg > 0
                src, nar, cit, start, deg = src[has], nar[has], cit[has], start[has], deg[has]
            tgt = network.indices[start + (rng.random(src.size, dtype=np.float32) * deg).astype(np.int32)]
        if src.size:
            tflat = tgt + nar * n
            ign = rum[tflat] == IGNORANT
            # One uniform per contact serves both tests: a contact either tries to convert
            # (target ignorant) or to stifle its initiator, never both.
            v = rng.random(src.size, dtype=np.float32)
            one = self._spread.size == 1
            convert = ign & (v < (self._spread[0] if one else self._spread[nar]))
            stifle_p = self._stifle[0] if one else self._stifle[nar]
            void = None
            if heavy:
                stifle_p = stifle_p / self._persistence[cit]
                void = _after_first_stifle(src, ~ign & (v < stifle_p))
                if void is not None:
                    convert &= ~void
            late = _resolve_shared_targets(np.flatnonzero(ign), tgt, tflat, convert, people.scratch, rng)
            stifle = ~ign
            if late is not None:
                stifle |= late
            stifle &= v < stifle_p
            if void is not None:
                stifle &= ~void
            if stifle.any():
                gone = src[stifle]
                self.stop(np.unique(gone) if heavy else gone)
            if self.tally is not None:
                made = cit if void is None else cit[~void]
                # O(contacts), not O(citizens): a bincount over everyone each substep cost more than the substep.
                np.add.at(self.tally[0], made, 1)
                np.add.at(self.tally[1], tgt if void is None else tgt[~void], 1)
            self._fresh_from = self._len
            if convert.any():
                new = tflat[convert]
                self.start(new)
                self.pending.append((new, src[convert]))
        else:
            self._fresh_from = self._len
        if p_forget.any() and self.spreading.any():
            pf_max = float(p_forget.max())
            pool = self.pool
            scratch = people.scratch
            if pool.size > scratch.size:  # a heavy sharer's slots: the pool can outgrow the citizens
                if self._pool_scratch.size < pool.size:
                    self._pool_scratch = np.zeros(2 * pool.size, dtype=np.int32)
                scratch = self._pool_scratch
            gone = pool[bernoulli_subset(pool.size, pf_max, rng, scratch)]
            gone = gone[rum[gone] == SPREADER]
            if not np.all(p_forget == pf_max):
                gone = gone[rng.random(gone.size) * pf_max < p_forget[gone // n]]
            if self.slots is not None and gone.size:
                # One forgetting per citizen, not per slot: a slot picked stands for its citizen 1/slots of the time.
                gone = np.unique(gone[rng.random(gone.size) * self.slots[gone % n] < 1.0])
            if gone.size:
                self.stop(gone)

    def settle_beliefs(self, people: Citizens, rng: np.random.Generator) -> None:
        """Forget the record of who was reached since the last call.

        Beliefs are no longer decided on first hearing: a reached citizen is a
        susceptible whom :func:`believe_step` exposes to its contacts (SBFC,
        :mod:`sim.population.sbfc`). Kept so that callers that seed and then settle
        need not change; it draws nothing.
        """
        self.pending.clear()


def _after_first_stifle(src: np.ndarray, stifles: np.ndarray) -> np.ndarray | None:
    """The contacts a heavy sharer made after its first stifling contact of the substep (void).

    A source's contacts are adjacent in ``src`` (its slots are adjacent in the pool and picked in
    pool order) and count in that order. None when no source contacted twice.
    """
    if src.size < 2:
        return None
    new_source = np.empty(src.size, dtype=bool)
    new_source[0] = True
    np.not_equal(src[1:], src[:-1], out=new_source[1:])
    if new_source.all():
        return None
    s = stifles.astype(np.int32)
    before = np.cumsum(s) - s  # stifling contacts before this one, over all sources...
    before -= before[new_source][np.cumsum(new_source) - 1]  # ...counted from its source's first contact
    return before > 0


def _resolve_shared_targets(ci: np.ndarray, tgt: np.ndarray, tflat: np.ndarray, convert: np.ndarray,
                            scratch: np.ndarray, rng: np.random.Generator) -> np.ndarray | None:
    """Sequential semantics for several contacts on one ignorant within a substep.

    ``ci`` are the contacts whose target was ignorant. Contacts sharing a target
    (same narrative, same citizen) are put in random order: the first successful one
    converts the target and every later one finds a spreader (is *late*).
    ``convert`` is corrected in place; returns the late mask (None when no target
    is shared).
    """
    if ci.size < 2:
        return None
    tt = tgt[ci]
    kk = np.arange(ci.size, dtype=np.int32)
    # Stamp each target citizen with one of its contacts: a contact that does not find
    # its own stamp shares its citizen with another (O(contacts), no sort). Sharing a
    # citizen across narratives is a false alarm that the exact sort below sorts out.
    scratch[tt] = kk
    winner = scratch[tt]
    lost = winner != kk
    if not lost.any():
        return None
    involved = lost.copy()
    involved[winner[lost]] = True
    ids = ci[involved]
    order = np.lexsort((rng.random(ids.size), tflat[ids]))
    ids = ids[order]
    ts = tflat[ids]
    first = np.concatenate(([True], ts[1:] != ts[:-1]))
    ok = convert[ids].astype(np.int32)
    before = np.cumsum(ok) - ok
    before -= before[first][np.cumsum(first) - 1]
    convert[ids] = (ok == 1) & (before == 0)
    late = np.zeros(tgt.size, dtype=bool)
    late[ids] = before > 0
    return late


def believe_step(nar: Narrative, days: float, capacity: float, people: Citizens, rng: np.random.Generator) -> np.ndarray:
    """SBFC over ``days`` (:mod:`sim.population.sbfc`); returns the ids believing at the end.

    ``beta = belief_spread``; ``p_verify = verify + CAPACITY_VERIFY * capacity +
    debunk_boost`` and ``p_forget = belief_forget``, per day; gullibility per citizen
    from :func:`gullibility`. New believers are queued in ``new_believers``.
    """
    spec = nar.spec
    counts = [nar.believers, nar.checkers]
    spreaders = nar.spreaders.astype(np.int64) if nar.spreading else np.zeros(0, dtype=np.int64)
    if counts[0] or counts[1] or spreaders.size:
        p_verify = spec.verify + CAPACITY_VERIFY * capacity + nar.debunk_boost
        made = sbfc.step(nar.belief, nar.rumour, spreaders, counts, days, spec.belief_spread, p_verify,
                         spec.belief_forget, lambda who: gullibility(spec, who, people), people.network, rng,
                         inoculation=_inoculation(people))
        nar.believers, nar.checkers = counts
        if made.size:
            nar.new_believers.append(made)
    nar.debunk_boost *= 0.5 ** (days / DEBUNK_HALF_LIFE_DAYS)
    if not nar.believers:
        return np.zeros(0, dtype=np.int64)
    return np.flatnonzero(nar.belief == BELIEVER)


def fact_check(nar: Narrative, strength: float, reach: float, people: Citizens, rng: np.random.Generator) -> np.ndarray:
    """A debunk reaching a share ``reach`` of the citizens; returns the ids it reached."""
    n = nar.belief.size
    if strength <= 0 or reach <= 0:
        return np.zeros(0, dtype=np.int64)
    hit = np.flatnonzero(rng.random(n, dtype=np.float32) < np.float32(reach))
    b = nar.belief[hit]
    q = np.float32(strength) * (np.float32(0.5) + people.trust[hit]) / np.float32(2.0)
    q = np.where(b == UNDECIDED, q * np.float32(0.5), q)
    u = rng.random(hit.size, dtype=np.float32)
    flip = (b != CHECKER) & (u < q)
    was_b = flip & (b == BELIEVER)
    nar.belief[hit[flip]] = CHECKER
    nar.believers -= int(np.count_nonzero(was_b))
    nar.checkers += int(np.count_nonzero(flip))
    nar.debunk_boost += DEBUNK_VERIFY_BOOST * strength * reach
    return hit
