"""Shared fixtures: a real HTTP server on the loopback interface, and settings for a store in ``tmp_path``.

The server is ``http.server.ThreadingHTTPServer`` in a background thread on a free port. Each test fills its
routing table, ``server.routes``, with ``path → (status, headers, body[, delay])`` or with a callable that gets
the :class:`Seen` request and returns such a tuple; a path that is not routed answers 404 (so ``/robots.txt``
is absent unless a test routes it). A ``Transfer-Encoding: chunked`` header makes the server send the body in
chunks without a Content-Length. Every request is recorded with its headers and arrival time.
"""

from __future__ import annotations

import socket
import socketserver
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from newsdesk.settings import Settings
from newsdesk.store.base import Store

Reply = tuple  # (status, headers, body[, delay seconds[, trickle seconds between 1 KB chunks, when chunked]])


@dataclass(frozen=True)
class Seen:
    """One request as the server received it."""

    method: str
    path: str
    headers: dict[str, str]  # names in lower case
    at: float  # time.monotonic() on arrival


Route = Reply | Callable[[Seen], Reply]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _HTTPServer

    def do_GET(self) -> None:
        owner = self.server.owner
        seen = Seen(self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic())
        with owner.lock:
            owner.requests.append(seen)
        route = owner.routes.get(self.path) or owner.routes.get(self.path.split("?", 1)[0])
        if route is None:
            reply: Reply = (404, {"Content-Type": "text/plain"}, b"not found")
        else:
            reply = route(seen) if callable(route) else route
        status, headers, body = reply[:3]
        delay = reply[3] if len(reply) > 3 else 0.0
        trickle = reply[4] if len(reply) > 4 else 0.0
        if delay and owner.stopping.wait(delay):
            return  # the test is over; let the thread end
        data = body.encode("utf-8") if isinstance(body, str) else bytes(body)
        chunked = any(k.lower() == "transfer-encoding" and "chunked" in v.lower() for k, v in headers.items())
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            has_length = any(k.lower() == "content-length" for k in headers)
            if not chunked and not has_length and status not in (204, 304):
                self.send_header("Content-Length", str(len(data)))
            self.send_header("Connection", "close")
            self.end_headers()
            if status in (204, 304):
                return
            if chunked:
                for start in range(0, len(data), 1024):
                    if start and trickle and owner.stopping.wait(trickle):
                        return  # the test is over; let the thread end
                    piece = data[start : start + 1024]
                    self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
                self.wfile.write(b"0\r\n\r\n")
            else:
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout or size-cap test); that is expected

    def log_message(self, format: str, *args: object) -> None:
        pass


class _HTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    owner: LocalServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up the host's FQDN, which can wait on DNS; nothing here needs it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = str(self.server_address[0]), int(self.server_address[1])


class LocalServer:
    """A real HTTP server on ``host`` (a loopback address) and a free port, with a routing table."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        server_class = type("_Server", (_HTTPServer,), {"address_family": family})
        self.host = host
        self.routes: dict[str, Route] = {}
        self.requests: list[Seen] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._httpd: _HTTPServer = server_class((host, 0), _Handler)
        self._httpd.owner = self
        self.port = int(self._httpd.server_address[1])
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def origin(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + path

    def route(
        self,
        path: str,
        body: bytes | str = b"",
        *,
        status: int = 200,
        content_type: str | None = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
        delay: float = 0.0,
        trickle: float = 0.0,
    ) -> None:
        """Answer GET ``path`` with ``body``; ``trickle`` sends it in 1 KB chunks that many seconds apart."""
        all_headers = {"Content-Type": content_type} if content_type else {}
        if trickle:
            all_headers["Transfer-Encoding"] = "chunked"
        all_headers.update(headers or {})
        self.routes[path] = (status, all_headers, body, delay, trickle)

    @property
    def paths(self) -> list[str]:
        """The paths requested so far, in order of arrival."""
        with self.lock:
            return [r.path for r in self.requests]

    def seen(self, path: str) -> list[Seen]:
        with self.lock:
            return [r for r in self.requests if r.path == path]

    def start(self) -> LocalServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)
        assert not self._thread.is_alive(), "the test HTTP server did not stop"


@pytest.fixture
def serve() -> Iterator[Callable[..., LocalServer]]:
    """Start servers on loopback addresses (``serve()``, ``serve("127.0.0.2")``, ``serve("::1")``)."""
    started: list[LocalServer] = []

    def start(host: str = "127.0.0.1") -> LocalServer:
        started.append(LocalServer(host).start())
        return started[-1]

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def server(serve: Callable[..., LocalServer]) -> LocalServer:
    """One server on 127.0.0.1."""
    return serve()


@pytest.fixture
def make_settings(tmp_path: Path) -> Callable[..., Settings]:
    """Settings for tests: a store in ``tmp_path``, local fetching allowed, no delays; override any field.

    An override of None keeps the library default (``make_settings(allow_private=None)`` → the real default).
    """

    def make(**overrides: object) -> Settings:
        values: dict[str, object] = {
            "db": tmp_path / "t.db",
            "allow_private": True,
            "host_delay": 0,
            "progress": False,
            "timeout": 2,
        }
        values.update(overrides)
        return Settings.from_env({}, **values)

    return make


SAMPLE_CORPUS = Path(__file__).resolve().parent.parent / "examples" / "corpus"


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample corpus ingested, clustered and read for claims once per test session: a store file to copy."""
    from newsdesk.pipeline import run_claims, run_clustering, run_ingest
    from newsdesk.store import open_store

    db = tmp_path_factory.mktemp("sample") / "news.db"
    settings = Settings.from_env({}, db=db, host_delay=0, progress=False)
    with open_store(db) as store:
        run_ingest(store, [str(SAMPLE_CORPUS)], settings)
        run_clustering(store)
        run = run_claims(store)
        assert run.failed == 0 and run.articles == store.count_articles()
    return db


@pytest.fixture(scope="module")
def sample_store(sample_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A module's own copy of :func:`sample_db`, open."""
    import shutil

    from newsdesk.store import open_store

    db = tmp_path_factory.mktemp("sample-copy") / "news.db"
    shutil.copy(sample_db, db)
    with open_store(db) as store:
        yield store
