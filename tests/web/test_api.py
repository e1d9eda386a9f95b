"""The JSON API, route by route, against a real server over the sample store (plus one hostile article)."""

from __future__ import annotations

import json
import time
from typing import Any

import httpx
import pytest

from .conftest import KURSK, WebServer

API_ROUTES = {
    ("get", "/api/health"),
    ("get", "/api/stories"),
    ("get", "/api/outlets"),
    ("get", "/api/stories/{story_id}"),
    ("get", "/api/stories/{story_id}/versions"),
    ("get", "/api/stories/{story_id}/briefing"),
    ("get", "/api/articles/{article_id}"),
    ("get", "/api/claims/{claim_id}"),
    ("post", "/api/sources"),
    ("get", "/api/jobs"),
    ("get", "/api/jobs/{job_id}"),
}


@pytest.fixture(scope="module")
def api(web_server: WebServer) -> httpx.Client:
    with web_server.client() as client:
        yield client


def _get(api: httpx.Client, path: str, **params: Any) -> dict[str, Any]:
    response = api.get(path, params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    return response.json()


def test_the_openapi_description_lists_every_api_route(api: httpx.Client) -> None:
    spec = _get(api, "/api/openapi.json")
    served = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert served == API_ROUTES
    assert spec["info"]["title"] == "newsdesk"


def test_health(api: httpx.Client) -> None:
    assert _get(api, "/api/health") == {
        "ok": True,
        "version": _get(api, "/api/health")["version"],
        "token_required": False,
    }


def test_stories_newest_first_and_most_covered_first(api: httpx.Client) -> None:
    recent = _get(api, "/api/stories")["stories"]
    assert KURSK in [s["id"] for s in recent]
    last_seen = [s["last_seen"] for s in recent if s["last_seen"]]
    assert last_seen == sorted(last_seen, reverse=True)
    covered = _get(api, "/api/stories", sort="sources")["stories"]
    sources = [s["sources"] for s in covered]
    assert sources == sorted(sources, reverse=True)
    assert covered[0]["id"] == KURSK  # the Kursk story has the most independent outlets of the sample
    hostile = next(s for s in recent if s["outlets"] == ["Hostile Herald"])
    assert hostile["single_source"] is True and hostile["sources"] == 1
    assert all(s["single_source"] == (s["sources"] < 2) for s in recent)


def test_search_finds_articles_and_claims_and_their_stories(api: httpx.Client) -> None:
    data = _get(api, "/api/stories", q="Kursk")
    assert [s["id"] for s in data["stories"]][:1] and KURSK in [s["id"] for s in data["stories"]]
    assert data["articles"] and all(a["story"] for a in data["articles"])
    assert any("Kursk" in a["snippet"] for a in data["articles"])
    claims = _get(api, "/api/stories", q="casualties")["claims"]
    assert claims and all(c["href"].startswith("/articles/") and "casualties" in c["text"].lower() for c in claims)
    nothing = _get(api, "/api/stories", q="zzzzqqq")
    assert nothing["stories"] == [] and nothing["total"] == 0


def test_filters_by_outlet_and_dates(api: httpx.Client) -> None:
    outlets = _get(api, "/api/outlets")["outlets"]
    hostile = next(o for o in outlets if o["name"] == "Hostile Herald")
    only = _get(api, "/api/stories", outlet=hostile["id"])["stories"]
    assert [s["outlets"] for s in only] == [["Hostile Herald"]]
    assert _get(api, "/api/stories", outlet="Hostile Herald")["stories"] == only
    everything = _get(api, "/api/stories")["total"]
    assert _get(api, "/api/stories", since="2030-01-01")["total"] == 0
    assert _get(api, "/api/stories", until="1990-01-01")["total"] == 0
    assert _get(api, "/api/stories", since="1990-01-01", until="2030-01-01")["total"] == everything


@pytest.mark.parametrize(
    ("params", "words"), [({"sort": "loudest"}, "sort"), ({"since": "yesterday"}, "since"), ({"page": "0"}, "page")]
)
def test_bad_parameters_are_a_400_that_names_them(api: httpx.Client, params: dict[str, str], words: str) -> None:
    response = api.get("/api/stories", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "ND001" and words in error["message"]


def test_a_story_with_its_briefing_charts_sources_and_versions(api: httpx.Client) -> None:
    data = _get(api, f"/api/stories/{KURSK}")
    assert data["story"]["id"] == KURSK and data["stored"] is True
    assert data["version"] == data["latest_version"] == 1
    briefing = data["briefing"]
    assert briefing["format"].startswith("newsdesk.briefing/")
    numbers = {s["number"] for s in briefing["sources"]}
    listed = {s["number"] for s in data["sources"]} | {r["number"] for s in data["sources"] for r in s["reprints"]}
    assert listed == numbers
    assert any(s["reprints"] for s in data["sources"])  # the wire copy and its reprints are grouped
    assert all(r["reprint_of"] == s["number"] for s in data["sources"] for r in s["reprints"])
    charts = data["charts"]
    assert any(row["is_range"] for c in charts for row in c["rows"])
    assert any(c["disputed"] for c in charts)
    assert data["downloads"]["markdown"] == f"/stories/{KURSK}/briefing.md"
    assert _get(api, f"/api/stories/{KURSK[:10]}")["story"]["id"] == KURSK  # a unique prefix is enough
    versions = _get(api, f"/api/stories/{KURSK}/versions")
    assert [v["version"] for v in versions["versions"]] == [1]


def test_unknown_ids_are_404_with_the_error_code(api: httpx.Client) -> None:
    for path in ("/api/stories/s_nope", "/api/articles/a_nope", "/api/claims/c_nope", "/api/jobs/j_nope"):
        response = api.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"]["code"] == "ND002"
    response = api.get(f"/api/stories/{KURSK}", params={"version": 99})
    assert response.status_code == 404 and "version 99" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("fmt", "media", "check"),
    [
        ("md", "text/markdown", lambda body: body.startswith("# ")),
        ("html", "text/html", lambda body: "<html" in body and "[1]" in body),
        ("json", "application/json", lambda body: json.loads(body)["story"]["id"] == KURSK),
        ("claimreview", "application/ld+json", lambda body: json.loads(body)["@context"] == "https://schema.org"),
    ],
)
def test_downloads_in_every_format(api: httpx.Client, fmt: str, media: str, check: Any) -> None:
    response = api.get(f"/api/stories/{KURSK}/briefing", params={"format": fmt})
    assert response.status_code == 200 and response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert check(response.text)
    ext = {"md": "md", "html": "html", "json": "json", "claimreview": "claimreview.json"}[fmt]
    page = api.get(f"/stories/{KURSK}/briefing.{ext}")
    assert page.status_code == 200 and page.content == response.content
    assert api.get(f"/api/stories/{KURSK}/briefing", params={"format": "pdf"}).status_code == 400
    assert api.get(f"/stories/{KURSK}/briefing.pdf").status_code == 404


def test_an_article_with_its_claims_cut_into_the_text(api: httpx.Client) -> None:
    story = _get(api, f"/api/stories/{KURSK}")
    reprinted = next(s for s in story["sources"] if s["reprints"])
    data = _get(api, f"/api/articles/{reprinted['article_id']}")
    text = data["article"]["text"]
    assert "".join(p["text"] for p in data["segments"]) == text
    marked = [p for p in data["segments"] if p["claim"]]
    claims = {c["id"]: c for c in data["claims"]}
    assert marked and all(p["claim"] in claims for p in marked)
    for piece in marked:
        evidence = claims[piece["claim"]]["evidence"]
        assert piece["text"] in text[evidence["start"] : evidence["end"]]
    assert {r["id"] for r in data["reprints"]} == {r["article_id"] for r in reprinted["reprints"]}
    copy = _get(api, f"/api/articles/{reprinted['reprints'][0]['article_id']}")
    assert copy["reprint_of"]["id"] == reprinted["article_id"]
    assert data["revisions"] and data["revisions"][0]["number"] == 1
    assert data["story"]["id"] == KURSK
    claim = _get(api, f"/api/claims/{marked[0]['claim']}")
    assert claim["article_id"] == reprinted["article_id"]


def test_jobs_list_and_a_submission_to_a_loopback_address_is_refused_by_ingest(api: httpx.Client) -> None:
    response = api.post("/api/sources", json={"sources": ["http://127.0.0.1:9/feed.xml"]})
    assert response.status_code == 202, response.text
    job = response.json()
    assert job["state"] in ("queued", "running")
    done = wait_for_job(api, job["id"])
    assert done["state"] == "done"
    assert [f["code"] for f in done["failures"]] == ["ND111"]
    assert done["new"] == 0
    assert job["id"] in [j["id"] for j in _get(api, "/api/jobs")["jobs"]]


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({"sources": ["/etc/passwd"]}, "ND001"),
        ({"sources": ["file:///etc/passwd"]}, "ND001"),
        ({"sources": []}, "ND001"),
    ],
)
def test_only_web_urls_are_accepted(api: httpx.Client, body: dict[str, Any], code: str) -> None:
    response = api.post("/api/sources", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code


def test_a_cross_site_or_non_json_submission_is_refused(api: httpx.Client) -> None:
    sources = {"sources": ["https://example.com/feed.xml"]}
    assert api.post("/api/sources", json=sources, headers={"Origin": "https://evil.example"}).status_code == 403
    plain = api.post("/api/sources", content=json.dumps(sources), headers={"Content-Type": "text/plain"})
    assert plain.status_code in (400, 415)
    assert all(j["sources"] != sources["sources"] for j in _get(api, "/api/jobs")["jobs"])  # nothing was queued


def wait_for_job(client: httpx.Client, job_id: str, seconds: float = 30.0) -> dict[str, Any]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = client.get(f"/api/jobs/{job_id}").json()
        if job["done"]:
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish in {seconds} s: {job}")


def test_a_story_changed_by_another_connection_shows_at_once_briefed_or_not(make_server: Any, tmp_path: Any) -> None:
    """Another process (here: another connection) ingests and clusters an article while the app runs: the cached
    stories list notices, and the never-briefed story gets a briefing written for the view, not stored."""
    from newsdesk.pipeline import run_claims, run_clustering, run_ingest
    from newsdesk.settings import Settings
    from newsdesk.store import open_store

    web = make_server()
    with web.client() as client:
        before = client.get("/api/stories").json()["total"]
        row = {
            "url": "https://quiet.example/news/bridge",
            "title": "Old swing bridge in Marlow reopens after repairs",
            "outlet": "Quiet Times",
            "published": "2025-02-16T08:00:00+00:00",
            "text": "The swing bridge in Marlow reopened on Sunday after eight weeks of repairs, the council said. "
            "About 3,000 vehicles cross it every day, according to the council.",
        }
        source = tmp_path / "bridge.jsonl"
        source.write_text(json.dumps(row) + "\n", encoding="utf-8")
        with open_store(web.store_path) as store:
            run_ingest(store, [str(source)], Settings.from_env({}, db=web.store_path, progress=False))
            run_clustering(store)
            run_claims(store)
            story_id = store.story_of(store.find_article(row["url"]).id)  # type: ignore[union-attr]
        assert client.get("/api/stories").json()["total"] == before + 1
        data = _get(client, f"/api/stories/{story_id}")
        assert data["stored"] is False and data["version"] is None and data["versions"] == []
        assert data["story"]["single_source"] is True
        assert data["briefing"]["story"]["id"] == story_id
        assert "not stored yet" in client.get(f"/stories/{story_id}").text
