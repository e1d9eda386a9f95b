"""The background document frequencies: built with the feature extractor, shipped, and refused when stale."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from newsdesk.cluster import Clusterer, ClusterParams
from newsdesk.cluster.background import MIN_DF, Background, build, load, save, shipped
from newsdesk.cluster.features import FEATURES_VERSION, extract
from newsdesk.errors import ConfigError

ARTICLES = [
    ("Senate passes the budget", "The Senate passed the budget on Tuesday after a long debate."),
    ("Budget talks stall", "Talks on the budget stalled in the Senate."),
    ("Storm hits the coast", "A storm hit the coast and cut power."),
]


def test_build_counts_articles_not_occurrences_and_drops_rare_features() -> None:
    table = build(ARTICLES, source="three articles")
    assert table.articles == 3
    assert table.df["budget"] == 2  # in two articles, however often in each
    assert table.df["senat"] == 2
    assert "storm" not in table.df  # one article only: below MIN_DF
    assert MIN_DF == 2


def test_save_and_load_round_trip_byte_for_byte(tmp_path: Path) -> None:
    table = build(ARTICLES, source="three articles")
    first, second = tmp_path / "a.json.gz", tmp_path / "b.json.gz"
    save(table, first)
    save(load(first), second)
    assert load(first) == table
    assert first.read_bytes() == second.read_bytes()  # deterministic: no time stamp in the gzip header


def test_a_table_of_another_feature_extractor_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.json.gz"
    payload = {"features_version": FEATURES_VERSION - 1, "source": "x", "articles": 1, "df": {}}
    path.write_bytes(gzip.compress(json.dumps(payload).encode()))
    with pytest.raises(ConfigError, match="make background"):
        load(path)


def test_an_unreadable_table_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.json.gz"
    path.write_bytes(b"not gzip")
    with pytest.raises(ConfigError, match="cannot read the background table"):
        load(path)


def test_the_shipped_table_is_current_and_sizeable() -> None:
    table = shipped()
    assert table.articles >= 500
    assert len(table.df) >= 5000
    # common news words are common in it, and its keys are the extractor's own
    assert table.df[next(iter(extract("", "government").counts))] > table.articles / 10
    assert all(c >= MIN_DF for c in table.df.values())
    assert table.df.get("padang", 0) < MIN_DF  # a rare name is not in it, so it keeps its full weight


def test_the_clusterer_uses_the_shipped_table_unless_told_otherwise() -> None:
    assert Clusterer().background == shipped()
    assert Clusterer(ClusterParams(background_weight=0.0)).background == Background.empty()
