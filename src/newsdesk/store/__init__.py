"""Storage: the :class:`Store` interface, its backends and their shared contract tests."""

from __future__ import annotations

from pathlib import Path

from newsdesk.store.base import Store
from newsdesk.store.sqlite import SQLiteStore

__all__ = ["SQLiteStore", "Store", "open_store"]


def open_store(location: str | Path) -> Store:
    """Open the store at ``location``: a SQLite file path (or ``:memory:``)."""
    return SQLiteStore(location)
