"""The shipped attribution model on hand-written sentences, and the encoding it relies on."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

import pytest

from newsdesk.claims.attribution import ATTRIBUTION_MODEL, Attributor
from newsdesk.claims.attribution_encoding import assemble, encode, units
from newsdesk.errors import ModelError
from newsdesk.types import Attribution


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor()


def said(text: str, spans: tuple[tuple[int, int], ...]) -> list[str]:
    return [text[s:e] for s, e in spans]


def only(found: list[Attribution], cue_word: str, text: str) -> Attribution:
    """The one attribution whose cue holds ``cue_word``."""
    hits = [a for a in found if any(cue_word in part for part in said(text, a.cue))]
    assert len(hits) == 1, found
    return hits[0]


def valid(found: list[Attribution], text: str) -> None:
    for a in found:
        for spans in (a.source, a.cue, a.content):
            assert list(spans) == sorted(spans)
            assert all(0 <= s < e <= len(text) for s, e in spans)


def test_model_name_is_versioned_and_is_the_shipped_model(attributor: Attributor) -> None:
    name, _, version = ATTRIBUTION_MODEL.partition("/")
    assert name and version.isdigit()
    attributor.load()
    assert attributor.model_name == ATTRIBUTION_MODEL


def test_x_said_y(attributor: Attributor) -> None:
    text = "The health minister said the new hospital would open in March."
    found = attributor.extract(text)
    valid(found, text)
    a = only(found, "said", text)
    assert said(text, a.source) == ["The health minister"]
    assert said(text, a.cue) == ["said"]
    assert said(text, a.content) == ["the new hospital would open in March"]


def test_according_to_x_y(attributor: Attributor) -> None:
    text = "According to the police, three people were arrested after the match."
    found = attributor.extract(text)
    valid(found, text)
    a = only(found, "According", text)
    assert said(text, a.source) == ["the police"]
    assert "three people were arrested after the match" in " ".join(said(text, a.content))


def test_a_quote_broken_by_he_said_is_one_discontinuous_content(attributor: Attributor) -> None:
    text = "“We will not give up,” he said, “because the people of this city are with us.”"
    found = attributor.extract(text)
    valid(found, text)
    a = only(found, "said", text)
    assert said(text, a.source) == ["he"]
    parts = said(text, a.content)
    assert len(parts) == 2
    assert "We will not give up" in parts[0]
    assert "because the people of this city are with us" in parts[1]


def test_postposed_y_x_said(attributor: Attributor) -> None:
    text = "The economy grew faster than expected last year, the central bank said on Tuesday."
    found = attributor.extract(text)
    valid(found, text)
    a = only(found, "said", text)
    assert said(text, a.source) == ["the central bank"]
    assert "The economy grew faster than expected last year" in " ".join(said(text, a.content))


def test_plain_text_and_empty_text(attributor: Attributor) -> None:
    assert attributor.extract("") == []
    assert attributor.extract_many(["", "   "]) == [[], []]


def test_a_missing_model_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match=r"attribution\.onnx"):
        Attributor(tmp_path).extract("He said so.")


def test_gold_tags_assemble_back_into_the_gold_attributions() -> None:
    text = "“Prices will fall,” she said, “but not soon.” Analysts disagreed."
    quote1, quote2 = (1, 18), (31, 44)
    gold = [
        Attribution(((20, 23),), ((24, 28),), (quote1, quote2)),
        Attribution(((46, 54),), ((55, 64),), ()),
    ]
    assert [text[s:e] for s, e in (quote1, quote2, *gold[0].source, *gold[1].cue)] == [
        "Prices will fall,",
        "but not soon.",
        "she",
        "disagreed",
    ]
    u = units(text)
    tags = encode(u, gold)
    found = assemble(u, tags[0].tolist(), tags[1].tolist(), tags[2].tolist())
    assert found == gold


def test_a_contraction_splits_so_that_the_source_stands_alone() -> None:
    text = "He's saying no."
    assert [text[s:e] for s, e in zip(units(text).starts, units(text).ends, strict=True)] == [
        "He",
        "'s",
        "saying",
        "no",
        ".",
    ]


def test_a_content_without_a_cue_is_kept_only_when_the_model_is_sure_of_it() -> None:
    text = "Prices will fall. Nobody knows."
    u = units(text)
    none = [0] * len(u)
    content = [1, 2, 2] + [0] * (len(u) - 3)
    sure = assemble(u, none, none, content, [0.9] * len(u))
    assert sure == [Attribution((), (), ((0, 16),))]
    assert assemble(u, none, none, content, [0.5] * len(u)) == []
    assert assemble(u, none, none, content) == sure  # without confidences nothing is dropped


def test_one_speaker_serves_two_cues() -> None:
    text = "She said taxes would rise, adding that cuts were coming."
    u = units(text)
    words = [text[s:e] for s, e in zip(u.starts, u.ends, strict=True)]
    source = [1 if w == "She" else 0 for w in words]
    cue = [1 if w in ("said", "adding") else 0 for w in words]
    content = [0] * len(u)
    first, second = words.index("taxes"), words.index("that")
    content[first : first + 3] = [1, 2, 2]
    content[second : second + 4] = [1, 2, 2, 2]
    found = assemble(u, source, cue, content)
    assert [(said(text, a.source), said(text, a.cue), said(text, a.content)) for a in found] == [
        (["She"], ["said"], ["taxes would rise"]),
        (["She"], ["adding"], ["that cuts were coming"]),
    ]


def test_a_model_built_for_other_features_is_refused(tmp_path: Path) -> None:
    shipped = json.loads((resources.files("newsdesk.claims") / "data" / "attribution.json").read_text("utf-8"))
    shipped["encoding_version"] = 0
    (tmp_path / "attribution.json").write_text(json.dumps(shipped), encoding="utf-8")
    (tmp_path / "attribution.onnx").write_bytes(b"")
    with pytest.raises(ModelError, match="encoding version 0"):
        Attributor(tmp_path).load()


def tag(text: str, **roles: list[str]) -> tuple[list[int], list[int], list[int], list[str]]:
    """Tag layers that mark each listed phrase (by its first occurrence after the previous one) with B, I, I..."""
    u = units(text)
    words = [text[s:e] for s, e in zip(u.starts, u.ends, strict=True)]
    layers = {"source": [0] * len(u), "cue": [0] * len(u), "content": [0] * len(u)}
    for role, phrases in roles.items():
        at = 0
        for phrase in phrases:
            pu = units(phrase)
            parts = [phrase[s:e] for s, e in zip(pu.starts, pu.ends, strict=True)]
            at = next(k for k in range(at, len(words)) if words[k : k + len(parts)] == parts)
            layers[role][at : at + len(parts)] = [1] + [2] * (len(parts) - 1)
            at += len(parts)
    return layers["source"], layers["cue"], layers["content"], words


def test_a_cue_does_not_take_a_content_over_another_cue() -> None:
    text = "Officials said little. Zelenskyy said casualties rose, while others counted more."
    source, cue, content, _ = tag(
        text, source=["Zelenskyy"], cue=["said", "said"], content=["casualties rose", "others counted more"]
    )
    found = assemble(units(text), source, cue, content)
    pairs = {(tuple(said(text, a.cue)), tuple(said(text, a.content))) for a in found}
    first_said = (text.index("said"), text.index("said") + 4)
    assert [a.content for a in found if a.cue == (first_said,)] == [()]
    assert (("said",), ("casualties rose",)) in pairs
    assert ((), ("others counted more",)) in pairs


def test_a_cue_reaches_into_the_next_paragraph_only_through_a_colon() -> None:
    for text, paired in (("He said:\n\nTaxes will rise.", True), ("He said so.\n\nTaxes will rise.", False)):
        source, cue, content, _ = tag(text, source=["He"], cue=["said"], content=["Taxes will rise"])
        found = assemble(units(text), source, cue, content)
        with_cue = next(a for a in found if a.cue)
        assert (said(text, with_cue.content) == ["Taxes will rise"]) is paired
