"""URL canonicalisation: one article, one URL, however it was linked."""

from __future__ import annotations

import pytest

from newsdesk.errors import BadURLError, IngestError
from newsdesk.ingest.urls import canonical_url, host_of, is_http_url, same_site

STORY = "https://news.example/world/2025/03/04/ferry-strike"


@pytest.mark.parametrize(
    "variant",
    [
        STORY,
        # tracking parameters
        f"{STORY}?utm_source=rss&utm_medium=feed&utm_campaign=spring",
        f"{STORY}?UTM_Source=Newsletter",
        f"{STORY}?fbclid=IwAR0abc",
        f"{STORY}?gclid=Cj0KCQ&msclkid=42&yclid=7",
        f"{STORY}?mc_cid=1&mc_eid=2&_ga=3&ref=homepage",
        # fragments
        f"{STORY}#comments",
        f"{STORY}?utm_source=x#top",
        # AMP variants
        "https://amp.news.example/world/2025/03/04/ferry-strike",
        "https://news.example/amp/world/2025/03/04/ferry-strike",
        f"{STORY}/amp",
        f"{STORY}/amp/",
        f"{STORY}?amp=1",
        f"{STORY}?amp",
        f"{STORY}?outputType=amp",
        # default ports, case, trailing slash
        "https://news.example:443/world/2025/03/04/ferry-strike",
        "HTTPS://NEWS.Example/world/2025/03/04/ferry-strike",
        f"{STORY}/",
        f"  {STORY}  ",
    ],
)
def test_variants_map_to_one_url(variant: str) -> None:
    assert canonical_url(variant) == STORY


def test_amp_html_suffix_maps_to_the_html_page() -> None:
    assert canonical_url("https://news.example/story.amp.html") == "https://news.example/story.html"
    assert canonical_url("https://news.example/story.AMP.htm") == "https://news.example/story.htm"


def test_http_default_port_dropped_but_other_ports_kept() -> None:
    assert canonical_url("http://news.example:80/a") == "http://news.example/a"
    assert canonical_url("https://news.example:8443/a") == "https://news.example:8443/a"
    assert canonical_url("http://news.example:8080/a") == "http://news.example:8080/a"


def test_query_parameters_sorted_and_meaningful_ones_kept() -> None:
    one = canonical_url("https://news.example/search?q=kursk&page=2&utm_source=x")
    other = canonical_url("https://news.example/search?page=2&utm_medium=y&q=kursk")
    assert one == other == "https://news.example/search?page=2&q=kursk"
    assert canonical_url("https://news.example/story?id=7&fbclid=x") == "https://news.example/story?id=7"


def test_distinct_articles_stay_distinct() -> None:
    urls = [
        STORY,
        "https://news.example/world/2025/03/04/ferry-strike-ends",
        "https://news.example/world/2025/03/04/champ",  # "amp" inside a word is not an AMP marker
        "https://news.example/world/2025/03/04/amplifier",
        "https://news.example/story?id=7",
        "https://news.example/story?id=8",
        "https://news.example/story?amp=0",
        "http://news.example/world/2025/03/04/ferry-strike",  # scheme kept
        "https://other.example/world/2025/03/04/ferry-strike",
    ]
    assert len({canonical_url(u) for u in urls}) == len(urls)


def test_path_case_is_kept() -> None:
    assert canonical_url("https://News.Example/World/Story") == "https://news.example/World/Story"


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("https://AMP.News.Example:443/amp/a/b.amp.html?z=1&utm_source=q&a=2#x")
    assert once == "https://news.example/a/b.html?a=2&z=1"
    assert canonical_url(once) == once


@pytest.mark.parametrize(
    "bad",
    [
        "ftp://news.example/story",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:desk@news.example",
        "news.example/story",
        "//news.example/story",
        "https://",
        "http:///path-only",
        "",
        "   ",
    ],
)
def test_non_http_urls_raise_bad_url_error(bad: str) -> None:
    with pytest.raises(BadURLError) as raised:
        canonical_url(bad)
    assert raised.value.code == "ND118"
    assert isinstance(raised.value, IngestError)
    assert "\n" not in raised.value.one_line()


def test_is_http_url() -> None:
    assert is_http_url("https://news.example/a")
    assert is_http_url("HTTP://news.example")
    assert not is_http_url("/home/me/news.html")
    assert not is_http_url("examples/corpus")
    assert not is_http_url("ftp://news.example/a")


def test_host_of_and_same_site() -> None:
    assert host_of("https://www.News.example/a") == "news.example"
    assert host_of("not a url") is None
    assert same_site("https://www.news.example/a", "https://news.example/b")
    assert same_site("https://amp.news.example/a", "https://news.example/b")
    assert same_site("https://live.news.example/a", "https://news.example/b")
    assert not same_site("https://news.example/a", "https://evilnews.example/b")
    assert not same_site("https://news.example/a", "https://other.example/a")
