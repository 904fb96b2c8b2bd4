"""``weerbaar play`` and ``weerbaar replay`` from the command line, with the window loop run for a few frames."""

from __future__ import annotations

import pygame
import pytest

from replays.format import read_replay
from replays.verify import verify_replay
from ui.cli import main
from ui.console.app import App


@pytest.fixture
def short_loop(monkeypatch):
    """Replace the interactive loop: a fixed number of frames, then the window is closed as a user would."""
    seen: list[App] = []

    def run(self, fps: int = 60, frames: int = 60, dt: float = 2.0) -> int:
        seen.append(self)
        try:
            for _ in range(frames):
                if not self.step(dt):
                    break
            if self.running:
                pygame.event.post(pygame.event.Event(pygame.QUIT))
                self.step(1 / 30)
        finally:
            self.close()
        return self.exit_code

    monkeypatch.setattr(App, "run", run)
    return seen


def test_play_help_lists_the_options(capsys):
    """The play subcommand documents its options."""
    assert main(["play", "--help"]) == 0
    out = capsys.readouterr().out
    for option in ("--cell", "--seed", "--record", "--demo", "--pause-on-critical"):
        assert option in out


def test_play_refuses_an_unknown_cell(capsys, tmp_path):
    """A misspelt cell is a usage error with a suggestion, before any window opens."""
    assert main(["play", "--cell", "inteligence", "--record", str(tmp_path / "x.jsonl")]) == 2
    assert "did you mean 'intelligence'" in capsys.readouterr().err


def test_play_demo_records_a_replay_that_verifies(capsys, tmp_path, short_loop):
    """`play --demo` prints where it records, plays the bundled commands, and leaves a replay that verifies."""
    path = tmp_path / "demo.jsonl"
    assert main(["play", "--demo", "--record", str(path), "--no-briefing", "--seed", "11"]) == 0
    out = capsys.readouterr().out
    assert f"recording the replay to {path}" in out and "replay saved" in out
    replay = read_replay(path)
    assert replay.complete and replay.header["seed"] == 11 and replay.commands
    assert verify_replay(str(path)).ok


def test_play_as_white_opens_on_the_briefing(capsys, tmp_path, short_loop):
    """`play --cell white` opens on the briefing and, closed there, still saves a (short) replay."""
    path = tmp_path / "white.jsonl"
    assert main(["play", "--cell", "white", "--record", str(path), "--size", "1920x1080"]) == 0
    app = short_loop[-1]
    assert app.size == (1920, 1080) and app.screen.name == "briefing"
    assert read_replay(path).complete


def test_replay_refuses_a_missing_file(capsys, tmp_path):
    """A replay that does not exist is a failed check with one line."""
    assert main(["replay", str(tmp_path / "nope.jsonl")]) == 1
    assert "nope.jsonl" in capsys.readouterr().err


def test_replay_opens_at_a_time_and_perspective(capsys, demo_replay, short_loop):
    """`replay --at --cell` opens the viewer at that moment with that cell beside the truth."""
    assert main(["replay", str(demo_replay), "--at", "day 5 06:00", "--cell", "intelligence"]) == 0
    screen = short_loop[-1].screen
    assert screen.name == "replay" and screen.t == pytest.approx(4 * 24 + 6) and screen.perspective == "intelligence"
    assert main(["replay", str(demo_replay), "--cell", "nobody"]) == 2
