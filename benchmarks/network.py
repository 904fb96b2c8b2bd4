"""Load on the networked host: 30 consoles on loopback, a 60-day scenario at top speed.

The host runs in a process of its own (so its CPU time is its own), as fast as it can compute while
serving (``rate`` far above any console speed; each 50 ms step simulates for at most 30 ms). The 30
seats — four cells, White and 25 observers spread over the truth and the cells' views — connect from
this process, and four of them write messages during the run. Reported:

* **lost**: for each seat, the events it should have had (the final replay's events its view may see,
  which is what :meth:`Exercise.observe` gives) that it did not receive; must be 0;
* **latency** from the host logging an event to a console receiving it (the host stamps each event
  frame with its wall-clock time; same machine, same clock): median, p99 and max over every delivery;
* **host CPU per client**: the host's CPU seconds for the run with 30 seats, minus a run with none,
  divided by 30, and the same per simulated day.

Run: ``python benchmarks/network.py [--clients 30] [--scenario municipal-elections]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def host_process(scenario: str, record: str, rate: float, wait_for: int) -> None:
    """The host side: serve until the exercise ends, then print the CPU it used as JSON."""
    from ui.net.launch import new_host

    async def serve() -> dict:
        hosting = new_host(scenario, seed=7, record=record, observers=30, evaluators=0, paused=True, rate=rate,
                           pause_on_critical=False)
        host = hosting.host
        port = await host.start("127.0.0.1", 0)
        print(json.dumps({"port": port, "seats": {n: s.token for n, s in host.seats.seats.items()}}), flush=True)
        while len(host.connections) < wait_for:
            await asyncio.sleep(0.01)
        start_cpu, start_wall = resource.getrusage(resource.RUSAGE_SELF), time.perf_counter()
        host.session.paused = False
        ended = asyncio.Event()
        host.on_end = lambda _h: ended.set()
        await ended.wait()
        wall = time.perf_counter() - start_wall
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        await host.stop(flush=10.0)
        return {"cpu": (cpu.ru_utime - start_cpu.ru_utime) + (cpu.ru_stime - start_cpu.ru_stime), "wall": wall,
                "days": host.exercise.now / 24.0, "events": len(host.exercise.log)}

    print(json.dumps(asyncio.run(serve())), flush=True)


def start_host(scenario: str, record: str, rate: float, clients: int) -> tuple[subprocess.Popen, dict]:
    proc = subprocess.Popen([sys.executable, __file__, "--host-only", "--scenario", scenario, "--record", record,
                             "--rate", str(rate), "--clients", str(clients)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    assert proc.stdout is not None
    return proc, json.loads(proc.stdout.readline())


def seat_plan(seats: dict[str, str], clients: int, cells: list[str]) -> list[tuple[str, str]]:
    """(seat, view) for each console: the cells, White, then observers over the truth and each cell's view."""
    plan = [(c, "") for c in cells] + [("white", "")]
    views = ["white", *cells]
    observers = [n for n in seats if n.startswith("observer")]
    for i, name in enumerate(observers[: max(0, clients - len(plan))]):
        plan.append((name, views[i % len(views)]))
    return plan[:clients]


async def run_clients(url: str, seats: dict[str, str], plan: list[tuple[str, str]], cells: list[str]) -> dict:
    from ui.net.client import SeatLink

    received: dict[str, list[int]] = {}
    latencies: list[float] = []
    links = []
    done = asyncio.Event()
    ended = set()

    for name, view in plan:
        seqs: list[int] = []
        received[f"{name}:{view}"] = seqs

        def on_message(message, seqs=seqs, key=f"{name}:{view}"):
            now = time.time()
            if message["type"] == "event":
                seqs.append(message["record"]["seq"])
                latencies.append(now - message["logged"])
            elif message["type"] == "events":
                seqs.extend(r["seq"] for r in message["records"])
            elif message["type"] == "end":
                ended.add(key)
                if len(ended) == len(plan):
                    done.set()

        links.append(SeatLink(url, seats[name], on_message, view=view))
    tasks = [asyncio.create_task(link.run()) for link in links]
    for link in links:
        await link.wait_welcomed(30)
    by_name = {name: link for (name, _), link in zip(plan, links)}
    sent = 0
    while not done.is_set():  # the cells talk while the exercise runs
        for i, cell in enumerate(cells):
            await by_name[cell].send_line(f"msg {cells[(i + 1) % len(cells)]} update {sent}")
            sent += 1
        try:
            await asyncio.wait_for(done.wait(), 0.5)
        except asyncio.TimeoutError:
            pass
    for link in links:
        await link.close()
    for task in tasks:
        task.cancel()
    return {"received": received, "latencies": latencies, "sent": sent}


def expected(record: str, plan: list[tuple[str, str]]) -> dict[str, list[int]]:
    """Each console's events from the final replay: those its view may see (Exercise.observe's rule)."""
    from replays.format import read_replay
    from sim.events import Event

    events = [Event.from_record(r) for r in read_replay(record).events]
    out = {}
    for name, view in plan:
        eye = view or (name if name not in ("white",) else "white")
        out[f"{name}:{view}"] = [e.seq for e in events if e.visible_for(eye)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=30)
    parser.add_argument("--scenario", default="municipal-elections")
    parser.add_argument("--rate", type=float, default=1e6, help="simulated hours per second (default: top speed)")
    parser.add_argument("--host-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--record", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.host_only:
        host_process(args.scenario, args.record, args.rate, args.clients)
        return
    from scenarios import resolve_scenario
    from sim.scenario import load_scenario
    from replays.verify import verify_replay

    cells = load_scenario(resolve_scenario(args.scenario)).scenario.government_cells()
    folder = Path(tempfile.mkdtemp(prefix="weerbaar-net-"))
    # The baseline: the same run with nobody connected.
    proc, hello = start_host(args.scenario, str(folder / "alone.jsonl"), args.rate, 0)
    alone = json.loads(proc.stdout.readline())
    proc.wait()
    record = str(folder / "loaded.jsonl")
    proc, hello = start_host(args.scenario, record, args.rate, args.clients)
    plan = seat_plan(hello["seats"], args.clients, cells)
    result = asyncio.run(run_clients(f"ws://127.0.0.1:{hello['port']}", hello["seats"], plan, cells))
    loaded = json.loads(proc.stdout.readline())
    proc.wait()
    want = expected(record, plan)
    lost = sum(len(set(want[k]) - set(result["received"][k])) for k in want)
    twice = sum(len(v) - len(set(v)) for v in result["received"].values())
    extra = sum(len(set(result["received"][k]) - set(want[k])) for k in want)
    lat = sorted(result["latencies"])
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    per_client = (loaded["cpu"] - alone["cpu"]) / max(1, len(plan))
    verdict = verify_replay(record)
    print(f"scenario {args.scenario}: {loaded['days']:.0f} days, {loaded['events']} events, "
          f"{result['sent']} messages written by the cells; {len(plan)} consoles")
    print(f"host wall {loaded['wall']:.1f} s with consoles, {alone['wall']:.1f} s alone; replay: {verdict.message[:60]}")
    print(f"deliveries {len(lat)}; lost {lost}, delivered twice {twice}, delivered without leave {extra}")
    print(f"latency host log -> console: median {statistics.median(lat) * 1000:.1f} ms, p99 {p(0.99):.1f} ms, "
          f"max {lat[-1] * 1000:.1f} ms")
    print(f"host CPU: {loaded['cpu']:.2f} s with consoles, {alone['cpu']:.2f} s alone: "
          f"{per_client * 1000:.1f} ms per console for the run ({per_client / loaded['days'] * 1000:.2f} ms per "
          f"console per simulated day)")


if __name__ == "__main__":
    os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
    main()
