"""What every Weerbaar agent and actor spec shares.

Agents are mesa agents held by the :class:`~sim.exercise.Exercise`; their
behaviour runs as simpy processes started by :meth:`WeerbaarAgent.start`. Actor
specs are the pydantic models of the ``actors:`` entries; each kind subclasses
:class:`ActorSpecBase` and registers itself with :func:`sim.registry.register_agent_kind`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import mesa

from sim.scenario.schemabase import Identifier, Strict

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise


class ActorSpecBase(Strict):
    """Common fields of an actor entry.

    Attributes:
        id: the actor's id (targets in commands name it).
        name: display name.
    """

    id: Identifier
    name: str = ""

    def references(
        self, actors: Mapping[str, Any], narratives: Collection[str], segments: Collection[str]
    ) -> Iterator[tuple[tuple[str | int, ...], str]]:
        """Yield ``(path, message)`` for each reference to something the scenario lacks."""
        return iter(())


class WeerbaarAgent(mesa.Agent):
    """Base of every actor: a mesa agent with a scenario id and simpy behaviour.

    Attributes:
        actor_id: the scenario id.
        spec: the validated actor entry.
    """

    model: "Exercise"

    def __init__(self, model: "Exercise", spec: ActorSpecBase) -> None:
        super().__init__(model)
        self.actor_id = spec.id
        self.spec = spec

    @property
    def display_name(self) -> str:
        """Name shown to players."""
        return self.spec.name or self.actor_id

    def start(self) -> None:
        """Start this agent's simpy processes (called once, in build order, after all agents exist)."""

    def snapshot(self) -> dict[str, Any]:
        """Plain-data state for White's view and the console's actor map."""
        return {"id": self.actor_id, "kind": self.spec.kind}  # type: ignore[attr-defined]
