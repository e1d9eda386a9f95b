"""Attribution evaluation: the metrics on hand-worked cases, the evaluate() command, and bad input."""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path

import pytest

from newsdesk.claims.attribution import Attributor
from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.eval.attribution import LabelledArticle, evaluate, read_articles, score, trimmed
from newsdesk.types import Attribution

HERE = Path(__file__).parent
SMALL = HERE / "attribution_small.jsonl"

TEXT = '"Taxes will rise," Smith said, "and soon." Jones agreed.'


def span(part: str, text: str = TEXT) -> tuple[int, int]:
    start = text.index(part)
    return (start, start + len(part))


GOLD = LabelledArticle(
    "a",
    TEXT,
    (
        Attribution((span("Smith"),), (span("said"),), (span("Taxes will rise,"), span('"and soon."'))),
        Attribution((span("Jones"),), (span("agreed"),), ()),
    ),
)


def test_trimming_drops_quotes_and_punctuation_at_the_ends_only() -> None:
    assert trimmed(TEXT, (span('"and soon."'),)) == (span("and soon"),)
    assert trimmed(TEXT, ((0, 1), span("Smith"))) == (span("Smith"),)  # a lone quote mark vanishes


def test_hand_worked_scores() -> None:
    pred = [
        Attribution((span("Smith"),), (span("Smith said"),), (span("Taxes will rise"),)),
        Attribution((span("Jones"),), (span("agreed"),), ()),
    ]
    s = score([GOLD], {"a": pred})
    assert s.articles == 1
    # source: both sets found exactly
    assert (s.source.gold, s.source.predicted, s.source.exact_f1, s.source.overlap_f1) == (2, 2, 1.0, 1.0)
    # cue: "Smith said" is not "said" (exact 1 of 2 each way); tokens: 2 of 3 predicted are gold, both gold found
    assert (s.cue.exact_p, s.cue.exact_r) == (0.5, 0.5)
    assert s.cue.overlap_p == pytest.approx(2 / 3)
    assert s.cue.overlap_r == 1.0
    assert s.cue.overlap_f1 == pytest.approx(0.8)
    # content: the empty gold set does not count; half of the discontinuous quote is not an exact match;
    # 3 predicted tokens all gold, 3 of the 5 gold tokens found
    assert (s.content.gold, s.content.predicted, s.content.exact_f1) == (1, 1, 0.0)
    assert (s.content.overlap_p, s.content.overlap_r) == (1.0, 0.6)
    assert s.content.overlap_f1 == pytest.approx(0.75)


def test_discontinuous_content_matches_exactly_when_both_parts_agree_after_trimming() -> None:
    pred = [Attribution((), (span("said"),), (span('"Taxes will rise,"'), span("and soon")))]
    s = score([GOLD], {"a": pred})
    assert (s.content.exact_p, s.content.exact_r) == (1.0, 1.0)
    assert (s.cue.exact_p, s.cue.exact_r) == (1.0, 0.5)
    assert (s.source.predicted, s.source.exact_p, s.source.overlap_r) == (0, 0.0, 0.0)


def test_a_shared_span_counts_once_per_attribution() -> None:
    pred = [Attribution((span("Smith"),), (), ()), Attribution((span("Smith"),), (), ())]
    s = score([GOLD], {"a": pred})
    # the second copy has no gold set left to match: exact P 1/2; its token still lies in gold: overlap P 2/2
    assert (s.source.exact_p, s.source.exact_r) == (0.5, 0.5)
    assert (s.source.overlap_p, s.source.overlap_r) == (1.0, 0.5)


def test_an_article_without_predictions_predicts_nothing() -> None:
    s = score([GOLD], {})
    assert (s.source.predicted, s.source.exact_r, s.content.overlap_r) == (0, 0.0, 0.0)


class Scripted(Attributor):
    """An attributor that answers from a table of texts, to test the evaluation around it."""

    def __init__(self, answers: dict[str, list[Attribution]]) -> None:
        super().__init__(Path("unused"))
        self.answers = answers
        self._name = "scripted/1"

    def load(self) -> None:
        pass

    def extract_many(self, texts: Iterable[str]) -> list[list[Attribution]]:
        return [self.answers[t] for t in texts]


def test_evaluate_scores_what_the_attributor_found_and_writes_it(tmp_path: Path) -> None:
    gold = list(read_articles(SMALL))
    perfect = Scripted({a.text: list(a.attributions) for a in gold})
    out = tmp_path / "pred.jsonl"
    report = evaluate(SMALL, predictions=out, attributor=perfect)
    assert report.scores.articles == 2
    assert report.model == "scripted/1"
    assert (report.scores.source.gold, report.scores.cue.gold, report.scores.content.gold) == (4, 5, 5)
    for role in (report.scores.source, report.scores.cue, report.scores.content):
        assert (role.exact_f1, role.overlap_f1) == (1.0, 1.0)
    assert report.words == sum(len(a.text.split()) for a in gold)
    assert report.articles_per_second is not None and report.articles_per_second > 0
    written = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [w["id"] for w in written] == ["budget-1", "storm-2"]
    assert written[1]["attributions"][1] == {
        "source": [],
        "cue": [list(span("is expected", gold[1].text))],
        "content": [list(span("to continue through the weekend", gold[1].text))],
        "no_source": True,
    }
    assert set(report.as_dict()) >= {"source", "cue", "content", "articles_per_second", "peak_rss_mb"}


def test_evaluate_with_the_shipped_model_agrees_with_scoring_its_written_predictions(tmp_path: Path) -> None:
    out = tmp_path / "pred.jsonl"
    report = evaluate(SMALL, predictions=out)
    again = score(list(read_articles(SMALL)), {a.id: a.attributions for a in read_articles(out)})
    assert again == report.scores
    assert report.scores.content.overlap_f1 > 0.5  # the shipped model finds most of these plain statements


def test_missing_file_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        list(read_articles(tmp_path / "none.jsonl"))


@pytest.mark.parametrize(
    ("second_line", "reason"),
    [
        ("{not json", "invalid JSON"),
        ('{"id": "b", "text": "Hi."}', "missing key 'attributions'"),
        ('{"id": "b", "text": "Hi.", "attributions": [{"cue": [[0, 9]]}]}', "outside the text"),
        ('{"id": "b", "text": "Hi.", "attributions": [{"cue": [[0]]}]}', "pair of integers"),
        ('{"id": "a", "text": "Hi.", "attributions": []}', "appears twice"),
    ],
)
def test_bad_lines_name_their_line(tmp_path: Path, second_line: str, reason: str) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "a", "text": "Hi.", "attributions": []}\n' + second_line + "\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"bad\.jsonl:2: .*{reason}"):
        list(read_articles(path))


def test_an_empty_file_has_nothing_to_evaluate(tmp_path: Path) -> None:
    path = tmp_path / "empty.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="holds no article"):
        evaluate(path, attributor=Scripted({}))
