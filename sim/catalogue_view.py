"""The catalogue as a designer reads it: every name a scenario or a command may use, as plain data.

:func:`catalogue` builds one dict per registered entry, grouped in sections (:data:`SECTIONS`):

* ``actions``: blue responses a cell may order (``cells: ... actions:`` and ``ACTION [TARGET] [key=value]``);
* ``controls``: White's inject controls (``fire``, ``postpone``, ``cancel``), kept apart because no
  cell of a scenario may be given them;
* ``techniques``: red techniques (a state actor's ``techniques:``, an inject's ``fires: {technique:}``);
* ``actors``: actor kinds (``actors: - {kind: ...}``) with their parameters;
* ``targets``: target kinds, what an action's or technique's TARGET names;
* ``events``: event kinds, what the log and the feed record;
* ``indicators``: the twelve indicators: the nine resilience dimensions and the three that carry what the
  Dutch response costs (``kind: cost``, with the actions whose declared costs land on each).

Entries are built from the registries, reading each entry's dataclass fields generically (a field
added to :class:`sim.actions.Action` or :class:`sim.techniques.Technique` shows up without an edit
here), in a stable order: the fields a designer needs first, then any others in declaration order,
then what is derived from the rest of the catalogue (``tags``, which techniques an action answers).
Fields holding code (effects, preconditions, id lookups) are left out. Values are JSON-ready:
tuples become lists.

:func:`scenario_orders` lists what each cell of one scenario may order there, with the target ids the
scenario declares. :func:`render_markdown` renders the whole catalogue as the Markdown of
``docs/catalogue.md``. Nothing here prints; ``weerbaar catalogue`` (``ui/subcommands/catalogue.py``)
does.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sim.i18n import Message

SECTIONS: dict[str, str] = {
    "actions": "Blue actions: what a cell may order (a cell's `actions:`; commands `ACTION [TARGET] [key=value ...]`; "
               "every action also takes `surge=yes`: start now on borrowed staff-days instead of waiting for "
               "capacity, at the price of fatigue).",
    "controls": "White's controls: exercise control's inject actions (the `white` cell only; never in a cell's "
                "`actions:`).",
    "techniques": "Red techniques: a state actor's toolbox (`techniques:`) and what an inject `fires:`.",
    "actors": "Actor kinds: what `actors:` may declare (`kind:`), with their parameters.",
    "targets": "Target kinds: what the TARGET of an action or a technique names, and which actors provide the ids.",
    "events": "Event kinds: what the log records, who sees it by default, and how the feed words it.",
    "indicators": "Indicators: the nine resilience dimensions and the three costs of the Dutch response "
                  "(`indicators:`, `objectives:`, narratives' `targets:`).",
}
SECTIONS = {name: Message(text) for name, text in SECTIONS.items()}  # English as written, shown translated
"""The sections, in the order they are listed, each with one line saying where a designer writes its names."""

INDICATOR_SUMMARIES: dict[str, str] = {
    "decision_integrity": "integrity of political and administrative decision-making",
    "rule_of_law": "an independent judiciary",
    "election_integrity": "free, fair, anonymous elections",
    "fundamental_freedoms": "press freedom and freedom of expression",
    "social_cohesion": "tension within and between groups, polarisation, solidarity",
    "public_trust": "acceptance of the government's legitimacy",
    "diaspora_security": "freedom from pressure by a country of origin, ties with Dutch society",
    "economic_security": "vital sectors",
    "cyber_resilience": "resilience of networks and systems against cyber operations",
    "bilateral_relations": "relations with the states of the scenario (trade, consular cooperation, restraint); "
                           "a cost of the Dutch response",
    "government_credibility": "the government's word: attributions that hold, measures announced that come; "
                              "a cost of the Dutch response",
    "economic_openness": "an open economy: trade, investment and travel; a cost of the Dutch response",
}
INDICATOR_SUMMARIES = {name: Message(text) for name, text in INDICATOR_SUMMARIES.items()}
"""One line per indicator: the nine resilience dimensions in DESIGN.md's words (the interests of the cabinet
letter), then the three cost indicators of :mod:`sim.costs`."""

_ACTION_ORDER = ("name", "summary", "description", "usage", "target", "target_required", "params", "lead_hours",
                 "capacity", "political_capital", "costs", "lever", "counters", "domains", "control", "public", "heavy_handed",
                 "doctrine_confidence")
_TECHNIQUE_ORDER = ("name", "summary", "target", "cost", "duration_hours", "signature", "expected_effect", "disarm",
                    "domains", "hits", "needs_staff", "intrusion", "responses")
_EVENT_ORDER = ("name", "summary", "fields", "audience", "wording", "important", "topics", "open_fields")
_PARAM_ORDER = ("name", "kind", "default", "low", "high", "choices", "unit", "help")
_AGENT_SKIP = ("kind", "spec", "factory", "map_column", "colour")
"""AgentKind fields a designer does not write or read: the code and how the console draws the kind."""


def _load() -> None:
    """Fill the registries (and check the catalogue) before reading them."""
    from sim.plugins import load_plugins

    load_plugins()


def _plain(value: Any) -> Any:
    """A JSON-ready copy: tuples and sets become lists, mappings dicts, models and dataclasses dicts."""
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted(_plain(v) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value)
    if hasattr(value, "model_dump"):
        return _plain(value.model_dump(by_alias=True))
    return str(value)


def _is_code(field: dataclasses.Field) -> bool:
    """Whether a dataclass field holds code (an effect, a lookup): not catalogue data."""
    return "Callable" in str(field.type) or "type[" in str(field.type)


def _fields(obj: Any, first: Sequence[str] = ("name",), skip: Iterable[str] = ()) -> dict[str, Any]:
    """A dataclass's data fields: those in ``first`` in that order, then the others as declared."""
    skipped = set(skip)
    data = [f for f in dataclasses.fields(obj) if not _is_code(f) and f.name not in skipped]
    rank = {name: i for i, name in enumerate(first)}
    data.sort(key=lambda f: rank.get(f.name, len(rank)))  # stable: undeclared-in-first keep their order
    return {f.name: _plain(getattr(obj, f.name)) for f in data}


def _insert_after(entry: dict[str, Any], key: str, new_key: str, value: Any) -> dict[str, Any]:
    """``entry`` with ``new_key`` placed right after ``key`` (at the end if ``key`` is absent)."""
    if key not in entry:
        return {**entry, new_key: value}
    out: dict[str, Any] = {}
    for k, v in entry.items():
        out[k] = v
        if k == key:
            out[new_key] = value
    return out


# -- entries --------------------------------------------------------------------------------------


def action_entry(action: Any) -> dict[str, Any]:
    """One blue action or White control: every data field, its usage line, its tags and what it answers."""
    from sim.commands import ALIASES
    from sim.registry import TECHNIQUES

    entry = _fields(action, _ACTION_ORDER)
    entry["params"] = [_fields(p, _PARAM_ORDER) for p in action.params]
    entry = _insert_after(entry, "description", "usage", action.usage())
    entry["tags"] = list(action.tags())
    entry["answers"] = sorted(t.name for t in TECHNIQUES.values() if action.name in t.responses)
    entry["aliases"] = sorted(short for short, full in ALIASES.items() if full == action.name)
    return entry


def technique_entry(technique: Any) -> dict[str, Any]:
    """One red technique: every data field and its tags."""
    entry = _fields(technique, _TECHNIQUE_ORDER)
    entry["tags"] = list(technique.tags())
    return entry


def event_entry(kind: Any) -> dict[str, Any]:
    """One event kind: its payload fields, audience, wording, importance and topics."""
    return _fields(kind, _EVENT_ORDER)


def target_entry(kind: Any) -> dict[str, Any]:
    """One target kind, with the actor kinds that provide its ids and what aims at it."""
    from sim.registry import ACTIONS, TECHNIQUES, providers

    entry = _fields(kind, ("name", "summary"))
    entry["provided_by"] = list(providers(kind.name))
    entry["actions"] = sorted(a.name for a in ACTIONS.values() if a.target == kind.name)
    entry["techniques"] = sorted(t.name for t in TECHNIQUES.values() if t.target == kind.name)
    return entry


def indicator_entry(name: str) -> dict[str, Any]:
    """One indicator: what it stands for, resilience or cost, whether the population carries it, what moves it.

    ``hit_by``: the red techniques that hit it; ``cost_of``: the blue actions whose declared costs
    (:attr:`sim.actions.Action.costs`) land on it.
    """
    from sim.indicators import POPULATION_DIMENSIONS
    from sim.registry import ACTIONS, TECHNIQUES
    from sim.scenario.schemabase import COST_INDICATORS

    return {
        "name": name,
        "summary": INDICATOR_SUMMARIES.get(name, ""),
        "kind": "cost" if name in COST_INDICATORS else "resilience",
        "population": name in POPULATION_DIMENSIONS,
        "hit_by": sorted(t.name for t in TECHNIQUES.values() if name in t.hits),
        "cost_of": sorted(a.name for a in ACTIONS.values() if any(c.indicator == name for c in a.costs)),
    }


def actor_entry(kind: Any) -> dict[str, Any]:
    """One actor kind: what it is, a minimal declaration, the target kinds it provides, its parameters."""
    spec = kind.spec
    fields = [f if f["name"] != "kind" or f["description"] else {**f, "description": f"always {kind.kind}"}
              for f in spec_fields(spec)]
    entry = {"name": kind.kind, **_fields(kind, ("summary", "provides", "order"), skip=_AGENT_SKIP)}
    entry = _insert_after(entry, "summary", "description", _first_paragraph(spec.__doc__))
    entry = _insert_after(entry, "description", "usage", _actor_usage(kind.kind, fields))
    entry["fields"] = fields
    return entry


# -- actor parameters from the pydantic model -------------------------------------------------------


def _first_paragraph(doc: str | None) -> str:
    """The docstring's first paragraph on one line."""
    text = inspect.cleandoc(doc or "")
    return " ".join(text.split("\n\n")[0].split())


def _attribute_docs(model: type) -> dict[str, str]:
    """``name: text`` lines of the ``Attributes:`` sections of a model's docstrings (its bases' too)."""
    docs: dict[str, str] = {}
    for cls in reversed(model.__mro__):
        text = inspect.cleandoc(cls.__doc__ or "") if "__doc__" in vars(cls) else ""
        block = text.split("Attributes:", 1)[1] if "Attributes:" in text else ""
        current = None
        for line in block.splitlines():
            found = re.match(r"^\s{4}([A-Za-z_][A-Za-z0-9_]*)(?: / [A-Za-z_0-9]+)*:\s*(.*)$", line)
            if found:
                current = found.group(1)
                docs[current] = found.group(2).strip()
            elif current and line.startswith(" " * 8) and line.strip():
                docs[current] += " " + line.strip()  # a continued description
            elif line.strip():
                current = None
    return docs


def _type_text(prop: Mapping[str, Any], defs: Mapping[str, Any]) -> str:
    """A JSON Schema property as a designer reads it: ``number 0-1``, ``one of a, b``, ``list of id``."""
    if "const" in prop:
        return repr(prop["const"])
    if "enum" in prop:
        return "one of " + ", ".join(map(str, prop["enum"]))
    if "$ref" in prop:
        target = defs.get(prop["$ref"].rsplit("/", 1)[-1], {})
        keys = list(target.get("properties", {}))
        return "{" + ", ".join(keys) + "}" if keys else "object"
    if "anyOf" in prop:
        kinds = [_type_text(p, defs) for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(kinds) + (" (or null)" if any(p.get("type") == "null" for p in prop["anyOf"]) else "")
    kind = prop.get("type", "any")
    if kind == "array":
        return "list of " + _type_text(prop.get("items", {}), defs)
    if kind == "object":
        values = [*prop.get("patternProperties", {}).values()] or [prop.get("additionalProperties") or {}]
        return "map of id to " + _type_text(values[0] if isinstance(values[0], Mapping) else {}, defs)
    if kind == "string":
        return "id" if "pattern" in prop and "a-z0-9" in prop["pattern"] else (
            "string matching " + prop["pattern"] if "pattern" in prop else "text")
    if kind in ("number", "integer"):
        return kind + _range_text(prop)
    return str(kind)


def _range_text(prop: Mapping[str, Any]) -> str:
    """`` 0-1``, `` >0, at most 1000``, `` at least 1``: a number's bounds as written in the schema."""
    low = prop.get("minimum", prop.get("exclusiveMinimum"))
    high = prop.get("maximum", prop.get("exclusiveMaximum"))
    if "minimum" in prop and "maximum" in prop:
        return f" {low:g}-{high:g}"
    parts = []
    if low is not None:
        parts.append(f"{'>' if 'exclusiveMinimum' in prop else 'at least '}{low:g}")
    if high is not None:
        parts.append(f"{'<' if 'exclusiveMaximum' in prop else 'at most '}{high:g}")
    return " " + ", ".join(parts) if parts else ""


def spec_fields(model: type) -> list[dict[str, Any]]:
    """The parameters of a pydantic model, in declaration order: name, type, required, default, description.

    Descriptions come from the field's own ``description`` or else the model's ``Attributes:`` docstring.
    """
    schema = model.model_json_schema(by_alias=True)
    props, defs = schema.get("properties", {}), schema.get("$defs", {})
    docs = _attribute_docs(model)
    out = []
    for name, info in model.model_fields.items():
        key = info.alias or name
        required = info.is_required()
        out.append({
            "name": key,
            "type": _type_text(props.get(key, {}), defs),
            "required": required,
            "default": None if required else _plain(info.get_default(call_default_factory=True)),
            "description": info.description or docs.get(name, ""),
        })
    return out


def _actor_usage(kind: str, fields: Sequence[Mapping[str, Any]]) -> str:
    """The smallest declaration of an actor of ``kind``: its required keys with placeholders."""
    parts = []
    for f in fields:
        if f["name"] == "kind":
            parts.append(f"kind: {kind}")
        elif f["required"]:
            parts.append(f"{f['name']}: {f['name'].upper()}")
    return "{" + ", ".join(parts) + "}"


# -- the whole catalogue ----------------------------------------------------------------------------


def section(name: str) -> list[dict[str, Any]]:
    """The entries of one section (see :data:`SECTIONS`), sorted by name.

    Raises:
        KeyError: not a section.
    """
    from sim.registry import ACTIONS, AGENT_KINDS, EVENT_KINDS, TARGET_KINDS, TECHNIQUES
    from sim.scenario.schemabase import INDICATOR_NAMES

    _load()
    builders = {
        "actions": lambda: [action_entry(a) for a in ACTIONS.values() if not a.control],
        "controls": lambda: [action_entry(a) for a in ACTIONS.values() if a.control],
        "techniques": lambda: [technique_entry(t) for t in TECHNIQUES.values()],
        "actors": lambda: [actor_entry(k) for k in AGENT_KINDS.values()],
        "targets": lambda: [target_entry(k) for k in TARGET_KINDS.values()],
        "events": lambda: [event_entry(k) for k in EVENT_KINDS.values()],
        # The indicators keep their own order (the letter's), as everywhere else they are listed.
        "indicators": lambda: [indicator_entry(n) for n in INDICATOR_NAMES],
    }
    entries = builders[name]()
    for entry in entries:  # a summary is English (--json, --markdown, docs/catalogue.md), shown translated
        if isinstance(entry.get("summary"), str) and entry["summary"]:
            entry["summary"] = Message(str(entry["summary"]))
    return entries if name == "indicators" else sorted(entries, key=lambda e: e["name"])


def catalogue() -> dict[str, list[dict[str, Any]]]:
    """Every section's entries, in the order of :data:`SECTIONS`."""
    return {name: section(name) for name in SECTIONS}


def find(section_name: str, name: str) -> dict[str, Any] | None:
    """The entry called ``name`` in a section (White's short forms ``fire``... resolve), or None."""
    from sim.commands import ALIASES

    wanted = ALIASES.get(name, name) if section_name == "controls" else name
    return next((e for e in section(section_name) if e["name"] == wanted), None)


def sections_holding(name: str) -> list[str]:
    """The sections that have an entry called ``name`` (a name can be, say, an actor kind and a target kind)."""
    return [s for s in SECTIONS if find(s, name) is not None]


# -- one scenario -----------------------------------------------------------------------------------


def order_entry(action: Any, scenario: Any) -> dict[str, Any]:
    """What ordering ``action`` takes in ``scenario``: its usage, its costs and the target ids declared there."""
    from sim.registry import declared_targets

    return {
        "name": action.name,
        "summary": action.summary,
        "usage": action.usage(),
        "target": action.target,
        "target_required": action.target_required,
        "targets": declared_targets(scenario, action.target) if action.target != "none" else [],
        "params": [_fields(p, _PARAM_ORDER) for p in action.params],
        "lead_hours": action.lead_hours,
        "capacity": action.capacity,
        "political_capital": action.political_capital,
        "costs": [_fields(c, ("indicator", "points", "why")) for c in action.costs],
    }


def costs_text(entry: Mapping[str, Any]) -> str:
    """An action's or order's price besides staff-days, on one line: ``10 political capital;
    bilateral_relations -8 (the state expels a Dutch diplomat in return)``; "" when it has none."""
    parts = [f"{entry['political_capital']:g} political capital"] if entry.get("political_capital") else []
    for c in entry.get("costs") or ():
        parts.append(f"{c['indicator']} -{c['points']:g}" + (f" ({c['why']})" if c.get("why") else ""))
    return "; ".join(parts)


def cell_orders(scenario: Any, cell: str) -> dict[str, Any]:
    """One cell of ``scenario``: title, bodies, doctrine, and the orders it may give (``white``: the controls).

    Raises:
        KeyError: no such cell.
    """
    from sim.registry import ACTIONS

    _load()
    if cell == "white":
        names = sorted(n for n, a in ACTIONS.items() if a.control)
        head = {"title": "White cell (exercise control)", "bodies": [], "doctrine": False}
    else:
        spec = scenario.cells[cell]
        names = list(spec.actions)
        head = {"title": spec.title, "bodies": list(spec.bodies), "doctrine": spec.doctrine}
    return {"cell": cell, **head, "orders": [order_entry(ACTIONS[n], scenario) for n in names if n in ACTIONS]}


def scenario_orders(scenario: Any, cells: Sequence[str] | None = None) -> dict[str, Any]:
    """What each cell (or each of ``cells``) may order in ``scenario``, in the scenario's cell order.

    Raises:
        KeyError: one of ``cells`` is not a cell of the scenario (nor ``white``).
    """
    chosen = list(scenario.cells) if cells is None else list(cells)
    return {"scenario": scenario.id, "cells": [cell_orders(scenario, c) for c in chosen]}


# -- Markdown ---------------------------------------------------------------------------------------

_ID = re.compile(r"^[A-Za-z0-9_.:\-]+$")
_CODE_KEYS = ("type", "default", "usage", "wording", "low", "high")
"""Table columns shown as code whatever they hold: what a designer types or what the schema says."""
_TEXT_KEYS = ("summary", "description", "help", "unit", "title")
"""Table columns that are prose, never code."""


def _md_cell(value: Any, key: str = "") -> str:
    """A value in a Markdown table cell: lists joined, ``|`` and markup escaped, ids and typed values as code."""
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, list):
        return ", ".join(_md_cell(v, key) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_md_cell(v, key)}" for k, v in value.items())
    if isinstance(value, bool):
        text = "true" if value else "false"
        return f"`{text}`" if key in _CODE_KEYS else ("yes" if value else "no")
    text = f"{value:g}" if isinstance(value, (int, float)) else " ".join(str(value).split())
    if key in _CODE_KEYS or (key not in _TEXT_KEYS and _ID.match(text) and not isinstance(value, (int, float))):
        return "`" + text.replace("|", "\\|") + "`"
    return re.sub(r"([|*<>\[\]\\])", r"\\\1", text)


def _md_table(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    """A list of dicts (parameters, fields) as a Markdown table with their keys as columns."""
    keys = list(rows[0])
    lines = ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys)]
    lines += ["| " + " | ".join(_md_cell(r.get(k), k) for k in keys) + " |" for r in rows]
    return lines


_PROSE = ("name", "summary", "description", "usage")


def render_entry_markdown(entry: Mapping[str, Any], level: int = 3) -> list[str]:
    """One entry: a heading, its summary and description, its usage as code, then a field table.

    List-of-dict fields (an action's ``params``, an actor kind's ``fields``) get a table of their own.
    """
    lines = [f"{'#' * level} `{entry['name']}`", ""]
    for key in ("summary", "description"):
        if entry.get(key):
            lines += [_md_cell(entry[key], key), ""]
    if entry.get("usage"):
        lines += ["```", str(entry["usage"]), "```", ""]
    simple = {k: v for k, v in entry.items() if k not in _PROSE and not _is_table(v)}
    if simple:
        lines += ["| field | value |", "|---|---|"]
        lines += [f"| {k} | {_md_cell(v, k)} |" for k, v in simple.items()]
        lines.append("")
    for key, value in entry.items():
        if _is_table(value):
            lines += [f"{key}:", "", *_md_table(value), ""]
    return lines


def _is_table(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def render_section_markdown(name: str, entries: Sequence[Mapping[str, Any]]) -> list[str]:
    """One section: heading, what it is for, a one-line-per-name table, then every entry in full."""
    lines = [f"## {name}", "", SECTIONS[name], "", "| name | summary |", "|---|---|"]
    lines += [f"| [`{e['name']}`](#{_anchor(name, e['name'])}) | {_md_cell(e.get('summary'), 'summary')} |"
              for e in entries]
    lines.append("")
    for e in entries:
        lines += [f'<a id="{_anchor(name, e["name"])}"></a>', ""]
        lines += render_entry_markdown(e)
    return lines


def _anchor(section_name: str, name: str) -> str:
    """A link target unique across sections (``platform`` is an actor kind and a target kind)."""
    return f"{section_name}-{name}".replace("_", "-").replace(".", "-")


def render_markdown(data: Mapping[str, Sequence[Mapping[str, Any]]] | None = None) -> str:
    """The whole catalogue as Markdown (``docs/catalogue.md``): one section per entry kind."""
    data = catalogue() if data is None else data
    lines = [
        "# The Weerbaar catalogue",
        "",
        "<!-- Generated by `weerbaar catalogue --markdown > docs/catalogue.md`; do not edit by hand. "
        "tests/ui/test_catalogue_cli.py fails when this file is stale. -->",
        "",
        "Every name a scenario or a command file may use, from the registries of this version of "
        "Weerbaar. `weerbaar catalogue` lists them one line each; `weerbaar catalogue SECTION NAME` shows "
        "one entry in full; `weerbaar catalogue --scenario S --cell C` lists what a cell may order in a "
        "scenario, with the target ids declared there; `--json` gives the same data as JSON.",
        "",
    ]
    lines += [f"- [{name}](#{name}) ({len(data[name])}): {text}" for name, text in SECTIONS.items() if name in data]
    lines.append("")
    for name, entries in data.items():
        lines += render_section_markdown(name, entries)
    return "\n".join(lines).rstrip("\n") + "\n"


def render_orders_markdown(orders: Mapping[str, Any]) -> str:
    """What each cell may order in one scenario (:func:`scenario_orders`) as Markdown."""
    lines = [f"# Orders in scenario `{orders['scenario']}`", ""]
    for cell in orders["cells"]:
        lines += [f"## `{cell['cell']}`: {_md_cell(cell['title'], 'title')}", "",
                  f"bodies: {_md_cell(cell['bodies'])}; doctrine when nobody holds it: {_md_cell(cell['doctrine'])}",
                  "", "| usage | targets here | lead hours | capacity | costs | summary |", "|---|---|---|---|---|---|"]
        lines += [f"| `{o['usage']}` | {_md_cell(o['targets'])} | {_md_cell(o['lead_hours'])} | "
                  f"{_md_cell(o['capacity'])} | {_md_cell(costs_text(o), 'summary')} | "
                  f"{_md_cell(o['summary'], 'summary')} |" for o in cell["orders"]]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
