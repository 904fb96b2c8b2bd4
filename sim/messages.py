"""Messages between cells and to White: who may write to whom, and the command that records one.

Coordination between departments is the cabinet letter's first theme, so a cell may write to
another cell, to exercise control (``white``) or to every Dutch cell (``all``)::

    msg foreign-affairs we see the same narrative in the municipality, can you raise it with the embassy?

A message must re-simulate like everything else, so it is a command in the replay. Only White may
order the ``msg`` control action (:mod:`sim.catalogue.control`); a console or the network host turns
a cell's ``msg TARGET words`` into ``msg TARGET from=CELL text="words"`` submitted as White
(:func:`message_command`), and the action logs a ``message.sent`` event that the sender, the
recipients and White can read. It changes nothing in the simulated world; its only trace is that
event and one order number.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sim.commands import MAX_LENGTH, Command, CommandError, parse_command
from sim.i18n import M_
from sim.events import WHITE

ALL = "all"
"""Recipient meaning every Dutch cell (but the sender)."""

MAX_TEXT = 400
"""Characters a message may hold (the whole command must fit :data:`sim.commands.MAX_LENGTH`)."""


def recipients(target: str, sender: str, government_cells: Sequence[str]) -> list[str]:
    """Who receives a message to ``target`` from ``sender``: one cell or White, or every Dutch cell for ``all``."""
    if target == ALL:
        return [c for c in government_cells if c != sender]
    return [target]


def recipient_ids(cells: Iterable[str]) -> list[str]:
    """Every valid ``msg`` target: ``all``, ``white`` and the cells."""
    return [ALL, WHITE, *cells]


def _quoted(text: str) -> str:
    # The command language has no escapes: a double quote inside would end the value.
    return '"' + text.replace('"', "'") + '"'


def message_command(sender: str, typed: str | Command) -> str:
    """The canonical command White submits for ``sender``'s ``msg TARGET words`` (any ``from=`` typed is replaced:
    a seat writes only as itself).

    Raises:
        CommandError: not a message, no recipient, nothing to say, or too long.
    """
    parsed = parse_command(typed) if isinstance(typed, str) else typed
    if not isinstance(parsed, Command) or parsed.action != "msg":
        raise CommandError(M_("not a message: msg CELL|white|all your words"))
    if not parsed.target:
        raise CommandError(M_("msg needs a recipient: msg CELL|white|all your words"))
    params = dict(parsed.params)
    text = " ".join(str(params.pop("text", "")).split())
    if not text:
        raise CommandError(M_("write what you want to tell {recipient}: msg {recipient} your words", recipient=parsed.target))
    if len(text) > MAX_TEXT:
        raise CommandError(M_("a message holds at most {limit} characters (this one has {length})", limit=MAX_TEXT,
                              length=len(text)))
    params.pop("from", None)
    if params:
        raise CommandError(M_("msg takes no {key}= (write: msg {recipient} your words)", key=next(iter(params)),
                              recipient=parsed.target))
    line = f"msg {parsed.target} from={sender} text={_quoted(text)}"
    if len(line) > MAX_LENGTH:
        raise CommandError(M_("the message is too long (at most {limit} characters with its recipient)", limit=MAX_LENGTH))
    return line


def is_message(text: str) -> bool:
    """Whether a typed line is a ``msg`` (without raising on lines that do not parse)."""
    try:
        parsed = parse_command(text)
    except CommandError:
        return False
    return isinstance(parsed, Command) and parsed.action == "msg"
