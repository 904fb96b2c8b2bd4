"""Long-lead measures from the letter's explorations, the powers that act quickly, and the heavy hand.

Legislation takes years, not weeks. A ban on foreign donations to parties was recommended in February
2018 and entered into force on 1 January 2023; the transparency of donations to civil-society and
religious organisations was still before the Eerste Kamer in October 2025; the general investment
screening law (Wet Vifo) entered into force on 1 June 2023. Within a 60- or 90-day exercise a bill can
only be *announced*: the cabinet decides, tells parliament and starts the process, at a price in
political capital, and the announcement does what announcements do — the adversary anticipates and
routes around (a small standing barrier and a little more attention). The law becomes a standing
barrier only when it enters into force (:meth:`sim.catalogue.instruments.Law.entry_into_force`), which
falls inside an exercise only when it is set shortly before the historical date, or after it. Ordering
early still matters: the announcement works from the day it is made, and a bill ordered before history
did enters into force sooner.

What acts quickly is what existed on the exercise's date (:mod:`sim.catalogue.instruments`): in 2018
and 2019 the sector-specific powers over changes of control (energy; telecom from 1 October 2020),
from 1 June 2023 the general screening law. Blocking an investment costs the open economy and
relations with the investing state.

Banning an organisation is here too: it works, and it costs fundamental freedoms, trust and cohesion.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.actions import action
from sim.catalogue.instruments import (CIVIL_SOCIETY_TRANSPARENCY, FOREIGN_DONATIONS_BAN, INVESTMENT_SCREENING_ACT,
                                       Law, acquisitions, describe_powers, hours_at, long_date, power_for,
                                       scenario_date, sector_of, why_not_covered)
from sim.commands import CommandError, Named
from sim.i18n import M_
from sim.costs import incur
from sim.eventkinds import event_kind
from sim.events import EVERYONE
from sim.registry import ACTIONS

event_kind("law.in_force", "an announced law entered into force: its standing effect applies from now",
           fields=("order", "action", "law"), audience="public", wording="{law} enters into force ({order})",
           important=True, topics=("orders", "news"))

BILL_LEAD_DAYS = 3
"""Days from ordering a bill to its announcement: a decision of the weekly council of ministers and a letter
to parliament (assumption)."""

SECTOR_POWER_LEAD_DAYS = 3
"""Days from ordering the sector powers to the minister's prohibition of a notified change of control
(assumption; the statutory review periods are longer, but the exercise lets the transaction wait for it)."""

SCREENING_LEAD_DAYS = 2
"""Days from ordering a screening under the Wet Vifo to the standstill: a notified acquisition may not close
before the minister's decision (sourced); two days to have it notified (assumption)."""

BLOCK_OPENNESS_COST = 2.0
"""``economic_openness`` points a blocked investment costs: the jobs and money it promised, and what other
investors read into it."""

BLOCK_RELATIONS_COST = 3.0
"""``bilateral_relations`` points a blocked investment costs with the investing state."""


@dataclass(frozen=True)
class Bill:
    """What a law does to a technique: announced, and once in force.

    Attributes:
        law: the law and its dates.
        technique: the red technique it works against.
        announced_keep / announced_expose: the announcement's standing barrier and exposure.
        keep / expose: the law's in force (the announcement's share included).
        shield: an indicator the law in force shields, and by how much ("" for none).
    """

    law: Law
    technique: str
    announced_keep: float
    announced_expose: float
    keep: float
    expose: float
    shield: tuple[str, float] = ("", 0.0)

    def announce(self, ex) -> None:
        ex.standing.hinder(self.technique, self.announced_keep)
        ex.standing.expose(self.technique, self.announced_expose)

    def enforce(self, ex, announced: bool) -> None:
        """Apply the law in force (on top of its announcement if there was one)."""
        ex.standing.hinder(self.technique, self.keep / (self.announced_keep if announced else 1.0))
        ex.standing.expose(self.technique, self.expose / (self.announced_expose if announced else 1.0))
        if self.shield[0]:
            ex.indicators.raise_shield(*self.shield)


BILLS = {
    # Announced: donors move money through EU intermediaries and wait (a little less gets through) and
    # party finance draws attention. In force: the ban (the attention stays).
    "ban_foreign_donations": Bill(FOREIGN_DONATIONS_BAN, "covert_funding", 0.9, 1.25, 0.4, 1.25,
                                  ("decision_integrity", 0.2)),
    # Announced: organisations and their funders start to ask where money comes from. In force: donations
    # must be shown to the mayor and the public prosecutor, who can go to court.
    "financing_disclosure_law": Bill(CIVIL_SOCIETY_TRANSPARENCY, "covert_funding", 0.9, 1.5, 0.7, 3.0),
}


def _pending(ex, name: str):
    return next(iter(ex.in_flight(name, including_in_effect=True)), None)


def _bill_precondition(name: str):
    def check(ex, cell, target, params) -> str | None:
        earlier = _pending(ex, name)
        if earlier is not None:
            return f"already ordered ({earlier.id}); a bill is announced once"
        return None
    return check


def _enter_into_force(ex, order, bill: Bill, delay: float):
    yield ex.env.timeout(delay)
    bill.enforce(ex, announced=True)
    ex.log_event("law.in_force", source=order.cell,
                 payload={"order": order.id, "action": order.action, "law": bill.law.title},
                 visible_to=[EVERYONE], tags=ACTIONS[order.action].tags())


def _order_bill(ex, order, what: str) -> dict:
    """Announce the bill, or apply the law if it is in force on the exercise's date."""
    bill = BILLS[order.action]
    today = scenario_date(ex)
    if bill.law.in_force_on(today):
        bill.enforce(ex, announced=False)
        return {"headline": f"{what}: the law in force since {long_date(bill.law.historic_entry)} is applied",
                "law": bill.law.title, "in_force": bill.law.historic_entry.isoformat(),
                "barrier": ex.standing.barriers[bill.technique]}
    bill.announce(ex)
    entry = bill.law.entry_into_force(today)
    delay = hours_at(ex, entry) - ex.now
    inside = ex.now + delay <= ex.end
    if inside:
        ex.env.process(_enter_into_force(ex, order, bill, delay))
    when = long_date(entry) + ("" if inside else ", after this exercise")
    return {"headline": f"Cabinet announces a bill: {what}; it would enter into force about {when}",
            "law": bill.law.title, "in_force": entry.isoformat(), "barrier": ex.standing.barriers[bill.technique]}


@action(capacity=25, lead_hours=BILL_LEAD_DAYS * 24, lever="legal", domains=("political", "legal"), public=True,
        political_capital=15, precondition=_bill_precondition("ban_foreign_donations"))
def ban_foreign_donations(ex, order):
    """Announce a bill banning donations from outside the EU to political parties (in force only years later).

    The announcement makes donors route money around and draws attention to party finance; the ban is a
    standing barrier against covert funding only once in force (historically 1 January 2023). In an exercise
    set after that date the order applies the law in force.
    """
    return _order_bill(ex, order, "ban on donations from outside the EU to political parties")


@action(capacity=20, lead_hours=BILL_LEAD_DAYS * 24, lever="financial", domains=("social", "legal"), public=True,
        political_capital=15, precondition=_bill_precondition("financing_disclosure_law"))
def financing_disclosure_law(ex, order):
    """Announce a bill making donations to civil-society and religious organisations transparent (years away).

    The announcement makes organisations and funders more careful; in force, the law (the Wtmo, not in force
    by October 2025; assumed 1 July 2026) makes covert funding much more visible and less effective.
    """
    return _order_bill(ex, order, "transparency of donations to civil-society and religious organisations")


def _check_screening(ex, cell, target, params) -> str | None:
    today = scenario_date(ex)
    if not INVESTMENT_SCREENING_ACT.in_force_on(today):
        return (f"no general investment screening law on {long_date(today)} (the Wet Vifo is in force from "
                f"{long_date(INVESTMENT_SCREENING_ACT.historic_entry)}); use sector_powers: "
                f"{describe_powers(today)}")
    return None


def _block(ex, order, ops, why: str) -> list[str]:
    """Stop the acquisitions ``ops``; each costs the open economy and relations with the investing state."""
    blocked = []
    for op in ops:
        ex.stop_operation(op, f"disrupted: blocked by {why}")
        blocked.append(op.id)
        incur(ex, order.cell, "economic_openness", BLOCK_OPENNESS_COST,
              f"takeover of {op.target or sector_of(op)} blocked: the investment and its jobs are lost", order=order.id)
        incur(ex, order.cell, "bilateral_relations", BLOCK_RELATIONS_COST,
              "the investing state takes the block as a hostile act", order=order.id, state=op.actor)
    return blocked


@action(capacity=10, lead_hours=SCREENING_LEAD_DAYS * 24, lever="economic", domains=("economy", "infrastructure"),
        public=True, precondition=_check_screening)
def investment_screening(ex, order):
    """Screen foreign investments in vital sectors under the Wet Vifo (in force from 1 June 2023 only).

    Running takeovers in vital sectors are stopped (a notified acquisition may not close before the
    minister's decision) and later ones are deterred. Each blocked takeover costs the open economy and
    relations with the investing state. Before 1 June 2023 the order is refused: use sector_powers.
    """
    blocked = _block(ex, order, acquisitions(ex.active_operations()), "investment screening")
    ex.standing.hinder("strategic_acquisition", 0.1)
    return {"headline": "Investment screening for vital sectors in force", "operations": blocked}


def _covered(ex):
    today = scenario_date(ex)
    return [op for op in acquisitions(ex.active_operations()) if power_for(op, today) is not None]


def _check_sector_powers(ex, cell, target, params) -> str | None:
    if _covered(ex):
        return None
    today = scenario_date(ex)
    running = acquisitions(ex.active_operations())
    if not running:
        return f"no takeover bid is running (sector powers on {long_date(today)}: {describe_powers(today)})"
    reasons = "; ".join(f"{op.target or sector_of(op)} ({sector_of(op)}): {why_not_covered(op, today)}"
                        for op in running)
    return f"no sector power covers a running bid on {long_date(today)}: {reasons}"


@action(capacity=8, lead_hours=SECTOR_POWER_LEAD_DAYS * 24, lever="economic",
        domains=("economy", "infrastructure", "legal"), public=True, precondition=_check_sector_powers)
def sector_powers(ex, order):
    """Stop a takeover with the sector-specific powers over changes of control (energy; telecom from October 2020).

    The Elektriciteitswet 1998 and the Gaswet let the minister prohibit a change of control of a large power
    plant or an LNG installation; the Telecommunicatiewet does so for telecom parties from 1 October 2020.
    Running takeovers in a covered sector are stopped within days; takeovers elsewhere go on. Each blocked
    takeover costs the open economy and relations with the investing state.
    """
    today = scenario_date(ex)
    ops = _covered(ex)
    if not ops:
        raise CommandError(M_("no takeover in a covered sector is running any more"))
    laws = sorted({power_for(op, today).law for op in ops})
    blocked = _block(ex, order, ops, f"sector powers ({', '.join(laws)})")
    return {"headline": f"Minister prohibits the takeover of {', '.join(op.target or sector_of(op) for op in ops)}",
            "operations": blocked}


@action(target="group", target_required=True, capacity=10, lead_hours=7 * 24, lever="legal", counters=("C00016",),
        domains=("legal", "social"), public=True, heavy_handed=True, political_capital=30)
def ban_organisation(ex, order):
    """Ban an organisation. Its operations stop; the community, and everyone's freedoms, pay for it."""
    group = ex.actors[order.target]
    if group.banned:
        raise CommandError(M_("{group} is already banned", group=Named(order.target)))
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
