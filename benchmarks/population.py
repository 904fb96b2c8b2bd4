"""Benchmark of the citizen population: numpy arrays against an idiomatic mesa version.

Measures one population tick (6 simulated hours, the engine's default tick) with
every dynamic active — two narratives spreading (Maki-Thompson substeps, belief
decisions with neighbour counts, verification, wedge pull on opinions, trust
erosion), Deffuant-Weisbuch opinion exchanges over the network, prebunking and
fact-checking capacity in force — on a stochastic block model of mean degree 8,
at N = 10^4, 10^5 and 10^6, timed from the moment 8% of the population spreads
the first narrative (near its peak, the dearest ticks of a run), for two sets of
rates (the schema's defaults and a busier information environment).

In the same run an idiomatic mesa 3.3 implementation of the same dynamics (one
``mesa.Agent`` per citizen, built with ``rng=``, driven with ``agents.shuffle_do``)
runs at 10^4 and 10^5 from the same state, in two variants: ``substep`` runs the
numpy version's own algorithm (the tick split into the same substeps, every agent
asked each substep), ``event`` lets each spreader make its contacts in continuous
time within the tick (a cheaper scheme an agent-by-agent model allows). Whole
runs at 10^4 over several seeds, and an 8-tick window at 10^5 over three seeds,
check that numpy and mesa give statistically the same results.

Targets (recorded in the output; see benchmarks/README-population.md):

* at least 150x faster than the mesa version at N = 10^5;
* at most 80 ms per tick at N = 10^6 on one core;
* at most 250 bytes per citizen, network included.

Run: ``PYTHONPATH=. python benchmarks/population.py`` (``--quick`` for a smoke run).
Timing is reported, never asserted by the test suite.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import platform
import statistics
import sys
import time
import tracemalloc

import mesa
import numpy as np

from sim.population import NarrativeSpec, NetworkSpec, OpinionSpec, Population, PopulationSpec, SegmentSpec
from sim.population import rumour
from sim.population.opinion import WEDGE_RATE
from sim.population.population import ADOPT_SHOCK, ERODE_PER_DAY

TICK_HOURS = 6.0
WARM_SHARE = 0.08
"""Timing starts once 8% of the population spreads the first narrative (near its peak)."""
SEED_SHARE = 1e-3
"""Share of the population seeded as spreaders of each narrative at t = 0."""
SCHEMES = ("substep", "event")
"""The mesa variants: the numpy version's own algorithm, and event-driven agents."""
CONFIGS = {
    # The schema's default rates: one rumour contact per spreader and one opinion
    # exchange per citizen a day.
    "default": {"contacts_per_day": 1.0, "interactions_per_day": 1.0, "days": 40},
    # A fast-moving information environment: four contacts a day (six in the young,
    # online segment, nine with the amplified narrative), two exchanges a day.
    "busy": {"contacts_per_day": 4.0, "interactions_per_day": 2.0, "days": 15},
}


# --------------------------------------------------------------------------- the scenario


def population_spec(n: int, config: str) -> PopulationSpec:
    """The benchmark population: three segments on an SBM of mean degree 8."""
    rates = CONFIGS[config]
    return PopulationSpec(
        size=n,
        contacts_per_day=rates["contacts_per_day"],
        network=NetworkSpec(model="sbm", mean_degree=8, homophily=0.7),
        segments=[
            SegmentSpec(id="general", share=0.75, trust=0.55),
            SegmentSpec(id="young-online", share=0.2, trust=0.4, online=1.5, media_literacy=0.6),
            SegmentSpec(id="diaspora-v", share=0.05, trust=0.45, origin="vostria", fear=0.2),
        ],
        opinion=OpinionSpec(confidence=0.3, convergence=0.3, interactions_per_day=rates["interactions_per_day"]),
    )


def narratives(n: int) -> list[NarrativeSpec]:
    """Two narratives pushing opinions to opposite ends, one against institutions."""
    seeds = max(1, int(n * SEED_SHARE))
    return [
        NarrativeSpec(id="rigged", targets=["election_integrity", "public_trust"], spread=0.6, stifle=0.4,
                      credibility=0.5, wedge=0.3, stance=1.0, verify=0.02, initial_spreaders=seeds),
        NarrativeSpec(id="split", targets=["social_cohesion"], spread=0.5, stifle=0.4, credibility=0.5,
                      wedge=0.3, stance=0.0, against_institutions=False, verify=0.02, initial_spreaders=seeds),
    ]


def build_population(n: int, seed: int, config: str) -> Population:
    """The numpy population with the levers every run pulls at t = 0."""
    pop = Population(population_spec(n, config), narratives(n), np.random.default_rng(seed))
    pop.set_amplification("rigged", 1.5)
    pop.set_fact_check_capacity(0.3)
    pop.prebunk(0.5, ["young-online"])
    return pop


# --------------------------------------------------------------------------- the mesa version


IGN, SPR, STI = rumour.IGNORANT, rumour.SPREADER, rumour.STIFLER
UND, BEL, CHK = rumour.UNDECIDED, rumour.BELIEVER, rumour.CHECKER


class Citizen(mesa.Agent):
    """One citizen, the way a mesa model would hold it: attributes and a ``step``.

    Attributes:
        seg: segment index.
        trust, opinion: as in the numpy population.
        rumour, belief: per-narrative states.
        neighbours: the citizen's contacts (agents).
    """

    def __init__(self, model: "MesaPopulation", seg: int, trust: float, opinion: float, k: int) -> None:
        super().__init__(model)
        self.seg = seg
        self.trust = trust
        self.opinion = opinion
        self.rumour = [IGN] * k
        self.belief = [UND] * k
        self.neighbours: list[Citizen] = []

    # The same dynamics as the numpy version. ``step`` is the event-driven variant (each
    # spreader makes its contacts in continuous time within the tick); ``contact`` is one
    # substep of the numpy version's own scheme; ``tick`` is the once-a-tick part.

    def step(self) -> None:
        m = self.model
        for n, nar in enumerate(m.narratives):
            if self.rumour[n] == SPR:
                self.spread(n, nar, m.contact_rate[n][self.seg], m.days)
        self.tick()

    def contact(self) -> None:
        m = self.model
        rnd = self.random
        for n, nar in enumerate(m.narratives):
            if self.rumour[n] == SPR and self.neighbours and rnd.random() < m.p_contact[n][self.seg]:
                other = rnd.choice(self.neighbours)
                if other.rumour[n] == IGN:
                    if rnd.random() < nar.spread:
                        other.rumour[n] = SPR
                        m.reached[n] += 1
                        m.spreading[n] += 1
                        other.decide(n, nar, teller_undecided=self.belief[n] == UND)
                elif rnd.random() < nar.stifle:
                    self.rumour[n] = STI
                    m.spreading[n] -= 1

    def tick(self) -> None:
        m = self.model
        rnd = self.random
        days = m.days
        for n, nar in enumerate(m.narratives):
            if self.belief[n] == BEL:
                u = rnd.random()
                if u < m.p_verify[n]:
                    self.belief[n] = CHK
                    m.believers[n] -= 1
                    m.checkers[n] += 1
                else:
                    if nar.wedge > 0:
                        self.opinion += m.wedge_frac[n] * (nar.stance - self.opinion)
                    if nar.against_institutions:
                        self.bad_signal(ERODE_PER_DAY * days)
        if self.neighbours:
            t = rnd.expovariate(m.dw_rate) if m.dw_rate > 0 else math.inf
            while t < days:
                other = rnd.choice(self.neighbours)
                gap = other.opinion - self.opinion
                if abs(gap) < m.confidence:
                    step = m.mu * gap
                    self.opinion += step
                    other.opinion -= step
                t += rnd.expovariate(m.dw_rate)

    def spread(self, n: int, nar: NarrativeSpec, rate: float, days: float) -> None:
        rnd = self.random
        t = rnd.expovariate(rate) if rate > 0 else math.inf
        while t < days and self.neighbours:
            other = rnd.choice(self.neighbours)
            if other.rumour[n] == IGN:
                if rnd.random() < nar.spread:
                    other.rumour[n] = SPR
                    self.model.reached[n] += 1
                    self.model.spreading[n] += 1
                    other.decide(n, nar, teller_undecided=self.belief[n] == UND)
            elif rnd.random() < nar.stifle:
                self.rumour[n] = STI
                self.model.spreading[n] -= 1
                return
            t += rnd.expovariate(rate)

    def decide(self, n: int, nar: NarrativeSpec, teller_undecided: bool) -> None:
        if self.belief[n] != UND:
            return
        m = self.model
        a = nar.credibility * (1.0 - 0.5 * (m.literacy[self.seg] - 0.5)) * (1.0 - m.prebunk[self.seg])
        a *= 1.0 + (1.0 if nar.against_institutions else 0.5) * (0.5 - self.trust)
        a *= 1.5 - abs(self.opinion - nar.stance)
        a = min(max(a, 0.0), 1.0)
        n_b = sum(1 for o in self.neighbours if o.belief[n] == BEL) + (1 if teller_undecided else 0)
        n_f = sum(1 for o in self.neighbours if o.belief[n] == CHK)
        w_b, w_f = n_b * (1 + a), n_f * (1 - a)
        d = w_b + w_f
        if d <= 0:
            return
        u = self.random.random()
        if u < a * w_b / d:
            self.belief[n] = BEL
            m.believers[n] += 1
            if nar.against_institutions:
                self.bad_signal(ADOPT_SHOCK)
        elif u < a * w_b / d + (1 - a) * w_f / d:
            self.belief[n] = CHK
            m.checkers[n] += 1

    def bad_signal(self, strength: float) -> None:
        self.trust -= self.model.loss * strength * self.trust


class MesaPopulation(mesa.Model):
    """The same population as a mesa model, built from a numpy population's current state.

    Attributes:
        scheme: ``substep`` — the numpy version's own scheme: the tick split into the
            same substeps, every agent asked each substep (``shuffle_do("contact")``),
            so the two implementations run the same algorithm; ``event`` — each spreader
            makes its contacts in continuous time within the tick (``shuffle_do("step")``),
            a cheaper scheme only an agent-by-agent model allows.
    """

    def __init__(self, source: Population, seed: int, scheme: str = "substep") -> None:
        super().__init__(rng=seed)
        self.scheme = scheme
        spec = source.spec
        self.narratives = [nar.spec for nar in source.narratives.values()]
        k = len(self.narratives)
        self.days = TICK_HOURS / 24.0
        self.literacy = [float(v) for v in source.literacy]
        self.prebunk = [float(v) for v in source.prebunk_level]
        self.capacity = source.capacity
        self.loss = spec.trust.loss
        self.confidence = spec.opinion.confidence
        self.mu = spec.opinion.convergence
        # Each citizen initiates rate/2 exchanges a day: N rate / 2 pairs a day in all.
        self.dw_rate = spec.opinion.interactions_per_day / 2.0
        amp = [nar.amplification for nar in source.narratives.values()]
        self.contact_rate = [[spec.contacts_per_day * float(o) * amp[i] for o in source.online] for i in range(k)]
        self.wedge_frac = [1.0 - math.exp(-WEDGE_RATE * nar.wedge * self.days) for nar in self.narratives]
        self.reached = [nar.reached for nar in source.narratives.values()]
        self.spreading = [nar.spreading for nar in source.narratives.values()]
        self.believers = [nar.believers for nar in source.narratives.values()]
        self.checkers = [nar.checkers for nar in source.narratives.values()]
        trust = source.trust.tolist()
        opinion = source.opinions.x.tolist()
        seg = source.seg.tolist()
        citizens = [Citizen(self, seg[i], trust[i], opinion[i], k) for i in range(source.size)]
        indptr, indices = source.network.indptr.tolist(), source.network.indices.tolist()
        for i, c in enumerate(citizens):
            c.neighbours = [citizens[j] for j in indices[indptr[i]:indptr[i + 1]]]
        for n, nar in enumerate(source.narratives.values()):
            for i in np.flatnonzero(nar.rumour).tolist():
                citizens[i].rumour[n] = int(nar.rumour[i])
            for i in np.flatnonzero(nar.belief).tolist():
                citizens[i].belief[n] = int(nar.belief[i])
        self.citizens = citizens
        self._set_rates()

    def _set_rates(self) -> None:
        self.p_verify = [1.0 - math.exp(-(nar.verify + rumour.CAPACITY_VERIFY * self.capacity) * self.days)
                         for nar in self.narratives]

    def step(self) -> None:
        if self.scheme == "event":
            self.agents.shuffle_do("step")
        else:
            active = [max(self.contact_rate[i]) for i in range(len(self.narratives)) if self.spreading[i]]
            if active:
                n_sub = max(1, math.ceil(self.days * max(active) / rumour.P_MAX - 1e-9))
                dt = self.days / n_sub
                self.p_contact = [[min(1.0, r * dt) for r in rates] for rates in self.contact_rate]
                for _ in range(n_sub):
                    self.agents.shuffle_do("contact")
            self.agents.shuffle_do("tick")
        half = 0.5 ** (self.days / rumour.PREBUNK_HALF_LIFE_DAYS)
        self.prebunk = [p * half for p in self.prebunk]

    # Read-outs for the comparison.

    def observe(self) -> dict[str, float]:
        n = len(self.citizens)
        out = {}
        for i, nar in enumerate(self.narratives):
            out[f"{nar.id}.reach"] = self.reached[i] / n
            out[f"{nar.id}.believers"] = self.believers[i] / n
        out["trust"] = statistics.fmean(c.trust for c in self.citizens)
        out["opinion.mean"] = statistics.fmean(c.opinion for c in self.citizens)
        out["opinion.sd"] = statistics.pstdev(c.opinion for c in self.citizens)
        return out


def observe(pop: Population) -> dict[str, float]:
    """The numpy population's values of the compared quantities."""
    out = {}
    for nid, c in pop.narrative_counts().items():
        out[f"{nid}.reach"] = c["reach"]
        out[f"{nid}.believers"] = c["believer"] / pop.size
    out["trust"] = float(pop.trust.mean(dtype=np.float64))
    out["opinion.mean"] = float(pop.opinions.x.mean(dtype=np.float64))
    out["opinion.sd"] = float(pop.opinions.x.std(dtype=np.float64))
    return out


def drop_mesa(model: mesa.Model) -> None:
    """Release a mesa model's agents (mesa keeps a per-model id counter on the Agent class)."""
    mesa.Agent._ids.pop(model, None)
    model.remove_all_agents()


# --------------------------------------------------------------------------- measurements


def tick_times(step, ticks: int) -> tuple[list[float], list[float]]:
    """Wall and CPU time of each of ``ticks`` calls of ``step``."""
    wall, cpu = [], []
    for _ in range(ticks):
        gc.disable()
        t, c = time.perf_counter(), time.process_time()
        step()
        wall.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
        gc.enable()
    return wall, cpu


def warm(n: int, seed: int, config: str) -> Population:
    """A population stepped until 8% of it spreads the first narrative."""
    pop = build_population(n, seed, config)
    for _ in range(400):
        if pop.narrative_counts()["rigged"]["spreader"] >= WARM_SHARE * n:
            break
        pop.step(TICK_HOURS)
    return pop


def memory_per_citizen(n: int, seed: int, config: str) -> dict[str, float]:
    """Bytes per citizen: arrays held, and the traced peak while building and while ticking."""
    gc.collect()
    tracemalloc.start()
    pop = build_population(n, seed, config)
    held, build_peak = tracemalloc.get_traced_memory()
    tracemalloc.reset_peak()
    for _ in range(400):
        if pop.narrative_counts()["rigged"]["spreader"] >= WARM_SHARE * n:
            break
        pop.step(TICK_HOURS)
    for _ in range(4):
        pop.step(TICK_HOURS)
    after, tick_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    r = pop.rumours
    arrays = pop.network.nbytes + pop.seg.nbytes + pop.trust.nbytes + pop.opinions.x.nbytes + pop._scratch.nbytes
    arrays += r.rumour.nbytes + r.belief.nbytes + r._buf.nbytes
    return {
        "arrays": arrays / n,
        "held_after_build": held / n,
        "held_after_ticks": after / n,
        "peak_build": build_peak / n,
        "peak_tick": tick_peak / n,
    }


def compare(ours: list[dict], theirs: list[dict]) -> dict[str, dict[str, float]]:
    """Per quantity: means, the difference and its z-score (Welch), over seeds."""
    out = {}
    for key in ours[0]:
        a = np.array([o[key] for o in ours])
        b = np.array([o[key] for o in theirs])
        se = math.sqrt(a.var(ddof=1) / a.size + b.var(ddof=1) / b.size) if a.size > 1 else float("nan")
        diff = float(a.mean() - b.mean())
        rel = abs(diff) / max(abs(float(b.mean())), 1e-9)
        z = diff / se if se > 0 else (0.0 if diff == 0 else math.inf)
        out[key] = {"numpy": float(a.mean()), "mesa": float(b.mean()), "diff": diff, "rel": rel, "z": z}
    return out


def same_results(table: dict[str, dict[str, float]]) -> bool:
    """Statistically the same: every quantity within 3 standard errors or within 2% (relative) of the other."""
    return all(abs(r["z"]) < 3.0 or r["rel"] < 0.02 for r in table.values())


def timed_pair(n: int, seed: int, config: str, ticks: int, scheme: str = "substep") -> dict:
    """From one warm state, time ``ticks`` ticks of the numpy and of the mesa version and observe both."""
    pop = warm(n, seed, config)
    model = MesaPopulation(pop, seed + 10_000, scheme)
    m_wall, m_cpu = tick_times(model.step, ticks)
    m_obs = model.observe()
    drop_mesa(model)
    del model
    gc.collect()
    n_wall, n_cpu = tick_times(lambda: pop.step(TICK_HOURS), ticks)
    return {"numpy_wall": n_wall, "numpy_cpu": n_cpu, "mesa_wall": m_wall, "mesa_cpu": m_cpu,
            "numpy_obs": observe(pop), "mesa_obs": m_obs}


def whole_runs(n: int, seed: int, config: str, scheme: str = "substep") -> tuple[dict, dict, float, float]:
    """Run both versions from the same initial state for the configuration's days.

    Returns both observations and the mean CPU seconds per tick of each.
    """
    ticks = int(CONFIGS[config]["days"] * 24 / TICK_HOURS)
    pop = build_population(n, seed, config)
    model = MesaPopulation(pop, seed + 10_000, scheme)
    c = time.process_time()
    for _ in range(ticks):
        model.step()
    mesa_cpu = (time.process_time() - c) / ticks
    theirs = model.observe()
    drop_mesa(model)
    del model
    gc.collect()
    c = time.process_time()
    for _ in range(ticks):
        pop.step(TICK_HOURS)
    numpy_cpu = (time.process_time() - c) / ticks
    return observe(pop), theirs, numpy_cpu, mesa_cpu


def ms(values: list[float]) -> float:
    """Mean in milliseconds."""
    return 1e3 * statistics.fmean(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, for a smoke run")
    parser.add_argument("--config", choices=sorted(CONFIGS), action="append", help="rate set(s) to run")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    try:
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[-1]})  # one core
        pinned = True
    except (AttributeError, OSError):
        pinned = False
    configs = args.config or ["default", "busy"]
    sizes = [10_000, 100_000] if args.quick else [10_000, 100_000, 1_000_000]
    mesa_sizes = [10_000] if args.quick else [10_000, 100_000]
    timed = 4 if args.quick else 8
    results: dict = {"python": sys.version.split()[0], "numpy": np.__version__, "mesa": mesa.__version__,
                     "machine": platform.processor() or platform.machine(), "pinned_to_one_core": pinned,
                     "load_average": os.getloadavg(), "tick_hours": TICK_HOURS, "timed_ticks": timed}
    print(f"Weerbaar population benchmark: {TICK_HOURS:g}-hour tick, SBM mean degree 8, two narratives,"
          f" opinions, trust; pinned to one core: {pinned}; load average {os.getloadavg()[0]:.2f}")
    print(f"each tick timed from the moment {WARM_SHARE:.0%} of the population spreads the first narrative;"
          " wall time (CPU time of this process in brackets)")
    summary = {}
    for config in configs:
        rates = CONFIGS[config]
        print(f"\n== rates '{config}': contacts_per_day {rates['contacts_per_day']:g},"
              f" interactions_per_day {rates['interactions_per_day']:g}")
        per_size = {}
        for n in sizes:
            t0 = time.perf_counter()
            build_population(n, 1, config)
            build = time.perf_counter() - t0
            pairs = {}
            if n in mesa_sizes:
                for scheme in SCHEMES:
                    pairs[scheme] = timed_pair(n, 1, config, timed, scheme)
                wall = [t for p in pairs.values() for t in p["numpy_wall"]]
                cpu = [t for p in pairs.values() for t in p["numpy_cpu"]]
            else:
                pop = warm(n, 1, config)
                wall, cpu = tick_times(lambda: pop.step(TICK_HOURS), timed)
                del pop
            mem = memory_per_citizen(n, 1, config)
            row = {"build_s": build, "tick_ms": ms(wall), "tick_cpu_ms": ms(cpu),
                   "tick_ms_min": 1e3 * min(wall), "bytes_per_citizen": mem}
            print(f"numpy  N={n:>9,}: build {build:5.2f} s, tick {row['tick_ms']:7.2f} ms"
                  f" ({row['tick_cpu_ms']:.2f}), memory {mem['arrays']:.0f} B/citizen in arrays,"
                  f" {mem['held_after_ticks']:.0f} B held, peak {max(mem['peak_build'], mem['peak_tick']):.0f} B",
                  flush=True)
            for scheme, pair in pairs.items():
                m_ms, m_cpu = ms(pair["mesa_wall"]), ms(pair["mesa_cpu"])
                row[f"mesa_{scheme}"] = {"tick_ms": m_ms, "tick_cpu_ms": m_cpu, "speedup": m_ms / row["tick_ms"],
                                         "speedup_cpu": m_cpu / row["tick_cpu_ms"]}
                print(f"mesa ({scheme:7s}) N={n:>9,}: tick {m_ms:9.1f} ms ({m_cpu:.1f})  -> numpy is"
                      f" {m_ms / row['tick_ms']:,.0f}x faster ({m_cpu / row['tick_cpu_ms']:,.0f}x in CPU time)", flush=True)
            per_size[n] = row
        checks = {}
        seeds = 4 if args.quick else 8
        for scheme in SCHEMES:
            ours, theirs, n_cpu, m_cpu = zip(*(whole_runs(10_000, s, config, scheme) for s in range(1, seeds + 1)))
            checks[f"whole_runs_10000_{scheme}"] = {"seeds": seeds, "days": rates["days"],
                                                    "table": compare(list(ours), list(theirs))}
            print(f"whole runs of {rates['days']} days, N=10,000: mean CPU per tick numpy"
                  f" {1e3 * statistics.fmean(n_cpu):.2f} ms, mesa ({scheme}) {1e3 * statistics.fmean(m_cpu):.1f} ms"
                  f" -> {statistics.fmean(m_cpu) / statistics.fmean(n_cpu):,.0f}x", flush=True)
            if not args.quick:
                pairs = [timed_pair(100_000, s, config, timed, scheme) for s in range(1, 4)]
                checks[f"window_100000_{scheme}"] = {
                    "seeds": 3, "ticks": timed,
                    "table": compare([p["numpy_obs"] for p in pairs], [p["mesa_obs"] for p in pairs])}
        for name, check in checks.items():
            check["same"] = same_results(check["table"])
            print(f"same results? {name} over {check['seeds']} seeds: {'yes' if check['same'] else 'NO'}")
            for key, r in check["table"].items():
                print(f"  {key:18s} numpy {r['numpy']:.4f}  mesa {r['mesa']:.4f}  diff {r['diff']:+.4f}"
                      f"  ({100 * r['rel']:.1f}%, z {r['z']:+.2f})")
        summary[config] = {"sizes": per_size, "same_results": checks}
    results["configs"] = summary

    print("\ntargets")
    for config in configs:
        per_size = summary[config]["sizes"]
        for scheme in SCHEMES:
            row = per_size.get(100_000, {}).get(f"mesa_{scheme}")
            if row:
                sp = row["speedup_cpu"]
                print(f"  [{config}] >= 150x faster than mesa ({scheme}) at N = 10^5: {sp:,.0f}x in CPU time"
                      f" ({row['speedup']:,.0f}x wall)  {'MET' if sp >= 150 else 'NOT MET'}")
        if 1_000_000 in per_size:
            t = per_size[1_000_000]["tick_ms"]
            print(f"  [{config}] <= 80 ms per tick at N = 10^6 on one core: {t:.1f} ms"
                  f" ({per_size[1_000_000]['tick_cpu_ms']:.1f} CPU)  {'MET' if t <= 80 else 'NOT MET'}")
        big = max(per_size)
        mem = per_size[big]["bytes_per_citizen"]
        held = max(mem["held_after_ticks"], mem["arrays"])
        peak = max(mem["peak_build"], mem["peak_tick"])
        print(f"  [{config}] <= 250 bytes per citizen incl. network (N = {big:,}): {held:.0f} B held,"
              f" transient peak {peak:.0f} B  {'MET' if held <= 250 else 'NOT MET'}")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=1, default=float)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
