"""Checkpoints by fork: re-simulations in forked processes, at most ``workers`` at a time, that can branch.

An exercise is deterministic: its state at time ``t`` is whatever re-simulating it
to ``t`` gives. So on Linux a process that has simulated to ``t`` *is* a checkpoint
at ``t``, and ``os.fork()`` copies it (copy-on-write, in milliseconds) without
having to serialise mesa agents, simpy generators or numpy generators — none of
which pickle, and a hand-made snapshot of them would be a second model of the state
to keep in step with the engine. That is why forking, not a saved state.

:class:`ForkPool` runs *tasks*: a task is a function called in a child forked from
the pool's process, so it inherits everything already built there (the parsed
scenario: it is parsed once). A task may call :func:`branch` at a checkpoint: the
process forks, the copy carries on under another key from exactly that state, and
the task's return value is the result of whichever key the process ends under. So
leave-one-out runs are: simulate the reference, and at each left-out command's time
branch a copy that continues without it (:mod:`replays.explain`).

**Scheduling.** The pool's process is the only scheduler. A process never runs
until told: it reports ``paused`` over one datagram socket and waits for ``SIGUSR1``
(blocked and taken with ``sigwait``, so a signal sent early is kept, never lost).
At most ``workers`` run at a time. When a slot frees the pool resumes, in order:
a process that branched and is waiting to carry on, unless ``pending_limit``
branches are already waiting or the memory available is under twice that
process's resident size (each waiting branch comes to hold its own copy of the
state as the original moves on, so this bounds memory, which matters at millions
of citizens); else the oldest waiting branch (the earliest checkpoint has the most
left to simulate: longest first evens out the end); else a new task. Copies forked
but not yet heard from count as waiting.

**Failure.** A task that raises sends its error; the pool then kills every process
it still knows (by pid, SIGKILL) and raises :class:`TaskFailed`. A process that dies
without a word (killed, out of memory) is noticed by polling ``/proc/<pid>/stat``
every :data:`POLL_SECONDS` while waiting. Children ignore SIGINT: Ctrl-C reaches
the pool, which kills them. A copy forked an instant before the pool gave up is not
known to it yet; so every process holds the read end of a *lifeline* pipe whose only
write end is the pool's, and a paused process that finds it closed (the pool has
finished or died) exits instead of waiting for ever.

Results travel as JSON (floats round-trip exactly); one that does not fit a
datagram (:data:`INLINE_BYTES`) goes through a file in a private spool folder.
Fork is safe with the OpenBLAS numpy ships (it stops its threads around a fork).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import socket
import sys
import tempfile
import traceback
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any

GO = signal.SIGUSR1
"""The signal that tells a paused process to carry on."""

INLINE_BYTES = 32_000
"""Largest message sent in the datagram itself; a bigger result goes through a spool file."""

POLL_SECONDS = 0.2
"""How often, while nothing arrives, the pool checks that the processes it waits for are alive."""


def available() -> bool:
    """Whether checkpoints by fork work here (Linux: ``os.fork``, ``sigwait`` and ``/proc``)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and hasattr(signal, "sigwait")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class TaskFailed(RuntimeError):
    """A task raised (or its process died); ``key`` names it and the message says how."""

    def __init__(self, key: Any, message: str) -> None:
        super().__init__(f"{_show(key)}: {message}")
        self.key = key


# -- inside a forked process --------------------------------------------------------------------


@dataclass
class _Here:
    """What a forked process knows about itself: the key it runs under and where to report."""

    sock: socket.socket
    spool: str
    lifeline: int
    key: Any
    pid: int = field(default_factory=os.getpid)

    def send(self, message: dict[str, Any]) -> None:
        data = json.dumps({"pid": self.pid, "key": self.key, **message}, allow_nan=True).encode("utf-8")
        if len(data) > INLINE_BYTES:  # too big for one datagram: the pool reads it from a file
            fd, path = tempfile.mkstemp(dir=self.spool, suffix=".json")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            data = json.dumps({"pid": self.pid, "key": self.key, "file": path}).encode("utf-8")
        self.sock.send(data)

    def pause(self, why: str, **extra: Any) -> None:
        """Report that this process waits, and wait until the pool says go (exit if the pool is gone)."""
        self.send({"event": "paused", "why": why, **extra})
        while signal.sigtimedwait({GO}, POLL_SECONDS) is None:
            if select.select([self.lifeline], [], [], 0)[0]:  # end of file: the pool closed its end
                os._exit(1)


_here: _Here | None = None


def branch(key: Hashable) -> bool:
    """Fork this task at the current state: True in the copy, which from now on runs as ``key``; False here.

    Both processes wait for the pool before they go on. Only a task run by
    :class:`ForkPool` can branch; keys are ints, strings or tuples of them, unique in the pool.

    Raises:
        RuntimeError: not called inside a pool task.
    """
    here = _here
    if here is None:
        raise RuntimeError("branch() is only for tasks run by a ForkPool")
    pid = os.fork()
    if pid == 0:
        here.pid, here.key = os.getpid(), _plain(key)
        here.pause("branch")
        return True
    here.pause("yield", child=pid, child_key=_plain(key))
    return False


def in_task() -> bool:
    """Whether this code runs inside a pool task (so :func:`branch` may be called)."""
    return _here is not None


# -- the pool ------------------------------------------------------------------------------------------


@dataclass
class _Proc:
    """A process the pool knows: its key, what it is doing, and when it started waiting."""

    key: Any
    state: str  # "starting" (forked, not yet reported), "paused" or "running"
    why: str = ""  # why it is paused: "branch" (a new copy) or "yield" (the original after branching)
    since: int = 0
    child: bool = False  # forked by the pool itself (so the pool reaps it)


class ForkPool:
    """Run tasks in forked processes, at most ``workers`` at a time; tasks may :func:`branch`.

    Attributes:
        workers: processes that run at once.
        pending_limit: most branches left waiting before their originals are held back.
    """

    def __init__(self, workers: int, pending_limit: int | None = None) -> None:
        if not available():
            raise RuntimeError("checkpoints by fork need Linux")
        if workers < 1:
            raise ValueError("workers must be at least 1")
        self.workers = workers
        self.pending_limit = max(1, pending_limit if pending_limit is not None else 2 * workers)
        self._queue: list[tuple[Any, Callable[..., Any], tuple[Any, ...]]] = []
        self._procs: dict[int, _Proc] = {}
        self._results: dict[Any, Any] = {}
        self._finished: set[int] = set()
        self._tick = 0

    def submit(self, key: Hashable, fn: Callable[..., Any], *args: Any) -> None:
        """Queue ``fn(*args)`` to run in a forked process as ``key``; its return value must be JSON-able."""
        key = _key(_plain(key))
        if key in self._results or any(k == key for k, _, _ in self._queue):
            raise ValueError(f"key {_show(key)} submitted twice")
        self._queue.append((key, fn, args))

    def run(self, on_result: Callable[[Any, Any], None] | None = None) -> dict[Any, Any]:
        """Run everything submitted (and every branch it makes); returns the results by key.

        ``on_result(key, result)`` is called in this process as each result arrives.

        Raises:
            TaskFailed: a task or branch raised or died; every other process has been killed.
        """
        recv, send = socket.socketpair(socket.AF_UNIX, socket.SOCK_DGRAM)
        spool = tempfile.mkdtemp(prefix="weerbaar-fork-")
        self._lifeline = os.pipe()
        try:
            self._loop(recv, send, spool, on_result)
        except BaseException:
            self._kill_all()
            raise
        finally:
            for fd in self._lifeline:
                os.close(fd)
            recv.close()
            send.close()
            shutil.rmtree(spool, ignore_errors=True)
            self._reap()
        return self._results

    # -- the loop ---------------------------------------------------------------------------------

    def _loop(self, recv: socket.socket, send: socket.socket, spool: str,
              on_result: Callable[[Any, Any], None] | None) -> None:
        while True:
            self._schedule(recv, send, spool)
            if not self._queue and not self._procs:
                return
            recv.settimeout(POLL_SECONDS)
            try:
                data = recv.recv(INLINE_BYTES + 1024)
            except socket.timeout:
                self._check_alive(recv, on_result)
                continue
            self._handle(data, on_result)
            self._drain(recv, on_result)

    def _drain(self, recv: socket.socket, on_result: Callable[[Any, Any], None] | None) -> None:
        recv.setblocking(False)
        try:
            while True:
                try:
                    data = recv.recv(INLINE_BYTES + 1024)
                except BlockingIOError:
                    return
                self._handle(data, on_result)
        finally:
            recv.setblocking(True)

    def _handle(self, data: bytes, on_result: Callable[[Any, Any], None] | None) -> None:
        message = json.loads(data)
        if "file" in message:
            path = message["file"]
            with open(path, "rb") as f:
                message = json.loads(f.read())
            os.unlink(path)
        pid, key, event = int(message["pid"]), _key(message["key"]), message["event"]
        self._tick += 1
        if event == "paused":
            proc = self._procs.setdefault(pid, _Proc(key, "paused"))
            proc.state, proc.why, proc.since = "paused", message["why"], self._tick
            child = int(message.get("child", 0))
            # Known before it reports, so its silence would be noticed. Messages from two processes can arrive
            # in either order: the copy may have reported, run and finished before this word from its original.
            if child and child not in self._finished:
                self._procs.setdefault(child, _Proc(_key(message["child_key"]), "starting", since=self._tick))
        elif event == "done":
            self._finish(pid)
            self._results[key] = message["result"]
            if on_result is not None:
                on_result(key, message["result"])
        elif event == "error":
            self._finish(pid)
            raise TaskFailed(key, message["message"])
        else:  # pragma: no cover - only this module sends messages
            raise RuntimeError(f"unknown message {event!r} from pid {pid}")

    def _finish(self, pid: int) -> None:
        self._finished.add(pid)
        proc = self._procs.pop(pid, None)
        if proc is not None and proc.child:
            os.waitpid(pid, 0)  # it exits right after its last message

    def _schedule(self, recv: socket.socket, send: socket.socket, spool: str) -> None:
        while sum(p.state == "running" for p in self._procs.values()) < self.workers:
            chosen = self._pick()
            if chosen is None:
                if not self._queue:
                    return
                key, fn, args = self._queue.pop(0)
                pid = _fork_task(key, fn, args, recv, send, spool, self._lifeline)
                self._procs[pid] = _Proc(key, "running", child=True)
                continue
            self._procs[chosen].state = "running"
            try:
                os.kill(chosen, GO)
            except ProcessLookupError:
                raise TaskFailed(self._procs[chosen].key, "its process is gone") from None

    def _pick(self) -> int | None:
        """The paused process to resume next (see the module docstring), or None to start a new task."""
        paused = [(p.since, pid, p) for pid, p in self._procs.items() if p.state == "paused"]
        waiting = sum(1 for p in self._procs.values()
                      if p.state == "starting" or (p.why == "branch" and p.state == "paused"))
        yields = sorted(x for x in paused if x[2].why == "yield")
        branches = sorted(x for x in paused if x[2].why == "branch")
        if yields and waiting < self.pending_limit and (not waiting or _room_for_copy(yields[0][1])):
            return yields[0][1]
        if branches:
            return branches[0][1]
        if self._queue or waiting:
            return None  # start a new task; or wait for the copies still starting to report, then run them
        return yields[0][1] if yields else None

    def _check_alive(self, recv: socket.socket, on_result: Callable[[Any, Any], None] | None) -> None:
        dead = [pid for pid in self._procs if not _alive(pid)]
        if not dead:
            return
        self._drain(recv, on_result)  # its last words were sent before it exited
        for pid in dead:
            if pid in self._procs:
                raise TaskFailed(self._procs[pid].key, "its process died without a result")

    def _kill_all(self) -> None:
        for pid in list(self._procs):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    def _reap(self) -> None:
        for pid, proc in list(self._procs.items()):
            if proc.child:
                try:
                    os.waitpid(pid, 0)
                except ChildProcessError:
                    pass
        self._procs.clear()


def _fork_task(key: Any, fn: Callable[..., Any], args: tuple[Any, ...], recv: socket.socket, send: socket.socket,
               spool: str, lifeline: tuple[int, int]) -> int:
    """Fork a process that runs ``fn(*args)`` as ``key``, reports its result and exits."""
    global _here
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the pool, which kills its processes
        signal.pthread_sigmask(signal.SIG_BLOCK, {GO})
        recv.close()
        os.close(lifeline[1])  # only the pool holds the write end: its closing is the signal to give up
        _here = _Here(send, spool, lifeline[0], _plain(key))
        try:
            result = fn(*args)
        except BaseException as exc:  # noqa: BLE001 - reported to the pool, which raises it there
            _here.send({"event": "error", "message": traceback.format_exception_only(type(exc), exc)[-1].strip()})
        else:
            _here.send({"event": "done", "result": result})
            code = 0
    finally:
        os._exit(code)  # never return into the pool's code, never run its atexit handlers or flush its buffers
    return pid  # pragma: no cover - unreachable


def available_memory() -> int:
    """Bytes of memory the kernel says are available without swapping (``MemAvailable``); 0 if unknown."""
    try:
        with open("/proc/meminfo", "rb") as f:
            for line in f:
                if line.startswith(b"MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def resident(pid: int) -> int:
    """Bytes of a process's memory that are resident (0 if it is gone)."""
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, IndexError, ValueError):
        return 0


def _room_for_copy(pid: int) -> bool:
    """Whether memory allows ``pid`` to carry on and so, in time, leave another copy of its state waiting."""
    free = available_memory()
    return free == 0 or free > 2 * resident(pid)  # unknown: do not hold back


def _alive(pid: int) -> bool:
    """Whether a process exists and has not exited (a zombie has)."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            state = f.read().rsplit(b")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in (b"Z", b"X", b"x")


def _plain(key: Any) -> Any:
    """A key as JSON carries it (tuples become lists)."""
    return list(map(_plain, key)) if isinstance(key, (tuple, list)) else key


def _key(value: Any) -> Any:
    """A key back from JSON (lists become tuples, so keys hash)."""
    return tuple(map(_key, value)) if isinstance(value, list) else value


def _show(key: Any) -> str:
    return " ".join(map(str, key)) if isinstance(key, (tuple, list)) else str(key)
