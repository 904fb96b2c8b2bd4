"""The event feed's content: one readable line per event, filters, and the console's own lines.

Each event kind's wording, importance and topics are registered with the kind
(:mod:`sim.eventkinds`); this module applies them.

Live play and the replay viewer show the same records the same way, so this
module works on plain event records (:meth:`sim.events.Event.to_record`) and
never touches pygame. A :class:`FeedEntry` is either an event or a console line
(an echoed command, its result, help text, an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.eventkinds import describe as _describe
from sim.eventkinds import short_clock
from sim.events import EVERYONE, WHITE
from sim.plugins import load_plugins
from sim.registry import EVENT_KINDS

__all__ = ["FILTERS", "FeedEntry", "console_line", "describe", "entry_for", "is_important", "select", "short_clock"]


def _topic(name: str) -> Callable[["FeedEntry"], bool]:
    return lambda e: name in _kind_topics(e.kind)


def _kind_topics(kind: str) -> tuple[str, ...]:
    registered = EVENT_KINDS.get(kind)
    return registered.topics if registered is not None else ()


FILTERS: dict[str, Callable[["FeedEntry"], bool]] = {
    "all": lambda e: True,
    "important": lambda e: e.important,
    "injects": _topic("injects"),
    "orders": lambda e: e.kind.startswith("console") or "orders" in _kind_topics(e.kind),
    "intel": _topic("intel"),
    "red": _topic("red"),
    "news": _topic("news"),
}
"""Feed filters by name, in the order the filter button cycles through them (topics come from the event kinds)."""


@dataclass(frozen=True)
class FeedEntry:
    """One line of the feed.

    Attributes:
        t: clock time (hours).
        kind: event kind, or ``console``, ``console.ok``, ``console.error``, ``console.help``.
        text: what is shown after the time stamp.
        seq: the event's position in the log (-1 for console lines).
        visible_to: cells that may see it (``("*",)`` public; console lines: the cell that typed, or ``()`` for all).
        important: kept by the "important only" filter.
    """

    t: float
    kind: str
    text: str
    seq: int = -1
    visible_to: tuple[str, ...] = ()
    important: bool = False

    def visible_for(self, cell: str) -> bool:
        """Whether ``cell`` sees this line (White sees everything)."""
        if cell == WHITE or not self.visible_to:
            return True
        return EVERYONE in self.visible_to or cell in self.visible_to


def describe(record: Mapping[str, Any]) -> str:
    """One line describing an event record, for people: the kind's registered wording."""
    load_plugins()  # a replay viewer may word records before any exercise was built
    return _describe(record)


def is_important(record: Mapping[str, Any]) -> bool:
    """Whether the "important only" filter keeps an event record (doctrine's routine orders are left out)."""
    load_plugins()
    registered = EVENT_KINDS.get(record.get("kind", ""))
    if registered is None or not registered.important:
        return False
    if str(record.get("kind", "")).startswith("command.") and (record.get("payload") or {}).get("by") == "doctrine":
        return False
    return True


def entry_for(record: Mapping[str, Any]) -> FeedEntry:
    """The feed line of an event record."""
    return FeedEntry(t=float(record.get("t", 0.0)), kind=str(record.get("kind", "")), text=describe(record),
                     seq=int(record.get("seq", -1)), visible_to=tuple(record.get("visible_to", ()) or (WHITE,)),
                     important=is_important(record))


def console_line(t: float, text: str, kind: str = "console", cell: str | None = None) -> FeedEntry:
    """A line the console itself writes (shown to ``cell``, or to everyone when None)."""
    return FeedEntry(t=t, kind=kind, text=text, visible_to=(cell,) if cell else (), important=kind != "console.help")


def select(entries: Iterable[FeedEntry], cell: str, filter_name: str = "all") -> list[FeedEntry]:
    """The entries ``cell`` sees that pass the named filter, in order."""
    keep = FILTERS.get(filter_name, FILTERS["all"])
    return [e for e in entries if e.visible_for(cell) and keep(e)]
