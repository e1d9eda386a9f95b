"""The storage interface every backend implements.

A backend passes ``newsdesk.store.testing.StoreContract``; nothing outside ``store/`` knows which backend it
talks to. Every method is atomic on its own: it either fully happens or leaves the store as it was.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from datetime import datetime
from types import TracebackType

from newsdesk.types import (
    Article,
    Document,
    FeedState,
    IngestFailure,
    Outlet,
    ReprintLink,
    Revision,
    RunSummary,
    SearchHit,
    Upsert,
)


class Store(abc.ABC):
    """Articles with their revisions, reprint links, the near-duplicate index, ingest errors and feed state."""

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

    # --- lifecycle -------------------------------------------------------------------------------------------
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
