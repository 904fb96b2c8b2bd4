"""The replay viewer: a time slider, playback, jumps, a cell's view beside the truth, and branching.

Everything at time t comes from the file (:class:`ui.console.timeline.Timeline`):
the indicators (truth, and the chosen cell's polls beside it), the actor map as
the chosen cell knew it, and two feeds — the truth and what the cell saw.
Branching (B) rebuilds the exercise from the replay up to t with a new replay
attached from the start, then continues live on the main screen.

Keys: Space play/pause, Left/Right step a tick (Shift: a day), Home/End,
N / Shift+N next / previous inject, D / Shift+D next / previous decision,
I important only, C next perspective, +/- playback speed, B branch here.
"""

from __future__ import annotations

import math

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from sim.events import WHITE
from sim.i18n import N_, _, name_of, shown
from ui.console.actormap import ActorMapView
from ui.console.feedview import FeedView
from ui.console.indicators import IndicatorRow, draw_indicator_panel, objective_targets
from ui.console.layout import ReplayLayout, replay_layout
from ui.console.mapmodel import build_map, sample_details
from ui.console.screens.base import HelpSection, Screen
from ui.console.text import draw_text
from ui.console.theme import PALETTE
from ui.console.timeline import Timeline

PLAY_SPEEDS = ((N_("1 h/s"), 1.0), (N_("6 h/s"), 6.0), (N_("1 day/s"), 24.0), (N_("4 days/s"), 96.0))
"""Playback speeds: the label (English; translated where shown) and hours per second."""


class ReplayScreen(Screen):
    """The replay viewer.

    Attributes:
        timeline: the replay.
        t: the time shown (hours).
        playing: playback runs.
        speed_index: index into :data:`PLAY_SPEEDS`.
        perspective: ``white`` (truth only) or the cell shown beside the truth.
        important_only: both feeds show only important events.
    """

    name = "replay"

    def __init__(self, app, timeline: Timeline, t: float = 0.0, perspective: str | None = None) -> None:
        super().__init__(app)
        self._frame_cache: dict[str, tuple[tuple, object]] = {}
        self.timeline = timeline
        self.t = max(0.0, min(t, timeline.end))
        self.playing = False
        self.speed_index = 1
        self.perspective = perspective or (timeline.cells[0] if timeline.cells else WHITE)
        self.important_only = False
        self.truth_feed = FeedView()
        self.cell_feed = FeedView()
        self.map_view = ActorMapView()
        self.targets = objective_targets(timeline.scenario)
        self.layout: ReplayLayout | None = None
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.slider: pygame_gui.elements.UIHorizontalSlider | None = None
        self.dropdown: pygame_gui.elements.UIDropDownMenu | None = None
        self._slider_value = -1.0
        self._labels: dict[str, str] = {}
        self._view_cache: dict[tuple, object] = {}
        self.branched = None

    # -- widgets -----------------------------------------------------------------------------

    def build(self) -> None:
        app, fonts = self.app, self.app.fonts
        self.layout = layout = replay_layout(app.size, fonts)
        row = layout.controls
        bh = row.height
        small = ObjectID(class_id="@small_button")
        x = row.left
        self.buttons = {}

        def button(key: str, text: str, tip: str, width_text: str | None = None) -> None:
            nonlocal x
            w = fonts.width(width_text or text, "small") + 22
            self.buttons[key] = pygame_gui.elements.UIButton(pygame.Rect(x, row.top, w, bh), text, app.manager,
                                                             object_id=small, tool_tip_text=tip)
            x += w + 4

        play, pause = _("Play"), _("Pause")
        button("play", play, "Space", max(play, pause, key=lambda t: fonts.width(t, "small")))
        button("slower", "−", _("slower playback (-)"))
        self.speed_x = x
        x += max(fonts.width(_(label), "small") for label, _hours in PLAY_SPEEDS) + 10
        button("faster", "+", _("faster playback (+)"))
        x += 8
        button("prev_inject", _("< inject"), _("previous inject (Shift+N)"))
        button("next_inject", _("inject >"), _("next inject (N)"))
        button("prev_decision", _("< decision"), _("previous decision (Shift+D)"))
        button("next_decision", _("decision >"), _("next decision (D)"))
        x += 8
        button("important", _("important only"), "I", _("important only: on"))
        x += 8
        options = [(self.perspective_name(o), o) for o in (WHITE, *self.timeline.cells)]
        label_w = max(fonts.width(text, "small") for text, _id in options) + 44
        branch_w = fonts.width(_("Branch here (B)"), "small") + 22
        drop_w = min(label_w, max(120, row.right - x - branch_w - 12))
        selected = (self.perspective_name(self.perspective), self.perspective)
        self.dropdown = pygame_gui.elements.UIDropDownMenu(options, selected, pygame.Rect(x, row.top, drop_w, bh),
                                                           app.manager)
        x += drop_w + 8
        self.buttons["branch"] = pygame_gui.elements.UIButton(pygame.Rect(row.right - branch_w, row.top, branch_w, bh),
                                                              _("Branch here (B)"), app.manager, object_id=small,
                                                              tool_tip_text=_("continue live from this moment"))
        end = max(self.timeline.end, 1e-3)
        self.slider = pygame_gui.elements.UIHorizontalSlider(layout.slider, self.t, (0.0, end), app.manager,
                                                             click_increment=self.timeline.scenario.tick.hours)
        self._slider_value = self.t
        self._labels = {}
        self._sync_labels()

    def _sync_labels(self) -> None:
        want = {"play": _("Pause") if self.playing else _("Play"),
                "important": _("important only: on") if self.important_only else _("important only")}

    @staticmethod
    def perspective_name(cell: str) -> str:
        """A perspective as the dropdown shows it: White, or the cell's display name."""
        return _("White") if cell == WHITE else str(name_of(cell))
        for key, text in want.items():
            if self._labels.get(key) != text and key in self.buttons:
                self.buttons[key].set_text(text)
                self._labels[key] = text

    # -- control ----------------------------------------------------------------------------

    def toggle_play(self) -> None:
        """Play or pause; playing from the end starts again from the beginning."""
        self.playing = not self.playing
        if self.playing and self.t >= self.timeline.end:
            self.seek(0.0)

    def seek(self, t: float) -> None:
        """Show time t (clamped to the replay)."""
        self.t = max(0.0, min(float(t), self.timeline.end))
        self.truth_feed.scroll = self.cell_feed.scroll = 0
        if self.slider is not None and abs(self.slider.get_current_value() - self.t) > 1e-6:
            self.slider.set_current_value(self.t)
            self._slider_value = self.t

    def jump(self, what: str, forward: bool = True) -> bool:
        """Seek to the next (or previous) inject or decision; returns whether there was one."""
        tl = self.timeline
        finder = {("inject", True): tl.next_inject, ("inject", False): tl.previous_inject,
                  ("decision", True): tl.next_decision, ("decision", False): tl.previous_decision}[(what, forward)]
        when = finder(self.t)
        if when is None:
            return False
        self.playing = False
        self.seek(when)
        return True

    def set_perspective(self, cell: str) -> None:
        """Show ``cell``'s view beside the truth (``white``: the truth alone)."""
        if cell != WHITE and cell not in self.timeline.cells:
            return
        self.perspective = cell
        if self.dropdown is not None and self.dropdown.selected_option not in (
                cell, (cell, cell), (self.perspective_name(cell), cell)):
            self.build_dropdown_again()

    def build_dropdown_again(self) -> None:
        """Rebuild the widgets so the dropdown shows the current perspective."""
        self.app.manager.clear_and_reset()
        self.build()

    def toggle_important(self) -> None:
        """Switch the "important only" filter of both feeds."""
        self.important_only = not self.important_only
        name = "important" if self.important_only else "all"
        self.truth_feed.filter_name = self.cell_feed.filter_name = name

    def branch(self, out=None):
        """Continue live from t: rebuild up to t with a new replay, on the main screen. Returns the session."""
        session = self.timeline.branch(self.t, out=out, cell=self.perspective)
        self.branched = session
        print(_("branch of {replay} at {clock}: recording to {path}").format(
            replay=self.timeline.path, clock=shown(self.timeline.clock(self.t)), path=session.replay_path), flush=True)
        self.app.navigate("main", session)
        return session

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type != pygame.KEYDOWN:
            if event.type == pygame.MOUSEWHEEL:
                pos = pygame.mouse.get_pos()
                for feed in (self.truth_feed, self.cell_feed):
                    if feed.rect.collidepoint(pos):
                        feed.scroll_by(3 * event.y)
                        return True
            return False
        key, shift = event.key, bool(event.mod & pygame.KMOD_SHIFT)
        tick = self.timeline.scenario.tick.hours
        if key == pygame.K_SPACE:
            self.toggle_play()
        elif key == pygame.K_RIGHT:
            self.seek(self.t + (24.0 if shift else tick))
        elif key == pygame.K_LEFT:
            self.seek(self.t - (24.0 if shift else tick))
        elif key == pygame.K_HOME:
            self.seek(0.0)
        elif key == pygame.K_END:
            self.seek(self.timeline.end)
        elif key == pygame.K_n:
            self.jump("inject", not shift)
        elif key == pygame.K_d:
            self.jump("decision", not shift)
        elif key == pygame.K_i:
            self.toggle_important()
        elif key == pygame.K_c:
            options = [WHITE, *self.timeline.cells]
            self.set_perspective(options[(options.index(self.perspective) + (-1 if shift else 1)) % len(options)])
        elif key in (pygame.K_PLUS, pygame.K_EQUALS, pygame.K_KP_PLUS):
            self.speed_index = min(len(PLAY_SPEEDS) - 1, self.speed_index + 1)
        elif key in (pygame.K_MINUS, pygame.K_KP_MINUS):
            self.speed_index = max(0, self.speed_index - 1)
        elif key == pygame.K_b:
            self.branch()
        elif key == pygame.K_PAGEUP:
            self.truth_feed.scroll_by(self.truth_feed.page())
            self.cell_feed.scroll_by(self.cell_feed.page())
        elif key == pygame.K_PAGEDOWN:
            self.truth_feed.scroll_by(-self.truth_feed.page())
            self.cell_feed.scroll_by(-self.cell_feed.page())
        elif key in (pygame.K_ESCAPE, pygame.K_q):
            self.app.quit(0)
        else:
            return False
        return True

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_HORIZONTAL_SLIDER_MOVED and event.ui_element is self.slider:
            self.t = float(event.value)
            self._slider_value = self.t
            return
        if event.type == pygame_gui.UI_DROP_DOWN_MENU_CHANGED and event.ui_element is self.dropdown:
            self.perspective = getattr(event, "selected_option_id", None) or event.text
            return
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        element = event.ui_element
        actions = {
            "play": self.toggle_play,
            "slower": lambda: setattr(self, "speed_index", max(0, self.speed_index - 1)),
            "faster": lambda: setattr(self, "speed_index", min(len(PLAY_SPEEDS) - 1, self.speed_index + 1)),
            "prev_inject": lambda: self.jump("inject", False), "next_inject": lambda: self.jump("inject", True),
            "prev_decision": lambda: self.jump("decision", False), "next_decision": lambda: self.jump("decision", True),
            "important": self.toggle_important, "branch": self.branch,
        }
        for key, button in self.buttons.items():
            if element is button:
                actions[key]()
                return

    # -- the frame ----------------------------------------------------------------------------

    def update(self, dt: float, budget: float) -> None:
        if self.playing:
            self.seek(self.t + PLAY_SPEEDS[self.speed_index][1] * dt)
            if self.t >= self.timeline.end:
                self.playing = False
        self._sync_labels()

    def _view(self, cell: str):
        key = (cell, self.t)
        view = self._view_cache.get(key)
        if view is None:
            if len(self._view_cache) > 8:
                self._view_cache.clear()
            view = self.timeline.view(cell, self.t)
            self._view_cache[key] = view
        return view

    def draw(self, surface: pygame.Surface) -> None:
        layout = self.layout
        if layout is None:
            return
        fonts, tl = self.app.fonts, self.timeline
        m = layout.margin
        header = layout.header
        pygame.draw.rect(surface, PALETTE["panel"], header)
        clock = shown(tl.clock(self.t))
        cw = fonts.width(clock, "large", "bold")
        y = (header.height - fonts.line_height("large", "bold")) // 2
        draw_text(surface, fonts, clock, (header.width - m, y), PALETTE["bright"], "large", "bold", align="right")
        parent = tl.replay.header.get("parent")
        origin = _(" · branch of {replay} at {clock}").format(
            replay=parent.get("replay"), clock=shown(tl.clock(float(parent.get("t", 0)))).split(" (")[0]) \
            if isinstance(parent, dict) else ""
        heading = _("Replay · {title} · {file}").format(title=shown(tl.scenario.title), file=tl.path.name)
        draw_text(surface, fonts, heading + origin, (m, y + 3), PALETTE["text"],
                  "body", "bold", max_width=header.width - cw - 3 * m)
        sy = layout.controls.top + (layout.controls.height - fonts.line_height("small")) // 2
        draw_text(surface, fonts, _(PLAY_SPEEDS[self.speed_index][0]), (self.speed_x + 2, sy), PALETTE["text"], "small")
        truth = self._view(WHITE)
        cell = self.perspective
        view = self._view(cell) if cell != WHITE else None
        self._draw_indicators(surface, layout, truth, view)
        self._draw_map(surface, layout)
        title_truth = _("Truth: every event")
        if view is None:
            rect = layout.truth_feed.union(layout.cell_feed)
            self.truth_feed.draw(surface, rect, fonts, truth.entries, title_truth, show_filter=False)
        else:
            self.truth_feed.draw(surface, layout.truth_feed, fonts, truth.entries, title_truth, show_filter=False)
            self.cell_feed.draw(surface, layout.cell_feed, fonts, view.entries, _("What {cell} saw").format(cell=name_of(cell)),
                                show_filter=False)
        problems = tl.replay.problems
        state = _("complete") if tl.replay.complete else (shown(problems[0]) if problems else _("incomplete"))
        status = _("{path} · {state} · Space play · Left/Right step (Shift: a day) · N/D next inject/decision · "
                   "I important only · C perspective · B branch here · F1 help").format(path=tl.path, state=state)
        draw_text(surface, fonts, status, (layout.status.left, layout.status.top), PALETTE["faint"], "small",
                  max_width=layout.status.width)

    def draw_over(self, surface: pygame.Surface) -> None:
        layout = self.layout
        if layout is None or self.slider is None:
            return
        rect = layout.slider
        end = max(self.timeline.end, 1e-6)
        inner_left, inner_w = rect.left + 8, rect.width - 16
        for times, colour, top in ((self.timeline.inject_times, PALETTE["warn"], True),
                                   (self.timeline.decision_times, PALETTE["blue"], False)):
            for t in times:
                x = inner_left + int(inner_w * t / end)
                y0, y1 = (rect.top - 4, rect.top + 3) if top else (rect.bottom - 3, rect.bottom + 4)
                pygame.draw.line(surface, colour, (x, y0), (x, y1), 2)

    def _cached(self, part: str, build):
        """``build()`` once per (part, perspective, time): a paused viewer redraws without recomputing."""
        key = (self.perspective, self.t)
        cached = self._frame_cache.get(part)
        if cached is None or cached[0] != key:
            cached = self._frame_cache[part] = (key, build())
        return cached[1]

    def _draw_indicators(self, surface, layout: ReplayLayout, truth, view) -> None:
        rows = self._cached("indicators", lambda: self._indicator_rows(truth, view))
        if view is None:
            draw_indicator_panel(surface, layout.indicators, self.app.fonts, rows, _("Indicators: truth"), "",
                                 t_max=max(self.t, 48.0), colour=PALETTE["truth"])
        else:
            draw_indicator_panel(surface, layout.indicators, self.app.fonts, rows,
                                 _("{cell}: polls").format(cell=name_of(self.perspective)),
                                 t_max=max(self.t, 48.0), colour=PALETTE["perceived"], compare_label=_("truth"),
                                 compare_colour=PALETTE["dim"])

    def _indicator_rows(self, truth, view) -> list:
        tl = self.timeline
        truth_times = [float(s["t"]) for s in tl.samples if float(s["t"]) <= self.t]
        poll_times = [float(p["payload"].get("as_of", p["t"])) for p in tl.polls if float(p["t"]) <= self.t]
        rows = []
        for name in tl.indicator_names:
            truth_series = list(zip(truth_times, truth.series.get(name, [])))
            start = float(tl.start_values.get(name, math.nan))
            if view is None:
                rows.append(IndicatorRow(name, truth.indicators.get(name, math.nan), start, truth_series,
                                         self.targets.get(name)))
            else:
                rows.append(IndicatorRow(name, view.indicators.get(name, math.nan), start,
                                         list(zip(poll_times, view.series.get(name, []))), self.targets.get(name),
                                         compare_value=truth.indicators.get(name, math.nan), compare_series=truth_series))
        return rows

    def _draw_map(self, surface, layout: ReplayLayout) -> None:
        tl = self.timeline
        cell = self.perspective
        truth = cell == WHITE

        def build():
            events = tl.visible_events(cell, self.t)
            highlight = [] if truth else list(tl.scenario.cells[cell].bodies)
            details = sample_details(tl.sample_at(self.t)) if truth else {}
            return build_map(tl.actors, tl.narratives, events, self.t, truth, highlight, details)

        nodes, edges = self._cached("map", build)
        subtitle = _("all operations") if truth else _("as {cell} knew it").format(cell=name_of(cell))
        self.map_view.draw(surface, layout.map, self.app.fonts, nodes, edges, _("Actors"), subtitle)

    def help_sections(self) -> list[HelpSection]:
        return [
            (_("Replay viewer"), [
                (_("Space"), _("play / pause")), (_("Left / Right"), _("one tick back / on (Shift: a day)")),
                (_("Home / End"), _("start / end")), ("N / Shift+N", _("next / previous inject")),
                ("D / Shift+D", _("next / previous decision (a player's command)")),
                ("I", _("important events only")), ("C / Shift+C", _("next / previous perspective (cell beside the truth)")),
                ("+ / −", _("playback speed")), (_("PgUp / PgDn"), _("scroll the feeds")),
            ]),
            (_("Branching"), [
                ("B", _("continue live from this moment: the exercise is rebuilt up to here with a new replay "
                        "(its header names this file as parent) and then waits, paused, for your orders")),
                ("Esc / Q", _("quit")),
            ]),
        ]
