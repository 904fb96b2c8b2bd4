"""Seats and tokens, the seat file, the rate limit and the role table, without a network."""

from __future__ import annotations

import json
import stat

import pytest

from ui.net import roles
from ui.net.ratelimit import TokenBucket
from ui.net.seats import SeatBook, SeatFileError, seat_file_for


def test_tokens_are_random_and_authenticate_only_their_seat():
    """Every seat has its own token; a token finds its seat, anything else (a prefix, another book's) none."""
    book = SeatBook.create(["a", "b"], observers=2, evaluators=1)
    tokens = [s.token for s in book.seats.values()]
    assert len(set(tokens)) == len(tokens) == 6 and all(len(t) >= 20 for t in tokens)
    assert list(book.seats) == ["a", "b", "white", "observer", "observer-2", "evaluator"]
    for seat in book.seats.values():
        assert book.authenticate(seat.token) is seat
    assert book.authenticate(tokens[0][:-1]) is None
    assert book.authenticate(SeatBook.create(["a"]).seats["a"].token) is None


def test_the_seat_file_round_trips_privately_and_refuses_damage(tmp_path):
    """The seat file is readable by its owner only, reads back the same seats, and a damaged one is one line."""
    book = SeatBook.create(["a"])
    path = book.save(seat_file_for(tmp_path / "run.jsonl"), "mini", tmp_path / "run.jsonl")
    assert path.name == "run.seats.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again, scenario = SeatBook.load(path)
    assert scenario == "mini" and again.seats == book.seats
    data = json.loads(path.read_text())
    data["seats"][0]["role"] = "admiral"
    path.write_text(json.dumps(data))
    with pytest.raises(SeatFileError, match=r"run.seats.json: seats.0.role"):
        SeatBook.load(path)
    with pytest.raises(SeatFileError, match="No such file"):
        SeatBook.load(tmp_path / "missing.json")


def test_the_bucket_allows_a_burst_then_refills_with_time():
    """A burst passes, the next message is refused, time refills it; a flood in a row exhausts the connection."""
    now = [0.0]
    bucket = TokenBucket(rate=2.0, burst=3, strikes=4, clock=lambda: now[0])
    assert [bucket.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 0.5
    assert bucket.allow() and not bucket.allow()
    assert not bucket.exhausted
    for _ in range(3):
        bucket.allow()
    assert bucket.exhausted and bucket.refused == 5


@pytest.mark.parametrize("role, line, allowed", [
    ("cell", "investigate vostria", True), ("cell", "msg white hello", True), ("cell", "status", True),
    ("cell", "fire 3", False), ("cell", "pause", False), ("cell", "speed 6", False), ("cell", "cell white", False),
    ("cell", "note went well", False), ("cell", "quit", False),
    ("white", "pause", True), ("white", "fire 3", True), ("white", "quit", True), ("white", "cell intelligence", False),
    ("observer", "status", True), ("observer", "help", True), ("observer", "investigate vostria", False),
    ("observer", "msg all hi", False), ("evaluator", "note the count went well", True),
    ("evaluator", "investigate vostria", False), ("evaluator", "resume", False),
])
def test_each_role_may_type_only_its_own(role, line, allowed):
    """The role table: a cell never gives White's commands, observers only ask, evaluators only write notes."""
    assert (roles.refusal(role, line) is None) == allowed
