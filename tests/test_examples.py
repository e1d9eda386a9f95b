"""The bundled sample corpus (``examples/corpus``): what ingesting it must give, and that its WARC is current."""

from __future__ import annotations

import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from newsdesk.ingest.urls import canonical_url
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import Article, RunSummary, SourceKind

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
CORPUS = EXAMPLES / "corpus"
WARC = CORPUS / "archive" / "sample-crawl.warc.gz"
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


@pytest.fixture(scope="module")
def ingested(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Settings, RunSummary]]:
    db = tmp_path_factory.mktemp("examples") / "news.db"
    settings = Settings.from_env({}, db=db, host_delay=0, progress=False)
    with open_store(db) as store:
        yield store, settings, run_ingest(store, [str(CORPUS)], settings)


@pytest.fixture(scope="module")
def store(ingested: tuple[Store, Settings, RunSummary]) -> Store:
    return ingested[0]


@pytest.fixture(scope="module")
def articles(store: Store) -> list[Article]:
    return store.list_articles(limit=10_000)


@pytest.fixture(scope="module")
def by_source(articles: list[Article]) -> dict[str, Article]:
    """Articles by the corpus file they came from (``pages/x.html``, ``json/x.jsonl:1``)."""
    return {str(Path(a.source).relative_to(CORPUS)): a for a in articles if a.source_kind is not SourceKind.WARC}


def jsonl_url(name: str, line: int) -> str:
    return canonical_url(json.loads((CORPUS / "json" / name).read_text(encoding="utf-8").splitlines()[line - 1])["url"])


def test_the_corpus_ingests_cleanly(ingested: tuple[Store, Settings, RunSummary]) -> None:
    store, _, summary = ingested
    assert summary.ok, store.failures(run_id=summary.run_id)
    assert (summary.failed, summary.failures_by_code) == (0, {})
    assert summary.new >= 50
    assert summary.revised == 1  # the Harbour Courier's updated Kursk article
    assert summary.new + summary.revised == store.count_articles() + 1


def test_many_outlets_over_several_days(store: Store, articles: list[Article]) -> None:
    assert len(articles) >= 50
    outlets = {outlet.name: count for outlet, count in store.outlets() if count}
    assert len(outlets) >= 8, outlets
    assert {"Meridian Wire", "Northgate Post", "Riverside Gazette", "Civic Observer", "The Harbour Courier"} <= set(
        outlets
    )
    dated = [a.published for a in articles if a.published is not None]
    assert len(dated) == len(articles)
    assert len({d.date() for d in dated}) >= 5
    assert (max(dated) - min(dated)).days >= 5


def test_kursk_wire_story_is_reprinted_by_northgate_and_riverside(store: Store, by_source: dict[str, Article]) -> None:
    wire = by_source["json/meridian-wire.jsonl:1"]
    assert wire.url == jsonl_url("meridian-wire.jsonl", 1)
    assert wire.outlet.name == "Meridian Wire"
    assert wire.reprint_of is None
    copies = {link.article_id for link in store.reprints_of(wire.id)}
    assert copies == {
        by_source["pages/northgatepost-kursk-wire.html"].id,
        by_source["text/riversidegazette-kursk-wire.md"].id,
    }
    for name in ("pages/northgatepost-kursk-wire.html", "text/riversidegazette-kursk-wire.md"):
        copy = by_source[name]
        assert copy.reprint_of == wire.id
        assert copy.reprint_similarity is not None and copy.reprint_similarity >= 0.6
        assert copy.title != wire.title


def test_flood_wire_story_is_reprinted_by_civic_observer(store: Store, by_source: dict[str, Article]) -> None:
    wire = by_source["json/newsdesk-other.jsonl:2"]
    assert wire.url == jsonl_url("newsdesk-other.jsonl", 2)
    assert "flood" in wire.title.lower()
    copy = by_source["pages/civicobserver-flood-wire.html"]
    assert copy.outlet.name == "Civic Observer"
    assert [link.article_id for link in store.reprints_of(wire.id)] == [copy.id]
    assert copy.reprint_of == wire.id


def test_no_other_reprint_links(articles: list[Article], by_source: dict[str, Article]) -> None:
    linked = {a.id: a.reprint_of for a in articles if a.reprint_of is not None}
    kursk, flood = by_source["json/meridian-wire.jsonl:1"].id, by_source["json/newsdesk-other.jsonl:2"].id
    assert linked == {
        by_source["pages/northgatepost-kursk-wire.html"].id: kursk,
        by_source["text/riversidegazette-kursk-wire.md"].id: kursk,
        by_source["pages/civicobserver-flood-wire.html"].id: flood,
    }


def test_harbour_courier_kursk_article_has_two_revisions(store: Store) -> None:
    v1 = (CORPUS / "pages" / "harbourcourier-kursk-deployment-v1.html").read_text(encoding="utf-8")
    v2 = (CORPUS / "pages" / "harbourcourier-kursk-deployment-v2.html").read_text(encoding="utf-8")
    url = canonical_url(CANONICAL.search(v1).group(1))  # type: ignore[union-attr]
    assert canonical_url(CANONICAL.search(v2).group(1)) == url  # type: ignore[union-attr]
    article = store.find_article(url)
    assert article is not None
    assert article.outlet.name == "The Harbour Courier"
    assert article.revision == 2
    revisions = store.revisions(article.id)
    assert [r.number for r in revisions] == [1, 2]
    assert revisions[0].content_hash != revisions[1].content_hash
    assert [Path(r.source).name for r in revisions] == [
        "harbourcourier-kursk-deployment-v1.html",
        "harbourcourier-kursk-deployment-v2.html",
    ]
    assert article.text == revisions[1].text


def test_the_warc_pages_are_in_the_store(store: Store, articles: list[Article]) -> None:
    expected = {
        canonical_url(CANONICAL.search(p.read_text(encoding="utf-8")).group(1))  # type: ignore[union-attr]
        for p in (EXAMPLES / "warc-src").glob("*.html")
    }
    assert len(expected) == 8
    from_warc = {a.url for a in articles if a.source_kind is SourceKind.WARC}
    assert from_warc == expected
    for url in expected:
        article = store.find_article(url)
        assert article is not None and article.source.startswith(str(WARC))
        assert len(article.text.split()) > 100


def test_a_second_ingest_adds_nothing(ingested: tuple[Store, Settings, RunSummary], articles: list[Article]) -> None:
    store, settings, first = ingested
    before = {a.id: (a.revision, a.reprint_of) for a in articles}
    again = run_ingest(store, [str(CORPUS)], settings)
    assert (again.new, again.revised, again.reprints, again.failed) == (0, 0, 0, 0)
    assert again.unchanged == first.new + first.revised
    assert {a.id: (a.revision, a.reprint_of) for a in store.list_articles(limit=10_000)} == before


# --- the sample WARC is built from examples/warc-src --------------------------------------------------------------


def _build_warc_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_warc", EXAMPLES / "build_warc.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_warc_is_up_to_date(tmp_path: Path) -> None:
    rebuilt = _build_warc_module().build(tmp_path / "sample-crawl.warc.gz")
    assert rebuilt == tmp_path / "sample-crawl.warc.gz"
    assert rebuilt.read_bytes() == WARC.read_bytes(), (
        "examples/corpus/archive/sample-crawl.warc.gz is stale; run: python examples/build_warc.py"
    )
