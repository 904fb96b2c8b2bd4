"""MSEL exchange with spreadsheets: a scenario's injects as HSEEP-style CSV, and back.

Exercise planners keep the MSEL in a spreadsheet. :func:`export_msel` writes a
scenario's injects as CSV, one row per inject with the HSEEP column names of
:data:`COLUMNS`; :func:`import_msel` reads such a CSV back into inject data,
reporting every problem at once as ``FILE.csv:ROW: column: message`` (ROW is the
spreadsheet row, the header being row 1); :func:`merge_into` replaces the
``msel:`` block of a scenario's YAML text, keeping every other line as written,
and validates the result; :func:`import_into` does all of it for files and writes
the scenario atomically, so a failed import leaves it byte for byte as it was.

CSV is not YAML: a cell is always text, so ``yes``/``no`` are the flag values and
times need no quotes. ``docs/msel-csv.md`` documents the columns.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return as a formula (CSV injection). :func:`escape_cell` neutralises such
a cell the way OWASP recommends, with a leading ``'``, and :func:`unescape_cell`
takes exactly that quote off again on import, so the round trip stays exact (the
rule is in ``docs/msel-csv.md``). :mod:`replays.export` uses the same escape.

Import checks each row on its own (types, ids, times, a synopsis that says
something) and, given the scenario, against it (cells, objectives, actors, and
that a timed inject falls within the scenario's duration). Columns it does not
know are ignored with one warning line; every other problem is an error.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path as FilePath
from typing import Any

import yaml
from pydantic import ValidationError

from sim.i18n import M_, Message, shown
from sim.names import suggest
from sim.outputs import write_atomic
from sim.scenario.loading import (LoadedScenario, ScenarioError, _error_of, _os_problem, inject_time_problem,
                                  parse_scenario, problem_line, read_text, reference_problems)
from sim.scenario.schema import Inject, ScenarioBase
from sim.scenario.yamlsafe import YamlSyntaxError, load_yaml


@dataclass(frozen=True)
class Column:
    """One CSV column and the inject field it holds.

    Attributes:
        name: the header text (HSEEP naming).
        field: path of the field in an inject as written in YAML (``("fires", "actor")``).
        kind: how a cell is read and written: ``number``, ``word`` (trimmed; blank = not set),
            ``text`` (kept as written; blank = not set), ``free`` (kept as written; blank = empty text),
            ``flag`` (yes/no), ``list`` (items separated by ``;``), ``params`` (``key=value; ...``),
            ``json`` (a JSON list, for the inject's supporting material; blank = none).
        required: the header must have it.
    """

    name: str
    field: tuple[str, ...]
    kind: str
    required: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("Inject #", ("no",), "number", required=True),
    Column("Time", ("at",), "word"),
    Column("Trigger", ("when",), "text"),
    Column("Contingency", ("contingency",), "flag"),
    Column("From", ("from",), "text"),
    Column("To", ("to",), "list"),
    Column("Synopsis", ("synopsis",), "free", required=True),
    Column("Expected Player Action", ("expected_action",), "free"),
    Column("Objective", ("objective",), "word"),
    Column("Controller Notes", ("controller_notes",), "free"),
    Column("Critical", ("critical",), "flag"),
    Column("DISARM", ("tags", "disarm"), "list"),
    Column("Domains", ("tags", "domains"), "list"),
    Column("Fires Technique", ("fires", "technique"), "word"),
    Column("Fires Actor", ("fires", "actor"), "word"),
    Column("Fires Target", ("fires", "target"), "word"),
    Column("Fires Staff", ("fires", "staff"), "word"),
    Column("Fires News", ("fires", "news"), "text"),
    Column("Fires Params", ("fires", "params"), "params"),
    Column("Fires Reveals", ("fires", "reveals"), "flag"),
    Column("Supporting Material", ("material",), "json"),
)
"""The MSEL columns, in export order."""

_BY_KEY = {" ".join(c.name.lower().split()): c for c in COLUMNS}
_BY_FIELD = {c.field: c for c in COLUMNS}
_ORDER = {c.name: i for i, c in enumerate(COLUMNS)}
_HEADER_ROW = 1
_INT = re.compile(r"[-+]?\d+")
_FLOAT = re.compile(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?")
_ID_PATTERN = r"^[a-z0-9][a-z0-9_\-]*$"
_LINE_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # PyYAML's line breaks, so line numbers agree
_WIDE = 1 << 30
_RESOLVER = yaml.resolver.Resolver()  # YAML 1.1 implicit types: what a plain scalar would be read as
WIDTH = 100
"""Longest line :func:`inject_yaml` writes where it can break one (long ids and quoted texts may exceed it)."""


class MselError(ScenarioError):
    """A CSV MSEL could not be read; ``lines`` holds one ``FILE.csv:ROW: column: message`` per problem."""


# ---------------------------------------------------------------------------------------------- formulas

FORMULA_STARTS = "=+-@\t\r"
"""First characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection)."""
_NEEDS_QUOTE = re.compile("'*[" + re.escape(FORMULA_STARTS) + "]")


def escape_cell(text: str) -> str:
    """``text`` with one ``'`` in front if it starts with a formula character, or with ``'``s then one.

    The ``'`` makes a spreadsheet show the cell as text instead of running it. Text that already starts with
    quotes followed by a formula character gets one more, so :func:`unescape_cell` can tell the two apart and
    every text comes back exactly: ``=1`` -> ``'=1``, ``'=1`` -> ``''=1``, ``'a`` stays ``'a``.
    """
    return "'" + text if _NEEDS_QUOTE.match(text) else text


def unescape_cell(text: str) -> str:
    """The inverse of :func:`escape_cell`: drop one leading ``'`` when ``'``s and a formula character follow it."""
    return text[1:] if text.startswith("'") and _NEEDS_QUOTE.match(text, 1) else text


# ---------------------------------------------------------------------------------------------- export


def _join(items: Iterable[str]) -> str:
    return "; ".join(items)


def _param_text(value: float | int | str) -> str:
    if isinstance(value, (int, float)):
        return repr(value)
    needs_quotes = (value != value.strip() or not value or ";" in value or value.startswith('"')
                    or _INT.fullmatch(value) or _FLOAT.fullmatch(value))
    return json.dumps(value, ensure_ascii=False) if needs_quotes else value


def _cell(inject: Inject, column: Column) -> str:
    fires = inject.fires
    value: Any
    match column.field:
        case ("no",):
            return str(inject.no)
        case ("from",):
            value = inject.from_
        case ("tags", key):
            value = getattr(inject.tags, key)
        case ("fires", key):
            value = getattr(fires, key) if fires is not None else None
        case (key,):
            value = getattr(inject, key)
    if column.kind == "flag":
        if column.field[0] == "fires" and fires is None:
            return ""  # an inject that fires nothing has nothing to reveal
        return "yes" if value else "no"
    if column.kind == "list":
        return _join(value)
    if column.kind == "params":
        return _join(f"{k}={_param_text(v)}" for k, v in (value or {}).items())
    if column.kind == "json":
        items = [m.model_dump(exclude_defaults=True) for m in value]
        return json.dumps(items, ensure_ascii=False) if items else ""
    return "" if value is None else value


def export_msel(scenario: LoadedScenario | ScenarioBase) -> str:
    """The scenario's MSEL as CSV text: a header row, then one row per inject by inject number.

    Args:
        scenario: a loaded scenario (or the scenario model).

    Returns:
        RFC 4180 CSV (comma-separated, CRLF line ends, quotes only where needed) with the columns of
        :data:`COLUMNS`, every cell passed through :func:`escape_cell`; encode it as UTF-8.
    """
    model = scenario.scenario if isinstance(scenario, LoadedScenario) else scenario
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([c.name for c in COLUMNS])
    for inject in sorted(model.msel, key=lambda i: i.no):
        writer.writerow([escape_cell(_cell(inject, c)) for c in COLUMNS])
    return out.getvalue()


# ---------------------------------------------------------------------------------------------- import


class _Problems:
    """Problems collected while reading, sorted by row and column for the report."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.items: list[tuple[int, int, str, str]] = []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append((row, _ORDER.get(column, len(COLUMNS)), column, message))

    def raise_if_any(self) -> None:
        if self.items:
            ordered = sorted(dict.fromkeys(self.items), key=lambda p: (p[0], p[1]))
            raise MselError([problem_line(f"{self.source}:{row}", column, message)
                             for row, _, column, message in ordered])


def _records(text: str, delimiter: str, problems: _Problems) -> list[list[str]]:
    """The CSV records; malformed quoting is a problem on the row where it is found (reading stops there)."""
    records: list[list[str]] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for record in reader:
            records.append(record)
    except csv.Error as exc:
        problems.add(len(records) + 1, "(csv)", str(exc))
    return records


def _guess_delimiter(text: str) -> str:
    """Comma, or the semicolon or tab that Dutch-locale spreadsheets and copy-paste produce."""
    first = _LINE_BREAK.split(text, maxsplit=1)[0]
    best, hits = ",", -1
    for delimiter in (",", ";", "\t"):
        try:
            header = next(csv.reader([first], delimiter=delimiter))
        except (csv.Error, StopIteration):
            continue
        found = sum(1 for name in header if " ".join(name.lower().split()) in _BY_KEY)
        if found > hits:
            best, hits = delimiter, found
    return best


def _split_list(cell: str) -> list[str]:
    return [item.strip() for item in re.split(r"[;,]", cell) if item.strip()]


def _number(text: str) -> int | float | None:
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return None


def _parse_params(cell: str) -> tuple[dict[str, Any], list[str]]:
    """``key=value; key=value``: a value is a number, bare text without ``;``, or a JSON-quoted text."""
    out: dict[str, Any] = {}
    problems: list[str] = []
    decoder = json.JSONDecoder()
    i, n = 0, len(cell)
    while i < n:
        while i < n and (cell[i].isspace() or cell[i] == ";"):
            i += 1
        if i >= n:
            break
        eq, semi = cell.find("=", i), cell.find(";", i)
        if eq < 0 or 0 <= semi < eq:
            end = n if semi < 0 else semi
            problems.append(M_("{text!r} is not key=value", text=cell[i:end].strip()))
            i = end
            continue
        key = cell[i:eq].strip()
        i = eq + 1
        while i < n and cell[i] in " \t":
            i += 1
        value: Any
        if i < n and cell[i] == '"':
            try:
                value, i = decoder.raw_decode(cell, i)
            except json.JSONDecodeError as exc:
                problems.append(M_("value of {key!r}: bad quoted text ({problem})", key=key, problem=exc.msg))
                break
            while i < n and cell[i].isspace():
                i += 1
            if i < n and cell[i] != ";":
                problems.append(M_("value of {key!r}: put ';' after the closing quote", key=key))
                break
        else:
            end = cell.find(";", i)
            end = n if end < 0 else end
            raw = cell[i:end].strip()
            number = _number(raw)
            value = raw if number is None else number
            i = end
        if key in out:
            problems.append(M_("key {key!r} is given twice", key=key))
        out[key] = value
    return out, problems


def _set(data: dict[str, Any], path: tuple[str, ...], value: Any) -> None:
    for key in path[:-1]:
        data = data.setdefault(key, {})
    data[path[-1]] = value


def _read_row(cells: dict[Column, str], row: int, problems: _Problems) -> tuple[dict[str, Any], set[str]]:
    """Inject data (YAML shape) from one row's cells, and the names of the columns that could not be read."""
    data: dict[str, Any] = {}
    failed: set[str] = set()
    for column, cell in cells.items():
        blank = not cell.strip()
        if column.kind == "number":
            if blank:
                problems.add(row, column.name, M_("an inject number is required"))
                failed.add(column.name)
            elif not re.fullmatch(r"\d+", cell.strip()):
                problems.add(row, column.name, M_("{text!r} is not a whole number", text=cell.strip()))
                failed.add(column.name)
            else:
                data["no"] = int(cell.strip())
        elif column.kind == "free":
            if blank and column.required:
                # A blank Synopsis would fire an inject that tells its cells nothing.
                problems.add(row, column.name, M_("blank; write what the receiving cells are told"))
                failed.add(column.name)
            _set(data, column.field, cell)
        elif blank:
            continue  # not set: the field's default
        elif column.kind == "word":
            _set(data, column.field, cell.strip())
        elif column.kind == "text":
            _set(data, column.field, cell)
        elif column.kind == "flag":
            word = cell.strip().lower()
            if word not in ("yes", "no"):
                problems.add(row, column.name, M_("{text!r} is neither yes nor no", text=cell.strip()))
                failed.add(column.name)
            elif column.field[0] != "fires" or word == "yes":
                _set(data, column.field, word == "yes")  # "no" alone must not make an inject fire something
        elif column.kind == "list":
            _set(data, column.field, _split_list(cell))
        elif column.kind == "params":
            params, bad = _parse_params(cell)
            for message in bad:
                problems.add(row, column.name, message)
                failed.add(column.name)
            _set(data, column.field, params)
        elif column.kind == "json":
            try:
                items = json.loads(cell)
            except ValueError as exc:
                problems.add(row, column.name, M_("not JSON ({problem} at character {pos}); write a list {example}", problem=exc.msg,
                                                  pos=exc.pos + 1,
                                                  example='[{"kind": "article", "title": "...", "text": "..."}]'))
                failed.add(column.name)
                continue
            if not isinstance(items, list):
                problems.add(row, column.name, M_("a JSON list of {fields} objects", fields="{kind, title, source, text}"))
                failed.add(column.name)
                continue
            _set(data, column.field, items)
    return data, failed


def _column_of(loc: Sequence[str | int]) -> str:
    path = tuple("from" if part == "from_" else part for part in loc if isinstance(part, str))
    for cut in range(len(path), 0, -1):
        column = _BY_FIELD.get(path[:cut])
        if column is not None:
            return column.name
    if path[:1] == ("fires",):
        return "Fires Technique"
    return "(row)"


def _error_message(error: dict[str, Any]) -> str:
    value = error.get("input")
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == _ID_PATTERN:
            return M_("{value!r} is not an id: use lower-case letters, digits, '-' and '_'", value=value)
        if error["loc"][:2] == ("tags", "disarm"):
            return M_("{value!r} is not a DISARM id such as T0089 or T0140.002", value=value)
        return M_("{value!r} does not match the pattern {pattern}", value=value, pattern=ctx.get("pattern"))
    if kind == "literal_error":
        return M_("{value!r} is not one of {expected}", value=value, expected=ctx.get("expected"))
    if kind == "extra_forbidden":
        return M_("unknown field {field!r}", field=error["loc"][-1])
    raised = ctx.get("error")
    if isinstance(raised, BaseException) and isinstance(_error_of(raised), Message):
        return _error_of(raised)  # our validator's message (pydantic's own wording stays English)
    msg = str(error["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    if kind in ("greater_than_equal", "less_than_equal", "string_too_long", "int_type",
                "float_type", "string_type"):
        msg = M_("{problem} (got {value})", problem=msg, value=repr(value))
    return msg


def _check_times(data: dict[str, Any], row: int, problems: _Problems) -> None:
    timed = [key for key in ("at", "when") if key in data]
    if len(timed) > 1:
        problems.add(row, "Time", M_("give either a Time or a Trigger, not both"))
    elif not timed and not data.get("contingency", False):
        problems.add(row, "Time", M_("needs a Time or a Trigger (or Contingency yes)"))


def import_msel(csv_text: str, source: str = "<msel.csv>", scenario: ScenarioBase | None = None,
                warnings: list[str] | None = None) -> list[dict[str, Any]]:
    """Read a CSV MSEL into inject data, checking every row.

    Every cell is first passed through :func:`unescape_cell`. Columns whose names are not in :data:`COLUMNS`
    (a facilitator's "Notes") are ignored.

    Args:
        csv_text: the CSV text (comma-, semicolon- or tab-separated; a UTF-8 BOM is ignored).
        source: file name used in messages.
        scenario: when given, cross-references (cells in To, Objective, Trigger, Fires Technique and
            Fires Actor) are checked against it, as loading the merged scenario would, and so is that every
            Time falls within the scenario's duration.
        warnings: if given, receives one ``FILE.csv:1: warning: ...`` line naming the ignored columns (if any);
            it is filled before any :class:`MselError` is raised.

    Returns:
        One dict per inject in the scenario-file shape (``from``, nested ``tags`` and ``fires``), sorted by
        inject number; each validates as :class:`~sim.scenario.schema.Inject`.

    Raises:
        MselError: every problem at once, one ``FILE.csv:ROW: column: message`` line each: duplicate or
            missing columns (row 1) and every bad cell by its row.
    """
    problems = _Problems(source)
    text = csv_text.removeprefix("\ufeff")
    records = _records(text, _guess_delimiter(text), problems)
    if not records or not any(cell.strip() for cell in records[0]):
        problems.add(_HEADER_ROW, "(header)", M_("the first row must name the columns; expected {columns}",
                                                  columns=", ".join(repr(c.name) for c in COLUMNS)))
        problems.raise_if_any()

    header = records[0]
    columns: dict[int, Column] = {}
    seen: dict[Column, int] = {}
    unnamed: list[int] = []
    unknown: list[str] = []
    for index, name in enumerate(header):
        key = " ".join(name.lower().split())
        if not key:
            unnamed.append(index)
            continue
        column = _BY_KEY.get(key)
        if column is None:
            hint = suggest(name.strip(), [c.name for c in COLUMNS], by_words=False)
            unknown.append(M_("{name!r} (column {n}{hint})", name=name.strip(), n=index + 1, hint=hint))
        elif column in seen:
            problems.add(_HEADER_ROW, column.name, M_("column appears twice (columns {first} and {second})",
                                                              first=seen[column] + 1, second=index + 1))
        else:
            columns[index] = column
            seen[column] = index
    for column in COLUMNS:
        if column.required and column not in seen:
            problems.add(_HEADER_ROW, column.name, M_("required column is missing"))
    if unknown and warnings is not None:
        # Planners add their own columns (owner, status, notes); refusing the sheet for them would make the
        # exchange useless, but a misspelt column silently dropped would lose data, hence one line naming them.
        names = ", ".join(str(shown(name)) for name in unknown)
        warning = (M_("{where}: warning: ignored {n} unknown columns: {names}", where=f"{source}:{_HEADER_ROW}",
                      n=len(unknown), names=names) if len(unknown) > 1 else
                   M_("{where}: warning: ignored {n} unknown column: {names}", where=f"{source}:{_HEADER_ROW}",
                      n=len(unknown), names=names))
        warnings.append(str(shown(warning)))  # a line printed for the reader

    rows: list[tuple[int, dict[str, Any]]] = []
    numbers: dict[int, int] = {}
    for row, record in enumerate(records[1:], start=_HEADER_ROW + 1):
        if not any(cell.strip() for cell in record):
            continue  # blank spreadsheet rows
        extra = [i for i in range(len(header), len(record)) if record[i].strip()]
        extra += [i for i in unnamed if i < len(record) and record[i].strip()]
        for i in sorted(extra):
            problems.add(row, f"column {i + 1}", M_("a value in a column without a header"))
        cells = {column: unescape_cell(record[i]) if i < len(record) else "" for i, column in columns.items()}
        data, failed = _read_row(cells, row, problems)
        if "no" in data:
            if data["no"] in numbers:
                problems.add(row, "Inject #", M_("inject number {no} is also on row {row}", no=data["no"], row=numbers[data["no"]]))
            else:
                numbers[data["no"]] = row
        _check_times(data, row, problems)
        try:
            Inject.model_validate(data)
        except ValidationError as exc:
            for error in exc.errors():
                column_name = _column_of(error["loc"])
                if column_name in failed:
                    continue  # already reported with the cell's own wording
                if error["type"] == "missing" and _BY_FIELD.get(tuple(error["loc"])) not in seen:
                    continue  # the missing column is already reported on row 1
                problems.add(row, column_name, _error_message(error))
            continue
        if scenario is not None and "at" in data:
            problem = inject_time_problem(data["at"], scenario)  # the rule scenario files follow too
            if problem:
                problems.add(row, "Time", problem)
        if not failed:
            rows.append((row, data))

    if scenario is not None:
        injects = [Inject.model_validate(data) for _, data in rows]
        trial = scenario.model_copy(update={"msel": injects})
        for path, message in reference_problems(trial):
            if path[:1] != ("msel",) or len(path) < 3 or path[2] in ("no", "at", "synopsis"):
                continue  # numbers, times and blank synopses are checked above, in the sheet's wording
            row = rows[path[1]][0]
            problems.add(row, _column_of(path[2:]), message)

    problems.raise_if_any()
    return [data for _, data in sorted(rows, key=lambda r: r[1]["no"])]


# ---------------------------------------------------------------------------------------------- YAML


def _dq(text: str) -> str:
    """A double-quoted YAML scalar on one line (escapes for line breaks and unprintable characters)."""
    return yaml.safe_dump(text, default_style='"', allow_unicode=True, width=_WIDE).rstrip("\n")


def _word(text: str) -> str:
    """An id plain when YAML reads it back as that text, else double-quoted (``no``, ``123``, dates)."""
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", text) is not None
    if plain and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str":
        return text
    return _dq(text)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return _word(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return yaml.safe_dump(value, width=_WIDE).split("\n", 1)[0]  # int, or float in YAML's own spelling


def _flow_list(items: Iterable[str]) -> str:
    return "[" + ", ".join(_word(item) for item in items) + "]"


def _flow_map(pairs: Iterable[tuple[str, str]]) -> str:
    return "{" + ", ".join(f"{_word(key)}: {value}" for key, value in pairs) + "}"


def _foldable(text: str) -> bool:
    """Whether ``>-`` folding at single spaces gives ``text`` back exactly (one paragraph, printable)."""
    if not text or "  " in text or text != text.strip(" "):
        return False
    return all(ch == " " or "\x21" <= ch <= "\x7e" or "\xa0" <= ch <= "\ud7ff"
               or ("\ue000" <= ch <= "\ufffd" and ch != "\ufeff") or ch >= "\U00010000" for ch in text)


def _text_field(key: str, text: str) -> list[str]:
    """``key: "text"`` on one line, or folded (``>-``) over lines of at most :data:`WIDTH` if it is long."""
    line = f"    {key}: {_dq(text)}"
    if len(line) <= WIDTH or not _foldable(text):
        return [line]
    out, current = [f"    {key}: >-"], ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > WIDTH - 6:
            out.append(f"      {current}")
            current = word
        else:
            current = f"{current} {word}" if current else word
    return out + [f"      {current}"]


def _map_field(key: str, pairs: list[tuple[str, str]]) -> list[str]:
    """``key: {a: 1, b: 2}``, broken after commas when longer than :data:`WIDTH`."""
    line = f"    {key}: {_flow_map(pairs)}"
    if len(line) <= WIDTH:
        return [line]
    items = [f"{_word(k)}: {v}" for k, v in pairs]
    out, current = [], f"    {key}: {{{items[0]}"
    indent = " " * len(f"    {key}: {{")
    for item in items[1:]:
        if len(current) + 2 + len(item) + 1 > WIDTH:
            out.append(current + ",")
            current = indent + item
        else:
            current += ", " + item
    return out + [current + "}"]


def inject_yaml(inject: Inject) -> list[str]:
    """One inject as block-style lines of an ``msel:`` list (no line ends), leaving out defaults.

    Times and texts are double-quoted, a long text is folded, ids are plain unless YAML 1.1 would read
    them as something else, lists and small mappings are in flow style.
    """
    lines = [f"  - no: {inject.no}"]
    if inject.at is not None:
        lines.append(f"    at: {_dq(inject.at)}")
    if inject.when is not None:
        lines.append(f"    when: {_dq(inject.when)}")
    if inject.contingency:
        lines.append("    contingency: true")
    lines += _text_field("from", inject.from_)
    lines.append(f"    to: {_flow_list(inject.to)}")
    lines += _text_field("synopsis", inject.synopsis)
    if inject.expected_action:
        lines += _text_field("expected_action", inject.expected_action)
    if inject.objective is not None:
        lines.append(f"    objective: {_word(inject.objective)}")
    if inject.controller_notes:
        lines += _text_field("controller_notes", inject.controller_notes)
    if inject.critical:
        lines.append("    critical: true")
    tags = [(key, _flow_list(getattr(inject.tags, key))) for key in ("disarm", "domains") if getattr(inject.tags, key)]
    if tags:
        lines += _map_field("tags", tags)
    fires = inject.fires
    if fires is not None:
        pairs = [(key, _word(getattr(fires, key))) for key in ("technique", "actor", "target", "staff")
                 if getattr(fires, key) is not None]
        if fires.news is not None:
            pairs.append(("news", _dq(fires.news)))
        if fires.params:
            pairs.append(("params", _flow_map((k, _scalar(v)) for k, v in fires.params.items())))
        if fires.reveals:
            pairs.append(("reveals", "true"))
        lines += _map_field("fires", pairs) if pairs else ["    fires: {}"]
    if inject.material:
        lines.append("    material:")
        for item in inject.material:
            lines.append(f"      - kind: {item.kind}")
            for key in ("title", "source", "text"):
                value = getattr(item, key)
                if value or key != "source":
                    lines.append(f"        {key}: {_dq(value)}")
    return lines


def _split_lines(text: str) -> list[str]:
    """Lines with their line ends, split where PyYAML counts a new line."""
    out, start = [], 0
    for m in _LINE_BREAK.finditer(text):
        out.append(text[start:m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


def merge_into(yaml_text: str, injects: Sequence[Inject | dict[str, Any]], source: str = "<scenario>") -> str:
    """Scenario text with its top-level ``msel:`` block replaced by ``injects``; every other line kept.

    The block runs from the ``msel:`` line to the next top-level key (comment and blank lines just before
    that key stay with it); without one, an ``msel:`` block is appended. An inject equal to one already in
    the block keeps its lines as written (with its comments), so a round trip through a spreadsheet changes
    only what was changed there; the others are written by :func:`inject_yaml`. The new text is validated
    as a whole with :func:`sim.scenario.parse_scenario` before it is returned.

    Args:
        yaml_text: the scenario file's text.
        injects: the new MSEL, as :class:`~sim.scenario.schema.Inject` models or scenario-file-shaped dicts.
        source: file name used in messages.

    Returns:
        The new scenario text.

    Raises:
        ScenarioError: the scenario text cannot be parsed, or the merged scenario does not validate.
    """
    models = [i if isinstance(i, Inject) else Inject.model_validate(i) for i in injects]
    try:
        loaded = load_yaml(yaml_text)
    except YamlSyntaxError as exc:
        raise ScenarioError([problem_line(f"{source}:{exc.position.line}:{exc.position.column}", "(yaml)",
                                          exc.problem)]) from None
    if not isinstance(loaded.data, dict):
        raise ScenarioError([problem_line(f"{source}:1:1", "(top)", M_("a scenario is a mapping of keys"))])
    lines = _split_lines(yaml_text)
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    top = sorted((pos.line, pos.column, key[0]) for key, pos in loaded.keys.items() if len(key) == 1)

    here = next(((line, col) for line, col, key in top if key == "msel"), None)
    if here is None:
        head = "".join(lines)
        if head and not head.endswith(("\n", "\r")):
            head += newline
        if head.strip():
            head += newline
        body = [line + newline for inject in models for line in inject_yaml(inject)]
        return _validated(head + ("msel: []" + newline if not models else "msel:" + newline + "".join(body)), source)

    line, col = here
    if col != 1:
        raise ScenarioError([problem_line(f"{source}:{line}:{col}", "msel", M_(
            "the top level must be a block mapping (one key per line) to merge an MSEL into"))])
    start = line - 1
    following = [ln for ln, _, _ in top if ln > line]
    end = following[0] - 1 if following else len(lines)
    while end > start + 1 and (not lines[end - 1].strip() or lines[end - 1].startswith("#")
                               or lines[end - 1].rstrip() == "..."):
        end -= 1  # blank lines and comments before the next key belong to it
    first = _LINE_BREAK.sub("", lines[start])
    comment = re.fullmatch(r"msel\s*:\s*(#.*)?", first)
    note = f"  {comment.group(1)}" if comment and comment.group(1) else ""  # keep `msel:  # a remark`
    if not models:
        return _validated("".join(lines[:start]) + f"msel: []{note}" + newline + "".join(lines[end:]), source)
    preamble, kept = _existing_items(loaded, lines, start, end)
    body = [preamble]
    for inject in models:
        old = kept.get(inject.no)
        if old is not None and old[0] == inject:
            body.append(old[1] if _LINE_BREAK.fullmatch(old[1][-1:]) else old[1] + newline)
        else:
            body += [line + newline for line in inject_yaml(inject)]
    text = "".join(lines[:start]) + f"msel:{note}" + newline + "".join(body) + "".join(lines[end:])
    return _validated(text, source)


def _existing_items(loaded: Any, lines: list[str], start: int, end: int) -> tuple[str, dict[int, tuple[Inject, str]]]:
    """The old block's lines before its first item, and each valid item's model and text by inject number.

    Only a block sequence written as ``  - no: ...`` (the indentation :func:`inject_yaml` uses) is taken
    apart, so kept and new items line up; anything else is written afresh.
    """
    items = loaded.data.get("msel")
    if not isinstance(items, list) or not items:
        return "", {}
    starts = [loaded.values[("msel", i)].line - 1 for i in range(len(items))]
    if any(not lines[s].startswith("  - ") for s in starts) or sorted(set(starts)) != starts or starts[0] <= start:
        return "", {}
    kept: dict[int, tuple[Inject, str]] = {}
    for i, item in enumerate(items):
        try:
            model = Inject.model_validate(item)
        except ValidationError:
            continue
        stop = starts[i + 1] if i + 1 < len(items) else end
        kept.setdefault(model.no, (model, "".join(lines[starts[i]:stop])))
    return "".join(lines[start + 1:starts[0]]), kept


def _validated(text: str, source: str) -> str:
    parse_scenario(text, source)
    return text


# ---------------------------------------------------------------------------------------------- files


def read_csv(path: str | os.PathLike[str]) -> str:
    """A CSV file's text (UTF-8, BOM dropped, line ends as written), or a :class:`MselError` naming it."""
    try:
        data = FilePath(path).read_bytes()
    except OSError as exc:
        raise MselError([problem_line(f"{path}:{_HEADER_ROW}", "(file)", _os_problem(exc))]) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise MselError([problem_line(f"{path}:{_HEADER_ROW}", "(file)", M_(
            "not UTF-8 text (byte 0x{byte:02x} at offset {offset}); save the sheet as 'CSV UTF-8'",
            byte=data[exc.start], offset=exc.start))]) from None


def import_into(csv_path: str | os.PathLike[str], scenario_path: str | os.PathLike[str],
                warnings: list[str] | None = None) -> LoadedScenario:
    """Replace a scenario file's MSEL with the injects of a CSV file, all or nothing.

    The scenario must load before the import; the CSV is read and checked against it; the merged text is
    validated; only then is the file replaced (atomically).

    Args:
        csv_path: the sheet.
        scenario_path: the scenario file to update.
        warnings: if given, receives the warning lines of :func:`import_msel` (ignored columns), also when
            the import then fails.

    Returns:
        The new scenario, loaded.

    Raises:
        ScenarioError: every problem (a :class:`MselError` for the CSV's); the scenario file is unchanged.
    """
    source = str(scenario_path)
    original = read_text(scenario_path)
    loaded = parse_scenario(original, source)
    injects = import_msel(read_csv(csv_path), str(csv_path), loaded.scenario, warnings)
    text = merge_into(original, injects, source)
    write_atomic(scenario_path, text)
    return parse_scenario(text, source)
