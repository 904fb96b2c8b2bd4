"""The console's logic without a window: live sessions, completion, history, the feed and the map model."""

from __future__ import annotations

import pytest

from replays.format import read_replay
from replays.verify import verify_replay
from scenarios import resolve_scenario
from sim.exercise import Exercise
from sim.scenario import load_scenario
from ui.console import parse_cells, play_session
from ui.console.cmdline import History
from ui.console.completion import complete, help_lines, hint
from ui.console.feed import FILTERS, describe, entry_for, select, short_clock
from ui.console.mapmodel import actors_from_scenario, build_map
from ui.console.session import SPEEDS, LiveSession


@pytest.fixture(scope="module")
def loaded():
    return load_scenario(resolve_scenario(None))


def session_for(loaded, tmp_path, players=("intelligence",), **kwargs) -> LiveSession:
    ex = Exercise(loaded, players=players)
    return LiveSession.start(ex, record=tmp_path / "s.jsonl", **kwargs)


def test_typed_order_is_accepted_logged_and_answered_in_the_feed(loaded, tmp_path):
    """A typed order reaches the exercise, and the console writes its echo and its result."""
    s = session_for(loaded, tmp_path, cell="intelligence", white=False)
    added = s.enter("investigate vostria")
    assert [e.kind for e in added] == ["console", "console.ok"]
    assert "investigate vostria: accepted" in added[-1].text
    assert s.exercise.orders[-1].action == "investigate"
    s.close()


def test_typo_gives_one_error_line_and_the_clock_goes_on(loaded, tmp_path):
    """A typo is refused with one line that suggests the word, and the exercise keeps running."""
    s = session_for(loaded, tmp_path, cell="intelligence", white=False, speed_index=len(SPEEDS) - 1)
    added = s.enter("investigte vostria")
    assert added[-1].kind == "console.error"
    assert "did you mean 'investigate'" in added[-1].text
    before = s.exercise.now
    s.advance(1.0)
    assert s.exercise.now > before and not s.done
    s.close()


def test_control_words_are_answered_by_the_console_not_logged(loaded, tmp_path):
    """help, pause, resume, speed, status and cell are console words: answered, never logged as orders."""
    s = session_for(loaded, tmp_path, cell="intelligence", white=False)
    n = len(s.exercise.log)
    assert any("investigate ACTOR" in e.text for e in s.enter("help"))
    assert any("staff-days" in e.text for e in s.enter("help investigate"))
    s.enter("pause")
    assert s.paused
    s.enter("resume")
    assert not s.paused
    s.enter("speed week")
    assert s.speed.key == "week"
    s.enter("speed 1")
    assert s.speed_index == 0
    assert s.enter("speed warp")[-1].kind == "console.error"
    assert any("capacity" in e.text for e in s.enter("status"))
    assert len(s.exercise.log) == n
    s.close()


def test_advancing_in_slices_records_a_replay_that_verifies(loaded, tmp_path):
    """Frames of any length give the same run as the headless runner: the recorded replay verifies."""
    s = session_for(loaded, tmp_path, cell="intelligence", white=False, speed_index=len(SPEEDS) - 1)
    for dt in [0.3, 1.7, 0.01, 2.5] * 5:
        s.advance(dt)
    s.enter("investigate vostria")
    s.enter("share_signals")
    s.enter("demarsh vostria")
    for _ in range(10):
        s.advance(1.3)
    s.enter("quit")
    assert s.done and s.closed
    replay = read_replay(tmp_path / "s.jsonl")
    assert replay.complete and len(replay.commands) == 3
    assert verify_replay(str(tmp_path / "s.jsonl")).ok


def test_the_frame_budget_is_kept(loaded, tmp_path):
    """With a tiny budget the clock falls behind the speed instead of blocking the frame."""
    s = session_for(loaded, tmp_path, speed_index=len(SPEEDS) - 1)
    s.advance(600.0, budget=0.0)  # asks for 1680 hours; one slice at most
    assert s.exercise.now <= 1.0 + 1e-9
    assert s.exercise.now > 0  # the one slice was taken: the clock moves, just slowly
    s.close()


def test_critical_inject_pauses_when_asked(loaded, tmp_path):
    """A critical inject stops the clock when pausing on critical injects is on."""
    s = session_for(loaded, tmp_path, cell="white", white=True, pause_on_critical=True,
                    speed_index=len(SPEEDS) - 1)
    s.enter("fire 4")  # the critical inject, fired by White (its trigger depends on how the rumour goes)
    for _ in range(400):
        s.advance(5.0, budget=1.0)
        if s.paused:
            break
    assert s.paused
    fired = [e for e in s.exercise.log if e.kind == "inject.fired" and e.payload.get("critical")]
    assert fired and any("critical inject" in e.text for e in s.entries if e.kind == "console.ok")
    s.close()


def test_white_fires_an_inject(loaded, tmp_path):
    """White's `fire N` fires a pending contingency inject now."""
    s = session_for(loaded, tmp_path, players=(), cell="white", white=True)
    s.advance(0.0)
    s.enter("fire 7")
    s.advance(0.0)
    s.exercise.run_until(s.exercise.now + 0.01)
    assert s.exercise.injects.has_fired(7)
    assert any(e.kind == "inject.fired" and "INJECT 7" in e.text for e in s.entries)
    s.close()


def test_hot_seat_switches_only_to_cells_held_here(loaded, tmp_path):
    """`cell NAME` switches among the held cells; White and other cells are refused with a reason."""
    s = session_for(loaded, tmp_path, players=("intelligence", "foreign-affairs"), cell="intelligence", white=False)
    s.enter("cell foreign-affairs")
    assert s.cell == "foreign-affairs"
    assert "not held" in s.enter("cell municipality")[-1].text
    assert "exercise control" in s.enter("cell white")[-1].text
    assert "did you mean" in s.enter("cell foreign-afairs")[-1].text
    assert s.cell == "foreign-affairs"
    s.close()


def test_feed_shows_a_cell_only_what_it_may_see(loaded, tmp_path):
    """Operations are White's; a cell's feed never shows an operation.launched record."""
    s = session_for(loaded, tmp_path, players=(), cell="white", white=True, speed_index=len(SPEEDS) - 1,
                    pause_on_critical=False)
    for _ in range(200):
        s.advance(10.0, budget=1.0)
        if s.exercise.now >= 24 * 12:
            break
    assert any(e.kind == "operation.launched" for e in s.visible_entries("white"))
    assert not any(e.kind == "operation.launched" for e in s.visible_entries("intelligence"))
    s.close()


def test_completion_and_hints(loaded):
    """Tab completes actions, targets, keys and values; the hint gives usage."""
    ex = Exercise(loaded, players=("foreign-affairs",))
    assert complete("inve", ex, "intelligence").text == "investigate "
    assert complete("investigate vos", ex, "intelligence").text == "investigate vostria "
    assert complete("public_attribution vostria par", ex, "foreign-affairs").text == "public_attribution vostria partners="
    assert set(complete("public_attribution vostria partners=eu,", ex, "foreign-affairs").options) >= {
        "partners=eu,nato"}
    fire = complete("fi", ex, "white")
    assert fire.text == "fire" and set(fire.options) == {"fire", "fire_inject"}
    assert complete("cell for", ex, "white", cells=["white", "foreign-affairs"]).text == "cell foreign-affairs "
    assert "ACTOR" in hint("investigate ", ex, "intelligence")
    assert "no action starts with" in hint("zzz", ex, "intelligence")
    assert any("fire N" in line for line in help_lines(ex, "white"))


def test_history_walks_back_and_keeps_the_draft():
    """Up walks back through entered lines, Down comes forward to the draft."""
    h = History()
    for line in ("a", "b", "b", "c"):
        h.add(line)
    assert h.lines == ["a", "b", "c"]
    assert h.up("dra") == "c" and h.up("c") == "b" and h.up("b") == "a" and h.up("a") == "a"
    assert h.down("a") == "b" and h.down("b") == "c" and h.down("c") == "dra"


def test_every_event_kind_of_a_run_reads_as_a_line(demo_replay):
    """Every event of a full run is described in one line without a raw payload dump."""
    replay = read_replay(demo_replay)
    for record in replay.events:
        text = describe(record)
        assert text and "\n" not in text and "{" not in text
    entries = [entry_for(r) for r in replay.events]
    for name in FILTERS:
        assert isinstance(select(entries, "intelligence", name), list)
    everything = select(entries, "white", "all")
    assert 0 < len(select(entries, "intelligence", "all")) < len(everything)
    assert all(e.kind.startswith("inject.") for e in select(entries, "white", "injects"))
    assert select(entries, "white", "injects") and len(select(entries, "white", "important")) < len(everything)
    assert short_clock(33.0) == "d2 09:00"


def test_map_shows_operations_to_white_and_detections_to_cells(demo_replay, loaded):
    """White's map shows operations from launch to end; a cell's map only what it detected, dashed."""
    replay = read_replay(demo_replay)
    actors = actors_from_scenario(loaded.scenario)
    narratives = [n.id for n in loaded.scenario.narratives]
    launches = [r for r in replay.events if r["kind"] == "operation.launched"]
    t = launches[0]["t"] + 0.5
    upto = [r for r in replay.events if r["t"] <= t]
    nodes, edges = build_map(actors, narratives, upto, t, truth=True)
    red = [e for e in edges if e.side == "red"] + [b for n in nodes for b in n.badges]
    assert red
    cell_events = [r for r in upto if "*" in r["visible_to"] or "intelligence" in r["visible_to"]]
    _, cell_edges = build_map(actors, narratives, cell_events, t, truth=False)
    assert all(e.dashed for e in cell_edges if e.side == "red")
    # Once intelligence has detected something, its map shows it, dashed (known, not certain).
    seen = next(r for r in replay.events if r["kind"] == "detection" and "intelligence" in r["visible_to"]
                and r["payload"].get("suspected") in {a.id for a in actors})
    t = seen["t"] + 0.5
    cell_events = [r for r in replay.events if r["t"] <= t and ("*" in r["visible_to"] or "intelligence" in r["visible_to"])]
    _, cell_edges = build_map(actors, narratives, cell_events, t, truth=False)
    red_edges = [e for e in cell_edges if e.side == "red"]
    assert red_edges and all(e.dashed for e in red_edges)


def test_a_cells_map_draws_a_detection_from_its_latest_suspect(loaded):
    """A detection with no leading suspect yet is drawn from where its traces point; one that names no actor
    draws no arrow until a later detection of the same operation names a suspect."""
    actors = actors_from_scenario(loaded.scenario)
    narratives = [n.id for n in loaded.scenario.narratives]

    def detection(t, suspected, points_to, op="op1"):
        return {"t": t, "kind": "detection", "source": "aivd", "target": "rigged-count", "visible_to": ["intelligence"],
                "payload": {"operation": op, "technique": "disinformation_campaign", "suspected": suspected,
                            "points_to": points_to}}

    def red_sources(events, t):
        return {e.source for e in build_map(actors, narratives, events, t, truth=False)[1] if e.side == "red"}

    assert red_sources([detection(10.0, "unknown", "vostria")], 11.0) == {"vostria"}
    blind = [detection(10.0, "unknown", "unknown")]
    assert red_sources(blind, 11.0) == set()
    assert red_sources(blind + [detection(12.0, "vostria", "unknown")], 13.0) == {"vostria"}


def test_cells_option_parsing(loaded):
    """--cell takes a list; white marks exercise control; unknown names are refused with a suggestion."""
    cells = list(loaded.scenario.cells)
    assert parse_cells(None, cells) == (cells, False)
    assert parse_cells("white", cells) == ([], True)
    assert parse_cells("intelligence,white", cells) == (["intelligence"], True)
    with pytest.raises(ValueError, match="did you mean"):
        parse_cells("inteligence", cells)


def test_demo_session_schedules_the_bundled_commands(tmp_path):
    """--demo plays the bundled command file as White at the fastest speed."""
    s = play_session(None, demo=True, record=tmp_path / "demo.jsonl")
    assert s.cell == "white" and s.scheduled and s.speed_index == len(SPEEDS) - 1
    assert not s.pause_on_critical
    first = s.scheduled[0]
    for _ in range(200):
        s.advance(10.0, budget=1.0)
        if s.exercise.now >= first.t + 1:
            break
    assert any(o.action == first.text.split()[0] for o in s.exercise.orders)
    s.close()


def test_scoring_is_optional_and_never_crashes(tmp_path, monkeypatch, demo_replay):
    """The end screen's score comes from a child process; a bad file or no scorer gives a message, not a crash."""
    from ui.console import scoring

    job = scoring.ScoreJob(demo_replay)
    assert job.wait(120) and not job.error, job.error
    assert job.lines[0][0].startswith("Overall") and job.score["objectives"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not a replay\n", encoding="utf-8")
    failed = scoring.ScoreJob(bad)
    assert failed.wait(120) and failed.error.startswith("scoring failed")
    monkeypatch.setattr(scoring, "available", lambda: False)
    missing = scoring.ScoreJob(demo_replay)
    assert missing.done and "not installed" in missing.error


def test_whites_feed_shows_a_message_and_a_note_once_not_the_orders_that_carry_them(tmp_path):
    """``msg`` and ``note`` are orders White carries; the feed shows the MESSAGE and NOTE lines, not their
    'accepted' and 'carried out' lines (which stay in the log)."""
    from replays.runner import TimedCommand, run_headless
    from replays.format import read_replay
    from ui.console.feed import entry_for, select

    commands = [TimedCommand(2.0, "white", 'msg all from=municipality text="the Union asked for a meeting"'),
                TimedCommand(3.0, "white", "note Free remark author=evaluator")]
    replay = run_headless("municipal-elections", seed=3, commands=commands, out=tmp_path / "r.jsonl", days=1).replay
    records = [r for r in read_replay(replay).records if r["type"] == "event"]
    carriers = [r for r in records if (r.get("payload") or {}).get("action") in ("msg", "note")]
    assert len(carriers) == 4  # accepted and executed, each: in the log
    shown = [e.text for e in select([entry_for(r) for r in records], "white", "all")]
    assert sum(t.startswith("MESSAGE ") for t in shown) == 1 and sum(t.startswith("NOTE ") for t in shown) == 1
    assert not [t for t in shown if " msg all " in f" {t} " or "note Free" in t]
