"""The SQLite table of briefings: every version of every story's briefing, as its JSON document.

Mixed into :class:`~newsdesk.store.sqlite.SQLiteStore`; it uses that class's one writer and reader. The store
keeps a briefing as the writer's JSON document (docs/formats.md) and does not read it: it only numbers the
versions and answers which one is the latest.

- A version number is taken inside the write transaction (``BEGIN IMMEDIATE``) that inserts the row, so two
  writers adding a briefing of the same story at once get 1 and 2, never 1 twice. Versions are counted per story
  id as given, and nothing ever deletes a version: not a newer one, not :meth:`clear_stories`.
- Reading by an id that clustering merged into another story follows ``story_redirects`` (which always points
  at a living story) to the survivor, in the same statement, so a reader never sees half of a merge.
- ``written_at`` is kept in UTC with microseconds, so that text order is time order; a naive time is read as UTC.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from newsdesk.store.sqlite_tables import SQLiteTables
from newsdesk.types import BriefingRecord

_COLUMNS = "story_id, version, fingerprint, writer, written_at"

_RESOLVED = "story_id = coalesce((SELECT new_id FROM story_redirects WHERE old_id = ?), ?)"
"""The briefings of a story id, or of the story it was merged into."""


def _utc(value: datetime) -> str:
    aware = value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return aware.isoformat(timespec="microseconds")


def _record(row: Sequence[Any], document: str = "") -> BriefingRecord:
    story_id, version, fingerprint, writer, written_at = row[:5]
    return BriefingRecord(
        story_id=story_id,
        version=int(version),
        fingerprint=fingerprint,
        writer=writer,
        written_at=datetime.fromisoformat(written_at),
        document=document,
    )


class BriefingTables(SQLiteTables):
    """Briefing methods of the SQLite store."""

    def add_briefing(self, story_id: str, fingerprint: str, writer: str, written_at: datetime, document: str) -> int:
        if not story_id:
            raise ValueError("a briefing needs the id of its story")
        with self._write() as db:
            (version,) = db.execute(
                "SELECT coalesce(max(version), 0) + 1 FROM briefings WHERE story_id = ?", (story_id,)
            ).fetchone()
            db.execute(
                "INSERT INTO briefings (story_id, version, fingerprint, writer, written_at, document) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (story_id, version, fingerprint, writer, _utc(written_at), document),
            )
        return int(version)

    def briefing(self, story_id: str, version: int | None = None) -> BriefingRecord | None:
        if version is None:
            rows = self._read(
                f"SELECT {_COLUMNS}, document FROM briefings WHERE {_RESOLVED} ORDER BY version DESC LIMIT 1",
                (story_id, story_id),
            )
        else:
            rows = self._read(
                f"SELECT {_COLUMNS}, document FROM briefings WHERE {_RESOLVED} AND version = ?",
                (story_id, story_id, version),
            )
        return _record(rows[0], rows[0][5]) if rows else None

    def briefing_versions(self, story_id: str) -> list[BriefingRecord]:
        rows = self._read(f"SELECT {_COLUMNS} FROM briefings WHERE {_RESOLVED} ORDER BY version", (story_id, story_id))
        return [_record(r) for r in rows]

    def latest_briefings(self, *, limit: int = 50, offset: int = 0) -> list[BriefingRecord]:
        rows = self._read(
            f"SELECT {_COLUMNS} FROM briefings b "
            "WHERE b.version = (SELECT max(version) FROM briefings l WHERE l.story_id = b.story_id) "
            "AND NOT EXISTS (SELECT 1 FROM story_redirects r WHERE r.old_id = b.story_id) "
            "ORDER BY b.written_at DESC, b.story_id LIMIT ? OFFSET ?",
            (limit, offset),
        )
        return [_record(r) for r in rows]
