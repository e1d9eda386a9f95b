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
from datetime import date, datetime
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
    """A character span in an article (``start`` inclusive, ``end`` exclusive).

    ``field`` says which of the article's texts the offsets count into: ``"text"`` (the body) or ``"title"``.
    """

    article_id: str
    start: int
    end: int
    field: str = "text"


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


# Claims: what the extractors read in one text. Offsets are characters into the text they were given.

Offsets = tuple[tuple[int, int], ...]
"""Character spans, in text order; more than one where a span is discontinuous (a quote broken by "he said")."""


@dataclass(frozen=True, slots=True)
class Attribution:
    """One reported statement as found in a text: who (source), the reporting words (cue), and what (content).

    ``source`` is empty where the text names no speaker ("It is said that …"). Spans of one role may be
    discontinuous.
    """

    source: Offsets
    cue: Offsets
    content: Offsets


class Change(StrEnum):
    """How a figure is qualified, in NewsQuant's labels."""

    EXACT = "="
    APPROXIMATE = "~"
    UP = "up"
    DOWN = "down"
    MORE_THAN = ">"
    LESS_THAN = "<"


@dataclass(frozen=True, slots=True)
class Quantity:
    """A figure in a text: a value or a range, how it is qualified, what is counted, and of whom.

    ``value`` is the number, or the first end of a range as written; ``high`` is set only for ranges, as the
    second end ("1,000 to 3,000": 1000 and 3000; "from $75 to $45.88": 75 and 45.88).
    ``qualifier`` is the approximation as written ("about", "more than", "up to"), or "". ``unit`` is the unit
    or counted noun as written ("troops", "US$ per barrel") and ``normalized_unit`` its canonical name
    ("dollar per barrel", "troop"), or "-" for a bare number. ``measure`` is what is counted, read from the
    context ("soldiers killed", "casualties", "injured"), and ``whom`` whose it is ("North Korean"), or "".
    """

    start: int
    end: int
    text: str
    value: float
    high: float | None = None
    change: Change = Change.EXACT
    qualifier: str = ""
    unit: str = ""
    normalized_unit: str = "-"
    measure: str = ""
    whom: str = ""

    @property
    def is_range(self) -> bool:
        return self.high is not None


class TimePrecision(StrEnum):
    """How precisely a time expression names its time."""

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    RANGE = "range"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """A time named in a text, normalised against the article's publication time.

    ``first`` and ``last`` are the first and last day it covers (equal for a day); ``precision`` says what was
    named ("in January" is a month, "Thursday" a day, "between March and May" a range).
    """

    start: int
    end: int
    text: str
    first: date
    last: date
    precision: TimePrecision


class Stance(StrEnum):
    """What the speaker does with the content."""

    ASSERTED = "asserted"
    DENIED = "denied"
    CONFIRMED = "confirmed"


class Hedge(StrEnum):
    """How sure the text is, from plainest to least sure."""

    STATED = "stated"
    ATTRIBUTED = "attributed"
    HEDGED = "hedged"
    SPECULATIVE = "speculative"


@dataclass(frozen=True, slots=True)
class StanceReading:
    """The stance and hedge of one statement, with the words that decided them ("reportedly", "denied")."""

    stance: Stance
    hedge: Hedge
    markers: tuple[str, ...] = ()


class ClaimKind(StrEnum):
    """How a claim is reported."""

    QUOTE = "quote"
    REPORTED = "reported"
    OWN = "own"


@dataclass(frozen=True, slots=True)
class Claim:
    """A statement in one article: who says what, how sure, with its figures and times and where it was read.

    ``speaker`` is the resolved speaker ("South Korea's National Intelligence Service"), the outlet's name for
    statements in its own voice; ``speaker_text`` is the source as written ("the agency"). ``evidence`` is the
    sentence (or sentences) the claim was read from; ``source``, ``cue`` and ``content`` are the exact spans,
    in the same field. ``extractor`` is the versioned name of what produced it.
    """

    id: str
    article_id: str
    kind: ClaimKind
    speaker: str
    speaker_text: str
    cue: str
    text: str
    evidence: Span
    source_spans: Offsets
    cue_spans: Offsets
    content_spans: Offsets
    stance: Stance
    hedge: Hedge
    markers: tuple[str, ...] = ()
    quantities: tuple[Quantity, ...] = ()
    times: tuple[TimeExpression, ...] = ()
    extractor: str = ""


@dataclass(frozen=True, slots=True)
class ClaimRun:
    """What one extraction run did: articles read, claims stored, articles that failed (recorded), seconds."""

    articles: int = 0
    claims: int = 0
    failed: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class Briefing:
    """The written summary of a story; every sentence cites source spans."""

    story_id: str
    version: int
    headline: str
    sentences: tuple[str, ...] = ()
