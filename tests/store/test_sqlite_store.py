"""The SQLite backend: the shared store contract on a real file, plus what only SQLite has."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsdesk.errors import MigrationError, StoreError
from newsdesk.store import SQLiteStore, open_store
from newsdesk.store.migrations import MIGRATIONS
from newsdesk.store.testing import T0, StoreContract, make_doc
from newsdesk.store.testing_briefings import BriefingContract
from newsdesk.store.testing_browse import BrowseContract
from newsdesk.store.testing_claims import ClaimContract, _claim
from newsdesk.store.testing_stories import StoryContract
from newsdesk.types import RunSummary, UpsertOutcome

ALL_MIGRATIONS = [fn.__name__ for fn in MIGRATIONS]


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "news.db"


class TestSQLiteStore(StoreContract, StoryContract, ClaimContract, BriefingContract, BrowseContract):
    @pytest.fixture
    def store(self, db_path: Path) -> Iterator[SQLiteStore]:
        store = SQLiteStore(db_path)
        yield store
        store.close()

    @pytest.fixture
    def reopen(self, db_path: Path) -> Iterator[Callable[[], SQLiteStore]]:
        opened: list[SQLiteStore] = []

        def _reopen() -> SQLiteStore:
            opened.append(SQLiteStore(db_path))
            return opened[-1]

        yield _reopen
        for store in opened:
            store.close()


def _query(path: Path, sql: str) -> list[tuple]:
    """Read the file through a connection of our own, not the store's."""
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


def test_wal_mode_is_on(db_path: Path) -> None:
    with SQLiteStore(db_path):
        assert _query(db_path, "PRAGMA journal_mode") == [("wal",)]


def test_open_store_opens_sqlite(db_path: Path) -> None:
    with open_store(db_path) as store:
        assert isinstance(store, SQLiteStore)
        assert store.upsert_document(make_doc(1), T0).outcome is UpsertOutcome.NEW
    assert _query(db_path, "SELECT count(*) FROM articles") == [(1,)]


def test_migrations_recorded_in_order_and_applied_once(db_path: Path) -> None:
    assert sorted(ALL_MIGRATIONS) == ALL_MIGRATIONS, "migration names sort in the order they run"
    first = SQLiteStore(db_path)
    first.close()
    assert first.applied_migrations == ALL_MIGRATIONS
    recorded = _query(db_path, "SELECT name, applied_at FROM _migrations ORDER BY rowid")
    assert [name for name, _ in recorded] == ALL_MIGRATIONS
    assert all(applied_at for _, applied_at in recorded)

    second = SQLiteStore(db_path)
    second.close()
    assert second.applied_migrations == []
    assert _query(db_path, "SELECT name, applied_at FROM _migrations ORDER BY rowid") == recorded


def test_claims_search_migration_indexes_the_claims_stored_before_it(db_path: Path) -> None:
    doc = make_doc(1)
    said = _claim(doc, 0, speaker="Zelenskyy", text="the bridge over the river was destroyed")
    with SQLiteStore(db_path) as store:
        store.upsert_document(doc, T0)
        store.put_claims(doc.id, 1, "test/1", [said, _claim(doc, 1)])
    # take the file back to before m008: claims stored, and no search table, triggers or record of it
    db = sqlite3.connect(db_path)
    with db:
        for trigger in ("claims_ai", "claims_ad", "claims_au"):
            db.execute(f"DROP TRIGGER {trigger}")
        db.execute("DROP TABLE claims_fts")
        db.execute("DELETE FROM _migrations WHERE name = 'm008_claims_search'")
    db.close()
    assert _query(db_path, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'claims_fts%'") == [(0,)]

    with SQLiteStore(db_path) as store:
        assert store.applied_migrations == ["m008_claims_search"]
        assert [h.claim for h in store.search_claims("zelenskyy bridge")] == [said]
        assert [h.claim.id for h in store.search_claims("soldiers")] == [_claim(doc, 1).id]
        store.put_claims(doc.id, 1, "test/1", [_claim(doc, 1)])  # and the triggers keep it in step from now on
        assert store.search_claims("bridge") == []


def test_change_token_sees_a_write_by_another_program(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        before = store.change_token()
        db = sqlite3.connect(db_path)
        with db:
            db.execute("INSERT INTO feed_state (url, etag) VALUES ('https://courier.example/rss', 'x')")
        db.close()
        assert store.change_token() != before


def test_unknown_future_migration_raises(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        store.upsert_document(make_doc(1), T0)
    db = sqlite3.connect(db_path)
    with db:
        db.execute("INSERT INTO _migrations (name, applied_at) VALUES ('m999_from_the_future', 'later')")
    db.close()

    with pytest.raises(MigrationError, match="m999_from_the_future") as raised:
        SQLiteStore(db_path)
    assert isinstance(raised.value, StoreError)
    assert raised.value.code == "ND011"
    # nothing was touched
    assert _query(db_path, "SELECT count(*) FROM articles") == [(1,)]


@pytest.mark.parametrize("where", ["under_a_file", "a_directory"])
def test_unwritable_path_raises_store_error(tmp_path: Path, where: str) -> None:
    if where == "under_a_file":
        blocker = tmp_path / "not-a-directory"
        blocker.write_text("a file where a directory should be")
        path = blocker / "news.db"
    else:
        path = tmp_path / "a-directory"
        path.mkdir()
    with pytest.raises(StoreError) as raised:
        SQLiteStore(path)
    assert not isinstance(raised.value, MigrationError)
    assert str(path) in str(raised.value)


def test_finish_run_writes_the_summary(db_path: Path) -> None:
    with SQLiteStore(db_path) as store:
        run = store.start_run(["https://courier.example/rss", "b.html"])
        store.finish_run(
            RunSummary(run_id=run, new=2, unchanged=1, failed=1, failures_by_code={"ND112": 1}, seconds=1.23456)
        )
    [(sources, started, finished, summary)] = _query(
        db_path, f"SELECT sources, started_at, finished_at, summary FROM runs WHERE id = {run}"
    )
    assert json.loads(sources) == ["https://courier.example/rss", "b.html"]
    assert started and finished and finished >= started
    assert json.loads(summary) == {
        "new": 2,
        "revised": 0,
        "unchanged": 1,
        "reprints": 0,
        "not_modified": 0,
        "failed": 1,
        "failures_by_code": {"ND112": 1},
        "seconds": 1.235,
    }


def test_two_stores_on_one_file_see_each_others_writes(db_path: Path) -> None:
    with SQLiteStore(db_path) as one, SQLiteStore(db_path) as two:
        one.upsert_document(make_doc(1), T0)
        assert two.count_articles() == 1
        assert two.upsert_document(make_doc(1), T0).outcome is UpsertOutcome.UNCHANGED
        two.upsert_document(make_doc(2), T0)
        assert one.count_articles() == 2


@pytest.mark.parametrize(
    "weights",
    [{}, {"bridg": 0.5}, {"y:2024": 1.25, "zürich": -0.5, "東京": 3.0, "a" * 300: 1e-300}],
)
def test_story_vectors_are_stored_as_compact_blobs_that_round_trip(weights: dict[str, float]) -> None:
    from newsdesk.store.sqlite_stories import decode_weights, encode_weights

    blob = encode_weights(weights)
    assert decode_weights(blob) == weights
    assert list(decode_weights(blob)) == list(weights)  # the order survives too
