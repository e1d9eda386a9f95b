"""WARC files (``.warc`` and ``.warc.gz``), built here with warcio's writer, read through the ingester."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsdesk.errors import TooLargeError, WarcError
from newsdesk.ingest.warc import BOMB_FACTOR, WarcPage, read_warc
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import RunSummary, SourceKind

HOST = "https://www.tidewatch.example"


def article_html(n: int, *, charset: str = "utf-8", extra: str = "") -> bytes:
    """A small article page, different for each ``n``."""
    body = "".join(
        f"<p>Paragraph {p} of report {n}: the harbour authority said the tide gauge at pier {n} recorded a level "
        f"{n + p} centimetres above the seasonal average on the morning of the survey.</p>"
        for p in range(1, 4)
    )
    return (
        f"<!DOCTYPE html><html lang='en'><head><meta charset='{charset}'><title>Tide report {n}</title>"
        f"<meta property='og:site_name' content='Tidewatch'>"
        f"<meta property='article:published_time' content='2025-03-0{n}T08:00:00+00:00'></head>"
        f"<body><nav><a href='/'>Home</a></nav><article><h1>Tide report {n}</h1>{extra}{body}</article>"
        "<footer>Tidewatch · Contact</footer></body></html>"
    ).encode(charset)


class Warc:
    """Writes the records of a test WARC."""

    def __init__(self, out: io.BufferedIOBase, gz: bool) -> None:
        self.writer = WARCWriter(out, gzip=gz)

    def info(self) -> None:
        self.writer.write_record(self.writer.create_warcinfo_record("test.warc", {"software": "newsdesk tests"}))

    def request(self, url: str) -> None:
        headers = StatusAndHeaders(f"GET /{url.split('/', 3)[-1]} HTTP/1.1", [("Host", "x")], is_http_request=True)
        self.writer.write_record(
            self.writer.create_warc_record(url, "request", payload=io.BytesIO(b""), http_headers=headers)
        )

    def response(self, url: str, body: bytes, *, status: str = "200 OK", content_type: str | None = None) -> None:
        fields = [("Content-Type", content_type)] if content_type else []
        headers = StatusAndHeaders(status, [*fields, ("Content-Length", str(len(body)))], protocol="HTTP/1.1")
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers
        )
        self.writer.write_record(record)

    def metadata(self, url: str) -> None:
        record = self.writer.create_warc_record(
            url,
            "metadata",
            payload=io.BytesIO(b"via: https://www.tidewatch.example/\nfetchTimeMs: 120\n"),
            warc_content_type="application/warc-fields",
        )
        self.writer.write_record(record)

    def resource(self, url: str, body: bytes) -> None:
        record = self.writer.create_warc_record(
            url, "resource", payload=io.BytesIO(body), warc_content_type="text/html"
        )
        self.writer.write_record(record)


def crawl(path: Path) -> Path:
    """A crawl with three article responses among records newsdesk must skip."""
    with path.open("wb") as out:
        w = Warc(out, gz=path.name.endswith(".gz"))
        w.info()
        w.request(f"{HOST}/tides/1?utm_source=crawler")
        w.response(f"{HOST}/tides/1?utm_source=crawler", article_html(1), content_type="text/html; charset=utf-8")
        w.metadata(f"{HOST}/tides/1")
        w.request(f"{HOST}/missing")
        w.response(f"{HOST}/missing", article_html(9), status="404 Not Found", content_type="text/html")
        w.response(f"{HOST}/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(300), content_type="image/png")
        w.response(f"{HOST}/old", b"", status="301 Moved Permanently", content_type="text/html")
        w.resource(f"{HOST}/tides/8", article_html(8))
        w.request(f"{HOST}/tides/2")
        w.response(f"{HOST}/tides/2", article_html(2), content_type="application/xhtml+xml")
        w.response(f"{HOST}/tides/3", article_html(3))  # no Content-Type at all: read as a page
    return path


def ingest(store: Store, settings: Settings, *sources: Path | str) -> RunSummary:
    return run_ingest(store, [str(s) for s in sources], settings)


def titles(store: Store) -> list[str]:
    return sorted(a.title for a in store.list_articles(limit=100))


# --- reading a crawl ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_html_responses_are_articles_and_other_records_are_skipped(
    store: Store, settings: Settings, tmp_path: Path, name: str
) -> None:
    path = crawl(tmp_path / name)
    summary = ingest(store, settings, path)
    assert (summary.new, summary.failed, summary.ok) == (3, 0, True)
    assert titles(store) == ["Tide report 1", "Tide report 2", "Tide report 3"]
    first = store.find_article(f"{HOST}/tides/1")
    assert first is not None
    assert first.url == f"{HOST}/tides/1"  # the target URI, canonical
    assert first.source_kind is SourceKind.WARC
    assert first.source == f"{path} record 3 ({HOST}/tides/1?utm_source=crawler)"
    assert first.outlet.name == "Tidewatch"
    assert first.text.startswith("Paragraph 1 of report 1: the harbour authority said")
    assert "Home" not in first.text and "Contact" not in first.text


def test_the_same_warc_twice_adds_nothing(store: Store, settings: Settings, tmp_path: Path) -> None:
    path = crawl(tmp_path / "crawl.warc.gz")
    ingest(store, settings, path)
    summary = ingest(store, settings, path)
    assert (summary.new, summary.revised, summary.unchanged, summary.failed) == (0, 0, 3, 0)


def test_warc_in_a_folder(store: Store, settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    crawl(folder / "one.warc.gz")
    summary = ingest(store, settings, folder)
    assert summary.new == 3


def test_read_warc_gives_record_offsets(tmp_path: Path) -> None:
    path = crawl(tmp_path / "crawl.warc.gz")
    pages = list(read_warc(path, 1_000_000))
    assert all(isinstance(p, WarcPage) for p in pages)
    assert [p.url for p in pages] == [f"{HOST}/tides/1?utm_source=crawler", f"{HOST}/tides/2", f"{HOST}/tides/3"]
    offsets = [p.offset for p in pages]
    assert 0 < offsets[0] < offsets[1] < offsets[2] < path.stat().st_size
    with path.open("rb") as stream:  # each offset is where the record starts
        for page in pages:
            stream.seek(page.offset)
            record = next(iter(ArchiveIterator(stream)))
            assert record.rec_headers.get_header("WARC-Target-URI") == page.url
            assert record.content_stream().read() == page.body
    assert pages[0].charset == "utf-8"


def test_charset_from_the_http_header(store: Store, settings: Settings, tmp_path: Path) -> None:
    extra = "<p>“Le niveau a monté très vite”, a dit Hélène — et c’était vrai.</p>"
    html = article_html(4, charset="cp1252", extra=extra).replace(b"<meta charset='cp1252'>", b"")
    path = tmp_path / "latin.warc.gz"
    with path.open("wb") as out:
        Warc(out, gz=True).response(f"{HOST}/tides/4", html, content_type="text/html; charset=windows-1252")
    summary = ingest(store, settings, path)
    assert (summary.new, summary.failed) == (1, 0)
    [article] = store.list_articles()
    assert article.text.startswith("“Le niveau a monté très vite”, a dit Hélène — et c’était vrai.")


# --- broken and hostile files -----------------------------------------------------------------------------------


def whole_records(path: Path) -> list[int]:
    """Where each record ends in a file, so that a cut can be put inside one."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        ends = []
        for _ in records:
            records.read_to_end()
            ends.append(records.offset)
    return ends


@pytest.mark.parametrize("name", ["cut.warc.gz", "cut.warc"])
def test_truncated_warc_keeps_the_records_before_the_cut(
    store: Store, settings: Settings, tmp_path: Path, name: str
) -> None:
    full = crawl(tmp_path / f"full-{name}")
    ends = whole_records(full)
    data = full.read_bytes()
    # Cut in the middle of the last-but-one record (the response for /tides/2).
    cut_at = (ends[-3] + ends[-2]) // 2
    path = tmp_path / name
    path.write_bytes(data[:cut_at])

    earlier = tmp_path / "earlier.warc.gz"
    with earlier.open("wb") as out:
        Warc(out, gz=True).response(f"{HOST}/tides/5", article_html(5), content_type="text/html")
    assert ingest(store, settings, earlier).new == 1

    summary = ingest(store, settings, path)
    assert (summary.new, summary.failed, summary.ok) == (1, 1, False)
    assert summary.failures_by_code == {"ND126": 1}
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == str(path)
    assert "truncated or corrupt" in failure.message
    assert failure.message.startswith("ND126: ") and "\n" not in failure.message
    assert titles(store) == ["Tide report 1", "Tide report 5"]  # the cut record and those after it are lost


@pytest.mark.parametrize("gz", [True, False])
def test_every_cut_gives_whole_pages_and_one_error(tmp_path: Path, gz: bool) -> None:
    """Wherever a file is cut, no page comes out shortened and the file ends with one WarcError."""
    full = tmp_path / ("full.warc.gz" if gz else "full.warc")
    with full.open("wb") as out:
        w = Warc(out, gz=gz)
        for n in (1, 2):
            w.response(f"{HOST}/tides/{n}", article_html(n), content_type="text/html")
    data = full.read_bytes()
    ends = set(whole_records(full))
    expected = {f"{HOST}/tides/{n}": article_html(n) for n in (1, 2)}
    # A cut where a record ends, or (uncompressed) in the blank lines after it, leaves a shorter but whole file.
    whole = ends if gz else {end - k for end in ends for k in range(5)}
    cut_file = tmp_path / full.name.replace("full", "cut")
    for cut in range(1, len(data)):
        cut_file.write_bytes(data[:cut])
        items = list(read_warc(cut_file, 1_000_000))
        pages = [i for i in items if isinstance(i, WarcPage)]
        assert all(p.body == expected[p.url] for p in pages), cut
        errors = [i for i in items if not isinstance(i, WarcPage)]
        if cut in whole:
            assert errors == [], cut
        else:
            assert len(errors) == 1 and isinstance(errors[0], WarcError) and items[-1] is errors[0], (cut, items)


def test_record_over_max_bytes_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, max_bytes=3_000)
    path = tmp_path / "big.warc.gz"
    big = article_html(2, extra="<p>" + "The survey went on. " * 400 + "</p>")
    assert 3_000 < len(big) < BOMB_FACTOR * 3_000
    with path.open("wb") as out:
        w = Warc(out, gz=True)
        w.response(f"{HOST}/tides/1", article_html(1), content_type="text/html")
        w.response(f"{HOST}/tides/2", big, content_type="text/html")
        w.response(f"{HOST}/tides/3", article_html(3), content_type="text/html")
    with open_store(settings.db) as store:
        summary = ingest(store, settings, path)
        [failure] = store.failures(run_id=summary.run_id)
        stored = titles(store)
    assert (summary.new, summary.failures_by_code) == (2, {"ND114": 1})
    assert failure.source == f"{path} record 2 ({HOST}/tides/2)"
    assert "3,000-byte cap" in failure.message
    assert stored == ["Tide report 1", "Tide report 3"]


def test_a_record_declaring_a_huge_size_stops_the_file(tmp_path: Path) -> None:
    """A decompression bomb: a tiny gzip member that declares (and holds) far more than the cap."""
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, max_bytes=1_000)
    path = tmp_path / "bomb.warc.gz"
    bomb = b"<html><body>" + b" " * (BOMB_FACTOR * 1_000 + 1) + b"</body></html>"
    with path.open("wb") as out:
        w = Warc(out, gz=True)
        w.response(f"{HOST}/tides/1", article_html(1)[:990], content_type="text/html")
        w.response(f"{HOST}/bomb", bomb, content_type="text/html")
        w.response(f"{HOST}/tides/3", article_html(3), content_type="text/html")
    assert path.stat().st_size < 5_000
    items = list(read_warc(path, settings.max_bytes))
    assert [type(i) for i in items] == [WarcPage, WarcError]
    assert "far over the cap" in str(items[1])
    assert f"{HOST}/bomb" in str(items[1])


def test_payload_over_the_cap_in_a_small_record_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "gz-payload.warc"
    inner = gzip.compress(b"<html><body>" + b"x" * 50_000 + b"</body></html>")
    with path.open("wb") as out:
        w = Warc(out, gz=False)
        headers = StatusAndHeaders(
            "200 OK",
            [("Content-Type", "text/html"), ("Content-Encoding", "gzip"), ("Content-Length", str(len(inner)))],
            protocol="HTTP/1.1",
        )
        record = w.writer.create_warc_record(
            f"{HOST}/zipped", "response", payload=io.BytesIO(inner), length=len(inner), http_headers=headers
        )
        w.writer.write_record(record)
        w.response(f"{HOST}/tides/2", article_html(2), content_type="text/html")
    items = list(read_warc(path, 10_000))
    assert [type(i) for i in items] == [TooLargeError, WarcPage]  # the cap counts the decompressed payload
    assert items[1].url == f"{HOST}/tides/2"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("text.warc", b"<html><body>This is not a WARC file at all.</body></html>\n"),
        ("zeros.warc.gz", b"\x1f\x8b\x08\x00" + bytes(200)),
        ("noise.warc", bytes(range(256)) * 4),
    ],
)
def test_file_that_is_not_a_warc(store: Store, settings: Settings, tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    summary = ingest(store, settings, path)
    assert (summary.new, summary.failures_by_code) == (0, {"ND126": 1})
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == str(path)
    assert "\n" not in failure.message


@pytest.mark.parametrize("name", ["empty.warc", "empty.warc.gz"])
def test_empty_warc_is_empty_input(store: Store, settings: Settings, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(b"")
    summary = ingest(store, settings, path)
    assert summary.failures_by_code == {"ND121": 1}
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == str(path)
