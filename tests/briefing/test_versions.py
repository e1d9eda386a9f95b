"""What changed between two briefing versions, on briefings built by hand from the shared types."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from newsdesk.briefing.versions import changes
from newsdesk.types import (
    Briefing,
    BriefingChanges,
    BriefSentence,
    Change,
    CheckReport,
    Figure,
    FigureGroup,
    FigurePolicy,
    Findings,
    Hedge,
    Quantity,
    Source,
    Span,
    Stance,
    Story,
)

WHEN = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
NIS = "South Korea's National Intelligence Service"
KYIV = "Ukraine's military intelligence"


def _figure(
    n: int,
    speaker: str,
    number: float,
    *,
    article: str = "a_1",
    high: float | None = None,
    change: Change = Change.EXACT,
    measure: str = "killed",
    subject: str = "North Korean soldiers",
) -> Figure:
    text = f"{number:g} soldiers"
    return Figure(
        claim_id=f"c_{article}_{n}",
        article_id=article,
        speaker=speaker,
        via=(speaker, "Harbour Courier"),
        quantity=Quantity(10, 10 + len(text), text, number, high=high, change=change, measure=measure),
        measure=measure,
        subject=subject,
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
        evidence=Span(article, 0, 60),
        quote=f"{speaker} said {text} had been {measure}.",
        published=WHEN,
    )


def _group(*figures: Figure, period: str = "December 2024", measure: str = "killed") -> FigureGroup:
    values = [v for f in figures for v in (f.quantity.value, f.quantity.high) if v is not None]
    return FigureGroup(
        id=f"g_{measure}_{period}",
        measure=measure,
        subject="North Korean soldiers",
        unit="soldier",
        period=period,
        figures=figures,
        low=min(values),
        high=max(values),
        sources=len({f.article_id for f in figures}),
    )


def _source(number: int, article: str, outlet: str = "Harbour Courier") -> Source:
    return Source(number, article, outlet, f"Title of {article}", f"https://news.example/{article}", WHEN)


def _briefing(version: int, ledger: tuple[FigureGroup, ...], sources: tuple[Source, ...]) -> Briefing:
    story = Story("s_kursk", "North Korean troops in Kursk", "a_1", tuple(s.article_id for s in sources))
    return Briefing(
        story=story,
        version=version,
        headline=BriefSentence("North Korean troops in Kursk"),
        lede=(),
        takeaways=(),
        sections=(),
        sources=sources,
        findings=Findings("s_kursk", ledger=ledger, sources=len(sources)),
        claims=(),
        report=CheckReport("support/1", sentences=1, citations=0, supporting=0),
        writer="template/1",
        policy=FigurePolicy.ALL,
        fingerprint=f"fp{version}",
        written_at=WHEN,
    )


NIS_100 = _figure(1, NIS, 100)
KYIV_200 = _figure(2, KYIV, 200, article="a_2")
BEFORE = _briefing(3, (_group(NIS_100, KYIV_200),), (_source(1, "a_1"), _source(2, "a_2", "Valley Gazette")))


def test_the_same_briefing_again_changes_nothing() -> None:
    got = changes(BEFORE, replace(BEFORE, version=4, fingerprint="fp4"))
    assert got == BriefingChanges(since=3)
    assert got.empty


def test_a_figure_from_a_new_speaker_is_new() -> None:
    moscow = _figure(3, "Russia's defence ministry", 0, article="a_3")
    after = _briefing(4, (_group(NIS_100, KYIV_200, moscow),), BEFORE.sources)
    got = changes(BEFORE, after)
    assert got.new_figures == (moscow,)
    assert got.revised_figures == ()
    assert got.since == 3 and not got.empty


def test_a_known_speakers_figure_for_another_period_or_measure_is_new() -> None:
    january = _figure(3, NIS, 100, article="a_3")
    wounded = _figure(4, NIS, 300, article="a_3", measure="wounded")
    ledger = (_group(NIS_100, KYIV_200), _group(january, period="January 2025"), _group(wounded, measure="wounded"))
    got = changes(BEFORE, _briefing(4, ledger, BEFORE.sources))
    assert got.new_figures == (january, wounded)
    assert got.revised_figures == ()


def test_a_changed_value_is_a_revision_paired_with_the_figure_it_replaces() -> None:
    nis_revised = _figure(5, NIS, 1100, article="a_4")
    after = _briefing(4, (_group(nis_revised, KYIV_200),), BEFORE.sources)
    got = changes(BEFORE, after)
    assert got.revised_figures == ((NIS_100, nis_revised),)
    assert got.new_figures == ()


def test_a_changed_range_end_or_qualifier_is_a_revision_too() -> None:
    ranged = _figure(5, NIS, 100, high=300)
    approximate = _figure(6, KYIV, 200, article="a_2", change=Change.APPROXIMATE)
    got = changes(BEFORE, _briefing(4, (_group(ranged, approximate),), BEFORE.sources))
    assert got.revised_figures == ((NIS_100, ranged), (KYIV_200, approximate))
    assert got.new_figures == ()


def test_a_speaker_giving_a_second_value_revises_their_last_known_figure() -> None:
    # both values stay in the ledger (the old article still says 100): 1,100 is reported against the 100
    more = _figure(5, NIS, 1100, article="a_4")
    got = changes(BEFORE, _briefing(4, (_group(NIS_100, KYIV_200, more),), BEFORE.sources))
    assert got.revised_figures == ((NIS_100, more),)


def test_a_known_figure_relayed_by_more_articles_is_not_reported() -> None:
    relayed = [_figure(7 + i, NIS, 100, article=f"a_{5 + i}") for i in range(3)]
    respaced = _figure(9, " south korea's  national intelligence SERVICE", 100, article="a_9")
    after = _briefing(4, (_group(NIS_100, KYIV_200, *relayed, respaced),), BEFORE.sources)
    assert changes(BEFORE, after).empty


def test_a_new_value_relayed_by_several_articles_is_reported_once() -> None:
    first = _figure(5, NIS, 1100, article="a_4")
    copies = [_figure(6 + i, NIS, 1100, article=f"a_{5 + i}") for i in range(3)]
    newcomer = [_figure(10 + i, "Pentagon", 3000, article=f"a_{5 + i}") for i in range(2)]
    after = _briefing(4, (_group(*copies[:1], first, *copies[1:], KYIV_200, *newcomer),), BEFORE.sources)
    got = changes(BEFORE, after)
    assert got.revised_figures == ((NIS_100, copies[0]),), "the first figure that gives the value stands for it"
    assert got.new_figures == (newcomer[0],)


def test_a_figure_that_disappears_is_not_a_change() -> None:
    got = changes(BEFORE, _briefing(4, (_group(KYIV_200),), BEFORE.sources))
    assert got.empty


def test_new_sources_are_those_whose_article_is_new() -> None:
    renumbered = (_source(1, "a_2", "Valley Gazette"), _source(2, "a_1"))
    added = (_source(3, "a_7", "Wire Agency"), _source(4, "a_8", "Riverside Gazette"))
    after = _briefing(4, BEFORE.findings.ledger, renumbered + added)
    got = changes(BEFORE, after)
    assert got.new_sources == added
    assert got.new_figures == () and got.revised_figures == ()


def test_every_kind_of_change_at_once() -> None:
    nis_revised = _figure(5, NIS, 1100, article="a_7")
    pentagon = _figure(6, "Pentagon", 3000, article="a_8")
    sources = (*BEFORE.sources, _source(3, "a_7", "Wire Agency"), _source(4, "a_8"))
    after = _briefing(5, (_group(nis_revised, KYIV_200, pentagon),), sources)
    assert changes(BEFORE, after) == BriefingChanges(
        since=3,
        new_figures=(pentagon,),
        revised_figures=((NIS_100, nis_revised),),
        new_sources=sources[2:],
    )
