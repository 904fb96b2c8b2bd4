"""``weerbaar play``: open the pygame console and play an exercise (or run it as White cell)."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, err_lines, seed_type, shown_text

NAME = "play"
HELP = N_("play an exercise in the pygame console (White cell with --cell white)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("scenario", nargs="?", default=None, metavar="SCENARIO",
                        help=_("bundled scenario id or file (default: the bundled default scenario)"))
    parser.add_argument("--cell", metavar="CELL[,CELL...]", default=None,
                        help=_("the cells held at this console, the first one active; 'white' is exercise control "
                             "(sees everything, runs the MSEL), 'evaluator' an evaluator's seat (sees what White "
                             "sees, writes notes). Default: every cell (hot-seat: 'cell NAME' switches)"))
    parser.add_argument("--seed", type=seed_type, default=None, help=_("seed (default: the scenario's)"))
    parser.add_argument("--record", metavar="PATH", default=None,
                        help=_("replay file (default: runs/<scenario>-seed<seed>-<time>.jsonl, never an existing file)"))
    parser.add_argument("--force", action="store_true", help=_("replace the --record file if it exists"))
    parser.add_argument("--demo", action="store_true",
                        help=_("play the scenario's bundled command file at the fastest speed, as White (presentations)"))
    parser.add_argument("--pause-on-critical", action=argparse.BooleanOptionalAction, default=None,
                        help=_("pause the clock when a critical inject fires (default: on, off with --demo)"))
    parser.add_argument("--size", metavar="WxH", default="1280x720", help=_("window size (default 1280x720)"))
    parser.add_argument("--scale", metavar="FACTOR", default="1",
                        help=_("enlarge text and panels by FACTOR (0.5-3) on top of the window's own scale, or "
                             "'presenter': feed and indicator text at 3.5%% of the screen height, for a projector"))
    parser.add_argument("--fullscreen", action="store_true", help=_("use the whole display"))
    parser.add_argument("--no-briefing", action="store_true", help=_("start on the main screen"))
    parser.add_argument("--resume", metavar="REPLAY", default=None,
                        help=_("continue a session that was killed (a replay without its footer): re-simulate it to its "
                             "last record into a new replay (--record, default REPLAY-resumed.jsonl) and go on, paused, "
                             "with the cells it held"))


def parse_size(text: str) -> tuple[int, int]:
    """``1280x720`` as a pair; raises ValueError."""
    w, _x, h = text.lower().partition("x")
    size = int(w), int(h)
    if size[0] < 320 or size[1] < 240:
        raise ValueError(_("window size {size} is too small").format(size=text))
    return size


def run(args: argparse.Namespace) -> int:
    from sim.scenario import ScenarioError

    try:
        size = parse_size(args.size)
    except ValueError:
        err("weerbaar play: " + _("--size {size!r}: write WIDTHxHEIGHT, e.g. 1920x1080").format(size=args.size))
        return EXIT_USAGE
    from ui.console.theme import parse_zoom

    try:
        zoom = parse_zoom(args.scale)
    except ValueError as exc:
        err(f"weerbaar play: {shown_text(exc)}")
        return EXIT_USAGE
    if args.resume is not None:
        return _resume(args, size, zoom)
    if args.record is not None:
        from scenarios import resolve_scenario
        from sim.outputs import OutputError, check_target

        try:
            check_target(args.record, force=args.force, inputs=(resolve_scenario(args.scenario),), what="replay")
        except FileNotFoundError:
            pass  # play_session below reports the missing scenario
        except OutputError as exc:
            err(f"weerbaar play: {shown_text(exc)}")
            return EXIT_FAILED
    from ui.console import play_app, play_session

    try:
        session = play_session(args.scenario, cell=args.cell, seed=args.seed, record=args.record, demo=args.demo,
                               pause_on_critical=args.pause_on_critical)
    except FileNotFoundError as exc:
        err(f"weerbaar play: {shown_text(exc)}")
        return EXIT_FAILED
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (ValueError, OSError) as exc:
        err(f"weerbaar play: {shown_text(exc)}")
        return EXIT_USAGE if "cell" in str(exc) else EXIT_FAILED
    print(_("recording the replay to {path}").format(path=session.replay_path), flush=True)
    try:
        app = play_app(session, size=size, briefing=not args.no_briefing, zoom=zoom, fullscreen=args.fullscreen)
        code = app.run()
    finally:
        if not session.closed:
            session.close()
    print(_("replay saved: {path} (verify with: weerbaar verify {path})").format(path=session.replay_path), flush=True)
    return code or EXIT_OK


def _resume(args: argparse.Namespace, size: tuple[int, int], zoom) -> int:
    """``play --resume REPLAY``: the killed session, re-simulated to its last record, on the main screen."""
    from replays.format import ReplayError
    from sim.outputs import OutputError, check_target
    from sim.scenario import ScenarioError
    from ui.console import play_app, resume_session
    from ui.console.resume import ResumeError, resumed_path

    if args.scenario is not None or args.seed is not None or args.demo:
        err("weerbaar play: " + _("--resume continues the replay's own scenario and seed; leave out SCENARIO, --seed "
                                  "and --demo"))
        return EXIT_USAGE
    record = args.record if args.record is not None else str(resumed_path(args.resume))
    try:
        check_target(record, force=args.force, inputs=(args.resume,), what="replay")
    except OutputError as exc:
        err(f"weerbaar play: {shown_text(exc)}")
        return EXIT_FAILED
    print(_("re-simulating {replay} to its last record ...").format(replay=args.resume), flush=True)
    try:
        session = resume_session(args.resume, cell=args.cell, record=record,
                                 pause_on_critical=args.pause_on_critical is not False)
    except ScenarioError as exc:
        err_lines(exc.lines)
        return EXIT_FAILED
    except (ReplayError, ResumeError, ValueError, OSError) as exc:
        err(f"weerbaar play: {shown_text(exc)}")
        return EXIT_USAGE if str(exc).startswith("--cell") else EXIT_FAILED
    print(_("resumed at {clock}; recording the whole run to {path}").format(
        clock=shown_text(session.exercise.clock()), path=session.replay_path), flush=True)
    try:
        app = play_app(session, size=size, briefing=False, zoom=zoom, fullscreen=args.fullscreen)
        code = app.run()
    finally:
        if not session.closed:
            session.close()
    print(_("replay saved: {path} (verify with: weerbaar verify {path})").format(path=session.replay_path), flush=True)
    return code or EXIT_OK
