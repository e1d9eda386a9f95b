"""The HTML pages over a real server: what each shows, inert article markup, 404 pages, and a source added through
the form flowing into stories and briefings."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from .conftest import KURSK, WebServer


@pytest.fixture(scope="module")
def pages(web_server: WebServer) -> httpx.Client:
    with web_server.client() as client:
        yield client


def _page(client: httpx.Client, path: str, status: int = 200) -> str:
    response = client.get(path)
    assert response.status_code == status, (path, response.text[:300])
    assert response.headers["content-type"].startswith("text/html")
    return response.text


def test_the_stories_page_lists_stories_with_source_counts_and_labels(pages: httpx.Client) -> None:
    html = _page(pages, "/")
    assert f'data-story="{KURSK}"' in html and f'href="/stories/{KURSK}"' in html
    assert re.search(r'class="sources">\d+ independent sources<', html)
    assert 'class="label single-source"' in html  # the hostile article is a story of one outlet
    assert 'name="q"' in html and 'name="outlet"' in html and 'name="since"' in html and 'name="sort"' in html
    searched = _page(pages, "/?q=Kursk&sort=sources")
    assert f'data-story="{KURSK}"' in searched and 'id="article-hits"' in searched


def test_the_story_page_has_every_part(pages: httpx.Client) -> None:
    html = _page(pages, f"/stories/{KURSK}")
    for part in ("figures", "stances", "timeline", "sources", "support-check", "versions"):
        assert f'id="{part}"' in html, part
    marker = re.search(r'<a class="cite" href="#source-(\d+)" title="([^"]*)" data-source="\1" data-quote="\2">', html)
    assert marker, "citation markers carry their source number and quoted sentence"
    assert f'id="source-{marker.group(1)}"' in html and 'data-article="/articles/' in html
    assert '<svg class="figure-chart"' in html and 'class="range"' in html and 'class="point"' in html
    assert 'class="reprints"' in html
    for ext in ("md", "html", "json", "claimreview.json"):
        assert f'href="/stories/{KURSK}/briefing.{ext}"' in html


def test_the_article_page_marks_claims(pages: httpx.Client, web_server: WebServer) -> None:
    story = pages.get(f"/api/stories/{KURSK}").json()
    article_id = story["sources"][0]["article_id"]
    html = _page(pages, f"/articles/{article_id}")
    assert '<div class="article-text">' in html and '<mark class="claim" id="claim-' in html
    assert 'id="revisions"' in html and 'id="reprints"' in html and f'href="/stories/{KURSK}"' in html


def test_article_markup_is_shown_as_text_never_run(pages: httpx.Client, web_server: WebServer) -> None:
    html = _page(pages, f"/articles/{web_server.hostile_id}")
    assert "<script>window" not in html and "<img src=x" not in html and "<svg onload" not in html
    assert "&lt;script&gt;window.__pwned" in html and "onerror=&#34;window.__pwned=2&#34;" in html
    assert 'href="javascript:' not in html
    listed = _page(pages, "/?q=Hostile")
    assert "<script>window" not in listed and "&lt;script&gt;" in listed
    csp = pages.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


@pytest.mark.parametrize("path", ["/stories/s_unknown", "/articles/a_unknown", "/jobs/j_unknown", "/no/such/page"])
def test_unknown_ids_get_a_404_page_not_a_traceback(pages: httpx.Client, path: str) -> None:
    html = _page(pages, path, status=404)
    assert "<h1>404</h1>" in html and "Traceback" not in html and 'href="/"' in html


def test_a_feed_added_through_the_form_flows_into_stories_and_briefings(
    make_server: Callable[..., WebServer], server: object
) -> None:
    web = make_server(allow_private=True)
    feed = _feed(server)
    with web.client() as client:
        form = client.get("/sources")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        posted = client.post("/sources", data={"csrf": csrf.group(1), "urls": feed}, follow_redirects=False)
        assert posted.status_code == 303, posted.text[:300]
        job_path = posted.headers["location"]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job = client.get("/api" + job_path).json()
            if job["done"]:
                break
            page = client.get(job_path).text
            assert ('http-equiv="refresh"' in page) != ('data-state="done"' in page)  # refreshes until done
            time.sleep(0.2)
        assert job["state"] == "done", job
        assert job["new"] == 2 and job["failures"] == []
        assert job["counts"]["briefings"]["written"] >= 1
        done = _page(client, job_path)
        assert 'data-state="done"' in done and 'http-equiv="refresh"' not in done
        stories = client.get("/api/stories", params={"q": "Lindqvist"}).json()["stories"]
        assert len(stories) == 1 and stories[0]["sources"] == 2 and not stories[0]["single_source"]
        story = client.get(f"/api/stories/{stories[0]['id']}").json()
        assert story["stored"] and story["version"] == 1
        assert "Lindqvist" in _page(client, "/?q=Lindqvist")


def _feed(server: object) -> str:
    """Two outlets' feeds on the local test server, each with its own full-text account of one event; their URLs."""
    from conftest import LocalServer

    assert isinstance(server, LocalServer)
    now = datetime.now(UTC)
    body = (
        "Firefighters in the northern port of Vardholm fought a blaze at the Lindqvist timber yard through the night, "
        "the regional fire service said on Monday. About 120 firefighters and 30 engines were sent to the yard after "
        "the fire broke out shortly after midnight. Fire chief Anna Lindqvist said two workers were treated for smoke "
        "inhalation and that nobody was killed. The company said the fire destroyed about 4,000 cubic metres of sawn "
        "timber. Police said the cause was not yet known and that an investigation had been opened. Residents of "
        "nearby streets were told to keep windows closed because of the smoke, and a school in the harbour district "
        "stayed closed on Monday. The mayor said the town would help the 85 employees of the yard while it is rebuilt."
    )
    other = (
        "A fire that started at midnight destroyed much of the Lindqvist timber yard in Vardholm, where more than a "
        "hundred firefighters worked until dawn to stop the flames spreading to the harbour. According to fire chief "
        "Anna Lindqvist, two employees needed treatment after breathing smoke, but there were no deaths. The owners "
        "estimated the loss at roughly 4,000 cubic metres of timber ready for export. Investigators have not yet "
        "established what caused the blaze, a police spokesperson told reporters. Schools near the harbour were shut "
        "for the day and people living close by were asked to stay indoors. Local officials promised support for the "
        "yard's staff, and the company said it hoped to reopen within a year. Neighbours described seeing a column of "
        "smoke above the port for most of the night, and ferries to the islands left later than planned on Monday "
        "morning while the harbour road stayed closed to traffic."
    )
    urls = []
    for n, (outlet, text) in enumerate([("Harbour Courier", body), ("Northgate Post", other)]):
        published = (now - timedelta(hours=2 - n)).strftime("%a, %d %b %Y %H:%M:%S +0000")
        slug = outlet.lower().replace(" ", "")
        rss = (
            f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{outlet}</title>'
            f"<link>https://www.{slug}.example/</link><description>news</description>"
            f"<item><title>Fire destroys Lindqvist timber yard in Vardholm</title>"
            f"<link>https://www.{slug}.example/fire-{n}</link><pubDate>{published}</pubDate>"
            f"<description><![CDATA[{text}]]></description></item></channel></rss>"
        )
        server.route(f"/{slug}.xml", rss, content_type="application/rss+xml")
        urls.append(server.url(f"/{slug}.xml"))
    return "\n".join(urls)
