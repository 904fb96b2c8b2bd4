"""Online platforms: where inauthentic amplification runs, how they answer notices, and labels.

A platform hosts amplification networks (bot and troll accounts) that boost a
narrative's spreading rate. Its own moderation erodes those networks every day;
a government notice asks it to take them down, and it complies with probability
equal to its cooperation level (the EU Code of Practice made this voluntary; its
signatories' compliance varies widely).

Moderation and takedowns also act on the tail of the society's activity
(:mod:`sim.population.activity`): each suspends the supersharers spreading a narrative the platform
hosts networks for (a takedown: the narrative noticed) with the same share it removes of the
networks, times the platform's reach (the share of their sharing done there), so a takedown matters
as much as the few accounts that carry a narrative do.

**Labels and community notes.** Once a narrative has been corrected in public (a debunk), platforms
attach fact-check labels or community notes to its posts, :data:`LABEL_DELAY_HOURS` later: a note is
written, rated and shown after most of a post's reposts (Chuai et al. 2024, arXiv 2409.08781; Renault
et al. 2024). A labelled post is reshared :data:`LABEL_CUT` less (Chuai et al.: a displayed community
note cut reposts by 62%). A platform labels the share ``cooperation`` of the narrative's posts, and
it carries the share ``reach`` of the sharing, so a narrative's resharing is multiplied by
``prod_p (1 - LABEL_CUT * cooperation_p * reach_p)`` over the platforms that labelled it
(:meth:`Platform.resharing`, read by :meth:`sim.exercise.Exercise.apply_amplification`).
"""

from __future__ import annotations

from typing import Literal

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.eventkinds import event_kind
from sim.registry import register_agent_kind, register_target_kind
from sim.scenario.schemabase import Unit


LABEL_CUT = 0.62
"""How much less a labelled post is reshared (Chuai et al. 2024: -62% reposts after a community note)."""
LABEL_DELAY_HOURS = 48.0
"""Correction to label: a design choice for "after the viral phase" (notes come after most reposts)."""

event_kind("narrative.labelled", "platforms labelled a corrected narrative's posts; they are reshared less",
           fields=("resharing",), audience="public",
           wording="{source} labels posts of {target}: resharing x{resharing:.2f}", topics=("news",))


class PlatformSpec(ActorSpecBase):
    """A platform.

    Attributes:
        moderation: share of inauthentic amplification its own moderation removes per week.
        cooperation: probability it acts on a government notice.
        reach: share of the population active on it.
    """

    kind: Literal["platform"]
    moderation: Unit = 0.2
    cooperation: Unit = 0.5
    reach: Unit = 0.6


def _aim_at_platform(ex, op, action: str, cell: str) -> str | None:
    """An operation that names the platform it runs on is answered there."""
    platform = str(op.params.get("platform", ""))
    return platform if platform in ex.targets("platform") else None


register_target_kind("platform", "a social media platform", aim=_aim_at_platform)


@register_agent_kind("platform", PlatformSpec, order=20, provides=("platform",), map_column=1, colour=(58, 108, 110))
class Platform(WeerbaarAgent):
    """A platform.

    Attributes:
        networks: amplification strength by narrative (extra spreading, 0 = none).
        notices: notices received.
        labels: narrative -> share of its posts labelled here.
    """

    spec: PlatformSpec

    def __init__(self, model, spec: PlatformSpec) -> None:
        super().__init__(model, spec)
        self.networks: dict[str, float] = {}
        self.notices = 0
        self.labels: dict[str, float] = {}

    def targetable(self) -> bool:
        return True

    def start(self) -> None:
        self.model.env.process(self._moderate())

    def host(self, narrative: str, strength: float) -> None:
        """An amplification network for ``narrative`` starts (or grows) here."""
        self.networks[narrative] = self.networks.get(narrative, 0.0) + strength * self.spec.reach
        self.model.apply_amplification()

    def remove(self, narrative: str | None, share: float) -> float:
        """Take down ``share`` of the networks for ``narrative`` (all if None); returns strength removed."""
        removed = 0.0
        for name in list(self.networks):
            if narrative is None or name == narrative:
                cut = self.networks[name] * share
                self.networks[name] -= cut
                removed += cut
        self.model.apply_amplification()
        return removed

    def suspend(self, narrative: str | None, share: float) -> int:
        """Suspend ``share`` of the supersharers spreading ``narrative`` (all narratives if None) here."""
        population = self.model.population
        return 0 if population is None else population.suspend_supersharers(narrative, share * self.spec.reach)

    def label(self, narrative: str) -> None:
        """Label ``narrative``'s posts: the share ``cooperation`` of them (once; labels stay)."""
        self.labels[narrative] = max(self.labels.get(narrative, 0.0), self.spec.cooperation)

    def resharing(self, narrative: str) -> float:
        """The factor its labels put on ``narrative``'s resharing (1 = unlabelled)."""
        return 1.0 - LABEL_CUT * self.labels.get(narrative, 0.0) * self.spec.reach

    def _moderate(self):
        ex = self.model
        daily = 1.0 - (1.0 - self.spec.moderation) ** (1 / 7)
        while True:
            yield ex.env.timeout(24.0)
            # Moderation acts on the narratives it finds coordinated networks pushing: it takes down a share
            # of those networks and suspends that share of the supersharers spreading them (real accounts,
            # so not every narrative's: only where inauthentic behaviour drew the platform's attention).
            for narrative in sorted(n for n, strength in self.networks.items() if strength > 0):
                self.suspend(narrative, daily)
            if self.networks:
                self.remove(None, daily)

    def snapshot(self) -> dict:
        return {**super().snapshot(), "networks": {k: round(v, 3) for k, v in self.networks.items()}}
