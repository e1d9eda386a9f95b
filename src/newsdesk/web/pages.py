"""The HTML pages: stories, a story with its briefing, an article, adding sources and a job's progress.

Each page lays out the record :mod:`newsdesk.web.views` builds (the API returns the same record), rendered by
the Jinja2 templates in ``web/templates`` with autoescaping on: article text never becomes markup. The story
page extends the briefing's own template (``briefing/templates/briefing.html.j2``), so the briefing reads the
same in the app as in the files ``newsdesk run`` writes, with the charts, grouped sources and versions added.
Read pages are cached until the store changes.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from newsdesk.briefing.formats import SUFFIXES
from newsdesk.briefing.html import page_view
from newsdesk.errors import ConfigError, NewsdeskError, NotFoundError
from newsdesk.web import views
from newsdesk.web.api import download, story_view
from newsdesk.web.app import Desk, desk_of
from newsdesk.web.changes import authorize, sources_from, submit
from newsdesk.web.security import CSRF_COOKIE

router = APIRouter(include_in_schema=False)
DeskDep = Annotated[Desk, Depends(desk_of)]
FORMAT_OF = {suffix: fmt for fmt, suffix in SUFFIXES.items()}
MAX_OPML = 1_000_000


@router.get("/", response_class=HTMLResponse)
def stories_page(
    desk: DeskDep,
    q: str | None = None,
    outlet: str | None = None,
    since: str | None = None,
    until: str | None = None,
    sort: str | None = None,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    query = views.StoryQuery.parse(q, outlet, since, until, sort, page)

    def make() -> str:
        data = views.stories_page(desk.store, query, min_sources=desk.settings.min_sources)
        outlets = desk.cached(("outlets",), lambda: views.outlets(desk.store))
        params = query.params()
        return desk.render(
            "stories.html.j2",
            title="Stories · newsdesk",
            data=data,
            query=query,
            outlets=outlets,
            sorts=[("recent", "newest first"), ("sources", "most covered first")],
            prev_href=_page_href(params, query.page - 1) if query.page > 1 else "",
            next_href=_page_href(params, query.page + 1) if data["has_next"] else "",
        )

    return HTMLResponse(desk.cached(("page-stories", query), make))


def _page_href(params: dict[str, str], page: int) -> str:
    return "/?" + urlencode({**params, "page": str(page)})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story_page(desk: DeskDep, story_id: str, version: Annotated[int | None, Query(ge=1)] = None) -> HTMLResponse:
    def make() -> str:
        view = story_view(desk, story_id, version)
        data = view.data
        return desk.once(
            ("page", view.key),
            lambda: desk.render(
                "story.html.j2",
                **page_view(view.briefing),
                story=data["story"],
                charts=view.version.charts,
                grouped=data["sources"],
                versions=data["versions"],
                shown_version=data["version"],
                latest_version=data["latest_version"],
                stored=data["stored"],
                downloads=data["downloads"],
            ),
        )

    return HTMLResponse(desk.cached(("page-story", story_id, version), make))


@router.get("/stories/{story_id}/briefing.{ext}")
def briefing_file(
    desk: DeskDep, story_id: str, ext: str, version: Annotated[int | None, Query(ge=1)] = None
) -> Response:
    fmt = FORMAT_OF.get(ext)
    if fmt is None:
        raise NotFoundError(f"no download .{ext}; the formats are {', '.join('.' + e for e in FORMAT_OF)}")
    return download(desk, story_id, fmt, version)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article_page(desk: DeskDep, article_id: str) -> HTMLResponse:
    def make() -> str:
        data = views.article_page(desk.store, article_id)
        claims_by_id = {c["id"]: c for c in data["claims"]}
        return desk.render(
            "article.html.j2", title=f"{data['article']['title']} · newsdesk", claims_by_id=claims_by_id, **data
        )

    return HTMLResponse(desk.cached(("page-article", article_id), make))


@router.get("/sources", response_class=HTMLResponse)
def sources_form(desk: DeskDep, request: Request) -> HTMLResponse:
    return _form(desk, request)


def _form(desk: Desk, request: Request, *, error: str = "", urls: str = "", status: int = 200) -> HTMLResponse:
    cookie = request.cookies.get(CSRF_COOKIE) or desk.csrf.new_cookie()
    html = desk.render(
        "sources.html.j2",
        title="Add sources · newsdesk",
        csrf=desk.csrf.token_for(cookie),
        error=error,
        urls=urls,
        jobs=[j.to_dict() for j in desk.jobs.recent()],
        allow_private=desk.settings.allow_private,
    )
    response = HTMLResponse(html, status_code=status)
    response.set_cookie(CSRF_COOKIE, cookie, httponly=True, samesite="strict", path="/")
    return response


@router.post("/sources", response_class=HTMLResponse)
async def add_sources(
    desk: DeskDep,
    request: Request,
    csrf: Annotated[str, Form()] = "",
    urls: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
    opml: Annotated[UploadFile | None, File()] = None,
) -> Response:
    if not desk.csrf.check(request.cookies.get(CSRF_COOKIE), csrf):
        return _form(desk, request, error="The form expired or came from another site; send it again.", status=403)
    authorize(desk, request, token or None)
    data = await opml.read(MAX_OPML + 1) if opml is not None and opml.filename else None
    try:
        if data is not None and len(data) > MAX_OPML:
            raise ConfigError(f"the OPML file is larger than {MAX_OPML:,} bytes; split it")
        sources = sources_from(urls.splitlines(), data)
    except NewsdeskError as exc:  # a bad URL, or an unreadable OPML upload (ND123)
        return _form(desk, request, error=exc.one_line(), urls=urls, status=400)
    job = submit(desk, request, sources)
    return RedirectResponse(f"/jobs/{job.id}", status_code=303)


@router.get("/jobs/{job_id}", response_class=HTMLResponse)
def job_page(desk: DeskDep, job_id: str) -> HTMLResponse:
    job = desk.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no job {job_id!r}; jobs are kept in memory until the server stops")
    return HTMLResponse(desk.render("job.html.j2", title=f"Job {job.id} · newsdesk", job=job.to_dict()))
