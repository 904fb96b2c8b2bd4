"""A live exercise at the console: the clock in slices, the replay being written, the player's lines.

:class:`LiveSession` owns everything about a running exercise that is not
drawing: it advances the :class:`~sim.exercise.Exercise` in slices within a
time budget per frame (so the window never freezes), submits the lines players
type and the scheduled commands of ``--demo`` or of a branch being rebuilt,
answers the control words (``help``, ``pause``, ``speed``, ``cell``, ...),
collects the feed, pauses on critical injects if asked, and keeps the replay
writer attached from the first event to the footer. It never imports pygame,
so tests and benchmarks can drive it directly.

A session may hold the replay open after the end for the **hot wash** (``hotwash=True``): the run
is over, and the cells' answers are written before the footer (:meth:`LiveSession.close`). An
**evaluator's seat** (``evaluator``) sees what White sees and writes notes (``note ...``), which go
to the exercise as White's, with the seat as their author and the events on screen as what they
are about (:mod:`ui.console.white`).
"""

from __future__ import annotations

import time
import unicodedata
from collections import deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from replays.format import ReplayWriter
from replays.runner import TimedCommand
from sim.commands import CommandError, Control, Named, parse_command, recorded_text
from sim.commands import reason as reason_of
from sim.eventkinds import short_clock
from sim.events import WHITE, Event
from sim.exercise import Exercise
from sim.i18n import M_, N_, _, ngettext, shown
from sim.messages import message_command
from sim.observation import Observation
from ui.console import redview
from ui.console.completion import help_lines
from ui.console.feed import FeedEntry, console_line, entry_for
from ui.console.reading import ReadError, material_hint, material_text
from ui.console.white import answer, is_evaluator, note_line

SLICE_HOURS = 1.0
"""Largest step of one ``run_until`` call; the frame budget is checked between slices."""


@dataclass(frozen=True)
class Speed:
    """A clock speed.

    Attributes:
        key: the word for ``speed KEY``.
        label: shown on the clock bar.
        hours_per_second: simulated hours per wall-clock second.
    """

    key: str
    label: str
    hours_per_second: float


SPEEDS: tuple[Speed, ...] = (
    Speed("real", N_("real time"), 1.0 / 3600.0),
    Speed("minute", N_("1 min/s"), 1.0 / 60.0),
    Speed("10min", N_("10 min/s"), 10.0 / 60.0),
    Speed("day", N_("1 day/min"), 24.0 / 60.0),
    Speed("hour", N_("1 h/s"), 1.0),
    Speed("week", N_("1 week/min"), 168.0 / 60.0),
)
"""From real time up to about a week per minute."""

DEFAULT_SPEED = 3
TOAST_SECONDS = 10.0


@dataclass
class Toast:
    """An inject notification on screen.

    Attributes:
        entry: the inject's feed line.
        born: the session's running time (wall seconds with the clock going) when it arrived: a toast
            waits while the exercise is paused.
        critical: a critical inject.
    """

    entry: FeedEntry
    born: float
    critical: bool

    def age(self, running: float) -> float:
        """Seconds it has been on screen while the clock ran (``running``: the session's running time)."""
        return running - self.born


def pending_order_text(order: dict[str, Any]) -> str:
    """One order of :attr:`Observation.orders`: ``o7 debunk rigged-count waits, starts about d3 14:00`` or
    ``o5 investigate vostria in lead time, effective d2 09:00``."""
    head = f"{order['id']} {order['action']} {order.get('target', '')}".rstrip()
    if order.get("status") == "waiting":
        return _("{head} waits, starts about {starts} (effective about {effective})").format(
            head=head, starts=short_clock(float(order["starts"])), effective=short_clock(float(order["effective"])))
    return _("{head} in lead time, effective {effective}").format(head=head,
                                                                 effective=short_clock(float(order["effective"])))


def order_counts(orders: Sequence[dict[str, Any]]) -> str:
    """``2 orders waiting, 1 in lead time`` for the status strip ("" without orders)."""
    waiting = sum(1 for o in orders if o.get("status") == "waiting")
    lead = len(orders) - waiting
    parts = [ngettext("{n} order waiting for capacity", "{n} orders waiting for capacity", waiting).format(n=waiting)] \
        if waiting else []
    if lead:
        parts.append(_("{n} in lead time").format(n=lead) if parts else
                     ngettext("{n} order in lead time", "{n} orders in lead time", lead).format(n=lead))
    return ", ".join(parts)


def default_record_path(exercise: Exercise, folder: str | Path = "runs") -> Path:
    """``runs/<scenario>-seed<seed>-<local time>.jsonl``, never an existing file."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    base = Path(folder) / f"{exercise.scenario.id}-seed{exercise.seed}-{stamp}"
    path, n = base.with_suffix(".jsonl"), 1
    while path.exists():
        n += 1
        path = Path(f"{base}-{n}.jsonl")
    return path


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def shown_line(text: str) -> str:
    """A typed line as the feed echoes it: one line, control characters and bidi overrides made visible.

    The exercise refuses such lines anyway; the echo must not break the feed into lines or
    reorder what follows it on screen.
    """
    if text.isprintable() and not _BIDI_CONTROLS.intersection(text):
        return text
    out = []
    for ch in text:
        if ch == "\t" or (ch.isprintable() and ch not in _BIDI_CONTROLS):
            out.append(ch)
        elif unicodedata.category(ch) == "Zs":  # no-break and other spaces print as spaces
            out.append(" ")
        else:
            out.append(f"\\u{ord(ch):04x}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08x}")
    return "".join(out)


@dataclass
class SessionStats:
    """What the session did, for the end screen and the benchmark."""

    slices: int = 0
    longest_slice: float = 0.0
    submitted: int = 0


class LiveSession:
    """A running exercise, its replay and the console's view of it.

    Attributes:
        exercise: the exercise.
        writer: the replay writer (attached before the first event), or None.
        replay_path: where the replay is written.
        cell: the active cell (``white`` for exercise control).
        white: exercise control is at this console (may switch to any cell, fires injects).
        switchable: cells ``cell NAME`` may switch to.
        entries: the feed (events and console lines), oldest first.
        toasts: inject notifications, newest last.
        speed_index: index into :data:`SPEEDS`.
        paused: the clock is stopped.
        pause_on_critical: pause when a critical inject fires.
        fast_forward_to: rebuilding a branch: run as fast as the budget allows up to this time, then pause.
        scheduled: commands to submit at their times (``--demo``, or a branch's parent commands).
        quit_requested: the player typed ``quit``.
        wall: seconds of wall time the session has been stepped.
        running: seconds of wall time with the clock going (toasts age by it).
        hotwash: the replay stays open after the end for the hot wash (:meth:`close` writes the answers).
        ended: the run is over (finished or quit); with ``hotwash`` the footer is not yet written.
        on_screen: seq numbers of the events the screen shows now (a note is tied to them).
    """

    def __init__(self, exercise: Exercise, *, cell: str = WHITE, white: bool = True,
                 switchable: Sequence[str] | None = None, writer: ReplayWriter | None = None,
                 replay_path: str | Path | None = None, scheduled: Iterable[TimedCommand] = (),
                 pause_on_critical: bool = True, speed_index: int = DEFAULT_SPEED, paused: bool = False,
                 fast_forward_to: float | None = None, parent: dict[str, Any] | None = None,
                 hotwash: bool = False) -> None:
        from sim.i18n import adopt

        adopt(exercise.scenario, exercise)  # the scenario's language unless --lang chose one; display names
        self.exercise = exercise
        self.writer = writer
        self.replay_path = Path(replay_path) if replay_path is not None else (writer.path if writer else None)
        self.white = white
        held = [c.id for c in exercise.cells.values() if c.held]
        if switchable is None:
            switchable = [WHITE, *exercise.cells] if white else (held or list(exercise.cells))
        self.switchable = list(dict.fromkeys(switchable))
        if cell not in self.switchable:
            self.switchable.insert(0, cell)
        self.cell = cell
        self.entries: list[FeedEntry] = []
        self.toasts: list[Toast] = []
        self.speed_index = max(0, min(len(SPEEDS) - 1, speed_index))
        self.paused = paused
        self.pause_on_critical = pause_on_critical
        self.fast_forward_to = fast_forward_to
        self.scheduled: deque[TimedCommand] = deque(sorted(scheduled, key=lambda c: c.t))
        self.parent = parent
        self.quit_requested = False
        self.closed = False
        self.digest: str | None = None
        self.wall = 0.0
        self.running = 0.0
        self.hotwash = hotwash
        self.ended = False
        self.on_screen: list[int] = []
        self.stats = SessionStats()
        self.last_sample: dict[str, Any] | None = None
        self.start_values = dict(exercise.indicators.start)
        self._answering = False
        self._pause_reason = ""
        self._observation: tuple[tuple, Observation] | None = None
        for event in exercise.log:  # anything logged before the console attached
            self._on_event(event, "")
        exercise.log.subscribe(self._on_event)
        exercise.on_sample.append(self._on_sample)

    # -- construction ----------------------------------------------------------------------

    @classmethod
    def start(cls, exercise: Exercise, record: str | Path | None = None, **kwargs: Any) -> "LiveSession":
        """Open the replay (default :func:`default_record_path`), attach it, and return the session."""
        path = Path(record) if record is not None else default_record_path(exercise)
        writer = ReplayWriter.for_exercise(path, exercise, exercise.end, parent=kwargs.get("parent"))
        return cls(exercise, writer=writer, replay_path=path, **kwargs)

    # -- state -----------------------------------------------------------------------------

    @property
    def speed(self) -> Speed:
        """The current clock speed."""
        return SPEEDS[self.speed_index]

    @property
    def finished(self) -> bool:
        """The exercise reached its end."""
        return self.exercise.finished

    @property
    def done(self) -> bool:
        """Over: finished, or the player quit."""
        return self.finished or self.quit_requested

    @property
    def rebuilding(self) -> bool:
        """A branch is being rebuilt up to its branching time."""
        return self.fast_forward_to is not None

    @property
    def view(self) -> str:
        """Whose picture the active seat sees: an evaluator sees White's."""
        return WHITE if is_evaluator(self.cell) else self.cell

    @property
    def evaluating(self) -> bool:
        """The active seat is an evaluator's."""
        return is_evaluator(self.cell)

    def observation(self, cell: str | None = None) -> Observation:
        """What ``cell`` (default: the active seat's view) knows now.

        Cached until the log grows, a tick is sampled or the clock passes a whole
        hour: observing copies the cell's whole event list, too much for every frame.
        """
        cell = cell or self.view
        if is_evaluator(cell):
            cell = WHITE
        ex = self.exercise
        key = (cell, len(ex.log), len(ex.indicators.times), int(ex.now), len(ex.polls))
        if self._observation is None or self._observation[0] != key:
            self._observation = (key, self.exercise.observe(cell))
        return self._observation[1]

    def msel_rows(self) -> list:
        """White's MSEL panel rows (:func:`ui.console.msel.msel_rows`)."""
        from ui.console.msel import msel_rows

        return msel_rows(self.exercise)

    def visible_entries(self, cell: str | None = None) -> list[FeedEntry]:
        """Feed lines the cell sees, oldest first (an evaluator's seat: what White sees, and its own lines)."""
        cell = cell or self.cell
        if is_evaluator(cell):
            return [e for e in self.entries if e.visible_for(WHITE) and (not e.kind.startswith("console")
                                                                        or not e.visible_to or cell in e.visible_to)]
        return [e for e in self.entries if e.visible_for(cell)]

    def active_toasts(self) -> list[Toast]:
        """Inject notifications still on screen for the active seat, newest last.

        They age only while the clock runs, so a toast that arrives just before a pause is still
        there when the discussion ends.
        """
        self.toasts = [t for t in self.toasts if t.age(self.running) < TOAST_SECONDS * (2 if t.critical else 1)]
        return [t for t in self.toasts if t.entry.visible_for(self.view)]

    # -- listeners ---------------------------------------------------------------------------

    def _on_event(self, event: Event, line: str) -> None:
        record = event.to_record()
        if self._answering and event.kind in ("command.accepted", "command.refused"):
            return  # the console already wrote the player's own result line
        entry = entry_for(record)
        self.entries.append(entry)
        if event.kind == "inject.fired" and not self.rebuilding:
            critical = bool(event.payload.get("critical"))
            self.toasts.append(Toast(entry, self.running, critical))
            hint = material_hint(self.exercise, int(event.payload.get("no", -1)))
            if hint is not None:
                self.entries.append(FeedEntry(t=entry.t, kind="console.help", text=shown(hint),
                                              visible_to=entry.visible_to))
            watching = self.white or any(event.visible_for(c) for c in self.switchable)
            if critical and self.pause_on_critical and watching:
                self._pause_reason = M_("critical inject {number}", number=event.payload.get("no"))

    def _on_sample(self, record: dict[str, Any]) -> None:
        self.last_sample = record

    # -- the clock ---------------------------------------------------------------------------

    def _submit_due(self) -> None:
        ex = self.exercise
        while self.scheduled and self.scheduled[0].t <= ex.now:
            command = self.scheduled.popleft()
            result = ex.submit(command.cell, command.text)
            self.stats.submitted += 1
            if not self.rebuilding:
                mark = "ok" if result.accepted else "error"
                line = _("{cell}> {command}  ->  {answer}").format(cell=command.cell, command=command.text,
                                                                      answer=shown(result.message))
                self.entries.append(console_line(ex.now, line, f"console.{mark}", command.cell))

    def advance(self, wall_dt: float, budget: float = 0.02) -> float:
        """Advance the clock by ``wall_dt`` seconds at the current speed, spending at most about ``budget`` seconds.

        The clock moves in slices of at most :data:`SLICE_HOURS`; when a slice
        would overrun the budget the clock simply falls behind the speed (no debt
        is carried). Returns the simulated hours advanced.
        """
        self.wall += wall_dt
        ex = self.exercise
        if self.done or self.closed:
            return 0.0
        if not self.paused or self.rebuilding:
            self.running += wall_dt
        start = ex.now
        if self.rebuilding:
            target = min(ex.end, float(self.fast_forward_to))
        elif self.paused:
            return 0.0
        else:
            target = min(ex.end, ex.now + self.speed.hours_per_second * max(0.0, wall_dt))
        deadline = time.perf_counter() + budget
        self._submit_due()
        while ex.now < target and not ex.finished:
            stop = min(target, ex.now + SLICE_HOURS)
            if self.scheduled and self.scheduled[0].t < stop:
                stop = max(ex.now, self.scheduled[0].t)
            t0 = time.perf_counter()
            ex.run_until(stop)
            spent = time.perf_counter() - t0
            self.stats.slices += 1
            self.stats.longest_slice = max(self.stats.longest_slice, spent)
            self._submit_due()
            if self._pause_reason:
                break
            if time.perf_counter() >= deadline:
                break
        if target >= ex.end and ex.now >= ex.end and not ex.finished:
            ex.run_until(ex.end)
            self._submit_due()
        if self.writer is not None:
            self.writer.flush()  # write ahead of the screen: a killed console resumes at least as far as it showed
        if self.rebuilding and ex.now >= float(self.fast_forward_to):
            self.fast_forward_to = None
            self.paused = True
            self.entries.append(console_line(ex.now, _("branch rebuilt up to {clock}; paused. The replay continues in "
                                                       "{path}. Type resume to go on.").format(
                                                           clock=shown(ex.clock()), path=self.replay_path),
                                             "console.ok"))
        if self._pause_reason:
            self.paused = True
            self.entries.append(console_line(ex.now, _("paused: {reason}. Discuss, then type resume.").format(
                reason=shown(self._pause_reason)), "console.ok"))
            self._pause_reason = ""
        if ex.finished:
            self.end_run()
        return ex.now - start

    # -- the player's lines -------------------------------------------------------------------

    def say(self, text: str, kind: str = "console", cell: str | None = None) -> FeedEntry:
        """Add a console line to the feed."""
        entry = console_line(self.exercise.now, text, kind, cell)
        self.entries.append(entry)
        return entry

    def enter(self, text: str) -> list[FeedEntry]:
        """Handle one line typed by the active cell; returns the lines it added to the feed.

        Control words are answered here; anything else is submitted to the
        exercise, which accepts or refuses it (and logs it either way). Nothing a
        player types can end the exercise except ``quit``.
        """
        text = text.strip()
        if not text:
            return []
        before = len(self.entries)
        cell = self.cell
        self.say(f"{cell}> {shown_line(recorded_text(text))}", "console", cell)
        try:
            self._handle(cell, text)
        except Exception as exc:  # noqa: BLE001 - one typed line must never close the window
            # A bug behind one line is reported where the player looks, and the exercise goes on.
            self.say(_("could not handle that line ({error}: {detail}); the exercise goes on").format(
                error=type(exc).__name__, detail=exc), "console.error", cell)
        return self.entries[before:]

    def _handle(self, cell: str, text: str) -> None:
        """Answer a control word or submit an order (the body of :meth:`enter`)."""
        try:
            parsed = parse_command(text)
        except CommandError:
            parsed = None  # the exercise logs and words the refusal
        if isinstance(parsed, Control):
            self._control(parsed)
        elif self.done:
            self.say(_("the exercise has ended; orders are no longer taken"), "console.error", cell)
        elif self.rebuilding:
            self.say(_("wait: the branch is being rebuilt up to {clock}").format(
                clock=shown(self.exercise.clock(self.fast_forward_to))), "console.error", cell)
        elif is_evaluator(cell) and (parsed is None or parsed.action != "note"):
            self.say(_("an evaluator writes notes: note [OBJECTIVE] [rating=P|S|M|U] what you observed "
                       "(orders are for the cells and White)"), "console.error", cell)
        else:
            orderer = WHITE if is_evaluator(cell) else cell
            if parsed is not None and parsed.action == "msg":
                # Every seat may write; White carries the message, so it is one command in the replay (sim.messages).
                try:
                    text = message_command(cell, parsed)
                except CommandError as exc:
                    self.say(shown(M_("refused: {reason}", reason=reason_of(exc))), "console.error", cell)
                    return
                orderer = WHITE
            elif parsed is not None and parsed.action == "note" and orderer == WHITE:
                try:
                    text = note_line(text, [o.id for o in self.exercise.scenario.objectives], cell, self.on_screen)
                    parsed = parse_command(text)
                except CommandError:
                    pass  # the exercise refuses it with its reason
            self._answering = True
            try:
                result = self.exercise.submit(orderer, text)
            finally:
                self._answering = False
            self.stats.submitted += 1
            if result.accepted and orderer == WHITE and parsed is not None:
                message = answer(self.exercise, parsed, result.message, self.paused)
            else:
                message = result.message if result.accepted else M_("refused: {reason}", reason=result.message)
                if result.accepted and self.paused:
                    message = M_("{answer} (the clock is paused: it happens once you resume)", answer=message)
            self.say(shown(message), "console.ok" if result.accepted else "console.error", cell)

    def _control(self, control: Control) -> None:
        word, args = control.word, control.args
        cell = self.cell
        if word == "help":
            for line in help_lines(self.exercise, self.view, args[0] if args else ""):
                self.say(line, "console.help", cell)
        elif word == "pause":
            self.paused = True
            self.say(_("paused at {clock}").format(clock=shown(self.exercise.clock())), "console.ok", cell)
        elif word == "resume":
            if self.done:
                self.say(_("the exercise has ended"), "console.error", cell)
            else:
                self.paused = False
                self.say(_("resumed at {speed}").format(speed=_(self.speed.label)), "console.ok", cell)
        elif word == "speed":
            self._speed(args)
        elif word == "cell":
            self._cell(args)
        elif word == "status":
            for line in self.status_lines():
                self.say(line, "console.help", cell)
        elif word == "read":
            self._read(args)
        elif word == "quit":
            self.quit_requested = True
            self.say(_("exercise ended by {cell} at {clock}").format(cell=shown(Named(cell)),
                                                                     clock=shown(self.exercise.clock())),
                     "console.ok", cell)
            self.end_run()

    def _read(self, args: tuple[str, ...]) -> None:
        cell = self.cell
        try:
            lines = material_text(self.exercise, WHITE if is_evaluator(cell) else cell, " ".join(args))
        except ReadError as exc:
            self.say(str(exc), "console.error", cell)
            return
        for line in lines:
            self.say(line, "console.help", cell)

    def set_speed(self, index: int) -> None:
        """Set the clock speed by index into :data:`SPEEDS` (clamped)."""
        self.speed_index = max(0, min(len(SPEEDS) - 1, index))

    def _speed(self, args: tuple[str, ...]) -> None:
        cell = self.cell
        if not args:
            listed = ", ".join(f"{i + 1} {s.key} ({_(s.label)})" for i, s in enumerate(SPEEDS))
            self.say(_("speed now {speed}; speeds: {speeds}").format(speed=_(self.speed.label), speeds=listed),
                     "console.help", cell)
            return
        word = args[0].lower()
        keys = [s.key for s in SPEEDS]
        if word in ("faster", "+"):
            self.set_speed(self.speed_index + 1)
        elif word in ("slower", "-"):
            self.set_speed(self.speed_index - 1)
        elif word.isascii() and word.isdigit() and 1 <= int(word) <= len(SPEEDS):  # not '²' or '٣': int() refuses them
            self.set_speed(int(word) - 1)
        elif word in keys:
            self.set_speed(keys.index(word))
        else:
            self.say(_("no speed {speed!r}; use 1-{last}, {keys}, faster or slower").format(
                speed=args[0], last=len(SPEEDS), keys=", ".join(keys)), "console.error", cell)
            return
        self.say((_("speed {speed} (paused)") if self.paused else _("speed {speed}")).format(speed=_(self.speed.label)),
                 "console.ok", cell)

    def switch_cell(self, name: str) -> bool:
        """Make ``name`` the active cell if this console may; returns whether it did."""
        if name not in self.switchable:
            return False
        self.cell = name
        return True

    def _cell(self, args: tuple[str, ...]) -> None:
        cell = self.cell
        if not args:
            parts = []
            for name in self.switchable:
                spec = self.exercise.cells.get(name)
                state = _("exercise control") if name == WHITE else _("evaluator") if is_evaluator(name) else (
                    _("player") if spec and spec.held else _("doctrine"))
                parts.append(f"{name}{' *' if name == cell else ''} ({state})")
            self.say(_("cells: {cells}").format(cells=", ".join(parts)), "console.help", cell)
            return
        name = args[0].lower()
        if self.switch_cell(name):
            spec = self.exercise.cells.get(name)
            doctrine = not (name == WHITE or is_evaluator(name) or (spec and spec.held))
            self.say((_("active cell: {cell} (this cell otherwise acts on doctrine)") if doctrine else
                      _("active cell: {cell}")).format(cell=name), "console.ok", name)
            return
        from sim.commands import suggest

        if name == WHITE or name in self.exercise.cells:
            why = _("exercise control is not at this console (start with --cell white)") if name == WHITE \
                else _("{cell} is not held at this console").format(cell=name)
            self.say(_("cannot switch to {cell}: {why}").format(cell=name, why=why), "console.error", cell)
        else:
            self.say(shown(M_("no cell {cell!r}{hint}", cell=name, hint=suggest(name, self.switchable))),
                     "console.error", cell)

    def status_lines(self) -> list[str]:
        """Lines for ``status``."""
        ex = self.exercise
        obs = self.observation()
        state = _("paused") if self.paused else _(self.speed.label)
        lines = [_("{clock} · {state} · cell {cell} · replay {path}").format(
            clock=shown(ex.clock()), state=state, cell=self.cell, path=self.replay_path)]
        if redview.is_red(ex, self.cell):  # red: its own picture, whole (the panel cuts it to fit)
            for heading, section in redview.panel_sections(obs, ended=len(obs.operations), public=len(obs.dutch_public)):
                lines.append(f"{heading}:")
                lines += [f"  {text}" for _, text in section]
            return lines
        if obs.capacity:
            lines.append(_("capacity (staff-days): {bodies}").format(
                bodies=", ".join(f"{shown(Named(b))} {v:g}" for b, v in obs.capacity.items())))
        capital = getattr(ex, "capital", None)
        if capital is not None:
            lines.append(_("political capital: {left:g} of {start:g} left").format(left=capital.left, start=capital.start))
        if obs.orders:
            lines.append(_("orders not yet in effect ({count}):").format(count=len(obs.orders)))
            lines += [f"  {pending_order_text(o)}" for o in obs.orders]
        if self.view == WHITE:
            from ui.console.msel import msel_rows

            rows = [r for r in msel_rows(ex) if r.open]
            lines.append(_("pending injects ({count}):").format(count=len(rows)) if rows else _("pending injects: none"))
            lines += [_("  {no} {when} {countdown} · {state} · to {to}: {synopsis}").format(
                no=r.no, when=shown(r.when), countdown=r.countdown, state=shown(r.state), to=r.to,
                synopsis=shown(r.synopsis)) for r in rows]
        return lines

    # -- the end -------------------------------------------------------------------------------

    def end_run(self) -> None:
        """The run is over: run what is due at the stop time; without a hot wash to hold for, close the replay.

        A run that stops at t includes everything due at exactly t, as the
        headless runner does, so the replay re-simulates to the same records.
        """
        if not self.ended:
            self.ended = True
            finish = getattr(self.exercise, "run_through", None)  # engines before it stopped short of t
            if finish is not None and not self.exercise.finished:
                finish(self.exercise.now)
        if not self.hotwash:
            self.close()

    @property
    def awaiting_hotwash(self) -> bool:
        """The run is over and the replay waits for the hot wash before its footer."""
        return self.hotwash and self.ended and not self.closed and self.writer is not None

    def close(self, hotwash: Sequence[dict[str, Any]] = ()) -> str | None:
        """End the run (:meth:`end_run`), write the hot-wash answers and the replay's footer (once); returns the
        log's sha256."""
        if not self.closed:
            if not self.ended:
                self.ended = True
                finish = getattr(self.exercise, "run_through", None)
                if finish is not None and not self.exercise.finished:
                    finish(self.exercise.now)
            self.closed = True
            if self.writer is not None:
                if hotwash:
                    self.writer.write_hotwash(self.exercise.now, list(hotwash))
                self.digest = self.writer.close(self.exercise.now)
            else:
                self.digest = self.exercise.log.sha256
        return self.digest

    def abandon(self) -> None:
        """Close the replay without a footer (a crash): what was written stays readable."""
        if not self.closed:
            self.closed = True
            if self.writer is not None:
                self.writer.abandon()

    def summary(self) -> dict[str, Any]:
        """Counts for the end screen."""
        kinds: dict[str, int] = {}
        for event in self.exercise.log:
            kinds[event.kind] = kinds.get(event.kind, 0) + 1
        return {"events": len(self.exercise.log), "kinds": kinds, "orders": len(self.exercise.orders),
                "operations": len(self.exercise.operations)}
