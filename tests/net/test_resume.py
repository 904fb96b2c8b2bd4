"""Nothing is lost when a machine fails: a killed host resumes from its replay and the consoles reconnect; a killed
single-seat session goes on with ``play --resume``; the results verify."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from replays.format import read_replay
from replays.runner import TimedCommand
from replays.verify import rebuild, verify_replay
from sim.events import WHITE
from ui.net.client import SeatLink

from conftest import RATE, SCENARIO, Recorder, wait_for

WEERBAAR = [sys.executable, "-m", "ui.cli"]


def _host(*args: str) -> tuple[subprocess.Popen, int]:
    """A ``weerbaar host`` process, and the port it printed."""
    proc = subprocess.Popen([*WEERBAAR, "host", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[2])
    assert proc.stdout is not None
    for line in proc.stdout:
        found = re.search(r"at wss?://127\.0\.0\.1:(\d+)", line)
        if found:
            return proc, int(found.group(1))
    raise AssertionError(f"the host printed no address: {proc.stderr.read() if proc.stderr else ''}")


def _replay_observation(path: Path, view: str) -> list[int]:
    """What ``Exercise.observe(view)`` gives at the end of the run the replay at ``path`` records."""
    replay = read_replay(path)
    exercise, commands = rebuild(replay)
    for command in commands:
        if command.t > exercise.now:
            exercise.run_until(command.t)
        exercise.submit(command.cell, command.text)
    exercise.run_through(replay.until)
    return [e["seq"] for e in exercise.observe(view).events]


def test_a_killed_host_resumes_and_the_consoles_reconnect(tmp_path):
    """kill -9 the host mid-run; ``host --resume`` re-simulates its replay, takes the same seats on the same port,
    and the consoles reconnect by themselves and end with exactly their seat's events; the new replay verifies."""
    first = tmp_path / "first.jsonl"
    proc, port = _host(SCENARIO, "--port", "0", "--days", "3", "--rate", str(RATE / 2), "--start",
                       "--record", str(first))
    seats = {s["name"]: s["token"] for s in json.loads((tmp_path / "first.seats.json").read_text())["seats"]}
    url = f"ws://127.0.0.1:{port}"

    async def go():
        names = ["intelligence", "municipality", WHITE]
        rec = {n: Recorder() for n in names}
        links = {n: SeatLink(url, seats[n], rec[n], retry=(0.1, 0.2, 0.3)) for n in names}
        tasks = [asyncio.create_task(link.run()) for link in links.values()]
        for link in links.values():
            await link.wait_welcomed()
        await links["intelligence"].send_line("msg municipality before the crash")
        await wait_for(lambda: any(s["data"]["t"] >= 30 for s in rec[WHITE].of("state")), what="30 h at the host")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
        await wait_for(lambda: not any(link.connected for link in links.values()), what="the consoles to notice")
        second, port2 = _host("--resume", str(first), "--port", str(port), "--days", "3", "--rate", str(RATE),
                              "--start", "--record", str(tmp_path / "second.jsonl"))
        try:
            await wait_for(lambda: all(link.joins >= 2 for link in links.values()), what="the consoles to rejoin")
            await links["municipality"].send_line("msg intelligence after the crash")
            await wait_for(lambda: all(r.of("end") for r in rec.values()), timeout=40, what="the end")
            assert second.wait(timeout=20) == 0
        finally:
            if second.poll() is None:
                second.kill()
        for link in links.values():
            await link.close()
        for task in tasks:
            task.cancel()
        return rec, port2

    rec, port2 = asyncio.run(go())
    assert port2 == port
    second = tmp_path / "second.jsonl"
    verdict = verify_replay(str(second))
    assert verdict.ok, verdict.message
    header = read_replay(second).header
    assert header["parent"]["replay"] == str(first)
    assert json.loads((tmp_path / "second.seats.json").read_text())["seats"] == \
        json.loads((tmp_path / "first.seats.json").read_text())["seats"]
    for name, recorder in rec.items():
        want = _replay_observation(second, name if name != WHITE else WHITE)
        assert sorted(set(recorder.seqs())) == want, name
    texts = [e["payload"]["text"] for e in read_replay(second).events if e["kind"] == "message.sent"]
    assert texts == ["before the crash", "after the crash"]


def test_play_resume_continues_a_killed_single_seat_session(tmp_path):
    """A console session killed mid-run (no footer) is resumed: the same cell, its orders kept, and the result verifies."""
    from ui.console import play_session, resume_session

    old = tmp_path / "solo.jsonl"
    session = play_session(SCENARIO, cell="intelligence", seed=5, record=old)
    session.advance(20.0)  # at a day a minute: 8 hours
    session.enter("investigate vostria")
    session.enter("msg white seeing odd traffic")
    session.advance(30.0)
    before = session.exercise.now
    session.abandon()  # the laptop died: what was written stays, without a footer
    assert not read_replay(old).complete

    resumed = resume_session(old, record=tmp_path / "solo-resumed.jsonl")
    assert resumed.paused and resumed.cell == "intelligence"
    assert [c.id for c in resumed.exercise.cells.values() if c.held] == ["intelligence"]
    assert resumed.exercise.now <= before
    resumed.enter("resume")
    resumed.enter("share_intelligence")
    resumed.advance(30.0)
    resumed.close()
    verdict = verify_replay(str(tmp_path / "solo-resumed.jsonl"))
    assert verdict.ok, verdict.message
    new = read_replay(tmp_path / "solo-resumed.jsonl")
    old_events = read_replay(old).events
    assert new.events[:len(old_events)] == old_events
    assert [c["text"] for c in new.commands][:2] == [c["text"] for c in read_replay(old).commands]


def test_play_resume_refuses_a_finished_replay_and_foreign_cells(tmp_path, capsys):
    """A replay with its footer has nothing to resume; holding another cell than the run did is refused; one line each."""
    from ui.cli import main
    from ui.console import play_session, resume_session

    done = tmp_path / "done.jsonl"
    session = play_session(SCENARIO, cell="intelligence", record=done)
    session.advance(5.0)
    session.close()
    assert main(["play", "--resume", str(done)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "nothing to resume" in err[0]

    cut = tmp_path / "cut.jsonl"
    session = play_session(SCENARIO, cell="intelligence", record=cut)
    session.advance(5.0)
    session.abandon()
    with pytest.raises(ValueError, match="keeps the cells"):
        resume_session(cut, cell="municipality", record=tmp_path / "x.jsonl")
    assert not (tmp_path / "x.jsonl").exists()
