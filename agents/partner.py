"""Partners: the EU, NATO and like-minded states.

Partners do not act on their own in the exercise; they multiply what the government does with
them. Attributing jointly with a partner adds its ``weight`` to the cost the accused state meets
(collective attribution deters more: Edwards et al. 2017), and exchanging information with partners
raises the information position of the bodies that do it by the partner's ``info_sharing`` and gives
the partners the cell's evidence.

A partner **decides** whether to join a public attribution (:meth:`Partner.decide`): on the evidence
it holds — what was shared with it, and what the attributing cell presents when it asks — against
its own bar, raised by its ties with the accused state::

    needed = bar + (1 - bar) * ties[accused]

A union (the EU) decides by unanimity: it joins only if every member would (``members``, each with
its own ties); one member with close ties to the accused is enough to block it.

A **centre of expertise** (``role: centre_of_expertise``, such as the European Centre of Excellence for
Countering Hybrid Threats in Helsinki, which the letter says the Netherlands joined to develop "exercises,
training and instruments to raise awareness" with 13 countries, the EU and NATO) advises and shares
expertise: it adds to the information position like any partner, but it never joins a public attribution
or sanctions, and naming it in ``partners=`` is refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.registry import register_agent_kind, register_target_kind
from sim.scenario.schemabase import Identifier, Strict, Unit


class MemberSpec(Strict):
    """A member of a partner union, with its own ties. Attributes: id, name, ties (state actor -> 0-1)."""

    id: Identifier
    name: str = ""
    ties: dict[Identifier, Unit] = Field(default_factory=dict)


class PartnerSpec(ActorSpecBase):
    """A partner organisation or state.

    Attributes:
        weight: added deterrence when it joins a public attribution.
        info_sharing: added information position when information is exchanged with it.
        bar: confidence it needs to join a public attribution (before its ties).
        ties: its ties with state actors (0-1): the closer, the more evidence it needs.
        members: for a union that decides by unanimity, its members and their ties.
        role: ``partner`` (a state, the EU, NATO) or ``centre_of_expertise`` (advises; never attributes).
    """

    kind: Literal["partner"]
    role: Literal["partner", "centre_of_expertise"] = "partner"
    weight: float = Field(default=0.5, ge=0, le=5)
    info_sharing: Unit = 0.05
    bar: Unit = 0.85
    ties: dict[Identifier, Unit] = Field(default_factory=dict)
    members: list[MemberSpec] = Field(default_factory=list)


register_target_kind("partner", "a partner (EU, NATO, a like-minded state)")


@register_agent_kind("partner", PartnerSpec, order=5, provides=("partner",), map_column=3, colour=(60, 100, 90))
class Partner(WeerbaarAgent):
    """A partner (passive: it strengthens joint responses it agrees to join)."""

    spec: PartnerSpec

    def targetable(self) -> bool:
        return True

    @property
    def attributes(self) -> bool:
        """Whether it can join a public attribution or sanctions (a centre of expertise cannot)."""
        return self.spec.role != "centre_of_expertise"

    def needed(self, accused: str, ties: dict[str, float] | None = None) -> float:
        """Confidence it needs to join an attribution to ``accused``."""
        tie = (self.spec.ties if ties is None else ties).get(accused, 0.0)
        return self.spec.bar + (1.0 - self.spec.bar) * tie

    def decide(self, accused: str, confidence: float) -> tuple[bool, str]:
        """Whether it joins a public attribution to ``accused`` at ``confidence``, and why."""
        if not self.attributes:
            return False, f"{self.actor_id} is a centre of expertise: it may advise, not attribute"
        if confidence < self.needed(accused):
            return False, f"evidence too weak for {self.actor_id} ({confidence:.0%}, needs {self.needed(accused):.0%})"
        for member in self.spec.members:
            need = self.needed(accused, member.ties)
            if confidence < need:
                who = member.name or member.id
                return False, f"{who} blocks it ({confidence:.0%}, needs {need:.0%}): unanimity"
        return True, "joins"

    def snapshot(self) -> dict:
        return {**super().snapshot(), "weight": self.spec.weight, "role": self.spec.role}
