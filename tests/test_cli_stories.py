"""Stories on the command line: ``ingest`` clusters, ``cluster``, ``stories`` and ``story``, run as users run them.

The corpus holds two clearly separate events — a bridge collapse (three reports and one verbatim reprint of
the first, under another masthead) and a chess final (two reports) — so the tests assert only what any correct
clusterer must do with it: never mix the two events, and put the reprint in its original's story.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from newsdesk.store import open_store
from test_cli import as_json, assert_one_line_error, clean_env, newsdesk

BRIDGE_BODY = (
    "The old steel bridge over the Tamsin river in Riverton collapsed early on Monday, sending two cars and a "
    "delivery van into the water.\n\nRescue divers pulled four people from the river. The mayor of Riverton, "
    "Helen Okoro, said the bridge had been inspected last spring and closed the nearby roads while engineers "
    "examine the wreckage."
)

BRIDGE = {
    "bridge-1.md": (
        "Riverton bridge collapses into the Tamsin river",
        "The Harbour Courier",
        "https://courier.example/news/riverton-bridge-collapse",
        "2024-03-04T07:15:00+00:00",
        BRIDGE_BODY,
    ),
    "bridge-2.md": (
        "Four rescued after Riverton bridge falls into river",
        "Valley Gazette",
        "https://gazette.example/2024/03/04/riverton-bridge",
        "2024-03-04T09:40:00+00:00",
        "Divers rescued four people after the steel bridge across the Tamsin river in Riverton collapsed on "
        "Monday morning, dropping cars and a van into the water.\n\nMayor Helen Okoro said engineers were "
        "examining the collapsed bridge and the wreckage, and that the bridge had passed its last inspection. "
        "Roads around the river crossing in Riverton stay closed.",
    ),
    "bridge-3.md": (
        "Engineers search wreckage of collapsed Riverton bridge",
        "Evening Star",
        "https://star.example/2024/03/05/riverton-bridge-engineers",
        "2024-03-05T18:00:00+00:00",
        "Engineers on Tuesday began searching the wreckage of the Riverton bridge that collapsed into the Tamsin "
        "river, as the city asked why a bridge inspected last spring could fall.\n\nMayor Helen Okoro said the "
        "four people rescued by divers from the river were recovering in hospital and that the roads near the "
        "collapsed bridge in Riverton would stay closed.",
    ),
    "bridge-4-reprint.md": (
        "Bridge collapse in Riverton",
        "Coastal Times",
        "https://coastal.example/wire/riverton-bridge",
        "2024-03-04T11:00:00+00:00",
        BRIDGE_BODY,
    ),
}

CHESS = [
    {
        "title": "Mira Santos wins the world chess final in Oslo",
        "outlet": "The Harbour Courier",
        "url": "https://courier.example/sport/chess-final-santos",
        "published": "2024-03-04T20:30:00+00:00",
        "text": "Mira Santos won the world chess championship final in Oslo on Monday, beating Pavel Dorn in a "
        "tense rapid tiebreak after twelve drawn classical games.\n\nSantos, playing black, sacrificed a knight "
        "in the decisive game and forced checkmate on move forty-one. Dorn resigned and congratulated the new "
        "champion.",
    },
    {
        "title": "Santos beats Dorn in rapid tiebreak to take chess crown",
        "outlet": "Evening Star",
        "url": "https://star.example/2024/03/05/chess-santos-dorn",
        "published": "2024-03-05T07:00:00+00:00",
        "text": "Mira Santos is the new world chess champion after beating Pavel Dorn in the rapid tiebreak of the "
        "final in Oslo, following twelve drawn classical games.\n\nA knight sacrifice in the deciding game gave "
        "Santos a mating attack, and Dorn resigned on move forty-one before congratulating the champion.",
    },
]

TOPIC = {title: "bridge" for title, *_ in BRIDGE.values()} | {a["title"]: "chess" for a in CHESS}

STORY_FIELDS = {
    "id",
    "headline",
    "headline_article",
    "first_seen",
    "last_seen",
    "articles",
    "sources",
    "outlets",
    "entities",
    "terms",
    "merged_from",
}


def write_bridge(folder: Path, name: str) -> Path:
    title, outlet, url, published, body = BRIDGE[name]
    path = folder / name
    path.write_text(f"---\ntitle: {title}\noutlet: {outlet}\nurl: {url}\npublished: {published}\n---\n{body}\n")
    return path


def write_jsonl(path: Path, *articles: dict[str, str]) -> Path:
    path.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return path


def write_corpus(folder: Path) -> Path:
    """Six articles; the folder is read in name order, so the reprint arrives after its original."""
    folder.mkdir()
    for name in BRIDGE:
        write_bridge(folder, name)
    write_jsonl(folder / "chess.jsonl", *CHESS)
    return folder


def stories_env(tmp_path: Path) -> dict[str, str]:
    """A clean environment in UTC, so that a date given to --since means the same day everywhere."""
    return clean_env(tmp_path, TZ="UTC")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return stories_env(tmp_path)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus")


@pytest.fixture(scope="module")
def clustered(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """A store of the corpus, clustered by ingest, and what ``ingest --json`` said (for tests that only read)."""
    tmp_path = tmp_path_factory.mktemp("clustered")
    db = tmp_path / "stories.db"
    result = newsdesk("--db", db, "ingest", "--json", write_corpus(tmp_path / "corpus"), env=stories_env(tmp_path))
    summary = as_json(result)
    assert isinstance(summary, dict)
    return db, summary


def listed(db: Path, env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    data = as_json(newsdesk("--db", db, "stories", "--json", *args, env=env))
    assert isinstance(data, list)
    return data


def articles(db: Path, env: dict[str, str]) -> dict[str, dict[str, Any]]:
    data = as_json(newsdesk("--db", db, "articles", "--json", env=env))
    assert isinstance(data, list)
    return {a["id"]: a for a in data}


def assert_events_apart(stories: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> None:
    """Every article is in exactly one story, no story mixes the two events, and a reprint is with its original."""
    members = [aid for s in stories for aid in s["article_ids"]]
    assert sorted(members) == sorted(by_id), "each article in exactly one story"
    story_of = {aid: s["id"] for s in stories for aid in s["article_ids"]}
    for s in stories:
        assert len({TOPIC[by_id[aid]["title"]] for aid in s["article_ids"]}) == 1, s
        assert s["articles"] == len(s["article_ids"])
    reprints = [a for a in by_id.values() if a["reprint_of"]]
    assert [a["title"] for a in reprints] == ["Bridge collapse in Riverton"]
    assert story_of[reprints[0]["id"]] == story_of[reprints[0]["reprint_of"]]


def reprint_story(stories: list[dict[str, Any]], by_id: dict[str, dict[str, Any]]) -> dict[str, Any]:
    [found] = [s for s in stories if any(by_id[aid]["reprint_of"] for aid in s["article_ids"])]
    return found


# --- ingest ---------------------------------------------------------------------------------------------------


def test_help_lists_the_story_commands(env: dict[str, str]) -> None:
    result = newsdesk("--help", env=env)
    assert result.returncode == 0
    for command in ("cluster", "stories", "story"):
        assert f"  {command} " in result.stdout


def test_ingest_clusters_the_new_articles(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    db = tmp_path / "news.db"
    result = newsdesk("--db", db, "ingest", corpus, env=env)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("run 1: 6 new, 0 revised, 0 unchanged, 1 reprints linked, 0 failed in ")
    assert lines[1].startswith("stories: 6 articles clustered (")
    assert lines[1].endswith(" stories in the store")
    stories = listed(db, env)
    assert lines[1].endswith(f"; {len(stories)} stories in the store")
    assert 2 <= len(stories) <= 5
    assert_events_apart(stories, articles(db, env))

    again = newsdesk("--db", db, "ingest", corpus, env=env)
    assert again.returncode == 0, again.stderr
    assert again.stdout.splitlines()[1].startswith("stories: 0 articles clustered (0 new stories, 0 joined one, ")
    assert listed(db, env) == stories


def test_ingest_json_has_the_clustering_run(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, summary = clustered
    assert (summary["new"], summary["reprints"], summary["articles_in_store"]) == (6, 1, 6)
    run = summary["clustering"]
    assert set(run) == {"articles", "new_stories", "joined", "merges", "summarised", "seconds"}
    assert run["articles"] == 6
    assert run["new_stories"] + run["joined"] == 6
    assert run["new_stories"] >= 2
    assert isinstance(run["seconds"], float)
    stories = listed(db, env)
    assert summary["stories_in_store"] == len(stories) == run["new_stories"] - run["merges"]
    assert run["summarised"] == len(stories)


def test_ingest_no_cluster_leaves_the_articles_for_cluster(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    db = tmp_path / "later.db"
    text = newsdesk("--db", db, "ingest", "--no-cluster", "--no-claims", corpus / "bridge-1.md", env=env)
    assert text.returncode == 0, text.stderr
    assert len(text.stdout.splitlines()) == 1
    assert "stories:" not in text.stdout and "claims:" not in text.stdout

    summary = as_json(newsdesk("--db", db, "ingest", "--no-cluster", "--json", corpus, env=env))
    assert isinstance(summary, dict)
    assert "clustering" not in summary
    assert (summary["articles_in_store"], summary["stories_in_store"]) == (6, 0)
    assert listed(db, env) == []
    empty = newsdesk("--db", db, "stories", env=env)
    assert (empty.returncode, empty.stdout) == (0, "")
    assert "no stories yet" in empty.stderr

    run = as_json(newsdesk("--db", db, "cluster", "--json", env=env))
    assert isinstance(run, dict)
    assert set(run) == {"articles", "new_stories", "joined", "merges", "summarised", "seconds", "stories_in_store"}
    assert run["articles"] == 6
    stories = listed(db, env)
    assert run["stories_in_store"] == len(stories)
    assert_events_apart(stories, articles(db, env))

    nothing = as_json(newsdesk("--db", db, "cluster", "--json", env=env))
    assert isinstance(nothing, dict)
    assert (nothing["articles"], nothing["new_stories"], nothing["summarised"]) == (0, 0, 0)
    assert listed(db, env) == stories


# --- cluster --------------------------------------------------------------------------------------------------


def test_cluster_rebuild_gives_the_same_stories(
    tmp_path: Path, clustered: tuple[Path, dict[str, Any]], env: dict[str, str]
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(clustered[0], db)
    before = listed(db, env)

    result = newsdesk("--db", db, "cluster", "--rebuild", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("stories: 6 articles clustered (")
    assert result.stdout.rstrip().endswith(f"; {len(before)} stories in the store")
    assert listed(db, env) == before  # the same ids, members, headlines and spans


def test_ingest_in_two_runs_gives_the_stories_of_a_rebuild(tmp_path: Path, env: dict[str, str]) -> None:
    """Clustering in arrival order must not depend on where one run ended and the next began.

    The first report carries no publication date; the second, of the same collapse, is dated long before the
    day the first was read. A summary written between the runs must not change how the second is judged."""
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    title, outlet, url, _, body = BRIDGE["bridge-1.md"]
    (first / "undated.md").write_text(f"---\ntitle: {title}\noutlet: {outlet}\nurl: {url}\n---\n{body}\n")
    write_jsonl(
        second / "dated.jsonl",
        {
            "title": BRIDGE["bridge-2.md"][0],
            "outlet": BRIDGE["bridge-2.md"][1],
            "url": BRIDGE["bridge-2.md"][2],
            "published": "2021-03-04T09:40:00+00:00",
            "text": BRIDGE["bridge-2.md"][4],
        },
    )
    db = tmp_path / "runs.db"
    for folder in (first, second):
        assert newsdesk("--db", db, "ingest", folder, env=env).returncode == 0
    in_two_runs = sorted(s["article_ids"] for s in listed(db, env))
    assert newsdesk("--db", db, "cluster", "--rebuild", env=env).returncode == 0
    assert sorted(s["article_ids"] for s in listed(db, env)) == in_two_runs


# --- stories --------------------------------------------------------------------------------------------------


def test_stories_json(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, _ = clustered
    stories = listed(db, env)
    by_id = articles(db, env)
    for s in stories:
        assert set(s) == STORY_FIELDS | {"article_ids"}
        assert s["headline"] in {by_id[aid]["title"] for aid in s["article_ids"]}
        assert s["headline_article"] in s["article_ids"]
        assert s["id"].startswith("s_")
    last_seen = [datetime.fromisoformat(s["last_seen"]) for s in stories]
    assert last_seen == sorted(last_seen, reverse=True), "most recently active first"
    assert_events_apart(stories, by_id)

    wire = reprint_story(stories, by_id)
    independent = {by_id[aid]["outlet"]["id"] for aid in wire["article_ids"] if not by_id[aid]["reprint_of"]}
    assert "Coastal Times" in wire["outlets"]
    assert wire["sources"] == len(independent) < len(wire["outlets"]), "the reprint counts once, with its original"


def test_stories_table(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, _ = clustered
    stories = listed(db, env)
    result = newsdesk("--db", db, "stories", env=env)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == [s["id"] for s in stories]
    for line, s in zip(lines, stories, strict=True):
        assert f" {s['articles']} art " in line
        assert f" {s['sources']} src " in line
        assert line.endswith(s["headline"][:80])
        assert datetime.fromisoformat(s["last_seen"]).strftime("%Y-%m-%d %H:%M") in line


def test_stories_min_size(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, _ = clustered
    stories = listed(db, env)
    big = listed(db, env, "--min-size", "2")
    assert big == [s for s in stories if s["articles"] >= 2]
    assert reprint_story(stories, articles(db, env)) in big
    assert listed(db, env, "--min-size", "7") == []


def test_stories_since(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, _ = clustered
    stories = listed(db, env)

    def active_since(when: datetime) -> list[dict[str, Any]]:
        return [s for s in stories if datetime.fromisoformat(s["last_seen"]) >= when]

    # the chess final's reports are all older than noon on the 5th; the engineers' report is from the evening
    noon = active_since(datetime(2024, 3, 5, 12, 0, tzinfo=UTC))
    assert 0 < len(noon) < len(stories)
    assert listed(db, env, "--since", "2024-03-05T12:00:00+00:00") == noon
    assert listed(db, env, "--since", "2024-03-05T14:00:00+02:00") == noon
    assert listed(db, env, "--since", "2024-03-05") == active_since(datetime(2024, 3, 5, tzinfo=UTC))
    assert listed(db, env, "--since", "2024-03-06") == []
    assert listed(db, env, "--since", "2024-03-01") == stories


@pytest.mark.parametrize("value", ["yesterday", "2024-13-01", "05/03/2024"])
def test_stories_bad_since_is_a_one_line_error(
    clustered: tuple[Path, dict[str, Any]], env: dict[str, str], value: str
) -> None:
    result = newsdesk("--db", clustered[0], "stories", "--since", value, env=env)
    assert_one_line_error(result, 2, f"error: ND001: {value!r} is not a date; use YYYY-MM-DD or an ISO 8601 time")
    assert result.stdout == ""


# --- story ----------------------------------------------------------------------------------------------------


def test_story_by_id_and_by_prefix(clustered: tuple[Path, dict[str, Any]], env: dict[str, str]) -> None:
    db, _ = clustered
    stories = listed(db, env)
    by_id = articles(db, env)
    wire = reprint_story(stories, by_id)

    data = as_json(newsdesk("--db", db, "story", wire["id"], "--json", env=env))
    assert isinstance(data, dict)
    assert set(data) == STORY_FIELDS | {"members"}
    assert {k: data[k] for k in STORY_FIELDS} == {k: wire[k] for k in STORY_FIELDS}
    members = data["members"]
    assert [m["id"] for m in members] == wire["article_ids"]
    for m in members:
        assert {k: v for k, v in m.items() if k not in {"similarity", "independent"}} == by_id[m["id"]]
        assert m["independent"] is (by_id[m["id"]]["reprint_of"] is None)
        assert isinstance(m["similarity"], float)
    [copy] = [m for m in members if not m["independent"]]
    assert copy["outlet"]["name"] == "Coastal Times"
    assert copy["reprint_of"] in wire["article_ids"]
    assert data["sources"] == len({m["outlet"]["id"] for m in members if m["independent"]})

    prefix = wire["id"][:8]
    assert [s["id"] for s in stories if s["id"].startswith(prefix)] == [wire["id"]]
    assert as_json(newsdesk("--db", db, "story", prefix, "--json", env=env)) == data

    text = newsdesk("--db", db, "story", prefix, env=env)
    assert (text.returncode, text.stderr) == (0, "")
    lines = text.stdout.splitlines()
    assert lines[0] == wire["headline"]
    assert lines[1].startswith(f"id {wire['id']} · ")
    assert lines[1].endswith(f"· {wire['articles']} articles · {wire['sources']} independent sources")
    assert f"[reprint of {copy['reprint_of']}]" in text.stdout
    assert "was merged into" not in text.stdout


def test_story_by_the_id_of_a_merged_story(tmp_path: Path, corpus: Path, env: dict[str, str]) -> None:
    db = tmp_path / "merged.db"
    for source in (corpus / "bridge-1.md", write_jsonl(tmp_path / "chess.jsonl", CHESS[0])):
        assert newsdesk("--db", db, "ingest", source, env=env).returncode == 0
    [newer, older] = listed(db, env)  # the chess report was published later the same day
    with open_store(db) as store:
        [keep] = store.story_vectors([older["id"]])
        store.merge_stories(newer["id"], replace(keep, size=2))
    refreshed = as_json(newsdesk("--db", db, "cluster", "--json", env=env))
    assert isinstance(refreshed, dict)
    assert (refreshed["articles"], refreshed["summarised"], refreshed["stories_in_store"]) == (0, 1, 1)

    [survivor] = listed(db, env)
    assert survivor["id"] == older["id"]
    assert survivor["merged_from"] == [newer["id"]]
    assert survivor["article_ids"] == older["article_ids"] + newer["article_ids"]
    data = as_json(newsdesk("--db", db, "story", newer["id"], "--json", env=env))
    assert isinstance(data, dict)
    assert (data["id"], data["merged_from"]) == (older["id"], [newer["id"]])
    assert [m["id"] for m in data["members"]] == survivor["article_ids"]

    text = newsdesk("--db", db, "story", newer["id"], env=env)
    assert text.returncode == 0, text.stderr
    assert text.stdout.splitlines()[0] == f"{newer['id']} was merged into {older['id']}"
    assert f"merged from: {newer['id']}" in text.stdout


@pytest.mark.parametrize("ref", ["nope", "s_", "s_ffffffffffffffff"])
def test_an_unknown_story_is_a_one_line_error(
    clustered: tuple[Path, dict[str, Any]], env: dict[str, str], ref: str
) -> None:
    result = newsdesk("--db", clustered[0], "story", ref, env=env)
    assert_one_line_error(result, 3, f"error: ND002: no story {ref!r}; list ids with: newsdesk stories")
    assert result.stderr == f"error: ND002: no story {ref!r}; list ids with: newsdesk stories\n"
    assert result.stdout == ""
