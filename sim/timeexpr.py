"""Scenario time: hours since the start, and the time expressions authors write.

The engine's clock is ``simpy.Environment.now`` in hours since the scenario
start. Authors write times as

* ``day 3 08:00`` or ``day 3`` — day 1 is the first day, so ``day 1 00:00`` is t = 0;
* an ISO date or date-time, ``2018-03-21`` or ``2018-03-21T08:00``, resolved
  against the scenario's calendar start;
* an offset in hours or days, ``36h``, ``2d``, ``2d 6h`` (handy in command files).

A bare number is never a time: YAML 1.1 reads ``12:30`` as 750, so the schema
refuses numbers and asks for a quoted expression.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sim.i18n import M_, N_

_DAY = re.compile(r"^day\s+(\d{1,4})(?:\s+(\d{1,2}):(\d{2}))?$", re.IGNORECASE)
_OFFSET = re.compile(r"^(?:(\d+(?:\.\d+)?)d)?\s*(?:(\d+(?:\.\d+)?)h)?$", re.IGNORECASE)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")

TIME_FORMS = N_("'day N HH:MM', an ISO date such as '2018-03-21T08:00', or an offset such as '36h' or '2d 6h'")


class TimeExprError(ValueError):
    """A time expression that cannot be read."""


def parse_start(text: str) -> datetime:
    """Read the scenario's calendar start (ISO date or date-time, no time zone)."""
    if not _ISO.match(text.strip()):
        raise TimeExprError(M_("start {text!r} is not an ISO date such as '2018-02-21T00:00'", text=text))
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise TimeExprError(M_("start {text!r}: {reason}", text=text, reason=str(exc))) from None


def check_time_expr(text: str) -> str:
    """Validate the form of a time expression without a calendar; returns it stripped."""
    expr = text.strip()
    m = _DAY.match(expr)
    if m:
        day, hh, mm = m.groups()
        if int(day) < 1:
            raise TimeExprError(M_("{text!r}: days count from 'day 1'", text=text))
        if hh is not None and (int(hh) > 23 or int(mm) > 59):
            raise TimeExprError(M_("{text!r}: no such clock time", text=text))
        return expr
    if _ISO.match(expr):
        try:
            datetime.fromisoformat(expr)
        except ValueError as exc:
            raise TimeExprError(M_("{text!r}: {reason}", text=text, reason=str(exc))) from None
        return expr
    m = _OFFSET.match(expr)
    if expr and m and any(m.groups()):
        return expr
    raise TimeExprError(M_("{text!r} is not a time; write {forms}", text=text, forms=M_(TIME_FORMS)))


def to_hours(text: str, start: datetime) -> float:
    """Hours since ``start`` for a time expression."""
    expr = check_time_expr(text)
    m = _DAY.match(expr)
    if m:
        day, hh, mm = m.groups()
        return (int(day) - 1) * 24.0 + (int(hh or 0)) + int(mm or 0) / 60.0
    if _ISO.match(expr):
        return (datetime.fromisoformat(expr) - start) / timedelta(hours=1)
    m = _OFFSET.match(expr)
    days, hours = m.groups()
    return float(days or 0) * 24.0 + float(hours or 0)


def to_datetime(hours: float, start: datetime) -> datetime:
    """Calendar date-time of a clock reading."""
    return start + timedelta(hours=hours)


class CalendarDate(str):
    """A calendar date as players read it: English where it is logged (``Fri 23 Feb 2018``), in the reader's
    language where it is shown (``vr 23 feb 2018``; :func:`sim.i18n.shown` calls :meth:`_shown`)."""

    when: datetime
    year: bool

    def __new__(cls, when: datetime, year: bool = True) -> "CalendarDate":
        self = super().__new__(cls, when.strftime("%a %d %b %Y" if year else "%a %d %b"))
        self.when, self.year = when, year
        return self

    def __reduce__(self):
        return (CalendarDate, (self.when, self.year))

    def _shown(self) -> str:
        from sim import i18n

        if i18n.current() == "en":
            return str(self)
        from babel.dates import format_date  # only for another language: Babel's data cost start-up time

        return format_date(self.when, "EEE d MMM y" if self.year else "EEE d MMM", locale=i18n.current())


def describe(hours: float, start: datetime, year: bool = True) -> str:
    """A clock reading as players see it: ``day 3 08:00 (Fri 23 Feb 2018)`` (``year=False``: without the year).

    The value is an English :class:`sim.i18n.Message` (logs and ``str()`` are the same in every language);
    :func:`sim.i18n.shown` gives ``dag 3 08:00 (vr 23 feb 2018)`` in Dutch."""
    from sim.i18n import M_

    when = to_datetime(hours, start)
    day = int(hours // 24) + 1
    return M_("day {day} {time} ({date})", day=day, time=when.strftime("%H:%M"), date=CalendarDate(when, year))


def parse_duration(text: str) -> float:
    """Hours in a duration such as ``12h``, ``2d`` or ``2d 6h``."""
    m = _OFFSET.match(text.strip())
    if not text.strip() or not m or not any(m.groups()):
        raise TimeExprError(M_("{text!r} is not a duration; write e.g. 12h, 2d or 2d 6h", text=text))
    days, hours = m.groups()
    return float(days or 0) * 24.0 + float(hours or 0)
