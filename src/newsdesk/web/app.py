"""The web app: :func:`create_app` wires the pages, the JSON API, the background jobs and the safety rules.

The app is a thin layer over the library. :mod:`newsdesk.web.views` reads what a page shows from the store,
:mod:`newsdesk.web.pages` lays it out as HTML and :mod:`newsdesk.web.api` returns it as JSON; both answer from
a :class:`~newsdesk.web.cache.ChangeCache` until the store changes. :mod:`newsdesk.web.jobs` ingests submitted
sources in the background and :mod:`newsdesk.web.security` holds the rules for changes, forms and headers.
Errors are translated here: a :class:`~newsdesk.errors.NewsdeskError` becomes its HTTP status with a page (or a
JSON ``{"error": {...}}`` under ``/api/``), an unknown route a 404 page, and a bug a 500 page that names no
internals. Nothing ever answers with a traceback.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar

import jinja2
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from newsdesk import __version__
from newsdesk.errors import NewsdeskError
from newsdesk.settings import Settings
from newsdesk.store import open_store
from newsdesk.store.base import Store
from newsdesk.web.cache import ChangeCache, VersionCache
from newsdesk.web.jobs import JobRunner, Opener
from newsdesk.web.security import HEADERS, Csrf, RateLimiter, host_allowed
from newsdesk.web.views import paragraphs

log = logging.getLogger("newsdesk.web")
T = TypeVar("T")


def _open(settings: Settings) -> Store:
    return open_store(settings.db)


@dataclass
class Desk:
    """What every route needs: settings, the store it reads, the job runner, the caches and the safety parts."""

    settings: Settings
    store: Store
    jobs: JobRunner
    cache: ChangeCache = field(default_factory=ChangeCache)
    versions: VersionCache = field(default_factory=VersionCache)
    csrf: Csrf = field(default_factory=Csrf)
    limiter: RateLimiter = field(default_factory=lambda: RateLimiter(10))

    @cached_property
    def templates(self) -> jinja2.Environment:
        env = jinja2.Environment(
            loader=jinja2.ChoiceLoader(
                [
                    jinja2.PackageLoader("newsdesk.web", "templates"),
                    jinja2.PackageLoader("newsdesk.briefing", "templates"),
                ]
            ),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            undefined=jinja2.StrictUndefined,
        )
        env.globals.update(version=__version__, token_required=bool(self.settings.token))
        env.filters["paragraphs"] = paragraphs
        return env

    def render(self, template: str, **context: Any) -> str:
        return self.templates.get_template(template).render(**context)

    def cached(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        return self.cache.get_or_make(key, self.store.change_token(), make)

    def once(self, key: tuple[Any, ...], make: Callable[[], T]) -> T:
        """``make()`` kept for good under ``key`` when the key names all it depends on (``key[-1]`` not None:
        see :attr:`~newsdesk.web.views.StoryView.key`), else made afresh."""
        if key[-1] is None:
            return make()
        return self.versions.get_or_make(key, make)

    def json(self, key: tuple[Any, ...], make: Callable[[], Any]) -> Response:
        """``make()`` as a JSON response, encoded once per store state."""
        body = self.cached(("json", *key), lambda: json.dumps(make(), ensure_ascii=False).encode("utf-8"))
        return Response(body, media_type="application/json")


def desk_of(request: Request) -> Desk:
    desk: Desk = request.app.state.desk
    return desk


def create_app(settings: Settings, *, store: Store | None = None, open_store: Opener | None = None) -> FastAPI:
    """The app over ``store`` (by default the store at ``settings.db``, opened now); background jobs open their
    own store with ``open_store`` (by default the same file). A given ``store`` stays open when the app stops."""
    from newsdesk.web import api, pages

    opener = open_store or _open
    own_store = store is None
    reader = opener(settings) if store is None else store
    desk = Desk(settings, reader, JobRunner(settings, opener), limiter=RateLimiter(settings.submit_limit))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        for name in ("stories.html.j2", "story.html.j2", "article.html.j2", "error.html.j2"):
            desk.templates.get_template(name)  # compiled now, not on a user's first view
        yield
        desk.jobs.close()
        if own_store:
            reader.close()

    app = FastAPI(
        title="newsdesk",
        version=__version__,
        description="Stories, briefings, figure ledgers, articles and claims of a newsdesk store, and the sources "
        "to add to it. Changes need `Authorization: Bearer <token>` when the server was started with a token.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.desk = desk
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(packages=[("newsdesk.web", "static")]), name="static")
    _errors(app)
    app.add_middleware(Guard, bound=settings.host)
    return app


def _errors(app: FastAPI) -> None:
    def answer(request: Request, status: int, code: str, message: str) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": {"code": code, "message": message}}, status_code=status)
        html = desk_of(request).render("error.html.j2", title=f"{status}", status=status, code=code, message=message)
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(NewsdeskError)
    async def newsdesk_error(request: Request, exc: NewsdeskError) -> Response:
        return answer(request, exc.http_status, exc.code, exc.one_line())

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            message = f"nothing at {request.url.path}; the stories page is at /"
        else:
            message = str(exc.detail)
        response = answer(request, exc.status_code, f"HTTP{exc.status_code}", message)
        for name, value in (exc.headers or {}).items():
            response.headers[name] = value
        return response

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ()) if p not in ('query', 'body', 'path'))}: {e.get('msg')}"
            for e in exc.errors()
        )
        return answer(request, 400, "ND001", f"ND001: {problems}")

    @app.exception_handler(Exception)
    async def bug(request: Request, exc: Exception) -> Response:
        log.exception("unexpected error on %s", request.url.path)
        return answer(request, 500, "ND000", "ND000: the server failed on this request; the log has the details")


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


class Guard:
    """ASGI middleware: refuses a loopback-bound app's requests whose ``Host`` is not loopback (DNS rebinding),
    and adds the security headers (:data:`~newsdesk.web.security.HEADERS`) to every response."""

    def __init__(self, app: ASGIApp, bound: str) -> None:
        self.app = app
        self.bound = bound
        self.headers = [(k.lower().encode(), v.encode()) for k, v in HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        host = next((v.decode("latin-1") for k, v in scope.get("headers", ()) if k == b"host"), None)
        if not host_allowed(host, self.bound):
            response = Response(
                "421: this server answers requests for its loopback address only; use http://127.0.0.1\n",
                status_code=421,
                media_type="text/plain",
            )
            await response(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()), *(h for h in self.headers if h[0] not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
