"""The console held by a red cell: its own picture in place of the Dutch panels, its toolbox, typed orders."""

from __future__ import annotations

from pathlib import Path

import pygame
import pytest

from replays.verify import verify_replay
from ui.console import play_app, play_session

SCENARIO = Path(__file__).resolve().parent.parent / "data" / "red.yaml"
SIZES = [(1280, 720), (1920, 1080)]


def start(make_app, tmp_path, size=(1280, 720), cell="red-morvask", briefing=False):
    session = play_session(SCENARIO, cell=cell, record=tmp_path / "red.jsonl")
    app = make_app(play_app, session, size=size, briefing=briefing)
    app.step(1 / 30)
    return app, session


def test_play_holds_the_dutch_cells_and_a_red_cell_only_when_named(tmp_path):
    """Without --cell every Dutch cell is held and Morvask's planner plays red; --cell red-morvask holds red."""
    default = play_session(SCENARIO, record=tmp_path / "a.jsonl")
    assert [c.id for c in default.exercise.cells.values() if c.held] == ["crisis", "foreign-affairs"]
    assert not default.exercise.actors["morvask"].held
    default.close()
    red = play_session(SCENARIO, cell="red-morvask", record=tmp_path / "b.jsonl")
    assert red.cell == "red-morvask" and red.exercise.actors["morvask"].held
    red.close()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_typed_red_order_reaches_the_exercise_and_the_red_panel(make_app, kb, screenshot, tmp_path, size):
    """Red types an order; its operation runs, and the red panel shows budget, days left and staff, not the map."""
    app, session = start(make_app, tmp_path, size=size)
    kb.enter(app, "informant_network morvaskan-house staff=morvask-consul")
    ex = session.exercise
    [op] = ex.operations.values()
    assert (op.technique, op.target, op.actor) == ("informant_network", "morvaskan-house", "morvask")
    assert ex.actors["morvask"].budget == 32
    kb.frames(app, 3)
    drawn = "\n".join(app.screen.red_drawn)
    assert "Budget 32.0 of 40" in drawn
    assert "op1 informant_network morvaskan-house" in drawn and "days left" in drawn
    assert "in the country: morvask-consul, morvask-attache" in drawn
    assert "What the Dutch appear to know" in drawn and "no public sign yet" in drawn
    feed = " ".join(app.screen.feed.drawn)  # wrapped lines joined
    assert "informant_network morvaskan-house staff=morvask-consul" in feed and "accepted" in feed
    screenshot(app, f"red-main-{size[0]}x{size[1]}")


def test_help_lists_the_toolbox_with_cost_duration_and_target(make_app, kb, tmp_path):
    """``help`` for red lists its techniques with what each costs, how long it runs and what it is aimed at."""
    app, session = start(make_app, tmp_path)
    kb.enter(app, "help")
    kb.frames(app, 2)
    text = "\n".join(e.text for e in session.entries)
    assert "morvask's toolbox" in text
    assert "informant_network GROUP: cost 8, 45 days, target: group, needs staff" in text
    assert "hack_and_leak [TARGET] [title=TEXT]: cost 15, 5 days, target: free name" in text
    assert "debunk" not in text  # no Dutch actions
    kb.enter(app, "help covert_funding")
    text = "\n".join(e.text for e in session.entries)
    assert "recipient targets now: morvaskan-house, party" in text


def test_tab_completes_techniques_and_their_targets(make_app, kb, tmp_path):
    """Tab completes a technique of the toolbox, then a target of its kind."""
    app, _ = start(make_app, tmp_path)
    kb.type(app, "informant_n")
    kb.key(app, pygame.K_TAB)
    assert app.screen.cmd.text == "informant_network "
    kb.key(app, pygame.K_TAB)
    assert app.screen.cmd.text == "informant_network morvaskan-house "


def test_the_red_console_never_draws_what_the_dutch_know(make_app, kb, tmp_path, screenshot):
    """After Dutch detections and a public expulsion, red's panel and feed show the expulsion, no detection."""
    app, session = start(make_app, tmp_path, cell="red-morvask,crisis,foreign-affairs")
    kb.enter(app, "informant_network morvaskan-house staff=morvask-consul")
    kb.enter(app, 'meddling_statement staff=morvask-consul text="The Hague lies"')
    ex = session.exercise
    ex.run_until(48)
    kb.enter(app, "cell crisis")
    kb.enter(app, "share_signals")
    ex.run_until(72)
    kb.enter(app, "cell foreign-affairs")
    kb.enter(app, "persona_non_grata morvask-consul")
    ex.run_until(6 * 24)
    kb.enter(app, "cell red-morvask")
    kb.frames(app, 3)
    assert any(e.kind == "detection" for e in ex.log)
    drawn = "\n".join(app.screen.red_drawn)
    assert "expelled: morvask-consul" in drawn and "persona_non_grata morvask-consul" in drawn
    feed = "\n".join(app.screen.feed.drawn).lower()
    assert "detect" not in feed and "share_signals" not in feed
    screenshot(app, "red-after-expulsion")
    session.enter("quit")
    kb.frames(app, 2)
    assert app.screen.name == "hotwash"  # the run is over; the replay waits for the hot wash
    app.screen.skip()
    kb.frames(app, 2)
    assert verify_replay(str(tmp_path / "red.jsonl")).ok


def test_the_briefing_tells_red_what_it_holds(make_app, screenshot, tmp_path):
    """The briefing of a red cell names the state, its budget, staff, proxies and toolbox."""
    app, _ = start(make_app, tmp_path, briefing=True)
    assert app.screen.name == "briefing"
    screenshot(app, "red-briefing")
    blocks = "\n".join(text for _, _, text in app.screen._right_blocks())
    assert "You play Federation of Morvask" in blocks and "budget 40 units" in blocks
    assert "proxies (via=): patriot-hackers" in blocks and "informant_network GROUP" in blocks
