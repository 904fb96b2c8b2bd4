"""Loading and validating scenario and command files.

:func:`load_scenario` reads a scenario file with the safe, position-keeping YAML
loader, validates it against the scenario model and then checks the references
between its parts (cells name bodies that exist, injects name objectives that
exist, ...). Every problem of a file is collected and reported at once, one line
each, as ``file:line:col: path: message`` (:func:`format_problems`).

:func:`read_text` reads a file as UTF-8 and reports a byte that is not by its line
and column. :func:`parse_commands` checks the shape of a command file (a YAML list
of ``{at, cell, command}``) with the same loader and keeps the positions;
:mod:`sim.scenario.command_file` checks its entries against a scenario. Suggestions ("did
you mean") come from :func:`sim.commands.suggest`, the one helper for them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

from pydantic import BaseModel, ValidationError

from sim.commands import suggest
from sim.i18n import M_, Message, shown
from sim.plugins import load_plugins
from sim.registry import ACTIONS, TECHNIQUES
from sim.evidence import declared_suspect_ids
from sim.scenario.schema import CommandEntry, ScenarioBase, command_file_model, scenario_model
from sim.scenario.schemabase import Yaml11Trap
from sim.scenario.yamlsafe import LoadedYaml, Path, Position, YamlSyntaxError, decode, load_yaml
from sim.timeexpr import describe, parse_start, to_hours
from sim.triggers import TriggerError, parse_trigger

MODELINE = "# yaml-language-server: $schema="


class ScenarioError(ValueError):
    """A file failed to load; ``lines`` holds one ``file:line:col: path: message`` per problem.

    The problems are kept as :class:`sim.i18n.Message` values (``messages``): ``str()`` of the error is the
    English, and ``lines`` (what the command line prints) renders them in the current language."""

    def __init__(self, lines: Sequence[str]) -> None:
        super().__init__("\n".join(lines))
        self.messages = list(lines)

    @property
    def lines(self) -> list[str]:
        """The problems, one line each, in the current language."""
        return [str(shown(line)) for line in self.messages]

    def _shown(self) -> str:
        return "\n".join(self.lines)


def problem_line(where: str, path: str, problem: Any) -> Message:
    """``where: path: problem`` as a message: the English is logged, the problem is shown translated."""
    return Message("{where}: {path}: {problem}", where=where, path=path, problem=problem)


def _error_of(exc: BaseException) -> Any:
    """An exception's message: the :class:`sim.i18n.Message` it was raised with, or its text."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) and first == str(exc) else str(exc)


@dataclass(frozen=True)
class LoadedScenario:
    """A validated scenario with the text it came from.

    Attributes:
        scenario: the validated model.
        text: the file's text exactly (replays store it).
        sha256: hex digest of ``text``.
        source: file name used in messages.
    """

    scenario: ScenarioBase
    text: str
    sha256: str
    source: str


def _format_path(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        if not isinstance(part, int) and not (part and all(c.isprintable() and not c.isspace() for c in part)):
            # A key with spaces or control characters would split the path (and the line); stop at its
            # parent: the position is still the key's, and the message names it quoted.
            break
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top)"


def _data_path(loc: Sequence[str | int], data: Any) -> Path:
    """The part of a pydantic error location that exists in the data (drops union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
            path.append(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            path.append(part)
        elif isinstance(node, dict) and isinstance(part, str) and part.endswith("_") and part[:-1] in node:
            node = node[part[:-1]]  # pydantic field ``from_`` is ``from`` in the file
            path.append(part[:-1])
        elif isinstance(node, (dict, list)):
            continue  # a union tag (``state_actor``) or a function-validator label
        else:
            path.append(part)  # a missing key: name it
    return tuple(path)


def _message(error: dict[str, Any]) -> str:
    value = error.get("input")
    if isinstance(value, Yaml11Trap):
        return value.hint
    kind = error["type"]
    if kind == "extra_forbidden":
        return M_("unknown key {key!r}", key=error["loc"][-1])
    if kind == "missing":
        return M_("required key {key!r} is missing", key=error["loc"][-1])
    raised = (error.get("ctx") or {}).get("error")
    if isinstance(raised, BaseException) and isinstance(_error_of(raised), Message):
        return _error_of(raised)  # our validator's message (pydantic's own wording stays English)
    msg = str(error["msg"])
    for prefix in ("Value error, ", "Assertion failed, "):
        msg = msg.removeprefix(prefix)
    if kind in ("string_type", "int_type", "float_type", "bool_type", "dict_type", "list_type", "model_type",
                "literal_error", "greater_than_equal", "less_than_equal", "greater_than", "less_than",
                "string_pattern_mismatch"):
        got = repr(value) if not isinstance(value, (dict, list)) else type(value).__name__
        msg = M_("{problem} (got {value})", problem=msg, value=got)
    return msg


def _pydantic_problems(exc: ValidationError, loaded: LoadedYaml) -> list[tuple[Position, Path, str]]:
    problems: list[tuple[Position, Path, str]] = []
    seen: set[Path] = set()
    for error in exc.errors():
        path = _data_path(error["loc"], loaded.data)
        if path in seen:
            continue  # one message per place: a union reports each of its members
        seen.add(path)
        where = loaded.position_of(path, prefer_key=error["type"] in ("extra_forbidden",))
        problems.append((where, path, _message(error)))
    return problems


def inject_time_problem(at: str, scenario: ScenarioBase) -> str:
    """Why an inject timed ``at`` could never fire in ``scenario`` ("" if it can).

    The end itself still fires (the engine runs the events due at its last moment); a time before the
    start would fire at once without saying so.
    """
    start, end = parse_start(scenario.start), scenario.duration.days * 24.0
    hours = to_hours(at, start)
    if hours < 0:
        return M_("{at!r} is before the scenario's start ({clock}, {start})", at=at.strip(),
                  clock=_clock(0.0, start), start=scenario.start)
    if hours > end:
        days = (M_("{n:g} day", n=end / 24.0) if end == 24.0 else M_("{n:g} days", n=end / 24.0))
        return M_("{at!r} is after the scenario's end ({clock}, after {days}); the inject could never fire",
                  at=at.strip(), clock=_clock(end, start), days=days)
    return ""


def _clock(hours: float, start: Any) -> Any:
    """The clock reading of ``hours`` without its date (``day 1 00:00``), shown in the reader's language."""
    reading = describe(hours, start)
    if isinstance(reading, Message) and {"day", "time"} <= set(reading.fields):
        return M_("day {day} {time}", day=reading.fields["day"], time=reading.fields["time"])
    return str(reading).split(" (")[0]


def reference_problems(scenario: ScenarioBase) -> list[tuple[Path, str]]:
    """References between parts of a valid scenario that point at nothing."""
    problems: list[tuple[Path, str]] = []
    actors = {a.id: a for a in getattr(scenario, "actors", [])}
    bodies = {a.id for a in actors.values() if a.kind == "government_body"}
    states = {a.id for a in actors.values() if a.kind == "state_actor"}
    groups = {a.id for a in actors.values() if a.kind == "diaspora_group"}
    narratives = {n.id for n in scenario.narratives}
    segments = {s.id for s in scenario.population.segments} if scenario.population else set()
    objectives = {o.id for o in scenario.objectives}
    seen_ids: dict[str, int] = {}
    for i, actor in enumerate(getattr(scenario, "actors", [])):
        if actor.id in seen_ids:
            problems.append((("actors", i, "id"), M_("duplicate actor id {id!r}", id=actor.id)))
        seen_ids[actor.id] = i
        for path, message in actor.references(actors=actors, narratives=narratives, segments=segments):
            problems.append((("actors", i, *path), message))
    declared_suspects = declared_suspect_ids(scenario)
    for i, actor in enumerate(getattr(scenario, "actors", [])):
        for j, flag in enumerate(getattr(actor, "false_flags", [])):
            if flag not in declared_suspects:
                problems.append((("actors", i, "false_flags", j),
                                 M_("no suspect {id!r}{hint} (suspects: {suspects})", id=flag, hint=suggest(flag, declared_suspects),
                                    suspects=", ".join(declared_suspects))))
    proxies = {s.id: s for s in scenario.suspects if s.kind == "proxy"}
    for i, actor in enumerate(getattr(scenario, "actors", [])):
        for j, proxy in enumerate(getattr(actor, "proxies", [])):
            if proxy not in proxies or proxies[proxy].state != actor.id:
                problems.append((("actors", i, "proxies", j),
                                 M_("no suspect {id!r} of kind proxy working for {actor}{hint}", id=proxy, actor=actor.id,
                                    hint=suggest(proxy, list(proxies)))))
    for i, suspect in enumerate(scenario.suspects):
        if suspect.id in actors:
            problems.append((("suspects", i, "id"), M_("{id!r} is an actor's id; a suspect needs an id of its own", id=suspect.id)))
        if suspect.kind == "proxy" and suspect.state not in states:
            problems.append((("suspects", i, "state"), M_("a proxy works for a state actor: no state actor {id!r}{hint}", id=suspect.state,
                                                          hint=suggest(str(suspect.state), states))))
    played: dict[str, str] = {}
    for cid, cell in scenario.cells.items():
        if cid == "white":
            problems.append((("cells", cid), M_("'white' is the exercise-control cell and cannot be declared")))
        if cell.actor is not None:
            problems += _red_cell_problems(cid, cell, states, played)
            continue
        for j, body in enumerate(cell.bodies):
            if body not in bodies:
                problems.append((("cells", cid, "bodies", j), M_("no government_body {id!r}{hint}", id=body, hint=suggest(body, bodies))))
        for j, name in enumerate(cell.actions):
            act = ACTIONS.get(name)
            if act is None:
                problems.append((("cells", cid, "actions", j), M_("unknown action {name!r}{hint}", name=name, hint=suggest(name, ACTIONS))))
            elif act.control:
                problems.append((("cells", cid, "actions", j), M_("{name!r} is a White-cell control action", name=name)))
        if cell.actions and not cell.bodies:
            problems.append((("cells", cid, "bodies"), M_("a cell that orders actions needs at least one body")))
    for i, narrative in enumerate(scenario.narratives):
        for j, seg in enumerate(narrative.seed_segments):
            if seg not in segments:
                problems.append((("narratives", i, "seed_segments", j), M_("no segment {id!r}{hint}", id=seg, hint=suggest(seg, segments))))
    if len(narratives) != len(scenario.narratives):
        problems.append((("narratives",), M_("narrative ids must be unique")))
    if len(objectives) != len(scenario.objectives):
        problems.append((("objectives",), M_("objective ids must be unique")))
    numbers: set[int] = set()
    cells = set(scenario.cells) | {"all", "white"}
    for i, inject in enumerate(scenario.msel):
        if inject.no in numbers:
            problems.append((("msel", i, "no"), M_("inject number {no} is used twice", no=inject.no)))
        numbers.add(inject.no)
        if not inject.synopsis.strip():
            problems.append((("msel", i, "synopsis"), M_("blank; write what the receiving cells are told")))
        if inject.at is not None:
            problem = inject_time_problem(inject.at, scenario)
            if problem:
                problems.append((("msel", i, "at"), problem))
        timed = [inject.at is not None, inject.when is not None]
        if sum(timed) > 1:
            problems.append((("msel", i), M_("give either 'at' or 'when', not both")))
        elif not any(timed) and not inject.contingency:
            problems.append((("msel", i), M_("needs 'at' or 'when' (or 'contingency: true')")))
        if inject.when is not None:
            try:
                parse_trigger(inject.when, narratives=narratives)
            except TriggerError as exc:
                problems.append((("msel", i, "when"), _error_of(exc)))
        for j, cell in enumerate(inject.to):
            if cell not in cells:
                problems.append((("msel", i, "to", j), M_("no cell {id!r}{hint}", id=cell, hint=suggest(cell, cells))))
        if inject.objective is not None and inject.objective not in objectives:
            problems.append((("msel", i, "objective"), M_("no objective {id!r}{hint}", id=inject.objective,
                                                                  hint=suggest(inject.objective, objectives))))
        fires = inject.fires
        if fires is not None and fires.technique is not None:
            if fires.technique not in TECHNIQUES:
                problems.append((("msel", i, "fires", "technique"), M_("unknown technique {name!r}{hint}", name=fires.technique, hint=suggest(fires.technique, TECHNIQUES))))
            elif TECHNIQUES[fires.technique].target in ("narrative", "group"):
                kind = TECHNIQUES[fires.technique].target
                options = narratives if kind == "narrative" else groups
                if fires.target not in options:
                    problems.append((("msel", i, "fires", "target"),
                                     (M_("{technique} needs a narrative as target, not {target!r}{hint}", technique=fires.technique,
                                         target=fires.target, hint=suggest(fires.target or "", options))
                                      if kind == "narrative" else
                                      M_("{technique} needs a group as target, not {target!r}{hint}",
                                         technique=fires.technique, target=fires.target,
                                         hint=suggest(fires.target or "", options)))))
            if fires.actor not in states:
                problems.append((("msel", i, "fires", "actor"), M_("no state_actor {id!r}{hint}", id=fires.actor, hint=suggest(fires.actor or "", states))))
    return problems


def _red_cell_problems(cid: str, cell: Any, states: set[str], played: dict[str, str]) -> list[tuple[Path, str]]:
    """What is wrong with red cell ``cid`` (one that plays a state actor); ``played`` collects actor -> cell."""
    problems: list[tuple[Path, str]] = []
    if cell.actor not in states:
        problems.append((("cells", cid, "actor"), M_("no state_actor {id!r}{hint} (state actors: {actors})", id=cell.actor,
                                                     hint=suggest(cell.actor, states), actors=", ".join(sorted(states)))
                         if states else M_("no state_actor {id!r}{hint} (state actors: none)", id=cell.actor,
                                           hint=suggest(cell.actor, states))))
    elif cell.actor in played:
        problems.append((("cells", cid, "actor"), M_("{actor} is already played by red cell {cell!r}", actor=cell.actor, cell=played[cell.actor])))
    else:
        played[cell.actor] = cid
    if cell.bodies:
        problems.append((("cells", cid, "bodies"), M_("a red cell commands no government bodies; its staff and proxies are its actor's")))
    if cell.actions:
        problems.append((("cells", cid, "actions"), M_("a red cell orders its actor's techniques, not actions; leave 'actions' out")))
    if not cell.doctrine:
        problems.append((("cells", cid, "doctrine"), M_("a red cell nobody holds is played by its actor's planner; 'doctrine: false' is not supported")))
    return problems


def format_problems(source: str, problems: Iterable[tuple[Position, Path, str]]) -> list[str]:
    """``file:line:col: path: message`` lines, in the order of the file."""
    ordered = sorted(problems, key=lambda p: (p[0].line, p[0].column))
    return [problem_line(f"{source}:{pos.line}:{pos.column}", _format_path(path), msg) for pos, path, msg in ordered]


def _validate(text: str, source: str, model: type[BaseModel]) -> tuple[Any, LoadedYaml]:
    try:
        loaded = load_yaml(text)
    except YamlSyntaxError as exc:
        raise ScenarioError([problem_line(f"{source}:{exc.position.line}:{exc.position.column}", "(yaml)",
                                          exc.problem)]) from None
    problems = list(loaded.errors)
    try:
        value = model.model_validate(loaded.data if loaded.data is not None else {})
    except ValidationError as exc:
        problems += _pydantic_problems(exc, loaded)
        value = None
    if problems:
        raise ScenarioError(format_problems(source, problems))
    return value, loaded


def parse_scenario(text: str, source: str = "<scenario>") -> LoadedScenario:
    """Validate scenario text; raises :class:`ScenarioError` listing every problem."""
    load_plugins()
    scenario, loaded = _validate(text, source, scenario_model())
    refs = reference_problems(scenario)
    if refs:
        raise ScenarioError(format_problems(source, [(loaded.position_of(p), p, m) for p, m in refs]))
    return LoadedScenario(scenario, text, hashlib.sha256(text.encode("utf-8")).hexdigest(), source)


def read_text(path: str | FilePath) -> str:
    """A file's UTF-8 text, or a :class:`ScenarioError` naming the file (and the line and column of a
    byte that is not UTF-8)."""
    try:
        data = FilePath(path).read_bytes()
    except OSError as exc:
        raise ScenarioError([problem_line(f"{path}:1:1", "(file)", _os_problem(exc))]) from None
    try:
        return decode(data)
    except YamlSyntaxError as exc:
        raise ScenarioError([problem_line(f"{path}:{exc.position.line}:{exc.position.column}", "(file)",
                                          exc.problem)]) from None


def _os_problem(exc: OSError) -> Any:
    """Why a file could not be read: the system's words (``No such file or directory``), the usual ones translated."""
    reason = exc.strerror or str(exc)
    known = {"No such file or directory": M_("No such file or directory"),
             "Permission denied": M_("Permission denied"), "Is a directory": M_("Is a directory")}
    return known.get(reason, reason)


def load_scenario(path: str | FilePath) -> LoadedScenario:
    """Read and validate a scenario file."""
    return parse_scenario(read_text(path), str(path))


def parse_commands(text: str, source: str = "<commands>") -> tuple[list[CommandEntry], LoadedYaml]:
    """Validate the shape of command-file text (a YAML list of ``{at, cell, command}``), keeping the
    positions for the checks against a scenario (:mod:`sim.scenario.command_file`); raises :class:`ScenarioError`."""
    entries, loaded = _validate(text, source, command_file_model())
    return list(entries.root), loaded


def load_commands(path: str | FilePath) -> list[CommandEntry]:
    """Read a command file and check its shape only (see :func:`sim.scenario.command_file.load_command_file`
    for the check against its scenario)."""
    return parse_commands(read_text(path), str(path))[0]
