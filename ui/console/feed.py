"""The event feed's content: one readable line per event, filters, and the console's own lines.

Live play and the replay viewer show the same records the same way, so this
module works on plain event records (:meth:`sim.events.Event.to_record`) and
never touches pygame. A :class:`FeedEntry` is either an event or a console line
(an echoed command, its result, help text, an error).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sim.events import EVERYONE, WHITE

IMPORTANT_KINDS = frozenset({
    "inject.fired", "command.accepted", "command.refused", "response.failed", "operation.launched",
    "detection", "investigation.concluded", "leak", "overreach", "statement", "demonstration", "disorder",
    "acquisition.announced",
})
"""Kinds kept by the "important only" filter (doctrine's routine orders are left out too)."""

FILTERS: dict[str, Callable[["FeedEntry"], bool]] = {
    "all": lambda e: True,
    "important": lambda e: e.important,
    "injects": lambda e: e.kind.startswith("inject."),
    "orders": lambda e: e.kind.startswith(("command.", "response.", "console")),
    "intel": lambda e: e.kind in ("detection", "signals.shared", "investigation.concluded"),
    "red": lambda e: e.kind in ("operation.launched", "operation.ended", "narrative.seeded", "actor.adapts",
                                "leak", "statement", "demonstration", "disorder", "acquisition.announced",
                                "acquisition.completed", "staff.replaced", "noise"),
    "news": lambda e: e.kind in ("news", "poll", "statement", "leak", "demonstration", "disorder",
                                 "acquisition.announced", "acquisition.completed"),
}
"""Feed filters by name, in the order the filter button cycles through them."""

SHORT_INDICATORS = {
    "decision_integrity": "decisions", "rule_of_law": "rule of law", "election_integrity": "elections",
    "fundamental_freedoms": "freedoms", "social_cohesion": "cohesion", "public_trust": "trust",
    "diaspora_security": "diaspora", "economic_security": "economy", "cyber_resilience": "cyber",
}


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


def short_clock(t: float) -> str:
    """``d3 08:00``: day number and time of day, for the feed's time stamps."""
    day = int(t // 24) + 1
    minutes = int(round((t - (day - 1) * 24) * 60))
    if minutes >= 24 * 60:
        day, minutes = day + 1, minutes - 24 * 60
    return f"d{day} {minutes // 60:02d}:{minutes % 60:02d}"


def _pct(value: Any) -> str:
    try:
        return f"{float(value) * 100:.0f}%"
    except (TypeError, ValueError):
        return str(value)


def _params(params: Mapping[str, Any]) -> str:
    return " ".join(f"{k}={v}" for k, v in params.items() if v not in (None, "", [], {}))


def describe(record: Mapping[str, Any]) -> str:
    """One line describing an event record, for people."""
    kind = record.get("kind", "")
    p: Mapping[str, Any] = record.get("payload", {}) or {}
    src, tgt = record.get("source", ""), record.get("target", "")
    if kind == "inject.fired":
        mark = "CRITICAL " if p.get("critical") else ""
        return f"{mark}INJECT {p.get('no')} from {src} to {tgt}: {p.get('synopsis', '')}"
    if kind == "inject.notes":
        return f"controller note, inject {p.get('no')}: {p.get('notes', '')}"
    if kind == "command.accepted":
        who = " (doctrine)" if p.get("by") == "doctrine" else ""
        extra = _params(p.get("params", {}) or {})
        what = " ".join(x for x in (p.get("action", ""), tgt, extra) if x)
        return f"{p.get('order')} {what} accepted{who}: {p.get('body')} acts, effective {short_clock(float(p.get('effective', record.get('t', 0))))}"
    if kind == "command.refused":
        who = " (doctrine)" if p.get("by") == "doctrine" else ""
        return f"{src} refused{who}: {p.get('command', '')}: {p.get('reason', '')}"
    if kind == "response.executed":
        details = {k: v for k, v in p.items() if k not in ("order", "action") and not isinstance(v, (list, dict))}
        extra = f" ({_params(details)})" if details else ""
        return f"{p.get('order')} {p.get('action')} {tgt}".rstrip() + f" carried out{extra}"
    if kind == "response.failed":
        return f"{p.get('order')} {p.get('action')} {tgt}".rstrip() + f" failed: {p.get('reason', '')}"
    if kind == "operation.launched":
        where = f" against {tgt}" if tgt else ""
        staff = f" via {p.get('staff')}" if p.get("staff") else ""
        return f"RED {p.get('operation')} {src} launches {p.get('technique')}{where}{staff}"
    if kind == "operation.ended":
        return f"RED {p.get('operation')} {p.get('technique')} by {src} ended: {p.get('outcome')}"
    if kind == "narrative.seeded":
        return f"narrative {tgt} seeded by {src} ({p.get('spreaders')} spreaders)"
    if kind == "detection":
        what = p.get("summary") or p.get("technique")
        return (f"DETECTED by {src}: {p.get('technique')} ({p.get('operation')}); suspected {p.get('suspected')}, "
                f"confidence {_pct(p.get('confidence'))}. {what}")
    if kind == "signals.shared":
        ops = p.get("operations") or []
        return f"{src} shared signals with all cells: {len(ops)} known operation{'s' if len(ops) != 1 else ''}"
    if kind == "investigation.concluded":
        return f"investigation {p.get('order')} into {tgt} concluded: attribution confidence {_pct(p.get('confidence'))}"
    if kind == "leak":
        return f"LEAK: {p.get('title', '')} (source {src})"
    if kind == "news":
        return f"{src}: {p.get('headline', '')}"
    if kind == "poll":
        values = p.get("values", {}) or {}
        parts = [f"{SHORT_INDICATORS.get(k, k)} {float(v):.0f}" for k, v in values.items()]
        return f"poll (fieldwork {short_clock(float(p.get('as_of', 0)))}): " + ", ".join(parts)
    if kind == "statement":
        return f"STATEMENT by {p.get('by') or src}: {p.get('text', '')}"
    if kind == "actor.adapts":
        return f"{src} adapts after {p.get('response')}: deterrence {p.get('deterrence')}, escalation {p.get('escalation')}"
    if kind == "overreach":
        what = p.get("measure") or p.get("what") or p.get("reason") or ""
        order = f" (order {p.get('order')})" if p.get("order") else ""
        return f"OVERREACH by {src}{order}" + (f": {what}" if what else "") + (f" against {tgt}" if tgt else "")
    if kind == "noise":
        return f"{tgt} reported by {src} was a false signal (noise)"
    if kind == "demonstration":
        return f"DEMONSTRATION by {src}: {p.get('theme', '')} (size {p.get('size')})"
    if kind == "disorder":
        return f"DISORDER at the demonstration of {src}"
    if kind == "acquisition.announced":
        return f"{src} announces a takeover in {p.get('sector') or tgt}"
    if kind == "acquisition.completed":
        return f"takeover by {src} of {tgt} completed"
    if kind == "staff.replaced":
        return f"{src} replaces {p.get('replaces')} with {tgt}"
    body = _params({k: v for k, v in p.items() if not isinstance(v, (list, dict))})
    return f"{kind} {src}" + (f" -> {tgt}" if tgt else "") + (f": {body}" if body else "")


def is_important(record: Mapping[str, Any]) -> bool:
    """Whether the "important only" filter keeps an event record."""
    kind = record.get("kind", "")
    if kind not in IMPORTANT_KINDS:
        return False
    if kind.startswith("command.") and (record.get("payload") or {}).get("by") == "doctrine":
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
