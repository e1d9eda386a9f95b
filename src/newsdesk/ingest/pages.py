"""HTML article pages → :class:`Document`, with trafilatura for the text and the page's own metadata.

trafilatura finds the article body among navigation, teasers and footers, and reads title, author, site
name and date. The page's ``<head>`` is read first for what trafilatura gives less precisely: the full
publication timestamp with its zone (``article:published_time``, JSON-LD ``datePublished``, ``<time>``), the
modification time, the language, and the canonical link (trusted only when it stays on the same site).
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin

import lxml.html
from lxml import etree
from trafilatura import bare_extraction

from newsdesk.errors import BadURLError, ExtractionError
from newsdesk.ingest.urls import canonical_url, host_of, is_http_url, same_site
from newsdesk.types import Document, Outlet, SourceKind

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date.issued",
    "dcterms.created",
    "sailthru.date",
    "parsely-pub-date",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "dcterms.modified",
    "last-modified",
)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")
MIN_WORDS = 25


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page declares about itself."""

    title: str | None = None
    site_name: str | None = None
    canonical: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    language: str | None = None
    authors: tuple[str, ...] = ()


def parse_time(value: str | None) -> datetime | None:
    """An ISO 8601 or RFC 822 timestamp; None when it cannot be read. Naive times are taken as UTC."""
    if not value:
        return None
    text = value.strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _json_ld(tree: lxml.html.HtmlElement) -> dict[str, str]:
    found: dict[str, str] = {}
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except ValueError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if isinstance(item, dict):
                for key in ("datePublished", "dateModified", "headline", "inLanguage"):
                    if isinstance(item.get(key), str):
                        found.setdefault(key, item[key])
    return found


def read_meta(tree: lxml.html.HtmlElement) -> PageMeta:
    metas: dict[str, str] = {}
    for meta in tree.iter("meta"):
        name = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip().lower()
        content = meta.get("content")
        if name and content and name not in metas:
            metas[name] = content.strip()
    ld = _json_ld(tree)
    canonical = next(
        (
            link.get("href")
            for link in tree.iter("link")
            if (link.get("rel") or "").lower() == "canonical" and link.get("href")
        ),
        None,
    )
    published = next((t for k in _PUBLISHED_META if (t := parse_time(metas.get(k)))), None)
    published = published or parse_time(ld.get("datePublished"))
    if published is None:
        times = tree.xpath("//time[@datetime]/@datetime")
        published = parse_time(str(times[0])) if times else None
    modified = next((t for k in _MODIFIED_META if (t := parse_time(metas.get(k)))), None)
    modified = modified or parse_time(ld.get("dateModified"))
    language = tree.get("lang") or metas.get("og:locale") or metas.get("content-language") or ld.get("inLanguage")
    author = metas.get("author") or metas.get("article:author") or metas.get("dc.creator")
    authors = tuple(a for a in _AUTHOR_SPLIT.split(author) if a) if author and "://" not in author else ()
    return PageMeta(
        title=metas.get("og:title") or ld.get("headline"),
        site_name=metas.get("og:site_name") or metas.get("application-name"),
        canonical=canonical,
        published=published,
        modified=modified,
        language=language.replace("_", "-").split("-")[0].lower() if language else None,
        authors=authors,
    )


def _strip_title(text: str, title: str) -> str:
    """trafilatura repeats the headline as the first line of the text; drop it."""
    first, _, rest = text.partition("\n")
    if first.strip() == title.strip():
        return rest.lstrip("\n")
    return text


def extract_page(
    html: str,
    *,
    url: str | None,
    source: str,
    kind: SourceKind,
    outlet: Outlet | None = None,
) -> Document:
    """Extract the article of one HTML page; raises ExtractionError when there is no article text."""
    try:
        tree = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{source} is not readable HTML: {exc}") from exc
    meta = read_meta(tree)
    page_url = canonical_url(url) if url else None
    declared = urljoin(url or "", meta.canonical) if meta.canonical else None
    # A page's canonical link is trusted only on its own site: a hostile page cannot claim another's article.
    if declared and is_http_url(declared) and (page_url is None or same_site(declared, page_url)):
        with contextlib.suppress(BadURLError):
            page_url = canonical_url(declared)
    try:
        result = bare_extraction(
            tree, url=page_url, with_metadata=True, include_comments=False, include_tables=False, fast=False
        )
    except Exception as exc:  # the extractor's own failures on odd markup must not end the run
        raise ExtractionError(f"{source}: the extractor failed on this page ({type(exc).__name__}: {exc})") from exc
    extracted = result.as_dict() if result is not None and hasattr(result, "as_dict") else (result or {})
    title = (meta.title or extracted.get("title") or "").strip()
    text = (extracted.get("text") or "").strip()
    text = _strip_title(text, title) if title else text
    text = "\n\n".join(line.strip() for line in text.split("\n") if line.strip())
    if len(text.split()) < MIN_WORDS:
        raise ExtractionError(
            f"{source}: no article text found ({len(text.split())} words); is it an index or a paywall page?"
        )
    if not title:
        title = text.split("\n", 1)[0][:200]
    authors = meta.authors or tuple(a for a in _AUTHOR_SPLIT.split(extracted.get("author") or "") if a and len(a) < 80)
    published = meta.published
    if published is None and extracted.get("date"):
        published = parse_time(str(extracted["date"]))
    if outlet is None:
        name = meta.site_name or extracted.get("sitename") or (host_of(page_url) if page_url else None)
        outlet = Outlet.named(name or "Unknown outlet", host_of(page_url) if page_url else None)
    return Document(
        key=page_url or f"{kind.value}:{source}",
        url=page_url,
        title=title,
        text=text,
        outlet=outlet,
        published=published,
        authors=authors,
        language=meta.language or extracted.get("language"),
        source=source,
        source_kind=kind,
        modified=meta.modified,
    )
