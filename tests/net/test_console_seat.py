"""The pygame console as a networked seat (headless): a cell's screen with its fog, messages and White's pause
banner, and White's connected-seats view. Screenshots go to ``$WEERBAAR_SCREENSHOTS`` when set."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from pathlib import Path

import pytest

from sim.events import WHITE
from ui.net.client import BackgroundLink
from ui.net.launch import new_host

from conftest import SCENARIO

DT = 1.0 / 30.0


class ThreadHost:
    """A host serving from a thread of its own (the console's frame loop runs in the test's thread)."""

    def __init__(self, tmp: Path) -> None:
        self.hosting = new_host(SCENARIO, seed=3, record=tmp / "seat.jsonl", paused=False, rate=8.0, days=10)
        self.host = self.hosting.host
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()
        assert self.ready.wait(10)

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        self.port = self.loop.run_until_complete(self.host.start("127.0.0.1", 0))
        self.ready.set()
        self.loop.run_forever()

    def call(self, fn, *args):
        """Run ``fn(*args)`` in the host's loop and return its result."""
        done = threading.Event()
        box = {}

        def wrapper():
            box["value"] = fn(*args)
            done.set()

        self.loop.call_soon_threadsafe(wrapper)
        assert done.wait(10)
        return box["value"]

    def close(self) -> None:
        asyncio.run_coroutine_threadsafe(self.host.stop(flush=0.5), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)


def _frames_until(app, condition, limit: float = 20.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        assert time.monotonic() < deadline, "the console never showed it"
        app.step(DT)
        time.sleep(0.005)  # the host's thread runs between frames


def _save(app, name: str) -> list[Path]:
    folders = [Path(os.environ["WEERBAAR_SCREENSHOTS"])] if os.environ.get("WEERBAAR_SCREENSHOTS") else []
    return [app.screenshot(folder / f"{name}.png") for folder in folders]


@pytest.fixture
def hosted(tmp_path):
    """A running host in a thread."""
    th = ThreadHost(tmp_path)
    yield th
    th.close()


def _seat_app(th: ThreadHost, seat: str):
    from ui.console import play_app
    from ui.console.remote import RemoteSession

    url = f"ws://127.0.0.1:{th.port}"
    link = BackgroundLink(url, th.host.seats.seats[seat].token)
    session = RemoteSession(url, link)
    deadline = time.monotonic() + 10
    while not session.ready:
        assert time.monotonic() < deadline
        session.advance(0.0)
        time.sleep(0.01)
    return play_app(session, briefing=False), session


def test_a_cell_console_shows_its_own_picture_messages_and_whites_pause(hosted):
    """A cell's console: its feed is exactly what the host sent it, a message arrives in its messages panel, and
    when White pauses the banner says so and its clock stops."""
    app, session = _seat_app(hosted, "intelligence")
    _frames_until(app, lambda: session.exercise.now >= 20)
    ex = hosted.host.exercise
    # inject 12 (to every cell) comes with material: the hint stands at the inject's time, not the mirror's clock
    fired = [e for e in session.exercise.log if e.kind == "inject.fired" and e.payload.get("no") == 12]
    hints = [e for e in session.entries if e.text == "inject 12 comes with material: type read 12"]
    assert fired and len(hints) == 1 and hints[0].t == fired[0].t
    hosted.call(lambda: hosted.host.session.enter("msg intelligence White here: brief the crisis cell at 10:00"))
    screen = app.screen
    _frames_until(app, lambda: any("crisis" in line for line in screen.messages_view.drawn))
    seqs = [e.seq for e in session.exercise.log]
    want = hosted.call(lambda: [e["seq"] for e in ex.observe("intelligence").events])
    assert seqs == want[:len(seqs)]
    assert len(seqs) < hosted.call(lambda: len(ex.log))
    hosted.call(lambda: hosted.host.session.enter("pause"))
    _frames_until(app, lambda: bool(screen.banner_drawn))
    assert "PAUSED by exercise control" in screen.banner_drawn
    _frames_until(app, lambda: bool(session.exercise.state.get("paused")))  # the host's clock as it stopped
    t = session.exercise.now
    for _ in range(20):
        app.step(DT)
    assert session.exercise.now == t
    _save(app, "net-cell-console")
    session.close()


def test_whites_console_shows_the_connected_seats(hosted):
    """White's console: F8 from the MSEL shows the seats panel with who is connected and what they typed."""
    import pygame

    other = BackgroundLink(f"ws://127.0.0.1:{hosted.port}", hosted.host.seats.seats["municipality"].token)
    deadline = time.monotonic() + 10
    while not other.link.connected:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    other.send_line("msg all we start the count audit")
    app, session = _seat_app(hosted, WHITE)
    screen = app.screen
    _frames_until(app, lambda: bool(session.msel))
    assert screen.centre == "msel"
    pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=pygame.K_F8, mod=0, unicode="", scancode=0))
    _frames_until(app, lambda: screen.centre == "seats" and any("municipality" in s for s in screen.seats_drawn))
    drawn = " | ".join(screen.seats_drawn)
    assert "white · white · connected" in drawn
    assert "municipality · cell · connected" in drawn and "1 message" in drawn
    assert "foreign-affairs · cell · not joined yet" in drawn
    _save(app, "net-white-seats")
    other.close()
    session.close()
