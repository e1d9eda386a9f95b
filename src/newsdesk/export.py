"""Records → JSON-ready dicts, the one place where the shapes of ``--json`` output (and later the API) live.

The shapes are documented in ``docs/formats.md``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newsdesk.types import (
    Article,
    Claim,
    ClaimRun,
    ClusterRun,
    IngestFailure,
    Outlet,
    Quantity,
    ReprintLink,
    Revision,
    RunSummary,
    SearchHit,
    Story,
    TimeExpression,
)


def iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def outlet(value: Outlet, articles: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": value.id, "name": value.name, "domain": value.domain}
    if articles is not None:
        data["articles"] = articles
    return data


def article(value: Article, *, text: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": value.id,
        "title": value.title,
        "url": value.url,
        "outlet": outlet(value.outlet),
        "published": iso(value.published),
        "authors": list(value.authors),
        "language": value.language,
        "words": len(value.text.split()),
        "source": value.source,
        "source_kind": value.source_kind.value,
        "first_seen": iso(value.first_seen),
        "last_seen": iso(value.last_seen),
        "revision": value.revision,
        "reprint_of": value.reprint_of,
        "reprint_similarity": value.reprint_similarity,
    }
    if text:
        data["text"] = value.text
    return data


def revision(value: Revision) -> dict[str, Any]:
    return {
        "number": value.number,
        "title": value.title,
        "content_hash": value.content_hash,
        "published": iso(value.published),
        "modified": iso(value.modified),
        "retrieved_at": iso(value.retrieved_at),
        "source": value.source,
        "words": len(value.text.split()),
    }


def reprint(value: ReprintLink) -> dict[str, Any]:
    return {"article_id": value.article_id, "original_id": value.original_id, "similarity": value.similarity}


def hit(value: SearchHit) -> dict[str, Any]:
    return {**article(value.article), "snippet": value.snippet, "rank": round(value.rank, 4)}


def failure(value: IngestFailure) -> dict[str, Any]:
    return {
        "run_id": value.run_id,
        "at": iso(value.at),
        "source": value.source,
        "code": value.code,
        "message": value.message,
    }


def summary(value: RunSummary) -> dict[str, Any]:
    return {
        "run_id": value.run_id,
        "new": value.new,
        "revised": value.revised,
        "unchanged": value.unchanged,
        "reprints": value.reprints,
        "not_modified": value.not_modified,
        "failed": value.failed,
        "failures_by_code": value.failures_by_code,
        "seconds": round(value.seconds, 3),
    }


def story(value: Story, *, members: list[tuple[Article, float]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": value.id,
        "headline": value.headline,
        "headline_article": value.headline_article,
        "first_seen": iso(value.first_seen),
        "last_seen": iso(value.last_seen),
        "articles": len(value.article_ids),
        "sources": value.sources,
        "outlets": list(value.outlets),
        "entities": list(value.entities),
        "terms": list(value.terms),
        "merged_from": list(value.merged_from),
    }
    if members is not None:
        ids = {a.id for a, _ in members}
        data["members"] = [
            # a reprint adds no source when its original is in the story (as Story.sources counts)
            {**article(a), "similarity": round(similarity, 4), "independent": a.reprint_of not in ids}
            for a, similarity in members
        ]
    else:
        data["article_ids"] = list(value.article_ids)
    return data


def cluster_run(value: ClusterRun) -> dict[str, Any]:
    return {
        "articles": value.articles,
        "new_stories": value.new_stories,
        "joined": value.joined,
        "merges": value.merges,
        "summarised": value.summarised,
        "seconds": round(value.seconds, 3),
    }


def quantity(value: Quantity) -> dict[str, Any]:
    return {
        "start": value.start,
        "end": value.end,
        "text": value.text,
        "value": value.value,
        "high": value.high,
        "change": value.change.value,
        "qualifier": value.qualifier,
        "unit": value.unit,
        "normalized_unit": value.normalized_unit,
        "measure": value.measure,
        "whom": value.whom,
    }


def time_expression(value: TimeExpression) -> dict[str, Any]:
    return {
        "start": value.start,
        "end": value.end,
        "text": value.text,
        "first": value.first.isoformat(),
        "last": value.last.isoformat(),
        "precision": value.precision.value,
    }


def spans(value: tuple[tuple[int, int], ...]) -> list[list[int]]:
    return [[s, e] for s, e in value]


def claim(value: Claim) -> dict[str, Any]:
    return {
        "id": value.id,
        "article_id": value.article_id,
        "kind": value.kind.value,
        "speaker": value.speaker,
        "speaker_text": value.speaker_text,
        "cue": value.cue,
        "text": value.text,
        "stance": value.stance.value,
        "hedge": value.hedge.value,
        "markers": list(value.markers),
        "quantities": [quantity(q) for q in value.quantities],
        "times": [time_expression(t) for t in value.times],
        "evidence": {"field": value.evidence.field, "start": value.evidence.start, "end": value.evidence.end},
        "source_spans": spans(value.source_spans),
        "cue_spans": spans(value.cue_spans),
        "content_spans": spans(value.content_spans),
        "extractor": value.extractor,
    }


def claim_run(value: ClaimRun) -> dict[str, Any]:
    return {
        "articles": value.articles,
        "claims": value.claims,
        "failed": value.failed,
        "seconds": round(value.seconds, 3),
    }
