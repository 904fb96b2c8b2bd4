"""``weerbaar catalogue [SECTION] [NAME] [--json|--markdown] [--scenario S [--cell C]]``: what a designer may write.

Without arguments it lists every name one line each, grouped by section (``actions``, ``controls`` —
White's inject controls —, ``techniques``, ``actors``, ``targets``, ``events``, ``indicators``);
``catalogue SECTION`` lists one section; ``catalogue SECTION NAME`` (or just ``catalogue NAME`` when
the name is in one section only) shows one entry in full. ``--json`` prints the same as one JSON
object (sections to lists of entries; one entry: the entry itself), ``--markdown`` as Markdown (the
whole catalogue is ``docs/catalogue.md``).

``--scenario S`` lists what each cell of scenario S may order there, with its usage and the target ids
S declares; ``--cell C[,C]`` only those cells (``white``: the inject controls).

The data comes from :mod:`sim.catalogue_view`. An unknown section is a usage error (exit 2), an unknown
name, scenario or cell a failed check (exit 1); each is one line with the nearest valid word.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from typing import Any

from sim.i18n import N_, _
from ui.subcommands._common import (EXIT_FAILED, EXIT_OK, EXIT_USAGE, err, load_scenario_arg, shown_text,
                                    suggest)

NAME = "catalogue"
HELP = N_("list the actions, techniques, actor kinds, targets, events and indicators a scenario may use")

NOUNS = {"actions": N_("no action {name!r}"), "controls": N_("no White control {name!r}"),
         "techniques": N_("no technique {name!r}"), "actors": N_("no actor kind {name!r}"),
         "targets": N_("no target kind {name!r}"), "events": N_("no event kind {name!r}"),
         "indicators": N_("no indicator {name!r}")}
"""How an error says a section has no entry of that name."""

HEADINGS = {"actions": N_("action {name}: {summary}"), "controls": N_("White control {name}: {summary}"),
            "techniques": N_("technique {name}: {summary}"), "actors": N_("actor kind {name}: {summary}"),
            "targets": N_("target kind {name}: {summary}"), "events": N_("event kind {name}: {summary}"),
            "indicators": N_("indicator {name}: {summary}")}
"""The heading line of one entry shown in full."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("section", nargs="?", metavar="SECTION",
                        help=_("actions, controls, techniques, actors, targets, events or indicators (default: all)"))
    parser.add_argument("name", nargs="?", metavar="NAME", help=_("one entry of SECTION, shown in full"))
    form = parser.add_mutually_exclusive_group()
    form.add_argument("--json", action="store_true", help=_("print one JSON object"))
    form.add_argument("--markdown", action="store_true",
                      help=_("print Markdown (the whole catalogue: docs/catalogue.md)"))
    parser.add_argument("--scenario", metavar="SCENARIO",
                        help=_("list what each cell of this scenario (bundled id or file) may order there"))
    parser.add_argument("--cell", metavar="CELL[,CELL]",
                        help=_("with --scenario: only these cells (white: the controls)"))


# -- plain text ---------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A value on one line: lists joined, booleans as yes/no, nothing as ``-``."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if value is None or value == "" or value == []:
        return "-"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_text(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def _row(row: Mapping[str, Any]) -> str:
    """A parameter or field on one line: its name, then every non-empty attribute."""
    rest = [f"{k} {_text(v)}" for k, v in row.items() if k != "name" and v not in (None, "", [], ())]
    return f"{row.get('name', '')}: " + ", ".join(rest)


def print_lines(data: Mapping[str, Sequence[Mapping[str, Any]]], out=None) -> None:
    """Each section's heading, then one line per name: the name and its summary."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    from sim.catalogue_view import SECTIONS

    width = max((len(e["name"]) for entries in data.values() for e in entries), default=10)
    for name, entries in data.items():
        p(f"{name}: {shown_text(SECTIONS[name])}")
        for e in entries:
            p(f"  {e['name']:{width}}  {_text(shown_text(e.get('summary')))}")
        p("")
    p(_("weerbaar catalogue SECTION NAME shows one entry in full; --json and --markdown print everything."))


def print_entry(section: str, entry: Mapping[str, Any], out=None) -> None:
    """One entry in full: a heading line, then one line per field (tables as indented rows)."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    p(_(HEADINGS[section]).format(name=entry["name"], summary=_text(shown_text(entry.get("summary")))))
    for key, value in entry.items():
        if key in ("name", "summary"):
            continue
        if key == "costs" and value:
            p(f"  {key}:")
            for c in value:
                p(f"    {c['indicator']} -{c['points']:g}" + (f" ({c['why']})" if c.get("why") else ""))
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            p(f"  {key}:")
            for row in value:
                p(f"    {_row(row)}")
        else:
            p(f"  {key}: {_text(value)}")


def print_orders(orders: Mapping[str, Any], out=None) -> None:
    """What each cell may order in one scenario: usage and summary, then the targets there and the costs."""
    p = lambda *a: print(*a, file=out or sys.stdout)  # noqa: E731
    from sim.catalogue_view import costs_text
    p(_("scenario {scenario}: what each cell may order (targets: the ids the scenario declares)").format(
        scenario=orders["scenario"]))
    for cell in orders["cells"]:
        doctrine = _("on doctrine when nobody holds it") if cell["doctrine"] else _("idle when nobody holds it")
        p(_("{cell}: {title} (bodies: {bodies}; {doctrine})").format(
            cell=cell["cell"], title=shown_text(cell["title"]) or "-", bodies=_text(cell["bodies"]), doctrine=doctrine))
        for o in cell["orders"]:
            p(f"  {o['usage']}  - {shown_text(o['summary'])}")
            costs = costs_text(o)
            p("      " + _targets_text(o) + _("lead {lead:g}h, {capacity:g} staff-days").format(
                lead=o["lead_hours"], capacity=o["capacity"])
              + (_("; costs {costs}").format(costs=costs) if costs else ""))
        if not cell["orders"]:
            p(_("  (no orders: give the cell actions: from `weerbaar catalogue actions`)"))


def _targets_text(order: Mapping[str, Any]) -> str:
    if order["target"] == "none":
        return ""
    ids = ", ".join(order["targets"])
    if not ids:
        ids = (_("none declared here (the order will be refused)") if order["target_required"]
               else _("none declared here"))
    return f"{order['target'].upper()}: {ids}; "


# -- resolving the words -----------------------------------------------------------------------------


class _Refused(Exception):
    """A word that names nothing: the one line to print and the exit code."""

    def __init__(self, line: str, code: int) -> None:
        super().__init__(line)
        self.line, self.code = line, code


def _resolve(section: str | None, name: str | None) -> tuple[str | None, str | None]:
    """(section, name) as given, or (the section holding it, name) for ``catalogue NAME`` alone."""
    from sim.catalogue_view import SECTIONS, find, section as entries_of, sections_holding

    if section is None or section in SECTIONS:
        if name is not None and find(section, name) is None:
            raise _Refused(_unknown_name(section, name), EXIT_FAILED)
        return section, name
    holding = sections_holding(section)
    if name is None and len(holding) == 1:
        return holding[0], section
    if name is None and holding:
        alternatives = _(" or ").join(f"`weerbaar catalogue {s} {section}`" for s in holding)
        raise _Refused("weerbaar catalogue: " + _("{name!r} is in {sections}; say which: {alternatives}").format(
            name=section, sections=_(" and ").join(holding), alternatives=alternatives), EXIT_USAGE)
    words = [*SECTIONS, *(e["name"] for s in SECTIONS for e in entries_of(s))]
    raise _Refused("weerbaar catalogue: " + _("no section {name!r}{suggestion} (sections: {sections})").format(
        name=section, suggestion=suggest(section, words), sections=", ".join(SECTIONS)), EXIT_USAGE)


def _unknown_name(section: str, name: str) -> str:
    """The line for a name its section does not have: where else it is, or the nearest name there."""
    from sim.catalogue_view import section as entries_of, sections_holding

    elsewhere = sections_holding(name)
    if elsewhere:
        return ("weerbaar catalogue: " + _(NOUNS[section]).format(name=name)
                + _("; it is in {section}: weerbaar catalogue {section} {name}").format(section=elsewhere[0], name=name))
    names = [e["name"] for e in entries_of(section)]
    return "weerbaar catalogue: " + _(NOUNS[section]).format(name=name) + suggest(name, names)


# -- the two modes ------------------------------------------------------------------------------------


def _show_catalogue(args: argparse.Namespace) -> int:
    from sim.catalogue_view import catalogue, find, render_entry_markdown, render_markdown, section as entries_of

    try:
        section, name = _resolve(args.section, args.name)
    except _Refused as exc:
        err(exc.line)
        return exc.code
    if name is not None:
        entry = find(section, name)
        if args.json:
            print(json.dumps(entry, indent=2, ensure_ascii=False))
        elif args.markdown:
            print("\n".join(render_entry_markdown(entry, level=1)).rstrip("\n"))
        else:
            print_entry(section, entry)
        return EXIT_OK
    data = catalogue() if section is None else {section: entries_of(section)}
    if args.json:
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.markdown:
        sys.stdout.write(render_markdown(data))
    else:
        print_lines(data)
    return EXIT_OK


def _cells(value: str | None, scenario: Any) -> list[str] | None:
    """The cells ``--cell`` names (None: all); raises :class:`_Refused` for one the scenario does not have."""

    if value is None:
        return None
    known = [*scenario.cells, "white"]
    cells = [c.strip() for c in value.split(",") if c.strip()]
    for cell in cells:
        if cell not in known:
            raise _Refused("weerbaar catalogue: " + _("no cell {cell!r} in scenario {scenario}{suggestion} "
                                                      "(cells: {cells})").format(
                cell=cell, scenario=scenario.id, suggestion=suggest(cell, known), cells=", ".join(known)),
                EXIT_FAILED)
    return cells


def _show_orders(args: argparse.Namespace) -> int:
    from sim.catalogue_view import render_orders_markdown, scenario_orders

    loaded = load_scenario_arg(args.scenario, "catalogue --scenario")
    if loaded is None:
        return EXIT_FAILED
    try:
        orders = scenario_orders(loaded.scenario, _cells(args.cell, loaded.scenario))
    except _Refused as exc:
        err(exc.line)
        return exc.code
    if args.json:
        print(json.dumps(orders, indent=2, ensure_ascii=False))
    elif args.markdown:
        sys.stdout.write(render_orders_markdown(orders))
    else:
        print_orders(orders)
    return EXIT_OK


def run(args: argparse.Namespace) -> int:
    if args.scenario is not None:
        if args.section is not None or args.name is not None:
            err("weerbaar catalogue: " + _("--scenario lists a scenario's orders; leave out SECTION and NAME"))
            return EXIT_USAGE
        return _show_orders(args)
    if args.cell is not None:
        err("weerbaar catalogue: " + _("--cell needs --scenario SCENARIO (the cell's orders depend on the scenario)"))
        return EXIT_USAGE
    return _show_catalogue(args)
