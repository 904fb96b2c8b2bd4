"""Partners: the EU, NATO and like-minded states.

Partners do not act on their own in the exercise; they multiply what the
government does with them. Attributing jointly with a partner adds its
``weight`` to the cost the accused state meets (collective attribution deters more:
Edwards et al. 2017), and exchanging information with partners raises the
information position of the bodies that do it by the partner's ``info_sharing``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.registry import register_agent_kind, register_target_kind
from sim.scenario.schemabase import Unit


class PartnerSpec(ActorSpecBase):
    """A partner organisation or state.

    Attributes:
        weight: added deterrence when it joins a public attribution.
        info_sharing: added information position when information is exchanged with it.
    """

    kind: Literal["partner"]
    weight: float = Field(default=0.5, ge=0, le=5)
    info_sharing: Unit = 0.05


register_target_kind("partner", "a partner (EU, NATO, a like-minded state)")


@register_agent_kind("partner", PartnerSpec, order=5, provides=("partner",), map_column=3, colour=(60, 100, 90))
class Partner(WeerbaarAgent):
    """A partner (passive: it strengthens joint responses)."""

    spec: PartnerSpec

    def targetable(self) -> bool:
        return True

    def snapshot(self) -> dict:
        return {**super().snapshot(), "weight": self.spec.weight}
