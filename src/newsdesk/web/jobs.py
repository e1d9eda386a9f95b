"""Sources added through the web app, ingested in the background: one job at a time, its progress readable.

A job runs the main job's stages over the submitted sources (ingest → stories → claims → briefings) on its own
store connection, so the pages keep answering from theirs while it writes (SQLite's WAL lets readers go on).
Jobs run one after another on one worker thread: the store has one writer at a time anyway, and a burst of
submissions queues instead of competing. A failed source is recorded like any ingest failure and shown in the
job; a job that fails as a whole (the store cannot be written) says so with its error code. Jobs live in memory:
the app remembers the last :data:`KEEP` of them.
"""

from __future__ import annotations

import itertools
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from newsdesk import export
from newsdesk.errors import NewsdeskError
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import IngestFailure, Upsert, UpsertOutcome

KEEP = 200
STAGES = ("ingest", "stories", "claims", "briefings")


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


@dataclass(frozen=True, slots=True)
class Job:
    """A snapshot of one submission's progress; ``counts`` holds what each finished stage reported."""

    id: str
    sources: tuple[str, ...]
    submitted: datetime
    state: JobState = JobState.QUEUED
    stage: str = ""
    stored: int = 0
    new: int = 0
    failures: tuple[IngestFailure, ...] = ()
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)
    error: str = ""
    finished: datetime | None = None

    @property
    def done(self) -> bool:
        return self.state in (JobState.DONE, JobState.FAILED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "href": f"/jobs/{self.id}",
            "sources": list(self.sources),
            "submitted": export.iso(self.submitted),
            "state": self.state.value,
            "done": self.done,
            "stage": self.stage,
            "stages": list(STAGES),
            "stored": self.stored,
            "new": self.new,
            "failures": [export.failure(f) for f in self.failures],
            "counts": self.counts,
            "error": self.error,
            "finished": export.iso(self.finished),
        }


Opener = Callable[[Settings], Store]


class JobRunner:
    """Queues submissions and runs them one at a time on a worker thread; ``open_store`` gives each job its
    store (injectable, so tests and embedders choose the backend)."""

    def __init__(self, settings: Settings, open_store: Opener) -> None:
        self.settings = settings
        self._open = open_store
        self._jobs: OrderedDict[str, Job] = OrderedDict()
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsdesk-job")
        self._prefix = datetime.now(UTC).strftime("%H%M%S")

    def submit(self, sources: Sequence[str]) -> Job:
        job = Job(id=f"j{self._prefix}-{next(self._ids)}", sources=tuple(sources), submitted=datetime.now(UTC))
        self._put(job)
        self._pool.submit(self._run, job.id)
        return job

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def recent(self, limit: int = 20) -> list[Job]:
        with self._lock:
            return list(reversed(self._jobs.values()))[:limit]

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)

    def wait(self, timeout: float | None = None) -> None:
        """Block until every job submitted so far has finished (for embedders and tests)."""
        done = threading.Event()
        self._pool.submit(done.set)
        done.wait(timeout)

    # --- the worker ----------------------------------------------------------------------------------------
    def _put(self, job: Job) -> None:
        with self._lock:
            self._jobs[job.id] = job
            while len(self._jobs) > KEEP:
                self._jobs.popitem(last=False)

    def _change(self, job_id: str, change: Callable[[Job], Job]) -> None:
        with self._lock:
            job = self._jobs.get(job_id)
            if job is not None:
                self._jobs[job_id] = change(job)

    def _update(self, job_id: str, **changes: Any) -> None:
        self._change(job_id, lambda job: replace(job, **changes))

    def _stored(self, job_id: str, upsert: Upsert) -> None:
        new = upsert.outcome is UpsertOutcome.NEW
        self._change(job_id, lambda job: replace(job, stored=job.stored + 1, new=job.new + new))

    def _failed(self, job_id: str, failure: IngestFailure) -> None:
        self._change(job_id, lambda job: replace(job, failures=(*job.failures, failure)))

    def _run(self, job_id: str) -> None:
        from newsdesk.pipeline import run_briefings, run_claims, run_clustering, run_ingest

        job = self.get(job_id)
        if job is None:
            return
        self._update(job_id, state=JobState.RUNNING, stage="ingest")
        settings = self.settings
        counts: dict[str, dict[str, Any]] = {}
        try:
            with self._open(settings) as store:
                summary = run_ingest(
                    store,
                    job.sources,
                    settings,
                    on_failure=lambda f: self._failed(job_id, f),
                    on_stored=lambda u: self._stored(job_id, u),
                )
                counts["ingest"] = export.summary(summary)
                self._update(job_id, stage="stories", counts=dict(counts))
                counts["stories"] = export.cluster_run(run_clustering(store))
                self._update(job_id, stage="claims", counts=dict(counts))
                counts["claims"] = export.claim_run(run_claims(store, on_failure=lambda f: self._failed(job_id, f)))
                self._update(job_id, stage="briefings", counts=dict(counts))
                run = run_briefings(
                    store,
                    policy=settings.policy(),
                    min_sources=settings.min_sources,
                    on_failure=lambda f: self._failed(job_id, f),
                )
                counts["briefings"] = {"stories": run.stories, "written": run.written, "unchanged": run.unchanged}
        except NewsdeskError as exc:
            self._update(job_id, state=JobState.FAILED, error=exc.one_line(), counts=counts, finished=_now())
        except Exception as exc:  # the worker must outlive one job's bug; the job reports it
            error = f"ND000: unexpected {type(exc).__name__}: {' '.join(str(exc).split())[:200]}; please report it"
            self._update(job_id, state=JobState.FAILED, error=error, counts=counts, finished=_now())
        else:
            self._update(job_id, state=JobState.DONE, stage="", counts=counts, finished=_now())


def _now() -> datetime:
    return datetime.now(UTC)
