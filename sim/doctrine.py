"""Doctrine: how a cell acts when no player holds it.

Every cell runs a daily decision meeting (09:00 each day). A cell on the built-in ``reactive``
doctrine looks at the operations it knows of and, for each one it has known for at least
:data:`COORDINATION_HOURS`, orders the first response the technique lists in ``responses`` that
the cell may order and afford and has not ordered against that operation yet. What it aims a
response at comes from the response's target kind (:attr:`sim.registry.TargetKind.aim`); a
response may ask for attribution evidence first (:attr:`sim.actions.Action.doctrine_confidence`,
weighed on the cell's own evidence: public attribution waits for strong evidence, and is aimed at the
cell's leading suspect, who may be a false flag's decoy). Doctrine is deliberately reactive and slow — no
prebunking, no early signal sharing — so an exercise with one player still has a working
government, and a good player can do better than it.

Doctrines are registered (:data:`sim.registry.DOCTRINES`) like every other part of the catalogue.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sim.registry import ACTIONS, TARGET_KINDS, TECHNIQUES, register_doctrine

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Cell, Exercise
    from sim.techniques import Operation

MEETING_HOUR = 9.0
COORDINATION_HOURS = 24.0


def aim(exercise: "Exercise", op: "Operation", action: str, cell: str) -> str | None:
    """What ``cell``'s doctrine aims ``action`` at in answer to ``op`` (None: nothing sensible to aim at)."""
    kind = ACTIONS[action].target
    if kind == "none":
        return ""
    target_kind = TARGET_KINDS.get(kind)
    if target_kind is None or target_kind.aim is None:
        return None
    return target_kind.aim(exercise, op, action, cell)


def reactive(exercise: "Exercise", cell: "Cell"):
    """The daily meetings of a cell on the reactive doctrine (a simpy process)."""
    env = exercise.env
    handled: set[tuple[str, str]] = set()
    yield env.timeout(MEETING_HOUR)
    while True:
        for op in exercise.known_operations(cell.id):
            if exercise.now - exercise.known_since(cell.id, op.id) < COORDINATION_HOURS:
                continue
            for name in TECHNIQUES[op.technique].responses:
                if name not in cell.actions or (op.id, name) in handled:
                    continue
                target = aim(exercise, op, name, cell.id)
                if target is None:
                    continue
                text = f"{name} {target}".strip()
                if exercise.can_order(cell.id, text, wait=False) is not None:
                    continue  # doctrine files no order that would bounce or wait (capacity, one at a time)
                result = exercise.submit(cell.id, text, by="doctrine")
                if result.accepted:
                    handled.add((op.id, name))
                    break  # one response per operation per meeting
        yield env.timeout(24.0)


register_doctrine("reactive", "answer known operations with the responses their technique lists, a day "
                              "after learning of them, one per operation per daily meeting", reactive)
