"""Long-lead measures from the letter's explorations, and the heavy hand players reach for.

Legislation takes months: a ban on foreign donations to parties, transparency of
money flows to civil-society and religious organisations, screening of foreign
investments in vital sectors. Their lead times are long, so in a 60-day scenario
they pay off only if ordered early; once in force they are standing barriers.
Banning an organisation is here too: it works, and it costs fundamental freedoms,
trust and cohesion.
"""

from __future__ import annotations

from sim.actions import action
from sim.commands import CommandError
from sim.events import EVERYONE


@action(capacity=25, lead_hours=45 * 24, lever="legal", domains=("political", "legal"), public=True)
def ban_foreign_donations(ex, order):
    """Legislate a ban on foreign donations to political parties."""
    ex.standing.hinder("covert_funding", 0.4)
    ex.indicators.raise_shield("decision_integrity", 0.2)
    return {"headline": "Ban on foreign donations to political parties in force", "barrier": ex.standing.barriers["covert_funding"]}


@action(capacity=20, lead_hours=30 * 24, lever="financial", domains=("social", "legal"), public=True)
def financing_disclosure_law(ex, order):
    """By law, require disclosure of foreign money flows to civil-society and religious organisations."""
    ex.standing.hinder("covert_funding", 0.7)
    ex.standing.expose("covert_funding", 3.0)
    return {"headline": "Foreign funding of civil-society and religious organisations must be disclosed"}


@action(capacity=15, lead_hours=21 * 24, lever="economic", domains=("economy", "infrastructure"), public=True)
def investment_screening(ex, order):
    """Screen foreign investments in vital sectors: takeovers through fronts are blocked."""
    blocked = []
    for op in ex.active_operations():
        if op.technique == "strategic_acquisition":
            ex.stop_operation(op, "disrupted: blocked by investment screening")
            blocked.append(op.id)
    ex.standing.hinder("strategic_acquisition", 0.1)
    return {"headline": "Investment screening for vital sectors in force", "operations": blocked}


@action(target="group", target_required=True, capacity=10, lead_hours=7 * 24, lever="legal", counters=("C00016",),
        domains=("legal", "social"), public=True, heavy_handed=True)
def ban_organisation(ex, order):
    """Ban an organisation. Its operations stop; the community, and everyone's freedoms, pay for it."""
    group = ex.actors[order.target]
    if group.banned:
        raise CommandError(f"{order.target} is already banned")
    group.banned = True
    stopped = []
    for op in ex.active_operations():
        if op.target == order.target:
            ex.stop_operation(op, "disrupted: organisation banned")
            stopped.append(op.id)
    ex.indicators.hit("fundamental_freedoms", 6.0)
    ex.indicators.hit("social_cohesion", 3.0)
    if ex.population is not None:
        ex.population.trust_signal(-0.3, [group.spec.segment])
        ex.population.trust_signal(-0.05)
        ex.population.chill(0.2)
    ex.log_event("overreach", source=order.cell, target=order.target, payload={"order": order.id},
                 visible_to=[EVERYONE])
    return {"headline": f"Government bans {group.display_name}", "operations": stopped}
