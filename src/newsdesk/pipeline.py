"""How the stages compose, and the per-stage counters.

Today the pipeline is ingest (sources → documents → store, with reprint links) followed by clustering
(new articles → stories). Each stage counts what it kept and what it dropped by reason instead of raising;
:class:`Counters` turns ingest's counts into the :class:`RunSummary` that the store records and the CLI prints,
and clustering reports a :class:`ClusterRun`.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import ClusterRun, IngestFailure, RunSummary, UpsertOutcome


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
