"""Evaluate quantity extraction on labelled news: ``newsdesk eval quantities DATA.json``.

``DATA`` is a NewsQuant-format file: a JSON list of ``{"text", "quantities": [{"value", "change", "unit",
"normalized_unit", "referred_concepts"}]}``, where ``value`` is a number, a number string, or ``"low-high"``
for a range, and ``change`` one of ``= ~ up down > <`` (NewsQuant; the Recognizers-Text sets carry only
``value`` and ``normalized_unit``). Each text goes to :func:`newsdesk.claims.quantities.extract_quantities`
as a whole.

The scores are those of ``shared/tools/score_quantities.py``, which follows the CQE paper's matching rules
(Almasian et al., EMNLP 2023), so the two agree on the same predictions. For each gold text (predictions are
matched to it by text, each prediction record used once), gold quantities and predictions are both sorted by
normalised unit (lower-cased), and each gold quantity looks through the remaining predictions in that order:

* a *value* hit is any prediction with the same value (a range matches a range with the same ends; numbers
  are equal within a relative tolerance of 1e-5);
* a *value+change* hit is a value hit that also has the gold change label;
* a *value+unit* hit is a value hit whose normalised unit equals the gold one (lower-cased); only such a hit
  consumes the prediction, and it ends the search.

Precision divides the hits by the number of predictions, recall by the number of gold quantities.
``sentences_per_second`` counts extraction time only (not reading, writing or scoring); ``peak_rss_mb`` is the
peak resident memory of the whole process so far.
"""

from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from newsdesk.claims.quantities import QUANTITIES_EXTRACTOR, extract_quantities
from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.eval.measure import peak_rss_mb, prf
from newsdesk.types import Quantity

_DOCS = "see docs/claims.md"

Value = float | tuple[float, float]


@dataclass(frozen=True, slots=True)
class LabelledQuantity:
    """One quantity of a labelled text, as the scorer reads it."""

    value: Value
    normalized_unit: str
    change: str | None = None


@dataclass(frozen=True, slots=True)
class LabelledText:
    """One record of a NewsQuant-format file."""

    text: str
    quantities: tuple[LabelledQuantity, ...]


@dataclass(frozen=True, slots=True)
class QuantitiesScores:
    """How predicted quantities compare with the gold ones; names as in ``score_quantities.py``."""

    gold: int
    predicted: int
    value_p: float
    value_r: float
    value_f1: float
    value_unit_p: float
    value_unit_r: float
    value_unit_f1: float
    value_change_p: float
    value_change_r: float
    value_change_f1: float


@dataclass(frozen=True, slots=True)
class QuantitiesReport:
    """The scores of one run over a file, with its speed and memory."""

    scores: QuantitiesScores
    sentences: int
    seconds: float
    """Extraction time only."""
    sentences_per_second: float | None
    peak_rss_mb: float | None
    """Peak resident set size of the process in MiB (None where the platform cannot tell)."""
    extractor: str = QUANTITIES_EXTRACTOR

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self.scores),
            "sentences": self.sentences,
            "sentences_per_second": round(self.sentences_per_second, 1) if self.sentences_per_second else None,
            "seconds": round(self.seconds, 3),
            "peak_rss_mb": round(self.peak_rss_mb, 1) if self.peak_rss_mb is not None else None,
            "extractor": self.extractor,
        }


def decode_value(value: object) -> Value:
    """A value as the scorer reads it: a number, or a (low, high) pair from ``"low-high"`` or a two-item list.

    Raises ValueError or TypeError for anything else.
    """
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise ValueError(f"a range must have two ends, not {len(value)}")
        return (float(value[0]), float(value[1]))
    if isinstance(value, bool):
        raise TypeError("a value cannot be true or false")
    if isinstance(value, str) and "E" not in value and not value.startswith("-") and "-" in value:
        low, high = value.split("-", 1)
        return (float(low), float(high))
    if isinstance(value, int | float | str):
        return float(value)
    raise TypeError(f"a value must be a number or a string, not {type(value).__name__}")


def _close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-5, abs_tol=1e-8)


def values_match(gold: Value, predicted: Value) -> bool:
    """Whether two values are the same: both numbers, or both ranges with the same ends."""
    if isinstance(gold, tuple) != isinstance(predicted, tuple):
        return False
    if isinstance(gold, tuple) and isinstance(predicted, tuple):
        return _close(gold[0], predicted[0]) and _close(gold[1], predicted[1])
    return _close(float(gold), float(predicted))  # type: ignore[arg-type]


def _quantity(obj: object, where: str) -> LabelledQuantity:
    if not isinstance(obj, dict):
        raise ConfigError(f"{where}: a quantity must be a JSON object; {_DOCS}")
    if "value" not in obj:
        raise ConfigError(f"{where}: a quantity has no value; {_DOCS}")
    try:
        value = decode_value(obj["value"])
    except (TypeError, ValueError) as exc:
        raise ConfigError(f"{where}: value {obj['value']!r} is not a number or a range ({exc}); {_DOCS}") from exc
    change = obj.get("change")
    return LabelledQuantity(
        value, str(obj.get("normalized_unit") or "").lower(), None if change is None else str(change)
    )


def read_texts(path: Path) -> list[LabelledText]:
    """The labelled texts of a NewsQuant-format file, in file order."""
    if not path.exists():
        raise NotFoundError(f"{path} does not exist; give a NewsQuant-format JSON file ({_DOCS})")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path} cannot be read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path} is not UTF-8 text; {_DOCS}") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: invalid JSON: {exc.msg} at line {exc.lineno}; {_DOCS}") from exc
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a JSON list of {{text, quantities}} records; {_DOCS}")
    out: list[LabelledText] = []
    for n, record in enumerate(data):
        where = f"{path}: record {n}"
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            raise ConfigError(f"{where} is not a {{text, quantities}} object with a string text; {_DOCS}")
        quantities = record.get("quantities", [])
        if not isinstance(quantities, list):
            raise ConfigError(f"{where}: quantities must be a list; {_DOCS}")
        out.append(
            LabelledText(
                record["text"], tuple(_quantity(q, f"{where}, quantity {i}") for i, q in enumerate(quantities))
            )
        )
    if not out:
        raise ConfigError(f"{path} holds no text; {_DOCS}")
    return out


def _unit(q: LabelledQuantity) -> str:
    return q.normalized_unit.lower()


def score(gold: list[LabelledText], predicted: list[LabelledText]) -> QuantitiesScores:
    """Score ``predicted`` against ``gold`` with CQE's matching rules (see the module docstring)."""
    by_text: dict[str, list[LabelledText]] = {}
    for record in predicted:
        by_text.setdefault(record.text, []).append(record)
    n_gold = n_pred = hits_value = hits_unit = hits_change = 0
    for record in gold:
        candidates = by_text.get(record.text, [])
        tags = sorted(candidates.pop(0).quantities if candidates else (), key=_unit)
        n_gold += len(record.quantities)
        n_pred += len(tags)
        for q in sorted(record.quantities, key=_unit):
            value_hit = change_hit = False
            for tag in tags:
                if not values_match(q.value, tag.value):
                    continue
                value_hit = True
                change_hit = change_hit or tag.change == q.change
                if _unit(tag) == _unit(q):
                    hits_unit += 1
                    tags.remove(tag)
                    break
            hits_value += value_hit
            hits_change += change_hit
    v = prf(hits_value, n_pred, hits_value, n_gold)
    u = prf(hits_unit, n_pred, hits_unit, n_gold)
    c = prf(hits_change, n_pred, hits_change, n_gold)
    return QuantitiesScores(n_gold, n_pred, *v, *u, *c)


def _number(value: float) -> str:
    """A number as NewsQuant writes it, never in exponent form with a lower-case ``e`` (read as a range)."""
    return repr(float(value)).replace("e", "E")


def encode_value(q: Quantity) -> str | list[float]:
    """A quantity's value in NewsQuant's form: ``"300.0"``, or ``"1000.0-3000.0"`` for a range (a two-item list
    where that form cannot be read back: a negative end or an exponent)."""
    if q.high is None:
        return _number(q.value)
    low, high = _number(q.value), _number(q.high)
    if q.value < 0 or q.high < 0 or "E" in low or "E" in high:
        return [q.value, q.high]
    return f"{low}-{high}"


def as_record(q: Quantity) -> dict[str, object]:
    """A quantity as a NewsQuant-format record (``referred_concepts`` holds the measure)."""
    return {
        "value": encode_value(q),
        "change": q.change.value,
        "unit": q.unit or "-",
        "normalized_unit": q.normalized_unit,
        "referred_concepts": q.measure or "-",
    }


def _write_predictions(path: Path, records: list[dict[str, object]]) -> None:
    try:
        path.write_text(json.dumps(records, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write predictions to {path}: {exc.strerror or exc}") from exc


def evaluate(path: Path, *, predictions: Path | None = None) -> QuantitiesReport:
    """Extract the quantities of every text of ``path``, optionally write them, and score them.

    ``predictions`` receives a NewsQuant-format JSON list with one record per text, in file order.
    """
    gold = read_texts(path)
    found: list[list[Quantity]] = []
    began = time.perf_counter()
    for record in gold:
        found.append(extract_quantities(record.text))
    seconds = time.perf_counter() - began
    rows = [[as_record(q) for q in qs] for qs in found]
    if predictions is not None:
        _write_predictions(predictions, [{"text": g.text, "quantities": r} for g, r in zip(gold, rows, strict=True)])
    predicted = [
        LabelledText(g.text, tuple(_quantity(r, "prediction") for r in row)) for g, row in zip(gold, rows, strict=True)
    ]
    return QuantitiesReport(
        scores=score(gold, predicted),
        sentences=len(gold),
        seconds=seconds,
        sentences_per_second=len(gold) / seconds if seconds > 0 else None,
        peak_rss_mb=peak_rss_mb(),
    )
