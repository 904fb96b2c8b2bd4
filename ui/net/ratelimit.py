"""A token bucket per connection: a seat may type in bursts, not flood the host.

Each message costs one token; the bucket refills at ``rate`` tokens a second up to ``burst``. A
message that finds the bucket empty is refused with an error reply; a connection that keeps
sending into an empty bucket (``strikes`` refusals in a row) is closed — its console may rejoin and
catch up, nothing is lost. The clock is passed in, so tests need no sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_RATE = 10.0
"""Messages a second a seat may send on average (a person types far fewer lines)."""

DEFAULT_BURST = 30
"""Messages a seat may send at once (a console that rejoins, a pasted series of orders)."""

DEFAULT_STRIKES = 50
"""Refused messages in a row after which the connection is closed."""


class TokenBucket:
    """Rate limit for one connection.

    Attributes:
        rate: tokens per second.
        burst: the bucket's size.
        strikes: refusals in a row before :attr:`exhausted`.
        refused: messages refused so far.
    """

    def __init__(self, rate: float = DEFAULT_RATE, burst: int = DEFAULT_BURST, strikes: int = DEFAULT_STRIKES,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = float(rate)
        self.burst = int(burst)
        self.strikes = int(strikes)
        self._clock = clock
        self._tokens = float(burst)
        self._last = clock()
        self._in_a_row = 0
        self.refused = 0

    def allow(self) -> bool:
        """Take a token for one message; False if there is none (the message is refused)."""
        now = self._clock()
        self._tokens = min(float(self.burst), self._tokens + (now - self._last) * self.rate)
        self._last = now
        if self._tokens >= 1.0:
            self._tokens -= 1.0
            self._in_a_row = 0
            return True
        self._in_a_row += 1
        self.refused += 1
        return False

    @property
    def exhausted(self) -> bool:
        """The seat kept flooding after being refused: close the connection."""
        return self._in_a_row >= self.strikes
