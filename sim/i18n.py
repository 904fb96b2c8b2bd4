"""Languages: every sentence a person reads goes through one message catalogue (gettext, with Babel).

English is the source language: the strings in the code are English, and the Dutch catalogue
in ``sim/locale/nl/LC_MESSAGES/`` translates them: ``weerbaar.po`` and one file per area beside it
(``reports.po``, ``cli.po``), read together as one catalogue, so that translators of different areas
never edit the same file. The ``.po`` files are read at run time (Babel's reader, compiled in
memory), so there is no compile step and no ``.mo`` file to forget.

Use :func:`_` for a sentence, :func:`ngettext` for one with a count, and :func:`N_` to mark a
module-level string for extraction while translating it later, where it is shown. A sentence that is
both logged and shown (a command's answer, a refusal's reason) is a :func:`M_` message: its plain
value is the English the log keeps, and :func:`shown` renders it in the reader's language. The language is
chosen with :func:`language` (a setter that also works as a context: ``with language("nl"): ...``);
:func:`choose` picks it from ``--lang``, then the scenario's ``setting.language``, then English.

What is logged never goes through the catalogue: the event log is the same in every language
(same scenario, seed and commands give a byte-identical log whatever ``--lang``); readers translate
when they show a record (the feed, the after-action report).

Scenario texts may be given per language (``title: {en: ..., nl: ...}``): such a value is a
:class:`Localized` string whose plain value is the English (or the first language given), and
:func:`localize` gives the variant for the current language, falling back to the other.

Actor and body ids are never shown where a display name exists: :func:`display_names` sets the
names of the exercise being shown, :func:`name_of` looks one up.
"""

from __future__ import annotations

import gettext as _gettext
import io
import re
import string
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

__all__ = ["DOMAIN", "LANGUAGES", "LOCALE_DIR", "Localized", "M_", "Message", "N_", "_", "choose", "current",
           "display_names", "po_paths", "read_catalog", "recovered", "shown",
           "gettext", "language", "localize", "name_of", "ngettext", "translations"]

DOMAIN = "weerbaar"
LANGUAGES = ("en", "nl")
"""The languages Weerbaar speaks; English is the source language."""
LOCALE_DIR = Path(__file__).with_name("locale")

_state: dict[str, Any] = {"lang": "en", "names": {}, "texts": {}, "explicit": False, "follow_scenario": False}


def po_path(lang: str) -> Path:
    """The main catalogue file of a language (where new messages go)."""
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def po_paths(lang: str) -> list[Path]:
    """Every catalogue file of a language: the main one first, then the areas' files by name."""
    main = po_path(lang)
    others = sorted(p for p in main.parent.glob("*.po") if p != main) if main.parent.is_dir() else []
    return ([main] if main.exists() else []) + others


def read_catalog(lang: str):
    """A language's catalogue files read as one Babel catalogue (a message in two files: the first file's)."""
    from babel.messages.pofile import read_po

    merged = None
    for path in po_paths(lang):
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
        if merged is None:
            merged = catalog
            continue
        for message in catalog:
            if message.id and message.id not in merged:
                merged[message.id] = message
    return merged


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The translations of ``lang``, read from its ``.po`` files (English, or a language without one: none)."""
    if lang == "en" or not po_paths(lang):
        return _gettext.NullTranslations()
    from babel.messages.mofile import write_mo

    catalog = read_catalog(lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return _gettext.GNUTranslations(buffer)


def current() -> str:
    """The language now in use (``en`` or ``nl``)."""
    return _state["lang"]


def normalise(lang: str | None) -> str | None:
    """``nl``, ``en`` or None for a language code such as ``nl_NL``, ``NL`` or ``en-GB`` (None: not one we speak)."""
    if not lang:
        return None
    code = str(lang).strip().lower().replace("-", "_").split("_", 1)[0]
    return code if code in LANGUAGES else None


class language:  # noqa: N801 - used as a function and as a context
    """Set the language now; used as a context (``with language("nl"):``) it is restored afterwards."""

    def __init__(self, lang: str | None) -> None:
        self.previous = _state["lang"]
        _state["lang"] = normalise(lang) or "en"

    def __enter__(self) -> str:
        return _state["lang"]

    def __exit__(self, *exc: object) -> None:
        _state["lang"] = self.previous


READY = ("en",)
"""Languages complete enough for a scenario's ``setting.language`` to choose them unasked. Dutch is not yet:
its console results, clock, news headlines and HTML report are still English (issue 16), and a console half
in Dutch is worse than one in English; ``--lang nl`` (or ``WEERBAAR_LANG=nl``) shows what is translated."""


def choose(explicit: str | None = None, scenario: Any = None) -> str:
    """The language to use: ``explicit`` (``--lang``), else the scenario's ``setting.language``, else English."""
    chosen = normalise(explicit)
    if chosen is None and scenario is not None:
        setting = getattr(scenario, "setting", None)
        chosen = normalise(getattr(setting, "language", None))
    return chosen or "en"


def set_explicit(lang: str | None, follow_scenario: bool = True) -> str:
    """The language the user asked for (``--lang``, the command line calls this): set it and keep it over a
    scenario's own; None: no choice, so :func:`adopt` takes the scenario's ``setting.language`` when
    ``follow_scenario`` (the command line), else English stays (a program using the packages directly).
    Without ``--lang`` the environment variable ``WEERBAAR_LANG`` (``nl``/``en``) chooses, when set."""
    if normalise(lang) is None:
        import os

        lang = os.environ.get("WEERBAAR_LANG") or None  # a standing choice (a test suite's English, a Dutch class room)
    _state["explicit"] = normalise(lang) is not None
    _state["follow_scenario"] = follow_scenario
    language(lang if _state["explicit"] else "en")
    return _state["lang"]


def reset() -> None:
    """Back to the start: English, no choice made, no display names."""
    _state.update(lang="en", names={}, texts={}, explicit=False, follow_scenario=False)


def adopt(scenario: Any = None, exercise: Any = None) -> str:
    """Take a scenario's language (unless ``--lang`` chose one) and the display names of its actors and bodies;
    returns the language in use. Called where a scenario is loaded to be shown (the console, the report).
    Only under the command line (:func:`set_explicit`) does the scenario choose; elsewhere English stays."""
    if not _state["explicit"] and _state["follow_scenario"] and scenario is not None:
        chosen = choose(None, scenario)
        language(chosen if chosen in READY else "en")
    if scenario is not None:
        _state["texts"] = texts_of(scenario)
    names = names_of(scenario) if scenario is not None else {}
    if exercise is not None:
        names.update(names_of(exercise))
    if names:
        display_names(names)
    return _state["lang"]


def gettext(message: str) -> str:
    """``message`` in the current language."""
    if not message:
        return message
    return translations(_state["lang"]).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for ``n``, in the current language."""
    return translations(_state["lang"]).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``message`` for extraction without translating it now (translate it where it is shown)."""
    return message


class Message(str):
    """A sentence that is logged in English and shown in the reader's language: its plain value is the English
    (so the event log and ``str()`` are the same in every language), and :func:`shown` renders it again from
    its English template through the catalogue. Fields may be Messages themselves (shown in turn) or ids
    (shown by display name only where the template says so, with :func:`name_of` applied by the caller).

    Make one with :func:`M_`, which also marks the template for extraction."""

    template: str
    fields: dict[str, Any]

    def __new__(cls, template: str, **fields: Any) -> "Message":
        self = super().__new__(cls, template.format(**fields) if fields else template)
        self.template = template
        self.fields = fields
        return self

    def __reduce__(self):  # pickles (dask, checkpoints) keep the template
        return (_message, (self.template, self.fields))


def _message(template: str, fields: dict[str, Any]) -> Message:
    return Message(template, **fields)


def M_(template: str, **fields: Any) -> Message:  # noqa: N802 - the gettext convention
    """A :class:`Message`: ``template`` (English, ``str.format`` fields) with its fields, translated when shown."""
    return Message(template, **fields)


def shown(value: Any) -> Any:
    """``value`` as the reader sees it: a :class:`Message` rendered in the current language (its fields too),
    a :class:`Localized` text in its variant, a value with a ``_shown()`` method as that renders it, an
    exception raised with a Message as that message; anything else as it is."""
    render = getattr(value, "_shown", None)
    if render is not None:  # a value that renders itself (a calendar date, sim.timeexpr.CalendarDate)
        return render()
    if isinstance(value, BaseException):  # an error raised with a message: the message, shown
        first = value.args[0] if len(value.args) == 1 else None
        return shown(first) if isinstance(first, Message) and first == str(value) else value
    if isinstance(value, Message):
        if not value.fields:
            return gettext(value.template)
        return gettext(value.template).format(**{k: shown(v) for k, v in value.fields.items()})
    if isinstance(value, Localized):
        return localize(value)
    return value


def _pattern(template: str) -> re.Pattern[str] | None:
    """A regular expression matching ``template``'s English rendering, one group per field (None: not a template
    worth matching: no field, or too little fixed text to tell it from others)."""
    parts, names, literal = [], set(), 0
    try:
        parsed = list(string.Formatter().parse(template))
    except ValueError:
        return None
    for text, name, _spec, _conv in parsed:
        parts.append(re.escape(text))
        literal += len(text.strip())
        if name is None:
            continue
        if not name.isidentifier():
            return None
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.+?)")
        names.add(name)
    if not names or literal < 4:
        return None
    return re.compile("".join(parts), re.DOTALL)


@lru_cache(maxsize=None)
def _templates(lang: str) -> tuple[tuple[int, str, re.Pattern[str]], ...]:
    """The catalogue's templates with fields, most fixed text first (the most specific match wins)."""
    catalog = translations(lang)
    found = []
    for template in getattr(catalog, "_catalog", {}):
        if isinstance(template, str) and "{" in template:
            pattern = _pattern(template)
            if pattern is not None:
                found.append((-len(pattern.pattern), template, pattern))
    return tuple(sorted(found, key=lambda item: (item[0], item[1])))


@lru_cache(maxsize=4096)
def _match(text: str, lang: str) -> tuple[str, dict[str, str]] | None:
    """The most specific catalogue template ``text`` is a rendering of, with its fields (None: none)."""
    for _weight, template, pattern in _templates(lang):
        match = pattern.fullmatch(text)
        if match is not None:
            return template, match.groupdict()
    return None


def texts_of(model: Any) -> dict[str, "Localized"]:
    """Every text given per language in a scenario (or any pydantic model), by its English: what a replay logged
    as the English of an inject's synopsis or a narrative's claim is shown in the reader's language."""
    found: dict[str, Localized] = {}
    stack, seen = [model], set()
    while stack:
        value = stack.pop()
        if isinstance(value, Localized):
            found.setdefault(str(value), value)
        elif isinstance(value, (list, tuple)):
            stack.extend(value)
        elif isinstance(value, Mapping):
            stack.extend(value.values())
        elif hasattr(type(value), "model_fields") and id(value) not in seen:
            seen.add(id(value))
            stack.extend(getattr(value, name, None) for name in type(value).model_fields)
    return found


def recovered(text: Any) -> Any:
    """A logged English sentence (a headline, a refusal's reason, read back from a replay as plain text) in the
    current language: the catalogue's template it was made from is found by matching, its fields are
    recovered the same way, and the Dutch template is filled with them. Text that matches no template is
    returned as the catalogue translates it whole (usually: as it is)."""
    if isinstance(text, Message) or not isinstance(text, str):
        return shown(text)
    if _state["lang"] == "en" or not text:
        return text
    lang = _state["lang"]
    given = _state["texts"].get(text)
    if given is not None:
        return localize(given)
    found = _match(text, lang)
    if found is None:
        return translations(lang).gettext(text)
    template, fields = found
    return _FORGIVING.vformat(translations(lang).gettext(template), (), {k: recovered(v) for k, v in fields.items()})


class _Forgiving(string.Formatter):
    """``str.format`` for recovered fields (text): a format spec meant for a number is ignored."""

    def format_field(self, value, format_spec):  # noqa: D102
        try:
            return super().format_field(value, format_spec)
        except (TypeError, ValueError):
            return str(value)


_FORGIVING = _Forgiving()


class Localized(str):
    """A scenario text given in several languages: its plain value is the English (or the first given)."""

    variants: dict[str, str]

    def __new__(cls, variants: Mapping[str, str]) -> "Localized":
        clean = {normalise(k) or str(k): str(v) for k, v in variants.items() if v is not None}
        base = clean.get("en") or next(iter(clean.values()), "")
        self = super().__new__(cls, base)
        self.variants = clean
        return self

    def __reduce__(self):  # pickles (dask, checkpoints) keep the variants
        return (Localized, (self.variants,))


def localize(value: Any, lang: str | None = None) -> Any:
    """The variant of a scenario text for ``lang`` (default: the current language), falling back to another;
    a plain string, or anything else, is returned as it is."""
    if isinstance(value, Localized):
        lang = normalise(lang) or _state["lang"]
        if value.variants.get(lang):
            return value.variants[lang]
        for other in ("en", *LANGUAGES):
            if value.variants.get(other):
                return value.variants[other]
        return str(value)
    if isinstance(value, list):
        return [localize(v, lang) for v in value]
    return value


def display_names(names: Mapping[str, str] | None) -> None:
    """Set the display names of the actors and bodies being shown (id -> name)."""
    _state["names"] = dict(names or {})


def names_of(source: Any) -> dict[str, str]:
    """Display names by id from an exercise (its actors, their staff, its cells) or a scenario (its actors and
    cells); a state's staff member is "<state>'s <role>" (translated)."""
    names: dict[str, str] = {}
    actors = getattr(source, "actors", None)
    items = list(actors.items()) if isinstance(actors, Mapping) else [(getattr(a, "id", None), a)
                                                                       for a in (actors or [])]
    for actor_id, actor in items:
        name = getattr(actor, "display_name", None) or getattr(actor, "name", None)
        if actor_id and name:
            names[str(actor_id)] = localize(name)
        spec = getattr(actor, "spec", actor)
        staff = [*(getattr(spec, "staff", None) or []), *(getattr(actor, "extra_staff", None) or [])]
        for member in staff:
            member_id, role = getattr(member, "id", None), getattr(member, "role", None)
            if member_id and role and name:
                names.setdefault(str(member_id), gettext("{state}'s {role}").format(state=localize(name), role=role))
    cells = getattr(source, "cells", None)
    if isinstance(cells, Mapping):
        for cell_id, cell in cells.items():
            title = getattr(cell, "title", None) or getattr(getattr(cell, "spec", None), "title", None)
            if title:
                names.setdefault(str(cell_id), localize(title))
    return names


def name_of(actor_id: Any) -> Any:
    """The display name of an actor or body id when one is known; anything else is returned as it is."""
    if isinstance(actor_id, str):
        return _state["names"].get(actor_id, actor_id)
    return actor_id
