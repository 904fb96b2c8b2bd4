"""Exercise control at the console: plain answers to White's commands, and evaluators' notes made whole.

The exercise answers every order the same way ("o4 fire_inject 7: accepted, takes effect now"). White
wants to hear what happens to the MSEL, in calendar time: "inject 7 fires now, day 5 10:00 (Mon 26 Feb
2018), to intelligence: ...", "inject 2 postponed by 1 d 6 h: now due day 6 16:00 (...)". :func:`answer`
words an accepted White command so; refusals are already plain (:mod:`sim.catalogue.control`).

An evaluator types ``note [OBJECTIVE] [rating=S] what they saw``; :func:`note_line` makes that the
command the replay records: the free words as ``text="..."`` (a first word that is no objective
begins a free note), the seat as ``author=``, and the events on screen as ``about=``, so the note is
tied to what the evaluator was looking at. Nothing here draws.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from sim.catalogue.control import NOTE_EVENTS_MAX, RATING_WORDS
from sim.commands import MAX_LENGTH, Command, CommandError, Joined, Named, Recovered, _tokens, parse_command
from sim.i18n import M_, _

EVALUATOR = "evaluator"
"""The evaluator's seat: sees what White sees, writes notes, orders nothing."""


def is_evaluator(seat: str) -> bool:
    """Whether ``seat`` is an evaluator's (``evaluator``, ``evaluator-2`` ...)."""
    return seat == EVALUATOR or seat.startswith(EVALUATOR + "-")


class Duration(str):
    """A duration as a console shows it: ``1 d 6 h`` in English (its plain value), ``1 d 6 u`` in Dutch."""

    def __new__(cls, hours: float) -> "Duration":
        minutes = int(round(hours * 60))
        days, rest = divmod(minutes, 24 * 60)
        h, m = divmod(rest, 60)
        self = super().__new__(cls, " ".join(f"{n} {unit}" for n, unit in ((days, "d"), (h, "h"), (m, "min")) if n)
                               or "0 h")
        self.hours, self.parts = hours, (days, h, m)
        return self

    def __reduce__(self):
        return (Duration, (self.hours,))

    def _shown(self) -> str:
        days, h, m = self.parts
        parts = [_("{n} d").format(n=days)] * bool(days) + [_("{n} h").format(n=h)] * bool(h)
        parts += [_("{n} min").format(n=m)] * bool(m)
        return " ".join(parts) or _("{n} h").format(n=0)


def duration_text(hours: float) -> str:
    """``1 d 6 h``, ``12 h``, ``2 d``, ``30 min`` for a number of hours (a :class:`Duration`: shown in the
    reader's language by :func:`sim.i18n.shown`)."""
    return Duration(hours)


def countdown_text(hours: float) -> str:
    """``in 1 d 6 h``, ``in 16 h``, ``in 25 min`` (or ``now``) for a time ahead: to the hour, minutes only
    in the last hour (the calendar time beside it is exact). A message: English as its plain value."""
    if hours < 1 / 60:
        return M_("now")
    return M_("in {duration}", duration=duration_text(hours if hours < 1 else math.floor(hours)))


def _quoted(text: str) -> str:
    # The command language has no escapes: a double quote inside would end the value.
    return '"' + text.replace('"', "'") + '"'


def note_line(text: str, objectives: Sequence[str], author: str, on_screen: Sequence[int]) -> str:
    """The canonical ``note`` command for a typed line (see the module docstring).

    Raises:
        CommandError: the line is not a note, or has nothing to say.
    """
    parsed = parse_command(text)
    if not isinstance(parsed, Command) or parsed.action != "note":
        raise CommandError(M_("not a note"))
    params = dict(parsed.params)
    words = str(params.pop("text", "")).strip()
    objective = parsed.target
    if objective and objective not in objectives:
        # "note the crisis cell was slow": the first word is the note's, not an objective (keep its case).
        first = next(t for t in _tokens(text.strip())[1:] if t.lower() == objective)
        words = f"{first} {words}".strip()
        objective = ""
    params.pop("author", None)
    params.pop("about", None)
    head = ["note"] + ([objective] if objective else [])
    head += [f"{k}={v}" for k, v in params.items()] + [f"author={author}"]
    seqs = [int(s) for s in on_screen if s >= 0][-NOTE_EVENTS_MAX:]
    while True:
        about = [f"about={','.join(map(str, seqs))}"] if seqs else []
        line = " ".join(head + about + [f"text={_quoted(words)}"]) if words else " ".join(head + about)
        if len(line) <= MAX_LENGTH or not seqs:
            return line
        seqs = seqs[1:]  # a long note keeps its words; it gives up the oldest events it is tied to


def _inject_summary(ex, number: int) -> str:
    state = ex.injects.states.get(number)
    if state is None:
        return ""
    inject = state.inject
    return M_(" to {cells}: {synopsis}", cells=Joined(Named(c) for c in inject.to), synopsis=inject.synopsis)


PAUSED = M_(" The clock is paused: it happens once you resume.")


def answer(ex, command: Command, fallback: str, paused: bool) -> str:
    """A plain answer to an accepted White command (``fallback``: the exercise's own words, for the others);
    a message (:func:`sim.i18n.M_`): English as its plain value, shown in the reader's language."""
    wait = PAUSED if paused else ""
    now = ex.clock()
    action = command.action
    params = dict(command.params)
    number = command.target
    if action == "fire_inject":
        return M_("inject {number} fires now, {now}{summary}.{wait}", number=number, now=now,
                  summary=_inject_summary(ex, int(number)), wait=wait)
    if action == "postpone_inject":
        state = ex.injects.states[int(number)]
        from sim.timeexpr import parse_duration

        by = parse_duration(params.get("by", "24h"))
        due = max(state.due if state.due is not None else ex.now, ex.now) + by
        was = M_(" (was {due})", due=ex.clock(state.due)) if state.due is not None else (
            M_(" (it waited for its trigger)") if state.trigger is not None else M_(" (it was a contingency inject)"))
        return M_("inject {number} postponed by {by}: now due {due}{was}.{wait}", number=number, by=duration_text(by),
                  due=ex.clock(due), was=was, wait=wait)
    if action == "cancel_inject":
        return M_("inject {number} cancelled at {now}: it will not fire.{wait}", number=number, now=now, wait=wait)
    if action == "add_inject":
        added_now = sum(1 for s in ex.injects.states.values() if s.added_at == ex.now)
        ordered_now = sum(1 for o in ex.orders if o.action == "add_inject" and o.t == ex.now)
        added = ex.injects.next_number() + max(0, ordered_now - added_now - 1)
        delay = parse_hours(params.get("in", "0h"))
        fields = dict(number=added, cells=Named(command.target), text=params.get("text", ""), wait=wait, now=now)
        if delay <= 0:
            return M_("inject {number} added for {cells}; it fires now, {now}: {text}.{wait}", **fields)
        return M_("inject {number} added for {cells}; it fires {countdown}, {due}: {text}.{wait}",
                  countdown=countdown_text(delay), due=ex.clock(ex.now + delay), **fields)
    if action == "msg":
        to = M_("every Dutch cell") if command.target == "all" else Named(command.target)
        if paused:
            return M_("message to {to} sent; it is delivered once the clock runs again.", to=to)
        return M_("message to {to} sent; delivered at {now}.", to=to, now=now)
    if action == "note":
        rating = str(params.get("rating", "")).upper()
        on = M_(" on {objective}", objective=command.target) if command.target else M_(" (no objective)")
        rated = M_(", rated {rating} ({words})", rating=rating, words=Recovered(RATING_WORDS[rating])) \
            if rating in RATING_WORDS else ""
        about = params.get("about", "")
        tied = M_(", tied to {count} events on screen", count=len(about.split(","))) if about else ""
        return M_("note recorded at {now}{on}{rated}{tied}.", now=now, on=on, rated=rated, tied=tied)
    return fallback


def parse_hours(text: str) -> float:
    """Hours of a duration parameter as typed (``2h``, ``1d6h``); 0 for anything unreadable."""
    from sim.timeexpr import TimeExprError, parse_duration

    try:
        return parse_duration(text)
    except TimeExprError:
        return 0.0
