"""Source sentences as a writer uses them: exact citations, the best evidence of a claim, and how it reads alone.

The template writer composes a briefing out of source sentences, so this is where its faithfulness comes from.
A :class:`Citation` always quotes ``article.<field>[start:end]`` exactly, as the support checker demands. When a
sentence is reused in a briefing, only its dateline ("SEOUL (Meridian Wire) — ") and surrounding white space
are dropped; every word, figure, name, quote mark and hedge stays as the outlet wrote it.

When several claims carry the same fact (wire copy and its reprints, or outlets relaying one agency), the one
whose sentence reads best on its own is chosen: it names its speaker rather than "the agency" or "he", does
not open with a pronoun, comes from an original rather than a reprint, is short, and was published first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime

from newsdesk.claims.text import Sentence, sentences
from newsdesk.reconcile.words import is_question
from newsdesk.types import Article, BriefSentence, Citation, Claim, ClaimKind

_DATELINE = re.compile(
    r"^[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+)*(?:,\s*[A-Z][\w.'’]*(?:\s[\w.'’]+){0,2}){0,3}\s*(?:\([^()]{1,40}\))?"
    r"\s*[—–-]{1,2}\s+(?=\S)"
)
_SPACE = re.compile(r"\s+")
_PRONOUN_START = re.compile(
    r"^(?:he|she|it|they|we|i|this|that|these|those|his|her|its|their|the\s+(?:agency|ministry|paper|newspaper"
    r"|official|officials|spokesman|spokeswoman|spokesperson|report|reports|group|country|countries|two))\b",
    re.IGNORECASE,
)
_EARLY = datetime(1, 1, 1, tzinfo=UTC)


def reusable(text: str) -> str:
    """A source sentence as a briefing reuses it: its dateline dropped and its white space folded."""
    return _SPACE.sub(" ", _DATELINE.sub("", text.strip())).strip()


class EvidenceBook:
    """The sentences of one story's articles, and citations into them numbered by the story's source list."""

    def __init__(self, articles: Mapping[str, Article], numbers: Mapping[str, int]) -> None:
        self.articles = articles
        self.numbers = numbers
        self._sentences: dict[str, list[Sentence]] = {}

    def sentences_of(self, article_id: str) -> list[Sentence]:
        if article_id not in self._sentences:
            self._sentences[article_id] = sentences(self.articles[article_id].text)
        return self._sentences[article_id]

    def cite(self, article_id: str, start: int, end: int, field: str = "text") -> Citation:
        article = self.articles[article_id]
        source = article.title if field == "title" else article.text
        return Citation(
            article_id=article_id,
            source=self.numbers[article_id],
            quote=source[start:end],
            start=start,
            end=end,
            field=field,
        )

    def evidence(self, claim: Claim) -> Citation:
        """The sentence (or sentences) the claim was read from."""
        e = claim.evidence
        return self.cite(e.article_id, e.start, e.end, e.field)

    def quote(self, claim: Claim) -> str:
        return self.evidence(claim).quote

    def lead(self, article_id: str) -> Citation | None:
        """The article's first sentence of at least eight words: the lede its outlet wrote."""
        for s in self.sentences_of(article_id)[:3]:
            if len(reusable(s.text).split()) >= 8 and not is_question(s.text):
                return self.cite(article_id, s.start, s.end)
        return None

    def title(self, article_id: str) -> Citation:
        return self.cite(article_id, 0, len(self.articles[article_id].title), "title")

    def verbatim(self, claim: Claim) -> BriefSentence:
        """The claim's evidence sentence, reused whole, citing itself."""
        cited = self.evidence(claim)
        return BriefSentence(text=reusable(cited.quote), citations=(cited,))

    def names_speaker(self, claim: Claim) -> bool:
        """Whether the claim's sentence names its speaker (not a pronoun or a bare description)."""
        if claim.kind is ClaimKind.OWN:
            return True
        written = claim.speaker_text.strip()
        return bool(written) and any(w[:1].isupper() for w in written.split()[1:] or written.split())

    def rank(self, claim: Claim) -> tuple[int, int, int, int, datetime]:
        """Sort key for choosing among claims that carry the same fact: lower is better."""
        article = self.articles[claim.article_id]
        text = reusable(self.quote(claim))
        return (
            0 if self.names_speaker(claim) else 1,
            1 if _PRONOUN_START.match(text) or is_question(text) else 0,
            1 if article.reprint_of else 0,
            len(text) // 40,
            article.published or _EARLY,
        )

    def best(self, claims: Iterable[Claim]) -> Claim | None:
        """The claim whose sentence reads best on its own (see the module docstring), or None."""
        found = [c for c in claims if c.evidence.field == "text"]
        return min(found, key=self.rank) if found else None

    def readable(self, claim: Claim) -> bool:
        """Whether the claim's sentence can stand alone in a briefing: it does not open with a pronoun or
        ask a question, and it is neither a fragment nor a whole paragraph."""
        text = reusable(self.quote(claim))
        words = len(text.split())
        return 6 <= words <= 60 and not _PRONOUN_START.match(text) and not is_question(text)
