"""The command language: parsing any text safely, checking against the catalogue, one-line errors with hints."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from sim.actions import ACTIONS, Action, Param
from sim.commands import (ALIASES, CONTROL_WORDS, MAX_LENGTH, Command, CommandError, Control, check_command,
                          parse_command)
from sim.plugins import load_plugins

load_plugins()

WORDS = st.from_regex(r"[a-z][a-z0-9_]{0,12}", fullmatch=True).filter(
    lambda w: w not in CONTROL_WORDS and w not in ALIASES)
TARGETS = st.just("") | st.from_regex(r"[a-z0-9][a-z0-9_.\-]{0,12}", fullmatch=True)
KEYS = st.from_regex(r"[a-z][a-z0-9_]{0,8}", fullmatch=True)
# A value is any non-empty text without control characters or double quotes (there is no escape for them).
VALUES = st.text(st.characters(exclude_categories=["Cc", "Cs"], exclude_characters='"'), min_size=1, max_size=12)


@st.composite
def commands(draw) -> Command:
    """Commands as the parser can produce them."""
    keys = draw(st.lists(KEYS, unique=True, max_size=4))
    params = tuple((k, draw(VALUES)) for k in keys)
    return Command(draw(WORDS), draw(TARGETS), params)


# -- parsing arbitrary text -------------------------------------------------------------------

@settings(max_examples=500, deadline=None)
@given(st.text())
@example("")
@example('"')
@example('demarche "vostria')
@example("a=b")
@example("=")
@example("x ==")
@example("demarche vostria =1")
@example("x\x00y")
@example("x\ny")
@example("\u2028")
@example("İ")
@example("fire\t7")
@example("a " * 300)
@example("ÄCTION target")
def test_parser_only_returns_a_command_or_raises_command_error(text):
    """Any text parses to a Command or Control, or raises CommandError with a one-line message."""
    try:
        result = parse_command(text)
    except CommandError as exc:
        assert "\n" not in str(exc) and str(exc)
    else:
        assert isinstance(result, (Command, Control))


@settings(max_examples=120, deadline=None)
@given(commands())
def test_canonical_text_parses_back_to_the_same_command(command):
    """``parse_command(cmd.text()) == cmd`` for every command the parser can produce."""
    assert parse_command(command.text()) == command


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=60))
def test_parsed_command_text_is_a_fixed_point(text):
    """Re-parsing the canonical text of any parsed command gives the same command."""
    try:
        command = parse_command(text)
    except CommandError:
        return
    if isinstance(command, Command):
        assert parse_command(command.text()) == command


def test_parse_shape():
    """An action, a target and key=value parameters are split; action and target are lower-cased."""
    assert parse_command("  Public_Attribution Vostria  partners=eu,nato ") == Command(
        "public_attribution", "vostria", (("partners", "eu,nato"),))


def test_quoted_value_keeps_spaces():
    """A quoted value keeps its spaces and loses its quotes."""
    assert parse_command('postpone_inject 4 by="2d 6h"') == Command("postpone_inject", "4", (("by", "2d 6h"),))


def test_hyphens_in_the_action_become_underscores():
    """``public-attribution`` is read as ``public_attribution``."""
    assert parse_command("public-attribution vostria").action == "public_attribution"


@pytest.mark.parametrize("alias, action", sorted(ALIASES.items()))
def test_white_aliases(alias, action):
    """The short forms fire/postpone/cancel resolve to the inject control actions."""
    assert parse_command(f"{alias} 7") == Command(action, "7")


@pytest.mark.parametrize("word", CONTROL_WORDS)
def test_control_words(word):
    """Console control words parse to Control with their arguments."""
    assert parse_command(f"{word.upper()} a b") == Control(word, ("a", "b"))


@pytest.mark.parametrize("text, words", [
    ("", "empty command"),
    ("   ", "empty command"),
    ("demarche vostria extra", "only one target"),
    ("demarche k=v vostria", "target comes right after"),
    ("demarche vostria k=1 k=2", "given twice"),
    ("demarche vostria k=", "needs a value"),
    ("demarche vostria 9k=1", "not a parameter name"),
    ('demarche "vostria', "unterminated quote"),
    ("demarche vos/tria", "not a valid target"),
    ("9lives", "not an action word"),
    ("demarche\x07", "control characters"),
    ("demarche " + "x" * MAX_LENGTH, "longer than"),
])
def test_parse_errors_are_one_clear_line(text, words):
    """Each malformed command raises CommandError with one line saying what is wrong."""
    with pytest.raises(CommandError) as info:
        parse_command(text)
    assert words in str(info.value)
    assert len(str(info.value).splitlines()) == 1


def test_non_text_is_a_command_error():
    """A non-string input raises CommandError, not TypeError."""
    with pytest.raises(CommandError):
        parse_command(None)  # type: ignore[arg-type]


# -- checking against the catalogue ----------------------------------------------------------

CELL_ACTIONS = ("demarche", "public_attribution", "awareness_campaign")
MAY_ORDER = {"demarche": ["foreign-affairs"], "public_attribution": ["foreign-affairs"],
             "awareness_campaign": ["crisis"], "debunk": ["crisis"]}
TARGETS_NOW = {"actor": ["vostria", "ostland"], "segment": ["general", "young-online"],
               "narrative": ["rigged-count"], "suspect": ["vostria", "ostland", "domestic-group", "troll-farm"]}


def check(text: str, allowed=CELL_ACTIONS):
    """check_command of ``text`` for a cell allowed ``allowed``."""
    return check_command(parse_command(text), "foreign-affairs", ACTIONS, allowed, MAY_ORDER, TARGETS_NOW)


def one_line_error(text: str, allowed=CELL_ACTIONS) -> str:
    """The CommandError message of checking ``text`` (asserted to be one line)."""
    with pytest.raises(CommandError) as info:
        check(text, allowed)
    message = str(info.value)
    assert len(message.splitlines()) == 1, message
    return message


def test_unknown_action_suggests_the_nearest():
    """``demarsh`` is unknown and the error suggests ``demarche``."""
    message = one_line_error("demarsh vostria")
    assert "unknown action 'demarsh'" in message and "did you mean 'demarche'?" in message


def test_forbidden_action_names_the_cells_that_may():
    """Ordering an action the cell may not names the cell that may."""
    message = one_line_error("debunk rigged-count")
    assert "may not order 'debunk'" in message and "(crisis may)" in message


def test_bad_target_suggests_the_nearest_target():
    """An unknown target is refused with the nearest existing target and the usage."""
    message = one_line_error("demarche vostrai")
    assert "no actor 'vostrai'" in message and "did you mean 'vostria'?" in message
    assert "usage: demarche ACTOR" in message


def test_missing_required_target_lists_options():
    """A required target that is missing is refused, listing the targets that exist."""
    message = one_line_error("demarche")
    assert "needs a actor" in message or "needs an actor" in message
    assert "ostland" in message and "vostria" in message


def test_target_on_an_action_without_target_is_refused():
    """A target given to an action that takes none is refused with its usage."""
    allowed = ("share_signals",)
    with pytest.raises(CommandError) as info:
        check_command(parse_command("share_signals vostria"), "c", ACTIONS, allowed, {}, TARGETS_NOW)
    assert "takes no target" in str(info.value)


def test_unknown_parameter_suggests_the_nearest():
    """An unknown key is refused with the nearest parameter name."""
    message = one_line_error("public_attribution vostria partnrs=eu")
    assert "no parameter 'partnrs'" in message and "did you mean 'partners'?" in message


@pytest.mark.parametrize("text, words", [
    ("awareness_campaign strength=5", "must be between 0.05 and 1"),
    ("awareness_campaign strength=abc", "expected a number"),
    ("awareness_campaign strength=nan", "finite"),
    ("awareness_campaign strength=inf", "finite"),
])
def test_bad_parameter_values_are_refused(text, words):
    """Out-of-range and non-numeric parameter values are refused in one line."""
    assert words in one_line_error(text)


PROBE = Action(name="probe", summary="a test action", effect=lambda ex, order: None, target="actor",
               params=(Param("mode", "str", default="soft", choices=("soft", "hard", "hybrid")),
                       Param("level", "int", default=1, low=1, high=3),
                       Param("by", "hours", default=24.0, low=0.5, high=48.0)))


def check_probe(text: str):
    """check_command of ``text`` against a catalogue holding only PROBE."""
    return check_command(parse_command(text), "c", {"probe": PROBE}, ("probe",), {}, TARGETS_NOW)


@pytest.mark.parametrize("text, words", [
    ("probe vostria mode=hardd", "'hardd' is not one of soft, hard, hybrid; did you mean 'hard'?"),
    ("probe vostria mode=soft,hrd", "did you mean 'hard'?"),
    ("probe vostria level=1.5", "expected a whole number"),
    ("probe vostria level=4", "must be between 1 and 3"),
    ("probe vostria by=soon", "write a duration such as 12h or 2d"),
    ("probe vostria by=3d", "must be between 0.5 and 48"),
])
def test_bad_choice_int_and_duration_values_are_refused(text, words):
    """Not-a-choice, non-integer and bad-duration values are refused in one line with a hint."""
    with pytest.raises(CommandError) as info:
        check_probe(text)
    assert words in str(info.value) and len(str(info.value).splitlines()) == 1


def test_valid_command_returns_converted_parameters_with_defaults():
    """A valid command returns every parameter, converted, with defaults filled in."""
    assert check("awareness_campaign general strength=0.6") == {"strength": 0.6}
    assert check("awareness_campaign") == {"strength": 0.5}
    assert check_probe("probe vostria mode=Soft,HARD level=2 by=1d") == {"mode": "soft,hard", "level": 2, "by": 24.0}
    assert check_probe("probe ostland") == {"mode": "soft", "level": 1, "by": 24.0}


def test_duration_parameters_are_hours():
    """A duration parameter (``by=2d 6h``) is converted to hours."""
    params = check_command(parse_command('postpone 4 by="2d 6h"'), "white", ACTIONS, ("postpone_inject",), {},
                           {"msel_inject": ["4"]})
    assert params == {"by": 54.0}


@pytest.mark.parametrize("separator", ["\u2028", "\x85"])
def test_parameter_error_with_a_line_separator_in_the_value_is_one_line(separator):
    """A bad parameter value is echoed so that the error stays one line, whatever characters it holds."""
    one_line_error(f'awareness_campaign strength="1{separator}x"')


@settings(max_examples=200, deadline=None)
@given(VALUES)
def test_parameter_errors_never_contain_a_newline(value):
    """Whatever value is given to a numeric parameter, the refusal has no newline character in it."""
    try:
        check(f'awareness_campaign strength="{value}"')
    except CommandError as exc:
        assert "\n" not in str(exc) and "\r" not in str(exc)


# -- through the exercise ---------------------------------------------------------------------

@pytest.fixture
def exercise(default_loaded):
    """A fresh exercise of the default scenario at t = 0 (seed 7)."""
    from sim.exercise import Exercise

    return Exercise(default_loaded, seed=7)


def test_refused_command_is_logged_with_its_reason_and_the_exercise_goes_on(exercise):
    """A refused command is logged as command.refused with the reason, and the clock runs on normally."""
    exercise.run_until(30.0)
    result = exercise.submit("foreign-affairs", "demarsh vostria")
    assert not result.accepted and "did you mean 'demarche'?" in result.message
    event = exercise.log[-1]
    assert (event.kind, event.source, event.t) == ("command.refused", "foreign-affairs", 30.0)
    assert event.payload["reason"] == result.message and event.payload["command"] == "demarsh vostria"
    assert "foreign-affairs" in event.visible_to
    exercise.run_until(60.0)
    assert exercise.now == 60.0 and exercise.injects.has_fired(1)


def test_permission_refusal_through_submit_names_the_cell_that_may(exercise):
    """A cell ordering an action it may not is refused naming the cell that may."""
    result = exercise.submit("municipality", "demarche vostria")
    assert not result.accepted and "(foreign-affairs may)" in result.message


def test_unknown_cell_is_refused_and_logged(exercise):
    """A command for a cell that does not exist is refused (with a suggestion) and logged."""
    result = exercise.submit("foreign-afairs", "demarche vostria")
    assert not result.accepted and "did you mean 'foreign-affairs'?" in result.message
    assert exercise.log[-1].kind == "command.refused"


def test_control_word_is_not_an_order(exercise):
    """A console control word submitted as an order is refused, not executed."""
    result = exercise.submit("foreign-affairs", "pause")
    assert not result.accepted and "control word" in result.message


def test_accepted_command_takes_effect_after_its_lead_time(exercise):
    """An accepted order is logged as command.accepted and executes at t + lead_hours."""
    exercise.run_until(100.0)
    # A démarche needs a state the cell's evidence points at (sim.catalogue.blue._identified).
    exercise.evidence.add("test:vostria", "vostria", 5.0, ["foreign-affairs"])
    result = exercise.submit("foreign-affairs", "demarche vostria")
    assert result.accepted and result.order_id
    lead = ACTIONS["demarche"].lead_hours
    assert lead > 0
    accepted = exercise.log[-1]
    assert accepted.kind == "command.accepted" and accepted.payload["order"] == result.order_id
    assert accepted.payload["effective"] == 100.0 + lead
    exercise.run_until(100.0 + lead)  # events at exactly t run on the next call
    assert not [e for e in exercise.log if e.kind == "response.executed" and e.payload.get("order") == result.order_id]
    exercise.run_until(100.0 + lead + 1)
    [executed] = [e for e in exercise.log if e.kind == "response.executed" and e.payload.get("order") == result.order_id]
    assert executed.t == 100.0 + lead and executed.payload["action"] == "demarche"


def test_capacity_is_spent_and_refusal_says_so(exercise):
    """Orders spend the bodies' staff-days; an order beyond what is left is refused with the numbers."""
    cell = "national-crisis-cell"
    refused = None
    for _ in range(20):
        result = exercise.submit(cell, "election_safeguards")
        if not result.accepted:
            refused = result
            break
    assert refused is not None and "staff-days" in refused.message


def test_submit_accepts_a_parsed_command(exercise):
    """submit takes an already parsed Command as well as text, and logs its canonical text."""
    result = exercise.submit("foreign-affairs", Command("demarche", "vostria"))
    assert result.accepted
    assert exercise.log[-1].kind == "command.accepted"
