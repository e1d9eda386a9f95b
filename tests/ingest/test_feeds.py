"""RSS 0.91, RSS 1.0 (RDF), RSS 2.0 and Atom feed files with full content, and OPML subscription lists."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.errors import FeedParseError
from newsdesk.ingest.feeds import html_to_text, looks_like_feed, looks_like_opml, parse_feed, parse_opml
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import Article, RunSummary, SourceKind

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    # The fixture entries are short; 30 words make them full articles. Summaries are never fetched here.
    return Settings.from_env(
        {}, db=tmp_path / "news.db", host_delay=0, progress=False, min_feed_words=30, follow_summaries=False
    )


def ingest(store: Store, settings: Settings, *sources: Path | str) -> RunSummary:
    return run_ingest(store, [str(s) for s in sources], settings)


def only_article(store: Store) -> Article:
    [article] = store.list_articles()
    return article


# --- the four dialects ------------------------------------------------------------------------------------------


def test_rss_091(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, FEEDS / "rss091.xml")
    assert (summary.new, summary.failed) == (1, 0)
    article = only_article(store)
    assert article.title == "Valley dairy reopens after fire"
    assert article.url == "https://www.orrinvalley.example/news/dairy-reopens"
    assert article.outlet.name == "Orrin Valley Gazette"
    assert article.outlet.domain == "orrinvalley.example"
    assert article.language == "en"
    assert article.published is None  # RSS 0.91 items carry no date
    assert article.source_kind is SourceKind.FEED
    assert article.source == str(FEEDS / "rss091.xml")
    assert article.text.split("\n\n") == [
        "The Orrin Valley dairy reopened on Monday, five weeks after a fire destroyed its packing hall and cold store.",
        "The owners said forty workers were back at their jobs and that milk from the twelve farms that supply the "
        "dairy would again be bottled in the valley rather than trucked to the coast.",
    ]


def test_rss_10_rdf(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, FEEDS / "rss10.rdf")
    assert (summary.new, summary.failed) == (1, 0)
    article = only_article(store)
    assert article.title == "Tunnel under the fjord opens to traffic"
    assert article.url == "https://www.fjordtimes.example/2025/03/12/tunnel"
    assert article.outlet.name == "Fjord Times"
    assert article.outlet.domain == "fjordtimes.example"
    assert article.published == datetime(2025, 3, 12, 13, 0, tzinfo=UTC)  # 14:00+01:00
    assert article.authors == ("Sigrid Vang",)
    assert article.language == "nb"
    assert article.text.startswith("The new road tunnel under the fjord opened to traffic on Wednesday afternoon")
    assert article.text.endswith("The ferry will keep running until the end of the month.")
    assert "A new tunnel opened." not in article.text  # content:encoded wins over the description


def test_rss_20(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, FEEDS / "rss20.xml")
    assert (summary.new, summary.failed) == (1, 1)
    article = only_article(store)
    assert article.title == "Lifeboat crew rescues two sailors off the point"
    assert article.url == "https://www.westhavendaily.example/news/lifeboat-rescue"  # fbclid and #top dropped
    assert article.outlet.name == "Westhaven Daily"
    assert article.published == datetime(2025, 3, 15, 18, 45, tzinfo=UTC)
    assert article.authors == ("Rhian Cole",)
    assert article.language == "en"
    assert article.text == (
        "The Westhaven lifeboat crew rescued two sailors from a dinghy that capsized off the point on Saturday "
        "evening, the coastguard said.\n\nBoth were taken to the harbour and checked by paramedics. The crew had "
        "been called out at six o'clock and reached the dinghy within fifteen minutes."
    )
    assert "alert" not in article.text  # the entry's script is gone


def test_rss_20_summary_only_entry_is_reported_when_not_followed(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, FEEDS / "rss20.xml")
    assert summary.failures_by_code == {"ND121": 1}
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == "https://www.westhavendaily.example/news/short-note"  # the entry, not the file
    assert "only a summary" in failure.message
    assert failure.message.startswith("ND121: ") and "\n" not in failure.message


def test_atom(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, FEEDS / "atom.xml")
    assert (summary.new, summary.failed) == (1, 0)
    article = only_article(store)
    assert article.title == "Seal colony returns to the north beach"
    assert article.url == "https://harrowbay.example/nature/seal-colony-returns"
    assert article.outlet.name == "Harrow Bay Herald"
    assert article.outlet.domain == "harrowbay.example"
    assert article.published == datetime(2025, 3, 20, 6, 30, tzinfo=UTC)  # 08:30+02:00, not the update time
    assert article.authors == ("Aino Lind", "Per Holm")
    assert article.language == "en"
    assert article.text.split("\n\n")[0] == (
        "A colony of about sixty grey seals has returned to the north beach of Harrow Bay for the first time in a "
        "decade, rangers said on Thursday."
    )
    assert "Seals are back." not in article.text


def test_feed_files_twice(store: Store, settings: Settings) -> None:
    feeds = [FEEDS / "rss091.xml", FEEDS / "rss10.rdf", FEEDS / "rss20.xml", FEEDS / "atom.xml"]
    first = ingest(store, settings, *feeds)
    assert (first.new, first.failed) == (4, 1)  # the RSS 2.0 summary-only entry
    second = ingest(store, settings, *feeds)
    assert (second.new, second.revised, second.unchanged) == (0, 0, 4)
    assert {o.name for o, _ in store.outlets()} == {
        "Orrin Valley Gazette",
        "Fjord Times",
        "Westhaven Daily",
        "Harrow Bay Herald",
    }


def test_with_the_default_word_floor_short_entries_are_summaries(tmp_path: Path) -> None:
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, follow_summaries=False)
    assert settings.min_feed_words == 120
    with open_store(settings.db) as store:
        summary = ingest(store, settings, FEEDS / "atom.xml")
        assert (summary.new, summary.failures_by_code) == (0, {"ND121": 1})
        assert store.count_articles() == 0


def test_entry_without_link_gets_a_stable_key(store: Store, settings: Settings, tmp_path: Path) -> None:
    words = " ".join(["The harbour board met on Monday and agreed the budget for the new breakwater."] * 4)
    feed = tmp_path / "nolink.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Board Notes</title>'
        f"<item><title>Budget agreed</title><description>{words}</description></item></channel></rss>",
        encoding="utf-8",
    )
    assert ingest(store, settings, feed).new == 1
    article = only_article(store)
    assert article.url is None
    assert article.key == f"feed:{feed}#Budget agreed"
    assert article.outlet.name == "Board Notes"
    assert ingest(store, settings, feed).unchanged == 1


# --- broken feeds ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>',
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>Half a ti',
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A</item></channel></rss>',
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>T<<<>>> & </channel>',
        b"<feed xmlns='http://www.w3.org/2005/Atom'><title>Broken</title><entry><title>x</entry>",
    ],
    ids=["cut-in-item", "cut-in-title", "mismatched-tags", "garbage", "atom-mismatched"],
)
def test_malformed_feed_is_one_feed_parse_error(store: Store, settings: Settings, tmp_path: Path, data: bytes) -> None:
    ingest(store, settings, FEEDS / "atom.xml")
    broken = tmp_path / "broken.rss"
    broken.write_bytes(data)
    summary = ingest(store, settings, broken)
    assert (summary.new, summary.failed, summary.failures_by_code, summary.ok) == (0, 1, {"ND123": 1}, False)
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == str(broken)
    assert failure.message.startswith("ND123: ") and "\n" not in failure.message
    assert store.count_articles() == 1  # what was stored before stays


def test_feed_cut_after_a_whole_entry_keeps_that_entry(store: Store, settings: Settings, tmp_path: Path) -> None:
    data = (FEEDS / "rss20.xml").read_bytes()
    cut = tmp_path / "cut.xml"
    cut.write_bytes(data[: data.index(b"<item>", data.index(b"</item>"))])
    summary = ingest(store, settings, cut)
    assert (summary.new, summary.failed) == (1, 0)
    assert only_article(store).title == "Lifeboat crew rescues two sailors off the point"


def test_xml_file_that_is_no_feed(store: Store, settings: Settings, tmp_path: Path) -> None:
    catalog = tmp_path / "catalog.xml"
    catalog.write_text('<?xml version="1.0"?><catalog><book>Tide tables</book></catalog>', encoding="utf-8")
    summary = ingest(store, settings, catalog)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND115", str(catalog))


def test_parse_feed_refuses_what_is_not_a_feed() -> None:
    with pytest.raises(FeedParseError) as raised:
        parse_feed(b'<?xml version="1.0"?><catalog><book>Tide tables</book></catalog>', "catalog.xml")
    assert raised.value.code == "ND123"


def test_feed_does_not_resolve_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2-secret-token", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "{secret.as_uri()}">]><rss version="2.0"><channel>'
        "<title>T</title><item><title>a &x;</title><link>https://t.example/1</link>"
        "<description>hello &x; there</description></item></channel></rss>"
    ).encode()
    feed = parse_feed(data, "evil.xml")
    assert "hunter2" not in repr(feed)


# --- recognising and reading parts ------------------------------------------------------------------------------


def test_looks_like() -> None:
    for name in ("rss091.xml", "rss10.rdf", "rss20.xml", "atom.xml"):
        data = (FEEDS / name).read_bytes()
        assert looks_like_feed(data), name
        assert not looks_like_opml(data), name
    opml = (FEEDS / "subscriptions.opml").read_bytes()
    assert looks_like_opml(opml) and not looks_like_feed(opml)
    assert not looks_like_feed(b"<!DOCTYPE html><html><body><p>rss feed</p></body></html>")


def test_html_to_text() -> None:
    html = (
        "<p>First  paragraph<br>second line</p><div>Block <b>bold</b> and <a href='#'>link</a>.</div>"
        "<script>var x = 1;</script><style>p {color: red}</style><ul><li>one</li><li>two</li></ul>"
    )
    assert html_to_text(html) == "First paragraph\n\nsecond line\n\nBlock bold and link.\n\none\n\ntwo"
    assert html_to_text("") == ""
    assert html_to_text("plain words, no tags") == "plain words, no tags"


# --- OPML --------------------------------------------------------------------------------------------------------


def test_parse_opml_gives_feed_urls_in_order_without_duplicates() -> None:
    urls = parse_opml((FEEDS / "subscriptions.opml").read_bytes(), "subscriptions.opml")
    assert urls == [
        "https://www.westhavendaily.example/rss.xml",
        "https://harrowbay.example/atom.xml",  # white space around it trimmed
        "https://www.fjordtimes.example/rss",  # the lower-case xmlurl attribute some tools write
    ]


@pytest.mark.parametrize(
    "data",
    [
        b'<?xml version="1.0"?><opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/rss"></body>',
        b'<opml version="2.0"><body><outline xmlUrl="https://a.example/rss?a=1&b=2"/></body></opml>',
        b"<opml version='2.0'><head><title>Mine</title></head><body><outline text='folder'/></body></opml>",
        b"<opml version='2.0'><body></body></opml>",
    ],
    ids=["unclosed", "bare-ampersand", "no-feed-url", "empty-body"],
)
def test_malformed_opml_is_a_feed_parse_error(data: bytes) -> None:
    with pytest.raises(FeedParseError) as raised:
        parse_opml(data, "list.opml")
    assert raised.value.code == "ND123"
    assert "list.opml" in str(raised.value)
    assert "\n" not in raised.value.one_line()


def test_opml_does_not_resolve_external_entities(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("hunter2-secret-token", encoding="utf-8")
    data = (
        f'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<opml version="2.0"><body><outline text="a" xmlUrl="https://a.example/&x;"/></body></opml>'
    ).encode()
    try:
        urls = parse_opml(data, "evil.opml")
    except FeedParseError as exc:
        assert "hunter2" not in str(exc)
    else:
        assert not any("hunter2" in u for u in urls)


def test_malformed_opml_file_is_recorded(store: Store, settings: Settings, tmp_path: Path) -> None:
    broken = tmp_path / "list.opml"
    broken.write_bytes(b'<?xml version="1.0"?><opml version="2.0"><body><outline xmlUrl="https://a.example/rss">')
    summary = ingest(store, settings, broken)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND123", str(broken))
    assert summary.ok is False


def test_opml_cannot_make_newsdesk_read_local_files(store: Store, settings: Settings, tmp_path: Path) -> None:
    """An OPML list names feeds on the web; a local path in it is refused, not read."""
    private = tmp_path / "private" / "diary.md"
    private.parent.mkdir()
    private.write_text("Dear diary\n\nNothing here should reach the store.", encoding="utf-8")
    listing = tmp_path / "list.opml"
    listing.write_text(
        f'<?xml version="1.0"?><opml version="2.0"><body><outline text="x" xmlUrl="{private}"/>'
        f'<outline text="y" xmlUrl="{private.parent}"/><outline text="z" xmlUrl="{private.as_uri()}"/></body></opml>',
        encoding="utf-8",
    )
    summary = ingest(store, settings, listing)
    assert store.count_articles() == 0
    assert (summary.new, summary.failures_by_code) == (0, {"ND118": 3})
    for failure in store.failures(run_id=summary.run_id):
        assert failure.source == str(listing)
        assert "not an http(s) feed URL" in failure.message
