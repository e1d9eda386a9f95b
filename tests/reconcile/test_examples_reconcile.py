"""The Kursk story of the sample corpus, reconciled: the figures an editor must not mix up, and who denies.

The whole pipeline runs on examples/corpus (ingest, clustering, claim extraction) into a SQLite store in a
temporary folder, as tests/test_examples_claims.py does; the story's members and their stored claims then go
through :func:`newsdesk.reconcile.reconcile`. The corpus (examples/README.md) was written so that its figures
disagree: the NIS's ~300 killed and ~2,700 wounded in January, Zelenskyy's ~4,000 and U.S. intelligence's
~1,200 casualties, the JoongAng Ilbo's 1,000–3,000 new troops on top of the 10,000–12,000 already there, and
Russia, North Korea and the Kremlin refusing to acknowledge the deployment.
"""

from __future__ import annotations

import pytest

from newsdesk.reconcile import reconcile, shown_figures
from newsdesk.store.base import Store
from newsdesk.types import Article, DisagreementKind, FigureGroup, FigurePolicy, Findings, Story

NIS = "South Korea's National Intelligence Service"


@pytest.fixture(scope="module")
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.fixture(scope="module")
def kursk(store: Store) -> tuple[Story, list[Article], Findings]:
    story = next(s for s in store.list_stories(limit=100) if "Kursk front, Seoul says" in s.headline)
    articles = [a for a, _ in store.story_members(story.id)]
    return story, articles, reconcile(story, articles, store.claims_of([a.id for a in articles]))


def _groups(findings: Findings, measure: str) -> list[FigureGroup]:
    return [g for g in findings.ledger if g.measure == measure]


def _speakers(group: FigureGroup) -> set[str]:
    return {f.speaker for f in group.figures}


def test_the_intelligence_services_killed_and_wounded_are_separate_january_groups(
    kursk: tuple[Story, list[Article], Findings],
) -> None:
    _, _, findings = kursk
    killed = next(g for g in _groups(findings, "killed") if NIS in _speakers(g))
    wounded = next(g for g in _groups(findings, "wounded") if NIS in _speakers(g))
    for group, value in ((killed, 300), (wounded, 2700)):
        assert group.period == "January 2025" and group.subject == "North Korean soldiers"
        assert {f.quantity.value for f in group.figures} == {value}
        assert len(group.figures) >= 8 and group.sources >= 5, "the figure is relayed across the story"
        assert group.disagreement == "", "one figure relayed many times is no disagreement"


def test_casualty_estimates_disagree_and_are_not_compared_with_the_killed(
    kursk: tuple[Story, list[Article], Findings],
) -> None:
    _, _, findings = kursk
    (casualties,) = [g for g in _groups(findings, "casualties") if g.high >= 4000]
    values = {(f.speaker, f.quantity.value) for f in casualties.figures}
    assert ("Ukraine's President Volodymyr Zelenskyy", 4000) in values
    assert ("U.S. intelligence", 1200) in values
    assert "1,200" in casualties.disagreement and "4,000" in casualties.disagreement
    assert any(d.kind is DisagreementKind.FIGURES and d.refs == (casualties.id,) for d in findings.disagreements)
    killed = next(g for g in _groups(findings, "killed") if NIS in _speakers(g))
    note = next(d for d in findings.disagreements if set(d.refs) == {killed.id, casualties.id})
    assert note.kind is DisagreementKind.NOT_COMPARABLE and "casualties count killed and wounded" in note.reason
    assert [f.quantity.value for f in shown_figures(casualties, FigurePolicy.CONSERVATIVE)] == [1200]


def test_new_troops_are_kept_apart_from_the_force_already_there(
    kursk: tuple[Story, list[Article], Findings],
) -> None:
    _, _, findings = kursk
    (new,) = _groups(findings, "deployed (new)")
    (total,) = _groups(findings, "deployed (total)")
    assert (new.low, new.high) == (1000, 3000) and new.period == "January–February 2025"
    assert "South Korea's JoongAng Ilbo newspaper" in _speakers(new)
    assert total.low == 10000 and total.high == 12000 and total.disagreement == ""
    assert any(
        d.kind is DisagreementKind.NOT_COMPARABLE and set(d.refs) == {new.id, total.id} for d in findings.disagreements
    )


def test_reprinted_wire_copy_relays_through_the_wire(kursk: tuple[Story, list[Article], Findings]) -> None:
    story, articles, findings = kursk
    figures = [f for g in findings.ledger for f in g.figures]
    gazette = [f for f in figures if f.via[-1] == "Riverside Gazette" and f.speaker == NIS]
    assert gazette and all(f.via == (NIS, "Meridian Wire", "Riverside Gazette") for f in gazette)
    assert findings.sources == story.sources and not findings.single_source
    texts = {a.id: (a.text, a.title) for a in articles}
    for f in figures:
        text, title = texts[f.article_id]
        assert f.quote == (title if f.evidence.field == "title" else text)[f.evidence.start : f.evidence.end]


def test_russia_north_korea_and_the_kremlin_deny_the_deployment(kursk: tuple[Story, list[Article], Findings]) -> None:
    _, _, findings = kursk
    disputed = [p for p in findings.propositions if p.denies and p.confirms]
    central = max(disputed, key=lambda p: len(p.denies))
    deniers = " ".join(p.speaker for p in central.denies)
    assert "Russia" in deniers and "North Korea" in deniers and "Kremlin" in deniers
    assert any(NIS in p.speaker for p in central.confirms)
    assert findings.propositions[0] is central, "the most disputed central proposition comes first"
    assert any(d.kind is DisagreementKind.STANCE and d.refs == (central.id,) for d in findings.disagreements)


def test_the_timeline_is_in_order_and_quotes_its_sources(kursk: tuple[Story, list[Article], Findings]) -> None:
    _, articles, findings = kursk
    assert len(findings.timeline) >= 10
    assert [e.first for e in findings.timeline] == sorted(e.first for e in findings.timeline)
    texts = {a.id: a for a in articles}
    for e in findings.timeline:
        source = texts[e.article_id].title if e.evidence.field == "title" else texts[e.article_id].text
        assert e.text in source[e.evidence.start : e.evidence.end]
    assert any(e.when == "12 February 2025" and "briefing" in e.text for e in findings.timeline)


def test_reconciling_again_gives_the_same_findings(store: Store, kursk: tuple[Story, list[Article], Findings]) -> None:
    story, articles, findings = kursk
    assert reconcile(story, articles, store.claims_of([a.id for a in articles])) == findings
