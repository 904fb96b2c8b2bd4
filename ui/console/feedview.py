"""The event feed as drawn: time stamps, lines coloured by kind, wrapping, a filter and scrolling.

The newest line is at the bottom. Scrolling (mouse wheel, PageUp/PageDown) moves
back in time by rendered lines; End (or scrolling back down) follows the live
end again. The filter cycles through :data:`ui.console.feed.FILTERS`.
"""

from __future__ import annotations

from collections.abc import Sequence

import pygame

from sim.i18n import N_, _, ngettext
from ui.console.feed import FILTERS, FeedEntry, group_repeats, short_clock
from ui.console.text import draw_text, panel, wrap
from ui.console.theme import PALETTE, Fonts, kind_colour

FILTER_LABELS = {"all": N_("all"), "important": N_("important"), "injects": N_("injects"), "orders": N_("orders"),
                 "intel": N_("intel"), "red": N_("red"), "news": N_("news")}
"""What the filter names are called on screen."""


class FeedView:
    """State and drawing of one feed panel.

    Attributes:
        filter_name: the active filter.
        scroll: rendered lines scrolled back from the newest (0 = following the end).
        rect: where it was last drawn (for the mouse wheel).
        entries_top: the screen row its entries started at, last frame (under anything drawn over its top).
    """

    def __init__(self, filter_name: str = "all") -> None:
        self.filter_name = filter_name
        self.scroll = 0
        self.rect = pygame.Rect(0, 0, 0, 0)
        self._wrapped: dict[tuple[FeedEntry, int, int], list[str]] = {}
        self._max_scroll = 0
        self.drawn: list[str] = []
        self.drawn_seqs: list[int] = []
        self.entries_top = 0
        self._grouped: tuple[tuple, list[FeedEntry]] | None = None

    def cycle_filter(self, step: int = 1) -> str:
        """Switch to the next filter; returns its name."""
        names = list(FILTERS)
        self.filter_name = names[(names.index(self.filter_name) + step) % len(names)]
        self.scroll = 0
        return self.filter_name

    def scroll_by(self, lines: int) -> None:
        """Scroll back (positive) or forward (negative) by rendered lines."""
        self.scroll = max(0, min(self._max_scroll, self.scroll + lines))

    def page(self) -> int:
        """Lines in one page (for PageUp/PageDown)."""
        return max(3, self.rect.height // 24)

    def _lines(self, fonts: Fonts, entry: FeedEntry, width: int) -> list[str]:
        key = (entry, width, fonts.sizes["small"])
        lines = self._wrapped.get(key)
        if lines is None:
            lines = wrap(fonts, entry.text, width, "small")
            if len(self._wrapped) > 6000:
                self._wrapped.clear()
            self._wrapped[key] = lines
        return lines

    def draw(self, surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, entries: Sequence[FeedEntry],
             title: str, show_filter: bool = True, below: int = 0) -> None:
        """Draw the panel with ``entries`` (already limited to what the viewer sees), filtered; ``below``: a screen
        row the entries start under (what is drawn over the panel's top, the inject notifications)."""
        self.rect = rect
        panel(surface, rect, PALETTE["panel"], PALETTE["border"])
        pad = max(6, int(8 * fonts.scale))
        x, y = rect.left + pad, rect.top + pad // 2 + 2
        w = rect.width - 2 * pad
        keep = FILTERS.get(self.filter_name, FILTERS["all"])
        key = (len(entries), entries[-1] if entries else None, self.filter_name)
        if self._grouped is None or self._grouped[0] != key:
            self._grouped = (key, group_repeats([e for e in entries if keep(e)]))
        shown = self._grouped[1]
        right = _("filter: {name} (F3)").format(name=_(FILTER_LABELS.get(self.filter_name, self.filter_name))) if show_filter else ""
        right_w = fonts.width(right, "small") if right else 0
        draw_text(surface, fonts, title, (x, y), PALETTE["bright"], "large", "bold", max_width=w - right_w - pad)
        if right:
            draw_text(surface, fonts, right, (x + w, y + 4), PALETTE["dim"], "small", align="right")
        y += fonts.line_height("large", "bold") + 2
        pygame.draw.line(surface, PALETTE["grid"], (x, y), (x + w, y))
        top = max(y + 3, below)
        self.entries_top = top
        line_h = fonts.line_height("small")
        stamp_w = fonts.width("d00 00:00 ", "small")
        text_w = max(40, w - stamp_w)
        capacity = max(1, (rect.bottom - pad // 2 - top) // line_h)
        # Walk back from the newest entry until the page (plus scroll) is filled.
        rows: list[tuple[str, str, FeedEntry, bool]] = []
        needed = capacity + self.scroll
        for entry in reversed(shown):
            lines = self._lines(fonts, entry, text_w)
            block = [(short_clock(entry.t) if i == 0 else "", line, entry, i == 0) for i, line in enumerate(lines)]
            rows[:0] = block
            if len(rows) >= needed + 1:
                break
        total = len(rows)
        self._max_scroll = max(0, total - capacity) if len(rows) < needed + 1 else self.scroll + 50
        self.scroll = min(self.scroll, max(0, total - capacity))
        visible = rows[max(0, total - capacity - self.scroll): total - self.scroll]
        trimmed = 0
        if visible and not visible[0][3]:
            # No half entries at the top: the entry cut off there shows its beginning instead (its time
            # stamp and first lines, "..." where it goes on), in the rows its tail would have taken. An
            # entry longer than the whole panel so shows its head, not a stray last line.
            cut = visible[0][2]
            p = 0
            while p < len(visible) and visible[p][2] is cut and not visible[p][3]:
                p += 1
            lines = self._lines(fonts, cut, text_w)
            head = [(short_clock(cut.t) if i == 0 else "", line, cut, i == 0) for i, line in enumerate(lines[:p])]
            if len(lines) > p:
                stamp, text, entry, first = head[-1]
                head[-1] = (stamp, text.rstrip() + " ...", entry, first)
            visible = head + visible[p:]
        self.drawn = [text for _, text, _, _ in visible]
        self.drawn_seqs = [seq for _, _, entry, first in visible if first for seq in entry.seqs]
        clip = surface.get_clip()
        surface.set_clip(pygame.Rect(rect.left, top, rect.width, rect.bottom - top - 2))
        yy = top + trimmed * line_h  # the newest line stays at the bottom
        for stamp, text, entry, first in visible:
            if stamp:
                draw_text(surface, fonts, stamp, (x, yy), PALETTE["faint"], "small")
            draw_text(surface, fonts, text, (x + stamp_w, yy), kind_colour(entry.kind), "small", max_width=text_w)
            yy += line_h
        surface.set_clip(clip)
        if self.scroll:
            note = ngettext("{n} newer line below (PgDn)", "{n} newer lines below (PgDn)", self.scroll).format(n=self.scroll)
            nw = fonts.width(note, "small") + 10
            box = pygame.Rect(rect.right - pad - nw, rect.bottom - line_h - pad // 2 - 2, nw, line_h + 2)
            panel(surface, box, PALETTE["panel_alt"], PALETTE["border"], 4)
            draw_text(surface, fonts, note, (box.left + 5, box.top + 1), PALETTE["warn"], "small")
        if not shown:
            draw_text(surface, fonts, _("nothing yet") if self.filter_name == "all" else _("nothing matches {filter}").format(filter=_(self.filter_name)),
                      (x, top + 2), PALETTE["faint"], "small", max_width=w)
