"""Where everything goes, from the window size and the font sizes.

Panels are proportional to the window with minimum widths, and rows are sized
from the fonts' line heights, so the same code lays out 1280x720 and 1920x1080
(and anything resizable in between) without text running into its neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass

import pygame

from ui.console.theme import Fonts


@dataclass(frozen=True)
class MainLayout:
    """Rectangles of the main (play) screen.

    Attributes:
        header: clock, speed controls and cell tabs.
        indicators / map / feed: the three panels (the map is the centre panel: White's MSEL, an evaluator's
            guide or the actor map).
        important: the important events, above the feed.
        toast: where inject notifications appear (over the important events, never over the map).
        hint: the inline help line above the command line.
        entry: the command line.
        status: the strip under the command line.
    """

    header: pygame.Rect
    indicators: pygame.Rect
    map: pygame.Rect
    feed: pygame.Rect
    important: pygame.Rect
    toast: pygame.Rect
    hint: pygame.Rect
    entry: pygame.Rect
    status: pygame.Rect
    margin: int


def main_layout(size: tuple[int, int], fonts: Fonts) -> MainLayout:
    """The main screen's layout for a window of ``size``."""
    w, h = size
    m = max(6, int(8 * fonts.scale))
    header_h = fonts.line_height("large") + 2 * m + 4
    entry_h = fonts.line_height("body", "mono") + 14
    hint_h = fonts.line_height("small") + 4
    status_h = fonts.line_height("small") + 4
    bottom_h = hint_h + entry_h + status_h + 2 * m
    body_top = header_h
    body_h = h - header_h - bottom_h
    # Big text (the presenter scale) needs wider side panels: the indicators' names and the feed's lines.
    big = fonts.sizes["small"] >= 0.03 * h
    left_w = max(280, int(w * (0.3 if big else 0.25)))
    right_w = max(360, int(w * (0.36 if big else 0.36)))
    centre_w = w - left_w - right_w - 4 * m
    indicators = pygame.Rect(m, body_top, left_w, body_h)
    map_rect = pygame.Rect(indicators.right + m, body_top, centre_w, body_h)
    important_h = int(body_h * 0.36)
    important = pygame.Rect(map_rect.right + m, body_top, right_w, important_h)
    feed = pygame.Rect(map_rect.right + m, important.bottom + m, right_w, body_h - important_h - m)
    toast = important.inflate(-2 * m, -m)
    y = body_top + body_h + m
    hint = pygame.Rect(m, y, w - 2 * m, hint_h)
    entry = pygame.Rect(m, hint.bottom, w - 2 * m, entry_h)
    status = pygame.Rect(m, entry.bottom + 2, w - 2 * m, status_h)
    return MainLayout(pygame.Rect(0, 0, w, header_h), indicators, map_rect, feed, important, toast, hint, entry, status, m)


@dataclass(frozen=True)
class ReplayLayout:
    """Rectangles of the replay viewer.

    Attributes:
        header: title and clock.
        controls: the button row.
        slider: the time slider.
        indicators / map: the top half.
        truth_feed / cell_feed: the bottom half, side by side.
        status: the strip at the bottom.
    """

    header: pygame.Rect
    controls: pygame.Rect
    slider: pygame.Rect
    indicators: pygame.Rect
    map: pygame.Rect
    truth_feed: pygame.Rect
    cell_feed: pygame.Rect
    status: pygame.Rect
    margin: int


def replay_layout(size: tuple[int, int], fonts: Fonts) -> ReplayLayout:
    """The replay viewer's layout for a window of ``size``."""
    w, h = size
    m = max(6, int(8 * fonts.scale))
    header_h = fonts.line_height("large") + m + 2
    button_h = fonts.line_height("small") + 12
    slider_h = max(20, fonts.line_height("small") + 6)
    status_h = fonts.line_height("small") + 6
    header = pygame.Rect(0, 0, w, header_h)
    controls = pygame.Rect(m, header.bottom, w - 2 * m, button_h)
    slider = pygame.Rect(m, controls.bottom + m // 2, w - 2 * m, slider_h)
    top = slider.bottom + m
    body_h = h - top - status_h - m
    upper_h = int(body_h * 0.5)
    left_w = max(380, int(w * 0.38))
    indicators = pygame.Rect(m, top, left_w, upper_h)
    map_rect = pygame.Rect(indicators.right + m, top, w - left_w - 3 * m, upper_h)
    lower_top = top + upper_h + m
    lower_h = body_h - upper_h - m
    half = (w - 3 * m) // 2
    truth_feed = pygame.Rect(m, lower_top, half, lower_h)
    cell_feed = pygame.Rect(truth_feed.right + m, lower_top, w - 3 * m - half, lower_h)
    status = pygame.Rect(m, h - status_h - 2, w - 2 * m, status_h)
    return ReplayLayout(header, controls, slider, indicators, map_rect, truth_feed, cell_feed, status, m)
