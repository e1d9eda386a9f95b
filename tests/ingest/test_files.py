"""Local article files (text, Markdown, JSON, JSON Lines) through the ingester into a real SQLite store."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsdesk.ingest.ingester import Ingester
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import Article, IngestFailure, RunSummary, SourceKind

FIXTURES = Path(__file__).parent / "fixtures"
TEXT = FIXTURES / "text"
JSON = FIXTURES / "json"
CET = timezone(timedelta(hours=1))


def ingest(store: Store, settings: Settings, *sources: Path | str) -> RunSummary:
    return run_ingest(store, [str(s) for s in sources], settings)


def by_title(store: Store) -> dict[str, Article]:
    return {a.title: a for a in store.list_articles(limit=1000)}


def failures_of(store: Store, summary: RunSummary) -> list[IngestFailure]:
    return sorted(store.failures(run_id=summary.run_id), key=lambda f: f.source)


def assert_one_line(failure: IngestFailure) -> None:
    assert failure.message.startswith(f"{failure.code}: ")
    assert "\n" not in failure.message
    assert "Traceback" not in failure.message


# --- text and Markdown -------------------------------------------------------------------------------------------


def test_markdown_with_front_matter(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, TEXT / "with-front-matter.md")
    assert (summary.new, summary.failed, summary.ok) == (1, 0, True)
    [article] = store.list_articles()
    assert article.title == "Library reopens after roof repair"
    assert article.url == "https://www.lakesidechronicle.example/news/2025/03/06/library-reopens"  # utm_ dropped
    assert article.key == article.url
    assert article.outlet.name == "Lakeside Chronicle"
    assert article.outlet.id == "lakeside-chronicle"
    assert article.outlet.domain == "lakesidechronicle.example"
    assert article.published == datetime(2025, 3, 6, 10, 0, tzinfo=CET)
    assert article.authors == ("Ines Haldane",)
    assert article.language == "en"
    assert article.source_kind is SourceKind.FILE
    assert article.text.startswith("The Westhaven public library reopened on Thursday")
    assert article.text.endswith("a ramp at the side entrance.")
    assert "---" not in article.text and "title:" not in article.text
    assert article.revision == 1


def test_text_without_front_matter_takes_its_first_line_as_title(store: Store, settings: Settings) -> None:
    ingest(store, settings, TEXT / "plain-title-first.txt")
    [article] = store.list_articles()
    assert article.title == "Harbour cranes idle as wind warning holds"
    assert article.text.startswith("The port of Westhaven kept its cranes idle")
    assert "Harbour cranes idle" not in article.text
    assert article.url is None
    assert article.key == (TEXT / "plain-title-first.txt").resolve().as_uri()
    assert article.outlet.name == "Unknown outlet"
    assert article.published is None
    assert article.authors == ()


def test_markdown_heading_becomes_the_title(store: Store, settings: Settings) -> None:
    ingest(store, settings, TEXT / "markdown-heading.md")
    [article] = store.list_articles()
    assert article.title == "Council votes to keep the night bus"
    assert article.text.startswith("Westhaven council voted by nine to four")


def test_front_matter_author_and_date_aliases(store: Store, settings: Settings) -> None:
    ingest(store, settings, TEXT / "author-and-date.md")
    [article] = store.list_articles()
    assert article.title == "School term starts a week late"
    assert article.authors == ("Tomas Ruel",)
    assert article.published == datetime(2025, 3, 10, tzinfo=UTC)  # a bare date is midnight UTC


def test_text_folder_in_name_order(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, TEXT)
    assert (summary.new, summary.failed) == (4, 0)
    assert set(by_title(store)) == {
        "Library reopens after roof repair",
        "Harbour cranes idle as wind warning holds",
        "Council votes to keep the night bus",
        "School term starts a week late",
    }


def test_unreadable_front_matter_is_a_parse_error(store: Store, settings: Settings, tmp_path: Path) -> None:
    bad = tmp_path / "bad-yaml.md"
    bad.write_text('---\ntitle: "unclosed\nauthors: [a, b\n---\nSome text about the harbour.\n', encoding="utf-8")
    summary = ingest(store, settings, bad)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND120", str(bad))
    assert_one_line(failure)
    assert store.count_articles() == 0


def test_title_without_text_is_empty_input(store: Store, settings: Settings, tmp_path: Path) -> None:
    bare = tmp_path / "title-only.md"
    bare.write_text("---\ntitle: Nothing below\n---\n\n", encoding="utf-8")
    summary = ingest(store, settings, bare)
    assert summary.failures_by_code == {"ND121": 1}
    assert store.count_articles() == 0


# --- JSON and JSON Lines --------------------------------------------------------------------------------------------


def test_json_object(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, JSON / "one-article.json")
    assert (summary.new, summary.failed) == (1, 0)
    [article] = store.list_articles()
    assert article.url == "https://www.lakesidechronicle.example/news/2025/03/07/museum-loan"
    assert article.title == "Museum borrows the Orrin map for a year"
    assert article.outlet.name == "Lakeside Chronicle"
    assert article.authors == ("Mara Olin",)  # one string is one author
    assert article.published == datetime(2025, 3, 7, 12, 0, tzinfo=CET)
    assert article.language == "en"
    assert article.text == (
        "The town museum has borrowed the oldest known map of Lake Orrin from the national archive for a year.\n\n"
        "The map, drawn in 1712, shows two islands that have since disappeared under the water."
    )
    [revision] = store.revisions(article.id)
    assert revision.modified == datetime(2025, 3, 7, 15, 30, tzinfo=CET)


def test_json_list_gives_one_article_per_item_keyed_by_id(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, JSON / "two-articles.json")
    assert (summary.new, summary.failed) == (2, 0)
    articles = by_title(store)
    market, choir = articles["Market moves to the square"], articles["Choir wins regional prize"]
    base = (JSON / "two-articles.json").resolve().as_uri()
    assert (market.key, choir.key) == (f"{base}#first", f"{base}#second")
    assert market.url is None
    assert market.outlet.name == choir.outlet.name == "Westhaven Notes"
    assert market.published == datetime(2025, 3, 8, tzinfo=UTC)
    assert choir.authors == ("Lea Brun", "Ole Sand")
    assert market.source == f"{JSON / 'two-articles.json'}[1]"


def test_jsonl_one_article_per_line_blank_lines_skipped(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, JSON / "articles.jsonl")
    assert (summary.new, summary.failed) == (2, 0)
    articles = by_title(store)
    bridge = articles["Bridge closes for inspection"]
    rail = articles["New rail timetable adds late trains"]
    assert bridge.url == "https://wire.example/2025/03/09/bridge-inspection"
    assert bridge.outlet.name == "Orrin Wire"
    assert bridge.published == datetime(2025, 3, 9, 7, 0, tzinfo=UTC)
    assert rail.source == f"{JSON / 'articles.jsonl'}:3"  # line numbers count the blank line


def test_jsonl_bad_lines_each_fail_and_the_others_are_kept(store: Store, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = {"title": "Quay repairs finish early", "outlet": "Orrin Wire", "text": "The quay reopened a week early."}
    path.write_text(
        "\n".join(
            [
                json.dumps(good),
                '{"title": "broken", "text": "no closing brace"',
                json.dumps({"title": "No text here", "outlet": "Orrin Wire"}),
                json.dumps({"title": "Text is not a string", "text": 42}),
                json.dumps(["a list, not an object"]),
                json.dumps({**good, "title": "Ferry timetable changes", "text": "Ferries run later on Fridays."}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    summary = ingest(store, settings, path)
    assert (summary.new, summary.failed, summary.ok) == (2, 4, False)
    assert summary.failures_by_code == {"ND125": 4}
    failures = failures_of(store, summary)
    assert [f.source for f in failures] == [f"{path}:{n}" for n in (2, 3, 4, 5)]
    for failure in failures:
        assert_one_line(failure)
    assert "not valid JSON" in failures[0].message
    assert "'text'" in failures[1].message
    assert set(by_title(store)) == {"Quay repairs finish early", "Ferry timetable changes"}


def test_invalid_json_file(store: Store, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"title": "x", "text": "y",,}', encoding="utf-8")
    summary = ingest(store, settings, path)
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND125", str(path))
    assert_one_line(failure)


def test_json_list_with_a_bad_item(store: Store, settings: Settings, tmp_path: Path) -> None:
    path = tmp_path / "list.json"
    path.write_text(
        json.dumps([{"title": "Good", "text": "A good article text."}, "just a string", {"title": "No text"}]),
        encoding="utf-8",
    )
    summary = ingest(store, settings, path)
    assert (summary.new, summary.failures_by_code) == (1, {"ND125": 2})
    assert [f.source for f in failures_of(store, summary)] == [f"{path}[2]", f"{path}[3]"]


# --- idempotence and revisions -------------------------------------------------------------------------------------


def test_ingesting_a_folder_twice_adds_nothing(store: Store, settings: Settings) -> None:
    first = ingest(store, settings, FIXTURES / "text", FIXTURES / "json")
    assert (first.new, first.revised, first.unchanged, first.failed) == (9, 0, 0, 0)
    before = {a.id: (a.revision, a.text) for a in store.list_articles(limit=100)}
    second = ingest(store, settings, FIXTURES / "text", FIXTURES / "json")
    assert (second.new, second.revised, second.unchanged, second.failed) == (0, 0, 9, 0)
    assert second.run_id != first.run_id
    assert {a.id: (a.revision, a.text) for a in store.list_articles(limit=100)} == before
    assert all(len(store.revisions(aid)) == 1 for aid in before)


def test_changed_file_at_the_same_url_is_a_new_revision(store: Store, settings: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "library.md"
    old = (TEXT / "with-front-matter.md").read_text(encoding="utf-8")
    copy.write_text(old, encoding="utf-8")
    assert ingest(store, settings, copy).new == 1

    new = old.replace("about 1.2 million", "about 1.4 million").replace(
        "Library reopens after roof repair", "Library reopens after costly roof repair"
    )
    assert new != old
    copy.write_text(new, encoding="utf-8")
    summary = ingest(store, settings, copy)
    assert (summary.new, summary.revised, summary.unchanged) == (0, 1, 0)

    [article] = store.list_articles()
    assert article.revision == 2
    assert article.title == "Library reopens after costly roof repair"
    assert "1.4 million" in article.text
    revisions = store.revisions(article.id)
    assert [r.number for r in revisions] == [1, 2]
    assert "1.2 million" in revisions[0].text and "1.4 million" in revisions[1].text
    assert revisions[0].title == "Library reopens after roof repair"
    assert revisions[0].content_hash != revisions[1].content_hash

    # The old copy turns up again (another folder, same URL): it is a known revision, not a third one.
    old_copy = tmp_path / "mirror" / "library-old.md"
    old_copy.parent.mkdir()
    old_copy.write_text(old, encoding="utf-8")
    summary = ingest(store, settings, old_copy)
    assert (summary.new, summary.revised, summary.unchanged) == (0, 0, 1)
    assert [r.number for r in store.revisions(article.id)] == [1, 2]
    assert store.get_article(article.id).revision == 2  # type: ignore[union-attr]


def test_white_space_only_changes_are_not_a_revision(store: Store, settings: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "library.md"
    old = (TEXT / "with-front-matter.md").read_text(encoding="utf-8")
    copy.write_text(old, encoding="utf-8")
    ingest(store, settings, copy)
    copy.write_text(old.replace(" reopened on Thursday", "  reopened\non Thursday") + "\n\n", encoding="utf-8")
    assert ingest(store, settings, copy).unchanged == 1


# --- bad input -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["empty.txt", "empty.md", "empty.html", "empty.json", "empty.jsonl", "empty.xml"])
@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_file_is_empty_input(store: Store, settings: Settings, tmp_path: Path, name: str, content: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    summary = ingest(store, settings, path)
    assert (summary.failed, summary.failures_by_code, summary.ok) == (1, {"ND121": 1}, False)
    [failure] = store.failures(run_id=summary.run_id)
    assert failure.source == str(path)
    assert_one_line(failure)


@pytest.mark.parametrize("name", ["big.md", "big.txt", "big.json", "big.html", "big.xml"])
def test_file_over_max_bytes_is_too_large(tmp_path: Path, name: str) -> None:
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, max_bytes=2_000)
    path = tmp_path / name
    path.write_bytes(b"Harbour news. " * 200)  # 2,800 bytes
    with open_store(settings.db) as store:
        summary = ingest(store, settings, path)
        [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND114", str(path))
    assert "2,800 bytes" in failure.message and "2,000-byte cap" in failure.message
    assert_one_line(failure)
    assert summary.failures_by_code == {"ND114": 1}


def test_jsonl_line_over_max_bytes_is_too_large_and_the_next_lines_are_read(tmp_path: Path) -> None:
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, max_bytes=2_000)
    path = tmp_path / "wire.jsonl"
    small = {"title": "Small one", "text": "A short wire item about the quay."}
    path.write_text(
        "\n".join(
            [
                json.dumps(small),
                json.dumps({"title": "Huge one", "text": "word " * 2_000}),
                json.dumps({**small, "title": "Small two"}),
            ]
        ),
        encoding="utf-8",
    )
    with open_store(settings.db) as store:
        summary = ingest(store, settings, path)
        [failure] = store.failures(run_id=summary.run_id)
        titles = set(by_title(store))
    assert (summary.new, summary.failures_by_code) == (2, {"ND114": 1})
    assert (failure.code, failure.source) == ("ND114", f"{path}:2")
    assert_one_line(failure)
    assert titles == {"Small one", "Small two"}


def test_nonexistent_path_is_not_found(store: Store, settings: Settings, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "story.html"
    summary = ingest(store, settings, missing, TEXT / "plain-title-first.txt")
    assert (summary.new, summary.failed, summary.failures_by_code) == (1, 1, {"ND002": 1})
    [failure] = store.failures(run_id=summary.run_id)
    assert (failure.code, failure.source) == ("ND002", str(missing))
    assert_one_line(failure)


def test_files_newsdesk_does_not_read_are_skipped_in_a_folder(store: Store, settings: Settings, tmp_path: Path) -> None:
    shutil.copy(TEXT / "plain-title-first.txt", tmp_path / "story.txt")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04" + bytes(64))
    (tmp_path / ".hidden.md").write_text("Hidden\n\nA hidden draft.", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "draft.md").write_text("Draft\n\nA draft in a hidden folder.", encoding="utf-8")
    (tmp_path / "news.db").touch()  # the store may well live in the folder being ingested
    summary = ingest(store, settings, tmp_path)
    assert (summary.new, summary.failed) == (1, 0)


def test_bad_items_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    """One folder with every kind of bad local file between good ones: one failure each, good ones kept."""
    settings = Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False, max_bytes=20_000)
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(TEXT / "plain-title-first.txt", folder / "a-good.txt")
    (folder / "b-empty.md").write_text("", encoding="utf-8")
    (folder / "c-picture.html").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    (folder / "d-huge.txt").write_bytes(b"x" * 20_001)
    (folder / "e-bad.jsonl").write_text('{"text": "fine", "title": "From JSONL"}\nnot json\n{"title": "t"}\n')
    (folder / "f-broken.rss").write_bytes(b'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>')
    (folder / "g-nav-only.html").write_text(
        "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><p>Subscribe!</p></body></html>"
    )
    shutil.copy(JSON / "one-article.json", folder / "h-good.json")

    with open_store(settings.db) as store:
        earlier = ingest(store, settings, TEXT / "with-front-matter.md")
        assert earlier.ok
        seen: list[IngestFailure] = []
        with Ingester(store, settings, on_failure=seen.append) as ingester:
            summary = ingester.run([str(folder), str(tmp_path / "missing.md")])
        failures = failures_of(store, summary)
        titles = set(by_title(store))
        all_failures = store.failures()

    assert summary.ok is False
    assert (summary.new, summary.failed) == (3, 8)
    assert summary.failures_by_code == {
        "ND002": 1,
        "ND114": 1,
        "ND121": 1,
        "ND122": 1,
        "ND123": 1,
        "ND124": 1,
        "ND125": 2,
    }
    assert [(Path(f.source).name, f.code) for f in failures] == [
        ("b-empty.md", "ND121"),
        ("c-picture.html", "ND122"),
        ("d-huge.txt", "ND114"),
        ("e-bad.jsonl:2", "ND125"),
        ("e-bad.jsonl:3", "ND125"),
        ("f-broken.rss", "ND123"),
        ("g-nav-only.html", "ND124"),
        ("missing.md", "ND002"),
    ]
    assert all(f.run_id == summary.run_id and f.at is not None for f in failures)
    for failure in failures:
        assert_one_line(failure)
    assert sorted(seen, key=lambda f: f.source) == failures  # the callback saw exactly what the store recorded
    assert len(all_failures) == 8  # the earlier, clean run recorded none
    assert titles == {
        "Library reopens after roof repair",  # stored before, still there
        "Harbour cranes idle as wind warning holds",
        "From JSONL",
        "Museum borrows the Orrin map for a year",
    }
