"""What the table mixins of the SQLite backend use of :class:`~newsdesk.store.sqlite.SQLiteStore`."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING

from newsdesk.types import Article


class SQLiteTables:
    """The base of ``StoryTables`` and ``ClaimTables``: the store's one writer, its reader, and its article rows."""

    if TYPE_CHECKING:

        def _write(self) -> AbstractContextManager[sqlite3.Connection]: ...

        def _read(self, sql: str, params: Sequence[object] = ()) -> list[tuple]: ...

        @staticmethod
        def _article(row: Sequence) -> Article: ...

        _article_columns: str
