"""RSS 0.9x/1.0/2.0 and Atom feeds, and OPML subscription lists.

feedparser reads every feed dialect and sanitises entry HTML; it is always given bytes, never a URL or path,
so it never fetches anything itself. An entry whose content is a full article becomes a :class:`Document`
here; one that carries only a summary is returned as a link for the ingester to follow.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime

import feedparser
import lxml.html
from lxml import etree

from newsdesk.errors import FeedParseError
from newsdesk.ingest.urls import canonical_url, host_of, is_http_url
from newsdesk.types import Document, Outlet, SourceKind

_FEED_START = re.compile(rb"<(rss|feed|rdf:RDF|RDF)[\s>]", re.IGNORECASE)
_OPML_START = re.compile(rb"<opml[\s>]", re.IGNORECASE)
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "tr", "br"}


@dataclass(frozen=True, slots=True)
class FeedEntry:
    link: str | None
    title: str
    content_html: str
    summary_html: str
    published: datetime | None
    authors: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    title: str
    link: str | None
    language: str | None
    entries: tuple[FeedEntry, ...]


def looks_like_feed(data: bytes) -> bool:
    return bool(_FEED_START.search(data[:4096]))


def looks_like_opml(data: bytes) -> bool:
    return bool(_OPML_START.search(data[:4096]))


def html_to_text(html: str) -> str:
    """Paragraph text of an HTML fragment: one paragraph per block element, blank lines between."""
    if not html.strip():
        return ""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return re.sub(r"<[^>]+>", " ", html).strip()
    for bad in root.xpath("//script|//style"):
        bad.drop_tree()
    paragraphs: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            paragraphs.append(text)
        current.clear()

    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            if tag in _BLOCKS:
                flush()
            if element.text:
                current.append(element.text)
        else:
            if tag in _BLOCKS:
                flush()
            if element.tail and element is not root:
                current.append(element.tail)
    flush()
    return "\n\n".join(paragraphs)


def _time(parsed: object) -> datetime | None:
    if not parsed:
        return None
    try:
        return datetime(*parsed[:6], tzinfo=UTC)  # type: ignore[index,misc]
    except (TypeError, ValueError):
        return None


def parse_feed(data: bytes, source: str) -> ParsedFeed:
    """Parse a feed; raises FeedParseError when it is not a feed or is too broken to give any entry."""
    parsed = feedparser.parse(io.BytesIO(data), sanitize_html=True, resolve_relative_uris=True)
    if not parsed.get("version") and not parsed.entries:
        raise FeedParseError(f"{source} is not an RSS or Atom feed")
    channel = parsed.feed
    entries = []
    for entry in parsed.entries:
        contents = entry.get("content") or []
        content_html = max((c.get("value", "") for c in contents), key=len, default="")
        if not (entry.get("link") or entry.get("title") or content_html or entry.get("summary")):
            continue  # an empty shell, as broken XML leaves behind
        authors = tuple(a.get("name", "") for a in entry.get("authors", []) if a.get("name"))
        if not authors and entry.get("author"):
            authors = (entry["author"],)
        entries.append(
            FeedEntry(
                link=entry.get("link"),
                title=" ".join((entry.get("title") or "").split()),
                content_html=content_html,
                summary_html=entry.get("summary", "") or "",
                published=_time(entry.get("published_parsed") or entry.get("updated_parsed")),
                authors=authors,
            )
        )
    if parsed.get("bozo") and not entries:
        problem = parsed.get("bozo_exception")
        raise FeedParseError(f"{source} is not a readable RSS/Atom feed: {str(problem)[:160] or 'malformed'}")
    return ParsedFeed(
        title=" ".join((channel.get("title") or "").split()),
        link=channel.get("link"),
        language=(channel.get("language") or None),
        entries=tuple(entries),
    )


def feed_outlet(feed: ParsedFeed, feed_url: str | None) -> Outlet:
    domain = host_of(feed.link) if feed.link and is_http_url(feed.link) else None
    domain = domain or (host_of(feed_url) if feed_url and is_http_url(feed_url) else None)
    return Outlet.named(feed.title or domain or "Unknown feed", domain)


def entry_document(
    entry: FeedEntry, feed: ParsedFeed, *, source: str, outlet: Outlet, min_words: int
) -> Document | None:
    """The entry as a Document when it carries the article; None when only a summary (follow the link)."""
    text = html_to_text(entry.content_html)
    if len(text.split()) < min_words:
        summary = html_to_text(entry.summary_html)
        if len(summary.split()) >= min_words:
            text = summary
        else:
            return None
    url = canonical_url(entry.link) if entry.link and is_http_url(entry.link) else None
    return Document(
        key=url or f"feed:{source}#{entry.title}",
        url=url,
        title=entry.title or text.split("\n", 1)[0][:200],
        text=text,
        outlet=outlet,
        published=entry.published,
        authors=entry.authors,
        language=(feed.language or "").split("-")[0].lower() or None,
        source=source,
        source_kind=SourceKind.FEED,
    )


def parse_opml(data: bytes, source: str) -> list[str]:
    """The feed URLs (``xmlUrl``) of an OPML subscription list, in document order, without duplicates."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=False, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise FeedParseError(f"{source} is not a readable OPML list: {exc}") from exc
    urls = [o.get("xmlUrl") or o.get("xmlurl") for o in root.iter("outline")]
    found = list(dict.fromkeys(u.strip() for u in urls if u and u.strip()))
    if not found:
        raise FeedParseError(f"{source} is an OPML list without any feed (no outline has an xmlUrl)")
    return found
