"""SQLite schema migrations: an ordered list of small named functions.

Each applied migration is recorded by name in ``_migrations``; opening a store applies the missing ones in
order, each in its own transaction. Never edit a migration that has shipped: add a new one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime

from newsdesk.errors import MigrationError

Migration = Callable[[sqlite3.Connection], None]
MIGRATIONS: list[Migration] = []


def migration(fn: Migration) -> Migration:
    MIGRATIONS.append(fn)
    return fn


@migration
def m001_articles(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE outlets (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            domain TEXT
        );
        CREATE TABLE articles (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            key TEXT NOT NULL UNIQUE,
            url TEXT,
            outlet_id TEXT NOT NULL REFERENCES outlets(id),
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            authors TEXT NOT NULL DEFAULT '[]',
            published TEXT,
            language TEXT,
            source TEXT NOT NULL,
            source_kind TEXT NOT NULL,
            first_seen TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            revision INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            reprint_of TEXT REFERENCES articles(id),
            reprint_similarity REAL
        );
        CREATE INDEX articles_published ON articles(published);
        CREATE INDEX articles_outlet ON articles(outlet_id);
        CREATE INDEX articles_reprint_of ON articles(reprint_of);
        CREATE TABLE revisions (
            article_id TEXT NOT NULL REFERENCES articles(id),
            number INTEGER NOT NULL,
            content_hash TEXT NOT NULL,
            title TEXT NOT NULL,
            text TEXT NOT NULL,
            published TEXT,
            modified TEXT,
            retrieved_at TEXT NOT NULL,
            source TEXT NOT NULL,
            PRIMARY KEY (article_id, number)
        );
        CREATE INDEX revisions_hash ON revisions(article_id, content_hash);
        """,
    )


@migration
def m002_fulltext(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE VIRTUAL TABLE articles_fts USING fts5(
            title, text, content='articles', content_rowid='seq', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
        END;
        CREATE TRIGGER articles_au AFTER UPDATE OF title, text ON articles BEGIN
            INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
            INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
        END;
        """,
    )


@migration
def m003_reprint_index(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE signatures (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            signature BLOB NOT NULL
        );
        CREATE TABLE signature_bands (
            band BLOB NOT NULL,
            article_id TEXT NOT NULL REFERENCES articles(id)
        );
        CREATE INDEX signature_bands_band ON signature_bands(band);
        CREATE INDEX signature_bands_article ON signature_bands(article_id);
        """,
    )


@migration
def m004_runs_errors_feeds(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE runs (
            id INTEGER PRIMARY KEY,
            started_at TEXT NOT NULL,
            finished_at TEXT,
            sources TEXT NOT NULL,
            summary TEXT
        );
        CREATE TABLE ingest_errors (
            id INTEGER PRIMARY KEY,
            run_id INTEGER REFERENCES runs(id),
            source TEXT NOT NULL,
            code TEXT NOT NULL,
            message TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE INDEX ingest_errors_run ON ingest_errors(run_id);
        CREATE TABLE feed_state (
            url TEXT PRIMARY KEY,
            etag TEXT,
            last_modified TEXT,
            checked_at TEXT
        );
        """,
    )


@migration
def m005_stories(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE stories (
            id TEXT PRIMARY KEY,
            headline TEXT NOT NULL DEFAULT '',
            headline_article TEXT,
            size INTEGER NOT NULL,
            sources INTEGER NOT NULL DEFAULT 0,
            outlets TEXT NOT NULL DEFAULT '[]',
            entities TEXT NOT NULL DEFAULT '[]',
            terms TEXT NOT NULL DEFAULT '[]',
            seen_first TEXT,
            seen_last TEXT,
            created_at TEXT NOT NULL,
            updated_at TEXT NOT NULL,
            published_first TEXT,
            published_last TEXT,
            vector BLOB NOT NULL,
            norm2 REAL NOT NULL,
            dirty INTEGER NOT NULL DEFAULT 1
        );
        CREATE INDEX stories_seen_last ON stories(seen_last);
        CREATE INDEX stories_dirty ON stories(dirty);
        CREATE TABLE story_articles (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            story_id TEXT NOT NULL REFERENCES stories(id),
            similarity REAL NOT NULL,
            seq INTEGER NOT NULL
        );
        CREATE INDEX story_articles_story ON story_articles(story_id);
        CREATE TABLE story_postings (
            term TEXT NOT NULL,
            story_id TEXT NOT NULL REFERENCES stories(id),
            touched INTEGER NOT NULL,
            PRIMARY KEY (term, story_id)
        ) WITHOUT ROWID;
        CREATE INDEX story_postings_recent ON story_postings(term, touched);
        CREATE INDEX story_postings_story ON story_postings(story_id);
        CREATE TABLE story_redirects (
            old_id TEXT PRIMARY KEY,
            new_id TEXT NOT NULL REFERENCES stories(id),
            merged_at TEXT NOT NULL
        );
        CREATE INDEX story_redirects_new ON story_redirects(new_id);
        CREATE TABLE cluster_terms (
            term TEXT PRIMARY KEY,
            df INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE cluster_meta (
            key TEXT PRIMARY KEY,
            value INTEGER NOT NULL
        );
        """,
    )


@migration
def m006_claims(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE claims (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id),
            seq INTEGER NOT NULL,
            kind TEXT NOT NULL,
            speaker TEXT NOT NULL,
            speaker_text TEXT NOT NULL,
            cue TEXT NOT NULL,
            text TEXT NOT NULL,
            field TEXT NOT NULL,
            evidence_start INTEGER NOT NULL,
            evidence_end INTEGER NOT NULL,
            source_spans TEXT NOT NULL,
            cue_spans TEXT NOT NULL,
            content_spans TEXT NOT NULL,
            stance TEXT NOT NULL,
            hedge TEXT NOT NULL,
            markers TEXT NOT NULL,
            quantities TEXT NOT NULL,
            times TEXT NOT NULL,
            extractor TEXT NOT NULL
        );
        CREATE INDEX claims_article ON claims(article_id, seq);
        CREATE INDEX claims_speaker ON claims(speaker);
        CREATE TABLE claim_extractions (
            article_id TEXT PRIMARY KEY REFERENCES articles(id),
            revision INTEGER NOT NULL,
            extractor TEXT NOT NULL,
            claims INTEGER NOT NULL,
            extracted_at TEXT NOT NULL
        );
        CREATE INDEX claim_extractions_extractor ON claim_extractions(extractor);
        """,
    )


@migration
def m007_briefings(db: sqlite3.Connection) -> None:
    _run(
        db,
        """
        CREATE TABLE briefings (
            story_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            fingerprint TEXT NOT NULL,
            writer TEXT NOT NULL,
            written_at TEXT NOT NULL,
            document TEXT NOT NULL,
            PRIMARY KEY (story_id, version)
        );
        CREATE INDEX briefings_latest ON briefings(written_at DESC, story_id);
        """,
    )


@migration
def m008_claims_search(db: sqlite3.Connection) -> None:
    """Full-text search over the claims' text and speaker, filled from the claims already stored.

    The index keys on the claims' rowid (``claims`` has no INTEGER PRIMARY KEY). ``put_claims`` deletes and
    inserts, so the insert and delete triggers keep it right; the update trigger covers edits in place.
    """
    _run(
        db,
        """
        CREATE VIRTUAL TABLE claims_fts USING fts5(
            text, speaker, content='claims', tokenize='unicode61 remove_diacritics 2'
        );
        CREATE TRIGGER claims_ai AFTER INSERT ON claims BEGIN
            INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
        END;
        CREATE TRIGGER claims_ad AFTER DELETE ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, speaker)
                VALUES ('delete', old.rowid, old.text, old.speaker);
        END;
        CREATE TRIGGER claims_au AFTER UPDATE OF text, speaker ON claims BEGIN
            INSERT INTO claims_fts(claims_fts, rowid, text, speaker)
                VALUES ('delete', old.rowid, old.text, old.speaker);
            INSERT INTO claims_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
        END;
        INSERT INTO claims_fts(claims_fts) VALUES ('rebuild');
        """,
    )


def _run(db: sqlite3.Connection, script: str) -> None:
    """Execute the statements of ``script`` one by one, inside the caller's transaction.

    (``executescript`` would commit first.) Statements end with ``;`` at the end of a line; a trigger body's
    inner statements end with ``;`` too, so lines are joined until ``END;`` closes a ``BEGIN``.
    """
    statement: list[str] = []
    depth = 0
    for line in script.splitlines():
        if not line.strip():
            continue
        statement.append(line)
        stripped = line.strip().upper()
        if stripped.endswith(" BEGIN"):
            depth += 1
        if stripped == "END;":
            depth -= 1
        if stripped.endswith(";") and depth == 0:
            db.execute("\n".join(statement))
            statement = []
    if statement:
        db.execute("\n".join(statement))


def migrate(db: sqlite3.Connection) -> list[str]:
    """Apply every missing migration in order; return the names applied now."""
    db.execute("CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    done = {row[0] for row in db.execute("SELECT name FROM _migrations")}
    known = {fn.__name__ for fn in MIGRATIONS}
    unknown = done - known
    if unknown:
        raise MigrationError(
            f"the store was written by a newer newsdesk (unknown migrations: {', '.join(sorted(unknown))}); "
            "upgrade newsdesk or use another --db"
        )
    applied = []
    for fn in MIGRATIONS:
        if fn.__name__ in done:
            continue
        try:
            db.execute("BEGIN")
            fn(db)
            db.execute(
                "INSERT INTO _migrations (name, applied_at) VALUES (?, ?)",
                (fn.__name__, datetime.now(UTC).isoformat()),
            )
            db.execute("COMMIT")
        except sqlite3.Error as exc:
            db.execute("ROLLBACK")
            raise MigrationError(f"migration {fn.__name__} failed: {exc}") from exc
        applied.append(fn.__name__)
    return applied
