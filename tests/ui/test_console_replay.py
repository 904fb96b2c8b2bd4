"""The replay viewer, driven headless: seeking, jumps, perspectives, filters, and branching into a live run."""

from __future__ import annotations

import math

import pygame
import pygame_gui
import pytest

from replays.format import read_replay
from replays.verify import verify_replay
from ui.console import replay_app
from ui.console.timeline import Timeline

SIZES = [(1280, 720), (1920, 1080)]


@pytest.fixture
def viewer(make_app, demo_replay):
    def build(size=(1280, 720), **kwargs):
        app = make_app(replay_app, demo_replay, size=size, **kwargs)
        app.step(1 / 30)
        return app

    return build


def test_timeline_views(demo_replay):
    """The timeline gives the truth from samples and a cell's view from its polls and visible events."""
    tl = Timeline.open(demo_replay)
    t = 24 * 10.0
    truth, cell = tl.view("white", t), tl.view("intelligence", t)
    assert len(truth.entries) > len(cell.entries) > 0
    assert all(e.t <= t for e in truth.entries)
    assert all(e.visible_for("intelligence") for e in cell.entries)
    assert truth.series["public_trust"] and cell.series["public_trust"]
    assert math.isnan(tl.view("intelligence", 0.0).indicators["public_trust"])  # no poll published yet
    first = tl.next_inject(0.0)
    assert first is not None and tl.next_inject(first) > first and tl.previous_inject(first) is None
    assert tl.next_decision(0.0) == read_replay(demo_replay).commands[0]["t"]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_viewer_seeks_and_jumps(viewer, kb, screenshot, size):
    """Keys move the time: the next inject, the next decision, a day on, the end; the slider follows."""
    app = viewer(size)
    screen = app.screen
    tl = screen.timeline
    kb.key(app, pygame.K_n)
    assert screen.t == tl.inject_times[0]
    kb.key(app, pygame.K_n)
    assert screen.t == tl.inject_times[1]
    kb.key(app, pygame.K_n, mod=pygame.KMOD_SHIFT)
    assert screen.t == tl.inject_times[0]
    kb.key(app, pygame.K_d)
    assert screen.t == tl.next_decision(tl.inject_times[0])
    t = screen.t
    kb.key(app, pygame.K_RIGHT, mod=pygame.KMOD_SHIFT)
    assert screen.t == pytest.approx(t + 24.0)
    assert screen.slider.get_current_value() == pytest.approx(screen.t)
    for _ in range(4):
        kb.key(app, pygame.K_n)
    kb.frames(app, 2)
    assert screen.truth_feed.drawn and screen.cell_feed.drawn
    assert any("INJECT" in line for line in screen.truth_feed.drawn)
    screenshot(app, f"replay-{size[0]}x{size[1]}")
    kb.key(app, pygame.K_END)
    assert screen.t == tl.end


def test_slider_moves_the_time(viewer, kb):
    """Moving the slider shows that moment."""
    app = viewer()
    screen = app.screen
    screen.slider.set_current_value(200.0)
    pygame.event.post(pygame.event.Event(pygame_gui.UI_HORIZONTAL_SLIDER_MOVED, ui_element=screen.slider, value=200.0))
    kb.frames(app, 2)
    assert screen.t == pytest.approx(200.0)


def test_playback_advances_and_stops_at_the_end(viewer, kb):
    """Space plays at the chosen speed; playback stops at the end of the replay."""
    app = viewer()
    screen = app.screen
    kb.key(app, pygame.K_SPACE)
    assert screen.playing
    kb.frames(app, 30, dt=0.5)
    assert screen.t == pytest.approx(6.0 * (0.5 * 30 + 1 / 30), abs=6.0)
    kb.key(app, pygame.K_PLUS)
    kb.key(app, pygame.K_PLUS)
    kb.frames(app, 100, dt=1.0)
    assert not screen.playing and screen.t == screen.timeline.end


def test_perspective_and_important_only(viewer, kb):
    """C shows another cell beside the truth; I keeps only the important events in both feeds."""
    app = viewer()
    screen = app.screen
    for _ in range(5):
        kb.key(app, pygame.K_n)
    first = screen.perspective
    kb.key(app, pygame.K_c)
    assert screen.perspective != first
    for _ in range(len(screen.timeline.cells) + 1):
        if screen.perspective == "white":
            break
        kb.key(app, pygame.K_c)
    assert screen.perspective == "white"
    kb.frames(app, 1)
    assert screen.cell_feed.drawn == [] or screen.truth_feed.rect.width > app.size[0] // 2
    kb.key(app, pygame.K_c)
    kb.key(app, pygame.K_i)
    kb.frames(app, 1)
    assert screen.important_only
    assert not any(line.startswith(("poll (", "nos:", "rtl-nieuws:")) for line in screen.truth_feed.drawn)


def test_branch_verifies_and_names_its_parent(viewer, kb, tmp_path, demo_replay, screenshot):
    """B at t rebuilds the run up to t with a new replay; new orders follow; the branch verifies on its own."""
    app = viewer()
    screen = app.screen
    tl = screen.timeline
    for _ in range(3):
        kb.key(app, pygame.K_d)
    t = screen.t
    parent_commands = [c for c in read_replay(demo_replay).commands if c["t"] <= t]
    session = screen.branch(out=tmp_path / "branch.jsonl")
    kb.frames(app, 1)
    assert app.screen.name == "main" and session.rebuilding
    for _ in range(200):
        app.step(1 / 30)
        if not session.rebuilding:
            break
    assert not session.rebuilding and session.paused and session.exercise.now == pytest.approx(t)
    kb.enter(app, "cell foreign-affairs")
    kb.enter(app, "public_attribution vostria partners=eu")
    kb.enter(app, "resume")
    kb.frames(app, 40, dt=2.0)
    screenshot(app, "branch-main-1280x720")
    kb.enter(app, "quit")
    kb.frames(app, 2)
    assert app.screen.name == "end"
    branch = read_replay(tmp_path / "branch.jsonl")
    assert branch.header["parent"] == {"replay": str(tl.path), "sha256": read_replay(demo_replay).footer["log_sha256"],
                                       "t": t}
    assert branch.commands[: len(parent_commands)] == parent_commands
    assert branch.commands[-1]["text"] == "public_attribution vostria partners=eu"
    assert branch.complete
    verdict = verify_replay(str(tmp_path / "branch.jsonl"))
    assert verdict.ok, verdict.message


def test_branch_from_the_start(viewer, kb, tmp_path):
    """A branch at t = 0 has no parent commands and is live at once."""
    app = viewer()
    session = app.screen.branch(out=tmp_path / "b0.jsonl")
    kb.frames(app, 2)
    assert not session.rebuilding and session.exercise.now == 0.0
    session.close()
    assert verify_replay(str(tmp_path / "b0.jsonl")).ok


def test_a_cut_off_replay_opens_and_branches(viewer, kb, tmp_path, demo_replay, make_app):
    """A replay without its footer (a killed run) opens up to its last record, says so, and still branches."""
    lines = demo_replay.read_text(encoding="utf-8").splitlines(keepends=True)
    cut = tmp_path / "cut.jsonl"
    cut.write_text("".join(lines[: len(lines) // 2]), encoding="utf-8")
    app = make_app(replay_app, cut)
    app.step(1 / 30)
    screen = app.screen
    assert screen.timeline.replay.problems and not screen.timeline.replay.complete
    kb.key(app, pygame.K_END)
    assert 0 < screen.t == screen.timeline.end
    kb.key(app, pygame.K_LEFT, mod=pygame.KMOD_SHIFT)
    session = screen.branch(out=tmp_path / "from-cut.jsonl")
    for _ in range(200):
        app.step(1 / 30)
        if not session.rebuilding:
            break
    session.close()
    assert read_replay(tmp_path / "from-cut.jsonl").header["parent"]["sha256"] is None
    assert verify_replay(str(tmp_path / "from-cut.jsonl")).ok
