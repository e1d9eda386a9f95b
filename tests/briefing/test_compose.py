"""The briefing stage on the sample corpus: what the Kursk briefing says, that every published sentence is cited
and supported, that a writer's unsupported sentence is withheld, and how versions follow the story."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from newsdesk.briefing.checker import check_briefing, check_sentence
from newsdesk.briefing.compose import source_list, write_briefing
from newsdesk.briefing.writer import Draft, Material, TemplateWriter
from newsdesk.pipeline import brief_story, run_briefings, run_claims, run_clustering, run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.types import Article, Briefing, BriefSentence, Citation, Claim, FigurePolicy, Story


@pytest.fixture
def store(sample_db: Path, tmp_path: Path) -> Iterator[Store]:
    db = tmp_path / "news.db"
    shutil.copy(sample_db, db)
    with open_store(db) as s:
        yield s


def _kursk(store: Store) -> tuple[Story, list[Article], list[Claim]]:
    story = next(s for s in store.list_stories(limit=100) if "Kursk front, Seoul says" in s.headline)
    articles = [a for a, _ in store.story_members(story.id)]
    return story, articles, store.claims_of([a.id for a in articles])


@pytest.fixture
def kursk(store: Store) -> Briefing:
    story, articles, claims = _kursk(store)
    return write_briefing(story, articles, claims)


def _texts(b: Briefing) -> list[str]:
    return [s.text for _, _, s in b.parts()]


def _sentence_with(b: Briefing, *needles: str) -> str:
    found = [t for t in _texts(b) if all(n in t for n in needles)]
    assert found, f"no published sentence has {needles}: {_texts(b)}"
    return found[0]


def test_kursk_briefing_has_every_part(kursk: Briefing) -> None:
    assert kursk.headline.text == kursk.story.headline
    assert kursk.headline.citations[0].field == "title"
    assert len(kursk.lede) == 1
    assert 3 <= len(kursk.takeaways) <= 6
    assert {s.title for s in kursk.sections} >= {"What the figures say", "Confirmations and denials"}
    assert not kursk.single_source
    assert len(kursk.sources) == len(kursk.story.article_ids)


def test_kursk_briefing_shows_the_four_casualty_figures_with_their_speakers(kursk: Briefing) -> None:
    nis = _sentence_with(kursk, "300", "2,700")
    assert re.search(r"NIS|National Intelligence Service", nis)
    assert "Zelenskyy" in _sentence_with(kursk, "4,000")
    assert "U.S. intelligence" in _sentence_with(kursk, "1,200")
    # the four figures are side by side in one takeaway, each with its speaker
    assert any(all(n in t for n in ("300", "4,000", "1,200")) for t in (s.text for s in kursk.takeaways))


def test_kursk_briefing_shows_the_deployment_figure_the_denial_and_the_hedges(kursk: Briefing) -> None:
    assert "JoongAng Ilbo" in _sentence_with(kursk, "1,000 to 3,000")
    denial = [t for t in _texts(kursk) if re.search(r"not acknowledged|refuse to admit|denied|declined", t)]
    assert denial and any("Russia" in t or "Moscow" in t for t in denial)
    hedged = " ".join(_texts(kursk))
    assert re.search(r"\b(reportedly|allegedly)\b", hedged)
    assert re.search(r"could not (independently )?verify|appears? to have", hedged)


def test_every_published_sentence_is_cited_and_supported(kursk: Briefing, store: Store) -> None:
    articles = {a.id: a for a, _ in store.story_members(kursk.story.id)}
    for _, _, sentence in kursk.parts():
        assert sentence.citations, sentence.text
        assert check_sentence(sentence, articles).ok, sentence.text
    report = check_briefing(kursk, articles)
    assert report.ok and report.sentences == len(kursk.parts())
    assert kursk.report.sentences == report.sentences and kursk.report.ok
    assert report.citation_precision > 0.9


def test_sources_are_numbered_oldest_first_and_reprints_point_at_their_original(store: Store) -> None:
    story, articles, _ = _kursk(store)
    sources = source_list(story, articles)
    assert [s.number for s in sources] == list(range(1, len(articles) + 1))
    published = [s.published for s in sources]
    assert published == sorted(published)  # type: ignore[type-var]
    by_article = {s.article_id: s for s in sources}
    reprints = [a for a in articles if a.reprint_of]
    assert reprints
    for a in reprints:
        assert by_article[a.id].reprint_of == by_article[a.reprint_of].number  # type: ignore[index]


@pytest.mark.parametrize("policy", [FigurePolicy.RANGE, FigurePolicy.CONSERVATIVE])
def test_figure_policies_change_what_is_stated_and_stay_supported(store: Store, policy: FigurePolicy) -> None:
    story, articles, claims = _kursk(store)
    every = write_briefing(story, articles, claims)
    chosen = write_briefing(story, articles, claims, policy=policy)
    assert chosen.policy is policy and chosen.report.ok
    figures = [s for s in chosen.sections if s.title == "What the figures say"]
    all_figures = [s for s in every.sections if s.title == "What the figures say"]
    assert figures and len(figures[0].sentences) < len(all_figures[0].sentences)


def test_below_the_source_threshold_a_story_is_single_source(store: Store) -> None:
    story, articles, claims = _kursk(store)
    single = write_briefing(story, articles, claims, min_sources=story.sources + 1)
    assert single.single_source and single.findings.single_source
    assert not single.lede and not single.takeaways and not single.sections
    assert single.sources  # the sources and findings are still there
    assert not write_briefing(story, articles, claims, min_sources=story.sources).single_source


class _CarelessWriter:
    """A writer that, like an unchecked language model, changes a figure and invents a quote."""

    name = "careless/1"

    def write(self, material: Material) -> Draft:
        good = TemplateWriter().write(material)
        losses = next(s for s in good.takeaways if "2,700" in s.text)
        bad = [
            BriefSentence(text=losses.text.replace("2,700", "27,000", 1), citations=losses.citations),
            BriefSentence(text='Pyongyang called the reports "a pack of lies".', citations=losses.citations),
            BriefSentence(text="North Korea has lost thousands of men."),
        ]
        return replace(good, takeaways=(*bad, *(s for s in good.takeaways if s is not losses)))


def test_a_writers_unsupported_sentences_are_withheld_and_reported_never_published(store: Store) -> None:
    story, articles, claims = _kursk(store)
    briefing = write_briefing(story, articles, claims, writer=_CarelessWriter())
    assert briefing.writer == "careless/1"
    published = _texts(briefing)
    assert not any("a pack of lies" in t or "lost thousands" in t for t in published)
    withheld = {p.text: p.reasons for p in briefing.report.withheld}
    assert len(withheld) == 3
    assert any("citation" in r for r in withheld["North Korea has lost thousands of men."])
    assert any("27,000" in r for text, reasons in withheld.items() if "27,000" in text for r in reasons)
    assert briefing.report.ok


def test_versions_follow_the_story(store: Store, tmp_path: Path) -> None:
    story, _, _ = _kursk(store)
    first, new = brief_story(store, story)
    assert new and first.version == 1 and first.changes is None
    again, new = brief_story(store, story)
    assert not new and again.version == 1
    # a new report arrives in the story: a new source with a revised figure
    extra = tmp_path / "extra.md"
    extra.write_text(
        "---\ntitle: North Korean casualties in Kursk rise, Seoul's NIS says\noutlet: Lakeside Herald\n"
        "url: https://herald.example/2025/02/16/kursk-toll\npublished: 2025-02-16T08:00:00+00:00\n---\n"
        "North Korean troops fighting for Russia in the Kursk region have suffered heavier losses, South Korea's "
        "National Intelligence Service said on Sunday. The NIS said about 600 North Korean soldiers had been "
        "killed and 3,400 wounded since they were sent to Russia's Kursk front. Russia and North Korea have not "
        "acknowledged the presence of North Korean troops in Kursk.\n",
        encoding="utf-8",
    )
    settings = Settings.from_env({}, db=Path("unused.db"), host_delay=0, progress=False)
    run_ingest(store, [str(extra)], settings)
    run_clustering(store)
    run_claims(store)
    grown = store.get_story(story.id)
    assert grown is not None and set(story.article_ids) < set(grown.article_ids)
    second, new = brief_story(store, grown)
    assert new and second.version == 2
    assert second.changes is not None and second.changes.since == 1
    assert "Lakeside Herald" in [s.outlet for s in second.changes.new_sources]
    changed = {f.quantity.value for f in second.changes.new_figures} | {
        n.quantity.value for _, n in second.changes.revised_figures
    }
    assert 600 in changed
    assert [r.version for r in store.briefing_versions(story.id)] == [1, 2]
    assert store.briefing(story.id, 1) is not None


def test_run_briefings_writes_each_changed_story_once(store: Store) -> None:
    first = run_briefings(store)
    assert first.stories == store.count_stories() and first.written == first.stories and first.unchanged == 0
    again = run_briefings(store)
    assert again.written == 0 and again.unchanged == again.stories


def test_a_citation_that_does_not_quote_its_article_is_never_published(store: Store) -> None:
    story, articles, claims = _kursk(store)

    class Misquoting:
        name = "misquoting/1"

        def write(self, material: Material) -> Draft:
            good = TemplateWriter().write(material)
            c = good.lede[0].citations[0]
            wrong = Citation(c.article_id, c.source, c.quote, c.start + 5, c.end + 5, c.field)
            return replace(good, lede=(BriefSentence(good.lede[0].text, (wrong,)),))

    briefing = write_briefing(story, articles, claims, writer=Misquoting())
    assert not briefing.lede and briefing.report.withheld[0].part == "lede"


def test_a_story_whose_briefing_fails_is_recorded_and_the_run_goes_on(store: Store) -> None:
    class Broken:
        name = "broken/1"

        def write(self, material: Material) -> Draft:
            if "Kursk" in material.story.headline:
                raise RuntimeError("writer crashed")
            return TemplateWriter().write(material)

    run = run_briefings(store, writer=Broken())
    assert run.written == run.stories - 1
    failures = [f for f in store.failures() if f.code == "ND140"]
    assert len(failures) == 1 and "writer crashed" in failures[0].message
    story, _, _ = _kursk(store)
    assert store.briefing(story.id) is None and store.latest_briefings(limit=100)
