"""The web app's safety rules: tokens for changes, CSRF on forms, rate limits, loopback Host, headers, and
``newsdesk serve`` demanding a token when it is bound beyond loopback."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from newsdesk.web.security import RateLimiter, host_allowed, is_loopback, same_origin

from .conftest import WebServer

FEED = {"sources": ["https://example.com/world/rss.xml"]}


@pytest.fixture(scope="module")
def guarded(make_server: Callable[..., WebServer]) -> WebServer:
    return make_server(token="s3cret-token", submit_limit=3)


def test_an_api_change_needs_the_token_when_the_server_has_one(guarded: WebServer) -> None:
    with guarded.client() as client:
        missing = client.post("/api/sources", json=FEED)
        assert missing.status_code == 401 and missing.json()["error"]["code"] == "HTTP401"
        assert missing.headers["www-authenticate"].startswith("Bearer")
        wrong = client.post("/api/sources", json=FEED, headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        right = client.post("/api/sources", json=FEED, headers={"Authorization": "Bearer s3cret-token"})
        assert right.status_code == 202, right.text
        assert client.get("/api/health").json()["token_required"] is True
        assert client.get("/").status_code == 200  # reading needs no token


def _csrf(client: httpx.Client) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/sources").text)
    assert found
    return found.group(1)


def test_a_form_post_needs_its_csrf_token_and_the_server_token(guarded: WebServer) -> None:
    with guarded.client() as client:
        form = client.get("/sources").text
        assert 'name="token"' in form  # the form asks for the token
        no_csrf = client.post("/sources", data={"urls": FEED["sources"][0], "token": "s3cret-token"})
        assert no_csrf.status_code == 403
        csrf = _csrf(client)
        forged = client.post("/sources", data={"csrf": "0" * 64, "urls": FEED["sources"][0], "token": "s3cret-token"})
        assert forged.status_code == 403
        no_token = client.post("/sources", data={"csrf": csrf, "urls": FEED["sources"][0]})
        assert no_token.status_code == 401
        ok = client.post(
            "/sources", data={"csrf": csrf, "urls": FEED["sources"][0], "token": "s3cret-token"}, follow_redirects=False
        )
        assert ok.status_code == 303 and ok.headers["location"].startswith("/jobs/")
    with guarded.client() as stranger:  # another browser: no cookie, so the first client's CSRF token is useless
        stolen = stranger.post("/sources", data={"csrf": csrf, "urls": FEED["sources"][0], "token": "s3cret-token"})
        assert stolen.status_code == 403


def test_a_cross_site_form_post_is_refused(web_server: WebServer) -> None:
    with web_server.client() as client:
        csrf = _csrf(client)
        response = client.post(
            "/sources", data={"csrf": csrf, "urls": FEED["sources"][0]}, headers={"Origin": "https://evil.example"}
        )
        assert response.status_code == 403


def test_submissions_are_rate_limited_per_client(make_server: Callable[..., WebServer]) -> None:
    web = make_server(submit_limit=2)
    with web.client() as client:
        codes = [client.post("/api/sources", json=FEED).status_code for _ in range(3)]
        assert codes == [202, 202, 429]
        refused = client.post("/api/sources", json=FEED)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
        assert "try again" in refused.json()["error"]["message"]


def test_the_token_bucket_refills_with_time() -> None:
    now = [0.0]
    limiter = RateLimiter(per_minute=2, clock=lambda: now[0])
    assert [limiter.take("a"), limiter.take("a")] == [0.0, 0.0]
    assert limiter.take("a") == pytest.approx(30.0)
    assert limiter.take("b") == 0.0  # clients are counted apart
    now[0] = 30.0
    assert limiter.take("a") == 0.0
    assert limiter.take("a") > 0


def test_a_loopback_server_answers_only_to_loopback_host_names(web_server: WebServer) -> None:
    with web_server.client() as client:
        rebound = client.get("/", headers={"Host": "attacker.example"})
        assert rebound.status_code == 421
        assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200


def test_every_response_carries_the_security_headers(web_server: WebServer) -> None:
    with web_server.client() as client:
        for path in ("/", "/api/stories", "/no/such/page", "/static/app.js"):
            headers = client.get(path).headers
            assert "default-src 'self'" in headers["content-security-policy"], path
            assert headers["x-content-type-options"] == "nosniff"
            assert headers["x-frame-options"] == "DENY"


def test_address_rules() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost") and is_loopback("127.8.0.1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2") and not is_loopback("example.com")
    assert host_allowed("127.0.0.1:8000", "127.0.0.1") and host_allowed("[::1]:8000", "::1")
    assert not host_allowed("evil.example:8000", "127.0.0.1") and not host_allowed(None, "127.0.0.1")
    assert host_allowed("news.example.org", "0.0.0.0")
    assert same_origin(None, "127.0.0.1:8000") and same_origin("http://127.0.0.1:8000", "127.0.0.1:8000")
    assert not same_origin("http://evil.example", "127.0.0.1:8000") and not same_origin("null", "127.0.0.1:8000")


@pytest.fixture
def served_beyond_loopback(web_db: tuple[Path, str], tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``newsdesk serve --host 0.0.0.0`` as a user starts it; yields its loopback URL and the token it printed."""
    import shutil

    db = tmp_path / "news.db"
    shutil.copy(web_db[0], db)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSDESK_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "newsdesk", "--db", str(db), "serve", "--host", "0.0.0.0", "--port", str(port)],
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()
        found = re.search(r"needs this token: (\S+)", first)
        assert found, first
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        yield url, found.group(1)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_serve_beyond_loopback_makes_up_a_token_says_so_and_requires_it(
    served_beyond_loopback: tuple[str, str],
) -> None:
    url, token = served_beyond_loopback
    assert len(token) >= 20
    assert httpx.post(url + "/api/sources", json=FEED).status_code == 401
    accepted = httpx.post(url + "/api/sources", json=FEED, headers={"Authorization": f"Bearer {token}"})
    assert accepted.status_code == 202
    assert httpx.get(url + "/", headers={"Host": "news.example.org"}).status_code == 200
