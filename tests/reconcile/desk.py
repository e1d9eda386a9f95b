"""A small news desk for the reconciliation tests: articles written here, claims read off them by hand.

Each test writes a few articles and says, sentence by sentence, who says what; the figures and times of each
claim are read by the real claim-stage rules (``extract_quantities`` and ``find_times``), so the claims look
like the ones the pipeline stores, while speaker, stance and hedge stay under the test's control.
"""

from __future__ import annotations

from datetime import UTC, datetime

from newsdesk.claims.quantities import extract_quantities
from newsdesk.claims.timex import find_times
from newsdesk.reconcile import reconcile
from newsdesk.types import (
    Article,
    Claim,
    ClaimKind,
    Findings,
    Hedge,
    Outlet,
    SourceKind,
    Span,
    Stance,
    Story,
    stable_id,
)

DAY = datetime(2025, 2, 14, 9, 0, tzinfo=UTC)


class Desk:
    """Articles and their claims for one story."""

    def __init__(self) -> None:
        self.articles: list[Article] = []
        self.claims: list[Claim] = []

    def article(
        self, outlet: str, text: str, *, published: datetime = DAY, reprint_of: Article | None = None, title: str = ""
    ) -> Article:
        n = len(self.articles) + 1
        key = f"https://{Outlet.named(outlet).id}.example/story-{n}"
        article = Article(
            id=stable_id("a", key),
            key=key,
            url=key,
            title=title or f"{outlet} story {n}",
            text=text,
            outlet=Outlet.named(outlet),
            published=published,
            authors=(),
            language="en",
            source="desk",
            source_kind=SourceKind.FILE,
            first_seen=published,
            last_seen=published,
            revision=1,
            reprint_of=reprint_of.id if reprint_of is not None else None,
        )
        self.articles.append(article)
        return article

    def says(
        self,
        article: Article,
        sentence: str,
        speaker: str = "",
        *,
        content: str | None = None,
        stance: Stance = Stance.ASSERTED,
        hedge: Hedge | None = None,
        kind: ClaimKind | None = None,
    ) -> Claim:
        """A claim read from ``sentence`` of ``article``; its content is ``content`` (default: the sentence).

        With no ``speaker`` the sentence is the outlet's own voice.
        """
        text = article.text
        start = text.index(sentence)
        end = start + len(sentence)
        c_start = text.index(content, start) if content is not None else start
        c_end = c_start + len(content) if content is not None else end
        own = not speaker
        kind = kind or (ClaimKind.OWN if own else ClaimKind.REPORTED)
        hedge = hedge or (Hedge.STATED if own else Hedge.ATTRIBUTED)
        claim = Claim(
            id=stable_id("c", f"{article.id}|{start}|{c_start}|{len(self.claims)}"),
            article_id=article.id,
            kind=kind,
            speaker=speaker or article.outlet.name,
            speaker_text=speaker,
            cue="",
            text=text[c_start:c_end],
            evidence=Span(article.id, start, end),
            source_spans=(),
            cue_spans=(),
            content_spans=((c_start, c_end),),
            stance=stance,
            hedge=hedge,
            quantities=tuple(extract_quantities(text, c_start, c_end)),
            times=tuple(find_times(text, article.published, start, end)),
            extractor="desk/1",
        )
        self.claims.append(claim)
        return claim

    def story(self) -> Story:
        return Story(
            id="s_desk",
            headline=self.articles[0].title if self.articles else "",
            headline_article=self.articles[0].id if self.articles else "",
            article_ids=tuple(a.id for a in self.articles),
        )

    def findings(self, *, min_sources: int = 2) -> Findings:
        return reconcile(self.story(), self.articles, self.claims, min_sources=min_sources)
