"""Benchmark the claim stage as the product runs it: articles in a SQLite store, read by ``run_claims``.

    python benchmarks/claims.py                    # polnear-dev.jsonl, each text cut to ~600 words
    python benchmarks/claims.py DATA.jsonl --words 0 --repeat 2 --json

The texts of a PolNeAR-style file (any JSON Lines file with a ``text``), each cut after the sentence that
reaches ``--words`` words (0: whole), are stored in a fresh SQLite file (not timed); then ``run_claims`` (what
ingest and ``newsdesk extract`` call) reads every article on one pinned core and stores its claims: the
attribution model, figures, times, stance, speakers, and the writes. The model is loaded before the clock
starts. Results and the machine they were measured on go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsdesk.claims.extract import ClaimExtractor
from newsdesk.claims.text import sentences
from newsdesk.pipeline import run_claims
from newsdesk.store import open_store
from newsdesk.types import Document, Outlet, SourceKind

DEFAULT_DATA = Path(__file__).resolve().parents[1] / "../shared/data/attribution/polnear-dev.jsonl"
T0 = datetime(2025, 2, 13, 10, 0, tzinfo=UTC)
OUTLET = Outlet.named("Bench Outlet", "bench.example")


def cut(text: str, words: int) -> str:
    """``text`` up to the end of the sentence that reaches ``words`` words (all of it when ``words`` is 0)."""
    if words <= 0:
        return text
    count = 0
    for sentence in sentences(text):
        count += len(sentence.text.split())
        if count >= words:
            return text[: sentence.end]
    return text


def documents(path: Path, words: int, repeat: int) -> list[Document]:
    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8") if line.strip()]
    docs = []
    for n in range(len(texts) * repeat):
        key = f"https://bench.example/{n}"
        docs.append(
            Document(
                key=key,
                url=key,
                title=f"Bench article {n}",
                text=cut(texts[n % len(texts)], words),
                outlet=OUTLET,
                published=T0,
                source=key,
                source_kind=SourceKind.PAGE,
            )
        )
    return docs


def run(path: Path, words: int, repeat: int) -> dict[str, object]:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    docs = documents(path, words, repeat)
    extractor = ClaimExtractor()
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.db") as store:
        for n, doc in enumerate(docs):
            store.upsert_document(doc, T0 + timedelta(seconds=n))
        warm = store.get_article(docs[0].id)
        assert warm is not None
        extractor.extract(warm)  # load the model before the clock starts
        began = time.perf_counter()
        result = run_claims(store, extractor)
        seconds = time.perf_counter() - began
        claims = store.count_claims()
    total_words = sum(len(d.text.split()) for d in docs)
    return {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (one used), Python {platform.python_version()}",
        "input": f"{path.name} x {repeat}, cut to {words or 'all'} words",
        "articles": result.articles,
        "mean_words": round(total_words / len(docs)),
        "claims": claims,
        "failed": result.failed,
        "seconds": round(seconds, 2),
        "articles_per_second": round(result.articles / seconds, 1),
        "words_per_second": round(total_words / seconds),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("data", type=Path, nargs="?", default=DEFAULT_DATA, help="a JSON Lines file with texts")
    parser.add_argument("--words", type=int, default=600, help="cut each text after about this many words (0: all)")
    parser.add_argument("--repeat", type=int, default=1, help="how many times the file is cycled")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    results = run(args.data.resolve(), args.words, max(1, args.repeat))
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
