"""The political level: writing to Parliament, briefing it in confidence, and the ministerial crisis structure.

Parliament (:mod:`agents.parliament`) asks written questions about what is in the news and raises
pressure that ends in a debate costing political capital. The government answers:

* ``letter_to_parliament`` — a letter to the Kamer (as the letter of 16 March 2018 is): every open
  question answered, in public. It needs something to report; a little trust for being open, and the
  Kamer has its answers before a debate.
* ``brief_parliament`` — a confidential briefing (for intelligence matters, the Kamer's committee on the
  services): nothing is made public, the Kamer holds off for a fortnight (its pressure counts half and it
  calls no debate), and the questions stay open.

The **ministerial crisis structure** (``convene_crisis_structure``: the interdepartmental and ministerial
crisis committees, ICCb and MCCb, with the NCTV) is the letter's "coordinated action in (threatening)
incidents": while it sits (:data:`CRISIS_DAYS`) it pools every department's knowledge and evidence each
day, and every government body sends staff to its table (:data:`CRISIS_STAFF_DAYS` a day each), which
is what it costs. Durations and sizes are our design.
"""

from __future__ import annotations

from sim.actions import action
from sim.commands import CommandError
from sim.i18n import M_
from sim.eventkinds import event_kind

LETTER_TRUST = 0.02
"""Trust signal of a letter that answers the Kamer's questions (openness is seen, not felt much)."""

LETTER_REPEAT_DAYS = 7.0
"""A letter within a week of the last one with no new question to answer has nothing new to say."""

CRISIS_DAYS = 14
CRISIS_STAFF_DAYS = 0.5
"""Staff-days every non-municipal government body gives the crisis structure per day while it sits."""

event_kind("crisis.meeting", "the ministerial crisis structure met: every department's picture pooled",
           fields=("order", "day", "operations"), audience="cells",
           wording="crisis committee ({order}) meets, day {day}: {count} known operations in the common picture",
           topics=("intel",), derive=lambda r: {"count": len((r.get("payload") or {}).get("operations") or [])})


def _parliament(ex):
    found = ex.actors_of("parliament")
    return found[0] if found else None


def _has_parliament(ex, cell, target, params) -> str | None:
    return None if _parliament(ex) is not None else "there is no parliament in this scenario"


def _letters(ex) -> list[float]:
    return ex.state_of("letters_to_parliament", list)


@action(capacity=3, lead_hours=48, lever="information", domains=("political", "public_administration"), public=True,
        precondition=_has_parliament)
def letter_to_parliament(ex, order):
    """Write to Parliament: every open question answered in public, before the Kamer calls a debate.

    Takes two days (drafting and agreeing it between ministries). It needs something to report: open
    questions, or interference the cell knows of; a letter within a week of the last with no new question
    says nothing new and fails. A little trust for being open.
    """
    kamer = _parliament(ex)
    open_questions = kamer.open_questions()
    last = max(_letters(ex), default=None)
    if not open_questions and (not ex.known_operations(order.cell) or
                               (last is not None and ex.now - last < 24.0 * LETTER_REPEAT_DAYS)):
        raise CommandError(M_("nothing to report: Parliament has no open question and the cell nothing new to tell it"))
    _letters(ex).append(ex.now)
    stories = [q.story for q in open_questions]
    answered = kamer.answer_all(order.id, "letter")
    if ex.population is not None:
        ex.population.trust_signal(LETTER_TRUST)
    if stories:  # each letter is its own news: it answers on what was asked
        more = f" and {len(stories) - 1} other question{'s' if len(stories) > 2 else ''}" if len(stories) > 1 else ""
        headline = f"Government answers {kamer.display_name} on '{stories[0][:80]}'{more}"
    else:
        headline = f"Government informs {kamer.display_name} about foreign interference (letter {len(_letters(ex))})"
    return {"headline": headline, "questions": answered}


@action(capacity=2, lead_hours=24, lever="intelligence", domains=("political", "intelligence"),
        precondition=_has_parliament)
def brief_parliament(ex, order):
    """Brief Parliament in confidence: the Kamer holds off for a fortnight; nothing is public, questions stay open.

    For what cannot be said in public (an investigation that is running): the Kamer's pressure counts half
    and it calls no debate for 14 days. It needs something to brief (interference the cell knows of).
    """
    if not ex.known_operations(order.cell):
        raise CommandError(M_("nothing to brief: the cell knows of no interference"))
    kamer = _parliament(ex)
    until = kamer.brief()
    return {"until": until, "open_questions": len(kamer.open_questions())}


def _sitting(ex) -> dict[str, float]:
    return ex.state_of("crisis_structure", dict)


def _may_convene(ex, cell, target, params) -> str | None:
    until = _sitting(ex).get("until")
    if until is not None and ex.now < until:
        return M_("the crisis structure already sits until {until}", until=ex.clock(until))
    pending = ex.in_flight("convene_crisis_structure")
    if pending:
        return M_("the crisis structure is already being convened ({order})", order=pending[0].id)
    if not ex.known_operations(cell):
        return M_("no crisis to convene for: the cell knows of no interference")
    return None


def _sessions(ex, order):
    cells = ex.government_cells()
    bodies = [b for b in ex.actors_of("government_body") if not b.spec.municipality]
    for day in range(1, CRISIS_DAYS + 1):
        pooled: set[str] = set()
        for cell in cells:
            pooled.update(ex.share_knowledge(cell, [c for c in cells if c != cell]))
        for body in bodies:
            body.capacity.spend(CRISIS_STAFF_DAYS)
        ex.log_event("crisis.meeting", source=order.cell,
                     payload={"order": order.id, "day": day, "operations": sorted(pooled)}, visible_to=cells)
        yield ex.env.timeout(24.0)


@action(capacity=4, lead_hours=12, lever="information", counters=("C00176",),
        domains=("public_administration", "political"), public=True, precondition=_may_convene)
def convene_crisis_structure(ex, order):
    """Convene the ministerial crisis structure (ICCb/MCCb with the NCTV) for two weeks: one common picture.

    Every day it sits, each department's knowledge and evidence are pooled with all the others. It costs
    every ministry and service half a staff-day a day at its table. Only for a crisis: the cell must know
    of interference, and it sits once at a time.
    """
    _sitting(ex)["until"] = ex.now + 24.0 * CRISIS_DAYS
    ex.env.process(_sessions(ex, order))
    return {"headline": "Ministerial crisis committee convenes on foreign interference", "days": CRISIS_DAYS}
