"""White's MSEL as the panel shows it: every inject with its time, countdown, recipients, synopsis,
expected action, objective and state. Nothing here draws (:mod:`ui.console.mselview` does).

States come from the exercise's :class:`~sim.injects.InjectBook` (``pending``, ``postponed``,
``waiting for trigger``, ``contingency``, ``fired``, ``cancelled``); an order White gave while the
clock is paused has not taken effect yet, and the row says so (``fire ordered``), so the panel never
claims what has not happened.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from sim.i18n import M_, N_, Message, _, shown
from ui.console.white import countdown_text

class State(Message):
    """A row's state: equal to its English word (what the panel's logic and colours look up, and the network
    sends), shown in the reader's language; its upper case (``FIRED`` on a card) is the shown word's."""

    def upper(self) -> str:  # the card writes row.state.upper()
        return str(shown(self)).upper()

    def __reduce__(self):
        return (State, (self.template,))


def _state(word: str) -> State:
    return State(word)


ORDERED = {"fire_inject": _state(N_("fire ordered")), "postpone_inject": _state(N_("postpone ordered")),
           "cancel_inject": _state(N_("cancel ordered"))}

OPEN_STATES = ("pending", "postponed", "waiting for trigger", "contingency")

STATES = {word: _state(word) for word in (N_("pending"), N_("postponed"), N_("waiting for trigger"),
                                          N_("contingency"), N_("fired"), N_("cancelled"))}
"""The states as :class:`State` messages (:func:`state_text` shows one)."""


def state_text(state: str) -> str:
    """A row's state as the reader reads it (``FIRED`` on a card is this, upper case)."""
    return shown(state)


@dataclass(frozen=True)
class MselRow:
    """One inject in White's panel.

    Attributes:
        no: its number.
        t: when it fired (fired), was due (pending, postponed) or cancelled; None for a trigger or contingency.
        when: ``t`` in calendar time (``day 5 10:00 (Mon 26 Feb 2018)``), or what it waits for.
        countdown: ``in 1 d 6 h`` for a timed inject still to come, ``fired 2 h ago`` for a fired one, or "".
        to: its recipients.
        synopsis / expected / objective: the MSEL columns.
        state: see the module docstring; an order in flight shows as ``fire ordered`` and so on.
        critical: a critical inject.
        added: White added it during play.
        trigger: its trigger condition, if it waits for one.
        short: ``when`` without the year, for the card's first line.
        material: the supporting material the inject hands its cells, one ``kind: title`` each.
    """

    no: int
    t: float | None
    when: str
    countdown: str
    to: str
    synopsis: str
    expected: str
    objective: str
    state: str
    critical: bool = False
    added: bool = False
    trigger: str = ""
    short: str = ""
    material: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        """Whether it may still fire."""
        return self.state in OPEN_STATES or self.state.endswith("ordered")


def _ago(hours: float) -> str:
    from ui.console.white import duration_text

    return _("just now") if hours < 1 / 60 else _("{duration} ago").format(duration=shown(duration_text(hours)))


def _short(ex, t: float) -> str:
    from sim.timeexpr import describe

    return shown(describe(t, ex.start_datetime, year=False))


def msel_rows(ex) -> list[MselRow]:
    """Every inject of the exercise, in the order the exercise meets them: what fired, then what is to come."""
    in_flight = {int(o.target): ORDERED[o.action] for o in ex.orders
                 if o.action in ORDERED and o.t == ex.now and o.target.isdigit()}
    rows = []
    for no, state in ex.injects.states.items():
        inject = state.inject
        status = STATES.get(state.state, state.state)
        if status in OPEN_STATES and no in in_flight:
            status = in_flight[no]
        if state.status == "fired":
            t, countdown = state.fired_at, _ago(ex.now - float(state.fired_at))
            when = ex.clock(t)
        elif state.status == "cancelled":
            t, countdown, when = state.cancelled_at, "", ex.clock(state.cancelled_at)
        elif state.due is not None and not (inject.contingency and not state.postponed):
            t, when = state.due, ex.clock(state.due)
            countdown = shown(countdown_text(max(0.0, state.due - ex.now)))
        else:
            t, countdown = None, ""
            when = M_("when {condition}", condition=inject.when) if state.trigger is not None else M_("when White fires it")
        rows.append(MselRow(no=no, t=t, when=when, countdown=countdown, to=", ".join(inject.to),
                            synopsis=inject.synopsis, expected=inject.expected_action, objective=inject.objective or "",
                            state=status, critical=inject.critical, added=state.added_at is not None,
                            trigger=inject.when or "", short=_short(ex, t) if t is not None else shown(when),
                            material=material_labels(inject)))

    def order(row: MselRow) -> tuple:
        done = row.state in ("fired", "cancelled")
        return (0 if done else 1, row.t if row.t is not None else math.inf, row.no)

    return sorted(rows, key=order)


def material_labels(inject) -> tuple[str, ...]:
    """``kind: title`` of each piece of supporting material an inject carries (``getattr``: injects White added)."""
    from sim.i18n import localize
    from ui.console.reading import _kind

    return tuple(f"{_kind(m.kind)}: {localize(m.title)}" for m in getattr(inject, "material", None) or ())


def next_row(rows: list[MselRow]) -> int:
    """Index of the first inject still to come (len(rows) if none): the panel keeps it in view."""
    return next((i for i, r in enumerate(rows) if r.open), len(rows))
