"""The host: the one exercise, its clock and its replay, and the seats that join it over WebSockets.

The host is the single authority. It drives a :class:`~ui.console.session.LiveSession` exactly as
the console does (the clock in slices within a frame budget, the replay writer attached from the
first event), and every line a seat types is handed to that session as typed by that seat — after
:mod:`ui.net.roles` has checked the seat may type it — so the replay records it as today and
``weerbaar verify`` re-simulates the host's replay like any other.

Fan-out follows the fog: each event is sent, as its canonical record, only to the connections whose
view may see it (:meth:`sim.events.Event.visible_for`, the rule :meth:`Exercise.observe` applies);
the true indicator samples only to White, evaluators and observers of the truth. A seat that joins
says which event it has up to (``since``) and gets the rest of its picture first, then the live
stream, with nothing in between: the catch-up and the registration happen in one step of the
event loop, while the exercise cannot advance.

Every message from a seat is rate-limited (:mod:`ui.net.ratelimit`) and checked against the schema
(:mod:`ui.net.protocol`); a bad one gets an ``error`` reply and the host goes on. A console that falls
too far behind is disconnected; it rejoins and catches up from its last sequence number.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import ssl
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from websockets.asyncio.server import ServerConnection, serve
from websockets.exceptions import ConnectionClosed

from sim.events import WHITE, Event
from sim.commands import reason
from sim.i18n import M_
from ui.console.mapmodel import actors_from_scenario
from ui.console.msel import msel_rows
from ui.console.reading import material_hint
from ui.console.session import SPEEDS, LiveSession
from ui.net import protocol, roles
from ui.net.protocol import Hello, Line, Ping, ProtocolError, encode, event_frame
from ui.net.ratelimit import DEFAULT_BURST, DEFAULT_RATE, TokenBucket
from ui.net.seats import Seat, SeatBook

FRAME_SECONDS = 0.05
"""Wall seconds between two steps of the host's clock."""

FRAME_BUDGET = 0.03
"""Seconds of simulation per step at most, so joins, lines and sends are never held up long."""

STATE_SECONDS = 0.2
"""A seat's clock and observation are sent at most this often (and only when something changed)."""

SEATS_SECONDS = 1.0
"""White's view of the connected seats is refreshed this often."""

MAX_BACKLOG = 20000
"""Messages waiting for one connection beyond which it is closed (it rejoins and catches up)."""

CATCH_UP_BATCH = 500
"""Events per ``events`` message of a catch-up."""


def view_sees(view: str, event: Event) -> bool:
    """Whether a connection with ``view`` (``white`` for the truth, or a cell) receives ``event``."""
    return event.visible_for(view)


@dataclass
class SeatStatus:
    """What White sees of a seat.

    Attributes:
        connected: a console holds the seat now.
        address: where it connects from.
        joined: wall time of the last join (0: never).
        left: wall time it last disconnected (0: still there or never).
        last_active: wall time of its last typed line (0: none yet).
        last_active_t: exercise clock of that line.
        lines / messages / refused: lines typed, messages sent, messages the host refused.
        joins: how many times it joined.
    """

    connected: bool = False
    address: str = ""
    joined: float = 0.0
    left: float = 0.0
    last_active: float = 0.0
    last_active_t: float = -1.0
    lines: int = 0
    messages: int = 0
    refused: int = 0
    joins: int = 0


@dataclass
class Connection:
    """One console connected as a seat.

    Attributes:
        ws: the websocket.
        seat: whose seat.
        view: ``white`` (the truth) or the cell whose picture it receives.
        bucket: its rate limit.
        queue: messages waiting to be sent, in order.
        last_state: the last ``state`` message's content sent (to send only changes).
        last_state_wall: when it was sent.
        sent_static: the last targets / MSEL sent (they change rarely and are large).
    """

    ws: ServerConnection
    seat: Seat
    view: str
    bucket: TokenBucket
    queue: asyncio.Queue = field(default_factory=asyncio.Queue)
    last_state: str = ""
    last_state_wall: float = 0.0
    sent_static: dict[str, str] = field(default_factory=dict)
    closing: bool = False

    @property
    def truth(self) -> bool:
        """It receives the true state (White, an evaluator, an observer of the truth)."""
        return self.view == WHITE

    def push(self, message: str) -> None:
        """Queue a message; a connection too far behind is closed instead (it rejoins and catches up)."""
        if self.closing:
            return
        if self.queue.qsize() >= MAX_BACKLOG:
            self.closing = True
            asyncio.ensure_future(self.ws.close(1013, M_("too far behind: rejoin to catch up")))
            return
        self.queue.put_nowait(message)


class Host:
    """A networked session.

    Attributes:
        session: the live session the exercise runs in (White's view; lines are typed into it per seat).
        seats: the seats and their tokens.
        rate: simulated hours per wall second when given (rehearsals, tests, benchmarks); otherwise White's speed.
        until: stop at this clock time (hours; default the scenario's end).
        connections: the connection holding each seat.
        status: what White sees of each seat.
        port: the port it listens on (after :meth:`start`).
    """

    def __init__(self, session: LiveSession, seats: SeatBook, *, rate: float | None = None,
                 until: float | None = None, limit_rate: float = DEFAULT_RATE, limit_burst: int = DEFAULT_BURST,
                 frame: float = FRAME_SECONDS, budget: float = FRAME_BUDGET,
                 on_end: Callable[["Host"], None] | None = None) -> None:
        self.session = session
        self.exercise = session.exercise
        self.seats = seats
        self.rate = rate
        self.until = min(self.exercise.end, float(until)) if until is not None else self.exercise.end
        self.limit_rate, self.limit_burst = limit_rate, limit_burst
        self.frame, self.budget = frame, budget
        self.on_end = on_end
        self.connections: dict[str, Connection] = {}
        self.status: dict[str, SeatStatus] = {name: SeatStatus() for name in seats.seats}
        self.port = 0
        self.errors = 0
        self.steps = 0
        self.ended = False
        self._server = None
        self._clock_task: asyncio.Task | None = None
        self._senders: set[asyncio.Task] = set()
        self._paused_sent = session.paused
        self._entries_seen = len(session.entries)
        self._last_seats = 0.0
        self._stopped: asyncio.Event | None = None  # made in start(), inside the loop
        self.exercise.log.subscribe(self._on_event)
        self.exercise.on_sample.append(self._on_sample)

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, bind: str = "127.0.0.1", port: int = 0, tls: ssl.SSLContext | None = None) -> int:
        """Listen on ``bind:port`` (0: any free port) and start the clock; returns the port."""
        self._stopped = asyncio.Event()
        self._server = await serve(self._handler, bind, port, ssl=tls, max_size=protocol.MAX_FRAME,
                                   compression=None, max_queue=64, ping_interval=20, ping_timeout=20)
        self.port = self._server.sockets[0].getsockname()[1] if self._server.sockets else port
        self._clock_task = asyncio.create_task(self._run_clock())
        return self.port

    async def wait_closed(self) -> None:
        """Until :meth:`stop`."""
        assert self._stopped is not None
        await self._stopped.wait()

    async def stop(self, flush: float = 2.0) -> None:
        """Stop the clock, let the queues drain (at most ``flush`` seconds), close every connection and the server."""
        if self._clock_task is not None:
            self._clock_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._clock_task
            self._clock_task = None
        deadline = time.monotonic() + flush
        while any(not c.queue.empty() for c in self.connections.values()) and time.monotonic() < deadline:
            await asyncio.sleep(0.02)
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._server.wait_closed(), timeout=flush)
        for task in list(self._senders):
            task.cancel()
        if self._stopped is not None:
            self._stopped.set()

    def crash(self) -> None:
        """Stop as a killed host would: no footer, no goodbye (tests; ``kill -9`` does the same)."""
        self.session.abandon()
        if self._clock_task is not None:
            self._clock_task.cancel()
        if self._server is not None:
            self._server.close(close_connections=False)
            for conn in list(self.connections.values()):
                with contextlib.suppress(Exception):
                    conn.ws.transport.abort()
        for task in list(self._senders):
            task.cancel()
        if self._stopped is not None:
            self._stopped.set()

    # -- the clock -------------------------------------------------------------------------

    async def _run_clock(self) -> None:
        loop = asyncio.get_running_loop()
        last = loop.time()
        while True:
            await asyncio.sleep(self.frame)
            now = loop.time()
            dt, last = now - last, now
            try:
                self.step(dt)
            except Exception:  # noqa: BLE001 - a bug in one step must not silently stop the clock for everyone
                self.session.abandon()
                self._broadcast(encode({"type": "notice", "kind": "console.error",
                                        "text": M_("the host failed; restart it with weerbaar host --resume")}))
                raise

    def step(self, dt: float) -> None:
        """One step of the clock: advance the exercise, tell every seat what changed."""
        s, ex = self.session, self.exercise
        self.steps += 1
        if not s.done:
            wall = dt
            if self.rate is not None:
                wall = dt * self.rate / s.speed.hours_per_second
            if not s.paused:
                room = (self.until - ex.now) / s.speed.hours_per_second
                wall = max(0.0, min(wall, room))
            s.advance(wall, self.budget)
            if ex.now >= self.until - 1e-9 and not s.done:
                s.quit_requested = True
                s.end_run()
        self._durable()
        self._after_change()
        if s.done and not self.ended:
            self._finish()

    def _durable(self) -> None:
        """Write ahead: the events queued for the seats are in the replay's file before any is sent (the senders
        run only once this step returns to the loop), so a killed host resumes at least as far as any seat saw,
        and nobody's next order lands before an event a seat has already been shown."""
        writer = self.session.writer
        if writer is not None and not self.session.closed:
            writer.flush()

    def _finish(self) -> None:
        self.ended = True
        digest = self.session.close()
        replay = str(self.session.replay_path)
        self._broadcast(encode({"type": "end", "t": self.exercise.now, "clock": self.exercise.clock(),
                                "replay": replay, "log_sha256": digest}))
        if self.on_end is not None:
            self.on_end(self)

    def _after_change(self) -> None:
        """Pause notices, lines for everyone, and each seat's state (throttled, only when changed)."""
        s = self.session
        if s.paused != self._paused_sent:
            self._paused_sent = s.paused
            text = (M_("PAUSED at {clock}: exercise control has stopped the clock for discussion",
                       clock=self.exercise.clock()) if s.paused else
                    M_("resumed at {clock} ({speed})", clock=self.exercise.clock(), speed=s.speed.label))
            self._broadcast(encode({"type": "notice", "kind": "console.ok", "text": text, "paused": s.paused}))
        for entry in s.entries[self._entries_seen:]:
            if not entry.visible_to and entry.seq < 0:  # the session's lines for everyone (a critical-inject pause)
                self._broadcast(encode({"type": "notice", "kind": entry.kind, "text": entry.text,
                                        "paused": s.paused}))
        self._entries_seen = len(s.entries)
        wall = time.monotonic()
        observations: dict[str, Any] = {}
        for conn in list(self.connections.values()):
            if wall - conn.last_state_wall >= STATE_SECONDS or s.done:
                self._send_state(conn, observations)
        if wall - self._last_seats >= SEATS_SECONDS:
            self._last_seats = wall
            self._send_seats()

    # -- fan-out ---------------------------------------------------------------------------

    def _on_event(self, event: Event, line: str) -> None:
        if not self.connections:
            return
        frame = event_frame(line, time.time())
        hint = material_hint(self.exercise, int(event.payload.get("no", -1))) if event.kind == "inject.fired" else None
        for conn in self.connections.values():
            if view_sees(conn.view, event):
                conn.push(frame)
                if hint is not None:  # English, as every reply: the seat shows it in its own language
                    conn.push(encode({"type": "reply", "kind": "console.help", "text": str(hint), "t": event.t}))

    def _on_sample(self, record: dict[str, Any]) -> None:
        truth = [c for c in self.connections.values() if c.truth]
        if truth:
            frame = encode({"type": "sample", "record": record})
            for conn in truth:
                conn.push(frame)

    def _broadcast(self, message: str) -> None:
        for conn in self.connections.values():
            conn.push(message)

    def _state(self, view: str, cache: dict[str, Any]) -> dict[str, Any]:
        """The observation of ``view`` without its events (those are streamed), computed once per view and step."""
        if view in cache:
            return cache[view]
        ex, s = self.exercise, self.session
        obs = ex.observe(view, since=len(ex.log))  # since the end: no events copied
        capital = getattr(ex, "capital", None)
        bodies = [a.actor_id for a in ex.actors_of("government_body")] if view == WHITE else list(ex.cells[view].bodies)
        bars = {}
        for body in bodies:
            capacity = getattr(ex.actors.get(body), "capacity", None)
            if capacity is not None and capacity.per_day:
                bars[body] = round(capacity.available / (capacity.per_day * capacity.bank_days), 4)
        state = {
            "t": ex.now, "clock": ex.clock(), "paused": s.paused, "speed": s.speed_index, "finished": ex.finished,
            "done": s.done, "indicators": {k: _number(v) for k, v in obs.indicators.items()},
            "as_of": _number(obs.indicators_as_of), "capacity": obs.capacity,
            "orders": obs.orders, "known_operations": obs.known_operations, "pending_injects": obs.pending_injects,
            "capital": {"left": capital.left, "start": capital.start} if capital is not None else None,
            "bars": bars, "muted": [o.actor_id for o in ex.actors_of("media_outlet") if getattr(o, "censored", False)],
            "log_size": len(ex.log),
        }
        cache[view] = state
        return state

    def _send_state(self, conn: Connection, cache: dict[str, Any]) -> None:
        state = self._state(conn.view, cache)
        text = json.dumps(state, sort_keys=True, allow_nan=False)
        if text != conn.last_state:
            conn.last_state = text
            conn.last_state_wall = time.monotonic()
            conn.push(_state_frame(text))
        for key, value in self._static(conn).items():
            encoded = json.dumps(value, sort_keys=True)
            if conn.sent_static.get(key) != encoded:
                conn.sent_static[key] = encoded
                conn.push(encode({"type": key, "data": value}))

    def _static(self, conn: Connection) -> dict[str, Any]:
        """What changes rarely: the targets the seat's orders may name, and White's MSEL."""
        ex = self.exercise
        actor_name = WHITE if conn.seat.role in ("white", "evaluator") else conn.seat.name
        out: dict[str, Any] = {}
        if conn.seat.role in ("cell", "white"):
            kinds = sorted({ACTION_TARGET(name) for name in ex.allowed_actions(actor_name)} - {"none", ""})
            out["targets"] = {kind: sorted(ex.targets(kind)) for kind in kinds}
        if conn.seat.role in ("white", "evaluator"):
            out["msel"] = [asdict(row) for row in msel_rows(ex)]
        return out

    def _send_seats(self) -> None:
        white = [c for c in self.connections.values() if c.seat.role == "white"]
        if not white:
            return
        frame = encode({"type": "seats", "wall": time.time(), "seats": self.seat_rows()})
        for conn in white:
            conn.push(frame)

    def seat_rows(self) -> list[dict[str, Any]]:
        """Every seat with what White sees of it (:class:`SeatStatus`), in seat-sheet order."""
        rows = []
        for name, seat in self.seats.seats.items():
            st = self.status[name]
            conn = self.connections.get(name)
            rows.append({"name": name, "role": seat.role, "view": conn.view if conn else "",
                         "backlog": conn.queue.qsize() if conn else 0, **asdict(st)})
        return rows

    # -- a connection ----------------------------------------------------------------------

    async def _handler(self, ws: ServerConnection) -> None:
        try:
            raw = await asyncio.wait_for(ws.recv(), protocol.HELLO_TIMEOUT)
        except (asyncio.TimeoutError, ConnectionClosed):
            with contextlib.suppress(Exception):
                await ws.close(1008, M_("say hello first"))
            return
        try:
            hello = protocol.parse_client_message(raw)
            if not isinstance(hello, Hello):
                raise ProtocolError(M_('say hello first: {example}', example='{"type": "hello", "token": ...}'))
            if hello.protocol != protocol.PROTOCOL:
                raise ProtocolError(M_("protocol {asked}: this host speaks protocol {spoken}", asked=hello.protocol,
                                         spoken=protocol.PROTOCOL))
            seat = self.seats.authenticate(hello.token)
            if seat is None:
                raise ProtocolError(M_("unknown token: check the seat sheet"))
            view = self._view_for(seat, hello.view)
        except ProtocolError as exc:
            self.errors += 1
            with contextlib.suppress(Exception):
                await ws.send(encode({"type": "error", "fatal": True, "message": M_("hello: {reason}", reason=reason(exc))}))
                await ws.close(1008, M_("refused"))
            return
        conn = Connection(ws, seat, view, TokenBucket(self.limit_rate, self.limit_burst))
        old = self.connections.get(seat.name)
        if old is not None:  # the seat moved to another laptop (or rejoined before its old socket timed out)
            old.closing = True
            asyncio.ensure_future(old.ws.close(1000, M_("this seat joined from elsewhere")))
        self._join(conn, hello.since)  # catch-up and registration in one step: no event falls in between
        sender = asyncio.create_task(self._sender(conn))
        self._senders.add(sender)
        try:
            async for raw in ws:
                self._receive(conn, raw)
                if conn.bucket.exhausted:
                    conn.push(encode({"type": "error", "message": M_("too many messages refused: disconnected")}))
                    conn.closing = True
                    deadline = time.monotonic() + 1.0
                    while not conn.queue.empty() and time.monotonic() < deadline:  # let it hear why
                        await asyncio.sleep(0.01)
                    await ws.close(1008, M_("flooding: too many messages refused"))
                    break
        except ConnectionClosed:
            pass
        finally:
            if self.connections.get(seat.name) is conn:
                del self.connections[seat.name]
                st = self.status[seat.name]
                st.connected, st.left = False, time.time()
            await asyncio.sleep(0)  # let the sender send what it can before it is cancelled
            sender.cancel()
            self._senders.discard(sender)

    def _view_for(self, seat: Seat, asked: str) -> str:
        if seat.role == "cell":
            if asked and asked != seat.name:
                raise ProtocolError(M_("view: a cell's seat sees its own cell ({cell}), not {asked!r}", cell=seat.name,
                                        asked=asked))
            return seat.name
        if seat.role == "observer":
            view = asked or WHITE
            if view != WHITE and view not in self.exercise.cells:
                from sim.commands import suggest

                raise ProtocolError(M_("view: no cell {view!r}{hint}", view=view,
                                        hint=suggest(view, [*self.exercise.cells, WHITE])))
            return view
        if asked and asked != WHITE:
            raise ProtocolError(M_("view: {role} sees the whole exercise; leave view out", role=seat.role))
        return WHITE

    def _join(self, conn: Connection, since: int) -> None:
        ex = self.exercise
        since = min(since, len(ex.log))
        conn.push(encode(self._welcome(conn)))
        records = [e.to_record() for e in ex.log.visible(conn.view, since)]
        for i in range(0, len(records), CATCH_UP_BATCH):
            conn.push(encode({"type": "events", "records": records[i:i + CATCH_UP_BATCH]}))
        self._send_state(conn, {})
        self.connections[conn.seat.name] = conn
        st = self.status[conn.seat.name]
        address = conn.ws.remote_address
        st.connected, st.joined, st.left, st.joins = True, time.time(), 0.0, st.joins + 1
        st.address = f"{address[0]}:{address[1]}" if address else ""
        if conn.seat.role == "white":
            self._send_seats()
        if self.ended:
            conn.push(encode({"type": "end", "t": ex.now, "clock": ex.clock(), "replay": str(self.session.replay_path),
                              "log_sha256": self.session.digest}))

    def _welcome(self, conn: Connection) -> dict[str, Any]:
        """The static picture a seat may have: the scenario's public face, the cells, and (truth) the series so far."""
        ex, sc = self.exercise, self.exercise.scenario
        seat = conn.seat
        welcome: dict[str, Any] = {
            "type": "welcome", "protocol": protocol.PROTOCOL, "seat": seat.name, "role": seat.role, "view": conn.view,
            "scenario": {"id": sc.id, "title": sc.title, "summary": getattr(sc, "summary", "") or "",
                         "briefing": getattr(sc, "briefing", "") or "",
                         "start": str(sc.start), "days": float(sc.duration.days), "tick_hours": ex.tick_hours,
                         "objectives": [_objective(o) for o in sc.objectives],
                         "narratives": [n.id for n in sc.narratives],
                         "learning_objectives": [str(x) for x in (getattr(sc, "learning_objectives", None) or [])]},
            "actors": [asdict(a) for a in actors_from_scenario(sc)],
            "cells": [{"id": c.id, "title": c.title, "bodies": list(c.bodies), "actions": list(c.actions),
                       "actor": c.actor, "held": c.held} for c in ex.cells.values()],
            "white_actions": list(ex.allowed_actions(WHITE)) if seat.role == "white" else [],
            "start_values": dict(ex.indicators.start),
            "end": self.until, "seed": ex.seed if conn.truth else None,
            "speeds": [s.label for s in SPEEDS], "log_size": len(ex.log),
            "replay": str(self.session.replay_path) if conn.truth else "",
        }
        if conn.truth:
            welcome["series"] = {"times": list(ex.indicators.times),
                                 "values": {k: list(v) for k, v in ex.indicators.series.items()}}
            welcome["last_sample"] = self.session.last_sample
        return welcome

    def _receive(self, conn: Connection, raw: str | bytes) -> None:
        """One message from a seat: rate limit, schema, role, then the session."""
        st = self.status[conn.seat.name]
        if not conn.bucket.allow():
            st.refused += 1
            self.errors += 1
            if conn.bucket.refused % 10 == 1:  # say so, but do not answer a flood message for message
                conn.push(encode({"type": "error", "message": M_("too many messages: slow down (refused)")}))
            return
        try:
            message = protocol.parse_client_message(raw)
        except ProtocolError as exc:
            st.refused += 1
            self.errors += 1
            conn.push(encode({"type": "error", "message": reason(exc)}))
            return
        if isinstance(message, Ping):
            conn.push(encode({"type": "pong", "id": message.id, "t": self.exercise.now}))
        elif isinstance(message, Hello):
            st.refused += 1
            conn.push(encode({"type": "error", "message": M_("hello: already joined")}))
        elif isinstance(message, Line):
            self._line(conn, message)

    def _line(self, conn: Connection, message: Line) -> None:
        seat, s = conn.seat, self.session
        st = self.status[seat.name]
        text = message.text.strip()
        why = roles.refusal(seat.role, text)
        if why is not None:
            st.refused += 1
            conn.push(encode({"type": "reply", "kind": "console.error", "text": f"{seat.name}> {text}"}))
            conn.push(encode({"type": "reply", "kind": "console.error", "text": M_("refused: {reason}", reason=why)}))
            return
        st.lines += 1
        st.last_active, st.last_active_t = time.time(), self.exercise.now
        if text.lower().startswith("msg"):
            st.messages += 1
        typed_as = WHITE if seat.role == "white" else seat.name if seat.role != "observer" else conn.view
        before_cell, before_screen = s.cell, s.on_screen
        s.cell, s.on_screen = typed_as, list(message.about)
        try:
            added = s.enter(text)
        finally:
            s.cell, s.on_screen = before_cell, before_screen
        self._durable()
        for entry in added:
            conn.push(encode({"type": "reply", "kind": entry.kind, "text": entry.text}))
        self._after_change()
        if s.done and not self.ended:
            self._finish()

    async def _sender(self, conn: Connection) -> None:
        try:
            while True:
                message = await conn.queue.get()
                await conn.ws.send(message)
        except ConnectionClosed:
            pass


def ACTION_TARGET(name: str) -> str:  # noqa: N802 - reads as the table it is
    """The target kind of an action ("none" for one without)."""
    from sim.registry import ACTIONS

    action = ACTIONS.get(name)
    return action.target if action is not None else "none"


def _number(value: float) -> float | None:
    """A value for JSON: NaN (no poll published yet) travels as null."""
    return None if value != value else value


def _state_frame(text: str) -> str:
    return f'{{"type":"state","data":{text}}}'


def _objective(o: Any) -> dict[str, Any]:
    return {"id": o.id, "indicator": getattr(o, "indicator", ""), "target": getattr(o, "target", None),
            "weight": float(getattr(o, "weight", 1.0) or 1.0), "description": str(getattr(o, "description", "") or ""),
            "capability": str(getattr(o, "capability", "") or ""),
            "evaluation_guide": [str(t) for t in (getattr(o, "evaluation_guide", None) or [])]}
