"""Console benchmark: frames per second and the longest frame of the pygame console at its fastest speed.

Run from the repository root (no screen needed; SDL's dummy video driver is used)::

    python benchmarks/console.py [--seconds S] [--sizes 1280x720,1920x1080] [--json]

For each window size, the default scenario is played with its bundled command
file (``weerbaar play --demo``: White cell, fastest clock speed, a week per
minute) through the real frame loop, :meth:`ui.console.app.App.step`, with no
sleeping: every frame's time step is the measured duration of the frame before
it, so the clock advances exactly as fast as the wall clock allows. Because a
60-day exercise takes about nine minutes at that speed, the run is sampled in
windows of ``--seconds`` each at four points of the exercise (day 1, 15, 30 and
45; the session is fast-forwarded between windows without drawing), where the
feed, the map and the log are small, medium and large. Reported per window and
overall: frames per second, median / 99th percentile / longest frame, and the
share of frames over 33 ms and 50 ms. The replay viewer is measured the same way
(fastest playback over the recorded run). The aim is at least 30 frames per
second and no frame much over 50 ms; ratios against 30 fps are printed so the
numbers stay comparable across machines.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import warnings  # noqa: E402

warnings.filterwarnings("ignore", category=UserWarning, module="pygame_gui")

CHECKPOINTS_DAYS = (0, 14, 29, 44)


def _summary(frames: list[float], wall: float) -> dict:
    ordered = sorted(frames)
    n = len(ordered)
    return {
        "frames": n,
        "fps": round(n / wall, 1) if wall else 0.0,
        "median_ms": round(1000 * statistics.median(ordered), 2) if n else 0.0,
        "p99_ms": round(1000 * ordered[min(n - 1, int(0.99 * n))], 2) if n else 0.0,
        "longest_ms": round(1000 * ordered[-1], 2) if n else 0.0,
        "over_33ms": round(sum(f > 0.033 for f in ordered) / n, 4) if n else 0.0,
        "over_50ms": round(sum(f > 0.050 for f in ordered) / n, 4) if n else 0.0,
    }


def _loop(app, seconds: float, stop=lambda: False) -> tuple[list[float], float]:
    """The real loop without sleeping: dt is the previous frame's duration."""
    frames: list[float] = []
    dt = 1 / 60
    started = time.perf_counter()
    while time.perf_counter() - started < seconds and not stop():
        t0 = time.perf_counter()
        app.step(dt)
        dt = time.perf_counter() - t0
        frames.append(dt)
    return frames, time.perf_counter() - started


def bench_play(size: tuple[int, int], seconds: float, record: Path) -> dict:
    """Play the demo at the fastest speed; sample windows at several days."""
    from ui.console import play_app, play_session

    session = play_session(None, demo=True, record=record, pause_on_critical=False)
    app = play_app(session, size=size, briefing=False)
    ex = session.exercise
    windows = []
    everything: list[float] = []
    total_wall = 0.0
    slices_before = 0
    for day in CHECKPOINTS_DAYS:
        target = day * 24.0
        if ex.now < target:  # fast-forward without drawing: not part of the measurement
            session.fast_forward_to = target
            while session.rebuilding and not session.done:
                session.advance(0.0, budget=1.0)
            session.paused = False
            app.step(1 / 60)  # one frame to settle the screen
        slices_before = session.stats.slices
        start_t = ex.now
        frames, wall = _loop(app, seconds, lambda: session.done)
        total_wall += wall
        everything += frames
        info = _summary(frames, wall)
        info.update({"day": day + 1, "simulated_hours": round(ex.now - start_t, 2),
                     "hours_per_second": round((ex.now - start_t) / wall, 2) if wall else 0.0,
                     "slices": session.stats.slices - slices_before, "events": len(ex.log)})
        windows.append(info)
    overall = _summary(everything, total_wall)
    overall["longest_slice_ms"] = round(1000 * session.stats.longest_slice, 2)
    session.close()
    app.close()
    return {"size": f"{size[0]}x{size[1]}", "windows": windows, "overall": overall}


def bench_replay(size: tuple[int, int], seconds: float, path: Path) -> dict:
    """The replay viewer playing the recorded run at its fastest playback speed."""
    from ui.console import replay_app
    from ui.console.screens.replay import PLAY_SPEEDS

    app = replay_app(path, size=size)
    screen = app.screen
    screen.speed_index = len(PLAY_SPEEDS) - 1
    screen.playing = True

    def stop() -> bool:
        if not screen.playing:  # reached the end: go round again
            screen.seek(0.0)
            screen.playing = True
        return False

    frames, wall = _loop(app, seconds, stop)
    app.close()
    return {"size": f"{size[0]}x{size[1]}", **_summary(frames, wall)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="wall seconds per measured window (default 5)")
    parser.add_argument("--sizes", default="1280x720,1920x1080", help="window sizes, comma-separated")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    sizes = [tuple(int(v) for v in s.lower().split("x")) for s in args.sizes.split(",")]
    results: dict = {"machine": {"python": platform.python_version(), "platform": platform.platform(),
                                 "cpus": os.cpu_count()},
                     "seconds_per_window": args.seconds, "play": [], "replay": []}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            results["play"].append(bench_play(size, args.seconds, Path(tmp) / f"play-{size[0]}.jsonl"))
        # A complete recorded run for the viewer: the demo, run headless.
        from replays.runner import run_headless
        from scenarios import commands_for

        replay = Path(tmp) / "demo.jsonl"
        run_headless(None, commands=commands_for("municipal-elections"), out=replay)
        for size in sizes:
            results["replay"].append(bench_replay(size, args.seconds, replay))
    if args.json:
        print(json.dumps(results, indent=2))
        return 0
    m = results["machine"]
    print(f"console benchmark · Python {m['python']} · {m['cpus']} CPUs · {m['platform']}")
    print(f"play --demo at the fastest speed (a week per minute), {args.seconds:g} s windows, dummy video, no sleeping")
    for run in results["play"]:
        o = run["overall"]
        print(f"\n{run['size']}: {o['fps']:.0f} fps ({o['fps'] / 30:.1f}x the 30 fps aim), median {o['median_ms']:.1f} ms, "
              f"p99 {o['p99_ms']:.1f} ms, longest {o['longest_ms']:.1f} ms, frames over 33 ms {100 * o['over_33ms']:.2f}%, "
              f"over 50 ms {100 * o['over_50ms']:.2f}%; longest simulation slice {o['longest_slice_ms']:.1f} ms")
        print(f"  {'from day':>8} {'fps':>6} {'median':>7} {'p99':>7} {'longest':>8} {'sim h/s':>8} {'events':>7}")
        for w in run["windows"]:
            print(f"  {w['day']:8d} {w['fps']:6.0f} {w['median_ms']:6.1f}ms {w['p99_ms']:6.1f}ms {w['longest_ms']:7.1f}ms "
                  f"{w['hours_per_second']:8.2f} {w['events']:7d}")
    print("\nreplay viewer at the fastest playback (4 days/s)")
    for run in results["replay"]:
        print(f"  {run['size']}: {run['fps']:.0f} fps, median {run['median_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms, "
              f"longest {run['longest_ms']:.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
