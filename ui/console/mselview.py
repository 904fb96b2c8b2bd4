"""White's MSEL panel and the evaluator's guide panel, as drawn (the centre of the main screen).

The MSEL panel shows one card per inject (:func:`ui.console.msel.msel_rows`): number, calendar time
and countdown, state, recipients, synopsis, expected action, objective and the supporting material it
carries (kind and title). The next inject to come is
kept in view; a click selects a card, and the main screen's buttons fire, postpone or cancel the
selected inject through the command line, so every click is a logged command like a typed one.

The guide panel shows an evaluator the scenario's objectives with the critical tasks of their
evaluation guide (``evaluation_guide``) and how many notes each has had.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sim.i18n import N_, _, localize, ngettext
from ui.console.msel import MselRow, next_row
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE, Colour, Fonts

STATE_COLOURS = {"pending": "text", "postponed": "warn", "waiting for trigger": "accent", "contingency": "dim",
                 "fired": "good", "cancelled": "dim"}


def state_colour(state: str) -> Colour:
    """The colour a state is written in (orders in flight: warning)."""
    return PALETTE[STATE_COLOURS.get(state, "warn")]


class MselView:
    """State and drawing of the MSEL panel.

    Attributes:
        selected: the selected inject's number (None: none).
        scroll: cards scrolled from the automatic position (the next inject, one fired card above it).
        cards: ``{number: rect}`` of the cards drawn last frame (for clicks and tests).
        drawn: the text drawn last frame, one string per line (for tests).
        selected_open: whether the selected inject may still fire (as last drawn): the panel's Fire, +6 h,
            +1 day and Cancel buttons are greyed for one that fired or was cancelled.
    """

    def __init__(self) -> None:
        self.selected: int | None = None
        self.selected_open = False
        self.scroll = 0
        self.cards: dict[int, pygame.Rect] = {}
        self.drawn: list[str] = []
        self.rect = pygame.Rect(0, 0, 0, 0)

    def click(self, pos: tuple[int, int]) -> int | None:
        """Select the card under ``pos``; returns its number (None: no card there)."""
        for no, rect in self.cards.items():
            if rect.collidepoint(pos):
                self.selected = no
                return no
        return None

    def scroll_by(self, cards: int) -> None:
        """Scroll by whole cards (positive: later injects)."""
        self.scroll += cards

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, rows: Sequence[MselRow],
             title: str, bottom_reserve: int = 0) -> None:
        """Draw the cards of ``rows`` in ``rect``, leaving ``bottom_reserve`` pixels for the buttons."""
        self.rect = rect
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(6, int(8 * fonts.scale))
        x, y, w = rect.left + pad, rect.top + pad // 2 + 2, rect.width - 2 * pad
        open_count = sum(1 for r in rows if r.open)
        auto = max(0, next_row(rows) - 1)  # the last inject done stays in view above the next one
        first = max(0, min(len(rows) - 1, auto + self.scroll)) if rows else 0
        self.scroll = first - auto
        counts = _("{open} to come · {done} done").format(open=open_count, done=len(rows) - open_count) + (
            " · " + _("{n} above").format(n=first) if first else "")
        cw = fonts.width(counts, "small")
        if fonts.width(title, "large", "bold") > w - cw - 12:
            title = title.split(" (")[0]  # a narrow panel keeps "MSEL" whole and drops the key hint
            counts = _("{open} to come · {done} done").format(open=open_count, done=len(rows) - open_count)
            cw = fonts.width(counts, "small")
        draw_text(surface, fonts, title, (x, y), PALETTE["bright"], "large", "bold", max_width=w - cw - 12)
        draw_text(surface, fonts, counts, (x + w, y + 3), PALETTE["dim"], "small", align="right")
        y += fonts.line_height("large", "bold") + 2
        pygame.draw.line(surface, PALETTE["grid"], (x, y), (x + w, y))
        y += 4
        self.cards, self.drawn = {}, []
        if not rows:
            draw_text(surface, fonts, _("the scenario has no MSEL"), (x, y), PALETTE["dim"], "body", max_width=w)
            return
        bottom = rect.bottom - pad // 2 - bottom_reserve
        if self.selected is None or self.selected not in {r.no for r in rows}:
            self.selected = next((r.no for r in rows if r.open), None)
        self.selected_open = any(r.open for r in rows if r.no == self.selected)
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(rect.left, y, rect.width, bottom - y))
        for row in rows[first:]:
            if y >= bottom:
                break
            y = self._card(surface, fonts, row, x, y, w, bottom) + 4
        surface.set_clip(clip)

    def _card(self, surface, fonts: Fonts, row: MselRow, x: int, y: int, w: int, bottom: int) -> int:
        small_h, body_h = fonts.line_height("small"), fonts.line_height("body")
        lines: list[tuple[str, Colour, str, str]] = []  # text, colour, role, face
        lines.append((f"{row.synopsis}", PALETTE["bright"] if row.open else PALETTE["text"], "body", "regular"))
        detail = [_("to {cells}").format(cells=_("everyone") if row.to == "all" else row.to)]
        if row.expected:
            detail.append(_("expects: {orders}").format(orders=row.expected))
        if row.objective:
            detail.append(_("objective: {objective}").format(objective=row.objective))
        if row.material:
            detail.append(_("material: {items}").format(items="; ".join(row.material)))
        pad = 6
        inner = w - 2 * pad
        body = []
        for text, colour, role, face in lines:
            body += [(line, colour, role, face) for line in wrap(fonts, text, inner, role, face)[:3]]
        if detail:
            body += [(line, PALETTE["dim"], "small", "regular")
                     for line in wrap(fonts, " · ".join(detail), inner, "small")[:3 if row.material else 2]]
        head_h = body_h + 2
        height = head_h + sum(fonts.line_height(role, face) for _, _, role, face in body) + 2 * pad
        box = pygame.Rect(x, y, w, height)
        selected = row.no == self.selected
        fill = PALETTE["panel_alt"] if row.open else PALETTE["panel"]
        border = PALETTE["accent"] if selected else (PALETTE["bad"] if row.critical and row.open else PALETTE["border"])
        panel(surface, box, fill, border, 5)
        if selected:
            pygame.draw.rect(surface, PALETTE["accent"], box, width=2, border_radius=5)
        self.cards[row.no] = box
        yy = y + pad
        number = f"{row.no}"
        nw = draw_text(surface, fonts, number, (x + pad, yy), PALETTE["bright"], "body", "bold")
        state = row.state.upper() + (" · " + _("CRITICAL") if row.critical and row.open else "") + (
            " · " + _("added") if row.added else "")
        sw = fonts.width(state, "small", "bold")
        draw_text(surface, fonts, state, (x + w - pad, yy + (body_h - small_h) // 2), state_colour(row.state), "small",
                  "bold", align="right")
        when = f"{row.short} · {row.countdown}" if row.countdown else row.short
        room = w - 2 * pad - nw - sw - 20
        draw_text(surface, fonts, when, (x + pad + nw + 10, yy + (body_h - small_h) // 2), PALETTE["text"],
                  "small", max_width=max(40, room))
        self.drawn.append(f"{number} {when} {state}")
        yy += head_h
        for text, colour, role, face in body:
            if yy + fonts.line_height(role, face) > bottom:
                break
            draw_text(surface, fonts, text, (x + pad, yy), colour, role, face)
            self.drawn.append(text)
            yy += fonts.line_height(role, face)
        return box.bottom


def draw_guide(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, objectives, note_counts: dict[str, int],
               title: str = N_("Evaluation guide")) -> list[str]:
    """The scenario's objectives and their critical tasks, for evaluators; returns the lines drawn."""
    panel(surface, rect, PALETTE["panel"], PALETTE["border"])
    pad = max(6, int(8 * fonts.scale))
    x, y, w = rect.left + pad, rect.top + pad // 2 + 2, rect.width - 2 * pad
    draw_text(surface, fonts, _(title), (x, y), PALETTE["bright"], "large", "bold", max_width=w)
    y += fonts.line_height("large", "bold")
    hint = _("note OBJECTIVE rating=P|S|M|U what you saw · ties the note to the events on screen")
    for line in wrap(fonts, hint, w, "small"):
        draw_text(surface, fonts, line, (x, y), PALETTE["dim"], "small")
        y += fonts.line_height("small")
    drawn: list[str] = []
    bottom = rect.bottom - pad // 2
    for objective in objectives:
        if y + fonts.line_height("body", "bold") > bottom:
            break
        pygame.draw.line(surface, PALETTE["grid"], (x, y + 2), (x + w, y + 2))
        y += 5
        count = note_counts.get(objective.id, 0)
        head = f"{objective.id}"
        hw = draw_text(surface, fonts, head, (x, y), PALETTE["accent"], "body", "bold", max_width=w * 2 // 3)
        draw_text(surface, fonts, ngettext("{n} note", "{n} notes", count).format(n=count), (x + w, y + 2), PALETTE["dim"], "small",
                  align="right")
        drawn.append(head)
        y += fonts.line_height("body", "bold")
        text = localize(objective.description) + (f" — {localize(objective.capability)}" if objective.capability else "")
        for line in wrap(fonts, text, w, "small")[:2]:
            if y + fonts.line_height("small") > bottom:
                return drawn
            draw_text(surface, fonts, line, (x, y), PALETTE["dim"], "small")
            y += fonts.line_height("small")
        for task in objective.evaluation_guide:
            for i, line in enumerate(wrap(fonts, localize(task), w - 16, "small")):
                if y + fonts.line_height("small") > bottom:
                    return drawn
                if i == 0:
                    draw_text(surface, fonts, "•", (x + 2, y), PALETTE["text"], "small")
                draw_text(surface, fonts, line, (x + 16, y), PALETTE["text"], "small")
                drawn.append(line)
                y += fonts.line_height("small")
        del hw
    return drawn
