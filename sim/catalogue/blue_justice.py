"""The justice chain: a report to the police, the investigation, and the prosecution service's decision.

The letter: "where criminal offences are committed, it is suspected that much of this behaviour does not
come to the surface and goes unpunished, despite enforcement efforts", often in "closed communities" the
authorities see little of. The chain here makes that happen for the reasons the letter gives:

1. **Report** (``report_to_police ACTOR``): a report (aangifte) of the offences the cell knows the state's
   operations commit. Not everything is an offence: coercing a diaspora tax is extortion (art. 317 Sr),
   threatening office holders is a threat (art. 285 Sr), hacking is computer intrusion (art. 138ab Sr);
   disinformation, open funding and, in 2018, informing on a diaspora are not crimes in themselves, and
   a report without an offence is refused.
2. **Investigation** (:data:`INVESTIGATION_DAYS` days): the police build a case file from testimony and
   traces. Each day adds evidence in proportion to the victims' willingness to testify: for a diaspora the
   population's willingness to report pressure (ties, trust, fear: closed communities testify little), for
   office holders :data:`OFFICE_HOLDERS_TESTIFY`, for intrusions the forensic traces
   :data:`FORENSIC_TRACES`. ``strength = 1 - exp(-EVIDENCE_RATE * sum of daily willingness)``. While the
   police ask around, the reported operations are more visible and a little hindered.
3. **The prosecution service decides** on its own (the Openbaar Ministerie is independent: the cabinet
   reports, it does not order a prosecution). With the file at :data:`PROSECUTION_BAR` or more it
   prosecutes: the perpetrators in the country are arrested and their operations stop — but not staff
   with diplomatic immunity (Vienna Convention on Diplomatic Relations, art. 31; only persona non grata
   removes them) and not hackers abroad. Below the bar the case is dismissed (sepot): nobody is punished.
4. **Trial** after :data:`TRIAL_DAYS` days (usually after the exercise): a conviction at
   :data:`CONVICTION_BAR` deters the state; an acquittal costs credibility and frightens the witnesses.

Protecting and reassuring a community before the report (reporting line, outreach, police protection)
is what makes its members testify. Rates and bars are our design; the articles are the Dutch Criminal
Code (Wetboek van Strafrecht).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from sim.actions import action
from sim.commands import CommandError, Named
from sim.i18n import M_
from sim.costs import incur
from sim.eventkinds import event_kind
from sim.events import EVERYONE

OFFENCES = {
    "diaspora_tax": "extortion (art. 317 Sr)",
    "intimidation_office_holders": "threats (art. 285 Sr)",
    "hack_and_leak": "computer intrusion (art. 138ab Sr)",
    "cyber_operation": "computer intrusion (art. 138ab Sr)",
}
"""Red techniques that are criminal offences, with the article."""

ABROAD = ("hack_and_leak", "cyber_operation")
"""Offences whose perpetrators act from abroad: a case can name them, not arrest them."""

INVESTIGATION_DAYS = 28
EVIDENCE_RATE = 0.1
"""Evidence per day of full willingness: at 0.5 willingness, 28 days give a file of strength 0.75."""
OFFICE_HOLDERS_TESTIFY = 0.6
FORENSIC_TRACES = 0.4
PROSECUTION_BAR = 0.5
CONVICTION_BAR = 0.75
PROSECUTION_DAYS = 7
"""Days from a complete file to the arrests (the prosecutor's decision, warrants)."""
TRIAL_DAYS = 60
ACQUITTAL_CREDIBILITY = 2.0

event_kind("justice.case_file", "the police completed a case file; the prosecution service decided on it",
           fields=("order", "offences", "strength", "decision"), audience="cells",
           wording="case {order} against agents of {target}: file strength {strength:.0%}, {decision}",
           important=True, topics=("orders",))
event_kind("justice.arrests", "the prosecution service had suspects arrested; their operations stop",
           fields=("order", "operations", "immune", "abroad"), audience="public",
           wording="arrests in case {order} against agents of {target} ({count} operation{plural} stopped)"
                   "{immune_note}",
           important=True, topics=("news", "orders"),
           derive=lambda r: {"count": len((r.get("payload") or {}).get("operations") or []),
                             "plural": "" if len((r.get("payload") or {}).get("operations") or []) == 1 else "s",
                             "immune_note": "; diplomatic immunity: " + ", ".join((r.get("payload") or {})["immune"])
                             if (r.get("payload") or {}).get("immune") else ""})
event_kind("justice.verdict", "a court convicted or acquitted in a case of interference",
           fields=("order", "verdict", "strength"), audience="public",
           wording="court in case {order} against agents of {target}: {verdict}", important=True, topics=("news",))


@dataclass
class Case:
    """One reported case. Attributes: order, actor, operations (ids), strength, decision."""

    order: str
    actor: str
    operations: list[str] = field(default_factory=list)
    strength: float = 0.0
    decision: str = "investigating"


def cases(ex) -> dict[str, Case]:
    """actor -> its latest case."""
    return ex.state_of("justice", dict)


def _reported(ex, cell: str, actor: str) -> list:
    return [op for op in ex.known_operations(cell) if op.actor == actor and op.technique in OFFENCES]


def _may_report(ex, cell, target, params) -> str | None:
    waiting = ex.in_flight("report_to_police", target)
    if waiting:
        return M_("a report on {actor}'s agents is already being filed ({order})", actor=Named(target), order=waiting[0].id)
    case = cases(ex).get(target)
    if case is not None and case.decision == "investigating":
        return M_("the police are already investigating {actor}'s agents ({order})", actor=Named(target), order=case.order)
    if not _reported(ex, cell, target):
        return M_("no offence to report: the cell knows of no extortion, threat or intrusion by {actor} "
                  "(disinformation and funding are not crimes in themselves)", actor=Named(target))
    return None


def _willingness(ex, op) -> float:
    if op.technique == "diaspora_tax":
        state = ex.population.diaspora_state().get(op.actor) if ex.population is not None else None
        return state["report"] if state else 0.0
    if op.technique == "intimidation_office_holders":
        return OFFICE_HOLDERS_TESTIFY
    return FORENSIC_TRACES


INQUIRY_EXPOSURE = 1.5
"""How much more visible the reported techniques are while the police ask around."""
INQUIRY_KEEP = 0.85
"""Share of the reported techniques' effect that gets through meanwhile: the perpetrators know."""


def _investigation(ex, order, case: Case, ops):
    # Once per technique, however many of its operations were reported, and only while the police ask around.
    keys = sorted({f"{op.actor}:{op.technique}" for op in ops})
    for key in keys:
        ex.standing.expose(key, INQUIRY_EXPOSURE)
        ex.standing.hinder(key, INQUIRY_KEEP)
    total = 0.0
    for _ in range(INVESTIGATION_DAYS):
        yield ex.env.timeout(24.0)
        total += sum(_willingness(ex, op) for op in ops) / len(ops)
    for key in keys:
        ex.standing.lift(key, INQUIRY_KEEP, INQUIRY_EXPOSURE)
    case.strength = 1.0 - math.exp(-EVIDENCE_RATE * total)
    prosecute = case.strength >= PROSECUTION_BAR
    case.decision = "prosecuted" if prosecute else "dismissed"
    ex.log_event("justice.case_file", source=order.cell, target=case.actor,
                 payload={"order": order.id, "offences": sorted({OFFENCES[op.technique] for op in ops}),
                          "strength": round(case.strength, 4),
                          "decision": "the prosecution service prosecutes" if prosecute
                          else "dismissed for lack of evidence: witnesses would not testify"},
                 visible_to=[order.cell])
    if not prosecute:
        return
    yield ex.env.timeout(24.0 * PROSECUTION_DAYS)
    stopped, immune, abroad = [], [], []
    for op in ops:
        if op.staff:
            immune.append(op.staff)
        elif op.technique in ABROAD:
            abroad.append(op.id)
        elif op.active:
            ex.stop_operation(op, "disrupted: arrests")
            stopped.append(op.id)
    if ex.population is not None:
        ex.population.reassure_diaspora(case.actor, 0.15)
        ex.population.trust_signal(0.05)
    ex.log_event("justice.arrests", source=order.cell, target=case.actor,
                 payload={"order": order.id, "operations": stopped, "immune": sorted(set(immune)), "abroad": abroad},
                 visible_to=[EVERYONE])
    yield ex.env.timeout(24.0 * TRIAL_DAYS)
    convicted = case.strength >= CONVICTION_BAR
    case.decision = "convicted" if convicted else "acquitted"
    ex.log_event("justice.verdict", source=order.cell, target=case.actor,
                 payload={"order": order.id, "verdict": case.decision, "strength": round(case.strength, 4)},
                 visible_to=[EVERYONE])
    state = ex.actors.get(case.actor)
    if convicted and state is not None:
        state.meet_response("conviction", 1.0, order)
    elif not convicted:
        incur(ex, order.cell, "government_credibility", ACQUITTAL_CREDIBILITY, "the court acquitted", order=order.id)
        if ex.population is not None:
            ex.population.pressure_diaspora(case.actor, 0.1)  # the witnesses were exposed for nothing


@action(target="actor", target_required=True, capacity=3, lead_hours=24, lever="legal", counters=("C00205",),
        domains=("legal", "social"), precondition=_may_report)
def report_to_police(ex, order):
    """Report the state's agents' offences to the police: a four-week investigation, then the prosecutor decides.

    Only offences can be reported (extortion, threats, computer intrusion that the cell knows of). The
    case file is as strong as the victims' willingness to testify; the prosecution service prosecutes a
    file of 50% or more and arrests the perpetrators in the country, not diplomats (immunity) nor hackers
    abroad. A weaker file is dismissed: the interference goes unpunished.
    """
    ops = _reported(ex, order.cell, order.target)
    if not ops:
        raise CommandError(M_("the offences of {actor} the cell knew of are no longer known", actor=Named(order.target)))
    case = Case(order.id, order.target, [op.id for op in ops])
    cases(ex)[order.target] = case
    ex.env.process(_investigation(ex, order, case, ops))
    return {"offences": sorted({OFFENCES[op.technique] for op in ops}), "operations": case.operations,
            "days": INVESTIGATION_DAYS}
