"""Shared building blocks for the pydantic schemas: the strict base model and common field types.

Scenario files are user input, so every model forbids unknown keys and refuses
the silent coercions YAML 1.1 invites: strings are never made from numbers or
booleans, and the YAML-1.1 traps (``12:30`` read as 750, ``NO`` read as false)
arrive here as :class:`Yaml11Trap` values that no field accepts.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, WithJsonSchema, WrapValidator

from sim.i18n import LANGUAGES, M_, Localized, normalise

INDICATOR_NAMES: tuple[str, ...] = (
    "decision_integrity",
    "rule_of_law",
    "election_integrity",
    "fundamental_freedoms",
    "social_cohesion",
    "public_trust",
    "diaspora_security",
    "economic_security",
    "cyber_resilience",
    "bilateral_relations",
    "government_credibility",
    "economic_openness",
)
"""The twelve indicators, each 0-100 with 100 = intact: the nine resilience dimensions (DESIGN.md) and
three that carry what the Dutch response costs (:data:`COST_INDICATORS`, :mod:`sim.costs`)."""

COST_INDICATORS: tuple[str, ...] = INDICATOR_NAMES[9:]
"""Indicators no red technique hits: only the Netherlands' own responses move them (relations with the
states in the scenario, the government's credibility, the open economy)."""

Indicator = Literal[INDICATOR_NAMES]  # type: ignore[valid-type]  (one list, two uses)

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9][a-z0-9_\-]*$", max_length=64),
]
"""Lower-case id: letters, digits, ``-`` and ``_`` (used in commands, so no spaces)."""

def _catalogue_enum(table: str, keep=lambda entry: True):
    """JSON Schema hook: list the registered names of ``table`` as an ``enum``, so editors complete them.

    Only the schema for editors carries the enum; validation keeps accepting any identifier and the
    reference check answers an unknown name with a "did you mean" (a bare enum error would not).
    """

    def extra(schema: dict) -> None:
        from sim import registry  # filled by then: the schema is made from scenario_model(), which loads it

        schema["enum"] = sorted(name for name, entry in getattr(registry, table).items() if keep(entry))

    return extra


ActionName = Annotated[Identifier, Field(json_schema_extra=_catalogue_enum("ACTIONS", lambda a: not a.control))]
"""The name of a registered blue action (``weerbaar catalogue actions``)."""

TechniqueName = Annotated[Identifier, Field(json_schema_extra=_catalogue_enum("TECHNIQUES"))]
"""The name of a registered red technique (``weerbaar catalogue techniques``)."""

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
"""A probability or share in [0, 1]."""

Score = Annotated[float, Field(ge=0.0, le=100.0)]
"""An indicator value in [0, 100]."""


class Strict(BaseModel):
    """Base for every user-facing schema model: unknown keys are errors, values are not coerced."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Yaml11Trap:
    """A scalar that YAML 1.1 would have turned into something the author did not mean.

    The safe loader builds one for an unquoted ``12:30`` (base-60 integer 750) or
    ``yes``/``no``/``on``/``off`` (booleans). No schema field accepts it, so the
    validation error can say what happened and how to fix it.

    Attributes:
        text: the scalar as written.
        hint: the advice shown to the author.
    """

    __slots__ = ("text", "hint")

    def __init__(self, text: str, hint: str) -> None:
        self.text = text
        self.hint = hint

    def __repr__(self) -> str:
        return f"Yaml11Trap({self.text!r})"


def _refuse_trap(value: Any) -> Any:
    if isinstance(value, Yaml11Trap):
        raise ValueError(value.hint)
    return value


def _prose(value: Any, handler: Any) -> Any:
    """A text people read: a string, or one string per language (``{en: ..., nl: ...}``) kept as a
    :class:`sim.i18n.Localized`, whose plain value is the English (logs, ids and checks see that)."""
    if not isinstance(value, dict):
        return handler(_refuse_trap(value))
    unknown = [str(k) for k in value if normalise(str(k)) != str(k) or str(k) not in LANGUAGES]
    if unknown:
        raise ValueError(M_("a text per language takes the keys {keys}; not {unknown}", keys=", ".join(LANGUAGES),
                            unknown=", ".join(unknown)))
    for lang, text in value.items():
        _refuse_trap(text)
        if not isinstance(text, str):
            raise ValueError(M_("the {lang} text must be a string, not {type}", lang=lang, type=type(text).__name__))
    if not any(text.strip() for text in value.values()):
        raise ValueError(M_("a text per language needs at least one non-empty text"))
    localized = Localized(value)
    handler(str(localized))
    return localized


Prose = Annotated[str, WrapValidator(_prose), WithJsonSchema({"anyOf": [
    {"type": "string"},
    {"type": "object", "properties": {lang: {"type": "string"} for lang in LANGUAGES},
     "additionalProperties": False, "minProperties": 1}]})]
"""A text people read (titles, briefings, injects, material): a string or ``{en: ..., nl: ...}``."""
