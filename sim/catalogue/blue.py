"""Blue responses from the letter: countering disinformation, diplomacy, resilience, and the heavy hand.

Each response has a lead time, a capacity cost in staff-days, preconditions
where the letter implies them, and effects with side effects — never a fixed
bonus to the score. Effects act on the mechanisms: detection effort and
attribution evidence, the population's belief and trust dynamics, the platforms'
amplification networks, the state actors' deterrence, and the indicators'
damage shields.
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.catalogue.blue_diplomacy import climb, grounds, identified, role_of, skipped_ladder, staff_owner
from sim.catalogue.blue_intel import check_partners, consult_partners
from sim.commands import CommandError, Named
from sim.i18n import M_
from sim.costs import Cost, incur
from sim.eventkinds import event_kind
from sim.events import EVERYONE
from sim.indicators import DEFAULT_RECOVERY_PER_DAY
from sim.registry import TECHNIQUES

def _overreach(record):
    p = record.get("payload") or {}
    what = p.get("measure") or p.get("what") or p.get("reason") or ""
    return {"order_note": f" (order {p['order']})" if p.get("order") else "", "what_note": f": {what}" if what else "",
            "against": f" against {record['target']}" if record.get("target") else ""}


event_kind("overreach", "a heavy-handed measure that costs fundamental freedoms and trust",
           fields=("order", "measure"), audience="public", wording="OVERREACH by {source}{order_note}{what_note}{against}",
           important=True, derive=_overreach)



def last_debunks(ex) -> dict[str, float]:
    """narrative -> time of the government's latest public debunk of it (outlets follow it up)."""
    return ex.state_of("debunk", dict)




# -- countering disinformation ----------------------------------------------------------------

@action(target="segment", capacity=10, lead_hours=48, lever="information", counters=("C00125", "C00073"),
        domains=("information", "social"), public=True,
        params=(Param("strength", "float", default=0.5, low=0.05, high=1.0, unit="share",
                      help="how far it moves protection against manipulation toward its maximum"),))
def awareness_campaign(ex, order):
    """Run a public awareness (prebunking) campaign, for one segment or everyone.

    Prebunking protects those who have not met a narrative yet, and its protection wears off
    (half-life ``PREBUNK_HALF_LIFE_DAYS``): it pays before the narratives spread, and a campaign
    that comes when most people have already met them protects few. The result says how far the
    narratives had got.
    """
    if ex.population is None:
        raise CommandError(M_("no population to reach"))
    segments = [order.target] if order.target else None
    ex.population.prebunk(float(order.params["strength"]), segments)
    who = order.target or "the public"
    reached = max((c["reach"] for c in ex.population.narrative_counts().values()), default=0.0)
    timing = ("before the narratives spread" if reached < 0.05 else
              f"late: the furthest narrative had already reached {reached:.0%}")
    return {"headline": f"Government campaign warns {who} about online manipulation", "segments": segments or [],
            "timing": timing, "reach": round(reached, 3)}


@action(target="narrative", target_required=True, capacity=3, lead_hours=6, lever="information",
        counters=("C00119",), domains=("information",), public=True)
def debunk(ex, order):
    """Publicly correct a narrative; trusted outlets carry the correction for three days.

    A correction needs a narrative to correct: before it circulates, a debunk has nothing to work on
    (and would only spread the claim), so it fails and says so. Once it circulates, earlier is
    better: a belief that has been rehearsed for weeks resists correction (the continued-influence
    effect, Lewandowsky et al. 2012, Psychol. Sci. Public Interest 13:106), so the correction's strength
    halves every ``DEBUNK_HALF_LIFE_DAYS`` days after the narrative was launched; a correction repeated
    within a week adds half as much as the one before.
    """
    if ex.population is None:
        raise CommandError(M_("no population to reach"))
    reach = ex.population.narrative_counts()[order.target]["reach"]
    if reach < DEBUNK_MIN_REACH:
        raise CommandError(M_("{narrative} is not circulating yet ({reach:.1%} reached): nothing to correct, and a "
                              "correction now would spread the claim; prebunk instead", narrative=order.target, reach=reach))
    launched = [op.started for op in ex.operations.values() if op.target == order.target]
    age_days = (ex.now - min(launched)) / 24.0 if launched else 0.0
    timing = max(DEBUNK_FLOOR, 0.5 ** (age_days / DEBUNK_HALF_LIFE_DAYS))
    last = last_debunks(ex).get(order.target)
    repeat = 0.5 if last is not None and ex.now - last < 7 * 24.0 else 1.0
    trust = ex.indicators.value("public_trust") / 100.0
    ex.population.fact_check(order.target, strength=0.5 * trust * timing * repeat, reach=0.4)
    if order.target not in last_debunks(ex):
        ex.env.process(_label_later(ex, order.target))  # the first public correction is what platforms label
    last_debunks(ex)[order.target] = ex.now
    claim = next(n.claim for n in ex.scenario.narratives if n.id == order.target) or order.target
    return {"headline": f"Government: '{claim}' is false", "trust": round(trust, 3), "effect": round(timing * repeat, 3),
            "timing": f"{age_days:.0f} days after the narrative was launched"}


def _label_later(ex, narrative: str):
    """Platforms label the corrected narrative's posts, late (agents.platform: after the viral phase)."""
    from agents.platform import LABEL_DELAY_HOURS

    yield ex.env.timeout(LABEL_DELAY_HOURS)
    for platform in ex.actors_of("platform"):
        platform.label(narrative)
        ex.log_event("narrative.labelled", source=platform.actor_id, target=narrative,
                     payload={"resharing": round(platform.resharing(narrative), 4)}, visible_to=[EVERYONE])
    ex.apply_amplification()


@action(capacity=15, lead_hours=7 * 24, lever="information", counters=("C00008",), domains=("information",),
        public=True)
def support_fact_checkers(ex, order):
    """Fund independent fact-checking (journalistic independence respected): outlets debunk on their own.

    Funded once: a second order buys nothing more (it fails and says so).
    """
    if ex.state_of("fact_checkers", dict).get("funded"):
        raise CommandError(M_("fact-checking is already funded; more money does not buy more independence"))
    ex.state_of("fact_checkers", dict)["funded"] = True
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
    """Notify a platform of inauthentic networks; it acts according to its cooperation level.

    A notice needs something to show: the cell must know of an amplification operation on that
    platform. Without it, the platform finds nothing it would act on, and the government has leaned
    on a platform without evidence (a small cost to free speech).
    """
    platform = ex.actors[order.target]
    platform.notices += 1
    narrative = str(order.params["narrative"]) or None
    if narrative is not None and narrative not in ex.targets("narrative"):
        raise CommandError(M_("no narrative {narrative!r}", narrative=narrative))
    known = [op for op in ex.known_operations(order.cell) if op.active and op.technique == "inauthentic_amplification"
             and op.params.get("platform") == order.target and (narrative is None or op.target == narrative)]
    if not known:
        incur(ex, order.cell, "fundamental_freedoms", 0.5, f"pressure on {order.target} without evidence", order=order.id)
        raise CommandError(M_("the cell knows of no inauthentic network on {platform} for {narrative}: nothing to "
                              "show, the platform does not act", platform=Named(order.target), narrative=narrative)
                           if narrative else
                           M_("the cell knows of no inauthentic network on {platform}: nothing to show, the platform "
                              "does not act", platform=Named(order.target)))
    if ex.rng.random() >= platform.spec.cooperation:
        return {"outcome": "ignored"}
    removed = platform.remove(narrative, 0.8)
    accounts = platform.suspend(narrative, 0.8)
    stopped = []
    for op in ex.active_operations():
        if (op.technique == "inauthentic_amplification" and op.params.get("platform") == order.target
                and (narrative is None or op.target == narrative)):
            ex.stop_operation(op, "disrupted: takedown")
            stopped.append(op.id)
    return {"outcome": "takedown", "removed": removed, "operations": stopped, "accounts": accounts}


# -- diplomacy ---------------------------------------------------------------------------------

@action(target="actor", target_required=True, capacity=2, lead_hours=24, lever="diplomatic",
        domains=("diplomacy",), costs=(Cost("bilateral_relations", 1, "a formal complaint strains relations"),))
def demarche(ex, order):
    """Signal disapproval privately through diplomatic channels (a small cost to the actor).

    Needs an identified actor: the cell's evidence must point at the state (at least 50%).
    """
    identified(ex, order.cell, order.target)
    climb(ex, order.target, "demarche")
    ex.actors[order.target].meet_response("demarche", 0.3, order)
    return {}


DEBUNK_MIN_REACH = 0.005
"""A narrative that has reached less than this share is not circulating: there is nothing to correct."""

DEBUNK_HALF_LIFE_DAYS = 14.0
"""A correction's strength halves for every this many days the narrative has circulated (our assumption)."""

DEBUNK_FLOOR = 0.25
"""Even a late correction keeps this share of its strength."""

CONSUL_EXPULSION_DIASPORA = 3.0
"""diaspora_security points lost when a consul is expelled (consular services the diaspora needs)."""

AGREEMENT_MAX_STRAIN = 10.0
"""Relations points lost beyond which a state signs no agreement."""

SANCTIONS_CONFIDENCE = 0.75


def _election_hours(ex) -> float | None:
    """When the scenario's election is, in hours (None: no election)."""
    from sim.timeexpr import to_hours

    day = ex.scenario.election_day
    return to_hours(day, ex.start_datetime) if day else None


@action(target="staff", target_required=True, capacity=4, lead_hours=48, lever="diplomatic",
        domains=("diplomacy",), public=True, political_capital=10,
        costs=(Cost("bilateral_relations", 3, "an expulsion strains relations (the state's answer costs more)"),))
def persona_non_grata(ex, order):
    """Declare a diplomat persona non grata: they leave and the operations they ran stop.

    Needs grounds: the cell must know of an operation that staff member ran; without it the
    ministry's lawyers will not sign and the order fails. The state answers in kind (relations
    suffer), and expelling a consul cuts the consular services the diaspora relies on. The letter's
    "in ultimo": an expulsion with no lower rung of the ladder before it (a démarche, a summons, a
    request for withdrawal: :mod:`sim.catalogue.blue_diplomacy`) costs relations more.
    """
    owner = staff_owner(ex, order.target)
    if owner is None:
        raise CommandError(M_("{staff} has already left", staff=Named(order.target)))
    grounds(ex, order.cell, order.target)
    if "consul" in role_of(owner, order.target).lower():
        incur(ex, order.cell, "diaspora_security", CONSUL_EXPULSION_DIASPORA,
              "consular services for the diaspora cut", order=order.id)
    skipped = skipped_ladder(ex, order, owner.actor_id)
    climb(ex, owner.actor_id, "persona_non_grata")
    stopped = owner.expel(order.target)
    owner.meet_response("expulsion", 2.0, order)
    return {"headline": f"{order.target} of {owner.display_name} declared persona non grata", "actor": owner.actor_id,
            "operations": stopped, "skipped_ladder": skipped}


@action(target="actor", target_required=True, capacity=3, lead_hours=14 * 24, lever="diplomatic",
        domains=("diplomacy", "economy"), public=True)
def financing_agreement(ex, order):
    """Agree with a state on transparency of its financing flows (as with Gulf states on religious institutions).

    An agreement needs working relations: with relations strained (expulsions, sanctions, an
    attribution) the state will not sign.
    """
    strained = ex.costs.relations.get(order.target, 0.0)
    if strained > AGREEMENT_MAX_STRAIN:
        raise CommandError(M_("relations with {actor} are too strained ({points:.0f} points lost): it will not sign "
                              "an agreement now", actor=Named(order.target), points=strained))
    ex.standing.hinder(f"{order.target}:covert_funding", 0.5)
    ex.standing.expose(f"{order.target}:covert_funding", 2.0)
    ex.actors[order.target].meet_response("agreement", 0.3, order)
    return {"headline": f"Agreement with {ex.actors[order.target].display_name} on transparency of financing"}


@action(target="actor", target_required=True, capacity=2, lead_hours=24, lever="diplomatic",
        domains=("diplomacy", "legal"), political_capital=5,
        costs=(Cost("bilateral_relations", 3, "visas refused to its officials"),))
def refuse_entry(ex, order):
    """Refuse visas to an actor's envoys, imams or officials: expelled staff are not replaced.

    Needs an identified actor (the cell's evidence at least 50%).
    """
    identified(ex, order.cell, order.target)
    actor = ex.actors[order.target]
    actor.entry_refused = True
    ex.standing.hinder(f"{order.target}:diaspora_mobilisation", 0.6)  # no visiting speakers to rally crowds
    return {}


DISCOURAGED_STATEMENTS_KEEP = 0.6
"""Share of a state's statements on Dutch soil that still get through once its officials' visits are discouraged."""

DISCOURAGED_RALLIES_KEEP = 0.75
"""Share of its diaspora mobilisation that still gets through (no visiting minister to headline the rally)."""


@action(target="actor", target_required=True, capacity=1, lead_hours=24, lever="diplomatic",
        domains=("diplomacy", "political"), public=True, political_capital=3,
        costs=(Cost("bilateral_relations", 2, "the state protests that its officials are unwelcome"),))
def discourage_travel(ex, order):
    """Discourage the state's officials from visiting the Netherlands (such as ministers coming to campaign).

    The letter's "reizen naar Nederland ontmoedigen": the visit of a foreign minister to rally the diaspora
    for a vote at home is discouraged, not forbidden (refuse_entry is the legal step). Officials' statements
    on Dutch soil and the rallies they would headline get less far; the state protests. Needs an identified
    actor (the cell's evidence at least 50%).
    """
    identified(ex, order.cell, order.target)
    ex.standing.hinder(f"{order.target}:meddling_statement", DISCOURAGED_STATEMENTS_KEEP)
    ex.standing.hinder(f"{order.target}:diaspora_mobilisation", DISCOURAGED_RALLIES_KEEP)
    climb(ex, order.target, "discourage_travel")
    state = ex.actors[order.target]
    state.meet_response("visit discouraged", 0.3, order)
    return {"headline": f"Government asks {state.display_name}'s ministers not to come and campaign in the Netherlands"}


@action(target="actor", target_required=True, capacity=10, lead_hours=7 * 24, lever="economic",
        domains=("economy", "diplomacy"), public=True, precondition=check_partners, political_capital=15,
        costs=(Cost("economic_openness", 1, "trade with the state pays for it"),
               Cost("bilateral_relations", 3, "sanctions strain relations (the state's answer costs more)")),
        params=(Param("partners", "str", default="none", help="impose jointly with partners (comma-separated ids)"),))
def sanctions(ex, order):
    """Impose targeted sanctions (jointly with partners, they weigh more); trade pays a price.

    Needs strong evidence (the cell's confidence at least 75%): sanctions must stand in court.
    """
    identified(ex, order.cell, order.target, SANCTIONS_CONFIDENCE)
    joined, declined = consult_partners(ex, order, order.target)
    ex.actors[order.target].meet_response("sanctions", 2.0 + sum(p.spec.weight for p in joined), order)
    return {"headline": f"Sanctions against {ex.actors[order.target].display_name}",
            "partners": [p.actor_id for p in joined], "declined": declined}


# -- resilience ----------------------------------------------------------------------------------

@action(capacity=20, lead_hours=72, lever="legal", domains=("political", "public_administration"), public=True,
        political_capital=5)
def election_safeguards(ex, order):
    """Safeguard the election (count by hand, observers): shields the vote and undercuts fraud claims.

    Only before election day (the scenario's ``election_day``): safeguards that come after the vote
    fail and say so.
    """
    election = _election_hours(ex)
    if election is not None and ex.now >= election:
        raise CommandError(M_("the vote was at {vote}: safeguards come too late", vote=ex.clock(election)))
    if ex.state_of("election_safeguards", dict).get("done"):
        raise CommandError(M_("the election is already safeguarded"))
    ex.state_of("election_safeguards", dict)["done"] = True
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
        domains=("information", "legal"), public=True, heavy_handed=True, political_capital=30)
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
