"""Blue actions: what a cell may order, what it costs and what it does.

An :class:`Action` is a registered response (``sim.catalogue`` holds the built-in
ones). A player's command, once parsed and checked against the cell's permissions,
the target and the capacity of the cell's bodies, becomes an :class:`Order`; the
exercise runs the action's effect after its lead time as a simpy process.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.costs import Cost
from sim.registry import ACTIONS, register
from sim.vocabulary import DIMEFIL  # noqa: F401  (re-exported: reports group orders by lever)

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise

PARAM_KINDS = ("int", "float", "str", "hours")


@dataclass(frozen=True)
class Param:
    """A ``key=value`` parameter of an action.

    Attributes:
        name: the key.
        kind: ``int``, ``float``, ``str`` or ``hours`` (a duration such as ``12h`` or ``2d``).
        default: value when omitted.
        low / high: inclusive numeric bounds.
        choices: allowed values for ``str`` parameters (empty = free text / ids).
        help: one line for ``help ACTION``.
        unit: what the number counts (``share``, ``days``, ...), for the catalogue; "" if none.
    """

    name: str
    kind: str = "float"
    default: Any = None
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    help: str = ""
    unit: str = ""


@dataclass(frozen=True)
class Order:
    """An accepted command, waiting for or past its lead time.

    Attributes:
        id: ``o<n>``, unique in the exercise.
        t: clock time it was accepted.
        cell: the ordering cell.
        body: the government body carrying it out.
        action: action name.
        target: target id ("" if none).
        params: parameters after defaults and conversion.
        by: ``player`` or ``doctrine``.
    """

    id: str
    t: float
    cell: str
    body: str
    action: str
    target: str
    params: Mapping[str, Any]
    by: str = "player"


@dataclass(frozen=True)
class Action:
    """A registered blue response or exercise-control action.

    Attributes:
        name: command word.
        summary: one line for ``help``.
        effect: ``effect(exercise, order) -> dict`` applied after the lead time; returns
            details for the log (may be empty).
        target: which kind of id TARGET names (a registered :class:`sim.registry.TargetKind`, or
            ``none``).
        target_required: whether TARGET must be given.
        params: the ``key=value`` parameters.
        lead_hours: time between the order and its effect.
        capacity: staff-days the ordering cell's bodies spend.
        lever: DIMEFIL lever.
        counters: DISARM counter ids (``C00115`` ...).
        domains: Hybrid CoE domains it acts in.
        precondition: ``precondition(exercise, cell, target, params) -> str | None``;
            a string is the refusal reason.
        control: an exercise-control action (White cell only).
        public: the order is announced publicly (the news may pick it up).
        heavy_handed: costs fundamental freedoms and trust (shown in help and reports).
        doctrine_confidence: attribution confidence doctrine waits for before ordering it against
            an actor (0: no wait; going public waits for strong evidence).
        description: what it does, in a few sentences (the rest of the effect's docstring).
        costs: what it always costs the Netherlands when it takes effect (:mod:`sim.costs`; an effect
            adds the costs that depend on the situation).
        political_capital: political capital it spends when accepted (:class:`sim.costs.PoliticalCapital`).
    """

    name: str
    summary: str
    effect: Callable[["Exercise", Order], Mapping[str, Any] | None]
    target: str = "none"
    target_required: bool = False
    params: tuple[Param, ...] = ()
    lead_hours: float = 0.0
    capacity: float = 0.0
    lever: str = "information"
    counters: tuple[str, ...] = ()
    domains: tuple[str, ...] = ()
    precondition: Callable[..., str | None] | None = None
    control: bool = False
    public: bool = False
    heavy_handed: bool = False
    doctrine_confidence: float = 0.0
    description: str = ""
    costs: tuple[Cost, ...] = ()
    political_capital: float = 0.0

    def param(self, key: str) -> Param | None:
        """The parameter called ``key``, if any."""
        return next((p for p in self.params if p.name == key), None)

    def tags(self) -> tuple[str, ...]:
        """Vocabulary tags for the log: DISARM counters, domains, the DIMEFIL lever."""
        return (*self.counters, *(f"domain:{d}" for d in self.domains), f"lever:{self.lever}")

    def usage(self) -> str:
        """``name TARGET key=default ...`` for help text."""
        parts = [self.name]
        if self.target != "none":
            parts.append(self.target.upper() if self.target_required else f"[{self.target.upper()}]")
        parts += [f"[{p.name}={p.default}]" for p in self.params]
        return " ".join(parts)


def action(**kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator: register the decorated function as the effect of a new :class:`Action`.

    The summary and description default to the first line and the rest of the docstring. Names,
    target kinds and tags are checked with the whole catalogue (:mod:`sim.conformance`).
    """

    def wrap(effect: Callable[..., Any]) -> Callable[..., Any]:
        name = kwargs.pop("name", effect.__name__)
        lines = (effect.__doc__ or "").strip().splitlines()
        summary = kwargs.pop("summary", lines[0].strip() if lines else "")
        description = kwargs.pop("description", " ".join(line.strip() for line in lines[1:] if line.strip()))
        register(ACTIONS, Action(name=name, summary=summary, effect=effect, description=description, **kwargs))
        return effect

    return wrap


SURGE_DAYS = 2.0
"""A body can surge: start an order it has no capacity for, borrowing up to this many days' worth."""

FATIGUE_PER_SURGED_DAY = 0.5
"""Fatigue (staff-days) that each staff-day borrowed by surging leaves behind."""

FATIGUE_RECOVERY_PER_DAY = 0.1
"""Share of its fatigue a body sheds per day."""

QUEUE_DAYS = 10.0
"""A body takes on at most this many days' worth of waiting orders; beyond that it refuses."""


@dataclass
class Capacity:
    """Staff-days of a government body: refilled daily, banked up to a few days' worth.

    A body that has not got the staff-days an order needs queues it (:attr:`waiting`): the order
    starts when the capacity is there. A cell can instead *surge* (``surge=yes``): the order starts
    now on borrowed staff-days, down to :data:`SURGE_DAYS` days' worth below zero, and the overtime
    leaves fatigue that slows the refill (``rate = per_day / (1 + fatigue / per_day)``) until the
    staff have rested: the price of surging is paid later, when the crisis may peak.

    Attributes:
        per_day: staff-days added each simulated day (before fatigue).
        bank_days: how many days' worth can be banked.
        available: staff-days available now (negative after a surge: borrowed).
        used: staff-days spent so far (for the response-cost report).
        fatigue: staff-days of fatigue left by surging.
        waiting: staff-days of the orders queued for this body.
    """

    per_day: float
    bank_days: float = 5.0
    available: float = field(default=0.0)
    used: float = 0.0
    fatigue: float = 0.0
    waiting: float = 0.0

    def __post_init__(self) -> None:
        self.available = self.per_day * self.bank_days

    @property
    def rate(self) -> float:
        """Staff-days refilled per day now (lower while fatigued)."""
        return self.per_day / (1.0 + self.fatigue / self.per_day)

    def refill(self, hours: float) -> None:
        """Add ``hours`` worth of capacity, up to the bank, and let fatigue wear off."""
        self.available = min(self.per_day * self.bank_days, self.available + self.rate * hours / 24.0)
        self.fatigue *= math.exp(-FATIGUE_RECOVERY_PER_DAY * hours / 24.0)

    def can_start(self, amount: float) -> bool:
        """Whether an order of ``amount`` can start now without surging (nothing queued ahead of it)."""
        return self.waiting <= 1e-9 and self.available >= amount - 1e-9

    def can_surge(self, amount: float) -> bool:
        """Whether an order of ``amount`` can start now by surging."""
        return self.available - amount >= -self.per_day * SURGE_DAYS - 1e-9

    def can_queue(self, amount: float) -> bool:
        """Whether the body takes on ``amount`` more waiting work."""
        return self.waiting + amount <= self.per_day * QUEUE_DAYS + 1e-9

    def hours_until(self, amount: float, ahead: float | None = None) -> float:
        """Estimated hours until an order of ``amount`` could start (at today's rate), behind ``ahead``
        staff-days of waiting orders (default: everything waiting now, as for an order queued now)."""
        need = (self.waiting if ahead is None else ahead) + amount - self.available
        return 0.0 if need <= 0 else 24.0 * need / self.rate

    def spend(self, amount: float) -> None:
        """Use ``amount`` staff-days; what is borrowed beyond what is available leaves fatigue."""
        borrowed = max(0.0, amount - max(0.0, self.available))
        self.fatigue += FATIGUE_PER_SURGED_DAY * borrowed
        self.available -= amount
        self.used += amount
