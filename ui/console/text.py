"""Text helpers: wrap to a width, shorten with an ellipsis, draw clipped to a rectangle.

Every piece of text the console draws goes through these, so nothing spills out
of its panel: a line that does not fit is wrapped or ends in "…".
"""

from __future__ import annotations

import pygame

from ui.console.theme import Colour, Fonts

ELLIPSIS = "…"


def ellipsize(fonts: Fonts, text: str, width: int, role: str = "body", face: str = "regular") -> str:
    """``text`` shortened with "…" so it fits in ``width`` pixels."""
    if width <= 0:
        return ""
    font = fonts.font(role, face)
    if font.size(text)[0] <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if font.size(text[:mid].rstrip() + ELLIPSIS)[0] <= width:
            low = mid
        else:
            high = mid - 1
    return text[:low].rstrip() + ELLIPSIS if low else ""


def wrap(fonts: Fonts, text: str, width: int, role: str = "body", face: str = "regular",
         indent: str = "") -> list[str]:
    """Lines of ``text`` that each fit in ``width`` pixels (words too long for a line are cut).

    Newlines in ``text`` start new lines; continuation lines begin with ``indent``.
    """
    font = fonts.font(role, face)
    out: list[str] = []
    for paragraph in text.split("\n"):
        words = paragraph.split(" ")
        line = ""
        for word in words:
            candidate = f"{line} {word}" if line else word
            if font.size(candidate)[0] <= width:
                line = candidate
                continue
            if line:
                out.append(line)
                line = indent + word
            else:
                line = word
            while font.size(line)[0] > width and len(line) > 1:  # a word longer than the line
                cut = len(line)
                while cut > 1 and font.size(line[:cut])[0] > width:
                    cut -= 1
                out.append(line[:cut])
                line = indent + line[cut:]
        out.append(line)
    return out


def draw_text(surface: pygame.Surface, fonts: Fonts, text: str, pos: tuple[int, int], colour: Colour,
              role: str = "body", face: str = "regular", max_width: int | None = None,
              align: str = "left") -> int:
    """Draw one line (ellipsized to ``max_width``); returns its width. ``align`` is left, right or centre."""
    if max_width is not None:
        text = ellipsize(fonts, text, max_width, role, face)
    if not text:
        return 0
    rendered = fonts.render(text, colour, role, face)
    x, y = pos
    if align == "right":
        x -= rendered.get_width()
    elif align == "centre":
        x -= rendered.get_width() // 2
    surface.blit(rendered, (x, y))
    return rendered.get_width()


def panel(surface: pygame.Surface, rect: pygame.Rect, fill: Colour, border: Colour | None = None,
          radius: int = 6) -> None:
    """A filled rounded rectangle with an optional border."""
    pygame.draw.rect(surface, fill, rect, border_radius=radius)
    if border is not None:
        pygame.draw.rect(surface, border, rect, width=1, border_radius=radius)
