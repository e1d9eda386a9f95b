"""Benchmark ingest: throughput and peak memory for local HTML pages and for a large WARC file.

    python benchmarks/ingest.py                    # 2,000 HTML pages and a 1 GB WARC (takes minutes)
    python benchmarks/ingest.py --html 500 --warc-mb 100 --json

Each phase runs in its own child process pinned to one CPU core, so its peak resident memory (ru_maxrss) and
its speed are its own. The pages are generated: realistic article markup with navigation, scripts and footers,
and ~600 words of distinct text each (so reprint detection runs on every page and finds nothing). WARC pages
carry a large inline script, as real pages do, so that 1 GB of WARC holds a realistic number of records.
Results and the machine they were measured on go in docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import base64
import io
import json
import os
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a list of ninety strings)
    "government officials said troops border agency minister report talks week ministry city region "
    "police according statement president figures killed injured rescue council market percent rate bank "
    "economy court judge election vote parliament opposition protest strike workers company shares "
    "investors energy prices flood storm missile test launch navy army defence spokesman analysts "
    "believe reportedly confirmed denied estimated hundreds thousands dozens sources told reporters on "
    "monday tuesday wednesday thursday friday earlier this month last year while the and of in to a for "
    "with that by from as at it was were "
).split()


def article_html(n: int, rng: random.Random, script_kb: int = 0) -> bytes:
    paragraphs = []
    for _ in range(12):
        words = [rng.choice(WORDS) for _ in range(50)]
        paragraphs.append("<p>" + " ".join(words).capitalize() + ".</p>")
    script = ""
    if script_kb:
        blob = base64.b64encode(rng.randbytes(script_kb * 768)).decode("ascii")
        script = f"<script>window.__STATE__='{blob}';</script>"
    day = 1 + n % 28
    html = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">
<title>Report number {n} | Bench Herald</title>
<link rel="canonical" href="https://www.benchherald.example/world/2025/02/{day:02d}/report-{n}">
<meta property="og:site_name" content="Bench Herald">
<meta property="article:published_time" content="2025-02-{day:02d}T08:{n % 60:02d}:00+00:00">
<meta name="author" content="Staff Writer {n % 17}">{script}</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/business">Business</a></nav></header>
<main><article><h1>Report number {n} on events</h1>{"".join(paragraphs)}</article>
<aside><h2>Most read</h2><ul><li><a href="/a">Another story</a></li><li><a href="/b">More news</a></li></ul></aside>
</main><footer><p>Copyright Bench Herald</p></footer></body></html>"""
    return html.encode("utf-8")


def make_html(folder: Path, count: int) -> None:
    rng = random.Random(1)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"page-{n:06d}.html").write_bytes(article_html(n, rng))


def make_warc(path: Path, megabytes: int) -> int:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    rng = random.Random(2)
    records = 0
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        while out.tell() < megabytes * 1_000_000:
            body = article_html(records, rng, script_kb=40)
            url = f"https://www.benchherald.example/world/2025/02/01/report-{records}"
            headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers)
            )
            records += 1
    return records


def run_phase(source: Path, db: Path) -> dict[str, object]:
    """Ingest ``source`` in this process (pinned to one core) and report speed and peak memory."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
    from newsdesk.pipeline import run_ingest
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    settings = Settings.from_env({}, db=db, progress=False)
    with open_store(db) as store:
        began = time.perf_counter()
        summary = run_ingest(store, [str(source)], settings)
        seconds = time.perf_counter() - began
        stored = store.count_articles()
    return {
        "articles": stored,
        "failed": summary.failed,
        "seconds": round(seconds, 2),
        "articles_per_second": round(stored / seconds, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def child(source: Path, db: Path) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, "--phase", str(source), "--db", str(db)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--html", type=int, default=2000, help="number of HTML pages (0 to skip)")
    parser.add_argument("--warc-mb", type=int, default=1000, help="WARC size in MB (0 to skip)")
    parser.add_argument("--workdir", type=Path, default=None, help="where to write the generated inputs")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--phase", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.phase, args.db)))
        return
    results: dict[str, object] = {
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "processor": platform.processor() or platform.uname().machine,
    }
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        work = Path(tmp)
        if args.html:
            make_html(work / "html", args.html)
            results["html"] = child(work / "html", work / "html.db")
        if args.warc_mb:
            warc = work / "bench.warc.gz"
            records = make_warc(warc, args.warc_mb)
            results["warc"] = {
                "file_mb": round(warc.stat().st_size / 1e6, 1),
                "records": records,
                **child(warc, work / "warc.db"),
            }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key}: {value}")


if __name__ == "__main__":
    main()
