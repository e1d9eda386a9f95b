"""Answers kept until the store changes: the pages and the API compute once per store state, not per request.

:class:`ChangeCache` stores every entry with the store's :meth:`~newsdesk.store.base.Store.change_token` at the
time it was made; a lookup under another token is a miss, so nothing stale is ever served, whoever changed the
store (this app's background jobs, or ``newsdesk`` commands in another process). Misses are single-flight: when
many requests want the same missing entry, one builds it and the others wait for it instead of building it too.

:class:`VersionCache` keeps decoded briefing versions. A stored version never changes, so it is kept across
store changes (until the LRU drops it), and a story page after new articles arrived only decodes what is new.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

T = TypeVar("T")


def weight(value: Any) -> int:
    """Roughly how many bytes a cached value holds: the length of text and bytes (a token and value pair counts
    its value), a value's own ``weight`` attribute, else 1 KB."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str):
        value = value[1]
    if isinstance(value, str | bytes):
        return len(value)
    return int(getattr(value, "weight", 1024))


class _LRU:
    """Least recently used first out, bounded by entries and by :func:`weight` in all."""

    def __init__(self, size: int, budget: int) -> None:
        self.size = size
        self.budget = budget
        self.total = 0
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()

    def get(self, key: Hashable) -> Any:
        found = self.entries.get(key)
        if found is None:
            return None
        self.entries.move_to_end(key)
        return found[0]

    def put(self, key: Hashable, value: Any) -> None:
        old = self.entries.pop(key, None)
        if old is not None:
            self.total -= old[1]
        cost = weight(value)
        self.entries[key] = (value, cost)
        self.total += cost
        while self.entries and (len(self.entries) > self.size or self.total > self.budget):
            _, (_, gone) = self.entries.popitem(last=False)
            self.total -= gone


class ChangeCache:
    """A thread-safe, single-flight LRU of ``key → (token, value)``: at most ``size`` entries and ``budget`` bytes."""

    def __init__(self, size: int = 4096, budget: int = 128_000_000) -> None:
        self._lru = _LRU(size, budget)
        self._lock = threading.Lock()
        self._building: dict[tuple[Hashable, str], threading.Lock] = {}
        self.hits = self.misses = 0

    def _hit(self, key: Hashable, token: str) -> tuple[bool, Any]:
        """Under the lock: whether ``key`` holds a value made under ``token``, and the value."""
        found = self._lru.get(key)
        if found is not None and found[0] == token:
            self.hits += 1
            return True, found[1]
        return False, None

    def get_or_make(self, key: Hashable, token: str, make: Callable[[], T]) -> T:
        with self._lock:
            hit, value = self._hit(key, token)
            if hit:
                return value
            building = self._building.setdefault((key, token), threading.Lock())
        with building:  # one builder per key and store state; the others wait here, then find its value
            with self._lock:
                hit, value = self._hit(key, token)
                if hit:
                    return value
                self.misses += 1
            try:
                value = make()
                with self._lock:
                    self._lru.put(key, (token, value))
            finally:
                with self._lock:
                    self._building.pop((key, token), None)
        return value


class VersionCache:
    """A thread-safe LRU of values that never go stale (decoded briefing versions and what is made of them): at
    most ``size`` entries and ``budget`` bytes."""

    def __init__(self, size: int = 4096, budget: int = 256_000_000) -> None:
        self._lru = _LRU(size, budget)
        self._lock = threading.Lock()

    def get_or_make(self, key: Hashable, make: Callable[[], T]) -> T:
        with self._lock:
            found = self._lru.get(key)
        if found is not None:
            return found
        value = make()
        with self._lock:
            self._lru.put(key, value)
        return value
