"""White's view of the seats of a networked session: who is connected, from where, and each one's last activity.

:func:`seat_lines` turns the host's ``seats`` rows (:meth:`ui.net.host.Host.seat_rows`) into the
lines of the panel (no pygame); :func:`draw_seats` draws them in the centre of White's main screen.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pygame

from sim.eventkinds import short_clock
from sim.i18n import _, ngettext
from ui.net.seats import ROLE_NAMES
from ui.console.text import draw_text, panel
from ui.console.theme import PALETTE, Fonts


def ago(seconds: float) -> str:
    """``just now``, ``40 s ago``, ``3 min ago``, ``2 h ago``."""
    if seconds < 5:
        return _("just now")
    if seconds < 90:
        return _("{n:.0f} s ago").format(n=seconds)
    if seconds < 5400:
        return _("{n:.0f} min ago").format(n=seconds / 60)
    return _("{n:.0f} h ago").format(n=seconds / 3600)


def seat_lines(rows: Sequence[dict[str, Any]], wall: float) -> list[tuple[str, str, str, str]]:
    """(colour name, head, state, activity) per seat: ``intelligence · cell``, ``connected from 10.0.0.5``,
    ``typed 2 min ago (d3 10:00) · 12 lines, 3 messages``; ``wall`` is the host's clock when the rows were sent."""
    out = []
    for row in rows:
        if row["connected"]:
            state = _("connected from {address}").format(address=row["address"].rsplit(":", 1)[0] or "?")
            colour = "good"
            if row.get("backlog", 0) > 100:
                state += _(", {n} messages behind").format(n=row["backlog"])
                colour = "warn"
        elif row["joins"]:
            state, colour = _("LEFT {ago}").format(ago=ago(wall - row["left"])), "bad"
        else:
            state, colour = _("not joined yet"), "dim"
        if row["last_active"]:
            activity = _("typed {ago} ({clock})").format(ago=ago(wall - row["last_active"]),
                                                        clock=short_clock(row["last_active_t"]))
        else:
            activity = _("nothing typed yet")
        counts = (ngettext("{n} line", "{n} lines", row["lines"]).format(n=row["lines"]) + ", "
                  + ngettext("{n} message", "{n} messages", row["messages"]).format(n=row["messages"]))
        if row["refused"]:
            counts += _(", {n} refused").format(n=row["refused"])
        view = _(" (views {cell})").format(cell=row["view"]) if row["role"] == "observer" and row.get("view") else ""
        out.append((colour, f"{row['name']} · {_(ROLE_NAMES.get(row['role'], row['role']))}{view}", state, f"{activity} · {counts}"))
    return out


def draw_seats(surface: pygame.Surface, rect: pygame.Rect, fonts: Fonts, rows: Sequence[dict[str, Any]],
               wall: float, title: str | None = None) -> list[str]:
    """Draw the seats panel; returns the lines drawn (for tests)."""
    panel(surface, rect, PALETTE["panel"], PALETTE["border"])
    pad = max(6, int(8 * fonts.scale))
    x, y, w = rect.left + pad, rect.top + pad // 2 + 2, rect.width - 2 * pad
    connected = sum(1 for r in rows if r["connected"])
    draw_text(surface, fonts, title or _("Seats"), (x, y), PALETTE["bright"], "large", "bold", max_width=w)
    draw_text(surface, fonts, _("{connected} of {seats} connected").format(connected=connected, seats=len(rows)), (x + w, y + 4), PALETTE["dim"], "small",
              align="right")
    y += fonts.line_height("large", "bold") + 2
    pygame.draw.line(surface, PALETTE["grid"], (x, y), (x + w, y))
    y += 4
    drawn = []
    line_h = fonts.line_height("small")
    for colour, head, state, activity in seat_lines(rows, wall):
        if y + 2 * line_h > rect.bottom - pad // 2:
            break
        state_w = fonts.width(state, "small") + 8
        draw_text(surface, fonts, head, (x, y), PALETTE["bright"] if colour != "dim" else PALETTE["dim"], "small", "bold",
                  max_width=w - state_w)
        draw_text(surface, fonts, state, (x + w, y), PALETTE[colour], "small", align="right", max_width=w // 2)
        y += line_h
        draw_text(surface, fonts, activity, (x + 12, y), PALETTE["text"] if colour != "dim" else PALETTE["dim"], "small",
                  max_width=w - 12)
        y += line_h + 2
        drawn.append(f"{head} · {state} · {activity}")
    if not rows:
        draw_text(surface, fonts, _("no seats"), (x, y), PALETTE["faint"], "small")
    return drawn
