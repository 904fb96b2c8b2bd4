"""What a cell knows: observations, opinion polls and the news.

A player never sees the true state. A cell's :class:`Observation` holds the
latest opinion poll (each indicator measured with noise, published a day after
fieldwork), the events it may see (its own orders, its bodies' detections,
signals shared with it, injects addressed to it, the news) and its capacity.
White (and observers) see the true indicators and every event.

Polls are drawn in the ticker, never when a cell looks: observing must not
touch the random stream, or watching an exercise would change it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

POLL_NOISE_POINTS = 2.0
"""Standard deviation of a poll's error, in indicator points (a sample of ~2,500 at 50% has about 1 point; house effects double it)."""

POLL_DELAY_HOURS = 24.0
"""Fieldwork to publication."""


@dataclass(frozen=True)
class Observation:
    """A cell's view at one moment.

    Attributes:
        t: clock time.
        clock: the time as players read it.
        cell: who is looking.
        truth: whether ``indicators`` are true values (White) or a poll.
        indicators: values by dimension.
        indicators_as_of: when those values were measured.
        series: the cell's time series of the same values (poll history, or truth for White).
        events: the events the cell may see, as plain records, oldest first.
        capacity: staff-days available per body of the cell.
        orders: the cell's orders still in their lead time.
        known_operations: operations the cell knows of.
        pending_injects: for White, the injects that may still fire.
        log_size: the log's length when observed (pass it as ``since`` to get only newer events).
    """

    t: float
    clock: str
    cell: str
    truth: bool
    indicators: dict[str, float]
    indicators_as_of: float
    series: dict[str, list[float]]
    events: list[dict[str, Any]]
    capacity: dict[str, float] = field(default_factory=dict)
    orders: list[dict[str, Any]] = field(default_factory=list)
    known_operations: list[dict[str, Any]] = field(default_factory=list)
    pending_injects: list[int] = field(default_factory=list)
    log_size: int = 0
