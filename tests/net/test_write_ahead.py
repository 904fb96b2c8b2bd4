"""Write-ahead at the host, and a resume that goes on after what the seats saw.

A seat must never be shown an event the replay could still lose: if it were, a host killed just after would
resume short of it, and the next order typed would land before an event that seat had already seen (a
history that is not the one it was shown). So the host flushes the replay before its senders run, and a
resumed run goes on just after the old file's last instant rather than before that instant's events.
"""

from __future__ import annotations

import json

from replays.format import read_replay
from replays.verify import verify_replay
from ui.console.resume import resume_exercise
from ui.net.launch import new_host

from conftest import SCENARIO


def _event_lines(path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if '"type":"event"' in line)


def test_every_event_logged_by_a_step_is_in_the_replay_file_before_the_seats_are_sent_it(tmp_path):
    hosting = new_host(SCENARIO, seed=3, record=tmp_path / "h.jsonl", paused=False, rate=100.0, days=3)
    host, ex = hosting.host, hosting.host.exercise
    for _ in range(40):
        host.step(0.05)
        assert _event_lines(tmp_path / "h.jsonl") == len(ex.log), f"at t={ex.now}"
    host.session.abandon()


def test_a_run_killed_after_an_instant_s_events_resumes_after_them_and_verifies(tmp_path):
    """Cut a finished replay just after a sample (its instant's batch had run, as a killed host's file does):
    the resumed exercise has re-run that batch, stands just after it, and an order given then verifies."""
    hosting = new_host(SCENARIO, seed=3, record=tmp_path / "full.jsonl", paused=False, rate=4000.0, days=2)
    host = hosting.host
    while not host.session.done:
        host.step(0.05)
    host.session.close()
    lines = (tmp_path / "full.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    cut = next(i for i, r in enumerate(records) if r.get("type") == "sample" and r["t"] >= 30)
    killed = tmp_path / "killed.jsonl"
    killed.write_text("\n".join(lines[:cut + 1]) + "\n", encoding="utf-8")
    t = records[cut]["t"]
    events_then = [r for r in records[:cut + 1] if r.get("type") == "event"]
    resumed = resume_exercise(killed, tmp_path / "resumed.jsonl")
    ex = resumed.exercise
    assert t < ex.now < t + 1e-9 and len(ex.log) >= len(events_then)
    ex.submit("white", "msg all text=\"after the crash\"")
    ex.run_through(t + 6)  # a run that stops there, as a closing session does
    resumed.writer.close(ex.now)
    assert verify_replay(str(tmp_path / "resumed.jsonl")).ok
    assert read_replay(tmp_path / "resumed.jsonl").header["parent"]["replay"] == str(killed)
