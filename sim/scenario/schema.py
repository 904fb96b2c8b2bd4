"""The scenario format: pydantic v2 models of a scenario file.

One scenario file holds the metadata and briefing, the calendar, the cells
players take, the actors (by kind, each kind's parameters registered in
:mod:`sim.registry`), the population and narratives, the objectives that weight
the score, and the MSEL. Unknown keys are errors everywhere. The actors list is a
discriminated union over the registered kinds, so the model is built on first
use by :func:`scenario_model`; ``weerbaar schema`` exports it as JSON Schema.
"""

from __future__ import annotations

import functools
from typing import Annotated, Any, Literal, Union

from pydantic import AfterValidator, BeforeValidator, Field, create_model, model_validator

from sim.i18n import M_
from sim.plugins import load_plugins
from sim.population.spec import NarrativeSpec, PopulationSpec
from sim.registry import AGENT_KINDS
from sim.scenario.schemabase import (INDICATOR_NAMES, ActionName, Identifier, Indicator, Prose, Score, Strict,
                                     TechniqueName, Yaml11Trap)
from sim.timeexpr import check_time_expr, parse_start
from sim.vocabulary import DOMAINS, LINES


def _refuse_trap(value: Any) -> Any:
    if isinstance(value, Yaml11Trap):
        raise ValueError(value.hint)
    return value


def _time_expr(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        raise ValueError(M_("a time must be a quoted string such as \"day 3 08:00\", not the number {value}", value=value))
    return value


TimeExpr = Annotated[str, BeforeValidator(_time_expr), BeforeValidator(_refuse_trap), AfterValidator(check_time_expr)]
"""``day 3 08:00``, an ISO date or date-time, or an offset like ``36h`` (see :mod:`sim.timeexpr`)."""

StartDate = Annotated[str, BeforeValidator(_refuse_trap), AfterValidator(lambda s: (parse_start(s), s)[1])]

Text = Annotated[str, BeforeValidator(_refuse_trap)]

Domain = Literal[DOMAINS]  # type: ignore[valid-type]


class Setting(Strict):
    """Where the scenario plays. Attributes: country, language (ISO 639-1), region."""

    country: Text = "Netherlands"
    language: Text = "nl"
    region: Text = ""


class Duration(Strict):
    """Scenario length. Attributes: days."""

    days: float = Field(gt=0, le=730)


class Tick(Strict):
    """Length of one tick of the periodic dynamics. Attributes: hours."""

    hours: float = Field(gt=0, le=24)


class CellSpec(Strict):
    """A role players take: a Dutch government cell, or a red cell that plays a state actor.

    Attributes:
        title: display name.
        bodies: government bodies the cell commands (``government_body`` actor ids).
        actions: actions it may order (names from the action catalogue).
        doctrine: whether the cell acts on doctrine when no player holds it.
        actor: for a red cell, the ``state_actor`` it plays (:mod:`sim.red_cell`). A red cell has no
            bodies and no actions: its orders are its actor's techniques, and when no player holds it
            the actor's own planner is its doctrine.
        organisation: the organisation the cell stands for (a ministry, a service, a municipality):
            the after-action report's improvement plan names it as responsible.
    """

    title: Prose = ""
    organisation: Text = ""
    bodies: list[Identifier] = Field(default_factory=list)
    actions: list[ActionName] = Field(default_factory=list)
    doctrine: bool = True
    actor: Identifier | None = None


class Objective(Strict):
    """An exercise objective that weights the score.

    Attributes:
        id: referenced by MSEL injects.
        indicator: the dimension it is about.
        weight: relative weight in the overall score.
        target: the value to hold (0-100); HSEEP ratings compare against it.
        description: the objective in words.
        capability: the capability it exercises (HSEEP core capability, or the letter's theme), named in
            the improvement plan.
        evaluation_guide: what evaluators look for (the exercise evaluation guide's critical tasks),
            shown to evaluators during play.
        learning_objectives: the scenario's learning objectives this objective measures, by their number
            in its ``learning_objectives`` list (1 is the first); the report shows, for each learning
            objective, the scored objectives that measure it.
    """

    id: Identifier
    indicator: Indicator
    weight: float = Field(default=1.0, gt=0, le=100)
    target: Score = 70.0
    description: Prose = ""
    capability: Prose = ""
    evaluation_guide: list[Prose] = Field(default_factory=list)
    learning_objectives: list[Annotated[int, Field(ge=1, le=100)]] = Field(default_factory=list)


class Participant(Strict):
    """Someone taking part. Attributes: name, organisation, cell (the cell they play, if any)."""

    name: Text
    organisation: Text = ""
    cell: Identifier | None = None


class ExerciseInfo(Strict):
    """The exercise overview of the after-action report (HSEEP AAR/IP).

    Attributes:
        name: the exercise's name (the scenario title when empty).
        sponsor: who sponsors the exercise.
        venue: where it is held.
        date: when it is held (ISO date, quoted), when known before play; the replay's recording time
            otherwise.
        type: the kind of exercise (e.g. tabletop exercise).
        participants: who plays.
        evaluators: who evaluates.
        point_of_contact: whom to ask about the report.
    """

    name: Text = ""
    sponsor: Text = ""
    venue: Text = ""
    date: Text = ""
    type: Text = "Tabletop exercise"
    participants: list[Participant] = Field(default_factory=list)
    evaluators: list[Participant] = Field(default_factory=list)
    point_of_contact: Text = ""


class InjectTags(Strict):
    """Vocabulary tags of an inject. Attributes: disarm (ids), domains (Hybrid CoE)."""

    disarm: list[Annotated[str, Field(pattern=r"^(T\d{4}(\.\d{3})?|C\d{5})$")]] = Field(default_factory=list)
    domains: list[Domain] = Field(default_factory=list)


class Fires(Strict):
    """What an inject sets off in the simulation.

    Attributes:
        technique: a red technique the ``actor`` launches now.
        actor: the state actor running it.
        target: the technique's target (narrative, segment, body ...).
        staff: the actor's staff member running it, if any.
        news: a headline published to everyone as news.
        reveals: the receiving cells learn of the operation it launches (the inject reports it),
            as if their bodies had detected it.
        params: technique parameters.
    """

    technique: TechniqueName | None = None
    actor: Identifier | None = None
    target: Identifier | None = None
    staff: Identifier | None = None
    news: Prose | None = None
    reveals: bool = False
    params: dict[Identifier, float | int | Text] = Field(default_factory=dict)


class Material(Strict):
    """A piece of supporting material an inject hands its cells: the document the synopsis is about.

    It only informs: the simulation never reads it (an inject changes the run only through ``fires``).

    Attributes:
        kind: ``article`` (a mock news article), ``post`` (a social-media post), ``email``, ``note`` (a note
            from a service or a ministry), ``transcript`` (of a speech, a call, a broadcast) or ``letter``.
        title: a headline, subject line or heading.
        source: who wrote or published it, as the players see it (an outlet, an account, a service).
        text: the text itself, as the receiving cells read it.
    """

    kind: Literal["article", "post", "email", "note", "transcript", "letter"]
    title: Prose
    source: Text = ""
    text: Prose


class Inject(Strict):
    """One MSEL row, with the HSEEP columns.

    Attributes:
        no: inject number.
        at: when it fires (time expression); or
        when: a trigger condition (see :mod:`sim.triggers`) checked every tick.
        from_: the sender as players see it (``from`` in YAML), e.g. EXCON or a partner service.
        to: receiving cell(s); ``all`` for every cell.
        synopsis: what the players are told.
        expected_action: the expected player action: orders separated by ``;``, each an order a receiving
            cell may give (``debunk rigged-count``), optionally followed by a condition in parentheses
            (``public_attribution vostria partners=eu (only once the evidence holds)``); ``monitor`` when
            the inject asks for no order. ``tests/scenarios/test_expected_actions.py`` checks every one.
        objective: objective id this inject tests.
        controller_notes: notes for the White cell only.
        contingency: fires only when White calls it (``fire_inject N``).
        critical: the console pauses on it when the option is on.
        tags: DISARM ids and Hybrid CoE domains.
        fires: what it sets off.
        material: supporting material the receiving cells read (a mock article, a post, an e-mail, a
            service's note); it informs and changes nothing in the run.
    """

    no: int = Field(ge=1, le=9999)
    at: TimeExpr | None = None
    when: Text | None = None
    from_: Text = Field(default="EXCON", alias="from")
    to: list[Identifier] = Field(default_factory=lambda: ["all"])
    synopsis: Prose
    expected_action: Text = ""
    objective: Identifier | None = None
    controller_notes: Prose = ""
    contingency: bool = False
    critical: bool = False
    tags: InjectTags = InjectTags()
    fires: Fires | None = None
    material: list[Material] = Field(default_factory=list)

    model_config = Strict.model_config | {"populate_by_name": True}


class SuspectSpec(Strict):
    """Someone besides the state actors who could plausibly be behind the campaign (sim.evidence).

    Attributes:
        id: suspect id (used in commands: ``public_attribution ID``).
        name: display name.
        kind: ``domestic_group``, ``troll_farm``, ``state`` (a state that is not an actor here) or
            ``proxy`` (works for a state actor: ``state`` names it).
        state: for a proxy, the state actor it works for.
        lines: for a proxy, the lines of effort it works on (:data:`sim.vocabulary.LINES`; empty: any).
    """

    id: Identifier
    name: Text
    kind: Literal["domestic_group", "troll_farm", "state", "proxy"]
    state: Identifier | None = None
    lines: list[Literal[tuple(LINES)]] = Field(default_factory=list)  # type: ignore[valid-type]


class ScenarioBase(Strict):
    """Everything in a scenario but the actors (added per registered kind by :func:`scenario_model`).

    Attributes:
        id, title, summary, briefing, learning_objectives, setting: metadata.
        start: calendar start (ISO).
        duration, tick: the clock.
        seed: default seed.
        indicators: starting values (0-100); dimensions left out start at 80.
        cells: the roles players take, by id.
        population: the synthetic citizen population (optional).
        narratives: narratives that can spread.
        objectives: scoring objectives.
        msel: the master scenario events list.
        political_capital: what the government can spend on its heaviest measures and legislation
            (:mod:`sim.costs`).
        suspects: who else could plausibly be behind the campaign (:mod:`sim.evidence`; two generic
            ones when empty).
        election_day: when the vote is (a time expression), if the scenario has an election:
            election safeguards must be in place before it.
        exercise: the exercise overview for the after-action report (sponsor, venue, participants ...).
    """

    id: Identifier
    title: Prose
    summary: Prose
    briefing: Prose = ""
    learning_objectives: list[Prose] = Field(default_factory=list)
    setting: Setting = Setting()
    start: StartDate
    duration: Duration
    tick: Tick = Tick(hours=6)
    seed: int = Field(default=1, ge=0, le=2**63 - 1)
    indicators: dict[Indicator, Score] = Field(default_factory=dict)
    cells: dict[Identifier, CellSpec] = Field(default_factory=dict)
    population: PopulationSpec | None = None
    narratives: list[NarrativeSpec] = Field(default_factory=list)
    objectives: list[Objective] = Field(default_factory=list)
    msel: list[Inject] = Field(default_factory=list)
    political_capital: float = Field(default=100.0, ge=0, le=1000)
    suspects: list[SuspectSpec] = Field(default_factory=list)
    election_day: TimeExpr | None = None
    exercise: ExerciseInfo = ExerciseInfo()

    @model_validator(mode="after")
    def _learning_objective_numbers(self) -> ScenarioBase:
        count = len(self.learning_objectives)
        for i, objective in enumerate(self.objectives):
            for number in objective.learning_objectives:
                if number > count:
                    raise ValueError(M_("objectives[{i}] ({id}): learning_objectives names learning objective {number}, "
                                        "but the scenario has {count}", i=i, id=objective.id, number=number,
                                        count=count))
        return self

    def measured_by(self) -> dict[int, list[str]]:
        """For each learning objective (numbered from 1), the ids of the scored objectives that measure it."""
        table: dict[int, list[str]] = {n: [] for n in range(1, len(self.learning_objectives) + 1)}
        for objective in self.objectives:
            for number in objective.learning_objectives:
                table.setdefault(number, []).append(objective.id)
        return table

    def government_cells(self) -> list[str]:
        """Ids of the Dutch government cells (every cell that is not a red cell), in scenario order."""
        return [cid for cid, cell in self.cells.items() if cell.actor is None]

    def red_cells(self) -> dict[str, str]:
        """Red cells: cell id -> the state actor it plays, in scenario order."""
        return {cid: cell.actor for cid, cell in self.cells.items() if cell.actor is not None}

    def start_values(self) -> dict[str, float]:
        """Starting value of every indicator (80 where the scenario is silent)."""
        return {name: float(self.indicators.get(name, 80.0)) for name in INDICATOR_NAMES}


def scenario_model() -> type[ScenarioBase]:
    """The full scenario model, with ``actors`` as a union over the registered agent kinds.

    Built once per set of registered actor kinds (a plugin registering a kind gets a new model).
    """
    load_plugins()
    return _scenario_model(tuple(kind.spec for kind in sorted(AGENT_KINDS.values(), key=lambda k: k.kind)))


@functools.cache
def _scenario_model(specs: tuple[type, ...]) -> type[ScenarioBase]:
    actor = Annotated[Union[specs], Field(discriminator="kind")]  # type: ignore[valid-type]
    return create_model(  # type: ignore[call-overload]
        "Scenario",
        __base__=ScenarioBase,
        __doc__=ScenarioBase.__doc__,
        actors=(list[actor], Field(default_factory=list, description="Actors by kind.")),
    )


class CommandEntry(Strict):
    """One line of a command file: at time ``at`` the ``cell`` orders ``command``."""

    at: TimeExpr
    cell: Identifier
    command: Text


def command_file_model() -> Any:
    """Model of a command file: a YAML list of :class:`CommandEntry`."""
    from pydantic import RootModel

    return RootModel[list[CommandEntry]]
