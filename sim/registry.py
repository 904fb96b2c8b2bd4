"""Registries: agent kinds, target kinds, red techniques and blue actions, by string name.

Adding a kind of actor, a red technique or a blue response is a new module that
registers itself here, not an edit of the core loop. ``sim`` never imports the
``agents`` package directly (dependencies point ``agents -> sim``); it asks
:func:`sim.plugins.load_plugins` to import the packages that register things, by name.
This module holds the tables and nothing else, so everything can import it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

_version = 0
"""Bumped by every registration, so :func:`sim.plugins.load_plugins` knows when to check the catalogue again."""


@dataclass(frozen=True)
class AgentKind:
    """A kind of actor a scenario may declare under ``actors:``.

    Attributes:
        kind: the ``kind:`` value in the scenario.
        spec: pydantic model of the actor's parameters (must have ``kind: Literal[...]`` and ``id``).
        factory: builds the mesa agent: ``factory(exercise, spec) -> agent``.
        order: build order; lower first (bodies before actors that reference them).
        summary: one line for ``weerbaar catalogue actors``.
        provides: target kinds whose ids are actors of this kind (``actor``, ``outlet``, ...); an
            agent with ``targetable() == False`` (expelled, banned, off the air) is left out.
        map_column: column of the console's actor map (0 red, 1 media and platforms, 2 targets,
            3 government and partners).
        colour: RGB fill of its boxes on the actor map.
    """

    kind: str
    spec: type["BaseModel"]
    factory: Callable[..., Any]
    order: int = 50
    summary: str = ""
    provides: tuple[str, ...] = ()
    map_column: int = 1
    colour: tuple[int, int, int] = (78, 92, 106)


@dataclass(frozen=True)
class TargetKind:
    """What the TARGET of an action (or of a red technique) may name.

    Attributes:
        name: the kind (``actor``, ``narrative``, ...).
        summary: one line for the catalogue.
        ids: ``ids(exercise) -> list[str]``: the ids valid now. None: the targetable agents of the
            agent kinds that provide this kind.
        aim: ``aim(exercise, operation, action, cell) -> str | None``: what doctrine aims an action of
            this kind at in answer to a red operation ("" for no target, None for nothing sensible).
            None: doctrine never orders actions of this kind on its own.
        declared: ``declared(scenario) -> list[str]``: the ids a scenario declares for this kind,
            before any run (command-file checks, ``weerbaar catalogue --scenario``). None: the
            actors of the agent kinds that provide this kind.
    """

    name: str
    summary: str
    ids: Callable[[Any], list[str]] | None = None
    aim: Callable[[Any, Any, str, str], str | None] | None = None
    declared: Callable[[Any], list[str]] | None = None


@dataclass(frozen=True)
class Doctrine:
    """How a cell acts when no player holds it.

    Attributes:
        name: the doctrine's name.
        summary: one line.
        process: ``process(exercise, cell)``: a simpy process generator run for each cell on it.
    """

    name: str
    summary: str
    process: Callable[[Any, Any], Any]


DEFAULT_DOCTRINE = "reactive"

AGENT_KINDS: dict[str, AgentKind] = {}
EVENT_KINDS: dict[str, Any] = {}  # name -> sim.eventkinds.EventKind
DOCTRINES: dict[str, Doctrine] = {}
TARGET_KINDS: dict[str, TargetKind] = {}
TECHNIQUES: dict[str, Any] = {}  # name -> sim.techniques.Technique
ACTIONS: dict[str, Any] = {}  # name -> sim.actions.Action


def register_agent_kind(kind: str, spec: type["BaseModel"], order: int = 50, *, summary: str = "",
                        provides: tuple[str, ...] = (), map_column: int = 1,
                        colour: tuple[int, int, int] = (78, 92, 106)) -> Callable[[Any], Any]:
    """Class decorator registering an agent class for ``kind`` with its parameter model.

    The summary defaults to the first line of the class docstring.
    """

    def wrap(factory: Any) -> Any:
        if kind in AGENT_KINDS and AGENT_KINDS[kind].factory is not factory:
            raise ValueError(f"agent kind {kind!r} registered twice")
        global _version
        line = summary or ((factory.__doc__ or "").strip().splitlines() or [""])[0]
        AGENT_KINDS[kind] = AgentKind(kind, spec, factory, order, line, tuple(provides), map_column, colour)
        _version += 1
        return factory

    return wrap


def register_target_kind(name: str, summary: str, ids: Callable[[Any], list[str]] | None = None,
                         aim: Callable[[Any, Any, str, str], str | None] | None = None,
                         declared: Callable[[Any], list[str]] | None = None) -> TargetKind:
    """Register a target kind (names are unique)."""
    return register(TARGET_KINDS, TargetKind(name, summary, ids, aim, declared))


def register_doctrine(name: str, summary: str, process: Callable[[Any, Any], Any]) -> Doctrine:
    """Register a doctrine (names are unique)."""
    return register(DOCTRINES, Doctrine(name, summary, process))


def providers(target_kind: str) -> tuple[str, ...]:
    """Agent kinds whose actors are ids of ``target_kind``."""
    return tuple(k for k, a in AGENT_KINDS.items() if target_kind in a.provides)


def declared_targets(scenario: Any, target_kind: str) -> list[str]:
    """The ids ``scenario`` declares for ``target_kind`` (no run needed); [] for an unknown kind."""
    kind = TARGET_KINDS.get(target_kind)
    if kind is None:
        return []
    if kind.declared is not None:
        return list(kind.declared(scenario))
    agent_kinds = providers(target_kind)
    return [a.id for a in getattr(scenario, "actors", []) if a.kind in agent_kinds]


def register(table: dict[str, Any], item: Any) -> Any:
    """Add a named item (technique, action, target kind, event kind) to its table; names are unique."""
    global _version
    if item.name in table and table[item.name] is not item:
        raise ValueError(f"{item.name!r} registered twice")
    table[item.name] = item
    _version += 1
    return item
