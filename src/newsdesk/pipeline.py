"""How the stages compose, and the per-stage counters.

The pipeline is ingest (sources → documents → store, with reprint links), clustering (new articles →
stories), claim extraction (new or changed articles → claims) and briefing (changed stories → findings → a new
checked briefing version). Each stage counts what it kept and what it dropped by reason instead of raising:
:class:`Counters` turns ingest's counts into the :class:`RunSummary` that the store records and the CLI
prints, clustering reports a :class:`ClusterRun`, extraction a :class:`ClaimRun` and briefing a
:class:`BriefingRun`.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from newsdesk.errors import BriefingError, ClaimError, ModelError
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import (
    Briefing,
    BriefingRun,
    ClaimRun,
    ClusterRun,
    FigurePolicy,
    IngestFailure,
    RunSummary,
    Story,
    Upsert,
    UpsertOutcome,
)

if TYPE_CHECKING:
    from newsdesk.briefing.writer import Writer
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
    on_stored: Callable[[Upsert], None] | None = None,
) -> RunSummary:
    """Ingest ``sources`` (paths, folders, URLs, feeds, OPML lists, WARC files) into ``store``; ``on_stored`` hears
    of every document stored (new, revised or unchanged) as it happens."""
    from newsdesk.ingest.ingester import Ingester

    with Ingester(store, settings, on_failure=on_failure, on_stored=on_stored) as ingester:
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


def brief_story(
    store: Store,
    story: Story,
    *,
    writer: Writer | None = None,
    policy: FigurePolicy = FigurePolicy.ALL,
    min_sources: int = 2,
    force: bool = False,
) -> tuple[Briefing, bool]:
    """The latest briefing of ``story``, written and stored as a new version when the story changed since the
    last one (or ``force``); returns it and whether it is new."""
    from newsdesk.briefing import codec
    from newsdesk.briefing.compose import fingerprint, write_briefing
    from newsdesk.briefing.writer import TemplateWriter

    writer = writer or TemplateWriter()
    articles = [a for a, _ in store.story_members(story.id)]
    claims = store.claims_of([a.id for a in articles])
    wanted = fingerprint(story, articles, claims, writer=writer.name, policy=policy, min_sources=min_sources)
    latest = store.briefing(story.id)
    previous = codec.from_dict(json.loads(latest.document)) if latest is not None else None
    if previous is not None and latest is not None and latest.fingerprint == wanted and not force:
        return previous, False
    with store.atomic():
        latest = store.briefing(story.id)
        version = latest.version + 1 if latest is not None else 1
        briefing = write_briefing(
            story,
            articles,
            claims,
            writer=writer,
            policy=policy,
            min_sources=min_sources,
            version=version,
            previous=previous,
        )
        document = json.dumps(codec.to_dict(briefing, {a.id: a for a in articles}), ensure_ascii=False)
        stored = store.add_briefing(
            story.id, briefing.fingerprint, writer.name, briefing.written_at or _now(), document
        )
    if stored != version:  # pragma: no cover - the version is read and written in one transaction
        raise BriefingError(f"story {story.id}: stored as version {stored}, expected {version}")
    return briefing, True


def run_briefings(
    store: Store,
    *,
    writer: Writer | None = None,
    policy: FigurePolicy = FigurePolicy.ALL,
    min_sources: int = 2,
    on_failure: Callable[[IngestFailure], None] | None = None,
    on_story: Callable[[Briefing], None] | None = None,
) -> BriefingRun:
    """Write a new briefing version for every story that changed since its last briefing.

    A story whose briefing cannot be written is recorded as a failure (ND140, ``newsdesk errors``) and the run
    goes on with the next story; its earlier versions stay as they were.
    """
    started = time.perf_counter()
    stories = written = unchanged = single = withheld = 0
    offset = 0
    while True:
        page = store.list_stories(limit=500, offset=offset)
        if not page:
            break
        offset += len(page)
        for story in page:
            stories += 1
            try:
                briefing, new = brief_story(store, story, writer=writer, policy=policy, min_sources=min_sources)
            except ModelError:
                raise
            except Exception as exc:  # one story's failure must not stop the run
                error = exc if isinstance(exc, BriefingError) else BriefingError(f"briefing failed: {exc!r}")
                failure = IngestFailure(source=story.id, code=error.code, message=error.message, at=_now())
                store.record_failure(failure)
                if on_failure is not None:
                    on_failure(failure)
                continue
            written += new
            unchanged += not new
            single += briefing.single_source
            withheld += len(briefing.report.withheld) if new else 0
            if on_story is not None:
                on_story(briefing)
    return BriefingRun(
        stories=stories,
        written=written,
        unchanged=unchanged,
        single_source=single,
        withheld=withheld,
        seconds=time.perf_counter() - started,
    )


def _now() -> datetime:
    return datetime.now(UTC)
