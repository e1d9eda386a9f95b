"""The JSON API under ``/api/``: everything the pages show, as the records of :mod:`newsdesk.web.views`.

The OpenAPI description is served at ``/api/openapi.json``; ``docs/web.md`` lists the routes with examples.
Reads are cached until the store changes. The one change, ``POST /api/sources``, takes a JSON body only (so a
page on another site cannot send it without a CORS preflight, which this app never grants) and the server's
token when it has one.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from pydantic import BaseModel, Field

from newsdesk import __version__, export
from newsdesk.briefing import codec
from newsdesk.briefing.formats import FORMATS, MEDIA_TYPES, SUFFIXES, render
from newsdesk.errors import NotFoundError
from newsdesk.web import views
from newsdesk.web.app import Desk, desk_of
from newsdesk.web.changes import authorize, sources_from, submit
from newsdesk.web.security import bearer

router = APIRouter(prefix="/api", tags=["api"])
DeskDep = Annotated[Desk, Depends(desk_of)]
JSON = dict[str, Any]


class Sources(BaseModel):
    """Sources to ingest: feed, article page or OPML list URLs."""

    sources: list[str] = Field(min_length=1, max_length=100, examples=[["https://example.com/world/rss.xml"]])


@router.get("/health", summary="Whether the app is up, and what it serves")
def health(desk: DeskDep) -> JSON:
    return {"ok": True, "version": __version__, "token_required": bool(desk.settings.token)}


@router.get("/stories", summary="Stories, newest or most covered first; search over articles and claims")
def stories(
    desk: DeskDep,
    q: Annotated[str | None, Query(description="words to find in article texts and claims")] = None,
    outlet: Annotated[str | None, Query(description="an outlet's id, name or domain")] = None,
    since: Annotated[str | None, Query(description="YYYY-MM-DD: stories active on or after this day")] = None,
    until: Annotated[str | None, Query(description="YYYY-MM-DD: stories active on or before this day")] = None,
    sort: Annotated[str | None, Query(description="recent (default) or sources")] = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> Response:
    query = views.StoryQuery.parse(q, outlet, since, until, sort, page)
    min_sources = desk.settings.min_sources
    return desk.json(("stories", query), lambda: views.stories_page(desk.store, query, min_sources=min_sources))


@router.get("/outlets", summary="Every outlet with its number of articles")
def outlets(desk: DeskDep) -> Response:
    return desk.json(("outlets",), lambda: {"outlets": views.outlets(desk.store)})


@router.get("/stories/{story_id}", summary="A story with a version of its briefing, charts, sources and versions")
def story(
    desk: DeskDep, story_id: str, version: Annotated[int | None, Query(ge=1, description="default: latest")] = None
) -> Response:
    def encode() -> bytes:
        view = story_view(desk, story_id, version)
        return desk.once(("json", view.key), lambda: story_json(view))

    body = desk.cached(("json", "story", story_id, version), encode)
    return Response(body, media_type="application/json")


@router.get("/stories/{story_id}/versions", summary="Every stored version of the story's briefing")
def versions(desk: DeskDep, story_id: str) -> JSON:
    story = views.find_story(desk.store, story_id)
    return {
        "story": story.id,
        "versions": [
            {"version": r.version, "written_at": export.iso(r.written_at), "writer": r.writer}
            for r in desk.store.briefing_versions(story.id)
        ],
    }


@router.get(
    "/stories/{story_id}/briefing",
    summary="The briefing as a file: Markdown, HTML, JSON or ClaimReview JSON-LD",
    response_class=Response,
)
def briefing(
    desk: DeskDep,
    story_id: str,
    format: Annotated[str, Query(description=f"one of {', '.join(FORMATS)}")] = "json",
    version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    return download(desk, story_id, format, version)


def download(desk: Desk, story_id: str, fmt: str, version: int | None) -> Response:
    """One version of a story's briefing in ``fmt``, as a file to save."""
    if fmt not in FORMATS:
        raise HTTPException(400, f"format {fmt!r} is unknown; use one of {', '.join(FORMATS)}")
    view = story_view(desk, story_id, version)
    key = ("download", view.story.id, view.data["version"], fmt)
    body = desk.cached(key, lambda: render(codec.from_dict(json.loads(view.document())), fmt))
    name = f"{view.story.id}-v{view.data['version'] or 0}.{SUFFIXES[fmt]}"
    return Response(
        body, media_type=MEDIA_TYPES[fmt], headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )


def story_json(view: views.StoryView) -> bytes:
    """The story's API record with its briefing document spliced in as stored (not parsed and encoded again)."""
    head = json.dumps(view.data, ensure_ascii=False)
    return f'{head[:-1]}, "briefing": {view.document()}}}'.encode()


def story_view(desk: Desk, story_id: str, version: int | None) -> views.StoryView:
    """A story with one version of its briefing (decoded once per version)."""
    settings = desk.settings
    return views.story_page(
        desk.store,
        story_id,
        version=version,
        policy=settings.policy(),
        min_sources=settings.min_sources,
        decoded=desk.versions,
    )


@router.get("/articles/{article_id}", summary="An article: text, claims with their spans, revisions, reprints")
def article(desk: DeskDep, article_id: str) -> Response:
    return desk.json(("article", article_id), lambda: views.article_page(desk.store, article_id))


@router.get("/claims/{claim_id}", summary="One claim")
def claim(desk: DeskDep, claim_id: str) -> JSON:
    found = desk.store.get_claim(claim_id)
    if found is None:
        raise NotFoundError(f"no claim {claim_id!r}; an article's claims are listed with it")
    return {**export.claim(found), "href": f"/articles/{found.article_id}#claim-{found.id}"}


@router.post("/sources", status_code=202, summary="Ingest sources in the background; returns the job")
def add_sources(
    desk: DeskDep,
    request: Request,
    body: Sources,
    authorization: Annotated[str | None, Header()] = None,
) -> JSON:
    if request.headers.get("content-type", "").split(";")[0].strip().lower() != "application/json":
        raise HTTPException(415, "send the sources as a JSON body (Content-Type: application/json)")
    authorize(desk, request, bearer(authorization))
    job = submit(desk, request, sources_from(body.sources))
    return job.to_dict()


@router.get("/jobs", summary="The latest background jobs, newest first")
def jobs(desk: DeskDep) -> JSON:
    return {"jobs": [j.to_dict() for j in desk.jobs.recent()]}


@router.get("/jobs/{job_id}", summary="One background job and its progress")
def job(desk: DeskDep, job_id: str) -> JSON:
    found = desk.jobs.get(job_id)
    if found is None:
        raise NotFoundError(f"no job {job_id!r}; jobs are kept in memory until the server stops")
    return found.to_dict()
