"""Fixtures of the local-file ingest tests: settings for a store in ``tmp_path`` and that store, opened."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from newsdesk.settings import Settings
from newsdesk.store import Store, open_store


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings.from_env({}, db=tmp_path / "news.db", host_delay=0, progress=False)


@pytest.fixture
def store(settings: Settings) -> Iterator[Store]:
    with open_store(settings.db) as store:
        yield store
