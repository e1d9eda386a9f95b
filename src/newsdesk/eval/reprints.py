"""Evaluate reprint detection on labelled news: ``newsdesk eval reprints DATA.jsonl``.

No public set labels wire reprints, so the evaluation builds one from any clustering file
(``{"id", "title", "text", "published", "cluster"}`` per line, e.g. ECB+): every document long enough to be an
article gets one reprint made the way mastheads republish wire copy, in one of four styles chosen in turn —

* ``verbatim``: a new headline and a dateline prefix (``CITY (Agency) —``) only;
* ``trimmed``: the last fifth of the paragraphs cut and an editor's note added;
* ``edited``: trimmed, plus about 4% of the words changed (spelling variants, a word dropped);
* ``lede``: only the first half of the story kept.

The set is written as a JSON Lines file and ingested by the product's own ingest path into a fresh store,
originals first in file order, each reprint later. Different documents about the same event (same
``cluster``: other outlets' own words) are the hard negatives. Some of them are real reprints already (ECB+
holds agency copy republished by several sites): two originals of which one's word 5-shingles are at least
``NATURAL`` contained in the other's, counted exactly, are gold copies too, and are reported as
``natural_pairs``. The scores are pairwise precision / recall / F1 over "is a copy of" links, counted on the
groups the detector forms against the gold groups.
"""

from __future__ import annotations

import json
import random
import re
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import combinations
from pathlib import Path

from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.ingest.reprints import shingles
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store import open_store

STYLES = ("verbatim", "trimmed", "edited", "lede")
MIN_WORDS = 80
NATURAL = 0.8
_BASE = "https://reprint-eval.example/"
_VARIANTS = {"ise": "ize", "our": "or", "yse": "yze", "ll": "l"}


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    cluster: str
    title: str
    text: str


def _paragraphs(text: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"\n+", text) if p.strip()]
    if len(parts) >= 3:
        return parts
    sentences = re.split(r"(?<=[.!?])\s+", text.strip())
    return [s for s in sentences if s]


def reprint_of(case: Case, style: str, rng: random.Random) -> str:
    """The text a masthead would print when it republishes ``case`` in ``style``."""
    paragraphs = _paragraphs(case.text)
    if style in {"trimmed", "edited"}:
        keep = max(1, len(paragraphs) - max(1, len(paragraphs) // 5))
        paragraphs = [*paragraphs[:keep], "This story has been corrected to add attribution."]
    if style == "lede":
        paragraphs = paragraphs[: max(1, (len(paragraphs) + 1) // 2)]
    text = "\n\n".join(paragraphs)
    if style == "edited":
        words = text.split(" ")
        for i in range(len(words)):
            if rng.random() < 0.04:
                word = words[i]
                for old, new in _VARIANTS.items():
                    if old in word:
                        words[i] = word.replace(old, new, 1)
                        break
                else:
                    words[i] = ""
        text = " ".join(w for w in words if w)
    return f"WASHINGTON (Meridian Wire) — {text}" if style != "lede" else text


def load_cases(path: Path) -> list[Case]:
    if not path.exists():
        raise NotFoundError(f"{path} does not exist; give a clustering JSONL file")
    cases = []
    with path.open(encoding="utf-8") as handle:
        for n, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                cases.append(Case(str(obj["id"]), str(obj["cluster"]), obj.get("title") or "", obj.get("text") or ""))
            except (ValueError, KeyError, TypeError) as exc:
                raise ConfigError(f"{path}:{n}: not a clustering record ({exc}); see docs/reprints.md") from exc
    return cases


def _pairs(groups: dict[str, set[str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for members in groups.values():
        found.update((a, b) if a < b else (b, a) for a, b in combinations(sorted(members), 2))
    return found


def _union(pairs: list[tuple[str, str]], items: list[str]) -> dict[str, set[str]]:
    parent = {i: i for i in items}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in pairs:
        parent[find(a)] = find(b)
    groups: dict[str, set[str]] = defaultdict(set)
    for i in items:
        groups[find(i)].add(i)
    return groups


def natural_pairs(cases: list[Case]) -> list[tuple[str, str]]:
    """Pairs of originals that are copies of each other by exact shingle containment."""
    sets = [shingles(c.text) for c in cases]
    found = []
    for i, j in combinations(range(len(cases)), 2):
        a, b = sets[i], sets[j]
        if a and b and len(a & b) / min(len(a), len(b)) >= NATURAL:
            found.append((f"orig/{cases[i].id}", f"orig/{cases[j].id}"))
    return found


def evaluate(path: Path, *, threshold: float, seed: int = 13) -> dict[str, object]:
    """Build the reprint set from ``path``, run the detector, and score it."""
    rng = random.Random(seed)
    cases = [c for c in load_cases(path) if len(c.text.split()) >= MIN_WORDS]
    if not cases:
        raise ConfigError(f"{path} has no document of {MIN_WORDS} words or more")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    gold_links: list[tuple[str, str]] = natural_pairs(cases)
    natural = len(gold_links)
    records: list[dict[str, str]] = []
    style_of: dict[str, str] = {}
    for i, case in enumerate(cases):
        records.append(_record(f"orig/{case.id}", case.title, case.text, "Original Desk", start + timedelta(minutes=i)))
        style = STYLES[i % len(STYLES)]
        reprint_key = f"reprint/{case.id}"
        when = start + timedelta(days=30, minutes=i)
        records.append(
            _record(reprint_key, f"{case.title} (reprint)", reprint_of(case, style, rng), "Reprint Gazette", when)
        )
        gold_links.append((f"orig/{case.id}", reprint_key))
        style_of[case.id] = style
    records.sort(key=lambda r: (r["published"], r["url"]))
    with tempfile.TemporaryDirectory(prefix="newsdesk-eval-") as tmp:
        # The set goes through the product's own path: a JSON Lines file, ingested into a fresh store.
        articles = Path(tmp) / "reprint-set.jsonl"
        articles.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        settings = Settings.from_env({}, db=Path(tmp) / "eval.db", reprint_threshold=threshold, progress=False)
        with open_store(settings.db) as store:
            began = time.perf_counter()
            run_ingest(store, [str(articles)], settings)
            seconds = time.perf_counter() - began
            stored = store.list_articles(limit=len(records) + 1)
    key_of = {a.id: _key(a.url or "") for a in stored}
    predicted: dict[str, set[str]] = defaultdict(set)
    for article in stored:
        predicted[article.reprint_of or article.id].add(key_of[article.id])
    gold = _union(gold_links, [_key(r["url"]) for r in records])
    gold_pairs, predicted_pairs = _pairs(gold), _pairs(predicted)
    true = len(gold_pairs & predicted_pairs)
    precision = true / len(predicted_pairs) if predicted_pairs else 1.0
    recall = true / len(gold_pairs) if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    by_style: dict[str, dict[str, int]] = {s: {"reprints": 0, "found": 0} for s in STYLES}
    for case_id, style in style_of.items():
        pair = (f"orig/{case_id}", f"reprint/{case_id}")
        by_style[style]["reprints"] += 1
        by_style[style]["found"] += int(pair in predicted_pairs)
    same_event = {c.id: c.cluster for c in cases}
    false_same_event = sum(
        1
        for a, b in predicted_pairs - gold_pairs
        if same_event.get(a.split("/", 1)[1]) == same_event.get(b.split("/", 1)[1])
    )
    return {
        "data": str(path),
        "threshold": threshold,
        "originals": len(cases),
        "reprints": len(cases),
        "natural_pairs": natural,
        "gold_pairs": len(gold_pairs),
        "predicted_pairs": len(predicted_pairs),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_by_style": {
            s: round(v["found"] / v["reprints"], 4) if v["reprints"] else None for s, v in by_style.items()
        },
        "false_links_within_same_event": false_same_event,
        "false_links_other": len(predicted_pairs - gold_pairs) - false_same_event,
        "documents_per_second": round(len(records) / seconds, 1) if seconds else None,
    }


def _record(key: str, title: str, text: str, outlet: str, when: datetime) -> dict[str, str]:
    """One article of the reprint set, in the JSON article format; its URL carries its gold key."""
    return {
        "url": f"{_BASE}{key}",
        "title": title or text[:80],
        "outlet": outlet,
        "published": when.isoformat(),
        "text": text,
    }


def _key(url: str) -> str:
    return url.removeprefix(_BASE)
