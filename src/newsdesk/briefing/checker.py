"""The support checker: does every sentence of a briefing say only what the sentences it cites say?

It runs on every briefing, whoever wrote it (the template writer, a language model), and reads each published
sentence against its citations. A sentence passes when none of these rules fails; each failure adds one short
reason (docs/checker.md has the rules with examples):

1. it cites at least one sentence;
2. every citation is real: its article is known and ``quote`` is exactly ``article.<field>[start:end]``
   (a citation that is not real vouches for nothing below);
3. every number of the sentence (:func:`newsdesk.claims.numbers.find_numbers`: "2,700", "2.7 thousand", "two",
   "a dozen"; each end of a range) is a value of some cited sentence, compared as values;
4. every name (:mod:`newsdesk.briefing.names`) is mentioned by some cited sentence, or is the outlet of a cited
   article;
5. in each clause (split at sentence ends and ";") with names and numbers, each number comes from an article
   in which some cited sentence mentions the clause's speaker: a figure cannot move from one speaker to another
   even when both are cited;
6. every quoted phrase is verbatim in one cited sentence (white space folded, straight and curly quote marks
   alike, the first letter's case and an ellipsis allowed);
7. a hedge of the sources stays: the cited sentences that hold the sentence's numbers or quoted phrases (all of
   them when it has none) are read with :func:`newsdesk.claims.stance.read_stance`; if the least sure is
   hedged, the sentence must be hedged or speculative, and if it is speculative, so must the sentence be.

A citation is *supporting* when it is real and supplies something the sentence needs: one of its numbers, one
of its names (whole, or as the cited article's outlet), one of its quoted phrases, or at least half of its
content words (lower-cased, stop words left out). ``supporting / citations`` is the briefing's citation
precision: a citation added for show lowers it without failing the sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from newsdesk.briefing.names import Name, Vocabulary, WordUse, find_names, outlet_names, speaker
from newsdesk.claims.numbers import Number, find_numbers
from newsdesk.claims.stance import read_stance
from newsdesk.claims.text import sentences, tokens
from newsdesk.cluster.stopwords import STOP_WORDS
from newsdesk.types import Article, Briefing, BriefSentence, CheckReport, Citation, Hedge, Problem

CHECKER = "support/1"

_FIELDS = ("text", "title")
_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "‘": "'", "’": "'", "‚": "'"})
_SINGLE = re.compile(r"(?<![^\s(\[—–-])[‘']((?:[^‘’'\n]|['’](?=[A-Za-z]))+?)[’'](?![A-Za-z])")
_ELLIPSIS = re.compile(r"…|\.\.\.")
_EDGE_PUNCTUATION = " .,;:!?"
_PRONOUN_ONE_AFTER = re.compile(r"\s+(?:of|another)\b", re.IGNORECASE)
_PRONOUN_ONE_BEFORE = re.compile(r"\b(?:no|any|each|every|the|this|that|which)\s+$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s$")
_LEVEL = {Hedge.STATED: 0, Hedge.ATTRIBUTED: 1, Hedge.HEDGED: 2, Hedge.SPECULATIVE: 3}


@dataclass(frozen=True, slots=True)
class SentenceCheck:
    """What the checker found in one sentence: why it fails (empty when supported), citations checked, and how
    many of them support something in it."""

    reasons: tuple[str, ...]
    citations: int
    supporting: int

    @property
    def ok(self) -> bool:
        return not self.reasons


@dataclass(frozen=True, slots=True)
class _Cited:
    """A real citation and what its sentence can vouch for."""

    citation: Citation
    article: Article
    numbers: tuple[Number, ...]
    vocabulary: Vocabulary
    folded: str
    words: frozenset[str]

    def has(self, number: Number) -> bool:
        return any(_same_value(number, n) for n in self.numbers)

    def names(self, name: Name) -> bool:
        return self.vocabulary.mentions(name) or outlet_names(name, self.article.outlet.name)


@dataclass(frozen=True, slots=True)
class _Figure:
    """A number of the checked sentence, as written there."""

    text: str
    number: Number


def check_sentence(sentence: BriefSentence, articles: Mapping[str, Article]) -> SentenceCheck:
    """Check one sentence against the sentences it cites (the module docstring lists the rules)."""
    text = sentence.text
    reasons: list[str] = [] if sentence.citations else ["no citation"]
    real: list[tuple[Citation, Article]] = []
    for c in sentence.citations:
        problem = _citation_problem(c, articles)
        if problem:
            reasons.append(problem)
        else:
            real.append((c, articles[c.article_id]))
    cited_articles = {a.id: a for _, a in real}
    use = WordUse((text, *(t for a in cited_articles.values() for t in (a.title, a.text))))
    cited = [_cite(c, a, use) for c, a in real]

    figures = _figures(text)
    names = find_names(text, use)
    phrases = _quoted_phrases(text)
    for f in figures:
        if not any(q.has(f.number) for q in cited):
            reasons.append(f"number {f.text} is not in the cited sentences")
    for name in names:
        if not any(q.names(name) for q in cited):
            reasons.append(f"name '{name.text}' is not in the cited sentences")
    reasons += _unbound(text, figures, names, cited)
    for phrase in phrases:
        if not any(_verbatim(phrase, q.folded) for q in cited):
            reasons.append(f"quote “{phrase}” is not verbatim in the cited sentences")
    dropped = _dropped_hedge(text, figures, phrases, cited)
    if dropped:
        reasons.append(dropped)

    content = _words(text)
    supporting = sum(1 for q in cited if _supports(q, figures, names, phrases, content))
    return SentenceCheck(tuple(dict.fromkeys(reasons)), len(sentence.citations), supporting)


def check_parts(
    parts: Sequence[tuple[str, int, BriefSentence]],
    articles: Mapping[str, Article],
    *,
    withheld: Sequence[Problem] = (),
) -> CheckReport:
    """Check every ``(part, index, sentence)`` and sum up: sentences, citations, supporting ones, and a
    :class:`Problem` for each sentence that failed. ``withheld`` (drafted, failed, not published) is passed on."""
    checks = [(part, index, s, check_sentence(s, articles)) for part, index, s in parts]
    return CheckReport(
        checker=CHECKER,
        sentences=len(parts),
        citations=sum(c.citations for *_, c in checks),
        supporting=sum(c.supporting for *_, c in checks),
        unsupported=tuple(Problem(part, index, s.text, c.reasons) for part, index, s, c in checks if not c.ok),
        withheld=tuple(withheld),
    )


def check_briefing(briefing: Briefing, articles: Mapping[str, Article]) -> CheckReport:
    """Check every published sentence of ``briefing``; its report's withheld sentences are carried over."""
    return check_parts(briefing.parts(), articles, withheld=briefing.report.withheld)


# Rule 2: real citations.


def _citation_problem(c: Citation, articles: Mapping[str, Article]) -> str:
    label = f"citation [{c.source}]"
    article = articles.get(c.article_id)
    if article is None:
        return f"{label} cites {c.article_id}, which is not among the articles"
    if c.field not in _FIELDS:
        return f"{label} cites an unknown field '{c.field}'"
    source: str = getattr(article, c.field)
    if not (0 <= c.start < c.end <= len(source)) or source[c.start : c.end] != c.quote:
        return f"{label} is not {c.article_id} {c.field}[{c.start}:{c.end}]"
    return ""


def _cite(c: Citation, article: Article, use: WordUse) -> _Cited:
    return _Cited(
        citation=c,
        article=article,
        numbers=tuple(find_numbers(c.quote)),
        vocabulary=Vocabulary.of(c.quote, use),
        folded=_fold(c.quote),
        words=frozenset(_words(c.quote)),
    )


# Rule 3: numbers.


def _figures(text: str) -> list[_Figure]:
    """The numbers of ``text`` that must be cited: all but the pronoun "one" ("one of", "no one")."""
    out = []
    for n in find_numbers(text):
        written = text[n.start : n.end]
        if written.lower() == "one" and (
            _PRONOUN_ONE_AFTER.match(text, n.end) or _PRONOUN_ONE_BEFORE.search(text, 0, n.start)
        ):
            continue
        out.append(_Figure(written, n))
    return out


def _same_value(a: Number, b: Number) -> bool:
    if not math.isclose(a.value, b.value, rel_tol=1e-9, abs_tol=1e-9):
        return False
    if a.high is None or b.high is None:
        return a.high is None and b.high is None
    return math.isclose(a.high, b.high, rel_tol=1e-9, abs_tol=1e-9)


# Rule 5: a number stays with its speaker.


def _clauses(text: str) -> list[tuple[int, int]]:
    spans = []
    for s in sentences(text):
        begin = s.start
        for m in re.finditer(";", s.text):
            spans.append((begin, s.start + m.start()))
            begin = s.start + m.end()
        spans.append((begin, s.end))
    return spans


def _unbound(text: str, figures: list[_Figure], names: list[Name], cited: list[_Cited]) -> list[str]:
    reasons = []
    for start, end in _clauses(text):
        here = [f for f in figures if start <= f.number.start < end]
        who = speaker(text, [n for n in names if start <= n.start < end])
        if not here or who is None or not any(q.names(who) for q in cited):
            continue  # no speaker to bind to, or one no citation names (rule 4 says so)
        vouching = {q.article.id for q in cited if q.names(who)}
        for f in here:
            holders = [q for q in cited if q.has(f.number)]
            if holders and not any(q.article.id in vouching for q in holders):
                reasons.append(f"number {f.text} is not tied to {who.text} in the cited sentences")
    return reasons


# Rule 6: quoted phrases.


def _fold(text: str) -> str:
    return " ".join(text.translate(_QUOTE_MARKS).split())


def _quoted_phrases(text: str) -> list[str]:
    """Phrases in double quotes, and in single quotes that open after a space and close before a non-letter.

    A straight double quote opens after a space (or the start, or a bracket or dash) before a non-space, and
    closes after a non-space before a space, punctuation or the end; an opening quote that never closes (a
    quotation that runs on into the next source sentence) is passed over, not paired with a later one.
    """
    doubles: list[tuple[int, int, str]] = []
    opened: int | None = None
    for m in re.finditer('["“”]', text):
        at, mark = m.start(), m.group()
        before = text[at - 1] if at else " "
        after = text[at + 1] if at + 1 < len(text) else " "
        opens = mark == "“" or (mark == '"' and (before.isspace() or before in "([—–-/") and not after.isspace())
        closes = mark == "”" or (mark == '"' and not before.isspace() and (after.isspace() or not after.isalnum()))
        if opens:
            opened = at
        elif closes and opened is not None:
            doubles.append((opened, at + 1, text[opened + 1 : at]))
            opened = None
    singles = [
        (m.start(), m.end(), m.group(1))
        for m in _SINGLE.finditer(text)
        if not any(s <= m.start() < e for s, e, _ in doubles)
    ]
    found = sorted(doubles + singles)
    return [" ".join(p.split()) for _, _, p in found if any(ch.isalnum() for ch in p)]


def _verbatim(phrase: str, folded: str) -> bool:
    """Whether ``phrase`` stands in ``folded`` (a folded cited sentence), its pieces around an ellipsis in order."""
    pieces = [p.strip(_EDGE_PUNCTUATION) for p in _ELLIPSIS.split(_fold(phrase))]
    at = 0
    for piece in (p for p in pieces if p):
        found = folded.find(piece, at)
        if found < 0:
            found = folded.find(piece[0].swapcase() + piece[1:], at)
        if found < 0:
            return False
        at = found + len(piece)
    return True


# Rule 7: hedges.


def _dropped_hedge(text: str, figures: list[_Figure], phrases: list[str], cited: list[_Cited]) -> str:
    if figures or phrases:
        sources = [
            q for q in cited if any(q.has(f.number) for f in figures) or any(_verbatim(p, q.folded) for p in phrases)
        ]
    else:
        sources = cited
    if not sources:
        return ""
    readings = [read_stance(q.citation.quote) for q in sources]
    least = max(readings, key=lambda r: _LEVEL[r.hedge])
    own = read_stance(text).hedge
    if least.hedge is Hedge.HEDGED and own in (Hedge.HEDGED, Hedge.SPECULATIVE):
        return ""
    if least.hedge is Hedge.SPECULATIVE and own is Hedge.SPECULATIVE:
        return ""
    if least.hedge not in (Hedge.HEDGED, Hedge.SPECULATIVE):
        return ""
    marker = next((m for m in least.markers if read_stance(m).hedge is least.hedge), "")
    marker = marker or next(iter(least.markers), least.hedge.value)
    return f"drops the hedge '{marker}' of its source"


# Support and citation precision.


def _words(text: str) -> set[str]:
    out = set()
    for t in tokens(text):
        if t.text[0].isalpha():
            word = _POSSESSIVE.sub("", t.text.lower())
            if word not in STOP_WORDS:
                out.add(word)
    return out


def _supports(q: _Cited, figures: list[_Figure], names: list[Name], phrases: list[str], content: set[str]) -> bool:
    if any(q.has(f.number) for f in figures) or any(q.names(n) for n in names):
        return True
    if any(_verbatim(p, q.folded) for p in phrases):
        return True
    return bool(content) and 2 * len(content & q.words) >= len(content)
