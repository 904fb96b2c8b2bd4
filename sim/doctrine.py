"""Doctrine: how a cell acts when no player holds it.

Every cell runs a daily decision meeting (09:00 each day). A cell on doctrine
looks at the operations it knows of and, for each one it has known for at least
:data:`COORDINATION_HOURS`, orders the first response the technique lists in
``responses`` that the cell may order and afford and has not ordered against
that operation yet. Public attribution waits for :data:`DOCTRINE_ATTRIBUTION`
confidence. Doctrine is deliberately reactive and slow — no prebunking, no
early signal sharing — so an exercise with one player still has a working
government, and a good player can do better than it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.actions import ACTIONS
from sim.registry import TECHNIQUES

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Cell, Exercise
    from sim.techniques import Operation

MEETING_HOUR = 9.0
COORDINATION_HOURS = 24.0
DOCTRINE_ATTRIBUTION = 0.95


def start_doctrine(exercise: "Exercise") -> None:
    """Start the daily doctrine process of every cell that no player holds."""
    for cell in exercise.cells.values():
        if cell.doctrine and not cell.held and cell.actions:
            exercise.env.process(_meetings(exercise, cell))


def _target_for(exercise: "Exercise", op: "Operation", action: str) -> str | None:
    """What doctrine aims ``action`` at in answer to ``op`` (None: nothing sensible to aim at)."""
    kind = ACTIONS[action].target
    if kind == "none":
        return ""
    if kind == "actor":
        # Only going public waits for strong evidence; investigating is how evidence is built.
        if action == "public_attribution" and exercise.attribution.confidence(op.actor) < DOCTRINE_ATTRIBUTION:
            return None
        return op.actor
    if kind == "staff":
        return op.staff or None
    if kind == "narrative":
        return op.target if op.target in exercise.targets("narrative") else None
    if kind == "platform":
        platform = str(op.params.get("platform", ""))
        return platform if platform in exercise.targets("platform") else None
    if kind == "segment":
        group = exercise.actors.get(op.target)
        if group is not None and group.spec.kind == "diaspora_group":
            return group.spec.segment  # operations through a group touch its members' segment
        if op.target in exercise.targets("segment"):
            return op.target
        return None if ACTIONS[action].target_required else ""
    return None


def _meetings(exercise: "Exercise", cell: "Cell"):
    env = exercise.env
    handled: set[tuple[str, str]] = set()
    yield env.timeout(MEETING_HOUR)
    while True:
        for op in exercise.known_operations(cell.id):
            known_since = exercise._knowledge[cell.id][op.id]
            if exercise.now - known_since < COORDINATION_HOURS:
                continue
            for name in TECHNIQUES[op.technique].responses:
                if name not in cell.actions or (op.id, name) in handled:
                    continue
                target = _target_for(exercise, op, name)
                if target is None:
                    continue
                text = f"{name} {target}".strip()
                if exercise.can_order(cell.id, text) is not None:
                    continue  # doctrine does not file orders it knows will bounce (capacity, one at a time)
                result = exercise.submit(cell.id, text, by="doctrine")
                if result.accepted:
                    handled.add((op.id, name))
                    break  # one response per operation per meeting
        yield env.timeout(24.0)
