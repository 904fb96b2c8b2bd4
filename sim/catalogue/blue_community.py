"""Blue responses that protect people: diaspora members, office holders, and the municipal three tracks.

The letter asks to protect citizens with a migration background from pressure by
their country of origin and to strengthen their ties with society, to protect and
equip (local) office holders, and gives municipalities a three-track approach:
1 dialogue and interaction, 2 address and confront, 3 disrupt and enforce. The
heavier the track, the more it stops — and the more it costs in trust of the
community it touches and in freedoms.
"""

from __future__ import annotations

from sim.actions import action
from sim.catalogue.red_diaspora import _group
from sim.commands import CommandError
from sim.events import EVERYONE

DIASPORA_TECHNIQUES = ("informant_network", "diaspora_tax", "diaspora_mobilisation")


def _origin_of_segment(ex, segment: str | None) -> str | None:
    pop = ex.scenario.population
    if pop is None or segment is None:
        return None
    return next((s.origin for s in pop.segments if s.id == segment), None)


def _groups_in(ex, segment: str | None):
    return [g for g in ex.actors_of("diaspora_group") if segment is None or g.spec.segment == segment]


def _stop_known(ex, cell: str, techniques, reason: str, segment: str | None = None) -> list[str]:
    """Stop operations of the given techniques that ``cell`` knows of (and that touch ``segment``)."""
    stopped = []
    for op in ex.known_operations(cell):
        if not op.active or op.technique not in techniques:
            continue
        group = _group(ex, op)
        if segment is not None and group is not None and group.spec.segment != segment:
            continue
        ex.stop_operation(op, f"disrupted: {reason}")
        stopped.append(op.id)
    return stopped


@action(target="segment", target_required=True, capacity=6, lead_hours=48, lever="information",
        counters=("C00190", "C00017"), domains=("social",), public=True)
def community_outreach(ex, order):
    """Reach out to a community: builds ties and trust, members resist steering by their state of origin."""
    if ex.population is None:
        raise CommandError("no population to reach")
    origin = _origin_of_segment(ex, order.target)
    ex.population.reassure_diaspora(origin, 0.2) if origin else ex.population.trust_signal(0.1, [order.target])
    for group in _groups_in(ex, order.target):
        group.strengthen(0.15)
    return {"headline": f"Government and community leaders meet ({order.target})", "origin": origin or ""}


@action(target="actor", target_required=True, capacity=5, lead_hours=72, lever="legal",
        counters=("C00205",), domains=("social", "legal"), public=True)
def reporting_line(ex, order):
    """Open a reporting line for diaspora members pressured by a state: they report, its operations surface."""
    for technique in DIASPORA_TECHNIQUES:
        ex.standing.expose(f"{order.target}:{technique}", 3.0)
    if ex.population is not None:
        ex.population.reassure_diaspora(order.target, 0.1)
    return {"headline": "Reporting line opens for people pressured by foreign governments"}


@action(target="segment", target_required=True, capacity=8, lead_hours=24, lever="legal",
        domains=("social", "legal"))
def police_protection(ex, order):
    """Police protection for a community or office holders: known coercion stops, fear falls."""
    stopped = _stop_known(ex, order.cell, ("diaspora_tax", "intimidation_office_holders"), "police protection",
                          order.target)
    origin = _origin_of_segment(ex, order.target)
    if ex.population is not None and origin:
        ex.population.reassure_diaspora(origin, 0.15)
    ex.standing.hinder("intimidation_office_holders", 0.8)
    return {"operations": stopped}


@action(capacity=6, lead_hours=72, lever="information", counters=("C00051",),
        domains=("public_administration", "political"))
def protect_office_holders(ex, order):
    """Train and protect (local) office holders: intimidation and elicitation get less far."""
    ex.standing.hinder("intimidation_office_holders", 0.5)
    ex.indicators.raise_shield("decision_integrity", 0.2)
    return {"barrier": ex.standing.barriers["intimidation_office_holders"]}


# -- the municipal three tracks ----------------------------------------------------------------------

DIALOGUE_MEMORY_DAYS = 14


def _dialogues(ex) -> dict[str, list[float]]:
    """segment ("" for everyone) -> times of the dialogue meetings held with it."""
    return ex.state_of("municipal_dialogue", dict)


@action(target="segment", capacity=3, lead_hours=24, lever="information", counters=("C00190",),
        domains=("social", "public_administration"))
def municipal_dialogue(ex, order):
    """Track 1, dialogue and interaction with communities and their organisations.

    Dialogue builds on the last meeting: every meeting held in the past fortnight with the same
    community halves what a new one adds (a meeting a day is not a relationship).
    """
    segments = [order.target] if order.target else None
    held = _dialogues(ex).setdefault(order.target, [])
    recent = sum(1 for t in held if ex.now - t < DIALOGUE_MEMORY_DAYS * 24.0)
    held.append(ex.now)
    weight = 0.5 ** recent
    if ex.population is not None:
        ex.population.trust_signal(0.05 * weight, segments)
    for group in _groups_in(ex, order.target or None):
        group.strengthen(0.1 * weight)
    ex.indicators.repair("social_cohesion", 1.0 * weight)
    return {"effect": weight}


@action(target="segment", capacity=4, lead_hours=24, lever="legal", counters=("C00184",),
        domains=("social", "public_administration"))
def municipal_confront(ex, order):
    """Track 2, address and confront an organisation about what the municipality knows."""
    halved = []
    for op in ex.known_operations(order.cell):
        group = _group(ex, op)
        if op.active and group is not None and (not order.target or group.spec.segment == order.target):
            op.params = {**op.params, "intensity": float(op.params.get("intensity", 1.0)) * 0.5}
            halved.append(op.id)
    if ex.population is not None and order.target:
        ex.population.trust_signal(-0.02, [order.target])  # friction with the community
    return {"operations": halved}


@action(target="segment", capacity=6, lead_hours=48, lever="legal", domains=("legal", "public_administration"),
        political_capital=5, precondition=lambda ex, cell, target, params: None if any(
            op.active and op.technique in ("covert_funding", *DIASPORA_TECHNIQUES) for op in ex.known_operations(cell))
        else "no known operation to disrupt (enforcement needs a legal basis: detect or share signals first)")
def municipal_enforce(ex, order):
    """Track 3, disrupt and enforce: stops known operations, at a cost in trust and freedoms."""
    stopped = _stop_known(ex, order.cell, ("covert_funding", *DIASPORA_TECHNIQUES), "municipal enforcement",
                          order.target or None)
    if ex.population is not None:
        segments = [order.target] if order.target else None
        ex.population.trust_signal(-0.05, segments)
        ex.population.chill(0.05, segments)
    ex.indicators.hit("fundamental_freedoms", 0.5)
    return {"operations": stopped}


@action(capacity=8, lead_hours=12, lever="legal", domains=("public_administration", "legal"), public=True,
        political_capital=10)
def public_order_measures(ex, order):
    """Public-order measures (emergency ordinance, bans on gatherings): stop mobilisations, restrict assembly."""
    stopped = []
    for op in ex.active_operations():
        if op.technique == "diaspora_mobilisation":
            ex.stop_operation(op, "disrupted: public-order measures")
            stopped.append(op.id)
    ex.standing.hinder("public_order", 0.3)
    ex.indicators.hit("fundamental_freedoms", 2.0)
    if ex.population is not None:
        ex.population.chill(0.05)
    if not stopped:  # restricting assembly with nothing to stop is overreach, and reads as such
        ex.log_event("overreach", source=order.cell, payload={"order": order.id, "measure": "public order"},
                     visible_to=[EVERYONE])
    return {"headline": "Mayor issues emergency ordinance restricting demonstrations", "operations": stopped}
