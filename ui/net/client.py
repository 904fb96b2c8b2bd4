"""A seat's connection to the host: hello, the catch-up, the live stream, and rejoining after a drop.

:class:`SeatLink` is the asyncio side: it connects, says hello with the token and the first event
sequence number it does not have (``since``), hands every host message to ``on_message``, and when
the connection drops (the laptop's Wi-Fi, a killed host that is restarted with ``--resume``) it
connects again and asks from its last sequence number on — so nothing is lost and nothing comes
twice. A refused hello (a wrong token) is final: it stops and says why.

:class:`BackgroundLink` runs a :class:`SeatLink` in a thread of its own for the pygame console,
whose frame loop must not wait for the network: messages arrive in a queue the console drains each
frame, and lines go out through the link's event loop.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import ssl
import threading
from collections.abc import Callable, Sequence
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidURI

from ui.net import protocol
from ui.net.protocol import ProtocolError, decode_host_message, encode

RETRY_SECONDS = (0.2, 0.5, 1.0, 2.0, 3.0)
"""Waits between attempts to reconnect (the last one repeats)."""

MAX_HOST_FRAME = 64 * 1024 * 1024
"""Bytes a host message may have (a catch-up batch of a long exercise is large)."""


def client_tls(url: str, cafile: str | None = None, insecure: bool = False) -> ssl.SSLContext | None:
    """The TLS context for ``wss://`` URLs: the system's trust store, or ``cafile`` (a host's own certificate)."""
    if not url.startswith("wss://"):
        return None
    context = ssl.create_default_context(cafile=cafile)
    if insecure:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


class SeatLink:
    """A seat's connection, reconnecting until closed.

    Attributes:
        url: the host's ``ws://`` or ``wss://`` URL.
        token: the seat's join token.
        view: an observer's chosen view ("" for the default).
        last_seq: the last event sequence number received (-1: none).
        connected: a connection is open and welcomed.
        failed: why the host refused the seat ("" while it has not).
        joins: how many times it was welcomed.
    """

    def __init__(self, url: str, token: str, on_message: Callable[[dict[str, Any]], None], *, view: str = "",
                 tls: ssl.SSLContext | None = None, reconnect: bool = True, since: int = 0,
                 retry: Sequence[float] = RETRY_SECONDS) -> None:
        self.url, self.token, self.view = url, token, view
        self.on_message = on_message
        self.tls = tls
        self.reconnect = reconnect
        self.retry = tuple(retry)
        self.last_seq = since - 1
        self.connected = False
        self.failed = ""
        self.joins = 0
        self.closed = False
        self._ws: ClientConnection | None = None
        self._welcomed = asyncio.Event()

    async def run(self) -> None:
        """Connect and receive until closed (or refused); reconnects after a drop."""
        attempt = 0
        while not self.closed and not self.failed:
            try:
                async with connect(self.url, ssl=self.tls, max_size=MAX_HOST_FRAME, compression=None,
                                   open_timeout=5, ping_interval=20, ping_timeout=20) as ws:
                    self._ws = ws
                    await ws.send(encode({"type": "hello", "token": self.token, "since": self.last_seq + 1,
                                          "view": self.view, "protocol": protocol.PROTOCOL}))
                    async for raw in ws:
                        message = decode_host_message(raw)
                        self._track(message)
                        if message["type"] == "welcome":
                            attempt = 0
                        self.on_message(message)
            except (ConnectionClosed, OSError, InvalidHandshake, asyncio.TimeoutError, ProtocolError):
                pass
            except InvalidURI as exc:
                self._fail(f"{self.url}: not a ws:// or wss:// URL ({exc})")
            finally:
                self._ws = None
                if self.connected:
                    self.connected = False
                    self._welcomed.clear()
                    self.on_message({"type": "disconnected"})
            if not self.reconnect or self.closed or self.failed:
                break
            await asyncio.sleep(self.retry[min(attempt, len(self.retry) - 1)])
            attempt += 1

    def _track(self, message: dict[str, Any]) -> None:
        kind = message["type"]
        if kind == "event":
            self.last_seq = max(self.last_seq, int(message["record"]["seq"]))
        elif kind == "events":
            for record in message["records"]:
                self.last_seq = max(self.last_seq, int(record["seq"]))
        elif kind == "welcome":
            # A host resumed from its replay may have fewer events than this seat saw (the killed host had not
            # yet flushed them): the host's log is the truth, so the picture goes back to where it is.
            self.last_seq = min(self.last_seq, int(message.get("log_size", 0)) - 1)
            self.connected = True
            self.joins += 1
            self._welcomed.set()
        elif kind == "error" and message.get("fatal"):
            self._fail(str(message.get("message", "refused by the host")))

    def _fail(self, why: str) -> None:
        self.failed = why
        self.on_message({"type": "failed", "message": why})

    async def wait_welcomed(self, timeout: float = 10.0) -> None:
        """Until the host has welcomed this seat (raises TimeoutError)."""
        await asyncio.wait_for(self._welcomed.wait(), timeout)

    async def send(self, message: dict[str, Any]) -> bool:
        """Send a message; False if not connected (the console says so; nothing is queued behind a drop)."""
        ws = self._ws
        if ws is None or not self.connected:
            return False
        try:
            await ws.send(encode(message))
        except ConnectionClosed:
            return False
        return True

    async def send_line(self, text: str, about: Sequence[int] = ()) -> bool:
        """Send a typed line (``about``: the events on screen, for a note)."""
        return await self.send({"type": "line", "text": text, "about": [int(s) for s in about][-24:]})

    async def send_raw(self, text: str) -> bool:
        """Send text as it is (tests of the host's checks)."""
        ws = self._ws
        if ws is None:
            return False
        await ws.send(text)
        return True

    async def drop(self) -> None:
        """Cut the connection without a goodbye (a crashed laptop); it reconnects if ``reconnect``."""
        ws = self._ws
        if ws is not None:
            ws.transport.abort()

    async def close(self) -> None:
        """Close for good."""
        self.closed = True
        ws = self._ws
        if ws is not None:
            with contextlib.suppress(Exception):
                await ws.close()


class BackgroundLink:
    """A :class:`SeatLink` in a thread of its own, for the pygame console.

    Attributes:
        inbox: host messages, oldest first (drained by the console each frame).
        link: the link itself.
    """

    def __init__(self, url: str, token: str, *, view: str = "", tls: ssl.SSLContext | None = None) -> None:
        self.inbox: queue.SimpleQueue[dict[str, Any]] = queue.SimpleQueue()
        self._loop = asyncio.new_event_loop()
        self.link = SeatLink(url, token, self.inbox.put, view=view, tls=tls)
        self._thread = threading.Thread(target=self._run, name="weerbaar-seat-link", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        try:
            self._loop.run_until_complete(self.link.run())
        finally:
            self._loop.close()

    def drain(self, limit: int = 5000) -> list[dict[str, Any]]:
        """The messages that arrived since the last call (at most ``limit``; the rest wait for the next frame)."""
        out = []
        while len(out) < limit:
            try:
                out.append(self.inbox.get_nowait())
            except queue.Empty:
                break
        return out

    def send_line(self, text: str, about: Sequence[int] = ()) -> bool:
        """Send a typed line; False if the link is down or the loop is gone."""
        if self._loop.is_closed() or not self.link.connected:
            return False
        future = asyncio.run_coroutine_threadsafe(self.link.send_line(text, about), self._loop)
        try:
            return bool(future.result(timeout=2.0))
        except Exception:  # noqa: BLE001 - a send that fails is a line not sent, said on screen
            return False

    def close(self) -> None:
        """Close the link and let the thread end."""
        if not self._loop.is_closed():
            # A host that does not answer the closing handshake must not hold the window: give up after 2 s.
            with contextlib.suppress(RuntimeError, TimeoutError):
                asyncio.run_coroutine_threadsafe(self.link.close(), self._loop).result(timeout=2.0)
        self._thread.join(timeout=3.0)
