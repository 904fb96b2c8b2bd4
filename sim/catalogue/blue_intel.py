"""Blue responses that build the information position: investigating, sharing, and attributing publicly.

Evidence is per cell (:mod:`sim.evidence`): a cell holds what its own bodies saw, what injects told
it and what other cells shared with it. An investigation works on those signals; sharing passes them
on; a public attribution is weighed on the attributing cell's evidence, and partners decide for
themselves whether to join (:meth:`agents.partner.Partner.decide`). An attribution that proves wrong,
or that rests on thin evidence, or that partners will not back, costs the government credibility
(:mod:`sim.costs`).
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.commands import CommandError, suggest
from sim.i18n import M_
from sim.costs import Cost, incur
from sim.detection import ATTRIBUTION_THRESHOLD
from sim.eventkinds import event_kind
from sim.evidence import INVESTIGATION_SIGNALS_CAP, LLR_FALSE_FLAG, LLR_INVESTIGATION_PER_SIGNAL_DAY, UNMASK_PER_DAY

INVESTIGATION_DAYS = 14

WRONG_ATTRIBUTION_CREDIBILITY = 15.0
"""Credibility a public attribution costs when it names someone who was not behind the campaign."""

THIN_ATTRIBUTION_CREDIBILITY = 6.0
"""Credibility it costs when it names the right actor on evidence below the bar (it is questioned)."""

DECLINED_PARTNER_CREDIBILITY = 2.0
"""Credibility each partner costs that was asked to join and would not."""

event_kind("investigation.concluded", "an investigation ended, with the attribution confidence it reached",
           fields=("order", "confidence", "leading", "days_with_signals", "unmasked"), audience="cells",
           wording="investigation {order} into {target} concluded: confidence {confidence:.0%} "
                   "(signals to work on {days_with_signals} of 14 days; leading suspect {leading})",
           important=True, topics=("intel",))
event_kind("false_flag.unmasked", "an investigation found that traces pointing at a suspect were planted",
           fields=("operation", "decoy", "order"), audience="cells",
           wording="investigation {order}: the traces of {operation} pointing at {decoy} were planted; "
                   "they point at {target}", important=True, topics=("intel",))
event_kind("signals.shared", "a cell shared what it knows of red operations with other cells",
           fields=("operations", "order", "evidence"), audience="cells",
           wording="{source} shared signals with all cells: {count} known operation{plural}", topics=("intel",),
           derive=lambda r: {"count": len((r.get("payload") or {}).get("operations") or []),
                             "plural": "" if len((r.get("payload") or {}).get("operations") or []) == 1 else "s"})
event_kind("partner.declined", "a partner would not join a public attribution or sanctions, and why",
           fields=("partner", "reason", "order", "action"), audience="cells",
           wording="{partner} declines to join the {action} against {target}: {reason}", important=True,
           topics=("intel",))


def partners_named(ex, raw: str) -> list:
    """Partner agents named in a comma-separated ``partners=`` value ("none" for none)."""
    names = [p for p in str(raw).split(",") if p and p != "none"]
    return [ex.actors[p] for p in names]


def check_partners(ex, cell, target, params):
    """Precondition: every partner named in ``partners=`` exists in the scenario."""
    known = ex.targets("partner")
    for name in [p for p in str(params.get("partners", "none")).split(",") if p and p != "none"]:
        if name not in known:
            return f"no partner {name!r}{suggest(name, known)} (partners: {', '.join(known) or 'none in this scenario'})"
        if not ex.actors[name].attributes:
            return f"{name} is a centre of expertise: it may advise, not attribute or sanction (name the states, EU or NATO)"
    return None


def cell_bodies(ex, order):
    """The government bodies of the ordering cell."""
    return [ex.actors[b] for b in ex.cells[order.cell].bodies] if order.cell in ex.cells else []


def running_investigations(ex) -> dict[tuple[str, str], float]:
    """(cell, actor) -> when the investigation that cell runs into that actor ends."""
    return ex.state_of("investigate", dict)


def _unmask(ex, order, op) -> bool:
    """Drop the cell's items on ``op`` that point at its false flag; the truth takes their place."""
    flag = str(op.params.get("false_flag", ""))
    held = ex.evidence.held.get(order.cell, set())
    planted = sorted(i for i in held if (i.startswith(f"det:{op.id}:") or i == f"rep:{op.id}")
                     and ex.evidence.items[i][0] == flag)
    if not planted:
        return False
    for item in planted:
        ex.evidence.retract(item, [order.cell])
    ex.evidence.add(f"unmask:{op.id}", op.actor, LLR_FALSE_FLAG, [order.cell])
    ex.log_event("false_flag.unmasked", source=order.cell, target=op.actor,
                 payload={"operation": op.id, "decoy": flag, "order": order.id}, visible_to=[order.cell])
    return True


def _investigation(ex, order, bodies):
    """Fourteen days of work on the signals the cell holds about the investigated actor."""
    actor = order.target
    running_investigations(ex)[(order.cell, actor)] = ex.now + INVESTIGATION_DAYS * 24.0
    for body in bodies:
        body.investigating[actor] = body.investigating.get(actor, 0) + 1
    worked = unmasked = 0
    for day in range(INVESTIGATION_DAYS):
        yield ex.env.timeout(24.0)
        signals = [op for op in ex.known_operations(order.cell) if op.actor == actor]
        if signals:
            worked += 1
            weight = LLR_INVESTIGATION_PER_SIGNAL_DAY * min(len(signals), INVESTIGATION_SIGNALS_CAP)
            ex.evidence.add(f"inv:{order.id}:{day}", actor, weight, [order.cell])
        for op in signals:
            if op.params.get("false_flag") and f"unmask:{op.id}" not in ex.evidence.held.get(order.cell, set()):
                if ex.detection_rng.random() < UNMASK_PER_DAY and _unmask(ex, order, op):
                    unmasked += 1
    for body in bodies:
        body.investigating[actor] -= 1
    running_investigations(ex).pop((order.cell, actor), None)
    leading, _ = ex.evidence.leading(order.cell)
    ex.log_event("investigation.concluded", source=order.cell, target=actor,
                 payload={"order": order.id, "confidence": ex.evidence.confidence(order.cell, actor),
                          "leading": leading, "days_with_signals": worked, "unmasked": unmasked},
                 visible_to=[order.cell])


def _not_investigating(ex, cell, target, params):
    until = running_investigations(ex).get((cell, target))
    if until is not None:
        return M_("an investigation into {target} is already running until {until}", target=target, until=ex.clock(until))
    return None


@action(target="actor", target_required=True, capacity=8, lead_hours=0, lever="intelligence", counters=("C00220",),
        domains=("intelligence",), precondition=_not_investigating)
def investigate(ex, order):
    """Open an intelligence investigation into an actor: sharper detection, and evidence from the signals held.

    For 14 days the cell's bodies search three times harder for the actor's operations, and each day
    the investigation works on the operations of that actor the cell knows of (up to three): it adds
    evidence for each, and may unmask a planted false flag. With no signals it finds nothing, so an
    investigation opened before anything was detected, or into the wrong state, mostly waits. One
    investigation per actor per cell at a time.
    """
    ex.env.process(_investigation(ex, order, cell_bodies(ex, order)))
    signals = sum(1 for op in ex.known_operations(order.cell) if op.actor == order.target)
    return {"days": INVESTIGATION_DAYS, "confidence": ex.evidence.confidence(order.cell, order.target),
            "signals": signals}


@action(capacity=2, lead_hours=2, lever="intelligence", counters=("C00176",),
        domains=("intelligence", "public_administration"))
def share_signals(ex, order):
    """Share what this cell knows, and its evidence, with every other cell; sharpens everyone's watch."""
    others = [c for c in ex.government_cells() if c != order.cell]  # never a red cell
    shared = ex.share_knowledge(order.cell, others)
    for body in ex.actors_of("government_body"):
        body.info_bonus = min(0.3, body.info_bonus + 0.05)
    items = len(ex.evidence.held.get(order.cell, ()))
    ex.log_event("signals.shared", source=order.cell,
                 payload={"operations": shared, "order": order.id, "evidence": items},
                 visible_to=ex.government_cells())
    return {"operations": shared}


@action(capacity=3, lead_hours=24, lever="diplomatic", counters=("C00161",), domains=("intelligence", "diplomacy"))
def partner_info_sharing(ex, order):
    """Exchange information with EU, NATO and like-minded partners: sharper detection; they get the cell's evidence."""
    partners = ex.actors_of("partner")
    gain = sum(p.spec.info_sharing for p in partners) or 0.05
    for body in cell_bodies(ex, order):
        body.info_bonus = min(0.3, body.info_bonus + gain)
    ex.evidence.share(order.cell, [p.actor_id for p in partners])
    return {"info_position": [round(b.info_position, 3) for b in cell_bodies(ex, order)]}


def _analysed(ex) -> dict[str, float]:
    return ex.state_of("vulnerability_analysis", dict)


ANALYSIS_VALID_DAYS = 30


@action(capacity=10, lead_hours=7 * 24, lever="intelligence", counters=("C00159",),
        domains=("public_administration", "intelligence"))
def vulnerability_analysis(ex, order):
    """Analyse where society is vulnerable: every dimension is a little better shielded, the watch sharper.

    An analysis holds for 30 days: another one within that time finds nothing new.
    """
    done = _analysed(ex).get("last")
    if done is not None and ex.now - done < ANALYSIS_VALID_DAYS * 24.0:
        raise CommandError(M_("an analysis was completed at {done}: a new one finds nothing new before {valid}",
                              done=ex.clock(done), valid=ex.clock(done + ANALYSIS_VALID_DAYS * 24.0)))
    _analysed(ex)["last"] = ex.now
    for name in ex.indicators.shield:
        ex.indicators.raise_shield(name, 0.08)
    for body in cell_bodies(ex, order):
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


def consult_partners(ex, order, accused: str) -> tuple[list, list[str]]:
    """Ask the partners named in ``partners=`` to join a measure against ``accused``: each gets the cell's
    evidence and decides (a decline costs credibility); returns (joined, declined)."""
    joined, declined = [], []
    for partner in partners_named(ex, order.params["partners"]):
        ex.evidence.share(order.cell, [partner.actor_id])
        joins, reason = partner.decide(accused, ex.evidence.confidence(partner.actor_id, accused))
        if joins:
            joined.append(partner)
            continue
        declined.append(partner.actor_id)
        ex.log_event("partner.declined", source=partner.actor_id, target=accused,
                     payload={"partner": partner.actor_id, "reason": reason, "order": order.id, "action": order.action},
                     visible_to=[order.cell])
        incur(ex, order.cell, "government_credibility", DECLINED_PARTNER_CREDIBILITY,
              f"{partner.actor_id} would not back the {order.action.replace('_', ' ')}", order=order.id)
    return joined, declined


@action(target="suspect", target_required=True, capacity=5, lead_hours=24, lever="diplomatic",
        counters=("C00115",), domains=("diplomacy", "information"), public=True,
        precondition=check_partners, doctrine_confidence=0.95, political_capital=10,
        costs=(Cost("bilateral_relations", 4, "the accused state recalls its ambassador for consultations"),),
        params=(Param("partners", "str", default="none",
                      help="ask partners of the scenario to join (comma-separated ids); each decides for itself"),))
def public_attribution(ex, order):
    """Publicly attribute the campaign to a suspect; partners decide whether to join.

    Weighed on the attributing cell's evidence, with that of the partners that join. It holds when the accused was behind the campaign
    and the cell's confidence is at least 90%: the state meets a cost that grows with every partner
    that joins. On thinner evidence it is questioned; naming someone who was not behind it (a false
    flag's decoy) proves wrong. Both cost credibility, and each partner that declines costs a little.
    """
    accused = order.target
    suspect = ex.evidence.suspects[accused]
    guilty = any(op.actor == accused for op in ex.operations.values())
    if suspect.kind == "proxy" and any(op.params.get("via") == accused for op in ex.operations.values()):
        # Naming the cut-out is true but not the whole truth: its state denies any link and pays little.
        patron = ex.actors.get(suspect.state)
        if patron is not None:
            patron.meet_response("attribution", 0.3, order)
        return {"headline": f"Government names {suspect.name}; {suspect.state} denies any link",
                "confidence": ex.evidence.confidence(order.cell, accused), "partners": [], "declined": [],
                "outcome": "proxy"}
    joined, declined = consult_partners(ex, order, accused)
    # A joint attribution rests on the joint evidence: partners that join put theirs on the table.
    for partner in joined:
        ex.evidence.share(partner.actor_id, [order.cell])
    confidence = ex.evidence.confidence(order.cell, accused)
    partners = [p.actor_id for p in joined]
    state = ex.actors.get(accused) if suspect.kind == "state" else None
    details = {"confidence": confidence, "partners": partners, "declined": declined}
    if not guilty:
        incur(ex, order.cell, "government_credibility", WRONG_ATTRIBUTION_CREDIBILITY,
              f"the attribution to {accused} proved wrong", order=order.id)
        if state is not None:
            incur(ex, order.cell, "bilateral_relations", 6, f"{accused} was wrongly accused", order=order.id,
                  state=accused)
        if ex.population is not None:
            ex.population.trust_signal(-0.3)
        ex.indicators.hit("decision_integrity", 2.0)
        return {**details, "headline": f"Government accuses {suspect.name}; the claim falls apart", "outcome": "wrong"}
    if confidence >= ATTRIBUTION_THRESHOLD:
        state.meet_response("attribution", 1.0 + sum(p.spec.weight for p in joined), order)
        if ex.population is not None:
            ex.population.trust_signal(0.15)
        with_whom = f" with {', '.join(partners)}" if partners else ""
        return {**details, "headline": f"Government{with_whom} attributes interference to {suspect.name}",
                "outcome": "holds"}
    # Thin evidence: the accused denies, the claim is questioned, and the government pays in trust.
    state.meet_response("attribution", 0.2, order)
    incur(ex, order.cell, "government_credibility", THIN_ATTRIBUTION_CREDIBILITY,
          f"attribution on {confidence:.0%} confidence questioned", order=order.id)
    if ex.population is not None:
        ex.population.trust_signal(-0.3)
    ex.indicators.hit("decision_integrity", 2.0)
    return {**details, "headline": f"Government accuses {suspect.name}; evidence questioned", "outcome": "backfired"}
