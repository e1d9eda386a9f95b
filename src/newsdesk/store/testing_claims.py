"""Contract tests of the claim methods every :class:`~newsdesk.store.base.Store` backend passes.

A backend's test class inherits it beside the other contracts, with the same ``store`` fixture::

    class TestSQLiteStore(StoreContract, StoryContract, ClaimContract): ...

This module imports pytest; only test code imports it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from newsdesk.errors import StoreError
from newsdesk.store.base import Store
from newsdesk.store.testing import _at, make_doc
from newsdesk.types import (
    Change,
    Claim,
    ClaimKind,
    Document,
    Hedge,
    Quantity,
    Span,
    Stance,
    TimeExpression,
    TimePrecision,
)

__all__ = ["ClaimContract"]

TEXT = "The agency said in January that about 300 soldiers had been killed. Moscow denied it."


def _claim(doc: Document, n: int = 0, *, field: str = "text", **fields: object) -> Claim:
    base = Claim(
        id=f"c_{doc.id[2:]}_{n}",
        article_id=doc.id,
        kind=ClaimKind.REPORTED,
        speaker="National Intelligence Service",
        speaker_text="The agency",
        cue="said",
        text="about 300 soldiers had been killed",
        evidence=Span(doc.id, 0, 67, field),
        source_spans=((0, 10),),
        cue_spans=((11, 15),),
        content_spans=((32, 66),),
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
        markers=(),
        quantities=(
            Quantity(
                38,
                57,
                "about 300 soldiers",
                300.0,
                change=Change.APPROXIMATE,
                qualifier="about",
                unit="soldiers",
                normalized_unit="soldier",
                measure="soldiers killed",
            ),
            Quantity(0, 12, "1,000 to 3,000", 1000.0, high=3000.0, whom="North Korean"),
        ),
        times=(TimeExpression(16, 26, "in January", date(2025, 1, 1), date(2025, 1, 31), TimePrecision.MONTH),),
        extractor="test/1",
    )
    return replace(base, **fields)  # type: ignore[arg-type]


def _stored(store: Store, n: int) -> list[Document]:
    docs = [make_doc(i, text=TEXT) for i in range(n)]
    for i, doc in enumerate(docs):
        store.upsert_document(doc, _at(i))
    return docs


class ClaimContract:
    def test_fresh_store_has_no_claims(self, store: Store) -> None:
        assert store.count_claims() == 0
        assert store.claims_of(["a_0000000000000000"]) == []
        assert store.pending_claims("test/1") == []

    def test_claims_round_trip_with_every_field(self, store: Store) -> None:
        (doc,) = _stored(store, 1)
        title_claim = _claim(doc, 1, field="title", kind=ClaimKind.OWN, hedge=Hedge.HEDGED, markers=("reportedly",))
        claims = [_claim(doc, 0), title_claim]
        store.put_claims(doc.id, 1, "test/1", claims)
        assert store.claims_of([doc.id]) == claims
        assert store.count_claims() == 2

    def test_put_claims_replaces_and_keeps_order(self, store: Store) -> None:
        (doc,) = _stored(store, 1)
        store.put_claims(doc.id, 1, "test/1", [_claim(doc, 0), _claim(doc, 1)])
        again = [_claim(doc, 2, speaker="Zelenskyy"), _claim(doc, 0, stance=Stance.DENIED)]
        store.put_claims(doc.id, 1, "test/2", again)
        assert store.claims_of([doc.id]) == again
        assert store.count_claims() == 2

    def test_claims_of_follows_the_order_of_the_articles_asked_for(self, store: Store) -> None:
        a, b, c = _stored(store, 3)
        for doc in (a, b, c):
            store.put_claims(doc.id, 1, "test/1", [_claim(doc, 0), _claim(doc, 1)])
        got = store.claims_of([c.id, a.id, c.id, "a_missing"])
        assert [(x.article_id, x.id) for x in got] == [
            (c.id, _claim(c, 0).id),
            (c.id, _claim(c, 1).id),
            (a.id, _claim(a, 0).id),
            (a.id, _claim(a, 1).id),
        ]

    def test_pending_claims_by_extractor_and_revision(self, store: Store) -> None:
        a, b, c = _stored(store, 3)
        assert [x.id for x in store.pending_claims("test/1")] == [a.id, b.id, c.id]
        store.put_claims(a.id, 1, "test/1", [_claim(a)])
        store.put_claims(b.id, 1, "test/1", [_claim(b)])
        store.put_claims(c.id, 1, "test/1", [])  # read, and found nothing: not pending either
        assert store.pending_claims("test/1") == []
        assert [x.id for x in store.pending_claims("test/2")] == [a.id, b.id, c.id]
        assert [x.id for x in store.pending_claims("test/2", limit=1)] == [a.id]
        assert [x.id for x in store.pending_claims("test/2", among=[c.id, a.id, "a_missing"])] == [a.id, c.id]
        assert store.pending_claims("test/1", among=[a.id]) == []
        # a new revision of b makes it pending again, and its old claims (offsets into the old text) go
        store.upsert_document(replace(b, text=TEXT + " It was revised."), _at(10))
        assert [x.id for x in store.pending_claims("test/1")] == [b.id]
        assert store.claims_of([a.id, b.id]) == [_claim(a)]
        # the same text again is no new revision
        store.upsert_document(a, _at(11))
        assert [x.id for x in store.pending_claims("test/1")] == [b.id]

    def test_a_failed_put_keeps_the_claims_already_stored(self, store: Store) -> None:
        (doc,) = _stored(store, 1)
        kept = [_claim(doc, 0)]
        store.put_claims(doc.id, 1, "test/1", kept)
        with pytest.raises(StoreError):
            store.put_claims(doc.id, 1, "test/2", [_claim(doc, 1), _claim(doc, 1)])  # the same id twice
        assert store.claims_of([doc.id]) == kept
        assert store.pending_claims("test/1") == []

    def test_claims_must_belong_to_the_article(self, store: Store) -> None:
        a, b = _stored(store, 2)
        with pytest.raises(ValueError):
            store.put_claims(a.id, 1, "test/1", [_claim(b)])
        assert store.count_claims() == 0
