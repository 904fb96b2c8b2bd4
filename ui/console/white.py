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
from sim.commands import MAX_LENGTH, Command, CommandError, _tokens, parse_command

EVALUATOR = "evaluator"
"""The evaluator's seat: sees what White sees, writes notes, orders nothing."""


def is_evaluator(seat: str) -> bool:
    """Whether ``seat`` is an evaluator's (``evaluator``, ``evaluator-2`` ...)."""
    return seat == EVALUATOR or seat.startswith(EVALUATOR + "-")


def duration_text(hours: float) -> str:
    """``1 d 6 h``, ``12 h``, ``2 d``, ``30 min`` for a number of hours."""
    minutes = int(round(hours * 60))
    days, rest = divmod(minutes, 24 * 60)
    h, m = divmod(rest, 60)
    parts = [f"{days} d"] * bool(days) + [f"{h} h"] * bool(h) + [f"{m} min"] * bool(m)
    return " ".join(parts) or "0 h"


def countdown_text(hours: float) -> str:
    """``in 1 d 6 h``, ``in 16 h``, ``in 25 min`` (or ``now``) for a time ahead: to the hour, minutes only
    in the last hour (the calendar time beside it is exact)."""
    if hours < 1 / 60:
        return "now"
    return f"in {duration_text(hours if hours < 1 else math.floor(hours))}"


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
        raise CommandError("not a note")
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
    return f" to {', '.join(inject.to)}: {inject.synopsis}"


def answer(ex, command: Command, fallback: str, paused: bool) -> str:
    """A plain answer to an accepted White command (``fallback``: the exercise's own words, for the others)."""
    wait = " The clock is paused: it happens once you resume." if paused else ""
    now = ex.clock()
    action = command.action
    params = dict(command.params)
    if action == "fire_inject":
        return f"inject {command.target} fires now, {now}{_inject_summary(ex, int(command.target))}.{wait}"
    if action == "postpone_inject":
        state = ex.injects.states[int(command.target)]
        from sim.timeexpr import parse_duration

        by = parse_duration(params.get("by", "24h"))
        due = max(state.due if state.due is not None else ex.now, ex.now) + by
        was = f" (was {ex.clock(state.due)})" if state.due is not None else (
            " (it waited for its trigger)" if state.trigger is not None else " (it was a contingency inject)")
        return f"inject {command.target} postponed by {duration_text(by)}: now due {ex.clock(due)}{was}.{wait}"
    if action == "cancel_inject":
        return f"inject {command.target} cancelled at {now}: it will not fire.{wait}"
    if action == "add_inject":
        added_now = sum(1 for s in ex.injects.states.values() if s.added_at == ex.now)
        ordered_now = sum(1 for o in ex.orders if o.action == "add_inject" and o.t == ex.now)
        number = ex.injects.next_number() + max(0, ordered_now - added_now - 1)
        delay = parse_hours(params.get("in", "0h"))
        when = f"fires now, {now}" if delay <= 0 else f"fires {countdown_text(delay)}, {ex.clock(ex.now + delay)}"
        return f"inject {number} added for {command.target}; it {when}: {params.get('text', '')}.{wait}"
    if action == "msg":
        to = "every Dutch cell" if command.target == "all" else command.target
        when = "it is delivered once the clock runs again" if paused else f"delivered at {now}"
        return f"message to {to} sent; {when}."
    if action == "note":
        rating = str(params.get("rating", "")).upper()
        on = f" on {command.target}" if command.target else " (no objective)"
        rated = f", rated {rating} ({RATING_WORDS[rating]})" if rating in RATING_WORDS else ""
        about = params.get("about", "")
        tied = f", tied to {len(about.split(','))} events on screen" if about else ""
        return f"note recorded at {now}{on}{rated}{tied}."
    return fallback


def parse_hours(text: str) -> float:
    """Hours of a duration parameter as typed (``2h``, ``1d6h``); 0 for anything unreadable."""
    from sim.timeexpr import TimeExprError, parse_duration

    try:
        return parse_duration(text)
    except TimeExprError:
        return 0.0
