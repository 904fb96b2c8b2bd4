"""Colours, fonts and the pygame_gui theme of the console, scaled to the window size.

One palette for everything (calm, dark, a control-room look), one colour per
event kind, and font sizes that grow with the window so the console is legible
at 1280x720 and at 1920x1080. Text is rendered through :class:`Fonts`, which
caches rendered surfaces: the same lines are drawn every frame.
"""

from __future__ import annotations

import copy
import json
from collections import OrderedDict
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import pygame

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
    "dim": (138, 150, 163),
    "faint": (96, 107, 118),
    "accent": (91, 155, 213),
    "good": (111, 191, 142),
    "bad": (224, 108, 108),
    "warn": (224, 178, 91),
    "red": (217, 104, 95),
    "blue": (91, 155, 213),
    "intel": (180, 142, 173),
    "news": (169, 180, 191),
    "poll": (127, 139, 150),
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


def scale_for(size: tuple[int, int]) -> float:
    """How much bigger than 1280x720 the window is (the smaller of the two ratios), within 0.75-2."""
    w, h = size
    return max(0.75, min(2.0, min(w / 1280.0, h / 720.0)))


def font_sizes(scale: float) -> dict[str, int]:
    """Pixel sizes of the text roles; they grow more slowly than the window so a big screen shows more."""
    body = max(12, round(14 * (1.0 + (scale - 1.0) * 0.6)))
    return {"small": body - 2, "body": body, "large": body + 3, "title": body + 10}


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
