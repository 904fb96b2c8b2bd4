"""Crisis communication: a public statement and a press conference, with effects on trust and on narratives.

What a government says in a crisis moves trust when it has something to say and says it early. The
mechanisms:

* **Something to say.** A statement or press conference needs known interference (an operation the cell
  knows of) or a narrative that circulates; before that it fails and says so.
* **Stealing thunder.** Disclosing a crisis before the media do costs less credibility than confirming
  it afterwards (Arpan & Roskos-Ewoldsen 2005, Public Relations Review 31:425; Claeys & Cauberghe 2012,
  Public Relations Review 38:83). A statement before the first national news of interference has its full
  effect; after it, the effect halves every :data:`THUNDER_HALF_LIFE_DAYS` days of silence.
* **Credibility carries the message.** Its effect scales with ``government_credibility``: a government
  whose attribution fell apart is heard less.
* **Naming a claim spreads it.** A statement about a narrative that does not circulate yet makes people
  hear of it (the reason debunk refuses then): it seeds a few spreaders. Once it circulates, a statement
  corrects lightly (a debunk does it properly).
* **Repetition wears.** Statements within :data:`STATEMENT_REPEAT_DAYS` days, press conferences within
  :data:`PRESS_REPEAT_DAYS`, are worth half of the one before.
* **A press conference reaches further and exposes the minister.** Outlets carry it to more people and
  it corrects every circulating narrative, but the press asks who is behind it: a cell whose leading
  suspect is below 50% has no answer, loses credibility and half the effect.

The sizes (trust signals, reach) are our design, set against the other responses (a debunk's reach 0.4,
a holding attribution's trust signal 0.15).
"""

from __future__ import annotations

from sim.actions import Param, action
from sim.catalogue.blue import DEBUNK_MIN_REACH
from sim.catalogue.blue_community import origin_of_segment
from sim.commands import CommandError
from sim.i18n import M_
from sim.costs import incur
from sim.detection import SUSPICION_THRESHOLD

INTERFERENCE_TOPICS = ("narrative", "leak", "statement", "demonstration", "takeover", "retaliation", "inject")
"""News topics (``news.about``) that are developments of interference: the story breaking (the government is no
longer first), and what the Tweede Kamer asks about (:mod:`agents.parliament`). Not the government's own
measures, nor a foreign outlet's denial."""


def national_news(ex, event) -> bool:
    """Whether a ``news`` event is national news of interference: an interference topic, from anyone but a
    foreign state's outlet (outlets, injects and states alike)."""
    if event.kind != "news" or (event.payload or {}).get("about") not in INTERFERENCE_TOPICS:
        return False
    source = ex.actors.get(event.source)
    return source is None or not getattr(source, "sponsored", False)

THUNDER_HALF_LIFE_DAYS = 3.0
"""A statement's effect halves for every this many days it comes after the story broke (design)."""

STATEMENT_REPEAT_DAYS = 3.0
PRESS_REPEAT_DAYS = 7.0

STATEMENT_TRUST = 0.06
PRESS_TRUST = 0.1
STATEMENT_REASSURE = 0.08
"""How far a statement addressed to a diaspora community lowers its fear (a reporting line: 0.1)."""

SEEDED_SHARE = 0.002
"""Share of the population that hears of a claim from a statement that names it before it circulates."""

NO_ANSWER_CREDIBILITY = 2.0
"""Credibility a press conference costs when the minister cannot say who is behind it."""


def _comms(ex) -> dict[str, list[float]]:
    """kind (``statement``, ``press``) -> times the government spoke."""
    return ex.state_of("crisis_comms", dict)


def breaking_time(ex) -> float | None:
    """When the first national news of interference appeared (None: not yet)."""
    return next((event.t for event in ex.log if national_news(ex, event)), None)


def thunder(ex) -> tuple[float, str]:
    """The timing factor (1 before the story broke) and a few words on it."""
    broke = breaking_time(ex)
    if broke is None:
        return 1.0, "first: before the story broke"
    days = (ex.now - broke) / 24.0
    return 0.5 ** (days / THUNDER_HALF_LIFE_DAYS), f"{days:.1f} days after the story broke"


def _repeat(ex, kind: str, days: float) -> float:
    spoken = _comms(ex).setdefault(kind, [])
    weight = 0.5 ** sum(1 for t in spoken if ex.now - t < 24.0 * days)
    spoken.append(ex.now)
    return weight


def _something_to_say(ex, cell: str, narrative: str) -> None:
    if ex.population is None:
        raise CommandError(M_("no public to speak to"))
    if ex.known_operations(cell):
        return
    if narrative and ex.population.narrative_counts()[narrative]["reach"] >= DEBUNK_MIN_REACH:
        return
    raise CommandError(M_("nothing to say yet: the cell knows of no interference and no claim circulates "
                          "(speaking now would only raise questions it cannot answer)"))


def _check_segment(ex, cell, target, params) -> str | None:
    segment = str(params.get("segment", ""))
    if segment and segment not in ex.targets("segment"):
        return M_("no segment {segment!r} (segments: {segments})", segment=segment, segments=", ".join(ex.targets("segment")))
    return None


@action(target="narrative", capacity=2, lead_hours=3, lever="information", counters=("C00119",),
        domains=("information", "political"), public=True, precondition=_check_segment,
        params=(Param("segment", "str", default="", help="the community it is addressed to (default: everyone)"),))
def public_statement(ex, order):
    """Say publicly what the government knows and does: trust if it comes early, a light correction of a claim.

    It needs something to say (a known operation, or a narrative that circulates). Its effect is
    largest before the story breaks in the news and halves every three days after; it scales with the
    government's credibility and wears with repetition. Addressed to a diaspora segment it reassures
    the community (a statement protecting the victims). Naming a claim that does not circulate yet
    spreads it.
    """
    narrative = order.target
    _something_to_say(ex, order.cell, narrative)
    timing, when = thunder(ex)
    weight = timing * _repeat(ex, "statement", STATEMENT_REPEAT_DAYS)
    credibility = ex.indicators.value("government_credibility") / 100.0
    segment = str(order.params["segment"])
    segments = [segment] if segment else None
    pop = ex.population
    pop.trust_signal(STATEMENT_TRUST * weight * credibility, segments)
    details = {"timing": when, "effect": round(weight, 3)}
    origin = origin_of_segment(ex, segment or None)
    if origin:
        pop.reassure_diaspora(origin, STATEMENT_REASSURE * weight)
    if narrative:
        if pop.narrative_counts()[narrative]["reach"] < DEBUNK_MIN_REACH:
            details["spread"] = pop.seed_narrative(narrative, max(1, int(SEEDED_SHARE * pop.size)), segments)
        else:
            trust = ex.indicators.value("public_trust") / 100.0
            pop.fact_check(narrative, strength=0.25 * trust * weight, reach=0.25)
    about = f" to {segment}" if segment else ""
    number = len(_comms(ex)["statement"])
    return {**details, "headline": f"Government statement{about} on foreign interference"
                                   + (f" (statement {number})" if number > 1 else "")}


@action(capacity=5, lead_hours=24, lever="information", counters=("C00119",), domains=("information", "political"),
        public=True)
def press_conference(ex, order):
    """The minister faces the press: more reach than a statement, every circulating claim corrected, and questions.

    Like a statement it needs something to say, is worth most before the story breaks and wears with
    repetition (a week). Outlets carry it further (a correction reaching half the public for each
    circulating narrative). The press asks who is behind it: with the cell's leading suspect below 50%
    the minister has no answer, which costs credibility and half the effect.
    """
    _something_to_say(ex, order.cell, "")
    timing, when = thunder(ex)
    weight = timing * _repeat(ex, "press", PRESS_REPEAT_DAYS)
    suspect, confidence = ex.evidence.leading(order.cell)
    answered = bool(suspect) and confidence >= SUSPICION_THRESHOLD
    if not answered:
        weight *= 0.5
        incur(ex, order.cell, "government_credibility", NO_ANSWER_CREDIBILITY,
              "the minister could not say who is behind it", order=order.id)
    credibility = ex.indicators.value("government_credibility") / 100.0
    trust = ex.indicators.value("public_trust") / 100.0
    pop = ex.population
    pop.trust_signal(PRESS_TRUST * weight * credibility)
    corrected = []
    for narrative, counts in pop.narrative_counts().items():
        if counts["reach"] >= DEBUNK_MIN_REACH:
            pop.fact_check(narrative, strength=0.3 * trust * weight, reach=0.5)
            corrected.append(narrative)
    number = len(_comms(ex)["press"])
    return {"headline": "Minister holds a press conference on foreign interference"
                        + (f" (press conference {number})" if number > 1 else ""), "timing": when,
            "effect": round(weight, 3), "answered": answered, "narratives": corrected}
