"""One speaker, however the text names it: names, acronyms, descriptions and pronouns."""

from __future__ import annotations

from newsdesk.claims.speakers import SpeakerBook, unify_speakers
from newsdesk.types import Claim, ClaimKind, Hedge, Span, Stance

NIS = "South Korea's National Intelligence Service"


def _names(*mentions: str) -> list[str]:
    book = SpeakerBook()
    keys = [book.add(m) for m in mentions]
    return [book.name(k) if k is not None else m for k, m in zip(keys, mentions, strict=True)]


def test_acronym_description_and_pronoun_join_the_full_name() -> None:
    got = _names(NIS, "the NIS", "Seoul's spy agency", "the agency", "it")
    assert got == [NIS] * 5


def test_a_later_full_name_joins_an_earlier_acronym_and_description() -> None:
    got = _names("South Korea's spy agency", "the NIS", "it", NIS)
    assert got == [NIS] * 4


def test_surname_and_appositive_join_the_person() -> None:
    zelenskyy = "Ukrainian President Volodymyr Zelenskyy"
    got = _names(zelenskyy, "Zelenskyy", "he", "Ukraine's president, Volodymyr Zelenskyy")
    assert got == [zelenskyy] * 4


def test_a_fuller_name_met_later_becomes_the_name() -> None:
    assert _names("Putin", "Russian President Vladimir Putin") == ["Russian President Vladimir Putin"] * 2


def test_different_speakers_stay_apart() -> None:
    got = _names(NIS, "North Korea's spy agency", "U.S. intelligence", "Zelenskyy", "officials", "South Korea")
    assert got == [NIS, "North Korea's spy agency", "U.S. intelligence", "Zelenskyy", "officials", "South Korea"]


def test_pronouns_pick_a_speaker_of_their_kind() -> None:
    got = _names("Ukrainian President Volodymyr Zelenskyy", "The Kremlin", "he", "it")
    assert got == [
        "Ukrainian President Volodymyr Zelenskyy",
        "Kremlin",
        "Ukrainian President Volodymyr Zelenskyy",
        "Kremlin",
    ]


def test_a_pronoun_with_nobody_before_it_names_nobody() -> None:
    book = SpeakerBook()
    assert book.add("he") is None
    assert book.resolve("she") == "she"


def test_descriptions_must_fit_modifiers_and_places() -> None:
    book = SpeakerBook()
    book.add(NIS)
    assert book.resolve("North Korea's spy agency") == "North Korea's spy agency"
    assert book.resolve("the ministry") == "the ministry"  # nothing before it fits a ministry


def _claim(n: int, speaker: str, kind: ClaimKind = ClaimKind.REPORTED) -> Claim:
    return Claim(
        id=f"c{n}",
        article_id=f"a{n}",
        kind=kind,
        speaker=speaker,
        speaker_text=speaker,
        cue="said",
        text="x",
        evidence=Span(f"a{n}", 0, 1),
        source_spans=(),
        cue_spans=(),
        content_spans=(),
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
    )


def test_unify_speakers_across_the_articles_of_a_story() -> None:
    claims = [_claim(1, "NIS"), _claim(2, NIS), _claim(3, "The Daily Lantern", ClaimKind.OWN), _claim(4, "Zelenskyy")]
    assert [c.speaker for c in unify_speakers(claims)] == [NIS, NIS, "The Daily Lantern", "Zelenskyy"]
