"""The main job and the briefing commands, run as users run them: a subprocess per command, a real store file."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import lxml.html
import pytest

from newsdesk.briefing.codec import schema
from test_cli import as_json, assert_one_line_error, clean_env, newsdesk

CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="module")
def ran(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("run")
    env = clean_env(tmp, TZ="UTC")
    db, out = tmp / "news.db", tmp / "out"
    result = newsdesk("--db", db, "run", CORPUS, "--out", out, "--no-progress", env=env)
    assert result.returncode == 0, result.stderr
    assert "wrote 7 briefings" in result.stdout
    for stage in ("ingest:", "stories", "claims", "briefings:"):
        assert stage in result.stderr
    return db, out, env


def _kursk_id(out: Path) -> str:
    index = json.loads((out / "index.json").read_text())
    return next(e["story_id"] for e in index if "Kursk front, Seoul says" in e["headline"])


def test_run_writes_every_format_and_an_index(ran: tuple[Path, Path, dict[str, str]]) -> None:
    _, out, _ = ran
    index = json.loads((out / "index.json").read_text())
    assert len(index) == 7 and all(e["supported"] for e in index)
    page = lxml.html.fromstring((out / "index.html").read_text())
    links = {a.get("href") for a in page.iter("a")}
    validator = jsonschema.Draft202012Validator(schema())
    for entry in index:
        sid = entry["story_id"]
        assert f"{sid}.html" in links
        document = json.loads((out / f"{sid}.json").read_text())
        validator.validate(document)
        assert document["report"]["ok"] and not document["report"]["unsupported"]
        assert (out / f"{sid}.md").read_text().startswith("# ")
        lxml.html.fromstring((out / f"{sid}.html").read_text())
        assert json.loads((out / f"{sid}.claimreview.json").read_text())


def test_every_published_sentence_cites_its_exact_source_sentence(ran: tuple[Path, Path, dict[str, str]]) -> None:
    db, out, env = ran
    document = json.loads((out / f"{_kursk_id(out)}.json").read_text())
    sentences = [document["headline"], *document["lede"], *document["takeaways"]]
    sentences += [s for section in document["sections"] for s in section["sentences"]]
    numbers = {s["number"]: s["article_id"] for s in document["sources"]}
    for sentence in sentences:
        assert sentence["citations"], sentence["text"]
        for c in sentence["citations"]:
            assert numbers[c["source"]] == c["article_id"]
            article = as_json(newsdesk("--db", db, "article", c["article_id"], "--json", env=env))
            field = article["title"] if c.get("field") == "title" else article["text"]
            assert field[c["start"] : c["end"]] == c["quote"]


def test_brief_prints_each_format_and_rerunning_keeps_the_version(ran: tuple[Path, Path, dict[str, str]]) -> None:
    db, out, env = ran
    sid = _kursk_id(out)
    md = newsdesk("--db", db, "brief", sid[:10], env=env)
    assert md.returncode == 0, md.stderr
    assert "Zelenskyy" in md.stdout and "## Sources" in md.stdout
    document = as_json(newsdesk("--db", db, "brief", sid, "--format", "json", env=env))
    assert document["version"] == 1  # the story did not change since `run`
    jsonld = as_json(newsdesk("--db", db, "brief", sid, "--format", "claimreview", env=env))
    assert "schema.org" in json.dumps(jsonld)
    page = newsdesk("--db", db, "brief", sid, "--format", "html", "--out", out / "k.html", env=env)
    assert page.returncode == 0 and lxml.html.fromstring((out / "k.html").read_text()) is not None


def test_a_new_policy_is_a_new_version_and_briefings_lists_them(ran: tuple[Path, Path, dict[str, str]]) -> None:
    db, out, env = ran
    sid = _kursk_id(out)
    document = as_json(newsdesk("--db", db, "brief", sid, "--format", "json", "--policy", "range", env=env))
    assert document["version"] == 2 and document["policy"] == "range"
    assert document["changes"]["since"] == 1
    versions = as_json(newsdesk("--db", db, "briefings", sid, "--json", env=env))
    assert [v["version"] for v in versions] == [1, 2]
    old = as_json(newsdesk("--db", db, "brief", sid, "--version", "1", "--format", "json", env=env))
    assert old["policy"] == "all"
    latest = as_json(newsdesk("--db", db, "briefings", "--json", env=env))
    assert {r["story_id"] for r in latest} >= {sid}


def test_unknown_story_or_version_is_a_one_line_error(ran: tuple[Path, Path, dict[str, str]]) -> None:
    db, out, env = ran
    assert_one_line_error(newsdesk("--db", db, "brief", "s_nothing", env=env), 3, "error: ND002")
    missing = newsdesk("--db", db, "brief", _kursk_id(out), "--version", "99", env=env)
    assert_one_line_error(missing, 3, "error: ND002")
    bad_policy = newsdesk("--db", db, "brief", _kursk_id(out), env={**env, "NEWSDESK_FIGURE_POLICY": "median"})
    assert_one_line_error(bad_policy, 2, "error: ND001")


def test_run_goes_on_past_a_broken_source(tmp_path: Path) -> None:
    env = clean_env(tmp_path, TZ="UTC")
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<rss><channel><item><title>cut off")
    result = newsdesk(
        "--db", tmp_path / "n.db", "run", CORPUS / "text", broken, "--out", tmp_path / "out", "--no-progress", env=env
    )
    assert result.returncode == 1
    assert "failed:" in result.stderr and "Traceback" not in result.stderr
    assert (tmp_path / "out" / "index.html").exists()
