"""The report's words in the reader's language: clocks, durations, indicator names, ratings and the few codes
the report shows as words (who played a cell, a timeline lane, a priority).

Everything here goes through the message catalogue (:mod:`sim.i18n`): the strings are English, marked with
``N_`` for extraction and translated where they are shown, so the report's context keeps its codes (``player``,
``high``, ``public_trust``) for the templates' logic and anchors while the reader sees the words.
"""

from __future__ import annotations

import re
from typing import Any

from sim import i18n
from sim.i18n import N_, _
from sim.indicator_labels import LABELS

INDICATOR_LABELS = LABELS  # one registry: sim.indicator_labels

RATING_NAMES = {
    "P": N_("Performed without challenges"),
    "S": N_("Performed with some challenges"),
    "M": N_("Performed with major challenges"),
    "U": N_("Unable to be performed"),
}
"""HSEEP's ratings as :data:`replays.score.RATINGS` words them, marked for translation."""

RATING_RULE = N_("U: ended below target; M: fell below target but ended at or above it; "
                 "S: never below target but ended below 95% of start; P: never below target and ended at or above "
                 "95% of start")
""":data:`replays.score.RATING_RULE`, marked for translation."""

WORDS = {
    # who played a cell
    "player": N_("player"), "doctrine": N_("doctrine"), "campaign planner": N_("campaign planner"),
    # the timeline's lanes
    "inject": N_("inject"), "red": N_("red"), "detection": N_("detection"), "command": N_("command"),
    "public": N_("public"), "news": N_("news"),
    # priorities, where a rating came from, who answered
    "high": N_("high"), "medium": N_("medium"), "evaluators": N_("evaluators"), "simulation": N_("simulation"),
    # the glossary's kinds
    "cell": N_("cell"), "objective": N_("objective"), "narrative": N_("narrative"),
    "threat thread": N_("threat thread"), "response (action)": N_("response (action)"),
    "red technique": N_("red technique"), "indicator": N_("indicator"), "HSEEP rating": N_("HSEEP rating"),
    "state actor": N_("state actor"), "diaspora group": N_("diaspora group"), "media outlet": N_("media outlet"),
    "platform": N_("platform"), "government body": N_("government body"), "parliament": N_("parliament"),
    "partner": N_("partner"),
    # DIMEFIL levers and Hybrid CoE domains (sim.vocabulary), as the heat-map and the class view name them
    "diplomatic": N_("diplomatic"), "information": N_("information"), "military": N_("military"),
    "economic": N_("economic"), "financial": N_("financial"), "intelligence": N_("intelligence"),
    "legal": N_("legal"), "infrastructure": N_("infrastructure"), "cyber": N_("cyber"), "space": N_("space"),
    "economy": N_("economy"), "culture": N_("culture"), "social": N_("social"),
    "public_administration": N_("public administration"), "diplomacy": N_("diplomacy"), "political": N_("political"),
    # what started a thread, how it ended, and the public events that can be a cell's first signal
    "decision": N_("decision"), "order": N_("order"), "completed": N_("completed"), "disrupted": N_("disrupted"),
    "leak": N_("leak"), "statement": N_("statement"), "demonstration": N_("demonstration"),
    "disorder": N_("disorder"), "unknown": N_("unknown"), "white": N_("white"),
    # the heat-map's column for orders that answered no thread, and an empty list
    "no thread": N_("no thread"), "none": N_("none"), "never": N_("never"), "still waiting": N_("still waiting"),
    "running": N_("running"),
    # the subjects of findings that are not an id
    "msel": N_("msel"), "observation": N_("observation"), "hot wash": N_("hot wash"),
    "proportionality": N_("proportionality"), "attribution": N_("attribution"), "procedures": N_("procedures"),
}
"""Codes the report shows as words; :func:`word` translates one (an unknown code is shown as it is)."""


def word(code: Any) -> Any:
    """The word for one of :data:`WORDS`' codes in the current language; anything else as it is."""
    if isinstance(code, str) and code in WORDS:
        return _(WORDS[code])
    return code


def indicator(name: Any) -> Any:
    """An indicator's display name in the current language (an unknown name as it is)."""
    if isinstance(name, str) and name in INDICATOR_LABELS:
        return _(INDICATOR_LABELS[name])
    return name


def rating_name(rating: Any) -> str:
    """What an HSEEP rating letter means, in the current language ("" for none)."""
    return _(RATING_NAMES[rating]) if rating in RATING_NAMES else ""


def ratings() -> dict[str, str]:
    """The HSEEP ratings (letter -> meaning) in the current language."""
    return {r: _(m) for r, m in RATING_NAMES.items()}


def shown_clock(value: Any, date: bool = True) -> str:
    """A clock reading (a :func:`sim.timeexpr.describe` value) in the current language; without its calendar
    date unless ``date``."""
    text = str(i18n.shown(value)) if value not in (None, "") else ""
    return text if date else text.split(" (")[0]


def clock(run: Any, t: float | None, date: bool = True) -> str:
    """The run's clock at ``t`` hours in the current language (``dag 3 08:00 (vr 23 feb 2018)``), "" for None."""
    if t is None:
        return ""
    return shown_clock(run.clock(float(t)), date)


def hours(value: float | None, missing: str = "-") -> str:
    """A duration: ``12 h`` under three days, else ``4.5 d`` (Dutch: ``12 u``, ``4,5 d``)."""
    if value is None:
        return missing
    if value < 72:
        return _("{hours} h").format(hours=f"{value:.0f}")
    return _("{days} d").format(days=number(value / 24, 1))


def number(value: float, digits: int = 1) -> str:
    """A number with ``digits`` decimals as the report prints it in running text."""
    return f"{value:.{digits}f}"


def names(ids: Any) -> str:
    """Ids joined by ", ", each by its display name (:func:`sim.i18n.name_of`)."""
    return ", ".join(str(i18n.name_of(i)) for i in ids)


def lang() -> str:
    """The language being written (for ``<html lang>``)."""
    return i18n.current()


def recovered(text: Any) -> Any:
    """A logged English sentence (a headline, a refusal's or a cost's reason) in the current language, where the
    catalogue knows the template it was made from (:func:`sim.i18n.recovered`); else as it is."""
    recover = getattr(i18n, "recovered", None)
    return recover(text) if recover is not None else i18n.shown(text)


_SIGNALS = (
    (re.compile(r"^detection by (?P<body>.+)$"), N_("detection by {body}")),
    (re.compile(r"^inject (?P<no>\S+)$"), N_("inject {no}")),
    (re.compile(r"^signals shared by (?P<body>.+)$"), N_("signals shared by {body}")),
)


def signal_label(text: Any) -> Any:
    """A thread's first signal as :mod:`replays.score` words it (``detection by aivd``), in the current language
    with bodies by display name; anything else as it is."""
    if not isinstance(text, str):
        return text
    for pattern, template in _SIGNALS:
        m = pattern.match(text)
        if m:
            return _(template).format(**{k: i18n.name_of(v) for k, v in m.groupdict().items()})
    m = re.match(r"^(?P<kind>[\w.]+) \((?P<source>.*)\)$", text)  # another kind of event: "leak (unknown)"
    if m:
        return f"{word(m['kind'])} ({word(i18n.name_of(m['source']))})"
    return word(text)


def response_label(text: Any) -> Any:
    """A thread's first response as :mod:`replays.score` words it (``action target``): the target by display name."""
    if not isinstance(text, str) or " " not in text:
        return text
    action, target = text.split(" ", 1)
    return f"{action} {i18n.name_of(target)}"


def display(ident: Any) -> Any:
    """An actor's, body's or cell's display name for its id (White by its word), else the id as it is."""
    return word(i18n.name_of(ident))
