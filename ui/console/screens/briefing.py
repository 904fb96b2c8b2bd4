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

from sim.i18n import _, localize, name_of, ngettext
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
        ("h", "bold", _("Your cell: {title}").format(title=localize(ex.cells[session.cell].title))),
        ("body", "regular", _("You play {title}. Its own planner is silent while you hold it: what it launches, "
                              "you order. You see your own operations, staff and budget, the polls and the news, and "
                              "the Dutch side only as it shows in public.").format(title=obs.title)),
        ("h", "bold", _("What you hold")),
        ("small", "regular", "• " + _("budget {budget:g} units for the whole exercise").format(budget=obs.budget)),
        ("small", "regular", "• " + _("staff in the country: {staff}").format(staff=", ".join(map(name_of, obs.staff)) or _("none"))),
        ("small", "regular", "• " + _("proxies (via=): {proxies} · decoys (false_flag=): {decoys}").format(
                                 proxies=", ".join(obs.proxies) or _("none"), decoys=", ".join(obs.false_flags) or _("none"))),
        ("small", "regular", "• " + _("narratives: {names}").format(names=", ".join(obs.narratives) or _("none"))),
        ("h", "bold", _("Your toolbox")),
    ]
    for name in ctx.toolbox:
        blocks.append(("small", "regular", f"• {red_cell.usage(name)}: {red_cell.describe_technique(name)}"))
    blocks.append(("small", "regular", _("Every order may add {usage}: run it through a proxy, by a named staff member, or with traces "
                                         "planted to point at a decoy.").format(usage=red_cell.COMMON_USAGE)))
    blocks.append(("small", "regular", _("Some techniques need a step first (access before a hack, a seeded narrative "
                                         "before amplification): a refused order says which.")))
    return blocks


def _capital_blocks(exercise) -> list[Block]:
    """The government's political capital: what it starts with, and what spends it."""
    capital = getattr(exercise, "capital", None)
    if capital is None:
        return []
    return [("h", "bold", _("Political capital: {left:g} of {start:g}").format(left=capital.left, start=capital.start)),
            ("small", "regular", _("The government's heaviest measures and its legislation spend it when they are "
                                   "ordered, and it does not come back during the exercise; an order that needs more "
                                   "than is left is refused."))]


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
        bw = fonts.width(_("Start the exercise (Return)"), "body") + 40
        self.start_button = pygame_gui.elements.UIButton(pygame.Rect(w - m - bw, h - m - bh, bw, bh),
                                                         _("Start the exercise (Return)"), self.app.manager)
        top = m + fonts.line_height("title", "bold") + fonts.line_height("body") + m
        bottom = h - 2 * m - bh
        col_w = (w - 3 * m) // 2
        self._columns = [pygame.Rect(m, top, col_w, bottom - top), pygame.Rect(2 * m + col_w, top, w - 3 * m - col_w, bottom - top)]

    def _left_blocks(self) -> list[Block]:
        sc = self.session.exercise.scenario
        blocks: list[Block] = [("h", "bold", _("Briefing"))]
        paragraphs = (localize(sc.briefing) or "").strip().split("\n\n")  # YAML block text: a blank line ends a paragraph
        blocks += [("body", "regular", " ".join(p.split())) for p in paragraphs if p.strip()]
        if sc.learning_objectives:
            blocks.append(("h", "bold", _("Learning objectives")))
            blocks += [("body", "regular", f"• {localize(o)}") for o in sc.learning_objectives]
        objectives = getattr(sc, "objectives", []) or []
        if objectives:
            blocks.append(("h", "bold", _("Scored objectives")))
            for o in objectives:
                desc = localize(getattr(o, "description", "")) or o.id
                blocks.append(("small", "regular", "• " + _("{objective}: {indicator} at least {target:g} (weight {weight:g})").format(
                    objective=desc, indicator=label(o.indicator), target=o.target, weight=o.weight)))
        return blocks

    def _right_blocks(self) -> list[Block]:
        s = self.session
        ex = s.exercise
        blocks: list[Block] = []
        if s.cell == WHITE:
            blocks.append(("h", "bold", _("You are exercise control (White)")))
            blocks.append(("body", "regular", _("You see the true state and every event. You fire, postpone or cancel "
                                                "injects, pause for discussion, and can view the exercise as any cell "
                                                "(cell NAME; cell white to return).")))
            blocks.append(("h", "bold", _("Cells")))
            for cell in ex.cells.values():
                who = _("player") if cell.held else _("doctrine")
                blocks.append(("small", "regular", "• " + _("{cell} ({who}): {title}; bodies {bodies}").format(
                    cell=cell.id, who=who, title=localize(cell.title), bodies=", ".join(map(name_of, cell.bodies)))))
            injects = ex.injects.states
            critical = [n for n, st in injects.items() if st.inject.critical]
            contingency = [n for n, st in injects.items() if st.inject.contingency]
            blocks.append(("h", "bold", ngettext("MSEL: {count} inject", "MSEL: {count} injects", len(injects)).format(count=len(injects))))
            blocks.append(("small", "regular", _("critical: {critical} · contingency (fire by hand): {contingency}").format(
                critical=", ".join(map(str, critical)) or _("none"), contingency=", ".join(map(str, contingency)) or _("none"))))
            blocks.append(("small", "regular", "fire N · postpone N by=12h · cancel N"))
            blocks += _capital_blocks(ex)
        elif redview.is_red(ex, s.cell):
            blocks += _red_blocks(s)
        else:
            cell = ex.cells[s.cell]
            blocks.append(("h", "bold", _("Your cell: {title}").format(title=localize(cell.title))))
            blocks.append(("small", "regular", _("cell id {id}").format(id=cell.id)))
            blocks.append(("h", "bold", _("Bodies")))
            for body in cell.bodies:
                agent = ex.actors.get(body)
                name = getattr(agent, "display_name", body)
                cap = getattr(agent, "capacity", None)
                extra = " · " + _("{per_day:g} staff-days a day, {banked:g} banked").format(per_day=cap.per_day, banked=cap.available) if cap is not None else ""
                blocks.append(("small", "regular", f"• {name} ({body}){extra}"))
            others = [c for c in s.switchable if c != s.cell]
            if others:
                blocks.append(("small", "regular", _("Hot-seat: this console also holds {cells} (switch with cell NAME or F2).").format(
                                                       cells=", ".join(others))))
            blocks += _capital_blocks(ex)
            blocks.append(("h", "bold", _("Orders you may give")))
            for name in cell.actions:
                if name in ACTIONS:
                    costs = costs_text(name)
                    blocks.append(("small", "regular", "• " + usage_line(name) + (" " + _("Costs: {costs}.").format(costs=costs) if costs else "")))
            blocks.append(("small", "regular", _("A busy body queues an order until it has the staff-days; add "
                                                 "surge=yes to start it now on borrowed time (fatigue follows).")))
        blocks.append(("h", "bold", _("At the console")))
        blocks.append(("small", "regular", _("Type an order and press Return; Tab completes, Up/Down recalls, help lists "
                                             "your orders, F1 shows every key. The replay is written as you play: "
                                             "{path}").format(path=s.replay_path)))
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
            hint = _("more below: scroll or PgDn") if self.scroll[index] + rect.height < self._heights[index] else ""
            if hint:
                draw_text(surface, fonts, hint, (rect.right - pad, rect.bottom - fonts.line_height("small") - 4),
                          PALETTE["warn"], "small", align="right")

    def draw(self, surface: pygame.Surface) -> None:
        fonts = self.app.fonts
        sc = self.session.exercise.scenario
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        draw_text(surface, fonts, localize(sc.title), (m, m), PALETTE["bright"], "title", "bold", max_width=w - 2 * m)
        y = m + fonts.line_height("title", "bold")
        start = self.session.exercise.clock(0.0)
        seed = self.session.exercise.seed
        sub = (localize(sc.summary) + "   ·   " + _("starts {start} · {days:g} days").format(start=start, days=sc.duration.days)
               + (" · " + _("seed {seed}").format(seed=seed) if seed is not None else ""))
        draw_text(surface, fonts, sub, (m, y), PALETTE["dim"], "body", max_width=w - 2 * m)
        if self._columns:
            self._draw_column(surface, self._columns[0], self._left_blocks(), 0)
            self._draw_column(surface, self._columns[1], self._right_blocks(), 1)
        draw_text(surface, fonts, _("replay: {path}").format(path=self.session.replay_path), (m, h - m - fonts.line_height("body") - 4),
                  PALETTE["faint"], "small", max_width=w // 2)
        if self.auto_start is not None and self.start_button is not None:
            note = _("demo: starting in {seconds} s").format(seconds=max(0, int(self.auto_start + 0.999)))
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
        return [(_("Briefing"), [(_("Return / Space"), _("start the exercise")),
                                 (_("wheel, PgUp/PgDn"), _("scroll the columns"))])]

    def on_close(self) -> None:
        self.session.close()

    def on_crash(self) -> None:
        self.session.abandon()
