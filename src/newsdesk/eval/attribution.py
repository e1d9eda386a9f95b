"""Evaluate attribution extraction on labelled news: who said what, as character spans.

``DATA`` is an attribution file: JSON Lines, one article per line, ``{"id", "text", "attributions": [{"source":
[[s, e], ...], "cue": [...], "content": [...], "no_source": bool}]}`` with character offsets into ``text`` (the
PolNeAR release in ``shared/data/attribution``). Each text goes through the product's :class:`Attributor`, and
the predictions are scored per role (source, cue, content) with the measures of
``shared/tools/score_attribution.py``, which the numbers here equal:

* exact: a predicted span set of the role equals a gold one of the same role, after each span is trimmed of
  spaces, quotes and punctuation at its ends; each gold set matches at most one prediction. P = matched /
  predicted sets, R = matched / gold sets.
* overlap: over word tokens (``\\w+``): P = predicted tokens that lie in some gold span of the role / predicted
  tokens, R = gold tokens that lie in some predicted span of the role / gold tokens. Tokens are counted once per
  attribution, so a span shared by two attributions counts twice.

Role sets that are empty after trimming are left out on both sides; an article without predictions predicts
nothing. ``seconds`` and the speeds count extraction only (not reading, writing or scoring).
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from newsdesk.claims.attribution import Attributor
from newsdesk.errors import ConfigError
from newsdesk.eval.measure import peak_rss_mb, prf
from newsdesk.eval.records import read_jsonl
from newsdesk.types import Attribution, Offsets

_DOCS = 'one {"id", "text", "attributions"} object per line, PolNeAR format: see docs/claims.md'
ROLES = ("source", "cue", "content")
TRIM = " \t\n\r\"'“”‘’.,:;!?()[]—–-"
"""Characters trimmed from both ends of a span before exact matching, as the reference scorer does."""
_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class LabelledArticle:
    """One line of an attribution file."""

    id: str
    text: str
    attributions: tuple[Attribution, ...]


@dataclass(frozen=True, slots=True)
class RoleScores:
    """Exact and token-overlap scores of one role; ``gold`` and ``predicted`` count non-empty span sets."""

    gold: int
    predicted: int
    exact_p: float
    exact_r: float
    exact_f1: float
    overlap_p: float
    overlap_r: float
    overlap_f1: float


@dataclass(frozen=True, slots=True)
class AttributionScores:
    articles: int
    source: RoleScores
    cue: RoleScores
    content: RoleScores


@dataclass(frozen=True, slots=True)
class AttributionReport:
    """The scores of one run over a file, with its speed and memory."""

    scores: AttributionScores
    model: str
    seconds: float
    """Extraction time only."""
    words: int
    """White-space separated words in the texts."""
    articles_per_second: float | None
    words_per_second: float | None
    peak_rss_mb: float | None
    """Peak resident set size of the process in MiB (None where the platform cannot tell)."""

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {"articles": self.scores.articles, "model": self.model}
        for role in ROLES:
            out[role] = asdict(getattr(self.scores, role))
        out.update(
            seconds=round(self.seconds, 3),
            words=self.words,
            articles_per_second=_round(self.articles_per_second),
            words_per_second=_round(self.words_per_second),
            peak_rss_mb=_round(self.peak_rss_mb),
        )
        return out


def _round(value: float | None) -> float | None:
    return round(value, 1) if value is not None else None


def _offsets(value: object, text_length: int) -> Offsets:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise ValueError(f"a span list must be a list of [start, end] pairs, not {value!r}")
    spans: list[tuple[int, int]] = []
    for pair in value:
        if not (isinstance(pair, list) and len(pair) == 2 and all(type(x) is int for x in pair)):
            raise ValueError(f"a span must be a [start, end] pair of integers, not {pair!r}")
        start, end = pair
        if not 0 <= start <= end <= text_length:
            raise ValueError(f"span [{start}, {end}] lies outside the text (length {text_length})")
        spans.append((start, end))
    return tuple(sorted(spans))


def _parse(line: str) -> LabelledArticle:
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    article_id, text, records = str(obj["id"]), obj["text"], obj["attributions"]
    if not isinstance(text, str):
        raise ValueError(f"text must be a string, not {type(text).__name__}")
    if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
        raise ValueError("attributions must be a list of objects")
    found = tuple(Attribution(*(_offsets(r.get(role), len(text)) for role in ROLES)) for r in records)
    return LabelledArticle(article_id, text, found)


def read_articles(path: Path) -> Iterator[LabelledArticle]:
    """The articles of an attribution file, in file order; blank lines are skipped."""
    return read_jsonl(path, _parse, key=lambda r: r.id, kind="attribution", docs=_DOCS)


def trimmed(text: str, spans: Offsets) -> Offsets:
    """``spans`` with ends trimmed of :data:`TRIM` characters, empty ones dropped, sorted."""
    out = []
    for start, end in spans:
        while start < end and text[start] in TRIM:
            start += 1
        while end > start and text[end - 1] in TRIM:
            end -= 1
        if end > start:
            out.append((start, end))
    return tuple(sorted(out))


def _words(text: str, spans: Offsets) -> set[int]:
    return {m.start() for start, end in spans for m in _WORD.finditer(text, start, end)}


def score(gold: Sequence[LabelledArticle], predicted: Mapping[str, Sequence[Attribution]]) -> AttributionScores:
    """Score ``predicted`` (article id → attributions) against the ``gold`` articles, role by role."""
    if not gold:
        raise ConfigError("there are no articles to score")
    roles: dict[str, RoleScores] = {}
    for role in ROLES:
        n_gold = n_pred = matched = 0
        tok_pred = hit_pred = tok_gold = hit_gold = 0
        for article in gold:
            text = article.text
            gs = [s for s in (trimmed(text, getattr(a, role)) for a in article.attributions) if s]
            ps = [s for s in (trimmed(text, getattr(a, role)) for a in predicted.get(article.id, ())) if s]
            n_gold += len(gs)
            n_pred += len(ps)
            unmatched = list(gs)
            for spans in ps:
                if spans in unmatched:
                    matched += 1
                    unmatched.remove(spans)
            gold_words = [_words(text, s) for s in gs]
            pred_words = [_words(text, s) for s in ps]
            all_gold: set[int] = set().union(*gold_words)
            all_pred: set[int] = set().union(*pred_words)
            tok_pred += sum(len(w) for w in pred_words)
            hit_pred += sum(len(w & all_gold) for w in pred_words)
            tok_gold += sum(len(w) for w in gold_words)
            hit_gold += sum(len(w & all_pred) for w in gold_words)
        ep, er, ef = prf(matched, n_pred, matched, n_gold)
        op, orr, of = prf(hit_pred, tok_pred, hit_gold, tok_gold)
        roles[role] = RoleScores(n_gold, n_pred, ep, er, ef, op, orr, of)
    return AttributionScores(len(gold), roles["source"], roles["cue"], roles["content"])


def as_record(article_id: str, text: str, attributions: Sequence[Attribution]) -> dict[str, object]:
    """One line of an attribution file for ``attributions`` found in ``text``."""
    return {
        "id": article_id,
        "text": text,
        "attributions": [
            {
                "source": [list(s) for s in a.source],
                "cue": [list(s) for s in a.cue],
                "content": [list(s) for s in a.content],
                "no_source": not a.source,
            }
            for a in attributions
        ],
    }


def _write_predictions(path: Path, gold: Sequence[LabelledArticle], found: Mapping[str, list[Attribution]]) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            for article in gold:
                record = as_record(article.id, article.text, found[article.id])
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
    except OSError as exc:
        raise ConfigError(f"cannot write predictions to {path}: {exc.strerror or exc}") from exc


def evaluate(path: Path, *, predictions: Path | None = None, attributor: Attributor | None = None) -> AttributionReport:
    """Extract attributions from every text of ``path``, optionally write them, and score them.

    ``predictions`` receives an attribution file in the input's format and order. ``attributor`` defaults to
    one with the shipped model.
    """
    attributor = attributor if attributor is not None else Attributor()
    gold = list(read_articles(path))
    if not gold:
        raise ConfigError(f"{path} holds no article; {_DOCS}")
    attributor.load()  # loading the model is not extraction time
    began = time.perf_counter()
    found = dict(zip((a.id for a in gold), attributor.extract_many([a.text for a in gold]), strict=True))
    seconds = time.perf_counter() - began
    if predictions is not None:
        _write_predictions(predictions, gold, found)
    words = sum(len(a.text.split()) for a in gold)
    return AttributionReport(
        scores=score(gold, found),
        model=attributor.model_name,
        seconds=seconds,
        words=words,
        articles_per_second=len(gold) / seconds if seconds > 0 else None,
        words_per_second=words / seconds if seconds > 0 else None,
        peak_rss_mb=peak_rss_mb(),
    )
