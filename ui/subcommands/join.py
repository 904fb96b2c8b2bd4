"""``weerbaar join``: open the console as one seat of a hosted exercise."""

from __future__ import annotations

import argparse

from sim.i18n import N_, _
from ui.subcommands._common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, shown_text

NAME = "join"
HELP = N_("join a hosted exercise as a seat (the token from the host's seat sheet)")

WELCOME_SECONDS = 15.0
"""How long to wait for the host's welcome before giving up."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("url", metavar="URL", help=_("the host's address from the seat sheet, e.g. ws://10.0.0.5:8765"))
    parser.add_argument("--token", required=True, help=_("this seat's join token (from the seat sheet)"))
    parser.add_argument("--view", metavar="CELL", default="",
                        help=_("an observer's view: white (the truth, the default) or a cell's picture"))
    parser.add_argument("--cafile", metavar="FILE", default=None,
                        help=_("for wss://: the host's certificate (or its CA) when it is not in the system's trust store"))
    parser.add_argument("--size", metavar="WxH", default="1280x720", help=_("window size (default 1280x720)"))
    parser.add_argument("--scale", metavar="FACTOR", default="1",
                        help=_("enlarge text and panels by FACTOR (0.5-3), or 'presenter'"))
    parser.add_argument("--fullscreen", action="store_true", help=_("use the whole display"))
    parser.add_argument("--no-briefing", action="store_true", help=_("start on the main screen"))


def run(args: argparse.Namespace) -> int:
    import time

    from ui.console.theme import parse_zoom
    from ui.subcommands.play import parse_size

    if not args.url.startswith(("ws://", "wss://")):
        err("weerbaar join: " + _("{url!r}: the host's address starts with ws:// (or wss:// with TLS)").format(
            url=args.url))
        return EXIT_USAGE
    try:
        size = parse_size(args.size)
        zoom = parse_zoom(args.scale)
    except ValueError as exc:
        err(f"weerbaar join: {shown_text(exc)}")
        return EXIT_USAGE
    from ui.console.remote import RemoteSession
    from ui.net.client import BackgroundLink, client_tls

    try:
        tls = client_tls(args.url, args.cafile)
    except (OSError, ValueError) as exc:
        err(f"weerbaar join: --cafile {args.cafile}: {shown_text(exc)}")
        return EXIT_USAGE
    link = BackgroundLink(args.url, args.token, view=args.view.lower(), tls=tls)
    session = RemoteSession(args.url, link)
    deadline = time.monotonic() + WELCOME_SECONDS
    while not session.ready and not session.failed and time.monotonic() < deadline:
        session.advance(0.0)
        time.sleep(0.05)
    if not session.ready:
        link.close()
        why = shown_text(session.failed) if session.failed else _(
            "no answer from {url} within {seconds:g} s (is the host running, and reachable from here?)").format(
            url=args.url, seconds=WELCOME_SECONDS)
        err(f"weerbaar join: {why}")
        return EXIT_FAILED
    print(_("joined {url} as {seat} ({role})").format(url=args.url, seat=session.seat, role=session.role), flush=True)
    from ui.console import play_app

    try:
        app = play_app(session, size=size, briefing=not args.no_briefing, zoom=zoom, fullscreen=args.fullscreen)
        code = app.run()
    finally:
        session.close()
    return code or EXIT_OK
