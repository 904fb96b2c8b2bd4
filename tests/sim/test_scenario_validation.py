"""Scenario loading and validation: every problem reported once, as ``file:line:col: path: message``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.scenario import MODELINE, ScenarioError, load_commands, load_scenario, parse_scenario
from sim.timeexpr import parse_start, to_hours

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<message>.+)$")

MINIMAL = """\
id: minimal
title: "Minimal"
summary: "The least a scenario needs."
start: "2018-02-21T00:00"
duration: {days: 5}
"""


def problems(path: Path) -> list[str]:
    """The lines of the ScenarioError raised by loading ``path``."""
    with pytest.raises(ScenarioError) as info:
        load_scenario(path)
    return info.value.lines


def located(lines: list[str]) -> list[tuple[int, int, str, str]]:
    """``(line, col, path, message)`` of each problem line (each must be well formed)."""
    out = []
    for text in lines:
        m = LINE.match(text)
        assert m, f"not a file:line:col: path: message line: {text!r}"
        out.append((int(m["line"]), int(m["col"]), m["path"], m["message"]))
    return out


# -- the planted mistakes -------------------------------------------------------------------

PLANTED = [
    # (line, col, path, words the message must contain)
    (6, 1, "colour", ["unknown key", "colour"]),
    (9, 15, "tick.hours", ["number", "six"]),
    (12, 17, "indicators.public_trust", ["less than or equal to 100", "140"]),
    (13, 3, "indicators.public_trust", ["duplicate key", "first at line 12"]),
    (15, 12, "setting.country", ["NO", "boolean", 'quote it: "NO"']),
    (25, 9, "msel[0].at", ["12:30", "base-60", 'quote it: "12:30"']),
]


def test_every_planted_mistake_is_reported_at_its_line_and_column(data_dir):
    """Each planted mistake (unknown key, wrong type, out of range, duplicate key, NO, 12:30) is reported at its exact line:col."""
    path = data_dir / "planted-mistakes.yaml"
    found = located(problems(path))
    assert [(line, col, p) for line, col, p, _ in found] == [(line, col, p) for line, col, p, _ in PLANTED]
    for (_, _, _, message), (_, _, _, words) in zip(found, PLANTED):
        for word in words:
            assert word in message


def test_planted_mistakes_name_the_file(data_dir):
    """Every problem line starts with the file name it was read from."""
    path = data_dir / "planted-mistakes.yaml"
    for line in problems(path):
        assert line.startswith(f"{path}:")


def test_validate_reports_planted_mistakes_one_line_each_and_exits_1(cli, data_dir):
    """``weerbaar validate`` prints exactly one line per planted mistake, with its line number, and exits 1."""
    path = data_dir / "planted-mistakes.yaml"
    result = cli("validate", path)
    assert result.code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == len(PLANTED)
    assert [int(LINE.match(line)["line"]) for line in lines] == [p[0] for p in PLANTED]


REFERENCES = [
    (10, 19, "cells.crisis.bodies[1]", ["no government_body 'nctvv'", "did you mean 'nctv'"]),
    (11, 23, "cells.crisis.actions[1]", ["unknown action 'demarsh'", "did you mean 'demarche'"]),
    (17, 11, "msel[0].when", ["cannot read condition", "public_trust is low"]),
    (21, 10, "msel[1].to[0]", ["no cell 'crisiss'", "did you mean 'crisis'"]),
]


def test_reference_mistakes_are_reported_with_lines_and_suggestions(data_dir):
    """A missing body, an unknown action, an unreadable trigger and a misaddressed inject are each reported at their line."""
    found = located(problems(data_dir / "reference-mistakes.yaml"))
    assert [(line, col, p) for line, col, p, _ in found] == [(line, col, p) for line, col, p, _ in REFERENCES]
    for (_, _, _, message), (_, _, _, words) in zip(found, REFERENCES):
        for word in words:
            assert word in message


def test_validate_reports_several_files_and_keeps_going(cli, data_dir, default_scenario):
    """``validate`` checks every file given: a good one is ok, bad ones list their problems, and it exits 1."""
    result = cli("validate", default_scenario, data_dir / "planted-mistakes.yaml", data_dir / "reference-mistakes.yaml")
    assert result.code == 1
    assert f"{default_scenario}: ok" in result.output
    assert sum(1 for line in result.output.splitlines() if LINE.match(line)) == len(PLANTED) + len(REFERENCES)


def test_validate_of_the_default_scenario_exits_0(cli, default_scenario):
    """A valid scenario validates with exit code 0."""
    assert cli("validate", default_scenario).code == 0


# -- single mistakes --------------------------------------------------------------------------

def test_minimal_scenario_loads_with_defaults(write_yaml):
    """A scenario with only the required keys loads and gets the documented defaults."""
    loaded = load_scenario(write_yaml(MINIMAL))
    scenario = loaded.scenario
    assert scenario.tick.hours == 6
    assert scenario.start_values() == dict.fromkeys(scenario.start_values(), 80.0)
    assert loaded.text == MINIMAL


def test_missing_required_key_is_named(write_yaml):
    """A missing required key is reported by name, at the mapping that lacks it."""
    path = write_yaml(MINIMAL + 'msel:\n  - {no: 1, at: "day 2"}\n')
    [(line, _, where, message)] = located(problems(path))
    assert (line, where) == (7, "msel[0]")
    assert "required key 'synopsis'" in message


def test_quoted_clock_time_is_not_a_time(write_yaml):
    """A quoted bare "12:30" is refused as a time, with the accepted forms in the message."""
    path = write_yaml(MINIMAL + 'msel:\n  - {no: 1, at: "12:30", synopsis: "x"}\n')
    [(line, _, where, message)] = located(problems(path))
    assert (line, where) == (7, "msel[0].at")
    assert "day N HH:MM" in message


def test_number_as_time_is_refused_with_a_hint(write_yaml):
    """A number where a time belongs is refused with a hint to quote a time expression."""
    path = write_yaml(MINIMAL + "msel:\n  - no: 1\n    at: 36\n    synopsis: x\n")
    [(line, col, where, message)] = located(problems(path))
    assert (line, col, where) == (8, 9, "msel[0].at")
    assert "quoted string" in message


def test_unquoted_iso_date_is_kept_as_text_and_resolved(write_yaml):
    """An unquoted ISO date is read as the text written and resolved against the calendar start."""
    path = write_yaml(MINIMAL + "msel:\n  - {no: 1, at: 2018-02-25, synopsis: x}\n")
    scenario = load_scenario(path).scenario
    assert scenario.msel[0].at == "2018-02-25"
    assert to_hours(scenario.msel[0].at, parse_start(scenario.start)) == 96.0


@pytest.mark.parametrize("word", ["yes", "No", "off", "ON"])
def test_yaml11_booleans_in_text_fields_are_refused(write_yaml, word):
    """yes/no/on/off written unquoted where text belongs are refused with a hint to quote them."""
    path = write_yaml(MINIMAL + f"setting: {{region: {word}}}\n")
    [(line, col, where, message)] = located(problems(path))
    assert (line, col, where) == (6, 19, "setting.region")
    assert f'quote it: "{word}"' in message


def test_true_false_are_not_traps(write_yaml):
    """Plain true/false remain booleans where a boolean belongs."""
    path = write_yaml(MINIMAL + "cells:\n  c: {doctrine: false}\n")
    assert load_scenario(path).scenario.cells["c"].doctrine is False


def test_inject_needs_at_or_when_but_not_both(write_yaml):
    """An inject with both 'at' and 'when', or with neither (and not contingency), is refused at its line."""
    path = write_yaml(MINIMAL + 'msel:\n'
                      '  - {no: 1, at: "day 2", when: "inject 2 fired", synopsis: x}\n'
                      '  - {no: 2, synopsis: y}\n'
                      '  - {no: 3, contingency: true, synopsis: z}\n')
    found = located(problems(path))
    assert [(line, where) for line, _, where, _ in found] == [(7, "msel[0]"), (8, "msel[1]")]
    assert "not both" in found[0][3] and "needs 'at' or 'when'" in found[1][3]


def test_duplicate_inject_numbers_are_refused(write_yaml):
    """Two injects with the same number are refused at the second one."""
    path = write_yaml(MINIMAL + 'msel:\n  - {no: 4, at: "day 2", synopsis: x}\n  - {no: 4, at: "day 3", synopsis: y}\n')
    [(line, _, where, message)] = located(problems(path))
    assert (line, where) == (8, "msel[1].no") and "used twice" in message


def test_white_cannot_be_declared(write_yaml):
    """Declaring a cell called 'white' is refused (White is the implicit exercise-control cell)."""
    path = write_yaml(MINIMAL + "cells:\n  white: {title: W}\n")
    [(line, _, where, message)] = located(problems(path))
    assert (line, where) == (7, "cells.white") and "exercise-control" in message


def test_out_of_range_duration_is_refused(write_yaml):
    """A duration beyond two years is out of range."""
    path = write_yaml(MINIMAL.replace("{days: 5}", "{days: 731}"))
    [(line, col, where, message)] = located(problems(path))
    assert (line, col, where) == (5, 18, "duration.days")
    assert "730" in message


def test_yaml_syntax_error_is_one_line_with_position(write_yaml):
    """Malformed YAML is reported as one line with the position where the parser gave up."""
    path = write_yaml(MINIMAL + "cells: [a, b\nmsel: []\n")
    [line] = problems(path)
    m = LINE.match(line)
    assert m and m["path"] == "(yaml)" and int(m["line"]) >= 6


def test_missing_file_is_a_scenario_error(tmp_path):
    """A missing file is a ScenarioError naming the file, not an OSError."""
    path = tmp_path / "nowhere.yaml"
    [line] = problems(path)
    assert line.startswith(f"{path}:1:1:")


def test_errors_are_sorted_by_position(data_dir):
    """Problems are listed in file order."""
    found = located(problems(data_dir / "planted-mistakes.yaml"))
    assert [(line, col) for line, col, _, _ in found] == sorted((line, col) for line, col, _, _ in found)


def test_unknown_key_in_an_actor_is_located_at_the_key(write_yaml):
    """An unknown key inside an actor entry is reported at that key, inside the actors list."""
    path = write_yaml(MINIMAL + "actors:\n  - id: bzk\n    kind: government_body\n    budjet: 3\n")
    [(line, col, where, message)] = located(problems(path))
    assert (line, col) == (9, 5)
    assert where.startswith("actors[0]") and "budjet" in message


def test_unknown_actor_kind_is_refused(write_yaml):
    """An actor of an unregistered kind is refused at its line."""
    path = write_yaml(MINIMAL + "actors:\n  - {id: x, kind: dragon}\n")
    [(line, _, where, _)] = located(problems(path))
    assert line == 7 and where.startswith("actors[0]")


def test_a_key_with_spaces_keeps_the_path_one_word(write_yaml):
    """A key with a space (``learning objectives:``) is named in the message; the path stops at its parent."""
    path = write_yaml(MINIMAL + "setting:\n  country code: NL\nlearning objectives: []\n")
    found = located(problems(path))
    assert [(line, col, where) for line, col, where, _ in found] == [(7, 3, "setting"), (8, 1, "(top)")]
    assert found[0][3] == "unknown key 'country code'" and found[1][3] == "unknown key 'learning objectives'"


# -- nesting and encoding (hardening issue, item 3) ------------------------------------------

@pytest.mark.parametrize("depth", [65, 300, 1000, 5000])
def test_deeply_nested_scenario_is_one_located_line(cli, write_yaml, depth):
    """Hundreds or thousands of levels: exit 1 and one line at the level past the limit, no traceback."""
    path = write_yaml(MINIMAL + "briefing: " + "[" * depth + "]" * depth + "\n")
    result = cli("validate", path)
    assert result.code == 1 and result.err == ""
    assert result.out.splitlines() == [f"{path}:6:{len('briefing: ') + 64}: (yaml): nesting deeper than 64 levels"]
    run = cli("run", path, "--days", "1", "--quiet", "--out", path.with_suffix(".jsonl"))
    assert run.code == 1 and run.err.splitlines() == result.out.splitlines()


def test_a_non_utf8_byte_is_reported_at_its_line_and_column(cli, tmp_path):
    """A Latin-1 byte on line 3 is reported at line 3 and its column, saying what to do."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(MINIMAL.replace('summary: "The least', 'summary: "Caf\xe9 - the least').encode("latin-1"))
    result = cli("validate", path)
    assert result.code == 1
    column = len('summary: "Caf') + 1
    assert result.out.splitlines() == [f"{path}:3:{column}: (file): not UTF-8 text (byte 0xe9); save the file as UTF-8"]


def test_billion_laughs_is_refused_quickly(write_yaml):
    """Aliases expanding to a billion nodes are refused in one line, in well under a second's work per file."""
    import time

    bomb = "lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
        f"lol{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]\n" for i in range(1, 10))
    path = write_yaml(MINIMAL + bomb)
    started = time.perf_counter()
    [(_, _, where, message)] = located(problems(path))
    assert time.perf_counter() - started < 10
    assert where == "(yaml)" and "more than" in message and "nodes" in message


# -- command files ----------------------------------------------------------------------------

def test_bundled_command_file_loads(default_commands):
    """The bundled command file of the default scenario loads and starts with its modeline."""
    entries = load_commands(default_commands)
    assert entries and all(e.cell and e.command for e in entries)
    assert default_commands.read_text(encoding="utf-8").startswith(MODELINE)


def test_command_file_mistakes_are_located(write_yaml):
    """A command file's mistakes (unknown key, number as time) are reported with their lines."""
    path = write_yaml('- {at: "day 1", cell: c, command: "share_signals"}\n'
                      '- {at: 12, cell: c, command: "x"}\n'
                      '- {at: "day 2", cell: c, command: "y", by: me}\n', name="cmds.yaml")
    with pytest.raises(ScenarioError) as info:
        load_commands(path)
    found = located(info.value.lines)
    assert [(line, where) for line, _, where, _ in found] == [(2, "[1].at"), (3, "[2].by")]


# -- property: edits of the default scenario ----------------------------------------------

EDITS = ["delete", "duplicate", "append", "numbers", "blank-value", "trap", "indent"]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_edited_default_scenario_loads_or_reports_located_lines(default_scenario, data):
    """Any small edit of the default scenario either still loads or fails with well-formed, in-file problem lines."""
    text = default_scenario.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    i = data.draw(st.integers(0, len(lines) - 1), label="line")
    edit = data.draw(st.sampled_from(EDITS), label="edit")
    if edit == "delete":
        del lines[i]
    elif edit == "duplicate":
        lines.insert(i, lines[i])
    elif edit == "append":
        junk = data.draw(st.text(max_size=8), label="junk")
        lines[i] = lines[i].rstrip("\n") + junk + "\n"
    elif edit == "numbers":
        lines[i] = re.sub(r"\d+(\.\d+)?", "999", lines[i])
    elif edit == "blank-value":
        lines[i] = re.sub(r": .*", ": ", lines[i])
    elif edit == "trap":
        lines[i] = re.sub(r': "?[^"{\[]*"?$', ": 12:30", lines[i])
    else:
        lines[i] = " " + lines[i]
    edited = "".join(lines)
    try:
        parse_scenario(edited, "edited.yaml")
    except ScenarioError as exc:
        count = len(edited.splitlines()) + 1
        assert exc.lines
        for line in exc.lines:
            m = LINE.match(line)
            assert m and m["file"] == "edited.yaml", line
            assert 1 <= int(m["line"]) <= count, line


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_is_a_scenario_or_a_scenario_error(text):
    """Any text either validates or raises ScenarioError whose lines are all well formed."""
    try:
        parse_scenario(text, "any.yaml")
    except ScenarioError as exc:
        assert exc.lines
        assert all(LINE.match(line) for line in exc.lines), exc.lines
