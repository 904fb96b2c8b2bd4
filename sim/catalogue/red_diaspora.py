"""Red techniques aimed at a diaspora: informant networks, a coerced "diaspora tax", mobilisation.

The letter's cases: a religious attaché passing information on alleged members of
an opposition movement to his government, and a coerced diaspora tax collected
under intimidation (answered by declaring the chargé d'affaires persona non grata).
These run through the state's staff and a diaspora group; their effect scales with
the group's influence, and they become more visible as members grow willing to
report pressure (reporting lines, police protection, outreach).
"""

from __future__ import annotations

from sim.eventkinds import event_kind
from sim.events import EVERYONE
from sim.techniques import Operation, technique


event_kind("demonstration", "a mobilised diaspora demonstrated; size is the share of the group's reach that turned out",
           fields=("operation", "size", "theme"), audience="public",
           wording="DEMONSTRATION by {source}: {theme} (turnout {size:.0%})", important=True, topics=("red", "news"))
event_kind("disorder", "a demonstration turned to disorder", fields=("operation",), audience="public",
           wording="DISORDER at the demonstration of {source}", important=True, topics=("red", "news"))


def _group(ex, op: Operation):
    """The diaspora group an operation runs through (None if it targets a segment directly)."""
    agent = ex.actors.get(op.target)
    return agent if agent is not None and agent.spec.kind == "diaspora_group" else None


def _reach(ex, op: Operation) -> float:
    group = _group(ex, op)
    influence = group.influence if group is not None else 0.5
    return influence * ex.effect_factor(op)


def _origin(ex, op: Operation) -> str:
    group = _group(ex, op)
    return group.spec.origin if group is not None else op.actor


def _segments(ex, op: Operation) -> list[str]:
    group = _group(ex, op)
    if group is not None:
        return [group.spec.segment]
    pop = ex.scenario.population
    return [s.id for s in pop.segments if s.origin == op.actor] if pop else []


def _reporting_exposure(ex, op: Operation) -> None:
    """Members who dare to report make the operation visible: scale its exposure by their willingness."""
    if ex.population is None:
        return
    state = ex.population.diaspora_state().get(_origin(ex, op))
    if state is not None:
        op.params = {**op.params, "report": round(state["report"], 6)}


# -- informant network ---------------------------------------------------------------------------

def _informants_tick(ex, op: Operation, hours: float) -> None:
    days, reach = hours / 24.0, _reach(ex, op)
    if ex.population is not None:
        ex.population.pressure_diaspora(_origin(ex, op), 0.04 * reach * days)
    ex.indicators.hit("rule_of_law", 0.25 * reach * days)
    ex.indicators.hit("diaspora_security", 0.3 * reach * days)
    _reporting_exposure(ex, op)


technique(
    name="informant_network", summary="Run informants in a diaspora through religious or consular staff",
    cost=8, duration_hours=45 * 24, signature=0.05, expected_effect=5, target="group", needs_staff=True,
    disarm=("T0094", "T0140.002"), domains=("intelligence", "social"),
    hits=("diaspora_security", "rule_of_law"),
    responses=("investigate", "reporting_line", "persona_non_grata"),
    tick=_informants_tick,
    line="diaspora", phase="prepare", provides=("hold:{target}",),
)


# -- coerced diaspora tax -------------------------------------------------------------------------

def _tax_tick(ex, op: Operation, hours: float) -> None:
    days, reach = hours / 24.0, _reach(ex, op)
    if ex.population is not None:
        ex.population.pressure_diaspora(_origin(ex, op), 0.06 * reach * days)
        ex.population.chill(0.01 * reach * days, _segments(ex, op))
    ex.indicators.hit("rule_of_law", 0.35 * reach * days)
    ex.indicators.hit("diaspora_security", 0.4 * reach * days)
    actor = ex.actors.get(op.actor)
    if actor is not None:
        actor.budget += 0.6 * reach * days  # the tax pays for the rest of the campaign
    _reporting_exposure(ex, op)


technique(
    name="diaspora_tax", summary="Collect a coerced 'diaspora tax' under intimidation",
    cost=3, duration_hours=60 * 24, signature=0.06, expected_effect=5, target="group", needs_staff=True,
    disarm=("T0137.005", "T0140.002"), domains=("social", "economy", "legal"),
    hits=("diaspora_security", "rule_of_law"),
    responses=("reporting_line", "police_protection", "investigate", "persona_non_grata"),
    tick=_tax_tick,
    line="diaspora",
)


# -- mobilising a diaspora --------------------------------------------------------------------------

def _mobilise_start(ex, op: Operation) -> None:
    reach = _reach(ex, op)
    ex.log_event("demonstration", source=op.target or op.actor, target=",".join(_segments(ex, op)),
                 payload={"operation": op.id, "size": round(reach, 3),
                          "theme": str(op.params.get("theme", "a conflict in the country of origin"))},
                 visible_to=[EVERYONE], tags=("T0057", "domain:social"))
    ex.indicators.hit("social_cohesion", 4.0 * reach)
    # Imported tensions: whether the march turns violent is a draw; public-order measures lower the odds.
    if ex.rng.random() < 0.3 * reach * ex.standing.barriers.get("public_order", 1.0):
        ex.indicators.hit("rule_of_law", 3.0)
        ex.indicators.hit("social_cohesion", 3.0)
        ex.log_event("disorder", source=op.target or op.actor, payload={"operation": op.id},
                     visible_to=[EVERYONE], tags=("T0127", "domain:social"))


def _mobilise_tick(ex, op: Operation, hours: float) -> None:
    reach = _reach(ex, op)
    ex.indicators.hit("social_cohesion", 0.3 * reach * hours / 24.0)
    if ex.population is not None:
        ex.population.trust_signal(-0.01 * reach * hours / 24.0, _segments(ex, op))


technique(
    name="diaspora_mobilisation", summary="Mobilise a diaspora to import tensions (rallies, counter-demonstrations)",
    cost=4, duration_hours=4 * 24, signature=2.0, expected_effect=4, target="group",
    disarm=("T0057", "T0126.001"), domains=("social", "political"),
    hits=("social_cohesion", "rule_of_law"),
    responses=("municipal_dialogue", "public_order_measures", "community_outreach"),
    start=_mobilise_start, tick=_mobilise_tick,
    line="diaspora", phase="exploit", requires=("hold:{target}",),
)
