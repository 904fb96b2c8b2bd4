"""Red techniques and the operations that run them.

A :class:`Technique` is a registered tool of a state actor (disinformation
campaign, hack-and-leak, ...) with its cost, duration, detection signature and
effects. An :class:`Operation` is one use of it, run by an actor (and possibly
by named staff in the country) against a target; the exercise runs it as a
simpy process: ``start`` once, ``tick`` every tick while active, ``stop`` at the end
or when it is disrupted (staff expelled, takedown, ...).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sim.registry import TECHNIQUES, register

_noop: Callable[..., None] = lambda exercise, operation, *args: None  # noqa: E731


@dataclass(frozen=True)
class Technique:
    """A registered red technique.

    Attributes:
        name: technique id used in scenarios (``techniques:`` and MSEL ``fires``).
        summary: one line.
        cost: budget units spent at launch.
        duration_hours: how long an operation runs.
        signature: detection hazard per day for a body with information position 1
            and no extra effort (see ``sim.detection``).
        expected_effect: the actor's prior of the damage it does (indicator points), used
            when it weighs effect against cost and risk.
        target: which kind of id the operation's target is (``narrative``, ``segment``, ``body``, "").
        disarm: DISARM technique ids.
        domains: Hybrid CoE domains hit.
        hits: indicators it damages (the actor's objectives are matched against them).
        needs_staff: run by the actor's staff in the country (expelling them stops it).
        intrusion: a network intrusion (cyber hardening closes it once it is known).
        responses: blue actions doctrine reaches for once the operation is known, in order
            of preference (see :mod:`sim.doctrine`).
        line: the line of effort it serves in a campaign (:data:`sim.vocabulary.LINES`).
        phase: the campaign phase it belongs to: ``prepare``, ``execute`` or ``exploit``.
        requires: what the state must hold before a planned or ordered operation can start, as
            capability keys where ``{target}`` stands for the operation's target (``access:{target}``);
            ``voice`` is met by a sponsored outlet on air or by a built audience (see :mod:`sim.campaign`).
        provides: capability keys the operation gives the state, ``provides_on`` ``launch`` or ``completed``.
        start / tick / stop: effect callables ``f(exercise, operation[, hours])``.
    """

    name: str
    summary: str
    cost: float
    duration_hours: float
    signature: float
    expected_effect: float
    target: str = ""
    disarm: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    hits: tuple[str, ...] = ()
    needs_staff: bool = False
    intrusion: bool = False
    responses: tuple[str, ...] = ()
    line: str = "information"
    phase: str = "execute"
    requires: tuple[str, ...] = ()
    provides: tuple[str, ...] = ()
    provides_on: str = "launch"
    start: Callable[..., Any] = _noop
    tick: Callable[..., Any] = _noop
    stop: Callable[..., Any] = _noop

    def tags(self) -> tuple[str, ...]:
        """Vocabulary tags for the log."""
        return (*self.disarm, *(f"domain:{d}" for d in self.domains))

    def flags(self) -> tuple[str, ...]:
        """What standing effects can key on besides the name (``intrusion``, ``needs_staff``)."""
        return (self.name, *(("intrusion",) if self.intrusion else ()), *(("needs_staff",) if self.needs_staff else ()))


def technique(**kwargs: Any) -> Technique:
    """Create and register a technique."""
    return register(TECHNIQUES, Technique(**kwargs))


@dataclass
class Operation:
    """One running use of a technique.

    Attributes:
        id: ``op<n>``, unique in the exercise.
        actor: the state actor running it.
        technique: the technique name.
        target: what it is aimed at ("" if nothing specific).
        started: clock time of launch.
        ends: clock time it will stop on its own.
        staff: staff id running it in the country ("" if run from abroad).
        params: technique-specific parameters.
        active: still running.
        detected_by: bodies that have detected it, with the time of detection.
        exposure: hours its signal has been out (the detection integral uses it).
        outcome: why it stopped (``completed``, ``disrupted: ...``).
    """

    id: str
    actor: str
    technique: str
    target: str
    started: float
    ends: float
    staff: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    active: bool = True
    detected_by: dict[str, float] = field(default_factory=dict)
    outcome: str = ""
