"""Calendar arithmetic, checked against dates worked out by hand (publication day: Thursday 13 February 2025)."""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.claims.timespans import (
    TimeSpan,
    add_months,
    month_end,
    month_span,
    nearest_date,
    part_of,
    quarter_span,
    shifted,
    span_back,
    week_span,
    weekday_date,
    year_of_month,
    year_span,
)
from newsdesk.types import TimePrecision

PUB = date(2025, 2, 13)  # a Thursday
MON, THU, FRI, SUN = 0, 3, 4, 6


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2024, 2, date(2024, 2, 29)),
        (2025, 2, date(2025, 2, 28)),
        (1900, 2, date(1900, 2, 28)),
        (2025, 12, date(2025, 12, 31)),
    ],
)
def test_month_end(year: int, month: int, expected: date) -> None:
    assert month_end(year, month) == expected


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),  # clipped to the shorter month
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2025, 1, 15), -1, date(2024, 12, 15)),  # across a year
        (date(2025, 11, 30), 3, date(2026, 2, 28)),
        (PUB, -120, date(2015, 2, 13)),
    ],
)
def test_add_months(day: date, months: int, expected: date) -> None:
    assert add_months(day, months) == expected


def test_whole_spans() -> None:
    assert month_span(2025, 2, period="year") == TimeSpan(
        date(2025, 2, 1), date(2025, 2, 28), TimePrecision.MONTH, "year"
    )
    assert year_span(2024) == TimeSpan(date(2024, 1, 1), date(2024, 12, 31), TimePrecision.YEAR)
    assert quarter_span(2024, 4) == TimeSpan(date(2024, 10, 1), date(2024, 12, 31), TimePrecision.QUARTER)
    assert quarter_span(2024, 1).last == date(2024, 3, 31)


@pytest.mark.parametrize("day", [date(2025, 2, 10), PUB, date(2025, 2, 16)])
def test_week_runs_monday_to_sunday(day: date) -> None:
    assert week_span(day) == TimeSpan(date(2025, 2, 10), date(2025, 2, 16), TimePrecision.WEEK)


@pytest.mark.parametrize(
    ("month", "way", "year"),
    [
        (2, "", 2025),  # the publication month itself
        (12, "", 2024),  # later in the year: last year's
        (4, "future", 2025),
        (1, "future", 2026),
        (4, "nearest", 2025),  # two months ahead beats ten back
        (10, "nearest", 2024),
        (8, "nearest", 2024),  # six months either way: the earlier
    ],
)
def test_year_of_month(month: int, way: str, year: int) -> None:
    assert year_of_month(PUB, month, way) == year


@pytest.mark.parametrize(
    ("month", "day", "way", "expected"),
    [
        (2, 27, "", date(2025, 2, 27)),  # two weeks ahead beats a year back
        (1, 3, "", date(2025, 1, 3)),
        (2, 27, "past", date(2024, 2, 27)),
        (1, 3, "future", date(2026, 1, 3)),
        (2, 13, "", PUB),
        (2, 13, "future", PUB),
        (2, 29, "", date(2024, 2, 29)),
        (2, 29, "future", date(2028, 2, 29)),
    ],
)
def test_nearest_date(month: int, day: int, way: str, expected: date) -> None:
    assert nearest_date(PUB, month, day, way) == expected


def test_nearest_date_without_such_a_day() -> None:
    assert nearest_date(PUB, 2, 30, "") is None


@pytest.mark.parametrize(
    ("weekday", "how", "expected"),
    [
        (THU, "", PUB),  # the publication day when it is that weekday
        (FRI, "", date(2025, 2, 7)),
        (THU, "last", date(2025, 2, 6)),
        (FRI, "past", date(2025, 2, 7)),
        (THU, "next", date(2025, 2, 20)),
        (FRI, "coming", date(2025, 2, 14)),
        (MON, "this", date(2025, 2, 10)),
        (SUN, "this", date(2025, 2, 16)),
        (FRI, "future", date(2025, 2, 14)),
        (THU, "future", PUB),
        (SUN, "nearest", date(2025, 2, 16)),  # three days ahead
        (MON, "nearest", date(2025, 2, 10)),  # four ahead, three back
    ],
)
def test_weekday_date(weekday: int, how: str, expected: date) -> None:
    assert weekday_date(PUB, weekday, how) == expected


@pytest.mark.parametrize(
    ("part", "first", "last"),
    [
        (0, date(2025, 2, 1), date(2025, 2, 10)),
        (1, date(2025, 2, 11), date(2025, 2, 20)),
        (2, date(2025, 2, 21), date(2025, 2, 28)),
    ],
)
def test_parts_of_a_month(part: int, first: date, last: date) -> None:
    assert part_of(month_span(2025, 2), part, TimePrecision.MONTH) == TimeSpan(first, last, TimePrecision.MONTH)


def test_parts_of_a_year_and_a_decade() -> None:
    assert part_of(year_span(2024), 1, TimePrecision.YEAR) == TimeSpan(
        date(2024, 5, 1), date(2024, 8, 31), TimePrecision.YEAR
    )
    assert part_of(year_span(2024), 2, TimePrecision.YEAR).first == date(2024, 9, 1)
    nineties = TimeSpan(date(1990, 1, 1), date(1999, 12, 31), TimePrecision.RANGE)
    assert part_of(nineties, 0, TimePrecision.RANGE) == TimeSpan(
        date(1990, 1, 1), date(1993, 12, 31), TimePrecision.RANGE
    )
    assert part_of(nineties, 2, TimePrecision.RANGE).first == date(1997, 1, 1)


@pytest.mark.parametrize(
    ("n", "unit", "expected"),
    [
        (25, "hours", date(2025, 2, 11)),  # hours round up to whole days
        (3, "days", date(2025, 2, 10)),
        (3, "weeks", date(2025, 1, 23)),
        (2, "month", date(2024, 12, 13)),
        (1, "year", date(2024, 2, 13)),
        (1, "decades", date(2015, 2, 13)),
    ],
)
def test_span_back(n: int, unit: str, expected: date) -> None:
    assert span_back(PUB, n, unit) == expected


def test_span_back_from_a_leap_day() -> None:
    assert span_back(date(2024, 2, 29), 1, "year") == date(2023, 2, 28)


def test_shifted_by_a_year_keeps_whole_months() -> None:
    leap_february = month_span(2024, 2, period="year")
    assert shifted(leap_february, 1) == TimeSpan(date(2025, 2, 1), date(2025, 2, 28), TimePrecision.MONTH)
    assert shifted(month_span(2025, 2, period="year"), -1).last == date(2024, 2, 29)


def test_shifted_by_a_week() -> None:
    friday = TimeSpan(date(2025, 2, 14), date(2025, 2, 14), TimePrecision.DAY, "week")
    assert shifted(friday, -1) == TimeSpan(date(2025, 2, 7), date(2025, 2, 7), TimePrecision.DAY)
