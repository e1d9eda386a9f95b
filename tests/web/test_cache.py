"""The page cache: fresh per store state, one builder per missing entry; decoded versions outlive store changes."""

from __future__ import annotations

import threading
import time

import pytest

from newsdesk.web.cache import ChangeCache, VersionCache


def test_an_entry_is_served_until_the_store_token_changes() -> None:
    cache = ChangeCache(size=2)
    made: list[str] = []

    def make(label: str) -> str:
        made.append(label)
        return label

    assert cache.get_or_make("page", "t1", lambda: make("a")) == "a"
    assert cache.get_or_make("page", "t1", lambda: make("b")) == "a"
    assert cache.get_or_make("page", "t2", lambda: make("c")) == "c"  # the store changed: built again
    cache.get_or_make("x", "t2", lambda: make("x"))
    cache.get_or_make("y", "t2", lambda: make("y"))  # the LRU holds two: "page" goes
    assert cache.get_or_make("page", "t2", lambda: make("d")) == "d"
    assert made == ["a", "c", "x", "y", "d"]


def test_concurrent_misses_build_once() -> None:
    cache = ChangeCache()
    calls: list[int] = []
    start = threading.Event()

    def slow() -> int:
        calls.append(1)
        time.sleep(0.2)
        return 42

    results: list[int] = []

    def ask() -> None:
        start.wait()
        results.append(cache.get_or_make("story", "t1", slow))

    threads = [threading.Thread(target=ask) for _ in range(12)]
    for t in threads:
        t.start()
    start.set()
    for t in threads:
        t.join(5)
    assert results == [42] * 12
    assert len(calls) == 1


def test_a_failed_build_is_not_kept() -> None:
    cache = ChangeCache()

    def broken() -> str:
        raise LookupError("no such story")

    with pytest.raises(LookupError):
        cache.get_or_make("story", "t1", broken)
    assert cache.get_or_make("story", "t1", lambda: "built") == "built"


def test_decoded_versions_are_kept_without_a_token() -> None:
    versions = VersionCache(size=1)
    assert versions.get_or_make(("s", 1), lambda: "v1") == "v1"
    assert versions.get_or_make(("s", 1), lambda: "other") == "v1"
    versions.get_or_make(("s", 2), lambda: "v2")
    assert versions.get_or_make(("s", 1), lambda: "again") == "again"


def test_the_cache_stays_within_its_byte_budget() -> None:
    cache = ChangeCache(size=100, budget=250)
    for n in range(5):
        cache.get_or_make(n, "t", lambda n=n: "x" * 100)
    kept = [n for n in range(5) if cache.get_or_make(n, "t", lambda: "rebuilt") != "rebuilt"]
    assert kept == [3, 4]  # two pages of 100 bytes fit in 250; the oldest went first
