"""HTML article pages: text without boilerplate and the page's own metadata, read from local files."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.errors import ExtractionError
from newsdesk.ingest.pages import extract_page, parse_time
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import Outlet, RunSummary, SourceKind

PAGES = Path(__file__).parent / "fixtures" / "pages"
FERRY = PAGES / "ferry-strike.html"
FROST = PAGES / "orchard-frost.html"
FERRY_URL = "https://www.lakesidechronicle.example/news/2025/03/04/ferry-crews-walk-out"
CET = timezone(timedelta(hours=1))
EST = timezone(timedelta(hours=-5))

# A page with a navigation bar, teasers and a footer but no article.
INDEX_PAGE = """<!DOCTYPE html><html lang="en"><head><title>Lakeside Chronicle - News</title>
<meta property="og:site_name" content="Lakeside Chronicle"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<ul class="teasers"><li><a href="/a">Ferry crews walk out</a></li><li><a href="/b">Library reopens</a></li></ul>
<footer>© 2025 Lakeside Chronicle · Privacy · Contact</footer></body></html>"""


def ingest(store: Store, settings: Settings, *sources: Path | str) -> RunSummary:
    return run_ingest(store, [str(s) for s in sources], settings)


# --- what a page gives -----------------------------------------------------------------------------------------


def test_page_text_is_the_article_without_boilerplate() -> None:
    doc = extract_page(FERRY.read_text(encoding="utf-8"), url=None, source=str(FERRY), kind=SourceKind.FILE)
    paragraphs = doc.text.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Crews on the three Lake Orrin ferries stopped work at dawn on Tuesday")
    assert paragraphs[2].startswith("“We have asked for a fair roster")
    assert paragraphs[3].endswith("until the dispute is settled.")
    for boilerplate in ("Subscribe today", "Weather", "Related stories", "Lake levels fall again", "Privacy policy"):
        assert boilerplate not in doc.text
    assert "All rights reserved" not in doc.text
    assert not doc.text.startswith(doc.title)  # the headline is not repeated as the first line


def test_page_metadata() -> None:
    doc = extract_page(FERRY.read_text(encoding="utf-8"), url=None, source=str(FERRY), kind=SourceKind.FILE)
    assert doc.title == "Ferry crews walk out over new rosters"  # og:title, not the <title> with the site suffix
    assert doc.authors == ("Ines Haldane", "Tomas Ruel")
    assert doc.published == datetime(2025, 3, 4, 9, 15, tzinfo=CET)
    assert doc.published.utcoffset() == timedelta(hours=1)  # the zone the page gave is kept
    assert doc.modified == datetime(2025, 3, 4, 11, 40, tzinfo=CET)
    assert doc.outlet.name == "Lakeside Chronicle"
    assert doc.outlet.id == "lakeside-chronicle"
    assert doc.outlet.domain == "lakesidechronicle.example"
    assert doc.language == "en"  # from lang="en-GB"
    assert doc.url == FERRY_URL  # canonical link, tracking parameters and fragment dropped
    assert doc.key == FERRY_URL
    assert doc.source_kind is SourceKind.FILE


def test_json_ld_date_and_host_as_outlet() -> None:
    doc = extract_page(FROST.read_text(encoding="utf-8"), url=None, source=str(FROST), kind=SourceKind.FILE)
    assert doc.title == "Late frost hits orchards in the Verlen valley"
    assert doc.published == datetime(2025, 4, 11, 6, 30, tzinfo=EST)
    assert doc.published.utcoffset() == timedelta(hours=-5)
    assert doc.modified == datetime(2025, 4, 11, 8, 0, tzinfo=EST)
    assert doc.url == "https://news.verlenpost.example/region/late-frost-orchards"  # trailing slash dropped
    assert doc.outlet.domain == "news.verlenpost.example"  # no site name: the host names the outlet
    assert doc.language == "de"
    assert doc.text.startswith("Growers in the Verlen valley lost much of this year's apricot blossom")
    assert "Log in" not in doc.text and "Imprint" not in doc.text


def test_time_element_gives_the_date_when_the_head_has_none() -> None:
    body = " ".join(["The ferry ran again on Friday after the crews accepted a new roster offer."] * 4)
    html = (
        "<html><head><title>Ferries run again</title></head><body><article><h1>Ferries run again</h1>"
        f'<time datetime="2025-03-07T18:05:00+01:00">7 March</time><p>{body}</p></article></body></html>'
    )
    doc = extract_page(html, url=None, source="t.html", kind=SourceKind.FILE)
    assert doc.published == datetime(2025, 3, 7, 18, 5, tzinfo=CET)
    assert doc.title == "Ferries run again"
    assert doc.url is None
    assert doc.key == "file:t.html"


def test_canonical_link_on_another_site_is_not_trusted() -> None:
    html = FERRY.read_text(encoding="utf-8")
    copied = extract_page(html, url="https://copycat.example/ferry?utm_source=x", source="web", kind=SourceKind.PAGE)
    assert copied.url == "https://copycat.example/ferry"
    own = extract_page(html, url="https://amp.lakesidechronicle.example/x", source="web", kind=SourceKind.PAGE)
    assert own.url == FERRY_URL


def test_relative_canonical_link_is_resolved_against_the_page_url() -> None:
    html = FERRY.read_text(encoding="utf-8").replace("https://www.lakesidechronicle.example/news/", "/news/")
    doc = extract_page(
        html, url="https://www.lakesidechronicle.example/feed/item-9", source="web", kind=SourceKind.PAGE
    )
    assert doc.url == FERRY_URL


def test_an_outlet_given_by_the_caller_wins() -> None:
    outlet = Outlet.named("Westhaven Daily", "westhavendaily.example")
    doc = extract_page(FERRY.read_text(encoding="utf-8"), url=None, source="x", kind=SourceKind.FEED, outlet=outlet)
    assert doc.outlet == outlet


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-04T09:15:00+01:00", datetime(2025, 3, 4, 9, 15, tzinfo=CET)),
        ("2025-03-04T08:15:00Z", datetime(2025, 3, 4, 8, 15, tzinfo=UTC)),
        ("2025-03-04T08:15:00", datetime(2025, 3, 4, 8, 15, tzinfo=UTC)),
        ("Tue, 04 Mar 2025 09:15:00 +0100", datetime(2025, 3, 4, 9, 15, tzinfo=CET)),
        ("2025-03-04", datetime(2025, 3, 4, tzinfo=UTC)),
        ("last Tuesday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_time(value: str | None, expected: datetime | None) -> None:
    parsed = parse_time(value)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo is not None


def test_page_without_article_text_raises_extraction_error() -> None:
    with pytest.raises(ExtractionError) as raised:
        extract_page(INDEX_PAGE, url=None, source="index.html", kind=SourceKind.FILE)
    assert raised.value.code == "ND124"
    assert "no article text" in str(raised.value)


# --- through the ingester --------------------------------------------------------------------------------------


def test_html_files_in_the_store(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, PAGES)
    assert (summary.new, summary.failed, summary.ok) == (2, 0, True)
    ferry = store.find_article(FERRY_URL)
    assert ferry is not None
    assert ferry.title == "Ferry crews walk out over new rosters"
    assert ferry.published == datetime(2025, 3, 4, 8, 15, tzinfo=UTC)  # the same instant
    assert ferry.outlet.name == "Lakeside Chronicle"
    assert ferry.authors == ("Ines Haldane", "Tomas Ruel")
    assert ferry.language == "en"
    assert ferry.source == str(PAGES / "ferry-strike.html")
    assert ferry.source_kind is SourceKind.FILE
    assert "Related stories" not in ferry.text
    [revision] = store.revisions(ferry.id)
    assert revision.modified == datetime(2025, 3, 4, 11, 40, tzinfo=CET)
    assert [o.name for o, _ in store.outlets()] == ["Lakeside Chronicle", "news.verlenpost.example"]


def test_same_page_under_two_file_names_is_one_article(store: Store, settings: Settings, tmp_path: Path) -> None:
    (tmp_path / "ferry.html").write_bytes(FERRY.read_bytes())
    (tmp_path / "ferry-copy.htm").write_bytes(FERRY.read_bytes())
    summary = ingest(store, settings, tmp_path / "ferry.html", tmp_path / "ferry-copy.htm")
    assert (summary.new, summary.unchanged) == (1, 1)
    assert store.count_articles() == 1


def test_binary_file_named_html_is_binary_input(store: Store, settings: Settings, tmp_path: Path) -> None:
    picture = tmp_path / "photo.html"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10" + bytes(range(256)) * 4)
    summary = ingest(store, settings, picture, FERRY)
    assert (summary.new, summary.failed, summary.failures_by_code, summary.ok) == (1, 1, {"ND122": 1}, False)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND122", str(picture))
    assert "PNG" in failure.message
    assert failure.message.startswith("ND122: ") and "\n" not in failure.message


def test_page_without_article_text_is_recorded(store: Store, settings: Settings, tmp_path: Path) -> None:
    index = tmp_path / "index.html"
    index.write_text(INDEX_PAGE, encoding="utf-8")
    ingest(store, settings, FERRY)
    summary = ingest(store, settings, index)
    assert (summary.new, summary.failures_by_code, summary.ok) == (0, {"ND124": 1}, False)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND124", str(index))
    assert failure.message.startswith("ND124: ") and "\n" not in failure.message
    assert store.find_article(FERRY_URL) is not None  # what was stored before stays


# --- failures of the parts we build on ---------------------------------------------------------------------------


def test_an_extractor_crash_fails_that_page_only(
    tmp_path: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a-page.html").write_text(FERRY.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "b-note.txt").write_text("Library reopens\n\n" + "The town library reopened on Monday. " * 10)

    def broken(*args: object, **kwargs: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr("newsdesk.ingest.pages.bare_extraction", broken)
    summary = ingest(store, settings, folder)
    assert summary.new == 1 and summary.failed == 1
    (failure,) = store.failures()
    assert failure.code == "ND124" and "RecursionError" in failure.message and failure.source.endswith("a-page.html")


def test_an_unexpected_error_in_one_source_is_recorded_and_the_next_source_is_read(
    tmp_path: Path, store: Store, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Library reopens\n\n" + "The town library reopened on Monday. " * 10)

    def broken(*args: object, **kwargs: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr("newsdesk.ingest.ingester.read_json_file", broken)
    bad = tmp_path / "items.json"
    bad.write_text('{"text": "anything"}')
    summary = ingest(store, settings, bad, note)
    assert summary.new == 1 and summary.failed == 1
    (failure,) = store.failures()
    assert failure.code == "ND100" and "unexpected KeyError" in failure.message and failure.source == str(bad)
