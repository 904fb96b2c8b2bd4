"""Colours, fonts and the pygame_gui theme of the console, scaled to the window size.

One palette for everything (calm, dark, a control-room look), one colour per
event kind, and font sizes that grow in proportion to the window, so text takes the
same share of the screen at 1280x720 and at 1920x1080 (body text 22 px there, feed
text 20 px). Every text colour has a WCAG contrast of at least 4.5:1 against every
panel it is drawn on (``tests/ui/test_legibility.py`` computes it).

A zoom factor on top (``--scale``) makes everything bigger; :data:`PRESENTER` is the zoom at
which the feed's and the indicators' text is at least :data:`PRESENTER_SHARE` of the screen's
height, readable from the back of a classroom. Text is rendered through :class:`Fonts`, which
caches rendered surfaces: the same lines are drawn every frame.
"""

from __future__ import annotations

import copy
import json
import math
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pygame

from sim.i18n import _

ASSETS = Path(__file__).resolve().parent.parent / "assets"
THEME_FILE = ASSETS / "theme.json"

Colour = tuple[int, int, int]

PALETTE: dict[str, Colour] = {
    "bg": (21, 25, 29),
    "panel": (29, 35, 41),
    "panel_alt": (34, 41, 48),
    "border": (52, 61, 70),
    "grid": (44, 52, 60),
    "text": (215, 221, 227),
    "bright": (238, 242, 245),
    "dim": (142, 154, 167),
    "faint": (134, 146, 158),
    "accent": (91, 155, 213),
    "good": (111, 191, 142),
    "bad": (230, 116, 116),
    "warn": (224, 178, 91),
    "red": (226, 114, 105),
    "blue": (91, 155, 213),
    "intel": (180, 142, 173),
    "news": (169, 180, 191),
    "poll": (140, 152, 163),
    "leak": (227, 155, 91),
    "overreach": (198, 120, 221),
    "local": (190, 200, 210),
    "truth": (238, 242, 245),
    "perceived": (111, 191, 190),
}

KIND_COLOURS: dict[str, str] = {
    "inject.fired": "warn",
    "inject.notes": "warn",
    "command.accepted": "blue",
    "command.refused": "bad",
    "response.executed": "blue",
    "response.failed": "bad",
    "operation.launched": "red",
    "operation.ended": "red",
    "narrative.seeded": "red",
    "actor.adapts": "red",
    "detection": "intel",
    "signals.shared": "intel",
    "investigation.concluded": "intel",
    "leak": "leak",
    "statement": "leak",
    "news": "news",
    "poll": "poll",
    "overreach": "overreach",
    "noise": "poll",
    "demonstration": "leak",
    "disorder": "leak",
    "acquisition.announced": "leak",
    "acquisition.completed": "leak",
    "staff.replaced": "red",
    "console": "local",
    "console.ok": "good",
    "console.error": "bad",
    "console.help": "dim",
}


def kind_colour(kind: str) -> Colour:
    """The colour of an event kind (unknown kinds: plain text colour)."""
    return PALETTE[KIND_COLOURS.get(kind, "text")]


BASE_SIZES = {"small": 13.5, "body": 15.0, "large": 17.5, "title": 24.0}
"""Pixel sizes of the text roles at 1280x720 and zoom 1 (``small`` is the feed, the status and the panels' detail)."""

PRESENTER = "presenter"
"""``--scale presenter``: the zoom at which ``small`` text is :data:`PRESENTER_SHARE` of the screen's height."""
PRESENTER_SHARE = 0.035
ZOOM_RANGE = (0.5, 3.0)


def scale_for(size: tuple[int, int], zoom: float | str = 1.0) -> float:
    """How much bigger than 1280x720 the window is (the smaller of the two ratios, within 0.75-2), times the zoom.

    ``zoom`` may be :data:`PRESENTER`, which sizes the feed's text to :data:`PRESENTER_SHARE` of the height.
    """
    w, h = size
    if zoom == PRESENTER:
        return math.ceil(PRESENTER_SHARE * h) / BASE_SIZES["small"] + 1e-6  # whole pixels, never under the share
    return max(0.75, min(2.0, min(w / 1280.0, h / 720.0))) * float(zoom)


def parse_zoom(text: str) -> float | str:
    """``--scale`` as a zoom factor (``1.5``) or :data:`PRESENTER`; raises ValueError with a one-line reason."""
    word = text.strip().lower()
    if word == PRESENTER:
        return PRESENTER
    try:
        value = float(word)
    except ValueError:
        raise ValueError(_("--scale {text!r}: write a factor from {low:g} to {high:g} (e.g. 1.5) or 'presenter'").format(
            text=text, low=ZOOM_RANGE[0], high=ZOOM_RANGE[1])) from None
    if not ZOOM_RANGE[0] <= value <= ZOOM_RANGE[1]:
        raise ValueError(_("--scale {text}: must be between {low:g} and {high:g}, or 'presenter'").format(
            text=text, low=ZOOM_RANGE[0], high=ZOOM_RANGE[1]))
    return value


def font_sizes(scale: float) -> dict[str, int]:
    """Pixel sizes of the text roles: in proportion to the scale, so text keeps its share of the screen."""
    return {role: max(10, int(size * scale + 0.5)) for role, size in BASE_SIZES.items()}


@lru_cache(maxsize=None)
def _font_file(name: str) -> str:
    return str(resources.files("pygame_gui.data").joinpath(name))


class Fonts:
    """The console's fonts at one scale, with a cache of rendered text.

    Attributes:
        scale: the window scale (see :func:`scale_for`).
        sizes: pixel size per role (``small``, ``body``, ``large``, ``title``).
    """

    FILES = {"regular": "NotoSans-Regular.ttf", "bold": "NotoSans-Bold.ttf", "mono": "FiraCode-Regular.ttf"}

    def __init__(self, scale: float) -> None:
        self.scale = scale
        self.sizes = font_sizes(scale)
        self._fonts: dict[tuple[str, str], pygame.font.Font] = {}
        self._cache: OrderedDict[tuple[str, str, str, Colour], pygame.Surface] = OrderedDict()

    def font(self, role: str = "body", face: str = "regular") -> pygame.font.Font:
        """The font for a role and face (``regular``, ``bold``, ``mono``)."""
        key = (role, face)
        font = self._fonts.get(key)
        if font is None:
            font = pygame.font.Font(_font_file(self.FILES[face]), self.sizes[role])
            self._fonts[key] = font
        return font

    def line_height(self, role: str = "body", face: str = "regular") -> int:
        """Distance between two lines of text."""
        return self.font(role, face).get_linesize()

    def render(self, text: str, colour: Colour, role: str = "body", face: str = "regular") -> pygame.Surface:
        """A rendered line (cached; the cache keeps the last few thousand lines)."""
        key = (text, role, face, colour)
        surface = self._cache.get(key)
        if surface is None:
            surface = self.font(role, face).render(text, True, colour)
            self._cache[key] = surface
            if len(self._cache) > 4000:
                self._cache.popitem(last=False)
        else:
            self._cache.move_to_end(key)
        return surface

    def width(self, text: str, role: str = "body", face: str = "regular") -> int:
        """Width of ``text`` in pixels."""
        return self.font(role, face).size(text)[0]


def gui_theme(scale: float) -> dict[str, Any]:
    """The pygame_gui theme from ``ui/assets/theme.json`` with font sizes for this scale."""
    base = json.loads(THEME_FILE.read_text(encoding="utf-8"))
    sizes = font_sizes(scale)
    theme = copy.deepcopy(base)

    def fill(node: Any) -> Any:
        if isinstance(node, dict):
            return {k: fill(v) for k, v in node.items()}
        if isinstance(node, str) and node.startswith("@") and node[1:] in sizes:
            return str(sizes[node[1:]])
        return node

    return fill(theme)
