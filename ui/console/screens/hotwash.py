"""The hot-wash screen: after the end, each cell answers a short form before the replay is closed.

One page per objective and one for the exercise as a whole (:class:`ui.console.hotwash.HotwashForm`):
a P/S/M/U rating, strengths, and areas for improvement. The list on the left shows every page and
whether it has an answer; Previous/Next (Ctrl+Left/Right) move through them. "Save and finish"
writes the answers into the replay before its footer and shows the end screen; closing the window
saves what was entered; "Skip" closes the replay without answers.
"""

from __future__ import annotations

import pygame
import pygame_gui
from pygame_gui.core import ObjectID

from replays.format import HOTWASH_RATINGS
from sim.i18n import _, name_of, shown
from ui.console.hotwash import RATING_LABELS, HotwashForm
from ui.console.screens.base import HelpSection, Screen
from ui.console.session import LiveSession
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE


class HotwashScreen(Screen):
    """The hot-wash form.

    Attributes:
        session: the ended session (its replay waits for the answers).
        form: the pages and answers.
    """

    name = "hotwash"

    def __init__(self, app, session: LiveSession) -> None:
        super().__init__(app)
        self.session = session
        self.form = HotwashForm.for_exercise(session.exercise)
        self.buttons: dict[str, pygame_gui.elements.UIButton] = {}
        self.ratings: dict[str, pygame_gui.elements.UIButton] = {}
        self.strengths: pygame_gui.elements.UITextEntryBox | None = None
        self.improvements: pygame_gui.elements.UITextEntryBox | None = None
        self.list_rect = pygame.Rect(0, 0, 0, 0)
        self.page_rects: list[tuple[int, pygame.Rect]] = []
        self._saved = False

    # -- widgets ---------------------------------------------------------------------------

    def _geometry(self) -> tuple[int, pygame.Rect, pygame.Rect]:
        fonts = self.app.fonts
        w, h = self.app.size
        m = max(10, int(14 * fonts.scale))
        top = m + fonts.line_height("title", "bold") + fonts.line_height("body") + m
        bh = fonts.line_height("body") + 16
        list_rect = pygame.Rect(m, top, max(260, int(w * 0.28)), h - top - 2 * m - bh)
        form_rect = pygame.Rect(list_rect.right + m, top, w - list_rect.right - 2 * m, list_rect.height)
        return m, list_rect, form_rect

    def build(self) -> None:
        self._store()
        app, fonts = self.app, self.app.fonts
        manager = app.manager
        w, h = app.size
        m, self.list_rect, form = self._geometry()
        pad = max(8, int(10 * fonts.scale))
        bh = fonts.line_height("body") + 16
        x = w - m
        self.buttons = {}
        for key, text in (("save", _("Save and finish")), ("next", _("Next >")), ("back", _("< Previous")),
                          ("skip", _("Skip"))):
            bw = fonts.width(text, "body") + 36
            x -= bw
            self.buttons[key] = pygame_gui.elements.UIButton(pygame.Rect(x, h - m - bh, bw, bh), text, manager)
            x -= m // 2
        y = form.top + pad + fonts.line_height("large", "bold") + 3 * fonts.line_height("small") + pad
        self.rating_top = y - fonts.line_height("small") - 4
        rb_h = fonts.line_height("body") + 14
        gap = 6
        texts = {rating: _(RATING_LABELS[rating]) for rating in HOTWASH_RATINGS}
        widths = {rating: fonts.width(text, "small") + 28 for rating, text in texts.items()}
        room = form.width - 2 * pad
        # One row when the four labels fit their text; else two rows of two, each column as wide as its widest.
        per_row = len(texts) if sum(widths.values()) + gap * (len(texts) - 1) <= room else 2
        order = list(HOTWASH_RATINGS)
        columns = [max(widths[r] for r in order[c::per_row]) for c in range(per_row)]
        if sum(columns) + gap * (per_row - 1) > room:  # still too wide: share the room evenly
            columns = [(room - gap * (per_row - 1)) // per_row] * per_row
        self.ratings = {}
        top = y + fonts.line_height("small")
        for i, rating in enumerate(order):
            row, col = divmod(i, per_row)
            bx = form.left + pad + sum(columns[:col]) + gap * col
            self.ratings[rating] = pygame_gui.elements.UIButton(
                pygame.Rect(bx, top + row * (rb_h + gap), columns[col], rb_h), texts[rating], manager,
                object_id=ObjectID(class_id="@small_button"), tool_tip_text=texts[rating])
        rows = -(-len(order) // per_row)
        y += fonts.line_height("small") + rows * rb_h + (rows - 1) * gap + pad
        box_h = (form.bottom - pad - y - 2 * fonts.line_height("small") - pad) // 2
        self.strengths_label_y = y
        self.strengths = pygame_gui.elements.UITextEntryBox(
            pygame.Rect(form.left + pad, y + fonts.line_height("small") + 2, form.width - 2 * pad, box_h), "", manager)
        y += fonts.line_height("small") + 2 + box_h + pad
        self.improvements_label_y = y
        self.improvements = pygame_gui.elements.UITextEntryBox(
            pygame.Rect(form.left + pad, y + fonts.line_height("small") + 2, form.width - 2 * pad, box_h), "", manager)
        self._load()

    def _store(self) -> None:
        """Keep what the text boxes hold in the answer of the page shown."""
        if self.strengths is None or self.improvements is None:
            return
        answer = self.form.answer()
        answer.strengths = self.strengths.get_text()
        answer.improvements = self.improvements.get_text()

    def _load(self) -> None:
        """Fill the widgets with the answer of the page shown."""
        answer = self.form.answer()
        assert self.strengths is not None and self.improvements is not None
        self.strengths.set_text(answer.strengths)
        self.improvements.set_text(answer.improvements)
        self._paint_ratings()

    def _paint_ratings(self) -> None:
        current = self.form.answer().rating
        for rating, button in self.ratings.items():
            if rating == current:
                button.select()
            else:
                button.unselect()

    # -- actions ---------------------------------------------------------------------------

    def go(self, step: int) -> None:
        """Show another page (what was typed is kept)."""
        self._store()
        self.form.go(step)
        self._load()

    def show_page(self, index: int) -> None:
        """Show page ``index``."""
        self.go(index - self.form.index)

    def type_answer(self, strengths: str | None = None, improvements: str | None = None) -> None:
        """Put text in the boxes (what typing does; tests use it)."""
        if strengths is not None and self.strengths is not None:
            self.strengths.set_text(strengths)
        if improvements is not None and self.improvements is not None:
            self.improvements.set_text(improvements)
        self._store()

    def rate(self, rating: str) -> None:
        """Rate the page shown (again: clear)."""
        self.form.rate(rating)
        self._paint_ratings()

    def save(self) -> None:
        """Write the answers into the replay (before its footer) and show the end screen."""
        self._store()
        if not self._saved:
            self._saved = True
            self.session.close(self.form.records())
        self.app.navigate("end", self.session)

    def skip(self) -> None:
        """Close the replay without answers and show the end screen."""
        if not self._saved:
            self._saved = True
            self.session.close()
        self.app.navigate("end", self.session)

    # -- events ------------------------------------------------------------------------------

    def handle_event(self, event: pygame.event.Event) -> bool:
        if event.type == pygame.KEYDOWN and event.mod & pygame.KMOD_CTRL:
            if event.key == pygame.K_RIGHT:
                self.go(1)
                return True
            if event.key == pygame.K_LEFT:
                self.go(-1)
                return True
            if event.key == pygame.K_s:
                self.save()
                return True
        if event.type == pygame.MOUSEBUTTONDOWN and event.button == 1:
            for index, rect in self.page_rects:
                if rect.collidepoint(event.pos):
                    self.show_page(index)
                    return True
        return False

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        if event.type != pygame_gui.UI_BUTTON_PRESSED:
            return
        element = event.ui_element
        actions = {"next": lambda: self.go(1), "back": lambda: self.go(-1), "save": self.save, "skip": self.skip}
        for key, button in self.buttons.items():
            if element is button:
                actions[key]()
                return
        for rating, button in self.ratings.items():
            if element is button:
                self.rate(rating)
                return

    # -- drawing ---------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        fonts, form = self.app.fonts, self.form
        w = self.app.size[0]
        m, list_rect, form_rect = self._geometry()
        ex = self.session.exercise
        draw_text(surface, fonts, _("Hot wash · {title}").format(title=shown(ex.scenario.title)), (m, m), PALETTE["bright"], "title", "bold",
                  max_width=w - 2 * m)
        y = m + fonts.line_height("title", "bold")
        draw_text(surface, fonts, _("The exercise ended at {clock}. Each cell: how did it go, what went well, what to "
                                    "improve? {answered} of {pages} pages answered; the answers go into the replay.").format(
            clock=shown(ex.clock()), answered=form.answered(), pages=len(form.pages)),
            (m, y), PALETTE["text"], "body", max_width=w - 2 * m)
        self._draw_list(surface, list_rect)
        self._draw_form(surface, form_rect)

    def _draw_list(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts, form = self.app.fonts, self.form
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(6, int(8 * fonts.scale))
        line_h = fonts.line_height("small") + 4
        capacity = max(1, (rect.height - 2 * pad) // line_h)
        first = max(0, min(form.index - capacity // 2, len(form.pages) - capacity))
        y = rect.top + pad
        self.page_rects = []
        cell = None
        for index in range(first, len(form.pages)):
            page = form.pages[index]
            if y + line_h > rect.bottom - pad:
                break
            row = pygame.Rect(rect.left + 2, y - 2, rect.width - 4, line_h)
            if index == form.index:
                pygame.draw.rect(surface, PALETTE["panel_alt"], row, border_radius=4)
                pygame.draw.rect(surface, PALETTE["accent"], row, width=1, border_radius=4)
            answer = form.answers.get((page.cell, page.objective))
            mark = "[x]" if answer is not None and not answer.empty else "[ ]"
            rating = f" {answer.rating}" if answer is not None and answer.rating else ""
            label = page.objective or _("as a whole")
            if page.cell != cell:
                label = f"{name_of(page.cell)}: {label}"
                cell = page.cell
            else:
                label = f"    {label}"
            colour = PALETTE["good"] if mark == "[x]" else PALETTE["text"]
            draw_text(surface, fonts, f"{mark} {label}{rating}", (rect.left + pad, y), colour, "small",
                      max_width=rect.width - 2 * pad)
            self.page_rects.append((index, row))
            y += line_h

    def _draw_form(self, surface: pygame.Surface, rect: pygame.Rect) -> None:
        fonts, form = self.app.fonts, self.form
        page = form.page
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(8, int(10 * fonts.scale))
        x, y, width = rect.left + pad, rect.top + pad, rect.width - 2 * pad
        draw_text(surface, fonts, page.title, (x, y), PALETTE["bright"], "large", "bold", max_width=width)
        y += fonts.line_height("large", "bold")
        for line in wrap(fonts, page.description, width, "small")[:2]:
            draw_text(surface, fonts, line, (x, y), PALETTE["dim"], "small")
            y += fonts.line_height("small")
        draw_text(surface, fonts, _("page {page} of {pages} · Ctrl+Left / Ctrl+Right: pages · Ctrl+S: save").format(
            page=form.index + 1, pages=len(form.pages)),
                  (x, y), PALETTE["dim"], "small", max_width=width)
        draw_text(surface, fonts, _("How well did it go? (HSEEP rating; click again to clear)"), (x, self.rating_top),
                  PALETTE["text"], "small", "bold", max_width=width)
        draw_text(surface, fonts, _("Strengths"), (x, self.strengths_label_y), PALETTE["text"], "small", "bold")
        draw_text(surface, fonts, _("Areas for improvement"), (x, self.improvements_label_y), PALETTE["text"], "small",
                  "bold")

    def help_sections(self) -> list[HelpSection]:
        return [(_("Hot wash"), [(_("click a rating"), _("P, S, M or U for the page shown")),
                                 ("Ctrl+Left / Ctrl+Right", _("previous / next page")), ("Ctrl+S", _("save and finish")),
                                 (_("Skip"), _("close the replay without answers"))])]

    def on_close(self) -> None:
        """The window closes: keep what was entered."""
        self._store()
        if not self._saved:
            self._saved = True
            self.session.close(self.form.records())
