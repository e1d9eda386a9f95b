"""Background document frequencies: how common each feature is in news at large, before any article arrives.

A store's own statistics start empty, and IDF learned from the first few dozen articles says little: every
word of the first story looks rare. The clusterer therefore adds a background table to the stream's counts —
as if the background articles had been clustered first — so early decisions use sensible weights and later
ones are dominated by the store's own news. The table ships with the package
(``cluster/data/background-df.json.gz``): only feature keys and counts, no text. It is built by
``make background`` from a corpus of news articles (see ``docs/clustering.md`` for the source) with the same
feature extractor, and records the extractor's version so a stale table is refused.
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from newsdesk.cluster.features import FEATURES_VERSION, extract
from newsdesk.errors import ConfigError

RESOURCE = "background-df.json.gz"
MIN_DF = 2
"""Features seen in fewer background articles are left out of the table (they would count as unseen anyway)."""


@dataclass(frozen=True, slots=True)
class Background:
    """Document frequencies of features over ``articles`` background articles."""

    articles: int
    df: dict[str, int]
    source: str = ""

    @classmethod
    def empty(cls) -> Background:
        return cls(0, {}, "none")


def build(texts: Iterable[tuple[str, str]], *, source: str) -> Background:
    """Count in how many of the ``(title, text)`` articles each feature occurs."""
    df: Counter[str] = Counter()
    n = 0
    for title, text in texts:
        df.update(extract(title, text).counts.keys())
        n += 1
    return Background(n, {t: c for t, c in sorted(df.items()) if c >= MIN_DF}, source)


def save(background: Background, path: Path) -> None:
    payload = {
        "features_version": FEATURES_VERSION,
        "source": background.source,
        "articles": background.articles,
        "df": background.df,
    }
    data = json.dumps(payload, sort_keys=True, separators=(",", ":")).encode()
    with path.open("wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as fh:
        fh.write(data)  # no name and no time in the header: the same table gives the same bytes


def load(path: Path) -> Background:
    """Read a table written by :func:`save`; a table built by another feature extractor is refused."""
    try:
        with gzip.open(path, "rb") as fh:
            payload = json.loads(fh.read())
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read the background table {path}: {exc}; rebuild it with: make background") from exc
    if payload.get("features_version") != FEATURES_VERSION:
        raise ConfigError(
            f"the background table {path} was built for features version {payload.get('features_version')}, "
            f"not {FEATURES_VERSION}; rebuild it with: make background"
        )
    return Background(int(payload["articles"]), {str(k): int(v) for k, v in payload["df"].items()}, payload["source"])


@lru_cache(maxsize=1)
def shipped() -> Background:
    """The table that ships with newsdesk."""
    with resources.as_file(resources.files("newsdesk.cluster") / "data" / RESOURCE) as path:
        return load(path)
