"""Blue responses from the letter: information position, diplomacy, resilience, and the heavy hand.

Each response has a lead time, a capacity cost in staff-days, preconditions
where the letter implies them, and effects with side effects — never a fixed
bonus to the score. Effects act on the mechanisms: detection effort and
attribution evidence, the population's belief and trust dynamics, the platforms'
amplification networks, the state actors' deterrence, and the indicators'
damage shields.
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.commands import CommandError
from sim.detection import ATTRIBUTION_THRESHOLD, LLR_PER_INVESTIGATION_DAY
from sim.eventkinds import event_kind
from sim.events import EVERYONE
from sim.indicators import DEFAULT_RECOVERY_PER_DAY
from sim.registry import TECHNIQUES

event_kind("investigation.concluded", "an investigation ended, with the attribution confidence it reached",
           fields=("order", "confidence"), audience="cells",
           wording="investigation {order} into {target} concluded: attribution confidence {confidence:.0%}",
           important=True, topics=("intel",))
event_kind("signals.shared", "a cell shared what it knows of red operations with other cells",
           fields=("operations", "order"), audience="cells",
           wording="{source} shared signals with all cells: {count} known operation{plural}", topics=("intel",),
           derive=lambda r: {"count": len((r.get("payload") or {}).get("operations") or []),
                             "plural": "" if len((r.get("payload") or {}).get("operations") or []) == 1 else "s"})


def _overreach(record):
    p = record.get("payload") or {}
    what = p.get("measure") or p.get("what") or p.get("reason") or ""
    return {"order_note": f" (order {p['order']})" if p.get("order") else "", "what_note": f": {what}" if what else "",
            "against": f" against {record['target']}" if record.get("target") else ""}


event_kind("overreach", "a heavy-handed measure that costs fundamental freedoms and trust",
           fields=("order", "measure"), audience="public", wording="OVERREACH by {source}{order_note}{what_note}{against}",
           important=True, derive=_overreach)

INVESTIGATION_DAYS = 14


def _partners(ex, raw: str) -> list:
    """Partner agents named in a comma-separated ``partners=`` value ("none" for none)."""
    names = [p for p in str(raw).split(",") if p and p != "none"]
    return [ex.actors[p] for p in names]


def _check_partners(ex, cell, target, params):
    known = ex.targets("partner")
    for name in [p for p in str(params.get("partners", "none")).split(",") if p and p != "none"]:
        if name not in known:
            from sim.commands import suggest

            return f"no partner {name!r}{suggest(name, known)} (partners: {', '.join(known) or 'none in this scenario'})"
    return None


def _cell_bodies(ex, order):
    return [ex.actors[b] for b in ex.cells[order.cell].bodies] if order.cell in ex.cells else []


# -- information position ------------------------------------------------------------------

def running_investigations(ex) -> dict[tuple[str, str], float]:
    """(cell, actor) -> when the investigation that cell runs into that actor ends."""
    return ex.state_of("investigate", dict)


def last_debunks(ex) -> dict[str, float]:
    """narrative -> time of the government's latest public debunk of it (outlets follow it up)."""
    return ex.state_of("debunk", dict)


def _investigation(ex, order, bodies):
    actor = order.target
    running_investigations(ex)[(order.cell, actor)] = ex.now + INVESTIGATION_DAYS * 24.0
    for body in bodies:
        body.investigating[actor] = body.investigating.get(actor, 0) + 1
    for _ in range(INVESTIGATION_DAYS):
        yield ex.env.timeout(24.0)
        ex.attribution.add(actor, LLR_PER_INVESTIGATION_DAY)
    for body in bodies:
        body.investigating[actor] -= 1
    running_investigations(ex).pop((order.cell, actor), None)
    ex.log_event("investigation.concluded", source=order.cell, target=actor,
                 payload={"order": order.id, "confidence": ex.attribution.confidence(actor)},
                 visible_to=[order.cell])


def _not_investigating(ex, cell, target, params):
    until = running_investigations(ex).get((cell, target))
    if until is not None:
        return f"an investigation into {target} is already running until {ex.clock(until)}"
    return None


@action(target="actor", target_required=True, capacity=8, lever="intelligence", counters=("C00220",),
        domains=("intelligence",), precondition=_not_investigating)
def investigate(ex, order):
    """Open an intelligence investigation into an actor (more detection, builds attribution evidence).

    One investigation per actor per cell at a time: a second one is refused, not stacked.
    """
    ex.env.process(_investigation(ex, order, _cell_bodies(ex, order)))
    return {"days": INVESTIGATION_DAYS, "confidence": ex.attribution.confidence(order.target)}


@action(capacity=2, lead_hours=2, lever="intelligence", counters=("C00176",),
        domains=("intelligence", "public_administration"))
def share_signals(ex, order):
    """Share what this cell knows with every other cell and municipality; sharpens everyone's watch."""
    others = [c for c in ex.cells if c != order.cell]
    shared = ex.share_knowledge(order.cell, others)
    for body in ex.actors_of("government_body"):
        body.info_bonus = min(0.3, body.info_bonus + 0.05)
    ex.log_event("signals.shared", source=order.cell, payload={"operations": shared, "order": order.id},
                 visible_to=list(ex.cells))
    return {"operations": shared}


@action(capacity=3, lead_hours=24, lever="diplomatic", counters=("C00161",), domains=("intelligence", "diplomacy"))
def partner_info_sharing(ex, order):
    """Exchange information with EU, NATO and like-minded partners; raises this cell's detection."""
    gain = sum(p.spec.info_sharing for p in ex.actors_of("partner")) or 0.05
    for body in _cell_bodies(ex, order):
        body.info_bonus = min(0.3, body.info_bonus + gain)
    return {"info_position": [round(b.info_position, 3) for b in _cell_bodies(ex, order)]}


@action(capacity=10, lead_hours=7 * 24, lever="intelligence", counters=("C00159",),
        domains=("public_administration", "intelligence"))
def vulnerability_analysis(ex, order):
    """Analyse where society is vulnerable: every dimension is a little better shielded, the watch sharper."""
    for name in ex.indicators.shield:
        ex.indicators.raise_shield(name, 0.08)
    for body in _cell_bodies(ex, order):
        body.info_bonus = min(0.3, body.info_bonus + 0.05)
    return {}


@action(capacity=2, lead_hours=4, lever="intelligence", counters=("C00176",),
        domains=("public_administration", "intelligence"))
def inform_municipalities(ex, order):
    """Brief the municipalities on what this cell knows; their watch improves."""
    municipal = [c for c, cell in ex.cells.items()
                 if any(ex.actors[b].spec.municipality for b in cell.bodies) and c != order.cell]
    shared = ex.share_knowledge(order.cell, municipal)
    for body in ex.actors_of("government_body"):
        if body.spec.municipality:
            body.info_bonus = min(0.3, body.info_bonus + 0.1)
    ex.log_event("signals.shared", source=order.cell, payload={"operations": shared, "order": order.id},
                 visible_to=municipal)
    return {"cells": municipal, "operations": shared}


# -- countering disinformation ----------------------------------------------------------------

@action(target="segment", capacity=10, lead_hours=48, lever="information", counters=("C00125", "C00073"),
        domains=("information", "social"), public=True,
        params=(Param("strength", "float", default=0.5, low=0.05, high=1.0, unit="share",
                      help="how far it moves protection against manipulation toward its maximum"),))
def awareness_campaign(ex, order):
    """Run a public awareness (prebunking) campaign, for one segment or everyone."""
    if ex.population is None:
        raise CommandError("no population to reach")
    segments = [order.target] if order.target else None
    ex.population.prebunk(float(order.params["strength"]), segments)
    who = order.target or "the public"
    return {"headline": f"Government campaign warns {who} about online manipulation", "segments": segments or []}


@action(target="narrative", target_required=True, capacity=3, lead_hours=6, lever="information",
        counters=("C00119",), domains=("information",), public=True)
def debunk(ex, order):
    """Publicly correct a narrative; trusted outlets carry the correction for three days."""
    if ex.population is None:
        raise CommandError("no population to reach")
    trust = ex.indicators.value("public_trust") / 100.0
    ex.population.fact_check(order.target, strength=0.5 * trust, reach=0.4)
    last_debunks(ex)[order.target] = ex.now
    claim = next(n.claim for n in ex.scenario.narratives if n.id == order.target) or order.target
    return {"headline": f"Government: '{claim}' is false", "trust": round(trust, 3)}


@action(capacity=15, lead_hours=7 * 24, lever="information", counters=("C00008",), domains=("information",),
        public=True)
def support_fact_checkers(ex, order):
    """Fund independent fact-checking (journalistic independence respected): outlets debunk on their own."""
    if ex.population is not None:
        ex.population.set_fact_check_capacity(0.5)
    partners = []
    for outlet in ex.actors_of("media_outlet"):
        if not outlet.sponsored:
            outlet.fact_check = True
            partners.append(outlet.actor_id)
    return {"headline": "Government funds independent fact-checking", "outlets": partners}


@action(target="platform", target_required=True, capacity=2, lead_hours=12, lever="legal",
        counters=("C00189", "C00172"), domains=("information",),
        params=(Param("narrative", "str", default="", help="narrative whose networks to remove (default: all)"),))
def platform_notice(ex, order):
    """Notify a platform of inauthentic networks; it acts according to its cooperation level."""
    platform = ex.actors[order.target]
    platform.notices += 1
    narrative = str(order.params["narrative"]) or None
    if narrative is not None and narrative not in ex.targets("narrative"):
        raise CommandError(f"no narrative {narrative!r}")
    if ex.rng.random() >= platform.spec.cooperation:
        return {"outcome": "ignored"}
    removed = platform.remove(narrative, 0.8)
    stopped = []
    for op in ex.active_operations():
        if (op.technique == "inauthentic_amplification" and op.params.get("platform") == order.target
                and (narrative is None or op.target == narrative)):
            ex.stop_operation(op, "disrupted: takedown")
            stopped.append(op.id)
    return {"outcome": "takedown", "removed": removed, "operations": stopped}


# -- diplomacy ---------------------------------------------------------------------------------

@action(target="actor", target_required=True, capacity=2, lead_hours=24, lever="diplomatic",
        domains=("diplomacy",))
def demarche(ex, order):
    """Signal disapproval privately through diplomatic channels (a small cost to the actor)."""
    ex.actors[order.target].meet_response("demarche", 0.3)
    return {}


@action(target="actor", target_required=True, capacity=5, lead_hours=24, lever="diplomatic",
        counters=("C00115",), domains=("diplomacy", "information"), public=True,
        precondition=_check_partners, doctrine_confidence=0.95,
        params=(Param("partners", "str", default="none",
                      help="attribute jointly with partners of the scenario (comma-separated ids)"),))
def public_attribution(ex, order):
    """Publicly attribute the campaign to an actor; below the evidence threshold it backfires."""
    actor = ex.actors[order.target]
    joined = _partners(ex, order.params["partners"])
    partners = [p.actor_id for p in joined]
    confidence = ex.attribution.confidence(order.target)
    if confidence >= ATTRIBUTION_THRESHOLD:
        actor.meet_response("attribution", 1.0 + sum(p.spec.weight for p in joined))
        if ex.population is not None:
            ex.population.trust_signal(0.15)
        with_whom = f" with {', '.join(partners)}" if partners else ""
        return {"headline": f"Government{with_whom} attributes interference to {actor.display_name}",
                "confidence": confidence, "partners": partners, "outcome": "holds"}
    # Thin evidence: the accused denies, the claim unravels, and the government pays in trust.
    actor.meet_response("attribution", 0.2)
    if ex.population is not None:
        ex.population.trust_signal(-0.3)
    ex.indicators.hit("decision_integrity", 2.0)
    return {"headline": f"Government accuses {actor.display_name}; evidence questioned",
            "confidence": confidence, "partners": partners, "outcome": "backfired"}


def _staff_owner(ex, staff):
    return next((a for a in ex.actors_of("state_actor") if staff in a.staff_in_country()), None)


@action(target="staff", target_required=True, capacity=4, lead_hours=48, lever="diplomatic",
        domains=("diplomacy",), public=True)
def persona_non_grata(ex, order):
    """Declare a diplomat persona non grata: they leave and the operations they ran stop."""
    owner = _staff_owner(ex, order.target)
    if owner is None:
        raise CommandError(f"{order.target} has already left")
    stopped = owner.expel(order.target)
    owner.meet_response("expulsion", 2.0)
    return {"headline": f"{order.target} of {owner.display_name} declared persona non grata", "actor": owner.actor_id,
            "operations": stopped}


@action(target="actor", target_required=True, capacity=3, lead_hours=14 * 24, lever="diplomatic",
        domains=("diplomacy", "economy"), public=True)
def financing_agreement(ex, order):
    """Agree with a state on transparency of its financing flows (as with Gulf states on religious institutions)."""
    ex.standing.hinder(f"{order.target}:covert_funding", 0.5)
    ex.standing.expose(f"{order.target}:covert_funding", 2.0)
    ex.actors[order.target].meet_response("agreement", 0.3)
    return {"headline": f"Agreement with {ex.actors[order.target].display_name} on transparency of financing"}


@action(target="actor", target_required=True, capacity=2, lead_hours=24, lever="diplomatic",
        domains=("diplomacy", "legal"))
def refuse_entry(ex, order):
    """Refuse visas to an actor's envoys, imams or officials: expelled staff are not replaced."""
    actor = ex.actors[order.target]
    actor.entry_refused = True
    ex.standing.hinder(f"{order.target}:diaspora_mobilisation", 0.6)  # no visiting speakers to rally crowds
    return {}


@action(target="actor", target_required=True, capacity=1, lead_hours=24, lever="diplomatic",
        domains=("diplomacy", "social"), public=True)
def discourage_travel(ex, order):
    """Advise against travel to a state: its diaspora is less exposed to pressure there; ties suffer a little."""
    if ex.population is not None:
        ex.population.reassure_diaspora(order.target, 0.05)
    ex.indicators.hit("economic_security", 0.5)
    ex.actors[order.target].meet_response("travel advice", 0.2)
    return {"headline": f"Travel advice: avoid travel to {ex.actors[order.target].display_name}"}


@action(target="actor", target_required=True, capacity=10, lead_hours=7 * 24, lever="economic",
        domains=("economy", "diplomacy"), public=True, precondition=_check_partners,
        params=(Param("partners", "str", default="none", help="impose jointly with partners (comma-separated ids)"),))
def sanctions(ex, order):
    """Impose targeted sanctions (jointly with partners, they weigh more); trade pays a small price."""
    joined = _partners(ex, order.params["partners"])
    ex.actors[order.target].meet_response("sanctions", 2.0 + sum(p.spec.weight for p in joined))
    ex.indicators.hit("economic_security", 1.0)
    return {"headline": f"Sanctions against {ex.actors[order.target].display_name}",
            "partners": [p.actor_id for p in joined]}


# -- resilience ----------------------------------------------------------------------------------

@action(capacity=20, lead_hours=72, lever="legal", domains=("political", "public_administration"), public=True)
def election_safeguards(ex, order):
    """Safeguard the election (count by hand, observers): shields the vote and undercuts fraud claims."""
    ex.indicators.raise_shield("election_integrity", 0.6)
    corrected = []
    if ex.population is not None:
        for narrative in ex.scenario.narratives:
            if "election_integrity" in narrative.targets:
                ex.population.fact_check(narrative.id, strength=0.3, reach=0.3)
                corrected.append(narrative.id)
    return {"headline": "Votes will be counted by hand", "narratives": corrected}


@action(capacity=12, lead_hours=48, lever="information", domains=("cyber",))
def cyber_hardening(ex, order):
    """Harden networks and detection: shields cyber resilience, closes known intrusions, speeds recovery.

    Once hardened, an intrusion is closed the moment a body detects it, so early hardening
    plus detection can stop a hack before the material leaks. Repeated orders add shielding
    with diminishing returns; the faster recovery does not compound.
    """
    ex.indicators.raise_shield("cyber_resilience", 0.5)
    ex.indicators.raise_shield("election_integrity", 0.2)
    ex.indicators.recovery["cyber_resilience"] = max(ex.indicators.recovery["cyber_resilience"],
                                                     2.0 * DEFAULT_RECOVERY_PER_DAY)
    ex.standing.close_on_detection("intrusion")
    closed = []
    for op in ex.active_operations():
        if TECHNIQUES[op.technique].intrusion and op.detected_by:
            ex.stop_operation(op, "disrupted: intrusion closed")
            closed.append(op.id)
    return {"closed": closed}


# -- the heavy hand ---------------------------------------------------------------------------------

@action(target="outlet", target_required=True, capacity=3, lead_hours=12, lever="legal", counters=("C00016",),
        domains=("information", "legal"), public=True, heavy_handed=True)
def censor_outlet(ex, order):
    """Take an outlet off the air. Costs press freedom and trust, and chills speech."""
    outlet = ex.actors[order.target]
    outlet.censored = True
    ex.indicators.hit("fundamental_freedoms", 8.0)
    if ex.population is not None:
        ex.population.chill(0.3)
        ex.population.trust_signal(-0.25)
    ex.log_event("overreach", source=order.cell, target=order.target, payload={"order": order.id},
                 visible_to=[EVERYONE])
    return {"headline": f"Government takes {outlet.display_name} off the air"}
