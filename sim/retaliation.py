"""Retaliation: how a state answers the Dutch measures that cost it, and what that costs the Netherlands.

States answer in kind. An expulsion draws a tit-for-tat expulsion, a public attribution a summons of the
Dutch ambassador and a counter-narrative against the government that made it, sanctions trade measures,
a summons a summons, a closed office a closed consulate, discouraged visits a protest (the escalation ladder: Kahn 1965, *On Escalation*; answers in
kind as the norm of diplomatic reciprocity). The answer comes after :data:`ANSWER_DELAY_HOURS`, is
reported in the news, and its costs land on the Dutch side (:mod:`sim.costs`) through the order that
provoked it, scaled by the state's resolve: ``scale = 0.5 + resolve`` (a resolute state answers harder).

The table :data:`ANSWERS` owns the ladder: one :class:`Answer` per kind of costly response; a kind not in
it (a private agreement) draws no answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.costs import incur
from sim.eventkinds import event_kind
from sim.events import EVERYONE

if TYPE_CHECKING:  # pragma: no cover
    from sim.actions import Order
    from sim.exercise import Exercise

ANSWER_DELAY_HOURS = 36.0
"""How long a state takes to answer (a day and a half: the foreign ministry's statement, then the measure)."""


@dataclass(frozen=True)
class Answer:
    """A state's answer to one kind of Dutch measure.

    Attributes:
        what: the answer, as the news words it after the state's name.
        costs: (indicator, points at resolve 0.5) it costs the Netherlands.
    """

    what: str
    costs: tuple[tuple[str, float], ...] = ()


ANSWERS: dict[str, Answer] = {
    "expulsion": Answer("expels a Dutch diplomat in return", (("bilateral_relations", 5.0),)),
    "attribution": Answer("summons the Dutch ambassador, denies everything and accuses the Dutch government of lying",
                          (("bilateral_relations", 1.0), ("government_credibility", 1.5))),
    "sanctions": Answer("restricts imports from the Netherlands", (("economic_openness", 2.0), ("bilateral_relations", 3.0))),
    "demarche": Answer("rejects the démarche as interference in its internal affairs"),
    "summons": Answer("summons the Dutch ambassador in return", (("bilateral_relations", 1.0),)),
    "office closed": Answer("closes the Dutch consulate in return", (("economic_openness", 1.0), ("bilateral_relations", 3.0))),
    "visit discouraged": Answer("protests that its ministers are kept from their own citizens", (("bilateral_relations", 1.0),)),
}
"""A request for withdrawal draws no answer: the state saved face (:mod:`sim.catalogue.blue_diplomacy`)."""

event_kind("retaliation", "a state answers a Dutch measure in kind (the escalation ladder)",
           fields=("response", "answer", "order"), audience="public",
           wording="{source} {answer} (after the Dutch {response})", important=True, topics=("red", "news"))


def answer(ex: "Exercise", state, kind: str, order: "Order | None") -> None:
    """Schedule ``state``'s answer to a measure of ``kind`` that ``order`` gave (nothing if the ladder has none)."""
    response = ANSWERS.get(kind)
    if response is None:
        return
    ex.env.process(_answer(ex, state, kind, response, order))


def _answer(ex: "Exercise", state, kind: str, response: Answer, order: "Order | None"):
    yield ex.env.timeout(ANSWER_DELAY_HOURS)
    scale = 0.5 + float(state.spec.resolve)
    order_id = order.id if order is not None else ""
    ex.log_event("retaliation", source=state.actor_id, target=order.cell if order is not None else "",
                 payload={"response": kind, "answer": response.what, "order": order_id}, visible_to=[EVERYONE],
                 tags=("domain:diplomacy",))
    ex.publish_news(source=state.actor_id, headline=f"{state.display_name} {response.what}", about="retaliation",
                    ref=order_id)
    if order is None:
        return
    for indicator, points in response.costs:
        incur(ex, order.cell, indicator, points * scale, f"{state.actor_id} {response.what}", order=order_id,
              state=state.actor_id if indicator == "bilateral_relations" else "")
