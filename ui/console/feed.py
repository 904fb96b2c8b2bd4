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
from sim.i18n import _, name_of, ngettext, recovered
from sim.events import EVERYONE, WHITE
from sim.plugins import load_plugins
from sim.registry import EVENT_KINDS

__all__ = ["FILTERS", "FeedEntry", "console_line", "describe", "entry_for", "group_repeats", "is_important", "select",
           "short_clock"]

NEWS_GROUP_HOURS = 48.0
"""News items with the same headline within this many hours of the first are one feed line with a count."""


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
        group: entries with the same group are shown as one line (a headline every outlet runs, the polls).
        merged: the seqs of the events a grouped line stands for (empty: just this one).
        source: who it is from (a news item's outlet), for a grouped line's list.
        carrier: the order that carries a message or a note (its acceptance and execution): the MESSAGE or NOTE
            line says it all, so no filter shows it (it stays in the log and the replay).
    """

    t: float
    kind: str
    text: str
    seq: int = -1
    visible_to: tuple[str, ...] = ()
    important: bool = False
    group: str = ""
    merged: tuple[int, ...] = ()
    source: str = ""
    carrier: bool = False

    @property
    def seqs(self) -> tuple[int, ...]:
        """The seqs of the events this line stands for."""
        return self.merged or ((self.seq,) if self.seq >= 0 else ())

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
    if is_carrier(record):
        return False  # White carrying a message: the message.sent event is the important line, not the order
    return True


CARRIED = ("msg", "note")
"""Actions whose only outcome is an event of their own (``message.sent``, ``eval.note``)."""


def is_carrier(record: Mapping[str, Any]) -> bool:
    """Whether an event record is the order carrying a message or a note (accepted, executed), not its content."""
    return (str(record.get("kind", "")) in ("command.accepted", "response.executed")
            and (record.get("payload") or {}).get("action") in CARRIED)


def _group_of(record: Mapping[str, Any]) -> str:
    kind = record.get("kind")
    if kind == "news":
        return "news\x00" + str((record.get("payload") or {}).get("headline", ""))
    if kind == "poll":
        return "poll"
    return ""


def entry_for(record: Mapping[str, Any]) -> FeedEntry:
    """The feed line of an event record."""
    return FeedEntry(t=float(record.get("t", 0.0)), kind=str(record.get("kind", "")), text=describe(record),
                     seq=int(record.get("seq", -1)), visible_to=tuple(record.get("visible_to", ()) or (WHITE,)),
                     important=is_important(record), group=_group_of(record), source=str(record.get("source", "")),
                     carrier=is_carrier(record))


def _merged_text(first: FeedEntry, group: list[FeedEntry]) -> str:
    if first.kind == "poll":
        return _("{text} (poll {count} of the run; the indicators show them all)").format(text=group[-1].text,
                                                                                              count=len(group))
    headline = recovered(first.group.split("\x00", 1)[1])
    sources = list(dict.fromkeys(name_of(e.source) for e in group))
    shown = ", ".join(sources[:3]) + (" " + _("and {count} more").format(count=len(sources) - 3) if len(sources) > 3 else "")
    count = f"{len(group)}x" if len(sources) == 1 else ngettext("{count} outlet", "{count} outlets",
                                                                len(sources)).format(count=len(sources))
    return f"{headline} ({count}: {shown})"


def group_repeats(entries: Iterable[FeedEntry]) -> list[FeedEntry]:
    """``entries`` with repeats shown once: the same headline within :data:`NEWS_GROUP_HOURS` becomes one line
    with a count of its outlets, and the polls one line (the latest), each at the time of its newest item."""
    out: list[FeedEntry | None] = []
    open_groups: dict[str, tuple[int, float, list[FeedEntry]]] = {}
    for entry in entries:
        if not entry.group:
            out.append(entry)
            continue
        held = open_groups.get(entry.group)
        if held is not None and (entry.kind == "poll" or entry.t - held[1] <= NEWS_GROUP_HOURS):
            index, first_t, members = held
            out[index] = None  # the group moves down to its newest item
            members.append(entry)
        else:
            first_t, members = entry.t, [entry]
        out.append(entry)
        open_groups[entry.group] = (len(out) - 1, first_t, members)
        if len(members) > 1:
            out[-1] = FeedEntry(t=entry.t, kind=entry.kind, text=_merged_text(members[0], members), seq=entry.seq,
                                visible_to=entry.visible_to, important=any(m.important for m in members),
                                group=entry.group, merged=tuple(m.seq for m in members), source=entry.source)
    return [e for e in out if e is not None]


def console_line(t: float, text: str, kind: str = "console", cell: str | None = None) -> FeedEntry:
    """A line the console itself writes (shown to ``cell``, or to everyone when None)."""
    return FeedEntry(t=t, kind=kind, text=text, visible_to=(cell,) if cell else (), important=kind != "console.help")


def select(entries: Iterable[FeedEntry], cell: str, filter_name: str = "all") -> list[FeedEntry]:
    """The entries ``cell`` sees that pass the named filter, in order."""
    keep = FILTERS.get(filter_name, FILTERS["all"])
    return [e for e in entries if e.visible_for(cell) and not e.carrier and keep(e)]
