"""The Kursk story of the sample corpus, read as an editor would: who gave which figure, when, how sure.

The corpus (examples/README.md) was written so that its figures disagree: South Korea's National Intelligence
Service says about 300 killed and 2,700 wounded (in January), Zelenskyy about 4,000 casualties, U.S.
intelligence about 1,200; the JoongAng Ilbo reports 1,000 to 3,000 new troops on top of 10,000 to 12,000;
Russia and North Korea deny or will not acknowledge; bodies were "reportedly" refused and an "ice burial"
"allegedly" considered. These tests run the whole pipeline (ingest, clustering, extraction) on the corpus.
"""

from __future__ import annotations

from datetime import date

import pytest

from newsdesk.claims.speakers import unify_speakers
from newsdesk.store.base import Store
from newsdesk.types import Change, Claim, ClaimKind, Hedge, Quantity, Stance, TimePrecision


@pytest.fixture(scope="module")
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.fixture(scope="module")
def kursk(store: Store) -> list[Claim]:
    story = next(s for s in store.list_stories(limit=100) if "Kursk front, Seoul says" in s.headline)
    return unify_speakers(store.claims_of(list(story.article_ids)))


def _figures(claims: list[Claim], value: float, high: float | None = None) -> list[tuple[Claim, Quantity]]:
    return [(c, q) for c in claims for q in c.quantities if q.value == value and q.high == high]


def test_every_article_was_read_and_each_claim_has_evidence(store: Store, kursk: list[Claim]) -> None:
    assert store.pending_claims(kursk[0].extractor) == []
    for c in kursk:
        article = store.get_article(c.article_id)
        assert article is not None
        source = article.title if c.evidence.field == "title" else article.text
        assert 0 <= c.evidence.start < c.evidence.end <= len(source)
        for s, e in c.content_spans + c.source_spans + c.cue_spans:
            assert c.evidence.start <= s < e <= c.evidence.end
        for q in c.quantities:
            assert source[q.start : q.end] == q.text


def test_the_intelligence_service_gives_300_killed_and_2700_wounded_in_january(kursk: list[Claim]) -> None:
    killed = [(c, q) for c, q in _figures(kursk, 300) if "Intelligence Service" in c.speaker]
    assert len(killed) >= 5, "most articles carry the NIS figure"
    for c, q in killed:
        assert q.change is Change.APPROXIMATE and q.qualifier.lower() in {"about", "some", "roughly", "around"}
        assert "killed" in q.measure or "killed" in c.text
    in_january = [c for c, _ in killed if any(t.precision is TimePrecision.MONTH for t in c.times)]
    assert in_january
    for c in in_january:
        month = next(t for t in c.times if t.precision is TimePrecision.MONTH)
        assert (month.first, month.last) == (date(2025, 1, 1), date(2025, 1, 31))
    wounded = [(c, q) for c, q in _figures(kursk, 2700) if "Intelligence Service" in c.speaker]
    assert len(wounded) >= 5
    assert all(any(w in q.measure for w in ("wounded", "injured")) for _, q in wounded)


def test_zelenskyy_and_us_intelligence_give_their_own_casualty_figures(kursk: list[Claim]) -> None:
    zelenskyy = [(c, q) for c, q in _figures(kursk, 4000) if "Zelenskyy" in c.speaker]
    assert len(zelenskyy) >= 4
    assert all(q.change is Change.APPROXIMATE for _, q in zelenskyy)
    assert any("casualties" in q.measure for _, q in zelenskyy)
    us = [(c, q) for c, q in _figures(kursk, 1200) if "intelligence" in c.speaker.lower()]
    assert len(us) >= 3
    assert all("Intelligence Service" not in c.speaker for c, _ in us), "U.S. intelligence is not the NIS"


def test_the_joongang_ilbo_reports_a_range_of_new_troops(kursk: list[Claim]) -> None:
    reported = [(c, q) for c, q in _figures(kursk, 1000, 3000) if "JoongAng" in c.speaker]
    assert len(reported) >= 5
    assert any(q.normalized_unit in {"troop", "soldier"} for _, q in reported)
    assert {c.kind for c, _ in reported} <= {ClaimKind.REPORTED, ClaimKind.QUOTE}
    force = _figures(kursk, 10000, 12000)
    assert len(force) >= 4, "the 10,000-12,000 force already there is a range too"


def test_denials_are_denials(kursk: list[Claim]) -> None:
    denied = [c for c in kursk if c.stance is Stance.DENIED]
    deniers = " ".join(c.speaker for c in denied)
    for who in ("Russia", "North Korea", "Kremlin"):
        assert who in deniers, f"{who} denies or declines in the corpus"
    assert any("declined to comment" in " ".join(c.markers) for c in denied)
    assert any("acknowledged" in " ".join(c.markers) for c in denied)
    assert all(c.stance is not Stance.DENIED for c, _ in _figures(kursk, 300))


def test_hedges_are_kept(kursk: list[Claim]) -> None:
    reportedly = [c for c in kursk if "reportedly" in [m.lower() for m in c.markers]]
    allegedly = [c for c in kursk if "allegedly" in [m.lower() for m in c.markers]]
    assert len(reportedly) >= 4 and len(allegedly) >= 4
    assert all(c.hedge in (Hedge.HEDGED, Hedge.SPECULATIVE) for c in reportedly + allegedly)
    plain = [c for c in kursk if c.kind is ClaimKind.OWN and not c.markers]
    assert plain and all(c.hedge is Hedge.STATED for c in plain)


def test_the_headline_names_its_source(store: Store, kursk: list[Claim]) -> None:
    titled = [c for c in kursk if c.evidence.field == "title"]
    assert any(c.speaker_text == "Seoul" and c.cue == "says" for c in titled)
