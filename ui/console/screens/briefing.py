"""The briefing screen: the scenario, its learning objectives, the player's cell, bodies and orders.

Two columns: on the left what everybody is told (summary, briefing, learning
objectives, scored objectives); on the right the player's cell — its bodies and
their capacity, the government's political capital, and every order it may give
with its staff-days, political capital, lead time and what it costs the
Netherlands (White: the cells, the MSEL, the controls and the political capital). Return or the Start button begins the
exercise; the mouse wheel scrolls a column that does not fit.
"""

from __future__ import annotations

import pygame
import pygame_gui

from sim.events import WHITE
from sim.registry import ACTIONS
from ui.console import redview
from ui.console.completion import costs_text, usage_line
from ui.console.indicators import label
from ui.console.screens.base import HelpSection, Screen
from ui.console.session import LiveSession
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE

Block = tuple[str, str, str]  # (role, face, text) with role "h" for headings


def _red_blocks(session: LiveSession) -> list[Block]:
    """The right column for a red cell: the state it plays, what it holds, its toolbox."""
    from sim import red_cell

    ex = session.exercise
    obs = ex.observe(session.cell)
    ctx = red_cell.context(ex, session.cell)
    blocks: list[Block] = [
        ("h", "bold", f"Your cell: {ex.cells[session.cell].title}"),
        ("body", "regular", f"You play {obs.title}. Its own planner is silent while you hold it: what it launches, "
                            "you order. You see your own operations, staff and budget, the polls and the news, and "
                            "the Dutch side only as it shows in public."),
        ("h", "bold", "What you hold"),
        ("small", "regular", f"• budget {obs.budget:g} units for the whole exercise"),
        ("small", "regular", f"• staff in the country: {', '.join(obs.staff) or 'none'}"),
        ("small", "regular", f"• proxies (via=): {', '.join(obs.proxies) or 'none'} · decoys (false_flag=): "
                             f"{', '.join(obs.false_flags) or 'none'}"),
        ("small", "regular", f"• narratives: {', '.join(obs.narratives) or 'none'}"),
        ("h", "bold", "Your toolbox"),
    ]
    for name in ctx.toolbox:
        blocks.append(("small", "regular", f"• {red_cell.usage(name)}: {red_cell.describe_technique(name)}"))
    blocks.append(("small", "regular", f"Every order may add {red_cell.COMMON_USAGE}: run it through a proxy, "
                                       "by a named staff member, or with traces planted to point at a decoy."))
    blocks.append(("small", "regular", "Some techniques need a step first (access before a hack, a seeded narrative "
                                       "before amplification): a refused order says which."))
    return blocks


def _capital_blocks(exercise) -> list[Block]:
    """The government's political capital: what it starts with, and what spends it."""
    capital = getattr(exercise, "capital", None)
    if capital is None:
        return []
    return [("h", "bold", f"Political capital: {capital.left:g} of {capital.start:g}"),
            ("small", "regular", "The government's heaviest measures and its legislation spend it when they are "
                                 "ordered, and it does not come back during the exercise; an order that needs more "
                                 "than is left is refused.")]


class BriefingScreen(Screen):
    """The briefing before play.

    Attributes:
        session: the live session (not yet advancing).
        scroll: pixels scrolled per column.
    """

    name = "briefing"

    def __init__(self, app, session: LiveSession, auto_start: float | None = None) -> None:
        super().__init__(app)
        self.session = session
        self.auto_start = auto_start
        self.scroll = [0, 0]
        self.start_button: pygame_gui.elements.UIButton | None = None
        self._columns: list[pygame.Rect] = []
        self._heights = [0, 0]

    def build(self) -> None:
        fonts = self.app.fonts
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        bh = fonts.line_height("body") + 16
        bw = fonts.width("Start the exercise (Return)", "body") + 40
        self.start_button = pygame_gui.elements.UIButton(pygame.Rect(w - m - bw, h - m - bh, bw, bh),
                                                         "Start the exercise (Return)", self.app.manager)
        top = m + fonts.line_height("title", "bold") + fonts.line_height("body") + m
        bottom = h - 2 * m - bh
        col_w = (w - 3 * m) // 2
        self._columns = [pygame.Rect(m, top, col_w, bottom - top), pygame.Rect(2 * m + col_w, top, w - 3 * m - col_w, bottom - top)]

    def _left_blocks(self) -> list[Block]:
        sc = self.session.exercise.scenario
        blocks: list[Block] = [("h", "bold", "Briefing")]
        paragraphs = (sc.briefing or "").strip().split("\n\n")  # YAML block text: a blank line ends a paragraph
        blocks += [("body", "regular", " ".join(p.split())) for p in paragraphs if p.strip()]
        if sc.learning_objectives:
            blocks.append(("h", "bold", "Learning objectives"))
            blocks += [("body", "regular", f"• {o}") for o in sc.learning_objectives]
        objectives = getattr(sc, "objectives", []) or []
        if objectives:
            blocks.append(("h", "bold", "Scored objectives"))
            for o in objectives:
                desc = getattr(o, "description", "") or o.id
                blocks.append(("small", "regular", f"• {desc}: {label(o.indicator)} at least {o.target:g} (weight {o.weight:g})"))
        return blocks

    def _right_blocks(self) -> list[Block]:
        s = self.session
        ex = s.exercise
        blocks: list[Block] = []
        if s.cell == WHITE:
            blocks.append(("h", "bold", "You are exercise control (White)"))
            blocks.append(("body", "regular", "You see the true state and every event. You fire, postpone or cancel "
                                              "injects, pause for discussion, and can view the exercise as any cell "
                                              "(cell NAME; cell white to return)."))
            blocks.append(("h", "bold", "Cells"))
            for cell in ex.cells.values():
                who = "player" if cell.held else "doctrine"
                blocks.append(("small", "regular", f"• {cell.id} ({who}): {cell.title}; bodies {', '.join(cell.bodies)}"))
            injects = ex.injects.states
            critical = [n for n, st in injects.items() if st.inject.critical]
            contingency = [n for n, st in injects.items() if st.inject.contingency]
            blocks.append(("h", "bold", f"MSEL: {len(injects)} injects"))
            blocks.append(("small", "regular", f"critical: {', '.join(map(str, critical)) or 'none'} · contingency "
                                               f"(fire by hand): {', '.join(map(str, contingency)) or 'none'}"))
            blocks.append(("small", "regular", "fire N · postpone N by=12h · cancel N"))
            blocks += _capital_blocks(ex)
        elif redview.is_red(ex, s.cell):
            blocks += _red_blocks(s)
        else:
            cell = ex.cells[s.cell]
            blocks.append(("h", "bold", f"Your cell: {cell.title}"))
            blocks.append(("small", "regular", f"cell id {cell.id}"))
            blocks.append(("h", "bold", "Bodies"))
            for body in cell.bodies:
                agent = ex.actors.get(body)
                name = getattr(agent, "display_name", body)
                cap = getattr(agent, "capacity", None)
                extra = f" · {cap.per_day:g} staff-days a day, {cap.available:g} banked" if cap is not None else ""
                blocks.append(("small", "regular", f"• {name} ({body}){extra}"))
            others = [c for c in s.switchable if c != s.cell]
            if others:
                blocks.append(("small", "regular", f"Hot-seat: this console also holds {', '.join(others)} "
                                                   f"(switch with cell NAME or F2)."))
            blocks += _capital_blocks(ex)
            blocks.append(("h", "bold", "Orders you may give"))
            for name in cell.actions:
                if name in ACTIONS:
                    costs = costs_text(name)
                    blocks.append(("small", "regular", "• " + usage_line(name) + (f" Costs: {costs}." if costs else "")))
            blocks.append(("small", "regular", "A busy body queues an order until it has the staff-days; add "
                                               "surge=yes to start it now on borrowed time (fatigue follows)."))
        blocks.append(("h", "bold", "At the console"))
        blocks.append(("small", "regular", "Type an order and press Return; Tab completes, Up/Down recalls, help lists "
                                           "your orders, F1 shows every key. The replay is written as you play: "
                                           f"{s.replay_path}"))
        return blocks

    def _draw_column(self, surface: pygame.Surface, rect: pygame.Rect, blocks: list[Block], index: int) -> None:
        fonts = self.app.fonts
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(8, int(12 * fonts.scale))
        width = rect.width - 2 * pad
        clip = surface.get_clip()
        inner = rect.inflate(-4, -4)
        surface.set_clip(inner)
        y = rect.top + pad - self.scroll[index]
        for role, face, text in blocks:
            if role == "h":
                y += fonts.line_height("small") // 2
                draw_text(surface, fonts, text, (rect.left + pad, y), PALETTE["accent"], "large", "bold", max_width=width)
                y += fonts.line_height("large", "bold") + 2
                continue
            colour = PALETTE["text"] if role == "body" else PALETTE["text"]
            for line in wrap(fonts, text, width, role, face, indent="   " if text.startswith("•") else ""):
                draw_text(surface, fonts, line, (rect.left + pad, y), colour, role, face)
                y += fonts.line_height(role, face)
            y += 4
        surface.set_clip(clip)
        self._heights[index] = y + self.scroll[index] - rect.top + pad
        if self._heights[index] > rect.height:
            hint = "more below: scroll or PgDn" if self.scroll[index] + rect.height < self._heights[index] else ""
            if hint:
                draw_text(surface, fonts, hint, (rect.right - pad, rect.bottom - fonts.line_height("small") - 4),
                          PALETTE["warn"], "small", align="right")

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        sc = self.session.exercise.scenario
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        draw_text(surface, fonts, sc.title, (m, m), PALETTE["bright"], "title", "bold", max_width=w - 2 * m)
        y = m + fonts.line_height("title", "bold")
        start = self.session.exercise.clock(0.0)
        seed = self.session.exercise.seed
        sub = f"{sc.summary}   ·   starts {start} · {sc.duration.days:g} days" + (f" · seed {seed}" if seed is not None else "")
        draw_text(surface, fonts, sub, (m, y), PALETTE["dim"], "body", max_width=w - 2 * m)
        if self._columns:
            self._draw_column(surface, self._columns[0], self._left_blocks(), 0)
            self._draw_column(surface, self._columns[1], self._right_blocks(), 1)
        draw_text(surface, fonts, f"replay: {self.session.replay_path}", (m, h - m - fonts.line_height("body") - 4),
                  PALETTE["faint"], "small", max_width=w // 2)
        if self.auto_start is not None and self.start_button is not None:
            note = f"demo: starting in {max(0, int(self.auto_start + 0.999))} s"
            draw_text(surface, fonts, note, (self.start_button.rect.left - m, self.start_button.rect.top + 6),
                      PALETTE["warn"], "body", align="right")

    def update(self, dt: float, budget: float) -> None:
        if self.auto_start is not None:
            self.auto_start -= dt
            if self.auto_start <= 0:
                self.auto_start = None
                self.start()

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_RETURN, pygame.K_KP_ENTER, pygame.K_SPACE):
            self.start()
            return True
        if event.type == pygame.MOUSEWHEEL:
            pos = pygame.mouse.get_pos()
            for i, rect in enumerate(self._columns):
                if rect.collidepoint(pos):
                    most = max(0, self._heights[i] - rect.height)
                    self.scroll[i] = max(0, min(most, self.scroll[i] - 40 * event.y))
                    return True
        if event.type == pygame.KEYDOWN and event.key in (pygame.K_PAGEDOWN, pygame.K_PAGEUP):
            step = 1 if event.key == pygame.K_PAGEDOWN else -1
            for i, rect in enumerate(self._columns):
                most = max(0, self._heights[i] - rect.height)
                self.scroll[i] = max(0, min(most, self.scroll[i] + step * rect.height // 2))
            return True
        return False

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        if event.type == pygame_gui.UI_BUTTON_PRESSED and event.ui_element is self.start_button:
            self.start()

    def start(self) -> None:
        """Go to the main screen."""
        self.app.navigate("main", self.session)

    def help_sections(self) -> list[HelpSection]:
        return [("Briefing", [("Return / Space", "start the exercise"), ("wheel, PgUp/PgDn", "scroll the columns")])]

    def on_close(self) -> None:
        self.session.close()

    def on_crash(self) -> None:
        self.session.abandon()
