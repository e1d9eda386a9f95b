"""What reconciliation needs to know about a story's articles: their texts, reprint chains and outlets.

A claim's offsets count into one field of its article (``text``, or ``title`` when ``evidence.field`` says
so); :meth:`StoryArticles.field` returns that field and :meth:`StoryArticles.quote` the exact evidence
sentence. Wire copy reprinted by another masthead is linked to its original by ``Article.reprint_of``: the
*root* of an article is the original it reprints (followed through chains), and an outlet counts as an
independent source only through its root articles, the way the store counts ``Story.sources``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from datetime import datetime

from newsdesk.types import Article, Claim, Span

_MAX_CHAIN = 8


def moment(when: datetime | None) -> float:
    """A publication time as a number to sort by (unknown times last; naive times read as local)."""
    return when.timestamp() if when is not None else math.inf


class StoryArticles:
    """The member articles of one story, by id, with their reprint chains."""

    def __init__(self, articles: Sequence[Article]) -> None:
        self.by_id: dict[str, Article] = {a.id: a for a in articles}

    def get(self, article_id: str) -> Article | None:
        return self.by_id.get(article_id)

    def field(self, span: Span) -> str:
        """The article text a span counts into ("" when the article is not a member)."""
        article = self.by_id.get(span.article_id)
        if article is None:
            return ""
        return article.title if span.field == "title" else article.text

    def quote(self, span: Span) -> str:
        """Exactly the characters of ``span``."""
        return self.field(span)[span.start : span.end]

    def readable(self, claim: Claim) -> bool:
        """Whether the claim's evidence lies inside its article (so it can be quoted)."""
        text = self.field(claim.evidence)
        return bool(text) and 0 <= claim.evidence.start < claim.evidence.end <= len(text)

    def chain(self, article_id: str) -> list[Article]:
        """The article and the originals it reprints, the earliest copy first, as far as they are members."""
        out: list[Article] = []
        current = self.by_id.get(article_id)
        while current is not None and len(out) < _MAX_CHAIN and current not in out:
            out.append(current)
            current = self.by_id.get(current.reprint_of) if current.reprint_of else None
        return out[::-1]

    def root(self, article_id: str) -> Article | None:
        """The original an article reprints (itself when it is no reprint of a member)."""
        chain = self.chain(article_id)
        return chain[0] if chain else None

    def is_reprint(self, article_id: str) -> bool:
        return len(self.chain(article_id)) > 1

    def relay_outlets(self, article_id: str) -> tuple[str, ...]:
        """The outlets an article's words passed through: the original's outlet first, the article's last."""
        names: list[str] = []
        for article in self.chain(article_id):
            if not names or names[-1] != article.outlet.name:
                names.append(article.outlet.name)
        return tuple(names)

    def independent_outlets(self, article_ids: Iterable[str]) -> set[str]:
        """Distinct outlets of the root articles behind ``article_ids`` (a reprint counts with its original)."""
        outlets: set[str] = set()
        for article_id in article_ids:
            root = self.root(article_id)
            if root is not None:
                outlets.add(root.outlet.id)
        return outlets

    def sources(self) -> int:
        """Independent outlets of the whole story, counted as the store counts ``Story.sources``."""
        ids = set(self.by_id)
        return len({a.outlet.id for a in self.by_id.values() if not a.reprint_of or a.reprint_of not in ids})
