"""The command language shared by the console and command files.

A command is ``ACTION [TARGET] [key=value ...]``, for example::

    public_attribution vostria partners=eu,nato
    awareness_campaign young-online strength=0.6
    fire_inject 4

plus a few control words the console handles itself (``help``, ``pause``,
``resume``, ``speed``, ``cell``, ``status``). Parsing (:func:`parse_command`) only
checks the shape; :func:`check_command` then checks the words against the action
catalogue, the cell's permissions and the targets that exist. Every problem is a
:class:`CommandError` of one line that suggests the nearest valid word.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from sim.actions import Action, Param
from sim.names import suggest  # noqa: F401  (re-exported: the one 'did you mean' of every caller)
from sim.timeexpr import TimeExprError, parse_duration

CONTROL_WORDS = ("help", "pause", "resume", "speed", "cell", "status", "quit")
"""Words the console handles without the exercise (never logged as orders)."""

ALIASES = {"fire": "fire_inject", "postpone": "postpone_inject", "cancel": "cancel_inject", "inject": "add_inject"}
"""Short forms for the White cell's inject controls."""

FREE_TEXT = {"note": "text", "add_inject": "text", "msg": "text"}
"""Actions whose words after the target (and its ``key=value`` parameters) are one free-text parameter:
``note vote-trusted rating=S the count went well`` is ``note vote-trusted rating=S text="the count went well"``.
A note's first word counts as its objective only if it could be an id: ``note The count went well`` is a free
note (whether a lower-case first word is an objective is for the checks against the scenario to say)."""

_WORD = re.compile(r"^[a-z][a-z0-9_]*$")
_TARGET = re.compile(r"^[a-z0-9][a-z0-9_.\-]*$")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")
MAX_LENGTH = 500


class CommandError(ValueError):
    """A command that cannot be carried out, with a one-line reason."""


@dataclass(frozen=True)
class Command:
    """A parsed order.

    Attributes:
        action: action name (aliases resolved, lower case).
        target: target id, or "".
        params: ``key=value`` pairs as written (values are strings until checked).
    """

    action: str
    target: str = ""
    params: tuple[tuple[str, str], ...] = ()

    def text(self) -> str:
        """The canonical text of the command."""
        parts = [self.action] + ([self.target] if self.target else [])
        parts += [f"{k}={_quote(v)}" for k, v in self.params]
        return " ".join(parts)


@dataclass(frozen=True)
class Control:
    """A console control word with its arguments."""

    word: str
    args: tuple[str, ...] = ()


def _quote(value: str) -> str:
    return f'"{value}"' if (not value or any(c.isspace() for c in value)) else value


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    current: list[str] = []
    quoted = False
    started = False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            started = True
        elif ch.isspace() and not quoted:
            if started:
                tokens.append("".join(current))
            current, started = [], False
        else:
            current.append(ch)
            started = True
    if quoted:
        raise CommandError("unterminated quote")
    if started:
        tokens.append("".join(current))
    return tokens


def parse_command(text: str) -> Command | Control:
    """Parse one line; raises :class:`CommandError` (and nothing else) on any bad input."""
    if not isinstance(text, str):
        raise CommandError("a command is a line of text")
    if len(text) > MAX_LENGTH:
        raise CommandError(f"command is longer than {MAX_LENGTH} characters")
    # Control characters and line/paragraph separators would let one command print as several lines.
    if any(c != "\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise CommandError("command contains control characters or line breaks")
    tokens = _tokens(text.strip())
    if not tokens:
        raise CommandError("empty command; type 'help' for the actions you may order")
    head = tokens[0].lower().replace("-", "_")
    if head in CONTROL_WORDS:
        return Control(head, tuple(tokens[1:]))
    if not _WORD.match(head):
        raise CommandError(f"{tokens[0]!r} is not an action word; type 'help' for the list")
    action = ALIASES.get(head, head)
    target = ""
    params: list[tuple[str, str]] = []
    free_param = FREE_TEXT.get(action)
    words: list[str] = []
    for index, token in enumerate(tokens[1:]):
        if free_param and "=" not in token and (target or params or words or index > 0
                                                 or not _TARGET.match(token)
                                                 or (action == "note" and token != token.lower())):
            words.append(token)
            continue
        if "=" in token:
            key, _, value = token.partition("=")
            key = key.lower()
            if not _KEY.match(key):
                raise CommandError(f"{key!r} is not a parameter name (write key=value)")
            if value == "":
                raise CommandError(f"{key}= needs a value")
            if any(k == key for k, _ in params):
                raise CommandError(f"{key}= given twice")
            params.append((key, value))
        elif params:
            raise CommandError(f"{token!r} after key=value parameters: the target comes right after the action")
        elif target:
            raise CommandError(f"{token!r}: only one target per command (got {target!r} already)")
        else:
            target = token.lower()
            if not _TARGET.match(target):
                raise CommandError(f"{token!r} is not a valid target id")
    if words:
        if any(k == free_param for k, _ in params):
            raise CommandError(f"{free_param}= given twice (as {free_param}= and as words after the target)")
        params.append((free_param, " ".join(words)))
    return Command(action, target, tuple(params))


def _convert(action: Action, param: Param, raw: str) -> Any:
    where = f"{action.name} {param.name}="
    if param.kind == "str":
        value: Any = raw.lower() if param.choices else raw
        if param.choices:
            items = value.split(",")
            for item in items:
                if item not in param.choices:
                    raise CommandError(f"{where}{raw}: {item!r} is not one of {', '.join(param.choices)}{suggest(item, param.choices)}")
        return value
    if param.kind == "hours":
        try:
            value = parse_duration(raw)
        except TimeExprError:
            raise CommandError(f"{where}{raw}: write a duration such as 12h or 2d") from None
    else:
        try:
            value = int(raw) if param.kind == "int" else float(raw)
        except ValueError:
            raise CommandError(f"{where}{raw}: expected a {'whole ' if param.kind == 'int' else ''}number") from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CommandError(f"{where}{raw}: expected a finite number")
    if (param.low is not None and value < param.low) or (param.high is not None and value > param.high):
        raise CommandError(f"{where}{raw}: must be between {param.low:g} and {param.high:g}")
    return value


SURGE = Param("surge", "str", default="no", choices=("yes", "no"),
              help="start now on borrowed staff-days instead of waiting (leaves fatigue: see sim.actions.Capacity)")
"""A parameter every response takes: ``surge=yes`` (see :class:`sim.actions.Capacity`)."""


def check_command(
    command: Command,
    cell: str,
    actions: Mapping[str, Action],
    allowed: Collection[str],
    may_order: Mapping[str, Collection[str]],
    targets: Mapping[str, Collection[str]],
) -> dict[str, Any]:
    """Check a parsed command for ``cell``; returns its parameters with defaults, converted.

    Args:
        command: the parsed command.
        cell: the ordering cell.
        actions: the action catalogue.
        allowed: actions this cell may order.
        may_order: for each action, the cells that may order it (for the hint).
        targets: for each target kind, the ids that exist now.

    Raises:
        CommandError: one line naming the problem and the nearest valid word.
    """
    action = actions.get(command.action)
    if action is None:
        raise CommandError(f"unknown action {command.action!r}{suggest(command.action, allowed or actions)}")
    if command.action not in allowed:
        others = sorted(may_order.get(command.action, ()))
        who = f" ({', '.join(others)} may)" if others else ""
        raise CommandError(f"cell {cell!r} may not order {command.action!r}{who}{suggest(command.action, allowed)}")
    if action.target == "none" and command.target:
        raise CommandError(f"{action.name} takes no target (usage: {action.usage()})")
    if action.target != "none":
        options = targets.get(action.target, ())
        if not command.target and action.target_required:
            listed = ", ".join(sorted(options)[:8]) or "none available"
            raise CommandError(f"{action.name} needs a {action.target} as target: {listed}")
        if command.target and command.target not in options:
            raise CommandError(_no_such_target(action, command.target, options))
    values = {p.name: p.default for p in action.params}
    for key, raw in command.params:
        param = action.param(key) or (SURGE if key == SURGE.name and not action.control else None)
        if param is None:
            raise CommandError(f"{action.name} has no parameter {key!r}"
                               f"{suggest(key, [p.name for p in action.params] + [SURGE.name])}")
        values[key] = _convert(action, param, raw)
    return values


def _no_such_target(action: Action, target: str, options: Collection[str]) -> str:
    """Why ``target`` is not one of ``options``, in the words White and the cells use."""
    if action.target == "msel_inject":
        numbers = sorted(int(o) for o in options if o.isdigit())
        span = f"{numbers[0]}-{numbers[-1]}" if numbers else "none"
        return f"no inject {target!r} in the MSEL (its injects are {span})"
    if action.name == "note":
        return (f"no objective {target!r}{suggest(target, options)} (objectives: {', '.join(options)}); "
                f"for a note on no objective write note text=\"...\" or start the note with a capital")
    return f"no {action.target} {target!r}{suggest(target, options)} (usage: {action.usage()})"


_CUT_NOTE = re.compile(r" \[cut: the line had (\d+) characters\]$")


def recorded_text(text: str) -> str:
    """What a log or replay keeps of a typed line: the line, or its first :data:`MAX_LENGTH` characters and a note.

    A line over the limit is refused anyway; keeping it whole let one pasted blob grow a replay by
    megabytes. The cut form is itself over the limit, so re-submitting it (``verify``) is refused with
    the same reason, and cutting it again gives it back unchanged.
    """
    if len(text) <= MAX_LENGTH:
        return text
    note = _CUT_NOTE.search(text)
    if note is not None and note.start() == MAX_LENGTH:
        return text
    return f"{text[:MAX_LENGTH]} [cut: the line had {len(text)} characters]"
