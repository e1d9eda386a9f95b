"""Benchmark the main job, ``newsdesk run``, end to end on one pinned core: ingest → briefings on disk.

    python benchmarks/run.py                       # the sample corpus, then 1,000 news articles
    python benchmarks/run.py --articles 2000 --json

Two runs, each into a fresh SQLite file and output folder, with the stages timed one by one exactly as
``newsdesk run`` calls them (ingest, clustering, claims, briefings, writing the files):

1. the bundled sample corpus (``examples/corpus``: pages, feeds, text, JSON and a WARC file);
2. ``--articles`` full news texts written as one JSON Lines file in newsdesk's article schema: the ECB+ texts
   of ``../shared/data/clustering/ecbplus-dev.jsonl`` (772 articles about 66 events, so most stories have many
   sources) topped up with PolNeAR articles (``../shared/data/attribution/polnear-train.jsonl``). Each
   article is given one of twelve outlets by its id, so stories have several independent sources.

Afterwards every written briefing is checked again by the support checker from its stored JSON (the figure
"published sentences with an unsupported number or name" must be 0). Results go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
import zlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from newsdesk.briefing import codec
from newsdesk.briefing.checker import check_briefing
from newsdesk.cli.briefings import write_folder
from newsdesk.pipeline import run_briefings, run_claims, run_clustering, run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import Briefing

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "corpus"
ECB = ROOT / "../shared/data/clustering/ecbplus-dev.jsonl"
POLNEAR = ROOT / "../shared/data/attribution/polnear-train.jsonl"
OUTLETS = [
    "Harbour Courier",
    "Riverside Gazette",
    "Pacific Ledger",
    "Northgate Post",
    "Eastbridge Times",
    "Daily Lantern",
    "Civic Observer",
    "Meridian Wire",
    "Lakeside Herald",
    "Summit Tribune",
    "Coastal Record",
    "Valley Chronicle",
]
T0 = datetime(2025, 2, 13, 6, 0, tzinfo=UTC)


def news_file(folder: Path, count: int) -> Path:
    """``count`` articles in newsdesk's JSON Lines schema (docs/ingest.md), ECB+ first, then PolNeAR."""
    rows: list[dict[str, Any]] = []
    for path in (ECB, POLNEAR):
        for line in path.open(encoding="utf-8"):
            if len(rows) >= count:
                break
            doc = json.loads(line)
            text = doc["text"].strip()
            if not text:
                continue
            n = len(rows)
            outlet = OUTLETS[zlib.crc32(str(doc["id"]).encode()) % len(OUTLETS)]
            slug = outlet.lower().replace(" ", "")
            rows.append(
                {
                    "url": f"https://www.{slug}.example/news/{doc['id']}",
                    "title": doc.get("title") or text.split("\n", 1)[0][:90],
                    "outlet": outlet,
                    "published": (T0 + timedelta(minutes=7 * n)).isoformat(),
                    "language": "en",
                    "text": text,
                }
            )
    if len(rows) < count:
        raise SystemExit(f"only {len(rows)} articles with text in {ECB} and {POLNEAR}")
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def _timed(stages: dict[str, float], name: str, fn: Callable[[], Any]) -> Any:
    started = time.perf_counter()
    result = fn()
    stages[name] = round(time.perf_counter() - started, 2)
    return result


def run_once(source: Path, folder: Path) -> dict[str, Any]:
    db = folder / "news.db"
    out = folder / "briefings"
    settings = Settings.from_env({}, db=db, progress=False, host_delay=0)
    stages: dict[str, float] = {}
    briefings: list[Briefing] = []
    started = time.perf_counter()
    with open_store(db) as store:
        ingest = _timed(stages, "ingest", lambda: run_ingest(store, [str(source)], settings))
        _timed(stages, "cluster", lambda: run_clustering(store))
        claims = _timed(stages, "claims", lambda: run_claims(store))
        run = _timed(
            stages,
            "briefings",
            lambda: run_briefings(store, min_sources=settings.min_sources, on_story=briefings.append),
        )
        written = _timed(stages, "files", lambda: write_folder(store, briefings, out))
        total = time.perf_counter() - started
        recheck = recheck_all(store)
        articles = store.count_articles()
    return {
        "articles": articles,
        "ingest_failed": ingest.failed,
        "claim_failures": claims.failed,
        "stories": run.stories,
        "briefings_written": written,
        "single_source": run.single_source,
        "withheld_sentences": run.withheld,
        "seconds": round(total, 2),
        "stages": stages,
        **recheck,
    }


def recheck_all(store: Store) -> dict[str, Any]:
    """Every stored briefing decoded from its JSON and checked again against the stored articles."""
    sentences = unsupported = cited = citations = supporting = 0
    for record in store.latest_briefings(limit=100_000):
        full = store.briefing(record.story_id, record.version)
        assert full is not None
        briefing = codec.from_dict(json.loads(full.document))
        articles = {a.id: a for a, _ in store.story_members(briefing.story.id)}
        report = check_briefing(briefing, articles)
        sentences += report.sentences
        unsupported += len(report.unsupported)
        cited += sum(1 for _, _, s in briefing.parts() if s.citations)
        citations += report.citations
        supporting += report.supporting
    return {
        "published_sentences": sentences,
        "published_cited": cited,
        "published_unsupported": unsupported,
        "citation_precision": round(supporting / citations, 4) if citations else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results: dict[str, Any] = {
        "machine": f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, one core",
    }
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "sample").mkdir()
        results["sample"] = run_once(SAMPLE, Path(tmp) / "sample")
        (Path(tmp) / "news").mkdir()
        source = news_file(Path(tmp) / "news", args.articles)
        results["news"] = run_once(source, Path(tmp) / "news")
    results["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(results["machine"])
    for name in ("sample", "news"):
        r = results[name]
        print(
            f"{name}: {r['articles']} articles, {r['stories']} stories, {r['briefings_written']} briefings in "
            f"{r['seconds']} s ({', '.join(f'{k} {v}' for k, v in r['stages'].items())}); "
            f"{r['published_sentences']} published sentences, {r['published_cited']} cited, "
            f"{r['published_unsupported']} unsupported, {r['withheld_sentences']} withheld, citation precision "
            f"{r['citation_precision']}"
        )
    print(f"peak memory {results['peak_rss_mb']} MB")


if __name__ == "__main__":
    main()
