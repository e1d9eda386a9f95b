"""The nouns that flow between newsdesk's stages.

Data moves one way: sources → documents → stories → claims → findings → briefings. Every record here is a
frozen dataclass with named fields; nothing in this module does I/O or imports other newsdesk modules.

Ingest produces :class:`Document` records (an article as read once) and :class:`IngestFailure` records (an
item that could not be read). The store keeps each article once, under a stable id derived from its canonical
URL, with every distinct version as a :class:`Revision`; near-duplicate wire copy is linked to its earliest
copy by a :class:`ReprintLink`. :class:`Story`, :class:`Claim` and :class:`Briefing` are the nouns of the later
stages; they are declared here so that every stage speaks the same language.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

_SPACE = re.compile(r"\s+")
_SLUG = re.compile(r"[^a-z0-9]+")


def stable_id(prefix: str, key: str, length: int = 16) -> str:
    """A short deterministic id: ``prefix`` + the first hex digits of SHA-1 over ``key``."""
    return f"{prefix}_{hashlib.sha1(key.encode('utf-8')).hexdigest()[:length]}"


def slugify(text: str) -> str:
    """Lower-case ASCII slug used for outlet ids (``"The Harbour Courier"`` → ``"the-harbour-courier"``)."""
    return _SLUG.sub("-", text.lower()).strip("-") or "unknown"


def content_hash(title: str, text: str) -> str:
    """Hash of an article's visible content, white space folded, so re-reads of the same copy compare equal."""
    folded = _SPACE.sub(" ", f"{title}\n{text}").strip()
    return hashlib.sha256(folded.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Outlet:
    """A publisher (masthead). ``id`` is a slug of its name; ``domain`` the host it publishes on, if known."""

    id: str
    name: str
    domain: str | None = None

    @classmethod
    def named(cls, name: str, domain: str | None = None) -> Outlet:
        return cls(id=slugify(name), name=name.strip(), domain=domain)


class SourceKind(StrEnum):
    """Where an article was read from."""

    FEED = "feed"
    PAGE = "page"
    FILE = "file"
    WARC = "warc"


@dataclass(frozen=True, slots=True)
class Document:
    """One article as read once from one source.

    ``key`` is the identity of the article: its canonical URL when it has one, otherwise a locator of the
    file it came from. ``id`` is derived from ``key``, so the same article read twice gets the same id.
    """

    key: str
    url: str | None
    title: str
    text: str
    outlet: Outlet
    published: datetime | None
    authors: tuple[str, ...] = ()
    language: str | None = None
    source: str = ""
    source_kind: SourceKind = SourceKind.FILE
    modified: datetime | None = None

    @property
    def id(self) -> str:
        return stable_id("a", self.key)

    @property
    def content_hash(self) -> str:
        return content_hash(self.title, self.text)

    @property
    def word_count(self) -> int:
        return len(self.text.split())


@dataclass(frozen=True, slots=True)
class Revision:
    """One distinct version of a stored article; revision numbers start at 1 and only grow."""

    article_id: str
    number: int
    content_hash: str
    title: str
    text: str
    published: datetime | None
    modified: datetime | None
    retrieved_at: datetime
    source: str


@dataclass(frozen=True, slots=True)
class ReprintLink:
    """``article_id`` carries (nearly) the same text as ``original_id``, the earliest known copy."""

    article_id: str
    original_id: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Article:
    """A stored article: its latest revision plus what the store knows about it."""

    id: str
    key: str
    url: str | None
    title: str
    text: str
    outlet: Outlet
    published: datetime | None
    authors: tuple[str, ...]
    language: str | None
    source: str
    source_kind: SourceKind
    first_seen: datetime
    last_seen: datetime
    revision: int
    reprint_of: str | None = None
    reprint_similarity: float | None = None


class UpsertOutcome(StrEnum):
    """What storing a document did."""

    NEW = "new"
    REVISED = "revised"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Upsert:
    article_id: str
    outcome: UpsertOutcome
    revision: int


@dataclass(frozen=True, slots=True)
class IngestFailure:
    """An item that could not be ingested: where, a stable error code, and a one-line message."""

    source: str
    code: str
    message: str
    run_id: int | None = None
    at: datetime | None = None


@dataclass(frozen=True, slots=True)
class FeedState:
    """Validators remembered from a feed's last fetch, for conditional GET."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    checked_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class SearchHit:
    article: Article
    snippet: str
    rank: float


@dataclass(frozen=True, slots=True)
class RunSummary:
    """Counters of one ingest run: items kept, dropped by reason, and seconds spent."""

    run_id: int
    new: int = 0
    revised: int = 0
    unchanged: int = 0
    reprints: int = 0
    not_modified: int = 0
    failed: int = 0
    failures_by_code: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.failed == 0


# The nouns of the later stages. Their fields grow with the stages that produce them.


@dataclass(frozen=True, slots=True)
class Span:
    """A character span in an article's text (``start`` inclusive, ``end`` exclusive)."""

    article_id: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Story:
    """A set of articles about one event, as the store keeps it.

    ``headline`` is the title of one member (``headline_article``), never written by us. ``sources`` counts the
    independent outlets: reprints of wire copy count once, with their original.
    """

    id: str
    headline: str
    headline_article: str
    article_ids: tuple[str, ...]
    outlets: tuple[str, ...] = ()
    sources: int = 0
    first_seen: datetime | None = None
    last_seen: datetime | None = None
    entities: tuple[str, ...] = ()
    terms: tuple[str, ...] = ()
    merged_from: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryVector:
    """The clusterer's working state of one story: its summed term weights, size and publication-time span.

    ``weights`` maps a feature (a word stem, or ``y:`` and a year) to the sum of its weights over the
    members; ``norm2`` is the squared length of that sum. Times are those of the members' publication.
    """

    story_id: str
    weights: dict[str, float]
    norm2: float
    size: int
    first_seen: datetime | None = None
    last_seen: datetime | None = None


@dataclass(frozen=True, slots=True)
class ClusterRun:
    """What one clustering run did: articles clustered, stories started, joins, merges, summaries rewritten."""

    articles: int = 0
    new_stories: int = 0
    joined: int = 0
    merges: int = 0
    summarised: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class StoryUpdate:
    """What clustering did with one article: the story it joined or started, and stories folded into it."""

    article_id: str
    story_id: str
    created: bool
    similarity: float = 0.0
    merged: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Claim:
    """A reported statement: who says what, with the evidence span it was read from."""

    id: str
    article_id: str
    speaker: str
    text: str
    evidence: Span
    extractor: str


@dataclass(frozen=True, slots=True)
class Briefing:
    """The written summary of a story; every sentence cites source spans."""

    story_id: str
    version: int
    headline: str
    sentences: tuple[str, ...] = ()
