"""Target kinds the engine itself provides: narratives, population segments, injects and cells.

Target kinds made of actors (``actor``, ``staff``, ``outlet``, ``platform``, ``group``, ``body``,
``partner``) are registered by the agent modules that provide them (:mod:`agents`).
"""

from __future__ import annotations

from sim.registry import ACTIONS, register_target_kind


def _aim_narrative(ex, op, action: str, cell: str) -> str | None:
    """A narrative operation is answered on its narrative."""
    return op.target if op.target in ex.targets("narrative") else None


def _aim_segment(ex, op, action: str, cell: str) -> str | None:
    """An operation through a diaspora group is answered in its members' segment, one on a segment there."""
    group = ex.actors.get(op.target)
    segment = getattr(getattr(group, "spec", None), "segment", None)
    if segment:
        return segment
    if op.target in ex.targets("segment"):
        return op.target
    return None if ACTIONS[action].target_required else ""


register_target_kind(
    "narrative", "a narrative of the scenario (narratives:)",
    ids=lambda ex: [n.id for n in ex.scenario.narratives],
    aim=_aim_narrative,
    declared=lambda sc: [n.id for n in sc.narratives])
register_target_kind(
    "segment", "a population segment (population.segments:)",
    ids=lambda ex: list(ex.population.segment_ids) if ex.population else [],
    aim=_aim_segment,
    declared=lambda sc: [s.id for s in sc.population.segments] if sc.population else [])
register_target_kind(
    "inject", "an MSEL inject that has not fired yet, by number",
    ids=lambda ex: [str(n) for n in ex.injects.pending()],
    declared=lambda sc: [str(i.no) for i in sc.msel])
register_target_kind(
    "cell", "a cell of the scenario (cells:)",
    ids=lambda ex: list(ex.cells),
    declared=lambda sc: list(sc.cells))
