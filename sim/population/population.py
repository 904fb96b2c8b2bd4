"""The synthetic citizen population: one object over numpy arrays, the engine's view of society.

:class:`Population` owns the per-citizen arrays (segment, institutional trust,
opinion, each narrative's rumour and belief state) and the social network (CSR),
advances every dynamic with :meth:`Population.step`, takes the levers that actors
and government actions pull, and reports the society's indicators and the replay
samples. The mechanisms live in their own modules, each citing its source:

* :mod:`sim.population.network` — network generation (SBM with homophily, ER, WS, BA, complete);
* :mod:`sim.population.rumour` — Maki-Thompson spreading, Tambuscio-style believing and fact-checking;
* :mod:`sim.population.opinion` — Deffuant-Weisbuch bounded confidence, wedge narratives;
* :mod:`sim.population.trust` — asymmetric trust updating (Slovic 1993);
* :mod:`sim.population.society` — self-censorship and the diaspora's fear and ties;
* :mod:`sim.population.polarisation` — Esteban-Ray, bimodality coefficient, clusters.

All randomness comes from the generator given to the constructor, in a fixed
order, so the same seed gives the same run; the read-outs never draw.

Trust effects of narratives (our design, sized against the spec's ``loss``):
adopting a narrative with ``against_institutions`` is a bad trust signal of
strength ``ADOPT_SHOCK`` (0.5) and believing it one of ``ERODE_PER_DAY`` (0.1)
per day; a debunk reaching a citizen is a good signal of ``0.2 * strength``;
reassuring a diaspora one of ``0.5 * strength`` in its segments.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence

import numpy as np

from sim.population import rumour
from sim.population.activity import ACTIVITY_ALPHA, REACH_ALPHA, engagement, pareto_weights, supersharers
from sim.population.network import Network, build_network
from sim.population.opinion import Opinions
from sim.population.polarisation import bimodality_coefficient, clusters, esteban_ray_histogram
from sim.population.society import Climate
from sim.population.spec import NarrativeSpec, PopulationSpec
from sim.population.trust import apply_signal, initial_trust

ADOPT_SHOCK = 0.5
ERODE_PER_DAY = 0.1
DEBUNK_TRUST = 0.2
REASSURE_TRUST = 0.5
ACTIVE_EPS = 1e-5
"""Opinion changes below this count as settled for :meth:`Population.active`."""
ER_MAX = 0.25
"""Esteban-Ray (alpha = 1, K = 1) of two equal groups at the ends of [0, 1], the maximum."""
_MAX_CONTACT_RATE_DT = -math.log(1.0 - rumour.P_MAX)


def _apportion(shares: Sequence[float], total: int) -> np.ndarray:
    """Integer sizes proportional to ``shares`` summing to ``total`` (largest remainder)."""
    raw = np.asarray(shares, dtype=np.float64) * total
    sizes = np.floor(raw).astype(np.int64)
    short = total - int(sizes.sum())
    if short > 0:
        sizes[np.argsort(-(raw - sizes), kind="stable")[:short]] += 1
    return sizes


class Population:
    """The synthetic citizens of a scenario.

    Attributes:
        spec: the scenario's population block.
        size: number of citizens.
        segment_ids: segment ids in node order (segment ``i`` owns ids ``starts[i]:starts[i+1]``).
        narrative_ids: narrative ids in scenario order.
        starts: first citizen id of each segment (and ``size`` at the end).
        network: the social network.
        activity: per-citizen sharing activity (float32, mean 1) in a heavy-tailed society, else None.
        supersharers: ids of the most active citizens (:data:`sim.population.activity.SUPERSHARER_SHARE`),
            or None in a uniform society.
        seg: uint8 segment index per citizen.
        trust: float32 institutional trust per citizen.
        opinions: the opinion dynamics (``opinions.x`` is the float32 opinion array).
        narratives: per-narrative state by id.
        prebunk_level: prebunking protection per segment (0-``PREBUNK_MAX``).
        capacity: standing fact-checking capacity (0-1).
        climate: chill and diaspora state per segment.
        hours: simulated hours advanced so far.
    """

    def __init__(self, spec: PopulationSpec, narratives: Sequence[NarrativeSpec], rng: np.random.Generator) -> None:
        if len(spec.segments) > 255:
            raise ValueError("at most 255 segments")
        self.spec = spec
        self.rng = rng
        self.size = int(spec.size)
        self.segment_ids: tuple[str, ...] = tuple(s.id for s in spec.segments)
        self.narrative_ids: tuple[str, ...] = tuple(n.id for n in narratives)
        self._seg_index = {sid: i for i, sid in enumerate(self.segment_ids)}
        sizes = _apportion([s.share for s in spec.segments], self.size)
        self.sizes = sizes
        self.starts = np.concatenate(([0], np.cumsum(sizes))).astype(np.int64)
        self.share = sizes / self.size
        self.seg = np.repeat(np.arange(sizes.size, dtype=np.uint8), sizes)
        # Heavy-tailed reach and activity (sim.population.activity) are drawn only for such a society,
        # so a uniform one draws, and runs, exactly as before they existed.
        rank = engagement(self.size, rng) if spec.network.heavy_tailed() else None
        reach = (pareto_weights(self.size, REACH_ALPHA, per_weight=spec.network.mean_degree, rank=rank)
                 if rank is not None and spec.network.model == "sbm" else None)
        self.network: Network = build_network(spec.network, sizes, rng, reach)
        del reach
        if self.network.order is not None:
            # Renumbered for locality (hubs first in each segment): a citizen keeps its own rank, so its
            # sharing still goes with its reach. The order is not needed once the rank has followed it.
            rank = rank[self.network.order]
            self.network = dataclasses.replace(self.network, order=None)
        self.activity: np.ndarray | None = (None if rank is None else
                                            pareto_weights(self.size, ACTIVITY_ALPHA, rank=rank).astype(np.float32))
        self.supersharers = None if self.activity is None else np.flatnonzero(supersharers(self.activity))
        self.trust = np.empty(self.size, dtype=np.float32)
        x = np.empty(self.size, dtype=np.float32)
        for i, s in enumerate(spec.segments):
            a, b = self.starts[i], self.starts[i + 1]
            self.trust[a:b] = initial_trust(s.trust, int(b - a), rng)
            # Uniform on [opinion - spread, opinion + spread] cut to [0, 1] (no mass piled at the ends).
            lo, hi = max(0.0, s.opinion - s.opinion_spread), min(1.0, s.opinion + s.opinion_spread)
            x[a:b] = lo + (hi - lo) * rng.random(int(b - a))
        # One work array shared by the rumour and opinion batches (never used at the same time).
        self._scratch = np.zeros(self.size, dtype=np.int32)
        self.opinions = Opinions(x, spec.opinion, self.network, scratch=self._scratch)
        self.literacy = np.array([s.media_literacy for s in spec.segments], dtype=np.float32)
        self.online = np.array([s.online for s in spec.segments], dtype=np.float64)
        self.prebunk_level = np.zeros(sizes.size, dtype=np.float32)
        self.capacity = 0.0
        self.climate = Climate(fear=[s.fear for s in spec.segments], ties=[s.ties for s in spec.segments],
                               origin=[s.origin for s in spec.segments])
        self.people = rumour.Citizens(network=self.network, seg=self.seg, trust=self.trust, opinion=x,
                                      literacy=self.literacy, prebunk=self.prebunk_level,
                                      mean_degree=float(spec.network.mean_degree), scratch=self._scratch)
        self.rumours = rumour.Rumours(list(narratives), self.size, self._paced(self.activity))
        self.narratives: dict[str, rumour.Narrative] = {n.spec.id: n for n in self.rumours.narratives}
        self.hours = 0.0
        self._histogram: tuple[tuple[float, int], list[int]] | None = None
        for n in narratives:
            if n.initial_spreaders:
                self.seed_narrative(n.id, n.initial_spreaders)
        self._absorb_new_believers()

    # ------------------------------------------------------------------ helpers

    def _paced(self, activity: np.ndarray | None) -> np.ndarray | None:
        """Contact rates per citizen as multiples of the segment's: ``activity`` times the pace.

        A contact reaches a citizen in proportion to its degree ``k``, so the citizen a rumour reaches
        shares, on average, at ``<k a> / <k>`` times the mean: 25 at 10^4 citizens with the default
        tails. The pace ``<k> / <k a>`` undoes that, so a narrative's early growth is set by the
        scenario's ``contacts_per_day`` whatever the tail (our calibration choice): heterogeneity
        decides who carries a narrative, not how fast it starts.
        """
        if activity is None:
            return None
        k = self.network.degree().astype(np.float64)
        # (k * a).sum(), not np.dot: a BLAS dot's result may depend on its thread count.
        pace = k.mean() / max(float((k * activity.astype(np.float64)).sum()) / k.size, 1e-12)
        return (activity * pace).astype(np.float32)

    def _segments(self, segments: Sequence[str] | None) -> np.ndarray:
        if segments is None:
            return np.arange(len(self.segment_ids))
        try:
            return np.array(sorted({self._seg_index[s] for s in segments}), dtype=np.int64)
        except KeyError as e:
            raise KeyError(f"no segment {e.args[0]!r}; segments are {', '.join(self.segment_ids)}") from None

    def _narrative(self, narrative: str) -> rumour.Narrative:
        try:
            return self.narratives[narrative]
        except KeyError:
            raise KeyError(f"no narrative {narrative!r}; narratives are {', '.join(self.narrative_ids)}") from None

    def _signal(self, ids: np.ndarray, strength: float) -> None:
        if ids.size and strength != 0:
            t = self.trust[ids]
            apply_signal(t, strength, self.spec.trust)
            self.trust[ids] = t

    def _absorb_new_believers(self) -> None:
        for nar in self.narratives.values():
            if nar.new_believers:
                if nar.spec.against_institutions:
                    self._signal(np.concatenate(nar.new_believers), -ADOPT_SHOCK)
                nar.new_believers.clear()

    # ------------------------------------------------------------------ dynamics

    def step(self, hours: float) -> None:
        """Advance every dynamic by ``hours`` simulated hours (the spec's rates are per day)."""
        if hours <= 0:
            return
        days = hours / 24.0
        rng = self.rng
        if self.rumours.total_spreading:
            amp = np.array([nar.amplification for nar in self.rumours.narratives])
            rates = self.spec.contacts_per_day * amp[:, None] * self.online[None, :]
            forget = np.array([nar.spec.forget for nar in self.rumours.narratives])
            self.rumours.advance(days, rates, forget, self.people, rng)
        for nar in self.narratives.values():
            believers = rumour.believe_step(nar, days, self.capacity, self.people, rng)
            if believers.size:
                self.opinions.pull(believers, nar.spec.stance, nar.spec.wedge, days)
                if nar.spec.against_institutions:
                    self._signal(believers, -ERODE_PER_DAY * days)
        self._absorb_new_believers()
        self.opinions.step(days, rng)
        self.prebunk_level *= np.float32(0.5 ** (days / rumour.PREBUNK_HALF_LIFE_DAYS))
        self.climate.step(days)
        self.hours += hours

    # ------------------------------------------------------------------ levers

    def seed_narrative(self, narrative: str, spreaders: int, segments: Sequence[str] | None = None) -> int:
        """Make ``spreaders`` random ignorants spreaders (in ``segments``, else the narrative's
        ``seed_segments``, else anywhere); returns how many ignorants became spreaders."""
        nar = self._narrative(narrative)
        if segments is None and nar.spec.seed_segments:
            segments = nar.spec.seed_segments
        segs = self._segments(segments)
        made = rumour.seed(self.rumours, nar, self.starts[segs], self.starts[segs + 1], int(spreaders), self.people,
                           self.rng, by_contacts=self.activity is not None)
        self.rumours.settle_beliefs(self.people, self.rng)
        self._absorb_new_believers()
        return made

    def set_amplification(self, narrative: str, factor: float) -> None:
        """Set the inauthentic amplification multiplier on the narrative's spreading (1.0 = none)."""
        self._narrative(narrative).amplification = max(0.0, float(factor))

    def fact_check(self, narrative: str, strength: float, reach: float) -> None:
        """A debunk of ``strength`` (credibility folded in) reaching a share ``reach`` of citizens."""
        nar = self._narrative(narrative)
        strength = min(max(float(strength), 0.0), 1.0)
        hit = rumour.fact_check(nar, strength, min(max(float(reach), 0.0), 1.0), self.people, self.rng)
        self._signal(hit, DEBUNK_TRUST * strength)

    def suspend_supersharers(self, narrative: str | None, share: float) -> int:
        """A platform suspends each supersharer spreading ``narrative`` (any, if None) with probability ``share``.

        Moderation and takedowns act on the tail: the accounts that do most of the sharing. A suspended
        account stops spreading and shares nothing again (:meth:`rumour.Rumours.silence`). Returns how
        many were suspended; always 0 in a uniform society, which has no tail to act on.
        """
        share = min(max(float(share), 0.0), 1.0)
        if self.supersharers is None or share <= 0 or not self.rumours.total_spreading:
            return 0
        spreading = np.zeros(self.supersharers.size, dtype=bool)
        for nar in self.narratives.values():
            if (narrative is None or nar.spec.id == narrative) and nar.spreading:
                spreading |= nar.rumour[self.supersharers] == rumour.SPREADER
        who = self.supersharers[spreading]
        if not who.size:
            return 0
        who = who[self.rng.random(who.size) < share]
        self.rumours.silence(who)
        return int(who.size)

    def set_fact_check_capacity(self, level: float) -> None:
        """Standing fact-checking partnerships (0-1), raising every narrative's baseline p_verify."""
        self.capacity = min(max(float(level), 0.0), 1.0)

    def prebunk(self, strength: float, segments: Sequence[str] | None = None) -> None:
        """An awareness / inoculation campaign: protection moves ``strength`` of the way to the maximum."""
        s = np.float32(min(max(float(strength), 0.0), 1.0))
        segs = self._segments(segments)
        self.prebunk_level[segs] += (np.float32(rumour.PREBUNK_MAX) - self.prebunk_level[segs]) * s

    def trust_signal(self, strength: float, segments: Sequence[str] | None = None) -> None:
        """A trust signal in [-1, 1]: negative = overreach or exposed failure, positive = visible effective response."""
        s = min(max(float(strength), -1.0), 1.0)
        if s == 0:
            return
        for i in self._segments(segments):
            apply_signal(self.trust[self.starts[i]:self.starts[i + 1]], s, self.spec.trust)

    def chill(self, strength: float, segments: Sequence[str] | None = None) -> None:
        """Self-censorship pressure (overreach, intimidation); it fades by itself."""
        self.climate.add_chill(self._segments(segments), float(strength))

    def pressure_diaspora(self, origin: str, strength: float) -> None:
        """Intimidation, surveillance or a coerced tax by the state ``origin`` on its diaspora."""
        segs = self.climate.segments_of(origin)
        if segs.size:
            self.climate.pressure(segs, float(strength))

    def reassure_diaspora(self, origin: str | None, strength: float) -> None:
        """Outreach, a reporting line or police protection for the diaspora of ``origin`` (None = all)."""
        segs = self.climate.segments_of(origin)
        if segs.size:
            self.climate.reassure(segs, float(strength))
            self.trust_signal(REASSURE_TRUST * min(max(float(strength), 0.0), 1.0),
                              [self.segment_ids[i] for i in segs])

    # ------------------------------------------------------------------ read-outs (pure)

    def _believer_share(self, indicator: str) -> float:
        """Share of citizens believing at least one narrative that targets ``indicator``."""
        hits = [n for n in self.narratives.values() if indicator in n.spec.targets and n.believers]
        if not hits:
            return 0.0
        if len(hits) == 1:
            return hits[0].believers / self.size
        any_b = hits[0].belief == rumour.BELIEVER
        for n in hits[1:]:
            any_b |= n.belief == rumour.BELIEVER
        return float(np.count_nonzero(any_b)) / self.size

    def segment_trust(self) -> np.ndarray:
        """Mean trust per segment."""
        return np.array([self.trust[self.starts[i]:self.starts[i + 1]].mean(dtype=np.float64)
                         for i in range(len(self.segment_ids))])

    def indicator_levels(self) -> dict[str, float]:
        """The five society indicators, each 0-100 (100 = intact).

        * ``public_trust = 100 * mean(T)`` — the mean institutional trust (absolute: the
          engine follows its change from t = 0).
        * ``social_cohesion = 100 * (1 - ER / 0.25) * (1 - 0.5 b)`` — ``ER`` the Esteban-Ray
          polarisation (alpha = 1) of the 100-bin opinion histogram, 0.25 being two equal
          blocs at the ends of the axis; ``b`` the share believing a narrative that targets
          social_cohesion.
        * ``fundamental_freedoms = 100 * (1 - sum_s pi_s C_s) * (1 - 0.5 b)`` — ``C_s`` the
          self-censorship of segment ``s`` with population share ``pi_s``; ``b`` the share
          believing a narrative that targets fundamental_freedoms.
        * ``election_integrity = 100 * (1 - b)`` — ``b`` the share believing a narrative that
          targets election_integrity (e.g. a rigged-count claim).
        * ``diaspora_security = 100 * sum_d w_d (1 - F_d)(0.5 + 0.5 S_d) / sum_d w_d`` over the
          diaspora segments ``d`` (weights = sizes), fear ``F`` and ties ``S``; 100 without
          diaspora segments.
        """
        hist = self.opinion_histogram(100)
        er = esteban_ray_histogram(np.asarray(hist))
        cohesion = 100.0 * max(0.0, 1.0 - er / ER_MAX) * (1.0 - 0.5 * self._believer_share("social_cohesion"))
        chill = float(np.dot(self.share, self.climate.chill))
        freedoms = 100.0 * (1.0 - chill) * (1.0 - 0.5 * self._believer_share("fundamental_freedoms"))
        election = 100.0 * (1.0 - self._believer_share("election_integrity"))
        dsegs = self.climate.segments_of(None)
        if dsegs.size:
            w = self.share[dsegs]
            level = (1.0 - self.climate.fear[dsegs]) * (0.5 + 0.5 * self.climate.ties[dsegs])
            diaspora = 100.0 * float(np.dot(w, level) / w.sum())
        else:
            diaspora = 100.0
        trust = 100.0 * float(self.trust.mean(dtype=np.float64))
        levels = {
            "public_trust": trust,
            "social_cohesion": cohesion,
            "fundamental_freedoms": freedoms,
            "election_integrity": election,
            "diaspora_security": diaspora,
        }
        return {k: float(min(100.0, max(0.0, v))) for k, v in levels.items()}

    def narrative_counts(self) -> dict[str, dict[str, float]]:
        """Per narrative: ignorant, spreader, stifler, believer, fact_checker counts and reach (share ever reached)."""
        out = {}
        for nid, nar in self.narratives.items():
            sp = nar.spreading
            out[nid] = {
                "ignorant": float(self.size - nar.reached),
                "spreader": float(sp),
                "stifler": float(nar.reached - sp),
                "believer": float(nar.believers),
                "fact_checker": float(nar.checkers),
                "reach": nar.reached / self.size,
            }
        return out

    def opinion_histogram(self, bins: int = 100) -> list[int]:
        """Counts of opinions in ``bins`` equal bins over [0, 1].

        Computed once per state: opinions only move in :meth:`step`, which advances ``hours``, so
        the indicators and the replay sample of one tick share one pass over the citizens.
        """
        key = (self.hours, bins)
        if self._histogram is not None and self._histogram[0] == key:
            return list(self._histogram[1])
        idx = (self.opinions.x * np.float32(bins)).astype(np.int64)
        np.clip(idx, 0, bins - 1, out=idx)
        counts = np.bincount(idx, minlength=bins).tolist()
        self._histogram = (key, counts)
        return list(counts)

    def polarisation(self, histogram: list[int] | None = None) -> dict[str, float]:
        """Esteban-Ray (alpha = 1, 100 bins), bimodality coefficient, clusters and major clusters (>= 2%).

        ``histogram`` is the 100-bin opinion histogram if the caller already has it.
        """
        x = self.opinions.x
        c, major = clusters(x)
        hist = self.opinion_histogram(100) if histogram is None else histogram
        return {
            "esteban_ray": esteban_ray_histogram(np.asarray(hist)),
            "bimodality": bimodality_coefficient(x),
            "clusters": float(c),
            "major_clusters": float(major),
        }

    def diaspora_state(self) -> dict[str, dict[str, float]]:
        """Per state of origin: fear, ties and willingness to report pressure (size-weighted over its segments)."""
        out = {}
        report = self.climate.report_willingness(self.segment_trust())
        for origin in sorted({o for o in self.climate.origin if o is not None}):
            segs = self.climate.segments_of(origin)
            w = self.share[segs] / self.share[segs].sum()
            out[origin] = {
                "fear": float(np.dot(w, self.climate.fear[segs])),
                "ties": float(np.dot(w, self.climate.ties[segs])),
                "report": float(np.dot(w, report[segs])),
            }
        return out

    def sample(self) -> dict:
        """A JSON-able record for the replay (plain types, floats rounded to 6 decimals)."""
        r = lambda v: round(float(v), 6)  # noqa: E731
        counts = self.narrative_counts()
        diaspora = self.diaspora_state()
        histogram = self.opinion_histogram(100)
        return {
            "hours": r(self.hours),
            "narratives": {nid: {k: r(v) for k, v in c.items()} for nid, c in counts.items()},
            "opinion_histogram": histogram,
            "polarisation": {k: r(v) for k, v in self.polarisation(histogram).items()},
            "trust": {sid: r(v) for sid, v in zip(self.segment_ids, self.segment_trust())},
            "chill": {sid: r(v) for sid, v in zip(self.segment_ids, self.climate.chill)},
            "diaspora_fear": {o: r(d["fear"]) for o, d in diaspora.items()},
            "diaspora": {o: {k: r(v) for k, v in d.items()} for o, d in diaspora.items()},
        }

    def active(self) -> bool:
        """True while any narrative has spreaders or the opinions still moved noticeably in the last step."""
        return any(n.spreading for n in self.narratives.values()) or self.opinions.last_change > ACTIVE_EPS
