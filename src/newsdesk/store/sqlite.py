"""The SQLite backend: one file, WAL mode, FTS5 full-text search, migrations from ``migrations.py``.

All writes go through the one connection this object owns, each method in its own transaction
(``BEGIN IMMEDIATE`` so that two processes writing the same file wait for each other instead of failing).
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.errors import MigrationError, StoreError
from newsdesk.store.base import Store
from newsdesk.store.migrations import migrate
from newsdesk.store.sqlite_briefings import BriefingTables
from newsdesk.store.sqlite_claims import ClaimTables
from newsdesk.store.sqlite_stories import StoryTables
from newsdesk.store.sqlite_tables import fts_words
from newsdesk.types import (
    Article,
    Document,
    FeedState,
    IngestFailure,
    Outlet,
    ReprintLink,
    Revision,
    RunSummary,
    SearchHit,
    SourceKind,
    Upsert,
    UpsertOutcome,
)

_ARTICLE_COLUMNS = (
    "a.id, a.key, a.url, a.title, a.text, a.outlet_id, o.name, o.domain, a.published, a.authors, a.language, "
    "a.source, a.source_kind, a.first_seen, a.last_seen, a.revision, a.reprint_of, a.reprint_similarity"
)


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _sort_key(value: datetime | None) -> str | None:
    """Publication times are stored in UTC so that string order is time order."""
    return value.astimezone(UTC).isoformat() if value is not None and value.tzinfo else _iso(value)


class SQLiteStore(StoryTables, ClaimTables, BriefingTables, Store):
    _article_columns = _ARTICLE_COLUMNS

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        try:
            if self.path is not None:
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False, timeout=30.0)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self.applied_migrations = migrate(self._db)
        except MigrationError:
            self._db.close()
            raise
        except (sqlite3.Error, OSError) as exc:
            raise StoreError(f"cannot open the store at {path}: {exc}; check the path or pass another --db") from exc
        self._lock = threading.RLock()
        self._depth = 0
        self._commits = 0  # transactions this object committed: PRAGMA data_version counts only the others'

    # --- plumbing ---------------------------------------------------------------------------------------------
    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One transaction (``BEGIN IMMEDIATE``); inside :meth:`atomic` or another write, a savepoint of it."""
        with self._lock:
            if self._depth:
                yield from self._nested()
                return
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
            self._depth = 1
            try:
                yield self._db
            except sqlite3.Error as exc:
                self._db.execute("ROLLBACK")
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            else:
                try:
                    self._db.execute("COMMIT")
                except sqlite3.Error as exc:
                    self._db.execute("ROLLBACK")
                    raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
                self._commits += 1
            finally:
                self._depth = 0

    def _nested(self) -> Iterator[sqlite3.Connection]:
        """A savepoint inside the open transaction: a failing method undoes only its own writes."""
        name = f"sp{self._depth}"
        self._db.execute(f"SAVEPOINT {name}")
        self._depth += 1
        try:
            yield self._db
        except BaseException as exc:
            self._db.execute(f"ROLLBACK TO {name}")
            self._db.execute(f"RELEASE {name}")
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"cannot write to the store at {self.path}: {exc}") from exc
            raise
        else:
            self._db.execute(f"RELEASE {name}")
        finally:
            self._depth -= 1

    @contextmanager
    def atomic(self) -> Iterator[None]:
        with self._write():
            yield

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as exc:
                raise StoreError(f"cannot read the store at {self.path}: {exc}") from exc

    @staticmethod
    def _article(row: Sequence) -> Article:
        (
            aid,
            key,
            url,
            title,
            text,
            oid,
            oname,
            odomain,
            published,
            authors,
            language,
            source,
            kind,
            first_seen,
            last_seen,
            revision,
            reprint_of,
            similarity,
        ) = row
        return Article(
            id=aid,
            key=key,
            url=url,
            title=title,
            text=text,
            outlet=Outlet(id=oid, name=oname, domain=odomain),
            published=_dt(published),
            authors=tuple(json.loads(authors)),
            language=language,
            source=source,
            source_kind=SourceKind(kind),
            first_seen=_dt(first_seen) or datetime.min,
            last_seen=_dt(last_seen) or datetime.min,
            revision=revision,
            reprint_of=reprint_of,
            reprint_similarity=similarity,
        )

    # --- articles ---------------------------------------------------------------------------------------------
    def upsert_document(self, doc: Document, retrieved_at: datetime) -> Upsert:
        aid, chash, now = doc.id, doc.content_hash, _sort_key(retrieved_at)
        with self._write() as db:
            db.execute(
                "INSERT INTO outlets (id, name, domain) VALUES (?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET domain = COALESCE(outlets.domain, excluded.domain)",
                (doc.outlet.id, doc.outlet.name, doc.outlet.domain),
            )
            row = db.execute("SELECT revision FROM articles WHERE id = ?", (aid,)).fetchone()
            if row is not None:
                seen = db.execute(
                    "SELECT 1 FROM revisions WHERE article_id = ? AND content_hash = ?", (aid, chash)
                ).fetchone()
                if seen:
                    db.execute("UPDATE articles SET last_seen = ? WHERE id = ?", (now, aid))
                    return Upsert(aid, UpsertOutcome.UNCHANGED, row[0])
                number = row[0] + 1
            else:
                number = 1
            fields = (
                doc.key,
                doc.url,
                doc.outlet.id,
                doc.title,
                doc.text,
                json.dumps(list(doc.authors)),
                _sort_key(doc.published),
                doc.language,
                doc.source,
                doc.source_kind.value,
                now,
                number,
                chash,
            )
            if row is None:
                db.execute(
                    "INSERT INTO articles (key, url, outlet_id, title, text, authors, published, language, source,"
                    " source_kind, last_seen, revision, content_hash, id, first_seen)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    (*fields, aid, now),
                )
            else:
                db.execute(
                    "UPDATE articles SET key = ?, url = ?, outlet_id = ?, title = ?, text = ?, authors = ?,"
                    " published = COALESCE(?, published), language = ?, source = ?, source_kind = ?,"
                    " last_seen = ?, revision = ?, content_hash = ? WHERE id = ?",
                    (*fields, aid),
                )
                # claims point into the text by offset: those of an older revision no longer hold
                db.execute("DELETE FROM claims WHERE article_id = ?", (aid,))
            db.execute(
                "INSERT INTO revisions (article_id, number, content_hash, title, text, published, modified,"
                " retrieved_at, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    aid,
                    number,
                    chash,
                    doc.title,
                    doc.text,
                    _sort_key(doc.published),
                    _iso(doc.modified),
                    now,
                    doc.source,
                ),
            )
        return Upsert(aid, UpsertOutcome.NEW if number == 1 else UpsertOutcome.REVISED, number)

    def get_article(self, article_id: str) -> Article | None:
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN outlets o ON o.id = a.outlet_id WHERE a.id = ?",
            (article_id,),
        )
        return self._article(rows[0]) if rows else None

    def find_article(self, ref: str) -> Article | None:
        ref = ref.strip()
        found = self.get_article(ref)
        if found is not None or not ref:
            return found
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN outlets o ON o.id = a.outlet_id "
            "WHERE a.key = ? OR a.url = ? LIMIT 1",
            (ref, ref),
        )
        if rows:
            return self._article(rows[0])
        escaped = ref.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN outlets o ON o.id = a.outlet_id "
            "WHERE a.id LIKE ? ESCAPE '\\' LIMIT 2",
            (escaped + "%",),
        )
        return self._article(rows[0]) if len(rows) == 1 else None

    def list_articles(
        self,
        *,
        outlet: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> list[Article]:
        where: list[str] = []
        params: list[object] = []
        if outlet:
            where.append("(a.outlet_id = ? OR lower(o.name) = lower(?))")
            params += [outlet, outlet]
        if since:
            where.append("a.published >= ?")
            params.append(_sort_key(since))
        if until:
            where.append("a.published < ?")
            params.append(_sort_key(until))
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN outlets o ON o.id = a.outlet_id {clause} "
            "ORDER BY a.published IS NULL, a.published DESC, a.first_seen DESC, a.seq DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return [self._article(r) for r in rows]

    def count_articles(self) -> int:
        return int(self._read("SELECT count(*) FROM articles")[0][0])

    def revisions(self, article_id: str) -> list[Revision]:
        rows = self._read(
            "SELECT article_id, number, content_hash, title, text, published, modified, retrieved_at, source "
            "FROM revisions WHERE article_id = ? ORDER BY number",
            (article_id,),
        )
        return [
            Revision(r[0], r[1], r[2], r[3], r[4], _dt(r[5]), _dt(r[6]), _dt(r[7]) or datetime.min, r[8]) for r in rows
        ]

    def search(self, query: str, *, limit: int = 20) -> list[SearchHit]:
        match = fts_words(query)
        if match is None:
            return []
        rows = self._read(
            f"SELECT {_ARTICLE_COLUMNS}, snippet(articles_fts, 1, '[', ']', '…', 12), bm25(articles_fts, 4.0, 1.0)"
            " FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid JOIN outlets o ON o.id = a.outlet_id"
            " WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts, 4.0, 1.0) LIMIT ?",
            (match, limit),
        )
        return [SearchHit(self._article(r[:-2]), r[-2], float(r[-1])) for r in rows]

    def outlets(self) -> list[tuple[Outlet, int]]:
        rows = self._read(
            "SELECT o.id, o.name, o.domain, count(a.id) FROM outlets o LEFT JOIN articles a ON a.outlet_id = o.id "
            "GROUP BY o.id ORDER BY count(a.id) DESC, o.name"
        )
        return [(Outlet(r[0], r[1], r[2]), int(r[3])) for r in rows]

    # --- reprints ---------------------------------------------------------------------------------------------
    def put_signature(self, article_id: str, signature: bytes, bands: Sequence[bytes]) -> None:
        with self._write() as db:
            db.execute("DELETE FROM signature_bands WHERE article_id = ?", (article_id,))
            db.execute(
                "INSERT INTO signatures (article_id, signature) VALUES (?, ?) "
                "ON CONFLICT(article_id) DO UPDATE SET signature = excluded.signature",
                (article_id, signature),
            )
            db.executemany(
                "INSERT INTO signature_bands (band, article_id) VALUES (?, ?)",
                [(b, article_id) for b in bands],
            )

    def signature_candidates(self, bands: Sequence[bytes]) -> list[tuple[str, bytes]]:
        if not bands:
            return []
        marks = ",".join("?" * len(bands))
        rows = self._read(
            "SELECT s.article_id, s.signature FROM signatures s WHERE s.article_id IN "
            f"(SELECT DISTINCT article_id FROM signature_bands WHERE band IN ({marks})) ORDER BY s.article_id",
            list(bands),
        )
        return [(r[0], bytes(r[1])) for r in rows]

    def set_reprint(self, link: ReprintLink | None, article_id: str) -> None:
        with self._write() as db:
            if link is None:
                db.execute(
                    "UPDATE articles SET reprint_of = NULL, reprint_similarity = NULL WHERE id = ?",
                    (article_id,),
                )
            else:
                db.execute(
                    "UPDATE articles SET reprint_of = ?, reprint_similarity = ? WHERE id = ?",
                    (link.original_id, link.similarity, link.article_id),
                )

    def reprints_of(self, article_id: str) -> list[ReprintLink]:
        rows = self._read(
            "SELECT id, reprint_of, reprint_similarity FROM articles WHERE reprint_of = ? ORDER BY published, id",
            (article_id,),
        )
        return [ReprintLink(r[0], r[1], float(r[2] or 0.0)) for r in rows]

    # --- runs, errors and feed state ------------------------------------------------------------------------
    def start_run(self, sources: Iterable[str]) -> int:
        with self._write() as db:
            cur = db.execute(
                "INSERT INTO runs (started_at, sources) VALUES (?, ?)",
                (datetime.now(UTC).isoformat(), json.dumps(list(sources))),
            )
            return int(cur.lastrowid or 0)

    def finish_run(self, summary: RunSummary) -> None:
        payload = {
            "new": summary.new,
            "revised": summary.revised,
            "unchanged": summary.unchanged,
            "reprints": summary.reprints,
            "not_modified": summary.not_modified,
            "failed": summary.failed,
            "failures_by_code": summary.failures_by_code,
            "seconds": round(summary.seconds, 3),
        }
        with self._write() as db:
            db.execute(
                "UPDATE runs SET finished_at = ?, summary = ? WHERE id = ?",
                (datetime.now(UTC).isoformat(), json.dumps(payload), summary.run_id),
            )

    def record_failure(self, failure: IngestFailure) -> None:
        at = failure.at or datetime.now(UTC)
        with self._write() as db:
            db.execute(
                "INSERT INTO ingest_errors (run_id, source, code, message, at) VALUES (?, ?, ?, ?, ?)",
                (failure.run_id, failure.source, failure.code, failure.message, at.isoformat()),
            )

    def failures(self, *, run_id: int | None = None, limit: int = 100) -> list[IngestFailure]:
        clause, params = ("WHERE run_id = ?", [run_id]) if run_id is not None else ("", [])
        rows = self._read(
            f"SELECT source, code, message, run_id, at FROM ingest_errors {clause} ORDER BY id DESC LIMIT ?",
            (*params, limit),
        )
        return [IngestFailure(r[0], r[1], r[2], r[3], _dt(r[4])) for r in rows]

    def feed_state(self, url: str) -> FeedState | None:
        rows = self._read("SELECT url, etag, last_modified, checked_at FROM feed_state WHERE url = ?", (url,))
        return FeedState(rows[0][0], rows[0][1], rows[0][2], _dt(rows[0][3])) if rows else None

    def put_feed_state(self, state: FeedState) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO feed_state (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,"
                " checked_at = excluded.checked_at",
                (state.url, state.etag, state.last_modified, _iso(state.checked_at)),
            )

    # --- lifecycle -----------------------------------------------------------------------------------------
    def change_token(self) -> str:
        """``PRAGMA data_version`` (which changes when another connection commits) and the number of this
        object's own commits (which it does not count)."""
        with self._lock:
            version = self._read("PRAGMA data_version")[0][0]
            return f"{version}.{self._commits}"

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def schema(self) -> str:
        """The schema as SQLite reports it (printed in ``docs/store.md``)."""
        rows = self._read(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT GLOB '*_fts_*' ORDER BY rowid"
        )
        return ";\n".join(r[0] for r in rows) + ";\n"
