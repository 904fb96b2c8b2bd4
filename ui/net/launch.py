"""Setting a host up: a new session (exercise, replay, seats, seat file) or one resumed from a killed host's replay.

:func:`new_host` and :func:`resumed_host` return a :class:`~ui.net.host.Host` that is ready to
:meth:`~ui.net.host.Host.start`; ``weerbaar host`` and the tests both use them. The seat file is
written beside the replay (:func:`ui.net.seats.seat_file_for`); a resumed host reads the old one and
writes the same seats beside its new replay, so the consoles reconnect with the tokens they have.
"""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass
from pathlib import Path

from sim.events import WHITE
from sim.i18n import M_
from ui.console.session import DEFAULT_SPEED, LiveSession
from ui.net.host import Host
from ui.net.seats import SeatBook, SeatFileError, seat_file_for


@dataclass
class Hosting:
    """A host made ready, and where its files are.

    Attributes:
        host: the host (not yet started).
        record: the replay it writes.
        seat_file: the seat file beside it.
        resumed_from: the killed host's replay, when resumed.
    """

    host: Host
    record: Path
    seat_file: Path
    resumed_from: Path | None = None


def server_tls(cert: str, key: str | None = None) -> ssl.SSLContext:
    """A TLS context for the host from a certificate (and its key, if in another file).

    Raises:
        ValueError: the files cannot be read or do not match (one line).
    """
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    try:
        context.load_cert_chain(cert, key)
    except FileNotFoundError as exc:
        raise ValueError(M_("{path}: no such file", path=str(exc.filename))) from None
    except (ssl.SSLError, OSError) as exc:
        why = str(getattr(exc, "reason", None) or exc)
        raise ValueError(M_("{cert}: cannot use this certificate and key {key}: {reason}", cert=str(cert), key=str(key),
                            reason=why) if key else
                         M_("{cert}: cannot use this certificate: {reason}", cert=str(cert), reason=why)) from None
    return context


def join_url(bind: str, port: int, tls: bool) -> str:
    """The URL to put on the seat sheet: the address consoles on the network reach this machine at."""
    address = bind
    if bind in ("0.0.0.0", "::", ""):
        address = _lan_address()
    if ":" in address and not address.startswith("["):
        address = f"[{address}]"
    return f"{'wss' if tls else 'ws'}://{address}:{port}"


def _lan_address() -> str:
    """This machine's address on its network (a UDP socket's own end after connect sends nothing)."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never routed, only used to pick the outgoing interface
        return probe.getsockname()[0]
    except OSError:
        return socket.gethostname()
    finally:
        probe.close()


def new_host(scenario: str | Path | None, *, seed: int | None = None, cells: list[str] | None = None,
             record: str | Path | None = None, observers: int = 1, evaluators: int = 1, paused: bool = True,
             pause_on_critical: bool = True, speed_index: int = DEFAULT_SPEED, rate: float | None = None,
             days: float | None = None) -> Hosting:
    """A host for a new session of ``scenario``: the seated cells are held by players, the others act on doctrine.

    Raises:
        FileNotFoundError, ScenarioError, ValueError: a missing scenario, an invalid one, a cell it lacks.
    """
    from scenarios import resolve_scenario
    from sim.exercise import Exercise
    from sim.scenario import load_scenario
    from ui.console.session import default_record_path

    loaded = load_scenario(resolve_scenario(scenario))
    seated = list(cells) if cells is not None else loaded.scenario.government_cells()
    red = [c for c in seated if c in loaded.scenario.cells and loaded.scenario.cells[c].actor]
    if red:  # its console panel reads the red observation, which the seat protocol does not carry yet
        raise ValueError(M_("--cells {cell}: a red cell cannot be a network seat yet (its state plays on its planner)",
                            cell=red[0]))
    exercise = Exercise(loaded, seed=seed, players=seated)
    path = Path(record) if record is not None else default_record_path(exercise)
    session = LiveSession.start(exercise, record=path, cell=WHITE, white=True, pause_on_critical=pause_on_critical,
                                speed_index=speed_index, paused=paused, hotwash=False)
    seats = SeatBook.create(seated, observers=observers, evaluators=evaluators)
    seat_file = seats.save(seat_file_for(path), exercise.scenario.id, path)
    host = Host(session, seats, rate=rate, until=None if days is None else days * 24.0)
    return Hosting(host, path, seat_file)


def resumed_host(replay: str | Path, *, record: str | Path | None = None, seat_file: str | Path | None = None,
                 paused: bool = True, pause_on_critical: bool = True, speed_index: int = DEFAULT_SPEED,
                 rate: float | None = None, days: float | None = None) -> Hosting:
    """A host that goes on from a killed host's replay, with the same seats (from the seat file beside it).

    Raises:
        ReplayError, ResumeError, SeatFileError, ScenarioError: one line each.
    """
    from ui.console.resume import resume_exercise

    seat_path = Path(seat_file) if seat_file is not None else seat_file_for(replay)
    seats, scenario_id = SeatBook.load(seat_path)
    resumed = resume_exercise(replay, record)
    exercise = resumed.exercise
    if scenario_id != exercise.scenario.id:
        resumed.writer.abandon()
        raise SeatFileError(M_("{path}: its seats are for scenario {seats!r}, the replay is {replay!r}",
                               path=str(seat_path), seats=scenario_id, replay=exercise.scenario.id))
    held = sorted(c.id for c in exercise.cells.values() if c.held)
    if sorted(seats.cells()) != held:
        resumed.writer.abandon()
        raise SeatFileError(M_("{path}: its cell seats ({seats}) are not the cells the replay held ({held})",
                               path=str(seat_path), seats=", ".join(seats.cells()), held=", ".join(held)))
    session = LiveSession(exercise, writer=resumed.writer, replay_path=resumed.record, cell=WHITE, white=True,
                          pause_on_critical=pause_on_critical, speed_index=speed_index, paused=paused,
                          hotwash=False, parent={"replay": str(replay), "t": resumed.t})
    new_seat_file = seats.save(seat_file_for(resumed.record), exercise.scenario.id, resumed.record)
    host = Host(session, seats, rate=rate, until=None if days is None else days * 24.0)
    return Hosting(host, resumed.record, new_seat_file, Path(replay))
