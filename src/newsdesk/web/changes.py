"""The one kind of change the web app makes: adding sources. Who may, how often, and what is accepted.

Both the API (``POST /api/sources``) and the form (``POST /sources``) go through :func:`authorize` and
:func:`submit`. Only ``http(s)`` URLs are accepted (feeds, article pages or OPML lists; an uploaded OPML file
is read for its feed URLs): the web app never reads local files. Each URL is fetched by the background job with
the same rules as ``newsdesk ingest``, so loopback and private addresses are refused there (ND111) unless the
server itself was started with ``NEWSDESK_ALLOW_PRIVATE``.
"""

from __future__ import annotations

from fastapi import HTTPException, Request

from newsdesk.errors import ConfigError
from newsdesk.ingest.feeds import parse_opml
from newsdesk.ingest.urls import is_http_url
from newsdesk.web.app import Desk
from newsdesk.web.jobs import Job
from newsdesk.web.security import same_origin, token_matches

MAX_SOURCES = 100
MAX_URL = 2000


def authorize(desk: Desk, request: Request, token: str | None) -> None:
    """Refuse a change sent from another site's page (403) or without the server's token when it has one (401)."""
    if not same_origin(request.headers.get("origin"), request.headers.get("host")):
        raise HTTPException(403, "a change must come from this site's own pages or from a client with no Origin")
    if not token_matches(token, desk.settings.token):
        raise HTTPException(
            401,
            "this server needs its token for changes: send Authorization: Bearer <token> (or fill in the token field)",
            headers={"WWW-Authenticate": 'Bearer realm="newsdesk"'},
        )


def sources_from(lines: list[str], opml: bytes | None = None) -> list[str]:
    """The submitted URLs, one per entry (blank lines dropped), plus the feeds of an uploaded OPML list; ND001 for
    anything that is not an http(s) URL, for none at all, or for more than :data:`MAX_SOURCES`."""
    sources = [line.strip() for line in lines if line.strip()]
    if opml:
        sources += parse_opml(opml, "the uploaded OPML file")
    sources = list(dict.fromkeys(sources))
    if not sources:
        raise ConfigError("no source given: enter feed or article URLs, one per line, or upload an OPML file")
    if len(sources) > MAX_SOURCES:
        raise ConfigError(f"{len(sources)} sources in one submission; send at most {MAX_SOURCES} at a time")
    for source in sources:
        if len(source) > MAX_URL or not is_http_url(source):
            shown = source if len(source) <= 80 else source[:77] + "…"
            raise ConfigError(f"{shown!r} is not an http(s) URL; the web app reads feeds and pages on the web only")
    return sources


def submit(desk: Desk, request: Request, sources: list[str]) -> Job:
    """Queue ``sources`` as a background job, unless the client used up its submissions (429 with Retry-After)."""
    client = request.client.host if request.client else "unknown"
    wait = desk.limiter.take(client)
    if wait > 0:
        seconds = max(1, round(wait + 0.5))
        raise HTTPException(
            429,
            f"too many submissions from {client}: {desk.settings.submit_limit} a minute; try again in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )
    return desk.jobs.submit(sources)
