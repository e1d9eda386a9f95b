"""Ingest over HTTP against a real server on 127.0.0.1: pages, feeds, OPML, manners, limits and the address guard."""

from __future__ import annotations

import gzip
import itertools
import random
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import pytest

from newsdesk.errors import BlockedAddressError, FetchTimeoutError, RobotsDisallowedError
from newsdesk.ingest import fetch
from newsdesk.ingest.fetch import Fetcher, Want, address_problem
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.types import Article, IngestFailure, RunSummary, SourceKind

if TYPE_CHECKING:
    from conftest import LocalServer, Seen

MakeSettings = Callable[..., Settings]

RSS = "application/rss+xml; charset=utf-8"

_WORDS = """
council harbour budget ferry school bridge railway hospital police tenants election mayor river museum market
station union workers teachers nurses farmers drivers residents inspectors engineers court judge minister
committee report figures contract tender vote plan strike shortage flood storm repairs delays closure opening
increase decrease funding rents prices wages hours routes tickets timetable permit licence hearing appeal
said announced confirmed denied expected warned agreed rejected approved delayed promised estimated
yesterday today Monday Tuesday Wednesday Thursday Friday morning evening week month spring autumn
"""
_VOCABULARY = _WORDS.split()


def prose(seed: int, words: int) -> list[str]:
    """Deterministic paragraphs of sentence-like text, about ``words`` words, different for each seed."""
    rng = random.Random(seed)
    paragraphs, sentences, count = [], [], 0
    while count < words:
        n = rng.randint(10, 16)
        sentence = " ".join(rng.choice(_VOCABULARY) for _ in range(n))
        sentences.append(sentence[0].upper() + sentence[1:] + ".")
        count += n
        if len(sentences) == 3:
            paragraphs.append(" ".join(sentences))
            sentences = []
    if sentences:
        paragraphs.append(" ".join(sentences))
    return paragraphs


def article_html(
    title: str,
    paragraphs: list[str],
    *,
    site: str = "The Harbour Courier",
    published: str | None = "2024-03-05T09:30:00+01:00",
    canonical: str | None = None,
) -> str:
    head = [
        '<meta charset="utf-8">',
        f"<title>{title} | {site}</title>",
        f'<meta property="og:site_name" content="{site}">',
        f'<meta property="og:title" content="{title}">',
    ]
    if published:
        head.append(f'<meta property="article:published_time" content="{published}">')
    if canonical:
        head.append(f'<link rel="canonical" href="{canonical}">')
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f'<!doctype html><html lang="en"><head>{"".join(head)}</head><body>'
        f'<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{title}</h1>{body}</article><footer>Contact the newsroom</footer></body></html>"
    )


def page(seed: int, title: str | None = None, **kwargs: str | None) -> str:
    return article_html(title or f"Story number {seed}", prose(seed, 60), **kwargs)


def rss(title: str, link: str, items: list[dict[str, str]]) -> str:
    """An RSS 2.0 feed; each item has title, link, pubDate and either content (full article) or summary."""
    parts = []
    for item in items:
        content = item.get("content")
        parts.append(
            "<item>"
            f"<title>{item['title']}</title><link>{item['link']}</link><guid>{item['link']}</guid>"
            f"<pubDate>{item.get('date', 'Tue, 05 Mar 2024 08:30:00 GMT')}</pubDate>"
            f"<description><![CDATA[{item.get('summary', 'A short teaser.')}]]></description>"
            + (f"<content:encoded><![CDATA[{content}]]></content:encoded>" if content else "")
            + "</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>{link}</link><description>News</description><language>en-gb</language>"
        + "".join(parts)
        + "</channel></rss>"
    )


def full_content(seed: int) -> str:
    return "".join(f"<p>{p}</p>" for p in prose(seed, 160))


def opml(feed_urls: list[str]) -> str:
    outlines = "".join(f'<outline type="rss" text="feed {n}" xmlUrl="{u}"/>' for n, u in enumerate(feed_urls))
    return f'<?xml version="1.0"?><opml version="2.0"><head><title>Subs</title></head><body>{outlines}</body></opml>'


def ingest(settings: Settings, *sources: str) -> RunSummary:
    with open_store(settings.db) as store:
        return run_ingest(store, list(sources), settings)


def stored(settings: Settings) -> dict[str, Article]:
    """The stored articles by URL."""
    with open_store(settings.db) as store:
        return {a.url or a.key: a for a in store.list_articles(limit=1000)}


def failures(settings: Settings) -> list[IngestFailure]:
    with open_store(settings.db) as store:
        return store.failures()


# --- article pages ------------------------------------------------------------------------------------------


def test_an_article_url_is_fetched_and_extracted(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(user_agent="newsdesk-test/9.9 (+http://127.0.0.1/contact)")
    paragraphs = prose(1, 80)
    server.route(
        "/news/harbour-fire",
        article_html(
            "Fire closes the old harbour warehouse", paragraphs, canonical="/news/2024/harbour-fire?utm_source=x"
        ),
    )

    summary = ingest(s, server.url("/news/harbour-fire?utm_source=feed"))

    assert (summary.new, summary.failed) == (1, 0)
    [article] = stored(s).values()
    assert article.url == server.url("/news/2024/harbour-fire")  # the same-site canonical link, tracking removed
    assert article.title == "Fire closes the old harbour warehouse"
    assert article.text.startswith(paragraphs[0])
    assert paragraphs[-1] in article.text
    assert "Contact the newsroom" not in article.text
    assert article.outlet.name == "The Harbour Courier"
    assert article.published == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert article.source_kind is SourceKind.PAGE
    assert server.paths == ["/robots.txt", "/news/harbour-fire?utm_source=feed"]
    assert {r.headers["user-agent"] for r in server.requests} == {"newsdesk-test/9.9 (+http://127.0.0.1/contact)"}
    assert server.requests[1].headers["accept"].startswith("text/html")


def test_a_canonical_link_to_another_site_is_ignored(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings()
    server.route("/news/a", page(2, canonical="https://other.example/news/stolen"))
    ingest(s, server.url("/news/a"))
    assert list(stored(s)) == [server.url("/news/a")]


def test_a_redirect_chain_within_the_limit_is_followed(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(max_redirects=3)
    server.route("/r3", status=302, headers={"Location": "/r2"})
    server.route("/r2", status=301, headers={"Location": "/r1"})
    server.route("/r1", status=307, headers={"Location": "/news/final"})
    server.route("/news/final", page(3))

    summary = ingest(s, server.url("/r3"))

    assert (summary.new, summary.failed) == (1, 0)
    assert list(stored(s)) == [server.url("/news/final")]
    assert server.paths == ["/robots.txt", "/r3", "/r2", "/r1", "/news/final"]


def test_a_gzip_body_under_the_cap_is_decoded(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(max_bytes=50_000)
    html = page(4, "Compressed story")
    server.route("/news/z", gzip.compress(html.encode()), headers={"Content-Encoding": "gzip"})
    ingest(s, server.url("/news/z"))
    assert [a.title for a in stored(s).values()] == ["Compressed story"]


# --- feeds and OPML -----------------------------------------------------------------------------------------


def test_a_feed_with_full_content_is_stored_without_fetching_entry_links(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    s = make_settings()
    items = [
        {"title": "Ferry timetable changes", "link": server.url("/news/ferry"), "content": full_content(10)},
        {
            "title": "Council approves budget",
            "link": server.url("/news/budget?utm_medium=rss"),
            "content": full_content(11),
            "date": "Wed, 06 Mar 2024 12:00:00 GMT",
        },
    ]
    server.route("/feed.xml", rss("Harbour Courier Feed", server.url("/"), items), content_type=RSS)

    summary = ingest(s, server.url("/feed.xml"))

    assert (summary.new, summary.failed) == (2, 0)
    assert server.paths == ["/robots.txt", "/feed.xml"]  # the entry links were not followed
    articles = stored(s)
    assert set(articles) == {server.url("/news/ferry"), server.url("/news/budget")}
    budget = articles[server.url("/news/budget")]
    assert budget.title == "Council approves budget"
    assert budget.text.startswith(prose(11, 160)[0])
    assert budget.published == datetime(2024, 3, 6, 12, 0, tzinfo=UTC)
    assert budget.outlet.name == "Harbour Courier Feed"
    assert budget.language == "en"
    assert budget.source_kind is SourceKind.FEED


def test_a_feed_with_only_summaries_is_followed_to_the_article_pages(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    s = make_settings()
    items = [
        {"title": "Bridge repairs start", "link": server.url("/news/bridge"), "summary": "Repairs start Monday."},
        {"title": "Nurses vote on strike", "link": server.url("/news/strike"), "summary": "<p>A vote is due.</p>"},
    ]
    server.route("/feed.xml", rss("Harbour Courier Feed", server.url("/"), items), content_type=RSS)
    server.route("/news/bridge", page(20, "Bridge repairs start"))
    server.route("/news/strike", page(21, "Nurses vote on strike"))

    summary = ingest(s, server.url("/feed.xml"))

    assert (summary.new, summary.failed) == (2, 0)
    assert server.paths == ["/robots.txt", "/feed.xml", "/news/bridge", "/news/strike"]
    assert server.seen("/news/bridge")[0].headers["accept"].startswith("text/html")
    articles = stored(s)
    strike = articles[server.url("/news/strike")]
    assert strike.text.startswith(prose(21, 60)[0])  # the page's text, not the summary
    assert strike.outlet.name == "Harbour Courier Feed"
    assert strike.source_kind is SourceKind.FEED


def test_an_opml_list_ingests_every_feed_it_lists(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings()
    one = rss("Morning Post", server.url("/"), [{"title": "A", "link": server.url("/a"), "content": full_content(30)}])
    two = rss("Evening Star", server.url("/"), [{"title": "B", "link": server.url("/b"), "content": full_content(31)}])
    server.route("/feeds/one.xml", one, content_type=RSS)
    server.route("/feeds/two.xml", two, content_type="application/xml")
    server.route(
        "/subs.opml", opml([server.url("/feeds/one.xml"), server.url("/feeds/two.xml")]), content_type="text/x-opml"
    )

    summary = ingest(s, server.url("/subs.opml"))

    assert (summary.new, summary.failed) == (2, 0)
    assert server.paths == ["/robots.txt", "/subs.opml", "/feeds/one.xml", "/feeds/two.xml"]
    assert {a.outlet.name for a in stored(s).values()} == {"Morning Post", "Evening Star"}


def test_opml_lists_that_list_each_other_do_not_loop(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings()
    feed = rss("Morning Post", server.url("/"), [{"title": "A", "link": server.url("/a"), "content": full_content(32)}])
    server.route("/feed.xml", feed, content_type=RSS)
    server.route("/a.opml", opml([server.url("/b.opml"), server.url("/feed.xml")]), content_type="text/x-opml")
    server.route("/b.opml", opml([server.url("/a.opml")]), content_type="text/x-opml")

    summary = ingest(s, server.url("/a.opml"))

    assert (summary.new, summary.failures_by_code) == (1, {"ND123": 1})
    assert server.paths == ["/robots.txt", "/a.opml", "/b.opml", "/feed.xml"]
    [failure] = failures(s)
    assert failure.source == server.url("/b.opml")
    assert "loop" in failure.message


def test_a_chain_of_nested_opml_lists_ends(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings()
    for n in range(50):  # each list names the next one: a chain with no repeat, which only a depth limit ends
        server.route(f"/list{n}.opml", opml([server.url(f"/list{n + 1}.opml")]), content_type="text/x-opml")

    summary = ingest(s, server.url("/list0.opml"))

    assert summary.failures_by_code == {"ND123": 1}
    assert len(server.paths) < 10


def test_conditional_get_sends_the_validators_and_a_304_stores_nothing(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    s = make_settings()
    last_modified = "Tue, 05 Mar 2024 08:00:00 GMT"
    feed = rss(
        "Harbour Courier Feed", server.url("/"), [{"title": "A", "link": server.url("/a"), "content": full_content(40)}]
    )

    def answer(seen: Seen) -> tuple:
        if seen.headers.get("if-none-match") == '"v1"':
            return (304, {"ETag": '"v1"'}, b"")
        return (200, {"Content-Type": RSS, "ETag": '"v1"', "Last-Modified": last_modified}, feed)

    server.routes["/feed.xml"] = answer
    url = server.url("/feed.xml")

    first = ingest(s, url)
    with open_store(s.db) as store:
        state = store.feed_state(url)
    assert first.new == 1
    assert state is not None
    assert (state.etag, state.last_modified) == ('"v1"', last_modified)

    second = ingest(s, url)

    [before, after] = server.seen("/feed.xml")
    assert "if-none-match" not in before.headers
    assert after.headers["if-none-match"] == '"v1"'
    assert after.headers["if-modified-since"] == last_modified
    assert (second.not_modified, second.new, second.unchanged, second.failed) == (1, 0, 0, 0)
    assert len(stored(s)) == 1


# --- robots.txt ---------------------------------------------------------------------------------------------


def test_robots_txt_disallow_skips_that_entry_without_requesting_it(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    s = make_settings()  # the default User-Agent, "newsdesk/…", is matched against the robots.txt group
    server.route("/robots.txt", "User-agent: newsdesk\nDisallow: /news/private\n", content_type="text/plain")
    items = [
        {"title": "Open story", "link": server.url("/news/open"), "summary": "Short."},
        {"title": "Private story", "link": server.url("/news/private-memo"), "summary": "Short."},
    ]
    server.route("/feed.xml", rss("Feed", server.url("/"), items), content_type=RSS)
    server.route("/news/open", page(50))
    server.route("/news/private-memo", page(51))

    summary = ingest(s, server.url("/feed.xml"))

    assert (summary.new, summary.failures_by_code) == (1, {"ND116": 1})
    assert "/news/private-memo" not in server.paths
    assert server.paths.count("/robots.txt") == 1  # read once per origin
    [failure] = failures(s)
    assert (failure.code, failure.source) == ("ND116", server.url("/news/private-memo"))
    assert list(stored(s)) == [server.url("/news/open")]


def test_a_missing_robots_txt_allows_everything(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings()
    server.route("/news/a", page(52))  # /robots.txt is not routed: 404
    summary = ingest(s, server.url("/news/a"))
    assert (summary.new, summary.failed) == (1, 0)
    assert server.paths == ["/robots.txt", "/news/a"]


def test_a_robots_txt_server_error_disallows_everything(server: LocalServer, make_settings: MakeSettings) -> None:
    server.route("/robots.txt", "down", status=503, content_type="text/plain")
    server.route("/news/a", page(53))
    with Fetcher(make_settings()) as fetcher, pytest.raises(RobotsDisallowedError):
        fetcher.get(server.url("/news/a"), Want.PAGE)
    assert server.paths == ["/robots.txt"]


def test_respect_robots_false_does_not_read_robots_txt(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(respect_robots=False)
    server.route("/robots.txt", "User-agent: *\nDisallow: /\n", content_type="text/plain")
    server.route("/news/a", page(54))
    summary = ingest(s, server.url("/news/a"))
    assert (summary.new, summary.failed) == (1, 0)
    assert server.paths == ["/news/a"]


# --- per-host delay -----------------------------------------------------------------------------------------


def test_requests_to_one_host_keep_the_host_delay(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(host_delay=0.3)
    for n in (1, 2, 3):
        server.route(f"/news/{n}", page(60 + n))

    summary = ingest(s, *(server.url(f"/news/{n}") for n in (1, 2, 3)))

    assert summary.new == 3
    arrivals = [server.seen(f"/news/{n}")[0].at for n in (1, 2, 3)]
    gaps = [b - a for a, b in itertools.pairwise(arrivals)]
    assert all(gap >= 0.2 for gap in gaps), gaps
    assert arrivals[-1] - arrivals[0] >= 0.55


# --- limits and errors: each failure is recorded, the run goes on, earlier articles stay ---------------------

BIG = page(70) + "<!--" + "x" * 20_000 + "-->"
GZIP_BOMB = gzip.compress(b"<html><body><p>" + b"news " * 100_000 + b"</p></body></html>")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
HTML = {"Content-Type": "text/html; charset=utf-8"}

FAILURES = [
    pytest.param({"/bad": (200, HTML, BIG)}, {}, "ND114", "over the 8,000-byte cap", id="too-large-content-length"),
    pytest.param(
        {"/bad": (200, {**HTML, "Transfer-Encoding": "chunked"}, BIG)},
        {},
        "ND114",
        "over the 8,000-byte cap",
        id="too-large-chunked",
    ),
    pytest.param(
        {"/bad": (200, {**HTML, "Content-Encoding": "gzip"}, GZIP_BOMB)},
        {},
        "ND114",
        "after decompression",
        id="too-large-after-gzip",
    ),
    pytest.param({"/bad": (302, {"Location": "/bad"}, b"")}, {}, "ND117", "more than 5 times", id="redirect-loop"),
    pytest.param(
        {f"/r{n}": (302, {"Location": f"/r{n - 1}" if n > 1 else "/news/second"}, b"") for n in range(1, 5)}
        | {"/bad": (302, {"Location": "/r4"}, b"")},
        {"max_redirects": 4},
        "ND117",
        "more than 4 times",
        id="redirect-chain-over-limit",
    ),
    pytest.param(
        {"/bad": (302, {"Location": "file:///etc/passwd"}, b"")},
        {},
        "ND110",
        "unsupported protocol",
        id="redirect-to-a-file",
    ),
    pytest.param({"/bad": (404, HTML, "gone")}, {}, "ND112", "answered 404", id="not-found"),
    pytest.param({"/bad": (500, HTML, "oops")}, {}, "ND112", "answered 500", id="server-error"),
    pytest.param({"/bad": (200, HTML, page(71), 1.5)}, {"timeout": 0.4}, "ND113", "within 0.4 s", id="slow-server"),
    pytest.param({"/bad": (200, {"Content-Type": "image/png"}, PNG)}, {}, "ND115", "image/png", id="image"),
    pytest.param(
        {"/bad": (200, {"Content-Type": RSS}, "this is <not> a feed & never was")},
        {},
        "ND123",
        "feed",
        id="malformed-feed",
    ),
    pytest.param(
        {"/bad": (200, {"Content-Type": "text/plain"}, "User-agent: *\nDisallow: /\n")},
        {},
        "ND115",
        "not an HTML page",
        id="plain-text",
    ),
]


def test_the_gzip_case_is_small_on_the_wire() -> None:
    assert len(GZIP_BOMB) < 8_000 < 500_000  # the cap is hit by the decoded size, not the compressed size


@pytest.mark.parametrize(("routes", "overrides", "code", "fragment"), FAILURES)
def test_a_failed_fetch_is_recorded_and_the_run_goes_on(
    server: LocalServer,
    make_settings: MakeSettings,
    routes: dict[str, tuple],
    overrides: dict[str, object],
    code: str,
    fragment: str,
) -> None:
    s = make_settings(max_bytes=8_000, **overrides)
    server.route("/news/first", page(72))
    server.route("/news/second", page(73))
    server.routes.update(routes)
    assert ingest(s, server.url("/news/first")).new == 1

    summary = ingest(s, server.url("/bad"), server.url("/news/second"))

    assert (summary.new, summary.failures_by_code) == (1, {code: 1})
    [failure] = failures(s)
    assert (failure.code, failure.source, failure.run_id) == (code, server.url("/bad"), summary.run_id)
    assert failure.message.startswith(f"{code}: ")
    assert fragment in failure.message
    assert "\n" not in failure.message
    assert set(stored(s)) == {server.url("/news/first"), server.url("/news/second")}


# --- the private-address guard ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "server_host"),
    [
        ("127.0.0.1", "127.0.0.1"),
        ("localhost", "127.0.0.1"),  # a name: refused for what it resolves to
        ("[::1]", "::1"),
        ("0.0.0.0", "127.0.0.1"),  # Linux connects 0.0.0.0 to this machine
        ("2130706433", "127.0.0.1"),  # 127.0.0.1 written as one number
        ("0x7f.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "127.0.0.1"),
    ],
)
def test_private_addresses_are_refused_before_any_request(
    serve: Callable[..., LocalServer], make_settings: MakeSettings, host: str, server_host: str
) -> None:
    server = serve(server_host)
    server.route("/news/a", page(80))
    url = f"http://{host}:{server.port}/news/a"
    guarded = make_settings(allow_private=None)
    assert guarded.allow_private is False  # the library default

    with Fetcher(guarded) as fetcher, pytest.raises(BlockedAddressError) as info:
        fetcher.get(url, Want.PAGE)

    assert info.value.code == "ND111"
    assert "--allow-private" in str(info.value)
    assert server.requests == []  # not even robots.txt
    with Fetcher(make_settings(allow_private=True)) as fetcher:  # the server was there all along
        assert fetcher.get(url, Want.PAGE).status == 200
    assert server.paths == ["/robots.txt", "/news/a"]


def test_a_refused_address_is_recorded_as_a_failure(server: LocalServer, make_settings: MakeSettings) -> None:
    s = make_settings(allow_private=None)
    server.route("/news/a", page(81))
    summary = ingest(s, server.url("/news/a"), server.url("/feed.xml"))
    assert summary.failures_by_code == {"ND111": 2}
    assert {f.source for f in failures(s)} == {server.url("/news/a"), server.url("/feed.xml")}
    assert server.requests == []


def test_a_redirect_to_a_private_address_is_refused(
    serve: Callable[..., LocalServer], make_settings: MakeSettings, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every address a test can serve from is a loopback one, so 127.0.0.1 stands in for a public server: the
    # guard is told that this one address is public. 127.0.0.2 keeps its real verdict (loopback).
    public, private = serve("127.0.0.1"), serve("127.0.0.2")
    real_problem = fetch.address_problem
    monkeypatch.setattr(fetch, "address_problem", lambda a: None if a == "127.0.0.1" else real_problem(a))
    private.route("/internal/admin", page(82))
    public.route("/news/moved", status=302, headers={"Location": private.url("/internal/admin")})

    with Fetcher(make_settings(allow_private=None)) as fetcher, pytest.raises(BlockedAddressError) as info:
        fetcher.get(public.url("/news/moved"), Want.PAGE)

    assert "127.0.0.2" in str(info.value)
    assert public.paths == ["/robots.txt", "/news/moved"]
    assert private.requests == []
    with Fetcher(make_settings(allow_private=True)) as fetcher:  # the redirect target was reachable
        assert fetcher.get(public.url("/news/moved"), Want.PAGE).url == private.url("/internal/admin")
    assert private.paths == ["/internal/admin"]


@pytest.mark.parametrize(
    "address",
    [
        "10.0.0.1",
        "172.16.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "0.0.0.0",
        "127.0.0.1",
        "::1",
        "fe80::1",
        "fe80::1%eth0",
        "fc00::1",
        "::ffff:127.0.0.1",
        "::ffff:10.1.2.3",
        "224.0.0.1",
        "ff02::1",
        "240.0.0.1",
        "255.255.255.255",
    ],
)
def test_non_public_addresses_are_classified(address: str) -> None:
    assert address_problem(address) is not None


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700::1111", "::ffff:8.8.8.8"])
def test_public_addresses_are_allowed(address: str) -> None:
    assert address_problem(address) is None


def test_a_server_that_trickles_its_body_is_cut_off_at_three_times_the_timeout(
    server: LocalServer, make_settings: MakeSettings
) -> None:
    # Each 1 KB chunk comes well within the read timeout, but the whole body would take about 4 s.
    server.route("/slow-drip", page(91) + " " * 40_000, trickle=0.1)
    began = time.monotonic()
    with Fetcher(make_settings(timeout=0.5)) as fetcher, pytest.raises(FetchTimeoutError) as info:
        fetcher.get(server.url("/slow-drip"), Want.PAGE)
    elapsed = time.monotonic() - began
    assert "kept sending for over 1.5 s" in str(info.value)
    assert 1.4 < elapsed < 3.0
