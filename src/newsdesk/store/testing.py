"""The contract every :class:`~newsdesk.store.base.Store` backend passes (after Kinto's storage tests).

A backend's test module subclasses :class:`StoreContract` and provides two fixtures::

    class TestSQLiteStore(StoreContract):
        @pytest.fixture
        def store(self, tmp_path):
            store = SQLiteStore(tmp_path / "news.db")
            yield store
            store.close()

        @pytest.fixture
        def reopen(self, tmp_path):
            opened = []
            def _reopen():
                opened.append(SQLiteStore(tmp_path / "news.db"))
                return opened[-1]
            yield _reopen
            for s in opened:
                s.close()

``store`` is a fresh, empty store for each test. ``reopen`` is optional: a callable that opens a *new* store
over the same data as ``store``. The persistence test closes ``store`` first (so ``close()`` must be safe to
call again when the fixture tears down); the change-token test keeps both open, as two writers of one store.
Backends that cannot reopen (in-memory ones) leave it out and those tests are skipped.

The class has no ``Test`` prefix, so pytest collects it only through its subclasses. This module imports
pytest; only test code imports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from newsdesk.store.base import Store
from newsdesk.types import (
    Document,
    FeedState,
    IngestFailure,
    Outlet,
    ReprintLink,
    RunSummary,
    SourceKind,
    Story,
    UpsertOutcome,
)

__all__ = ["T0", "StoreContract", "make_doc"]

T0 = datetime(2024, 3, 1, 12, 0, tzinfo=UTC)
"""A fixed retrieval time; tests add minutes to it so that nothing depends on the wall clock."""

COURIER = Outlet.named("The Harbour Courier", "courier.example")
GAZETTE = Outlet.named("Valley Gazette", "gazette.example")


def make_doc(
    n: int | str = 1,
    *,
    title: str | None = None,
    text: str | None = None,
    outlet: Outlet = COURIER,
    published: datetime | None = T0,
    **fields: Any,
) -> Document:
    """A small document; ``n`` picks its canonical URL (and so its id)."""
    key = f"https://{outlet.domain or 'news.example'}/story/{n}"
    return Document(
        key=key,
        url=fields.pop("url", key),
        title=title if title is not None else f"Story number {n}",
        text=text if text is not None else f"The body of story number {n}. Nothing else happened.",
        outlet=outlet,
        published=published,
        source=fields.pop("source", key),
        source_kind=fields.pop("source_kind", SourceKind.PAGE),
        **fields,
    )


def _at(minutes: int) -> datetime:
    return T0 + timedelta(minutes=minutes)


class StoreContract:
    """Tests every backend passes. Subclasses provide the ``store`` fixture (and optionally ``reopen``)."""

    @pytest.fixture
    def reopen(self) -> Callable[[], Store] | None:
        """Overridden by backends whose data outlives a ``close()``."""
        return None

    # --- an empty store -------------------------------------------------------------------------------------
    def test_fresh_store_is_empty(self, store: Store) -> None:
        assert isinstance(store, Store)
        assert store.count_articles() == 0
        assert store.list_articles() == []
        assert store.outlets() == []
        assert store.failures() == []
        assert store.get_article("a_0000000000000000") is None
        assert store.revisions("a_0000000000000000") == []

    # --- upsert ---------------------------------------------------------------------------------------------
    def test_upsert_new_round_trips_every_field(self, store: Store) -> None:
        doc = make_doc(
            1,
            authors=("Ana Ruiz", "Bo Lee"),
            language="en",
            source="feed:https://courier.example/rss",
            source_kind=SourceKind.FEED,
            published=datetime(2024, 2, 28, 9, 30, tzinfo=timezone(timedelta(hours=2))),
        )
        result = store.upsert_document(doc, _at(0))
        assert (result.article_id, result.outcome, result.revision) == (doc.id, UpsertOutcome.NEW, 1)

        article = store.get_article(doc.id)
        assert article is not None
        assert article.id == doc.id
        assert article.key == doc.key
        assert article.url == doc.url
        assert article.title == doc.title
        assert article.text == doc.text
        assert article.outlet == COURIER
        assert article.published == doc.published  # the same instant, whatever zone it comes back in
        assert article.authors == ("Ana Ruiz", "Bo Lee")
        assert article.language == "en"
        assert article.source == "feed:https://courier.example/rss"
        assert article.source_kind is SourceKind.FEED
        assert article.first_seen == _at(0)
        assert article.last_seen == _at(0)
        assert article.revision == 1
        assert article.reprint_of is None
        assert article.reprint_similarity is None
        assert store.count_articles() == 1

        [revision] = store.revisions(doc.id)
        assert revision.article_id == doc.id
        assert revision.number == 1
        assert revision.content_hash == doc.content_hash
        assert (revision.title, revision.text) == (doc.title, doc.text)
        assert revision.published == doc.published
        assert revision.retrieved_at == _at(0)
        assert revision.source == doc.source

    def test_upsert_same_content_is_unchanged(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        again = store.upsert_document(doc, _at(5))
        assert (again.article_id, again.outcome, again.revision) == (doc.id, UpsertOutcome.UNCHANGED, 1)
        article = store.get_article(doc.id)
        assert article is not None
        assert article.revision == 1
        assert article.first_seen == _at(0)
        assert article.last_seen == _at(5)
        assert len(store.revisions(doc.id)) == 1
        assert store.count_articles() == 1

    def test_upsert_white_space_differences_are_unchanged(self, store: Store) -> None:
        doc = make_doc(1, title="Bridge  reopens", text="The bridge reopened.\n\nTraffic flows again.")
        store.upsert_document(doc, _at(0))
        spaced = replace(doc, title=" Bridge reopens\t", text="The bridge   reopened. Traffic\nflows again. ")
        assert store.upsert_document(spaced, _at(1)).outcome is UpsertOutcome.UNCHANGED
        assert len(store.revisions(doc.id)) == 1

    def test_upsert_revised_grows_revisions_oldest_first(self, store: Store) -> None:
        v1 = make_doc(1, text="Three people were hurt.")
        v2 = replace(v1, text="Four people were hurt.")
        v3 = replace(v1, title="Update: bridge collapse", text="Five people were hurt.")
        assert store.upsert_document(v1, _at(0)).outcome is UpsertOutcome.NEW
        second = store.upsert_document(v2, _at(1))
        assert (second.outcome, second.revision) == (UpsertOutcome.REVISED, 2)
        third = store.upsert_document(v3, _at(2))
        assert (third.outcome, third.revision) == (UpsertOutcome.REVISED, 3)

        revisions = store.revisions(v1.id)
        assert [r.number for r in revisions] == [1, 2, 3]
        assert [r.text for r in revisions] == [v1.text, v2.text, v3.text]
        assert [r.retrieved_at for r in revisions] == [_at(0), _at(1), _at(2)]
        assert [r.content_hash for r in revisions] == [v1.content_hash, v2.content_hash, v3.content_hash]

        article = store.get_article(v1.id)
        assert article is not None
        assert (article.title, article.text, article.revision) == (v3.title, v3.text, 3)
        assert article.first_seen == _at(0)
        assert article.last_seen == _at(2)
        assert store.count_articles() == 1

    def test_reading_an_old_copy_after_a_newer_one_is_unchanged(self, store: Store) -> None:
        old = make_doc(1, text="Three people were hurt.")
        new = replace(old, text="Four people were hurt.")
        store.upsert_document(old, _at(0))
        store.upsert_document(new, _at(1))
        again = store.upsert_document(old, _at(2))
        assert again.outcome is UpsertOutcome.UNCHANGED
        assert [r.number for r in store.revisions(old.id)] == [1, 2]
        article = store.get_article(old.id)
        assert article is not None
        assert (article.text, article.revision) == (new.text, 2)

    def test_revision_without_date_keeps_the_known_publication_time(self, store: Store) -> None:
        dated = make_doc(1, text="First version.", published=T0)
        store.upsert_document(dated, _at(0))
        store.upsert_document(replace(dated, text="Second version.", published=None), _at(1))
        article = store.get_article(dated.id)
        assert article is not None
        assert (article.revision, article.published) == (2, T0)

    # --- atomicity ------------------------------------------------------------------------------------------
    def test_failed_upsert_of_a_new_article_leaves_the_store_unchanged(self, store: Store) -> None:
        store.upsert_document(make_doc(1), _at(0))
        broken = make_doc(2, outlet=GAZETTE, title="x")
        broken = replace(broken, title=None)  # type: ignore[arg-type]
        with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error here
            store.upsert_document(broken, _at(1))
        assert store.count_articles() == 1
        assert store.get_article(broken.id) is None
        assert store.revisions(broken.id) == []
        # the new outlet was written before the article failed: it must be rolled back too
        assert store.outlets() == [(COURIER, 1)]
        # and the store still takes writes afterwards
        assert store.upsert_document(make_doc(3), _at(2)).outcome is UpsertOutcome.NEW
        assert store.count_articles() == 2

    def test_failed_revision_leaves_the_article_unchanged(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        broken = replace(doc, title=None, text="A different text.")  # type: ignore[arg-type]
        with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error here
            store.upsert_document(broken, _at(1))
        article = store.get_article(doc.id)
        assert article is not None
        assert (article.title, article.text, article.revision, article.last_seen) == (
            doc.title,
            doc.text,
            1,
            _at(0),
        )
        assert len(store.revisions(doc.id)) == 1

    def test_an_atomic_block_commits_together_or_not_at_all(self, store: Store) -> None:
        state = FeedState("https://courier.example/rss", etag="x", checked_at=_at(1))
        with pytest.raises(RuntimeError), store.atomic():
            store.upsert_document(make_doc(1), _at(0))
            store.put_feed_state(state)
            assert store.count_articles() == 1  # the block reads its own writes
            raise RuntimeError("boom")
        assert store.count_articles() == 0
        assert store.feed_state(state.url) is None
        with store.atomic():
            store.upsert_document(make_doc(1), _at(0))
            store.put_feed_state(state)
        assert store.count_articles() == 1
        assert store.feed_state(state.url) == state

    def test_a_failing_call_in_an_atomic_block_undoes_only_its_own_writes(self, store: Store) -> None:
        with store.atomic():
            store.upsert_document(make_doc(1), _at(0))
            broken = replace(make_doc(2, outlet=GAZETTE), title=None)  # type: ignore[arg-type]
            with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error here
                store.upsert_document(broken, _at(1))
            store.upsert_document(make_doc(3), _at(2))
        assert sorted(a.id for a in store.list_articles()) == sorted([make_doc(1).id, make_doc(3).id])
        assert store.outlets() == [(COURIER, 2)]  # the failed call's outlet row was undone with it

    def test_failed_put_signature_keeps_the_earlier_bands(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        store.put_signature(doc.id, b"sig-1", [b"band-a"])
        with pytest.raises(Exception):  # noqa: B017 - each backend raises its own error here
            store.put_signature(doc.id, b"sig-2", [b"band-b", None])  # type: ignore[list-item]
        assert store.signature_candidates([b"band-a"]) == [(doc.id, b"sig-1")]
        assert store.signature_candidates([b"band-b"]) == []

    # --- finding articles -----------------------------------------------------------------------------------
    def test_get_article_unknown_is_none(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        assert store.get_article("a_ffffffffffffffff") is None
        assert store.get_article(doc.id[:8]) is None  # get wants the whole id

    def test_find_article_by_id_prefix_and_key(self, store: Store) -> None:
        doc = make_doc(1, url="https://courier.example/story/1?utm_source=rss")
        other = make_doc(2)
        for i, d in enumerate((doc, other)):
            store.upsert_document(d, _at(i))
        assert doc.id[:10] != other.id[:10]

        for ref in (doc.id, doc.id[:10], f"  {doc.id}  ", doc.key):
            found = store.find_article(ref)
            assert found is not None, ref
            assert found.id == doc.id

    def test_find_article_ambiguous_prefix_or_unknown_is_none(self, store: Store) -> None:
        docs = _two_docs_sharing_an_id_prefix()
        for i, d in enumerate(docs):
            store.upsert_document(d, _at(i))
        shared = docs[0].id[:3]
        assert docs[1].id.startswith(shared)
        assert store.find_article(shared) is None
        assert store.find_article("a_") is None
        assert store.find_article("https://courier.example/story/404") is None
        assert store.find_article("a_ffffffffffffffff") is None
        assert store.find_article("") is None
        # LIKE-style wild cards in a reference are plain characters
        assert store.find_article("a%") is None
        assert store.find_article("_") is None

    # --- listing --------------------------------------------------------------------------------------------
    def test_list_newest_first_across_time_zones(self, store: Store) -> None:
        plus2 = timezone(timedelta(hours=2))
        minus5 = timezone(timedelta(hours=-5))
        # local clock order is the opposite of the real order
        docs = {
            "earliest": make_doc("earliest", published=datetime(2024, 3, 1, 11, 0, tzinfo=plus2)),  # 09:00Z
            "middle": make_doc("middle", published=datetime(2024, 3, 1, 10, 0, tzinfo=UTC)),  # 10:00Z
            "latest": make_doc("latest", published=datetime(2024, 3, 1, 6, 0, tzinfo=minus5)),  # 11:00Z
            "undated": make_doc("undated", published=None),
        }
        for i, name in enumerate(("undated", "middle", "latest", "earliest")):
            store.upsert_document(docs[name], _at(i))
        listed = [a.id for a in store.list_articles()]
        assert listed == [docs[n].id for n in ("latest", "middle", "earliest", "undated")]
        by_id = {a.id: a for a in store.list_articles()}
        assert by_id[docs["latest"].id].published == datetime(2024, 3, 1, 11, 0, tzinfo=UTC)
        assert by_id[docs["undated"].id].published is None

    def test_list_same_time_breaks_ties_by_first_seen(self, store: Store) -> None:
        first, second = make_doc(1, published=T0), make_doc(2, published=T0)
        store.upsert_document(first, _at(0))
        store.upsert_document(second, _at(1))
        assert [a.id for a in store.list_articles()] == [second.id, first.id]

    def test_list_first_seen_compares_instants_across_time_zones(self, store: Store) -> None:
        # both undated, so first seen decides; the one stored second was seen earlier (11:30Z < 12:00Z)
        later, earlier = make_doc(1, published=None), make_doc(2, published=None)
        store.upsert_document(later, datetime(2024, 3, 1, 12, 0, tzinfo=UTC))
        store.upsert_document(earlier, datetime(2024, 3, 1, 13, 30, tzinfo=timezone(timedelta(hours=2))))
        assert [a.id for a in store.list_articles()] == [later.id, earlier.id]
        article = store.get_article(earlier.id)
        assert article is not None
        assert article.first_seen == datetime(2024, 3, 1, 11, 30, tzinfo=UTC)

    def test_list_filters_by_outlet_id_and_name(self, store: Store) -> None:
        courier = [make_doc(i, outlet=COURIER) for i in range(3)]
        gazette = [make_doc(i, outlet=GAZETTE) for i in range(2)]
        for i, d in enumerate(courier + gazette):
            store.upsert_document(d, _at(i))
        want = {d.id for d in gazette}
        assert {a.id for a in store.list_articles(outlet=GAZETTE.id)} == want
        assert {a.id for a in store.list_articles(outlet="Valley Gazette")} == want
        assert {a.id for a in store.list_articles(outlet="valley gazette")} == want
        assert {a.id for a in store.list_articles(outlet=COURIER.id)} == {d.id for d in courier}
        assert store.list_articles(outlet="nobody") == []

    def test_list_since_and_until(self, store: Store) -> None:
        days = [make_doc(d, published=T0 + timedelta(days=d)) for d in range(5)]
        undated = make_doc("undated", published=None)
        for i, d in enumerate([*days, undated]):
            store.upsert_document(d, _at(i))

        def ids(**kw: Any) -> list[str]:
            return [a.id for a in store.list_articles(**kw)]

        since = T0 + timedelta(days=1, hours=12)
        until = T0 + timedelta(days=3, hours=12)
        assert ids(since=since) == [days[4].id, days[3].id, days[2].id]
        assert ids(until=until) == [days[3].id, days[2].id, days[1].id, days[0].id]
        assert ids(since=since, until=until) == [days[3].id, days[2].id]
        # the bounds are instants: the same moment written in another zone selects the same articles
        plus9 = timezone(timedelta(hours=9))
        assert ids(since=since.astimezone(plus9), until=until.astimezone(plus9)) == [days[3].id, days[2].id]

    def test_list_since_is_inclusive_until_is_exclusive(self, store: Store) -> None:
        docs = [make_doc(d, published=T0 + timedelta(days=d)) for d in range(3)]
        for i, d in enumerate(docs):
            store.upsert_document(d, _at(i))
        listed = store.list_articles(since=T0 + timedelta(days=1), until=T0 + timedelta(days=2))
        assert [a.id for a in listed] == [docs[1].id]

    def test_list_limit_and_offset(self, store: Store) -> None:
        docs = [make_doc(d, published=T0 + timedelta(hours=d)) for d in range(7)]
        for i, d in enumerate(docs):
            store.upsert_document(d, _at(i))
        newest_first = [d.id for d in reversed(docs)]
        assert [a.id for a in store.list_articles()] == newest_first
        assert [a.id for a in store.list_articles(limit=3)] == newest_first[:3]
        assert [a.id for a in store.list_articles(limit=3, offset=3)] == newest_first[3:6]
        assert [a.id for a in store.list_articles(limit=3, offset=6)] == newest_first[6:]
        assert store.list_articles(limit=3, offset=7) == []

    def test_count_counts_articles_not_revisions(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        store.upsert_document(replace(doc, text="Revised."), _at(1))
        store.upsert_document(make_doc(2), _at(2))
        store.upsert_document(make_doc(2), _at(3))
        assert store.count_articles() == 2

    # --- search ---------------------------------------------------------------------------------------------
    def _search_corpus(self, store: Store) -> tuple[Document, Document, Document]:
        in_title = make_doc(
            "title",
            title="Lighthouse keeper retires",
            text="After forty years the keeper hands over the keys.",
        )
        in_text = make_doc(
            "text",
            title="Council meets on budget",
            text="The council also discussed the old lighthouse roof.",
        )
        neither = make_doc("neither", title="Ferry timetable changes", text="Ferries will sail every hour.")
        for i, d in enumerate((in_title, in_text, neither)):
            store.upsert_document(d, _at(i))
        return in_title, in_text, neither

    def test_search_finds_words_in_title_and_text(self, store: Store) -> None:
        in_title, in_text, neither = self._search_corpus(store)
        assert {h.article.id for h in store.search("retires")} == {in_title.id}
        assert {h.article.id for h in store.search("roof")} == {in_text.id}
        assert {h.article.id for h in store.search("FERRIES")} == {neither.id}
        assert {h.article.id for h in store.search("council budget")} == {in_text.id}
        assert store.search("submarine") == []
        [hit] = store.search("timetable")
        assert isinstance(hit.snippet, str)
        assert isinstance(hit.rank, float)
        assert hit.article.title == neither.title

    def test_search_ranks_a_title_hit_above_a_text_hit(self, store: Store) -> None:
        in_title, in_text, _ = self._search_corpus(store)
        hits = store.search("lighthouse")
        assert [h.article.id for h in hits] == [in_title.id, in_text.id]

    def test_search_limit(self, store: Store) -> None:
        for i in range(5):
            store.upsert_document(make_doc(i), _at(i))
        assert len(store.search("story")) == 5
        assert len(store.search("story", limit=2)) == 2

    def test_search_sees_the_latest_revision_only(self, store: Store) -> None:
        doc = make_doc(1, text="The mayor resigned.")
        store.upsert_document(doc, _at(0))
        store.upsert_document(replace(doc, text="The mayor stayed."), _at(1))
        assert store.search("resigned") == []
        assert [h.article.id for h in store.search("stayed")] == [doc.id]

    @pytest.mark.parametrize("query", ['"lighthouse', "lighthouse*", "-lighthouse", "(lighthouse", '"lighthouse"'])
    def test_search_operators_are_plain_words(self, store: Store, query: str) -> None:
        in_title, in_text, _ = self._search_corpus(store)
        assert {h.article.id for h in store.search(query)} == {in_title.id, in_text.id}

    @pytest.mark.parametrize(
        "query",
        [
            '"',
            '""',
            "*",
            "AND",
            "OR",
            "NOT",
            "lighthouse AND",
            "AND lighthouse",
            "lighthouse OR NOT",
            "-",
            ":",
            "title:lighthouse",
            "NEAR(keeper lighthouse)",
            "keeper^",
            "((",
            "a'b",
            "light-house",
            "{title} : keeper",
            "\\",
        ],
    )
    def test_search_odd_queries_do_not_raise(self, store: Store, query: str) -> None:
        self._search_corpus(store)
        hits = store.search(query)
        assert isinstance(hits, list)

    @pytest.mark.parametrize("query", ["", "   ", "!!!", '"*"', "-:"])
    def test_search_without_words_is_empty(self, store: Store, query: str) -> None:
        self._search_corpus(store)
        assert store.search(query) == []

    # --- outlets --------------------------------------------------------------------------------------------
    def test_outlets_with_counts(self, store: Store) -> None:
        for i in range(3):
            store.upsert_document(make_doc(i, outlet=COURIER), _at(i))
        store.upsert_document(make_doc(0, outlet=GAZETTE), _at(5))
        store.upsert_document(make_doc(0, outlet=GAZETTE), _at(6))  # unchanged: still one article
        assert sorted(store.outlets(), key=lambda oc: oc[0].id) == [(COURIER, 3), (GAZETTE, 1)]

    # --- reprint index --------------------------------------------------------------------------------------
    def test_signature_candidates_share_a_band(self, store: Store) -> None:
        a, b, c = make_doc(1), make_doc(2), make_doc(3)
        for i, d in enumerate((a, b, c)):
            store.upsert_document(d, _at(i))
        store.put_signature(a.id, b"sig-a", [b"band-1", b"band-2"])
        store.put_signature(b.id, b"sig-b", [b"band-2", b"band-3"])
        store.put_signature(c.id, b"sig-c", [b"band-4"])

        def candidates(*bands: bytes) -> set[tuple[str, bytes]]:
            found = store.signature_candidates(list(bands))
            assert len(found) == len(set(found)), "an article appears once however many bands it shares"
            return set(found)

        assert candidates(b"band-2") == {(a.id, b"sig-a"), (b.id, b"sig-b")}
        assert candidates(b"band-1", b"band-2", b"band-3") == {(a.id, b"sig-a"), (b.id, b"sig-b")}
        assert candidates(b"band-4") == {(c.id, b"sig-c")}
        assert candidates(b"band-9") == set()
        assert store.signature_candidates([]) == []
        for _, signature in store.signature_candidates([b"band-1"]):
            assert type(signature) is bytes

    def test_put_signature_replaces_the_earlier_one(self, store: Store) -> None:
        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        store.put_signature(doc.id, b"old", [b"band-1", b"band-2"])
        store.put_signature(doc.id, b"new", [b"band-3"])
        assert store.signature_candidates([b"band-1"]) == []
        assert store.signature_candidates([b"band-2"]) == []
        assert store.signature_candidates([b"band-3"]) == [(doc.id, b"new")]

    def test_set_and_clear_reprint(self, store: Store) -> None:
        original, copy1, copy2 = make_doc(1), make_doc(2, outlet=GAZETTE), make_doc(3)
        for i, d in enumerate((original, copy1, copy2)):
            store.upsert_document(d, _at(i))
        assert store.reprints_of(original.id) == []

        store.set_reprint(ReprintLink(copy1.id, original.id, 0.93), copy1.id)
        store.set_reprint(ReprintLink(copy2.id, original.id, 0.88), copy2.id)
        assert sorted(store.reprints_of(original.id), key=lambda link: link.article_id) == sorted(
            [ReprintLink(copy1.id, original.id, 0.93), ReprintLink(copy2.id, original.id, 0.88)],
            key=lambda link: link.article_id,
        )
        article = store.get_article(copy1.id)
        assert article is not None
        assert (article.reprint_of, article.reprint_similarity) == (original.id, pytest.approx(0.93))
        assert store.reprints_of(copy1.id) == []

        store.set_reprint(None, copy1.id)
        assert store.reprints_of(original.id) == [ReprintLink(copy2.id, original.id, 0.88)]
        article = store.get_article(copy1.id)
        assert article is not None
        assert (article.reprint_of, article.reprint_similarity) == (None, None)

    # --- runs, failures, feed state -------------------------------------------------------------------------
    def test_run_ids_grow(self, store: Store) -> None:
        first = store.start_run(["https://courier.example/rss"])
        second = store.start_run(iter(["a.html", "b.html"]))  # any iterable
        store.finish_run(RunSummary(run_id=first, new=3, failed=1, failures_by_code={"ND112": 1}, seconds=1.5))
        third = store.start_run([])
        assert first < second < third
        store.finish_run(RunSummary(run_id=second))
        store.finish_run(RunSummary(run_id=third))

    def test_failures_newest_first_with_run_filter_and_limit(self, store: Store) -> None:
        run1, run2 = store.start_run(["feed-1"]), store.start_run(["feed-2"])
        recorded = [
            IngestFailure("s0", "ND112", "server said 503", run1, _at(0)),
            IngestFailure("s1", "ND121", "empty file", run2, _at(1)),
            IngestFailure("s2", "ND113", "timed out", run1, _at(2)),
            IngestFailure("s3", "ND123", "bad feed", None, _at(3)),
        ]
        for failure in recorded:
            store.record_failure(failure)
        assert store.failures() == list(reversed(recorded))
        assert store.failures(run_id=run1) == [recorded[2], recorded[0]]
        assert store.failures(run_id=run2) == [recorded[1]]
        assert store.failures(run_id=run2 + 100) == []
        assert store.failures(limit=2) == [recorded[3], recorded[2]]
        assert store.failures(run_id=run1, limit=1) == [recorded[2]]

    def test_failure_without_time_gets_one(self, store: Store) -> None:
        store.record_failure(IngestFailure("s", "ND124", "no text"))
        [failure] = store.failures()
        assert (failure.source, failure.code, failure.message, failure.run_id) == (
            "s",
            "ND124",
            "no text",
            None,
        )
        assert isinstance(failure.at, datetime)

    def test_feed_state_round_trip_and_overwrite(self, store: Store) -> None:
        url = "https://courier.example/rss"
        assert store.feed_state(url) is None
        first = FeedState(url, etag='W/"abc"', last_modified="Fri, 01 Mar 2024 12:00:00 GMT", checked_at=_at(0))
        store.put_feed_state(first)
        assert store.feed_state(url) == first

        second = FeedState(url, etag=None, last_modified="Sat, 02 Mar 2024 08:00:00 GMT", checked_at=_at(60))
        store.put_feed_state(second)
        assert store.feed_state(url) == second
        assert store.feed_state("https://gazette.example/rss") is None

        other = FeedState("https://gazette.example/rss")
        store.put_feed_state(other)
        assert store.feed_state(other.url) == other
        assert store.feed_state(url) == second

    # --- lifecycle ------------------------------------------------------------------------------------------
    def test_data_persists_after_close_and_reopen(self, store: Store, reopen: Callable[[], Store] | None) -> None:
        if reopen is None:
            pytest.skip("this backend provides no `reopen` fixture")
        from newsdesk.store.testing_stories import _join, _vector  # that module imports this one

        doc = make_doc(1)
        store.upsert_document(doc, _at(0))
        store.upsert_document(replace(doc, text="Revised text."), _at(1))
        store.put_signature(doc.id, b"sig", [b"band"])
        run = store.start_run(["feed"])
        store.record_failure(IngestFailure("feed", "ND112", "503", run, _at(2)))
        state = FeedState("https://courier.example/rss", etag="x", checked_at=_at(3))
        store.put_feed_state(state)
        other = make_doc(2, outlet=GAZETTE)
        store.upsert_document(other, _at(4))
        _join(store, doc, _vector("s_keep"), terms=["bridg"])
        _join(store, other, _vector("s_gone"), terms=["diver"], similarity=0.5)
        merged = _vector("s_keep", 2, weights={"bridg": 1.0, "diver": 0.9}, first=_at(0), last=_at(4))
        store.merge_stories("s_gone", merged)
        story = Story(
            id="s_keep",
            headline="Story number 1",
            headline_article=doc.id,
            article_ids=(doc.id, other.id),
            outlets=("The Harbour Courier", "Valley Gazette"),
            sources=2,
            first_seen=_at(0),
            last_seen=_at(4),
            entities=("Riverton",),
            terms=("bridge",),
        )
        store.put_story(story)
        store.close()

        again = reopen()
        assert again.count_articles() == 2
        article = again.get_article(doc.id)
        assert article is not None
        assert (article.text, article.revision) == ("Revised text.", 2)
        assert [r.number for r in again.revisions(doc.id)] == [1, 2]
        assert [h.article.id for h in again.search("revised")] == [doc.id]
        assert again.signature_candidates([b"band"]) == [(doc.id, b"sig")]
        assert again.failures() == [IngestFailure("feed", "ND112", "503", run, _at(2))]
        assert again.feed_state(state.url) == state
        assert again.start_run([]) > run
        assert again.get_story("s_gone") == replace(story, merged_from=("s_gone",))
        assert again.story_vectors(["s_keep"]) == [merged]
        assert [(a.id, s) for a, s in again.story_members("s_keep")] == [(doc.id, 0.0), (other.id, 0.5)]
        assert again.story_of(other.id) == "s_keep"
        assert again.cluster_stats(["bridg", "diver"]) == (2, {"bridg": 1, "diver": 1})
        assert again.story_candidates(["diver"], per_term=5) == ["s_keep"]
        assert again.dirty_stories() == []
        assert again.unclustered() == []


def _two_docs_sharing_an_id_prefix() -> tuple[Document, Document]:
    """Two documents whose ids share their first hex digit (found deterministically: ids are hashes)."""
    seen: dict[str, Document] = {}
    for n in range(100):
        doc = make_doc(f"p{n}")
        prefix = doc.id[:3]
        if prefix in seen:
            return seen[prefix], doc
        seen[prefix] = doc
    raise AssertionError("unreachable: 100 ids over 16 first digits must collide")
