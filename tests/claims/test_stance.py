"""Stance (asserted / denied / confirmed) and hedge (stated … speculative) of reported statements."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.claims.stance import STANCE_EXTRACTOR, read_stance
from newsdesk.claims.text import sentences
from newsdesk.types import Hedge, Stance

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"

A, DN, C = Stance.ASSERTED, Stance.DENIED, Stance.CONFIRMED
ST, AT, HE, SP = Hedge.STATED, Hedge.ATTRIBUTED, Hedge.HEDGED, Hedge.SPECULATIVE


@pytest.mark.parametrize(
    ("sentence", "cue", "stance", "markers"),
    [
        ("Russia and North Korea have denied the reports.", "have denied", DN, ("denied",)),
        ("The Kremlin declined to comment.", "declined to comment", DN, ("declined to comment",)),
        ("Pyongyang has not acknowledged the deployment.", "", DN, ("has not acknowledged",)),
        ("Pyongyang has not acknowledged the deployment.", "acknowledged", DN, ("has not acknowledged",)),
        ("Pyongyang hasn't acknowledged the deployment.", "", DN, ("hasn't acknowledged",)),
        (
            "Neither Russia nor North Korea has acknowledged it.",
            "",
            DN,
            ("Neither Russia nor North Korea has acknowledged",),
        ),
        ("Moscow and Pyongyang have never confirmed it.", "", DN, ("have never confirmed",)),
        ("The army did not confirm the figure.", "did not confirm", DN, ("did not confirm",)),
        ("The army would not confirm the figure.", "", DN, ("would not confirm",)),
        ("The government has yet to confirm the figures.", "", DN, ("has yet to confirm",)),
        ("The government has not yet confirmed the figures.", "", DN, ("has not yet confirmed",)),
        ("Moscow would neither confirm nor deny the report.", "", DN, ("neither confirm nor deny",)),
        ("He refused to comment on the report.", "refused to comment", DN, ("refused to comment",)),
        (
            "The ministry dismissed the reports as baseless propaganda.",
            "dismissed",
            DN,
            ("dismissed the reports as baseless",),
        ),
        (
            "She called the allegations completely fabricated.",
            "called",
            DN,
            ("called the allegations completely fabricated",),
        ),
        ("The company rejected the claims.", "rejected", DN, ("rejected the claims",)),
        ("The embassy refuted the story.", "refuted", DN, ("refuted",)),
        ("Officials said there was no evidence of a cover-up.", "said", DN, ("no evidence",)),
        ("Venn confirmed 12 deaths on Tuesday.", "confirmed", C, ("confirmed",)),
        ("The minister admitted the error.", "admitted", C, ("admitted",)),
        ("The ministry acknowledged the strike.", "acknowledged", C, ("acknowledged",)),
        ("The figures were verified by two labs.", "", C, ("verified",)),
        ("Two witnesses corroborated the account.", "corroborated", C, ("corroborated",)),
        # negation flips a denial to a plain assertion, and is what decided it
        ("The spokesman did not deny the report.", "did not deny", A, ("did not deny",)),
        ("The spokesman never denied it.", "", A, ("never denied",)),
        # no stance words
        ("The NIS said troops had returned.", "said", A, ()),
        ("He rejected the proposal.", "rejected", A, ()),
        ("It declined to take back its dead.", "", A, ()),
    ],
)
def test_stance(sentence: str, cue: str, stance: Stance, markers: tuple[str, ...]) -> None:
    reading = read_stance(sentence, cue)
    assert reading.stance is stance
    assert reading.markers == markers


def test_the_cue_decides_when_it_is_in_the_sentence() -> None:
    sentence = "The NIS said Russia had denied the report."
    assert read_stance(sentence, "said").stance is A  # the NIS asserts
    assert read_stance(sentence, "denied").stance is DN  # Russia denies
    assert read_stance(sentence).stance is DN  # without a cue the first marker decides


def test_cue_is_matched_as_whole_words() -> None:
    sentence = "North Korea has reportedly refused, media reported."
    reading = read_stance(sentence, "reported")
    assert reading == read_stance(sentence, "")
    assert reading.markers == ("reportedly",)


def test_cue_outside_the_sentence_is_read_by_itself() -> None:
    reading = read_stance("The report was wrong.", "denied")
    assert (reading.stance, reading.markers) == (DN, ("denied",))


@pytest.mark.parametrize(
    ("sentence", "attributed", "hedge", "markers"),
    [
        ("Troops arrived on Monday.", False, ST, ()),
        ("Troops arrived on Monday, the agency said.", True, AT, ()),
        ("Troops reportedly arrived on Monday.", False, HE, ("reportedly",)),
        ("Reportedly, the troops left.", True, HE, ("Reportedly",)),
        ("He allegedly considered an ice burial.", True, HE, ("allegedly",)),
        ("Pyongyang appears to have sent more troops.", True, HE, ("appears to",)),
        ("The plan seems doomed.", True, HE, ("seems",)),
        ("The ship is said to have left port.", False, HE, ("said to have",)),
        ("He is believed to have fled.", False, HE, ("believed to have",)),
        ("It is understood that the deal is close.", False, HE, ("It is understood",)),
        ("There were unconfirmed reports of looting.", False, HE, ("unconfirmed",)),
        (
            "Troops left, according to South Korean media reports.",
            False,
            HE,
            ("according to South Korean media reports",),
        ),
        ("The figure could not be independently verified.", False, HE, ("could not be independently verified",)),
        ("The Lantern has not been able to confirm the claims.", False, HE, ("not been able to confirm",)),
        ("Those claims have not been confirmed.", False, HE, ("not been confirmed",)),
        ("That contingent may number as many as 3,000.", True, SP, ("may",)),
        ("Officials warned that the toll could climb.", True, SP, ("could",)),
        ("It might rain.", False, SP, ("might",)),
        ("The talks will possibly resume.", False, SP, ("possibly",)),
        ("Perhaps the deal holds.", False, SP, ("Perhaps",)),
        ("A first meeting is likely to be held in Riyadh.", True, SP, ("is likely",)),
        ("The teams are expected to meet again.", True, SP, ("expected to",)),
        ("Some analysts believe the tests may be used to refine designs.", True, SP, ("believe", "may")),
        ("It is possible that talks resume.", False, SP, ("It is possible",)),
        ("There was speculation about his health.", False, SP, ("speculation",)),
        ("The reports suggest Pyongyang is adapting.", False, SP, ("suggest",)),
        # speculative beats hedged: the least sure level found wins, and every hedge word is reported
        ("He reportedly may resign.", True, SP, ("reportedly", "may")),
    ],
)
def test_hedge(sentence: str, attributed: bool, hedge: Hedge, markers: tuple[str, ...]) -> None:
    reading = read_stance(sentence, attributed=attributed)
    assert reading.hedge is hedge
    assert reading.markers == markers


@pytest.mark.parametrize(
    "sentence",
    [
        "He met Theresa May in May.",
        "Will Smith said the film was good.",
        "Likely voters favour him.",
        "We could hear people shouting and we could do nothing.",
        "It could never gather such data at home.",
        "He said to reporters that he would win.",
        "The mayor spoke on Monday.",
    ],
)
def test_no_false_hedges(sentence: str) -> None:
    assert read_stance(sentence).hedge is AT
    assert read_stance(sentence, attributed=False).hedge is ST


def test_unverifiable_is_hedged_not_speculative_nor_denied() -> None:
    reading = read_stance("Meridian Wire could not independently verify the reports.", attributed=False)
    assert (reading.stance, reading.hedge, reading.markers) == (A, HE, ("could not independently verify",))


def _corpus_sentence(name: str, start: str) -> str:
    text = (CORPUS / "text" / name).read_text(encoding="utf-8")
    return next(s.text for s in sentences(text) if s.text.startswith(start))


def test_kursk_wire_sentences() -> None:
    wire = "riversidegazette-kursk-wire.md"
    bodies = _corpus_sentence(wire, "North Korea has reportedly refused")
    reading = read_stance(bodies, "reported")
    assert (reading.stance, reading.hedge, reading.markers) == (A, HE, ("reportedly", "allegedly"))

    unverified = _corpus_sentence(wire, "Meridian Wire could not")
    assert read_stance(unverified, attributed=False).hedge is HE

    presence = _corpus_sentence(wire, "Russia and North Korea have not acknowledged")
    reading = read_stance(presence)
    assert (reading.stance, reading.markers) == (DN, ("have not acknowledged",))

    talks = _corpus_sentence(wire, "The redeployment comes a day after")
    reading = read_stance(talks, "said")
    assert (reading.stance, reading.hedge, reading.markers) == (A, SP, ("likely to",))


def test_kursk_analysis_sentences() -> None:
    analysis = "harbourcourier-kursk-analysis.txt"
    both = _corpus_sentence(analysis, "Moscow and Pyongyang have not acknowledged")
    assert read_stance(both, "acknowledged").markers == ("have not acknowledged",)
    kremlin = read_stance(both, "declined to comment")
    assert (kremlin.stance, kremlin.markers) == (DN, ("declined to comment",))


def test_extractor_name_is_versioned() -> None:
    name, _, version = STANCE_EXTRACTOR.partition("/")
    assert name == "stance"
    assert version.isdigit()
