"""WARC files (``.warc`` and ``.warc.gz``, as in Common Crawl's CC-NEWS), read as a stream in constant memory.

Only ``response`` records with an HTML payload and a 2xx status are articles; request, metadata and other
records are skipped. Each payload is read up to the size cap; a larger record is reported and skipped. A
truncated or corrupt file ends with one :class:`WarcError` naming the byte offset reached; the records read
before it are kept.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.limitreader import LimitReader
from warcio.recordloader import ArcWarcRecord

from newsdesk.errors import EmptyInputError, IngestError, TooLargeError, WarcError
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


def _response(record: ArcWarcRecord, number: int, path: Path, max_bytes: int) -> WarcPage | IngestError | None:
    """The HTML page of a 2xx ``response`` record, an error for a record too large, or None to skip it."""
    if record.rec_type != "response":
        return None
    url = record.rec_headers.get_header("WARC-Target-URI") or ""
    source = f"{path} record {number} ({url[:120]})"
    declared = int(record.rec_headers.get_header("Content-Length") or 0)
    if declared > BOMB_FACTOR * max_bytes:
        return WarcError(
            f"{source}: a record declares {declared:,} bytes, far over the cap; the file looks "
            "broken or hostile, so reading it stopped here",
            source=source,
        )
    http = record.http_headers
    if http is None:
        return None
    status = http.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    content_type = (http.get_header("Content-Type") or "").lower()
    mime = content_type.split(";", 1)[0].strip()
    if mime and mime not in PAGE_TYPES:
        return None
    charset = None
    if "charset=" in content_type:
        charset = content_type.split("charset=", 1)[1].split(";", 1)[0].strip().strip("\"'") or None
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return TooLargeError(f"{source}: the page at {url} is over the {max_bytes:,}-byte cap; skipped", source=source)
    return WarcPage(url=url, body=body, charset=charset, offset=0, source=source)


def read_warc(path: Path, max_bytes: int) -> Iterator[WarcPage | IngestError]:
    """Yield the HTML responses of a WARC file, and an error for each record or file problem."""
    offset = 0
    try:
        size = path.stat().st_size
        if size == 0:
            yield EmptyInputError(f"{path} is empty; nothing to ingest")
            return
        with path.open("rb") as stream:
            records = ArchiveIterator(stream, arc2warc=True)
            for number, record in enumerate(records, 1):
                if not (record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                    raise ValueError(f"record {number} has no valid Content-Length")
                item = _response(record, number, path, max_bytes)
                if isinstance(item, WarcError):
                    yield item
                    return
                # Read the record to its end: one shorter than it declares means the file was cut inside it.
                records.read_to_end()
                if isinstance(record.raw_stream, LimitReader) and record.raw_stream.limit > 0:
                    raise EOFError(f"record {number} ends {record.raw_stream.limit:,} bytes short")
                decompressor = records.reader.decompressor
                if decompressor is not None and not getattr(decompressor, "eof", True):
                    raise EOFError(f"the gzip member of record {number} is cut")
                if isinstance(item, WarcPage):
                    item = dataclasses.replace(item, offset=offset)
                offset = records.offset
                if item is not None:
                    yield item
            # warcio stops quietly when a record is cut inside its headers: bytes left over say so.
            if offset < size:
                raise EOFError(f"{size - offset:,} bytes after the last whole record cannot be read")
    except Exception as exc:  # warcio raises many types (AttributeError, ValueError, zlib.error…) on a broken file
        detail = " ".join(str(exc).split())[:160] or type(exc).__name__
        yield WarcError(
            f"{path}: the WARC file is truncated or corrupt after byte {offset:,} ({detail}); "
            "records before it were read"
        )
