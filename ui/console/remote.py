"""A console that is a seat of a networked session: the screens of today, fed by what the host sends.

:class:`RemoteSession` stands where :class:`~ui.console.session.LiveSession` stands for the screens
(the same attributes and methods), but it owns no exercise: the host does. Each frame it drains the
messages the seat's link received (:class:`ui.net.client.BackgroundLink`) into a
:class:`MirrorExercise` — the events this seat may see, its clock, its observation, the polls (from
the public poll events) or, for a seat that sees the truth, the indicator samples — and typed lines
go to the host, whose answers come back as feed lines. The mirror only ever holds what the host
chose to send, so what the screens can show is what the seat may see.

It never imports pygame or websockets: tests drive it with messages directly.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

from sim.events import WHITE, Event
from sim.i18n import _, recovered
from ui.net.seats import ROLE_NAMES
from sim.exercise import Cell
from sim.observation import Observation
from sim.timeexpr import describe, parse_start
from ui.console.feed import FeedEntry, console_line, entry_for
from ui.console.msel import STATES, MselRow
from ui.console.session import SPEEDS, Toast, TOAST_SECONDS, pending_order_text
from ui.console.white import is_evaluator

LOCAL_WORDS = ("help",)
"""Control words the console answers itself (from the catalogue and what the seat knows)."""


class MirrorLog:
    """The events a seat has received, in log order, with the listeners the screens subscribe."""

    def __init__(self) -> None:
        self._events: list[Event] = []
        self._listeners: list[Callable[[Event, str], None]] = []

    def __len__(self) -> int:
        return len(self._events)

    def __iter__(self):
        return iter(self._events)

    def __getitem__(self, index: int) -> Event:
        return self._events[index]

    def subscribe(self, listener: Callable[[Event, str], None]) -> None:
        """Call ``listener(event, "")`` for every event received from now on."""
        self._listeners.append(listener)

    def add(self, record: dict[str, Any]) -> Event | None:
        """Append a received record (one already held, by its seq, is ignored); returns the event or None."""
        seq = int(record["seq"])
        if self._events and seq <= self._events[-1].seq:
            return None
        event = Event.from_record(record)
        self._events.append(event)
        for listener in self._listeners:
            listener(event, "")
        return event

    def roll_back(self, size: int) -> int:
        """Forget the events from seq ``size`` on (a host resumed with fewer); returns how many went."""
        keep = [e for e in self._events if e.seq < size]
        gone = len(self._events) - len(keep)
        self._events = keep
        return gone

    @property
    def last_seq(self) -> int:
        """The last seq held (-1: none)."""
        return self._events[-1].seq if self._events else -1


class MirrorIndicators:
    """The true indicator series (seats that see the truth) as the indicator panel reads them."""

    def __init__(self, start: dict[str, float]) -> None:
        self.start = dict(start)
        self.times: list[float] = []
        self.series: dict[str, list[float]] = {k: [] for k in start}

    def reset(self, times: Sequence[float], values: dict[str, Sequence[float]]) -> None:
        """Replace the series with the host's (a welcome)."""
        self.times = list(times)
        self.series = {k: list(v) for k, v in values.items()}

    def add(self, t: float, values: dict[str, float]) -> None:
        """Append one sample."""
        if self.times and t <= self.times[-1]:
            return
        self.times.append(float(t))
        for name, value in values.items():
            self.series.setdefault(name, []).append(float(value))


class MirrorInjects:
    """White's MSEL as received: the pending numbers and, for the briefing, each inject's kind."""

    def __init__(self) -> None:
        self._pending: list[int] = []
        self.states: dict[int, Any] = {}

    def pending(self) -> list[int]:
        """Numbers of the injects that may still fire."""
        return list(self._pending)


class MirrorExercise:
    """The exercise as one seat knows it, built from the host's messages (see the module docstring).

    Attributes mirror :class:`sim.exercise.Exercise` as far as the console reads them.
    """

    def __init__(self, welcome: dict[str, Any]) -> None:
        sc = welcome["scenario"]
        self.scenario = SimpleNamespace(
            id=sc["id"], title=sc["title"], summary=sc.get("summary", ""), briefing=sc.get("briefing", ""),
            learning_objectives=list(sc.get("learning_objectives", [])),
            duration=SimpleNamespace(days=float(sc["days"])), start=sc["start"],
            objectives=[SimpleNamespace(**o) for o in sc.get("objectives", [])],
            narratives=[SimpleNamespace(id=n) for n in sc.get("narratives", [])],
            actors=[SimpleNamespace(id=a["id"], kind=a["kind"], name=a.get("name", ""),
                                    staff=[SimpleNamespace(id=s) for s in a.get("staff", ())],
                                    ownership=a.get("flavour", "")) for a in welcome.get("actors", [])],
        )
        self.seed = welcome.get("seed")
        self.start_datetime: datetime = parse_start(sc["start"])
        self.end = float(welcome["end"])
        self.tick_hours = float(sc.get("tick_hours", 1.0))
        self.cells = {c["id"]: Cell(c["id"], c["title"], tuple(c["bodies"]), tuple(c["actions"]), False,
                                    bool(c.get("held")), c.get("actor", "")) for c in welcome["cells"]}
        self.white_actions = tuple(welcome.get("white_actions", ()))
        self.log = MirrorLog()
        self.indicators = MirrorIndicators(welcome.get("start_values", {}))
        self.polls: list[dict[str, Any]] = []
        self.injects = MirrorInjects()
        self.orders: list[Any] = []
        self.operations: dict[str, Any] = {}
        self.actors: dict[str, Any] = {
            a.id: SimpleNamespace(actor_id=a.id, display_name=a.name or a.id, spec=SimpleNamespace(kind=a.kind),
                                  capacity=None, censored=False)
            for a in self.scenario.actors}
        self.capital: Any = None
        self.now = 0.0
        self.finished = False
        self.state: dict[str, Any] = {}
        self.target_lists: dict[str, list[str]] = {}

    # -- what the screens ask ----------------------------------------------------------------

    def clock(self, t: float | None = None) -> str:
        """A clock reading as players see it."""
        return describe(self.now if t is None else t, self.start_datetime)

    def actors_of(self, kind: str) -> list[Any]:
        """Actors of one kind, in scenario order."""
        return [a for a in self.actors.values() if a.spec.kind == kind]

    def allowed_actions(self, cell: str) -> tuple[str, ...]:
        """What ``cell`` may order (White: the controls the host listed)."""
        if cell == WHITE:
            return self.white_actions
        spec = self.cells.get(cell)
        return spec.actions if spec is not None else ()

    def targets(self, kind: str) -> list[str]:
        """The ids the host last listed for a target kind ([] if none were sent)."""
        return list(self.target_lists.get(kind, []))

    def government_cells(self) -> list[str]:
        """The Dutch cells."""
        return [c.id for c in self.cells.values() if not c.actor]

    # -- what the host sends -----------------------------------------------------------------

    def add_event(self, record: dict[str, Any]) -> Event | None:
        """A received event; a poll also becomes a published poll."""
        event = self.log.add(record)
        if event is not None and event.kind == "poll":
            self.polls.append({"t": event.t, "as_of": float(event.payload.get("as_of", event.t)),
                               "values": dict(event.payload.get("values", {}))})
        return event

    def roll_back(self, size: int) -> None:
        """Forget events from seq ``size`` on, and the polls they published."""
        if self.log.roll_back(size):
            self.polls = [{"t": e.t, "as_of": float(e.payload.get("as_of", e.t)), "values": dict(e.payload["values"])}
                          for e in self.log if e.kind == "poll"]

    def apply_state(self, state: dict[str, Any]) -> None:
        """The clock and the seat's observation."""
        self.state = state
        self.now = float(state["t"])
        self.finished = bool(state.get("finished"))
        capital = state.get("capital")
        self.capital = SimpleNamespace(**capital) if capital else None
        self.injects._pending = list(state.get("pending_injects", []))
        muted = set(state.get("muted", []))
        for actor in self.actors.values():
            bar = state.get("bars", {}).get(actor.actor_id)
            # The map draws available / (per_day * bank_days): the host sends that share itself.
            actor.capacity = SimpleNamespace(available=bar, per_day=1.0, bank_days=1.0) if bar is not None else None
            actor.censored = actor.actor_id in muted

    def apply_msel(self, rows: list[dict[str, Any]]) -> list[MselRow]:
        """White's MSEL rows; also what the briefing counts."""
        parsed = [MselRow(**{**row, "state": STATES.get(row.get("state"), row.get("state"))}) for row in rows]
        self.injects.states = {r.no: SimpleNamespace(inject=SimpleNamespace(critical=r.critical,
                                                                            contingency=r.state == "contingency"))
                               for r in parsed}
        return parsed


class RemoteSession:
    """The screens' session for a networked seat (see the module docstring).

    Attributes:
        seat / role: whose seat and its role (``cell``, ``white``, ``observer``, ``evaluator``).
        exercise: the :class:`MirrorExercise` (None until the host has welcomed the seat).
        cell: the seat's name as the screens know it; ``view`` whose picture it sees.
        entries / toasts: the feed and the inject notifications, as at a local console.
        connected: the link is up; ``failed``: why the host refused the seat.
        seats: White's view of who is connected (rows from the host).
        notice: the last line the host sent everyone (a pause and why), shown as a banner while paused.
        networked: always True (the screens draw the network panels for it).
    """

    networked = True
    writer = None
    rebuilding = False
    scheduled: tuple = ()
    hotwash = False
    awaiting_hotwash = False
    fast_forward_to = None
    parent = None

    def __init__(self, url: str, link: Any = None, speeds: Sequence[Any] = SPEEDS) -> None:
        self.url = url
        self.link = link
        self.exercise: MirrorExercise | None = None
        self.seat = ""
        self.role = ""
        self.cell = ""
        self._view = ""
        self.switchable: list[str] = []
        self.white = False
        self.entries: list[FeedEntry] = []
        self.toasts: list[Toast] = []
        self.speed_index = 0
        self.paused = False
        self.pause_on_critical = True
        self.on_screen: list[int] = []
        self.last_sample: dict[str, Any] | None = None
        self.start_values: dict[str, float] = {}
        self.replay_path = url
        self.digest: str | None = None
        self.msel: list[MselRow] = []
        self.seats: list[dict[str, Any]] = []
        self.seats_wall = 0.0
        self.notice = ""
        self.connected = False
        self.failed = ""
        self.ended = False
        self.closed = False
        self.quit_requested = False
        self.running = 0.0
        self.wall = 0.0
        self.received = 0
        self._speeds = speeds

    # -- state -----------------------------------------------------------------------------

    @property
    def speed(self):
        """The host's clock speed."""
        return self._speeds[max(0, min(len(self._speeds) - 1, self.speed_index))]

    @property
    def view(self) -> str:
        """Whose picture this seat sees (an evaluator: White's)."""
        return WHITE if is_evaluator(self.cell) else self._view

    @property
    def evaluating(self) -> bool:
        """The seat is an evaluator's."""
        return self.role == "evaluator"

    @property
    def finished(self) -> bool:
        """The host's exercise reached its end."""
        return self.ended

    @property
    def done(self) -> bool:
        """Over: the host ended the exercise, or this console quit."""
        return self.ended or self.quit_requested

    @property
    def ready(self) -> bool:
        """The host has welcomed the seat (the screens can draw)."""
        return self.exercise is not None

    # -- messages ----------------------------------------------------------------------------

    def advance(self, wall_dt: float, budget: float = 0.02) -> float:
        """Take in what the host sent since the last frame; returns the clock hours it moved."""
        self.wall += wall_dt
        if not self.paused:
            self.running += wall_dt
        before = self.exercise.now if self.exercise is not None else 0.0
        if self.link is not None:
            for message in self.link.drain():
                self.receive(message)
        return (self.exercise.now if self.exercise is not None else 0.0) - before

    def receive(self, message: dict[str, Any]) -> None:
        """Apply one host message (see :mod:`ui.net.protocol`)."""
        self.received += 1
        kind = message.get("type")
        handler = getattr(self, f"_on_{kind}", None)
        if handler is not None:
            handler(message)

    def _on_welcome(self, m: dict[str, Any]) -> None:
        fresh = self.exercise is None or self.exercise.scenario.id != m["scenario"]["id"] or self.seat != m["seat"]
        if fresh:
            self.exercise = MirrorExercise(m)
            self.entries = []
        else:
            assert self.exercise is not None
            self.exercise.roll_back(int(m.get("log_size", 0)))
            self.entries = [e for e in self.entries if e.seq < int(m.get("log_size", 0))]
        ex = self.exercise
        self.seat, self.role = m["seat"], m["role"]
        self.cell = m["seat"] if m["role"] in ("cell", "evaluator") else WHITE if m["role"] == "white" else m["view"]
        self._view = m["view"]
        self.white = m["role"] == "white"
        self.switchable = [self.cell]
        self.start_values = dict(m.get("start_values", {}))
        if m.get("replay"):
            self.replay_path = _("{path} (at the host)").format(path=m["replay"])
        if "series" in m:
            ex.indicators.reset(m["series"]["times"], m["series"]["values"])
        if m.get("last_sample"):
            self.last_sample = m["last_sample"]
        self.connected = True
        joined = (_("joined {url} as {seat} ({role}); the host runs the clock") if fresh else
                  _("joined {url} again as {seat} ({role}); the host runs the clock"))
        self.say(joined.format(url=self.url, seat=self.seat, role=_(ROLE_NAMES.get(self.role, self.role))),
                 "console.ok")

    def _on_events(self, m: dict[str, Any]) -> None:
        for record in m["records"]:
            self._event(record)

    def _on_event(self, m: dict[str, Any]) -> None:
        self._event(m["record"])

    def _event(self, record: dict[str, Any]) -> None:
        if self.exercise is None:
            return
        event = self.exercise.add_event(record)
        if event is None:
            return
        entry = entry_for(record)
        self.entries.append(entry)
        if event.kind == "inject.fired":
            self.toasts.append(Toast(entry, self.running, bool(event.payload.get("critical"))))

    def _on_sample(self, m: dict[str, Any]) -> None:
        if self.exercise is None:
            return
        record = m["record"]
        self.last_sample = record
        self.exercise.indicators.add(float(record["t"]), record.get("indicators", {}))

    def _on_state(self, m: dict[str, Any]) -> None:
        if self.exercise is None:
            return
        state = m["data"]
        self.exercise.apply_state(state)
        self.paused = bool(state.get("paused"))
        self.speed_index = int(state.get("speed", 0))
        if state.get("done"):
            self.ended = True

    def _on_targets(self, m: dict[str, Any]) -> None:
        if self.exercise is not None:
            self.exercise.target_lists = {k: list(v) for k, v in m["data"].items()}

    def _on_msel(self, m: dict[str, Any]) -> None:
        if self.exercise is not None:
            self.msel = self.exercise.apply_msel(m["data"])

    def _on_seats(self, m: dict[str, Any]) -> None:
        self.seats = list(m["seats"])
        self.seats_wall = float(m.get("wall", 0.0))

    def _on_reply(self, m: dict[str, Any]) -> None:
        text, kind = recovered(str(m.get("text", ""))), str(m.get("kind", "console"))  # the host's English, in ours
        t = m.get("t")
        if isinstance(t, (int, float)) and not isinstance(t, bool):  # a line about an event: at the event's time
            self.entries.append(console_line(float(t), text, kind, self.cell or None))
        else:
            self.say(text, kind)

    def _on_notice(self, m: dict[str, Any]) -> None:
        self.notice = recovered(str(m.get("text", "")))
        if "paused" in m:
            self.paused = bool(m["paused"])
        self.say(self.notice, str(m.get("kind", "console.ok")))

    def _on_error(self, m: dict[str, Any]) -> None:
        self.say(_("host: {message}").format(message=recovered(str(m.get("message", "")))), "console.error")

    def _on_failed(self, m: dict[str, Any]) -> None:
        self.failed = str(m.get("message", ""))
        self.say(_("refused by the host: {reason}").format(reason=recovered(self.failed)), "console.error")

    def _on_disconnected(self, m: dict[str, Any]) -> None:
        self.connected = False
        if not self.ended:
            self.say(_("lost the host; reconnecting (the exercise goes on there; you will get what you missed)"),
                     "console.error")

    def _on_end(self, m: dict[str, Any]) -> None:
        self.ended = True
        self.digest = m.get("log_sha256")
        if m.get("replay"):
            self.replay_path = _("{path} (at the host)").format(path=m["replay"])
        self.say(_("the exercise ended at {clock}; the host saved the replay").format(
            clock=recovered(m.get("clock", ""))), "console.ok")

    # -- what the screens ask ----------------------------------------------------------------

    def say(self, text: str, kind: str = "console", cell: str | None = None) -> FeedEntry:
        """Add a console line to the feed."""
        t = self.exercise.now if self.exercise is not None else 0.0
        entry = console_line(t, text, kind, cell or self.cell or None)
        self.entries.append(entry)
        return entry

    def enter(self, text: str) -> list[FeedEntry]:
        """Send a typed line to the host (``help`` is answered here); the answer arrives as a reply."""
        text = text.strip()
        if not text:
            return []
        before = len(self.entries)
        word = text.split()[0].lower()
        if word in LOCAL_WORDS and self.exercise is not None:
            from ui.console.completion import help_lines

            self.say(f"{self.cell}> {text}", "console")
            topic = text.split()[1] if len(text.split()) > 1 else ""
            for line in help_lines(self.exercise, self.view if self.view != WHITE or self.white else WHITE, topic):
                self.say(line, "console.help")
            if word == "help" and not topic and self.role != "observer":
                self.say(_("msg CELL|white|all words: a message (logged; the sender, the recipients and White "
                           "read it)"), "console.help")
            return self.entries[before:]
        if self.link is None or not self.link.send_line(text, self.on_screen):
            self.say(f"{self.cell}> {text}", "console")
            self.say(_("not sent: the host is not connected (reconnecting)"), "console.error")
        return self.entries[before:]

    def set_speed(self, index: int) -> None:
        """Ask the host for another speed (White only: the host refuses the others)."""
        index = max(0, min(len(self._speeds) - 1, index))
        if index != self.speed_index:
            self.enter(f"speed {index + 1}")

    def observation(self, cell: str | None = None) -> Observation:
        """The seat's observation as the host last sent it (the polls and series from what was received)."""
        ex = self.exercise
        assert ex is not None
        state = ex.state
        truth = self.view == WHITE
        indicators = {k: (math.nan if v is None else float(v)) for k, v in (state.get("indicators") or {}).items()}
        if not indicators:
            indicators = {k: math.nan for k in self.start_values}
        if truth:
            series = ex.indicators.series
        else:
            series = {k: [p["values"].get(k, math.nan) for p in ex.polls] for k in indicators}
        as_of = state.get("as_of")
        return Observation(t=ex.now, clock=ex.clock(), cell=self.view, truth=truth, indicators=indicators,
                           indicators_as_of=math.nan if as_of is None else float(as_of), series=series, events=[],
                           capacity=dict(state.get("capacity", {})), orders=list(state.get("orders", [])),
                           known_operations=list(state.get("known_operations", [])),
                           pending_injects=list(state.get("pending_injects", [])), log_size=len(ex.log))

    def visible_entries(self, cell: str | None = None) -> list[FeedEntry]:
        """Everything in the feed: the host sent only what this seat may see."""
        return list(self.entries)

    def active_toasts(self) -> list[Toast]:
        """Inject notifications still on screen (they age only while the clock runs)."""
        self.toasts = [t for t in self.toasts if t.age(self.running) < TOAST_SECONDS * (2 if t.critical else 1)]
        return list(self.toasts)

    def msel_rows(self) -> list[MselRow]:
        """White's MSEL as the host last sent it."""
        return list(self.msel)

    def messages(self) -> list[FeedEntry]:
        """The messages this seat sent or received, oldest first."""
        return [e for e in self.entries if e.kind == "message.sent"]

    def status_lines(self) -> list[str]:
        """Lines for ``status`` (the host answers it; this is the local fallback)."""
        obs = self.observation()
        lines = [f"{obs.clock} · {'paused' if self.paused else self.speed.label} · seat {self.seat} · {self.url}"]
        lines += [f"  {pending_order_text(o)}" for o in obs.orders]
        return lines

    def summary(self) -> dict[str, Any]:
        """Counts for the end screen (of what this seat saw)."""
        kinds: dict[str, int] = {}
        ex = self.exercise
        for event in ex.log if ex is not None else ():
            kinds[event.kind] = kinds.get(event.kind, 0) + 1
        return {"events": len(ex.log) if ex is not None else 0, "kinds": kinds, "orders": 0, "operations": 0}

    def close(self, hotwash: Iterable[dict[str, Any]] = ()) -> str | None:
        """Leave the session (the exercise goes on at the host)."""
        if not self.closed:
            self.closed = True
            if self.link is not None:
                self.link.close()
        return self.digest

    def abandon(self) -> None:
        """As :meth:`close`: the host keeps the replay."""
        self.close()
