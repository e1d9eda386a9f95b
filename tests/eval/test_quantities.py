"""The quantity evaluation: CQE's matching rules on hand-worked pairs, a run over a small file, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.eval.quantities import (
    LabelledQuantity,
    LabelledText,
    QuantitiesReport,
    decode_value,
    encode_value,
    evaluate,
    read_texts,
    score,
    values_match,
)
from newsdesk.types import Change, Quantity

SMALL = Path(__file__).parent / "quantities_small.json"


def q(value: float | tuple[float, float], unit: str, change: str | None = "=") -> LabelledQuantity:
    return LabelledQuantity(value, unit, change)


def test_values_are_read_as_numbers_or_ranges() -> None:
    assert decode_value("800000000.0") == 800_000_000.0
    assert decode_value(12) == 12.0
    assert decode_value("1000-3000") == (1000.0, 3000.0)
    assert decode_value([-5, 3]) == (-5.0, 3.0)
    assert decode_value("-5.0") == -5.0  # a leading minus is a negative number, not a range
    assert decode_value("1.99E-29") == pytest.approx(1.99e-29)
    with pytest.raises(ValueError):
        decode_value("abc")
    with pytest.raises(TypeError):
        decode_value(None)


def test_values_match_within_a_relative_tolerance_and_ranges_only_ranges() -> None:
    assert values_match(1.0, 1.000001)
    assert not values_match(1.0, 1.001)
    assert values_match((1.0, 2.0), (1.0, 2.0))
    assert not values_match((1.0, 2.0), 1.0)
    assert not values_match((1.0, 2.0), (2.0, 1.0))


def test_score_hand_worked() -> None:
    gold = [
        LabelledText("a", (q(5, "percentage", "up"), q((10, 20), "dollar"))),
        LabelledText("b", (q(7, "-"),)),
    ]
    predicted = [
        LabelledText("a", (q(5, "percentage", "="), q((10, 20), "euro"), q(3, "-"))),
        LabelledText("b", (q(7, "-"), q(8, "-"))),
    ]
    s = score(gold, predicted)
    # gold 3, predicted 5; value hits: 5, 10-20, 7 = 3; unit hits: 5, 7 = 2; change hits: 10-20 and 7 = 2.
    assert (s.gold, s.predicted) == (3, 5)
    assert (s.value_p, s.value_r, s.value_f1) == pytest.approx((3 / 5, 1.0, 0.75))
    assert (s.value_unit_p, s.value_unit_r, s.value_unit_f1) == pytest.approx((2 / 5, 2 / 3, 0.5))
    assert (s.value_change_p, s.value_change_r) == pytest.approx((2 / 5, 2 / 3))


def test_a_prediction_is_consumed_only_by_a_value_and_unit_match() -> None:
    # Two gold figures of the same value; one prediction. Sorted by unit, "dollar" comes before "euro": the
    # dollar gold consumes it, so the euro gold finds nothing left.
    s = score(
        [LabelledText("t", (q(5, "euro"), q(5, "dollar")))],
        [LabelledText("t", (q(5, "dollar"),))],
    )
    assert (s.value_r, s.value_unit_r) == (0.5, 0.5)
    # A unit mismatch does not consume: both gold figures count a value hit with the one prediction.
    s = score(
        [LabelledText("t", (q(5, "euro"), q(5, "yen")))],
        [LabelledText("t", (q(5, "dollar"),))],
    )
    assert (s.value_r, s.value_p, s.value_unit_r) == (1.0, 2.0, 0.0)


def test_predictions_are_matched_by_text_and_missing_ones_score_nothing() -> None:
    gold = [LabelledText("x", (q(1, "-"),)), LabelledText("y", (q(2, "-"),))]
    s = score(gold, [LabelledText("y", (q(2, "-"),)), LabelledText("other", (q(9, "-"),))])
    assert (s.gold, s.predicted, s.value_r, s.value_p) == (2, 1, 0.5, 1.0)


def test_units_compare_lower_cased() -> None:
    s = score([LabelledText("t", (q(8, "Straight World Cup"),))], [LabelledText("t", (q(8, "straight world cup"),))])
    assert s.value_unit_f1 == 1.0


def test_encode_value_writes_what_decode_value_reads() -> None:
    def quantity(value: float, high: float | None = None) -> Quantity:
        return Quantity(0, 1, "x", value, high, Change.EXACT)

    assert encode_value(quantity(300)) == "300.0"
    assert encode_value(quantity(1000, 3000)) == "1000.0-3000.0"
    assert decode_value(encode_value(quantity(-5, 3))) == (-5.0, 3.0)
    assert decode_value(encode_value(quantity(1e-30))) == pytest.approx(1e-30)
    assert decode_value(encode_value(quantity(1e-30, 2e-30))) == pytest.approx((1e-30, 2e-30))


def test_evaluate_small_file(tmp_path: Path) -> None:
    out = tmp_path / "pred.json"
    report = evaluate(SMALL, predictions=out)
    assert isinstance(report, QuantitiesReport)
    assert report.sentences == 4
    assert (report.scores.gold, report.scores.predicted) == (6, 6)
    assert report.scores.value_f1 == 1.0
    assert report.scores.value_unit_f1 == 1.0
    assert report.scores.value_change_f1 == 1.0
    written = json.loads(out.read_text(encoding="utf-8"))
    assert [r["text"] for r in written] == [r.text for r in read_texts(SMALL)]
    assert written[1]["quantities"][1] == {
        "value": "1000.0-3000.0",
        "change": "=",
        "unit": "troops",
        "normalized_unit": "troop",
        "referred_concepts": "troops",
    }
    assert written[2]["quantities"] == []
    # The written file scores the same when read back as predictions.
    assert score(read_texts(SMALL), read_texts(out)) == report.scores
    d = report.as_dict()
    assert d["value_f1"] == 1.0 and d["sentences"] == 4 and d["extractor"].startswith("rules/")
    assert json.loads(json.dumps(d)) == d


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "invalid JSON"),
        ('{"text": "a"}', "JSON list"),
        ("[]", "holds no text"),
        ('[{"quantities": []}]', "record 0"),
        ('[{"text": "a", "quantities": {}}]', "quantities must be a list"),
        ('[{"text": "a", "quantities": [{"change": "="}]}]', "has no value"),
        ('[{"text": "a", "quantities": [{"value": "lots"}]}]', "not a number or a range"),
    ],
)
def test_bad_files_raise_config_errors(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError, match=message):
        evaluate(path)


def test_missing_file_raises_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError, match="does not exist"):
        evaluate(tmp_path / "nope.json")


def test_unwritable_predictions_raise_config_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot write predictions"):
        evaluate(SMALL, predictions=tmp_path / "missing-dir" / "pred.json")
