"""The stance table on small hand-written stories: propositions, who asserts, who denies, where denials go."""

from __future__ import annotations

from newsdesk.types import DisagreementKind, Findings, Proposition, Stance

from .desk import Desk

NIS = "South Korea's National Intelligence Service"


def _deployment_story() -> Desk:
    desk = Desk()
    wire = desk.article(
        "Meridian Wire",
        "South Korea's spy agency said North Korean troops are fighting in Russia's Kursk region again. "
        "The JoongAng Ilbo reported that 1,000 to 3,000 new troops had arrived by ship. "
        "The agency has not publicly confirmed that range. "
        "Neither Russia nor North Korea has acknowledged the deployment.",
    )
    desk.says(
        wire,
        "South Korea's spy agency said North Korean troops are fighting in Russia's Kursk region again.",
        NIS,
        content="North Korean troops are fighting in Russia's Kursk region again",
    )
    desk.says(
        wire,
        "The JoongAng Ilbo reported that 1,000 to 3,000 new troops had arrived by ship.",
        "JoongAng Ilbo",
        content="that 1,000 to 3,000 new troops had arrived by ship",
    )
    desk.says(
        wire, "The agency has not publicly confirmed that range.", NIS, content="that range", stance=Stance.DENIED
    )
    desk.says(
        wire,
        "Neither Russia nor North Korea has acknowledged the deployment.",
        "Neither Russia nor North Korea",
        content="the deployment",
        stance=Stance.DENIED,
    )
    lantern = desk.article(
        "Daily Lantern",
        "North Korean soldiers are fighting in Russia's Kursk region once more, Seoul's intelligence agency says. "
        "Moscow refuses to admit that North Korean soldiers are fighting in Russia at all. "
        "The Kremlin declined to comment.",
    )
    desk.says(
        lantern,
        "North Korean soldiers are fighting in Russia's Kursk region once more, Seoul's intelligence agency says.",
        NIS,
        content="North Korean soldiers are fighting in Russia's Kursk region once more",
    )
    desk.says(
        lantern,
        "Moscow refuses to admit that North Korean soldiers are fighting in Russia at all.",
        "Moscow",
        content="that North Korean soldiers are fighting in Russia at all",
        stance=Stance.DENIED,
    )
    desk.says(lantern, "The Kremlin declined to comment.", "Kremlin", content="to comment", stance=Stance.DENIED)
    return desk


def _about(findings: Findings, words: str) -> Proposition:
    found = [p for p in findings.propositions if words in p.text]
    assert len(found) == 1, [p.text for p in findings.propositions]
    return found[0]


def test_denials_attach_to_what_they_deny_and_make_a_stance_disagreement() -> None:
    findings = _deployment_story().findings()
    fighting = _about(findings, "fighting in Russia's Kursk region")
    assert {p.speaker for p in fighting.confirms} == {NIS}
    assert {p.speaker for p in fighting.denies} == {"Moscow", "Neither Russia nor North Korea", "Kremlin"}, (
        "a contentful denial goes where its words fit; short ones ('the deployment', 'to comment') follow it"
    )
    stance = [d for d in findings.disagreements if d.kind is DisagreementKind.STANCE]
    assert any(d.refs == (fighting.id,) for d in stance)
    reason = next(d.reason for d in stance if d.refs == (fighting.id,))
    assert "Moscow" in reason and NIS in reason
    assert findings.propositions[0] is fighting or findings.propositions[0].denies, "disputed ones come first"


def test_a_denial_that_points_back_at_a_figure_goes_to_that_figure() -> None:
    findings = _deployment_story().findings()
    arrivals = _about(findings, "1,000 to 3,000 new troops")
    assert [(p.speaker, p.stance) for p in arrivals.positions] == [
        ("JoongAng Ilbo", Stance.ASSERTED),
        (NIS, Stance.DENIED),
    ]
    assert arrivals.denies[0].quote == "The agency has not publicly confirmed that range."


def test_one_position_per_speaker_and_stance_with_exact_quotes() -> None:
    desk = _deployment_story()
    findings = desk.findings()
    texts = {a.id: a.text for a in desk.articles}
    for prop in findings.propositions:
        keys = [(p.speaker, p.stance) for p in prop.positions]
        assert len(keys) == len(set(keys))
        for p in prop.positions:
            assert p.quote == texts[p.article_id][p.evidence.start : p.evidence.end]
    fighting = _about(findings, "fighting in Russia's Kursk region")
    nis = [p for p in fighting.positions if p.speaker == NIS]
    assert len(nis) == 1 and nis[0].article_id == desk.articles[0].id, "the earliest report stands for the speaker"


def test_a_statement_of_one_outlet_and_speaker_is_not_central() -> None:
    desk = Desk()
    a = desk.article("Pacific Ledger", "Analysts point to three returns. The first is money.")
    desk.says(a, "Analysts point to three returns.")
    desk.says(a, "The first is money.")
    b = desk.article(
        "Daily Lantern", "Officials said the dam had failed. Engineers said the dam had failed after heavy rain."
    )
    desk.says(b, "Officials said the dam had failed.", "Officials", content="the dam had failed")
    desk.says(b, "Engineers said the dam had failed after heavy rain.", "Engineers", content="the dam had failed")
    findings = desk.findings()
    assert [p.text for p in findings.propositions] == ["the dam had failed"]
    assert {p.speaker for p in findings.propositions[0].positions} == {"Officials", "Engineers"}
    assert not findings.disagreements
