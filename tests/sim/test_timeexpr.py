"""Scenario time expressions: ``day N HH:MM``, ISO dates, offsets; and the calendar start."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.timeexpr import (TimeExprError, check_time_expr, describe, parse_duration, parse_start, to_datetime,
                          to_hours)

START = datetime(2018, 2, 21)


@pytest.mark.parametrize("text, hours", [
    ("day 1", 0.0),
    ("day 1 00:00", 0.0),
    ("day 3 08:00", 56.0),
    ("Day 2 09:30", 33.5),
    ("day 29 07:30", 28 * 24 + 7.5),
    ("2018-02-21", 0.0),
    ("2018-02-23T08:00", 56.0),
    ("2018-02-23 08:00:00", 56.0),
    ("2018-02-20", -24.0),
    ("36h", 36.0),
    ("2d", 48.0),
    ("2d 6h", 54.0),
    ("1.5d", 36.0),
    ("0.5h", 0.5),
])
def test_time_expressions_to_hours(text, hours):
    """Each accepted form resolves to the right number of hours since the start."""
    assert to_hours(text, START) == pytest.approx(hours)


@pytest.mark.parametrize("text", ["12:30", "", "   ", "day 0", "day 2 24:00", "day 2 08:60", "day -1", "tomorrow",
                                  "2018-02-30", "2018-13-01", "3", "h", "d", "day", "2018-02-21T25:00", "6 hours"])
def test_invalid_time_expressions_are_refused(text):
    """Bare clock times, day 0, impossible clock times, impossible dates and free text are refused."""
    with pytest.raises(TimeExprError):
        check_time_expr(text)


def test_refusal_lists_the_accepted_forms():
    """A refused time names the accepted forms so the author can fix it."""
    with pytest.raises(TimeExprError) as info:
        check_time_expr("12:30")
    assert "day N HH:MM" in str(info.value) and "36h" in str(info.value)


def test_check_time_expr_strips():
    """check_time_expr returns the expression without surrounding spaces."""
    assert check_time_expr("  day 2 09:00 ") == "day 2 09:00"


@pytest.mark.parametrize("text", ["2018-02-21", "2018-02-21T00:00", "2018-02-21 06:30:15"])
def test_parse_start(text):
    """The calendar start is an ISO date or date-time."""
    assert parse_start(text) == datetime.fromisoformat(text)


@pytest.mark.parametrize("text", ["day 1", "21-02-2018", "2018-02-21T00:00+01:00", "2018-02-30", "now"])
def test_parse_start_refuses_non_iso(text):
    """A start that is not a plain ISO date (or has a time zone) is refused."""
    with pytest.raises(TimeExprError):
        parse_start(text)


def test_describe_and_to_datetime():
    """A clock reading is shown as the exercise day, the time and the calendar date."""
    assert to_datetime(56.0, START) == datetime(2018, 2, 23, 8, 0)
    assert describe(56.0, START) == "day 3 08:00 (Fri 23 Feb 2018)"
    assert describe(0.0, START).startswith("day 1 00:00")


@pytest.mark.parametrize("text, hours", [("12h", 12.0), ("2d", 48.0), ("2d 6h", 54.0), ("0.5h", 0.5)])
def test_parse_duration(text, hours):
    """Durations are offsets in days and hours."""
    assert parse_duration(text) == hours


@pytest.mark.parametrize("text", ["", "day 2", "12", "-2h", "2018-02-21"])
def test_parse_duration_refuses_other_forms(text):
    """A duration must be an offset; dates, days and bare numbers are refused."""
    with pytest.raises(TimeExprError):
        parse_duration(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 9999), st.integers(0, 23), st.integers(0, 59))
def test_day_form_round_trip(day, hour, minute):
    """``day D HH:MM`` is (D - 1) days plus the clock time, and describe() shows the same day and time."""
    text = f"day {day} {hour:02d}:{minute:02d}"
    hours = to_hours(text, START)
    assert hours == pytest.approx((day - 1) * 24 + hour + minute / 60)
    assert describe(hours, START).startswith(text)


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(lambda d: d.replace(second=0, microsecond=0)))
def test_iso_form_matches_calendar_arithmetic(when):
    """An ISO date-time resolves to its distance from the start in hours."""
    assert to_hours(when.strftime("%Y-%m-%dT%H:%M"), START) == pytest.approx((when - START) / timedelta(hours=1))


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=30))
def test_time_parsers_only_raise_their_own_error(text):
    """Any text is accepted or refused with TimeExprError by every time parser, never another exception."""
    for parse in (check_time_expr, parse_duration, parse_start):
        try:
            parse(text)
        except TimeExprError:
            pass
