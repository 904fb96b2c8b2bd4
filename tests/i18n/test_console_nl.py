"""The console at --lang nl reads as Dutch (headless; screenshots in /tmp/w/shots when that folder exists)."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from sim import i18n  # noqa: E402

SHOTS = Path(os.environ.get("WEERBAAR_I18N_SHOTS", "/tmp/w/shots"))


@pytest.fixture
def dutch():
    i18n.set_explicit("nl")
    yield
    i18n.reset()


def _shot(app, tmp_path, name):
    app.screenshot(tmp_path / f"{name}.png")
    if SHOTS.is_dir():
        app.screenshot(SHOTS / f"{name}.png")


def test_console_in_dutch(dutch, tmp_path):
    from ui.console import play_app, play_session

    session = play_session(None, cell="white,intelligence", record=tmp_path / "play.jsonl")
    app = play_app(session, size=(1280, 720), briefing=True)
    try:
        app.step(1 / 30)
        _shot(app, tmp_path, "i18n-nl-briefing")
        texts = [text for _, _, text in app.screen._right_blocks()]
        assert "U bent de oefenleiding (Wit)" in texts
        app.navigate("main", session)
        session.set_speed(5)
        for _ in range(40):
            session.advance(1.0)
            app.step(1 / 30)
        _shot(app, tmp_path, "i18n-nl")
        drawn = "\n".join(app.screen.feed.drawn)
        assert session.exercise.now > 24
        assert "INJECT" in drawn or "plant zijn campagne" in drawn, drawn
        assert " from " not in drawn and "carried out" not in drawn, drawn
        help_titles = [title for title, _ in app.screen.help_sections()]
        assert "Opdrachtregel" in help_titles and "Oefenleiding" in help_titles
    finally:
        session.abandon()
        app.close() if hasattr(app, "close") else None
