"""The web app in a real browser: Debian's Chromium, headless, driven by Playwright against the live server.

Playwright never downloads a browser here: it launches ``/usr/bin/chromium`` (or ``NEWSDESK_CHROMIUM``), which
``make test`` (and so ``.ci/run``) installs when it is missing. A missing browser fails these tests rather than
skipping them, because
they are the only check that the pages work as a reader sees them: the citation pop-over, the figure charts,
the script that must never run, the add-sources form. One browser serves the module; each test gets a fresh
context (no shared cookies or storage) and a page that records console messages, page errors and dialogs, so a
failure shows what the browser saw.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Dialog, Page, expect, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from newsdesk.store import open_store

if TYPE_CHECKING:
    from .conftest import WebServer

DEFAULT_CHROMIUM = "/usr/bin/chromium"
# Playwright's launch() gives every browser a fresh, temporary user-data directory of its own and removes it on
# close; these flags keep Chromium from reaching out to the network or doing first-run work.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WAIT_MS = 5_000  # every Playwright wait; pages come from a local server, so anything slower is a failure
JOB_WAIT_S = 15.0
MARKER = re.compile(r"\s*\[\d+\]")


def chromium_path() -> Path:
    """The Chromium binary the tests drive: ``NEWSDESK_CHROMIUM`` when set, else Debian's."""
    return Path(os.environ.get("NEWSDESK_CHROMIUM") or DEFAULT_CHROMIUM)


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    """One headless Chromium for the module."""
    path = chromium_path()
    if not (path.is_file() and os.access(path, os.X_OK)):
        pytest.fail(
            f"no Chromium at {path}: the browser tests need it. Run make test (it installs Debian's chromium) or "
            "`apt-get install -y chromium`, or point NEWSDESK_CHROMIUM at a Chromium binary.",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(path), headless=True, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@dataclass(frozen=True)
class Tab:
    """A page in its own browser context, with everything the browser reported while it was open."""

    page: Page
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def seen(self) -> str:
        """What the browser reported, for a failure message."""
        lines = [f"url: {self.page.url}"]
        lines += [f"console {line}" for line in self.console]
        lines += [f"page error: {line}" for line in self.errors]
        lines += [f"dialog: {line}" for line in self.dialogs]
        return "\n".join(lines)

    def csp_violations(self) -> list[str]:
        return [line for line in self.console if "Content Security Policy" in line]


@pytest.fixture
def tab(chromium: Browser) -> Iterator[Tab]:
    context = chromium.new_context()
    context.set_default_timeout(WAIT_MS)
    page = context.new_page()
    found = Tab(page)

    def on_console(message: ConsoleMessage) -> None:
        found.console.append(f"{message.type}: {message.text}")

    def on_dialog(dialog: Dialog) -> None:
        found.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("console", on_console)
    page.on("pageerror", lambda error: found.errors.append(str(error)))
    page.on("dialog", on_dialog)
    try:
        yield found
    finally:
        context.close()


@dataclass(frozen=True)
class Facts:
    """What the store says the pages must show, read straight from the server's store file."""

    kursk_headline: str  # the story's headline: a member's title
    kursk_sources: int
    briefing_headline: str  # the latest briefing's one-sentence headline
    hostile_story: str
    titles: dict[str, str]  # member id → title
    texts: dict[str, str]  # member id → text


@pytest.fixture(scope="module")
def facts(web_server: WebServer) -> Facts:
    with open_store(web_server.store_path) as store:
        story = store.get_story(web_server.kursk)
        assert story is not None, f"the sample store has no story {web_server.kursk}"
        record = store.briefing(story.id)
        assert record is not None, f"the sample store has no briefing of {story.id}"
        hostile_story = store.story_of(web_server.hostile_id)
        assert hostile_story is not None, "the hostile article is in no story"
        members = [a for a, _ in store.story_members(story.id)]
        return Facts(
            kursk_headline=story.headline,
            kursk_sources=story.sources,
            briefing_headline=json.loads(record.document)["headline"]["text"],
            hostile_story=hostile_story,
            titles={a.id: a.title for a in members},
            texts={a.id: a.text for a in members},
        )


def _squash(text: str) -> str:
    return " ".join(text.split())


def test_stories_page_lists_kursk_and_opens_its_briefing(tab: Tab, web_server: WebServer, facts: Facts) -> None:
    page = tab.page
    page.goto(web_server.url + "/")
    item = page.locator(f'ul.stories > li.story[data-story="{web_server.kursk}"]')
    expect(item, tab.seen()).to_have_count(1)
    link = item.locator("a.story-link")
    expect(link).to_have_text(facts.kursk_headline)
    expect(link).to_have_attribute("href", f"/stories/{web_server.kursk}")
    expect(item.locator(".sources")).to_have_text(f"{facts.kursk_sources} independent sources")
    assert facts.kursk_sources >= 2
    expect(item.locator(".label.single-source")).to_have_count(0)

    link.click()
    expect(page).to_have_url(f"{web_server.url}/stories/{web_server.kursk}")
    heading = page.locator("h1").first
    expect(heading).to_be_visible()
    shown = _squash(MARKER.sub("", heading.inner_text()))
    assert shown == _squash(facts.briefing_headline), tab.seen()
    assert not tab.errors, tab.seen()


def test_citation_popover_shows_the_exact_source_sentence(tab: Tab, web_server: WebServer, facts: Facts) -> None:
    page = tab.page
    page.goto(f"{web_server.url}/stories/{web_server.kursk}")
    cites = page.locator(".cite")
    expect(cites.first, tab.seen()).to_be_visible()
    marked = page.evaluate(
        "() => [...document.querySelectorAll('.cite')].map(c => [c.dataset.quote || '', c.dataset.article || ''])"
    )
    chosen = None
    for i, (quote, article) in enumerate(marked):
        assert quote.strip(), f"citation marker {i} has no data-quote"
        assert re.fullmatch(r"/articles/[\w-]+", article), f"marker {i}: data-article is {article!r}, not /articles/ID"
        article_id = article.rsplit("/", 1)[1]
        assert article_id in facts.texts, f"marker {i} cites {article}, which is not in the Kursk story"
        # A marker may quote several sentences of one article, joined by " … "; each must be the article's own.
        for part in quote.split(" … "):
            assert _squash(part) in _squash(f"{facts.titles[article_id]}\n{facts.texts[article_id]}"), (
                f"marker {i}: {part!r} is not in {article}"
            )
        if chosen is None and "…" not in quote and _squash(quote) in _squash(facts.texts[article_id]):
            chosen = i
    assert chosen is not None, "no citation marker quotes one sentence of an article's text"
    cite = cites.nth(chosen)
    quote, article = marked[chosen]

    popover = page.locator(".cite-pop[role=dialog]")
    expect(popover).to_be_hidden()

    cite.click()
    expect(popover, tab.seen()).to_be_visible()
    assert (popover.locator("blockquote.cite-quote").text_content() or "").strip() == quote.strip()
    page.keyboard.press("Escape")
    expect(popover, "Escape must close the pop-over").to_be_hidden()

    cite.click()
    expect(popover).to_be_visible()
    page.locator("h1").first.click(position={"x": 2, "y": 2})
    expect(popover, "a click elsewhere must close the pop-over").to_be_hidden()

    cite.click()
    expect(popover).to_be_visible()
    to_article = popover.locator("a.cite-article")
    expect(to_article).to_have_attribute("href", re.compile(rf"^{re.escape(article)}(#.*)?$"))
    to_article.click()
    expect(page).to_have_url(re.compile(rf"^{re.escape(web_server.url + article)}(#.*)?$"))
    text = page.locator(".article-text")
    expect(text.locator("mark.claim").first).to_be_visible()
    assert _squash(quote) in _squash(text.inner_text()), "the quoted sentence is not in the article page's text"
    assert not tab.errors, tab.seen()


def test_figure_chart_draws_ranges_and_points(tab: Tab, web_server: WebServer) -> None:
    page = tab.page
    page.goto(f"{web_server.url}/stories/{web_server.kursk}")
    charts = page.locator("#figures figure.chart svg.figure-chart")
    expect(charts.first, tab.seen()).to_be_visible()
    for i in range(charts.count()):
        box = charts.nth(i).bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, f"chart {i} is drawn at {box}"
    ranges = charts.locator("rect.range")
    points = charts.locator("circle.point")
    assert ranges.count() >= 1, "no rect.range in the figure charts"
    assert points.count() >= 1, "no circle.point in the figure charts"
    for shape in (ranges.first, points.first):
        box = shape.bounding_box()
        assert box is not None and box["width"] > 0 and box["height"] > 0, f"a chart shape is drawn at {box}"
    assert not tab.errors, tab.seen()


@pytest.mark.parametrize("where", ["article", "search", "story"])
def test_hostile_markup_is_shown_not_run(tab: Tab, web_server: WebServer, facts: Facts, where: str) -> None:
    page = tab.page
    if where == "article":
        response = page.goto(f"{web_server.url}/articles/{web_server.hostile_id}")
    elif where == "story":
        response = page.goto(f"{web_server.url}/stories/{facts.hostile_story}")
    else:
        page.goto(web_server.url + "/")
        search = page.locator("form.search")
        search.locator("[name=q]").fill("Hostile")
        with page.expect_navigation() as navigation:
            search.locator("[name=q]").press("Enter")
        response = navigation.value
        expect(page).to_have_url(re.compile(r"[?&]q=Hostile(&|$)"))
        listed = page.locator(f'li.story[data-story="{facts.hostile_story}"]')
        expect(listed, f"the search does not list the hostile article's story\n{tab.seen()}").to_have_count(1)
    assert response is not None and response.status == 200, tab.seen()
    page.wait_for_load_state("load")
    page.wait_for_timeout(200)  # an injected handler (img onerror, svg onload) would have fired by now

    seen = tab.seen()
    assert page.evaluate("typeof window.__pwned") == "undefined", f"injected script ran\n{seen}"
    assert page.title() != "pwned", f"injected script ran\n{seen}"
    assert not tab.dialogs, f"a dialog opened\n{seen}"
    assert "<script>" in page.locator("body").inner_text(), f"the literal <script> is not shown as text\n{seen}"
    injected = page.evaluate(
        """() => [...document.querySelectorAll('script:not([src]), img[onerror], svg[onload], a[href^="javascript:"]')]
              .map(e => e.outerHTML)"""
    )
    assert injected == [], f"markup from the article became elements: {injected}\n{seen}"
    assert not tab.csp_violations(), f"the page carried inline script that CSP had to stop\n{seen}"
    # The second line of defence: even markup that slipped through must not run.
    policy = response.headers.get("content-security-policy", "")
    directive = re.search(r"script-src[^;]*", policy) or re.search(r"default-src[^;]*", policy)
    assert directive is not None, f"no script-src or default-src in the Content-Security-Policy {policy!r}"
    assert "'unsafe-inline'" not in directive.group(0), f"scripts may run inline: {policy!r}"


def test_add_source_on_loopback_reports_the_blocked_address(tab: Tab, web_server: WebServer) -> None:
    page = tab.page
    page.goto(web_server.url + "/sources")
    form = page.locator("form.add-sources[method=post i]")
    expect(form, f"no add-sources form\n{tab.seen()}").to_be_visible()
    form.locator("textarea[name=urls]").fill("http://127.0.0.1:9/feed.xml")
    with page.expect_navigation():
        form.locator("[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/jobs/[\w-]+$"))
    job = page.url

    deadline = time.monotonic() + JOB_WAIT_S
    text = ""
    while True:
        try:  # the job page may refresh itself while it runs; a reload or a read can meet that navigation
            text = page.locator("body").inner_text()
        except PlaywrightError:
            text = ""
        if "ND111" in text:
            break
        assert time.monotonic() < deadline, f"the job page never showed ND111 in {JOB_WAIT_S:.0f} s\n{text}"
        page.wait_for_timeout(300)
        with contextlib.suppress(PlaywrightError):
            page.goto(job)
    assert "127.0.0.1:9" in text, f"the failure does not name the refused source\n{text}"
    assert not tab.errors, tab.seen()
