"""What the clusterer sees of an article: weighted word stems, names and years.

Words are lower-cased, stop words dropped and the rest reduced to their Snowball (Porter 2) stem, so that
"deploys", "deployed" and "deployment" meet. Capitalised words inside a sentence (names of people, places and
organisations) weigh more than common words, and four-digit years become features of their own (``y:2013``),
because two events that share a subject are often told apart by who was involved and when. Title words count
more than body words.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from newsdesk.cluster.stopwords import CALENDAR_WORDS, STOP_WORDS

FEATURES_VERSION = 1
"""Bump when the set of feature keys an article yields changes: the background table must be rebuilt."""

_SENTENCE = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"[^\W\d_](?:[\w'’\-]*\w)?|\d[\d,.]*\d|\d|[,;:()\"“”]")
_BREAK = frozenset(',;:()"“”')
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_STEMMER = snowballstemmer.stemmer("english")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The Snowball stem of a lower-cased word (cached: news reuses its words)."""
    return str(_STEMMER.stemWord(word))


@dataclass(frozen=True, slots=True)
class Features:
    """One article's weighted features and the words and names they came from."""

    counts: dict[str, float]
    surfaces: dict[str, str]
    names: tuple[str, ...]
    tokens: int
    name_keys: frozenset[str] = frozenset()
    """Features that occurred as part of a name (``Kim``, ``Kursk``), and years: who and when, not what."""


@dataclass(frozen=True, slots=True)
class FeatureWeights:
    """How much a title word, a name and a year count, relative to a common word in the body."""

    title: float = 2.0
    name: float = 3.0
    year: float = 2.0


def extract(title: str, text: str, weights: FeatureWeights | None = None) -> Features:
    """The features of an article with this title and text."""
    w = weights or FeatureWeights()
    counts: dict[str, float] = defaultdict(float)
    surfaces: dict[str, str] = {}
    names: Counter[str] = Counter()
    name_keys: set[str] = set()
    tokens = 0
    for part, part_weight in ((title, w.title), (text, 1.0)):
        for sentence in _SENTENCE.split(part) if part else ():
            words = _TOKEN.findall(sentence)
            title_case = part is title and _title_case(words)
            run: list[str] = []
            for i, word in enumerate(words):
                if word in _BREAK:
                    if run:
                        _name(run, names)
                        run = []
                    continue
                tokens += 1
                if not title_case and (word[0].isupper() or word.isupper()) and _capitalised(words, i):
                    run.append(word)
                elif run:
                    _name(run, names)
                    run = []
                if word[0].isdigit():
                    if _YEAR.fullmatch(word):
                        counts["y:" + word] += part_weight * w.year
                        name_keys.add("y:" + word)
                    continue
                low = word.lower().replace("’", "'")
                if low.endswith("'s"):
                    low = low[:-2]
                if low in STOP_WORDS or len(low) < 2:
                    continue
                key = stem(low)
                surfaces.setdefault(key, low)
                counts[key] += part_weight * (w.name if run else 1.0)
                if run:
                    name_keys.add(key)
            if run:
                _name(run, names)
    return Features(
        counts=dict(counts),
        surfaces=surfaces,
        names=tuple(n for n, _ in sorted(names.items(), key=lambda kv: (-kv[1], kv[0]))),
        tokens=tokens,
        name_keys=frozenset(name_keys),
    )


def _title_case(words: list[str]) -> bool:
    """Whether a headline capitalises most of its words ("Lindsay Lohan Checks Into Rehab")."""
    alpha = [w for w in words if w[0].isalpha() and w.lower() not in STOP_WORDS]
    return len(alpha) >= 3 and sum(w[0].isupper() for w in alpha) >= 0.75 * len(alpha)


def _capitalised(words: list[str], i: int) -> bool:
    """Whether ``words[i]`` reads as part of a name: capitalised inside the sentence, or an acronym."""
    word = words[i]
    if word.isupper() and len(word) > 1 and word.isalpha():
        return True
    if not word[0].isupper():
        return False
    return i > 0 or (len(words) > 1 and words[1][:1].isupper())


def _name(run: list[str], names: Counter[str]) -> None:
    """Count a run of capitalised words as a name, without stop words or calendar words at its ends."""
    if not run:
        return
    run = [*run[:-1], re.sub(r"['’]s$", "", run[-1])]
    while run and (run[0].lower() in STOP_WORDS or run[0].lower() in CALENDAR_WORDS):
        run = run[1:]
    while run and (run[-1].lower() in STOP_WORDS or run[-1].lower() in CALENDAR_WORDS):
        run = run[:-1]
    if run and (len(run) > 1 or len(run[0]) > 2):
        names[" ".join(run)] += 1
