"""The support checker on real sentences of the sample corpus's Kursk story, and its name finder.

The corpus is ingested through the real pipeline once per module into a SQLite store in a temporary folder.
Briefing sentences are then written by hand, the way a writer would, citing real sentences of those articles:
a faithful sentence must pass, and each kind of unfaithfulness (a changed number, a swapped speaker, an altered
quotation, a dropped hedge, a citation that is not real) must fail with its reason.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest

from newsdesk.briefing.checker import CHECKER, SentenceCheck, check_briefing, check_parts, check_sentence
from newsdesk.briefing.names import Vocabulary, WordUse, find_names, speaker
from newsdesk.claims.numbers import find_numbers
from newsdesk.claims.text import sentences
from newsdesk.store.base import Store
from newsdesk.types import (
    Article,
    Briefing,
    BriefSentence,
    CheckReport,
    Citation,
    FigurePolicy,
    Findings,
    Problem,
    Section,
    Story,
)


@pytest.fixture(scope="module")
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.fixture(scope="module")
def articles(store: Store) -> dict[str, Article]:
    return {a.id: a for a in store.list_articles(limit=1000)}


@pytest.fixture(scope="module")
def kursk(store: Store, articles: dict[str, Article]) -> list[Article]:
    story = next(s for s in store.list_stories(limit=100) if "Kursk front, Seoul says" in s.headline)
    return [articles[a] for a in story.article_ids]


def article(pool: list[Article] | dict[str, Article], outlet: str, title: str) -> Article:
    found = [a for a in (pool.values() if isinstance(pool, dict) else pool) if a.outlet.name == outlet]
    return next(a for a in found if title in a.title)


def cite(a: Article, needle: str, source: int = 1, field: str = "text") -> Citation:
    """A citation of the sentence of ``a`` that holds ``needle``."""
    text = getattr(a, field)
    at = text.find(needle)
    assert at >= 0, needle
    s = next(s for s in sentences(text) if s.start <= at < s.end)
    return Citation(a.id, source, s.text, s.start, s.end, field)


def check(articles: dict[str, Article], text: str, *citations: Citation) -> SentenceCheck:
    return check_sentence(BriefSentence(text, citations), articles)


@pytest.fixture(scope="module")
def wire(kursk: list[Article]) -> Article:
    return article(kursk, "Meridian Wire", "sends fresh troops")


@pytest.fixture(scope="module")
def nis(wire: Article) -> Citation:
    """ "The NIS said in January that about 300 North Korean soldiers had been killed and 2,700 wounded." """
    return cite(wire, "The NIS said in January")


@pytest.fixture(scope="module")
def zelenskyy(kursk: list[Article]) -> Citation:
    """ "Zelenskyy has put North Korean casualties at about 4,000." (Eastbridge Times, which cites no NIS figure
    in that sentence)."""
    return cite(article(kursk, "Eastbridge Times", "second wave"), "Zelenskyy has put", source=2)


# Faithful sentences pass; a changed number fails.


def test_the_cited_sentence_itself_passes_and_its_citation_supports_it(
    articles: dict[str, Article], nis: Citation
) -> None:
    result = check(articles, nis.quote, nis)
    assert result == SentenceCheck((), 1, 1)
    assert result.ok


def test_a_paraphrase_with_the_same_figures_and_names_passes(
    articles: dict[str, Article], wire: Article, nis: Citation
) -> None:
    named = cite(wire, "North Korean soldiers have returned to combat", source=2)  # names the NIS in full
    text = (
        "South Korea's National Intelligence Service said about 300 North Korean soldiers were killed"
        " and 2,700 wounded."
    )
    assert check(articles, text, nis, named) == SentenceCheck((), 2, 2)


def test_a_changed_number_fails(articles: dict[str, Article], nis: Citation) -> None:
    result = check(articles, "The NIS said about 300 North Korean soldiers had been killed and 3,700 wounded.", nis)
    assert result.reasons == ("number 3,700 is not in the cited sentences",)


@pytest.mark.parametrize("written", ["2700", "2,700", "2.7 thousand"])
def test_numbers_compare_as_values(articles: dict[str, Article], nis: Citation, written: str) -> None:
    text = f"The NIS said about 300 North Korean soldiers had been killed and {written} wounded."
    assert check(articles, text, nis).ok


def test_number_words_compare_as_values(articles: dict[str, Article], nis: Citation) -> None:
    assert check(articles, "The NIS said some three hundred North Korean soldiers had been killed.", nis).ok
    result = check(articles, "The NIS said a dozen North Korean soldiers had been killed.", nis)
    assert result.reasons == ("number a dozen is not in the cited sentences",)


def test_the_pronoun_one_is_not_a_figure(articles: dict[str, Article], nis: Citation) -> None:
    assert check(
        articles, "One of the agencies, the NIS, said about 300 North Korean soldiers had been killed.", nis
    ).ok
    result = check(articles, "The NIS said one North Korean soldier had been killed.", nis)
    assert result.reasons == ("number one is not in the cited sentences",)


def test_a_range_needs_both_ends(articles: dict[str, Article], kursk: list[Article]) -> None:
    joongang = cite(article(kursk, "Eastbridge Times", "second wave"), "the JoongAng Ilbo, reported")
    assert check(articles, "The JoongAng Ilbo reported that 1,000 to 3,000 soldiers had arrived.", joongang).ok
    result = check(articles, "The JoongAng Ilbo reported that between 1,000 and 4,000 soldiers had arrived.", joongang)
    assert result.reasons == ("number 4,000 is not in the cited sentences",)


def test_every_figure_of_the_story_changed_to_a_value_its_sentence_lacks_fails(
    articles: dict[str, Article], kursk: list[Article]
) -> None:
    changed = 0
    for a in kursk:
        for s in sentences(a.text):
            citation = Citation(a.id, 1, s.text, s.start, s.end)
            assert check(articles, s.text, citation).ok, s.text
            values = {n.value for n in find_numbers(s.text)}
            for n in find_numbers(s.text):
                new = max(values) * 10 + 7
                text = s.text[: n.start] + f"{new:,.0f}" + s.text[n.end :]
                assert not check(articles, text, citation).ok, text
                changed += 1
    assert changed > 100


# Speakers keep their figures.


def test_a_speaker_keeps_their_own_figure(articles: dict[str, Article], nis: Citation, zelenskyy: Citation) -> None:
    assert check(articles, "Zelenskyy has put North Korean casualties at about 4,000.", nis, zelenskyy).ok
    assert check(articles, "The NIS said about 300 North Korean soldiers had been killed.", nis, zelenskyy).ok


def test_a_swapped_speaker_fails_even_when_both_speakers_are_cited(
    articles: dict[str, Article], nis: Citation, zelenskyy: Citation
) -> None:
    swapped = check(articles, "Zelenskyy put the number of North Korean soldiers killed at about 300.", nis, zelenskyy)
    assert swapped.reasons == ("number 300 is not tied to Zelenskyy in the cited sentences",)
    swapped = check(articles, "The NIS has put North Korean casualties at about 4,000.", nis, zelenskyy)
    assert swapped.reasons == ("number 4,000 is not tied to NIS in the cited sentences",)


def test_a_speaker_named_in_another_cited_sentence_of_the_same_article_binds(
    articles: dict[str, Article], kursk: list[Article]
) -> None:
    analysis = article(kursk, "Meridian Wire", "raise stakes")
    figure = cite(analysis, "He has put North Korean casualties")  # "He": Zelenskyy, named one sentence before
    named = cite(analysis, "who met U.S. Vice President JD Vance", source=2)
    text = "Ukrainian President Volodymyr Zelenskyy has put North Korean casualties at about 4,000."
    assert check(articles, text, figure, named).ok
    alone = check(articles, text, figure)
    assert "name 'Ukrainian President Volodymyr Zelenskyy' is not in the cited sentences" in alone.reasons


def test_clauses_split_at_semicolons_bind_each_figure_to_its_own_speaker(
    articles: dict[str, Article], nis: Citation, zelenskyy: Citation
) -> None:
    text = "The NIS said about 300 North Korean soldiers had been killed; Zelenskyy put casualties at about 4,000."
    assert check(articles, text, nis, zelenskyy).ok
    text = "The NIS said about 4,000 North Korean soldiers had been killed; Zelenskyy put casualties at about 300."
    assert check(articles, text, nis, zelenskyy).reasons == (
        "number 4,000 is not tied to NIS in the cited sentences",
        "number 300 is not tied to Zelenskyy in the cited sentences",
    )


# Names.


def test_an_unnamed_person_fails(articles: dict[str, Article], nis: Citation) -> None:
    result = check(articles, "Kim Jong Un said about 300 North Korean soldiers had been killed.", nis)
    assert result.reasons == ("name 'Kim Jong Un' is not in the cited sentences",)


def test_an_outlet_is_supported_by_its_own_articles_only(articles: dict[str, Article], kursk: list[Article]) -> None:
    text = (
        "The Eastbridge Times reported that 1,000 to 3,000 soldiers had arrived by sea and air,"
        " citing the JoongAng Ilbo."
    )
    eastbridge = cite(article(kursk, "Eastbridge Times", "second wave"), "the JoongAng Ilbo, reported")
    northgate = cite(article(kursk, "Northgate Post", "Local scholar"), "the JoongAng Ilbo, reported")
    assert "Eastbridge" not in eastbridge.quote
    assert check(articles, text, eastbridge) == SentenceCheck((), 1, 1)
    assert check(articles, text, northgate).reasons == ("name 'Eastbridge Times' is not in the cited sentences",)


def test_an_acronym_is_supported_by_its_expansion(articles: dict[str, Article], kursk: list[Article]) -> None:
    observer = article(kursk, "Civic Observer", "what we know")
    expanded = cite(observer, "On Wednesday the National Intelligence Service (NIS) told")
    told = "the National Intelligence Service told South Korean lawmakers that North Korean troops had returned."
    assert check(articles, "On Wednesday " + told, expanded).ok
    assert check(articles, "On Wednesday the NIS told lawmakers that North Korean troops had returned.", expanded).ok
    short = cite(article(kursk, "Meridian Wire", "sends fresh troops"), "The NIS told lawmakers")
    assert short.quote.count("National") == 0
    text = "The National Intelligence Service told lawmakers that North Korean units had been redeployed."
    assert check(articles, text, short).ok


# Quotations.


def test_an_altered_quotation_fails_and_a_verbatim_one_passes(
    articles: dict[str, Article], kursk: list[Article]
) -> None:
    analyst = cite(article(kursk, "Daily Lantern", "ice burial"), "One security analyst said")
    assert '"treating his soldiers as an export product"' in analyst.quote
    verbatim = "A security analyst said Kim was “treating his soldiers as an export product”."
    assert check(articles, verbatim, analyst).ok
    altered = "A security analyst said Kim was “treating his soldiers as export goods”."
    assert check(articles, altered, analyst).reasons == (
        "quote “treating his soldiers as export goods” is not verbatim in the cited sentences",
    )
    cut = "A security analyst said Kim was “treating his soldiers … product”."
    assert check(articles, cut, analyst).ok


def test_single_quotation_marks_in_a_title_and_an_apostrophe(
    articles: dict[str, Article], kursk: list[Article]
) -> None:
    scholar = article(kursk, "Northgate Post", "Local scholar")
    title = Citation(scholar.id, 1, scholar.title, 0, len(scholar.title), "title")
    assert check(articles, "A local scholar says North Korea is ‘all in’ on Russia's Kursk redeployment.", title).ok
    result = check(articles, "A local scholar says North Korea is 'all out' on the Kursk redeployment.", title)
    assert result.reasons == ("quote “all out” is not verbatim in the cited sentences",)


def test_a_quotation_left_open_by_one_cited_sentence_does_not_swallow_the_next(
    articles: dict[str, Article],
) -> None:
    counting = article(articles, "Daily Lantern", "Counting chaos")
    opened = cite(counting, "First they tell us twelve")  # the quotation closes in the next sentence
    assert opened.quote.startswith('"First') and opened.quote.count('"') == 1
    spillway = cite(article(articles, "Daily Lantern", "Survivors describe terror"), "a roar")
    assert '"like a train"' in spillway.quote
    joined = f"{opened.quote.rstrip('.')}; {spillway.quote}"
    assert check(articles, joined, opened, spillway).ok
    altered = joined.replace('"like a train"', '"like a jet"')
    assert check(articles, altered, opened, spillway).reasons == (
        "quote “like a jet” is not verbatim in the cited sentences",
    )


# Hedges.


def test_a_dropped_hedge_fails_and_a_kept_one_passes(articles: dict[str, Article], wire: Article) -> None:
    bodies = cite(wire, "North Korea has reportedly refused")
    dropped = (
        "North Korea refused to take back the bodies of soldiers killed in the fighting, South Korean media reported."
    )
    assert check(articles, dropped, bodies).reasons == ("drops the hedge 'reportedly' of its source",)
    kept = dropped.replace("North Korea refused", "North Korea has reportedly refused")
    assert check(articles, kept, bodies).ok
    other_word = dropped.replace("North Korea refused", "North Korea allegedly refused")
    assert check(articles, other_word, bodies).ok


def test_a_speculative_source_needs_a_speculative_sentence(articles: dict[str, Article], kursk: list[Article]) -> None:
    may = cite(article(kursk, "Pacific Ledger", "month-long lull"), "That contingent may number")
    assert check(articles, "That contingent numbers as many as 3,000.", may).reasons == (
        "drops the hedge 'may' of its source",
    )
    assert check(articles, "That contingent could number as many as 3,000.", may).ok
    hedged_only = check(articles, "That contingent reportedly numbers as many as 3,000.", may)
    assert hedged_only.reasons == ("drops the hedge 'may' of its source",)


def test_a_sentence_may_be_more_cautious_than_its_source(articles: dict[str, Article], nis: Citation) -> None:
    assert check(articles, "The NIS said about 300 North Korean soldiers may have been killed.", nis).ok


def test_only_the_sentences_that_hold_its_figures_decide_the_hedge(
    articles: dict[str, Article], wire: Article, nis: Citation
) -> None:
    bodies = cite(wire, "North Korea has reportedly refused", source=2)
    text = "The NIS said about 300 North Korean soldiers had been killed and 2,700 wounded."
    result = check(articles, text, nis, bodies)
    assert result.ok
    assert result.supporting == 2  # the second shares "North Korean" with it


# Citations.


def test_no_citation_fails(articles: dict[str, Article], nis: Citation) -> None:
    result = check(articles, nis.quote)
    assert result.reasons[0] == "no citation"
    assert (result.citations, result.supporting) == (0, 0)


def test_a_citation_with_a_wrong_offset_or_article_fails(articles: dict[str, Article], nis: Citation) -> None:
    shifted = dataclasses.replace(nis, start=nis.start + 1)
    result = check(articles, nis.quote, shifted)
    assert result.reasons[0] == f"citation [1] is not {nis.article_id} text[{nis.start + 1}:{nis.end}]"
    assert result.supporting == 0
    unknown = dataclasses.replace(nis, article_id="a_0000000000000000")
    assert check(articles, nis.quote, unknown).reasons[0] == (
        "citation [1] cites a_0000000000000000, which is not among the articles"
    )
    body = dataclasses.replace(nis, field="body")
    assert check(articles, nis.quote, body).reasons[0] == "citation [1] cites an unknown field 'body'"
    # a real citation beside a broken one does not save the sentence
    assert not check(articles, nis.quote, nis, shifted).ok


def test_a_citation_of_the_title_is_real(articles: dict[str, Article], wire: Article) -> None:
    title = Citation(wire.id, 1, wire.title, 0, len(wire.title), "title")
    assert check(articles, "North Korea sends fresh troops to Russia's Kursk front, Seoul says.", title).ok
    assert not check(articles, wire.title, dataclasses.replace(title, field="text")).ok


def test_a_useless_citation_counts_against_precision(
    articles: dict[str, Article], nis: Citation, wire: Article
) -> None:
    chess = article(articles, "Meridian Wire", "Ardent Cup")
    first = next(iter(sentences(chess.text)))
    useless = Citation(chess.id, 2, first.text, first.start, first.end)
    result = check(articles, nis.quote, nis, useless)
    assert result == SentenceCheck((), 2, 1)


# Reports.


def test_check_parts_assembles_the_report(articles: dict[str, Article], nis: Citation, zelenskyy: Citation) -> None:
    good = BriefSentence("Zelenskyy has put North Korean casualties at about 4,000.", (zelenskyy,))
    bad = BriefSentence("Zelenskyy put the number of North Korean soldiers killed at about 300.", (nis, zelenskyy))
    bare = BriefSentence("North Korea is sending more soldiers.")
    withheld = (Problem("takeaways", 3, "A withheld sentence.", ("no citation",)),)
    report = check_parts(
        [("lede", 0, good), ("takeaways", 0, bad), ("takeaways", 1, bare)], articles, withheld=withheld
    )
    assert report == CheckReport(
        checker=CHECKER,
        sentences=3,
        citations=3,
        supporting=3,
        unsupported=(
            Problem("takeaways", 0, bad.text, ("number 300 is not tied to Zelenskyy in the cited sentences",)),
            Problem("takeaways", 1, bare.text, ("no citation", "name 'North Korea' is not in the cited sentences")),
        ),
        withheld=withheld,
    )
    assert not report.ok and report.citation_precision == 1.0


def test_check_briefing_checks_every_published_part(
    articles: dict[str, Article], nis: Citation, zelenskyy: Citation, wire: Article
) -> None:
    title = Citation(wire.id, 1, wire.title, 0, len(wire.title), "title")
    chess = article(articles, "Meridian Wire", "Ardent Cup")
    useless = Citation(chess.id, 3, chess.title, 0, len(chess.title), "title")
    story = Story(id="s_1", headline=wire.title, headline_article=wire.id, article_ids=(wire.id,))
    withheld = (Problem("lede", 1, "Dropped.", ("no citation",)),)
    briefing = Briefing(
        story=story,
        version=1,
        headline=BriefSentence(wire.title, (title,)),
        lede=(BriefSentence(nis.quote, (nis, useless)),),
        takeaways=(BriefSentence("Zelenskyy has put North Korean casualties at about 4,000.", (zelenskyy,)),),
        sections=(Section("Figures", (BriefSentence("The NIS put casualties at about 4,000.", (nis, zelenskyy)),)),),
        sources=(),
        findings=Findings(story_id="s_1"),
        claims=(),
        report=CheckReport(CHECKER, 0, 0, 0, withheld=withheld),
        writer="test/1",
        policy=FigurePolicy.ALL,
        fingerprint="f",
        written_at=datetime(2025, 2, 14, tzinfo=UTC),
    )
    report = check_briefing(briefing, articles)
    assert (report.sentences, report.citations, report.supporting) == (4, 6, 5)
    assert report.unsupported == (
        Problem(
            "sections[0]",
            0,
            "The NIS put casualties at about 4,000.",
            ("number 4,000 is not tied to NIS in the cited sentences",),
        ),
    )
    assert report.withheld == withheld
    assert report.citation_precision == pytest.approx(5 / 6)


# The name finder.


@pytest.mark.parametrize(
    ("text", "names"),
    [
        (
            "South Korea's National Intelligence Service (NIS) said on Wednesday.",
            ["South Korea", "National Intelligence Service", "NIS"],
        ),
        ("The NIS told U.S. officials in May that 300 had died.", ["NIS", "U.S."]),
        (
            "Ukraine's President Volodymyr Zelenskyy met JD Vance in Munich on Friday.",
            ["Ukraine", "President Volodymyr Zelenskyy", "JD Vance", "Munich"],
        ),
        (
            "In January, Hyun Seo-yeon of the Hanbit Institute for Peninsula Studies said so.",
            ["Hyun Seo-yeon", "Hanbit Institute for Peninsula Studies"],
        ),
        ("“He gets paid,” said Colin Marsh, a Warsaw-based analyst.", ["Colin Marsh", "Warsaw-based"]),
        ("Zelenskyy has put North Korean casualties at about 4,000.", ["Zelenskyy", "North Korean"]),
        ("It comes before U.S.-Russia talks, The Harbour Courier reported.", ["U.S.", "Russia", "Harbour Courier"]),
        ("Dr. Helen Achebe lectures at the University of Northgate.", ["Helen Achebe", "University of Northgate"]),
        ("Neither Moscow nor Pyongyang has confirmed it.", ["Moscow", "Pyongyang"]),
        ("Kim's men were back; the President said nothing.", ["Kim"]),
    ],
)
def test_find_names(text: str, names: list[str]) -> None:
    assert [n.text for n in find_names(text)] == names


def test_names_have_significant_tokens_without_titles_or_possessives() -> None:
    ukraine, president = find_names("Ukraine's President Volodymyr Zelenskyy spoke.")
    assert (ukraine.tokens, ukraine.possessive) == (("Ukraine",), True)
    assert (president.tokens, president.acronym) == (("Volodymyr", "Zelenskyy"), "VZ")
    (scholar,) = find_names("Hyun Seo-yeon spoke.")
    assert scholar.tokens == ("Hyun", "Seo")


def test_a_capitalised_first_word_is_a_name_unless_the_texts_write_it_in_lower_case() -> None:
    text = "Fresh North Korean units have joined the fight."
    assert [n.text for n in find_names(text)] == ["Fresh North Korean"]
    use = WordUse(("Pyongyang sent fresh troops to North Korea's ally.",))
    assert [n.text for n in find_names(text, use)] == ["North Korean"]
    counts = "Casualty counts vary widely, and none can be checked."
    assert [n.text for n in find_names(counts)] == ["Casualty"]
    assert find_names(counts, WordUse(("The casualty count rose.",))) == []
    # a word the texts capitalise in mid-sentence stays a name at the start
    assert [n.text for n in find_names("North Korea sent more.", WordUse(("the north of North Korea",)))] == [
        "North Korea"
    ]


def test_vocabulary_matches_acronyms_both_ways() -> None:
    spelled = Vocabulary.of("The National Intelligence Service said so, as did the United States.")
    written = Vocabulary.of("The NIS said so, as did the U.S. and Ukraine's army.")
    nis, service = find_names("The NIS and the National Intelligence Service")
    us = find_names("The U.S. said")[0]
    assert spelled.mentions(nis) and spelled.mentions(service) and spelled.mentions(us)
    assert written.mentions(nis) and written.mentions(service) and written.mentions(us)
    assert written.mentions(find_names("Ukraine said")[0])
    assert not written.mentions(find_names("Ukrainian troops")[0])


@pytest.mark.parametrize(
    ("text", "who"),
    [
        ("Zelenskyy has put North Korean casualties at about 4,000.", "Zelenskyy"),
        ("South Korea's National Intelligence Service said 300 were killed.", "National Intelligence Service"),
        ("Seoul's spy agency says 300 were killed.", "Seoul"),
        ("U.S. intelligence has estimated about 1,200 North Korean casualties.", "U.S."),
        ("About 1,200 North Korean soldiers were hurt, according to U.S. intelligence.", "U.S."),
        ("North Korean losses stand at about 4,000 in Kursk.", "North Korean"),
        ("Ukraine's President Volodymyr Zelenskyy put the toll at 4,000.", "President Volodymyr Zelenskyy"),
    ],
)
def test_speaker(text: str, who: str) -> None:
    found = speaker(text, find_names(text))
    assert found is not None and found.text == who
