"""The web app served for real: uvicorn on 127.0.0.1 in a background thread, over a copy of the sample store.

``web_db`` is the sample corpus after the whole pipeline (ingest, stories, claims, briefings) plus one hostile
article whose title and text carry script and event-handler markup; each test module gets its own copy of it
behind its own server (``web_server``), so a test that writes cannot disturb another module.
"""

from __future__ import annotations

import json
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from newsdesk.settings import Settings

KURSK = "s_5bffde863b0ab332"
HOSTILE_TITLE = "Hostile <script>window.__pwned=1</script>"
HOSTILE_TEXT = (
    "Officials in the harbour town said on Tuesday that the ferry service would resume next week. "
    '<script>window.__pwned = 1; document.title = "pwned"</script> '
    'A spokesman added that <img src=x onerror="window.__pwned=2"> repairs to the pier cost about 40,000 euros. '
    'Residents can read the timetable <a href="javascript:window.__pwned=3">click</a> online, the council said. '
    'The council\'s engineer said <svg onload="window.__pwned=4"> the work took three weeks.'
)


@dataclass(frozen=True)
class WebServer:
    """A running app: its base URL (no trailing slash), its store file and the ids tests look for."""

    url: str
    store_path: Path
    hostile_id: str
    kursk: str = KURSK
    token: str = ""

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=10.0, **kwargs)  # type: ignore[arg-type]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def web_db(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The sample store with briefings and one hostile article; returns its path and the hostile article's id."""
    from newsdesk.pipeline import run_briefings, run_claims, run_clustering, run_ingest
    from newsdesk.store import open_store

    folder = tmp_path_factory.mktemp("web")
    db = folder / "news.db"
    shutil.copy(sample_db, db)
    hostile = folder / "hostile.jsonl"
    row = {
        "url": "https://hostile.example/news/ferry",
        "title": HOSTILE_TITLE,
        "outlet": "Hostile Herald",
        "published": "2025-02-14T09:00:00+00:00",
        "language": "en",
        "text": HOSTILE_TEXT,
    }
    hostile.write_text(json.dumps(row) + "\n", encoding="utf-8")
    settings = Settings.from_env({}, db=db, host_delay=0, progress=False)
    with open_store(db) as store:
        summary = run_ingest(store, [str(hostile)], settings)
        assert summary.new == 1, summary
        run_clustering(store)
        run_claims(store)
        run_briefings(store)
        found = store.find_article("https://hostile.example/news/ferry")
        assert found is not None
        return db, found.id


@pytest.fixture(scope="module")
def make_server(
    web_db: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[..., WebServer]]:
    """Start a server over a fresh copy of :func:`web_db`; ``make_server(token="…", **settings)``."""
    from newsdesk.web import create_app

    started: list[tuple[uvicorn.Server, threading.Thread]] = []

    def start(**overrides: object) -> WebServer:
        db = tmp_path_factory.mktemp("web-copy") / "news.db"
        shutil.copy(web_db[0], db)
        settings = Settings.from_env({}, db=db, host_delay=0, progress=False, **overrides)
        port = _free_port()
        config = uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 20
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web app did not start")
            time.sleep(0.02)
        started.append((server, thread))
        return WebServer(f"http://127.0.0.1:{port}", db, web_db[1], token=settings.token)

    yield start
    for server, thread in started:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def web_server(make_server: Callable[..., WebServer]) -> WebServer:
    """One server per test module, loopback, no token."""
    return make_server()
