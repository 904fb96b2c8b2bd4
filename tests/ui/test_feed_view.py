"""The feed panel never shows a stray piece of an entry: an entry cut off at the top shows its beginning."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")

import pygame  # noqa: E402

from ui.console.feed import FeedEntry  # noqa: E402
from ui.console.feedview import FeedView  # noqa: E402
from ui.console.theme import Fonts  # noqa: E402

LONG = ("DETECTED by bzk: meddling_statement (sig9); traces point to click-farm; leading suspect unknown (40%). "
        "An official publicly comments on domestic politics, and the comment is reported widely.")


def _draw(entries, height):
    pygame.init()
    surface = pygame.Surface((600, 400))
    view = FeedView()
    view.draw(surface, pygame.Rect(0, 0, 360, height), Fonts(1.6), entries, "Important events")
    return view


def test_an_entry_longer_than_the_panel_shows_its_head_with_its_time_stamp():
    view = _draw([FeedEntry(12.0, "detection", LONG, 4)], 150)
    assert view.drawn and view.drawn[0].startswith("DETECTED by bzk")
    assert view.drawn[-1].endswith("...") and view.drawn_seqs == [4]


def test_the_entry_above_the_newest_shows_its_beginning_not_its_tail():
    entries = [FeedEntry(6.0, "detection", LONG, 3), FeedEntry(12.0, "poll", "sig9 reported by bzk was a false signal", 5)]
    view = _draw(entries, 190)
    assert view.drawn[0].startswith("DETECTED by bzk") and any(line.startswith("sig9 reported") for line in view.drawn)
    assert "false signal" in view.drawn[-1]  # the newest line stays at the bottom
    assert view.drawn_seqs == [3, 5]
