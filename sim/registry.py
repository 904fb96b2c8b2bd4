"""Registries: agent kinds, red techniques and blue actions, by string name.

Adding a kind of actor, a red technique or a blue response is a new module that
registers itself here, not an edit of the core loop. ``sim`` never imports the
``agents`` package directly (dependencies point ``agents -> sim``); it asks
:func:`load_plugins` to import the packages that register things, by name.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

PLUGIN_PACKAGES: tuple[str, ...] = ("agents", "sim.catalogue")
"""Packages imported (once) to fill the registries."""


@dataclass(frozen=True)
class AgentKind:
    """A kind of actor a scenario may declare under ``actors:``.

    Attributes:
        kind: the ``kind:`` value in the scenario.
        spec: pydantic model of the actor's parameters (must have ``kind: Literal[...]`` and ``id``).
        factory: builds the mesa agent: ``factory(exercise, spec) -> agent``.
        order: build order; lower first (bodies before actors that reference them).
    """

    kind: str
    spec: type["BaseModel"]
    factory: Callable[..., Any]
    order: int = 50


AGENT_KINDS: dict[str, AgentKind] = {}
TECHNIQUES: dict[str, Any] = {}  # name -> sim.techniques.Technique
ACTIONS: dict[str, Any] = {}  # name -> sim.actions.Action


def register_agent_kind(kind: str, spec: type["BaseModel"], order: int = 50) -> Callable[[Any], Any]:
    """Class decorator registering an agent class for ``kind`` with its parameter model."""

    def wrap(factory: Any) -> Any:
        if kind in AGENT_KINDS and AGENT_KINDS[kind].factory is not factory:
            raise ValueError(f"agent kind {kind!r} registered twice")
        AGENT_KINDS[kind] = AgentKind(kind, spec, factory, order)
        return factory

    return wrap


def register(table: dict[str, Any], item: Any) -> Any:
    """Add a named item (technique or action) to its table; names are unique."""
    if item.name in table and table[item.name] is not item:
        raise ValueError(f"{item.name!r} registered twice")
    table[item.name] = item
    return item


_loaded = False


def load_plugins() -> None:
    """Import the packages that fill the registries (idempotent)."""
    global _loaded
    if _loaded:
        return
    for name in PLUGIN_PACKAGES:
        importlib.import_module(name)
    _loaded = True
