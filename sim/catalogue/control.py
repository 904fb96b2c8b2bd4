"""White cell controls: fire, postpone or cancel an inject, add one during play, note an observation,
carry a message between seats, and change a state's doctrine profile.

They are actions like any other, so they are logged and replayed (``weerbaar verify`` re-simulates
them), but only the White cell may order them and they cost nothing. An evaluator's note
(``note``) is logged as an ``eval.note`` event that only White (and evaluators, who see what White
sees) can read; it changes nothing in the simulated world. Refusals say what is so in plain words
and calendar time: "inject 7 was already fired at day 5 10:00 (Mon 26 Feb 2018)", not "no inject 7".
"""

from __future__ import annotations

import re

from sim import messages
from sim.actions import Param, action
from sim.commands import CommandError, as_message, reason
from sim.i18n import M_, N_, name_of
from sim.eventkinds import event_kind
from sim.events import WHITE
from sim.registry import register_target_kind
from sim.scenario.schema import Inject

RATINGS = ("p", "s", "m", "u")
"""HSEEP ratings as typed (``rating=S``): Performed without challenges, with Some, with Major, Unable to perform."""

RATING_WORDS = {"P": N_("performed without challenges"), "S": N_("performed with some challenges"),
                "M": N_("performed with major challenges"), "U": N_("unable to be performed")}

NOTE_EVENTS_MAX = 24
"""At most this many events a note is tied to (the feed lines on screen when it was written)."""

_AUTHOR = re.compile(r"^[a-z0-9][a-z0-9_.\-]{0,39}$")


def _msel_ids(ex) -> list[str]:
    return [str(n) for n in ex.injects.states]


register_target_kind(
    "msel_inject", "an inject of the MSEL by number, whatever its state (White is told if it already fired)",
    ids=_msel_ids, declared=lambda sc: [str(i.no) for i in sc.msel])
register_target_kind(
    "inject_recipient", "a cell an inject is addressed to, or 'all' for every Dutch cell",
    ids=lambda ex: ["all", *ex.cells], declared=lambda sc: ["all", *sc.cells])
register_target_kind(
    "objective", "an objective of the scenario (objectives:), for an evaluator's note",
    ids=lambda ex: [o.id for o in ex.scenario.objectives], declared=lambda sc: [o.id for o in sc.objectives])


def inject_whereabouts(ex, number: int) -> str:
    """Why inject ``number`` cannot be fired, postponed or cancelled now, in plain words ("" if it can)."""
    state = ex.injects.states.get(number)
    if state is None:
        numbers = sorted(ex.injects.states)
        span = f"{numbers[0]}-{numbers[-1]}" if numbers else M_("none")
        return M_("no inject '{number}' in the MSEL (its injects are {span})", number=number, span=span)
    if state.status == "fired":
        when = ex.clock(state.fired_at)
        if state.fired_by == "white":
            return M_("no inject '{number}' left to act on: it was already fired by White at {when}", number=number,
                      when=when)
        if state.fired_by == "trigger":
            return M_("no inject '{number}' left to act on: it was already fired by its trigger at {when}",
                      number=number, when=when)
        if state.fired_by == "msel":
            return M_("no inject '{number}' left to act on: it was already fired on time at {when}", number=number,
                      when=when)
        return M_("no inject '{number}' left to act on: it was already fired at {when}", number=number, when=when)
    if state.status == "cancelled":
        return M_("no inject '{number}' left to act on: it was cancelled at {when}", number=number,
                  when=ex.clock(state.cancelled_at))
    return ""


def _pending(ex, cell, target, params):
    if not target.isdigit():
        return M_("{target!r} is not an inject number", target=target)
    return inject_whereabouts(ex, int(target)) or None


@action(target="msel_inject", target_required=True, control=True, precondition=_pending, lever="information")
def fire_inject(ex, order):
    """Fire a pending inject now (contingency injects fire only this way)."""
    reason = inject_whereabouts(ex, int(order.target))
    if reason:  # fired by its timer or trigger between the order and its effect
        raise CommandError(reason)
    ex.injects.fire(int(order.target), by="white")
    return {"no": int(order.target)}


@action(target="msel_inject", target_required=True, control=True, precondition=_pending, lever="information",
        params=(Param("by", "hours", default=24.0, low=0.5, high=24 * 60, unit="hours",
                      help="how much later, e.g. 12h, 2d or 1d6h"),))
def postpone_inject(ex, order):
    """Postpone a pending inject (a triggered or contingency one becomes timed)."""
    reason = inject_whereabouts(ex, int(order.target))
    if reason:
        raise CommandError(reason)
    due = ex.injects.postpone(int(order.target), float(order.params["by"]))
    return {"no": int(order.target), "due": due}


@action(target="msel_inject", target_required=True, control=True, precondition=_pending, lever="information")
def cancel_inject(ex, order):
    """Cancel a pending inject."""
    reason = inject_whereabouts(ex, int(order.target))
    if reason:
        raise CommandError(reason)
    ex.injects.cancel(int(order.target))
    return {"no": int(order.target)}


# -- adding an inject during play ------------------------------------------------------------------

event_kind("inject.added", "White added an inject to the MSEL during play (it fires like any other)",
           fields=("no", "synopsis", "due", "cells"), audience="white",
           wording="White added inject {no} for {target}, due {due!c}: {synopsis}", important=True,
           topics=("injects",))


def _objective_ok(ex, value: str) -> str:
    ids = [o.id for o in ex.scenario.objectives]
    if value and value not in ids:
        from sim.commands import suggest

        return M_("objective={value}: no objective {value!r}{hint} (objectives: {objectives})", value=value,
                  hint=as_message(suggest(value, ids)), objectives=", ".join(ids))
    return ""


def _add_ok(ex, cell, target, params):
    text = str(params.get("text") or "").strip()
    if not text:
        return M_("write what the cells are told: inject CELL text=\"...\" (or the words after the cell)")
    problem = _objective_ok(ex, str(params.get("objective") or ""))
    if problem:
        return problem
    due = ex.now + float(params.get("in") or 0.0)
    if due > ex.end:
        return M_("in={hours:g}h would be after the exercise ends ({end})", hours=params.get("in"), end=ex.clock(ex.end))
    return None


@action(name="add_inject", target="inject_recipient", target_required=True, control=True, precondition=_add_ok,
        lever="information",
        params=(Param("text", "str", default="", help="what the cells are told (the words after the cell do too)"),
                Param("expected", "str", default="", help="the action White expects of them"),
                Param("objective", "str", default="", help="the objective the inject tests"),
                Param("from", "str", default="EXCON", help="the sender the cells see"),
                Param("in", "hours", default=0.0, low=0.0, high=24 * 730, unit="hours",
                      help="fire it this much later instead of now, e.g. 2h"),
                Param("critical", "str", default="no", choices=("yes", "no"), help="a critical inject")))
def add_inject(ex, order):
    """Add an inject to the MSEL during play and fire it now (or ``in=`` later): logged and replayed."""
    p = order.params
    number = ex.injects.next_number()
    inject = Inject(no=number, from_=str(p["from"]), to=[order.target], synopsis=str(p["text"]).strip(),
                    expected_action=str(p["expected"]), objective=str(p["objective"]) or None,
                    critical=p["critical"] == "yes")
    due = ex.now + float(p["in"])
    ex.injects.add(inject, due)
    ex.log_event("inject.added", source=WHITE, target=order.target,
                 payload={"no": number, "synopsis": inject.synopsis, "due": due, "cells": [order.target]},
                 visible_to=[WHITE])
    return {"no": number, "due": due}


# -- evaluators' notes -----------------------------------------------------------------------------

event_kind("eval.note", "an evaluator's observation, optionally rated P/S/M/U against an objective (White and "
                        "evaluators only; it changes nothing in the exercise)",
           fields=("author", "objective", "rating", "text", "events"), audience="white",
           wording="NOTE by {author}{on}: {text}", important=True,
           derive=lambda r: {"on": _note_subject((r.get("payload") or {}))})


def _note_subject(payload) -> str:
    objective, rating = payload.get("objective") or "", payload.get("rating") or ""
    if objective and rating:
        return f" on {objective} ({rating})"
    if objective:
        return f" on {objective}"
    return f" ({rating})" if rating else ""


def note_events(raw: str) -> list[int]:
    """``about=12,15,40`` as event numbers; raises CommandError on anything else."""
    if not raw:
        return []
    seqs = []
    for part in raw.split(","):
        if not part.isascii() or not part.isdigit():
            raise CommandError(M_("about={raw}: list event numbers, e.g. about=12,15", raw=raw))
        seqs.append(int(part))
    if len(seqs) > NOTE_EVENTS_MAX:
        raise CommandError(M_("about={raw}: at most {limit} events", raw=raw, limit=NOTE_EVENTS_MAX))
    return seqs


def _note_ok(ex, cell, target, params):
    if not str(params.get("text") or "").strip():
        return M_("write what you observed: note [OBJECTIVE] [rating=S] your words")
    author = str(params.get("author") or "")
    if not _AUTHOR.match(author):
        return M_("author={author}: a seat name such as evaluator or evaluator-2", author=author)
    try:
        seqs = note_events(str(params.get("about") or ""))
    except CommandError as exc:
        return reason(exc)
    late = [s for s in seqs if s >= len(ex.log)]
    if late:
        return M_("about={about}: event {event} has not happened (the log has {events} events)",
                  about=params.get("about"), event=late[0], events=len(ex.log))
    return None


@action(target="objective", control=True, precondition=_note_ok, lever="information",
        params=(Param("rating", "str", default="", choices=("", *RATINGS),
                      help="P, S, M or U (HSEEP: performed without / with some / with major challenges, unable)"),
                Param("text", "str", default="", help="what you observed (the words after the objective do too)"),
                Param("author", "str", default=WHITE, help="who writes it (the console fills in its seat)"),
                Param("about", "str", default="", help="the events it is about (the console fills in those on screen)")))
def note(ex, order):
    """An evaluator's note: what was observed, optionally rated P/S/M/U against an objective; changes nothing."""
    p = order.params
    payload = {"author": str(p["author"]), "objective": order.target, "rating": str(p["rating"]).upper(),
               "text": str(p["text"]).strip(), "events": note_events(str(p["about"]))}
    ex.log_event("eval.note", source=str(p["author"]), target=order.target, payload=payload, visible_to=[WHITE])
    return {}


# -- messages between cells and to White (sim.messages) -------------------------------------------

event_kind("message.sent", "a message between seats: a cell to another cell, to White or to every Dutch cell, or "
                           "White to the cells (sender, recipients and White read it; it changes nothing)",
           fields=("from", "to", "text"), audience="cells",
           wording="MESSAGE {from} to {recipients}: {text}", important=True,
           # the recipients by display name, as the sender is (ids only where no name is known)
           derive=lambda r: {"recipients": ", ".join(str(name_of(c)) for c in (r.get("payload") or {}).get("to") or ())
                             or str(name_of(r.get("target", "")))})

register_target_kind(
    "message_recipient", "a cell, 'white' or 'all' (every Dutch cell), for a message",
    ids=lambda ex: messages.recipient_ids(ex.cells), declared=lambda sc: messages.recipient_ids(sc.cells))


def _msg_ok(ex, cell, target, params):
    sender = str(params.get("from") or "")
    if sender != WHITE and sender not in ex.cells:
        return M_("from={sender}: the sending seat, a cell or white (the console fills it in)", sender=sender)
    if sender == target:
        return M_("{sender} cannot send a message to itself", sender=sender)
    text = str(params.get("text") or "").strip()
    if not text:
        return M_("write what you want to tell {recipient}: msg {recipient} your words", recipient=target)
    if len(text) > messages.MAX_TEXT:
        return M_("a message holds at most {limit} characters", limit=messages.MAX_TEXT)
    if not messages.recipients(target, sender, ex.government_cells()):
        return M_("nobody to send it to")
    return None


@action(name="msg", target="message_recipient", target_required=True, control=True, precondition=_msg_ok,
        lever="information",
        params=(Param("text", "str", default="", help="what you want to tell them (the words after the recipient do too)"),
                Param("from", "str", default=WHITE, help="the sending seat (the console fills it in)")))
def msg(ex, order):
    """A message to a cell, to White or to all Dutch cells: logged for sender, recipients and White; changes nothing."""
    p = order.params
    sender = str(p["from"])
    to = messages.recipients(order.target, sender, ex.government_cells())
    ex.log_event("message.sent", source=sender, target=order.target,
                 payload={"from": sender, "to": to, "text": " ".join(str(p["text"]).split())},
                 visible_to=[sender, *to])
    return {"to": to}


# -- the opponent's doctrine ---------------------------------------------------------------------------

PROFILE_RISKS = ("same", "cautious", "balanced", "risk_seeking")


def _resolve_value(raw: str) -> float | None:
    """The resolve a profile order sets (None: keep it); raises CommandError on anything but 0-1."""
    if raw == "same":
        return None
    try:
        value = float(raw)
    except ValueError:
        raise CommandError(M_("resolve={raw}: write a number from 0 to 1, or 'same'", raw=raw)) from None
    if not 0.0 <= value <= 1.0:
        raise CommandError(M_("resolve={raw}: must be between 0 and 1", raw=raw))
    return value


def _profile_ok(ex, cell, target, params):
    try:
        _resolve_value(str(params.get("resolve", "same")))
    except CommandError as exc:
        return reason(exc)
    return None


@action(target="actor", target_required=True, control=True, lever="information", precondition=_profile_ok,
        params=(Param("risk", "str", default="same", choices=PROFILE_RISKS, help="its risk profile ('same' keeps it)"),
                Param("resolve", "str", default="same", unit="share",
                      help="how much cost it accepts, 0-1 ('same' keeps it)")))
def actor_profile(ex, order):
    """Change a state actor's doctrine profile during the exercise (risk, resolve): White steers the opponent."""
    actor = ex.actors[order.target]
    risk = str(order.params["risk"])
    before = {"risk": actor.spec.risk, "resolve": actor.spec.resolve}
    actor.set_profile(None if risk == "same" else risk, _resolve_value(str(order.params["resolve"])))
    return {"before": before, "after": {"risk": actor.spec.risk, "resolve": actor.spec.resolve},
            "folded": actor.folded}
