"""Which time a figure is about, and how periods and dates are labelled.

A claim may name several times ("The JoongAng Ilbo reported on Thursday that 1,000 to 3,000 troops arrived
between January and February"); the one that belongs to a figure is chosen by :func:`figure_period`:

1. a time in the figure's own clause, the nearest one (two months joined by "and" or "to" are read as one
   range: "in January and February");
2. else the time of the statement itself, when it names a month or more ("The NIS said in January that
   about 300 had been killed": the figure is as of January). A statement's day or week ("reported on
   Thursday") says when it was made, not what the figure is about, so it is not a period. Times inside the
   speaker's own words ("The January pause had fed speculation") are not the statement's time.

Periods are compared by :func:`period_key`, which reads them at the precision that matters for a count: a
month is a month, a range that starts on the first of a month spans whole months ("since January", written
in February, is January–February, as is "between January and February"), a day is a day.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from newsdesk.types import Claim, Quantity, TimeExpression, TimePrecision

_MONTH_NAMES = "January February March April May June July August September October November December"
_MONTHS = tuple(_MONTH_NAMES.split())
_JOIN = re.compile(r"\s*(?:and|to|through|until|[-–—])\s*", re.IGNORECASE)
_REPORTING_PRECISIONS = (TimePrecision.MONTH, TimePrecision.QUARTER, TimePrecision.YEAR, TimePrecision.RANGE)

PeriodKey = tuple[str, date, date]


def _inside(t: TimeExpression, spans: tuple[tuple[int, int], ...]) -> bool:
    return any(s <= t.start and t.end <= e for s, e in spans)


def joined(text: str, times: list[TimeExpression]) -> list[TimeExpression]:
    """``times`` (in text order) with "January and February" read as one range."""
    out: list[TimeExpression] = []
    for t in sorted(times, key=lambda t: (t.start, t.end)):
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.precision is TimePrecision.MONTH
            and t.precision is TimePrecision.MONTH
            and prev.end <= t.start
            and _JOIN.fullmatch(text[prev.end : t.start])
            and t.first > prev.last
        ):
            out[-1] = TimeExpression(
                start=prev.start,
                end=t.end,
                text=text[prev.start : t.end],
                first=prev.first,
                last=t.last,
                precision=TimePrecision.RANGE,
            )
        else:
            out.append(t)
    return out


def figure_period(text: str, claim: Claim, q: Quantity, clause: tuple[int, int]) -> TimeExpression | None:
    """The time ``q`` is about (see the module docstring), or None."""
    times = joined(text, [t for t in claim.times if 0 <= t.start < t.end <= len(text)])
    inside = [t for t in times if clause[0] <= t.start and t.end <= clause[1]]
    if inside:
        return min(inside, key=lambda t: (abs((t.start + t.end) - (q.start + q.end)), t.start))
    said = [
        t
        for t in times
        if t.precision in _REPORTING_PRECISIONS
        and not _inside(t, claim.content_spans)
        and not _inside(t, claim.source_spans)
        and claim.evidence.start <= t.start < claim.evidence.end
    ]
    if said:
        return min(said, key=lambda t: abs(t.start - q.start))
    return None


def _month_start(d: date) -> bool:
    return d.day == 1


def _month_end(d: date) -> bool:
    return (d + timedelta(days=1)).day == 1


def period_key(t: TimeExpression | None) -> PeriodKey | None:
    """What makes two periods the same for comparing figures (see the module docstring)."""
    if t is None:
        return None
    if t.precision in (TimePrecision.MONTH, TimePrecision.RANGE) and _month_start(t.first):
        last = date(t.last.year, t.last.month, 1)
        return ("months", t.first, last)
    if t.precision is TimePrecision.DAY:
        return ("day", t.first, t.first)
    return ("days", t.first, t.last)


def _month(d: date) -> str:
    return f"{_MONTHS[d.month - 1]} {d.year}"


def _day(d: date, *, year: bool = True) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]}" + (f" {d.year}" if year else "")


def key_label(key: PeriodKey | None) -> str:
    """A readable label of a period key: "January 2025", "January–February 2025", "12 February 2025"."""
    if key is None:
        return ""
    kind, first, last = key
    if kind == "months":
        if (first.year, first.month) == (last.year, last.month):
            return _month(first)
        if first.year == last.year:
            return f"{_MONTHS[first.month - 1]}–{_month(last)}"
        return f"{_month(first)}–{_month(last)}"
    return span_label(first, last)


def span_label(first: date, last: date) -> str:
    """Days as read: "12 February 2025", "10–16 February 2025", "28 January – 3 February 2025"."""
    if first == last:
        return _day(first)
    if _month_start(first) and _month_end(last):
        return key_label(("months", first, date(last.year, last.month, 1)))
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{_day(last)}"
    if first.year == last.year:
        return f"{_day(first, year=False)} – {_day(last)}"
    return f"{_day(first)} – {_day(last)}"


def time_label(t: TimeExpression) -> str:
    """A readable label of a time expression at its own precision."""
    if t.precision is TimePrecision.YEAR:
        return str(t.first.year)
    if t.precision is TimePrecision.QUARTER:
        return f"Q{(t.first.month - 1) // 3 + 1} {t.first.year}"
    return span_label(t.first, t.last)
