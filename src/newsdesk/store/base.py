"""The storage interface every backend implements.

A backend passes ``newsdesk.store.testing.StoreContract``; nothing outside ``store/`` knows which backend it
talks to. Every method is atomic on its own: it either fully happens or leaves the store as it was.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime
from types import TracebackType

from newsdesk.types import (
    Article,
    BriefingRecord,
    Claim,
    ClaimHit,
    Document,
    FeedState,
    IngestFailure,
    Outlet,
    ReprintLink,
    Revision,
    RunSummary,
    SearchHit,
    Story,
    StoryOrder,
    StoryVector,
    Upsert,
)


class Store(abc.ABC):
    """Articles with their revisions, reprint links, the near-duplicate index, stories, claims, briefings, ingest
    errors and feed state."""

    # --- articles -------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert_document(self, doc: Document, retrieved_at: datetime) -> Upsert:
        """Store ``doc``: a new article, a new revision of a known one, or nothing when already stored.

        A document whose content equals *any* stored revision of its article is unchanged, so re-reading an
        old copy never creates a revision.
        """

    @abc.abstractmethod
    def get_article(self, article_id: str) -> Article | None:
        """The article with this id, or None."""

    @abc.abstractmethod
    def find_article(self, ref: str) -> Article | None:
        """An article by id, by unique id prefix, or by its key (canonical URL)."""

    @abc.abstractmethod
    def list_articles(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Article]:
        """Articles newest first (by publication time, then first seen)."""

    @abc.abstractmethod
    def count_articles(self) -> int: ...

    @abc.abstractmethod
    def revisions(self, article_id: str) -> list[Revision]:
        """Every revision of the article, oldest first."""

    @abc.abstractmethod
    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        """Full-text search over titles and texts; ``query`` is plain words (operators are not interpreted)."""

    @abc.abstractmethod
    def outlets(self) -> list[tuple[Outlet, int]]:
        """Every outlet with its number of articles."""

    # --- reprints --------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def put_signature(self, article_id: str, signature: bytes, bands: Sequence[bytes]) -> None:
        """Remember an article's MinHash signature and its LSH band keys (replacing earlier ones)."""

    @abc.abstractmethod
    def signature_candidates(self, bands: Sequence[bytes]) -> list[tuple[str, bytes]]:
        """Articles sharing at least one band key, with their signatures."""

    @abc.abstractmethod
    def set_reprint(self, link: ReprintLink | None, article_id: str) -> None:
        """Link ``article_id`` to its original (or clear the link when ``link`` is None)."""

    @abc.abstractmethod
    def reprints_of(self, article_id: str) -> list[ReprintLink]:
        """Links of the articles that reprint ``article_id``."""

    # --- stories ---------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def cluster_stats(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """How many articles were clustered, and in how many of them each of ``terms`` occurred."""

    @abc.abstractmethod
    def story_candidates(self, terms: Sequence[str], *, per_term: int) -> list[str]:
        """Stories indexed under any of ``terms``: per term, the ``per_term`` most recently touched ones."""

    @abc.abstractmethod
    def story_vectors(self, story_ids: Sequence[str]) -> list[StoryVector]:
        """The clusterer's state of each existing story among ``story_ids`` (unknown ids are left out)."""

    @abc.abstractmethod
    def assign_article(
        self,
        article_id: str,
        vector: StoryVector,
        *,
        similarity: float,
        doc_terms: Sequence[str],
        index_terms: Sequence[str],
    ) -> None:
        """Record in one transaction that the article joined ``vector.story_id`` (a new story when unknown).

        Saves the story's new state, indexes it under ``index_terms``, counts ``doc_terms`` once more in the
        statistics of :meth:`cluster_stats` and marks the story for a new summary.
        """

    @abc.abstractmethod
    def merge_stories(self, gone: str, into: StoryVector) -> None:
        """Fold story ``gone`` into ``into.story_id``: members, index entries and old ids move; ``gone`` resolves
        to ``into`` from now on."""

    @abc.abstractmethod
    def story_of(self, article_id: str) -> str | None:
        """The story the article belongs to, or None when it is not clustered yet."""

    @abc.abstractmethod
    def unclustered(self, *, limit: int = 500) -> list[Article]:
        """Articles not in any story yet, in the order they arrived."""

    @abc.abstractmethod
    def story_members(self, story_id: str) -> list[tuple[Article, float]]:
        """The story's articles with their similarity when they joined, in the order they joined."""

    @abc.abstractmethod
    def dirty_stories(self, *, limit: int = 500) -> list[str]:
        """Stories whose summary is older than their members."""

    @abc.abstractmethod
    def put_story(self, story: Story) -> None:
        """Save a story's summary (headline, outlets, counts, span, entities, terms); it is no longer dirty."""

    @abc.abstractmethod
    def get_story(self, ref: str) -> Story | None:
        """A story by id, by the id of a story merged into it, or by unique id prefix; None when unknown."""

    @abc.abstractmethod
    def list_stories(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        outlet: str | None = None,
        order: StoryOrder = StoryOrder.RECENT,
        ids: Sequence[str] | None = None,
        limit: int = 50,
        offset: int = 0,
        min_size: int = 1,
    ) -> list[Story]:
        """Stories in ``order`` (see :class:`StoryOrder`; ``recent`` is by last activity, then size, then id).

        A story is active from its first to its last member (publication time, or first seen where undated);
        ``since`` and ``until`` keep the stories whose activity overlaps that window, both ends inclusive (a
        window that ends before it starts holds nothing), and leave out stories with no time at all.
        ``outlet`` keeps the stories with at least one article of that outlet, given by id, or by name or domain
        in any case. ``ids`` keeps only these story ids (as given: a merged id is not resolved); an empty
        sequence gives ``[]``. ``min_size`` counts members; 1 or less leaves out nothing.
        """

    @abc.abstractmethod
    def count_stories(
        self,
        *,
        since: datetime | None = None,
        until: datetime | None = None,
        outlet: str | None = None,
        ids: Sequence[str] | None = None,
        min_size: int = 1,
    ) -> int:
        """How many stories :meth:`list_stories` gives with the same filters (all of them without any)."""

    @abc.abstractmethod
    def stories_of(self, article_ids: Sequence[str]) -> dict[str, str]:
        """Article id → story id, for those of ``article_ids`` that are in a story (others are left out)."""

    @abc.abstractmethod
    def clear_stories(self) -> None:
        """Forget every story, merge and clustering statistic (articles stay), so clustering can start over."""

    # --- claims ---------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def put_claims(self, article_id: str, revision: int, extractor: str, claims: Sequence[Claim]) -> None:
        """Replace the article's claims with ``claims`` (in their order) and record that ``extractor`` read its
        ``revision``. An empty list records that the revision holds no claim."""

    @abc.abstractmethod
    def claims_of(self, article_ids: Sequence[str]) -> list[Claim]:
        """The claims of these articles, article by article in the order given, each article's in text order."""

    @abc.abstractmethod
    def pending_claims(self, extractor: str, *, limit: int = 500, among: Sequence[str] | None = None) -> list[Article]:
        """Articles whose claims are missing, were read from an older revision, or by another extractor, in the
        order they arrived; only those of ``among`` (article ids) when it is given."""

    @abc.abstractmethod
    def get_claim(self, claim_id: str) -> Claim | None:
        """The claim with this id, or None."""

    @abc.abstractmethod
    def search_claims(self, query: str, *, limit: int = 20) -> list[ClaimHit]:
        """Full-text search over the claims' texts and speakers, best first; ``query`` is plain words (operators
        are not interpreted), and a query without words finds nothing."""

    @abc.abstractmethod
    def count_claims(self) -> int: ...

    # --- briefings ------------------------------------------------------------------------------------------
    @abc.abstractmethod
    def add_briefing(self, story_id: str, fingerprint: str, writer: str, written_at: datetime, document: str) -> int:
        """Store a new version of the story's briefing (its JSON document) and return its version number (1, 2, …).

        Versions are counted per story id, as given (a merged id is not resolved here), and only grow; earlier
        versions are kept. Forgetting the stories (:meth:`clear_stories`) keeps the briefings.
        """

    @abc.abstractmethod
    def briefing(self, story_id: str, version: int | None = None) -> BriefingRecord | None:
        """A version of the story's briefing (the latest when ``version`` is None), or None.

        An id merged into another story gives the surviving story's briefings, as :meth:`get_story` does.
        """

    @abc.abstractmethod
    def briefing_versions(self, story_id: str) -> list[BriefingRecord]:
        """Every stored version of the story's briefing, oldest first, with ``document`` left empty.

        A merged id resolves as in :meth:`briefing`.
        """

    @abc.abstractmethod
    def latest_briefings(self, *, limit: int = 50, offset: int = 0) -> list[BriefingRecord]:
        """The latest version of each story's briefing, most recently written first, ``document`` left empty.

        Ties in ``written_at`` go by story id. Briefings kept under an id that was merged into another story are
        left out: that story is reached through its survivor.
        """

    # --- runs, errors and feed state ----------------------------------------------------------------------
    @abc.abstractmethod
    def start_run(self, sources: Iterable[str]) -> int:
        """Open an ingest run and return its id."""

    @abc.abstractmethod
    def finish_run(self, summary: RunSummary) -> None: ...

    @abc.abstractmethod
    def record_failure(self, failure: IngestFailure) -> None: ...

    @abc.abstractmethod
    def failures(self, *, run_id: int | None = None, limit: int = 100) -> list[IngestFailure]:
        """Recorded ingest failures, newest first."""

    @abc.abstractmethod
    def feed_state(self, url: str) -> FeedState | None: ...

    @abc.abstractmethod
    def put_feed_state(self, state: FeedState) -> None: ...

    # --- transactions and lifecycle ------------------------------------------------------------------------
    @abc.abstractmethod
    def atomic(self) -> AbstractContextManager[None]:
        """A block of calls that happens as one: its writes commit together or, when the block raises, not at
        all, and no other writer changes the store while it runs (other writers wait). Calls inside keep their
        own atomicity: one that fails undoes only its own writes."""

    @abc.abstractmethod
    def change_token(self) -> str:
        """An opaque value that changes whenever the store's content may have changed since the last call,
        through this object or any other writer (another object, another process); equal values mean nothing
        changed. Values compare only between calls on the same object. Cheap enough to call on every request.
        """

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
