"""Command files are checked against their scenario before a run (hardening issue, item 9).

``weerbaar validate`` accepts command files (a YAML list, or a ``*.commands.yaml`` name) and checks
every entry against the scenario — ``--scenario``, or ``X.yaml`` beside ``X.commands.yaml``: the action,
its target, the cell's permission and a time inside the scenario, each problem one
``file:line:col: [i].field: message`` line with a suggestion. ``run --commands`` refuses to start on
the same lines. Orders refused only by the situation at run time are not static errors.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

import scenarios
from replays.runner import commands_from_file
from sim.scenario.command_file import (is_command_file, load_command_file, parse_command_file, scenario_beside,
                              static_targets)
from sim.scenario import ScenarioError, load_scenario

LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<path>\S+): (?P<message>.+)$")
OVERREACH = Path(__file__).resolve().parent.parent / "data" / "overreach"
DEFAULT = scenarios.DEFAULT_SCENARIO

ISSUE_EXAMPLE = (
    '- {at: "day 2 10:00", cell: foreign-affairs, command: "demarsh vostria"}\n'
    '- {at: "day 3 09:00", cell: municipality, command: "persona_non_grata vostria-attache"}\n'
)


@pytest.fixture(scope="module")
def default():
    """The default scenario's model."""
    return load_scenario(scenarios.bundled()[DEFAULT]).scenario


def problems(text: str, scenario, source: str = "c.yaml") -> list[tuple[int, int, str, str]]:
    """(line, column, path, message) of each problem of command-file text against ``scenario``."""
    with pytest.raises(ScenarioError) as info:
        parse_command_file(text, source, scenario)
    found = []
    for line in info.value.lines:
        m = LINE.match(line)
        assert m and m["file"] == source, line
        found.append((int(m["line"]), int(m["col"]), m["path"], m["message"]))
    return found


# -- the issue's example ----------------------------------------------------------------------------

def test_the_issue_example_fails_validate_with_both_problems_located(cli, tmp_path):
    """``demarsh vostria`` and an order the cell may not give: two located lines with hints, exit 1."""
    path = tmp_path / "orders.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    result = cli("validate", path, "--scenario", DEFAULT)
    assert result.code == 1, result.output
    assert result.out.splitlines() == [
        f"{path}:1:55: [0].command: unknown action 'demarsh'; did you mean 'demarche'?",
        f"{path}:2:52: [1].command: cell 'municipality' may not order 'persona_non_grata' (foreign-affairs may)",
    ]


def test_run_refuses_to_start_on_the_issue_example_with_the_same_lines(cli, tmp_path):
    """``run --commands`` exits 1 before simulating, prints validate's lines on stderr and writes no replay."""
    path = tmp_path / "orders.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    out = tmp_path / "x.jsonl"
    validated = cli("validate", path, "--scenario", DEFAULT)
    result = cli("run", DEFAULT, "--commands", path, "--days", "1", "--quiet", "--out", out)
    assert result.code == 1
    assert result.err.splitlines() == validated.out.splitlines()
    assert result.out == "" and not out.exists()


def test_ensemble_refuses_the_issue_example_too(tmp_path):
    """Every headless path reads command files through commands_from_file, which raises the same lines."""
    path = tmp_path / "orders.yaml"
    path.write_text(ISSUE_EXAMPLE, encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        commands_from_file(path, load_scenario(scenarios.bundled()[DEFAULT]))
    assert len(info.value.lines) == 2 and all(LINE.match(line) for line in info.value.lines)


# -- the bundled files ----------------------------------------------------------------------------

def test_every_bundled_command_file_validates_against_the_scenario_beside_it(cli):
    """``weerbaar validate scenarios/*.commands.yaml`` exits 0: each file is checked against X.yaml beside it."""
    files = sorted(scenarios.HERE.glob("*.commands.yaml"))
    assert len(files) == len(scenarios.bundled())
    result = cli("validate", *files)
    assert result.code == 0, result.output
    for path in files:
        sid = path.name.removesuffix(".commands.yaml")
        assert f"{path}: ok (" in result.out and f"checked against {sid} from" in result.out


@pytest.mark.parametrize("path", sorted(OVERREACH.glob("*.commands.yaml")), ids=lambda p: p.name)
def test_overreach_command_files_validate_with_their_scenario(cli, path):
    """The deliberately poor responses are bad judgement, not bad orders: they validate with --scenario."""
    result = cli("validate", path, "--scenario", path.name.removesuffix(".commands.yaml"))
    assert result.code == 0, result.output


def test_without_a_scenario_a_command_file_gets_one_clear_line(cli):
    """An overreach file has no scenario beside it: without --scenario, one located line says so, exit 1."""
    path = OVERREACH / f"{DEFAULT}.commands.yaml"
    result = cli("validate", path)
    assert result.code == 1
    [line] = result.out.splitlines()
    assert line.startswith(f"{path}:1:1: (file): no scenario to check the commands against") and "--scenario" in line


def test_an_unknown_scenario_option_is_one_line_and_exit_1(cli, tmp_path):
    """``--scenario`` that names nothing fails before any file is read."""
    result = cli("validate", OVERREACH / f"{DEFAULT}.commands.yaml", "--scenario", tmp_path / "nope.yaml")
    assert result.code == 1 and result.out == ""
    assert len(result.err.splitlines()) == 1 and "nope.yaml" in result.err


def test_a_command_file_beside_an_invalid_scenario_says_so_and_its_problems_print_once(cli, tmp_path, data_dir):
    """The scenario's own problems are printed once even when it is also validated; the command file says why."""
    shutil.copy(data_dir / "planted-mistakes.yaml", tmp_path / "bad.yaml")
    commands = tmp_path / "bad.commands.yaml"
    commands.write_text('- {at: "day 1", cell: x, command: "share_signals"}\n', encoding="utf-8")
    alone = cli("validate", tmp_path / "bad.yaml").out.splitlines()
    result = cli("validate", tmp_path / "bad.yaml", commands)
    assert result.code == 1
    assert result.out.splitlines() == alone + [
        f"{commands}:1:1: (file): cannot check the commands: scenario {tmp_path / 'bad.yaml'} does not validate"]


# -- telling command files from scenarios -----------------------------------------------------------

def test_a_list_at_the_top_is_a_command_file_and_a_mapping_a_scenario(tmp_path):
    """Detection by name first (``*.commands.yaml``), then by the parsed top level (a list)."""
    assert is_command_file("x.yaml", "# comment\n- {at: day 1}\n")
    assert is_command_file("x.commands.yaml", "id: not-a-list\n")
    assert not is_command_file("x.yaml", "id: a-scenario\n")
    assert not is_command_file("x.yaml", "")
    assert is_command_file("x.yaml", "[unclosed")  # a flow list that breaks later is still a list


def test_a_command_file_named_for_its_scenario_finds_it(tmp_path):
    """``X.commands.yaml`` takes ``X.yaml`` (or ``X.yml``) beside it; nothing else is guessed."""
    (tmp_path / "a.yaml").write_text("id: a\n", encoding="utf-8")
    (tmp_path / "b.yml").write_text("id: b\n", encoding="utf-8")
    assert scenario_beside(tmp_path / "a.commands.yaml") == tmp_path / "a.yaml"
    assert scenario_beside(tmp_path / "b.commands.yml") == tmp_path / "b.yml"
    assert scenario_beside(tmp_path / "c.commands.yaml") is None
    assert scenario_beside(tmp_path / "a.yaml") is None


def test_a_mapping_named_as_a_command_file_is_reported_as_one(cli, tmp_path):
    """A ``.commands.yaml`` holding a mapping is told it should be a list, not judged as a scenario."""
    shutil.copy(scenarios.bundled()[DEFAULT], tmp_path / f"{DEFAULT}.yaml")
    path = tmp_path / f"{DEFAULT}.commands.yaml"
    path.write_text("at: day 1\n", encoding="utf-8")
    result = cli("validate", path)
    assert result.code == 1
    [line] = result.out.splitlines()
    assert line.startswith(f"{path}:1:1: (top): ") and "list" in line


# -- what is checked --------------------------------------------------------------------------------

def test_every_problem_of_a_file_is_reported_at_once_in_file_order(default):
    """One line per problem, in the order of the file, each at the value it is about."""
    text = ('- {at: "day 2 10:00", cell: inteligence, command: "investigate vostria"}\n'
            '- at: "day 99"\n'
            '  cell: intelligence\n'
            '  command: "investigate vostra"\n'
            '- {at: "day 3", cell: national-crisis-cell, command: "awareness_campaign strenght=0.6"}\n'
            '- {at: "day 3", cell: white, command: "help"}\n'
            '- {at: "day 4", cell: white, command: "fire 99"}\n'
            '- {at: "day 4", cell: intelligence, command: "fire 1"}\n'
            '- {at: "day 5", cell: foreign-affairs, command: "public_attribution vostria partners=eu extra"}\n')
    found = problems(text, default)
    lines = text.splitlines()

    def at(line: int, key: str) -> tuple[int, int]:
        """Line and column of the value of ``key`` on that line."""
        return line, lines[line - 1].index(f"{key}: ") + len(key) + 3

    assert [(line, col, path) for line, col, path, _ in found] == [
        (*at(1, "cell"), "[0].cell"), (*at(2, "at"), "[1].at"), (*at(4, "command"), "[1].command"),
        (*at(5, "command"), "[2].command"), (*at(6, "command"), "[3].command"), (*at(7, "command"), "[4].command"),
        (*at(8, "command"), "[5].command"), (*at(9, "command"), "[6].command")]
    messages = [m for *_, m in found]
    assert "did you mean 'intelligence'?" in messages[0]
    assert "outside the scenario" in messages[1] and "day 61 00:00" in messages[1]
    assert "no actor 'vostra'; did you mean 'vostria'?" in messages[2]
    assert "no parameter 'strenght'; did you mean 'strength'?" in messages[3]
    assert "console control word" in messages[4]
    assert "no inject '99'" in messages[5]
    assert "may not order 'fire_inject'" in messages[6]
    assert "after key=value" in messages[7]


@pytest.mark.parametrize("at, ok", [("day 1 00:00", True), ("day 61 00:00", True), ("day 61 00:01", False),
                                    ("1440h", True), ("1441h", False), ("2018-02-21", True),
                                    ("2018-02-20T23:00", False), ("2018-04-22T00:00", True)])
def test_times_must_lie_inside_the_scenario(default, at, ok):
    """From the start (t = 0) to the end of the last day, inclusive; before or after is an error."""
    text = f'- {{at: "{at}", cell: intelligence, command: "share_signals"}}\n'
    if ok:
        assert parse_command_file(text, "c.yaml", default)
    else:
        [(_, _, path, message)] = problems(text, default)
        assert path == "[0].at" and "outside the scenario" in message


def test_targets_must_be_of_the_actions_kind(default):
    """An existing id of the wrong kind is refused with the usage: a narrative is not an actor."""
    [(_, _, path, message)] = problems('- {at: "day 2", cell: intelligence, command: "investigate rigged-count"}\n',
                                       default)
    assert path == "[0].command" and message.startswith("no actor 'rigged-count'") and "usage: investigate" in message


def test_replacement_staff_may_be_named(default):
    """A state replaces expelled staff (``X-2``, then ``X-2x`` ...), so a playbook may expel the successor too."""
    staff = static_targets(default)["staff"]
    for name in ("vostria-attache", "vostria-attache-2", "vostria-attache-2x", "vostria-attache-2x-2"):
        assert name in staff
    for name in ("vostria-attache-2-2", "vostria-attache-x", "vostria", "attache-2"):
        assert name not in staff
    assert parse_command_file('- {at: "day 50", cell: foreign-affairs, command: "persona_non_grata vostria-attache-2"}\n',
                              "c.yaml", default)
    [(_, _, _, message)] = problems(
        '- {at: "day 50", cell: foreign-affairs, command: "persona_non_grata vostria-attache-9"}\n', default)
    assert message.startswith("no staff 'vostria-attache-9'")


def test_orders_refused_only_at_run_time_are_not_static_errors(cli, tmp_path):
    """Capacity and preconditions are the run's business: the file validates, the run refuses and logs them."""
    from replays.format import read_replay

    text = "".join(f'- {{at: "day 1 1{h}:00", cell: intelligence, command: "investigate vostria"}}\n' for h in range(4))
    text += '- {at: "day 1 20:00", cell: white, command: "fire 1"}\n'
    text += '- {at: "day 1 21:00", cell: white, command: "fire 1"}\n'  # no longer pending
    path = tmp_path / "runtime.yaml"
    path.write_text(text, encoding="utf-8")
    assert cli("validate", path, "--scenario", DEFAULT).code == 0
    out = tmp_path / "x.jsonl"
    assert cli("run", DEFAULT, "--commands", path, "--days", "2", "--quiet", "--out", out).code == 0
    refused = [e for e in read_replay(out).events if e["kind"] == "command.refused" and e["payload"]["by"] == "player"]
    reasons = [e["payload"]["reason"] for e in refused]
    assert len(reasons) == 4, reasons  # already investigating or out of capacity (x3); inject 1 already fired
    assert any("already running" in r for r in reasons) and any("no inject '1'" in r for r in reasons)


def test_commands_from_file_sorts_by_time_and_keeps_the_text(default, tmp_path):
    """A valid file gives its commands sorted stably by time, with the text as written."""
    path = tmp_path / "c.yaml"
    path.write_text('- {at: "day 3", cell: intelligence, command: "share_signals"}\n'
                    '- {at: "day 2", cell: white, command: "fire 4"}\n'
                    '- {at: "day 2", cell: intelligence, command: "investigate  vostria"}\n', encoding="utf-8")
    timed = commands_from_file(path, default)
    assert [(c.t, c.cell, c.text) for c in timed] == [
        (24.0, "white", "fire 4"), (24.0, "intelligence", "investigate  vostria"), (48.0, "intelligence", "share_signals")]
    assert [c.index for c in load_command_file(path, default)] == [0, 1, 2]


# -- item 3 for command files ---------------------------------------------------------------------

def test_deep_nesting_in_a_command_file_is_one_line(cli, tmp_path):
    """A command file nested thousands deep is refused in one located line, by validate and by run."""
    path = tmp_path / "deep.yaml"
    head = '- {at: "day 1", cell: intelligence, command: '
    path.write_text(head + "[" * 5000 + "\n", encoding="utf-8")
    result = cli("validate", path, "--scenario", DEFAULT)
    assert result.code == 1
    # levels 1 and 2 are the list and its entry; the 63rd bracket would be level 65
    assert result.out.splitlines() == [f"{path}:1:{len(head) + 63}: (yaml): nesting deeper than 64 levels"]
    run = cli("run", DEFAULT, "--commands", path, "--days", "1", "--quiet", "--out", tmp_path / "x.jsonl")
    assert run.code == 1 and run.err.splitlines() == result.out.splitlines()


def test_a_non_utf8_byte_in_a_command_file_is_reported_at_its_line_and_column(cli, tmp_path):
    """Not UTF-8: the line and column of the byte, not a byte offset at 1:1."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b'- {at: "day 1", cell: intelligence, command: "share_signals"}\n'
                     b'- {at: "day 2", cell: intelligence, command: "d\xe9marche"}\n')
    result = cli("validate", path, "--scenario", DEFAULT)
    assert result.code == 1
    assert result.out.splitlines() == [
        f"{path}:2:48: (file): not UTF-8 text (byte 0xe9); save the file as UTF-8"]
