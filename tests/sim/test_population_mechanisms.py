"""Each lever of the population does its job: debunks, prebunking, takedowns, overreach, fact-check capacity."""

from __future__ import annotations

import numpy as np

from sim.population import NarrativeSpec, NetworkSpec, OpinionSpec, Population, PopulationSpec, SegmentSpec


def _pop(seed=3, n=20000, activity=None, **nar):
    spec = PopulationSpec(size=n, contacts_per_day=3.0, network=NetworkSpec(model="sbm", homophily=0.7, activity=activity),
                          segments=[SegmentSpec(id="general", share=0.7, trust=0.5),
                                    SegmentSpec(id="young", share=0.3, trust=0.4, online=2.0)],
                          opinion=OpinionSpec(interactions_per_day=1.0))
    args = dict(id="hoax", spread=0.8, stifle=0.4, credibility=0.6, verify=0.02, targets=["election_integrity"])
    args.update(nar)
    return Population(spec, [NarrativeSpec(**args)], np.random.default_rng(seed))


def _run(pop, days, hook=None, tick=6.0):
    series = []
    for k in range(int(days * 24 / tick)):
        if hook:
            hook(pop, k * tick)
        pop.step(tick)
        series.append(pop.narrative_counts()["hoax"])
    return series


def test_debunk_campaign_lowers_believers():
    """A strong, wide debunk on day 3 leaves far fewer believers on day 6 than no debunk."""
    def debunk(pop, t):
        if t == 72:
            pop.fact_check("hoax", strength=0.9, reach=0.7)

    base = _run(_pop(initial_spreaders=20), 6)[-1]["believer"]
    treated = _run(_pop(initial_spreaders=20), 6, debunk)[-1]["believer"]
    assert treated < 0.7 * base
    assert _pop().indicator_levels()["election_integrity"] == 100.0


def test_prebunking_lowers_the_peak():
    """Prebunking every segment before the narrative arrives lowers the believer peak."""
    plain = max(c["believer"] for c in _run(_pop(initial_spreaders=20), 12))
    pre = _pop(initial_spreaders=0)
    pre.prebunk(1.0)
    pre.seed_narrative("hoax", 20)
    protected = max(c["believer"] for c in _run(pre, 12))
    assert protected < 0.8 * plain


def test_prebunking_decays_over_weeks():
    """Protection halves in about a month and is mostly gone after three (Pilditch et al. 2022)."""
    pop = _pop()
    pop.prebunk(1.0, ["young"])
    p0 = float(pop.prebunk_level[1])
    assert pop.prebunk_level[0] == 0 and p0 > 0
    for _ in range(30):
        pop.step(24)
    assert abs(pop.prebunk_level[1] / p0 - 0.5) < 0.02
    for _ in range(60):
        pop.step(24)
    assert pop.prebunk_level[1] < 0.15 * p0


def test_takedown_of_amplification_slows_spread():
    """Taking down 3x inauthentic amplification after 12 hours leaves a far lower reach on day 2 (mean of 8 seeds).

    Five seeded spreaders in a heavy-tailed society make one seed's ratio anything from 0.01 to 0.65,
    so the claim is tested on the mean (0.39-0.42 measured).
    """
    def amplified(pop, t):
        if t == 0:
            pop.set_amplification("hoax", 3.0)

    def takedown(pop, t):
        amplified(pop, t)
        if t == 12:
            pop.set_amplification("hoax", 1.0)

    seeds = range(1, 9)
    kept = np.mean([_run(_pop(seed=s, initial_spreaders=5), 2, amplified)[-1]["reach"] for s in seeds])
    removed = np.mean([_run(_pop(seed=s, initial_spreaders=5), 2, takedown)[-1]["reach"] for s in seeds])
    plain = np.mean([_run(_pop(seed=s, initial_spreaders=5), 2)[-1]["reach"] for s in seeds])
    assert removed < 0.6 * kept
    assert plain < removed


def test_overreach_costs_trust():
    """A bad trust signal (overreach) lowers public trust; only in the segments it names when it names them."""
    pop = _pop()
    before = pop.indicator_levels()["public_trust"]
    seg_before = pop.segment_trust()
    pop.trust_signal(-0.8, ["young"])
    seg_after = pop.segment_trust()
    assert seg_after[0] == seg_before[0] and seg_after[1] < seg_before[1]
    pop.trust_signal(-0.8)
    assert pop.indicator_levels()["public_trust"] < before - 2


def test_fact_check_capacity_speeds_verification():
    """Standing fact-checking partnerships raise p_verify, so believers fall faster."""
    def partnered(pop, t):
        if t == 0:
            pop.set_fact_check_capacity(1.0)

    base = _run(_pop(initial_spreaders=20), 10)[-1]["believer"]
    treated = _run(_pop(initial_spreaders=20), 10, partnered)[-1]["believer"]
    assert treated < 0.8 * base


def test_believing_against_institutions_erodes_trust():
    """A narrative against institutions lowers trust as it is believed; the same narrative without that flag does not."""
    # A uniform society, where the hoax reaches most citizens: the mechanism, not the tail, is tested.
    against = _pop(initial_spreaders=20, against_institutions=True, activity="uniform")
    neutral = _pop(initial_spreaders=20, against_institutions=False, activity="uniform")
    _run(against, 10)
    _run(neutral, 10)
    assert against.indicator_levels()["public_trust"] < neutral.indicator_levels()["public_trust"] - 1


def test_wedge_narrative_pulls_believers_toward_its_stance():
    """Believers of a wedge narrative drift toward its stance, and two opposite wedges polarise."""
    spec = PopulationSpec(size=20000, contacts_per_day=3.0, network=NetworkSpec(model="sbm"),
                          segments=[SegmentSpec(id="a", share=0.5), SegmentSpec(id="b", share=0.5)],
                          opinion=OpinionSpec(confidence=0.15, interactions_per_day=1.0))
    nars = [NarrativeSpec(id="up", wedge=0.8, stance=1.0, credibility=0.8, initial_spreaders=20, seed_segments=["a"]),
            NarrativeSpec(id="down", wedge=0.8, stance=0.0, credibility=0.8, initial_spreaders=20, seed_segments=["b"])]
    pop = Population(spec, nars, np.random.default_rng(1))
    er0 = pop.polarisation()["esteban_ray"]
    cohesion0 = pop.indicator_levels()["social_cohesion"]
    for _ in range(30):
        pop.step(24)
    up = pop.narratives["up"].belief == 1
    down = pop.narratives["down"].belief == 1
    x = pop.opinions.x
    assert x[up & ~down].mean() > 0.7 and x[down & ~up].mean() < 0.3
    assert pop.polarisation()["esteban_ray"] > er0
    assert pop.indicator_levels()["social_cohesion"] < cohesion0


def test_a_correction_moves_belief_half_way_back():
    """A full-strength correction reaching every believer at average trust (0.5) turns half of them
    fact-checker: the half-way effect of corrections (Chan et al. 2017 meta-analysis)."""
    pop = _pop(initial_spreaders=20)
    _run(pop, 6)
    pop.trust[:] = 0.5
    before = pop.narrative_counts()["hoax"]["believer"]
    assert before > 500
    pop.fact_check("hoax", strength=1.0, reach=1.0)
    after = pop.narrative_counts()["hoax"]["believer"]
    sd = (before * 0.25) ** 0.5
    assert abs((before - after) - 0.5 * before) < 4 * sd, (before, after)
