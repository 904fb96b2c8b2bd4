"""Red techniques against institutions and the economy: covert funding, intimidation of office holders,
strategic acquisitions in vital sectors, covert military activity.

Each works on the indicators through the exercise's damage stocks and on the
population where the letter says it reaches people (intimidation chills speech).
Standing countermeasures (a ban on foreign donations, transparency of financing
flows, investment screening, protection of office holders) act on them as
barriers: the share of their effect that still gets through.
"""

from __future__ import annotations

from sim.eventkinds import event_kind
from sim.events import EVERYONE
from sim.registry import register_target_kind
from sim.techniques import Operation, technique


# -- covert funding ---------------------------------------------------------------------------------

register_target_kind(
    "recipient", "who covert money goes to: a diaspora organisation of the funding state, else a political party",
    ids=lambda ex: [*ex.targets("group"), "party"], declared=lambda sc: [
        *(a.id for a in getattr(sc, "actors", []) if a.kind == "diaspora_group"), "party"])
event_kind("acquisition.announced", "a takeover in a vital sector was announced", fields=("operation", "sector"),
           audience="public", wording="{source} announces a takeover in {sector_or_target}", important=True,
           topics=("red", "news"),
           derive=lambda r: {"sector_or_target": (r.get("payload") or {}).get("sector") or r.get("target", "")})
event_kind("acquisition.completed", "a takeover in a vital sector went through", fields=("operation", "effect"),
           audience="public", wording="takeover by {source} of {target} completed", topics=("red", "news"))


def _funding_tick(ex, op: Operation, hours: float) -> None:
    k, days = ex.effect_factor(op), hours / 24.0
    ex.indicators.hit("decision_integrity", 0.35 * k * days)
    group = ex.actors.get(op.target)
    is_group = group is not None and group.spec.kind == "diaspora_group"
    kind = str(op.params.get("recipient", "religious" if is_group else "party"))
    if kind in ("religious", "civil_society"):
        ex.indicators.hit("social_cohesion", 0.2 * k * days)
        group = ex.actors.get(op.target)
        if group is not None and group.spec.kind == "diaspora_group":
            group.resilience *= 1.0 - 0.01 * k * days  # money buys loyalty
    else:
        ex.indicators.hit("election_integrity", 0.15 * k * days)


technique(
    name="covert_funding", summary="Covertly fund parties, religious or civil-society organisations, or media",
    cost=12, duration_hours=60 * 24, signature=0.04, expected_effect=6, target="recipient",
    disarm=("T0093.001", "T0014.001", "T0100"), domains=("political", "economy", "social"),
    hits=("decision_integrity", "election_integrity", "social_cohesion"),
    responses=("investigate", "financing_agreement", "municipal_confront"),
    tick=_funding_tick,
    line="covert", phase="prepare", provides=("hold:{target}",),
)


# -- intimidation of (local) office holders ------------------------------------------------------------

def _intimidation_tick(ex, op: Operation, hours: float) -> None:
    k, days = ex.effect_factor(op), hours / 24.0
    ex.indicators.hit("decision_integrity", 0.5 * k * days)
    ex.indicators.hit("fundamental_freedoms", 0.15 * k * days)
    if ex.population is not None:
        ex.population.chill(0.01 * k * days)


technique(
    name="intimidation_office_holders", summary="Intimidate (local) office holders and officials",
    cost=3, duration_hours=21 * 24, signature=0.12, expected_effect=4, needs_staff=False,
    disarm=("T0140.002", "T0139.002", "T0048"), domains=("political", "public_administration"),
    hits=("decision_integrity", "fundamental_freedoms"),
    responses=("protect_office_holders", "police_protection", "investigate"),
    tick=_intimidation_tick,
    line="covert",
)


# -- strategic acquisition in a vital sector --------------------------------------------------------------

def _acquisition_start(ex, op: Operation) -> None:
    ex.log_event("acquisition.announced", source=str(op.params.get("buyer", "a holding company")),
                 target=op.target or "vital sector",
                 payload={"operation": op.id, "sector": op.target or str(op.params.get("sector", "energy"))},
                 visible_to=[EVERYONE], tags=("domain:economy", "domain:infrastructure"))


def _acquisition_stop(ex, op: Operation) -> None:
    if op.outcome != "completed":
        return  # blocked (investment screening) or abandoned: the state gets nothing
    k = ex.effect_factor(op)
    ex.indicators.hit("economic_security", 10.0 * k)
    ex.indicators.hit("cyber_resilience", 3.0 * k)  # access to the networks comes with the company
    ex.log_event("acquisition.completed", source=op.actor, target=op.target,
                 payload={"operation": op.id, "effect": round(k, 3)}, visible_to=[EVERYONE],
                 tags=("domain:economy",))


technique(
    name="strategic_acquisition", summary="Take over a company in a vital sector through a front",
    cost=20, duration_hours=30 * 24, signature=0.1, expected_effect=9,
    domains=("economy", "infrastructure"), hits=("economic_security", "cyber_resilience"),
    responses=("investment_screening", "investigate"),
    start=_acquisition_start, stop=_acquisition_stop,
    line="economic",
)


# -- covert military activity ------------------------------------------------------------------------------

def _military_tick(ex, op: Operation, hours: float) -> None:
    k, days = ex.effect_factor(op), hours / 24.0
    ex.indicators.hit("economic_security", 0.25 * k * days)  # mapping undersea cables, ports, energy sites
    ex.indicators.hit("cyber_resilience", 0.1 * k * days)


def _military_stop(ex, op: Operation) -> None:
    if op.detected_by and ex.population is not None:
        ex.population.trust_signal(-0.05)  # exposed late: people wonder why nobody stopped it


technique(
    name="covert_military", summary="Covert military activity: surveillance of vital infrastructure",
    cost=15, duration_hours=14 * 24, signature=0.08, expected_effect=5,
    domains=("military", "infrastructure"), hits=("economic_security", "cyber_resilience"),
    responses=("investigate", "partner_info_sharing", "public_attribution"),
    tick=_military_tick, stop=_military_stop,
    line="covert",
)
