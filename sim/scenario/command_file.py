"""Checking a command file against its scenario before anything runs.

A command file is a YAML list of ``{at, cell, command}`` (a scenario is a mapping).
:func:`sim.scenario.parse_commands` checks its shape; :func:`check_entries` then
checks each entry against the scenario, statically, the way
:meth:`sim.exercise.Exercise.submit` would at run time but without building an
exercise:

* ``at`` lies inside the scenario (0 to its duration);
* ``cell`` is a cell of the scenario, or ``white``;
* a red cell's ``command`` is checked as :func:`sim.red_cell.check_order` checks it (a technique of
  its actor's toolbox, a target of the technique's kind, known keys, its own proxies and staff);
* a Dutch cell's ``command`` parses (:func:`sim.commands.parse_command`), is an order and not a
  console control word, and passes :func:`sim.commands.check_command` with the
  cell's permitted actions and, as targets, the ids the scenario declares for
  each registered target kind (:func:`sim.registry.declared_targets`): the
  action exists, the cell may order it, its target exists and is of the action's
  kind, its parameters are known and in range.

What is *not* checked is what only the run decides: capacity at that moment,
preconditions (an inject still pending, a known operation to disrupt, partners
named in ``partners=``), an outlet already censored or a group already banned. Those
orders are refused (and logged) when the run reaches them, as in the console.
Declared staff includes the successors a state sends for expelled staff, since a
playbook may expel those too.

Every problem of a file is reported at once, one line each, as
``file:line:col: [i].field: message`` at the entry's value in the file, with the
nearest valid word where there is one (:func:`sim.commands.suggest`).
:func:`load_command_file` is what ``weerbaar run --commands``, ``ensemble`` and
``play --demo`` read command files with (through
:func:`replays.runner.commands_from_file`); ``weerbaar validate`` uses
:func:`is_command_file` and :func:`scenario_beside` to decide what a file is and
which scenario it is checked against.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath

from sim import red_cell
from sim.commands import CommandError, Control, check_command, parse_command, suggest
from sim.i18n import M_
from sim.plugins import load_plugins
from sim.registry import ACTIONS, TARGET_KINDS, declared_targets
from sim.scenario.loading import ScenarioError, _clock, _error_of, format_problems, parse_commands, read_text
from sim.scenario.schema import CommandEntry, ScenarioBase
from sim.scenario.yamlsafe import LoadedYaml, Path, Position, top_level
from sim.staff import predecessor_id, successor_id
from sim.timeexpr import TimeExprError, describe, parse_start, to_hours

WHITE = "white"
"""The exercise-control cell: always present, orders only the control actions."""

COMMAND_SUFFIXES = (".commands.yaml", ".commands.yml")
"""A file named ``X.commands.yaml`` is a command file whatever it holds; its scenario is ``X.yaml`` beside it."""

@dataclass(frozen=True)
class ScheduledCommand:
    """A checked entry of a command file: ``cell`` orders ``text`` at ``t`` hours (entry ``index`` in the file)."""

    t: float
    cell: str
    text: str
    index: int


def is_command_file(path: str | FilePath, text: str) -> bool:
    """Whether a file is a command file: named ``*.commands.yaml``, or its top level is a list.

    Anything else (a mapping, a scalar, an empty or unreadable document) is taken for a scenario, so
    its problems are reported against the scenario format.
    """
    return str(path).endswith(COMMAND_SUFFIXES) or top_level(text) == "sequence"


def scenario_beside(path: str | FilePath) -> FilePath | None:
    """The scenario ``X.yaml`` (or ``X.yml``) beside a command file ``X.commands.yaml``, if it exists."""
    path = FilePath(path)
    for suffix in COMMAND_SUFFIXES:
        if path.name.endswith(suffix):
            stem = path.name[: -len(suffix)]
            for ext in (".yaml", ".yml"):
                candidate = path.with_name(stem + ext)
                if stem and candidate.is_file():
                    return candidate
    return None


class _StaffIds(list):
    """Declared staff ids that also contain every successor a state may send for them.

    A state replaces expelled staff by ``X-2``, then ``X-2x``, ``X-2x-2`` ... (the rule of
    :mod:`sim.staff`), so a playbook may expel a successor too.
    Iterating gives the declared ids and their first successors (for suggestions and listings).
    """

    def __init__(self, declared: list[str]) -> None:
        super().__init__([*declared, *(successor_id(s) for s in declared)])
        self.declared = frozenset(declared)

    def __contains__(self, name: object) -> bool:
        if not isinstance(name, str):
            return False
        while name not in self.declared:  # walk back to the one it replaces; each step is shorter
            name = predecessor_id(name)
            if name is None:
                return False
        return True


def static_targets(scenario: ScenarioBase) -> dict[str, list[str]]:
    """For each registered target kind, the ids the scenario declares (what a command file may name).

    The declared ids come from the target kinds' registry (:func:`sim.registry.declared_targets`), so a
    kind a plugin adds is checked too; staff also includes the successors of declared staff.
    """
    load_plugins()
    targets = {kind: declared_targets(scenario, kind) for kind in TARGET_KINDS}
    if "staff" in targets:
        targets["staff"] = _StaffIds(targets["staff"])
    return targets


def allowed_actions(scenario: ScenarioBase, cell: str) -> tuple[str, ...]:
    """Actions ``cell`` may order: its declared actions; White: the control actions."""
    if cell == WHITE:
        return tuple(name for name, a in ACTIONS.items() if a.control)
    return tuple(scenario.cells[cell].actions)


def may_order(scenario: ScenarioBase) -> dict[str, list[str]]:
    """For each action, the cells that may order it (for the "(foreign-affairs may)" hint)."""
    table: dict[str, list[str]] = {}
    for cid, cell in scenario.cells.items():
        for name in cell.actions:
            table.setdefault(name, []).append(cid)
    return table


def check_entries(entries: Sequence[CommandEntry], loaded: LoadedYaml, scenario: ScenarioBase
                  ) -> tuple[list[ScheduledCommand], list[tuple[Position, Path, str]]]:
    """Check shape-valid entries against ``scenario``; returns the scheduled commands and every problem.

    Each problem is ``(position, path, message)`` with the position of the offending value.
    """
    load_plugins()
    start = parse_start(scenario.start)
    end = float(scenario.duration.days * 24.0)
    targets = static_targets(scenario)
    table = may_order(scenario)
    cells = [*scenario.cells, WHITE]
    red = scenario.red_cells()
    scheduled: list[ScheduledCommand] = []
    problems: list[tuple[Position, Path, str]] = []

    def problem(i: int, field: str, message: str) -> None:
        path = (i, field)
        problems.append((loaded.position_of(path), path, message))

    for i, entry in enumerate(entries):
        try:
            t = to_hours(entry.at, start)
        except (TimeExprError, ValueError, OverflowError) as exc:
            problem(i, "at", _error_of(exc))
            t = None
        if t is not None and not 0.0 <= t <= end:
            last = _clock(end, start)  # "day 61 00:00", without the calendar date
            problem(i, "at", M_("{at!r} is outside the scenario, which runs from day 1 00:00 to {last} "
                                "(0 to {hours:g} hours)", at=entry.at, last=last, hours=end))
        known_cell = entry.cell in cells
        if not known_cell:
            problem(i, "cell", M_("no cell {cell!r} in scenario {scenario}{hint}", cell=entry.cell, scenario=scenario.id,
                                  hint=suggest(entry.cell, cells)))
        try:
            parsed = parse_command(entry.command)
            if isinstance(parsed, Control):
                raise CommandError(M_("{word!r} is a console control word, not an order", word=parsed.word))
            if known_cell:
                foreign = red_cell.foreign_word(scenario.cells, entry.cell, parsed.action)
                if foreign:
                    raise CommandError(foreign)
                if entry.cell in red:  # a red order: the words its actor's toolbox and holdings allow
                    red_cell.check_order(red_cell.static_context(scenario, entry.cell, targets.get("staff", [])),
                                         parsed)
                else:
                    check_command(parsed, entry.cell, ACTIONS, allowed_actions(scenario, entry.cell), table, targets)
        except CommandError as exc:
            problem(i, "command", _error_of(exc))
        scheduled.append(ScheduledCommand(t if t is not None else 0.0, entry.cell, entry.command, i))
    return scheduled, problems


def parse_command_file(text: str, source: str, scenario: ScenarioBase) -> list[ScheduledCommand]:
    """Validate command-file text against ``scenario``; the commands in file order.

    Raises:
        ScenarioError: every problem, one ``file:line:col: [i].field: message`` line each.
    """
    entries, loaded = parse_commands(text, source)
    scheduled, problems = check_entries(entries, loaded, scenario)
    if problems:
        raise ScenarioError(format_problems(source, problems))
    return scheduled


def load_command_file(path: str | FilePath, scenario: ScenarioBase) -> list[ScheduledCommand]:
    """Read a command file and check it against ``scenario`` (see :func:`parse_command_file`)."""
    return parse_command_file(read_text(path), str(path), scenario)
