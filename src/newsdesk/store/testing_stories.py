"""Contract tests of the story methods every :class:`~newsdesk.store.base.Store` backend passes.

A backend's test class inherits both contracts, with the same ``store`` fixture::

    class TestSQLiteStore(StoreContract, StoryContract): ...

This module imports pytest; only test code imports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from newsdesk.errors import StoreError
from newsdesk.store.base import Store
from newsdesk.store.testing import T0, _at, make_doc
from newsdesk.types import Document, Story, StoryVector

__all__ = ["StoryContract"]


class StoryContract:
    # --- stories: the clusterer's state ---------------------------------------------------------------------
    def test_fresh_store_has_no_stories(self, store: Store) -> None:
        assert store.count_stories() == 0
        assert store.list_stories() == []
        assert store.cluster_stats(["bridg"]) == (0, {})
        assert store.story_candidates(["bridg"], per_term=10) == []
        assert store.story_vectors(["s_0000000000000000"]) == []
        assert store.story_members("s_0000000000000000") == []
        assert store.dirty_stories() == []
        assert store.get_story("s_0000000000000000") is None
        assert store.story_of("a_0000000000000000") is None

    def test_cluster_stats_counts_articles_and_document_frequencies(self, store: Store) -> None:
        a, b, c = _upserted(store, 3)
        store.assign_article(
            a.id, _vector("s_a"), similarity=0.0, doc_terms=["bridg", "river", "bridg"], index_terms=["bridg"]
        )
        assert store.cluster_stats(["bridg", "river", "chess"]) == (1, {"bridg": 1, "river": 1})
        store.assign_article(b.id, _vector("s_a", 2), similarity=0.5, doc_terms=["bridg", "diver"], index_terms=[])
        # index terms index the story; only document terms count in the statistics
        store.assign_article(c.id, _vector("s_c"), similarity=0.0, doc_terms=["chess"], index_terms=["gambit"])
        total, df = store.cluster_stats(["bridg", "river", "diver", "chess", "gambit", "absent", "bridg"])
        assert (total, df) == (3, {"bridg": 2, "river": 1, "diver": 1, "chess": 1})
        assert store.cluster_stats([]) == (3, {})

    def test_story_candidates_most_recently_touched_first(self, store: Store) -> None:
        d1, d2, d3, d4, d5 = _upserted(store, 5)
        _join(store, d1, _vector("s_1"), terms=["bridg"])
        _join(store, d2, _vector("s_2"), terms=["bridg", "river"])
        _join(store, d3, _vector("s_3"), terms=["bridg"])
        _join(store, d4, _vector("s_1", 2), terms=["bridg"])  # s_1 is touched again: now the most recent
        store.assign_article(d5.id, _vector("s_5"), similarity=0.0, doc_terms=["chess"], index_terms=["gambit"])

        assert store.story_candidates(["bridg"], per_term=10) == ["s_1", "s_3", "s_2"]
        assert store.story_candidates(["bridg"], per_term=2) == ["s_1", "s_3"]
        assert store.story_candidates(["bridg"], per_term=1) == ["s_1"]
        assert store.story_candidates(["river"], per_term=10) == ["s_2"]
        assert store.story_candidates(["gambit"], per_term=10) == ["s_5"]
        assert store.story_candidates(["chess"], per_term=10) == []  # a document term does not index
        assert store.story_candidates(["absent"], per_term=10) == []
        assert store.story_candidates([], per_term=10) == []
        both = store.story_candidates(["bridg", "river", "gambit"], per_term=10)
        assert sorted(both) == ["s_1", "s_2", "s_3", "s_5"], "each story once, however many terms it shares"
        assert set(store.story_candidates(["bridg", "river"], per_term=1)) == {"s_1", "s_2"}

    def test_story_vectors_round_trip_in_the_requested_order(self, store: Store) -> None:
        d1, d2 = _upserted(store, 2)
        dated = StoryVector(
            "s_dated",
            {"bridg": 1.25, "e:riverton": 0.1, "y:2024": 1 / 3},
            1.25**2 + 0.1**2 + (1 / 3) ** 2,
            1,
            first_seen=datetime(2024, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
            last_seen=datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
        )
        undated = StoryVector("s_undated", {}, 0.0, 1)
        _join(store, d1, dated)
        _join(store, d2, undated)

        got = store.story_vectors(["s_undated", "s_unknown", "s_dated"])
        assert got == [undated, dated]  # the same instants, whatever zone they come back in
        assert got[1].weights == dated.weights and got[1].norm2 == dated.norm2
        assert got[1].first_seen == datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
        assert got[1].last_seen == datetime(2024, 3, 1, 14, 0, tzinfo=UTC)
        assert store.story_vectors(["s_dated", "s_undated"]) == [dated, undated]
        assert store.story_vectors(["s_unknown"]) == []
        assert store.story_vectors([]) == []

    def test_assign_article_creates_a_story_then_updates_it(self, store: Store) -> None:
        d1, d2 = _upserted(store, 2)
        first = _vector("s_one", weights={"bridg": 1.0}, first=_at(0))
        _join(store, d1, first)
        assert store.count_stories() == 1
        assert store.story_vectors(["s_one"]) == [first]
        assert store.story_of(d1.id) == "s_one"

        second = _vector("s_one", 2, weights={"bridg": 1.8, "river": 0.6}, first=_at(0), last=_at(60))
        _join(store, d2, second, similarity=0.62)
        assert store.count_stories() == 1
        assert store.story_vectors(["s_one"]) == [second]
        assert store.story_of(d2.id) == "s_one"
        [listed] = store.list_stories()
        assert (listed.id, listed.article_ids) == ("s_one", (d1.id, d2.id))

    def test_story_of_and_unclustered_in_arrival_order(self, store: Store) -> None:
        # arrival order, not publication order, and a later revision does not move an article
        first = make_doc(1, published=T0 + timedelta(days=2))
        second = make_doc(2, published=T0)
        third = make_doc(3, published=None)
        for i, doc in enumerate((first, second, third)):
            store.upsert_document(doc, _at(i))
        store.upsert_document(replace(first, text="A revised body."), _at(3))

        def unclustered(**kw: Any) -> list[str]:
            return [a.id for a in store.unclustered(**kw)]

        assert unclustered() == [first.id, second.id, third.id]
        assert store.unclustered()[0] == store.get_article(first.id)
        _join(store, second, _vector("s_two"))
        assert unclustered() == [first.id, third.id]
        assert unclustered(limit=1) == [first.id]
        assert (store.story_of(second.id), store.story_of(first.id)) == ("s_two", None)
        assert store.story_of("a_ffffffffffffffff") is None
        _join(store, first, _vector("s_two", 2))
        _join(store, third, _vector("s_three"))
        assert unclustered() == []

    def test_story_members_in_join_order_with_similarity(self, store: Store) -> None:
        d1, d2, d3 = _upserted(store, 3)
        _join(store, d3, _vector("s_x"), similarity=0.0)
        _join(store, d1, _vector("s_x", 2), similarity=0.71)
        _join(store, d2, _vector("s_x", 3), similarity=0.45)
        members = store.story_members("s_x")
        assert [a for a, _ in members] == [store.get_article(d.id) for d in (d3, d1, d2)]
        assert [s for _, s in members] == [0.0, pytest.approx(0.71), pytest.approx(0.45)]
        assert store.story_members("s_unknown") == []

    # --- stories: summaries ---------------------------------------------------------------------------------
    def test_put_story_round_trips_every_field_and_clears_dirty(self, store: Store) -> None:
        d1, d2, d3, d4 = _upserted(store, 4)
        _join(store, d1, _vector("s_one"))
        _join(store, d2, _vector("s_one", 2))
        _join(store, d3, _vector("s_two"))
        assert store.dirty_stories() == ["s_one", "s_two"]
        assert len(store.dirty_stories(limit=1)) == 1

        story = Story(
            id="s_one",
            headline="Riverton bridge collapses into the river",
            headline_article=d2.id,
            article_ids=(d1.id, d2.id),
            outlets=("The Harbour Courier", "Valley Gazette"),
            sources=2,
            first_seen=datetime(2024, 3, 1, 14, 0, tzinfo=timezone(timedelta(hours=2))),
            last_seen=datetime(2024, 3, 1, 9, 0, tzinfo=timezone(timedelta(hours=-5))),
            entities=("Riverton", "Helen Okoro"),
            terms=("bridge", "river", "divers"),
        )
        store.put_story(story)
        assert store.get_story("s_one") == story
        assert store.dirty_stories() == ["s_two"]
        assert store.list_stories(min_size=2) == [story]

        _join(store, d4, _vector("s_one", 3))  # a new member: the summary is out of date again
        assert sorted(store.dirty_stories()) == ["s_one", "s_two"]
        again = store.get_story("s_one")
        assert again is not None
        assert again.article_ids == (d1.id, d2.id, d4.id)

    def test_put_story_leaves_the_clusterers_state_alone(self, store: Store) -> None:
        """A summary's span falls back on when an undated article was first seen; the clusterer's span holds
        publication times only (see StoryVector), and clustering must decide the same whether or not summaries
        were written in between (MemoryState has none), so put_story must not change what story_vectors gives."""
        (doc,) = _upserted(store, 1, published=None)
        vector = _vector("s_undated", first=None)
        _join(store, doc, vector)
        article = store.get_article(doc.id)
        assert article is not None
        store.put_story(
            Story(
                id="s_undated",
                headline=doc.title,
                headline_article=doc.id,
                article_ids=(doc.id,),
                outlets=(doc.outlet.name,),
                sources=1,
                first_seen=article.first_seen,
                last_seen=article.first_seen,
            )
        )
        assert store.story_vectors(["s_undated"]) == [vector]

    # --- stories: merges ------------------------------------------------------------------------------------
    def test_merge_stories_moves_members_index_and_id(self, store: Store) -> None:
        d1, d2, d3, d4 = _upserted(store, 4)
        _join(store, d1, _vector("s_keep"), terms=["bridg", "river"])
        _join(store, d2, _vector("s_gone"), terms=["bridg", "diver"])
        _join(store, d3, _vector("s_keep", 2), terms=["bridg"])
        _join(store, d4, _vector("s_other"), terms=["chess"])
        into = _vector("s_keep", 3, weights={"bridg": 2.5, "river": 0.4, "diver": 0.7}, first=_at(0), last=_at(90))
        store.merge_stories("s_gone", into)

        assert [a.id for a, _ in store.story_members("s_keep")] == [d1.id, d2.id, d3.id]  # in join order
        assert store.story_members("s_gone") == []
        assert store.story_of(d2.id) == "s_keep"
        assert store.story_vectors(["s_gone", "s_keep"]) == [into]
        assert store.count_stories() == 2
        assert sorted(s.id for s in store.list_stories()) == ["s_keep", "s_other"]
        assert store.story_candidates(["diver"], per_term=10) == ["s_keep"]
        assert store.story_candidates(["bridg"], per_term=10) == ["s_keep"]
        assert "s_gone" not in store.story_candidates(["bridg", "river", "diver", "chess"], per_term=10)
        assert "s_keep" in store.dirty_stories() and "s_gone" not in store.dirty_stories()

        survivor = store.get_story("s_keep")
        assert survivor is not None
        assert survivor.merged_from == ("s_gone",)
        assert survivor.article_ids == (d1.id, d2.id, d3.id)
        assert store.get_story("s_gone") == survivor
        other = store.get_story("s_other")
        assert other is not None and other.merged_from == ()

    def test_a_chain_of_merges_resolves_to_the_last_survivor(self, store: Store) -> None:
        da, db, dc = _upserted(store, 3)
        for doc, sid in ((da, "s_a"), (db, "s_b"), (dc, "s_c")):
            _join(store, doc, _vector(sid))
        store.merge_stories("s_a", _vector("s_b", 2))
        store.merge_stories("s_b", _vector("s_c", 3))

        last = store.get_story("s_c")
        assert last is not None
        assert sorted(last.merged_from) == ["s_a", "s_b"]
        assert last.article_ids == (da.id, db.id, dc.id)
        assert store.get_story("s_a") == last
        assert store.get_story("s_b") == last
        assert {store.story_of(d.id) for d in (da, db, dc)} == {"s_c"}
        assert store.count_stories() == 1

    # --- stories: finding and listing -----------------------------------------------------------------------
    def test_get_story_by_id_prefix(self, store: Store) -> None:
        docs = _upserted(store, 3)
        for doc, sid in zip(docs, ("s_aaaa1111", "s_aaaa2222", "s_bbbb3333"), strict=True):
            _join(store, doc, _vector(sid))

        def found(ref: str) -> str | None:
            story = store.get_story(ref)
            return story.id if story is not None else None

        assert found("s_aaaa1111") == "s_aaaa1111"
        assert found("  s_aaaa2222 ") == "s_aaaa2222"
        assert found("s_aaaa1") == "s_aaaa1111"
        assert found("s_b") == "s_bbbb3333"
        assert found("s_aaaa") is None  # ambiguous
        assert found("s_") is None
        assert found("s_cccc") is None
        assert found("s_aaaa1111x") is None
        assert found("") is None
        assert found("   ") is None
        # LIKE-style wild cards in a reference are plain characters
        assert found("s_bbb_") is None
        assert found("s%3333") is None
        assert found("%") is None

    def test_list_stories_order_filters_and_paging(self, store: Store) -> None:
        plus9, minus5 = timezone(timedelta(hours=9)), timezone(timedelta(hours=-5))
        day = timedelta(days=1)
        docs = _upserted(store, 7)
        # local clock order is the opposite of the real order
        _join(store, docs[0], _vector("s_old", first=T0 - day, last=(T0).astimezone(minus5)))
        _join(store, docs[1], _vector("s_new", first=T0, last=(T0 + 2 * day).astimezone(plus9)))
        _join(store, docs[2], _vector("s_mid_1", first=T0, last=T0 + day))
        for n, doc in enumerate(docs[3:6], start=1):
            _join(store, doc, _vector("s_mid_big_9", n, first=T0, last=T0 + day))
        _join(store, docs[6], _vector("s_undated", first=None))

        def ids(**kw: Any) -> list[str]:
            return [s.id for s in store.list_stories(**kw)]

        everything = ["s_new", "s_mid_big_9", "s_mid_1", "s_old", "s_undated"]
        assert ids() == everything
        assert store.count_stories() == 5
        assert ids(since=T0 + day) == ["s_new", "s_mid_big_9", "s_mid_1"]  # inclusive
        assert ids(since=(T0 + day).astimezone(plus9)) == ["s_new", "s_mid_big_9", "s_mid_1"]
        assert ids(since=T0 + day + timedelta(seconds=1)) == ["s_new"]
        assert ids(min_size=2) == ["s_mid_big_9"]
        assert ids(min_size=3) == ["s_mid_big_9"]
        assert ids(min_size=4) == []
        assert ids(limit=2) == everything[:2]
        assert ids(limit=2, offset=2) == everything[2:4]
        assert ids(limit=2, offset=4) == everything[4:]
        assert ids(offset=5) == []
        assert store.list_stories()[1].article_ids == tuple(d.id for d in docs[3:6])

    # --- stories: starting over, failures, atomicity --------------------------------------------------------
    def test_clear_stories_forgets_stories_merges_and_stats_but_keeps_articles(self, store: Store) -> None:
        d1, d2, d3 = _upserted(store, 3)
        _join(store, d1, _vector("s_a"), terms=["bridg"])
        _join(store, d2, _vector("s_b"), terms=["bridg"])
        store.merge_stories("s_b", _vector("s_a", 2))
        store.clear_stories()

        assert store.count_stories() == 0
        assert store.list_stories() == []
        assert store.get_story("s_a") is None
        assert store.get_story("s_b") is None
        assert store.story_vectors(["s_a"]) == []
        assert store.story_members("s_a") == []
        assert store.story_of(d1.id) is None
        assert store.dirty_stories() == []
        assert store.cluster_stats(["bridg"]) == (0, {})
        assert store.story_candidates(["bridg"], per_term=10) == []
        assert store.count_articles() == 3
        assert [a.id for a in store.unclustered()] == [d1.id, d2.id, d3.id]

        # and clustering can start over, with the same ids
        _join(store, d2, _vector("s_b"), terms=["bridg"])
        assert store.cluster_stats(["bridg"]) == (1, {"bridg": 1})
        story = store.get_story("s_b")
        assert story is not None
        assert (story.id, story.article_ids, story.merged_from) == ("s_b", (d2.id,), ())

    def test_failed_assign_leaves_the_store_unchanged(self, store: Store) -> None:
        (doc,) = _upserted(store, 1)
        first = _vector("s_one", first=_at(0))
        _join(store, doc, first, terms=["bridg"])
        store.put_story(Story("s_one", doc.title, doc.id, (doc.id,), (doc.outlet.name,), 1, _at(0), _at(0)))
        before = store.get_story("s_one")

        for vector in (_vector("s_one", 2, weights={"ghost": 1.0}), _vector("s_new", weights={"ghost": 1.0})):
            with pytest.raises(StoreError):  # the article does not exist
                _join(store, make_doc("missing"), vector, terms=["ghost"])

        assert store.count_stories() == 1
        assert store.get_story("s_one") == before
        assert store.get_story("s_new") is None
        assert store.story_vectors(["s_one", "s_new"]) == [first]
        assert store.dirty_stories() == []
        assert store.cluster_stats(["bridg", "ghost"]) == (1, {"bridg": 1})
        assert store.story_candidates(["ghost"], per_term=10) == []
        assert store.story_of(make_doc("missing").id) is None
        # and the store still takes writes afterwards
        (other,) = _upserted(store, 1, start=1)
        _join(store, other, _vector("s_one", 2), terms=["bridg"])
        assert [a.id for a, _ in store.story_members("s_one")] == [doc.id, other.id]


def _upserted(store: Store, n: int, *, start: int = 0, published: datetime | None = T0) -> list[Document]:
    """``n`` stored articles, in this arrival order (story_articles refers to stored articles)."""
    docs = [make_doc(start + i, published=published) for i in range(n)]
    for i, doc in enumerate(docs, start=start):
        store.upsert_document(doc, _at(i))
    return docs


def _vector(
    story_id: str,
    size: int = 1,
    *,
    weights: dict[str, float] | None = None,
    first: datetime | None = T0,
    last: datetime | None = None,
) -> StoryVector:
    """A story's clusterer state; ``last`` defaults to ``first``."""
    w = weights if weights is not None else {"bridg": 0.8, "e:riverton": 0.6}
    return StoryVector(story_id, w, sum(x * x for x in w.values()), size, first, last if last is not None else first)


def _join(
    store: Store, doc: Document, vector: StoryVector, *, similarity: float = 0.0, terms: Sequence[str] = ("bridg",)
) -> None:
    """``doc`` joins ``vector.story_id``, with ``terms`` as its document and index terms."""
    store.assign_article(doc.id, vector, similarity=similarity, doc_terms=list(terms), index_terms=list(terms))
