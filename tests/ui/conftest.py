"""Fixtures for the headless console tests: SDL dummy drivers, event helpers, screenshots.

The SDL variables are set before pygame is imported anywhere, so the tests run
without a screen or a sound card. Frames are stepped with a fixed time step
(``App.step(dt)``) and nothing sleeps. Screenshots go to a pytest temporary
folder and, when ``WEERBAAR_SCREENSHOTS=DIR`` is set, to ``DIR`` as well.
"""

from __future__ import annotations

import os

os.environ["SDL_VIDEODRIVER"] = "dummy"
os.environ["SDL_AUDIODRIVER"] = "dummy"
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

# pygame_gui warns about fonts it cannot preload on a headless machine; not a console problem.
warnings.filterwarnings("ignore", category=UserWarning, module="pygame_gui")

SIZES = [(1280, 720), (1920, 1080)]
DT = 1.0 / 30.0


@pytest.fixture(scope="session")
def shot_dirs(tmp_path_factory) -> list[Path]:
    """Where screenshots are written: a temporary folder, plus ``$WEERBAAR_SCREENSHOTS`` if set."""
    dirs = [tmp_path_factory.mktemp("screenshots")]
    extra = os.environ.get("WEERBAAR_SCREENSHOTS")
    if extra:
        Path(extra).mkdir(parents=True, exist_ok=True)
        dirs.append(Path(extra))
    return dirs


@pytest.fixture
def screenshot(shot_dirs):
    """``screenshot(app, name)`` saves the current frame as ``name.png`` in every screenshot folder."""

    def save(app, name: str) -> list[Path]:
        return [app.screenshot(folder / f"{name}.png") for folder in shot_dirs]

    return save


class Keyboard:
    """Drives an app the way a player does: posted KEYDOWN/KEYUP and TEXTINPUT events, fixed-step frames."""

    dt = DT

    def key(self, app, code: int, mod: int = 0, unicode: str = "") -> None:
        """Post a key press (KEYDOWN and KEYUP) and run one frame."""
        import pygame

        pygame.event.post(pygame.event.Event(pygame.KEYDOWN, key=code, mod=mod, unicode=unicode, scancode=0))
        pygame.event.post(pygame.event.Event(pygame.KEYUP, key=code, mod=mod, unicode=unicode, scancode=0))
        app.step(self.dt)

    def type(self, app, text: str) -> None:
        """Post the characters of ``text`` as TEXTINPUT events and run one frame."""
        import pygame

        for ch in text:
            pygame.event.post(pygame.event.Event(pygame.TEXTINPUT, text=ch))
        app.step(self.dt)

    def enter(self, app, text: str) -> None:
        """Type a line and press Return."""
        self.type(app, text)
        import pygame

        self.key(app, pygame.K_RETURN, unicode="\r")

    def frames(self, app, n: int, dt: float | None = None) -> None:
        """Run ``n`` frames with a fixed time step."""
        for _ in range(n):
            app.step(self.dt if dt is None else dt)


@pytest.fixture
def kb() -> Keyboard:
    """The keyboard helper."""
    return Keyboard()


@pytest.fixture
def make_app():
    """Build console apps and close their windows and replays afterwards."""
    made = []

    def build(factory, *args, **kwargs):
        app = factory(*args, **kwargs)
        made.append(app)
        return app

    yield build
    for app in made:
        screen = app.screen
        if screen is not None:
            screen.on_close()  # saves a live session's replay, stops a scoring child
        branched = getattr(screen, "branched", None)
        if branched is not None and not branched.closed:
            branched.close()
        app.close()


@pytest.fixture(scope="session")
def demo_replay(tmp_path_factory) -> Path:
    """A complete replay of the default scenario played with its bundled command file."""
    from replays.runner import run_headless
    from scenarios import commands_for

    path = tmp_path_factory.mktemp("replays") / "demo.jsonl"
    run_headless(None, commands=commands_for("municipal-elections"), out=path)
    return path
