"""Blue responses that protect people: diaspora members, office holders, and the municipal three tracks.

The letter asks to protect citizens with a migration background from pressure by
their country of origin and to strengthen their ties with society, to protect and
equip (local) office holders, and gives municipalities a three-track approach:
1 dialogue and interaction, 2 address and confront, 3 disrupt and enforce. The
heavier the track, the more it stops — and the more it costs in trust of the
community it touches and in freedoms.
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.catalogue.red_diaspora import _group
from sim.commands import CommandError, Named
from sim.i18n import M_
from sim.costs import incur
from sim.events import EVERYONE

DIASPORA_TECHNIQUES = ("informant_network", "diaspora_tax", "diaspora_mobilisation")


def origin_of_segment(ex, segment: str | None) -> str | None:
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
        raise CommandError(M_("no population to reach"))
    origin = origin_of_segment(ex, order.target)
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
    origin = origin_of_segment(ex, order.target)
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


# -- the fuller municipal toolbox: permits, subsidies, integrity screening ----------------------------
#
# The letter's third exploration: municipalities feel "handelingsverlegenheid", and the options that come
# up are mostly "a (firm) conversation on the one hand and banning activities on the other". Between them
# lie the ordinary administrative powers a municipality has over an organisation that applies to it: the
# conditions of an event permit, its subsidy, and screening its integrity (Wet Bibob) before granting
# either. Each needs a legal ground where the law asks for one, and each touches the community too.

GROUP_TECHNIQUES = ("covert_funding", *DIASPORA_TECHNIQUES)

PERMIT_CONDITIONS_KEEP = 0.6
"""Share of the state's mobilisation that gets past the conditions of an event permit (no foreign officials
on stage, stewards, time and place)."""

PERMIT_REFUSAL_KEEP = 0.3
REFUSAL_FREEDOMS = 1.0
"""``fundamental_freedoms`` points a refused permit costs (assembly)."""
OVERTURNED_CREDIBILITY = 1.5
"""Credibility lost when a refusal without a ground is overturned on appeal."""

SUBSIDY_INTENSITY = 0.7
"""What an operation through a group keeps of its intensity once the municipal subsidy (venue, staff) is gone."""
SUBSIDY_RESILIENCE_KEEP = 0.8
"""What the group keeps of its members' resilience: the programmes that tied them to Dutch society end."""

SCREENING_DAYS = 21
"""Days a municipality's own Bibob screening takes (design; the Landelijk Bureau Bibob's advice takes eight
weeks, extendable by four)."""


def _municipal_done(ex) -> dict[tuple[str, str], float]:
    """(tool, group) -> when the municipality used it on the group."""
    return ex.state_of("municipal_toolbox", dict)


def _through(ex, cell: str, group: str, techniques=GROUP_TECHNIQUES, known: bool = True) -> list:
    ops = ex.known_operations(cell) if known else ex.active_operations()
    return [op for op in ops if op.active and op.target == group and op.technique in techniques]


def _once(tool: str, grounds: bool = False):
    def check(ex, cell, target, params) -> str | None:
        if (tool, target) in _municipal_done(ex):
            return M_("already done for {target} at {when}", target=Named(target), when=ex.clock(_municipal_done(ex)[(tool, target)]))
        waiting = ex.in_flight(tool, target)
        if waiting:
            return M_("already ordered for {target} ({order})", target=Named(target), order=waiting[0].id)
        if grounds and not _through(ex, cell, target):
            return M_("no ground: the municipality knows of nothing {target} does for a foreign state (screen it or "
                      "share signals first)", target=Named(target))
        return None
    return check


@action(target="group", target_required=True, capacity=2, lead_hours=48, lever="legal",
        domains=("public_administration", "legal", "social"), public=True, precondition=_once("event_permit"),
        params=(Param("decision", "str", default="conditions", choices=("conditions", "refuse"),
                      help="attach conditions to the organisation's event permits, or refuse them"),))
def event_permit(ex, order):
    """Track 3 by permit: conditions on the organisation's events (no foreign officials on stage), or a refusal.

    Conditions are ordinary and need no ground: the state's rallies through the organisation get less far,
    with a little friction. A refusal stops a running mobilisation through it and hinders more, at a cost to
    freedom of assembly and the community's trust; a refusal without a ground (nothing known that the
    organisation does for a foreign state) is overturned on appeal, costs credibility and achieves nothing.
    """
    group = ex.actors[order.target]
    _municipal_done(ex)[("event_permit", order.target)] = ex.now
    origin, segment = group.spec.origin, group.spec.segment
    if order.params["decision"] == "conditions":
        ex.standing.hinder(f"{origin}:diaspora_mobilisation", PERMIT_CONDITIONS_KEEP)
        if ex.population is not None:
            ex.population.trust_signal(-0.01, [segment])
        return {"headline": f"Municipality sets conditions on events of {group.display_name}", "decision": "conditions"}
    if not _through(ex, order.cell, order.target):
        incur(ex, order.cell, "government_credibility", OVERTURNED_CREDIBILITY,
              f"the refused permit of {order.target} was overturned on appeal: no ground", order=order.id)
        raise CommandError(M_("the refusal is overturned on appeal: the municipality had no ground against {group}",
                              group=Named(order.target)))
    stopped = [op.id for op in _through(ex, order.cell, order.target, ("diaspora_mobilisation",), known=False)]
    for op in [ex.operations[i] for i in stopped]:
        ex.stop_operation(op, "disrupted: permit refused")
    ex.standing.hinder(f"{origin}:diaspora_mobilisation", PERMIT_REFUSAL_KEEP)
    ex.indicators.hit("fundamental_freedoms", REFUSAL_FREEDOMS)
    if ex.population is not None:
        ex.population.trust_signal(-0.05, [segment])
    return {"headline": f"Municipality refuses a permit to {group.display_name}", "decision": "refuse",
            "operations": stopped}


@action(target="group", target_required=True, capacity=3, lead_hours=72, lever="financial",
        domains=("public_administration", "social"), public=True, political_capital=3,
        precondition=_once("withhold_subsidy", grounds=True))
def withhold_subsidy(ex, order):
    """Track 3 by subsidy: stop the municipal subsidy of an organisation steered from abroad.

    Needs a ground (a subsidy is withdrawn when its conditions are broken): the municipality must know of an
    operation through the organisation. What the state runs through it loses the venue and staff the
    subsidy paid for; but the programmes that tied its members to Dutch society end too (their resilience
    falls), and the community reads it as a punishment.
    """
    group = ex.actors[order.target]
    _municipal_done(ex)[("withhold_subsidy", order.target)] = ex.now
    weakened = []
    for op in _through(ex, order.cell, order.target, known=False):
        op.params = {**op.params, "intensity": float(op.params.get("intensity", 1.0)) * SUBSIDY_INTENSITY}
        weakened.append(op.id)
    group.resilience *= SUBSIDY_RESILIENCE_KEEP
    ex.indicators.hit("social_cohesion", 0.5)
    if ex.population is not None:
        ex.population.trust_signal(-0.04, [group.spec.segment])
    return {"headline": f"Municipality stops the subsidy of {group.display_name}", "operations": weakened}


@action(target="group", target_required=True, capacity=4, lead_hours=SCREENING_DAYS * 24, lever="legal",
        domains=("public_administration", "legal", "economy"), precondition=_once("integrity_screening"))
def integrity_screening(ex, order):
    """Screen an organisation's integrity (Wet Bibob) before a permit or subsidy: who finances and who controls it.

    Takes three weeks. It brings to light the covert funding and the coerced tax that run through the
    organisation (the applicant must say who finances it, and criminal money shows), which gives the
    municipality its ground for the permit and the subsidy; later funding through it is easier to see.
    Being screened is felt as suspicion by the community.
    """
    group = ex.actors[order.target]
    _municipal_done(ex)[("integrity_screening", order.target)] = ex.now
    found = _through(ex, order.cell, order.target, ("covert_funding", "diaspora_tax"), known=False)
    for op in found:
        ex.reveal(op, [order.cell], source=order.body)
    ex.standing.expose(f"{group.spec.origin}:covert_funding", 1.5)
    if ex.population is not None:
        ex.population.trust_signal(-0.02, [group.spec.segment])
    return {"found": [op.id for op in found]}
