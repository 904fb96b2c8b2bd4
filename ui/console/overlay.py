"""The help overlay (F1): the keys and words of the current screen over a dimmed window."""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sim.i18n import _
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE, Fonts

Section = tuple[str, Sequence[tuple[str, str]]]


def draw_help(surface: pygame.Surface, fonts: Fonts, sections: Sequence[Section], title: str = "Help") -> pygame.Rect:
    """Draw the overlay; sections are laid out in two columns. Returns the panel's rectangle."""
    w, h = surface.get_size()
    shade = pygame.Surface((w, h), pygame.SRCALPHA)
    shade.fill((8, 10, 12, 200))
    surface.blit(shade, (0, 0))
    box = pygame.Rect(0, 0, int(w * 0.84), int(h * 0.84))
    box.center = (w // 2, h // 2)
    panel(surface, box, PALETTE["panel"], PALETTE["accent"], 8)
    pad = max(10, int(14 * fonts.scale))
    x, y = box.left + pad, box.top + pad
    draw_text(surface, fonts, title, (x, y), PALETTE["bright"], "title", "bold", max_width=box.width - 2 * pad)
    draw_text(surface, fonts, _("F1 or Esc closes"), (box.right - pad, y + 8), PALETTE["dim"], "small", align="right")
    y += fonts.line_height("title", "bold") + pad // 2
    col_w = (box.width - 3 * pad) // 2
    line_h = fonts.line_height("small")
    key_w = min(col_w // 3, max((fonts.width(k, "small", "bold") for _, rows in sections for k, _ in rows), default=60) + pad)
    columns = [(x, y), (x + col_w + pad, y)]
    # Fill the left column, then the right one.
    budget = box.bottom - pad
    col = 0
    cx, cy = columns[0]
    for heading, rows in sections:
        need = line_h * (2 + len(rows))
        if cy + need > budget and col == 0:
            col = 1
            cx, cy = columns[1]
        if cy + line_h > budget:
            break
        draw_text(surface, fonts, heading, (cx, cy), PALETTE["accent"], "body", "bold", max_width=col_w)
        cy += fonts.line_height("body", "bold")
        for key, text in rows:
            lines = wrap(fonts, text, col_w - key_w, "small")
            if cy + line_h * len(lines) > budget:
                break
            draw_text(surface, fonts, key, (cx, cy), PALETTE["warn"], "small", "bold", max_width=key_w - 6)
            for line in lines:
                draw_text(surface, fonts, line, (cx + key_w, cy), PALETTE["text"], "small")
                cy += line_h
        cy += line_h // 2
    return box
