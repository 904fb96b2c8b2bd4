"""Evaluators' notes and hot-wash answers reach the replay, read back through replays.evaluation, and verify."""

from __future__ import annotations

import json

import pytest

from replays.evaluation import hotwash, notes
from replays.format import ReplayWriter, read_replay
from replays.runner import TimedCommand, drive
from replays.score import RunData
from replays.verify import verify_replay
from sim.exercise import Exercise
from sim.scenario import load_scenario

DAYS = 3


@pytest.fixture(scope="module")
def recorded(tmp_path_factory, default_scenario):
    """A 3-day replay of the default scenario with two notes, an added inject and two hot-wash answers."""
    loaded = load_scenario(default_scenario)
    exercise = Exercise(loaded, seed=5)
    path = tmp_path_factory.mktemp("eval") / "run.jsonl"
    until = DAYS * 24.0
    writer = ReplayWriter.for_exercise(path, exercise, until)
    commands = [
        TimedCommand(10.0, "white", "note vote-trusted rating=S author=evaluator about=0,1 The crisis cell saw it early"),
        TimedCommand(20.5, "white", "note Free remark: the room was quiet"),
        TimedCommand(30.0, "white", "inject intelligence expected=investigate A journalist asks about the phishing"),
    ]
    drive(exercise, commands, until)
    writer.write_hotwash(exercise.now, [
        {"cell": "intelligence", "objective": "systems-secure", "rating": "M", "strengths": "fast triage",
         "improvements": "share earlier"},
        {"cell": "intelligence", "objective": None, "rating": None, "strengths": "", "improvements": "more staff"},
    ])
    writer.close(exercise.now)
    return path


def test_notes_come_back_in_time_order(recorded):
    """notes() gives every note with its clock, author, objective, rating, text and the events it is about."""
    run = RunData.from_replay(read_replay(recorded))
    found = notes(run)
    assert [n["text"] for n in found] == ["The crisis cell saw it early", "Free remark: the room was quiet"]
    first, second = found
    assert (first["t"], first["author"], first["objective"], first["rating"], first["about"]) == \
        (10.0, "evaluator", "vote-trusted", "S", [0, 1])
    assert first["clock"].startswith("day 1 10:00")
    assert (second["objective"], second["rating"], second["author"]) == (None, None, "white")


def test_hotwash_comes_back(recorded):
    """hotwash() gives each answer as the form wrote it; the general answer has objective None."""
    run = RunData.from_replay(read_replay(recorded))
    assert hotwash(run) == [
        {"cell": "intelligence", "objective": "systems-secure", "rating": "M", "strengths": "fast triage",
         "improvements": "share earlier"},
        {"cell": "intelligence", "objective": None, "rating": None, "strengths": "", "improvements": "more staff"},
    ]


def test_replay_with_notes_inject_and_hotwash_verifies(recorded):
    """The notes and the added inject re-simulate identically; the hot wash does not disturb verification."""
    verdict = verify_replay(str(recorded))
    assert verdict.ok, verdict.message
    replay = read_replay(recorded)
    assert replay.complete and len(replay.hotwash) == 2
    added = [e for e in replay.events if e["kind"] == "inject.added"]
    assert added and added[0]["payload"]["synopsis"] == "A journalist asks about the phishing"
    fired = [e for e in replay.events if e["kind"] == "inject.fired" and e["payload"]["no"] == added[0]["payload"]["no"]]
    assert fired and fired[0]["visible_to"] == ["intelligence"]


def test_notes_do_not_change_the_indicators(recorded, default_scenario):
    """A run without the notes has the same indicator samples: a note changes nothing in the world."""
    loaded = load_scenario(default_scenario)
    plain = Exercise(loaded, seed=5)
    samples: list = []
    plain.on_sample.append(samples.append)
    drive(plain, [], DAYS * 24.0)
    noted = [r for r in read_replay(recorded).samples]
    assert [s["indicators"] for s in noted] == [s["indicators"] for s in samples]


def test_old_replay_has_none(default_replay):
    """A replay without notes or a hot wash gives empty lists."""
    run = RunData.from_replay(default_replay)
    assert notes(run) == [] and hotwash(run) == []


def test_bad_hotwash_record_is_named(recorded, tmp_path):
    """A hot-wash record with a rating outside P/S/M/U stops the reader at its line."""
    lines = recorded.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if '"type":"hotwash"' in line)
    record = json.loads(lines[number])
    record["rating"] = "X"
    lines[number] = json.dumps(record) + "\n"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join(lines), encoding="utf-8")
    replay = read_replay(bad)
    assert replay.problems and f"line {number + 1}: malformed hotwash record: rating" in replay.problems[0]
