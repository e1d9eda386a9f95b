"""The claim stage: headlines, the outlet's own voice, denials it reports, and the run over a store."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsdesk.claims.extract import ClaimExtractor, Parts, default_parts, headline_attribution
from newsdesk.errors import ModelError
from newsdesk.pipeline import run_claims
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.store.testing import make_doc
from newsdesk.types import Article, Attribution, ClaimKind, Hedge, Stance

PUBLISHED = datetime(2025, 2, 13, 10, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def parts() -> Parts:
    return default_parts()


def _article(store: Store, n: int, text: str, title: str = "A title") -> Article:
    doc = make_doc(n, title=title, text=text, published=PUBLISHED)
    store.upsert_document(doc, PUBLISHED)
    found = store.get_article(doc.id)
    assert found is not None
    return found


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return open_store(tmp_path / "news.db")


@pytest.mark.parametrize(
    ("title", "source", "cue", "content"),
    [
        ("North Korea sends fresh troops to Russia's Kursk front, Seoul says", "Seoul", "says", "North Korea"),
        ("Dam failure floods valley, officials say", "officials", "say", "Dam failure floods valley"),
        ("Seoul: North Korea has sent more soldiers", "Seoul", ":", "North Korea has sent more soldiers"),
        ("Central bank warns of slower growth, IMF says", "IMF", "says", "Central bank warns"),
    ],
)
def test_headline_attributions(title: str, source: str, cue: str, content: str) -> None:
    att = headline_attribution(title)
    assert att is not None
    (s, e), (cs, ce), (ts, te) = att.source[0], att.cue[0], att.content[0]
    assert title[s:e] == source and title[cs:ce] == cue and title[ts:te].startswith(content)


@pytest.mark.parametrize("title", ["Quake shakes Oravia", "Why the dam failed", "Says who? A guide to sources"])
def test_headlines_without_a_source(title: str) -> None:
    assert headline_attribution(title) is None


def test_own_voice_hedges_and_reported_denials(store: Store, parts: Parts) -> None:
    text = (
        "The dam gave way on Tuesday, flooding three villages. "
        "The operator has reportedly ignored two warnings from inspectors. "
        "Kessen Hydro has not acknowledged the warnings."
    )
    article = _article(store, 1, text)
    claims = ClaimExtractor(parts).extract(article)
    by_start = {c.evidence.start: c for c in claims}
    first, second, third = (by_start[text.index(x)] for x in ("The dam", "The operator", "Kessen"))
    assert (first.kind, first.speaker, first.hedge, first.stance) == (
        ClaimKind.OWN,
        article.outlet.name,
        Hedge.STATED,
        Stance.ASSERTED,
    )
    assert first.times and first.times[0].first.isoformat() == "2025-02-11"
    assert second.hedge is Hedge.HEDGED and "reportedly" in second.markers
    assert third.stance is Stance.DENIED and third.speaker == "Kessen Hydro"
    assert third.kind is ClaimKind.REPORTED and text[slice(*third.source_spans[0])] == "Kessen Hydro"


def test_claim_ids_are_stable_and_carry_the_extractor_name(store: Store, parts: Parts) -> None:
    article = _article(store, 1, "The ministry said about 120 people had been killed.")
    extractor = ClaimExtractor(parts)
    once, twice = extractor.extract(article), extractor.extract(article)
    assert [c.id for c in once] == [c.id for c in twice] and once
    assert all(c.extractor == extractor.name for c in once)
    assert extractor.name.startswith("claims/") and all(n in extractor.name for n in parts.names)


class _Failing:
    """An attributor that breaks on one text, as a bug or a damaged model would."""

    def __init__(self, inner: object, poison: str, error: Exception) -> None:
        self.inner, self.poison, self.error = inner, poison, error

    def extract(self, text: str) -> list[Attribution]:
        if self.poison in text:
            raise self.error
        return self.inner.extract(text)  # type: ignore[attr-defined,no-any-return]


def test_one_failing_article_is_recorded_and_the_run_goes_on(store: Store, parts: Parts) -> None:
    good = _article(store, 1, "The ministry said about 120 people had been killed.")
    bad = _article(store, 2, "POISON. The ministry said the dam held.")
    extractor = ClaimExtractor(replace(parts, attributor=_Failing(parts.attributor, "POISON", RuntimeError("boom"))))
    seen = []
    run = run_claims(store, extractor, on_failure=seen.append)
    assert (run.articles, run.failed) == (2, 1)
    assert store.claims_of([good.id]) and store.claims_of([bad.id]) == []
    (failure,) = store.failures()
    assert failure.source == bad.id and failure.code == "ND130" and "boom" in failure.message
    assert [f.source for f in seen] == [bad.id]
    assert store.pending_claims(extractor.name) == [], "a failed article is not retried by the same extractor"


def test_a_broken_model_stops_the_run(store: Store, parts: Parts) -> None:
    _article(store, 1, "POISON. The ministry said the dam held.")
    broken = ClaimExtractor(replace(parts, attributor=_Failing(parts.attributor, "POISON", ModelError("no model"))))
    with pytest.raises(ModelError):
        run_claims(store, broken)
    assert store.count_claims() == 0


def test_a_revision_and_a_new_extractor_are_read_again(store: Store, parts: Parts) -> None:
    article = _article(store, 1, "The ministry said about 120 people had been killed.")
    extractor = ClaimExtractor(parts)
    assert run_claims(store, extractor).articles == 1
    assert run_claims(store, extractor).articles == 0
    _article(store, 1, "The ministry said about 130 people had been killed.")  # same URL: a new revision
    assert run_claims(store, extractor).articles == 1
    (figure,) = [q for c in store.claims_of([article.id]) for q in c.quantities]
    assert figure.value == 130
    newer = ClaimExtractor(replace(parts, names=(*parts.names, "extra/1")))
    assert run_claims(store, newer).articles == 1


@pytest.mark.parametrize(
    ("text", "speaker", "mentions"),
    [
        (
            "South Korea's National Intelligence Service said on Wednesday that about 300 soldiers had been killed. "
            "It added that more troops had arrived. The agency said the number was still being examined.",
            "South Korea's National Intelligence Service",
            ["South Korea's National Intelligence Service", "It", "The agency"],
        ),
        (
            "Ukrainian President Volodymyr Zelenskyy said the toll was about 4,000. "
            "He told reporters that North Korea was hiding its losses.",
            "Ukrainian President Volodymyr Zelenskyy",
            ["Ukrainian President Volodymyr Zelenskyy", "He"],
        ),
    ],
)
def test_pronoun_and_description_speakers_resolve_in_the_text(
    store: Store, parts: Parts, text: str, speaker: str, mentions: list[str]
) -> None:
    claims = ClaimExtractor(parts).extract(_article(store, 1, text))
    reported = [c for c in claims if c.kind is not ClaimKind.OWN]
    assert [c.speaker_text for c in reported] == mentions
    assert {c.speaker for c in reported} == {speaker}
