"""``weerbaar host``: run an exercise for consoles on the network, with a seat sheet of join tokens."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, err_lines, positive_number, seed_type,
                                    shown_text, whole_number)

NAME = "host"
HELP = N_("host an exercise for consoles on the network (each cell at its own screen, White in control)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help=_("bundled scenario id or file (default: the bundled default scenario)"))
    parser.add_argument("--seed", type=seed_type, default=None, help=_("seed (default: the scenario's)"))
    parser.add_argument("--port", type=whole_number(0, N_("port")), default=8765,
                        help=_("port to listen on (default 8765; 0 picks a free one)"))
    parser.add_argument("--bind", metavar="ADDR", default="127.0.0.1",
                        help=_("address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 for the network)"))
    parser.add_argument("--cells", metavar="CELL[,CELL...]", default=None,
                        help=_("the cells that get a seat (held by players; the others act on doctrine). "
                             "Default: every Dutch cell"))
    parser.add_argument("--observers", type=whole_number(0, N_("count")), default=1, help=_("observer seats (default 1)"))
    parser.add_argument("--evaluators", type=whole_number(0, N_("count")), default=1, help=_("evaluator seats (default 1)"))
    parser.add_argument("--record", metavar="PATH", default=None,
                        help=_("replay file (default: runs/<scenario>-seed<seed>-<time>.jsonl; with --resume "
                             "REPLAY-resumed.jsonl). The seat file is written beside it as <name>.seats.json"))
    parser.add_argument("--force", action="store_true", help=_("replace the --record file (and its seat file) if they exist"))
    parser.add_argument("--resume", metavar="REPLAY", default=None,
                        help=_("restart a killed host: re-simulate its replay to the last record and go on with the "
                             "same seats (the seat file beside the replay)"))
    parser.add_argument("--cert", metavar="FILE", default=None, help=_("TLS certificate (PEM): consoles join with wss://"))
    parser.add_argument("--key", metavar="FILE", default=None, help=_("its private key, if not in the --cert file"))
    parser.add_argument("--speed", metavar="N", type=whole_number(1, N_("speed")), default=None,
                        help=_("starting clock speed 1-6 (as 'speed N' at the console; default 4, a day a minute)"))
    parser.add_argument("--rate", type=positive_number, default=None, metavar="HOURS",
                        help=_("simulated hours per second, overriding White's speed (rehearsals and benchmarks)"))
    parser.add_argument("--days", type=positive_number, default=None, metavar="D",
                        help=_("end the exercise after D days"))
    parser.add_argument("--start", action="store_true",
                        help=_("start the clock at once (default: paused until White types resume)"))
    parser.add_argument("--pause-on-critical", action=argparse.BooleanOptionalAction, default=True,
                        help=_("pause everyone when a critical inject fires (default: on)"))


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
        err("weerbaar host: " + _("--speed {speed}: speeds are 1-{top}").format(speed=args.speed, top=len(SPEEDS)))
        return EXIT_USAGE
    if args.key and not args.cert:
        err("weerbaar host: " + _("--key goes with --cert (the certificate)"))
        return EXIT_USAGE
    if args.resume is not None and (args.scenario is not None or args.seed is not None or args.cells is not None):
        err("weerbaar host: " + _("--resume continues the replay's own scenario, seed and seats; leave out SCENARIO, "
                                  "--seed and --cells"))
        return EXIT_USAGE
    tls = None
    if args.cert:
        try:
            tls = launch.server_tls(args.cert, args.key)
        except ValueError as exc:
            err(f"weerbaar host: --cert: {shown_text(exc)}")
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
            err(f"weerbaar host: {shown_text(exc)}")
            return EXIT_FAILED
    try:
        if args.resume is not None:
            print(_("re-simulating {replay} to its last record ...").format(replay=args.resume), flush=True)
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
        err(f"weerbaar host: {shown_text(exc)}")
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (ReplayError, ResumeError, SeatFileError) as exc:
        err(f"weerbaar host: {shown_text(exc)}")
        return EXIT_FAILED
    except ValueError as exc:
        err(f"weerbaar host: {shown_text(exc)}")
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
        err("weerbaar host: " + _("cannot listen on {address}: {problem}").format(address=f"{bind}:{port}",
                                                                                 problem=exc.strerror or exc))
        return EXIT_FAILED
    url = launch.join_url(bind, port, tls is not None)
    ex = host.exercise
    if hosting.resumed_from is not None:
        print(_("resumed {replay} at {clock}: the whole run continues in {record}").format(
            replay=hosting.resumed_from, clock=shown_text(ex.clock()), record=hosting.record))
    print(_("hosting {scenario} (seed {seed}) at {url}; replay {record}").format(
        scenario=ex.scenario.id, seed=ex.seed, url=url, record=hosting.record))
    if bind == "127.0.0.1":
        print(_("listening on this machine only; add --bind 0.0.0.0 for consoles on the network"))
    print(_("seat sheet (also in {path}, readable by you only): hand each seat its line").format(path=hosting.seat_file))
    for line in host.seats.sheet(url):
        print(f"  {shown_text(line)}")
    state = _("paused: White starts the clock with 'resume'") if host.session.paused else _("the clock is running")
    print(_("{state}. If this machine crashes: weerbaar host --resume {record}").format(
        state=state, record=hosting.record), flush=True)
    try:
        await ended.wait()
        await host.stop(flush=3.0)
    except (KeyboardInterrupt, asyncio.CancelledError):
        host.crash()  # no footer: the run can be resumed where it stopped
        print("\n" + _("stopped at {clock}; go on with: weerbaar host --resume {record}").format(
            clock=shown_text(ex.clock()), record=hosting.record), flush=True)
        return 130
    print(_("the exercise ended at {clock}; replay saved: {record} (verify with: weerbaar verify {record})").format(
        clock=shown_text(ex.clock()), record=hosting.record), flush=True)
    return EXIT_OK
