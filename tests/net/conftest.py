"""Helpers for the loopback tests: a host on a free port, seats that record what they receive, waiting on conditions.

Everything runs on 127.0.0.1. Waits poll a condition every 10 ms up to a short timeout (they end as
soon as it holds), so the tests never sleep for a fixed wall-clock time and never assert on timing.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pytest  # noqa: E402

SCENARIO = "municipal-elections"
"""A bundled scenario with four Dutch cells (national-crisis-cell, foreign-affairs, intelligence, municipality)."""

CELLS = ["national-crisis-cell", "foreign-affairs", "intelligence", "municipality"]

RATE = 36.0
"""Simulated hours per wall second in the tests: a few days in a few seconds."""


async def wait_for(condition: Callable[[], bool], timeout: float = 20.0, what: str = "condition") -> None:
    """Until ``condition()`` holds (polled every 10 ms); fails the test after ``timeout`` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.01)


@dataclass
class Recorder:
    """What one seat received, in order."""

    messages: list[dict[str, Any]] = field(default_factory=list)

    def __call__(self, message: dict[str, Any]) -> None:
        self.messages.append(message)

    def of(self, kind: str) -> list[dict[str, Any]]:
        """The messages of one type."""
        return [m for m in self.messages if m["type"] == kind]

    def seqs(self) -> list[int]:
        """Event sequence numbers received, in the order received (duplicates kept)."""
        out = []
        for m in self.messages:
            if m["type"] == "event":
                out.append(m["record"]["seq"])
            elif m["type"] == "events":
                out += [r["seq"] for r in m["records"]]
        return out

    def records(self) -> list[dict[str, Any]]:
        """Event records received."""
        out = []
        for m in self.messages:
            if m["type"] == "event":
                out.append(m["record"])
            elif m["type"] == "events":
                out += m["records"]
        return out

    def replies(self) -> list[str]:
        """Reply lines (answers to this seat's lines) and error messages."""
        return [m.get("text") or m.get("message", "") for m in self.messages if m["type"] in ("reply", "error")]

    def last_state(self) -> dict[str, Any]:
        """The last ``state`` received."""
        states = self.of("state")
        return states[-1]["data"] if states else {}


@pytest.fixture
def scenario() -> str:
    """The scenario of the loopback tests."""
    return SCENARIO
