"""Tab completion, inline hints and ``help`` text for the command line.

All three read the same sources as the engine's own checks: the action catalogue
(:data:`sim.registry.ACTIONS`), what the cell may order
(:meth:`Exercise.allowed_actions`), the targets that exist now
(:meth:`Exercise.targets`) and the console's control words. Nothing here draws.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass

from sim.commands import ALIASES, CONTROL_WORDS, SURGE
from sim.events import WHITE
from sim.i18n import N_, _
from sim.registry import ACTIONS
from ui.console import redview

SPEED_WORDS = ("slower", "faster")


@dataclass(frozen=True)
class Completion:
    """Result of completing a line.

    Attributes:
        text: the line after completion (unchanged when nothing fits).
        options: the candidates for the word being completed (shown as a hint).
    """

    text: str
    options: tuple[str, ...] = ()


def _targets(exercise, kind: str, cell: str) -> list[str]:
    try:
        return list(exercise.targets(kind))
    except (KeyError, ValueError, AttributeError):  # a target kind this console does not know yet
        return []


def value_options(exercise, param, cell: str) -> list[str]:
    """Values a parameter may take: its choices, or the ids its name refers to (``narrative=``, ``partners=``)."""
    if param.choices:
        return list(param.choices)
    if param.kind != "str":
        return []
    from sim.registry import TARGET_KINDS

    name = param.name
    if name in TARGET_KINDS and name != "none":
        return sorted(_targets(exercise, name, cell))
    kind = name[:-1] if name.endswith("s") else name
    actors = getattr(exercise, "actors", {}) or {}
    return sorted(a.actor_id for a in actors.values() if getattr(a.spec, "kind", "") == kind)


def action_words(exercise, cell: str) -> list[str]:
    """Words a cell may start a line with: its actions (a red cell: its techniques), White's short forms, control words."""
    if redview.is_red(exercise, cell):
        return redview.words(exercise, cell)
    words = list(exercise.allowed_actions(cell))
    if cell == WHITE:
        words += [alias for alias, full in ALIASES.items() if full in words]
    return sorted(set(words)) + [w for w in CONTROL_WORDS if w not in words]


def candidates(line: str, exercise, cell: str, cells: Sequence[str], speeds: Sequence[str]) -> tuple[str, list[str]]:
    """The word being typed at the end of ``line`` and its possible completions."""
    ends_in_space = line.endswith(" ")
    tokens = line.split()
    current = "" if ends_in_space or not tokens else tokens[-1]
    index = len(tokens) if ends_in_space else max(0, len(tokens) - 1)
    if index == 0:
        words = action_words(exercise, cell)
        return current, [w for w in words if w.startswith(current.lower())]
    head = tokens[0].lower().replace("-", "_")
    if head in CONTROL_WORDS:
        if index > 1:
            return current, []
        pool = {"help": action_words(exercise, cell), "cell": list(cells),
                "speed": [*speeds, *SPEED_WORDS]}.get(head, [])
        return current, [w for w in pool if w.startswith(current)]
    if redview.is_red(exercise, cell):
        return current, redview.candidates(tokens, current, index, exercise, cell)
    action = ACTIONS.get(ALIASES.get(head, head))
    if action is None:
        return current, []
    if "=" in current:  # a parameter's value: complete from its choices, after the last comma
        key, _eq, value = current.partition("=")
        param = _param(action, key)
        pool = value_options(exercise, param, cell) if param is not None else []
        done, _comma, last = value.rpartition(",")
        prefix = f"{key}={done + ',' if done else ''}"
        taken = set(done.split(",")) if done else set()
        return current, [prefix + c for c in pool if c.startswith(last) and c not in taken]
    options: list[str] = []
    if index == 1 and action.target != "none":
        options += [t for t in sorted(_targets(exercise, action.target, cell)) if t.startswith(current.lower())]
    if index >= 1 and not (index == 1 and action.target_required):
        given = {t.partition("=")[0] for t in tokens[1:] if "=" in t}
        options += [f"{p.name}=" for p in _params(action) if p.name not in given and p.name.startswith(current)]
    return current, options


def _params(action) -> list:
    """The parameters an order of ``action`` takes: its own, and ``surge`` for every response."""
    return [*action.params] + ([] if action.control else [SURGE])


def _param(action, key: str):
    return next((p for p in _params(action) if p.name == key), None)


def complete(line: str, exercise, cell: str, cells: Sequence[str] = (), speeds: Sequence[str] = ()) -> Completion:
    """Complete the last word of ``line``: the single option, or the options' common prefix."""
    current, options = candidates(line, exercise, cell, cells, speeds)
    if not options:
        return Completion(line, ())
    stem = line[: len(line) - len(current)]
    if len(options) == 1:
        word = options[0]
        return Completion(stem + word + ("" if word.endswith(("=", ",")) else " "), tuple(options))
    prefix = os.path.commonprefix(options)
    return Completion(stem + prefix if len(prefix) > len(current) else line, tuple(options))


def usage_line(name: str) -> str:
    """``usage (staff-days, political capital, lead time) summary`` of one action."""
    action = ACTIONS[name]
    price = [_("{n:g} staff-days").format(n=action.capacity) if action.capacity else _("no staff-days")]
    if action.political_capital:
        price.append(_("{n:g} political capital").format(n=action.political_capital))
    lead = _("immediate") if not action.lead_hours else _("takes effect after {hours:g} h").format(hours=action.lead_hours)
    heavy = " " + _("HEAVY-HANDED: costs freedoms and trust.") if action.heavy_handed else ""
    return f"{action.usage()}  ({', '.join(price)}, {lead}) {_(action.summary)}{heavy}"


def costs_text(name: str) -> str:
    """What an action costs the Netherlands when it takes effect (:attr:`sim.actions.Action.costs`), or "":
    ``bilateral_relations -8 (the state expels a Dutch diplomat in return)``, several joined by ``; ``."""
    return "; ".join(c.shown() for c in ACTIONS[name].costs)


def capital_line(exercise, name: str) -> str:
    """The political capital an action spends and what the government has left, or "" if it spends none."""
    amount = ACTIONS[name].political_capital
    if not amount:
        return ""
    capital = getattr(exercise, "capital", None)
    if capital is None:
        return _("spends {amount:g} political capital when accepted").format(amount=amount)
    return _("spends {amount:g} political capital when accepted ({left:g} of {start:g} left)").format(
        amount=amount, left=capital.left, start=capital.start)


SURGE_HELP = N_("surge=yes: start now on borrowed staff-days when the body is busy, instead of waiting "
              "(leaves fatigue: the body refills slower afterwards)")


def hint(line: str, exercise, cell: str, cells: Sequence[str] = (), speeds: Sequence[str] = ()) -> str:
    """Inline help for what is being typed: the action's usage, or the words that fit."""
    tokens = line.split()
    if not tokens:
        return _("type an order, or help · Tab completes · Up/Down history · F1 keys")
    head = tokens[0].lower().replace("-", "_")
    name = ALIASES.get(head, head)
    red = redview.is_red(exercise, cell) and head not in CONTROL_WORDS
    if red and (len(tokens) > 1 or line.endswith(" ")):
        text = redview.hint(tokens, exercise, cell)
        if text is None:
            return _("{word!r} is not in the toolbox; type help for the list").format(word=tokens[0])
        current, options = candidates(line, exercise, cell, cells, speeds)
        if options and len(options) > 1:
            text = "  ".join(options[:12]) + ("  …" if len(options) > 12 else "") + "   |   " + text
        return text
    if name in ACTIONS and (len(tokens) > 1 or line.endswith(" ")):
        text = usage_line(name)
        if name not in exercise.allowed_actions(cell):
            text = _("{cell} may not order {action}.").format(cell=cell, action=name) + " " + text
        current, options = candidates(line, exercise, cell, cells, speeds)
        if options and len(options) > 1:
            text = "  ".join(options[:12]) + ("  …" if len(options) > 12 else "") + "   |   " + text
        return text
    if head in CONTROL_WORDS and (len(tokens) > 1 or line.endswith(" ")):
        return _(CONTROL_HELP[head]) if head in CONTROL_HELP else head
    _word, options = candidates(line, exercise, cell, cells, speeds)
    if red and len(options) == 1:
        return redview.hint(options, exercise, cell) or options[0]
    if not options:
        if red:
            return _("no technique starts with {word!r}; type help for the list").format(word=tokens[0])
        return _("no action starts with {word!r}; type help for the list").format(word=tokens[0])
    if len(options) == 1 and options[0] in ACTIONS:
        return usage_line(options[0])
    return "  ".join(options[:16]) + ("  …" if len(options) > 16 else "")


CONTROL_HELP = {
    "help": N_("help [ACTION]: the orders this cell may give, or one action's usage"),
    "pause": N_("pause: stop the clock (for discussion)"),
    "resume": N_("resume: restart the clock"),
    "speed": N_("speed [N|NAME|faster|slower]: set the clock speed; without a value, list the speeds"),
    "cell": N_("cell [NAME]: switch the active cell (hot-seat); without a name, list the cells"),
    "status": N_("status: clock, speed, your bodies' capacity, political capital, orders waiting for capacity "
                 "and in their lead time"),
    "read": N_("read N: the supporting material of inject N (an article, a post, an e-mail, a note) once it has "
               "reached your cell; White reads any inject's"),
    "quit": N_("quit: end the exercise here (the replay is saved)"),
}


def help_lines(exercise, cell: str, topic: str = "") -> list[str]:
    """Lines for ``help`` (the cell's orders and the control words) or ``help TOPIC``."""
    if redview.is_red(exercise, cell) and topic.lower() not in CONTROL_HELP:
        return redview.help_lines(exercise, cell, topic)
    topic = topic.lower().replace("-", "_")
    if topic:
        name = ALIASES.get(topic, topic)
        if name in ACTIONS:
            action = ACTIONS[name]
            lines = [usage_line(name)]
            costs = costs_text(name)
            if costs:
                lines.append("  " + _("costs the Netherlands when it takes effect: {costs}").format(costs=costs))
            if action.political_capital:
                lines.append(f"  {capital_line(exercise, name)}")
            for p in action.params:
                rng = ""
                if p.low is not None and p.high is not None:
                    rng = f" ({p.low:g}-{p.high:g})"
                elif p.choices:
                    rng = " " + _("(one or more of {choices})").format(choices=", ".join(p.choices))
                lines.append(f"  {p.name}={p.default}{rng}: {_(p.help)}".rstrip(": "))
            if not action.control and action.capacity:
                lines.append(f"  {_(SURGE_HELP)}")
            if action.target != "none":
                options = sorted(_targets(exercise, action.target, cell))
                lines.append("  " + _("{kind} targets now: {targets}").format(
                    kind=action.target, targets=", ".join(options) or _("none")))
            if name not in exercise.allowed_actions(cell):
                may = sorted(c for c, spec in exercise.cells.items() if name in spec.actions)
                if may:
                    lines.append("  " + _("{cell} may not order it ({cells} may)").format(
                        cell=cell, cells=", ".join(may)))
                else:
                    lines.append("  " + _("{cell} may not order it").format(cell=cell))
            return lines
        if topic in CONTROL_HELP:
            return [_(CONTROL_HELP[topic])]
        return [_("no help on {topic!r}; type help for the list").format(topic=topic)]
    lines = [_("orders {cell} may give (help ACTION for details):").format(cell=cell)]
    for name in exercise.allowed_actions(cell):
        if name in ACTIONS:
            lines.append("  " + usage_line(name))
    if cell == WHITE:
        lines.append("  " + _("short forms: fire N, postpone N by=12h, cancel N"))
    lines.append(_("console: {words} (help WORD); keys: F1 help, Tab complete, Up/Down history").format(
        words=", ".join(CONTROL_WORDS)))
    return lines
