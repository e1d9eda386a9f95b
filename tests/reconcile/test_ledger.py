"""The figure ledger on small hand-written stories: what is grouped, what is kept apart, what disagrees."""

from __future__ import annotations

from datetime import timedelta

from newsdesk.claims.quantities import extract_quantities
from newsdesk.claims.timex import find_times
from newsdesk.reconcile import reconcile, shown_figures
from newsdesk.reconcile.ledger import agree, interval
from newsdesk.types import (
    Change,
    Claim,
    ClaimKind,
    DisagreementKind,
    FigureGroup,
    FigurePolicy,
    Findings,
    Hedge,
    Quantity,
    Span,
    Stance,
)

from .desk import DAY, Desk

NIS = "South Korea's National Intelligence Service"
ZELENSKYY = "Ukraine's President Volodymyr Zelenskyy"
KILLED_JANUARY = "The NIS said in January that about 300 North Korean soldiers had been killed and 2,700 wounded."


def _group(findings: Findings, measure: str, period: str | None = None) -> FigureGroup:
    found = [g for g in findings.ledger if g.measure == measure and (period is None or g.period == period)]
    assert len(found) == 1, [(g.measure, g.period) for g in findings.ledger]
    return found[0]


def _values(group: FigureGroup) -> set[tuple[str, float, float | None]]:
    return {(f.speaker, f.quantity.value, f.quantity.high) for f in group.figures}


def test_killed_wounded_and_casualties_are_kept_apart_and_noted() -> None:
    desk = Desk()
    a = desk.article("Meridian Wire", f"{KILLED_JANUARY} Zelenskyy has put casualties higher.")
    desk.says(a, KILLED_JANUARY, NIS, content="that about 300 North Korean soldiers had been killed and 2,700 wounded")
    b = desk.article("Daily Lantern", "Zelenskyy said North Korean casualties are about 4,000.")
    desk.says(b, b.text, ZELENSKYY, content="North Korean casualties are about 4,000")
    findings = desk.findings()

    killed, wounded, casualties = (_group(findings, m) for m in ("killed", "wounded", "casualties"))
    assert _values(killed) == {(NIS, 300, None)} and killed.period == "January 2025"
    assert _values(wounded) == {(NIS, 2700, None)}
    assert _values(casualties) == {(ZELENSKYY, 4000, None)}
    assert killed.subject == wounded.subject == casualties.subject == "North Korean soldiers"
    assert not any(g.disagreement for g in findings.ledger), "different measures are never compared"
    notes = [d for d in findings.disagreements if d.kind is DisagreementKind.NOT_COMPARABLE]
    pairs = {frozenset(d.refs) for d in notes}
    assert frozenset({killed.id, casualties.id}) in pairs and frozenset({wounded.id, casualties.id}) in pairs
    assert all("casualties count killed and wounded together" in d.reason for d in notes)
    assert frozenset({killed.id, wounded.id}) not in pairs


def test_a_new_deployment_is_not_the_force_already_there() -> None:
    desk = Desk()
    new = "The JoongAng Ilbo reported that 1,000 to 3,000 newly deployed North Korean troops arrived in January."
    total = "An estimated 10,000 to 12,000 North Korean troops were already in Russia."
    a = desk.article("Pacific Ledger", f"{new} {total}")
    desk.says(a, new, "South Korea's JoongAng Ilbo newspaper", content=new[new.index("1,000") - 5 :])
    desk.says(a, total)
    findings = desk.findings()

    fresh, force = _group(findings, "deployed (new)"), _group(findings, "deployed (total)")
    assert (fresh.low, fresh.high) == (1000, 3000) and (force.low, force.high) == (10000, 12000)
    note = next(d for d in findings.disagreements if set(d.refs) == {fresh.id, force.id})
    assert note.kind is DisagreementKind.NOT_COMPARABLE and "not the force already there" in note.reason


def test_different_periods_are_kept_apart_and_an_undated_relay_joins_its_speaker() -> None:
    desk = Desk()
    february = "The NIS said in February that about 350 North Korean soldiers had been killed."
    a = desk.article("Meridian Wire", f"{KILLED_JANUARY} {february}")
    desk.says(a, KILLED_JANUARY, NIS, content=KILLED_JANUARY[KILLED_JANUARY.index("that") : -1])
    desk.says(a, february, NIS, content=february[february.index("that") : -1])
    undated = "The NIS has said about 300 North Korean soldiers had been killed."
    b = desk.article("Eastbridge Times", undated)
    desk.says(b, undated, NIS, content=undated[undated.index("about") : -1])
    findings = desk.findings()

    january, feb = _group(findings, "killed", "January 2025"), _group(findings, "killed", "February 2025")
    assert {f.quantity.value for f in january.figures} == {300} and len(january.figures) == 2
    assert {f.quantity.value for f in feb.figures} == {350}
    assert not january.disagreement and not feb.disagreement
    assert len([g for g in findings.ledger if g.measure == "killed"]) == 2, "the undated figure joined January"
    note = next(d for d in findings.disagreements if set(d.refs) == {january.id, feb.id})
    assert note.kind is DisagreementKind.NOT_COMPARABLE and "different periods" in note.reason
    assert january.sources == 2


def test_an_undated_figure_that_disagrees_stays_apart() -> None:
    desk = Desk()
    a = desk.article("Meridian Wire", KILLED_JANUARY)
    desk.says(a, KILLED_JANUARY, NIS, content=KILLED_JANUARY[KILLED_JANUARY.index("that") : -1])
    other = "Kyiv says 900 North Korean soldiers have been killed."
    b = desk.article("Daily Lantern", other)
    desk.says(b, other, "Kyiv", content="900 North Korean soldiers have been killed")
    findings = desk.findings()

    dated, undated = _group(findings, "killed", "January 2025"), _group(findings, "killed", "")
    assert _values(undated) == {("Kyiv", 900, None)} and not dated.disagreement
    assert any(set(d.refs) == {dated.id, undated.id} for d in findings.disagreements)


def test_disagreeing_speakers_are_flagged_with_a_reason() -> None:
    desk = Desk()
    us = "U.S. intelligence has estimated about 1,200 casualties."
    kyiv = "Ukraine's President Volodymyr Zelenskyy says there have been about 4,000 casualties."
    a = desk.article("Meridian Wire", f"{us} {kyiv}")
    desk.says(a, us, "U.S. intelligence", content="about 1,200 casualties")
    desk.says(a, kyiv, ZELENSKYY, content="there have been about 4,000 casualties")
    findings = desk.findings()

    group = _group(findings, "casualties")
    assert (group.low, group.high) == (1200, 4000)
    assert group.disagreement.startswith("figures differ beyond rounding")
    assert "about 1,200 (U.S. intelligence)" in group.disagreement
    assert f"about 4,000 ({ZELENSKYY})" in group.disagreement
    flagged = [d for d in findings.disagreements if d.kind is DisagreementKind.FIGURES]
    assert [d.refs for d in flagged] == [(group.id,)]
    assert set(flagged[0].claim_ids) == {f.claim_id for f in group.figures}


def test_approximate_figures_agree_within_rounding() -> None:
    def q(value: float, qualifier: str = "", change: Change = Change.APPROXIMATE) -> Quantity:
        return Quantity(0, 1, "x", value, change=change, qualifier=qualifier)

    assert interval(q(300, "about")) == (270, 330)
    assert interval(q(4000, "about")) == (3600, 4400)
    assert interval(q(1200, "roughly")) == (1150, 1250)
    assert agree(q(300, "about"), q(300, "roughly"))
    assert agree(q(4000, "about"), q(3800, "nearly"))
    assert not agree(q(300, "about"), q(350, "about"))
    assert not agree(q(300, "", Change.EXACT), q(310, "", Change.EXACT))
    assert agree(q(3000, "up to", Change.LESS_THAN), Quantity(0, 1, "x", 1000, high=3000))
    assert agree(q(60, "at least", Change.MORE_THAN), q(90, "", Change.EXACT))
    assert not agree(q(60, "at least", Change.MORE_THAN), q(41, "", Change.EXACT))

    desk = Desk()
    one = "The NIS estimated that about 300 North Korean soldiers had been killed."
    two = "Analysts in Seoul said roughly 300 North Korean soldiers had been killed."
    a = desk.article("Meridian Wire", f"{one} {two}")
    desk.says(a, one, NIS, content="that about 300 North Korean soldiers had been killed")
    desk.says(a, two, "Analysts in Seoul", content="roughly 300 North Korean soldiers had been killed")
    group = _group(desk.findings(), "killed")
    assert len({f.speaker for f in group.figures}) == 2 and group.disagreement == ""


def test_one_figure_relayed_by_many_outlets_is_many_figures_and_no_disagreement() -> None:
    desk = Desk()
    for n, outlet in enumerate(("Meridian Wire", "Daily Lantern", "Eastbridge Times")):
        a = desk.article(outlet, KILLED_JANUARY, published=DAY + timedelta(hours=n))
        desk.says(a, KILLED_JANUARY, NIS, content=KILLED_JANUARY[KILLED_JANUARY.index("that") : -1])
    findings = desk.findings()

    killed = _group(findings, "killed")
    assert len(killed.figures) == 3 and killed.sources == 3 and killed.disagreement == ""
    assert [f.via[-1] for f in killed.figures] == ["Meridian Wire", "Daily Lantern", "Eastbridge Times"]
    assert not [d for d in findings.disagreements if d.kind is DisagreementKind.FIGURES]
    assert len(shown_figures(killed, FigurePolicy.ALL)) == 1, "relays collapse onto one figure per speaker"


def test_reprints_relay_through_the_original_outlet_and_count_once() -> None:
    desk = Desk()
    own = "An estimated 10,000 to 12,000 North Korean troops were already in Russia."
    text = f"{KILLED_JANUARY} {own}"
    wire = desk.article("Meridian Wire", text)
    gazette = desk.article("Riverside Gazette", text, published=DAY + timedelta(hours=2), reprint_of=wire)
    for article in (wire, gazette):
        desk.says(article, KILLED_JANUARY, NIS, content=KILLED_JANUARY[KILLED_JANUARY.index("that") : -1])
        desk.says(article, own)
    findings = desk.findings()

    killed = _group(findings, "killed")
    assert {f.via for f in killed.figures} == {(NIS, "Meridian Wire"), (NIS, "Meridian Wire", "Riverside Gazette")}
    assert killed.sources == 1, "a reprint counts with its original"
    force = _group(findings, "deployed (total)")
    assert {f.speaker for f in force.figures} == {"Meridian Wire"}, "a reprint's own voice is the original's"
    assert {f.via for f in force.figures} == {("Meridian Wire",), ("Meridian Wire", "Riverside Gazette")}
    assert findings.sources == 1 and findings.single_source
    assert not desk.findings(min_sources=1).single_source
    best = shown_figures(killed, FigurePolicy.ALL)
    assert [f.via for f in best] == [(NIS, "Meridian Wire")], "the most direct report stands for its relays"


def test_policies_choose_all_the_range_or_the_lowest() -> None:
    desk = Desk()
    sentences = [
        ("U.S. intelligence has estimated about 1,200 casualties.", "U.S. intelligence", "about 1,200 casualties"),
        ("Zelenskyy says about 4,000 were killed or wounded.", ZELENSKYY, "about 4,000 were killed or wounded"),
        ("Seoul puts the casualties at some 3,000.", "Seoul", "the casualties at some 3,000"),
    ]
    a = desk.article("Meridian Wire", " ".join(s for s, _, _ in sentences))
    for sentence, speaker, content in sentences:
        desk.says(a, sentence, speaker, content=content)
    b = desk.article("Daily Lantern", sentences[0][0])
    desk.says(b, sentences[0][0], "U.S. intelligence", content=sentences[0][2])
    group = _group(desk.findings(), "casualties")

    every = shown_figures(group, FigurePolicy.ALL)
    assert sorted(f.quantity.value for f in every) == [1200, 3000, 4000]
    assert len(group.figures) == 4
    spread = shown_figures(group, FigurePolicy.RANGE)
    assert [(f.speaker, f.quantity.value) for f in spread] == [("U.S. intelligence", 1200), (ZELENSKYY, 4000)]
    assert [f.quantity.value for f in shown_figures(group, FigurePolicy.CONSERVATIVE)] == [1200]


def test_an_outlets_sentence_that_names_the_speaker_gives_the_figure_to_that_speaker() -> None:
    desk = Desk()
    text = (
        "Ukraine's President Volodymyr Zelenskyy has cited North Korea's role as proof the war is widening. "
        "He has put North Korean casualties at about 4,000. "
        "U.S. intelligence has estimated roughly 1,200 casualties. "
        "Zelenskyy claims the real toll is nearer 4,000."
    )
    a = desk.article("Daily Lantern", text)
    desk.says(a, text.split(". ")[0] + ".", ZELENSKYY, content="North Korea's role as proof the war is widening")
    desk.says(a, "He has put North Korean casualties at about 4,000.")
    desk.says(a, "U.S. intelligence has estimated roughly 1,200 casualties.", "U.S. intelligence")
    desk.says(a, "Zelenskyy claims the real toll is nearer 4,000.", ZELENSKYY, content="the real toll is nearer 4,000")
    group = _group(desk.findings(), "casualties")

    assert {(f.speaker, f.quantity.value) for f in group.figures} == {
        (ZELENSKYY, 4000),
        ("U.S. intelligence", 1200),
    }, "the pronoun, and a bare toll the same speaker gives as casualties elsewhere, are resolved"
    reattributed = next(f for f in group.figures if f.quote.startswith("He has put"))
    assert reattributed.via == (ZELENSKYY, "Daily Lantern") and reattributed.hedge.value == "attributed"


def test_figures_that_are_not_measures_stay_out_and_quotes_are_exact() -> None:
    desk = Desk()
    text = (
        "Analysts point to three returns. Thousands of men have been killed or wounded, by Seoul's count. "
        "The NIS said in January that about 300 had been killed."
    )
    a = desk.article("Pacific Ledger", text)
    desk.says(a, "Analysts point to three returns.")
    desk.says(a, "Thousands of men have been killed or wounded, by Seoul's count.")
    killed = "The NIS said in January that about 300 had been killed."
    desk.says(a, killed, NIS, content="that about 300 had been killed")
    findings = desk.findings()

    assert [(g.measure, g.low) for g in findings.ledger] == [("killed", 300)]
    for group in findings.ledger:
        for f in group.figures:
            article = next(x for x in desk.articles if x.id == f.article_id)
            assert f.quote == article.text[f.evidence.start : f.evidence.end]
            assert article.text[f.quantity.start : f.quantity.end] == f.quantity.text


def test_the_same_input_gives_the_same_findings_and_ids() -> None:
    def build(reverse: bool) -> Findings:
        desk = Desk()
        texts = [("Meridian Wire", KILLED_JANUARY), ("Daily Lantern", KILLED_JANUARY)]
        for outlet, text in reversed(texts) if reverse else texts:
            a = desk.article(outlet, text)
            desk.says(a, text, NIS, content=text[text.index("that") : -1])
        return desk.findings()

    first, again, reordered = build(False), build(False), build(True)
    assert first == again
    assert [g.id for g in first.ledger] == [g.id for g in reordered.ledger]
    assert [(g.measure, g.period, len(g.figures)) for g in first.ledger] == [
        (g.measure, g.period, len(g.figures)) for g in reordered.ledger
    ]


def test_an_empty_story_and_claims_of_other_articles_give_empty_findings() -> None:
    desk = Desk()
    assert desk.findings() == Findings(story_id="s_desk", single_source=True)
    elsewhere = Desk()
    a = elsewhere.article("Meridian Wire", KILLED_JANUARY)
    elsewhere.says(a, KILLED_JANUARY, NIS, content=KILLED_JANUARY[KILLED_JANUARY.index("that") : -1])
    b = desk.article("Daily Lantern", "Nothing was said.")
    findings = reconcile(desk.story(), [b], elsewhere.claims)
    assert findings.ledger == () and findings.propositions == () and findings.timeline == ()
    assert findings.sources == 1 and findings.single_source


def test_a_figure_in_a_headline_is_quoted_from_the_title() -> None:
    desk = Desk()
    title = "About 300 North Korean soldiers killed in January, NIS says"
    a = desk.article("Meridian Wire", "Seoul briefed lawmakers.", title=title)
    claim = Claim(
        id="c_title",
        article_id=a.id,
        kind=ClaimKind.REPORTED,
        speaker=NIS,
        speaker_text="NIS",
        cue="says",
        text=title[: title.index(",")],
        evidence=Span(a.id, 0, len(title), "title"),
        source_spans=(),
        cue_spans=(),
        content_spans=((0, title.index(",")),),
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
        quantities=tuple(extract_quantities(title, 0, title.index(","))),
        times=tuple(find_times(title, a.published)),
    )
    group = _group(reconcile(desk.story(), desk.articles, [claim]), "killed", "January 2025")
    assert group.figures[0].quote == title and group.figures[0].evidence.field == "title"
