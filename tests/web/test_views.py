"""Cutting an article's text into claim segments and paragraphs, on hand-made claims."""

from __future__ import annotations

from newsdesk.types import Claim, ClaimKind, Hedge, Span, Stance
from newsdesk.web.views import paragraphs, segments

TEXT = "First sentence, he said. Second one.\n\nA new paragraph, she said.\nA line after a break."


def _claim(cid: str, start: int, end: int, field: str = "text") -> Claim:
    return Claim(
        id=cid,
        article_id="a_1",
        kind=ClaimKind.REPORTED,
        speaker="X",
        speaker_text="X",
        cue="said",
        text=TEXT[start:end],
        evidence=Span("a_1", start, end, field),
        source_spans=(),
        cue_spans=(),
        content_spans=(),
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
    )


def test_segments_give_the_text_back_and_mark_each_claim_once() -> None:
    first = _claim("c1", 0, 24)
    overlapping = _claim("c2", 10, 36)  # starts inside c1: keeps only what c1 does not cover
    third = _claim("c3", 38, 64)
    title = _claim("c4", 0, 5, "title")
    pieces = segments(TEXT, [third, overlapping, first, title], "text")
    assert "".join(p["text"] for p in pieces) == TEXT
    assert [(p["claim"], p["text"]) for p in pieces if p["claim"]] == [
        ("c1", "First sentence, he said."),
        ("c2", " Second one."),
        ("c3", "A new paragraph, she said."),
    ]
    assert segments(TEXT, [_claim("bad", 5, 500)], "text") == [{"text": TEXT, "claim": None}]


def test_paragraphs_split_at_line_breaks_and_keep_the_spaces_between_claims() -> None:
    pieces = segments(TEXT, [_claim("c1", 0, 24), _claim("c2", 25, 36)], "text")
    paras = paragraphs(pieces)
    assert ["".join(p["text"] for p in para) for para in paras] == [
        "First sentence, he said. Second one.",
        "A new paragraph, she said.",
        "A line after a break.",
    ]
    assert [p["claim"] for p in paras[0]] == ["c1", None, "c2"]
