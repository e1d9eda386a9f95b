"""The command line, run as users run it: ``python -m newsdesk`` in a subprocess, against a real store file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from newsdesk import __version__

if TYPE_CHECKING:
    from conftest import LocalServer

STORY = """\
---
title: Harbour ferry returns to service
outlet: The Harbour Courier
url: https://courier.example/news/ferry-returns?utm_source=rss
published: 2024-03-05T09:30:00+01:00
authors: [Ana Silva]
language: en
---
The harbour ferry returned to service on Tuesday after three weeks of repairs to its engine.

The operator said the timetable would stay reduced until the end of the month while crews are trained.
"""

REPORT = {
    "title": "Council approves the harbour budget",
    "text": "The city council approved the harbour budget on Wednesday by 31 votes to 12.\n\n"
    "The plan pays for new quay walls and a second ferry from next year.",
    "outlet": "Evening Star",
    "url": "https://star.example/2024/03/06/harbour-budget",
    "published": "2024-03-06T18:00:00+00:00",
    "authors": ["Ben Okafor"],
}

ARTICLE = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Bridge works</title>'
    '<meta property="og:site_name" content="Morning Post"></head><body><article><h1>Bridge works begin</h1>'
    "<p>Engineers began repairing the old swing bridge on Monday, closing it to cars for six weeks while the "
    "deck is replaced and the motors that open it for ships are renewed.</p>"
    "<p>Pedestrians can still cross on a temporary walkway, the council said, and buses will use the ring "
    "road until the work is finished in the spring.</p></article></body></html>"
)


def clean_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The environment without any NEWSDESK_* setting, with the default data folder inside ``tmp_path``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env.update(extra)
    return env


def newsdesk(*args: str | Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsdesk", *map(str, args)],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def as_json(result: subprocess.CompletedProcess[str]) -> object:
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def assert_one_line_error(result: subprocess.CompletedProcess[str], exit_code: int, prefix: str) -> None:
    assert result.returncode == exit_code
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(prefix), lines[0]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path)


def write_corpus(folder: Path) -> Path:
    folder.mkdir()
    (folder / "ferry.txt").write_text(STORY, encoding="utf-8")
    (folder / "budget.json").write_text(json.dumps(REPORT), encoding="utf-8")
    return folder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder of two small article files."""
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding the two articles of the corpus (shared by the tests that only read it)."""
    tmp_path = tmp_path_factory.mktemp("filled")
    db = tmp_path / "filled.db"
    assert newsdesk("--db", db, "ingest", write_corpus(tmp_path / "corpus"), env=clean_env(tmp_path)).returncode == 0
    return db


# --- the program ----------------------------------------------------------------------------------------------


def test_help_lists_the_commands(env: dict[str, str]) -> None:
    result = newsdesk("--help", env=env)
    assert result.returncode == 0
    assert result.stdout.startswith("Usage: newsdesk ")
    for command in ("ingest", "articles", "article", "errors", "outlets"):
        assert f"  {command} " in result.stdout
    assert newsdesk("-h", env=env).stdout == result.stdout


def test_version(env: dict[str, str]) -> None:
    result = newsdesk("--version", env=env)
    assert (result.returncode, result.stdout.strip()) == (0, f"newsdesk, version {__version__}")


def test_an_invalid_setting_in_the_environment_is_a_one_line_error(tmp_path: Path) -> None:
    env = clean_env(tmp_path, NEWSDESK_TIMEOUT="soon", NEWSDESK_DB=str(tmp_path / "x.db"))
    result = newsdesk("articles", env=env)
    assert_one_line_error(result, 2, "error: ND001: NEWSDESK_TIMEOUT='soon' is not a valid float")
    assert not (tmp_path / "x.db").exists()


# --- choosing the store ---------------------------------------------------------------------------------------


def test_ingest_a_folder_prints_a_summary_and_exits_0(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    db = tmp_path / "news.db"
    result = newsdesk("--db", db, "ingest", corpus, env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("run 1: 2 new, 0 revised, 0 unchanged, 0 reprints linked, 0 failed in ")
    first, second, third = result.stdout.rstrip().split("\n")
    assert first.endswith(f"2 articles in {db}")
    assert second.startswith("stories: 2 articles clustered (")
    assert second.endswith("stories in the store")
    assert third.startswith("claims: ") and " from 2 articles in " in third and third.endswith("in the store")
    assert result.stderr == ""
    assert db.is_file()
    assert not (tmp_path / "xdg").exists()  # the default store was not touched

    again = newsdesk("--db", db, "ingest", corpus, env=env)
    assert again.stdout.startswith("run 2: 0 new, 0 revised, 2 unchanged,")


def test_newsdesk_db_selects_the_store_and_db_overrides_it(tmp_path: Path, corpus: Path) -> None:
    from_env, from_option = tmp_path / "env.db", tmp_path / "option.db"
    env = clean_env(tmp_path, NEWSDESK_DB=str(from_env))

    assert newsdesk("ingest", corpus, env=env).returncode == 0
    assert from_env.is_file()
    assert len(as_json(newsdesk("articles", "--json", env=env))) == 2  # type: ignore[arg-type]

    assert as_json(newsdesk("--db", from_option, "articles", "--json", env=env)) == []
    assert from_option.is_file()
    assert not (tmp_path / "xdg").exists()


# --- --json -------------------------------------------------------------------------------------------------


def test_ingest_json(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    data = as_json(newsdesk("--db", tmp_path / "j.db", "ingest", "--json", corpus, env=env))
    assert isinstance(data, dict)
    assert set(data) == {
        "run_id",
        "new",
        "revised",
        "unchanged",
        "reprints",
        "not_modified",
        "failed",
        "failures_by_code",
        "seconds",
        "articles_in_store",
        "stories_in_store",
        "clustering",
        "claims",
    }
    assert (data["run_id"], data["new"], data["failed"], data["failures_by_code"]) == (1, 2, 0, {})
    assert data["articles_in_store"] == 2
    assert data["clustering"]["articles"] == 2


def test_articles_json(filled: Path, env: dict[str, str]) -> None:
    data = as_json(newsdesk("--db", filled, "articles", "--json", env=env))
    assert isinstance(data, list)
    assert [a["title"] for a in data] == ["Council approves the harbour budget", "Harbour ferry returns to service"]
    ferry = data[1]
    assert ferry["url"] == "https://courier.example/news/ferry-returns"
    assert ferry["outlet"] == {"id": "the-harbour-courier", "name": "The Harbour Courier", "domain": "courier.example"}
    assert datetime.fromisoformat(ferry["published"]) == datetime(2024, 3, 5, 8, 30, tzinfo=UTC)
    assert (ferry["authors"], ferry["language"], ferry["source_kind"], ferry["revision"]) == (
        ["Ana Silva"],
        "en",
        "file",
        1,
    )
    assert ferry["words"] == len(STORY.split("---\n")[2].split())
    assert ferry["reprint_of"] is None
    assert ferry["source"].endswith("ferry.txt")
    assert "text" not in ferry


def test_articles_search_json(filled: Path, env: dict[str, str]) -> None:
    hits = as_json(newsdesk("--db", filled, "articles", "--search", "ferry engine", "--json", env=env))
    assert isinstance(hits, list)
    assert [h["title"] for h in hits] == ["Harbour ferry returns to service"]
    assert "[" in hits[0]["snippet"]
    assert isinstance(hits[0]["rank"], float)
    assert as_json(newsdesk("--db", filled, "articles", "-s", "zeppelin", "--json", env=env)) == []


def test_article_json(filled: Path, env: dict[str, str]) -> None:
    [listed] = as_json(newsdesk("--db", filled, "articles", "--outlet", "Evening Star", "--json", env=env))  # type: ignore[misc]
    data = as_json(newsdesk("--db", filled, "article", listed["id"][:8], "--json", env=env))
    assert isinstance(data, dict)
    assert data["id"] == listed["id"]
    assert data["text"] == REPORT["text"]
    assert [r["number"] for r in data["revisions"]] == [1]
    assert set(data["revisions"][0]) == {
        "number",
        "title",
        "content_hash",
        "published",
        "modified",
        "retrieved_at",
        "source",
        "words",
    }
    assert data["reprinted_by"] == []
    by_url = as_json(newsdesk("--db", filled, "article", REPORT["url"], "--no-text", "--json", env=env))
    assert isinstance(by_url, dict)
    assert by_url["id"] == listed["id"]
    assert "text" not in by_url


def test_outlets_json(filled: Path, env: dict[str, str]) -> None:
    data = as_json(newsdesk("--db", filled, "outlets", "--json", env=env))
    assert isinstance(data, list)
    assert sorted(data, key=lambda o: o["id"]) == [
        {"id": "evening-star", "name": "Evening Star", "domain": "star.example", "articles": 1},
        {"id": "the-harbour-courier", "name": "The Harbour Courier", "domain": "courier.example", "articles": 1},
    ]


def test_an_unknown_article_is_a_one_line_error(filled: Path, env: dict[str, str]) -> None:
    result = newsdesk("--db", filled, "article", "a_doesnotexist", env=env)
    assert_one_line_error(result, 3, "error: ND002: no article 'a_doesnotexist'")
    assert result.stdout == ""


# --- failures -----------------------------------------------------------------------------------------------


def test_ingest_with_a_bad_file_exits_1_and_errors_lists_it(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    db = tmp_path / "bad.db"
    broken = corpus / "broken.json"
    broken.write_text('{"title": "half a', encoding="utf-8")

    result = newsdesk("--db", db, "ingest", corpus, env=env)

    assert result.returncode == 1
    assert "2 new" in result.stdout and "1 failed" in result.stdout
    assert f"failed: ND125: {broken}: " in result.stderr
    assert "see the failures with: newsdesk errors" in result.stderr
    assert "Traceback" not in result.stderr

    [failure] = as_json(newsdesk("--db", db, "errors", "--json", env=env))  # type: ignore[misc]
    assert set(failure) == {"run_id", "at", "source", "code", "message"}
    assert (failure["run_id"], failure["source"], failure["code"]) == (1, str(broken), "ND125")
    assert failure["message"].startswith("ND125: ") and "not valid JSON" in failure["message"]
    assert datetime.fromisoformat(failure["at"]).tzinfo is not None

    listing = newsdesk("--db", db, "errors", env=env)
    assert listing.returncode == 0
    assert str(broken) in listing.stdout

    quiet = newsdesk("--db", db, "ingest", "--quiet", corpus, env=env)
    assert quiet.returncode == 1
    assert "failed:" not in quiet.stderr


def test_ingest_of_a_missing_path_is_recorded_and_exits_1(tmp_path: Path, env: dict[str, str]) -> None:
    db = tmp_path / "m.db"
    missing = tmp_path / "nowhere"
    result = newsdesk("--db", db, "ingest", missing, env=env)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [failure] = as_json(newsdesk("--db", db, "errors", "--json", env=env))  # type: ignore[misc]
    assert (failure["code"], failure["source"]) == ("ND002", str(missing))


def test_no_errors_is_an_empty_list(filled: Path, env: dict[str, str]) -> None:
    assert as_json(newsdesk("--db", filled, "errors", "--json", env=env)) == []


# --- fetching from the command line --------------------------------------------------------------------------


def test_ingest_url_refuses_private_addresses_unless_allowed(
    tmp_path: Path, server: LocalServer, env: dict[str, str]
) -> None:
    server.route("/news/bridge", ARTICLE)
    db, url = tmp_path / "web.db", server.url("/news/bridge")

    refused = newsdesk("--db", db, "ingest", "--host-delay", "0", url, env=env)
    assert refused.returncode == 1
    assert f"failed: {url}: ND111: " in refused.stderr
    assert server.requests == []

    allowed = newsdesk("--db", db, "ingest", "--allow-private", "--ignore-robots", "--host-delay", "0", url, env=env)
    assert allowed.returncode == 0, allowed.stderr
    assert server.paths == ["/news/bridge"]  # --ignore-robots: no robots.txt request
    assert server.requests[0].headers["user-agent"].startswith(f"newsdesk/{__version__} ")
    [article] = as_json(newsdesk("--db", db, "articles", "--json", env=env))  # type: ignore[misc]
    assert (article["title"], article["url"], article["source_kind"]) == ("Bridge works begin", url, "page")
