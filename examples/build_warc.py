"""Build examples/corpus/archive/sample-crawl.warc.gz from the pages in examples/warc-src/.

The WARC holds one ``warcinfo`` record and, for each page, a ``request`` and a ``response`` record, as a crawl
such as Common Crawl's CC-NEWS writes them. It is deterministic: record ids derive from the URL and the dates
from each page's publication time, so rebuilding an unchanged source gives the same file.

Run: python examples/build_warc.py [OUTPUT]  (OUTPUT defaults to the file in examples/corpus/archive/)
"""

from __future__ import annotations

import io
import re
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

HERE = Path(__file__).parent
SOURCE = HERE / "warc-src"
TARGET = HERE / "corpus" / "archive" / "sample-crawl.warc.gz"
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')
PUBLISHED = re.compile(r'<meta property="article:published_time" content="([^"]+)"')


def _record_id(kind: str, url: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, kind + ':' + url)}>"


def build(target: Path = TARGET) -> Path:
    """Write the WARC to ``target`` and return it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        info = writer.create_warcinfo_record(
            "sample-crawl.warc.gz",
            {"software": "newsdesk examples/build_warc.py", "description": "newsdesk sample corpus crawl"},
        )
        info.rec_headers.replace_header("WARC-Date", "2025-02-20T00:00:00Z")
        info.rec_headers.replace_header("WARC-Record-ID", _record_id("warcinfo", "sample-crawl"))
        writer.write_record(info)
        for page in sorted(SOURCE.glob("*.html")):
            html = page.read_bytes()
            text = html.decode("utf-8")
            url = CANONICAL.search(text).group(1)  # type: ignore[union-attr]
            when = datetime.fromisoformat(PUBLISHED.search(text).group(1)).astimezone(UTC)  # type: ignore[union-attr]
            date = when.strftime("%Y-%m-%dT%H:%M:%SZ")
            host = url.split("/")[2]
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    "GET /" + url.split("/", 3)[3] + " HTTP/1.1",
                    [("Host", host), ("User-Agent", "newsdesk-sample-crawler/1.0")],
                    is_http_request=True,
                ),
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id("request", url)},
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(html),
                length=len(html),
                http_headers=StatusAndHeaders(
                    "200 OK",
                    [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(html)))],
                    protocol="HTTP/1.1",
                ),
                warc_headers_dict={"WARC-Date": date, "WARC-Record-ID": _record_id("response", url)},
            )
            writer.write_record(request)
            writer.write_record(response)
    return target


if __name__ == "__main__":
    print(build(Path(sys.argv[1]) if len(sys.argv) > 1 else TARGET))
