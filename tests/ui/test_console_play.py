"""The console window, driven headless with posted keyboard events: briefing, main screen, White cell, end."""

from __future__ import annotations

import pygame
import pygame_gui
import pytest

from replays.format import read_replay
from replays.verify import verify_replay
from ui.console import play_app, play_session
from ui.console.session import SPEEDS

SIZES = [(1280, 720), (1920, 1080)]


def start(make_app, tmp_path, size=(1280, 720), cell="intelligence", briefing=False, **kwargs):
    session = play_session(None, cell=cell, record=tmp_path / "play.jsonl", **kwargs)
    app = make_app(play_app, session, size=size, briefing=briefing)
    app.step(1 / 30)
    return app, session


def drawn_feed(app) -> str:
    """The feed lines drawn in the last frame, joined (a line wrapped on screen reads as one)."""
    return "\n".join(app.screen.feed.drawn).replace("did you mean\n", "did you mean ")


def not_blank(app) -> bool:
    """The window shows more than the background colour."""
    surface = app.window
    w, h = surface.get_size()
    colours = {tuple(surface.get_at((x, y)))[:3] for x in range(0, w, 37) for y in range(0, h, 23)}
    return len(colours) > 8


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_briefing_screen_then_return_starts(make_app, kb, screenshot, tmp_path, size):
    """The briefing shows the scenario and the cell's orders; Return opens the main screen."""
    app, session = start(make_app, tmp_path, size=size, briefing=True)
    assert app.screen.name == "briefing"
    assert not_blank(app)
    screenshot(app, f"briefing-{size[0]}x{size[1]}")
    kb.key(app, pygame.K_RETURN, unicode="\r")
    kb.frames(app, 2)
    assert app.screen.name == "main"
    assert session.exercise.now > 0.0


def test_typed_command_reaches_the_exercise_and_its_result_the_feed(make_app, kb, tmp_path):
    """Typed characters and Return submit an order; the accepted line is drawn in the feed."""
    app, session = start(make_app, tmp_path)
    kb.enter(app, "investigate vostria")
    assert [o.action for o in session.exercise.orders if o.by == "player"] == ["investigate"]
    kb.frames(app, 2)
    assert "intelligence> investigate vostria" in drawn_feed(app)
    assert "investigate vostria: accepted" in drawn_feed(app)
    assert app.screen.cmd.text == ""


def test_typo_is_one_error_line_and_the_exercise_goes_on(make_app, kb, tmp_path):
    """A misspelt order is refused on one line with a suggestion; the clock keeps running."""
    app, session = start(make_app, tmp_path)
    session.set_speed(len(SPEEDS) - 1)
    kb.enter(app, "investigte vostria")
    before = session.exercise.now
    kb.frames(app, 30)
    assert "refused: unknown action 'investigte'; did you mean 'investigate'?" in drawn_feed(app)
    assert session.exercise.now > before and not session.done and app.running
    refused = [e for e in session.exercise.log if e.kind == "command.refused"]
    assert refused and refused[-1].payload["command"] == "investigte vostria"


def test_history_up_and_down(make_app, kb, tmp_path):
    """Up recalls earlier lines, Down returns to what was being typed."""
    app, session = start(make_app, tmp_path)
    kb.enter(app, "help")
    kb.enter(app, "status")
    kb.type(app, "inv")
    kb.key(app, pygame.K_UP)
    assert app.screen.cmd.text == "status"
    kb.key(app, pygame.K_UP)
    assert app.screen.cmd.text == "help"
    kb.key(app, pygame.K_DOWN)
    kb.key(app, pygame.K_DOWN)
    assert app.screen.cmd.text == "inv"


def test_tab_completes_actions_targets_and_keys(make_app, kb, tmp_path):
    """Tab completes the action, then the target; repeated Tab cycles through options."""
    app, session = start(make_app, tmp_path, cell="foreign-affairs")
    kb.type(app, "publ")
    kb.key(app, pygame.K_TAB)
    assert app.screen.cmd.text == "public_attribution "
    kb.type(app, "vos")
    kb.key(app, pygame.K_TAB)
    assert app.screen.cmd.text == "public_attribution vostria "
    kb.type(app, "par")
    kb.key(app, pygame.K_TAB)
    assert app.screen.cmd.text == "public_attribution vostria partners="
    app.screen.cmd.set_text("")
    kb.type(app, "p")
    kb.key(app, pygame.K_TAB)
    first = app.screen.cmd.text
    kb.key(app, pygame.K_TAB)
    second = app.screen.cmd.text
    assert first != second and first.startswith("p") and second.startswith("p")
    hint = app.screen._hint_cache[1]
    assert "public_attribution" in hint or "persona_non_grata" in hint


def test_white_cell_fires_an_inject(make_app, kb, tmp_path):
    """White types `fire 7`: the contingency inject fires, is notified and appears in the feed."""
    app, session = start(make_app, tmp_path, cell="white")
    assert 7 in session.exercise.injects.pending()
    kb.enter(app, "fire 7")
    kb.frames(app, 3)
    assert session.exercise.injects.has_fired(7)
    assert any("INJECT 7" in t.entry.text for t in session.active_toasts())
    assert "INJECT 7 from Journalist to Municipality of Utrecht" in drawn_feed(app)
    assert "controller note, inject 7" in drawn_feed(app)


def test_white_views_as_a_cell_and_back(make_app, kb, tmp_path):
    """White switches to a cell's view with `cell NAME` (or F2) and back with `cell white`."""
    app, session = start(make_app, tmp_path, cell="white")
    session.set_speed(len(SPEEDS) - 1)
    kb.frames(app, 60, dt=2.0)
    app.screen.feed.filter_name = "red"
    kb.frames(app, 1)
    assert any("RED op" in line for line in app.screen.feed.drawn)
    kb.enter(app, "cell municipality")
    assert session.cell == "municipality"
    kb.frames(app, 2)
    assert not any("RED op" in line for line in app.screen.feed.drawn)
    kb.key(app, pygame.K_F2)
    assert session.cell != "municipality"
    kb.enter(app, "cell white")
    assert session.cell == "white"


def test_hot_seat_tabs_and_keys(make_app, kb, tmp_path):
    """With several cells held, F2 and the cell tabs switch the active cell; orders go to that cell."""
    app, session = start(make_app, tmp_path, cell="intelligence,foreign-affairs")
    assert session.switchable == ["intelligence", "foreign-affairs"]
    kb.key(app, pygame.K_F2)
    assert session.cell == "foreign-affairs"
    kb.enter(app, "demarche vostria")
    assert session.exercise.orders[-1].cell == "foreign-affairs"
    tab = next(b for b, c in app.screen.tabs.items() if c == "intelligence")
    pos = tab.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos, touch=False, window=None))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos, touch=False, window=None))
    kb.frames(app, 3)
    assert session.cell == "intelligence"


def test_clock_keys_and_pause_button(make_app, kb, tmp_path):
    """F5 pauses and resumes, F6/F7 change speed, and the Pause button works with the mouse."""
    app, session = start(make_app, tmp_path)
    speed = session.speed_index
    kb.key(app, pygame.K_F7)
    assert session.speed_index == speed + 1
    kb.key(app, pygame.K_F6)
    assert session.speed_index == speed
    kb.key(app, pygame.K_F5)
    assert session.paused
    t = session.exercise.now
    kb.frames(app, 10)
    assert session.exercise.now == t
    button = app.screen.buttons["pause"]
    pos = button.rect.center
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONDOWN, button=1, pos=pos, touch=False, window=None))
    pygame.event.post(pygame.event.Event(pygame.MOUSEBUTTONUP, button=1, pos=pos, touch=False, window=None))
    kb.frames(app, 3)
    assert not session.paused


def test_feed_filter_and_scroll(make_app, kb, tmp_path):
    """F3 cycles the feed filter; PageUp scrolls back and PageDown returns to the newest lines."""
    app, session = start(make_app, tmp_path, cell="white")
    session.set_speed(len(SPEEDS) - 1)
    kb.frames(app, 150, dt=2.0)
    newest = list(app.screen.feed.drawn)
    kb.key(app, pygame.K_PAGEUP)
    assert app.screen.feed.scroll > 0 and app.screen.feed.drawn != newest
    kb.key(app, pygame.K_PAGEDOWN)
    assert app.screen.feed.scroll == 0
    kb.key(app, pygame.K_F3)
    assert app.screen.feed.filter_name == "important"
    kb.frames(app, 1)
    assert not any(line.startswith("poll (") for line in app.screen.feed.drawn)


def test_help_overlay_and_resize(make_app, kb, tmp_path, screenshot):
    """F1 shows the help overlay over the main screen; a resize lays everything out again, keeping the line."""
    app, session = start(make_app, tmp_path)
    kb.type(app, "investigate")
    kb.key(app, pygame.K_F1)
    assert app.help_visible
    screenshot(app, "help-1280x720")
    kb.key(app, pygame.K_ESCAPE)
    assert not app.help_visible
    pygame.event.post(pygame.event.Event(pygame.VIDEORESIZE, w=1600, h=900, size=(1600, 900)))
    kb.frames(app, 2)
    assert app.size == (1600, 900)
    assert app.screen.layout.feed.right <= 1600 and app.screen.cmd.text == "investigate"


def test_closing_the_window_keeps_the_replay(make_app, kb, tmp_path):
    """Closing the window writes the footer: the replay is complete and verifies."""
    app, session = start(make_app, tmp_path)
    session.set_speed(len(SPEEDS) - 1)
    kb.frames(app, 20, dt=2.0)
    kb.enter(app, "investigate vostria")
    kb.frames(app, 20, dt=2.0)
    pygame.event.post(pygame.event.Event(pygame.QUIT))
    app.step(1 / 30)
    assert not app.running and session.closed
    replay = read_replay(tmp_path / "play.jsonl")
    assert replay.complete and replay.commands[0]["text"] == "investigate vostria"
    assert verify_replay(str(tmp_path / "play.jsonl")).ok


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_main_and_end_screens(make_app, kb, screenshot, tmp_path, size):
    """The demo runs to the end on the main screen; the end screen names the replay and shows the score."""
    app, session = start(make_app, tmp_path, size=size, cell=None, demo=True)
    kb.frames(app, 115, dt=2.0)  # to about day 27: orders, detections, red operations on the map
    assert app.screen.name == "main"
    assert app.screen.map_view.boxes and "vostria" in app.screen.map_view.boxes
    assert len(app.screen.feed.drawn) > 10
    assert not_blank(app)
    screenshot(app, f"main-{size[0]}x{size[1]}")
    for _ in range(400):
        app.step(2.0)
        if app.screen.name == "end":
            break
    assert app.screen.name == "end" and session.finished and session.closed
    kb.frames(app, 1)  # the end screen starts scoring on its first frame
    app.screen.score.wait(120)
    kb.frames(app, 2)
    screenshot(app, f"end-{size[0]}x{size[1]}")
    assert read_replay(tmp_path / "play.jsonl").complete
    job = app.screen.score
    assert job.done and (job.lines or job.error)
    assert not job.error, job.error  # scoring is installed with the project: it must succeed here
    assert job.lines[0][0].startswith("Overall")
    kb.key(app, pygame.K_r)
    kb.frames(app, 2)
    assert app.screen.name == "replay"
    kb.key(app, pygame.K_ESCAPE)
    assert not app.running


def test_ui_button_events_reach_only_their_screen(make_app, kb, tmp_path):
    """pygame_gui events for widgets of a screen that is gone are ignored."""
    app, session = start(make_app, tmp_path)
    stale = pygame.event.Event(pygame_gui.UI_BUTTON_PRESSED, ui_element=object())
    pygame.event.post(stale)
    kb.frames(app, 2)
    assert app.running and app.screen.name == "main"


def test_demo_briefing_starts_by_itself(make_app, kb, tmp_path):
    """--demo shows the briefing with a countdown, then plays the bundled commands without a key press."""
    session = play_session(None, demo=True, record=tmp_path / "demo.jsonl")
    app = make_app(play_app, session, briefing=True)
    kb.frames(app, 5, dt=1.0)
    assert app.screen.name == "briefing"
    kb.frames(app, 8, dt=1.0)
    assert app.screen.name == "main"
    kb.frames(app, 40, dt=2.0)
    assert any(o.by == "player" for o in session.exercise.orders)
