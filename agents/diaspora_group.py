"""Diaspora groups: community organisations with ties to a state of origin.

A group stands for the organised part of a diaspora segment (mosque boards,
cultural associations, consular networks). A state of origin works *through*
its groups: informants, tax collection and mobilisation all run via a group,
and how much they achieve scales with the group's ``influence`` — its ties to the
origin state, reduced by the resilience that dialogue and outreach build and
cut to nothing when the group is banned. The members themselves are citizens of
the group's population segment (fear, ties, willingness to report live there).
"""

from __future__ import annotations

from typing import Literal

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.names import suggest
from sim.registry import register_agent_kind, register_target_kind
from sim.scenario.schemabase import Identifier, Unit


class DiasporaGroupSpec(ActorSpecBase):
    """A diaspora organisation.

    Attributes:
        origin: the state actor it has ties with.
        segment: the population segment its members belong to.
        ties_to_origin: how far the origin state steers it (0-1).
        resilience: initial resistance of its members to being steered (0-1).
    """

    kind: Literal["diaspora_group"]
    origin: Identifier
    segment: Identifier
    ties_to_origin: Unit = 0.5
    resilience: Unit = 0.2

    def references(self, actors, narratives, segments):
        if self.origin not in actors or actors[self.origin].kind != "state_actor":
            states = [a for a, spec in actors.items() if spec.kind == "state_actor"]
            yield ("origin",), f"no state_actor {self.origin!r}{suggest(self.origin, states)}"
        if segments and self.segment not in segments:
            yield ("segment",), f"no segment {self.segment!r}{suggest(self.segment, segments)}"


register_target_kind("group", "a diaspora group that is not banned")


@register_agent_kind("diaspora_group", DiasporaGroupSpec, order=35, provides=("group",), map_column=1, colour=(104, 96, 60))
class DiasporaGroup(WeerbaarAgent):
    """A diaspora group.

    Attributes:
        resilience: resistance to the origin's steering; dialogue and outreach raise it.
        banned: banned by the government (its operations stop; a heavy-handed measure).
    """

    spec: DiasporaGroupSpec

    def __init__(self, model, spec: DiasporaGroupSpec) -> None:
        super().__init__(model, spec)
        self.resilience = spec.resilience
        self.banned = False

    def targetable(self) -> bool:
        return not self.banned

    @property
    def influence(self) -> float:
        """How much of an operation run through this group takes effect (0-1)."""
        return 0.0 if self.banned else self.spec.ties_to_origin * (1.0 - self.resilience)

    def strengthen(self, amount: float) -> None:
        """Dialogue, outreach: members resist steering a little more (diminishing returns)."""
        self.resilience += min(1.0, max(0.0, amount)) * (1.0 - self.resilience)

    def snapshot(self) -> dict:
        return {**super().snapshot(), "origin": self.spec.origin, "segment": self.spec.segment,
                "influence": round(self.influence, 3), "banned": self.banned}
