"""``newsdesk eval clustering``: the scores on hand-made clusterings whose answers are worked out by hand, the
scores against a brute-force count on random clusterings, the file reading, and the command itself."""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections import Counter
from collections.abc import Iterator, Mapping
from datetime import UTC, datetime, timedelta, timezone
from itertools import combinations
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsdesk.cli import cli
from newsdesk.cluster import Clusterer
from newsdesk.errors import ConfigError, NotFoundError
from newsdesk.eval.clustering import evaluate, read_docs, score
from newsdesk.types import StoryUpdate

SMALL = Path(__file__).with_name("clustering_small.jsonl")
SCORE_FIELDS = ("pairwise_p", "pairwise_r", "pairwise_f1", "bcubed_p", "bcubed_r", "bcubed_f1", "nmi")
ALL_FIELDS = (
    *SCORE_FIELDS,
    "docs",
    "gold_clusters",
    "pred_clusters",
    "docs_per_second",
    "peak_rss_mb",
    "seconds",
    "window",
    "first_ms_per_doc",
    "last_ms_per_doc",
)


def labels(*groups: str) -> dict[str, str]:
    """``labels("abc", "de")`` → a, b, c in cluster 0 and d, e in cluster 1."""
    return {doc: f"k{i}" for i, group in enumerate(groups) for doc in group}


# --- score() on clusterings worked out by hand ---------------------------------------------------------------


def test_scores_of_a_small_clustering_worked_out_by_hand() -> None:
    # gold {a,b,c | d,e}, pred {a,b | c,d,e}; contingency: (G1,P1)=2 (a,b), (G1,P2)=1 (c), (G2,P2)=2 (d,e).
    s = score(labels("abc", "de"), labels("ab", "cde"))
    assert (s.docs, s.gold_clusters, s.pred_clusters) == (5, 2, 2)
    # Pairs together in pred: ab, cd, ce, de (4); in gold: ab, ac, bc, de (4); in both: ab, de (2).
    assert s.pairwise_p == pytest.approx(2 / 4)
    assert s.pairwise_r == pytest.approx(2 / 4)
    assert s.pairwise_f1 == pytest.approx(0.5)
    # B-cubed precision per document, |own pred cluster ∩ own gold cluster| / |own pred cluster|:
    # a 2/2, b 2/2, c 1/3, d 2/3, e 2/3 → (1 + 1 + 1/3 + 2/3 + 2/3) / 5 = (11/3) / 5 = 11/15.
    assert s.bcubed_p == pytest.approx(11 / 15)
    # B-cubed recall per document, the same over |own gold cluster|: a 2/3, b 2/3, c 1/3, d 2/2, e 2/2 → 11/15.
    assert s.bcubed_r == pytest.approx(11 / 15)
    assert s.bcubed_f1 == pytest.approx(11 / 15)
    # MI = Σ n_ij/n · log(n·n_ij / (n_i·n_j)) = 2/5 log(10/6) + 1/5 log(5/9) + 2/5 log(10/6) ≈ 0.291103;
    # H(gold) = H(pred) = -(3/5 log 3/5 + 2/5 log 2/5) ≈ 0.673012; NMI = MI / √(H·H) ≈ 0.432538.
    mi = 4 / 5 * math.log(5 / 3) + 1 / 5 * math.log(5 / 9)
    h = -(3 / 5 * math.log(3 / 5) + 2 / 5 * math.log(2 / 5))
    assert s.nmi == pytest.approx(mi / h)
    assert s.nmi == pytest.approx(0.432538, abs=1e-6)


def test_a_perfect_clustering_scores_one_whatever_the_story_ids() -> None:
    gold = labels("abc", "de", "f")
    pred = {d: f"story-{ord(k[-1]) * 7}" for d, k in gold.items()}
    s = score(gold, pred)
    assert (s.docs, s.gold_clusters, s.pred_clusters) == (6, 3, 3)
    assert all(getattr(s, f) == pytest.approx(1.0) for f in SCORE_FIELDS)


def test_all_singletons_have_full_precision_and_only_the_recall_of_singletons() -> None:
    gold = labels("abc", "de", "f")
    s = score(gold, {d: d for d in gold})
    assert s.pred_clusters == 6
    # No predicted pair: precision is 1 by convention, recall 0 of the 3 + 1 gold pairs, so F1 is 0.
    assert (s.pairwise_p, s.pairwise_r, s.pairwise_f1) == (1.0, 0.0, 0.0)
    # B-cubed recall: a, b, c 1/3 each, d, e 1/2 each, f 1 → (1 + 1 + 1) / 6 = 1/2.
    assert s.bcubed_p == 1.0
    assert s.bcubed_r == pytest.approx(1 / 2)
    assert s.bcubed_f1 == pytest.approx(2 * 1 * 0.5 / 1.5)
    # Pred entropy log 6; MI = H(gold) since pred determines gold: NMI = H(gold) / √(H(gold) · log 6).
    hg = -(3 / 6 * math.log(3 / 6) + 2 / 6 * math.log(2 / 6) + 1 / 6 * math.log(1 / 6))
    assert s.nmi == pytest.approx(hg / math.sqrt(hg * math.log(6)))


def test_missing_predictions_count_as_singletons_and_extra_ones_are_ignored() -> None:
    gold = labels("abc", "de")
    # c and e have no prediction; "zz" is not a gold document.
    pred = {"a": "s1", "b": "s1", "d": "s2", "zz": "s1"}
    s = score(gold, pred)
    assert s == score(gold, {**labels("ab", "d"), "c": "c-alone", "e": "e-alone"})
    assert s.pred_clusters == 4  # {a,b}, {d}, {c}, {e}
    # Only ab is a predicted pair, and it is right: P = 1; gold pairs ab, ac, bc, de: R = 1/4.
    assert (s.pairwise_p, s.pairwise_r) == (1.0, pytest.approx(1 / 4))


def test_a_missing_prediction_is_not_merged_with_a_story_named_like_it() -> None:
    # Whatever label a missing document gets, it must not collide with a real story id.
    gold = {"a": "g", "b": "g"}
    for story in ("a", "__missing__a", "(a,)", "None", ""):
        assert score(gold, {"b": story}).pred_clusters == 2


def test_one_gold_cluster_gives_nmi_zero_as_the_reference_does() -> None:
    # NMI is undefined when a side has no entropy; the reference scorer reports 0.
    assert score(labels("abcd"), labels("abcd")).nmi == 0.0
    assert score(labels("ab", "cd"), labels("abcd")).nmi == 0.0


def test_nothing_to_score_is_a_config_error() -> None:
    with pytest.raises(ConfigError):
        score({}, {})


# --- score() against a brute-force count on random clusterings -----------------------------------------------


def brute_force(gold: Mapping[str, str], pred: Mapping[str, str]) -> dict[str, float]:
    """The scores by direct enumeration: every pair of documents, every document's clusters as sets, and NMI
    as (H(G) + H(P) - H(G,P)) / √(H(G)·H(P)) from the three entropies."""
    docs = sorted(gold)
    label = {d: ("pred", pred[d]) if d in pred else ("alone", d) for d in docs}
    same_gold = same_pred = both = 0
    for x, y in combinations(docs, 2):
        g, p = gold[x] == gold[y], label[x] == label[y]
        same_gold += g
        same_pred += p
        both += g and p
    pp = both / same_pred if same_pred else 1.0
    pr = both / same_gold if same_gold else 1.0
    bp = br = 0.0
    for d in docs:
        gold_mates = {e for e in docs if gold[e] == gold[d]}
        pred_mates = {e for e in docs if label[e] == label[d]}
        bp += len(gold_mates & pred_mates) / len(pred_mates)
        br += len(gold_mates & pred_mates) / len(gold_mates)
    bp, br = bp / len(docs), br / len(docs)

    def entropy(keys: list[object]) -> float:
        return -sum(c / len(keys) * math.log(c / len(keys)) for c in Counter(keys).values())

    hg, hp = entropy([gold[d] for d in docs]), entropy([label[d] for d in docs])
    hgp = entropy([(gold[d], label[d]) for d in docs])
    return {
        "pairwise_p": pp,
        "pairwise_r": pr,
        "pairwise_f1": 2 * pp * pr / (pp + pr) if pp + pr else 0.0,
        "bcubed_p": bp,
        "bcubed_r": br,
        "bcubed_f1": 2 * bp * br / (bp + br),
        "nmi": (hg + hp - hgp) / math.sqrt(hg * hp) if hg > 0 and hp > 0 else 0.0,
    }


@pytest.mark.parametrize("seed", range(8))
def test_scores_match_a_brute_force_count_on_random_clusterings(seed: int) -> None:
    rng = random.Random(seed)
    n = rng.randint(2, 60)
    docs = [f"d{i}" for i in range(n)]
    gold = {d: f"g{rng.randint(0, rng.randint(1, 8))}" for d in docs}
    # Predictions: some copy gold, some are random, some are missing.
    pred = {}
    for d in docs:
        r = rng.random()
        if r < 0.5:
            pred[d] = "p-" + gold[d]
        elif r < 0.9:
            pred[d] = f"p{rng.randint(0, 6)}"
    s = score(gold, pred)
    expected = brute_force(gold, pred)
    for field in SCORE_FIELDS:
        assert getattr(s, field) == pytest.approx(expected[field], abs=1e-12), field
    assert s.docs == n
    assert s.gold_clusters == len(set(gold.values()))
    assert s.pred_clusters == len({pred.get(d, "alone-" + d) for d in docs})


# --- reading the file and running a clusterer over it ----------------------------------------------------------


class ScriptedClusterer(Clusterer):
    """A clusterer whose answers are known: a document joins the story named by its title's first word, and a
    title ``merge X into Y`` folds story X into story Y (so documents already in X resolve to Y)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, str, str, datetime | None]] = []
        self.folded: dict[str, str] = {}

    def add(
        self,
        article_id: str,
        title: str,
        text: str,
        published: datetime | None = None,
        *,
        reprint_story: str | None = None,
    ) -> StoryUpdate:
        self.seen.append((article_id, title, text, published))
        words = title.split()
        if words[0] == "merge":
            self.folded[f"s-{words[1]}"] = f"s-{words[3]}"
            return StoryUpdate(article_id, f"s-{words[3]}", False, merged=(f"s-{words[1]}",))
        return StoryUpdate(article_id, f"s-{words[0]}", False)

    def resolve(self, story_id: str) -> str:
        while story_id in self.folded:
            story_id = self.folded[story_id]
        return story_id


def write(path: Path, *records: dict[str, object] | str) -> Path:
    path.write_text(
        "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records),
        encoding="utf-8",
    )
    return path


def record(doc_id: str, title: str, cluster: str, published: str | None = None) -> dict[str, object]:
    return {"id": doc_id, "title": title, "text": f"text of {doc_id}", "published": published, "cluster": cluster}


def test_documents_are_fed_in_file_order_and_scored_on_the_stories_they_resolve_to(tmp_path: Path) -> None:
    data = write(
        tmp_path / "set.jsonl",
        record("3", "red one", "R"),
        record("1", "blue one", "B"),
        "",
        record("2", "red two", "R"),
        record("0", "merge blue into red", "B"),
    )
    clusterer = ScriptedClusterer()
    out = tmp_path / "pred.tsv"
    report = evaluate(data, predictions=out, clusterer=clusterer)
    assert [s[0] for s in clusterer.seen] == ["3", "1", "2", "0"]
    assert clusterer.seen[0][1:3] == ("red one", "text of 3")
    # Document 1 was assigned to s-blue, which was folded into s-red after: it is predicted in s-red.
    assert out.read_text(encoding="utf-8") == "3\ts-red\n1\ts-red\n2\ts-red\n0\ts-red\n"
    assert report.scores == score({"3": "R", "1": "B", "2": "R", "0": "B"}, dict.fromkeys("3120", "s-red"))
    assert report.scores.pred_clusters == 1 and report.scores.pairwise_p == pytest.approx(2 / 6)
    assert report.seconds > 0 and report.docs_per_second is not None and report.docs_per_second > 0
    assert report.peak_rss_mb is not None and report.peak_rss_mb > 1


@pytest.fixture
def local_time_not_utc() -> Iterator[None]:
    """The process's local time zone set to UTC+5:30 (a POSIX rule, so no tz database is needed)."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "IST-5:30"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.mark.usefixtures("local_time_not_utc")
def test_published_times_are_aware_and_naive_ones_are_utc(tmp_path: Path) -> None:
    data = write(
        tmp_path / "set.jsonl",
        record("a", "x", "g", None),
        record("b", "x", "g", "2024-05-06T12:30:00+02:00"),
        record("c", "x", "g", "2024-05-06T12:30:00Z"),
        record("d", "x", "g", "2024-05-06T12:30:00"),
        record("e", "x", "g", "2024-05-06"),
    )
    clusterer = ScriptedClusterer()
    evaluate(data, clusterer=clusterer)
    got = [s[3] for s in clusterer.seen]
    assert got[0] is None
    assert got[1] == datetime(2024, 5, 6, 12, 30, tzinfo=timezone(timedelta(hours=2)))
    assert got[2] == got[3] == datetime(2024, 5, 6, 12, 30, tzinfo=UTC)
    assert got[4] == datetime(2024, 5, 6, tzinfo=UTC)
    assert all(t.utcoffset() is not None for t in got[1:] if t is not None)


def test_the_file_is_streamed_to_the_clusterer(tmp_path: Path) -> None:
    # The bad line is the last: the documents before it reached the clusterer before the file was read through.
    data = write(tmp_path / "set.jsonl", record("a", "x", "g"), record("b", "x", "g"), "{broken")
    clusterer = ScriptedClusterer()
    with pytest.raises(ConfigError, match=r"set\.jsonl:3:"):
        evaluate(data, clusterer=clusterer)
    assert [s[0] for s in clusterer.seen] == ["a", "b"]


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("{not json", "invalid JSON: Expecting property name .* at column 2"),
        ('["a", "list"]', "not a JSON object"),
        ('{"title": "no id", "cluster": "g"}', "missing key 'id'"),
        ('{"id": "x", "title": "no cluster"}', "missing key 'cluster'"),
        ('{"id": "x", "cluster": "g", "published": "last Tuesday"}', "last Tuesday"),
        ('{"id": "x", "cluster": "g", "published": 1715000000}', "published must be"),
        ('{"id": "x", "cluster": "g", "title": ["a"]}', "title must be a string"),
        ('{"id": "x\\ty", "cluster": "g"}', "tab or line break"),
        ('{"id": "a", "cluster": "g"}', "appears twice"),
    ],
)
def test_a_malformed_line_is_a_config_error_naming_its_line(tmp_path: Path, line: str, why: str) -> None:
    data = write(tmp_path / "set.jsonl", record("a", "x", "g"), "  ", line)
    with pytest.raises(ConfigError, match=rf"set\.jsonl:3: .*{why}") as raised:
        list(read_docs(data))
    assert "\n" not in raised.value.one_line()


def test_a_line_that_is_not_utf8_names_its_line(tmp_path: Path) -> None:
    data = tmp_path / "set.jsonl"
    data.write_bytes(json.dumps(record("a", "x", "g")).encode() + b'\n{"id": "\xff", "cluster": "g"}\n')
    with pytest.raises(ConfigError, match=r"set\.jsonl:2:"):
        list(read_docs(data))


def test_a_missing_or_empty_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        evaluate(tmp_path / "absent.jsonl", clusterer=ScriptedClusterer())
    with pytest.raises(ConfigError, match="no document"):
        evaluate(write(tmp_path / "blank.jsonl", "", "  "), clusterer=ScriptedClusterer())


# --- the command -----------------------------------------------------------------------------------------------


def run(tmp_path: Path, *args: str | Path) -> Result:
    """``newsdesk --db TMP eval clustering ARGS`` in-process, with no NEWSDESK_* setting from the environment."""
    env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("NEWSDESK_")}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    argv = ["--db", str(tmp_path / "t.db"), "eval", "clustering", *map(str, args)]
    return CliRunner().invoke(cli, argv, env=env, prog_name="newsdesk")


def test_the_command_writes_one_prediction_per_document_and_prints_every_score(tmp_path: Path) -> None:
    out = tmp_path / "pred.tsv"
    result = run(tmp_path, SMALL, "--predictions", out, "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(ALL_FIELDS) <= set(data)
    docs = [json.loads(line) for line in SMALL.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [line.split("\t") for line in out.read_text(encoding="utf-8").splitlines()]
    assert [r[0] for r in rows] == [d["id"] for d in docs]
    assert all(len(r) == 2 and r[1] for r in rows)
    assert (data["docs"], data["gold_clusters"]) == (10, 3)
    assert data["pred_clusters"] == len({r[1] for r in rows})
    assert 1 <= data["pred_clusters"] <= 10
    assert all(0.0 <= data[f] <= 1.0 for f in SCORE_FIELDS)
    assert data["docs_per_second"] > 0 and data["seconds"] > 0 and data["peak_rss_mb"] > 0
    assert data["window"] == 5 and data["first_ms_per_doc"] > 0 and data["last_ms_per_doc"] > 0
    # The printed scores are those of the predictions it wrote.
    rescored = score({d["id"]: d["cluster"] for d in docs}, dict(rows))
    assert {f: data[f] for f in SCORE_FIELDS} == pytest.approx({f: getattr(rescored, f) for f in SCORE_FIELDS})


def test_the_command_on_three_unmistakable_stories_scores_perfectly(tmp_path: Path) -> None:
    # a volcano, a chess final and a bakery strike, with no word in common: any working clusterer finds exactly
    # these three stories, so every score is known to be 1
    data = json.loads(run(tmp_path, SMALL, "--json").stdout)
    assert data["pred_clusters"] == 3
    assert {f: data[f] for f in SCORE_FIELDS} == {f: 1.0 for f in SCORE_FIELDS}


def test_the_command_prints_aligned_lines_without_json(tmp_path: Path) -> None:
    result = run(tmp_path, SMALL)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 7
    assert len({line.index(":") for line in lines}) == 1
    assert lines[0].strip().startswith("documents: 10 in 3 gold stories, ")
    assert "pairwise P/R/F1" in result.stdout and "B-cubed P/R/F1" in result.stdout and "NMI" in result.stdout
    assert "ms per doc: " in result.stdout and "over the first 5, " in result.stdout


def one_line_error(result: Result, exit_code: int, code: str) -> str:
    assert result.exit_code == exit_code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith(f"error: {code}: "), line
    return line


def test_the_command_reports_a_missing_file_in_one_line(tmp_path: Path) -> None:
    line = one_line_error(run(tmp_path, tmp_path / "absent.jsonl", "--json"), 3, "ND002")
    assert "absent.jsonl" in line


def test_the_command_reports_a_malformed_line_in_one_line(tmp_path: Path) -> None:
    data = write(tmp_path / "bad.jsonl", record("a", "x", "g"), record("b", "y", "g"), '{"id": "c", "title": ')
    out = tmp_path / "pred.tsv"
    line = one_line_error(run(tmp_path, data, "--predictions", out), 2, "ND001")
    assert "bad.jsonl:3:" in line
    assert not out.exists()
