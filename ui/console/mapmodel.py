"""What the actor map shows: the actors, and the operations and responses running between them.

Built from event records only, so live play and the replay viewer draw the same
picture, and a cell's map shows only what the cell knows:

* White sees every red operation from its launch to its end;
* a cell sees an operation once one of its bodies detects it, drawn from the
  cell's latest leading suspect (or, while it has none, the actor the traces
  point to; a detection that names neither draws nothing), dashed, fading
  :data:`DETECTION_HOURS` after the last detection;
* orders run from the ordering body to their target: dashed during the lead
  time, solid for :data:`RESPONSE_HOURS` after they take effect.

Actors are placed in columns: state actors, then media outlets and platforms
(and other kinds), then what is targeted (narratives, parties, the election),
then government bodies and partners; each actor kind declares its column when it
registers. Nothing here draws.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sim.i18n import N_

DETECTION_HOURS = 72.0
RESPONSE_HOURS = 48.0
FAILED_HOURS = 24.0

COLUMNS = (N_("Red"), N_("Media & platforms"), N_("Targets"), N_("Government"))
TARGET_COLUMN = 2
"""Narratives and other targets; each actor kind says its own column (:attr:`sim.registry.AgentKind.map_column`)."""


def kind_column(kind: str) -> int:
    """The map column of an actor kind (its registered ``map_column``; 1 for a kind this version lacks)."""
    from sim.registry import AGENT_KINDS

    registered = AGENT_KINDS.get(kind)
    return registered.map_column if registered is not None else 1


@dataclass(frozen=True)
class ActorInfo:
    """An actor as the map needs it.

    Attributes:
        id: scenario id.
        kind: agent kind.
        name: display name.
        staff: staff ids (state actors), so orders against a diplomat land on their state.
        flavour: a sub-kind for the colour (``state_affiliated`` outlets).
    """

    id: str
    kind: str
    name: str = ""
    staff: tuple[str, ...] = ()
    flavour: str = ""


@dataclass
class Node:
    """A box on the map.

    Attributes:
        id: actor or target id.
        kind: agent kind, ``narrative`` or ``target``.
        column: 0-3 (see :data:`COLUMNS`).
        label: text in the box.
        flavour: sub-kind for the colour.
        badges: active things without a target (shown under the box).
        bar: a 0-1 gauge (a body's capacity, a narrative's reach), or None.
        highlight: one of the active cell's bodies.
        muted: taken off the air, expelled, or otherwise out of play.
    """

    id: str
    kind: str
    column: int
    label: str
    flavour: str = ""
    badges: list[str] = field(default_factory=list)
    bar: float | None = None
    highlight: bool = False
    muted: bool = False


@dataclass(frozen=True)
class Edge:
    """An arrow on the map.

    Attributes:
        source / target: node ids.
        side: ``red`` (an operation) or ``blue`` (a response).
        label: technique or action.
        dashed: not (yet) in effect, or only suspected.
        fade: 1 = fresh, towards 0 = about to disappear.
        failed: a response that failed.
    """

    source: str
    target: str
    side: str
    label: str
    dashed: bool = False
    fade: float = 1.0
    failed: bool = False


def actors_from_scenario(scenario: Any) -> list[ActorInfo]:
    """The map's actors from a validated scenario model."""
    out = []
    for spec in getattr(scenario, "actors", []) or []:
        staff = tuple(getattr(s, "id", "") for s in (getattr(spec, "staff", None) or ()))
        flavour = str(getattr(spec, "ownership", "") or "")
        out.append(ActorInfo(spec.id, spec.kind, getattr(spec, "name", "") or "", staff, flavour))
    return out


def build_map(actors: Sequence[ActorInfo], narratives: Sequence[str], events: Iterable[Mapping[str, Any]],
              now: float, truth: bool, highlight: Iterable[str] = (),
              details: Mapping[str, Mapping[str, Any]] | None = None) -> tuple[list[Node], list[Edge]]:
    """Nodes and edges at time ``now`` from the event records a viewer can see (oldest first).

    Args:
        actors: the scenario's actors.
        narratives: narrative ids (always shown in the targets column).
        events: event records visible to the viewer, up to ``now``.
        now: clock time.
        truth: the viewer is White (sees operations from launch to end).
        highlight: bodies of the active cell.
        details: per node id, optional ``bar`` (0-1) and ``muted`` (bool).
    """
    nodes: dict[str, Node] = {}
    owner: dict[str, str] = {}
    for actor in actors:
        column = kind_column(actor.kind)
        nodes[actor.id] = Node(actor.id, actor.kind, column, actor.id, actor.flavour)
        for staff in actor.staff:
            owner[staff] = actor.id
    for narrative in narratives:
        nodes.setdefault(narrative, Node(narrative, "narrative", TARGET_COLUMN, narrative))
    for body in highlight:
        if body in nodes:
            nodes[body].highlight = True

    def node_for(target: str) -> str | None:
        if not target:
            return None
        if target in nodes:
            return target
        if target in owner:
            return owner[target]
        if target.isdigit():  # an inject number (White's controls)
            return None
        nodes[target] = Node(target, "target", TARGET_COLUMN, target)
        return target

    operations: dict[str, dict[str, Any]] = {}
    orders: dict[str, dict[str, Any]] = {}
    for record in events:
        t = float(record.get("t", 0.0))
        if t > now:
            break
        kind = record.get("kind")
        p = record.get("payload") or {}
        if kind == "operation.launched" and truth:
            operations[p.get("operation", "")] = {"actor": record.get("source"), "target": record.get("target", ""),
                                                  "technique": p.get("technique", ""), "start": t, "end": None,
                                                  "suspected": False, "seen": t,
                                                  "platform": (p.get("params") or {}).get("platform")}
        elif kind == "operation.ended" and truth:
            op = operations.get(p.get("operation", ""))
            if op is not None:
                op["end"] = t
        elif kind == "detection" and not truth:
            op = operations.setdefault(p.get("operation", ""), {
                "actor": "", "target": record.get("target", ""), "technique": p.get("technique", ""),
                "start": t, "end": None, "suspected": True, "seen": t, "platform": None})
            op["seen"] = t
            # The cell's latest belief: its leading suspect, else where the traces point ("unknown" is no actor).
            blamed = next((a for a in (p.get("suspected"), p.get("points_to")) if a in nodes), None)
            if blamed is not None:
                op["actor"] = blamed
        elif kind == "command.accepted":
            if record.get("source") == "white":
                continue
            orders[p.get("order", "")] = {"body": p.get("body", ""), "target": record.get("target", ""),
                                          "action": p.get("action", ""), "effective": float(p.get("effective", t)),
                                          "done": None, "failed": False}
        elif kind in ("response.executed", "response.failed"):
            order = orders.get(p.get("order", ""))
            if order is not None:
                order["done"] = t
                order["failed"] = kind == "response.failed"

    edges: list[Edge] = []
    for op in operations.values():
        if op["suspected"]:
            age = now - op["seen"]
            if age > DETECTION_HOURS:
                continue
            fade = 1.0 - 0.7 * age / DETECTION_HOURS
        else:
            if op["end"] is not None and op["end"] <= now:
                continue
            fade = 1.0
        actor, label = op["actor"], op["technique"] + ("?" if op["suspected"] else "")
        if actor not in nodes:
            continue
        target = node_for(op["target"])
        via = op.get("platform")
        if via in nodes and target is not None:
            edges.append(Edge(actor, via, "red", label, op["suspected"], fade))
            edges.append(Edge(via, target, "red", "", op["suspected"], fade))
        elif target is not None and target != actor:
            edges.append(Edge(actor, target, "red", label, op["suspected"], fade))
        else:
            nodes[actor].badges.append(label)
    for order in orders.values():
        body = order["body"]
        if body not in nodes:
            continue
        if order["done"] is None:
            dashed, fade = True, 1.0
        else:
            span = FAILED_HOURS if order["failed"] else RESPONSE_HOURS
            age = now - order["done"]
            if age > span:
                continue
            dashed, fade = False, 1.0 - 0.6 * age / span
        target = node_for(order["target"])
        if target is None or target == body:
            nodes[body].badges.append(order["action"] + (" (failed)" if order["failed"] else ""))
        else:
            edges.append(Edge(body, target, "blue", order["action"], dashed, fade, order["failed"]))
    for node_id, extra in (details or {}).items():
        node = nodes.get(node_id)
        if node is None:
            continue
        if "bar" in extra and extra["bar"] is not None:
            node.bar = max(0.0, min(1.0, float(extra["bar"])))
        if extra.get("muted"):
            node.muted = True
    return list(nodes.values()), edges


def sample_details(sample: Mapping[str, Any] | None) -> dict[str, dict[str, Any]]:
    """Narrative reach bars from a sample record's population block (White's view)."""
    out: dict[str, dict[str, Any]] = {}
    if not sample:
        return out
    narratives = ((sample.get("population") or {}).get("narratives") or {})
    for narrative, state in narratives.items():
        if isinstance(state, Mapping) and "reach" in state:
            out[narrative] = {"bar": float(state["reach"])}
    return out
