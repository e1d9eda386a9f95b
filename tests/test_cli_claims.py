"""Claims on the command line: ``ingest`` extracts, ``extract``, ``claims`` and the eval commands, run as users
run them (a subprocess per command, a real store file)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_cli import as_json, assert_one_line_error, clean_env, newsdesk

HERE = Path(__file__).resolve().parent

DAM = """\
---
title: Dam failure floods Valdora valley, officials say
outlet: The Harbour Courier
url: https://courier.example/news/valdora-dam
published: 2025-02-13T10:00:00+00:00
---
The Kessen dam in Valdora gave way on Tuesday, flooding three villages.

The regional interior ministry said about 120 people had been killed and more than 2,000 displaced. \
"We are still searching the river banks," the ministry's spokeswoman, Lena Varga, told reporters. \
She said the toll could rise.

The dam's operator, Kessen Hydro, denied that maintenance had been skipped. The company has reportedly ignored \
two warnings from inspectors last year.
"""

QUAKE = """\
---
title: Quake shakes Oravia
outlet: Valley Gazette
url: https://gazette.example/2025/02/12/oravia-quake
published: 2025-02-12T08:00:00+00:00
---
A strong earthquake shook the coastal region of Oravia on Wednesday. Seismologists at the national institute \
said the quake had a magnitude of 6.1. No damage was reported.
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return clean_env(tmp_path, TZ="UTC")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "dam.md").write_text(DAM, encoding="utf-8")
    (folder / "quake.md").write_text(QUAKE, encoding="utf-8")
    return folder


def _claims(ref: str, env: dict[str, str], *options: str) -> dict:
    data = as_json(newsdesk("claims", ref, "--json", *options, env=env))
    assert isinstance(data, dict)
    return data


def _article_id(env: dict[str, str], title_word: str) -> str:
    articles = as_json(newsdesk("articles", "--json", env=env))
    assert isinstance(articles, list)
    return next(a["id"] for a in articles if title_word in a["title"])


def test_ingest_extracts_claims_and_claims_lists_them(corpus: Path, env: dict[str, str]) -> None:
    summary = as_json(newsdesk("ingest", corpus, "--json", "--no-progress", env=env))
    assert isinstance(summary, dict)
    assert summary["claims"]["articles"] == 2 and summary["claims"]["failed"] == 0
    assert summary["claims"]["claims"] == summary["claims"]["claims_in_store"] > 0

    dam = _article_id(env, "Dam failure")
    data = _claims(dam, env)
    assert data["article"] == dam and data["story"] is None and data["pending"] == []
    claims = data["claims"]
    for c in claims:
        assert c["article_id"] == dam and c["extractor"].startswith("claims/")
        field = c["evidence"]["field"]
        assert field in ("text", "title")
        for s, e in c["content_spans"]:
            assert 0 <= s < e
    # the ministry's figures, approximate and bounded, with their speaker
    killed = [c for c in claims for q in c["quantities"] if q["value"] == 120]
    assert killed and "ministry" in killed[0]["speaker"].lower()
    q120 = next(q for q in killed[0]["quantities"] if q["value"] == 120)
    assert q120["change"] == "~" and q120["qualifier"] == "about"
    displaced = next(q for c in claims for q in c["quantities"] if q["value"] == 2000)
    assert displaced["change"] == ">"
    # the operator's denial, the outlet's hedge, the spokeswoman's speculation
    assert any(c["stance"] == "denied" and "Kessen Hydro" in c["speaker"] for c in claims)
    hedged = [c for c in claims if "reportedly" in c["markers"]]
    assert hedged and all(c["hedge"] == "hedged" for c in hedged)
    assert any(c["hedge"] == "speculative" and "could" in c["markers"] for c in claims)
    # the quote is a quote
    assert any(c["kind"] == "quote" and "searching the river banks" in c["text"] for c in claims)
    # the headline names its source
    assert any(c["evidence"]["field"] == "title" and c["cue"] == "say" for c in claims)
    # times are dated against publication: Tuesday before Thursday 13 February 2025
    tuesday = [t for c in claims for t in c["times"] if t["text"].endswith("Tuesday")]
    assert tuesday and tuesday[0]["first"] == "2025-02-11" and tuesday[0]["precision"] == "day"


def test_claims_filters_and_plain_output(corpus: Path, env: dict[str, str]) -> None:
    newsdesk("ingest", corpus, "--no-progress", env=env)
    dam = _article_id(env, "Dam failure")
    everything = _claims(dam, env)["claims"]
    figures = _claims(dam, env, "--figures")["claims"]
    assert figures and all(c["quantities"] for c in figures) and len(figures) < len(everything)
    own = _claims(dam, env, "--kind", "own")["claims"]
    assert own and all(c["kind"] == "own" and c["speaker"] == "The Harbour Courier" for c in own)
    varga = _claims(dam, env, "--speaker", "varga")["claims"]
    assert varga and all("varga" in c["speaker"].lower() for c in varga)
    plain = newsdesk("claims", dam, env=env)
    assert plain.returncode == 0
    assert "The Harbour Courier: Dam failure floods Valdora valley" in plain.stdout
    assert "figures: about 120" in plain.stdout


def test_no_claims_then_extract(corpus: Path, env: dict[str, str]) -> None:
    newsdesk("ingest", corpus, "--no-claims", "--no-progress", env=env)
    quake = _article_id(env, "Quake")
    before = newsdesk("claims", quake, env=env)
    assert before.returncode == 0 and "newsdesk extract" in before.stderr
    assert _claims(quake, env)["pending"] == [quake]
    run = as_json(newsdesk("extract", "--json", env=env))
    assert isinstance(run, dict) and run["articles"] == 2 and run["failed"] == 0
    after = _claims(quake, env)
    assert after["pending"] == [] and any(q["value"] == 6.1 for c in after["claims"] for q in c["quantities"])
    again = as_json(newsdesk("extract", "--json", env=env))
    assert isinstance(again, dict) and again["articles"] == 0, "nothing is read twice by the same extractor"


def test_claims_of_a_story(corpus: Path, env: dict[str, str]) -> None:
    newsdesk("ingest", corpus, "--no-progress", env=env)
    stories = as_json(newsdesk("stories", "--json", env=env))
    assert isinstance(stories, list)
    dam_story = next(s for s in stories if "Dam failure" in s["headline"])
    data = _claims(dam_story["id"], env)
    assert data["story"] == dam_story["id"] and data["article"] is None
    assert {c["article_id"] for c in data["claims"]} == set(dam_story["article_ids"])


def test_an_unknown_reference_is_a_one_line_error(corpus: Path, env: dict[str, str]) -> None:
    newsdesk("ingest", corpus, "--no-progress", env=env)
    assert_one_line_error(newsdesk("claims", "s_nothing", env=env), 3, "error: ND002")


def test_eval_commands_on_small_files(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "pred.json"
    quantities = as_json(
        newsdesk("eval", "quantities", HERE / "eval" / "quantities_small.json", "--predictions", out, "--json", env=env)
    )
    assert isinstance(quantities, dict) and quantities["gold"] == 6 and 0.0 <= quantities["value_f1"] <= 1.0
    assert isinstance(json.loads(out.read_text()), list)
    attributions = tmp_path / "pred.jsonl"
    attribution = as_json(
        newsdesk(
            "eval",
            "attribution",
            HERE / "eval" / "attribution_small.jsonl",
            "--predictions",
            attributions,
            "--json",
            env=env,
        )
    )
    assert isinstance(attribution, dict)
    assert attributions.read_text().count("\n") == (HERE / "eval" / "attribution_small.jsonl").read_text().count("\n")
    missing = newsdesk("eval", "quantities", tmp_path / "absent.json", env=env)
    assert_one_line_error(missing, 3, "error: ND002")
