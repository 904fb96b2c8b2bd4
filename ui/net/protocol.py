"""The wire protocol between the host and its seats: JSON text frames, one message each.

A seat sends (every message checked against the schema below; a bad one gets an ``error`` reply and
is dropped, the connection and the host go on):

* ``{"type": "hello", "token": T, "since": N, "view": CELL?, "protocol": 1}`` first, within
  :data:`HELLO_TIMEOUT` seconds: the join token, and the sequence number of the first event it does
  not have yet (0 for a fresh console; a console that rejoins sends its last seq + 1). ``view`` is an
  observer's choice of picture: ``white`` (the truth, the default) or a cell;
* ``{"type": "line", "text": "...", "about": [seq, ...]?}``: a line typed at the console (an order, a
  control word, ``msg``, ``note``); ``about`` are the events on screen, which a note is tied to;
* ``{"type": "ping", "id": N}``: answered by ``pong``.

The host sends ``welcome`` (the seat, its role and the static picture of the scenario it may see),
``events`` (a batch: the catch-up after a join), ``event`` (one record, with ``logged``: the host's
wall-clock time when it was logged, for the latency benchmark), ``sample`` (the true indicators, to
White, observers of the truth and evaluators only), ``state`` (the clock and the seat's observation),
``reply`` (the answer to this seat's line; with ``t``, a line about the event logged then, such as
an inject's material to read), ``notice`` (a line for everyone: a pause and why),
``seats`` (White only: who is connected), ``end``, ``pong`` and ``error``.

Nothing here touches the network; :mod:`ui.net.host` and :mod:`ui.net.client` do.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sim.i18n import M_

PROTOCOL = 1
"""The protocol version; a hello with another one is refused."""

MAX_FRAME = 16 * 1024
"""Bytes a seat's message may have (the websocket refuses larger frames before they are read)."""

HELLO_TIMEOUT = 10.0
"""Seconds a new connection has to say hello."""

MAX_LINE = 500
"""Characters of a typed line (as :data:`sim.commands.MAX_LENGTH`)."""


class ProtocolError(ValueError):
    """A message that does not follow the protocol, with a one-line reason."""


class _Message(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Hello(_Message):
    """The first message of a connection."""

    type: Literal["hello"]
    token: str = Field(min_length=1, max_length=128)
    since: int = Field(default=0, ge=0, le=10**9)
    view: str = Field(default="", max_length=64)
    protocol: int = PROTOCOL
    client: str = Field(default="", max_length=64)


class Line(_Message):
    """A line typed at the seat's console."""

    type: Literal["line"]
    text: str = Field(min_length=1, max_length=MAX_LINE)
    about: list[Annotated[int, Field(ge=0, le=10**9)]] = Field(default_factory=list, max_length=24)


class Ping(_Message):
    """A keep-alive; the host answers ``pong`` with the same id."""

    type: Literal["ping"]
    id: int = Field(ge=0, le=2**53)


ClientMessage = Annotated[Hello | Line | Ping, Field(discriminator="type")]
_ADAPTER: TypeAdapter = TypeAdapter(ClientMessage)


def _refuse_constant(name: str) -> Any:
    raise ProtocolError(M_("{name} is not a number", name=name))


def parse_client_message(raw: str | bytes) -> Hello | Line | Ping:
    """Decode and check one message from a seat.

    Raises:
        ProtocolError: one line saying where and what (``line.text: ...``).
    """
    if isinstance(raw, bytes):
        raise ProtocolError(M_("binary frame: send JSON text"))
    if len(raw.encode("utf-8", "surrogatepass")) > MAX_FRAME:
        raise ProtocolError(M_("message larger than {limit} bytes", limit=MAX_FRAME))
    try:
        data = json.loads(raw, parse_constant=_refuse_constant)
    except ProtocolError:
        raise
    except (json.JSONDecodeError, RecursionError, ValueError) as exc:
        why = (M_("{error} at column {column}", error=exc.msg, column=exc.colno)
               if isinstance(exc, json.JSONDecodeError) else M_("unreadable"))
        raise ProtocolError(M_("not JSON ({why})", why=why)) from None
    if not isinstance(data, dict):
        raise ProtocolError(M_("a message is a JSON object with a 'type'"))
    kind = data.get("type")
    if kind not in ("hello", "line", "ping"):
        raise ProtocolError(M_("type: {kind!r} is not a message a seat sends (hello, line, ping)",
                               kind=str(kind)[:40]))
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        return_message = first["msg"]
        raise ProtocolError(f"{where}: {return_message}") from None


def encode(message: dict[str, Any]) -> str:
    """A host message as compact JSON text."""
    return json.dumps(message, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def event_frame(line: str, logged: float) -> str:
    """The ``event`` message for an event's canonical line, without parsing and writing it again."""
    return f'{{"type":"event","logged":{logged!r},"record":{line}}}'


def decode_host_message(raw: str | bytes) -> dict[str, Any]:
    """A host message as a dict (the client trusts the host it joined, but not its bytes).

    Raises:
        ProtocolError: not a JSON object with a type.
    """
    try:
        data = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError, RecursionError, ValueError):
        raise ProtocolError(M_("the host sent something that is not JSON")) from None
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        raise ProtocolError(M_("the host sent a message without a type"))
    return data
