"""Red preparation: what a campaign builds before it strikes (the *prepare* phase of :mod:`sim.campaign`).

A hack needs a foothold first, and a narrative needs a voice. These techniques do little damage of
their own; what they give the state is a capability its later steps require (``provides``):

* ``network_access`` — a foothold in one network (spear-phishing, a bought credential): ``access:<net>``.
  It is an intrusion, so hardened networks close it the moment it is seen, and a hardened network
  evicts a foothold that was seen (:meth:`sim.campaign.Campaign.refresh`).
* ``audience_building`` — pages, channels and paid influencers that gather a following with harmless
  content first: ``audience``, a voice for disinformation that does not depend on a state outlet.

Costs and signatures are set to the shape of the cases (a foothold takes about a week and is rarely
seen; a following takes ten days and is almost invisible), not to measured data.
"""

from __future__ import annotations

from sim.techniques import Operation, technique


def _foothold_tick(ex, op: Operation, hours: float) -> None:
    ex.indicators.hit("cyber_resilience", 0.1 * ex.effect_factor(op) * hours / 24.0)


technique(
    name="network_access", summary="Gain a foothold in a network (spear-phishing, a bought credential)",
    cost=4, duration_hours=7 * 24, signature=0.08, expected_effect=2, intrusion=True,
    domains=("cyber",), hits=("cyber_resilience",),
    responses=("cyber_hardening", "investigate"),
    tick=_foothold_tick,
    line="cyber", phase="prepare", provides=("access:{target}",), provides_on="completed",
)


technique(
    name="audience_building", summary="Build a following with pages, channels and paid influencers",
    cost=5, duration_hours=10 * 24, signature=0.03, expected_effect=2,
    disarm=("T0090", "T0092"), domains=("information", "social"), hits=("public_trust",),
    responses=("investigate", "platform_notice"),
    line="information", phase="prepare", provides=("audience",), provides_on="completed",
)
