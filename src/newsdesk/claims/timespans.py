"""Calendar arithmetic for time expressions: the days a month, week, quarter or year covers, and where a date
without its year or week falls relative to the publication day.

Everything here works on plain dates; which words mean what is the grammar's business (:mod:`timex`). The
direction words the functions take are those the grammar hands over: "" (the latest not after publication),
"past" (the latest on or before it), "future" (the first on or after it) and "nearest" (the closer of the two),
and for weekdays also "last"/"next"/"coming" (strictly before/after) and "this" (in the publication week).

Weeks run Monday to Sunday; early / mid / late split a month into days 1-10, 11-20 and 21-end, a year into
January-April, May-August and September-December, and a decade into years 0-3, 4-6 and 7-9.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import NamedTuple

from newsdesk.types import TimePrecision

_P = TimePrecision


class TimeSpan(NamedTuple):
    """A resolved time before it gets its place in the text; ``period`` is how far it may be moved when its year
    or week was guessed ("year", "week"), or "" when the text fixed it."""

    first: date
    last: date
    precision: TimePrecision
    period: str = ""


def month_end(year: int, month: int) -> date:
    """The last day of ``month`` in ``year``."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_span(year: int, month: int, precision: TimePrecision = _P.MONTH, period: str = "") -> TimeSpan:
    """The whole of ``month`` in ``year``."""
    return TimeSpan(date(year, month, 1), month_end(year, month), precision, period)


def year_span(year: int, period: str = "") -> TimeSpan:
    """1 January to 31 December of ``year``."""
    return TimeSpan(date(year, 1, 1), date(year, 12, 31), _P.YEAR, period)


def week_span(day: date) -> TimeSpan:
    """The Monday-to-Sunday week that holds ``day``."""
    monday = day - timedelta(days=day.weekday())
    return TimeSpan(monday, monday + timedelta(days=6), _P.WEEK)


def quarter_span(year: int, quarter: int, period: str = "") -> TimeSpan:
    """Quarter 1-4 of ``year``."""
    return TimeSpan(date(year, 3 * quarter - 2, 1), month_end(year, 3 * quarter), _P.QUARTER, period)


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), its day of month clipped to the new month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def year_of_month(pub: date, month: int, way: str) -> int:
    """The year of the latest ``month`` not after the publication month; looking ahead the first one not before
    it, and "nearest" the closer of the two (the earlier on a tie)."""
    if way == "future" or (way == "nearest" and 0 < (month - pub.month) % 12 < 6):
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def nearest_date(pub: date, month: int, day: int, way: str) -> date | None:
    """The ``month``/``day`` closest to the publication day (the earlier on a tie); the last on or before it
    after "since" ("past"), the first on or after it when looking ahead ("future"); None if there is none."""
    before = _dated(pub, month, day, -1)
    after = _dated(pub, month, day, 1)
    if way == "future" or before is None:
        return after
    if way == "past" or after is None or (pub - before) <= (after - pub):
        return before
    return after


def _dated(pub: date, month: int, day: int, step: int) -> date | None:
    """The first ``month``/``day`` on or before (step -1) or on or after (step 1) ``pub``."""
    for k in range(9):  # 29 February recurs within 8 years
        try:
            found = date(pub.year + step * k, month, day)
        except ValueError:
            continue
        if (found - pub).days * step >= 0:
            return found
    return None


def weekday_date(pub: date, weekday: int, how: str) -> date:
    """The date of ``weekday`` (Monday 0) meant by ``how``: "last"/"past" strictly before ``pub``,
    "next"/"coming" strictly after, "this" in its week, "future" on or after, "nearest" the closer of the
    latest on or before and the first on or after, and otherwise the latest on or before."""
    if how in ("last", "past"):
        return pub - timedelta(days=(pub.weekday() - weekday) % 7 or 7)
    if how in ("next", "coming"):
        return pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7)
    if how == "this":
        return pub + timedelta(days=weekday - pub.weekday())
    ahead = (weekday - pub.weekday()) % 7
    if how == "future" or (how == "nearest" and ahead < 4):
        return pub + timedelta(days=ahead)
    return pub - timedelta(days=(pub.weekday() - weekday) % 7)


def part_of(span: TimeSpan, part: int, precision: TimePrecision) -> TimeSpan:
    """The early (0), mid (1) or late (2) part of a month, a year or (any other precision) a decade."""
    first, last = span.first, span.last
    if precision is _P.MONTH:
        return TimeSpan(
            first.replace(day=(1, 11, 21)[part]), last if part == 2 else first.replace(day=(10, 20)[part]), _P.MONTH
        )
    if precision is _P.YEAR:
        return TimeSpan(first.replace(month=(1, 5, 9)[part]), month_end(first.year, (4, 8, 12)[part]), _P.YEAR)
    lo, hi = ((0, 3), (4, 6), (7, 9))[part]
    return TimeSpan(date(first.year + lo, 1, 1), date(first.year + hi, 12, 31), _P.RANGE)


def span_back(pub: date, n: int, unit: str) -> date:
    """The day ``n`` hours, days, weeks, months, years or decades before ``pub`` (hours round up to whole
    days); ``unit`` may be plural."""
    unit = unit.rstrip("s")
    if unit == "hour":
        return pub - timedelta(days=-(-n // 24))
    if unit in ("day", "week"):
        return pub - timedelta(days=n * (7 if unit == "week" else 1))
    return add_months(pub, -n * {"month": 1, "year": 12, "decade": 120}[unit])


def shifted(t: TimeSpan, step: int) -> TimeSpan:
    """``t`` a week or a year earlier (step -1) or later (step 1), by its ``period``; a span ending on a month's
    last day still does after the move (February in leap years)."""
    if t.period == "week":
        return TimeSpan(t.first + timedelta(weeks=step), t.last + timedelta(weeks=step), t.precision)
    last = add_months(t.last, 12 * step)
    if t.last == month_end(t.last.year, t.last.month):
        last = month_end(last.year, last.month)
    return TimeSpan(add_months(t.first, 12 * step), last, t.precision)
