"""A hosted session on loopback: four cells, White, an observer and an evaluator at their own consoles.

One scripted session (module fixture) is run to its end: the cells write messages, a cell's laptop
drops and rejoins, another console is killed and a new one joins, White pauses and resumes. The tests
then check what each seat received against :meth:`Exercise.observe` for that seat, that the pause
stopped every console's clock, that messages reached only their addressees, and that the host's
replay verifies.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from replays.format import read_replay
from replays.runner import TimedCommand, run_headless
from replays.verify import verify_replay
from sim.events import WHITE
from ui.net.client import SeatLink
from ui.net.launch import new_host

from conftest import CELLS, RATE, SCENARIO, Recorder, wait_for

DAYS = 3


async def _session(tmp: Path) -> dict:
    hosting = new_host(SCENARIO, seed=11, record=tmp / "host.jsonl", observers=2, evaluators=1, paused=True,
                       rate=RATE, days=DAYS)
    host = hosting.host
    port = await host.start("127.0.0.1", 0)
    url = f"ws://127.0.0.1:{port}"
    seats = host.seats.seats
    rec = {name: Recorder() for name in seats}
    links = {name: SeatLink(url, seat.token, rec[name], retry=(0.05, 0.1), view=CELL_VIEWS.get(name, ""))
             for name, seat in seats.items()}
    tasks = [asyncio.create_task(link.run()) for link in links.values()]
    for link in links.values():
        await link.wait_welcomed()
    white, ex = links[WHITE], host.exercise

    await white.send_line("resume")
    await wait_for(lambda: ex.now >= 12, what="the clock to reach 12 h")
    await links["intelligence"].send_line("msg municipality the same accounts push the rigged-count story")
    await links["foreign-affairs"].send_line("msg all embassy contact tomorrow")
    await links["municipality"].send_line("msg white we need guidance on the count")
    await white.send_line("msg intelligence please brief the crisis cell")

    # A dropped laptop: the link reconnects by itself, from its last sequence number.
    await wait_for(lambda: ex.now >= 24, what="day 2")
    await links["municipality"].drop()
    # A killed console: gone for good; a fresh one (no memory, since=0) takes the seat later.
    killed_seq = links["foreign-affairs"].last_seq
    await links["foreign-affairs"].close()

    await wait_for(lambda: ex.now >= 36, what="36 h")
    await white.send_line("pause")
    await wait_for(lambda: all(r.last_state().get("paused") for n, r in rec.items() if n != "foreign-affairs"),
                   what="every console to show the pause")
    paused_t = {n: r.last_state()["t"] for n, r in rec.items() if n != "foreign-affairs"}
    steps = host.steps
    await wait_for(lambda: host.steps >= steps + 10, what="ten host steps")
    for name, link in links.items():
        if name != "foreign-affairs":
            await link.send({"type": "ping", "id": 7})
    await wait_for(lambda: all(r.of("pong") for n, r in rec.items() if n != "foreign-affairs"), what="pongs")
    after_t = {n: r.last_state()["t"] for n, r in rec.items() if n != "foreign-affairs"}
    pong_t = {n: r.of("pong")[-1]["t"] for n, r in rec.items() if n != "foreign-affairs"}
    host_t = ex.now

    fresh = Recorder()
    fresh_link = SeatLink(url, seats["foreign-affairs"].token, fresh, retry=(0.05,))
    tasks.append(asyncio.create_task(fresh_link.run()))
    await fresh_link.wait_welcomed()
    await white.send_line("resume")
    await wait_for(lambda: host.ended, timeout=30, what="the end of the exercise")
    await wait_for(lambda: all(r.of("end") for n, r in rec.items() if n != "foreign-affairs") and fresh.of("end"),
                   what="every console to hear the end")
    await host.stop()
    for link in [*links.values(), fresh_link]:
        await link.close()
    for task in tasks:
        task.cancel()
    observed = {name: [e["seq"] for e in ex.observe(_view(name, seats[name].role)).events] for name in seats}
    return {"rec": rec, "fresh": fresh, "observed": observed, "paused_t": paused_t, "after_t": after_t,
            "pong_t": pong_t, "host_t": host_t, "killed_seq": killed_seq, "record": hosting.record,
            "joins": {n: link.joins for n, link in links.items()}, "exercise": ex}


CELL_VIEWS = {"observer-2": "intelligence"}
"""Observers who watch one cell's picture (``weerbaar join ... --view intelligence``); the other watches the truth."""


def _view(name: str, role: str) -> str:
    return name if role == "cell" else CELL_VIEWS.get(name, WHITE)


@pytest.fixture(scope="module")
def played(tmp_path_factory) -> dict:
    """The scripted session, run once for the module."""
    return asyncio.run(_session(tmp_path_factory.mktemp("loopback")))


def test_each_seat_receives_exactly_what_observe_gives_it(played):
    """Every console (cells, White, observer, evaluator) received exactly its seat's events, in order, each once."""
    for name, rec in played["rec"].items():
        if name == "foreign-affairs":
            continue
        assert rec.seqs() == played["observed"][name], name
    cells = [played["observed"][c] for c in CELLS]
    assert all(len(c) < len(played["observed"][WHITE]) for c in cells), "the fog hides something from every cell"


def test_killed_and_dropped_consoles_catch_up(played):
    """The dropped laptop rejoined once and got what it missed; the console that joined after a kill got the whole
    picture from the start, nothing twice."""
    assert played["joins"]["municipality"] == 2
    fresh = played["fresh"].seqs()
    assert fresh == played["observed"]["foreign-affairs"]
    assert played["killed_seq"] < fresh[-1]


def test_whites_pause_stops_every_clock(played):
    """While White had paused, no console's clock moved and the host's clock stood still."""
    assert played["paused_t"] == played["after_t"]
    assert set(played["pong_t"].values()) == {played["host_t"]}
    for name, rec in played["rec"].items():
        if name != "foreign-affairs":
            assert any(n.get("paused") and "PAUSED" in n["text"] for n in rec.of("notice")), name


def test_a_message_reaches_only_its_addressees(played):
    """Each message event went to its sender, its recipients and White, and to no other cell."""
    ex = played["exercise"]
    sent = [e for e in ex.log if e.kind == "message.sent"]
    assert len(sent) == 4
    received = {name: set(rec.seqs()) for name, rec in played["rec"].items()}
    received["foreign-affairs"] = set(played["fresh"].seqs())
    for event in sent:
        allowed = {event.payload["from"], *event.payload["to"]}
        for cell in CELLS:
            assert (event.seq in received[cell]) == (cell in allowed), (event.payload, cell)
        assert event.seq in received[WHITE]
    to_white = next(e for e in sent if e.payload["from"] == "municipality")
    assert list(to_white.payload["to"]) == ["white"]
    everyone = next(e for e in sent if e.target == "all")
    assert sorted(everyone.payload["to"]) == sorted(c for c in CELLS if c != "foreign-affairs")


def test_the_hosts_replay_verifies_and_holds_the_messages(played):
    """The host's replay re-simulates identically; the messages are commands and events in it."""
    verdict = verify_replay(str(played["record"]))
    assert verdict.ok, verdict.message
    replay = read_replay(played["record"])
    assert sum(1 for c in replay.commands if c["text"].startswith("msg ")) == 4
    assert sum(1 for e in replay.events if e["kind"] == "message.sent") == 4


def test_messages_do_not_change_the_outcome(played, tmp_path):
    """The same run without its messages has exactly the same indicator samples."""
    replay = read_replay(played["record"])
    others = [TimedCommand(float(c["t"]), c["cell"], c["text"]) for c in replay.commands
              if not c["text"].startswith("msg ")]
    result = run_headless(SCENARIO, seed=11, commands=others, out=tmp_path / "quiet.jsonl", days=replay.until / 24)
    quiet = read_replay(result.replay)
    assert [json.dumps(s, sort_keys=True) for s in quiet.samples] == \
        [json.dumps(s, sort_keys=True) for s in replay.samples]


def test_an_observer_of_one_cell_sees_that_cell_s_picture_and_not_the_truth(played):
    """An observer seat joined with a cell's view receives that cell's events only (as the cell's own seat does),
    and none of the true indicators that White and the truth observer get."""
    rec = played["rec"]
    assert rec["observer-2"].seqs() == played["observed"]["intelligence"] == rec["intelligence"].seqs()
    assert not rec["observer-2"].of("sample") and rec["observer"].of("sample")
