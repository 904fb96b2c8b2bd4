"""White's MSEL panel and answers, evaluators' notes, the hot wash and legibility, driven headless."""

from __future__ import annotations

import json
import os

import pygame
import pytest

from replays.evaluation import hotwash, notes
from replays.format import read_replay
from replays.score import RunData
from replays.verify import verify_replay
from ui.console import play_app, play_session
from ui.console.msel import msel_rows
from ui.console.session import SPEEDS

SHOTS = os.environ.get("WEERBAAR_SCREENSHOTS")


def white_session(tmp_path, cell="white,intelligence", name="white.jsonl"):
    return play_session("municipal-elections", cell=cell, record=tmp_path / name)


def run_hours(session, hours):
    """Run ``hours`` of exercise time at top speed, resuming after each pause on a critical inject (as White would)."""
    session.paused = False
    session.set_speed(len(SPEEDS) - 1)
    target = session.exercise.now + hours
    stalled = 0
    while session.exercise.now < target - 1e-9 and not session.done:
        if session.paused:
            session.enter("resume")
        moved = session.advance(min(1.0, (target - session.exercise.now) / session.speed.hours_per_second) + 1e-6)
        stalled = 0 if moved > 0 else stalled + 1
        assert stalled < 50, f"the clock does not move at {session.exercise.now} h (paused={session.paused})"


def states(session):
    return {r.no: r.state for r in msel_rows(session.exercise)}


def test_panel_states_follow_fire_postpone_cancel_and_triggers(tmp_path):
    """The panel's states: pending, waiting for trigger, contingency; then fire, postpone, cancel and a trigger."""
    s = white_session(tmp_path)
    before = states(s)
    assert before[1] == "pending" and before[4] == "waiting for trigger" and before[7] == "contingency"
    s.paused = True
    s.enter("fire 7")
    assert states(s)[7] == "fire ordered"  # paused: ordered, not yet fired, and the panel says so
    s.enter("postpone 1 by=1d6h")
    s.enter("cancel 3")
    run_hours(s, 1)
    after = states(s)
    assert (after[7], after[1], after[3]) == ("fired", "postponed", "cancelled")
    row = next(r for r in msel_rows(s.exercise) if r.no == 1)
    assert row.t == pytest.approx(33.0 + 30.0) and row.when.startswith("day 3 15:00")
    assert row.countdown.startswith("in 2 d")
    run_hours(s, 24 * 14)
    assert states(s)[4] in ("fired", "waiting for trigger")
    fired_by = {n: st.fired_by for n, st in s.exercise.injects.states.items() if st.status == "fired"}
    assert fired_by[7] == "white" and all(v in ("msel", "trigger", "white") for v in fired_by.values())
    if states(s)[4] == "fired":
        assert fired_by[4] == "trigger"
    s.close()


def test_white_answers_are_plain_and_in_calendar_time(tmp_path):
    """Postpone answers with the new calendar time; a second fire says when the inject was already fired."""
    s = white_session(tmp_path)
    lines = [e.text for e in s.enter("postpone 2 by=1d6h")]
    assert any("inject 2 postponed by 1 d 6 h: now due day 6 16:00 (Mon 26 Feb 2018)" in t for t in lines), lines
    s.enter("fire 7")
    run_hours(s, 2)
    lines = [e.text for e in s.enter("fire 7")]
    assert any("it was already fired by White at day 1 00:00 (Wed 21 Feb 2018)" in t for t in lines), lines
    lines = [e.text for e in s.enter("fire 99")]
    assert any(f"no inject '99' in the MSEL (its injects are 1-{len(s.exercise.injects.states)})" in t for t in lines), lines
    assert not any("due=" in t for t in lines)
    s.close()


def test_inject_added_live_is_in_the_replay_and_verifies(tmp_path):
    """``inject CELL words`` adds an MSEL row during play; the replay carries it and verifies."""
    s = white_session(tmp_path)
    run_hours(s, 5)
    new = len(s.exercise.injects.states) + 1
    lines = [e.text for e in s.enter("inject intelligence expected=investigate A journalist asks about the phishing")]
    assert any(t.startswith(f"inject {new} added for intelligence; it fires now") for t in lines), lines
    run_hours(s, 10)
    assert states(s)[new] == "fired"
    row = next(r for r in msel_rows(s.exercise) if r.no == new)
    assert row.added and row.to == "intelligence" and row.expected == "investigate"
    s.enter("quit")
    s.close()
    replay = read_replay(tmp_path / "white.jsonl")
    assert any(c["text"].startswith("inject intelligence") for c in replay.commands)
    fired = [e for e in replay.events if e["kind"] == "inject.fired" and e["payload"]["no"] == new]
    assert fired and fired[0]["visible_to"] == ["intelligence"]
    assert verify_replay(str(tmp_path / "white.jsonl")).ok


def test_evaluator_note_is_tied_to_the_events_on_screen_and_reaches_the_replay(make_app, kb, tmp_path, screenshot):
    """An evaluator's seat sees White's picture and the guide; a note carries its author and the events on screen."""
    s = white_session(tmp_path, cell="evaluator", name="eval.jsonl")
    app = make_app(play_app, s, size=(1280, 720), briefing=False)
    s.set_speed(len(SPEEDS) - 1)
    kb.frames(app, 40, dt=0.5)
    assert app.screen.centre == "guide" and "vote-trusted" in app.screen.guide_drawn
    assert any("Election safeguards" in line for line in app.screen.guide_drawn)
    on_screen = list(s.on_screen)
    assert on_screen
    kb.type(app, "note vote-trusted rating=S The crisis cell prepared the count by hand")
    kb.frames(app, 2)
    assert app.screen.cmd.text.startswith("note vote-trusted")
    screenshot(app, "evaluator-note-1280x720")
    if SHOTS:
        app.screenshot(f"{SHOTS}/evaluator-note-1280x720.png")
    kb.key(app, pygame.K_RETURN, unicode="\r")
    refused = [e.text for e in s.enter("investigate vostria")]
    assert any("an evaluator writes notes" in t for t in refused)
    kb.frames(app, 5, dt=0.5)
    s.enter("quit")
    s.close()
    run = RunData.from_replay(read_replay(tmp_path / "eval.jsonl"))
    found = notes(run)
    assert len(found) == 1
    note = found[0]
    assert (note["author"], note["objective"], note["rating"]) == ("evaluator", "vote-trusted", "S")
    assert note["text"] == "The crisis cell prepared the count by hand" and note["about"]
    assert set(note["about"]) <= set(range(len(run.events)))
    assert verify_replay(str(tmp_path / "eval.jsonl")).ok


def test_a_note_changes_nothing_in_the_world(tmp_path):
    """The same run with and without notes has the same indicator samples."""
    def samples(with_notes: bool, name: str):
        s = white_session(tmp_path, name=name)
        run_hours(s, 6)
        if with_notes:
            s.enter("note trust-held rating=U nobody answered the broadcaster")
            s.enter("note A free remark about the room")
        run_hours(s, 40)
        s.enter("quit")
        s.close()
        return [r["indicators"] for r in read_replay(tmp_path / name).samples]

    assert samples(True, "a.jsonl") == samples(False, "b.jsonl")


def test_hotwash_form_is_stored_in_the_replay(make_app, kb, tmp_path, screenshot):
    """After the end the hot-wash form opens; the answers go into the replay before the footer, which verifies."""
    s = white_session(tmp_path, cell="intelligence", name="hw.jsonl")
    app = make_app(play_app, s, size=(1280, 720), briefing=False)
    s.set_speed(len(SPEEDS) - 1)
    kb.frames(app, 10, dt=0.5)
    s.enter("investigate vostria")
    s.enter("quit")
    kb.frames(app, 3)
    assert app.screen.name == "hotwash" and not s.closed
    screen = app.screen
    screen.rate("S")
    screen.type_answer("we shared quickly", "we waited too long to name Vostria")
    screen.go(1)
    screen.rate("M")
    screen.type_answer("", "no hardening before election day")
    kb.frames(app, 2)
    screenshot(app, "hotwash-1280x720")
    if SHOTS:
        app.screenshot(f"{SHOTS}/hotwash-1280x720.png")
    screen.save()
    kb.frames(app, 3)
    assert app.screen.name == "end" and s.closed
    if SHOTS:
        kb.frames(app, 2)
        app.screenshot(f"{SHOTS}/end-1280x720.png")
    replay = read_replay(tmp_path / "hw.jsonl")
    assert replay.complete and len(replay.hotwash) == 2
    answers = hotwash(RunData.from_replay(replay))
    first_objective = s.exercise.scenario.objectives[0].id
    assert answers == [
        {"cell": "intelligence", "objective": None, "rating": "S", "strengths": "we shared quickly",
         "improvements": "we waited too long to name Vostria"},
        {"cell": "intelligence", "objective": first_objective, "rating": "M", "strengths": "",
         "improvements": "no hardening before election day"}]
    assert verify_replay(str(tmp_path / "hw.jsonl")).ok


def test_toasts_wait_while_paused_and_never_cover_the_map(make_app, kb, tmp_path):
    """An inject's notification does not age while paused, and is drawn outside the centre panel."""
    s = white_session(tmp_path, name="toast.jsonl")
    app = make_app(play_app, s, size=(1280, 720), briefing=False)
    s.enter("fire 7")
    kb.frames(app, 3)
    assert s.active_toasts()
    s.enter("pause")
    kb.frames(app, 900, dt=0.1)  # 90 s of discussion
    assert s.active_toasts(), "the toast expired while the exercise was paused"
    centre = app.screen.layout.map
    assert app.screen.toasts_drawn and not any(box.colliderect(centre) for box in app.screen.toasts_drawn)
    # the Important panel's entries start under the notifications, whole, not half hidden behind them
    assert app.screen.important.entries_top >= max(box.bottom for box in app.screen.toasts_drawn)


def test_msel_panel_screenshots(make_app, kb, tmp_path):
    """The MSEL panel at 1280x720, 1920x1080 and the presenter scale shows its cards, with text that fits."""
    for size, zoom, name in (((1280, 720), 1.0, "msel-1280x720"), ((1920, 1080), 1.0, "msel-1920x1080"),
                             ((1920, 1080), "presenter", "msel-presenter-1920x1080")):
        s = white_session(tmp_path, name=f"{name}.jsonl")
        app = make_app(play_app, s, size=size, briefing=False, zoom=zoom)
        s.enter("fire 7")
        s.enter("postpone 1 by=1d6h")  # an early inject, so its card is on screen
        s.set_speed(len(SPEEDS) - 2)
        kb.frames(app, 30, dt=0.5)
        view = app.screen.msel_view
        assert view.cards and view.selected is not None
        assert all(app.screen.layout.map.contains(r) or r.bottom > app.screen.layout.map.bottom
                   for r in view.cards.values())
        assert any("FIRED" in line for line in view.drawn), view.drawn
        if zoom == "presenter":  # fewer, bigger cards: the feed's text is 3.5% of the height
            assert app.fonts.sizes["small"] >= 0.035 * size[1]
            # the cell tabs: the active one in full, the others by short labels, none cut to "wh..."
            tabs = {cell: button.text for button, cell in app.screen.tabs.items()}
            assert tabs["white"] == "white" and tabs["national-crisis-cell"] == "NCC", tabs
            assert not [t for t in tabs.values() if t.endswith(("…", "..."))], tabs
        else:
            assert any("POSTPONED" in line for line in view.drawn), view.drawn
        if SHOTS:
            app.screenshot(f"{SHOTS}/{name}.png")
        s.close()


def test_the_panel_greys_its_buttons_for_an_inject_that_already_fired(make_app, kb, tmp_path):
    """Fire, +6 h, +1 day and Cancel work on an open inject; for a fired one they are greyed, not refused later."""
    s = white_session(tmp_path, name="buttons.jsonl")
    app = make_app(play_app, s, size=(1280, 720), briefing=False)
    kb.frames(app, 3)
    view, buttons = app.screen.msel_view, app.screen.msel_buttons
    assert view.selected is not None and view.selected_open
    assert all(b.is_enabled for b in buttons.values())
    app.screen.msel_action("fire")
    kb.frames(app, 3)
    assert states(s)[view.selected] in ("fired", "fire ordered") or not view.selected_open
    s.exercise.run_until(s.exercise.now + 1)  # the fire order takes effect
    kb.frames(app, 3)
    assert states(s)[view.selected] == "fired" and not view.selected_open
    assert not any(b.is_enabled for b in buttons.values())
    s.close()
