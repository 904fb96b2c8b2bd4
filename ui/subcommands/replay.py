"""``weerbaar replay REPLAY``: review a replay in the pygame console, and branch from any moment."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_OK, EXIT_USAGE, err, input_errors, report_input_error, shown_text

NAME = "replay"
HELP = N_("review a replay in the pygame console (time slider, perspectives, branching)")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("replay", metavar="REPLAY")
    parser.add_argument("--at", metavar="TIME", default=None,
                        help=_("start at this time: 'day 3 08:00', an ISO date-time or an offset such as 36h"))
    parser.add_argument("--cell", metavar="CELL", default=None,
                        help=_("the cell whose view is shown beside the truth (default: the first cell)"))
    parser.add_argument("--size", metavar="WxH", default="1280x720", help=_("window size (default 1280x720)"))
    parser.add_argument("--scale", metavar="FACTOR", default="1",
                        help=_("enlarge text and panels by FACTOR (0.5-3) on top of the window's own scale, or "
                             "'presenter': feed and indicator text at 3.5%% of the screen height, for a projector"))
    parser.add_argument("--fullscreen", action="store_true", help=_("use the whole display"))


def run(args: argparse.Namespace) -> int:
    from sim.timeexpr import TimeExprError, parse_start, to_hours
    from ui.subcommands.play import parse_size

    try:
        size = parse_size(args.size)
    except ValueError:
        err("weerbaar replay: " + _("--size {size!r}: write WIDTHxHEIGHT, e.g. 1920x1080").format(size=args.size))
        return EXIT_USAGE
    from ui.console.theme import parse_zoom

    try:
        zoom = parse_zoom(args.scale)
    except ValueError as exc:
        err(f"weerbaar replay: {shown_text(exc)}")
        return EXIT_USAGE
    from ui.console.app import App
    from ui.console.screens.replay import ReplayScreen
    from ui.console.timeline import Timeline

    try:
        timeline = Timeline.open(args.replay)
    except input_errors() as exc:
        return report_input_error(exc, NAME)
    t = 0.0
    if args.at:
        try:
            t = to_hours(args.at, parse_start(timeline.scenario.start))
        except TimeExprError as exc:
            err(f"weerbaar replay: --at: {shown_text(exc)}")
            return EXIT_USAGE
    if args.cell and args.cell != "white" and args.cell not in timeline.cells:
        err("weerbaar replay: " + _("no cell {cell!r} (cells: {cells}, white)").format(
            cell=args.cell, cells=", ".join(timeline.cells)))
        return EXIT_USAGE
    for problem in timeline.replay.problems:
        err(f"{args.replay}: {shown_text(problem)}")
    app = App(size, title=f"Weerbaar replay · {timeline.path.name}", zoom=zoom, fullscreen=args.fullscreen)
    screen = ReplayScreen(app, timeline, t=t, perspective=args.cell)
    app.show(screen)
    code = app.run()
    if screen.branched is not None:
        session = screen.branched
        if not session.closed:
            session.close()
        print(_("branch saved: {path} (verify with: weerbaar verify {path})").format(path=session.replay_path),
              flush=True)
    return code or EXIT_OK
