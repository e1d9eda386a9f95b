"""WARC files (``.warc`` and ``.warc.gz``, as in Common Crawl's CC-NEWS), read as a stream in constant memory.

Only ``response`` records with an HTML payload and a 2xx status are articles; request, metadata and other
records are skipped. Each payload is read up to the size cap; a larger record is reported and skipped. A
truncated or corrupt file ends with one :class:`WarcError` naming the byte offset reached; the records read
before it are kept.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from newsdesk.errors import IngestError, TooLargeError, WarcError
from newsdesk.ingest.fetch import PAGE_TYPES

#: A record that declares more than this many times the size cap is taken as a sign of a broken or hostile
#: file (a decompression bomb), and reading the file stops.
BOMB_FACTOR = 100


@dataclass(frozen=True, slots=True)
class WarcPage:
    url: str
    body: bytes
    charset: str | None
    offset: int
    source: str


def read_warc(path: Path, max_bytes: int) -> Iterator[WarcPage | IngestError]:
    """Yield the HTML responses of a WARC file, and an error for each record or file problem."""
    offset = 0
    try:
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            for number, record in enumerate(records, 1):
                if record.rec_type != "response":
                    continue
                url = record.rec_headers.get_header("WARC-Target-URI") or ""
                # (records.get_record_offset() would read the record to its end; it is asked only once read.)
                source = f"{path} record {number} ({url[:120]})"
                declared = int(record.rec_headers.get_header("Content-Length") or 0)
                if declared > BOMB_FACTOR * max_bytes:
                    yield WarcError(
                        f"{source}: a record declares {declared:,} bytes, far over the cap; the file looks "
                        "broken or hostile, so reading it stopped here"
                    )
                    return
                http = record.http_headers
                if http is None:
                    continue
                status = http.get_statuscode() or ""
                if not status.startswith("2"):
                    continue
                content_type = (http.get_header("Content-Type") or "").lower()
                mime = content_type.split(";", 1)[0].strip()
                if mime and mime not in PAGE_TYPES:
                    continue
                charset = None
                if "charset=" in content_type:
                    charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip().strip("\"'") or None
                body = record.content_stream().read(max_bytes + 1)
                offset = records.get_record_offset()
                if len(body) > max_bytes:
                    yield TooLargeError(f"{source}: the page at {url} is over the {max_bytes:,}-byte cap; skipped")
                    continue
                yield WarcPage(url=url, body=body, charset=charset, offset=offset, source=source)
    except (ArchiveLoadFailed, EOFError, zlib.error, OSError, ValueError) as exc:
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        yield WarcError(
            f"{path}: the WARC file is truncated or corrupt after byte {offset:,} ({detail}); "
            "records before it were read"
        )
