"""Words and clauses as reconciliation reads them.

Two things are needed over and over: the *content stems* of a statement (to tell whether two claims say the
same thing) and the *clause* around a figure or a date (to tell which words describe it).

Content stems are the Snowball stems of a text's words, less stop words, reporting verbs, calendar words and
numbers. A few words are folded first so that the usual variants meet: troops, soldiers, forces and men are
one word; a demonym meets its country where the stem allows it ("Russian" → "russia", "Korean" → "korea").

A clause is the stretch of a sentence between commas, semicolons, colons, dashes or brackets, or a "that",
"while", "whereas" or "but" that opens a new one ("The NIS said in January | that about 300 had been
killed"). It is a cheap stand-in for syntax: good enough to keep "last August" away from a figure two
commas before it.
"""

from __future__ import annotations

import re
from functools import lru_cache

from newsdesk.cluster.features import stem as snowball_stem
from newsdesk.cluster.stopwords import CALENDAR_WORDS, STOP_WORDS

_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_CLAUSE_BREAK = re.compile(
    r"[;:()\[\]]|,(?=\s)|\s[—–-]\s|—|\s(?:that|while|whereas|but|which|where)\s",
    re.IGNORECASE,
)

# Words that say nothing about what a statement is about, beyond the shared stop words.
_EXTRA_WORDS = """
    also still even just however would could might may must shall should can will wont won't
    appear appears appeared appearing seem seems seemed likely unlikely reportedly allegedly
    estimate estimated estimates put puts putting cited cite cites claim claims claimed
    according stated state states announce announced announces confirm confirmed confirms
    deny denied denies acknowledge acknowledged acknowledges admit admitted admits comment
    declined decline refuse refused refuses publicly never ever yet already again
    lot lots many much some several number numbers thing things way ways time times
    about around roughly nearly almost some least most more less than up
"""
_EXTRA_STOP = frozenset(_EXTRA_WORDS.split())

# Words folded together before stemming.
_FOLD = {
    "troop": "soldier",
    "troops": "soldier",
    "soldiers": "soldier",
    "forces": "soldier",
    "men": "soldier",
    "servicemen": "soldier",
}


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    """The folded Snowball stem of one word (lower-cased)."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    low = _FOLD.get(low.rstrip("'"), low.rstrip("'"))
    stemmed = snowball_stem(low)
    if stemmed.endswith(("ian", "ean")) and len(stemmed) > 5:
        stemmed = stemmed[:-1]  # russian → russia, korean → korea
    return stemmed


def is_content(word: str) -> bool:
    low = word.lower().replace("’", "'")
    if low.endswith("'s"):
        low = low[:-2]
    low = low.rstrip("'")
    return len(low) > 2 and low not in STOP_WORDS and low not in CALENDAR_WORDS and low not in _EXTRA_STOP


def content_stems(text: str) -> frozenset[str]:
    """The content stems of ``text``."""
    return frozenset(stem(m.group()) for m in _WORD.finditer(text) if is_content(m.group()))


def clause(text: str, lo: int, hi: int, start: int, end: int | None = None) -> tuple[int, int]:
    """The clause of ``text[lo:hi]`` (a sentence) that holds ``text[start:end]``.

    The clause runs from the last break before ``start`` to the first break after ``end``; breaks inside
    the held span itself (a figure written "1,000 — 3,000") do not count.
    """
    end = start if end is None else end
    left, right = lo, hi
    for m in _CLAUSE_BREAK.finditer(text, lo, hi):
        if m.end() <= start:
            left = m.end()
        elif m.start() >= end:
            right = m.start()
            break
    while left < right and text[left].isspace():
        left += 1
    while right > left and text[right - 1] in " \t\n.,;":
        right -= 1
    return left, right


def is_question(text: str) -> bool:
    return text.rstrip().rstrip("\"'”’)").endswith("?")
