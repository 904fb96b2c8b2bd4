"""The MSEL at run time: timed, triggered and contingency injects, and White's controls.

Timed injects wait for their time; triggered injects are checked every tick
(their condition is parsed at validation); contingency injects wait for White's
``fire_inject``. White can fire any pending inject now, postpone it, or cancel it.
When an inject fires it is logged (visible to its receiving cells; controller
notes only to White) and what it ``fires`` is set off — in the world as it is then: an operation the
row gives to staff who have left the country runs through a successor, from abroad, or not at all
(:mod:`sim.inject_staffing`), and White is told (``inject.adjusted``). What the cells are told does
not change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.eventkinds import event_kind
from sim.events import WHITE
from sim.i18n import M_
from sim.inject_staffing import ABROAD, DROPPED, SUCCESSOR, is_successor, staffing
from sim.scenario.schema import Inject
from sim.timeexpr import to_hours
from sim.triggers import Trigger, parse_trigger

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise


@dataclass
class InjectState:
    """Run-time state of one inject.

    Attributes:
        inject: the MSEL row.
        due: scheduled time in hours (None for triggered and contingency injects).
        trigger: parsed condition, if any.
        status: ``pending``, ``fired`` or ``cancelled``.
        fired_at: when it fired.
        version: bumped on postpone so a stale timer does nothing.
        fired_by: who fired it (``msel`` on time, ``trigger``, ``white``), once fired.
        cancelled_at: when White cancelled it.
        postponed: hours White has postponed it by, in all.
        added_at: when White added it during play (None: a row of the scenario's MSEL).
    """

    inject: Inject
    due: float | None
    trigger: Trigger | None
    status: str = "pending"
    fired_at: float | None = None
    version: int = 0
    fired_by: str = ""
    cancelled_at: float | None = None
    postponed: float = 0.0
    added_at: float | None = None

    @property
    def state(self) -> str:
        """What White's MSEL panel says of it: ``fired``, ``cancelled``, ``postponed``, ``waiting for trigger``,
        ``contingency`` (fires only when White calls it) or ``pending`` (timed)."""
        if self.status != "pending":
            return self.status
        if self.postponed:
            return "postponed"
        if self.trigger is not None and not self.inject.contingency:
            return "waiting for trigger"
        if self.due is None or self.inject.contingency:
            return "contingency"
        return "pending"


event_kind("inject.fired", "an MSEL inject reached its cells (what they are told)",
           fields=("no", "synopsis", "expected_action", "objective", "by", "critical"), audience="cells",
           wording="{critical_mark}INJECT {no} from {source} to {target}: {synopsis}", important=True,
           topics=("injects",),
           derive=lambda r: {"critical_mark": M_("CRITICAL ") if (r.get("payload") or {}).get("critical") else ""})


def _adjusted_consequence(record) -> dict[str, str]:
    p = record.get("payload") or {}
    outcome, via, staff = p.get("outcome"), p.get("via", ""), p.get("staff", "")
    if outcome == SUCCESSOR:
        who = "their successor" if is_successor(via, staff) else "a colleague in the same role"
        return {"consequence": f"runs through {via}, {who}"}
    if outcome == ABROAD:
        return {"consequence": "runs from abroad, at half intensity"}
    if outcome == DROPPED:
        return {"consequence": "does not start: it needs staff in the country"}
    return {"consequence": str(outcome or "")}


event_kind("inject.adjusted", "an inject's operation names staff no longer in the country: it runs through a "
                              "successor (or a colleague in the same role), from abroad at half intensity, or not "
                              "at all; the inject itself still reaches its cells",
           fields=("no", "actor", "staff", "outcome", "via", "technique"), audience="white",
           wording="inject {no}: {staff} has left the country; {technique} {consequence}", topics=("injects",),
           derive=_adjusted_consequence)
event_kind("inject.notes", "the controller's notes of an inject (White only)", fields=("no", "notes"),
           audience="white", wording="controller note, inject {no}: {notes}", topics=("injects",))


class InjectBook:
    """All injects of the exercise and their states, by number."""

    def __init__(self, exercise: "Exercise") -> None:
        self.exercise = exercise
        scenario = exercise.scenario
        narratives = [n.id for n in scenario.narratives]
        self.states: dict[int, InjectState] = {}
        for inject in sorted(scenario.msel, key=lambda i: i.no):
            due = to_hours(inject.at, exercise.start_datetime) if inject.at else None
            trigger = parse_trigger(inject.when, narratives) if inject.when else None
            self.states[inject.no] = InjectState(inject, due, trigger)

    def start(self) -> None:
        """Start a timer process for each timed inject."""
        for state in self.states.values():
            if state.due is not None and not state.inject.contingency:
                self.exercise.env.process(self._timer(state, state.due, state.version))

    def _timer(self, state: InjectState, due: float, version: int):
        env = self.exercise.env
        yield env.timeout(max(0.0, due - env.now))
        if state.status == "pending" and state.version == version:
            self.fire(state.inject.no, by="msel")

    def check_triggers(self) -> None:
        """Fire every pending triggered inject whose condition holds (called each tick)."""
        for state in self.states.values():
            if state.status == "pending" and state.trigger is not None and not state.inject.contingency:
                if state.trigger.holds(self.exercise):
                    self.fire(state.inject.no, by="trigger")

    def has_fired(self, number: int) -> bool:
        """Whether inject ``number`` has fired."""
        state = self.states.get(number)
        return state is not None and state.status == "fired"

    def pending(self) -> list[int]:
        """Numbers of injects that may still fire."""
        return [n for n, s in self.states.items() if s.status == "pending"]

    def fire(self, number: int, by: str) -> None:
        """Fire inject ``number`` now: log it and set off what it fires."""
        ex = self.exercise
        state = self.states[number]
        inject = state.inject
        state.status, state.fired_at, state.fired_by = "fired", ex.now, by
        # "all" is every Dutch cell: a red cell gets only the injects addressed to it by name.
        receivers = ex.government_cells() if "all" in inject.to else list(inject.to)
        tags = (*inject.tags.disarm, *(f"domain:{d}" for d in inject.tags.domains))
        ex.log_event(
            "inject.fired", source=inject.from_, target=",".join(inject.to),
            payload={"no": number, "synopsis": inject.synopsis, "expected_action": inject.expected_action,
                     "objective": inject.objective or "", "by": by, "critical": inject.critical},
            visible_to=receivers, tags=tags,
        )
        if inject.controller_notes:
            ex.log_event("inject.notes", source="EXCON", target=str(number),
                         payload={"no": number, "notes": inject.controller_notes}, visible_to=[WHITE])
        fires = inject.fires
        if fires is None:
            return
        if fires.news:
            ex.publish_news(source=inject.from_, headline=fires.news, about="inject", ref=str(number))
        if fires.technique:
            actor = fires.actor or ""
            plan = staffing(ex, actor, fires.technique, fires.staff or "", fires.params)
            if plan.adjusted:
                ex.log_event("inject.adjusted", source="EXCON", target=str(number),
                             payload={"no": number, "actor": actor, "staff": plan.staff, "outcome": plan.outcome,
                                      "via": plan.via, "technique": fires.technique},
                             visible_to=[WHITE])
            if not plan.launches:
                return  # nothing runs, so there is nothing for the inject to reveal
            op = ex.launch_operation(actor, fires.technique, fires.target or "", staff=plan.via,
                                     params=dict(plan.params), cause=f"inject {number}")
            if fires.reveals:
                ex.reveal(op, receivers, source=inject.from_)

    def postpone(self, number: int, hours: float) -> float:
        """Move a pending inject to ``hours`` after its due time (or after now); returns the new time.

        A triggered or contingency inject postponed this way becomes a timed one.
        """
        state = self.states[number]
        state.version += 1
        state.trigger = None
        state.postponed += hours
        state.due = max(state.due or self.exercise.now, self.exercise.now) + hours
        self.exercise.env.process(self._timer(state, state.due, state.version))
        return state.due

    def cancel(self, number: int) -> None:
        """Cancel a pending inject."""
        state = self.states[number]
        state.status, state.cancelled_at = "cancelled", self.exercise.now

    def next_number(self) -> int:
        """The number an inject added now gets: one past the highest in the book."""
        return max(self.states, default=0) + 1

    def add(self, inject: Inject, due: float) -> InjectState:
        """Add an inject during play (White's ``inject``): it fires at ``due`` (now or later) like a timed row."""
        if inject.no in self.states:
            raise ValueError(f"inject {inject.no} exists already")
        state = InjectState(inject, due, None, added_at=self.exercise.now)
        self.states[inject.no] = state
        self.exercise.env.process(self._timer(state, due, state.version))
        return state
