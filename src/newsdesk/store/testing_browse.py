"""Contract tests of what a reader browsing the store asks of every :class:`~newsdesk.store.base.Store` backend:
filtered and ordered story lists and their counts, the stories of given articles, claims by id and by full-text
search, and the change token that tells a reader whether anything changed.

A backend's test class inherits it beside the other contracts, with the same ``store`` (and ``reopen``)
fixtures::

    class TestSQLiteStore(StoreContract, StoryContract, ClaimContract, BrowseContract): ...

This module imports pytest; only test code imports it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from newsdesk.store.base import Store
from newsdesk.store.testing import COURIER, GAZETTE, T0, _at, make_doc
from newsdesk.store.testing_claims import TEXT, _claim
from newsdesk.store.testing_stories import _join, _upserted, _vector
from newsdesk.types import Document, FeedState, Outlet, Story, StoryOrder

__all__ = ["BrowseContract"]

DAY = timedelta(days=1)
ELAN = Outlet.named("Élan Quotidien", "elan.example")
"""An outlet whose name only a Unicode-aware comparison folds."""


def _story(
    store: Store,
    story_id: str,
    docs: Sequence[Document],
    *,
    first: datetime | None = T0,
    last: datetime | None = None,
    sources: int | None = None,
) -> None:
    """Story ``story_id`` with ``docs`` (stored already) as members, active from ``first`` to ``last`` (default:
    ``first``); with a summary counting ``sources`` independent sources when that is given."""
    last = last if last is not None else first
    for size, doc in enumerate(docs, start=1):
        _join(store, doc, _vector(story_id, size, first=first, last=last))
    if sources is not None:
        store.put_story(
            Story(
                id=story_id,
                headline=docs[0].title,
                headline_article=docs[0].id,
                article_ids=tuple(d.id for d in docs),
                outlets=tuple(dict.fromkeys(d.outlet.name for d in docs)),
                sources=sources,
                first_seen=first,
                last_seen=last,
            )
        )


def _stored(store: Store, docs: Sequence[Document]) -> list[Document]:
    for i, doc in enumerate(docs):
        store.upsert_document(doc, _at(i))
    return list(docs)


def _check_count(store: Store, **kw: Any) -> None:
    """count_stories with the filters of a list_stories call counts what that call lists over all pages."""
    filters = {k: v for k, v in kw.items() if k not in ("order", "limit", "offset")}
    assert store.count_stories(**filters) == len(store.list_stories(**filters, limit=100_000)), kw


class BrowseContract:
    # --- story lists: filters, orders, counts ---------------------------------------------------------------
    def test_list_stories_keeps_stories_whose_activity_overlaps_the_window(self, store: Store) -> None:
        docs = _upserted(store, 6)
        _story(store, "s_early", docs[0:1], first=T0 - 3 * DAY, last=T0 - 2 * DAY)
        _story(store, "s_long", docs[1:2], first=T0 - 3 * DAY, last=T0 + 3 * DAY)
        _story(store, "s_late", docs[2:3], first=T0 + 2 * DAY, last=T0 + 3 * DAY)
        _story(store, "s_now", docs[3:4], first=T0)
        _story(store, "s_undated", docs[4:5], first=None)
        # published in nine days says the clusterer; the summary's span (first seen yesterday) is what counts
        _story(store, "s_summed", docs[5:6], first=T0 + 9 * DAY)
        store.put_story(Story("s_summed", docs[5].title, docs[5].id, (docs[5].id,), (), 1, T0 - DAY, T0 - DAY))

        def ids(**kw: Any) -> list[str]:
            _check_count(store, **kw)
            return [s.id for s in store.list_stories(**kw)]

        assert ids() == ["s_late", "s_long", "s_now", "s_summed", "s_early", "s_undated"]
        plus9 = timezone(timedelta(hours=9))
        window = {"since": T0 - DAY, "until": (T0 + DAY).astimezone(plus9)}
        assert ids(**window) == ["s_long", "s_now", "s_summed"]  # both ends inclusive, any zone
        assert ids(since=T0 + 3 * DAY) == ["s_late", "s_long"]
        assert ids(since=T0 + 3 * DAY + timedelta(seconds=1)) == []
        assert ids(since=T0 + 5 * DAY) == []  # not s_summed: its clusterer's span does not count
        assert ids(until=T0 - 3 * DAY) == ["s_long", "s_early"]
        assert ids(until=T0 - 3 * DAY - timedelta(seconds=1)) == []
        assert ids(until=T0 - DAY) == ["s_long", "s_summed", "s_early"]
        assert ids(since=T0 + DAY, until=T0 - DAY) == []
        assert ids(**window, limit=2) == ["s_long", "s_now"]
        assert ids(**window, limit=2, offset=2) == ["s_summed"]
        assert store.count_stories() == 6

    def test_list_stories_by_sources_then_size_then_recency_then_id(self, store: Store) -> None:
        docs = _upserted(store, 13)
        _story(store, "s_a", docs[0:3], first=T0, sources=3)
        _story(store, "s_b", docs[3:6], first=T0 - DAY, sources=2)
        _story(store, "s_c", docs[6:8], first=T0 + DAY, sources=2)
        _story(store, "s_d", docs[8:10], first=T0, sources=2)
        _story(store, "s_f", docs[10:11], first=T0, sources=1)
        _story(store, "s_e", docs[11:12], first=T0, sources=1)
        _story(store, "s_g", docs[12:13], first=T0 + 2 * DAY)  # no summary yet: no sources counted

        def ids(**kw: Any) -> list[str]:
            return [s.id for s in store.list_stories(**kw)]

        by_sources = ["s_a", "s_b", "s_c", "s_d", "s_e", "s_f", "s_g"]
        assert ids(order=StoryOrder.SOURCES) == by_sources
        assert ids(order="sources") == by_sources  # the enum's value does as well
        assert ids(order=StoryOrder.RECENT) == ["s_g", "s_c", "s_a", "s_d", "s_e", "s_f", "s_b"]
        assert ids() == ids(order=StoryOrder.RECENT)
        assert ids(order=StoryOrder.SOURCES, limit=3, offset=2) == ["s_c", "s_d", "s_e"]
        assert ids(order=StoryOrder.SOURCES, min_size=2) == ["s_a", "s_b", "s_c", "s_d"]
        assert ids(order=StoryOrder.SOURCES, since=T0) == ["s_a", "s_c", "s_d", "s_e", "s_f", "s_g"]
        [first] = store.list_stories(order=StoryOrder.SOURCES, limit=1)
        assert first.sources == 3 and first.article_ids == tuple(d.id for d in docs[0:3])

    def test_list_stories_of_an_outlet_by_id_name_or_domain(self, store: Store) -> None:
        c1, c2, c3, g1, g2, e1 = _stored(
            store,
            [
                make_doc(1, outlet=COURIER),
                make_doc(2, outlet=COURIER),
                make_doc(3, outlet=COURIER),
                make_doc(1, outlet=GAZETTE),
                make_doc(2, outlet=GAZETTE),
                make_doc(1, outlet=ELAN),
            ],
        )
        (unclustered,) = _stored(store, [make_doc(1, outlet=Outlet.named("Lone Post", "lone.example"))])
        _story(store, "s_courier", [c1, c2], first=T0)
        _story(store, "s_mixed", [g1, c3], first=T0 + DAY, sources=2)
        _story(store, "s_gazette", [g2], first=T0 - DAY, sources=1)
        _story(store, "s_elan", [e1], first=T0 - 2 * DAY)

        def ids(outlet: str | None, **kw: Any) -> list[str]:
            _check_count(store, outlet=outlet, **kw)
            return [s.id for s in store.list_stories(outlet=outlet, **kw)]

        for ref in (COURIER.id, COURIER.name, "THE HARBOUR COURIER", "the harbour courier", "Courier.Example"):
            assert ids(ref) == ["s_mixed", "s_courier"], ref
        assert ids(" courier.example ") == ["s_mixed", "s_courier"]
        assert ids("gazette.example") == ["s_mixed", "s_gazette"]
        assert ids(GAZETTE.id, order=StoryOrder.SOURCES) == ["s_mixed", "s_gazette"]
        assert ids(COURIER.name, until=T0) == ["s_courier"]
        assert ids("élan quotidien") == ids("ÉLAN QUOTIDIEN") == ids(ELAN.id) == ["s_elan"]
        assert ids("nowhere.example") == []
        assert ids("Lone Post") == []  # an outlet whose articles are in no story
        assert ids("courier") == []  # neither its id, its name nor its domain
        assert ids(None) == ["s_mixed", "s_courier", "s_gazette", "s_elan"]
        assert store.story_of(unclustered.id) is None

    def test_list_stories_with_these_ids_only(self, store: Store) -> None:
        d1, d2, d3 = _upserted(store, 3)
        _story(store, "s_1", [d1], first=T0)
        _story(store, "s_2", [d2], first=T0 + DAY)
        _story(store, "s_3", [d3], first=T0 + 2 * DAY)

        def ids(wanted: Sequence[str], **kw: Any) -> list[str]:
            _check_count(store, ids=wanted, **kw)
            return [s.id for s in store.list_stories(ids=wanted, **kw)]

        assert ids([]) == []
        assert ids(()) == []
        assert ids(["s_1", "s_3", "s_unknown", "s_1"]) == ["s_3", "s_1"]  # in the list's order, each once
        assert ids(("s_2",)) == ["s_2"]
        assert ids(["s_1", "s_2", "s_3"], since=T0 + DAY) == ["s_3", "s_2"]
        assert ids(["s_1", "s_2", "s_3"], limit=1, offset=1) == ["s_2"]
        assert ids(["s_1", "s_2"], outlet=COURIER.id) == ["s_2", "s_1"]
        assert ids(["s_1", "s_2"], outlet=GAZETTE.id) == []
        assert ids([f"s_missing_{i}" for i in range(1500)] + ["s_2"]) == ["s_2"]  # more ids than SQL variables
        store.merge_stories("s_1", _vector("s_2", 2, first=T0, last=T0 + DAY))
        assert ids(["s_1"]) == []  # plain ids: a merged id is not resolved here

    def test_count_stories_without_filters_counts_every_story(self, store: Store) -> None:
        docs = _upserted(store, 4)
        _story(store, "s_big", docs[0:3], first=T0)
        _story(store, "s_undated", docs[3:4], first=None)
        assert store.count_stories() == 2 == len(store.list_stories())
        assert store.count_stories(min_size=1) == 2
        assert store.count_stories(min_size=0) == 2
        assert store.count_stories(min_size=3) == 1 == len(store.list_stories(min_size=3))
        assert store.count_stories(min_size=4) == 0
        assert store.count_stories(since=T0) == 1  # an undated story has no activity to overlap

    # --- the stories of articles ----------------------------------------------------------------------------
    def test_stories_of_maps_the_clustered_articles(self, store: Store) -> None:
        d0, d1, d2, d3 = _upserted(store, 4)
        _story(store, "s_a", [d0, d1])
        _story(store, "s_b", [d2])
        assert store.stories_of([d0.id, d2.id, d3.id, "a_unknown", d0.id]) == {d0.id: "s_a", d2.id: "s_b"}
        assert store.stories_of([d1.id]) == {d1.id: "s_a"}
        assert store.stories_of([d3.id]) == {}
        assert store.stories_of([]) == {}
        many = [f"a_missing_{i}" for i in range(1500)]
        assert store.stories_of((*many, d2.id)) == {d2.id: "s_b"}
        store.merge_stories("s_b", _vector("s_a", 3))
        assert store.stories_of([d0.id, d1.id, d2.id]) == {d0.id: "s_a", d1.id: "s_a", d2.id: "s_a"}

    # --- claims by id and by search --------------------------------------------------------------------------
    def test_get_claim_by_id(self, store: Store) -> None:
        a, b = _stored(store, [make_doc(1, text=TEXT), make_doc(2, text=TEXT)])
        first, second = _claim(a, 0), _claim(a, 1, speaker="Zelenskyy")
        store.put_claims(a.id, 1, "test/1", [first, second])
        assert store.get_claim(first.id) == first
        assert store.get_claim(second.id) == second
        assert store.get_claim("c_0000000000000000_0") is None
        assert store.get_claim("") is None
        store.put_claims(a.id, 1, "test/2", [second])
        assert store.get_claim(first.id) is None
        store.upsert_document(replace(b, text=TEXT + " Revised."), _at(5))  # another article: a's stay
        assert store.get_claim(second.id) == second

    def test_search_claims_by_text_and_by_speaker_best_first(self, store: Store) -> None:
        a, b = _stored(store, [make_doc(1, text=TEXT), make_doc(2, text=TEXT)])
        soldiers = _claim(a, 0)  # the National Intelligence Service: "about 300 soldiers had been killed"
        bridge = _claim(b, 0, speaker="Zelenskyy", text="the bridge over the river was destroyed")
        river = _claim(b, 1, speaker="River Authority", text="river levels rose by two metres")
        store.put_claims(a.id, 1, "test/1", [soldiers])
        store.put_claims(b.id, 1, "test/1", [bridge, river])

        def found(query: str, **kw: Any) -> list[str]:
            return [hit.claim.id for hit in store.search_claims(query, **kw)]

        [hit] = store.search_claims("soldiers")
        assert hit.claim == soldiers
        assert "[soldiers]" in hit.snippet and "killed" in hit.snippet
        assert isinstance(hit.rank, float)
        assert found("ZELENSKYY") == [bridge.id]  # by speaker, in any case
        assert found("intelligence service") == [soldiers.id]
        assert found("bridge zelenskyy") == [bridge.id]  # words may come from both
        assert found("bridge soldiers") == []  # every word must be there
        hits = store.search_claims("river")
        assert [h.claim.id for h in hits] == [river.id, bridge.id]  # in its speaker and its text: first
        assert hits[0].rank <= hits[1].rank
        assert "[river]" in hits[1].snippet
        assert found("river", limit=1) == [river.id]
        assert found("chess") == []

    def test_search_claims_follows_replaced_and_deleted_claims(self, store: Store) -> None:
        (doc,) = _stored(store, [make_doc(1, text=TEXT)])
        store.put_claims(doc.id, 1, "test/1", [_claim(doc, 0), _claim(doc, 1, text="the dam held overnight")])
        assert len(store.search_claims("soldiers")) == 1
        # the same id with another text, and the other claim gone
        store.put_claims(doc.id, 1, "test/2", [_claim(doc, 0, text="the levee broke at dawn", speaker="Mayor Ruiz")])
        assert store.search_claims("soldiers") == []
        assert store.search_claims("dam") == []
        assert store.search_claims("national intelligence") == []
        [hit] = store.search_claims("levee ruiz")
        assert hit.claim == _claim(doc, 0, text="the levee broke at dawn", speaker="Mayor Ruiz")
        # a new revision of the article deletes its claims, and the search forgets them too
        store.upsert_document(replace(doc, text=TEXT + " Revised."), _at(5))
        assert store.search_claims("levee") == []
        store.put_claims(doc.id, 2, "test/2", [])
        assert store.search_claims("levee") == []

    def test_search_claims_reads_operators_and_punctuation_as_plain_words(self, store: Store) -> None:
        a, b = _stored(store, [make_doc(1, text=TEXT), make_doc(2, text=TEXT)])
        soldiers, bridge = _claim(a, 0), _claim(b, 0, speaker="Zelenskyy", text="the bridge was destroyed")
        store.put_claims(a.id, 1, "test/1", [soldiers])
        store.put_claims(b.id, 1, "test/1", [bridge])
        awkward = [
            "AND", "OR", "NOT", "NEAR", "soldiers AND", "(soldiers", 'soldiers"', '"', "'", "*", "soldiers*",
            "^soldiers", "-", "+", ":", "speaker:", "{text}: soldiers", "NEAR(soldiers killed, 2)", "\\", "%", "_",
            "'; DROP TABLE claims; --", "", "   ", "!!!", "…", "c_",
        ]  # fmt: skip
        for query in awkward:
            assert isinstance(store.search_claims(query), list), query
        assert store.count_claims() == 2

        def found(query: str) -> list[str]:
            return [hit.claim.id for hit in store.search_claims(query)]

        assert found("(soldiers") == found("-soldiers") == found('"soldiers') == [soldiers.id]
        assert found("killed OR zelenskyy") == []  # no OR: "or" is a word neither claim has
        assert found("NOT soldiers") == []
        assert found("soldier*") == []  # no prefix search: "soldier" is not "soldiers"
        assert found("speaker:Zelenskyy") == []  # no column filter: "speaker" is a word too
        assert found("NEAR(bridge destroyed)") == []
        assert found("") == found("!!!") == []

    # --- the change token ----------------------------------------------------------------------------------
    def test_change_token_changes_with_every_write_and_only_then(self, store: Store) -> None:
        first = store.change_token()
        assert isinstance(first, str)
        assert store.change_token() == first
        (doc,) = _upserted(store, 1)
        after_upsert = store.change_token()
        assert after_upsert != first
        # reading changes nothing
        store.list_stories()
        store.count_stories(outlet=COURIER.id)
        store.search("story")
        store.search_claims("soldiers")
        store.get_article(doc.id)
        assert store.change_token() == store.change_token() == after_upsert

        with store.atomic():
            store.put_feed_state(FeedState("https://courier.example/rss", etag='"v1"'))
            store.put_claims(doc.id, 1, "test/1", [])
        after_block = store.change_token()
        _story(store, "s_one", [doc])
        after_story = store.change_token()
        tokens = [first, after_upsert, after_block, after_story]
        assert len(set(tokens)) == len(tokens)
        assert store.change_token() == after_story

    def test_change_token_sees_writes_of_another_store_object(
        self, store: Store, reopen: Callable[[], Store] | None
    ) -> None:
        if reopen is None:
            pytest.skip("this backend cannot open a second store over the same data")
        other = reopen()
        mine = store.change_token()
        other.upsert_document(make_doc(1), _at(0))
        assert store.change_token() != mine
        seen = store.change_token()
        assert store.change_token() == seen
        assert store.count_articles() == 1

        theirs = other.change_token()
        store.upsert_document(make_doc(2), _at(1))
        assert other.change_token() != theirs
        assert other.count_articles() == 2
        assert store.change_token() != seen
        # and nothing written by either: nothing changes
        mine, theirs = store.change_token(), other.change_token()
        assert other.list_stories() == store.list_stories() == []
        assert (store.change_token(), other.change_token()) == (mine, theirs)
