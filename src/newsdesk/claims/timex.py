"""Time expressions in news text, normalised against the article's publication time.

A small grammar of regular expressions finds the expression; a resolver per form turns it into the first and
last day it covers, with the calendar arithmetic of :mod:`newsdesk.claims.timespans`. Relative expressions are
read against the publication date (in the publication's own time zone); without a publication time only absolute
ones ("3 January 2025", "Q3 2024", "the 1990s") are kept.

How the unsaid parts are decided:

* **Direction.** News mostly reports what has happened, so a month, weekday or quarter without a year or week
  ("in January", "Thursday", "the second quarter") means its latest occurrence not after publication: a month
  later in the year than the publication month is last year's; a weekday is the latest such day on or before
  the publication day (the publication day itself when it is that weekday). A day of a month without a year
  ("Jan. 3", "27 February", "Christmas Day") is the nearer of its occurrences before and after publication
  (the earlier on a tie): reporters drop the year for dates close to the story, on either side. The nearest
  occurrence on or after publication is taken instead when the clause before the expression looks ahead
  ("will", "would", "is expected to", "is due", "plans to", "next" …, with no past-tense verb such as "said"
  after it) or the words after it do ("in March will face"); the nearest in either direction right after
  "until"; and the latest not after publication after "since". "last"/"next" Thursday or August are the
  nearest strictly before/after; "this Thursday" is the one in the publication week.
* **Weeks** run Monday to Sunday. "the first week of February" is days 1-7; "the last week of" the final 7;
  "the weekend" is a Saturday and Sunday (week precision): the latest one, or the coming one when looking ahead.
  "N days/weeks … ago" is the day, week, month or year that far back.
* **early / mid / late** split a month into days 1-10, 11-20, 21-end (month precision) and a year into
  January-April, May-August, September-December (year precision); a decade into years 0-3, 4-6, 7-9.
* **Spans** leave out a bare "on" or "in" ("on Thursday" → "Thursday") but keep words that change the
  meaning ("last", "since", "between", "the past", "early").
* **Ranges** ("between March and May", "from 2010 to 2015", "the past two weeks", "since October", "the
  1990s", "the first half of 2024") have range precision; "since X" and "the past N weeks" run to the
  publication day.
* **Ambiguous words.** Month names count only capitalised; "March", "April", "May", "June" and "August"
  need a day, a year or a word before them that makes them a time ("in", "since", "by", "last", "early",
  "between … and", "January and" …), so "he may go", "a march" and "Theresa May" are not times. Weekday
  abbreviations ("Sun", "Wed") are never read, nor "Good Friday". "Christmas" counts only after a time
  preposition ("before Christmas"), not in "Christmas shopping". A bare year (1800-2099) needs a preposition
  ("in 2024", "by 2030"), and after "of", "for", "by" or "from" it must not be followed by a counted noun
  ("of 2000 people"); "between 1500 and 2000 troops" is no range.
* Not read: expressions anchored to another event ("a week later", "the next day"), clock times, numeric
  dates other than ISO ``2025-01-03`` (``03/01/2025`` is ambiguous), and vague spans ("recent weeks").
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, partial

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
from newsdesk.types import TimeExpression, TimePrecision

TIMEX_EXTRACTOR = "timex/1"

_P = TimePrecision


def _w(*words: str) -> str:
    """Lower-case words, also capitalised at a sentence start: ``_w("last")`` → ``(?:[Ll]ast)``."""
    return "(?:" + "|".join(f"[{w[0].upper()}{w[0]}]{w[1:]}" for w in words) + ")"


_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)(?!\w)"
_MONTH_ABBR = r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)(?:\.|(?!\w))"
_MONTH = f"(?:{_MONTH_FULL}|{_MONTH_ABBR})"
_MONTH_AMBIGUOUS = r"(?:March|April|May|June|August)(?!\w)"
_MONTH_SAFE = r"(?:January|February|July|September|October|November|December)(?!\w)"
_DAY = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\w)(?![,.:]\d)"
_YEAR = r"(?<![\d$£€#])(?:18|19|20)\d\d(?!\w)(?![,.]\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\w)"
_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
}  # fmt: skip
_NUM = r"(?:\d{1,3}|" + "|".join(sorted(set(_NUMBERS) - {"a", "an"}, key=len, reverse=True)) + ")"
_UNIT = r"(?:hours?|days?|weeks?|months?|years?|decades?)"
_REL = r"(?P<rel>[Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Cc]oming|[Tt]he\s+coming)"
_MONTHS = {name: i for i, name in enumerate(calendar.month_abbr[1:], 1)}
_WEEKDAYS = {name: i for i, name in enumerate(calendar.day_abbr)}
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    pub: date | None

    def way(self, pos: int, end: int) -> str:
        """Which occurrence the expression at ``pos:end`` means, from the words around it (see :data:`Way`):
        "future" when the clause before looks ahead ("will meet on …", "is expected to … on") or the words after
        do ("in March will face"), "nearest" right after "until", else ""."""
        window = self.text[max(0, pos - 140) : pos]
        cut = max(window.rfind(c) for c in ".;:!?\n")
        window = window[cut + 1 :]
        lower = window.lower()
        if any(cue in lower for cue in _FUTURE_CUES):
            ahead = -1
            for m in _FUTURE.finditer(lower):
                ahead = m.start()
            if ahead >= 0 and not any(
                m.start() > ahead and m.group() not in _FUTURE_ED for m in _PAST.finditer(window)
            ):
                return "future"
        if _AHEAD.match(self.text, end, end + 40):
            return "future"  # "in March will face a hearing"
        if lower.rstrip().endswith(("until", "till", "until the", "till the")) and _UNTIL.search(lower):
            return "nearest"
        return ""


_FUTURE_CUES = (
    *("will", "won", "shall", "would", "due", "expect", "schedul", "plan", "set ", "going", "intend", "aim"),
    *("is to", "are to", "upcoming", "next", "'ll", "’ll"),
)
_FUTURE = re.compile(
    r"\b(?:will|won['’]t|shall|would(?!\s+(?:not\s+)?have\b)|(?:is|are|was|were)\s+due|(?<!than\s)expected|expects?|"
    r"expecting|(?:scheduled|planned|set|plans?|planning|going|intends?|aims?|(?:is|are))\s+(?:to|for)|upcoming|next)\b"
    r"|['’]ll\b"
)
_FUTURE_ED = frozenset({"expected", "scheduled", "planned"})
_AHEAD = re.compile(r"(?:['’]s)?\s+(?:[a-z]+\s+)?(?:will|(?:is|are)\s+(?:due|expected|scheduled|set)\s+to)\b")
_UNTIL = re.compile(r"\b(?:until|till)\s+(?:the\s+)?$")
_PAST = re.compile(r"\b(?:said|says|told|was|were|had|did|[a-z]{3,}ed)\b")


# ---- words -------------------------------------------------------------------------------------------------


def _count(word: str) -> int:
    return int(word) if word.isdigit() else _NUMBERS[word.lower()]


def _mon(word: str) -> int:
    return _MONTHS[word[:3].title()]


def _wd(word: str) -> int:
    return _WEEKDAYS[word[:3]]


def _rel(word: str | None) -> str:
    return (word or "").lower().replace("the", "").strip()


# ---- resolvers: one per form; None when the form cannot be resolved ---------------------------------------

Way = Callable[[], str]
"""Gives the direction of the expression, worked out only when a resolver asks: "" (the form's default),
"past" (after "since"), "future" (the clause looks ahead) or "nearest" (after "until")."""
Resolver = Callable[[re.Match[str], _Context, Way], "TimeSpan | None"]


def _past() -> str:
    return "past"


def _iso(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    try:
        day = date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError:
        return None
    return TimeSpan(day, day, _P.DAY)


def _date(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    month, day = _mon(m["mon"]), int(re.sub(r"\D", "", m["day"]))
    if m["year"]:
        try:
            exact = date(int(m["year"]), month, day)
        except ValueError:
            return None
        return TimeSpan(exact, exact, _P.DAY)
    if ctx.pub is None:
        return None
    found = nearest_date(ctx.pub, month, day, way())
    return TimeSpan(found, found, _P.DAY, "year") if found else None


def _month_named(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    month = _mon(m["mon"])
    if m["year"]:
        return month_span(int(m["year"]), month)
    if ctx.pub is None:
        return None
    rel = _rel(m["rel"])
    if rel == "":
        return month_span(year_of_month(ctx.pub, month, way()), month, period="year")
    if m["unit"]:  # "January last year"
        return month_span(ctx.pub.year + {"last": -1, "this": 0, "next": 1}[rel], month)
    if rel in ("last", "past"):
        return month_span(ctx.pub.year - (month >= ctx.pub.month), month)
    if rel in ("next", "coming"):
        return month_span(ctx.pub.year + (month <= ctx.pub.month), month)
    return month_span(ctx.pub.year, month)


def _weekday_named(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    if ctx.pub is None:
        return None
    rel = _rel(m["rel"]) or way().replace("past", "")
    day = weekday_date(ctx.pub, _wd(m["wd"]), rel)
    return TimeSpan(day, day, _P.DAY, "" if m["rel"] else "week")


def _relative_day(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    if ctx.pub is None:
        return None
    word = m.group().lower()
    shift = -1 if word.startswith(("yesterday", "last")) else 1 if word == "tomorrow" else 0
    day = ctx.pub + timedelta(days=shift)
    return TimeSpan(day, day, _P.DAY)


def _relative_unit(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    """this/last/next week, weekend, month, quarter or year; "the weekend" is the latest one, or the next."""
    pub = ctx.pub
    if pub is None:
        return None
    rel, unit = _rel(m["rel"]), m["unit"].lower()
    shift = {"last": -1, "past": -1, "next": 1, "coming": 1}.get(rel, 0)
    if unit == "week":
        return week_span(pub + timedelta(weeks=shift))
    if unit == "weekend":
        if rel == "" and pub.weekday() < 5 and way() != "future":
            shift = -1
        saturday = pub + timedelta(days=5 - pub.weekday(), weeks=shift)
        return TimeSpan(saturday, saturday + timedelta(days=1), _P.WEEK)
    if unit == "month":
        day = add_months(pub, shift)
        return month_span(day.year, day.month)
    if unit == "quarter":
        day = add_months(pub, 3 * shift)
        return quarter_span(day.year, (day.month - 1) // 3 + 1)
    return year_span(pub.year + shift)


def _of_year(m: re.Match[str], ctx: _Context) -> int | None:
    """The year named by the ``year`` or ``when`` group ("2024", "last year", "the year"); None if neither."""
    if m["year"]:
        return int(m["year"])
    when = (m["when"] or "").lower()
    if not when or ctx.pub is None:
        return None
    return ctx.pub.year + (-1 if when.startswith("last") else 1 if when.startswith("next") else 0)


def _quarter_named(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    word = (m["ord"] or "").lower()
    quarter = int(m["q"]) if m["q"] else 4 if word in ("final", "last") else _ORDINALS[word]
    year = _of_year(m, ctx)
    if year is not None:
        return quarter_span(year, quarter)
    if ctx.pub is None or (m["when"] and not m["year"]):
        return None
    if word == "last":  # "the last quarter": the one before the publication quarter
        day = add_months(ctx.pub, -3)
        return quarter_span(day.year, (day.month - 1) // 3 + 1)
    now, ahead = (ctx.pub.month - 1) // 3 + 1, way()
    if ahead == "future" or (ahead == "nearest" and 0 < (quarter - now) % 4 < 2):
        return quarter_span(ctx.pub.year + (quarter < now), quarter, "year")
    return quarter_span(ctx.pub.year - (quarter > now), quarter, "year")


def _half(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    year = _of_year(m, ctx)
    if year is None:
        return None
    first = m["ord"].lower() == "first"
    return TimeSpan(date(year, 1 if first else 7, 1), date(year, 6, 30) if first else date(year, 12, 31), _P.RANGE)


def _week_of_month(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    month = _mon(m["mon"])
    if m["year"]:
        year = int(m["year"])
    elif ctx.pub is not None:
        year = year_of_month(ctx.pub, month, way())
    else:
        return None
    word = m["ord"].lower()
    end = month_end(year, month)
    if word in ("last", "final"):
        return TimeSpan(end - timedelta(days=6), end, _P.WEEK)
    first = date(year, month, 7 * _ORDINALS[word] - 6)
    return TimeSpan(first, first + timedelta(days=6), _P.WEEK)


def _past_span(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    if ctx.pub is None:
        return None
    n = _count(m["n"]) if m["n"] else 1
    return TimeSpan(span_back(ctx.pub, n, m["unit"].lower()), ctx.pub, _P.RANGE)


def _ago(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    if ctx.pub is None:
        return None
    unit = m["unit"].lower().rstrip("s")
    day = span_back(ctx.pub, _count(m["n"]), unit)
    if unit in ("hour", "day"):
        return TimeSpan(day, day, _P.DAY)
    if unit == "week":
        return week_span(day)
    if unit == "month":
        return month_span(day.year, day.month)
    return year_span(day.year)


def _decade(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    start = int(m["dec"]) if m["dec"] else 1900 + int(m["d2"])
    whole = TimeSpan(date(start, 1, 1), date(start + 9, 12, 31), _P.RANGE)
    return part_of(whole, _PARTS[m["mod"].lower()], _P.RANGE) if m["mod"] else whole


_PARTS = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}


def _modified(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    """early/mid/late (or the start/middle/end of) a month, a year, or this/last/next month or year."""
    part = next(_PARTS[w] for w in m["mod"].lower().split() if w in _PARTS)
    whole: TimeSpan | None
    if m["mon"]:
        whole = _month_named(m, ctx, way)
    elif m["y2"]:
        whole = year_span(int(m["y2"]))
    elif ctx.pub is None:
        return None
    else:
        unit = (m["unit"] or m["unit2"]).lower()
        shift = {"last": -1, "next": 1}.get(_rel(m["rel"]), 0)
        if unit == "year":
            whole = year_span(ctx.pub.year + shift)
        else:
            day = add_months(ctx.pub, shift)
            whole = month_span(day.year, day.month)
    return part_of(whole, part, whole.precision) if whole else None


def _year_named(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    if m["prep"] and m["prep"].lower() in ("of", "for", "by", "from") and _COUNTED.match(ctx.text, m.end()):
        return None  # "of 2000 people"
    return year_span(int(m["year"]))


_COUNTED = re.compile(
    r"\s*(?:%|percent\b|per\s+cent\b)|\s+(?:people|persons|men|women|children|police|staff|personnel)\b"
    r"|\s+(?!(?:as|was|has|is|its|this|thus|his|plus|us|always|perhaps|whereas)\b)[a-z]+s\b"
)


def _holiday(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    name = m["t"].lower()
    month, day = (12, 24 if "eve" in name else 25) if name.startswith("christmas") else (1, 1)
    if name.startswith("new") and "eve" in name:
        month, day = 12, 31
    found = nearest_date(ctx.pub, month, day, way()) if ctx.pub else None
    return TimeSpan(found, found, _P.DAY, "year") if found else None


def _month_after_month(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    """ "March" after "January and" / "or": a month only when a month precedes."""
    if m["prep"].lower() in ("and", "or") and not _MONTH_BEFORE.search(ctx.text, max(0, m.start() - 14), m.start()):
        return None
    return _month_named(m, ctx, way)


_MONTH_BEFORE = re.compile(_MONTH + r",?\s*$")


# ---- the grammar -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    pattern: str
    resolve: Resolver
    span: str = ""  # the group that is the expression, when the pattern also reads a word before it
    opens: str = ""  # the words it can begin with, lower-case; "#" a digit, "M" a month, "W" a weekday

    def openers(self) -> set[str]:
        return set(self.opens.split())


_REL_OPENERS = "last next this past coming the"


_CONTEXT_MONTH = _w("in", "since", "until", "till", "by", "before", "after", "during", "through", "from") + "|and|or"
_CONTEXT_YEAR = _w("in", "since", "until", "till", "by", "before", "after", "during", "through", "throughout")
_CONTEXT_YEAR += "|" + _w("from", "of", "for")
_CONTEXT_HOLIDAY = _w("on", "at", "before", "after", "since", "until", "till", "by", "over", "around", "during")

_DATE_RULES = [
    _Rule("iso", r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?!\d)", _iso, opens="#"),
    _Rule(
        "md", rf"(?:{_WEEKDAY},?\s+)?(?P<mon>{_MONTH})\s*(?P<day>{_DAY})(?:,?\s+(?P<year>{_YEAR}))?", _date, opens="M W"
    ),
    _Rule(
        "dm",
        rf"(?:{_WEEKDAY},?\s+)?(?:the\s+)?(?<![\d,.])(?P<day>{_DAY})(?:\s+of)?\s+(?P<mon>{_MONTH})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?",
        _date,
        opens="# W the",
    ),
    _Rule(
        "my",
        rf"(?P<mon>{_MONTH})(?:\s+of)?,?\s+(?:(?P<year>{_YEAR})|(?P<rel>last|this|next)\s+(?P<unit>year)\b)",
        _month_named,
        opens="M",
    ),
]
_RELATIVE_RULES = [
    _Rule(
        "weekofmonth",
        rf"\b[Tt]he\s+(?P<ord>first|second|third|fourth|last|final)\s+week\s+of\s+(?P<mon>{_MONTH})"
        rf"(?:,?\s+(?P<year>{_YEAR}))?",
        _week_of_month,
        opens="the",
    ),
    _Rule(
        "quarter",
        r"\b(?:[Tt]he\s+)?(?P<ord>first|second|third|fourth|final|last|1st|2nd|3rd|4th)[\s-]+quarter\b(?P<q>(?!))?"
        rf"(?:\s+of\s+(?:(?P<year>{_YEAR})|(?P<when>(?:last|this|next|the)\s+year\b)))?(?!\s+of\b)",
        _quarter_named,
        opens="the first second third fourth final last #",
    ),
    _Rule(
        "q",
        rf"\bQ(?P<q>[1-4])(?:,?\s+(?P<year>{_YEAR}))?(?!\w)(?P<ord>(?!))?(?P<when>(?!))?",
        _quarter_named,
        opens="q",
    ),
    _Rule(
        "half",
        rf"\b[Tt]he\s+(?P<ord>first|second)\s+half\s+of\s+"
        rf"(?:(?P<year>{_YEAR})|(?P<when>(?:last|this|next|the)\s+year))",
        _half,
        opens="the",
    ),
    _Rule(
        "pastspan",
        rf"\b[Tt]he\s+(?:past|last)\s+(?:(?P<n>{_NUM})\s+)?(?P<unit>{_UNIT})\b",
        _past_span,
        opens="the",
    ),
    _Rule("ago", rf"\b(?P<n>{_NUM}|[Aa]n?)\s+(?P<unit>{_UNIT})\s+ago\b", _ago, opens="# " + " ".join(_NUMBERS)),
    _Rule(
        "decade",
        r"\b(?:[Tt]he\s+)?(?:(?P<mod>early|mid|late)(?:-|\s+))?(?:(?P<dec>(?:18|19|20)\d0)s|['’](?P<d2>[3-9]0)s)\b",
        _decade,
        opens="the # ' early mid late",
    ),
    _Rule(
        "modified",
        r"\b(?P<mod>[Ee]arly|[Mm]id|[Ll]ate|[Tt]he\s+(?:end|beginning|start|middle)\s+of)(?:-|\s+)(?:"
        rf"(?P<mon>{_MONTH})(?:,?\s+(?P<year>{_YEAR}))?|(?P<y2>{_YEAR})"
        r"|(?P<rel>last|this|next)\s+(?P<unit>year|month)\b|the\s+(?P<unit2>year|month)\b)",
        _modified,
        opens="early mid late the",
    ),
    _Rule("relweekday", rf"\b{_REL}\s+(?P<wd>{_WEEKDAY})", _weekday_named, opens=_REL_OPENERS),
    _Rule(
        "relmonth",
        rf"\b{_REL}\s+(?P<mon>{_MONTH_FULL})(?P<year>(?!))?(?P<unit>(?!))?",
        _month_named,
        opens=_REL_OPENERS,
    ),
    _Rule(
        "relday",
        r"\b(?:[Tt]oday|[Yy]esterday|[Tt]omorrow|[Tt]onight|[Tt]his\s+(?:morning|afternoon|evening)|[Ll]ast\s+night)\b",
        _relative_day,
        opens="today yesterday tomorrow tonight this last",
    ),
    _Rule("relunit", rf"\b{_REL}\s+(?P<unit>week|weekend|month|quarter|year)\b", _relative_unit, opens=_REL_OPENERS),
    _Rule("weekend", r"\b(?P<rel>(?!))?[Tt]he\s+(?P<unit>weekend)\b", _relative_unit, opens="the"),
    _Rule(
        "holiday",
        r"\b(?P<t>Christmas\s+(?:Day|Eve)|New\s+Year['’]s\s+(?:Day|Eve))\b",
        _holiday,
        opens="christmas new",
    ),
]
_NOT_WEEKDAY = "".join(f"(?<!{w} )" for w in ("Good", "Black", "Ash", "Super", "Bloody", "Cyber", "Holy", "Easter"))
_WEEKDAY_RULE = _Rule("weekday", rf"\b{_NOT_WEEKDAY}(?P<rel>(?!))?(?P<wd>{_WEEKDAY})", _weekday_named, opens="W")
_NONE = "(?P<rel>(?!))?(?P<year>(?!))?(?P<unit>(?!))?"

_SINGLE_RULES = [
    *_DATE_RULES,
    *_RELATIVE_RULES,
    _Rule(
        "holidayctx",
        rf"\b(?:{_CONTEXT_HOLIDAY})\s+(?P<t>Christmas)\b(?!\s+(?:Day|Eve)\b)",
        _holiday,
        "t",
        opens="on at before after since until till by over around during",
    ),
    _WEEKDAY_RULE,
    _Rule("month", rf"\b{_NONE}(?P<mon>{_MONTH_SAFE})", _month_named, opens="M"),
    _Rule(
        "monthctx",
        rf"\b(?P<prep>{_CONTEXT_MONTH})\s+{_NONE}(?P<t>(?P<mon>{_MONTH_AMBIGUOUS}))"
        rf"(?!\s*{_DAY}|,?\s+{_YEAR}|(?:\s+of)?\s+(?:last|this|next)\s+year)",
        _month_after_month,
        "t",
        opens="in since until till by before after during through from and or",
    ),
    _Rule(
        "yearctx",
        rf"\b(?P<prep>{_CONTEXT_YEAR})\s+(?P<t>(?P<year>{_YEAR}))(?!\s*(?:%|percent))",
        _year_named,
        "t",
        opens="in since until till by before after during through throughout from of for",
    ),
]
# What may stand after "since" or on either side of a range: any single form, with any month and any year.
_POINT_RULES = [
    *_DATE_RULES,
    *_RELATIVE_RULES,
    _Rule("holidayany", r"\b(?P<t>Christmas)\b", _holiday),
    _WEEKDAY_RULE,
    _Rule("monthany", rf"\b{_NONE}(?P<mon>{_MONTH_FULL})", _month_named),
    _Rule("yearany", rf"(?P<prep>(?!))?\b(?P<year>{_YEAR})", _year_named),
]


_OPENER_WORDS = """between from since the early mid late last next this past coming today yesterday tomorrow tonight
    in until till by before after during through throughout of for and or on at over around a an first second
    third fourth final one two three four five six seven eight nine ten eleven twelve fifteen twenty
    thirty""".split()  # noqa: SIM905 (one word list, easier to read as text)
_OPENER_LITERALS = [
    *"0123456789'’",
    *calendar.month_abbr[1:],
    *calendar.day_abbr,
    "New",
    "Christmas",
    "Q",
    *(w.capitalize() for w in _OPENER_WORDS),
    *_OPENER_WORDS,
]
_OPENER = re.compile(
    r"(?<![\w'’.-])(?:[\d'’]|"
    + "|".join([*calendar.month_abbr[1:], *calendar.day_abbr, "New", "Christmas", "Q(?=[1-4])"])
    + "|(?:"
    + "|".join(w.capitalize() + "|" + w for w in _OPENER_WORDS)
    + r")(?![a-z]))"
)


class _Grammar:
    """Rules tried in order at each position (the first that matches wins), as one compiled alternation."""

    def __init__(self, rules: list[_Rule]) -> None:
        self.rules = {r.name: r for r in rules}
        self.detailed = {r.name: re.compile(r.pattern) for r in rules}
        self.bare = "(?:" + "|".join(_unnamed(r.pattern) for r in rules) + ")"
        by_key = {
            key: re.compile("|".join(f"(?P<{r.name}>{_unnamed(r.pattern)})" for r in rules if key in r.openers()))
            for key in set().union(*(r.openers() for r in rules))
        }
        self.by_opener: dict[str, re.Pattern[str]] = {}
        for word in _OPENER_LITERALS:
            if word[0].isdigit():
                key = "#"
            elif word in "'’":
                key = "'"
            elif word in _MONTHS:
                key = "M"
            elif word in _WEEKDAYS:
                key = "W"
            else:
                key = word.lower()
            if key in by_key:
                self.by_opener[word] = by_key[key]

    @cached_property
    def compiled(self) -> re.Pattern[str]:
        """All rules as one alternation, each in a group named after it."""
        return re.compile("|".join(f"(?P<{r.name}>{_unnamed(r.pattern)})" for r in self.rules.values()))

    def at(self, text: str, start: int, stop: int, opener: str) -> re.Match[str] | None:
        """The expression that begins at ``start`` with ``opener`` (as :data:`_OPENER` found it), if any."""
        pattern = self.by_opener.get(opener)
        return pattern.match(text, start, stop) if pattern else None

    def read(self, ctx: _Context, start: int, end: int, way: Way | None) -> tuple[int, int, TimeSpan] | None:
        """The one expression that spans exactly ``text[start:end]``."""
        m = self.compiled.fullmatch(ctx.text, start, end)
        return self.resolve(m, ctx, way) if m else None

    def resolve(self, m: re.Match[str], ctx: _Context, way: Way | None = None) -> tuple[int, int, TimeSpan] | None:
        name = m.lastgroup or ""
        rule = self.rules[name]
        detailed = self.detailed[name].fullmatch(ctx.text, m.start(), m.end())
        if detailed is None:
            return None
        start, end = detailed.span(rule.span) if rule.span else detailed.span()
        try:
            found = rule.resolve(detailed, ctx, way or partial(ctx.way, start, end))
        except (ValueError, OverflowError):  # "999 decades ago": before year 1
            return None
        if found is None:
            return None
        return start, end, found


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


_POINTS = _Grammar(_POINT_RULES)


def _since(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    point = _POINTS.read(ctx, *m.span("p"), way=_past)
    if point is None or ctx.pub is None or point[2].first > ctx.pub:
        return None
    return TimeSpan(point[2].first, ctx.pub, _P.RANGE)


def _range(m: re.Match[str], ctx: _Context, way: Way) -> TimeSpan | None:
    a, b = _POINTS.read(ctx, *m.span("a"), way=way), _POINTS.read(ctx, *m.span("b"), way=way)
    if a is None or b is None:
        return None
    first, last = a[2], b[2]
    if first.precision is _P.YEAR and _COUNTED.match(ctx.text, m.end()):
        return None  # "between 1500 and 2000 troops"
    if first.first > last.first and first.period:
        first = shifted(first, -1)
    elif first.first > last.first and last.period:
        last = shifted(last, 1)
    if first.first > last.last:
        return None
    return TimeSpan(first.first, last.last, _P.RANGE)


_TOP = _Grammar(
    [
        _Rule(
            "range",
            rf"\b(?:[Bb]etween|[Ff]rom)\s+(?P<a>{_POINTS.bare})(?:\s+(?:and|to|until|till|through)\s+|\s*[-–—]\s*)"
            rf"(?P<b>{_POINTS.bare})",
            _range,
            opens="between from",
        ),
        _Rule("since", rf"\b[Ss]ince\s+(?P<p>{_POINTS.bare})", _since, opens="since"),
        *_SINGLE_RULES,
    ]
)


# Every expression holds a month name, a year, or one of the words below ("day" is in every weekday): the grammar
# is tried only at the few words before each such anchor that can begin an expression, which is far cheaper
# than trying it at every position of the text.
_MONTH_ANCHOR = re.compile("|".join(calendar.month_abbr[1:]))
_QUARTER_ANCHOR = re.compile("Q[1-4]")
_WORD_ANCHORS: tuple[str, ...] = ("day", "week", "month", "year", "quarter", "decade", "hour", "night", "tomorrow")
_WORD_ANCHORS += ("morning", "afternoon", "evening", "christmas", "0s")
_LOOKBACK = 6  # words: "since the start of the year" reaches five words back from "year"


def _anchors(text: str, start: int, stop: int) -> list[int]:
    hits = {m.start() for m in _MONTH_ANCHOR.finditer(text, start, stop)}
    hits.update(m.start() for m in _QUARTER_ANCHOR.finditer(text, start, stop))
    for century in ("18", "19", "20"):  # a year: four digits
        i = text.find(century, start, stop)
        while i >= 0:
            if text[i : i + 4].isdigit():
                hits.add(i)
            i = text.find(century, i + 1, stop)
    lower = text.lower()
    for word in _WORD_ANCHORS:
        i = lower.find(word, start, stop)
        while i >= 0:
            hits.add(i)
            i = lower.find(word, i + 1, stop)
    return sorted(hits)


def find_times(text: str, published: datetime | None, start: int = 0, end: int | None = None) -> list[TimeExpression]:
    """The time expressions in ``text[start:end]``, in text order, with offsets into ``text``.

    Relative expressions are resolved against the date of ``published`` (in its own time zone) and skipped
    when it is None.
    """
    ctx = _Context(text, published.date() if published is not None else None)
    stop = len(text) if end is None else end
    out: list[TimeExpression] = []
    cursor = start
    tried: set[int] = set()
    for hit in _anchors(text, start, stop):
        if hit < cursor:
            continue
        opening = [w for w in _OPENER.finditer(text, max(cursor, hit - 36), min(stop, hit + 12)) if w.start() <= hit]
        for w in opening[-_LOOKBACK:]:
            s = w.start()
            if s < cursor or s in tried:
                continue
            tried.add(s)
            m = _TOP.at(text, s, stop, w.group())
            found = _TOP.resolve(m, ctx) if m else None
            if m and found:
                first, last, t = found
                out.append(TimeExpression(first, last, text[first:last], t.first, t.last, t.precision))
                cursor = m.end()
    return out
