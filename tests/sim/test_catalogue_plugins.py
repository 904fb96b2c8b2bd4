"""The catalogue is open: a new actor kind, red technique, event kind and blue response, added from outside.

Nothing here edits an engine file. The module registers, in a fixture that restores the registries
afterwards, a ``think_tank`` actor kind that actions can target, an ``astroturf_report`` technique
that logs an event kind of its own, and a ``discredit_report`` response that answers it. A scenario
using all three validates, runs, is answered by doctrine, and its replay verifies. The conformance
check is also shown catching a broken cross-reference (the ``debunkk`` experiment).
"""

from __future__ import annotations

import dataclasses
from typing import Literal

import pytest

from sim import registry
from sim.plugins import load_plugins

SCENARIO = """\
id: plugin-demo
title: "A think tank that launders a state's talking points"
summary: "Exercises a plugin actor kind, technique, event kind and response."
start: "2018-02-21T00:00"
duration: {days: 6}
tick: {hours: 6}
seed: 11
cells:
  crisis: {title: "Crisis cell", bodies: [nctv], actions: [discredit_report]}
actors:
  - {id: nctv, kind: government_body, capacity: 20, info_position: 0.0}
  - {id: vostria, kind: state_actor, techniques: []}
  - {id: north-institute, kind: think_tank, name: "North Institute", credibility: 0.7}
msel:
  - {no: 1, at: "day 1 08:00", to: [crisis], synopsis: "A service reports a state-funded think-tank study.",
     fires: {technique: astroturf_report, actor: vostria, target: north-institute, reveals: true}}
"""


_ADDED = {"think_tank", "astroturf_report", "discredit_report", "report.published"}


@pytest.fixture
def plugin_catalogue():
    """Register the plugin kinds for one test, then put the registries back as they were."""
    load_plugins()
    saved = {name: dict(getattr(registry, name)) for name in
             ("AGENT_KINDS", "TARGET_KINDS", "TECHNIQUES", "ACTIONS", "EVENT_KINDS", "DOCTRINES")}
    from sim.actions import action
    from sim.agentbase import ActorSpecBase, WeerbaarAgent
    from sim.eventkinds import event_kind
    from sim.registry import register_agent_kind, register_target_kind
    from sim.scenario.schemabase import Unit
    from sim.techniques import technique

    class ThinkTankSpec(ActorSpecBase):
        """A think tank. Attributes: credibility (0-1)."""

        kind: Literal["think_tank"]
        credibility: Unit = 0.5

    register_target_kind("think_tank", "a think tank that has not been discredited",
                         aim=lambda ex, op, action, cell: op.target if op.target in ex.targets("think_tank") else None)

    @register_agent_kind("think_tank", ThinkTankSpec, order=45, provides=("think_tank",), map_column=1)
    class ThinkTank(WeerbaarAgent):
        """A think tank whose studies the press quotes."""

        discredited = False

        def targetable(self) -> bool:
            return not self.discredited

    event_kind("report.published", "a think tank published a study that repeats a state's talking points",
               fields=("operation", "title"), audience="public", wording="STUDY by {source}: {title}",
               important=True, topics=("red", "news"))

    def start(ex, op):
        tank = ex.actors[op.target]
        ex.log_event("report.published", source=op.target, target=op.actor,
                     payload={"operation": op.id, "title": "Sanctions hurt Dutch farmers most"}, visible_to=["*"])
        ex.indicators.hit("decision_integrity", 2.0 * tank.spec.credibility)

    technique(name="astroturf_report", summary="Fund a think tank to publish a study with the state's line",
              cost=4, duration_hours=10 * 24, signature=0.2, expected_effect=3, target="think_tank",
              disarm=("T0097",), domains=("information",), hits=("decision_integrity",),
              responses=("discredit_report",), start=start)

    @action(target="think_tank", target_required=True, capacity=2, lead_hours=6, lever="information",
            counters=("C00115",), domains=("information",), public=True)
    def discredit_report(ex, order):
        """Publish who funded the study: the think tank loses its standing and the study its effect."""
        tank = ex.actors[order.target]
        tank.discredited = True
        stopped = [op.id for op in ex.active_operations() if op.target == order.target]
        for op in ex.active_operations():
            if op.target == order.target:
                ex.stop_operation(op, "disrupted: funding exposed")
        return {"headline": f"Study by {tank.display_name} was paid for by a foreign state", "operations": stopped}

    load_plugins()  # the conformance check runs on the grown catalogue
    yield
    for name, table in saved.items():  # drop what the test added, keep what was registered meanwhile
        current = getattr(registry, name)
        for key in [k for k in current if k not in table and k in _ADDED]:
            del current[key]
        current.update(table)
    registry._version += 1  # the next load checks the restored catalogue again


def test_a_plugin_scenario_validates_runs_is_answered_by_doctrine_and_verifies(plugin_catalogue, tmp_path, cli):
    """The three new entries work end to end, through the same commands a designer uses."""
    scenario = tmp_path / "plugin-demo.yaml"
    scenario.write_text(SCENARIO, encoding="utf-8")
    assert cli("validate", scenario).code == 0
    replay = tmp_path / "run.jsonl"
    assert cli("run", scenario, "--out", replay, "--quiet").code == 0
    from replays.format import read_replay

    events = read_replay(replay).events
    kinds = [e["kind"] for e in events]
    assert "report.published" in kinds
    ordered = [e for e in events if e["kind"] == "command.accepted"]
    assert [(e["payload"]["action"], e["target"], e["payload"]["by"]) for e in ordered] == \
        [("discredit_report", "north-institute", "doctrine")]
    ended = [e for e in events if e["kind"] == "operation.ended"]
    assert ended and ended[0]["payload"]["outcome"] == "disrupted: funding exposed"
    from sim.eventkinds import describe

    study = next(e for e in events if e["kind"] == "report.published")
    assert describe(study) == "STUDY by north-institute: Sanctions hurt Dutch farmers most"
    verdict = cli("verify", replay)
    assert verdict.code == 0, verdict.output


def test_the_new_target_kind_is_offered_where_targets_are(plugin_catalogue):
    """The exercise lists the think tank as a target, and drops it once discredited."""
    from sim.exercise import Exercise
    from sim.scenario import parse_scenario

    ex = Exercise(parse_scenario(SCENARIO))
    assert ex.targets("think_tank") == ["north-institute"]
    ex.actors["north-institute"].discredited = True
    assert ex.targets("think_tank") == []


def test_a_misspelt_response_fails_the_conformance_check(monkeypatch):
    """The ``debunkk`` experiment: a technique naming a response that does not exist fails at load."""
    from sim.conformance import CatalogueError, check_catalogue
    from sim.registry import TECHNIQUES

    load_plugins()
    broken = dataclasses.replace(TECHNIQUES["disinformation_campaign"],
                                 responses=("debunkk", "investigate", "public_attribution"))
    monkeypatch.setitem(TECHNIQUES, "disinformation_campaign", broken)
    with pytest.raises(CatalogueError) as caught:
        check_catalogue()
    assert caught.value.problems == [
        "technique 'disinformation_campaign': responses: no action 'debunkk'; did you mean 'debunk'?"]


@pytest.mark.parametrize("table, name, field, value, expected", [
    ("ACTIONS", "investigate", "target", "actr", "action 'investigate': target: no target kind 'actr'; did you mean 'actor'?"),
    ("ACTIONS", "investigate", "lever", "intel", "action 'investigate': lever: no DIMEFIL lever 'intel'"),
    ("ACTIONS", "demarche", "counters", ("C115",), "action 'demarche': counters: 'C115' is not a DISARM counter id (C00000)"),
    ("TECHNIQUES", "hack_and_leak", "disarm", ("T89",), "technique 'hack_and_leak': disarm: 'T89' is not a DISARM technique id"),
    ("TECHNIQUES", "hack_and_leak", "domains", ("cybr",), "technique 'hack_and_leak': domains: no Hybrid CoE domain 'cybr'; did you mean 'cyber'?"),
    ("EVENT_KINDS", "leak", "wording", "LEAK: {titel}", "event kind 'leak': wording: {titel} is not a payload field; did you mean 'title'?"),
    ("EVENT_KINDS", "leak", "wording", "", "event kind 'leak': wording: empty; every kind needs its sentence"),
])
def test_each_kind_of_broken_entry_is_named_with_its_field(monkeypatch, table, name, field, value, expected):
    """Broken target kinds, levers, DISARM ids, domains and wordings are each caught, by entry and field."""
    from sim.conformance import catalogue_problems

    load_plugins()
    entries = getattr(registry, table)
    monkeypatch.setitem(entries, name, dataclasses.replace(entries[name], **{field: value}))
    problems = catalogue_problems()
    assert len(problems) == 1 and problems[0].startswith(expected), problems


def test_the_bundled_catalogue_holds_together():
    """Every cross-reference of the bundled catalogue resolves and every tag is in its vocabulary."""
    from sim.conformance import catalogue_problems

    load_plugins()
    assert catalogue_problems() == []


def test_every_bundled_run_logs_only_registered_kinds_in_their_declared_shape(default_replay):
    """Each event of a full default run has a registered kind, its declared fields and its audience."""
    from sim.registry import EVENT_KINDS

    load_plugins()
    for event in default_replay.events:
        kind = EVENT_KINDS[event["kind"]]
        if not kind.open_fields:
            assert set(event["payload"]) <= set(kind.fields), (event["kind"], set(event["payload"]) - set(kind.fields))
        visible = event["visible_to"]
        if kind.audience == "white":
            assert visible == ["white"], event
        elif kind.audience == "public":
            assert visible == ["*"], event
