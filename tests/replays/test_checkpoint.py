"""Checkpoints by fork: tasks run in forked processes, at most ``workers`` at a time, and branch from their state."""

from __future__ import annotations

import os
import time

import pytest

from replays.checkpoint import ForkPool, TaskFailed, available, branch, in_task

pytestmark = pytest.mark.skipif(not available(), reason="checkpoints by fork need Linux")


def counting(n: int, work: float = 0.0) -> dict:
    """Count to n; at each step branch a copy that stops counting there. Returns the count and the running spans."""
    spans, start, name, count = [], time.monotonic(), "ref", 0
    for i in range(n):
        if name == "ref":
            spans.append((start, time.monotonic()))
            copy = branch(("copy", n, i))
            start = time.monotonic()
            if copy:
                spans = []
                name = i
        if name == i:
            break
        count += 1
        time.sleep(work)
    spans.append((start, time.monotonic()))
    return {"name": name, "count": count, "pid": os.getpid(), "spans": spans}


def test_a_branch_carries_on_from_the_state_it_was_forked_in():
    """Each copy starts with the count its original had reached, in a process of its own."""
    pool = ForkPool(2)
    pool.submit(("task", 6), counting, 6)
    results = pool.run()
    assert set(results) == {("task", 6)} | {("copy", 6, i) for i in range(6)}
    assert results[("task", 6)]["count"] == 6
    for i in range(6):
        assert (results[("copy", 6, i)]["name"], results[("copy", 6, i)]["count"]) == (i, i)
    assert len({r["pid"] for r in results.values()}) == 7


def test_no_more_than_workers_processes_run_at_once():
    """Whatever the tasks and branches, at most ``workers`` of them are running at any moment."""
    pool = ForkPool(2)
    for n in (5, 6, 4):
        pool.submit(("task", n), counting, n, 0.01)
    results = pool.run()
    assert len(results) == 3 + 5 + 6 + 4
    edges = sorted((t, +1 if i == 0 else -1) for r in results.values() for span in r["spans"]
                   for i, t in enumerate(span))
    running = peak = 0
    for _, step in edges:
        running += step
        peak = max(peak, running)
    assert peak == 2


def test_when_memory_is_short_copies_run_before_their_original_makes_more(monkeypatch):
    """With too little memory for another copy, at most one copy waits at a time: the original waits instead."""
    import replays.checkpoint as checkpoint

    monkeypatch.setattr(checkpoint, "available_memory", lambda: 1)  # one byte free: never room for a copy
    waiting = []
    pool = ForkPool(1, pending_limit=10)  # with memory to spare, one slot lets the original run ahead (5 waiting)
    original = pool._pick

    def pick():
        waiting.append(sum(1 for p in pool._procs.values() if p.why == "branch" and p.state == "paused"))
        return original()

    monkeypatch.setattr(pool, "_pick", pick)
    pool.submit("task", counting, 6, 0.01)
    results = pool.run()
    assert len(results) == 7 and max(waiting) == 1


def test_results_are_reported_as_they_arrive():
    """on_result sees every result once, with its key."""
    seen = []
    pool = ForkPool(1)
    pool.submit("a", counting, 2)
    results = pool.run(lambda key, result: seen.append(key))
    assert sorted(map(str, seen)) == sorted(map(str, results)) and len(seen) == 3


def raising() -> None:
    raise ValueError("no such order")


def test_a_task_that_raises_stops_the_pool_with_its_key_and_message():
    """The error names the task and says what it raised; no process of the pool is left behind."""
    # Children from before (a multiprocessing forkserver or resource tracker an earlier test started) stay.
    before = set(_children())
    pool = ForkPool(2)
    pool.submit("slow", counting, 50, 0.05)
    pool.submit("bad", raising)
    with pytest.raises(TaskFailed, match="bad: ValueError: no such order"):
        pool.run()
    assert not set(_children()) - before


def branching_forever(log: str) -> None:
    """Branch again and again, writing every process's pid to ``log``."""
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    os.write(fd, f"{os.getpid()}\n".encode())
    for i in range(10_000):
        if branch(("copy", i)):
            os.write(fd, f"{os.getpid()}\n".encode())
            time.sleep(10)
            return


def test_no_process_outlives_a_failed_pool(tmp_path):
    """After a failure every process the pool made exits, also copies forked before the pool heard of them."""
    log = tmp_path / "pids"
    pool = ForkPool(2, pending_limit=50)
    pool.submit("brancher", branching_forever, str(log))
    pool.submit("bad", raising)
    with pytest.raises(TaskFailed):
        pool.run()
    pids = [int(line) for line in log.read_text().split()]
    assert pids
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    assert not [pid for pid in pids if _running(pid)]


def dying() -> int:
    if branch("copy"):
        os._exit(3)  # dies without a word, as if killed
    return 1


def test_a_process_that_dies_without_a_result_is_noticed():
    """A copy that exits without reporting makes the pool fail instead of waiting for ever."""
    pool = ForkPool(1)
    pool.submit("task", dying)
    with pytest.raises(TaskFailed, match="copy: its process died without a result"):
        pool.run()


def big() -> list[float]:
    return [i / 7 for i in range(20_000)]


def test_a_large_result_arrives_whole():
    """A result larger than a datagram comes through the spool file, float for float."""
    pool = ForkPool(1)
    pool.submit("big", big)
    assert pool.run()["big"] == big()


def test_branch_only_inside_a_task():
    """Outside a pool task there is no pool to report to: branch refuses."""
    assert not in_task()
    with pytest.raises(RuntimeError, match="only for tasks"):
        branch("x")


def test_keys_are_unique():
    """Submitting the same key twice is refused before anything runs."""
    pool = ForkPool(1)
    pool.submit(("a", 1), counting, 1)
    with pytest.raises(ValueError, match="twice"):
        pool.submit(("a", 1), counting, 1)


def _running(pid: int) -> bool:
    """Whether a process exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def _children() -> list[int]:
    """Live (not zombie) child processes of this test process."""
    pids = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as f:
                fields = f.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and fields[0] != b"Z":
            pids.append(int(entry))
    return pids
