"""Words and sentences of a text, with their character offsets: what every claim extractor reads.

Tokens follow the evaluation's idea of a word (runs of letters and digits) while keeping numbers such as
``1,000``, ``2.5`` and ``U.S.`` whole, and each punctuation mark on its own. Sentences end at ``.``, ``!`` or
``?`` (with any closing quotes or brackets) before a space and a capital, digit or opening quote, unless the
word before the stop is a known abbreviation or an initial; a blank line always ends one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A number with separators, a dotted abbreviation (U.S., a.m.), a word with inner apostrophes or hyphens, or
# one other character.
_TOKEN = re.compile(
    r"\d+(?:[.,:]\d+)*"
    r"|(?:[A-Za-z]\.){2,}"
    r"|\w+(?:['’-]\w+)*"
    r"|\S",
    re.UNICODE,
)

ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "cmdr",
        "adm",
        "gov",
        "sen",
        "rep",
        "rev",
        "st",
        "jr",
        "sr",
        "inc",
        "corp",
        "co",
        "ltd",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "fig",
        "approx",
        "dept",
        "est",
        "univ",
        "pres",
        "sec",
    ]
)

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9])|\n\s*\n")


@dataclass(frozen=True, slots=True)
class Token:
    """One word or punctuation mark and where it lies."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its offsets in the text and the sentence itself."""

    start: int
    end: int
    text: str


def tokens(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """The tokens of ``text[start:end]``, with offsets into ``text``."""
    stop = len(text) if end is None else end
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, stop)]


def _ends_in_abbreviation(text: str, stop: int) -> bool:
    """Whether the full stop at ``stop`` closes an abbreviation or an initial rather than a sentence."""
    if text[stop] != ".":
        return False
    m = re.search(r"([A-Za-z][A-Za-z.]*)$", text[max(0, stop - 12) : stop])
    if not m:
        return False
    word = m.group(1)
    if len(word) == 1 and word.isupper():
        return True  # an initial: "John F. Kennedy"
    if "." in word:
        return True  # "U.S." before a capital is far more often inside a sentence than at its end
    return word.lower() in ABBREVIATIONS


def sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, trimmed of surrounding white space, in order."""
    out: list[Sentence] = []
    begin = 0
    for m in _END.finditer(text):
        if m.group().strip() and _ends_in_abbreviation(text, m.start()):
            continue
        _add(out, text, begin, m.end())
        begin = m.end()
    _add(out, text, begin, len(text))
    return out


def _add(out: list[Sentence], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    """The sentence that holds ``offset``, by binary search over ``sents`` (as :func:`sentences` returns)."""
    lo, hi = 0, len(sents)
    while lo < hi:
        mid = (lo + hi) // 2
        if sents[mid].end <= offset:
            lo = mid + 1
        else:
            hi = mid
    if lo < len(sents) and sents[lo].start <= offset:
        return sents[lo]
    return None
