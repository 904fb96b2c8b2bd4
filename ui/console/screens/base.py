"""What every console screen provides to the app loop."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame

if TYPE_CHECKING:  # pragma: no cover
    from ui.console.app import App

HelpSection = tuple[str, list[tuple[str, str]]]


class Screen:
    """A screen of the console (briefing, main, end, replay viewer).

    The app calls, each frame: :meth:`handle_event` for every pygame event
    (before pygame_gui sees it; return True to keep it from pygame_gui),
    :meth:`handle_ui_event` for pygame_gui's own events, :meth:`update`, then
    :meth:`draw` (under the widgets) and :meth:`draw_over` (over them).
    :meth:`build` creates the screen's widgets; it runs again after a resize.

    Attributes:
        app: the running app.
        name: a short name (tests and screenshots use it).
    """

    name = "screen"

    def __init__(self, app: "App") -> None:
        self.app = app

    def build(self) -> None:
        """Create the pygame_gui widgets for the current window size."""

    def handle_event(self, event: pygame.event.Event) -> bool:
        """React to a pygame event; True keeps it from pygame_gui."""
        return False

    def handle_ui_event(self, event: pygame.event.Event) -> None:
        """React to a pygame_gui event (button pressed, slider moved, ...)."""

    def update(self, dt: float, budget: float) -> None:
        """Advance by ``dt`` seconds, spending at most about ``budget`` seconds on simulation."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw what lies under the widgets."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw what lies over the widgets (notifications)."""

    def help_sections(self) -> list[HelpSection]:
        """The F1 overlay's content for this screen."""
        return []

    def on_close(self) -> None:
        """The window is closing: save what must be saved."""

    def on_crash(self) -> None:
        """The loop died with an exception: keep what was written readable."""
