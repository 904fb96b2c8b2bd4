"""Red techniques: the tools of a hostile state, each with its cost, signature and effects.

Parameters are calibrated to the shape of the letter's cases, not to measured
data: costs are budget units out of a typical 100, signatures are detection
hazards per day (0.14/day gives the ~10-day median dwell of Mandiant M-Trends 2024
for a body with information position 0.5), damage is in indicator points.
"""

from __future__ import annotations

from sim.eventkinds import event_kind
from sim.events import EVERYONE, WHITE
from sim.indicators import POPULATION_DIMENSIONS
from sim.seeding import CAMPAIGN_FEED_SHARE, CAMPAIGN_SEED_SHARE, citizens, whole
from sim.techniques import Operation, technique

LEAK_DELAY_HOURS = 72.0


event_kind("narrative.seeded", "red seeded a narrative with spreaders (White only)", fields=("operation", "spreaders"),
           audience="white", wording="narrative {target} seeded by {source} ({spreaders} spreaders)", topics=("red",))
event_kind("leak", "hacked material was published", fields=("operation", "title"), audience="public",
           wording="LEAK: {title} (source {source})", important=True, topics=("red", "news"))
event_kind("statement", "a foreign official commented publicly on domestic politics", fields=("operation", "by", "text"),
           audience="public", wording="STATEMENT by {speaker}: {text}", important=True, topics=("red", "news"),
           derive=lambda r: {"speaker": (r.get("payload") or {}).get("by") or r.get("source", "")})

def _narrative(ex, name: str):
    return next((n for n in ex.scenario.narratives if n.id == name), None)


# -- disinformation campaign --------------------------------------------------------------

def _disinfo_start(ex, op: Operation) -> None:
    narrative = _narrative(ex, op.target)
    if ex.population is None or narrative is None:
        return
    # a share of the population (sim.seeding): the same campaign at any population size
    share = float(op.params.get("seed_share", CAMPAIGN_SEED_SHARE))
    spreaders = whole(ex, (op.id, "seed"), citizens(ex, share) * ex.effect_factor(op))
    seeded = ex.population.seed_narrative(narrative.id, spreaders, narrative.seed_segments or None)
    ex.log_event("narrative.seeded", source=op.actor, target=narrative.id,
                 payload={"operation": op.id, "spreaders": seeded}, visible_to=[WHITE])


def _disinfo_tick(ex, op: Operation, hours: float) -> None:
    narrative = _narrative(ex, op.target)
    if ex.population is None or narrative is None:
        return
    # A campaign keeps feeding its narrative with new posts; the rate is per day.
    share = float(op.params.get("feed_share", CAMPAIGN_FEED_SHARE))
    fed = whole(ex, (op.id, "feed"), citizens(ex, share) * ex.effect_factor(op) * hours / 24.0)
    if fed:
        ex.population.seed_narrative(narrative.id, fed, narrative.seed_segments or None)
    believers = ex.population.narrative_counts()[narrative.id]["believer"] / ex.population.size
    for name in narrative.targets:
        if name not in POPULATION_DIMENSIONS:  # the population already carries its own dimensions
            ex.indicators.hit(name, 10.0 * believers * hours / 24.0)


technique(
    name="disinformation_campaign", summary="Seed and feed a false narrative, pushed by sponsored outlets",
    cost=10, duration_hours=21 * 24, signature=0.12, expected_effect=6, target="narrative",
    disarm=("T0022", "T0023", "T0085"), domains=("information", "political", "social"),
    hits=("public_trust", "election_integrity", "social_cohesion", "decision_integrity"),
    responses=("debunk", "investigate", "public_attribution"),
    start=_disinfo_start, tick=_disinfo_tick,
    line="information", requires=("voice",), provides=("seeded:{target}",),
)


# -- inauthentic amplification --------------------------------------------------------------

def _amplify_start(ex, op: Operation) -> None:
    platforms = ex.actors_of("platform")
    if not platforms:
        return
    chosen = op.params.get("platform") or min(platforms, key=lambda p: (p.spec.moderation, p.actor_id)).actor_id
    op.params = {**op.params, "platform": chosen}
    ex.actors[chosen].host(op.target, 1.5 * ex.effect_factor(op))


def _amplify_stop(ex, op: Operation) -> None:
    platform = ex.actors.get(op.params.get("platform", ""))
    if platform is not None and op.outcome == "completed":
        platform.remove(op.target, 1.0)


technique(
    name="inauthentic_amplification", summary="Bot and troll networks boost a narrative on a platform",
    cost=5, duration_hours=14 * 24, signature=0.25, expected_effect=4, target="narrative",
    disarm=("T0049", "T0093.002"), domains=("information", "social"),
    hits=("public_trust", "social_cohesion", "election_integrity"),
    responses=("platform_notice", "investigate"),
    start=_amplify_start, stop=_amplify_stop,
    line="information", phase="exploit", requires=("seeded:{target}",),
)


# -- hack and leak -----------------------------------------------------------------------------

def _hack_start(ex, op: Operation) -> None:
    ex.indicators.hit("cyber_resilience", 3.0)
    ex.env.process(_leak_later(ex, op))


def _leak_later(ex, op: Operation):
    yield ex.env.timeout(LEAK_DELAY_HOURS)
    if not op.active:
        return  # disrupted before the material came out
    title = str(op.params.get("title", "internal e-mails of party staff"))
    ex.log_event("leak", source="unknown", target=op.target, payload={"operation": op.id, "title": title},
                 visible_to=[EVERYONE], tags=("T0089",))
    ex.indicators.hit("decision_integrity", 5.0 * ex.effect_factor(op))
    ex.indicators.hit("election_integrity", 3.0 * ex.effect_factor(op))
    if ex.population is not None:
        ex.population.trust_signal(-0.3)
    op.params = {**op.params, "leaked": True}


technique(
    name="hack_and_leak", summary="Steal politically sensitive material and leak it",
    cost=15, duration_hours=5 * 24, signature=0.1, expected_effect=8, intrusion=True,
    disarm=("T0089", "T0089.001"), domains=("cyber", "political", "information"),
    hits=("decision_integrity", "election_integrity", "public_trust"),
    responses=("investigate", "cyber_hardening", "public_attribution"),
    start=_hack_start,
    line="cyber", phase="exploit", requires=("access:{target}",),
)


# -- cyber operation --------------------------------------------------------------------------

def _cyber_tick(ex, op: Operation, hours: float) -> None:
    days, intensity = hours / 24.0, ex.effect_factor(op)
    ex.indicators.hit("cyber_resilience", 1.0 * intensity * days)
    ex.indicators.hit("economic_security", 0.3 * intensity * days)
    if op.target == "election" or op.params.get("sector") == "election":
        ex.indicators.hit("election_integrity", 0.8 * intensity * days)


technique(
    name="cyber_operation", summary="Intrude on and disrupt networks of a vital sector or the election",
    cost=12, duration_hours=10 * 24, signature=0.14, expected_effect=7, intrusion=True,
    domains=("cyber", "infrastructure"), hits=("cyber_resilience", "economic_security", "election_integrity"),
    responses=("cyber_hardening", "investigate", "public_attribution"),
    tick=_cyber_tick,
    line="cyber", requires=("access:{target}",),
)


# -- meddling statements by officials ------------------------------------------------------------

def _statement_start(ex, op: Operation) -> None:
    ex.log_event("statement", source=op.actor, target=op.target,
                 payload={"operation": op.id, "by": op.staff or op.actor,
                          "text": str(op.params.get("text", "an official comments on a Dutch party"))},
                 visible_to=[EVERYONE], tags=("domain:diplomacy", "domain:political"))
    ex.indicators.hit("decision_integrity", 1.5)
    if ex.population is not None:
        ex.population.trust_signal(-0.05)


technique(
    name="meddling_statement", summary="An official publicly comments on domestic politics",
    cost=1, duration_hours=24, signature=5.0, expected_effect=2, needs_staff=True,
    disarm=("T0002", "T0110"), domains=("diplomacy", "political"), hits=("decision_integrity", "social_cohesion"),
    responses=("demarche",), start=_statement_start,
    line="diplomatic",
)
