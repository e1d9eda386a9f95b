"""Time expressions normalised against a fixed publication time: Thursday 13 February 2025, 10:00 UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsdesk.claims.timex import TIMEX_EXTRACTOR, find_times
from newsdesk.types import TimeExpression, TimePrecision

PUB = datetime(2025, 2, 13, 10, 0, tzinfo=UTC)  # a Thursday
D, W, M, Q, Y, R = (
    TimePrecision.DAY,
    TimePrecision.WEEK,
    TimePrecision.MONTH,
    TimePrecision.QUARTER,
    TimePrecision.YEAR,
    TimePrecision.RANGE,
)


def only(text: str, published: datetime | None = PUB) -> TimeExpression:
    found = find_times(text, published)
    assert len(found) == 1, found
    return found[0]


def summary(t: TimeExpression) -> tuple[str, date, date, TimePrecision]:
    return t.text, t.first, t.last, t.precision


CASES = [
    # months without a year: the latest one not after the publication month
    ("The NIS said in January that 300 had died.", "January", date(2025, 1, 1), date(2025, 1, 31), M),
    ("Rates were cut in December.", "December", date(2024, 12, 1), date(2024, 12, 31), M),
    ("The talks broke down in May.", "May", date(2024, 5, 1), date(2024, 5, 31), M),
    ("They met in February.", "February", date(2025, 2, 1), date(2025, 2, 28), M),
    ("The bank will meet again in April.", "April", date(2025, 4, 1), date(2025, 4, 30), M),
    ("a cross-border offensive last August", "last August", date(2024, 8, 1), date(2024, 8, 31), M),
    ("the vote in May last year", "May last year", date(2024, 5, 1), date(2024, 5, 31), M),
    # absolute dates and months
    ("It began in January 2025.", "January 2025", date(2025, 1, 1), date(2025, 1, 31), M),
    ("He left on 3 January 2025.", "3 January 2025", date(2025, 1, 3), date(2025, 1, 3), D),
    ("Filed 2025-01-03 at noon.", "2025-01-03", date(2025, 1, 3), date(2025, 1, 3), D),
    ("Thursday, Feb. 13, 2025", "Thursday, Feb. 13, 2025", date(2025, 2, 13), date(2025, 2, 13), D),
    ("the invasion in February 2022", "February 2022", date(2022, 2, 1), date(2022, 2, 28), M),
    # a day and month without a year: the nearer of the two candidates
    ("It was signed on Jan. 3.", "Jan. 3", date(2025, 1, 3), date(2025, 1, 3), D),
    ("It was signed on Dec. 20.", "Dec. 20", date(2024, 12, 20), date(2024, 12, 20), D),
    ("the rate falls from Feb. 21", "Feb. 21", date(2025, 2, 21), date(2025, 2, 21), D),
    ("the Sept. 11 attacks", "Sept. 11", date(2024, 9, 11), date(2024, 9, 11), D),
    ("the 3rd of May", "the 3rd of May", date(2025, 5, 3), date(2025, 5, 3), D),
    # weekdays: the latest on or before publication, unless the clause looks ahead
    ("The agency said on Thursday.", "Thursday", date(2025, 2, 13), date(2025, 2, 13), D),
    ("The agency said on Wednesday.", "Wednesday", date(2025, 2, 12), date(2025, 2, 12), D),
    ("The agency said on Friday.", "Friday", date(2025, 2, 7), date(2025, 2, 7), D),
    ("They met last Thursday.", "last Thursday", date(2025, 2, 6), date(2025, 2, 6), D),
    ("They meet next Monday.", "next Monday", date(2025, 2, 17), date(2025, 2, 17), D),
    ("The talks will be held on Tuesday.", "Tuesday", date(2025, 2, 18), date(2025, 2, 18), D),
    ("The ship is expected to reach the site, 38 km off the coast, on Tuesday.", "Tuesday", date(2025, 2, 18), None, D),
    ("Talks will continue, officials said on Monday.", "Monday", date(2025, 2, 10), date(2025, 2, 10), D),
    ("The visit was put off until Friday.", "Friday", date(2025, 2, 14), date(2025, 2, 14), D),
    ("The visit was postponed until March.", "March", date(2025, 3, 1), date(2025, 3, 31), M),
    ("The party, which in March will face a hearing", "March", date(2025, 3, 1), date(2025, 3, 31), M),
    # relative days, weeks, months, years
    ("It rained today.", "today", date(2025, 2, 13), date(2025, 2, 13), D),
    ("It rained yesterday.", "yesterday", date(2025, 2, 12), date(2025, 2, 12), D),
    ("It rains tomorrow.", "tomorrow", date(2025, 2, 14), date(2025, 2, 14), D),
    ("Shots were heard last night.", "last night", date(2025, 2, 12), date(2025, 2, 12), D),
    ("It was said this week.", "this week", date(2025, 2, 10), date(2025, 2, 16), W),
    ("It was said last week.", "last week", date(2025, 2, 3), date(2025, 2, 9), W),
    ("They meet next week.", "next week", date(2025, 2, 17), date(2025, 2, 23), W),
    ("They met over the weekend.", "the weekend", date(2025, 2, 8), date(2025, 2, 9), W),
    ("back from the first week of February", "the first week of February", date(2025, 2, 1), date(2025, 2, 7), W),
    ("in the last week of January", "the last week of January", date(2025, 1, 25), date(2025, 1, 31), W),
    ("It was said last month.", "last month", date(2025, 1, 1), date(2025, 1, 31), M),
    ("It grew last year.", "last year", date(2024, 1, 1), date(2024, 12, 31), Y),
    ("It grew this year.", "this year", date(2025, 1, 1), date(2025, 12, 31), Y),
    ("It will grow next year.", "next year", date(2026, 1, 1), date(2026, 12, 31), Y),
    ("It grew in 2024.", "2024", date(2024, 1, 1), date(2024, 12, 31), Y),
    ("It happened two days ago.", "two days ago", date(2025, 2, 11), date(2025, 2, 11), D),
    ("It happened a year ago.", "a year ago", date(2024, 1, 1), date(2024, 12, 31), Y),
    # parts of months and years
    ("It began in early March.", "early March", date(2024, 3, 1), date(2024, 3, 10), M),
    ("It began in mid-January.", "mid-January", date(2025, 1, 11), date(2025, 1, 20), M),
    ("It ends in late 2024.", "late 2024", date(2024, 9, 1), date(2024, 12, 31), Y),
    ("It ends by the end of 2025.", "the end of 2025", date(2025, 9, 1), date(2025, 12, 31), Y),
    ("figures published late last month", "late last month", date(2025, 1, 21), date(2025, 1, 31), M),
    # quarters and halves
    ("Output fell in the second quarter.", "the second quarter", date(2024, 4, 1), date(2024, 6, 30), Q),
    ("Output fell in Q3 2024.", "Q3 2024", date(2024, 7, 1), date(2024, 9, 30), Q),
    ("in the third quarter of last year", "the third quarter of last year", date(2024, 7, 1), date(2024, 9, 30), Q),
    ("in the first half of 2024", "the first half of 2024", date(2024, 1, 1), date(2024, 6, 30), R),
    # ranges
    ("arrived between March and May", "between March and May", date(2024, 3, 1), date(2024, 5, 31), R),
    ("between November and February", "between November and February", date(2024, 11, 1), date(2025, 2, 28), R),
    ("arrived between January and February", "between January and February", date(2025, 1, 1), date(2025, 2, 28), R),
    ("He ruled from 2010 to 2015.", "from 2010 to 2015", date(2010, 1, 1), date(2015, 12, 31), R),
    ("from Monday to Wednesday", "from Monday to Wednesday", date(2025, 2, 10), date(2025, 2, 12), R),
    ("over the past two weeks", "the past two weeks", date(2025, 1, 30), date(2025, 2, 13), R),
    ("in the past 24 hours", "the past 24 hours", date(2025, 2, 12), date(2025, 2, 13), R),
    ("held since October", "since October", date(2024, 10, 1), date(2025, 2, 13), R),
    ("closed since Christmas", "since Christmas", date(2024, 12, 25), date(2025, 2, 13), R),
    ("thousands of shootings since March 1st", "since March 1st", date(2024, 3, 1), date(2025, 2, 13), R),
    ("back in combat since the first week of February", "since the first week of February", date(2025, 2, 1), None, R),
    ("music of the 1990s", "the 1990s", date(1990, 1, 1), date(1999, 12, 31), R),
    ("in the early 1990s", "the early 1990s", date(1990, 1, 1), date(1993, 12, 31), R),
]


@pytest.mark.parametrize(("text", "span", "first", "last", "precision"), CASES, ids=[c[1] for c in CASES])
def test_forms(text: str, span: str, first: date, last: date | None, precision: TimePrecision) -> None:
    found = only(text)
    assert found.text == span
    assert text[found.start : found.end] == span
    assert found.first == first
    assert found.last == (last or (PUB.date() if precision is R else first))
    assert found.precision is precision


@pytest.mark.parametrize(
    "text",
    [
        "he may go",
        "May I ask a question?",
        "They joined a march on the capital.",
        "March on, the general said.",
        "Theresa May spoke.",
        "Johnson and May met.",
        "Will Smith arrived.",
        "The Sun reported it.",
        "He came second in the race.",
        "It lost a quarter of its value.",
        "a week later",
        "the next day",
        "the previous week",
        "in recent weeks",
        "Good Friday",
        "Christmas shopping",
        "They played the first quarter of the match.",
        "between 1500 and 2000 troops",
        "the lives of 2000 people",
        "it rose 5.5 percent",
    ],
)
def test_not_times(text: str) -> None:
    assert find_times(text, PUB) == []


def test_month_and_month() -> None:
    found = find_times("soldiers carried to Russia in January and March", PUB)
    assert [summary(t) for t in found] == [
        ("January", date(2025, 1, 1), date(2025, 1, 31), M),
        ("March", date(2024, 3, 1), date(2024, 3, 31), M),
    ]


def test_several_in_text_order_with_offsets() -> None:
    text = "The NIS said on Wednesday that troops had returned in early February, after arriving last August."
    found = find_times(text, PUB)
    assert [t.text for t in found] == ["Wednesday", "early February", "last August"]
    assert all(text[t.start : t.end] == t.text for t in found)


def test_start_and_end_limit_the_search_but_offsets_stay_in_the_text() -> None:
    text = "Yesterday it rained. On Monday it snowed. Last week it was dry."
    found = find_times(text, PUB, start=21, end=41)
    assert [(t.text, t.start) for t in found] == [("Monday", 24)]


def test_publication_day_is_read_in_its_own_time_zone() -> None:
    late_evening = datetime(2025, 2, 12, 23, 30, tzinfo=timezone(timedelta(hours=-5)))  # 13 Feb in UTC
    assert only("It rained today.", late_evening).first == date(2025, 2, 12)


def test_without_publication_only_absolute_times() -> None:
    text = (
        "On Thursday, in January, last week and since October, and in 2024, on 3 January 2025, in Q3 2024, "
        "from 2010 to 2015 and in the 1990s."
    )
    found = find_times(text, None)
    assert [summary(t) for t in found] == [
        ("2024", date(2024, 1, 1), date(2024, 12, 31), Y),
        ("3 January 2025", date(2025, 1, 3), date(2025, 1, 3), D),
        ("Q3 2024", date(2024, 7, 1), date(2024, 9, 30), Q),
        ("from 2010 to 2015", date(2010, 1, 1), date(2015, 12, 31), R),
        ("the 1990s", date(1990, 1, 1), date(1999, 12, 31), R),
    ]


def test_leap_day_without_year_is_the_latest_29_february() -> None:
    assert only("It was signed on Feb. 29.").first == date(2024, 2, 29)


def test_invalid_dates_are_dropped() -> None:
    assert find_times("on 2025-02-30 and on Feb. 30, 2025", PUB) == []


def test_extractor_name_is_versioned() -> None:
    name, _, version = TIMEX_EXTRACTOR.partition("/")
    assert name == "timex"
    assert version.isdigit()
