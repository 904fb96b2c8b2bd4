"""The event log: immutable records, append-only, with a canonical form and a running sha256.

The log is the exercise's truth. Every inject fired, command accepted or refused,
operation launched, detection, news item and poll is an :class:`Event`. A replay
stores the records in their canonical JSON form; re-simulating the replay must
reproduce them byte for byte, which the running hash makes cheap to check.

Canonical form: JSON with sorted keys, no spaces, UTF-8, floats rounded to
6 decimals (so a value is written the same whatever arithmetic produced its
last bits), numpy scalars converted to Python numbers, tuples as lists.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

EVERYONE = "*"
"""``visible_to`` value for public events (news, polls, public statements)."""

WHITE = "white"
"""The exercise-control cell; it sees every event."""

GENESIS = "0" * 64
"""The running hash before the first record."""


def canonical(value: Any) -> Any:
    """Plain, JSON-ready data with floats rounded, for hashing and writing."""
    # Fast paths first: samples are mostly flat lists and dicts of plain numbers.
    kind = type(value)
    if kind is float:
        v = round(value, 6)
        return 0.0 if v == 0 else v
    if kind is int or kind is str or value is None or kind is bool:
        return value
    if kind is list and all(type(v) is int for v in value):
        return list(value)
    if isinstance(value, np.ndarray) and value.dtype.kind in "iub":
        return value.tolist()
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        v = round(float(value), 6)
        return 0.0 if v == 0 else v  # no "-0.0"
    if isinstance(value, str) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [canonical(v) for v in value]
    raise TypeError(f"cannot log a value of type {type(value).__name__}")


def freeze(value: Any) -> Any:
    """A read-only deep copy of canonical data: mappings become mapping proxies, lists tuples.

    An event is hashed and written the moment it is logged; freezing its payload
    keeps anyone from changing it afterwards.
    """
    if isinstance(value, Mapping):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def dumps(value: Any) -> str:
    """Canonical JSON text of already-canonical data."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


@dataclass(frozen=True)
class Event:
    """One record of what happened.

    Attributes:
        seq: position in the log, from 0.
        t: clock time in hours since the scenario start.
        kind: dotted kind, e.g. ``inject.fired``, ``command.refused``, ``operation.launched``,
            ``detection``, ``news``, ``poll``.
        source: who did it (actor, cell, body or ``engine``).
        target: whom or what it concerns ("" if nothing).
        payload: kind-specific details (plain data).
        visible_to: cells that may see it; ``("*",)`` is public. White sees everything.
        tags: vocabulary tags: DISARM ids, Hybrid CoE domains, DIMEFIL levers.
    """

    seq: int
    t: float
    kind: str
    source: str
    target: str = ""
    payload: Mapping[str, Any] = field(default_factory=dict)
    visible_to: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        """The canonical dict written to the replay (``type`` marks it as an event)."""
        return {
            "type": "event",
            "seq": self.seq,
            "t": canonical(self.t),
            "kind": self.kind,
            "source": self.source,
            "target": self.target,
            "payload": canonical(self.payload),
            "visible_to": list(self.visible_to),
            "tags": list(self.tags),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> "Event":
        """Rebuild an event from its replay record."""
        return cls(
            seq=int(record["seq"]),
            t=float(record["t"]),
            kind=str(record["kind"]),
            source=str(record["source"]),
            target=str(record.get("target", "")),
            payload=dict(record.get("payload", {})),
            visible_to=tuple(record.get("visible_to", ())),
            tags=tuple(record.get("tags", ())),
        )

    def visible_for(self, cell: str) -> bool:
        """Whether ``cell`` may see this event."""
        return cell == WHITE or EVERYONE in self.visible_to or cell in self.visible_to


def chain(previous: str, line: str) -> str:
    """Next running hash: sha256 of the previous hex digest and the canonical line."""
    return hashlib.sha256((previous + "\n" + line).encode("utf-8")).hexdigest()


class EventLog:
    """Append-only sequence of events with a running sha256 over their canonical lines.

    Listeners (the replay writer, the console) are called with each event and its
    canonical line as it is appended.
    """

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._digest = GENESIS
        self._listeners: list[Callable[[Event, str], None]] = []

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self):
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    @property
    def sha256(self) -> str:
        """Running hash of every record so far."""
        return self._digest

    def subscribe(self, listener: Callable[[Event, str], None]) -> None:
        """Call ``listener(event, canonical_line)`` for every later append."""
        self._listeners.append(listener)

    def append(
        self,
        t: float,
        kind: str,
        source: str,
        target: str = "",
        payload: Mapping[str, Any] | None = None,
        visible_to: Iterable[str] = (),
        tags: Iterable[str] = (),
    ) -> Event:
        """Record an event at time ``t`` and return it."""
        event = Event(
            seq=len(self._events),
            t=float(t),
            kind=kind,
            source=source,
            target=target,
            payload=freeze(canonical(payload or {})),
            visible_to=tuple(dict.fromkeys(visible_to)),
            tags=tuple(dict.fromkeys(tags)),
        )
        line = dumps(event.to_record())
        self._events.append(event)
        self._digest = chain(self._digest, line)
        for listener in self._listeners:
            listener(event, line)
        return event

    def visible(self, cell: str, since: int = 0) -> list[Event]:
        """Events from position ``since`` on that ``cell`` may see."""
        return [e for e in self._events[since:] if e.visible_for(cell)]
