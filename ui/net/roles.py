"""What each seat may type, checked at the host before a line reaches the exercise.

* a **cell** gives its own orders (the host submits them as that cell, never as another), writes
  messages (``msg``), and asks ``help`` and ``status``; the clock, White's inject controls and
  switching cells are not for it;
* **White** may type everything exercise control may at the console: orders as White, ``pause``,
  ``resume``, ``speed``, ``fire`` / ``postpone`` / ``cancel`` / ``inject``, ``note``, ``msg`` and
  ``quit`` (which ends the exercise for everyone);
* an **evaluator** writes notes (``note ...``) and asks ``help`` and ``status``;
* an **observer** only asks ``help`` and ``status``: the seat is read-only.

``cell NAME`` (hot-seat switching) is refused for every network seat: a seat is one place.
What a seat's orders may do within its role is the exercise's to decide (it refuses, with its
reason, an order the cell may not give), so this module only draws the lines between roles.
"""

from __future__ import annotations

from sim.commands import ALIASES, CommandError, Command, Control, parse_command
from sim.i18n import M_
from sim.plugins import load_plugins
from sim.registry import ACTIONS

WHITE_ONLY_CONTROLS = ("pause", "resume", "speed", "quit")
"""Control words only exercise control may use: they change the session for every seat."""

ASKING = ("help", "status", "read")
"""Control words every seat may use: they only answer the one who asks."""


def refusal(role: str, text: str) -> str | None:
    """Why a seat of ``role`` may not send ``text`` (None: it may; the exercise then decides on the order itself)."""
    try:
        parsed = parse_command(text)
    except CommandError:
        parsed = None  # not a well-formed line: the exercise refuses it with its reason (cells and White only)
    if isinstance(parsed, Control):
        if parsed.word in ASKING:
            return None
        if parsed.word == "cell":
            return M_("a network seat is one place: 'cell' switches cells only at a hot-seat console")
        if parsed.word in WHITE_ONLY_CONTROLS and role != "white":
            return M_("'{word}' is exercise control's (White's): ask White", word=parsed.word)
        return None
    if role == "observer":
        return M_("an observer's seat is read-only: help and status only")
    if role == "evaluator":
        if isinstance(parsed, Command) and parsed.action == "note":
            return None
        return M_("an evaluator writes notes: note [OBJECTIVE] [rating=P|S|M|U] what you observed")
    if role == "cell" and isinstance(parsed, Command):
        load_plugins()  # the registry is filled by the catalogue's modules: never judge against an empty one
        action = ACTIONS.get(ALIASES.get(parsed.action, parsed.action))
        if action is not None and action.control and parsed.action != "msg":
            return M_("'{action}' is exercise control's (White's): a cell orders its own responses",
                      action=parsed.action)
    return None
