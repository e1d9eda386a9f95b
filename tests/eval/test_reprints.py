"""``newsdesk eval reprints`` on small clustering files whose answers are known."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.eval.reprints import STYLES, Case, evaluate, reprint_of

VOCABULARY = (  # noqa: SIM905
    "harbour council ferry crews strike union wages talks mayor budget bridge repairs river flood "
    "warning rain school board teachers vote library hours museum grant farmers frost orchard apples "
    "market prices festival parade police traffic station trains delays airport runway tourism hotel "
    "season fishing quota boats "
).split()


def prose(seed: int, words: int = 120) -> str:
    """Distinct text: sentences of words drawn with a seed, so two seeds share almost no 5-word run."""
    rng = random.Random(seed)
    sentences = []
    for _ in range(words // 12):
        sentences.append(" ".join(rng.choice(VOCABULARY) for _ in range(12)).capitalize() + ".")
    return "\n".join(" ".join(sentences[i : i + 2]) for i in range(0, len(sentences), 2))


def write(path: Path, docs: list[tuple[str, str, str]]) -> Path:
    path.write_text(
        "".join(
            json.dumps({"id": i, "title": f"Title {i}", "text": t, "published": None, "cluster": c}) + "\n"
            for i, t, c in docs
        ),
        encoding="utf-8",
    )
    return path


def test_reprints_of_distinct_stories_are_found_and_nothing_else_is_linked(tmp_path: Path) -> None:
    data = write(tmp_path / "set.jsonl", [(f"d{n}", prose(n), f"event{n % 2}") for n in range(8)])
    result = evaluate(data, threshold=0.75)
    assert result["originals"] == 8 and result["natural_pairs"] == 0
    assert result["gold_pairs"] == 8
    assert result["precision"] == 1.0
    assert result["false_links_within_same_event"] == 0 and result["false_links_other"] == 0
    by_style = result["recall_by_style"]
    assert isinstance(by_style, dict) and set(by_style) == set(STYLES)
    # Copies with their words intact are all found; word-level edits are the documented weak spot.
    assert by_style["verbatim"] == by_style["trimmed"] == by_style["lede"] == 1.0
    assert result["recall"] == (6 + 2 * by_style["edited"]) / 8


def test_a_copy_among_the_originals_is_gold_and_a_threshold_above_one_finds_nothing(tmp_path: Path) -> None:
    docs = [("a", prose(1), "e1"), ("b", prose(1), "e1"), ("c", prose(2), "e2")]
    data = write(tmp_path / "set.jsonl", docs)
    result = evaluate(data, threshold=0.75)
    # a, b and their two reprints are one group of four (6 pairs); c and its reprint one pair.
    assert result["natural_pairs"] == 1 and result["gold_pairs"] == 7
    assert result["recall"] == 1.0 and result["precision"] == 1.0
    nothing = evaluate(data, threshold=1.01)
    assert nothing["predicted_pairs"] == 0 and nothing["recall"] == 0.0


def test_short_documents_are_left_out_and_a_set_of_only_short_ones_is_refused(tmp_path: Path) -> None:
    data = write(tmp_path / "short.jsonl", [("s", "Too short to be an article.", "e")])
    with pytest.raises(ConfigError):
        evaluate(data, threshold=0.75)
    with pytest.raises(NotFoundError):
        evaluate(tmp_path / "missing.jsonl", threshold=0.75)


def test_the_reprint_styles_edit_the_text_as_documented() -> None:
    case = Case("x", "e", "Title", prose(7, 240))
    rng = random.Random(1)
    verbatim, trimmed, lede = (reprint_of(case, style, rng) for style in ("verbatim", "trimmed", "lede"))
    assert verbatim.startswith("WASHINGTON (Meridian Wire) — ") and case.text.split("\n")[0] in verbatim
    assert trimmed.endswith("This story has been corrected to add attribution.")
    assert case.text.split("\n")[-1] not in trimmed
    assert len(lede.split()) < 0.6 * len(case.text.split())
