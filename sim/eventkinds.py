"""Event kinds: what each kind of log record means, who sees it, and how it is worded.

Every kind the exercise logs is registered once, next to the code that logs it, with
:func:`event_kind`: its payload fields, its audience (who sees it by default), whether the feed's
"important only" filter keeps it, the feed topics it belongs to, and its **wording**: one template
per kind (``"LEAK: {title} (source {source})"``), so that the sentence can be translated as a whole.
A template names payload fields, ``source``, ``target`` and ``t``; ``{t!c}`` prints a time as
``d3 08:00``; a format spec such as ``{confidence:.0%}`` applies to numbers. Where a sentence needs a
computed part (the word "CRITICAL" for a critical inject), the kind's ``derive`` adds fields.

:meth:`sim.exercise.Exercise.log_event` refuses a kind that is not registered, and
:mod:`sim.conformance` checks every kind's wording. Readers (the console's feed, the after-action
report) word a record with :func:`describe`. The wording is English, the source language; it is
translated when a record is shown (the Dutch catalogue holds every kind's wording, see
:mod:`sim.locale`), never when it is logged.
"""

from __future__ import annotations

import string
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.i18n import N_, current, gettext, name_of, recovered
from sim.indicator_labels import LABELS, label
from sim.registry import EVENT_KINDS, register

AUDIENCES = ("white", "public", "cells")
"""Who sees a kind by default: White only, everyone, or the cells concerned (named per event)."""

TOPICS = ("injects", "orders", "intel", "red", "news")
"""Feed topics a kind can belong to (the feed's filters besides "all" and "important")."""


@dataclass(frozen=True)
class EventKind:
    """A registered kind of event.

    Attributes:
        name: the kind (``inject.fired``, ``leak``, ...).
        summary: what such an event means, one line (the catalogue lists it).
        fields: payload fields it carries.
        audience: who sees it by default (see :data:`AUDIENCES`).
        wording: the feed's and the report's sentence for it (see the module docstring).
        important: kept by the feed's "important only" filter.
        topics: feed topics (see :data:`TOPICS`).
        open_fields: the payload may carry more than ``fields`` (a response's own details).
        derive: ``derive(record) -> dict`` of extra template fields, or None.
    """

    name: str
    summary: str
    fields: tuple[str, ...]
    audience: str
    wording: str
    important: bool = False
    topics: tuple[str, ...] = ()
    open_fields: bool = False
    derive: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None

    def render(self, record: Mapping[str, Any]) -> str:
        """The sentence for one record of this kind, in the current language (:mod:`sim.i18n`), with actors
        and bodies named by their display names (:func:`sim.i18n.display_names`) rather than their ids."""
        # A logged sentence (a headline, a refusal's reason) is English; recovered() shows it in the reader's language.
        values: dict[str, Any] = {k: recovered(named(v)) for k, v in (record.get("payload") or {}).items()}
        values.update(source=named(record.get("source", "")), target=named(record.get("target", "")),
                      t=record.get("t", 0.0))
        if self.derive is not None:
            values.update({k: recovered(named(v)) for k, v in self.derive(record).items()})
        return _FORMATTER.vformat(gettext(self.wording), (), values)


def named(value: Any) -> Any:
    """An id, a list of ids or ids joined by commas (an inject's ``to``), by display names where known; an
    indicator id by the indicator's name."""
    if isinstance(value, str) and value in LABELS:
        return label(value)
    if value == "all" and current() != "en":  # an inject to every cell, a campaign for every segment
        return gettext(N_("everyone"))
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, str) for v in value):
        return ", ".join(name_of(v) for v in value)
    if isinstance(value, str) and "," in value and " " not in value:
        parts = value.split(",")
        if any(name_of(part) != part for part in parts):
            return ", ".join(name_of(part) for part in parts)
    return name_of(value)


def event_kind(name: str, summary: str, *, fields: tuple[str, ...] = (), audience: str = "cells",
               wording: str, important: bool = False, topics: tuple[str, ...] = (), open_fields: bool = False,
               derive: Callable[[Mapping[str, Any]], Mapping[str, Any]] | None = None) -> EventKind:
    """Register an event kind (names are unique; :mod:`sim.conformance` checks the entry)."""
    return register(EVENT_KINDS, EventKind(name, summary, tuple(fields), audience, wording, important,
                                           tuple(topics), open_fields, derive))


def short_clock(t: float) -> str:
    """``d3 08:00``: day number and time of day, for time stamps in sentences."""
    day = int(t // 24) + 1
    minutes = int(round((t - (day - 1) * 24) * 60))
    if minutes >= 24 * 60:
        day, minutes = day + 1, minutes - 24 * 60
    return f"d{day} {minutes // 60:02d}:{minutes % 60:02d}"


class _Wording(string.Formatter):
    """``str.format`` that forgives: a missing field prints as "", a bad format spec as the plain value."""

    def get_value(self, key, args, kwargs):  # noqa: D102
        value = kwargs.get(key, "") if isinstance(key, str) else ""
        return "" if value is None else value

    def convert_field(self, value, conversion):  # noqa: D102
        if conversion == "c":
            try:
                return short_clock(float(value))
            except (TypeError, ValueError):
                return str(value)
        return super().convert_field(value, conversion)

    def format_field(self, value, format_spec):  # noqa: D102
        try:
            return super().format_field(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_FORMATTER = _Wording()


def template_fields(wording: str) -> list[str]:
    """The field names a template uses (raises ValueError on a malformed template)."""
    return [name for _, name, _, _ in string.Formatter().parse(wording) if name]


def describe(record: Mapping[str, Any]) -> str:
    """One line describing an event record, for people; a kind this version does not know is shown plainly."""
    kind = str(record.get("kind", ""))
    registered = EVENT_KINDS.get(kind)
    if registered is not None:
        return registered.render(record)
    p = record.get("payload") or {}
    body = " ".join(f"{k}={v}" for k, v in p.items() if v not in (None, "", [], {}) and not isinstance(v, (list, dict)))
    src, tgt = record.get("source", ""), record.get("target", "")
    return f"{kind} {src}" + (f" -> {tgt}" if tgt else "") + (f": {body}" if body else "")
