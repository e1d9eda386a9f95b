"""What the table mixins of the SQLite backend use of :class:`~newsdesk.store.sqlite.SQLiteStore`."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from newsdesk.types import Article

_WORD = re.compile(r"\w+", re.UNICODE)


def fts_words(query: str) -> str | None:
    """An FTS5 query that matches every word of ``query`` as a plain word (quoted, so that no word acts as an
    operator), or None when ``query`` has no word."""
    words = _WORD.findall(query)
    return " ".join(f'"{w}"' for w in words) if words else None


class SQLiteTables:
    """The base of ``StoryTables`` and ``ClaimTables``: the store's one writer, its reader, and its article rows."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]: ...

        @staticmethod
        def _article(row: Sequence) -> Article: ...

        _article_columns: str
