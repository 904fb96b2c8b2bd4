"""Trigger conditions for MSEL injects (``when:``), checked every tick.

A condition is one or more clauses joined by ``and``:

* ``public_trust < 60`` — an indicator's true value compared with a number;
* ``narrative rigged-count reach > 0.15`` — a narrative's ``reach`` (share ever
  reached), ``believers`` or ``spreaders`` (shares of the population);
* ``event detection`` / ``event operation.launched by vostria`` / ``event acquisition.completed on northlink``
  — such an event (from that source, about that target) has been logged;
* ``inject 3 fired`` — another inject has fired.

Conditions are parsed once, when the scenario is validated, so a typo is a
validation error with its line, not a surprise in the middle of an exercise.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sim.scenario.schemabase import INDICATOR_NAMES

if TYPE_CHECKING:  # pragma: no cover
    from sim.exercise import Exercise

_OPS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge,
}
_NUM = r"(-?\d+(?:\.\d+)?)"
_OP = r"(<=|>=|<|>)"
_INDICATOR = re.compile(rf"^([a-z_]+)\s*{_OP}\s*{_NUM}$")
_NARRATIVE = re.compile(rf"^narrative\s+([a-z0-9][a-z0-9_\-]*)\s+(reach|believers|spreaders)\s*{_OP}\s*{_NUM}$")
_EVENT = re.compile(r"^event\s+([a-z_.]+)(?:\s+by\s+([a-z0-9][a-z0-9_\-]*))?(?:\s+on\s+([a-z0-9][a-z0-9_\-]*))?$")
_INJECT = re.compile(r"^inject\s+(\d+)\s+fired$")

FORMS = ("'<indicator> < 60', 'narrative ID reach|believers|spreaders > 0.15', "
         "'event KIND [by SOURCE] [on TARGET]', 'inject N fired', joined by 'and'")


class TriggerError(ValueError):
    """A condition that cannot be read."""


@dataclass(frozen=True)
class IndicatorClause:
    """An indicator's true value compared with a threshold."""

    indicator: str
    op: str
    value: float

    def holds(self, exercise: "Exercise") -> bool:
        return _OPS[self.op](exercise.indicators.value(self.indicator), self.value)


@dataclass(frozen=True)
class NarrativeClause:
    """A narrative's reach or believer / spreader share compared with a threshold."""

    narrative: str
    measure: str
    op: str
    value: float

    def holds(self, exercise: "Exercise") -> bool:
        population = exercise.population
        if population is None:
            return False
        counts = population.narrative_counts()[self.narrative]
        share = counts["reach"] if self.measure == "reach" else counts[self.measure.rstrip("s")] / population.size
        return _OPS[self.op](share, self.value)


@dataclass(frozen=True)
class EventClause:
    """An event of a kind (and optionally from a source, about a target) has been logged."""

    kind: str
    source: str | None
    target: str | None = None

    def holds(self, exercise: "Exercise") -> bool:
        return exercise.has_logged(self.kind, self.source, self.target)


@dataclass(frozen=True)
class InjectClause:
    """Another inject has fired."""

    number: int

    def holds(self, exercise: "Exercise") -> bool:
        return exercise.injects.has_fired(self.number)


@dataclass(frozen=True)
class Trigger:
    """A conjunction of clauses."""

    text: str
    clauses: tuple[object, ...]

    def holds(self, exercise: "Exercise") -> bool:
        """Whether every clause holds now."""
        return all(clause.holds(exercise) for clause in self.clauses)  # type: ignore[attr-defined]


def parse_trigger(text: str, narratives: Collection[str] = ()) -> Trigger:
    """Parse a ``when:`` condition; ``narratives`` are the ids it may name."""
    clauses: list[object] = []
    for part in re.split(r"\s+and\s+", text.strip()):
        part = part.strip()
        if m := _NARRATIVE.match(part):
            if m[1] not in narratives:
                raise TriggerError(f"condition {part!r}: no narrative {m[1]!r}")
            clauses.append(NarrativeClause(m[1], m[2], m[3], float(m[4])))
        elif m := _EVENT.match(part):
            clauses.append(EventClause(m[1], m[2], m[3]))
        elif m := _INJECT.match(part):
            clauses.append(InjectClause(int(m[1])))
        elif m := _INDICATOR.match(part):
            if m[1] not in INDICATOR_NAMES:
                raise TriggerError(f"condition {part!r}: no indicator {m[1]!r}")
            clauses.append(IndicatorClause(m[1], m[2], float(m[3])))
        else:
            raise TriggerError(f"cannot read condition {part!r}; write {FORMS}")
    return Trigger(text, tuple(clauses))
