"""Build the clusterer's background table (``src/newsdesk/cluster/data/background-df.json.gz``).

Usage: ``python benchmarks/build_background.py [CORPUS.jsonl]`` (``make background``). The corpus is JSON Lines
with a ``text`` field whose first line is the headline, as in PolNeAR (``../shared/data/attribution/
polnear-train.jsonl``, the default). Only document frequencies of features are written, never text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

from newsdesk.cluster.background import RESOURCE, build, save

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "data" / "attribution" / "polnear-train.jsonl"
TARGET = ROOT / "src" / "newsdesk" / "cluster" / "data" / RESOURCE


def articles(path: Path) -> Iterator[tuple[str, str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                title, _, body = json.loads(line)["text"].partition("\n")
                yield title, body


def main(argv: list[str]) -> None:
    corpus = Path(argv[1]) if len(argv) > 1 else DEFAULT
    table = build(articles(corpus), source=f"PolNeAR training set ({corpus.name})")
    save(table, TARGET)
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(table.df)} features from {table.articles} articles")


if __name__ == "__main__":
    main(sys.argv)
