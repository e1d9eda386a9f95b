"""How the stages compose, and the per-stage counters.

Today the pipeline is ingest (sources → documents → store, with reprint links), clustering (new articles →
stories) and claim extraction (new or changed articles → claims). Each stage counts what it kept and what it
dropped by reason instead of raising: :class:`Counters` turns ingest's counts into the :class:`RunSummary` that
the store records and the CLI prints, clustering reports a :class:`ClusterRun` and extraction a
:class:`ClaimRun`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsdesk.errors import ClaimError, ModelError
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import ClaimRun, ClusterRun, IngestFailure, RunSummary, UpsertOutcome

if TYPE_CHECKING:
    from newsdesk.claims.extract import ClaimExtractor


@dataclass
class Counters:
    """Mutable tallies of one run; ``summary()`` freezes them."""

    run_id: int
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    reprints: int = 0
    not_modified: int = 0
    started: float = field(default_factory=time.perf_counter)

    def stored(self, outcome: UpsertOutcome) -> None:
        self.outcomes[outcome.value] += 1

    def failed(self, code: str) -> None:
        self.failures[code] += 1

    def summary(self) -> RunSummary:
        return RunSummary(
            run_id=self.run_id,
            new=self.outcomes[UpsertOutcome.NEW.value],
            revised=self.outcomes[UpsertOutcome.REVISED.value],
            unchanged=self.outcomes[UpsertOutcome.UNCHANGED.value],
            reprints=self.reprints,
            not_modified=self.not_modified,
            failed=sum(self.failures.values()),
            failures_by_code=dict(sorted(self.failures.items())),
            seconds=time.perf_counter() - self.started,
        )


def run_ingest(
    store: Store,
    sources: Sequence[str],
    settings: Settings,
    *,
    on_failure: Callable[[IngestFailure], None] | None = None,
) -> RunSummary:
    """Ingest ``sources`` (paths, folders, URLs, feeds, OPML lists, WARC files) into ``store``."""
    from newsdesk.ingest.ingester import Ingester

    with Ingester(store, settings, on_failure=on_failure) as ingester:
        return ingester.run(sources)


def run_clustering(store: Store) -> ClusterRun:
    """Put every article that is not in a story yet into one, in arrival order, and refresh story summaries."""
    from newsdesk.cluster.stories import cluster_new

    return cluster_new(store)


def rebuild_stories(store: Store) -> ClusterRun:
    """Forget every story and cluster the whole store again (after the clusterer changed)."""
    store.clear_stories()
    return run_clustering(store)


def run_claims(
    store: Store,
    extractor: ClaimExtractor | None = None,
    *,
    on_failure: Callable[[IngestFailure], None] | None = None,
    batch: int = 200,
) -> ClaimRun:
    """Extract the claims of every article that has none from the current extractor and revision.

    An article the extractor fails on is recorded as a failure (``newsdesk errors``) with no claims, so the run
    goes on and the article is tried again when the extractor changes. A missing model stops the run.
    """
    from newsdesk.claims.extract import ClaimExtractor

    extractor = extractor or ClaimExtractor()
    name = extractor.name
    started = time.perf_counter()
    articles = claims = failed = 0
    while True:
        pending = store.pending_claims(name, limit=batch)
        if not pending:
            break
        for article in pending:
            try:
                found = extractor.extract(article)
            except ModelError:
                raise
            except Exception as exc:  # one article's failure must not stop the run
                error = exc if isinstance(exc, ClaimError) else ClaimError(f"claim extraction failed: {exc!r}")
                failure = IngestFailure(source=article.id, code=error.code, message=error.message, at=datetime.now(UTC))
                store.record_failure(failure)
                if on_failure is not None:
                    on_failure(failure)
                found = []
                failed += 1
            store.put_claims(article.id, article.revision, name, found)
            articles += 1
            claims += len(found)
    return ClaimRun(articles=articles, claims=claims, failed=failed, seconds=time.perf_counter() - started)
