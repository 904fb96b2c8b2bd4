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

What outlets publish is the news players read (public ``news`` events). What makes the news, when
a story is news again, and how an outlet frames it by its ownership and audience is its newsroom's
call (:mod:`agents.newsroom`): each development once, follow-ups when it moves on, fewer as the
outlet tires of it. The effects above do not depend on what is printed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agents.newsroom import Newsroom, framed
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
        newsroom: its story memory (what it has covered, when, how often).
        fact_check: whether it fact-checks (partnership, or government support).
        published: number of stories published.
    """

    spec: MediaOutletSpec

    def __init__(self, model, spec: MediaOutletSpec) -> None:
        super().__init__(model, spec)
        self.censored = False
        self.newsroom = Newsroom()
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

    def _name(self, actor_id: str) -> str:
        """An actor's display name; a state's staff member as "<state>'s <role>".

        Not :func:`sim.i18n.names_of`: that one speaks the display language, and headlines go into the event
        log, which must not depend on it (the feed names ids in the reader's language on display)."""
        ex = self.model
        actor = ex.actors.get(actor_id)
        if actor is not None:
            return actor.display_name
        for state in ex.actors_of("state_actor"):
            for staff in (*state.spec.staff, *state.extra_staff):
                if staff.id == actor_id:
                    return f"{state.display_name}'s {staff.role}"
        return actor_id

    def _concerns_sponsor(self, actor_id: str) -> bool:
        """Whether ``actor_id`` is the sponsor, its staff, or a diaspora group tied to it."""
        sponsor = self.spec.sponsor
        if not self.sponsored or not sponsor or not actor_id:
            return False
        if actor_id == sponsor:
            return True
        actor = self.model.actors.get(actor_id)
        if actor is not None:
            return getattr(actor.spec, "origin", None) == sponsor
        state = self.model.actors.get(sponsor)
        return state is not None and any(s.id == actor_id for s in (*state.spec.staff, *state.extra_staff))

    def _print(self, key: tuple[str, ...], headline: str, value: float = 0.0, **kwargs) -> None:
        self.newsroom.covered(key, self.model.now, value)
        self._publish(headline, **kwargs)

    def _cover_events(self) -> None:
        """Public things that happened since the last cycle, each once: leaks, statements, demonstrations,
        takeovers, the government's public measures (expulsions among them), laws in force."""
        ex = self.model
        new = ex.log[self._seen:] if self._seen < len(ex.log) else []
        self._seen = len(ex.log)
        own = self.spec.ownership
        for event in list(new):
            payload = event.payload
            op = str(payload.get("operation", ""))
            if event.kind == "leak":
                what = payload.get("title", "internal material")
                self._print(("leak", op), framed("leak", own, False, {"what": what}), about="leak", ref=op)
            elif event.kind == "statement":
                speaker = str(payload.get("by") or event.source)
                mine = self._concerns_sponsor(event.source)
                if not self.sponsored or mine:
                    self._print(("statement", op), framed("statement", own, mine, {
                        "who": self._name(speaker), "what": str(payload.get("text", "")).strip() or "a comment"}),
                        about="statement", ref=op)
            elif event.kind == "demonstration":
                mine = self._concerns_sponsor(event.source)
                segments = set(event.target.split(",")) if event.target else set()
                if mine or (not self.sponsored and segments & {s for s, a in self.spec.audience.items() if a > 0}):
                    self._print(("demonstration", op), framed("demonstration", own, mine, {
                        "who": self._name(event.source), "what": str(payload.get("theme", "")) or "a protest"}),
                        about="demonstration", ref=op)
            elif event.kind == "disorder" and not self.sponsored:
                self._print(("disorder", op), framed("disorder", own, False, {"who": self._name(event.source)}),
                            about="demonstration", ref=op)
            elif event.kind in ("acquisition.announced", "acquisition.completed"):
                mine = self._concerns_sponsor(event.source)
                what = str(payload.get("sector") or event.target or "a vital company")
                if event.kind == "acquisition.announced":
                    headline = framed("takeover", own, mine, {"who": self._name(event.source), "what": what})
                else:
                    headline = framed("takeover_done", own, mine, {
                        "what": self._name(event.target) if event.target in ex.actors else what})
                if not self.sponsored or mine:
                    self._print((event.kind, op), headline, about="takeover", ref=op)
            elif event.kind == "law.in_force" and not self.sponsored:
                order = str(payload.get("order", ""))
                self._print(("law", order), framed("law", own, False, {"what": payload.get("law", "A new law")}),
                            about="government", ref=order)
            elif event.kind == "response.executed" and "*" in event.visible_to and payload.get("headline"):
                order = str(payload.get("order", ""))
                mine = self._concerns_sponsor(event.target)
                if mine or not self.sponsored:
                    self._print(("measure", order), framed("measure", own, mine, {
                        "who": self._name(self.spec.sponsor or ""), "what": str(payload["headline"])}),
                        about="denial" if mine else "government", ref=order)

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
            op.params = {**op.params, "pushed": op.params.get("pushed", 0) + seeded}
            # It pushes every day; it prints the claim when it starts and again, fewer times, as it tires.
            key = ("push", narrative.id)
            if self.newsroom.due(key, ex.now, moved=True):
                self._print(key, narrative.claim or narrative.id, about="narrative", narrative=narrative.id,
                            stance="pushes")

    def _report_and_correct(self) -> None:
        ex = self.model
        if ex.population is None:
            return
        counts = ex.population.narrative_counts()
        reach = self.audience_share()
        for narrative in ex.scenario.narratives:
            share = counts[narrative.id]["reach"]
            trending = share >= TRENDING_REACH
            debunked_at = last_debunks(ex).get(narrative.id)
            official = debunked_at is not None and ex.now - debunked_at <= DEBUNK_DAYS * 24
            claim = narrative.claim or narrative.id
            if trending and (official or self.fact_check):
                # The correction reaches its audience every day it carries it; it is printed once, and
                # again when the government re-issues its debunk.
                ex.population.fact_check(narrative.id, strength=self.spec.credibility, reach=reach)
                key = ("debunk", narrative.id)
                issued = float(debunked_at) if debunked_at is not None else 0.0
                story = self.newsroom.stories.get(key)
                decision = self.newsroom.due(key, ex.now, moved=official and story is not None and issued > story.value)
                if decision:
                    kind = "fact_check" if decision == "first" else "fact_check_again"
                    headline = framed(kind, self.spec.ownership, False, {"what": claim})
                    self._print(key, headline, value=issued, about="debunk", narrative=narrative.id, stance="debunks")
            elif trending:
                key = ("narrative", narrative.id)
                decision = self.newsroom.due(key, ex.now, value=share)
                if decision == "first":
                    self._print(key, framed("claims", self.spec.ownership, False, {"what": claim}), value=share,
                                about="narrative", narrative=narrative.id, stance="reports")
                elif decision:
                    self._print(key, framed("claims_spread", self.spec.ownership, False,
                                            {"what": claim, "share": f"{share:.0%}"}),
                                value=share, about="narrative", narrative=narrative.id, stance="reports")

    def snapshot(self) -> dict:
        return {**super().snapshot(), "ownership": self.spec.ownership, "censored": self.censored,
                "fact_check": self.fact_check, "published": self.published}
