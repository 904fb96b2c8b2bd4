"""The red cell's panel as drawn: its picture (:func:`ui.console.redview.panel_sections`) in place of the actor map.

Sections are headings with wrapped lines; what does not fit is cut at the bottom with a note, since
the newest signs and measures come first.
"""

from __future__ import annotations

import pygame

from sim.i18n import _
from ui.console.redview import Section
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE, Fonts


def draw_red_panel(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, title: str, subtitle: str,
                   sections: list[Section]) -> list[str]:
    """Draw the panel in ``rect``; returns the lines drawn (tests read them)."""
    panel(surface, rect, PALETTE["panel"], PALETTE["border"])
    pad = max(8, int(10 * fonts.scale))
    width = rect.width - 2 * pad
    x, y = rect.left + pad, rect.top + pad
    drawn: list[str] = []
    draw_text(surface, fonts, title, (x, y), PALETTE["red"], "body", "bold", max_width=width)
    drawn.append(title)
    y += fonts.line_height("body", "bold")
    draw_text(surface, fonts, subtitle, (x, y), PALETTE["dim"], "small", max_width=width)
    y += fonts.line_height("small") + pad // 2
    bottom = rect.bottom - pad - fonts.line_height("small")
    line_h = fonts.line_height("small")
    for heading, lines in sections:
        if y + 2 * line_h > bottom:
            break
        y += pad // 2
        draw_text(surface, fonts, heading, (x, y), PALETTE["accent"], "small", "bold", max_width=width)
        drawn.append(heading)
        y += fonts.line_height("small", "bold") + 2
        for colour, text in lines:
            for part in wrap(fonts, text, width - pad, "small", indent="   "):
                if y + line_h > bottom:
                    draw_text(surface, fonts, _("… (more: type status or help)"), (x, y), PALETTE["faint"], "small")
                    return drawn
                draw_text(surface, fonts, part, (x + pad // 2, y), PALETTE.get(colour, PALETTE["text"]), "small")
                drawn.append(part)
                y += line_h
    return drawn
