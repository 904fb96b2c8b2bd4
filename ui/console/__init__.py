"""The pygame console: play an exercise, run it as White cell, review it as a replay.

Modules, one role each:

* :mod:`ui.console.app` — the window and the frame loop (``App.step(dt)``);
* :mod:`ui.console.session` — a live exercise: clock slices, replay, typed lines (no pygame);
* :mod:`ui.console.timeline` — a replay read for seeking, perspectives and branching (no pygame);
* :mod:`ui.console.feed`, :mod:`ui.console.mapmodel`, :mod:`ui.console.completion` — what the
  feed, the actor map and the command line show (no pygame);
* :mod:`ui.console.screens` — briefing, main, end and replay viewer;
* widgets: :mod:`~ui.console.indicators`, :mod:`~ui.console.feedview`, :mod:`~ui.console.actormap`,
  :mod:`~ui.console.cmdline`, :mod:`~ui.console.overlay`; :mod:`~ui.console.layout`,
  :mod:`~ui.console.theme` and :mod:`~ui.console.text` for sizes, colours and text.

:func:`play_session` and :func:`replay_app` build what ``weerbaar play`` and ``weerbaar replay`` run;
:func:`resume_session` what ``weerbaar play --resume`` runs. A seat of a networked session is a
:class:`~ui.console.remote.RemoteSession` on the same screens (``weerbaar join``).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from sim.events import WHITE
from sim.i18n import M_, _, shown

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")  # pygame's banner has no place on the command line

DEMO_COUNTDOWN = 10.0
"""Seconds the briefing of ``--demo`` stays up before the exercise starts by itself."""

if TYPE_CHECKING:  # pragma: no cover
    from ui.console.app import App
    from ui.console.session import LiveSession


def parse_cells(text: str | None, available: Sequence[str], default: Sequence[str] | None = None
                ) -> tuple[list[str], bool]:
    """``--cell`` as (held cells, White at this console). ``None`` holds ``default`` (every cell if not given).

    ``play`` passes the Dutch cells as the default: a red cell is held only when it is named, since
    holding it silences its state's planner.

    Raises:
        ValueError: a name that is not a cell, with the nearest one suggested.
    """
    from sim.commands import suggest

    from ui.console.white import is_evaluator

    if text is None:
        return list(available if default is None else default), False
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    white = WHITE in names
    held = [n for n in names if n != WHITE and not is_evaluator(n)]
    for name in held:
        if name not in available:
            raise ValueError(M_("no cell {name!r}{hint} (cells: {cells}, white, evaluator)", name=name,
                                hint=suggest(name, [*available, WHITE, "evaluator"]), cells=", ".join(available)))
    return list(dict.fromkeys(held)), white


def play_session(scenario: str | Path | None = None, cell: str | None = None, seed: int | None = None,
                 record: str | Path | None = None, demo: bool = False,
                 pause_on_critical: bool | None = None) -> "LiveSession":
    """Build the exercise and its live session for ``weerbaar play`` (nothing is drawn yet).

    ``--demo`` plays the scenario's bundled command file at fast speed as White
    (the cells it names are held by it); otherwise the cells in ``cell`` are held
    here (default: all the Dutch cells; a red cell only when named) and the first is active, or White
    if named.
    """
    from replays.runner import commands_from_file
    from scenarios import DEFAULT_SCENARIO, commands_for, resolve_scenario
    from sim.exercise import Exercise
    from sim.scenario import load_scenario
    from ui.console.session import DEFAULT_SPEED, SPEEDS, LiveSession

    if demo and scenario is None:
        scenario = DEFAULT_SCENARIO
    loaded = load_scenario(resolve_scenario(scenario))
    cells = list(loaded.scenario.cells)
    scheduled = []
    if demo:
        path = commands_for(loaded.scenario.id)
        if path is None:
            raise ValueError(M_("scenario {scenario} has no bundled command file for --demo",
                                scenario=loaded.scenario.id))
        scheduled = commands_from_file(path, loaded.scenario)
        held = sorted({c.cell for c in scheduled if c.cell != WHITE})
        white = True
        active = WHITE
        if cell is not None:  # the presenter may show the run as one cell sees it
            parse_cells(cell, cells)
            active = cell.split(",")[0].strip().lower()
    else:
        from ui.console.white import is_evaluator

        held, white = parse_cells(cell, cells, loaded.scenario.government_cells())
        named = [n.strip().lower() for n in (cell or "").split(",") if n.strip()]
        evaluators = [n for n in named if is_evaluator(n)]
        first = named[0] if named else ""
        active = first if first == WHITE or is_evaluator(first) else (held[0] if held else WHITE)
    exercise = Exercise(loaded, seed=seed, players=held)
    switchable = [WHITE, *cells] if white else (held or ([] if not demo and evaluators else cells))
    if not demo:
        switchable += [e for e in evaluators if e not in switchable]
    pause = (not demo) if pause_on_critical is None else pause_on_critical
    speed = len(SPEEDS) - 1 if demo else DEFAULT_SPEED
    return LiveSession.start(exercise, record=record, cell=active, white=white, switchable=switchable,
                             scheduled=scheduled, pause_on_critical=pause, speed_index=speed, hotwash=not demo)


def resume_session(replay: str | Path, cell: str | None = None, record: str | Path | None = None,
                   pause_on_critical: bool = True) -> "LiveSession":
    """``weerbaar play --resume REPLAY``: the killed session re-simulated to its last record, paused there.

    The cells held are the old run's (its header's ``players``); ``cell`` may only choose which of
    them is active (and add White or an evaluator), since holding other cells would change the run.
    White is at the console if it was before (it gave orders, or no cell was held).

    Raises:
        ReplayError, ResumeError, ScenarioError, ValueError: one line each.
    """
    from sim.events import WHITE as _WHITE
    from ui.console.resume import resume_exercise
    from ui.console.session import DEFAULT_SPEED, LiveSession
    from ui.console.white import is_evaluator

    resumed = resume_exercise(replay, record)
    ex = resumed.exercise
    held = [c.id for c in ex.cells.values() if c.held]
    white = resumed.white_typed or not held
    active = held[0] if held else _WHITE
    extra: list[str] = []
    if cell is not None:
        named = [n.strip().lower() for n in cell.split(",") if n.strip()]
        cells = [n for n in named if n != _WHITE and not is_evaluator(n)]
        stray = [n for n in cells if n not in held]
        if stray:
            resumed.writer.abandon()
            Path(resumed.record).unlink(missing_ok=True)
            raise ValueError(M_("--cell {cell}: the resumed run held {held}; a resumed session keeps the cells it "
                                "had (holding others would change the run)", cell=stray[0],
                                held=", ".join(held) if held else M_("no cell")))
        white = white or _WHITE in named
        extra = [n for n in named if is_evaluator(n)]
        active = named[0] if named else active
    switchable = ([_WHITE, *ex.cells] if white else held) + extra
    session = LiveSession(ex, writer=resumed.writer, replay_path=resumed.record, cell=active, white=white,
                          switchable=switchable, pause_on_critical=pause_on_critical, speed_index=DEFAULT_SPEED,
                          paused=True, parent={"replay": str(replay), "t": resumed.t}, hotwash=True)
    session.say(_("resumed {replay} at {clock}: the run so far was re-simulated into {record}; paused — type "
                  "resume to go on").format(replay=replay, clock=shown(ex.clock()), record=resumed.record), "console.ok")
    return session


def play_app(session: "LiveSession", size: tuple[int, int] = (1280, 720), briefing: bool = True,
             zoom: float | str = 1.0, fullscreen: bool = False) -> "App":
    """The window for a live session, on the briefing screen (or straight on the main screen).

    ``zoom`` and ``fullscreen`` are ``--scale`` and ``--fullscreen`` (:class:`ui.console.app.App`).
    """
    from ui.console.app import App
    from ui.console.screens.briefing import BriefingScreen
    from ui.console.screens.main import MainScreen

    app = App(size, title=f"Weerbaar · {session.exercise.scenario.title}", zoom=zoom, fullscreen=fullscreen)
    demo = bool(session.scheduled) and not session.rebuilding  # presentations start by themselves
    app.show(BriefingScreen(app, session, auto_start=DEMO_COUNTDOWN if demo else None) if briefing
             else MainScreen(app, session))
    return app


def replay_app(path: str | Path, size: tuple[int, int] = (1280, 720), t: float = 0.0,
               perspective: str | None = None, zoom: float | str = 1.0, fullscreen: bool = False) -> "App":
    """The window of the replay viewer on the file at ``path``."""
    from ui.console.app import App
    from ui.console.screens.replay import ReplayScreen
    from ui.console.timeline import Timeline

    timeline = Timeline.open(path)
    app = App(size, title=_("Weerbaar replay · {file}").format(file=Path(path).name), zoom=zoom, fullscreen=fullscreen)
    app.show(ReplayScreen(app, timeline, t=t, perspective=perspective))
    return app
