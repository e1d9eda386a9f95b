"""Contract tests of the briefing methods every :class:`~newsdesk.store.base.Store` backend passes.

A backend's test class inherits it beside the other contracts, with the same ``store`` (and ``reopen``)
fixtures::

    class TestSQLiteStore(StoreContract, StoryContract, ClaimContract, BriefingContract): ...

The store treats a briefing's document as opaque text, so these tests store small JSON strings of their own
rather than briefings from the writer. This module imports pytest; only test code imports it.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from datetime import timedelta, timezone

import pytest

from newsdesk.store.base import Store
from newsdesk.store.testing import T0, _at
from newsdesk.store.testing_stories import _join, _upserted, _vector
from newsdesk.types import BriefingRecord

__all__ = ["BriefingContract"]

UNICODE_DOCUMENT = json.dumps(
    {
        "headline": "Seoul says 1,100 North Korean soldiers were killed or wounded — Moscow denies",
        "quotes": ["«Никаких потерь нет»", "東京で会談", "Zürich\u00a0café", "emoji 🛰️", 'a "quoted" word\\n'],
        "lines": "first\nsecond\r\nthird\ttabbed",
    },
    ensure_ascii=False,
    indent=2,
)


def _doc(story_id: str, version: int) -> str:
    return json.dumps({"story": story_id, "version": version})


def _add(store: Store, story_id: str, minutes: int, *, writer: str = "template/1") -> int:
    """Add the next briefing of ``story_id``, written ``minutes`` after T0; its document names the version."""
    count = len(store.briefing_versions(story_id))
    return store.add_briefing(story_id, f"fp-{story_id}-{count + 1}", writer, _at(minutes), _doc(story_id, count + 1))


def _listed(records: list[BriefingRecord]) -> list[tuple[str, int]]:
    return [(r.story_id, r.version) for r in records]


class BriefingContract:
    def test_fresh_store_has_no_briefings(self, store: Store) -> None:
        assert store.briefing("s_0000000000000000") is None
        assert store.briefing("s_0000000000000000", 1) is None
        assert store.briefing_versions("s_0000000000000000") == []
        assert store.latest_briefings() == []

    def test_versions_grow_per_story_and_the_latest_is_returned(self, store: Store) -> None:
        assert store.add_briefing("s_a", "fp1", "template/1", _at(0), _doc("s_a", 1)) == 1
        assert store.add_briefing("s_a", "fp2", "template/1", _at(5), _doc("s_a", 2)) == 2
        assert store.add_briefing("s_b", "fp1", "template/1", _at(6), _doc("s_b", 1)) == 1, "counted per story"
        assert store.add_briefing("s_a", "fp3", "template/2", _at(9), _doc("s_a", 3)) == 3

        latest = store.briefing("s_a")
        assert latest == BriefingRecord("s_a", 3, "fp3", "template/2", _at(9), _doc("s_a", 3))
        assert store.briefing("s_b") == BriefingRecord("s_b", 1, "fp1", "template/1", _at(6), _doc("s_b", 1))

    def test_a_specific_version(self, store: Store) -> None:
        for minutes in (0, 5, 9):
            _add(store, "s_a", minutes)
        second = store.briefing("s_a", 2)
        assert second == BriefingRecord("s_a", 2, "fp-s_a-2", "template/1", _at(5), _doc("s_a", 2))
        first = store.briefing("s_a", 1)
        assert first is not None and first.document == _doc("s_a", 1)
        assert store.briefing("s_a", 4) is None
        assert store.briefing("s_a", 0) is None
        assert store.briefing("s_other", 1) is None

    def test_documents_round_trip_unchanged(self, store: Store) -> None:
        big = json.dumps({"sentences": [f"Sentence {i} of a long briefing — ü" for i in range(5000)]})
        for document in (UNICODE_DOCUMENT, big, "", "{}"):
            version = store.add_briefing("s_text", "fp", "template/1", _at(0), document)
            stored = store.briefing("s_text", version)
            assert stored is not None
            assert stored.document == document
        first = store.briefing("s_text", 1)
        assert first is not None and json.loads(first.document) == json.loads(UNICODE_DOCUMENT)

    def test_briefing_versions_oldest_first_without_documents(self, store: Store) -> None:
        _add(store, "s_a", 0)
        _add(store, "s_b", 1)
        _add(store, "s_a", 2, writer="template/2")
        _add(store, "s_a", 3)
        versions = store.briefing_versions("s_a")
        assert versions == [
            BriefingRecord("s_a", 1, "fp-s_a-1", "template/1", _at(0), ""),
            BriefingRecord("s_a", 2, "fp-s_a-2", "template/2", _at(2), ""),
            BriefingRecord("s_a", 3, "fp-s_a-3", "template/1", _at(3), ""),
        ]
        second = store.briefing("s_a", 2)
        assert second is not None and second.document == _doc("s_a", 2), "the document is there when asked for"

    def test_written_at_keeps_the_instant_across_time_zones(self, store: Store) -> None:
        seoul = T0.astimezone(timezone(timedelta(hours=9))) + timedelta(microseconds=250)
        store.add_briefing("s_a", "fp", "template/1", seoul, "{}")
        stored = store.briefing("s_a")
        assert stored is not None
        assert stored.written_at == seoul
        assert stored.written_at.utcoffset() is not None

    def test_latest_briefings_most_recently_written_first(self, store: Store) -> None:
        _add(store, "s_a", 0)
        _add(store, "s_b", 10)
        _add(store, "s_c", 20)
        _add(store, "s_a", 30)  # s_a's second version is now the most recent briefing
        _add(store, "s_d", 20)  # written at the same time as s_c: ties go by story id
        plus_two = timezone(timedelta(hours=2))
        # 12:25 UTC although its clock reads 14:25: between s_d (12:20) and s_a's second version (12:30)
        store.add_briefing("s_e", "fp-s_e-1", "template/1", _at(25).astimezone(plus_two), _doc("s_e", 1))

        latest = store.latest_briefings()
        assert _listed(latest) == [("s_a", 2), ("s_e", 1), ("s_c", 1), ("s_d", 1), ("s_b", 1)]
        assert all(r.document == "" for r in latest)
        assert latest[0] == BriefingRecord("s_a", 2, "fp-s_a-2", "template/1", _at(30), "")

    def test_latest_briefings_limit_and_offset(self, store: Store) -> None:
        for i in range(7):
            _add(store, f"s_{i}", i)
        _add(store, "s_0", 10)
        everything = _listed(store.latest_briefings())
        assert everything == [("s_0", 2), ("s_6", 1), ("s_5", 1), ("s_4", 1), ("s_3", 1), ("s_2", 1), ("s_1", 1)]
        assert _listed(store.latest_briefings(limit=3)) == everything[:3]
        assert _listed(store.latest_briefings(limit=3, offset=3)) == everything[3:6]
        assert _listed(store.latest_briefings(limit=3, offset=6)) == everything[6:]
        assert store.latest_briefings(limit=3, offset=7) == []
        assert store.latest_briefings(limit=0) == []

    def test_a_merged_story_id_gives_the_survivors_briefings(self, store: Store) -> None:
        d1, d2 = _upserted(store, 2)
        _join(store, d1, _vector("s_keep"))
        _join(store, d2, _vector("s_gone"))
        _add(store, "s_keep", 0)
        _add(store, "s_gone", 1)
        _add(store, "s_keep", 2)
        store.merge_stories("s_gone", _vector("s_keep", 2))

        survivor = store.briefing("s_keep")
        assert survivor is not None and survivor.version == 2
        assert store.briefing("s_gone") == survivor
        assert store.briefing("s_gone", 1) == store.briefing("s_keep", 1)
        assert store.briefing_versions("s_gone") == store.briefing_versions("s_keep")
        assert _listed(store.latest_briefings()) == [("s_keep", 2)], "the merged id is reached through its survivor"

        # a briefing is stored under the id it is given, counting that id's own versions
        assert store.add_briefing("s_gone", "fp", "template/1", _at(3), "{}") == 2
        assert store.briefing("s_keep") == survivor

    def test_clear_stories_keeps_every_briefing(self, store: Store) -> None:
        (doc,) = _upserted(store, 1)
        _join(store, doc, _vector("s_a"))
        _add(store, "s_a", 0)
        _add(store, "s_a", 1)
        before = [store.briefing("s_a", v) for v in (1, 2)]
        store.clear_stories()
        assert store.get_story("s_a") is None
        assert [store.briefing("s_a", v) for v in (1, 2)] == before
        assert _listed(store.latest_briefings()) == [("s_a", 2)]
        assert _add(store, "s_a", 2) == 3, "numbering goes on after the stories are rebuilt"

    def test_a_briefing_added_in_a_failed_atomic_block_is_not_kept(self, store: Store) -> None:
        _add(store, "s_a", 0)
        with pytest.raises(RuntimeError), store.atomic():
            assert _add(store, "s_a", 1) == 2
            raise RuntimeError("the writer failed after storing")
        assert [r.version for r in store.briefing_versions("s_a")] == [1]
        assert _add(store, "s_a", 2) == 2, "the version number of the undone write is given again"

    def test_add_briefing_needs_a_story_id(self, store: Store) -> None:
        with pytest.raises(ValueError):
            store.add_briefing("", "fp", "template/1", _at(0), "{}")
        assert store.latest_briefings() == []

    def test_briefings_persist_after_close_and_reopen(self, store: Store, reopen: Callable[[], Store] | None) -> None:
        if reopen is None:
            pytest.skip("this backend provides no `reopen` fixture")
        store.add_briefing("s_a", "fp1", "template/1", _at(0), UNICODE_DOCUMENT)
        store.add_briefing("s_a", "fp2", "template/1", _at(1), _doc("s_a", 2))
        store.add_briefing("s_b", "fp1", "template/1", _at(2), _doc("s_b", 1))
        versions, latest = store.briefing_versions("s_a"), store.latest_briefings()
        store.close()

        again = reopen()
        assert again.briefing("s_a", 1) == BriefingRecord("s_a", 1, "fp1", "template/1", _at(0), UNICODE_DOCUMENT)
        assert again.briefing_versions("s_a") == versions
        assert again.latest_briefings() == latest
        assert again.add_briefing("s_a", "fp3", "template/1", _at(3), "{}") == 3

    def test_two_stores_adding_at_once_never_share_a_version(
        self, store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        if reopen is None:
            pytest.skip("this backend provides no `reopen` fixture")
        other = reopen()
        got: list[int] = []
        lock = threading.Lock()

        def write(into: Store, tag: str) -> None:
            for i in range(15):
                version = into.add_briefing("s_busy", f"{tag}{i}", "template/1", _at(i), "{}")
                with lock:
                    got.append(version)

        threads = [threading.Thread(target=write, args=(s, tag)) for s, tag in ((store, "one-"), (other, "two-"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(got) == list(range(1, 31))
        assert [r.version for r in store.briefing_versions("s_busy")] == list(range(1, 31))
