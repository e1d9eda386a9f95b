"""What the pages and the API show, read from the store as JSON-ready records: one builder per page.

The API returns these records as they are and the page templates lay out the same records, so whatever a page
shows the API gives too. Shapes reuse :mod:`newsdesk.export` (articles, stories, claims) and the briefing
document of :mod:`newsdesk.briefing.codec`; ``docs/web.md`` lists them. Unknown ids raise
:class:`~newsdesk.errors.NotFoundError`, which the app turns into a 404.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from newsdesk import export
from newsdesk.briefing import codec
from newsdesk.briefing.formats import SUFFIXES
from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.store.base import Store
from newsdesk.types import Briefing, Claim, FigurePolicy, Story, StoryOrder
from newsdesk.web.cache import VersionCache
from newsdesk.web.charts import FigureChart, figure_charts

PER_PAGE = 30
SEARCH_HITS = 50


@dataclass(frozen=True, slots=True)
class StoryQuery:
    """The stories page's question: words to search for, filters, order and page."""

    q: str = ""
    outlet: str = ""
    since: date | None = None
    until: date | None = None
    sort: StoryOrder = StoryOrder.RECENT
    page: int = 1

    @classmethod
    def parse(
        cls,
        q: str | None = None,
        outlet: str | None = None,
        since: str | None = None,
        until: str | None = None,
        sort: str | None = None,
        page: int | None = None,
    ) -> StoryQuery:
        """From query parameters; a malformed one raises ND001 (the app answers 400 with the reason)."""
        try:
            order = StoryOrder(sort) if sort else StoryOrder.RECENT
        except ValueError:
            raise ConfigError(f"sort={sort!r} is unknown; use recent or sources") from None
        if page is not None and page < 1:
            raise ConfigError("page must be 1 or more")
        return cls(
            q=" ".join((q or "").split())[:200],
            outlet=(outlet or "").strip(),
            since=_day(since, "since"),
            until=_day(until, "until"),
            sort=order,
            page=page or 1,
        )

    def params(self) -> dict[str, str]:
        """The query as URL parameters (only those set), to build links that keep it."""
        values = {
            "q": self.q,
            "outlet": self.outlet,
            "since": self.since.isoformat() if self.since else "",
            "until": self.until.isoformat() if self.until else "",
            "sort": self.sort.value if self.sort is not StoryOrder.RECENT else "",
        }
        return {k: v for k, v in values.items() if v}


def _day(value: str | None, name: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a date; use YYYY-MM-DD") from None


def story_summary(story: Story, min_sources: int) -> dict[str, Any]:
    """A story as the stories page lists it."""
    data = export.story(story)
    del data["article_ids"], data["terms"]
    data["href"] = f"/stories/{story.id}"
    data["single_source"] = story.sources < min_sources
    return data


def stories_page(store: Store, query: StoryQuery, *, min_sources: int) -> dict[str, Any]:
    """The stories page: matching stories (newest or most covered first), search hits in articles and claims."""
    ids: list[str] | None = None
    articles: list[dict[str, Any]] = []
    claims: list[dict[str, Any]] = []
    if query.q:
        hits = store.search(query.q, limit=SEARCH_HITS)
        claim_hits = store.search_claims(query.q, limit=SEARCH_HITS)
        found = [h.article.id for h in hits] + [c.claim.article_id for c in claim_hits]
        story_of = store.stories_of(found)
        ids = list(dict.fromkeys(story_of[a] for a in found if a in story_of))
        articles = [
            {**export.hit(h), "href": f"/articles/{h.article.id}", "story": story_of.get(h.article.id)} for h in hits
        ]
        claims = [
            {
                **export.claim(c.claim),
                "snippet": c.snippet,
                "href": f"/articles/{c.claim.article_id}#claim-{c.claim.id}",
                "story": story_of.get(c.claim.article_id),
            }
            for c in claim_hits
        ]
    since = datetime.combine(query.since, time.min, UTC) if query.since else None
    until = datetime.combine(query.until, time.max, UTC) if query.until else None
    outlet = query.outlet or None
    offset = (query.page - 1) * PER_PAGE
    found_stories = store.list_stories(
        since=since, until=until, outlet=outlet, order=query.sort, ids=ids, limit=PER_PAGE + 1, offset=offset
    )
    total = store.count_stories(since=since, until=until, outlet=outlet, ids=ids)
    return {
        "query": {**query.params(), "page": query.page},
        "stories": [story_summary(s, min_sources) for s in found_stories[:PER_PAGE]],
        "total": total,
        "page": query.page,
        "per_page": PER_PAGE,
        "has_next": len(found_stories) > PER_PAGE,
        "articles": articles,
        "claims": claims,
        "min_sources": min_sources,
    }


def outlets(store: Store) -> list[dict[str, Any]]:
    return [export.outlet(o, n) for o, n in store.outlets()]


@dataclass(frozen=True, slots=True)
class Version:
    """One briefing version as the story page needs it: the :class:`Briefing` without its claims (the page shows
    the findings and sentences, which quote what they need; the claims are most of a stored document), the
    figure charts and the grouped sources. ``size`` is the length of the stored document.

    A stored version never changes, so the app keeps these across store changes (``web/cache.py``)."""

    briefing: Briefing
    size: int
    charts: tuple[FigureChart, ...]
    chart_records: tuple[dict[str, Any], ...]
    sources: tuple[dict[str, Any], ...]

    @classmethod
    def read(cls, text: str) -> Version:
        document = json.loads(text)
        document["claims"] = []
        briefing = codec.from_dict(document)
        charts = tuple(figure_charts(briefing))
        records = tuple(asdict(c) for c in charts)
        return cls(briefing, len(text), charts, records, tuple(grouped_sources(briefing)))

    @property
    def weight(self) -> int:
        """Roughly the bytes it holds (measured: the decoded objects take under half their document's length)."""
        return self.size // 2 + 4096


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story with one version of its briefing: the decoded version for the page, ``data`` for the API (which
    adds the briefing document, ``version.text``, as its ``briefing``)."""

    story: Story
    version: Version
    data: dict[str, Any]
    document: Callable[[], str]
    """The briefing's JSON document as stored (read again when called)."""

    @property
    def briefing(self) -> Briefing:
        return self.version.briefing

    @property
    def key(self) -> tuple[Any, ...] | None:
        """Everything the story page shows, as a cache key: the version shown and the story's facts around it;
        None for a briefing written for the view (not stored), which depends on the whole story."""
        if not self.data["stored"]:
            return None
        s = self.story
        return (s.id, self.data["version"], self.data["latest_version"], s.sources, s.headline, len(s.article_ids))


def find_story(store: Store, ref: str) -> Story:
    story = store.get_story(ref)
    if story is None:
        raise NotFoundError(f"no story {ref!r}; the stories page lists them")
    return story


def story_page(
    store: Store,
    ref: str,
    *,
    version: int | None = None,
    policy: FigurePolicy,
    min_sources: int,
    decoded: VersionCache | None = None,
) -> StoryView:
    """A story and one version of its briefing (the latest by default), its versions, charts and sources.

    A story that has no stored briefing yet (ingested by ``newsdesk ingest`` and never briefed) gets one written
    in memory and marked ``stored: false``; nothing is written to the store by a page view. ``decoded`` keeps
    decoded versions between calls.
    """
    story = find_story(store, ref)
    records = store.briefing_versions(story.id)
    numbers = [r.version for r in records]
    if version is not None and version not in numbers:
        raise NotFoundError(f"story {story.id} has no briefing version {version}; the story page lists its versions")
    shown = version if version is not None else (numbers[-1] if numbers else None)
    if shown is not None:
        number = shown

        def document() -> str:
            record = store.briefing(story.id, number)
            if record is None:  # pragma: no cover - listed a moment ago; versions are never deleted
                raise NotFoundError(f"story {story.id} has no briefing version {number}")
            return record.document

        def load() -> Version:
            return Version.read(document())

        found = decoded.get_or_make((story.id, number), load) if decoded is not None else load()
    else:
        text = _unstored_briefing(store, story, policy, min_sources)
        found = Version.read(text)

        def document() -> str:
            return text

    versions = [
        {
            "version": r.version,
            "written_at": export.iso(r.written_at),
            "writer": r.writer,
            "href": f"/stories/{story.id}?version={r.version}",
        }
        for r in records
    ]
    latest = numbers[-1] if numbers else None
    data = {
        "story": story_summary(story, min_sources),
        "version": shown,
        "latest_version": latest,
        "stored": shown is not None,
        "versions": versions,
        "charts": list(found.chart_records),
        "sources": list(found.sources),
        "downloads": {
            ("markdown" if fmt == "md" else fmt): f"/stories/{story.id}/briefing.{suffix}"
            + (f"?version={shown}" if shown and shown != latest else "")
            for fmt, suffix in SUFFIXES.items()
        },
    }
    return StoryView(story, found, data, document)


def _unstored_briefing(store: Store, story: Story, policy: FigurePolicy, min_sources: int) -> str:
    """The JSON document of a briefing written now for a story that has none stored."""
    from newsdesk.briefing.compose import write_briefing

    articles = [a for a, _ in store.story_members(story.id)]
    claims = store.claims_of([a.id for a in articles])
    briefing = write_briefing(story, articles, claims, policy=policy, min_sources=min_sources, version=0)
    return json.dumps(codec.to_dict(briefing, {a.id: a for a in articles}), ensure_ascii=False)


def grouped_sources(briefing: Briefing) -> list[dict[str, Any]]:
    """The numbered sources with each reprint listed under the copy it reprints (originals in number order)."""
    entries: dict[int, dict[str, Any]] = {
        s.number: {
            "number": s.number,
            "article_id": s.article_id,
            "href": f"/articles/{s.article_id}",
            "outlet": s.outlet,
            "title": s.title or s.url or s.article_id,
            "url": s.url,
            "published": export.iso(s.published),
            "reprint_of": s.reprint_of,
            "reprints": [],
        }
        for s in briefing.sources
    }
    top: list[dict[str, Any]] = []
    for number in sorted(entries):
        entry = entries[number]
        original = entries.get(entry["reprint_of"]) if entry["reprint_of"] is not None else None
        if original is not None and original is not entry:
            original["reprints"].append(entry)
        else:
            top.append(entry)
    return top


def article_page(store: Store, ref: str) -> dict[str, Any]:
    """An article: its text cut into plain and claim segments, its claims, revisions, reprints and story."""
    article = store.find_article(ref)
    if article is None:
        raise NotFoundError(f"no article {ref!r}; search for it on the stories page")
    claims = store.claims_of([article.id])
    original = store.get_article(article.reprint_of) if article.reprint_of else None
    reprints = []
    for link in store.reprints_of(article.id):
        copy = store.get_article(link.article_id)
        if copy is not None:
            reprints.append({**export.article(copy), "href": f"/articles/{copy.id}", "similarity": link.similarity})
    story_id = store.story_of(article.id)
    return {
        "article": export.article(article, text=True),
        "story": {"id": story_id, "href": f"/stories/{story_id}"} if story_id else None,
        "claims": [{**export.claim(c), "anchor": f"claim-{c.id}"} for c in claims],
        "title_segments": segments(article.title, claims, "title"),
        "segments": segments(article.text, claims, "text"),
        "revisions": [export.revision(r) for r in store.revisions(article.id)],
        "reprint_of": {**export.article(original), "href": f"/articles/{original.id}"} if original else None,
        "reprints": reprints,
    }


def segments(text: str, claims: list[Claim], field: str) -> list[dict[str, Any]]:
    """``text`` cut at the evidence spans of ``claims`` read from ``field``: ``{"text", "claim"}`` pieces in order,
    ``claim`` the id of the claim whose evidence a piece is (None between them). Where evidence spans overlap the
    earlier claim keeps the text."""
    spans = sorted(
        (c.evidence.start, c.evidence.end, c.id)
        for c in claims
        if c.evidence.field == field and 0 <= c.evidence.start < c.evidence.end <= len(text)
    )
    pieces: list[dict[str, Any]] = []
    at = 0
    for start, end, claim_id in spans:
        if end <= at:
            continue
        start = max(start, at)
        if start > at:
            pieces.append({"text": text[at:start], "claim": None})
        pieces.append({"text": text[start:end], "claim": claim_id})
        at = end
    if at < len(text):
        pieces.append({"text": text[at:], "claim": None})
    return pieces


def paragraphs(pieces: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Segments (from :func:`segments`) regrouped into paragraphs at blank lines (or single line breaks), a claim's
    piece split where its evidence crosses a paragraph break."""
    out: list[list[dict[str, Any]]] = [[]]
    for piece in pieces:
        parts = piece["text"].replace("\r\n", "\n").split("\n")
        for i, part in enumerate(parts):
            if i and out[-1]:
                out.append([])
            if part:
                out[-1].append({"text": part, "claim": piece["claim"]})
    return [p for p in out if any(x["text"].strip() for x in p)]
