"""The ingest stage: whatever the user gives → documents → the store, with reprint links.

A source is auto-detected: an http(s) URL (an article page, an RSS/Atom feed or an OPML list, told apart by
what the server sends), a folder (walked in name order), or a file (by extension, then by content). Each item
that fails becomes one :class:`IngestFailure`, recorded in the store and reported; the run goes on.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import BinaryIO

from tqdm import tqdm

from newsdesk.errors import (
    BadURLError,
    ContentTypeError,
    EmptyInputError,
    FeedParseError,
    IngestError,
    NewsdeskError,
    NotFoundError,
    StoreError,
    TooLargeError,
)
from newsdesk.ingest.decode import decode
from newsdesk.ingest.feeds import (
    entry_document,
    feed_outlet,
    looks_like_feed,
    looks_like_opml,
    parse_feed,
    parse_opml,
)
from newsdesk.ingest.fetch import Fetched, Fetcher, Want
from newsdesk.ingest.files import read_json_file, read_jsonl_lines, read_text_file
from newsdesk.ingest.pages import extract_page
from newsdesk.ingest.reprints import ReprintDetector
from newsdesk.ingest.urls import is_http_url
from newsdesk.ingest.warc import WarcPage, read_warc
from newsdesk.pipeline import Counters
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import Document, FeedState, IngestFailure, Outlet, RunSummary, SourceKind, Upsert, UpsertOutcome

HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
FEED_SUFFIXES = {".xml", ".rss", ".atom", ".rdf", ".opml"}
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
KNOWN_SUFFIXES = HTML_SUFFIXES | TEXT_SUFFIXES | FEED_SUFFIXES | {".json", ".jsonl", ".ndjson"}
MAX_OPML_DEPTH = 4  # an OPML list may name OPML lists, this many levels deep

Item = Document | IngestError


def _is_warc(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


class Ingester:
    """One ingest run over a store. Use as a context manager so the HTTP client is closed."""

    def __init__(
        self,
        store: Store,
        settings: Settings,
        *,
        fetcher: Fetcher | None = None,
        on_failure: Callable[[IngestFailure], None] | None = None,
        on_stored: Callable[[Upsert], None] | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self._fetcher = fetcher
        self.on_failure = on_failure
        self.on_stored = on_stored
        self.reprints = ReprintDetector(store, settings.reprint_threshold)
        self._bar: tqdm | None = None
        self._counters: Counters | None = None
        self._opml_open: list[str] = []  # the OPML lists being read, outermost first

    @property
    def fetcher(self) -> Fetcher:
        if self._fetcher is None:
            self._fetcher = Fetcher(self.settings)
        return self._fetcher

    def __enter__(self) -> Ingester:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fetcher is not None:
            self._fetcher.close()

    # --- the run ----------------------------------------------------------------------------------------------
    def run(self, sources: Sequence[str]) -> RunSummary:
        run_id = self.store.start_run(sources)
        counters = self._counters = Counters(run_id)
        show = self.settings.progress and sys.stderr.isatty()
        self._bar = tqdm(desc="ingest", unit=" article", disable=not show, file=sys.stderr, leave=False)
        try:
            for source in sources:
                self._bar.set_postfix_str(source[-40:], refresh=False)
                try:
                    for item in self.items(source):
                        if isinstance(item, Document):
                            self.keep(item)
                        else:
                            self.fail(item, item.source or source)
                except StoreError:
                    raise
                except Exception as exc:  # a bug must not cost the other sources; it is recorded like any failure
                    detail = " ".join(str(exc).split())[:200]
                    self.fail(
                        IngestError(
                            f"unexpected {type(exc).__name__} while reading {source}: {detail}; please report it"
                        ),
                        source,
                    )
        finally:
            self._bar.close()
            summary = counters.summary()
            self.store.finish_run(summary)
        return summary

    def keep(self, doc: Document) -> None:
        assert self._counters is not None
        upsert = self.store.upsert_document(doc, datetime.now(UTC))
        self._counters.stored(upsert.outcome)
        if upsert.outcome is not UpsertOutcome.UNCHANGED:
            article = self.store.get_article(upsert.article_id)
            if article is not None and self.reprints.observe(article) is not None:
                self._counters.reprints += 1
        if self._bar is not None:
            self._bar.update(1)
        if self.on_stored is not None:
            self.on_stored(upsert)

    def fail(self, error: NewsdeskError, source: str) -> None:
        assert self._counters is not None
        failure = IngestFailure(
            source=source,
            code=error.code,
            message=error.one_line(),
            run_id=self._counters.run_id,
            at=datetime.now(UTC),
        )
        self.store.record_failure(failure)
        self._counters.failed(error.code)
        if self.on_failure is not None:
            self.on_failure(failure)

    # --- what a source holds ------------------------------------------------------------------------------
    def items(self, source: str) -> Iterator[Item]:
        """Every document of ``source``, and an error for each item that could not be read."""
        try:
            if is_http_url(source):
                yield from self._url(source)
                return
            path = Path(source).expanduser()
            if path.is_dir():
                yield from self._folder(path)
            elif path.is_file():
                yield from self._file(path)
            else:
                raise NotFoundError(f"{source} is neither a file, a folder nor an http(s) URL; check the path")
        except NewsdeskError as exc:
            if isinstance(exc, IngestError):
                yield exc.located(source)
            else:
                self.fail(exc, source)

    def _folder(self, folder: Path) -> Iterator[Item]:
        for root, dirs, files in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(files):
                path = Path(root) / name
                if name.startswith(".") or not (path.suffix.lower() in KNOWN_SUFFIXES or _is_warc(path)):
                    continue
                yield from self._file(path)

    def _file(self, path: Path) -> Iterator[Item]:
        """The items of one file; an error that names no more precise place is placed at the file."""
        for item in self._read_file(path):
            yield item.located(str(path)) if isinstance(item, IngestError) else item

    def _read_file(self, path: Path) -> Iterator[Item]:
        suffix = path.suffix.lower()
        try:
            if _is_warc(path):
                yield from self._warc(path)
                return
            if suffix in {".jsonl", ".ndjson"}:
                yield from self._jsonl(path)
                return
            size = path.stat().st_size
            if size > self.settings.max_bytes:
                raise TooLargeError(f"{path} is {size:,} bytes, over the {self.settings.max_bytes:,}-byte cap; skipped")
            data = path.read_bytes()
            if suffix in HTML_SUFFIXES:
                yield self._page(data, None, url=None, source=str(path), kind=SourceKind.FILE)
            elif suffix in TEXT_SUFFIXES:
                yield read_text_file(decode(data, str(path)), path)
            elif suffix == ".json":
                yield from read_json_file(decode(data, str(path)), path)
            else:
                yield from self._sniffed(data, None, source=str(path), url=None)
        except IngestError as exc:
            yield exc
        except OSError as exc:
            yield IngestError(f"cannot read {path}: {exc.strerror or exc}", source=str(path))

    def _jsonl(self, path: Path) -> Iterator[Item]:
        with path.open("rb") as handle:
            head = handle.read(8192)
            if not head.strip():
                yield EmptyInputError(f"{path} is empty; nothing to ingest")
                return
            decode(head, str(path))  # refuses binary input with a clear message
            handle.seek(0)
            yield from read_jsonl_lines(self._lines(handle, path), path)

    def _lines(self, handle: BinaryIO, path: Path) -> Iterator[str | IngestError]:
        """The lines of a file, each read up to the size cap; a longer line becomes an error (and is skipped)."""
        cap = self.settings.max_bytes
        while line := handle.readline(cap + 1):
            if len(line.rstrip(b"\r\n")) <= cap:
                yield line.decode("utf-8", "replace")
                continue
            while line and not line.endswith(b"\n"):
                line = handle.readline(cap + 1)
            yield TooLargeError(f"{path}: a line is over the {cap:,}-byte cap; skipped")

    def _warc(self, path: Path) -> Iterator[Item]:
        for record in read_warc(path, self.settings.max_bytes):
            if isinstance(record, WarcPage):
                try:
                    yield self._page(
                        record.body,
                        record.charset,
                        url=record.url,
                        source=record.source,
                        kind=SourceKind.WARC,
                    )
                except IngestError as exc:
                    yield exc.located(record.source)
            else:
                yield record

    def _page(
        self,
        data: bytes,
        charset: str | None,
        *,
        url: str | None,
        source: str,
        kind: SourceKind,
        outlet: Outlet | None = None,
    ) -> Document:
        html = decode(data, source, charset)
        return extract_page(html, url=url, source=source, kind=kind, outlet=outlet)

    def _sniffed(self, data: bytes, charset: str | None, *, source: str, url: str | None) -> Iterator[Item]:
        """A feed, an OPML list or a page, told apart by content."""
        head = data[:4096]
        if looks_like_opml(head):
            feed_urls = parse_opml(data, source)
            if len(self._opml_open) >= MAX_OPML_DEPTH:
                raise FeedParseError(f"{source} is an OPML list nested more than {MAX_OPML_DEPTH} lists deep; skipped")
            self._opml_open.append(source)
            try:
                for feed_url in feed_urls:
                    if feed_url in self._opml_open:  # a list that names itself, or a list that names it
                        yield FeedParseError(
                            f"{source} lists {feed_url[:200]}, which lists it (a loop); skipped", source=source
                        )
                    elif is_http_url(feed_url):
                        yield from self.items(feed_url)
                    else:  # an OPML list names feeds on the web; it must not make newsdesk read local files
                        yield BadURLError(
                            f"{source} lists {feed_url[:200]!r}, which is not an http(s) feed URL; skipped",
                            source=source,
                        )
            finally:
                self._opml_open.pop()
        elif looks_like_feed(head):
            yield from self._feed(data, source=source, url=url)
        elif b"<html" in head.lower() or b"<!doctype html" in head.lower() or b"<body" in head.lower():
            yield self._page(data, charset, url=url, source=source, kind=SourceKind.PAGE if url else SourceKind.FILE)
        else:
            decode(data, source, charset)  # binary or empty input gets its own message
            raise ContentTypeError(f"{source} is not an HTML page, RSS/Atom feed or OPML list; skipped")

    def _url(self, url: str) -> Iterator[Item]:
        state = self.store.feed_state(url)
        fetched = self.fetcher.get(
            url,
            Want.ANY,
            etag=state.etag if state else None,
            last_modified=state.last_modified if state else None,
        )
        if fetched.not_modified:
            assert self._counters is not None
            self._counters.not_modified += 1
            return
        if fetched.content_type in {"application/rss+xml", "application/atom+xml"} or looks_like_feed(
            fetched.body[:4096]
        ):
            complete = True
            for item in self._feed(fetched.body, source=url, url=url):
                complete = complete and isinstance(item, Document)
                yield item
            # Validators are kept only when every entry was read: a 304 next time must not hide a failed entry.
            if complete:
                self.store.put_feed_state(FeedState(url, fetched.etag, fetched.last_modified, datetime.now(UTC)))
        else:
            yield from self._sniffed(fetched.body, fetched.charset, source=url, url=fetched.url)

    def _feed(self, data: bytes, *, source: str, url: str | None) -> Iterator[Item]:
        feed = parse_feed(data, source)
        outlet = feed_outlet(feed, url)
        for n, entry in enumerate(feed.entries, 1):
            entry_source = entry.link or f"{source}#{n}"
            try:
                doc = entry_document(entry, feed, source=source, outlet=outlet, min_words=self.settings.min_feed_words)
                if doc is not None:
                    yield doc
                elif not self.settings.follow_summaries or not entry.link or not is_http_url(entry.link):
                    yield EmptyInputError(
                        f"{entry_source}: the feed entry has only a summary and its article page is not followed",
                        source=entry_source,
                    )
                else:
                    yield self._followed(self.fetcher.get(entry.link, Want.PAGE), entry_source, outlet)
            except IngestError as exc:
                yield exc.located(entry_source)

    def _followed(self, fetched: Fetched, source: str, outlet: Outlet) -> Document:
        return self._page(
            fetched.body, fetched.charset, url=fetched.url, source=source, kind=SourceKind.FEED, outlet=outlet
        )
