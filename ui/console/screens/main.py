"""The main screen: clock and speed, indicators, the centre panel, important events, feed, command line.

Everything shown is what the active cell knows (White and evaluators: everything). The centre shows
the actor map; for White it shows the MSEL panel (fire, postpone and cancel from it), for an evaluator
the evaluation guide — F8 switches between the panel and the map. At a seat of a networked session
(:mod:`ui.console.remote`) the centre also shows the messages between seats under the map, and
White's F8 cycles MSEL → connected seats → map; while exercise control has paused the clock every
seat's console shows a banner saying so. Important events (injects, leaks,
attributions, notes) have a panel of their own above the feed, and new injects appear there as
notifications that wait while the clock is paused; nothing covers the map. The clock advances in
:meth:`update` within the frame's budget; typed lines go to :meth:`LiveSession.enter`. Keys: Return
submits, Up/Down history, Tab completes, F2 next cell, F3 feed filter, F4 pause on critical injects,
F5 pause/resume, F6/F7 slower/faster, F8 panel/map, PageUp/PageDown scroll the feed, Ctrl+End back to
the newest.
"""

from __future__ import annotations

import math
import re
from typing import Any

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from sim.i18n import N_, _, name_of, shown
from sim.events import EVERYONE, WHITE
from sim.timeexpr import CalendarDate, to_datetime
from ui.console.actormap import ActorMapView
from ui.console.cmdline import CommandLine, History
from ui.console.completion import complete, hint
from ui.console.feedview import FeedView
from ui.console.indicators import IndicatorRow, draw_indicator_panel, objective_targets
from ui.console.layout import MainLayout, main_layout
from ui.console import redview
from ui.console.mapmodel import actors_from_scenario, build_map, sample_details
from ui.console.mselview import MselView, draw_guide
from ui.console.redpanel import draw_red_panel
from ui.console.screens.base import HelpSection, Screen
from ui.console.session import SPEEDS, LiveSession, order_counts
from ui.console.text import draw_text, ellipsize, wrap
from ui.console.theme import PALETTE


def short_name(name: str) -> str:
    """A display name without its bracketed organisations ("Intelligence and cyber (AIVD / NCSC)")."""
    return re.sub(r"\s*\([^()]*\)\s*$", "", name) or name


def tab_label(cell: str) -> str:
    """A cell's short tab label: the initials of a hyphenated id (national-crisis-cell: NCC), a long single
    word's first three letters (intelligence: int.), a short one as it is (white)."""
    words = [w for w in cell.split("-") if w]
    if len(words) > 1:
        return "".join(w[0] for w in words).upper()
    return cell if len(cell) <= 6 else cell[:3] + "."


class MainScreen(Screen):
    """Play: the live exercise.

    Attributes:
        session: the live session.
        feed: the feed panel's state.
        map_view: the actor map.
        cmd: the command line (rebuilt on resize).
        history: command history (kept across rebuilds).
    """

    name = "main"

    def __init__(self, app, session: LiveSession) -> None:
        super().__init__(app)
        self.session = session
        self.feed = FeedView()
        self.important = FeedView("important")
        self.map_view = ActorMapView()
        self.msel_view = MselView()
        # White and evaluators see their panel in the centre until F8; a presentation (--demo) shows the map.
        self.show_map = bool(session.scheduled)
        self.guide_drawn: list[str] = []
        self.history = History()
        self.cmd: CommandLine | None = None
        self.layout: MainLayout | None = None
        scenario = session.exercise.scenario
        self.actors = actors_from_scenario(scenario)
        self.narratives = [n.id for n in scenario.narratives]
        self.targets = objective_targets(scenario)
        self.records: list[dict] = []
        session.exercise.log.subscribe(lambda event, line: self.records.append(event.to_record()))
        self.records.extend(e.to_record() for e in session.exercise.log)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.tabs: dict[pygame_gui.elements.UIButton, str] = {}
        self._tab_cell = ""
        self._pause_text = ""
        self._map_cache: tuple[tuple, tuple] | None = None
        self._hint_cache: tuple[tuple, str] | None = None
        self._ended = False
        self.red_drawn: list[str] = []
        self.networked = bool(getattr(session, "networked", False))
        self.messages_view = FeedView()
        self.seats_drawn: list[str] = []
        self.show_seats = False
        self.banner_drawn = ""

    # -- widgets ---------------------------------------------------------------------------

    def build(self) -> None:
        app = self.app
        fonts = app.fonts
        self.layout = layout = main_layout(app.size, fonts)
        text = self.cmd.text if self.cmd is not None else ""
        self.cmd = CommandLine(app.manager, layout.entry, self.history, self._complete, text)
        m = layout.margin
        bh = fonts.line_height("small") + 12
        y = (layout.header.height - bh) // 2
        x = m + self._clock_width() + 2 * m
        small = ObjectID(class_id="@small_button")
        pause_w = max(fonts.width(_("Resume (F5)"), "small"), fonts.width(_("Pause (F5)"), "small")) + 24
        self.buttons = {
            "pause": pygame_gui.elements.UIButton(pygame.Rect(x, y, pause_w, bh), _("Pause (F5)"), app.manager,
                                                  object_id=small, tool_tip_text=_("pause / resume the clock")),
        }
        x += pause_w + 4
        self.buttons["slower"] = pygame_gui.elements.UIButton(pygame.Rect(x, y, bh + 6, bh), "−", app.manager,
                                                              object_id=small, tool_tip_text=_("slower (F6)"))
        x += bh + 6 + fonts.width(_("1 week/min"), "small") + 16
        self.speed_label_x = x - fonts.width(_("1 week/min"), "small") - 8
        self.buttons["faster"] = pygame_gui.elements.UIButton(pygame.Rect(x, y, bh + 6, bh), "+", app.manager,
                                                              object_id=small, tool_tip_text=_("faster (F7)"))
        self.tabs_left = x + bh + 6 + 2 * m
        self._clock_locked = False
        self._pause_text = _("Pause (F5)")
        self._build_tabs()
        self._build_msel_buttons()

    MSEL_BUTTONS = (("fire", N_("Fire now")), ("postpone6h", N_("+6 h")), ("postpone1d", N_("+1 day")),
                    ("cancel", N_("Cancel")))
    MSEL_SHORT = {"fire": N_("Fire"), "postpone6h": N_("+6h"), "postpone1d": N_("+1d"), "cancel": N_("Cancel")}
    """Labels for a panel too narrow for the full ones (the presenter scale): never a clipped word."""

    def _build_msel_buttons(self) -> None:
        """The buttons under White's MSEL panel; each one types its command for the selected inject."""
        layout, fonts = self.layout, self.app.fonts
        assert layout is not None
        small = ObjectID(class_id="@small_button")
        bh = fonts.line_height("small") + 12
        pad = max(6, int(8 * fonts.scale))
        x, y = layout.map.left + pad, layout.map.bottom - pad // 2 - bh
        self.msel_buttons = {}
        room = (layout.map.width - 2 * pad - 6 * (len(self.MSEL_BUTTONS) - 1)) // len(self.MSEL_BUTTONS)
        for key, text in self.MSEL_BUTTONS:
            text = _(text)
            if fonts.width(text, "small") + 26 > room:
                text = _(self.MSEL_SHORT[key])
            bw = min(fonts.width(text, "small") + 26, room)
            self.msel_buttons[key] = pygame_gui.elements.UIButton(pygame.Rect(x, y, bw, bh), text, self.app.manager,
                                                                  object_id=small)
            x += bw + 6
        self._msel_buttons_shown = True
        self._show_msel_buttons(self.centre == "msel")

    def _show_msel_buttons(self, shown: bool) -> None:
        if shown != self._msel_buttons_shown:
            for button in self.msel_buttons.values():
                button.show() if shown else button.hide()
            self._msel_buttons_shown = shown

    def _enable_msel_buttons(self, usable: bool) -> None:
        """Grey the panel's buttons for an inject that fired or was cancelled (White would be told 'already')."""
        for button in self.msel_buttons.values():
            if usable != button.is_enabled:
                button.enable() if usable else button.disable()

    @property
    def centre(self) -> str:
        """What the centre panel shows: ``msel`` (White), ``guide`` (an evaluator), ``red`` or ``map``."""
        s = self.session
        if redview.is_red(s.exercise, s.cell):
            return "red"
        if self.show_seats and s.cell == WHITE and self.networked:
            return "seats"
        if self.show_map:
            return "map"
        if s.evaluating:
            return "guide"
        return "msel" if s.cell == WHITE else "map"

    def _clock_width(self) -> int:
        fonts = self.app.fonts
        return fonts.width("day 60 23:59", "large", "bold") + fonts.width("  Wed 30 Sep 2018", "small")

    def _build_tabs(self) -> None:
        app, session = self.app, self.session
        for button in self.tabs:
            button.kill()
        self.tabs = {}
        layout = self.layout
        assert layout is not None
        fonts = app.fonts
        cells = session.switchable
        if len(cells) <= 1:
            self._tab_cell = session.cell
            return
        m = layout.margin
        bh = fonts.line_height("small") + 12
        y = (layout.header.height - bh) // 2
        room = layout.header.width - m - self.tabs_left
        labels = list(cells)
        widths = [fonts.width(c, "small", "bold") + 20 for c in labels]
        if sum(widths) + 4 * len(cells) > room:
            # Too narrow for every id (the presenter scale, many cells): the active cell in full, the others
            # by a short label ("NCC", "int."), the full id in the tooltip; cut only if even that does not fit.
            labels = [c if c == session.cell else tab_label(c) for c in cells]
            widths = [fonts.width(c, "small", "bold") + 20 for c in labels]
        if sum(widths) + 4 * len(cells) > room:
            each = max(48, room // len(cells) - 4)
            widths = [min(w, each) for w in widths]
        x = layout.header.width - m - sum(widths) - 4 * (len(cells) - 1)
        for cell, text, w in zip(cells, labels, widths):
            active = cell == session.cell
            label = ellipsize(fonts, text, w - 14, "small", "bold")
            button = pygame_gui.elements.UIButton(
                pygame.Rect(x, y, w, bh), label, app.manager, tool_tip_text=f"cell {cell} (F2 cycles)",
                object_id=ObjectID(class_id="@cell_tab_active" if active else "@cell_tab"))
            self.tabs[button] = cell
            x += w + 4
        self._tab_cell = session.cell

    def _complete(self, text: str):
        s = self.session
        return complete(text, s.exercise, s.view, s.switchable, [sp.key for sp in SPEEDS])

    # -- input ---------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        s = self.session
        if event.type == pygame.KEYDOWN:
            key = event.key
            if key == pygame.K_F5:
                self.toggle_pause()
                return True
            if key == pygame.K_F6:
                s.set_speed(s.speed_index - 1)
                return True
            if key == pygame.K_F7:
                s.set_speed(s.speed_index + 1)
                return True
            if key == pygame.K_F2 and len(s.switchable) > 1:
                cells = s.switchable
                s.enter(f"cell {cells[(cells.index(s.cell) + 1) % len(cells)]}")
                return True
            if key == pygame.K_F3:
                self.feed.cycle_filter(-1 if event.mod & pygame.KMOD_SHIFT else 1)
                return True
            if key == pygame.K_F8:
                self.toggle_centre()
                return True
            if key == pygame.K_F4:
                s.pause_on_critical = not s.pause_on_critical
                s.say(_("pause on critical injects: on") if s.pause_on_critical else _("pause on critical injects: off"),
                      "console.ok", s.cell)
                return True
            if key == pygame.K_PAGEUP:
                self.feed.scroll_by(self.feed.page())
                return True
            if key == pygame.K_PAGEDOWN:
                self.feed.scroll_by(-self.feed.page())
                return True
            if key == pygame.K_END and event.mod & pygame.KMOD_CTRL:
                self.feed.scroll = 0
                return True
            if self.cmd is not None:
                consumed, line = self.cmd.handle_key(event)
                if line:
                    self.submit(line)
                if consumed:
                    self.cmd.focus()
                    return True
        elif event.type == pygame.MOUSEWHEEL:
            if self.feed.rect.collidepoint(pygame.mouse.get_pos()):
                self.feed.scroll_by(3 * event.y)
                return True
            if self.centre == "msel" and self.msel_view.rect.collidepoint(pygame.mouse.get_pos()):
                self.msel_view.scroll_by(-event.y)
                return True
        elif event.type == pygame.MOUSEBUTTONDOWN and event.button == 1 and self.centre == "msel":
            if self.msel_view.click(event.pos) is not None:
                return True
        elif event.type == pygame.TEXTINPUT and self.cmd is not None:
            self.cmd.focus()
        return False

    def toggle_centre(self) -> None:
        """F8: the panel or the map; networked White cycles MSEL, connected seats, map."""
        if self.networked and self.session.cell == WHITE:
            order = ["msel", "seats", "map"]
            now = "seats" if self.show_seats else ("map" if self.show_map else "msel")
            nxt = order[(order.index(now) + 1) % len(order)]
            self.show_seats, self.show_map = nxt == "seats", nxt == "map"
        else:
            self.show_map = not self.show_map

    def submit(self, line: str) -> None:
        """Hand a typed line to the session (as if Return was pressed)."""
        self.feed.scroll = 0
        self.session.enter(line)

    def toggle_pause(self) -> None:
        """Pause or resume the clock."""
        self.session.enter("resume" if self.session.paused else "pause")

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        element = event.ui_element
        s = self.session
        if element is self.buttons.get("pause"):
            self.toggle_pause()
        elif element is self.buttons.get("slower"):
            s.set_speed(s.speed_index - 1)
        elif element is self.buttons.get("faster"):
            s.set_speed(s.speed_index + 1)
        elif element in self.tabs:
            s.enter(f"cell {self.tabs[element]}")
        elif element in self.msel_buttons.values() and self.msel_view.selected is not None:
            key = next(k for k, b in self.msel_buttons.items() if b is element)
            self.msel_action(key)
        if self.cmd is not None:
            self.cmd.focus()

    def msel_action(self, key: str) -> None:
        """Fire, postpone or cancel the selected inject, as the command White would type (logged like one)."""
        number = self.msel_view.selected
        if number is None:
            return
        line = {"fire": f"fire {number}", "postpone6h": f"postpone {number} by=6h",
                "postpone1d": f"postpone {number} by=1d", "cancel": f"cancel {number}"}[key]
        self.submit(line)

    # -- the frame -------------------------------------------------------------------------

    def update(self, dt: float, budget: float) -> None:
        s = self.session
        s.advance(dt, budget)
        if s.cell != self._tab_cell:
            self._build_tabs()
        if not self._clock_locked and getattr(s, "role", "white") not in ("white", ""):
            # A networked seat that does not run the clock (a cell, an observer) sees the controls greyed:
            # only White pauses and sets the speed, and the host would refuse them anyway. (The role is
            # known once the host has welcomed the seat, so this is checked per frame until then.)
            self._clock_locked = True
            for button in self.buttons.values():
                button.disable()
        text = _("Resume (F5)") if s.paused else _("Pause (F5)")
        if text != self._pause_text and "pause" in self.buttons:
            self.buttons["pause"].set_text(text)
            self._pause_text = text
        self._show_msel_buttons(self.centre == "msel")
        self._enable_msel_buttons(self.msel_view.selected_open)
        if s.done and not self._ended:
            self._ended = True
            if s.awaiting_hotwash:
                self.app.navigate("hotwash", s)
            else:
                s.close()
                self.app.navigate("end", s)

    def draw(self, surface: pygame.Surface) -> None:
        layout = self.layout
        if layout is None:
            return
        self._draw_header(surface, layout)
        self._draw_indicators(surface, layout)
        s = self.session
        centre = self.centre
        if centre == "red":
            self._draw_red(surface, layout)  # red sees its own state, not the Dutch detections and orders
        elif centre == "msel":
            bh = self.app.fonts.line_height("small") + 12
            f8 = _("F8: seats") if self.networked else _("F8: map")
            self.msel_view.draw(surface, layout.map, self.app.fonts, s.msel_rows(),
                                f"MSEL ({f8})", bottom_reserve=bh + 6)
        elif centre == "seats":
            from ui.console.seatsview import draw_seats

            self.seats_drawn = draw_seats(surface, layout.map, self.app.fonts, getattr(s, "seats", []),
                                          getattr(s, "seats_wall", 0.0), _("Seats: who is connected (F8: map)"))
        elif centre == "guide":
            counts: dict[str, int] = {}
            for record in self.records:
                if record["kind"] == "eval.note" and record["payload"].get("objective"):
                    counts[record["payload"]["objective"]] = counts.get(record["payload"]["objective"], 0) + 1
            self.guide_drawn = draw_guide(surface, layout.map, self.app.fonts, s.exercise.scenario.objectives, counts,
                                          _("Evaluation guide · {cell} (F8: map)").format(cell=name_of(s.cell)))
        else:
            self._draw_map(surface, layout)
        entries = s.visible_entries()
        fonts = self.app.fonts
        key_events = [e for e in entries if e.seq >= 0]  # the console's own lines stay in the feed
        # The inject notifications sit at the top of this panel: its entries start under them, whole.
        boxes = self._toast_boxes(layout)
        self.important.draw(surface, layout.important, fonts, key_events, _("Important events"), show_filter=False,
                            below=boxes[-1][0].bottom + 8 if boxes else 0)
        title = _("Feed")
        if s.view != WHITE:
            # The longest that fits beside the filter label: "Feed · what Intelligence and cyber (AIVD / NCSC)
            # knows", without the organisations in brackets, or "Feed · Intelligence and cyber".
            room = layout.feed.width - fonts.width(_("filter: {name} (F3)").format(name=_("all")), "small") - 40
            name = str(name_of(s.cell))
            options = [_("Feed · what {cell} knows").format(cell=name),
                       _("Feed · what {cell} knows").format(cell=short_name(name)), f"{title} · {short_name(name)}"]
            title = next((t for t in options if fonts.width(t, "large", "bold") <= room), options[-1])
        self.feed.draw(surface, layout.feed, fonts, entries, title)
        s.on_screen = sorted(set(self.important.drawn_seqs) | set(self.feed.drawn_seqs))
        self._draw_hint(surface, layout)
        self._draw_status(surface, layout)

    def draw_over(self, surface: pygame.Surface) -> None:
        if self.layout is not None:
            self._draw_toasts(surface, self.layout)
            if self.networked:
                self._draw_banner(surface, self.layout)

    def _draw_banner(self, surface: pygame.Surface, layout: MainLayout) -> None:
        """At a networked seat: exercise control's pause (for discussion), or the host being out of reach."""
        s = self.session
        if not getattr(s, "connected", True) and not s.done:
            text, colour = _("Lost the host: reconnecting…"), PALETTE["bad"]
        elif s.paused and not s.done:
            text, colour = _("PAUSED by exercise control for discussion"), PALETTE["warn"]
        else:
            self.banner_drawn = ""
            return
        fonts = self.app.fonts
        pad = 6
        # In the header, between the speed controls and the cell tabs: it covers nothing the seat reads.
        left = self.tabs_left
        right = layout.header.right - layout.margin - fonts.width(_("cell: {cell}").format(cell=s.cell), "small") - 2 * layout.margin
        w = max(120, min(right - left, fonts.width(text, "body", "bold") + 2 * pad))
        box = pygame.Rect(left, (layout.header.height - fonts.line_height("body", "bold") - 2 * pad) // 2, w,
                          fonts.line_height("body", "bold") + 2 * pad)
        pygame.draw.rect(surface, (30, 26, 18), box, border_radius=6)
        pygame.draw.rect(surface, colour, box, width=2, border_radius=6)
        draw_text(surface, fonts, text, (box.left + pad, box.top + pad), PALETTE["bright"], "body", "bold",
                  max_width=box.width - 2 * pad)
        self.banner_drawn = text

    # -- parts ---------------------------------------------------------------------------

    def _draw_header(self, surface: pygame.Surface, layout: MainLayout) -> None:
        fonts, s = self.app.fonts, self.session
        ex = s.exercise
        header = layout.header
        pygame.draw.rect(surface, PALETTE["panel"], header)
        m = layout.margin
        when = to_datetime(ex.now, ex.start_datetime)
        day = int(ex.now // 24) + 1
        big = _("day {day} {time}").format(day=day, time=f"{when:%H:%M}")
        y = (header.height - fonts.line_height("large", "bold")) // 2
        bw = draw_text(surface, fonts, big, (m, y), PALETTE["bright"], "large", "bold")
        draw_text(surface, fonts, f"  {shown(CalendarDate(when))}", (m + bw, y + 4), PALETTE["dim"], "small")
        speed = _("paused") if s.paused else _(s.speed.label)
        if s.rebuilding:
            speed = _("rebuilding…")
        colour = PALETTE["warn"] if s.paused or s.rebuilding else PALETTE["text"]
        sy = (header.height - fonts.line_height("small")) // 2
        draw_text(surface, fonts, speed, (self.speed_label_x, sy), colour, "small", max_width=fonts.width(_("1 week/min"), "small") + 6)
        if len(s.switchable) <= 1:
            draw_text(surface, fonts, _("cell: {cell}").format(cell=s.cell), (header.width - m, sy), PALETTE["text"], "small", align="right",
                      max_width=header.width - self.tabs_left - m)
        frac = min(1.0, ex.now / ex.end) if ex.end else 0.0
        pygame.draw.line(surface, PALETTE["grid"], (0, header.bottom - 2), (header.width, header.bottom - 2), 3)
        pygame.draw.line(surface, PALETTE["accent"], (0, header.bottom - 2), (int(header.width * frac), header.bottom - 2), 3)

    def _draw_indicators(self, surface: pygame.Surface, layout: MainLayout) -> None:
        s = self.session
        ex = s.exercise
        fonts = self.app.fonts
        obs = s.observation()
        rows = []
        if obs.truth:
            times = list(ex.indicators.times)
            for name, value in obs.indicators.items():
                series = list(zip(times, ex.indicators.series.get(name, [])))
                rows.append(IndicatorRow(name, float(value), s.start_values.get(name, value), series, self.targets.get(name)))
            title, subtitle = _("Indicators: truth"), _("exercise control sees the true state")
        else:
            as_of = [p["as_of"] for p in ex.polls]
            for name, value in obs.indicators.items():
                series = list(zip(as_of, obs.series.get(name, [])))
                rows.append(IndicatorRow(name, float(value), s.start_values.get(name, float("nan")), series,
                                         self.targets.get(name)))
            title = _("Indicators: polls")
            if math.isnan(obs.indicators_as_of):
                subtitle = _("no poll published yet (daily, a day late)")
            else:
                subtitle = _("poll of {when} (±2 points, a day late)").format(when=shown(ex.clock(obs.indicators_as_of)).split(' (')[0])
        draw_indicator_panel(surface, layout.indicators, fonts, rows, title, subtitle, t_max=max(ex.now, 48.0),
                             colour=PALETTE["truth"] if obs.truth else PALETTE["perceived"])

    def _map_data(self):
        s = self.session
        ex = s.exercise
        cell = s.view
        key = (cell, len(self.records), int(ex.now))  # arrows fade by the hour; no need to rebuild every frame
        if self._map_cache is not None and self._map_cache[0] == key:
            return self._map_cache[1]
        truth = cell == WHITE
        if truth:
            events = self.records
            bodies = [a.actor_id for a in ex.actors_of("government_body")]
            highlight: list[str] = []
        else:
            events = [r for r in self.records if EVERYONE in r["visible_to"] or cell in r["visible_to"]]
            bodies = list(ex.cells[cell].bodies)
            highlight = bodies
        details: dict[str, dict] = sample_details(s.last_sample) if truth else {}
        for body in bodies:
            agent = ex.actors.get(body)
            capacity = getattr(agent, "capacity", None)
            if capacity is not None and capacity.per_day:
                details[body] = {"bar": capacity.available / (capacity.per_day * capacity.bank_days)}
        for outlet in ex.actors_of("media_outlet"):
            if getattr(outlet, "censored", False):
                details.setdefault(outlet.actor_id, {})["muted"] = True
        data = build_map(self.actors, self.narratives, events, ex.now, truth, highlight, details)
        self._map_cache = (key, data)
        return data

    def _draw_map(self, surface: pygame.Surface, layout: MainLayout) -> None:
        nodes, edges = self._map_data()
        s = self.session
        subtitle = _("all operations") if s.view == WHITE else _("detected operations and your orders")
        rect = layout.map
        if self.networked and s.cell != WHITE:  # a seat's messages under the map (White reads them in the feed)
            m = layout.margin
            split = int(rect.height * 0.62)
            box = pygame.Rect(rect.left, rect.top + split + m, rect.width, rect.height - split - m)
            rect = pygame.Rect(rect.left, rect.top, rect.width, split)
            messages = [e for e in s.visible_entries() if e.kind == "message.sent"]
            self.messages_view.draw(surface, box, self.app.fonts, messages, _("Messages (msg CELL|white|all words)"),
                                    show_filter=False)
        self.map_view.draw(surface, rect, self.app.fonts, nodes, edges, _("Actors"), subtitle)

    def _draw_red(self, surface: pygame.Surface, layout: MainLayout) -> None:
        s = self.session
        obs = s.observation()
        subtitle = _("your own state; the Dutch side only as it shows in public")
        self.red_drawn = draw_red_panel(surface, layout.map, self.app.fonts, _("{title} · red cell {cell}").format(title=obs.title, cell=s.cell),
                                        subtitle, redview.panel_sections(obs))

    def _draw_hint(self, surface: pygame.Surface, layout: MainLayout) -> None:
        if self.cmd is None:
            return
        s = self.session
        text = self.cmd.text
        key = (text, s.cell, len(s.exercise.injects.pending()))
        if self._hint_cache is None or self._hint_cache[0] != key:
            self._hint_cache = (key, hint(text, s.exercise, s.view, s.switchable, [sp.key for sp in SPEEDS]))
        fonts = self.app.fonts
        prompt = f"{s.cell}>"
        pw = draw_text(surface, fonts, prompt, (layout.hint.left, layout.hint.top), PALETTE["accent"], "small", "bold")
        draw_text(surface, fonts, self._hint_cache[1], (layout.hint.left + pw + 8, layout.hint.top), PALETTE["dim"],
                  "small", max_width=layout.hint.width - pw - 8)

    def _draw_status(self, surface: pygame.Surface, layout: MainLayout) -> None:
        s = self.session
        fonts = self.app.fonts
        obs = s.observation()
        parts = [_("host: {url} · seat {seat} ({role})").format(url=s.url, seat=s.seat, role=s.role) if self.networked
                 else _("replay: {path}").format(path=s.replay_path)]
        red = redview.is_red(s.exercise, s.cell)
        if red:
            parts.append(redview.status_text(obs))
        if obs.capacity and s.view != WHITE:
            parts.append(_("staff-days") + " " + " · ".join(f"{name_of(b)} {v:g}" for b, v in obs.capacity.items()))
        if obs.orders:
            parts.append(order_counts(obs.orders))
        capital = getattr(s.exercise, "capital", None)
        if capital is not None and not red:
            parts.append(_("political capital {left:g}/{start:g}").format(left=capital.left, start=capital.start))
        if s.view == WHITE and self.centre != "msel":
            parts.append(_("pending injects: {numbers} (F8: MSEL)").format(
                numbers=" ".join(map(str, obs.pending_injects)) or _("none")))
        parts.append(_("pause on critical: on (F4)") if s.pause_on_critical else _("pause on critical: off (F4)"))
        draw_text(surface, fonts, "   ·   ".join(parts), (layout.status.left, layout.status.top), PALETTE["faint"], "small",
                  max_width=layout.status.width)

    def _toast_boxes(self, layout: MainLayout) -> list[tuple[pygame.Rect, list[str], Any]]:
        """Where the active inject notifications go (box, lines, toast), newest at the top of the Important
        panel, under its title; as many as fit, at most three."""
        toasts = self.session.active_toasts()[-3:]
        fonts = self.app.fonts
        area = layout.toast
        line_h = fonts.line_height("small")
        pad = 8
        top = area.top + fonts.line_height("large", "bold") + 6  # under the panel's title
        boxes = []
        for toast in reversed(toasts):
            lines = wrap(fonts, toast.entry.text, area.width - 2 * pad, "small")[:3]
            h = line_h * len(lines) + 2 * pad
            if top + h > area.bottom:
                break
            box = pygame.Rect(area.left, top, area.width, h)
            boxes.append((box, lines, toast))
            top = box.bottom + 6
        return boxes

    def _draw_toasts(self, surface: pygame.Surface, layout: MainLayout) -> None:
        """Inject notifications over the Important panel, newest at the top (they never cover the map)."""
        self.toasts_drawn: list[pygame.Rect] = []
        fonts = self.app.fonts
        line_h = fonts.line_height("small")
        pad = 8
        for box, lines, toast in self._toast_boxes(layout):
            border = PALETTE["bad"] if toast.critical else PALETTE["warn"]
            # Opaque, with the gap to the next one filled: the lines underneath must not show through.
            pygame.draw.rect(surface, PALETTE["panel"], box.inflate(4, 10))
            pygame.draw.rect(surface, (30, 26, 18), box, border_radius=6)
            pygame.draw.rect(surface, border, box, width=2, border_radius=6)
            yy = box.top + pad
            for line in lines:
                draw_text(surface, fonts, line, (box.left + pad, yy), PALETTE["bright"], "small",
                          max_width=box.width - 2 * pad)
                yy += line_h
            self.toasts_drawn.append(box)

    # -- help, close -----------------------------------------------------------------------

    def help_sections(self) -> list[HelpSection]:
        s = self.session
        orders = [(name, "") for name in s.exercise.allowed_actions(s.view) if not s.evaluating or name == "note"]
        from sim.registry import ACTIONS
        from ui.console.completion import usage_line

        orders = [(name, usage_line(name).split("  ", 1)[-1]) for name, _usage in orders if name in ACTIONS]
        sections: list[HelpSection] = [
            (_("Command line"), [
                ("Return", _("submit the line; the result appears in the feed")),
                (_("Up / Down"), _("walk the history of lines")),
                ("Tab", _("complete actions, targets, key= and values; Tab again cycles")),
                ("help [ACTION]", _("the orders you may give, or one order's usage")),
                ("status", _("clock, capacity, political capital, orders waiting and in lead time (White: pending injects)")),
                ("cell NAME", _("switch the active cell (hot-seat; White may view any cell)")),
                ("speed N", _("1 real time … 6 a week per minute; pause, resume")),
                ("quit", _("end the exercise; the replay is saved")),
            ]),
            (_("Keys"), [
                ("F2", _("next cell")), ("F3", _("feed filter (Shift: back)")),
                ("F4", _("pause on critical injects on/off")), ("F5", _("pause / resume")),
                ("F6 / F7", _("slower / faster")), (_("PgUp / PgDn"), _("scroll the feed; Ctrl+End: newest")),
            ]),
        ]
        if s.cell == WHITE:
            sections.append((_("Exercise control"), [
                ("fire N", _("fire pending inject N now (contingency injects only fire this way)")),
                ("postpone N by=1d6h", _("move an inject later (the answer gives the new calendar time)")),
                ("cancel N", _("cancel a pending inject")),
                ("inject CELL words", _("add an inject for CELL (or all) now; expected= objective= in=2h critical=yes")),
                ("note [OBJ] [rating=S] words", _("an observation, tied to the events on screen")),
                ("F8 / click", _("MSEL panel or map; click a card, then Fire / +6 h / +1 day / Cancel")),
                ("cell NAME", _("see the exercise as that cell does; cell white to return")),
                ("msg CELL|all words", _("a message to one cell or all of them (logged, in the replay)")),
            ]))
        if s.evaluating:
            sections.append((_("Evaluator"), [
                ("note OBJ rating=S words", _("rate an objective P/S/M/U with what you saw")),
                ("note Words", _("a free note (a capital first word, or text=\"...\")")),
                ("F8", _("evaluation guide or map")),
            ]))
        if redview.is_red(s.exercise, s.cell):
            from sim import red_cell

            toolbox = red_cell.context(s.exercise, s.cell).toolbox
            orders = [(name, red_cell.describe_technique(name)) for name in toolbox]
        sections.append((_("Orders for {cell}").format(cell=name_of(s.cell)), orders[:14]))
        return sections

    def on_close(self) -> None:
        self.session.close()

    def on_crash(self) -> None:
        self.session.abandon()
