"""Who runs an inject's operation in the world as it is when the inject fires.

The MSEL is written before play: a row may have a staff member run an operation (``fires: staff:``)
who has since been declared persona non grata. When that staff member is no longer in the country
(:meth:`agents.state_actor.StateActor.staff_in_country`), the operation

1. runs through a **successor** of theirs who is in the country (the chain of successors named by
   :func:`sim.staff.successor_id`), or, failing that, through another staff member of the same state
   in the country with the same role;
2. runs **from abroad** when its technique does not need staff in the country
   (:attr:`sim.techniques.Technique.needs_staff` False): with no staff, at
   :data:`ABROAD_INTENSITY` times its intensity, since a state acting from abroad reaches less;
3. is **dropped** otherwise: it does not start.

The decision reads the state actor's staff and the technique only; it draws nothing at random.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sim.registry import TECHNIQUES
from sim.staff import predecessor_id, successor_id

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise

ABROAD_INTENSITY = 0.5
"""Factor on an operation's intensity when it runs from abroad because its staff has left."""

AS_WRITTEN, SUCCESSOR, ABROAD, DROPPED = "as_written", "successor", "abroad", "dropped"


@dataclass(frozen=True)
class Staffing:
    """How an inject's operation runs.

    Attributes:
        outcome: ``as_written`` (nothing changed), ``successor``, ``abroad`` or ``dropped``.
        staff: the staff member the MSEL names ("" if none).
        via: who runs it now ("" from abroad, when dropped, or when the row names nobody).
        params: the operation's parameters (intensity halved from abroad).
    """

    outcome: str
    staff: str
    via: str
    params: Mapping[str, Any] = field(default_factory=dict)

    @property
    def launches(self) -> bool:
        """Whether the operation starts at all."""
        return self.outcome != DROPPED

    @property
    def adjusted(self) -> bool:
        """Whether the operation differs from what the MSEL row says."""
        return self.outcome != AS_WRITTEN


def staffing(ex: "Exercise", actor: str, technique: str, staff: str,
             params: Mapping[str, Any] | None = None) -> Staffing:
    """How ``actor``'s ``technique`` operation, which the MSEL gives to ``staff``, runs now (module docstring)."""
    params = dict(params or {})
    agent = ex.actors.get(actor)
    if not staff or agent is None or not hasattr(agent, "staff_in_country"):
        return Staffing(AS_WRITTEN, staff, staff, params)
    present = agent.staff_in_country()
    if staff in present:
        return Staffing(AS_WRITTEN, staff, staff, params)
    roster = [s.id for s in (*agent.spec.staff, *getattr(agent, "extra_staff", ()))]
    via = successor_in_country(staff, roster, present) or _same_role(agent, staff, present)
    if via:
        return Staffing(SUCCESSOR, staff, via, params)
    if not TECHNIQUES[technique].needs_staff:
        params["intensity"] = float(params.get("intensity", 1.0)) * ABROAD_INTENSITY
        return Staffing(ABROAD, staff, "", params)
    return Staffing(DROPPED, staff, "", params)


def successor_in_country(staff: str, roster: list[str], present: list[str]) -> str:
    """The first successor down ``staff``'s chain (``X-2``, ``X-2x``, ...) who is in ``present``, or "".

    The chain is walked while its names are in ``roster`` (every staff member the state has had in
    the country): a successor who never arrived ends it.
    """
    current = successor_id(staff)
    while current in roster:
        if current in present:
            return current
        current = successor_id(current)
    return ""


def is_successor(name: str, of: str) -> bool:
    """Whether ``name`` is down ``of``'s chain of successors (walked back by :func:`sim.staff.predecessor_id`)."""
    current: str | None = name
    while current is not None:
        current = predecessor_id(current)
        if current == of:
            return True
    return False


def _role(agent: Any, staff: str) -> str | None:
    """A staff member's role: the role in the scenario of the first of their line (a successor holds
    their predecessor's post), else the role they arrived with; None if the state never had them."""
    declared = {s.id: s.role for s in agent.spec.staff}
    current: str | None = staff
    while current is not None:
        if current in declared:
            return declared[current]
        current = predecessor_id(current)
    return next((s.role for s in getattr(agent, "extra_staff", ()) if s.id == staff), None)


def _same_role(agent: Any, staff: str, present: list[str]) -> str:
    """The first staff member in the country with ``staff``'s role (in roster order), or ""."""
    role = _role(agent, staff)
    if role is None:
        return ""
    return next((s for s in present if s != staff and _role(agent, s) == role), "")
