"""An outlet's newsroom: what is a story, when it is news again, and how the outlet frames it.

A media outlet (:mod:`agents.media_outlet`) hands its newsroom what happened since the last news
cycle. The newsroom keeps a memory of its **stories** (one per development: a narrative trending, a
narrative's correction, a leak, a statement, a demonstration, a takeover, an expulsion, a government
measure) and decides what to print:

* **Once, then follow-ups.** A development is reported when it first happens. It is news again only
  when it has moved on: a trending narrative that has since reached half as many people again, a
  correction the government has re-issued. Repeating yesterday's headline is not news (the public
  broadcaster used to print the same fact-check 94 times in one run).
* **Fatigue.** Each follow-up needs twice the wait of the one before (1, 2, 4 ... days after the last
  coverage) and an outlet runs at most :data:`MAX_FOLLOW_UPS` of them: newsrooms tire of a story, and
  attention to a story decays over days (Leskovec, Backstrom & Kleinberg 2009, KDD, "Meme-tracking
  and the dynamics of the news cycle"; the doubling is our design choice).
* **Framing by ownership and audience.** An outlet of a foreign state (``state_affiliated`` or
  ``proxy``) reports its sponsor's statements as news, a measure against its sponsor as a rejected
  accusation, its sponsor's takeovers as investment and the demonstrations of its sponsor's diaspora
  as a community speaking up; a public or independent outlet reports them plainly. A demonstration is
  covered by outlets whose audience includes the demonstrating group's segment, or by national
  outlets when it turned to disorder.

The newsroom only decides what is printed: the outlet's effects on the population (pushing its
sponsor's narrative, carrying corrections to its audience) do not depend on what makes the news.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.i18n import N_

MAX_FOLLOW_UPS = 3
"""Follow-ups of one story an outlet runs before it tires of it."""
FIRST_FOLLOW_UP_HOURS = 24.0
"""Wait before a story's first follow-up; each later one waits twice the one before."""
GROWTH_FOR_FOLLOW_UP = 1.5
"""A narrative is news again when its reach has grown by half since the outlet last covered it."""


@dataclass
class Story:
    """One development an outlet has covered.

    Attributes:
        key: what it is about, e.g. ``("narrative", "rigged-count")``.
        first: when it was first printed (hours).
        last: when it was last printed.
        follow_ups: follow-ups printed since.
        value: what the story was at its last coverage (a narrative's reach, a debunk's time).
    """

    key: tuple[str, ...]
    first: float
    last: float
    follow_ups: int = 0
    value: float = 0.0


class Newsroom:
    """The story memory of one outlet (see the module docstring)."""

    def __init__(self) -> None:
        self.stories: dict[tuple[str, ...], Story] = {}

    def due(self, key: tuple[str, ...], now: float, value: float | None = None, moved: bool = False) -> str:
        """``"first"``, ``"follow-up"`` or ``""`` (not news): the decision for one development now.

        ``value`` is what the story is now (a narrative's reach: news again once it has grown by
        :data:`GROWTH_FOR_FOLLOW_UP`); ``moved`` says the development has moved on in another way (a
        re-issued correction). A follow-up also needs its fatigue wait and stays within
        :data:`MAX_FOLLOW_UPS`.
        """
        story = self.stories.get(key)
        if story is None:
            return "first"
        if story.follow_ups >= MAX_FOLLOW_UPS:
            return ""
        if now - story.last < FIRST_FOLLOW_UP_HOURS * 2 ** story.follow_ups:
            return ""
        grown = value is not None and story.value > 0 and value >= GROWTH_FOR_FOLLOW_UP * story.value
        return "follow-up" if grown or moved else ""

    def covered(self, key: tuple[str, ...], now: float, value: float = 0.0) -> None:
        """Record that ``key`` was printed now (first time or follow-up)."""
        story = self.stories.get(key)
        if story is None:
            self.stories[key] = Story(key, now, now, 0, value)
        else:
            story.last, story.follow_ups, story.value = now, story.follow_ups + 1, value


FRAMES: dict[str, tuple[str, str]] = {
    # kind: (how any outlet frames it, how the outlet of the state concerned frames it)
    "statement": (N_("{who} comments on Dutch politics: {what}"), "{who}: {what}"),
    "demonstration": (N_("Demonstration by {who}: {what}"), N_("{who} speaks up: {what}")),
    "disorder": (N_("Disorder at the demonstration of {who}"), N_("Disorder at the demonstration of {who}")),
    "takeover": (N_("{who} takes over {what}"), N_("{who} invests in {what}")),
    "measure": ("{what}", N_("{who} rejects 'baseless accusations'")),
    # What every outlet reports in its own words, whoever owns it.
    "leak": (N_("Leaked documents: {what}"), N_("Leaked documents: {what}")),
    "takeover_done": (N_("Takeover of {what} goes through"), N_("Takeover of {what} goes through")),
    "law": (N_("{what} enters into force"), N_("{what} enters into force")),
    "fact_check": (N_("Fact check: '{what}' is false"), N_("Fact check: '{what}' is false")),
    "fact_check_again": (N_("Fact check, again: '{what}' is still false, the government repeats"),
                         N_("Fact check, again: '{what}' is still false, the government repeats")),
    "claims": (N_("Claims circulate online: {what}"), N_("Claims circulate online: {what}")),
    "claims_spread": (N_("Claim keeps spreading, {share} have now heard it: {what}"),
                      N_("Claim keeps spreading, {share} have now heard it: {what}")),
}
"""Headline templates per kind of development; ``who`` and ``what`` are display names and texts, ``share``
a percentage. They are logged in English; readers show them in their language (:func:`sim.i18n.recovered`
finds the template again in the catalogue)."""


def framed(kind: str, ownership: str, about_sponsor: bool, facts: dict[str, str]) -> str:
    """The headline an outlet of ``ownership`` prints for a development of ``kind`` (:data:`FRAMES`).

    ``about_sponsor``: the development concerns the outlet's own sponsor (its state, or its
    diaspora); ``facts`` holds the names the headline uses (display names, never ids).
    """
    if kind not in FRAMES:
        raise ValueError(f"no framing for a {kind!r} story")
    plain, own = FRAMES[kind]
    template = own if ownership in ("state_affiliated", "proxy") and about_sponsor else plain
    return template.format(who=facts.get("who", ""), what=facts.get("what", ""), share=facts.get("share", ""))
