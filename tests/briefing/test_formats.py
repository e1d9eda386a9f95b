"""The output formats of a briefing: the JSON document and its schema, Markdown, HTML, the index page and
ClaimReview JSON-LD.

The briefing is built by hand from the types, over three small articles we wrote: a wire story, its verbatim
reprint by another masthead, and a second outlet's account. Every quote is cut from the article text by its
offsets, as the writer must do, so the spans in the documents are real.
"""

from __future__ import annotations

import copy
import json
import re
from dataclasses import replace
from datetime import UTC, date, datetime
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import lxml.html
import pytest

from newsdesk.briefing.claimreview import claim_review
from newsdesk.briefing.codec import BRIEFING_FORMAT, from_dict, schema, to_dict
from newsdesk.briefing.html import render_html, render_index
from newsdesk.briefing.markdown import render_markdown
from newsdesk.errors import BriefingError
from newsdesk.types import (
    Article,
    Briefing,
    BriefingChanges,
    BriefSentence,
    Change,
    CheckReport,
    Citation,
    Claim,
    ClaimKind,
    Disagreement,
    DisagreementKind,
    Figure,
    FigureGroup,
    FigurePolicy,
    Findings,
    Hedge,
    Outlet,
    Position,
    Problem,
    Proposition,
    Quantity,
    Section,
    Source,
    SourceKind,
    Span,
    Stance,
    Story,
    TimeExpression,
    TimelineEntry,
    TimePrecision,
)

HOSTILE = 'Zelenskyy said <script>alert(1)</script> the toll was <img src=x onerror="alert(2)"> about 4,000.'

WIRE = (
    "North Korea has sent between 1,000 and 3,000 more troops to Russia, South Korea's JoongAng Ilbo newspaper "
    "reported on Thursday. "
    "South Korea's National Intelligence Service said about 300 North Korean soldiers had been killed in January. "
    "U.S. intelligence has put North Korean casualties at about 1,200. "
    "Russia and North Korea have denied the deployment."
)
LANTERN = (
    "Ukraine's President Volodymyr Zelenskyy put North Korean casualties at about 4,000. "
    "Seoul's spy agency said about 300 North Korean soldiers had been killed in January. "
    "North Korean troops first appeared in the Kursk region in October 2024."
)
T0 = datetime(2025, 2, 13, 6, 10, tzinfo=UTC)


def _article(aid: str, outlet: str, url: str | None, title: str, text: str, hours: int, reprint_of: str | None = None):
    published = T0.replace(hour=6 + hours)
    return Article(
        id=aid,
        key=url or aid,
        url=url,
        title=title,
        text=text,
        outlet=Outlet.named(outlet),
        published=published,
        authors=(),
        language="en",
        source=f"examples/{aid}.md",
        source_kind=SourceKind.FILE,
        first_seen=published,
        last_seen=published,
        revision=1,
        reprint_of=reprint_of,
        reprint_similarity=1.0 if reprint_of else None,
    )


class Kursk:
    """The articles, claims, findings and briefing of one story; ``lantern_first`` replaces the first sentence
    of the second outlet's article (the hostile variant puts markup there)."""

    def __init__(self, lantern_first: str = LANTERN.split(". ")[0] + ".") -> None:
        lantern = lantern_first + " " + LANTERN.split(". ", 1)[1]
        self.wire = _article(
            "a_wire",
            "Meridian Wire",
            "https://www.meridianwire.example/2025/02/13/north-korea-troops",
            "North Korea sends fresh troops to Russia's Kursk front",
            WIRE,
            0,
        )
        self.reprint = _article(
            "a_gazette",
            "Riverside Gazette",
            "https://riverside-gazette.example/world/nk-troops",
            "North Korea sends fresh troops to Russia's Kursk front",
            WIRE,
            2,
            reprint_of="a_wire",
        )
        self.lantern = _article(
            "a_lantern",
            "Daily Lantern",
            "https://dailylantern.example/kursk?ref=rss&x=<b>",
            "Kursk: the toll <em>rises</em>",
            lantern,
            5,
        )
        self.articles = {a.id: a for a in (self.wire, self.reprint, self.lantern)}
        self.numbers = {"a_wire": 1, "a_gazette": 2, "a_lantern": 3}

        troops = self.claim(
            "c_joongang",
            self.wire,
            0,
            "JoongAng Ilbo",
            "South Korea's JoongAng Ilbo newspaper",
            "reported",
            "between 1,000 and 3,000 more troops",
            1000,
            3000,
            "troops",
            "Thursday",
        )
        nis = [
            self.claim(
                f"c_nis_{a.id}",
                a,
                1,
                "National Intelligence Service",
                "South Korea's National Intelligence Service" if a is not self.lantern else "Seoul's spy agency",
                "said",
                "about 300 North Korean soldiers",
                300,
                None,
                "killed",
                "January",
            )
            for a in (self.wire, self.reprint, self.lantern)
        ]
        us = self.claim(
            "c_us",
            self.wire,
            2,
            "U.S. intelligence",
            "U.S. intelligence",
            "has put",
            "about 1,200",
            1200,
            None,
            "casualties",
        )
        deny = self.claim(
            "c_deny",
            self.wire,
            3,
            "Russia and North Korea",
            "Russia and North Korea",
            "have denied",
            stance=Stance.DENIED,
        )
        zel = self.claim(
            "c_zel",
            self.lantern,
            0,
            "Volodymyr Zelenskyy",
            "Ukraine's President Volodymyr Zelenskyy",
            "put",
            "about 4,000",
            4000,
            None,
            "casualties",
        )
        october = self.claim("c_oct", self.lantern, 2, "Daily Lantern", "", "", when="October 2024", kind=ClaimKind.OWN)
        self.claims = (troops, *nis, us, deny, zel, october)

        casualties = FigureGroup(
            "g_casualties",
            "casualties",
            "North Korean soldiers",
            "",
            "",
            (self.figure(us), self.figure(zel)),
            1200.0,
            4000.0,
            2,
            "U.S. intelligence gives about 1,200; Volodymyr Zelenskyy gives about 4,000",
        )
        killed = FigureGroup(
            "g_killed",
            "killed",
            "North Korean soldiers",
            "",
            "January 2025",
            tuple(self.figure(c) for c in nis),
            300.0,
            300.0,
            2,
        )
        sent = FigureGroup(
            "g_sent", "troops sent", "North Korean", "troop", "", (self.figure(troops),), 1000.0, 3000.0, 1
        )
        presence = Proposition(
            "p_presence", "North Korean troops are in Russia", (self.position(troops), self.position(deny))
        )
        disagreements = (
            Disagreement(DisagreementKind.FIGURES, casualties.disagreement, ("g_casualties",), ("c_us", "c_zel")),
            Disagreement(DisagreementKind.STANCE, "Russia and North Korea deny it", ("p_presence",), ("c_deny",)),
        )
        start, end = self.sentence_span(self.lantern, 2)
        timeline = TimelineEntry(
            date(2024, 10, 1),
            date(2024, 10, 31),
            TimePrecision.MONTH,
            "October 2024",
            "North Korean troops first appeared in the Kursk region",
            "Daily Lantern",
            "c_oct",
            "a_lantern",
            Span("a_lantern", start, end),
            self.lantern.text[start:end],
        )
        self.findings = Findings(
            "s_kursk", (casualties, killed, sent), disagreements, (presence,), (timeline,), sources=2
        )
        self.sources = (
            Source(1, "a_wire", "Meridian Wire", self.wire.title, self.wire.url, self.wire.published),
            Source(
                2, "a_gazette", "Riverside Gazette", self.reprint.title, self.reprint.url, self.reprint.published, 1
            ),
            Source(3, "a_lantern", "Daily Lantern", self.lantern.title, self.lantern.url, self.lantern.published),
        )
        before = replace(self.figure(us), quantity=replace(us.quantities[0], value=1000.0, text="about 1,000"))
        self.briefing = Briefing(
            story=Story(
                "s_kursk",
                self.wire.title,
                "a_wire",
                ("a_wire", "a_gazette", "a_lantern"),
                ("Meridian Wire", "Riverside Gazette", "Daily Lantern"),
                2,
                T0,
                self.lantern.published,
                ("North Korea", "Russia", "Kursk"),
                ("korean", "kursk"),
            ),
            version=2,
            headline=self.say(
                "North Korea has sent up to 3,000 more troops to Russia, a Seoul newspaper says.", ("a_wire", 0)
            ),
            lede=(
                self.say(
                    "South Korea's JoongAng Ilbo reported that 1,000 to 3,000 more North Korean troops had "
                    "reached Russia.",
                    ("a_wire", 0),
                    ("a_gazette", 0),
                ),
                self.say("Russia and North Korea deny the deployment.", ("a_wire", 3)),
            ),
            takeaways=(
                self.say(
                    "Casualty estimates differ: U.S. intelligence says about 1,200, Zelenskyy about 4,000.",
                    ("a_wire", 2),
                    ("a_lantern", 0),
                ),
                self.say(
                    "Seoul's spy agency says about 300 North Korean soldiers were killed in January.",
                    ("a_wire", 1),
                    ("a_gazette", 1),
                    ("a_lantern", 1),
                ),
            ),
            sections=(
                Section(
                    "Background",
                    (self.say("North Korean troops were first seen in Kursk in October 2024.", ("a_lantern", 2)),),
                ),
            ),
            sources=self.sources,
            findings=self.findings,
            claims=self.claims,
            report=CheckReport(
                "support/1",
                sentences=6,
                citations=10,
                supporting=9,
                withheld=(
                    Problem(
                        "takeaways",
                        2,
                        "Pyongyang has lost 10,000 soldiers.",
                        ("the figure 10,000 is in no cited sentence",),
                    ),
                ),
            ),
            writer="extractive/1",
            policy=FigurePolicy.ALL,
            fingerprint="5f0c2b9e",
            written_at=datetime(2025, 2, 15, 12, 0, tzinfo=UTC),
            changes=BriefingChanges(
                since=1,
                new_figures=(self.figure(zel),),
                revised_figures=((before, self.figure(us)),),
                new_sources=(self.sources[2],),
            ),
        )

    @staticmethod
    def sentence_span(article: Article, index: int) -> tuple[int, int]:
        starts = [0] + [m.end() for m in re.finditer(r"(?<=\.) (?=[A-Z])", article.text)]
        start = starts[index]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(article.text)
        return start, end

    def claim(
        self,
        cid: str,
        article: Article,
        index: int,
        speaker: str,
        speaker_text: str,
        cue: str,
        figure: str = "",
        value: float = 0,
        high: float | None = None,
        measure: str = "",
        when: str = "",
        stance: Stance = Stance.ASSERTED,
        kind: ClaimKind = ClaimKind.REPORTED,
    ) -> Claim:
        start, end = self.sentence_span(article, index)
        sentence = article.text[start:end]
        quantities = ()
        if figure:
            qualifier, _, written = figure.rpartition("about ")
            qualifier = "about" if _ else ""
            at = article.text.index(written, start)
            change = Change.APPROXIMATE if qualifier else Change.EXACT
            quantities = (
                Quantity(
                    at,
                    at + len(written),
                    written,
                    float(value),
                    float(high) if high else None,
                    change,
                    qualifier,
                    "",
                    "-",
                    measure,
                    "North Korean",
                ),
            )
        times = ()
        if when:
            at = article.text.index(when, start)
            first, last, precision = {
                "Thursday": (date(2025, 2, 13), date(2025, 2, 13), TimePrecision.DAY),
                "January": (date(2025, 1, 1), date(2025, 1, 31), TimePrecision.MONTH),
                "October 2024": (date(2024, 10, 1), date(2024, 10, 31), TimePrecision.MONTH),
            }[when]
            times = (TimeExpression(at, at + len(when), when, first, last, precision),)
        return Claim(
            id=cid,
            article_id=article.id,
            kind=kind,
            speaker=speaker,
            speaker_text=speaker_text,
            cue=cue,
            text=sentence,
            evidence=Span(article.id, start, end),
            source_spans=((start, start + len(speaker_text)),),
            cue_spans=(),
            content_spans=((start, end),),
            stance=stance,
            hedge=Hedge.STATED if kind is ClaimKind.OWN else Hedge.ATTRIBUTED,
            markers=("denied",) if stance is Stance.DENIED else (),
            quantities=quantities,
            times=times,
            extractor="claims/3",
        )

    def quote(self, span: Span) -> str:
        return self.articles[span.article_id].text[span.start : span.end]

    def figure(self, claim: Claim) -> Figure:
        article = self.articles[claim.article_id]
        via = (
            (claim.speaker, "Meridian Wire", article.outlet.name)
            if article is self.reprint
            else (claim.speaker, article.outlet.name)
        )
        return Figure(
            claim.id,
            claim.article_id,
            claim.speaker,
            via,
            claim.quantities[0],
            claim.quantities[0].measure,
            "North Korean soldiers",
            claim.stance,
            claim.hedge,
            claim.evidence,
            self.quote(claim.evidence),
            article.published,
            claim.times[0] if claim.times else None,
        )

    def position(self, claim: Claim) -> Position:
        return Position(
            claim.speaker,
            claim.stance,
            claim.hedge,
            claim.id,
            claim.article_id,
            claim.evidence,
            self.quote(claim.evidence),
        )

    def say(self, text: str, *cited: tuple[str, int]) -> BriefSentence:
        citations = []
        for article_id, index in cited:
            start, end = self.sentence_span(self.articles[article_id], index)
            quote = self.articles[article_id].text[start:end]
            citations.append(Citation(article_id, self.numbers[article_id], quote, start, end))
        return BriefSentence(text, tuple(citations))


@pytest.fixture
def kursk() -> Kursk:
    return Kursk()


@pytest.fixture
def hostile() -> Kursk:
    return Kursk(HOSTILE)


def single_source(story: Kursk) -> Briefing:
    """The story as it was before the second outlet: the wire and its reprint, one independent source."""
    b = story.briefing
    findings = Findings("s_kursk", (b.findings.ledger[2],), sources=1, single_source=True)
    return replace(
        b,
        version=1,
        headline=BriefSentence(""),
        lede=(),
        takeaways=(),
        sections=(),
        sources=b.sources[:2],
        findings=findings,
        claims=b.claims[:3],
        report=CheckReport("support/1", 0, 0, 0),
        single_source=True,
        changes=None,
        story=replace(b.story, article_ids=("a_wire", "a_gazette"), sources=1),
    )


# --- the JSON document -------------------------------------------------------------------------------------


def validator() -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schema())
    return jsonschema.Draft202012Validator(schema(), format_checker=jsonschema.FormatChecker())


def test_document_follows_the_schema(kursk: Kursk) -> None:
    document = json.loads(json.dumps(to_dict(kursk.briefing, kursk.articles)))
    assert list(validator().iter_errors(document)) == []
    assert validator().is_valid(json.loads(json.dumps(to_dict(single_source(kursk)))))


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("format",), "newsdesk.briefing/2"),
        (("policy",), "median"),
        (("claims", 0, "stance"), "rumoured"),
        (("claims", 0, "quantity", "value"), 1000.0),  # a range with a value as well
        (("findings", "disagreements", 0, "kind"), "numbers"),
        (("lede", 0, "citations", 0, "source"), "1"),
        (("sources", 1, "reprint_of"), 0),
        (("report", "unsupported"), None),
        (("headline", "note"), "an extra key"),
    ],
)
def test_a_broken_document_fails_the_schema(kursk: Kursk, path: tuple[str | int, ...], value: object) -> None:
    document = to_dict(kursk.briefing)
    assert validator().is_valid(document)
    broken = copy.deepcopy(document)
    target = broken
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    assert not validator().is_valid(broken)


def test_a_document_missing_a_key_fails_the_schema_and_from_dict(kursk: Kursk) -> None:
    document = to_dict(kursk.briefing)
    del document["findings"]["ledger"][0]["figures"][0]["evidence"]["quote"]
    assert not validator().is_valid(document)
    with pytest.raises(BriefingError, match="malformed"):
        from_dict(document)
    with pytest.raises(BriefingError, match=r"not a newsdesk\.briefing/1 document"):
        from_dict({**to_dict(kursk.briefing), "format": "something else"})


def test_from_dict_is_the_exact_inverse(kursk: Kursk) -> None:
    for briefing in (kursk.briefing, single_source(kursk), replace(kursk.briefing, changes=None, written_at=None)):
        assert from_dict(json.loads(json.dumps(to_dict(briefing, kursk.articles)))) == briefing
        assert from_dict(to_dict(briefing)) == briefing


def test_document_holds_what_readers_need(kursk: Kursk) -> None:
    document = to_dict(kursk.briefing, kursk.articles)
    assert document["format"] == BRIEFING_FORMAT
    assert document["story"]["article_ids"] == ["a_wire", "a_gazette", "a_lantern"]
    assert document["story"]["sources"] == 2
    assert document["written_at"] == "2025-02-15T12:00:00+00:00"
    assert document["disagreements"] == document["findings"]["disagreements"]
    assert [s["reprint_of"] for s in document["sources"]] == [None, 1, None]
    cited = document["lede"][0]["citations"][1]
    assert cited == {
        "article_id": "a_gazette",
        "source": 2,
        "quote": kursk.reprint.text[cited["start"] : cited["end"]],
        "start": 0,
        "end": cited["end"],
        "field": "text",
    }
    report = document["report"]
    assert (report["ok"], report["citation_precision"], report["withheld"][0]["part"]) == (True, 0.9, "takeaways")
    assert document["changes"]["revised_figures"][0]["before"]["quantity"]["value"] == 1000.0
    assert document["findings"]["propositions"][0]["denies"] == ["Russia and North Korea"]

    claims = {c["id"]: c for c in document["claims"]}
    troops = claims["c_joongang"]
    assert (troops["measure"], troops["subject"]) == ("troops", "North Korean")
    assert troops["quantity"] == {
        "low": 1000.0,
        "high": 3000.0,
        "approximate": False,
        "unit": "",
        "text": "between 1,000 and 3,000 more troops",
    }
    assert troops["time"] == {"text": "Thursday", "first": "2025-02-13", "last": "2025-02-13", "precision": "day"}
    assert claims["c_us"]["quantity"]["value"] == 1200.0 and claims["c_us"]["quantity"]["approximate"] is True
    assert claims["c_deny"]["quantity"] is None and claims["c_deny"]["time"] is None
    for claim in kursk.claims:
        span = claim.evidence
        assert claims[claim.id]["evidence"]["quote"] == kursk.articles[span.article_id].text[span.start : span.end]


def test_claim_quotes_without_articles_come_from_the_briefing_or_stay_empty(kursk: Kursk) -> None:
    claims = {c["id"]: c for c in to_dict(kursk.briefing)["claims"]}
    # quoted by a figure, a position and the timeline
    assert claims["c_us"]["evidence"]["quote"] == "U.S. intelligence has put North Korean casualties at about 1,200."
    assert claims["c_deny"]["evidence"]["quote"] == "Russia and North Korea have denied the deployment."
    assert claims["c_oct"]["evidence"]["quote"].startswith("North Korean troops first appeared")
    bare = replace(kursk.briefing, findings=Findings("s_kursk"), headline=BriefSentence("x"), lede=(), takeaways=())
    bare = replace(bare, sections=(), changes=None)
    assert {c["evidence"]["quote"] for c in to_dict(bare)["claims"]} == {""}


# --- Markdown ----------------------------------------------------------------------------------------------


def section(markdown: str, title: str) -> str:
    """The body of one ``## title`` section."""
    body = markdown.split(f"\n## {title}\n", 1)[1]
    return body.split("\n## ", 1)[0]


def test_markdown_reads_top_down_with_markers(kursk: Kursk) -> None:
    text = render_markdown(kursk.briefing)
    lines = text.splitlines()
    assert lines[0] == "# North Korea has sent up to 3,000 more troops to Russia, a Seoul newspaper says. [1]"
    headings = [line for line in lines if line.startswith("## ")]
    assert headings == [
        "## Top takeaways",
        "## Background",
        "## Figures",
        "## Who confirms and who denies",
        "## Timeline",
        "## Sources",
        "## Support check",
        "## What changed since version 1",
    ]
    assert "reached Russia. [1] [2] Russia and North Korea deny the deployment. [1]" in text
    # three citations from three sources, each marker once; the same source twice in a sentence is one marker
    assert "- Seoul's spy agency says about 300 North Korean soldiers were killed in January. [1] [2] [3]" in lines
    doubled = replace(kursk.briefing, lede=(kursk.say("Twice.", ("a_wire", 0), ("a_wire", 3)),))
    assert "\nTwice. [1]\n" in render_markdown(doubled)


def test_markdown_figures_table_flags_the_disagreement(kursk: Kursk) -> None:
    table = section(render_markdown(kursk.briefing), "Figures")
    rows = [line for line in table.splitlines() if line.startswith("| ")]
    assert rows[0] == "| measure | subject | period | figure | speaker | via | date | hedge | source | disagreement |"
    cells = {tuple(c.strip() for c in row.strip("|").split("|"))[4]: row for row in rows[1:]}
    assert "about 4,000" in cells["Volodymyr Zelenskyy"] and "⚠ disputed" in cells["Volodymyr Zelenskyy"]
    assert "⚠ disputed" in cells["U.S. intelligence"]
    killed = [row for row in rows if "| killed |" in row]
    assert len(killed) == 3 and not any("disputed" in row for row in killed)
    assert "National Intelligence Service → Meridian Wire → Riverside Gazette" in table
    assert "| January | about 300 |" in killed[0] and "| 2025-02-13 | attributed | [1] |" in killed[0]
    assert "| 1,000–3,000 |" in table
    assert "- figures: U.S. intelligence gives about 1,200; Volodymyr Zelenskyy gives about 4,000" in table


def test_markdown_stances_timeline_sources_check_and_changes(kursk: Kursk) -> None:
    text = render_markdown(kursk.briefing)
    stances = section(text, "Who confirms and who denies")
    assert "- Confirm: JoongAng Ilbo (asserts, attributed) [1]" in stances
    assert "- Deny: Russia and North Korea (denies, attributed) [1]" in stances
    assert "**October 2024** (2024-10-01 – 2024-10-31)" in section(text, "Timeline")
    sources = section(text, "Sources").strip().splitlines()
    assert sources[0] == (
        "1. Meridian Wire: [North Korea sends fresh troops to Russia's Kursk front]"
        "(<https://www.meridianwire.example/2025/02/13/north-korea-troops>), 2025-02-13"
    )
    assert sources[1].startswith("2. Riverside Gazette: [") and sources[1].endswith(", 2025-02-13, reprint of [1]")
    check = section(text, "Support check")
    assert "6 sentences checked by support/1: 9 of 10 citations support their sentence" in check
    assert "(citation precision 0.90)" in check
    assert "- takeaway 3: “Pyongyang has lost 10,000 soldiers.” — the figure 10,000 is in no cited sentence" in check
    changes = section(text, "What changed since version 1")
    assert "- Revised figure: about 1,000 → about 1,200 — U.S. intelligence, casualties [1]" in changes
    assert "- New source: [3] Daily Lantern: [" in changes


def test_markdown_marks_unsupported_sentences(kursk: Kursk) -> None:
    report = replace(kursk.briefing.report, unsupported=(Problem("takeaways", 1, "Seoul's …", ("no figure",)),))
    text = render_markdown(replace(kursk.briefing, report=report))
    assert "> **Warning:** 1 published sentence failed the support check (below)." in text
    assert "killed in January. [1] [2] [3] *(unsupported)*" in text
    assert "**Unsupported (1), published and marked:**" in section(text, "Support check")
    assert "Every published sentence is supported" not in text


def test_markdown_of_a_single_source_briefing_says_so(kursk: Kursk) -> None:
    text = render_markdown(single_source(kursk))
    assert text.startswith("# North Korea sends fresh troops to Russia's Kursk front\n")
    assert "**Single source: only one independent source reports this story so far" in text
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == ["## Figures", "## Sources"]


def test_markdown_escapes_article_text(hostile: Kursk) -> None:
    text = render_markdown(hostile.briefing)
    assert "<script>" not in text and "<img" not in text and "<em>" not in text
    assert r"Kursk: the toll \<em\>rises\</em\>" in text
    drafted = Problem("lede", 2, HOSTILE, ("copied *markup*",))
    report = replace(hostile.briefing.report, withheld=(drafted,))
    text = render_markdown(replace(hostile.briefing, report=report))
    assert r"“Zelenskyy said \<script\>alert(1)\</script\> the toll was \<img src=x" in text
    assert r"copied \*markup\*" in text
    evil = replace(hostile.sources[2], url="javascript:alert(1)", title="[click](javascript:alert(2))")
    text = render_markdown(replace(hostile.briefing, sources=(*hostile.sources[:2], evil)))
    assert "javascript:alert(1)" not in text
    assert r"3. Daily Lantern: \[click\](javascript:alert(2)), 2025-02-13" in text


# --- HTML --------------------------------------------------------------------------------------------------


class Balance(HTMLParser):
    """Records tags that close out of order or never close (a check that the page is well nested)."""

    VOID = frozenset(
        {"meta", "link", "br", "hr", "img", "input", "source", "wbr", "col", "area", "base", "embed", "track"}
    )

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.VOID:
            self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open.pop() != tag:
            self.errors.append(tag)


def parse(page: str) -> lxml.html.HtmlElement:
    assert page.startswith("<!DOCTYPE html>\n")
    balance = Balance()
    balance.feed(page)
    assert balance.errors == [] and balance.open == []
    return lxml.html.document_fromstring(page)


def test_html_is_one_standalone_page(kursk: Kursk) -> None:
    page = parse(render_html(kursk.briefing))
    assert page.tag == "html" and page.get("lang") == "en"
    assert page.find(".//head/meta[@charset]").get("charset") == "utf-8"
    assert page.findtext(".//title").startswith("North Korea has sent up to 3,000 more troops")
    assert len(page.findall(".//style")) == 1
    assert page.findall(".//script") == [] and page.findall(".//link") == []
    assert [e for e in page.iter() if e.get("src")] == []
    headings = [h.text_content() for h in page.iter("h2")]
    assert headings[0] == "Top takeaways" and "What changed since version 1" in headings
    assert "Support check" in headings and "Who confirms and who denies" in headings


def test_html_markers_link_to_sources_with_the_quote(kursk: Kursk) -> None:
    page = parse(render_html(kursk.briefing))
    ids = {e.get("id") for e in page.iter() if e.get("id")}
    cites = page.find_class("cite")
    assert cites and all(a.get("href").lstrip("#") in ids for a in cites)
    takeaway = page.get_element_by_id("takeaways").find(".//li")
    links = takeaway.find_class("cite")
    assert [a.text for a in links] == ["[1]", "[3]"]
    assert links[1].get("href") == "#source-3"
    assert (
        links[1].get("title") == "Ukraine's President Volodymyr Zelenskyy put North Korean casualties at about 4,000."
    )
    shown = [q.text_content() for q in takeaway.find("details").iter("blockquote")]
    assert shown == [
        "[1] Meridian Wire: “U.S. intelligence has put North Korean casualties at about 1,200.”",
        "[3] Daily Lantern: “Ukraine's President Volodymyr Zelenskyy put North Korean casualties at about 4,000.”",
    ]
    reprint = page.get_element_by_id("source-2")
    assert reprint.text_content().endswith("2025-02-13, reprint of [1]")
    assert reprint.find("a").get("href") == "https://riverside-gazette.example/world/nk-troops"
    disputed = page.get_element_by_id("figures").find_class("disputed")
    assert len(disputed) == 2 and "⚠ disputed" in disputed[0].text_content()


def test_html_escapes_article_text(hostile: Kursk) -> None:
    evil = replace(hostile.sources[2], url="javascript:alert(3)", outlet='Lantern" onmouseover="alert(4)')
    briefing = replace(hostile.briefing, sources=(*hostile.sources[:2], evil))
    raw = render_html(briefing)
    page = parse(raw)
    assert page.findall(".//script") == [] and page.findall(".//img") == [] and page.findall(".//em") == []
    assert [(e.tag, a) for e in page.iter() for a in e.attrib if a.lower().startswith("on")] == []
    assert "javascript:" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    cite = next(a for a in page.find_class("cite") if a.get("href") == "#source-3")
    assert cite.get("title") == HOSTILE  # the exact quote, as text
    assert HOSTILE in page.get_element_by_id("takeaways").text_content()
    assert page.get_element_by_id("source-3").text_content().startswith('Lantern" onmouseover="alert(4): Kursk')


def test_html_of_single_source_and_unsupported_briefings(kursk: Kursk) -> None:
    page = parse(render_html(single_source(kursk)))
    assert page.findtext(".//h1") == "North Korea sends fresh troops to Russia's Kursk front"
    assert "Single source" in page.find_class("note")[0].text_content()
    assert [h.text_content() for h in page.iter("h2")] == ["Figures", "Sources"]
    report = replace(kursk.briefing.report, unsupported=(Problem("lede", 1, "Russia …", ("no support",)),))
    page = parse(render_html(replace(kursk.briefing, report=report)))
    flagged = page.find_class("unsupported")
    assert [s.text_content().split(" [")[0] for s in flagged] == ["Russia and North Korea deny the deployment."]
    assert "1 published sentence failed the support check" in page.find_class("note")[0].text_content()


def test_index_lists_briefings(kursk: Kursk, hostile: Kursk) -> None:
    entries = [
        (kursk.briefing, "s_kursk.html"),
        (single_source(kursk), "s_kursk-v1.html"),
        (replace(hostile.briefing, headline=BriefSentence("<b>Toll</b> rises")), "javascript:alert(1)"),
    ]
    page = parse(render_index(entries, title="Desk <today>"))
    assert page.findtext(".//h1") == "Desk <today>"
    rows = page.find(".//tbody").findall("tr")
    assert len(rows) == 3
    cells = [[td.text_content() for td in row.findall("td")] for row in rows]
    assert cells[0] == [
        "North Korea has sent up to 3,000 more troops to Russia, a Seoul newspaper says.",
        "2 (3 articles)",
        "2025-02-15 12:00 +00:00",
        "supported, 1 withheld",
        "2",
    ]
    assert rows[0].find(".//a").get("href") == "s_kursk.html"
    assert cells[1][0] == "North Korea sends fresh troops to Russia's Kursk front single source"
    assert cells[1][1:4] == ["1 (2 articles)", "2025-02-15 12:00 +00:00", "no sentences"]
    assert cells[2][0] == "<b>Toll</b> rises" and rows[2].find(".//a") is None and rows[2].find(".//b") is None
    assert "No briefings yet." in parse(render_index([])).text_content()


# --- ClaimReview -------------------------------------------------------------------------------------------


def test_claim_review_is_json_ld_of_the_reconciled_claims(kursk: Kursk) -> None:
    document = json.loads(json.dumps(claim_review(kursk.briefing)))
    assert document["@context"] == "https://schema.org"
    reviews = {r["@id"]: r for r in document["@graph"]}
    # every claim with a figure or a place in the stance table; the outlet's own dated remark has neither
    assert set(reviews) == {f"#claim-{c.id}" for c in kursk.claims if c.id != "c_oct"}
    for review, claim in ((reviews[f"#claim-{c.id}"], c) for c in kursk.claims if c.id != "c_oct"):
        assert review["@type"] == "ClaimReview" and review["claimReviewed"] == claim.text
        assert review["author"] == {"@type": "Organization", "name": "newsdesk"}
        assert review["itemReviewed"]["@type"] == "Claim"
        assert review["itemReviewed"]["appearance"]["@type"] == "CreativeWork"
        assert review["itemReviewed"]["appearance"]["url"] == kursk.articles[claim.article_id].url
        assert review["reviewRating"]["@type"] == "Rating" and review["datePublished"] == "2025-02-15"
    rating = {key[len("#claim-") :]: r["reviewRating"]["alternateName"] for key, r in reviews.items()}
    assert rating == {
        "c_joongang": "single source; denied by Russia and North Korea",
        "c_nis_a_wire": "consistent across 2 sources",
        "c_nis_a_gazette": "consistent across 2 sources",
        "c_nis_a_lantern": "consistent across 2 sources",
        "c_us": "disputed: other sources give about 4,000",
        "c_zel": "disputed: other sources give about 1,200",
        "c_deny": "disputed: asserted by JoongAng Ilbo",
    }
    authors = {key[len("#claim-") :]: r["itemReviewed"]["author"]["@type"] for key, r in reviews.items()}
    assert authors["c_zel"] == "Person"
    assert authors["c_joongang"] == authors["c_us"] == authors["c_deny"] == "Organization"


def test_claim_review_of_a_single_source_briefing(kursk: Kursk) -> None:
    reviews = claim_review(single_source(kursk))["@graph"]
    assert reviews and {r["reviewRating"]["alternateName"] for r in reviews} == {"single source"}
    unlinked = replace(single_source(kursk), sources=())
    appearance = claim_review(unlinked)["@graph"][0]["itemReviewed"]["appearance"]
    assert appearance == {"@type": "CreativeWork"}


# --- docs --------------------------------------------------------------------------------------------------


def test_every_document_key_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[2] / "docs" / "formats.md").read_text()
    briefings = docs.split("\n## Briefings\n", 1)[1]
    keys: set[str] = set()

    def walk(node: object) -> None:
        if isinstance(node, dict):
            keys.update(node.get("properties", {}))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema())
    missing = sorted(key for key in keys if f"`{key}`" not in briefings)
    assert missing == [], f"docs/formats.md (Briefings) does not mention {missing}"
