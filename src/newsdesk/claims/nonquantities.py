"""Numbers that are not quantities: dates, clock times, years, ordinals, decades, model numbers and ids.

:func:`not_a_quantity` says why a number found by :func:`newsdesk.claims.numbers.find_numbers` is no
quantity, or returns ``""`` when it may be one. It looks only at the characters around the number:

* dates: a day next to a month name ("February 11", "Sept. 11", "8 July 2021"), ISO dates ("2025-01-03"),
  slashed dates ("3/4/2020");
* years: a bare four-digit whole number from 1000 to 2199 ("in 2019", "between 1600 and 1900"), unless a
  unit or a currency comes with it or an approximation precedes it ("about 1500 people"); seasons
  ("2019-20") and decades ("the 1990s");
* clock times: "3 p.m.", "10:27 PM", "10.45pm", "5am";
* ordinals: "1st", "96th-minute" (ordinal words such as "first" or "third quarter" are never read as numbers,
  except "a third" / "two-thirds" as fractions);
* ids and model numbers: digits glued to letters ("G7", "COVID-19", "A2"), a number after a name or a
  reference word ("Boeing 737", "iPhone 11", "Article 5", "Route 66", "No. 1"), versions and addresses
  ("1.2.3", "575 Wilbraham Road"), phone numbers ("555-123-4567"), digit strings longer than ten; (a number
  before a capitalised name with no counted noun, "11 Pro Max", is dropped in :mod:`~newsdesk.claims.quantities`);
* a person's age in apposition ("Senard, 65, said"), which NewsQuant mostly leaves out;
* a word number used as a pronoun ("each one", "the same one") or a spelled-out number joined to a time
  unit as an adjective ("a five-year plan"), which NewsQuant leaves out.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from newsdesk.claims.lexicon import lexicon
from newsdesk.claims.numbers import Number

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
MONTHS = frozenset(
    {"jan", "january", "feb", "february", "mar", "march", "apr", "april", "may", "jun", "june", "jul", "july"}
    | {"aug", "august", "sep", "sept", "september", "oct", "october", "nov", "november", "dec", "december"}
)
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?(?:[ \t]+of)?[ \t]+(?i:{_MONTH})\b")
_CLOCK_AFTER = re.compile(r"(?::\d\d|[ \t]?(?:[ap]\.?m\b\.?|[AP]\.?M\b\.?|o['’]clock\b))")
_ORDINAL = re.compile(r"(?:st|nd|rd|th)\b", re.I)
_DECADE = re.compile(r"'?s\b")
_ISO_DATE = re.compile(r"[-/.]\d{1,2}[-/.]\d{1,4}\b")
_DATE_TAIL = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]$")
_PRONOUN_AFTER = re.compile(r"[ \t]+(?:another|by[ \t]+one|can|could|would|should|must|may|might|will|shall)\b")
_DATE_MIDDLE = re.compile(r"[-/]\d{1,2}\b")
_PHONE_TAIL = re.compile(r"(?<![\d,])\d{3}[-.)][ \t]?$")
_SLASH_AFTER = re.compile(r"[/⁄]\d")
_VERSION = re.compile(r"\.\d")
_PHONE = re.compile(r"[-.][ \t]?\d{3,4}\b|\)[ \t]?\d{3}")
_STREET = re.compile(
    r"(?:[-–]\d+[A-Za-z]?)?(?:[ \t]+(?:[A-Z][\w'’.-]*|\d+(?:st|nd|rd|th))){1,3}[ \t]+"
    r"(?:Street|St|Avenue|Ave|Road|Rd|Way|Boulevard|Blvd|Lane|Ln|Drive|Dr|Place|Pl|Court|Ct|Square|Sq|Terrace"
    r"|Highway|Hwy|Parkway|Pkwy|Crescent|Close)\b\.?"
)
_SEASON = re.compile(r"[-–/]\d{2}(?:\d{2})?\b")
_CLOCK_STARTS = frozenset(": \tapAPo")
_GLUED_ID = re.compile(r"[A-Za-z]+\d|[A-Za-z]{2,}\b")
_GLUED_OK = re.compile(r"(?:st|nd|rd|th|s)\b")
_CLOSING = re.compile(r"[ \t]?\)")
_AFTER_APPOSITION = re.compile(r"[ \t]?[,―—–][ \t]+(?:[a-z]|[A-Z][a-z]*ed\b)")
_HYPHEN_TIME = re.compile(r"-(?:year|month|week|day|hour|minute|second|time|off|on-one|way|sided|party)s?\b", re.I)

_LEXICON = lexicon()
OPEN_WORDS = _LEXICON.open_words
REFERENCE_WORDS = _LEXICON.reference_words
_ORDINAL_WORDS = _LEXICON.ordinal_words
_PRONOUN_ONE = _LEXICON.pronoun_one


def _prev_word(text: str, pos: int, floor: int) -> str:
    """The word before ``pos`` when a space separates it from ``pos``, else ""."""
    window = text[max(floor, pos - 30) : pos]
    if not window or not window[-1].isspace():
        return ""
    words = window.split()
    return words[-1] if words else ""


def _glued_left(text: str, num: Number, floor: int, money_start: int | None) -> str:
    """Why letters or digits glued before the number make it an id, or ""."""
    i = num.start
    if i <= floor or money_start is not None:
        return ""
    ch = text[i - 1]
    if ch.isalpha() or ch == "_":
        return "id"
    if ch == "-" and i - 2 >= floor and text[i - 2].isalnum():
        m = re.search(r"(\w*[A-Za-z]\w*)-$", text[max(floor, i - 20) : i])
        if m is None:
            return ""
        word = m.group(1) if m else ""
        if word.lower() in ("sub", "over", "under", "now", "mid", "about", "around", "some", "nearly", "to", "roughly"):
            return ""
        return "id"
    if ch in "#№":
        return "id"
    return ""


def not_a_quantity(
    text: str,
    num: Number,
    floor: int,
    stop: int,
    *,
    has_unit: bool,
    money_start: int | None,
    qualified: Callable[[], bool],
) -> str:
    """Why ``num`` is not a quantity ("date", "year", "time", "ordinal", "id", "age", …), or ``""``."""
    start, end = (money_start if money_start is not None else num.start), num.end
    before = text[max(floor, start - 24) : start]
    after = text[end : min(stop, end + 24)]
    raw = text[num.start : num.end]
    reason = _glued_left(text, num, floor, money_start)
    if reason:
        return reason
    if num.spelled:
        return _spelled(text, num, floor, before, after, has_unit)
    glued = before[-1:] if before and not before[-1].isspace() else ""
    digit_before = len(before) > 1 and before[-2].isdigit()
    head = after[:1]
    if (head in _CLOCK_STARTS and _CLOCK_AFTER.match(after)) or (glued == ":" and digit_before):
        return "time"
    if raw.isdigit() and len(raw) > 10 and money_start is None:
        return "id"  # "tweet_id=778257943577919488"
    if head.isalpha():
        if not has_unit and _GLUED_ID.match(after) and not _GLUED_OK.match(after):
            return "id"  # "24703L202", "9AB8"
        if _ORDINAL.match(after) and raw.isdigit():
            return "ordinal"
        if _DECADE.match(after) and not has_unit:
            return "decade"
    elif head == "'" and _DECADE.match(after) and not has_unit:
        return "decade"
    if head in " )" and _CLOSING.match(after) and "(" not in before and not has_unit and money_start is None:
        return "list"  # "2 ) cautions that …": an item number
    if (head in "-/." and _ISO_DATE.match(after)) or (glued in ("-", "/", ".") and _DATE_TAIL.search(before[-10:])):
        return "date"
    if glued in ("-", "/") and _DATE_MIDDLE.match(after) and before[-5:-1].isdigit():
        return "date"  # the month of "2025-01-03"
    if (not num.fraction and head in "/⁄" and _SLASH_AFTER.match(after)) or (glued in ("/", "⁄") and digit_before):
        return "id"
    if (head == "." and _VERSION.match(after)) or (glued == "." and digit_before):
        return "id"
    phone = (head in "-.)" and _PHONE.match(after)) or (glued in "-.)" and glued and _PHONE_TAIL.search(before[-6:]))
    if phone and not has_unit and money_start is None:
        return "id"
    words = before.split() if before[-1:].isspace() else []
    prev = words[-1] if words else ""
    is_day = num.is_integer and 1 <= num.value <= 31 and raw.isdigit()
    if not has_unit and (is_day or _is_year(num, raw)) and words:
        at = len(words) - 1 if prev.lower() != "the" or len(words) < 2 else len(words) - 2
        month = words[at].rstrip(".,")
        if month.lower() in MONTHS and not _ambiguous_month(month, words[at - 1] if at > 0 else ""):
            return "date"
    month_after = _MONTH_AFTER.match(after) if is_day and not has_unit else None
    if month_after and not _ambiguous_month(re.findall(r"[A-Za-z]+", month_after.group())[-1], prev):
        return "date"
    if _is_year(num, raw) and not has_unit and money_start is None and not qualified():
        return "year"
    if not has_unit and money_start is None and _SEASON.match(after) and _is_year(num, raw):
        return "year"
    if not has_unit and money_start is None and _STREET.match(after):
        return "address"
    reason = _named(prev, text, start, floor, after) if prev and not has_unit and money_start is None else ""
    if reason and not qualified():
        return reason
    apposition = prev.endswith(",") and prev[:1].isupper() and prev[1:-1].isalpha() and prev[1:-1].islower()
    age = apposition and num.is_integer and 1 <= num.value <= 120 and _AFTER_APPOSITION.match(after)
    if age and not has_unit and money_start is None and not qualified():
        return "age"  # "Senard, 65, now faces …": an age in apposition, which NewsQuant mostly leaves out
    return ""


def _is_year(num: Number, raw: str) -> bool:
    return raw.isdigit() and len(raw) == 4 and 1000 <= num.value <= 2199


def _ambiguous_month(word: str, before: str) -> bool:
    """Lower-case "may" or "march" is a verb more often than a month ("the 5 may be …"), unless a
    preposition comes before the date ("on may 19", "on 1 may")."""
    if word not in ("may", "march"):
        return False
    return before.lower() not in ("on", "in", "since", "until", "by", "from", "before", "after")


def _named(prev: str, text: str, start: int, floor: int, after: str) -> str:
    """A number after a name or a reference word is an id ("Boeing 737", "Article 5", "page 5")."""
    low = prev.lower()
    if low in REFERENCE_WORDS or prev in ("No.", "no.", "#"):
        return "id"
    if any(c.isupper() for c in prev) and low.strip("\"'“‘(") not in OPEN_WORDS:
        stripped = prev.strip("\"'“‘(,")
        named = stripped and stripped[0].isalpha() and not prev.endswith((",", ":", ";", "."))
        if named and not _starts_sentence(text, text.rfind(prev, floor, start), floor):
            return "id"
    return ""


def _starts_sentence(text: str, pos: int, floor: int) -> bool:
    """Whether the word that starts at ``pos`` opens a sentence ("Then 20 pears"), where a capital says nothing
    about a name."""
    before = text[max(floor, pos - 4) : pos].rstrip()
    return not before or before[-1] in '.!?:;"“”\n'


def _spelled(text: str, num: Number, floor: int, before: str, after: str, has_unit: bool) -> str:
    """Word numbers: pronoun "one", adjectives such as "five-year", and names ("BBC One")."""
    raw = text[num.start : num.end].lower()
    prev = _prev_word(text, num.start, floor)
    of = re.match(r"[ \t]+of\b", after)
    pronoun = prev.lower() in _PRONOUN_ONE and (not of or prev.lower() in ("each", "every", "any", "no"))
    if raw == "one" and pronoun and not has_unit:
        return "pronoun"  # "each one", "the same one" (but "that one of the best …" counts)
    if raw == "one" and not of and _PRONOUN_AFTER.match(after):
        return "pronoun"  # "one another", "one can", "one by one"
    if raw in ("half", "a half", "a quarter") and prev.lower() in _ORDINAL_WORDS:
        return "ordinal"
    if _HYPHEN_TIME.match(after) and num.factor == 1.0:
        return "adjective"
    if _CLOCK_AFTER.match(after):
        return "time"  # "three o'clock"
    named = prev and any(c.isupper() for c in prev) and prev.lower() not in OPEN_WORDS and num.value < 1000
    if named and text[num.start].isupper() and not prev.endswith((",", ".", ":", ";")):
        return "id"  # "BBC One", "Formula One"
    return ""
