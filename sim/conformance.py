"""The catalogue checked as a whole: every cross-reference resolves, every tag is in its vocabulary.

Registering an entry checks only the entry; whether a technique's ``responses`` name actions that
exist, an action's target kind is registered, or an agent kind provides a target kind nobody
registered can only be told once everything is loaded. :func:`check_catalogue` does that (as
PettingZoo's ``api_test`` does for an environment) and :func:`sim.plugins.load_plugins` runs it
whenever the registries changed, so a broken entry fails at load, naming the entry and the field::

    technique 'disinformation_campaign': responses: no action 'debunkk'; did you mean 'debunk'?

The test suite runs it over the bundled catalogue too.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from sim.actions import PARAM_KINDS
from sim.eventkinds import AUDIENCES, TOPICS, template_fields
from sim.names import suggest
from sim.registry import ACTIONS, AGENT_KINDS, DOCTRINES, EVENT_KINDS, TARGET_KINDS, TECHNIQUES
from sim.scenario.schemabase import INDICATOR_NAMES
from sim.vocabulary import DIMEFIL, DISARM_COUNTER, DISARM_TECHNIQUE, DOMAINS


class CatalogueError(ValueError):
    """The catalogue does not hold together; ``problems`` has one line per broken field."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("the catalogue does not hold together:\n  " + "\n  ".join(problems))


def _hint(word: str, options: Collection[str]) -> str:
    return suggest(word, options)


def _unknown(what: str, word: str, options: Collection[str]) -> str:
    return f"no {what} {word!r}{_hint(word, options)}"


def _technique_problems() -> Iterator[str]:
    for name, tech in sorted(TECHNIQUES.items()):
        where = f"technique {name!r}"
        if not tech.summary.strip():
            yield f"{where}: summary: empty; say in one line what it does"
        if tech.target and tech.target not in TARGET_KINDS:
            yield f"{where}: target: {_unknown('target kind', tech.target, TARGET_KINDS)}"
        for response in tech.responses:
            if response not in ACTIONS:
                yield f"{where}: responses: {_unknown('action', response, ACTIONS)}"
            elif ACTIONS[response].control:
                yield f"{where}: responses: {response!r} is a White control, not a response"
        for tag in tech.disarm:
            if not DISARM_TECHNIQUE.match(tag):
                yield f"{where}: disarm: {tag!r} is not a DISARM technique id (T0000 or T0000.000)"
        for domain in tech.domains:
            if domain not in DOMAINS:
                yield f"{where}: domains: {_unknown('Hybrid CoE domain', domain, DOMAINS)}"
        for indicator in tech.hits:
            if indicator not in INDICATOR_NAMES:
                yield f"{where}: hits: {_unknown('indicator', indicator, INDICATOR_NAMES)}"
        for field in ("cost", "duration_hours", "signature", "expected_effect"):
            if getattr(tech, field) < 0:
                yield f"{where}: {field}: must not be negative"


def _action_problems() -> Iterator[str]:
    for name, act in sorted(ACTIONS.items()):
        where = f"action {name!r}"
        if not act.summary.strip():
            yield f"{where}: summary: empty; say in one line what it does"
        if act.target != "none" and act.target not in TARGET_KINDS:
            yield f"{where}: target: {_unknown('target kind', act.target, TARGET_KINDS)}"
        if act.lever not in DIMEFIL:
            yield f"{where}: lever: {_unknown('DIMEFIL lever', act.lever, DIMEFIL)}"
        for tag in act.counters:
            if not DISARM_COUNTER.match(tag):
                yield f"{where}: counters: {tag!r} is not a DISARM counter id (C00000)"
        for domain in act.domains:
            if domain not in DOMAINS:
                yield f"{where}: domains: {_unknown('Hybrid CoE domain', domain, DOMAINS)}"
        if act.capacity < 0 or act.lead_hours < 0:
            yield f"{where}: capacity and lead_hours must not be negative"
        if not 0.0 <= act.doctrine_confidence <= 1.0:
            yield f"{where}: doctrine_confidence: must be between 0 and 1"
        for param in act.params:
            at = f"{where}: params.{param.name}"
            if param.kind not in PARAM_KINDS:
                yield f"{at}: kind: {_unknown('parameter kind', param.kind, PARAM_KINDS)}"
            if not param.help.strip():
                yield f"{at}: help: empty; say in one line what it sets"
            if param.choices and param.default not in param.choices:
                yield f"{at}: default {param.default!r} is not one of its choices {list(param.choices)}"
            if param.kind in ("int", "float") and isinstance(param.default, (int, float)):
                if (param.low is not None and param.default < param.low) or \
                        (param.high is not None and param.default > param.high):
                    yield f"{at}: default {param.default} is outside {param.low}..{param.high}"


def _kind_problems() -> Iterator[str]:
    for name, kind in sorted(AGENT_KINDS.items()):
        where = f"actor kind {name!r}"
        if not kind.summary.strip():
            yield f"{where}: summary: empty (the class docstring's first line)"
        for provided in kind.provides:
            if provided not in TARGET_KINDS:
                yield f"{where}: provides: {_unknown('target kind', provided, TARGET_KINDS)}"
        if kind.map_column not in (0, 1, 2, 3):
            yield f"{where}: map_column: must be 0, 1, 2 or 3"
    for name, target in sorted(TARGET_KINDS.items()):
        if not target.summary.strip():
            yield f"target kind {name!r}: summary: empty"
        if target.ids is None and not any(name in k.provides for k in AGENT_KINDS.values()):
            yield f"target kind {name!r}: ids: none given and no actor kind provides it"
    for name, doctrine in sorted(DOCTRINES.items()):
        if not doctrine.summary.strip():
            yield f"doctrine {name!r}: summary: empty"


def _event_problems() -> Iterator[str]:
    for name, kind in sorted(EVENT_KINDS.items()):
        where = f"event kind {name!r}"
        if not kind.summary.strip():
            yield f"{where}: summary: empty"
        if kind.audience not in AUDIENCES:
            yield f"{where}: audience: {_unknown('audience', kind.audience, AUDIENCES)}"
        for topic in kind.topics:
            if topic not in TOPICS:
                yield f"{where}: topics: {_unknown('topic', topic, TOPICS)}"
        if not kind.wording.strip():
            yield f"{where}: wording: empty; every kind needs its sentence"
            continue
        try:
            used = template_fields(kind.wording)
        except ValueError as exc:
            yield f"{where}: wording: malformed template ({exc})"
            continue
        if kind.derive is None:
            known = {*kind.fields, "source", "target", "t"}
            for field in used:
                if field.split(".")[0].split("[")[0] not in known:
                    yield f"{where}: wording: {{{field}}} is not a payload field{_hint(field, known)}"


def catalogue_problems() -> list[str]:
    """Every problem of the loaded catalogue, one line each (empty when it holds together)."""
    return [*_technique_problems(), *_action_problems(), *_kind_problems(), *_event_problems()]


def check_catalogue() -> None:
    """Raise :class:`CatalogueError` if the loaded catalogue does not hold together."""
    problems = catalogue_problems()
    if problems:
        raise CatalogueError(problems)
