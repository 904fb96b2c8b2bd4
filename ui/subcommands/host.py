"""``weerbaar host``: run an exercise for consoles on the network, with a seat sheet of join tokens."""

from __future__ import annotations

import argparse

from sim.i18n import N_
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, err_lines, positive_number, seed_type, whole_number

NAME = "host"
HELP = N_("host an exercise for consoles on the network (each cell at its own screen, White in control)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help="bundled scenario id or file (default: the bundled default scenario)")
    parser.add_argument("--seed", type=seed_type, default=None, help="seed (default: the scenario's)")
    parser.add_argument("--port", type=whole_number(0, "port"), default=8765,
                        help="port to listen on (default 8765; 0 picks a free one)")
    parser.add_argument("--bind", metavar="ADDR", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the network)")
    parser.add_argument("--cells", metavar="CELL[,CELL...]", default=None,
                        help="the cells that get a seat (held by players; the others act on doctrine). "
                             "Default: every Dutch cell")
    parser.add_argument("--observers", type=whole_number(0, "count"), default=1, help="observer seats (default 1)")
    parser.add_argument("--evaluators", type=whole_number(0, "count"), default=1, help="evaluator seats (default 1)")
    parser.add_argument("--record", metavar="PATH", default=None,
                        help="replay file (default: runs/<scenario>-seed<seed>-<time>.jsonl; with --resume "
                             "REPLAY-resumed.jsonl). The seat file is written beside it as <name>.seats.json")
    parser.add_argument("--force", action="store_true", help="replace the --record file (and its seat file) if they exist")
    parser.add_argument("--resume", metavar="REPLAY", default=None,
                        help="restart a killed host: re-simulate its replay to the last record and go on with the "
                             "same seats (the seat file beside the replay)")
    parser.add_argument("--cert", metavar="FILE", default=None, help="TLS certificate (PEM): consoles join with wss://")
    parser.add_argument("--key", metavar="FILE", default=None, help="its private key, if not in the --cert file")
    parser.add_argument("--speed", metavar="N", type=whole_number(1, "speed"), default=None,
                        help="starting clock speed 1-6 (as 'speed N' at the console; default 4, a day a minute)")
    parser.add_argument("--rate", type=positive_number, default=None, metavar="HOURS",
                        help="simulated hours per second, overriding White's speed (rehearsals and benchmarks)")
    parser.add_argument("--days", type=positive_number, default=None, metavar="D",
                        help="end the exercise after D days")
    parser.add_argument("--start", action="store_true",
                        help="start the clock at once (default: paused until White types resume)")
    parser.add_argument("--pause-on-critical", action=argparse.BooleanOptionalAction, default=True,
                        help="pause everyone when a critical inject fires (default: on)")


def run(args: argparse.Namespace) -> int:
    import asyncio

    from replays.format import ReplayError
    from sim.outputs import OutputError, check_target
    from sim.scenario import ScenarioError
    from ui.console.resume import ResumeError, resumed_path
    from ui.console.session import DEFAULT_SPEED, SPEEDS
    from ui.net import launch
    from ui.net.seats import SeatFileError, seat_file_for

    if args.speed is not None and args.speed > len(SPEEDS):
        err(f"weerbaar host: --speed {args.speed}: speeds are 1-{len(SPEEDS)}")
        return EXIT_USAGE
    if args.key and not args.cert:
        err("weerbaar host: --key goes with --cert (the certificate)")
        return EXIT_USAGE
    if args.resume is not None and (args.scenario is not None or args.seed is not None or args.cells is not None):
        err("weerbaar host: --resume continues the replay's own scenario, seed and seats; leave out SCENARIO, "
            "--seed and --cells")
        return EXIT_USAGE
    tls = None
    if args.cert:
        try:
            tls = launch.server_tls(args.cert, args.key)
        except ValueError as exc:
            err(f"weerbaar host: --cert: {exc}")
            return EXIT_USAGE
    speed = DEFAULT_SPEED if args.speed is None else args.speed - 1
    record = args.record
    if record is None and args.resume is not None:
        record = str(resumed_path(args.resume))
    if record is not None:
        try:
            inputs = (args.resume,) if args.resume else ()
            check_target(record, force=args.force, inputs=inputs, what="replay")
            check_target(seat_file_for(record), force=args.force, inputs=inputs, what="seat file")
        except OutputError as exc:
            err(f"weerbaar host: {exc}")
            return EXIT_FAILED
    try:
        if args.resume is not None:
            print(f"re-simulating {args.resume} to its last record ...", flush=True)
            hosting = launch.resumed_host(args.resume, record=record, paused=not args.start,
                                          pause_on_critical=args.pause_on_critical, speed_index=speed,
                                          rate=args.rate, days=args.days)
        else:
            cells = None if args.cells is None else [c.strip().lower() for c in args.cells.split(",") if c.strip()]
            hosting = launch.new_host(args.scenario, seed=args.seed, cells=cells, record=record,
                                      observers=args.observers, evaluators=args.evaluators, paused=not args.start,
                                      pause_on_critical=args.pause_on_critical, speed_index=speed, rate=args.rate,
                                      days=args.days)
    except FileNotFoundError as exc:
        err(f"weerbaar host: {exc}")
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (ReplayError, ResumeError, SeatFileError) as exc:
        err(f"weerbaar host: {exc}")
        return EXIT_FAILED
    except ValueError as exc:
        err(f"weerbaar host: {exc}")
        return EXIT_USAGE
    try:
        return asyncio.run(_serve(hosting, args.bind, args.port, tls))
    except KeyboardInterrupt:  # Ctrl-C: _serve has left the replay resumable and said how
        return 130


async def _serve(hosting, bind: str, port: int, tls) -> int:
    import asyncio

    from ui.net import launch

    host = hosting.host
    ended = asyncio.Event()
    host.on_end = lambda _host: ended.set()
    try:
        port = await host.start(bind, port, tls)
    except OSError as exc:
        host.session.abandon()
        err(f"weerbaar host: cannot listen on {bind}:{port}: {exc.strerror or exc}")
        return EXIT_FAILED
    url = launch.join_url(bind, port, tls is not None)
    ex = host.exercise
    if hosting.resumed_from is not None:
        print(f"resumed {hosting.resumed_from} at {ex.clock()}: the whole run continues in {hosting.record}")
    print(f"hosting {ex.scenario.id} (seed {ex.seed}) at {url}; replay {hosting.record}")
    if bind == "127.0.0.1":
        print("listening on this machine only; add --bind 0.0.0.0 for consoles on the network")
    print(f"seat sheet (also in {hosting.seat_file}, readable by you only): hand each seat its line")
    for line in host.seats.sheet(url):
        print(f"  {line}")
    state = "paused: White starts the clock with 'resume'" if host.session.paused else "the clock is running"
    print(f"{state}. If this machine crashes: weerbaar host --resume {hosting.record}", flush=True)
    try:
        await ended.wait()
        await host.stop(flush=3.0)
    except (KeyboardInterrupt, asyncio.CancelledError):
        host.crash()  # no footer: the run can be resumed where it stopped
        print(f"\nstopped at {ex.clock()}; go on with: weerbaar host --resume {hosting.record}", flush=True)
        return 130
    print(f"the exercise ended at {ex.clock()}; replay saved: {hosting.record} "
          f"(verify with: weerbaar verify {hosting.record})", flush=True)
    return EXIT_OK
