"""The app loop: one window, one pygame_gui manager, the current screen, and a frame at a time.

:meth:`App.step` is one frame — events, update (with a simulation budget),
draw — and takes its time step as an argument, so tests and the benchmark run
frames back to back with a fixed ``dt`` and no sleeping; :meth:`App.run` is the
interactive loop around it. The simulation gets what is left of
:data:`FRAME_BUDGET` after event handling, so no frame waits much longer than
about 50 ms even on a slow machine.

A resize rebuilds the manager (its theme's font sizes follow the window) and
the current screen's widgets. ``zoom`` (``--scale``) enlarges everything on top of the window's own
scale, ``presenter`` to the size a room can read; ``fullscreen`` takes the whole display. Closing the window lets the screen save (the
replay's footer); an exception leaves the replay readable up to the crash.
"""

from __future__ import annotations

import os
import time
from collections import deque
from pathlib import Path

os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

from sim.i18n import N_, _  # noqa: E402
from ui.console.overlay import draw_help  # noqa: E402
from ui.console.screens.base import Screen  # noqa: E402
from ui.console.theme import PALETTE, Fonts, gui_theme, scale_for  # noqa: E402

FRAME_BUDGET = 0.030
"""Seconds a frame may spend on events and simulation before drawing (drawing takes a few ms more)."""

MIN_SIZE = (960, 600)

GLOBAL_KEYS = [("F1", N_("this help (Esc closes it)")), ("F11", N_("save a screenshot to screenshots/"))]


class App:
    """The console window and its loop.

    Attributes:
        window: the display surface.
        size: its size.
        fonts: fonts at the current scale.
        manager: the pygame_gui manager.
        screen: the current screen.
        running: False once the window is closing.
        help_visible: the F1 overlay is shown.
        frame_times: recent frame durations (seconds).
        longest_frame: the longest frame so far (seconds).
        frames: frames stepped.
    """

    def __init__(self, size: tuple[int, int] = (1280, 720), title: str = "Weerbaar", zoom: float | str = 1.0,
                 fullscreen: bool = False) -> None:
        pygame.display.init()
        pygame.font.init()
        pygame.display.set_caption(title)
        self.zoom = zoom
        self.fullscreen = fullscreen
        # Full screen at the display's own size (0, 0); a headless display has none, so the size asked for.
        flags = pygame.FULLSCREEN if fullscreen else pygame.RESIZABLE
        want = (0, 0) if fullscreen and pygame.display.get_desktop_sizes()[0][0] > 0 else size
        self.window = pygame.display.set_mode(want, flags)
        self.size = self.window.get_size()
        self.fonts = Fonts(scale_for(self.size, zoom))
        self.manager = self._make_manager()
        self.screen: Screen | None = None
        self.running = True
        self.help_visible = False
        self.frame_times: deque[float] = deque(maxlen=600)
        self.longest_frame = 0.0
        self.frames = 0
        self.exit_code = 0
        self._pending: Screen | None = None

    def _make_manager(self) -> pygame_gui.UIManager:
        manager = pygame_gui.UIManager(self.size, gui_theme(self.fonts.scale), enable_live_theme_updates=False)
        return manager

    # -- screens -------------------------------------------------------------------------

    def show(self, screen: Screen) -> None:
        """Switch to ``screen`` (at the end of the current frame if one is running)."""
        self._pending = screen
        if self.screen is None:
            self._switch()

    def navigate(self, name: str, *args, **kwargs) -> Screen:
        """Show the screen called ``name`` (see :data:`ui.console.screens.SCREENS`), built with ``args``.

        Screens move on through here, so none of them imports another.
        """
        from ui.console.screens import SCREENS

        screen = SCREENS[name](self, *args, **kwargs)
        self.show(screen)
        return screen

    def _switch(self) -> None:
        screen, self._pending = self._pending, None
        if screen is None:
            return
        self.manager.clear_and_reset()
        self.screen = screen
        self.help_visible = False
        screen.build()

    def resize(self, width: int, height: int) -> None:
        """Lay everything out again for a new window size."""
        width, height = max(MIN_SIZE[0], width), max(MIN_SIZE[1], height)
        self.window = pygame.display.set_mode((width, height), pygame.RESIZABLE)
        self.size = self.window.get_size()
        self.fonts = Fonts(scale_for(self.size, self.zoom))
        self.manager = self._make_manager()
        if self.screen is not None:
            self.screen.build()

    def quit(self, code: int = 0) -> None:
        """Close the window after this frame."""
        self.running = False
        self.exit_code = code

    # -- one frame -------------------------------------------------------------------------

    def step(self, dt: float) -> bool:
        """Run one frame with a time step of ``dt`` seconds; returns whether the app goes on."""
        started = time.perf_counter()
        for event in pygame.event.get():
            self._dispatch(event)
        screen = self.screen
        if screen is not None and self.running:
            spent = time.perf_counter() - started
            screen.update(dt, max(0.004, FRAME_BUDGET - spent))
        self.manager.update(dt)
        self.draw()
        if self._pending is not None:
            self._switch()
        elapsed = time.perf_counter() - started
        self.frame_times.append(elapsed)
        self.longest_frame = max(self.longest_frame, elapsed)
        self.frames += 1
        return self.running

    def _dispatch(self, event: pygame.event.Event) -> None:
        screen = self.screen
        if event.type == pygame.QUIT:
            if screen is not None:
                screen.on_close()
            self.quit(0)
            return
        if event.type == pygame.VIDEORESIZE:
            self.resize(event.w, event.h)
            return
        if event.type == pygame.KEYDOWN:
            if event.key == pygame.K_F1:
                self.help_visible = not self.help_visible
                return
            if event.key == pygame.K_ESCAPE and self.help_visible:
                self.help_visible = False
                return
            if event.key == pygame.K_F11:
                self.screenshot(Path("screenshots") / f"{screen.name if screen else 'screen'}-{time.strftime('%H%M%S')}.png")
                return
        if screen is not None and screen.handle_event(event):
            return
        self.manager.process_events(event)
        if screen is not None and event.type >= pygame.USEREVENT:
            screen.handle_ui_event(event)

    def draw(self) -> None:
        """Draw the current screen, its widgets and the help overlay, and show the frame."""
        surface = self.window
        surface.fill(PALETTE["bg"])
        if self.screen is not None:
            self.screen.draw(surface)
        self.manager.draw_ui(surface)
        if self.screen is not None:
            self.screen.draw_over(surface)
            if self.help_visible:
                sections = self.screen.help_sections() + [(_("Everywhere"), [(key, _(text)) for key, text in GLOBAL_KEYS])]
                draw_help(surface, self.fonts, sections, f"Help · {self.screen.name}")
        pygame.display.flip()

    def screenshot(self, path: str | Path) -> Path:
        """Save the current frame as a PNG."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        pygame.image.save(self.window, str(path))
        return path

    # -- the interactive loop ----------------------------------------------------------------

    def run(self, fps: int = 60) -> int:
        """Run until the window closes; returns the exit code."""
        clock = pygame.time.Clock()
        try:
            dt = 1.0 / fps
            while self.step(dt):
                dt = min(0.1, clock.tick(fps) / 1000.0)
        except KeyboardInterrupt:  # Ctrl-C in the terminal: an ordinary close
            if self.screen is not None:
                self.screen.on_close()
            self.exit_code = 130
        except BaseException:
            if self.screen is not None:
                self.screen.on_crash()
            raise
        finally:
            self.close()
        return self.exit_code

    def close(self) -> None:
        """Shut pygame's display down."""
        pygame.display.quit()
