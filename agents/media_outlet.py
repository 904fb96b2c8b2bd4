"""Media outlets: the daily news cycle that turns what happened into what people read.

Every day at 18:00 an outlet picks its stories from what happened since the last
cycle: narratives trending in the population, leaks, public government actions
and attributions, inject news. What it does with them depends on its ownership:

* ``state_affiliated`` and ``proxy`` outlets push their sponsor's narratives while
  the sponsor runs a campaign: they publish them and seed spreaders in their
  audience (this is how a disinformation campaign runs *through* an outlet);
* ``public`` and ``independent`` outlets report trending narratives and, when the
  government has issued a debunk or the outlet has a fact-checking partnership,
  carry the correction to their audience, with their credibility as its strength.

What outlets publish is the news players read (public ``news`` events).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.catalogue.blue import last_debunks
from sim.names import suggest
from sim.registry import register_agent_kind, register_target_kind
from sim.scenario.schemabase import Identifier, Unit
from sim.seeding import whole

NEWS_HOUR = 18.0
TRENDING_REACH = 0.05
"""A narrative that has reached 5% of the population is news."""

PUSH_PER_AUDIENCE = 0.002
"""Spreaders seeded per day by a sponsored outlet, per citizen of its audience (0.2%)."""

DEBUNK_DAYS = 3.0
"""How long outlets keep carrying a government debunk."""


class MediaOutletSpec(ActorSpecBase):
    """A media outlet.

    Attributes:
        ownership: public, independent, state_affiliated (a foreign state's), or proxy.
        sponsor: the state actor behind a state-affiliated or proxy outlet.
        credibility: how much its audience believes it (0-1).
        audience: share of each segment that follows it.
        fact_check: has a fact-checking partnership (debunks trending narratives itself).
    """

    kind: Literal["media_outlet"]
    ownership: Literal["public", "independent", "state_affiliated", "proxy"] = "independent"
    sponsor: Identifier | None = None
    credibility: Unit = 0.6
    audience: dict[Identifier, Unit] = Field(default_factory=dict)
    fact_check: bool = False

    def references(self, actors, narratives, segments):
        if self.ownership in ("state_affiliated", "proxy"):
            if self.sponsor is None:
                yield ("sponsor",), f"a {self.ownership} outlet needs a sponsor (a state_actor id)"
            elif self.sponsor not in actors or actors[self.sponsor].kind != "state_actor":
                states = [a for a, spec in actors.items() if spec.kind == "state_actor"]
                yield ("sponsor",), f"no state_actor {self.sponsor!r}{suggest(self.sponsor, states)}"
        for seg in self.audience:
            if segments and seg not in segments:
                yield ("audience", seg), f"no segment {seg!r}{suggest(seg, segments)}"


register_target_kind("outlet", "a media outlet that is on the air")


@register_agent_kind("media_outlet", MediaOutletSpec, order=30, provides=("outlet",), map_column=1, colour=(78, 92, 106))
class MediaOutlet(WeerbaarAgent):
    """A media outlet.

    Attributes:
        censored: taken off the air by a government order.
        covered: narratives it has already reported as trending.
        fact_check: whether it fact-checks (partnership, or government support).
        published: number of stories published.
    """

    spec: MediaOutletSpec

    def __init__(self, model, spec: MediaOutletSpec) -> None:
        super().__init__(model, spec)
        self.censored = False
        self.covered: set[str] = set()
        self.fact_check = spec.fact_check
        self.published = 0
        self._seen = 0

    def targetable(self) -> bool:
        return not self.censored

    @property
    def sponsored(self) -> bool:
        """Whether it is the mouthpiece of a foreign state."""
        return self.spec.ownership in ("state_affiliated", "proxy")

    def audience_share(self) -> float:
        """Share of the population that follows it."""
        pop = self.model.population
        if pop is None or not self.spec.audience:
            return 0.0
        shares = {s.id: s.share for s in self.model.scenario.population.segments}
        return sum(shares.get(seg, 0.0) * a for seg, a in self.spec.audience.items())

    def start(self) -> None:
        self.model.env.process(self._news_cycle())

    def _publish(self, headline: str, **kwargs) -> None:
        self.published += 1
        self.model.publish_news(self.actor_id, headline, reach=round(self.audience_share(), 4), **kwargs)

    def _news_cycle(self):
        ex = self.model
        yield ex.env.timeout(NEWS_HOUR)
        while True:
            if not self.censored:
                self._cover_events()
                if self.sponsored:
                    self._push_sponsor()
                else:
                    self._report_and_correct()
            yield ex.env.timeout(24.0)

    def _cover_events(self) -> None:
        """Public things that happened since the last cycle: leaks, government actions, attributions."""
        ex = self.model
        new = ex.log[self._seen:] if self._seen < len(ex.log) else []
        self._seen = len(ex.log)
        for event in list(new):
            if event.kind == "leak":
                self._publish(f"Leaked documents: {event.payload.get('title', 'internal material')}",
                              about="leak", ref=event.payload.get("operation", ""))
            elif event.kind == "response.executed" and "*" in event.visible_to and event.payload.get("headline"):
                if self.sponsored and event.target == self.spec.sponsor:
                    self._publish(f"{self.spec.sponsor} rejects 'baseless accusations'", about="denial",
                                  ref=event.payload.get("order", ""))
                elif not self.sponsored:
                    self._publish(str(event.payload["headline"]), about="government",
                                  ref=event.payload.get("order", ""))

    def _push_sponsor(self) -> None:
        ex = self.model
        if ex.population is None:
            return
        segments = [s for s, a in self.spec.audience.items() if a > 0]
        for op in ex.active_operations():
            if op.actor != self.spec.sponsor or op.technique != "disinformation_campaign":
                continue
            narrative = next((n for n in ex.scenario.narratives if n.id == op.target), None)
            if narrative is None:
                continue
            audience = self.audience_share() * ex.population.size
            pushed = audience * PUSH_PER_AUDIENCE * self.spec.credibility * op.params.get("intensity", 1.0)
            spreaders = whole(ex, (self.actor_id, op.id), pushed)  # fractions carried: any population size
            seeded = ex.population.seed_narrative(narrative.id, spreaders, segments or None)
            self._publish(narrative.claim or narrative.id, about="narrative", narrative=narrative.id,
                          stance="pushes")
            op.params = {**op.params, "pushed": op.params.get("pushed", 0) + seeded}

    def _report_and_correct(self) -> None:
        ex = self.model
        if ex.population is None:
            return
        counts = ex.population.narrative_counts()
        reach = self.audience_share()
        for narrative in ex.scenario.narratives:
            trending = counts[narrative.id]["reach"] >= TRENDING_REACH
            debunked_at = last_debunks(ex).get(narrative.id)
            official = debunked_at is not None and ex.now - debunked_at <= DEBUNK_DAYS * 24
            if trending and (official or self.fact_check):
                ex.population.fact_check(narrative.id, strength=self.spec.credibility, reach=reach)
                self._publish(f"Fact check: '{narrative.claim or narrative.id}' is false", about="debunk",
                              narrative=narrative.id, stance="debunks")
            elif trending and narrative.id not in self.covered:
                self.covered.add(narrative.id)
                self._publish(f"Claims circulate online: {narrative.claim or narrative.id}", about="narrative",
                              narrative=narrative.id, stance="reports")

    def snapshot(self) -> dict:
        return {**super().snapshot(), "ownership": self.spec.ownership, "censored": self.censored,
                "fact_check": self.fact_check, "published": self.published}
