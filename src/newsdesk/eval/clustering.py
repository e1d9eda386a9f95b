"""Evaluate story clustering on labelled news: ``newsdesk eval clustering DATA.jsonl``.

``DATA`` is a clustering file: JSON Lines, one ``{"id", "title", "text", "published", "cluster"}`` per line,
``cluster`` being the gold story (ECB+, Google News; see ``docs/clustering.md``). The file is streamed: each
document goes to :meth:`Clusterer.add` as soon as its line is read, in file order, which is the stream order.
Only the gold labels are kept. A document's predicted story is the story its assignment *resolves* to once the
whole file is in, since stories can be merged after a document joined them.

The scores are those of ``shared/tools/score_clustering.py`` (same definitions, same names), so the two agree
on the same predictions:

* pairwise precision / recall / F1, the "standard F1" of Miranda et al. (EMNLP 2018): over the pairs of
  documents put in one predicted story, and the pairs in one gold story;
* B-cubed precision / recall / F1, item-averaged (Amigó et al. 2009): for each document, the share of its
  predicted story that shares its gold story, and the share of its gold story that shares its predicted story;
* NMI, mutual information normalised by the geometric mean of the two entropies (as MStream reports it); it is
  0 when either side has a single cluster.

A document without a prediction counts as a singleton story, so dropping hard documents cannot raise
precision. ``docs_per_second`` counts clustering time only (reading and parsing the file, ``Clusterer.add``, and
the final ``resolve``), not writing predictions nor scoring; ``peak_rss_mb`` is the peak resident memory of the
whole process so far.
"""

from __future__ import annotations

import json
import math
import time
from collections import Counter
from collections.abc import Hashable, Iterator, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

from newsdesk.cluster import Clusterer
from newsdesk.errors import ConfigError
from newsdesk.eval.measure import f1, peak_rss_mb
from newsdesk.eval.records import read_jsonl

_DOCS = "see docs/clustering.md"


@dataclass(frozen=True, slots=True)
class LabelledDoc:
    """One line of a clustering file."""

    id: str
    title: str
    text: str
    published: datetime | None
    cluster: str


@dataclass(frozen=True, slots=True)
class ClusteringScores:
    """How a predicted clustering compares with the gold one; names as in ``score_clustering.py``."""

    docs: int
    gold_clusters: int
    pred_clusters: int
    pairwise_p: float
    pairwise_r: float
    pairwise_f1: float
    bcubed_p: float
    bcubed_r: float
    bcubed_f1: float
    nmi: float


@dataclass(frozen=True, slots=True)
class ClusteringReport:
    """The scores of one run over a file, with its speed and memory."""

    scores: ClusteringScores
    seconds: float
    """Clustering time: reading, parsing, ``Clusterer.add`` and the final ``resolve``."""
    docs_per_second: float | None
    peak_rss_mb: float | None
    """Peak resident set size of the process in MiB (None where the platform cannot tell)."""
    window: int = 0
    """How many documents the first and last timing windows hold (1,000, or half the file when smaller)."""
    first_ms_per_doc: float = 0.0
    last_ms_per_doc: float = 0.0
    """Mean milliseconds in ``Clusterer.add`` per document over the first and the last ``window`` documents:
    equal when the cost per document stays flat as the stories accumulate."""

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self.scores),
            "docs_per_second": round(self.docs_per_second, 1) if self.docs_per_second is not None else None,
            "peak_rss_mb": round(self.peak_rss_mb, 1) if self.peak_rss_mb is not None else None,
            "seconds": round(self.seconds, 3),
            "window": self.window,
            "first_ms_per_doc": round(self.first_ms_per_doc, 3),
            "last_ms_per_doc": round(self.last_ms_per_doc, 3),
        }


def _published(value: object) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"published must be null or an ISO 8601 string, not {value!r}")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _text(obj: dict[str, object], key: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(f"{key} must be a string, not {type(value).__name__}")
    return value


def _parse(line: str) -> LabelledDoc:
    obj = json.loads(line)
    if not isinstance(obj, dict):
        raise ValueError("not a JSON object")
    doc_id = str(obj["id"])
    if not doc_id or any(c in doc_id for c in "\t\r\n"):
        raise ValueError(f"id {doc_id!r} is empty or holds a tab or line break")
    return LabelledDoc(
        doc_id, _text(obj, "title"), _text(obj, "text"), _published(obj.get("published")), str(obj["cluster"])
    )


def read_docs(path: Path) -> Iterator[LabelledDoc]:
    """The documents of a clustering file, in file order, one line at a time; blank lines are skipped."""
    return read_jsonl(path, _parse, key=lambda r: r.id, kind="clustering", docs=_DOCS)


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def score(gold: Mapping[str, str], pred: Mapping[str, str]) -> ClusteringScores:
    """Score ``pred`` (document → story) against ``gold`` (document → gold story).

    Documents absent from ``pred`` are singletons; entries of ``pred`` for documents not in ``gold`` are ignored.
    """
    docs = list(gold)
    n = len(docs)
    if not n:
        raise ConfigError("there are no documents to score")
    # A missing prediction gets a label of its own; a tuple never equals a story id, so it cannot collide.
    labels: dict[str, Hashable] = {d: pred.get(d, (d,)) for d in docs}
    cont = Counter((gold[d], labels[d]) for d in docs)
    g = Counter(gold[d] for d in docs)
    p = Counter(labels[d] for d in docs)
    tp = sum(_pairs(v) for v in cont.values())
    fp = sum(_pairs(v) for v in p.values()) - tp
    fn = sum(_pairs(v) for v in g.values()) - tp
    pairwise_p = tp / (tp + fp) if tp + fp else 1.0
    pairwise_r = tp / (tp + fn) if tp + fn else 1.0
    bcubed_p = sum(cont[(gold[d], labels[d])] / p[labels[d]] for d in docs) / n
    bcubed_r = sum(cont[(gold[d], labels[d])] / g[gold[d]] for d in docs) / n
    mi = sum(v / n * math.log(n * v / (g[a] * p[b])) for (a, b), v in cont.items())
    hg = -sum(v / n * math.log(v / n) for v in g.values())
    hp = -sum(v / n * math.log(v / n) for v in p.values())
    return ClusteringScores(
        docs=n,
        gold_clusters=len(g),
        pred_clusters=len(p),
        pairwise_p=pairwise_p,
        pairwise_r=pairwise_r,
        pairwise_f1=f1(pairwise_p, pairwise_r),
        bcubed_p=bcubed_p,
        bcubed_r=bcubed_r,
        bcubed_f1=f1(bcubed_p, bcubed_r),
        nmi=mi / math.sqrt(hg * hp) if hg > 0 and hp > 0 else 0.0,
    )


def _write_predictions(path: Path, assigned: list[tuple[str, str]]) -> None:
    try:
        with path.open("w", encoding="utf-8") as out:
            out.writelines(f"{doc_id}\t{story_id}\n" for doc_id, story_id in assigned)
    except OSError as exc:
        raise ConfigError(f"cannot write predictions to {path}: {exc.strerror or exc}") from exc


WINDOW = 1000


def evaluate(path: Path, *, predictions: Path | None = None, clusterer: Clusterer | None = None) -> ClusteringReport:
    """Cluster the documents of ``path`` in file order, optionally write the predictions, and score them.

    ``predictions`` receives ``doc_id<TAB>story_id`` lines, one per document in file order. ``clusterer``
    defaults to a fresh :class:`Clusterer` with its default parameters.
    """
    clusterer = clusterer if clusterer is not None else Clusterer()
    gold: dict[str, str] = {}
    updates: list[tuple[str, str]] = []
    costs: list[float] = []
    began = time.perf_counter()
    for doc in read_docs(path):
        gold[doc.id] = doc.cluster
        start = time.perf_counter()
        update = clusterer.add(doc.id, doc.title, doc.text, doc.published)
        costs.append(time.perf_counter() - start)
        updates.append((doc.id, update.story_id))
    # Stories can be merged after a document joined them: its story is the one its assignment resolves to now.
    assigned = [(doc_id, clusterer.resolve(story_id)) for doc_id, story_id in updates]
    seconds = time.perf_counter() - began
    if not gold:
        raise ConfigError(f"{path} holds no document; {_DOCS}")
    if predictions is not None:
        _write_predictions(predictions, assigned)
    window = min(WINDOW, len(costs) // 2) or len(costs)
    return ClusteringReport(
        scores=score(gold, dict(assigned)),
        seconds=seconds,
        docs_per_second=len(gold) / seconds if seconds > 0 else None,
        peak_rss_mb=peak_rss_mb(),
        window=window,
        first_ms_per_doc=1000 * sum(costs[:window]) / window,
        last_ms_per_doc=1000 * sum(costs[-window:]) / window,
    )
