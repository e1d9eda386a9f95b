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


class StoryOrder(StrEnum):
    """How stories are listed.

    ``recent``: most recently active first (then larger, then by id). ``sources``: most independent sources
    first (:attr:`Story.sources`), then larger, then most recently active, then by id.
    """

    RECENT = "recent"
    SOURCES = "sources"


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
class ClaimHit:
    """A claim found by full-text search: the claim, its text with the matched words in ``[ ]`` (shortened
    with ``…`` where long), and its BM25 rank (lower is better)."""

    claim: Claim
    snippet: str
    rank: float


# Findings: what reconciliation makes of a story's claims.


class FigurePolicy(StrEnum):
    """Which figures of a disputed measure a briefing states.

    ``all`` states every figure with its speaker (the default); ``range`` states the lowest and the highest;
    ``conservative`` states the lowest, with the dispute noted (the rule conflict-event coders such as ACLED use).
    """

    ALL = "all"
    RANGE = "range"
    CONSERVATIVE = "conservative"


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure as one source gives it, in the figure ledger.

    ``speaker`` is who gives the figure; ``via`` is who relayed it, from the speaker outward, ending with the
    outlet whose article it was read in (a newspaper quoted by a wire reprinted by a masthead:
    ``("JoongAng Ilbo", "Wire Agency", "Riverside Gazette")``). ``measure`` and ``subject`` are the canonical
    names reconciliation gives what is counted ("killed", "North Korean soldiers"); ``period`` the time the
    figure is about, when the claim names one. ``quote`` is the evidence sentence, exactly as in the article.
    """

    claim_id: str
    article_id: str
    speaker: str
    via: tuple[str, ...]
    quantity: Quantity
    measure: str
    subject: str
    stance: Stance
    hedge: Hedge
    evidence: Span
    quote: str
    published: datetime | None = None
    period: TimeExpression | None = None


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """Figures about the same measure of the same subject in the same period: the ones that can be compared.

    ``low`` and ``high`` are the spread of the group's figures (range ends included); ``sources`` counts the
    independent outlets behind them (a reprint counts with its original). ``disagreement`` says why the figures
    disagree, or is empty when they agree.
    """

    id: str
    measure: str
    subject: str
    unit: str
    period: str
    figures: tuple[Figure, ...]
    low: float
    high: float
    sources: int
    disagreement: str = ""


class DisagreementKind(StrEnum):
    """What a flagged disagreement is about."""

    FIGURES = "figures"
    """Comparable figures whose values differ."""
    NOT_COMPARABLE = "not-comparable"
    """Figures that look alike but measure different things (killed vs casualties, January vs February)."""
    STANCE = "stance"
    """Some speakers confirm or assert what others deny."""


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A flagged disagreement: its kind, a one-line reason, and the groups or propositions and claims involved."""

    kind: DisagreementKind
    reason: str
    refs: tuple[str, ...]
    claim_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Position:
    """Where one speaker stands on a proposition, with the claim that says so."""

    speaker: str
    stance: Stance
    hedge: Hedge
    claim_id: str
    article_id: str
    evidence: Span
    quote: str


@dataclass(frozen=True, slots=True)
class Proposition:
    """One of a story's central propositions and who asserts, confirms or denies it."""

    id: str
    text: str
    positions: tuple[Position, ...]

    @property
    def confirms(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.stance is not Stance.DENIED)

    @property
    def denies(self) -> tuple[Position, ...]:
        return tuple(p for p in self.positions if p.stance is Stance.DENIED)


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated event: when (``first``…``last`` at ``precision``), what happened, and the claim it was read from."""

    first: date
    last: date
    precision: TimePrecision
    when: str
    text: str
    speaker: str
    claim_id: str
    article_id: str
    evidence: Span
    quote: str


@dataclass(frozen=True, slots=True)
class Findings:
    """Everything reconciliation finds in one story's claims.

    ``sources`` counts independent outlets (reprints count once); ``single_source`` is true below the briefing
    threshold.
    """

    story_id: str
    ledger: tuple[FigureGroup, ...] = ()
    disagreements: tuple[Disagreement, ...] = ()
    propositions: tuple[Proposition, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    sources: int = 0
    single_source: bool = False


# Briefings: what the writer makes of the findings, and what the support checker found.


@dataclass(frozen=True, slots=True)
class Citation:
    """A cited source sentence: ``quote`` is exactly ``article.<field>[start:end]``; ``source`` its number."""

    article_id: str
    source: int
    quote: str
    start: int
    end: int
    field: str = "text"


@dataclass(frozen=True, slots=True)
class BriefSentence:
    """One sentence of a briefing and the source sentences that support it."""

    text: str
    citations: tuple[Citation, ...] = ()


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    sentences: tuple[BriefSentence, ...]


@dataclass(frozen=True, slots=True)
class Source:
    """An entry of a briefing's numbered source list; ``reprint_of`` is the number of the copy it reprints."""

    number: int
    article_id: str
    outlet: str
    title: str
    url: str | None
    published: datetime | None
    reprint_of: int | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A sentence the support checker rejected: where it is (``part``, ``index``), its text and why."""

    part: str
    index: int
    text: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What the support checker found in one briefing.

    ``sentences`` were checked; ``unsupported`` are published sentences that failed (a briefing with any is
    marked as such); ``withheld`` are sentences the writer drafted that failed and were not published.
    ``supporting`` of the ``citations`` support something in their sentence.
    """

    checker: str
    sentences: int
    citations: int
    supporting: int
    unsupported: tuple[Problem, ...] = ()
    withheld: tuple[Problem, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.unsupported

    @property
    def citation_precision(self) -> float:
        return self.supporting / self.citations if self.citations else 1.0


@dataclass(frozen=True, slots=True)
class BriefingChanges:
    """What changed in a story's briefing since version ``since``: figures new or revised, and new sources.

    ``revised`` pairs an earlier figure with the one that replaced it (same speaker, measure and subject).
    """

    since: int
    new_figures: tuple[Figure, ...] = ()
    revised_figures: tuple[tuple[Figure, Figure], ...] = ()
    new_sources: tuple[Source, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.new_figures or self.revised_figures or self.new_sources)


@dataclass(frozen=True, slots=True)
class Briefing:
    """The written summary of a story; every published sentence cites the source sentences that support it.

    ``fingerprint`` identifies what the briefing was written from (members and their revisions, the claim
    extractor, the writer, the figure policy): a story whose fingerprint changed gets a new version.
    ``single_source`` briefings have no sentences, only the sources and findings.
    """

    story: Story
    version: int
    headline: BriefSentence
    lede: tuple[BriefSentence, ...]
    takeaways: tuple[BriefSentence, ...]
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    findings: Findings
    claims: tuple[Claim, ...]
    report: CheckReport
    writer: str
    policy: FigurePolicy
    fingerprint: str
    written_at: datetime | None = None
    single_source: bool = False
    changes: BriefingChanges | None = None

    @property
    def story_id(self) -> str:
        return self.story.id

    def parts(self) -> list[tuple[str, int, BriefSentence]]:
        """Every published sentence with where it sits: ``("headline", 0, …)``, ``("lede", 0, …)``,
        ``("takeaways", i, …)``, ``("sections[j]", i, …)``."""
        out: list[tuple[str, int, BriefSentence]] = []
        if self.headline.text:
            out.append(("headline", 0, self.headline))
        out += [("lede", i, s) for i, s in enumerate(self.lede)]
        out += [("takeaways", i, s) for i, s in enumerate(self.takeaways)]
        for j, section in enumerate(self.sections):
            out += [(f"sections[{j}]", i, s) for i, s in enumerate(section.sentences)]
        return out


@dataclass(frozen=True, slots=True)
class BriefingRun:
    """What one briefing run did: stories reconciled, briefings written, unchanged, single-source, seconds."""

    stories: int = 0
    written: int = 0
    unchanged: int = 0
    single_source: int = 0
    withheld: int = 0
    seconds: float = 0.0


@dataclass(frozen=True, slots=True)
class BriefingRecord:
    """A stored briefing version: the briefing's JSON document (docs/formats.md) and what identifies it."""

    story_id: str
    version: int
    fingerprint: str
    writer: str
    written_at: datetime
    document: str
