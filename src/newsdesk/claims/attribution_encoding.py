"""How a text becomes the attribution tagger's input, and its tags become attributions.

The tagger reads *units*: the shared tokens of :func:`newsdesk.claims.text.tokens`, with a word that holds an
apostrophe split before it ("He's" → "He" + "'s", since the source is "He" and the cue starts at "'s"). Each
unit gets three ids (its lower-cased word with digits folded to 0, its last three letters, its shape) and a
few numbers (inside a quotation, sentence and paragraph starts, how often the word is a reporting word).

It tags three independent layers, so that roles never block one another: source and cue in BIO, and content
in BIO plus ``C``, which begins a segment that continues the content before it (the second half of a quote
broken by "he said"). :func:`assemble` turns the tagged segments into attributions: consecutive content
segments joined by ``C`` form one content; each content goes to its nearest cue (greedily, nearest pairs
first) unless another cue lies between them or a paragraph break does (a colon may lead into the next
paragraph), and each cue takes the nearest source, preferring one in its own sentence; a speaker may serve
several cues ("he said …, adding …"). Segments that find no partner still become attributions of their own,
except contents the model is unsure of.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.claims.text import sentences, tokens
from newsdesk.types import Attribution, Offsets

ENCODING_VERSION = 1
"""Changes whenever units, features or tags change meaning; a model trained on another version is refused."""

SHAPES = (
    "pad",
    "lower",
    "title",
    "upper",
    "mixed",
    "digit",
    "open_quote",
    "close_quote",
    "straight_quote",
    "colon",
    "comma",
    "stop",
    "dash",
    "bracket",
    "other",
)
_SHAPE = {name: i for i, name in enumerate(SHAPES)}
_PUNCT_SHAPE = {
    "“": "open_quote",
    "‘": "open_quote",
    "”": "close_quote",
    "’": "close_quote",
    '"': "straight_quote",
    "'": "straight_quote",
    ":": "colon",
    ";": "colon",
    ",": "comma",
    ".": "stop",
    "!": "stop",
    "?": "stop",
    "—": "dash",
    "–": "dash",
    "-": "dash",
    "―": "dash",
    "(": "bracket",
    ")": "bracket",
    "[": "bracket",
    "]": "bracket",
}
_QUOTE_SHAPES = frozenset((_SHAPE["open_quote"], _SHAPE["close_quote"], _SHAPE["straight_quote"]))
NUMERIC = (
    "in_quote",
    "quote_mark",
    "sentence_start",
    "sentence_end",
    "paragraph_start",
    "cue_rate",
    "stem_cue_rate",
    "position",
)
"""The numeric features of a unit, in the order of the model's ``numeric`` input."""

PAD, UNK = 0, 1
"""Ids every vocabulary reserves: padding and unknown."""

ROLES = ("source", "cue", "content")
OUT, BEGIN, INSIDE, CONTINUE = 0, 1, 2, 3
SCORE_COLUMNS = ((0, 3), (3, 6), (6, 10))
"""Where each layer's tag scores lie in a row of the model's output: source and cue O B I, content O B I C
(O outside, B begins a segment, I inside one, C begins a segment that continues the content before it)."""

_DIGITS = str.maketrans("0123456789", "0000000000")
_WORDLIKE = re.compile(r"\w")
_INFLECTION = re.compile(r"(?:ing|ed|es|e|s)$")
MAX_CONTENT_GAP = 60
"""A cue takes a content at most this many units away from it."""
MAX_SOURCE_GAP = 40
"""A cue takes a source at most this many units away from it."""
LONE_CONTENT_CONFIDENCE = 0.8
"""A content that no cue takes is kept only when the model is this sure of it on average: such contents are
mostly stray (one in ten matches a gold content exactly, against one in two of those with a cue), and the
unsure ones cost exact precision while adding few right words. Chosen on held-out training articles."""


@dataclass(frozen=True, slots=True)
class Units:
    """The units of one text: offsets, words, and the sentence and paragraph each lies in."""

    starts: list[int]
    ends: list[int]
    words: list[str]
    sentence: list[int]
    paragraph: list[int]

    def __len__(self) -> int:
        return len(self.starts)


def units(text: str) -> Units:
    """Split ``text`` into the tagger's units."""
    starts: list[int] = []
    ends: list[int] = []
    words: list[str] = []
    for tok in tokens(text):
        word = tok.text
        cut = max(word.find("'", 1), word.find("’", 1))
        if cut > 0 and len(word) > 1:
            starts += (tok.start, tok.start + cut)
            ends += (tok.start + cut, tok.end)
            words += (word[:cut], word[cut:])
        else:
            starts.append(tok.start)
            ends.append(tok.end)
            words.append(word)
    sentence_of: list[int] = []
    bounds = [s.start for s in sentences(text)]
    for start in starts:
        sentence_of.append(max(bisect_right(bounds, start) - 1, 0))
    paragraph_of: list[int] = []
    paragraph, prev_end = 0, 0
    for start, end in zip(starts, ends, strict=True):
        if "\n" in text[prev_end:start] and paragraph_of:
            paragraph += 1
        paragraph_of.append(paragraph)
        prev_end = end
    return Units(starts, ends, words, sentence_of, paragraph_of)


def normal(word: str) -> str:
    """The vocabulary key of a word: lower case, digits folded to 0."""
    return word.lower().translate(_DIGITS)


def stem(key: str) -> str:
    """A crude stem of a normalised word, so that the forms of a reporting verb share their cue rate."""
    return _INFLECTION.sub("", key) if len(key) > 4 else key


def shape(word: str) -> int:
    """The shape id of a word (see :data:`SHAPES`)."""
    if word in _PUNCT_SHAPE:
        return _SHAPE[_PUNCT_SHAPE[word]]
    if not _WORDLIKE.match(word):
        return _SHAPE["other"]
    if any(c.isdigit() for c in word):
        return _SHAPE["digit"]
    if word.islower():
        return _SHAPE["lower"]
    if word.isupper():
        return _SHAPE["upper"] if len(word) > 1 else _SHAPE["title"]
    if word[0].isupper() and word[1:].islower():
        return _SHAPE["title"]
    return _SHAPE["mixed"]


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What the features look up: word and suffix ids, and how often each word was part of a cue."""

    words: dict[str, int]
    suffixes: dict[str, int]
    cue_rate: dict[str, float]
    stem_cue_rate: dict[str, float]

    def as_json(self) -> dict[str, object]:
        return {
            "words": sorted(self.words, key=self.words.__getitem__),
            "suffixes": sorted(self.suffixes, key=self.suffixes.__getitem__),
            "cue_rate": dict(sorted(self.cue_rate.items())),
            "stem_cue_rate": dict(sorted(self.stem_cue_rate.items())),
        }

    @classmethod
    def from_json(cls, payload: dict[str, object]) -> Vocabulary:
        words = payload["words"]
        suffixes = payload["suffixes"]
        rates, stem_rates = payload["cue_rate"], payload["stem_cue_rate"]
        if not isinstance(words, list) or not isinstance(suffixes, list):
            raise ValueError("words and suffixes must be lists")
        if not isinstance(rates, dict) or not isinstance(stem_rates, dict):
            raise ValueError("cue_rate and stem_cue_rate must be mappings")
        return cls(
            {str(w): i for i, w in enumerate(words)},
            {str(s): i for i, s in enumerate(suffixes)},
            {str(k): float(v) for k, v in rates.items()},
            {str(k): float(v) for k, v in stem_rates.items()},
        )


@dataclass(frozen=True, slots=True)
class Features:
    """The model input for one text: ``ids`` is (3, T) int64 (word, suffix, shape), ``numeric`` (T, F) float32."""

    ids: np.ndarray
    numeric: np.ndarray


def features(text: str, u: Units, vocab: Vocabulary) -> Features:
    """The tagger's input for the units ``u`` of ``text``."""
    n = len(u)
    looked: dict[str, tuple[int, int, int, float, float]] = {}
    word_ids, suffix_ids, shapes, rates, stem_rates = [], [], [], [], []
    for word in u.words:
        found = looked.get(word)
        if found is None:
            key = normal(word)
            found = looked[word] = (
                vocab.words.get(key, UNK),
                vocab.suffixes.get(key[-3:], UNK),
                shape(word),
                vocab.cue_rate.get(key, 0.0),
                vocab.stem_cue_rate.get(stem(key), 0.0),
            )
        word_ids.append(found[0])
        suffix_ids.append(found[1])
        shapes.append(found[2])
        rates.append(found[3])
        stem_rates.append(found[4])
    in_quote_col, mark_col, first_col, last_col, para_col, position = ([0.0] * n for _ in range(6))
    in_quote = False
    prev_end = 0
    sentence_first = 0
    sent, starts, words = u.sentence, u.starts, u.words
    for k in range(n):
        if k == 0 or "\n" in text[prev_end : starts[k]]:
            para_col[k] = 1.0
            in_quote = False  # a quotation running on over paragraphs reopens its marks in each
        if k == 0 or sent[k] != sent[k - 1]:
            first_col[k] = 1.0
            sentence_first = k
        if k == n - 1 or sent[k + 1] != sent[k]:
            last_col[k] = 1.0
        if shapes[k] in _QUOTE_SHAPES and words[k] not in ("'", "’"):
            mark_col[k] = 1.0
            in_quote = True if words[k] == "“" else False if words[k] == "”" else not in_quote
        elif in_quote:
            in_quote_col[k] = 1.0
        position[k] = min(k - sentence_first, 50) / 50.0
        prev_end = u.ends[k]
    ids = np.array([word_ids, suffix_ids, shapes], dtype=np.int64).reshape(3, n)
    numeric = np.array(
        [in_quote_col, mark_col, first_col, last_col, para_col, rates, stem_rates, position], dtype=np.float32
    )
    return Features(ids, numeric.T.reshape(n, len(NUMERIC)).copy())


def _overlapping(u: Units, start: int, end: int) -> range:
    """The units that overlap the character span ``[start, end)``."""
    lo = bisect_right(u.ends, start)
    hi = lo
    while hi < len(u) and u.starts[hi] < end:
        hi += 1
    return range(lo, hi)


def encode(u: Units, attributions: Iterable[Attribution]) -> np.ndarray:
    """Gold tags (3, T): the source, cue and content layers of the units ``u`` for ``attributions``."""
    tags = np.zeros((3, len(u)), dtype=np.int64)
    for a in attributions:
        for layer, role in enumerate(ROLES):
            for n, (s, e) in enumerate(sorted(getattr(a, role))):
                span = _overlapping(u, s, e)
                if not len(span):
                    continue
                first = CONTINUE if role == "content" and n > 0 else BEGIN
                if tags[layer, span[0]] == OUT:
                    tags[layer, span[0]] = first
                for k in span[1:]:
                    if tags[layer, k] == OUT:
                        tags[layer, k] = INSIDE
    return tags


@dataclass(frozen=True, slots=True)
class Segment:
    """Units ``[first, stop)`` tagged with one role; ``continues`` for a content segment tagged ``C``."""

    first: int
    stop: int
    continues: bool = False


def segments(layer: Sequence[int]) -> list[Segment]:
    """The segments of one tag layer; an I after O starts a segment as B would."""
    out: list[Segment] = []
    start = -1
    cont = False
    for k, tag in enumerate(layer):
        if tag == INSIDE and start >= 0:
            continue
        if start >= 0:
            out.append(Segment(start, k, cont))
            start = -1
        if tag != OUT:
            start, cont = k, tag == CONTINUE
    if start >= 0:
        out.append(Segment(start, len(layer), cont))
    return out


def _may_pair(u: Units, cue: Segment, position: int, cue_starts: list[int]) -> bool:
    """Whether ``cue`` may take a content whose nearest segment starts at ``position``: no other cue starts
    between them, and they share a paragraph unless the cue ends in a colon ("She said:" + a quoted paragraph)."""
    lo, hi = (cue.stop, position) if position >= cue.stop else (position + 1, cue.first)
    if bisect_right(cue_starts, hi - 1) > bisect_right(cue_starts, lo - 1):
        return False
    if u.paragraph[position] == u.paragraph[cue.first]:
        return True
    return u.words[cue.stop - 1] == ":" or (cue.stop < len(u) and u.words[cue.stop] == ":")


def _gap(a: Segment, b: Segment) -> int:
    """Units between two segments (0 when they touch or overlap)."""
    if a.stop <= b.first:
        return b.first - a.stop
    if b.stop <= a.first:
        return a.first - b.stop
    return 0


def assemble(
    u: Units,
    source: Sequence[int],
    cue: Sequence[int],
    content: Sequence[int],
    content_confidence: Sequence[float] | None = None,
) -> list[Attribution]:
    """Attributions from the three tag layers of the units ``u`` (see the module docstring).

    ``content_confidence`` is, per unit, the probability that it lies in a content: a content that finds no
    cue is kept only when its mean reaches :data:`LONE_CONTENT_CONFIDENCE`.
    """
    sources = segments(source)
    cues = segments(cue)
    contents: list[list[Segment]] = []
    for seg in segments(content):
        if seg.continues and contents:
            contents[-1].append(seg)
        else:
            contents.append([seg])

    content_of: dict[int, int] = {}
    cue_starts = [c.first for c in cues]
    pairs = []
    for ci, c in enumerate(cues):
        for gi, group in enumerate(contents):
            gap, near = min((_gap(c, s), s.first) for s in group)
            if gap <= MAX_CONTENT_GAP and _may_pair(u, c, near, cue_starts):
                pairs.append((gap, ci, gi))
    taken: set[int] = set()
    for _, ci, gi in sorted(pairs):
        if ci in content_of or gi in taken:
            continue
        content_of[ci] = gi
        taken.add(gi)

    used_sources: set[int] = set()
    out: list[tuple[list[Segment], list[Segment], list[Segment]]] = []
    for ci, c in enumerate(cues):
        best = None
        for si, s in enumerate(sources):
            gap = _gap(c, s)
            if gap > MAX_SOURCE_GAP:
                continue
            other = u.sentence[s.first] != u.sentence[c.first]
            key = (other, gap, si)
            if best is None or key < best:
                best = key
        src = [] if best is None else [sources[best[2]]]
        if best is not None:
            used_sources.add(best[2])
        group = contents[content_of[ci]] if ci in content_of else []
        out.append((src, [c], group))
    for gi, group in enumerate(contents):
        if gi not in taken and _confident(group, content_confidence):
            out.append(([], [], group))
    out.extend(([s], [], []) for si, s in enumerate(sources) if si not in used_sources)
    result = [Attribution(_offsets(u, src), _offsets(u, cs), _offsets(u, group)) for src, cs, group in out]
    return sorted(result, key=_order)


def _confident(group: Sequence[Segment], confidence: Sequence[float] | None) -> bool:
    if confidence is None:
        return True
    values = [confidence[k] for seg in group for k in range(seg.first, seg.stop)]
    return sum(values) >= LONE_CONTENT_CONFIDENCE * len(values)


def decode(u: Units, scores: np.ndarray) -> list[Attribution]:
    """Attributions from the model's tag scores (one row per unit, columns as :data:`SCORE_COLUMNS`)."""
    source, cue, content = (scores[:, lo:hi].argmax(axis=1).tolist() for lo, hi in SCORE_COLUMNS)
    lo, hi = SCORE_COLUMNS[2]
    odds = np.exp(scores[:, lo:hi] - scores[:, lo:hi].max(axis=1, keepdims=True))
    confidence = 1.0 - odds[:, 0] / odds.sum(axis=1)
    return assemble(u, source, cue, content, confidence.tolist())


def _offsets(u: Units, segs: Sequence[Segment]) -> Offsets:
    return tuple(sorted((u.starts[s.first], u.ends[s.stop - 1]) for s in segs))


def _order(a: Attribution) -> tuple[tuple[int, int], Offsets, Offsets, Offsets]:
    """Text order: by the first character of any span, then by the spans themselves."""
    first = min((span for role in (a.cue, a.content, a.source) for span in role), default=(0, 0))
    return first, a.cue, a.content, a.source
