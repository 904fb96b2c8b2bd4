"""``weerbaar catalogue``: every registered name shows, in full and as JSON; typos suggest; a cell's
orders in a scenario are exactly its actions; ``docs/catalogue.md`` is what ``--markdown`` prints now."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest

import scenarios
from sim.catalogue_view import INDICATOR_SUMMARIES, SECTIONS, catalogue, render_markdown
from sim.registry import ACTIONS, AGENT_KINDS, EVENT_KINDS, TARGET_KINDS, TECHNIQUES, declared_targets
from sim.scenario import load_scenario
from sim.scenario.schemabase import INDICATOR_NAMES
from ui.subcommands.catalogue import HEADINGS

ENTRIES = [(section, entry["name"]) for section, entries in catalogue().items() for entry in entries]


def _registered() -> dict[str, set[str]]:
    """What the registries hold, section by section (independent of how the catalogue is built)."""
    return {
        "actions": {n for n, a in ACTIONS.items() if not a.control},
        "controls": {n for n, a in ACTIONS.items() if a.control},
        "techniques": set(TECHNIQUES),
        "actors": set(AGENT_KINDS),
        "targets": set(TARGET_KINDS),
        "events": set(EVENT_KINDS),
        "indicators": set(INDICATOR_NAMES),
    }


def test_json_lists_every_registered_name_in_its_section(cli):
    """``--json`` has one list per section, and together they name everything registered, once."""
    result = cli("catalogue", "--json")
    assert result.code == 0, result.output
    data = json.loads(result.out)
    assert list(data) == list(SECTIONS)
    for section, names in _registered().items():
        listed = [e["name"] for e in data[section]]
        assert len(listed) == len(set(listed)), f"{section}: a name is listed twice"
        assert set(listed) == names, section
    assert [e["name"] for e in data["indicators"]] == list(INDICATOR_NAMES)


@pytest.mark.parametrize("section,name", ENTRIES, ids=[f"{s}-{n}" for s, n in ENTRIES])
def test_every_name_shows_in_full(cli, section, name):
    """``catalogue SECTION NAME`` names the entry with its summary and prints every field of its JSON."""
    result = cli("catalogue", section, name)
    assert result.code == 0, result.output
    as_json = cli("catalogue", section, name, "--json")
    entry = json.loads(as_json.out)
    lines = result.out.splitlines()
    assert lines[0].startswith(HEADINGS[section].format(name=name, summary=""))
    assert entry["summary"].split()[0] in lines[0]
    for key in entry:
        if key not in ("name", "summary"):
            assert any(line.startswith(f"  {key}:") for line in lines), f"{key} not shown"


def _data_fields(cls) -> list[str]:
    return [f.name for f in dataclasses.fields(cls) if "Callable" not in str(f.type)]


def test_actions_and_techniques_carry_every_data_field_in_a_stable_order(cli):
    """Each dataclass field that is data (not code) is a key, so a field added to the registry shows up."""
    from sim.actions import Action, Param
    from sim.techniques import Technique

    data = json.loads(cli("catalogue", "--json").out)
    for section, cls in (("actions", Action), ("controls", Action), ("techniques", Technique)):
        for entry in data[section]:
            assert set(_data_fields(cls)) <= set(entry), entry["name"]
            assert list(entry)[:2] == ["name", "summary"]
            for param in entry.get("params", []):
                assert list(param) == ["name", "kind", "default", "low", "high", "choices", "unit", "help"] + [
                    f for f in _data_fields(Param) if f not in ("name", "kind", "default", "low", "high", "choices",
                                                                "unit", "help")]
    investigate = next(e for e in data["actions"] if e["name"] == "investigate")
    assert list(investigate)[:6] == ["name", "summary", "description", "usage", "target", "target_required"]
    assert investigate["usage"] == "investigate ACTOR"


def test_actor_kinds_list_their_parameters_with_types_defaults_and_descriptions(cli):
    """An actor kind's ``fields`` are its model's fields, with the model's defaults and its docstring's words."""
    entry = json.loads(cli("catalogue", "actors", "state_actor", "--json").out)
    model = AGENT_KINDS["state_actor"].spec
    assert [f["name"] for f in entry["fields"]] == list(model.model_fields)
    risk = next(f for f in entry["fields"] if f["name"] == "risk")
    assert risk["default"] == "balanced" and risk["type"].startswith("one of ") and "cautious" in risk["type"]
    assert risk["description"].startswith("risk profile")
    assert next(f for f in entry["fields"] if f["name"] == "id")["required"] is True
    assert entry["usage"] == "{id: ID, kind: state_actor}"


def test_indicators_have_a_summary_and_say_whether_the_population_carries_them(cli):
    """Every indicator has its DESIGN.md line, and ``population`` matches the indicator model."""
    from sim.indicators import POPULATION_DIMENSIONS

    assert set(INDICATOR_SUMMARIES) == set(INDICATOR_NAMES)
    data = json.loads(cli("catalogue", "indicators", "--json").out)["indicators"]
    assert all(e["summary"] for e in data)
    assert {e["name"] for e in data if e["population"]} == set(POPULATION_DIMENSIONS)


def test_cost_indicators_are_marked_and_name_the_actions_whose_costs_land_on_them(cli):
    """``kind`` is ``cost`` exactly for the three cost indicators; ``cost_of`` lists the actions declaring a cost there."""
    from sim.scenario.schemabase import COST_INDICATORS

    data = json.loads(cli("catalogue", "indicators", "--json").out)["indicators"]
    assert {e["name"] for e in data if e["kind"] == "cost"} == set(COST_INDICATORS)
    assert {e["name"] for e in data if e["kind"] == "resilience"} == set(INDICATOR_NAMES) - set(COST_INDICATORS)
    for e in data:
        declared = sorted(a.name for a in ACTIONS.values() if any(c.indicator == e["name"] for c in a.costs))
        assert e["cost_of"] == declared, e["name"]
    assert any(e["cost_of"] for e in data), "some action should declare a cost (sim.catalogue)"


def _with_price():
    """A registered action that declares both costs and political capital (the catalogue has some)."""
    return next(a for a in ACTIONS.values() if a.costs and a.political_capital and not a.control)


def test_an_action_entry_shows_its_costs_and_political_capital(cli):
    """The JSON entry carries ``costs`` and ``political_capital`` as declared; the text shows each cost described."""
    action = _with_price()
    entry = json.loads(cli("catalogue", "actions", action.name, "--json").out)
    assert entry["political_capital"] == action.political_capital
    assert entry["costs"] == [{"indicator": c.indicator, "points": c.points, "why": c.why} for c in action.costs]
    text = cli("catalogue", "actions", action.name).out
    assert f"  political_capital: {action.political_capital:g}" in text.splitlines()
    for cost in action.costs:
        assert f"    {cost.describe()}" in text.splitlines()
    assert "surge=yes" in SECTIONS["actions"]


def test_a_scenarios_orders_carry_their_costs(cli):
    """``--scenario S`` puts each order's political capital and declared costs beside its staff-days (text, JSON, Markdown)."""
    sid, cell, action = next((sid, cell, ACTIONS[name]) for sid in BUNDLED
                             for cell, spec in load_scenario(scenarios.bundled()[sid]).scenario.cells.items()
                             for name in spec.actions if ACTIONS[name].costs and ACTIONS[name].political_capital)
    data = json.loads(cli("catalogue", "--scenario", sid, "--cell", cell, "--json").out)
    order = next(o for o in data["cells"][0]["orders"] if o["name"] == action.name)
    assert order["political_capital"] == action.political_capital
    assert [c["indicator"] for c in order["costs"]] == [c.indicator for c in action.costs]
    lines = cli("catalogue", "--scenario", sid, "--cell", cell).out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith(action.usage() + "  - "))
    detail = lines[at + 1]
    assert f"costs {action.political_capital:g} political capital" in detail
    assert all(c.describe() in detail for c in action.costs)
    markdown = cli("catalogue", "--scenario", sid, "--cell", cell, "--markdown").out
    row = next(line for line in markdown.splitlines() if line.startswith(f"| `{action.usage()}`"))
    assert f"{action.political_capital:g} political capital" in row and action.costs[0].indicator in row


def test_default_output_is_one_line_per_name_grouped_by_section(cli):
    """Without arguments: a heading per section, then one indented line per name with its summary."""
    result = cli("catalogue")
    assert result.code == 0, result.output
    lines = result.out.splitlines()
    for section in SECTIONS:
        assert any(line.startswith(f"{section}: ") for line in lines), section
    for section, name in ENTRIES:
        assert sum(1 for line in lines if line.split()[:1] == [name]) >= 1, name
    # White's controls sit under their own heading, not among the cells' actions.
    controls_at = lines.index(next(line for line in lines if line.startswith("controls: ")))
    actions_at = lines.index(next(line for line in lines if line.startswith("actions: ")))
    fire_at = next(i for i, line in enumerate(lines) if line.split()[:1] == ["fire_inject"])
    assert actions_at < controls_at < fire_at


def test_a_bare_name_is_looked_up_in_the_section_that_holds_it(cli):
    """``catalogue investigate`` is ``catalogue actions investigate``; a name in two sections asks which."""
    assert cli("catalogue", "investigate").out == cli("catalogue", "actions", "investigate").out
    both = cli("catalogue", "platform")
    assert both.code == 2 and both.out == ""
    assert len(both.err.splitlines()) == 1
    assert "actors" in both.err and "targets" in both.err


@pytest.mark.parametrize("argv,code,hint", [
    (("catalogue", "actions", "investigat"), 1, "did you mean 'investigate'?"),
    (("catalogue", "techniques", "hack_and_leek"), 1, "did you mean 'hack_and_leak'?"),
    (("catalogue", "actors", "state-actor"), 1, "did you mean 'state_actor'?"),
    (("catalogue", "actions", "fire_inject"), 1, "weerbaar catalogue controls fire_inject"),
    (("catalogue", "actoins"), 2, "did you mean 'actions'?"),
    (("catalogue", "investigat"), 2, "did you mean 'investigate'?"),
])
def test_an_unknown_word_is_one_line_with_the_nearest_name(cli, argv, code, hint):
    """A typo prints nothing on stdout and one line on stderr that suggests the nearest valid word."""
    result = cli(*argv)
    assert result.code == code
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert hint in result.err


def test_white_short_forms_find_their_control(cli):
    """``fire`` is how the console's White cell writes ``fire_inject``."""
    assert cli("catalogue", "controls", "fire").out == cli("catalogue", "controls", "fire_inject").out


BUNDLED = sorted(scenarios.bundled())


@pytest.mark.parametrize("sid", BUNDLED)
def test_a_cell_is_offered_exactly_its_actions_with_the_targets_declared_there(cli, sid):
    """``--scenario S --cell C`` lists the cell's ``actions:`` in order, each with the scenario's ids for its target."""
    scenario = load_scenario(scenarios.bundled()[sid]).scenario
    cells = list(scenario.cells)
    result = cli("catalogue", "--scenario", sid, "--cell", ",".join(reversed(cells)), "--json")
    assert result.code == 0, result.output
    listed = json.loads(result.out)["cells"]
    assert [c["cell"] for c in listed] == list(reversed(cells))
    for cell in listed:
        assert [o["name"] for o in cell["orders"]] == list(scenario.cells[cell["cell"]].actions)
        for order in cell["orders"]:
            action = ACTIONS[order["name"]]
            assert order["usage"] == action.usage()
            expected = declared_targets(scenario, action.target) if action.target != "none" else []
            assert order["targets"] == expected
    text = cli("catalogue", "--scenario", sid, "--cell", cells[0])
    usages = [line.strip().split("  - ")[0] for line in text.out.splitlines()
              if line.startswith("  ") and " - " in line]
    assert usages == [ACTIONS[n].usage() for n in scenario.cells[cells[0]].actions]


def test_the_scenario_alone_lists_every_cell_and_white_gets_the_controls(cli):
    """``--scenario S`` lists each cell in the scenario's order; ``--cell white`` the controls: the inject controls on
    its injects, an added inject on its cells (or all), a note on its objectives, the doctrine profile on its state
    actors."""
    scenario = load_scenario(scenarios.bundled()["municipal-elections"]).scenario
    data = json.loads(cli("catalogue", "--scenario", "municipal-elections", "--json").out)
    assert [c["cell"] for c in data["cells"]] == list(scenario.cells)
    white = json.loads(cli("catalogue", "--scenario", "municipal-elections", "--cell", "white", "--json").out)
    orders = white["cells"][0]["orders"]
    assert {o["name"] for o in orders} == {n for n, a in ACTIONS.items() if a.control}
    injects = [str(i.no) for i in scenario.msel]
    states = [a.id for a in scenario.actors if a.kind == "state_actor"]
    expected = {"msel_inject": injects, "actor": states, "inject_recipient": ["all", *scenario.cells],
                "objective": [o.id for o in scenario.objectives],
                "message_recipient": ["all", "white", *scenario.cells]}
    assert all(o["targets"] == expected[ACTIONS[o["name"]].target] for o in orders)


@pytest.mark.parametrize("argv,code,hint", [
    (("catalogue", "--scenario", "municipal-elections", "--cell", "inteligence"), 1, "did you mean 'intelligence'?"),
    (("catalogue", "--scenario", "municipal-elektions"), 1, "no such scenario file or bundled scenario"),
    (("catalogue", "--cell", "intelligence"), 2, "--cell needs --scenario"),
    (("catalogue", "actions", "--scenario", "municipal-elections"), 2, "leave out SECTION and NAME"),
])
def test_scenario_mode_refuses_in_one_line(cli, argv, code, hint):
    """An unknown cell or scenario is a failed check, a misused flag a usage error; one line each."""
    result = cli(*argv)
    assert result.code == code
    assert result.out == ""
    assert len(result.err.splitlines()) == 1
    assert hint in result.err


def test_docs_catalogue_is_fresh(repo_root, cli):
    """docs/catalogue.md is exactly what ``weerbaar catalogue --markdown`` prints now."""
    path = repo_root / "docs" / "catalogue.md"
    generated = render_markdown()
    assert cli("catalogue", "--markdown").out == generated
    assert path.is_file(), f"{path} is missing: run `weerbaar catalogue --markdown > docs/catalogue.md` and commit it"
    assert path.read_text(encoding="utf-8") == generated, (
        f"{path} is stale: run `weerbaar catalogue --markdown > docs/catalogue.md` and commit the result")


def _cells(row: str) -> int:
    """Columns of a Markdown table row: unescaped pipes, minus the outer two."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_markdown_tables_keep_their_columns():
    """Every row of every table has its header's column count (a ``|`` in a value is escaped)."""
    lines = render_markdown().splitlines()
    header = None
    for line in lines:
        if not line.startswith("|"):
            header = None
            continue
        if header is None:
            header = _cells(line)
        assert _cells(line) == header, line


def test_markdown_names_every_entry_under_its_own_anchor():
    """Each entry has a heading, and the links of the summary tables all point at anchors that exist."""
    text = render_markdown()
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', text))
    links = set(re.findall(r"\]\(#([^)]+)\)", text))
    assert links - set(SECTIONS) <= anchors
    for _, name in ENTRIES:
        assert f"### `{name}`" in text
