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
from sim.i18n import M_, Message, current, name_of, recovered
from sim.names import closest
from sim.timeexpr import TimeExprError, parse_duration

CONTROL_WORDS = ("help", "pause", "resume", "speed", "cell", "status", "read", "quit")
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
    """A command that cannot be carried out, with a one-line reason.

    The reason is usually an :func:`sim.i18n.M_` message: ``str(exc)`` is its English (what the log keeps)
    and :func:`reason` gives the message itself, for :func:`sim.i18n.shown` to render in the reader's language.
    """


def reason(exc: BaseException) -> str:
    """The reason of a refusal as a message (an :func:`sim.i18n.M_` one if it was raised so; else ``str(exc)``):
    its plain value is ``str(exc)``, the English the log keeps."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, str) and first == str(exc) else str(exc)


class Named(str):
    """An actor's, body's or cell's id in a message: the id in the log (and in English, as ever), its display
    name when shown in another language (where the id, an English word, would read as English)."""

    __slots__ = ()

    def _shown(self) -> str:
        return str(self) if current() == "en" else str(name_of(str(self)))


class Recovered(str):
    """English text made elsewhere (a plain sentence, not a message) inside a message: shown through the
    catalogue's templates (:func:`sim.i18n.recovered`), as it is when none matches."""

    __slots__ = ()

    def _shown(self) -> str:
        return recovered(str(self))


class Joined(str):
    """Ids (or other values) joined by ", " in a message, each shown in turn (:class:`Named` ids by name)."""

    def __new__(cls, items) -> "Joined":
        items = tuple(items)
        self = super().__new__(cls, ", ".join(map(str, items)))
        self.items = items
        return self

    def __reduce__(self):
        return (Joined, (self.items,))

    def _shown(self) -> str:
        from sim.i18n import shown

        return ", ".join(str(shown(item)) for item in self.items)


def as_message(text: Any) -> Any:
    """``text`` as a field of a message: a message as it is, plain English (made elsewhere) as :class:`Recovered`."""
    if isinstance(text, Message) or not isinstance(text, str) or isinstance(text, (Named, Recovered)):
        return text
    return Recovered(text)


def suggest(word: str, options: Collection[str], by_words: bool = True) -> str:
    """``"; did you mean 'x'?"`` for the option ``word`` most likely meant, or "" (:func:`sim.names.closest`),
    as a message (the one 'did you mean' of every caller)."""
    near = closest(word, options, by_words)
    return M_("; did you mean {option!r}?", option=near) if near is not None else ""


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
        raise CommandError(M_("unterminated quote"))
    if started:
        tokens.append("".join(current))
    return tokens


def parse_command(text: str) -> Command | Control:
    """Parse one line; raises :class:`CommandError` (and nothing else) on any bad input."""
    if not isinstance(text, str):
        raise CommandError(M_("a command is a line of text"))
    if len(text) > MAX_LENGTH:
        raise CommandError(M_("command is longer than {limit} characters", limit=MAX_LENGTH))
    # Control characters and line/paragraph separators would let one command print as several lines.
    if any(c != "\t" and unicodedata.category(c) in ("Cc", "Zl", "Zp") for c in text):
        raise CommandError(M_("command contains control characters or line breaks"))
    tokens = _tokens(text.strip())
    if not tokens:
        raise CommandError(M_("empty command; type 'help' for the actions you may order"))
    head = tokens[0].lower().replace("-", "_")
    if head in CONTROL_WORDS:
        return Control(head, tuple(tokens[1:]))
    if not _WORD.match(head):
        raise CommandError(M_("{word!r} is not an action word; type 'help' for the list", word=tokens[0]))
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
                raise CommandError(M_("{key!r} is not a parameter name (write key=value)", key=key))
            if value == "":
                raise CommandError(M_("{key}= needs a value", key=key))
            if any(k == key for k, _ in params):
                raise CommandError(M_("{key}= given twice", key=key))
            params.append((key, value))
        elif params:
            raise CommandError(M_("{token!r} after key=value parameters: the target comes right after the action", token=token))
        elif target:
            raise CommandError(M_("{token!r}: only one target per command (got {target!r} already)", token=token, target=target))
        else:
            target = token.lower()
            if not _TARGET.match(target):
                raise CommandError(M_("{token!r} is not a valid target id", token=token))
    if words:
        if any(k == free_param for k, _ in params):
            raise CommandError(M_("{key}= given twice (as {key}= and as words after the target)", key=free_param))
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
                    raise CommandError(M_("{where}{raw}: {item!r} is not one of {choices}{hint}", where=where, raw=raw,
                                          item=item, choices=", ".join(param.choices), hint=suggest(item, param.choices)))
        return value
    if param.kind == "hours":
        try:
            value = parse_duration(raw)
        except TimeExprError:
            raise CommandError(M_("{where}{raw}: write a duration such as 12h or 2d", where=where, raw=raw)) from None
    else:
        try:
            value = int(raw) if param.kind == "int" else float(raw)
        except ValueError:
            raise CommandError(M_("{where}{raw}: expected a whole number", where=where, raw=raw) if param.kind == "int"
                               else M_("{where}{raw}: expected a number", where=where, raw=raw)) from None
        if value != value or value in (float("inf"), float("-inf")):
            raise CommandError(M_("{where}{raw}: expected a finite number", where=where, raw=raw))
    if (param.low is not None and value < param.low) or (param.high is not None and value > param.high):
        raise CommandError(M_("{where}{raw}: must be between {low:g} and {high:g}", where=where, raw=raw, low=param.low,
                              high=param.high))
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
        raise CommandError(M_("unknown action {action!r}{hint}", action=command.action,
                              hint=suggest(command.action, allowed or actions)))
    if command.action not in allowed:
        others = sorted(may_order.get(command.action, ()))
        who = M_(" ({cells} may)", cells=", ".join(others)) if others else ""
        raise CommandError(M_("cell {cell!r} may not order {action!r}{who}{hint}", cell=cell, action=command.action,
                              who=who, hint=suggest(command.action, allowed)))
    if action.target == "none" and command.target:
        raise CommandError(M_("{action} takes no target (usage: {usage})", action=action.name, usage=action.usage()))
    if action.target != "none":
        options = targets.get(action.target, ())
        if not command.target and action.target_required:
            listed = ", ".join(sorted(options)[:8]) or M_("none available")
            raise CommandError(M_("{action} needs a {kind} as target: {listed}", action=action.name,
                                  kind=target_kind(action.target), listed=listed))
        if command.target and command.target not in options:
            raise CommandError(_no_such_target(action, command.target, options))
    values = {p.name: p.default for p in action.params}
    for key, raw in command.params:
        param = action.param(key) or (SURGE if key == SURGE.name and not action.control else None)
        if param is None:
            raise CommandError(M_("{action} has no parameter {key!r}{hint}", action=action.name, key=key,
                                  hint=suggest(key, [p.name for p in action.params] + [SURGE.name])))
        values[key] = _convert(action, param, raw)
    return values


def _no_such_target(action: Action, target: str, options: Collection[str]) -> str:
    """Why ``target`` is not one of ``options``, in the words White and the cells use."""
    if action.target == "msel_inject":
        numbers = sorted(int(o) for o in options if o.isdigit())
        span = f"{numbers[0]}-{numbers[-1]}" if numbers else M_("none")
        return M_("no inject {target!r} in the MSEL (its injects are {span})", target=target, span=span)
    if action.name == "note":
        return M_("no objective {target!r}{hint} (objectives: {objectives}); for a note on no objective write "
                  "note text=\"...\" or start the note with a capital", target=target, hint=suggest(target, options),
                  objectives=", ".join(options))
    return M_("no {kind} {target!r}{hint} (usage: {usage})", kind=target_kind(action.target), target=target,
              hint=suggest(target, options), usage=action.usage())


TARGET_WORDS = {"narrative": M_("narrative"), "segment": M_("segment"), "actor": M_("actor"), "staff": M_("staff"),
                "platform": M_("platform"), "outlet": M_("outlet"), "group": M_("group"), "objective": M_("objective"),
                "recipient": M_("recipient"), "suspect": M_("suspect")}
"""Target kinds as words in a reason (English: the kind's id, as the log has always had it)."""


def target_kind(kind: str) -> str:
    """A target kind as a word of a message (its id when no word is known)."""
    word = TARGET_WORDS.get(kind)
    return word if word is not None and word == kind else kind


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
