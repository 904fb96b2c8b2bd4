"""Parliament: the political level that asks questions and raises pressure on the government.

The letter is itself an answer to Parliament (a commitment made in a committee debate), and the cabinet
reports to the Tweede Kamer on what it does against foreign interference. In the exercise the
Kamer reads the national news once a day and:

* **asks written questions** about each new development in the news that concerns interference (a
  trending narrative, a leak, a foreign official's statement, a demonstration, a takeover, a state's
  retaliation, a news inject) and about every heavy-handed measure (``overreach``). Each story is
  asked about once. Written questions are due within three weeks (Reglement van Orde van de Tweede
  Kamer, schriftelijke vragen: answer or send a notice of delay within three weeks).
* **raises pressure**: every open question weighs 1 (2 once overdue), every overreach adds
  :data:`OVERREACH_PRESSURE` that fades with a half-life of :data:`BUMP_HALF_LIFE_DAYS`. A question
  left unanswered past its deadline costs the government credibility once
  (:data:`OVERDUE_CREDIBILITY`).
* **calls a debate** when the pressure reaches its ``debate_pressure`` (at most one per
  :data:`DEBATE_GAP_DAYS`): the government spends :data:`DEBATE_CAPITAL` political capital defending
  its course, and a minister who has sent no letter in the fortnight before comes empty-handed
  (:data:`EMPTY_HANDED_CREDIBILITY`). A debate closes the questions it dealt with.

The government answers with a letter (``letter_to_parliament``: every open question closed, in public)
or a confidential briefing (``brief_parliament``: the Kamer holds off for a fortnight, nothing public);
both live in :mod:`sim.catalogue.blue_political`. Weights, thresholds and costs are our design; only
the three-week term is the Kamer's rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from sim.agentbase import ActorSpecBase, WeerbaarAgent
from sim.catalogue.blue_comms import national_news
from sim.costs import incur
from sim.eventkinds import event_kind
from sim.events import EVERYONE, WHITE
from sim.registry import register_agent_kind, register_target_kind

READING_HOUR = 12.0
"""The Kamer reads the morning's news and files its questions at noon (its own daily rhythm)."""


OVERREACH_PRESSURE = 2.0
"""Pressure an overreach (censorship, a ban, restricting assembly with nothing to stop) adds at once."""

BUMP_HALF_LIFE_DAYS = 7.0
"""An overreach's pressure halves every week."""

OVERDUE_CREDIBILITY = 0.5
"""``government_credibility`` points each question left unanswered past its deadline costs (once)."""

DEBATE_CAPITAL = 5.0
"""Political capital a plenary debate costs the government (defending its course spends goodwill)."""

EMPTY_HANDED_CREDIBILITY = 2.0
"""Credibility lost when a debate comes with no letter to Parliament in the fortnight before it."""

DEBATE_GAP_DAYS = 14.0
"""At most one debate per fortnight."""

BRIEFED_DAYS = 14.0
"""A confidential briefing makes the Kamer hold off this long: pressure counts half, no debate."""


class ParliamentSpec(ActorSpecBase):
    """The Tweede Kamer (one per scenario).

    Attributes:
        answer_days: days the government has to answer a written question.
        debate_pressure: pressure at which the Kamer calls a debate.
        scrutiny: how much each open question weighs (0-1: a quiet Kamer to a very watchful one; 0.5 is
            the weight 1 of the module docstring).
    """

    kind: Literal["parliament"]
    answer_days: float = Field(default=21.0, gt=0, le=90)
    debate_pressure: float = Field(default=6.0, gt=0, le=100)
    scrutiny: float = Field(default=0.5, ge=0, le=1)


@dataclass
class Question:
    """A written question of the Kamer.

    Attributes:
        id: ``q<n>``.
        asked: when it was asked (hours).
        due: when it must be answered.
        about: the news topic (or ``overreach``).
        story: the development it is about (a headline).
        answered: when it was answered (None while open).
        overdue: its deadline passed unanswered (the credibility cost was taken).
    """

    id: str
    asked: float
    due: float
    about: str
    story: str
    answered: float | None = None
    overdue: bool = False


event_kind("parliament.question", "Parliament asked the government a written question, due in three weeks",
           fields=("question", "about", "story", "due"), audience="public",
           wording="{source} asks the government about {story} (question {question}, answer due {due!c})",
           topics=("news",))
event_kind("parliament.overdue", "a written question went unanswered past its deadline",
           fields=("question", "story"), audience="public",
           wording="{source}: question {question} ({story}) is overdue; the government has not answered",
           important=True, topics=("news",))
event_kind("parliament.debate", "Parliament debated the government's course; the debate cost political capital",
           fields=("pressure", "capital", "empty_handed", "closed"), audience="public",
           wording="{source} debates the government's handling of foreign interference "
                   "(pressure {pressure:.1f}; {capital:g} political capital spent{empty_note})",
           important=True, topics=("news",),
           derive=lambda r: {"empty_note": "; the minister came without a letter"
                             if (r.get("payload") or {}).get("empty_handed") else ""})
event_kind("parliament.answered", "the government answered Parliament's open questions",
           fields=("order", "questions", "how"), audience="public",
           wording="the government answers {count} question{plural} of {target} ({how})", topics=("orders",),
           derive=lambda r: {"count": len((r.get("payload") or {}).get("questions") or []),
                             "plural": "" if len((r.get("payload") or {}).get("questions") or []) == 1 else "s"})

register_target_kind("parliament", "the parliament of the scenario (Tweede Kamer)")


@register_agent_kind("parliament", ParliamentSpec, order=6, provides=("parliament",), map_column=3,
                     colour=(96, 78, 120))
class Parliament(WeerbaarAgent):
    """The Tweede Kamer: reads the news, asks questions, raises pressure, calls debates.

    Attributes:
        questions: every question asked, oldest first.
        stories: the developments already asked about (``(about, ref)``).
        bumps: ``(t, pressure)`` added by overreach, fading.
        last_debate / last_letter / briefed_until: clock times (None: never).
        read_up_to: log position the Kamer has read to.
    """

    spec: ParliamentSpec

    def __init__(self, model, spec: ParliamentSpec) -> None:
        super().__init__(model, spec)
        self.questions: list[Question] = []
        self.stories: set[tuple[str, str]] = set()
        self.bumps: list[tuple[float, float]] = []
        self.last_debate: float | None = None
        self.last_letter: float | None = None
        self.briefed_until: float | None = None
        self.read_up_to = 0

    def targetable(self) -> bool:
        return True

    def start(self) -> None:
        self.model.env.process(self._days())

    # -- what it weighs ---------------------------------------------------------------------------

    def open_questions(self) -> list[Question]:
        """The questions not answered yet."""
        return [q for q in self.questions if q.answered is None]

    def briefed(self) -> bool:
        """Whether a confidential briefing still holds the Kamer off."""
        return self.briefed_until is not None and self.model.now < self.briefed_until

    @property
    def pressure(self) -> float:
        """Open questions (each ``2 * scrutiny``, twice that overdue) plus fading overreach; half while briefed."""
        ex = self.model
        weight = 2.0 * self.spec.scrutiny
        questions = sum(weight * (2.0 if q.overdue else 1.0) for q in self.open_questions())
        bumps = sum(p * 0.5 ** ((ex.now - t) / (24.0 * BUMP_HALF_LIFE_DAYS)) for t, p in self.bumps)
        return (questions + bumps) * (0.5 if self.briefed() else 1.0)

    # -- the government's answers -----------------------------------------------------------------

    def answer_all(self, order_id: str, how: str) -> list[str]:
        """Close every open question (a letter); returns their ids and logs the answer."""
        ex = self.model
        closed = [q.id for q in self.open_questions()]
        for q in self.open_questions():
            q.answered = ex.now
        self.last_letter = ex.now
        ex.log_event("parliament.answered", source=WHITE, target=self.actor_id,
                     payload={"order": order_id, "questions": closed, "how": how}, visible_to=[EVERYONE])
        return closed

    def brief(self) -> float:
        """A confidential briefing: the Kamer holds off for :data:`BRIEFED_DAYS`; returns until when."""
        self.briefed_until = self.model.now + 24.0 * BRIEFED_DAYS
        return self.briefed_until

    # -- its day ----------------------------------------------------------------------------------

    def _days(self):
        ex = self.model
        yield ex.env.timeout(READING_HOUR)
        while True:
            self._read()
            self._deadlines()
            self._weigh_debate()
            yield ex.env.timeout(24.0)

    def _read(self) -> None:
        """Ask about each new development in the national news, and about each overreach."""
        ex = self.model
        start, self.read_up_to = self.read_up_to, len(ex.log)
        for i in range(start, self.read_up_to):
            event = ex.log[i]
            payload = event.payload or {}
            if event.kind == "overreach":
                self.bumps.append((ex.now, OVERREACH_PRESSURE))
                self._ask("overreach", f"overreach:{payload.get('order', '')}",
                          f"the measure of {event.source}" + (f" against {event.target}" if event.target else ""))
            elif national_news(self.model, event):  # a foreign state's outlet is not what the Kamer reads
                ref = str(payload.get("narrative") or payload.get("ref") or payload.get("headline", ""))
                self._ask(str(payload["about"]), ref, str(payload.get("headline", ""))[:120])

    def _ask(self, about: str, ref: str, story: str) -> None:
        key = (about, ref)
        if key in self.stories:
            return
        self.stories.add(key)
        ex = self.model
        q = Question(f"q{len(self.questions) + 1}", ex.now, ex.now + 24.0 * self.spec.answer_days, about, story)
        self.questions.append(q)
        ex.log_event("parliament.question", source=self.actor_id,
                     payload={"question": q.id, "about": about, "story": story, "due": q.due}, visible_to=[EVERYONE])

    def _deadlines(self) -> None:
        ex = self.model
        for q in self.open_questions():
            if not q.overdue and ex.now >= q.due:
                q.overdue = True
                ex.log_event("parliament.overdue", source=self.actor_id,
                             payload={"question": q.id, "story": q.story}, visible_to=[EVERYONE])
                incur(ex, WHITE, "government_credibility", OVERDUE_CREDIBILITY,
                      f"question {q.id} of {self.display_name} left unanswered", everyone=True)

    def _weigh_debate(self) -> None:
        ex = self.model
        if self.briefed() or self.pressure < self.spec.debate_pressure:
            return
        if self.last_debate is not None and ex.now - self.last_debate < 24.0 * DEBATE_GAP_DAYS:
            return
        pressure = self.pressure
        capital = min(DEBATE_CAPITAL, ex.capital.left)
        ex.capital.spend(capital)
        empty = self.last_letter is None or ex.now - self.last_letter > 24.0 * DEBATE_GAP_DAYS
        closed = [q.id for q in self.open_questions()]
        for q in self.open_questions():
            q.answered = ex.now  # the minister answers them in the debate, for better or worse
        self.bumps.clear()
        self.last_debate = ex.now
        ex.log_event("parliament.debate", source=self.actor_id,
                     payload={"pressure": round(pressure, 3), "capital": capital, "empty_handed": empty,
                              "closed": closed}, visible_to=[EVERYONE])
        if empty:
            incur(ex, WHITE, "government_credibility", EMPTY_HANDED_CREDIBILITY,
                  f"a debate in {self.display_name} without a letter from the government", everyone=True)

    def snapshot(self) -> dict:
        return {**super().snapshot(), "pressure": round(self.pressure, 2), "open": len(self.open_questions())}
