"""Benchmark clustering as the product runs it: articles in a SQLite store, clustered through StoreState.

    python benchmarks/cluster.py                   # ecbplus-dev.jsonl cycled 4 times: 3,088 articles
    python benchmarks/cluster.py DATA.jsonl --repeat 1 --json

The documents of a clustering file are stored in a fresh SQLite file (not timed), each cycle of the file under
new keys (``https://bench.example/{n}``), and then clustered on one pinned core by ``cluster_new``
(newsdesk.cluster.stories, what ``run_clustering`` calls), each article timed through its ``on_update``
callback; the summaries are refreshed after it and timed apart. The same documents then go through an
in-memory ``Clusterer()`` (also timed), as ``newsdesk eval clustering`` runs it: both must put every article
in the same story, or this exits with 1.
Results and the machine they were measured on go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.cluster import Clusterer
from newsdesk.cluster.stories import cluster_new, refresh_summaries
from newsdesk.eval.clustering import read_docs
from newsdesk.store import open_store
from newsdesk.types import Document, Outlet, SourceKind, StoryUpdate

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "../shared/data/clustering/ecbplus-dev.jsonl"
T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
OUTLETS = [Outlet.named(f"Bench Outlet {n}", f"outlet{n}.bench.example") for n in range(7)]
WINDOW = 1000


def documents(path: Path, repeat: int) -> list[Document]:
    """The file's documents, ``repeat`` times over, each under its own key; published as in the file."""
    records = list(read_docs(path))
    docs = []
    for n in range(len(records) * repeat):
        record = records[n % len(records)]
        key = f"https://bench.example/{n}"
        docs.append(
            Document(
                key=key,
                url=key,
                title=record.title,
                text=record.text,
                outlet=OUTLETS[n % len(OUTLETS)],
                published=record.published,
                source=key,
                source_kind=SourceKind.PAGE,
            )
        )
    return docs


def mean_ms(seconds: list[float]) -> float:
    return round(1000 * sum(seconds) / len(seconds), 3) if seconds else 0.0


def run(path: Path, repeat: int) -> dict[str, object]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = documents(path, repeat)
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        for n, doc in enumerate(docs):
            store.upsert_document(doc, T0 + timedelta(seconds=n))
        # The product's own loop, each article timed through its callback; the summaries are timed apart.
        order: list[str] = []
        per_article: list[float] = []

        def timed(update: StoryUpdate, seconds: float) -> None:
            order.append(update.article_id)
            per_article.append(seconds)

        began = time.perf_counter()
        cluster_new(store, on_update=timed, summaries=False)
        cluster_seconds = time.perf_counter() - began
        began = time.perf_counter()
        summarised = refresh_summaries(store)
        summary_seconds = time.perf_counter() - began
        peak_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        stored = {article_id: store.story_of(article_id) for article_id in order}
        stories = store.count_stories()

    memory = Clusterer()
    by_id = {doc.id: doc for doc in docs}
    joined: dict[str, str] = {}
    began = time.perf_counter()
    for article_id in order:  # the store's arrival order, which is the file order
        doc = by_id[article_id]
        joined[article_id] = memory.add(article_id, doc.title, doc.text, doc.published).story_id
    in_memory = {article_id: memory.state.resolve(story) for article_id, story in joined.items()}
    memory_seconds = time.perf_counter() - began
    total = cluster_seconds + summary_seconds
    window = min(WINDOW, len(order) // 2)
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (one used), Python {platform.python_version()}",
        "input": f"{path.name} x {repeat}",
        "articles": len(order),
        "stories": stories,
        "summaries": summarised,
        "cluster_seconds": round(cluster_seconds, 2),
        "summary_seconds": round(summary_seconds, 2),
        "articles_per_second": round(len(order) / total, 1),
        "cluster_articles_per_second": round(len(order) / cluster_seconds, 1),
        "window": window,
        "first_ms_per_article": mean_ms(per_article[:window]),
        "last_ms_per_article": mean_ms(per_article[len(per_article) - window :]),
        "peak_rss_mb": round(peak_rss_mb, 1),
        "memory_articles_per_second": round(len(order) / memory_seconds, 1),
        "same_decisions": order == list(by_id) and stored == in_memory,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA, help="a clustering JSONL file")
    parser.add_argument("--repeat", type=int, default=4, help="how many times the file is cycled")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.data.resolve(), max(1, args.repeat))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            if key != "same_decisions":
                print(f"{key}: {value}")
        print(f"same decisions: {'yes' if results['same_decisions'] else 'no'}")
    if not results["same_decisions"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
