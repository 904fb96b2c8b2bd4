"""A replay as a timeline: state at any time t, for the truth and for any cell, and branching.

The replay viewer reads everything from the file: the true indicators from the
sample records, a cell's view from the polls and the events visible to it, the
injects and decisions to jump to. Branching rebuilds the exercise from the
header (:func:`replays.verify.rebuild`), attaches a new
:class:`~replays.format.ReplayWriter` *before* anything runs, and hands the
parent's commands up to t to a :class:`~ui.console.session.LiveSession` that
re-drives them (in slices, so the window stays live) and then pauses at t. The
branch file therefore holds the whole run and verifies on its own, and its
header's ``parent`` names the original file, its footer hash and t.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from replays.format import Replay, ReplayWriter, header_scenario, read_replay
from replays.verify import rebuild
from sim.events import WHITE, Event
from sim.timeexpr import describe, parse_start
from ui.console.feed import FeedEntry, entry_for
from ui.console.mapmodel import ActorInfo, actors_from_scenario


@dataclass(frozen=True)
class View:
    """What one perspective shows at time t.

    Attributes:
        cell: ``white`` for the truth, or a cell id.
        indicators: values by dimension (NaN before the first poll).
        as_of: when those values were measured.
        series: each dimension's series up to t (truth: samples; a cell: its polls).
        entries: feed lines visible to the perspective up to t.
    """

    cell: str
    indicators: dict[str, float]
    as_of: float
    series: dict[str, list[float]]
    entries: list[FeedEntry]


class Timeline:
    """A replay read into arrays for fast seeking.

    Attributes:
        replay: the replay as read.
        path: its file.
        scenario: the scenario model from the header's text.
        start: calendar start.
        end: how far the replay goes (hours).
        cells: the scenario's cells.
        actors: the actors for the map.
        narratives: narrative ids.
        indicator_names: the indicators, in sample order.
    """

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self.path = Path(replay.path)
        self.loaded = header_scenario(replay)  # one line if it does not validate; the header's players checked
        self.scenario = self.loaded.scenario
        self.start = parse_start(self.scenario.start)
        self.end = float(replay.until)
        self.duration = float(self.scenario.duration.days * 24.0)
        self.cells = list(self.scenario.cells)
        self.actors: list[ActorInfo] = actors_from_scenario(self.scenario)
        self.narratives = [n.id for n in self.scenario.narratives]
        self.events = list(replay.events)
        self.event_times = [float(e["t"]) for e in self.events]
        self.entries = [entry_for(e) for e in self.events]
        self.samples = list(replay.samples)
        self.sample_times = [float(s["t"]) for s in self.samples]
        first = self.samples[0]["indicators"] if self.samples else {}
        order = list(self.scenario.start_values())  # the engine's order, not the file's sorted keys
        self.indicator_names = [n for n in order if not first or n in first] + [n for n in first if n not in order]
        self.polls = [e for e in self.events if e.get("kind") == "poll"]
        self.poll_times = [float(e["t"]) for e in self.polls]
        self.inject_times = sorted({float(e["t"]) for e in self.events if e.get("kind") == "inject.fired"})
        self.decision_times = sorted({float(c["t"]) for c in replay.commands})
        self.start_values = dict(first) if first else dict(self.scenario.start_values())

    @classmethod
    def open(cls, path: str | Path) -> "Timeline":
        """Read a replay file.

        The reader (:func:`replays.format.read_replay`) has checked every record the timeline
        uses, so a damaged replay opens as far as it is whole (its ``replay.problems`` say where
        it stops) or is refused.

        Raises:
            replays.format.ReplayError: not a replay, or its header is unusable (one line).
            sim.scenario.ScenarioError: the header's scenario text does not validate (one line).
        """
        return cls(read_replay(path))

    def clock(self, t: float) -> str:
        """The clock reading at t."""
        return describe(t, self.start)

    # -- state at t ------------------------------------------------------------------------

    def events_until(self, t: float) -> list[dict[str, Any]]:
        """Event records with time <= t, oldest first."""
        return self.events[: bisect.bisect_right(self.event_times, t)]

    def sample_at(self, t: float) -> dict[str, Any] | None:
        """The latest sample record at or before t."""
        i = bisect.bisect_right(self.sample_times, t)
        return self.samples[i - 1] if i else None

    def view(self, cell: str, t: float) -> View:
        """The truth (``white``) or a cell's view at time t."""
        n = bisect.bisect_right(self.event_times, t)
        if cell == WHITE:
            k = bisect.bisect_right(self.sample_times, t)
            samples = self.samples[:k]
            series = {name: [float(s["indicators"].get(name, math.nan)) for s in samples] for name in self.indicator_names}
            current = samples[-1]["indicators"] if samples else self.start_values
            entries = self.entries[:n]
            as_of = float(samples[-1]["t"]) if samples else 0.0
            return View(cell, {k2: float(v) for k2, v in current.items()}, as_of, series, entries)
        k = bisect.bisect_right(self.poll_times, t)
        polls = self.polls[:k]
        series = {name: [float(p["payload"]["values"].get(name, math.nan)) for p in polls] for name in self.indicator_names}
        if polls:
            values = {name: float(polls[-1]["payload"]["values"].get(name, math.nan)) for name in self.indicator_names}
            as_of = float(polls[-1]["payload"].get("as_of", math.nan))
        else:
            values, as_of = {name: math.nan for name in self.indicator_names}, math.nan
        entries = [e for e in self.entries[:n] if e.visible_for(cell)]
        return View(cell, values, as_of, series, entries)

    def visible_events(self, cell: str, t: float) -> list[dict[str, Any]]:
        """Event records visible to ``cell`` up to t (for the actor map)."""
        upto = self.events_until(t)
        if cell == WHITE:
            return upto
        return [r for r in upto if Event.from_record(r).visible_for(cell)]

    # -- jumps -------------------------------------------------------------------------------

    @staticmethod
    def _next(times: list[float], t: float) -> float | None:
        i = bisect.bisect_right(times, t + 1e-9)
        return times[i] if i < len(times) else None

    @staticmethod
    def _previous(times: list[float], t: float) -> float | None:
        i = bisect.bisect_left(times, t - 1e-9)
        return times[i - 1] if i > 0 else None

    def next_inject(self, t: float) -> float | None:
        """Time of the next inject after t."""
        return self._next(self.inject_times, t)

    def previous_inject(self, t: float) -> float | None:
        """Time of the last inject before t."""
        return self._previous(self.inject_times, t)

    def next_decision(self, t: float) -> float | None:
        """Time of the next player command after t."""
        return self._next(self.decision_times, t)

    def previous_decision(self, t: float) -> float | None:
        """Time of the last player command before t."""
        return self._previous(self.decision_times, t)

    # -- branching ---------------------------------------------------------------------------

    def parent_record(self, t: float) -> dict[str, Any]:
        """The header's ``parent`` for a branch at t: this file, its footer hash, and t."""
        footer = self.replay.footer or {}
        return {"replay": str(self.path), "sha256": footer.get("log_sha256"), "t": float(t)}

    def branch_path(self, t: float) -> Path:
        """A new file beside the replay for a branch at t."""
        day = int(t // 24) + 1
        hour = int(t % 24)
        base = self.path.with_name(f"{self.path.stem}-branch-d{day}h{hour:02d}")
        path, n = base.with_suffix(".jsonl"), 1
        while path.exists():
            n += 1
            path = Path(f"{base}-{n}.jsonl")
        return path

    def branch(self, t: float, out: str | Path | None = None, cell: str = WHITE, **kwargs: Any):
        """A live session that rebuilds this replay up to t and then continues, recording a new replay.

        The exercise is rebuilt from the header, the new writer is attached at
        t = 0, and the parent's commands up to t are scheduled; the session
        fast-forwards through them (a few slices per frame) and pauses at t.
        """
        from ui.console.session import LiveSession

        t = max(0.0, min(float(t), self.end))
        exercise, commands = rebuild(self.replay)
        path = Path(out) if out is not None else self.branch_path(t)
        parent = self.parent_record(t)
        writer = ReplayWriter.for_exercise(path, exercise, exercise.end, parent=parent)
        scheduled = [c for c in commands if c.t <= t]
        switchable = [WHITE, *exercise.cells]
        return LiveSession(exercise, cell=cell if cell in switchable else WHITE, white=True, switchable=switchable,
                           writer=writer, replay_path=path, scheduled=scheduled, fast_forward_to=t,
                           parent=parent, **kwargs)
