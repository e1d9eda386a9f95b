"""Commands over articles: ingest, list, show, errors and outlets."""

from __future__ import annotations

import sys

import click

from newsdesk import export
from newsdesk.cli.base import Context, _date_option, _emit_json, _errors_to_exit, _when, cli, json_option
from newsdesk.cli.claims import _claims_line
from newsdesk.cli.stories import _cluster_line
from newsdesk.errors import NotFoundError
from newsdesk.pipeline import run_claims, run_clustering, run_ingest
from newsdesk.settings import Settings
from newsdesk.types import Article, IngestFailure


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option(
    "--allow-private",
    is_flag=True,
    default=None,
    help="Allow fetching from loopback and private addresses (your own network).",
)
@click.option("--ignore-robots", is_flag=True, default=False, help="Do not read robots.txt (only for your own sites).")
@click.option("--host-delay", type=float, default=None, help="Seconds between two requests to one host.")
@click.option("--timeout", type=float, default=None, help="Seconds to wait for a server.")
@click.option("--no-progress", is_flag=True, default=False, help="Do not show a progress bar.")
@click.option("--quiet", "-q", is_flag=True, default=False, help="Do not print each failed item.")
@click.option("--no-cluster", is_flag=True, default=False, help="Do not put the new articles into stories now.")
@click.option("--no-claims", is_flag=True, default=False, help="Do not extract the new articles' claims now.")
@json_option
@click.pass_obj
@_errors_to_exit
def ingest(
    obj: Context,
    sources: tuple[str, ...],
    allow_private: bool | None,
    ignore_robots: bool,
    host_delay: float | None,
    timeout: float | None,
    no_progress: bool,
    quiet: bool,
    no_cluster: bool,
    no_claims: bool,
    as_json: bool,
) -> None:
    """Ingest SOURCES: files, folders, WARC files, article URLs, RSS/Atom feeds and OPML lists.

    New articles are then put into stories (see `newsdesk stories`) unless --no-cluster is given, and their
    claims extracted (see `newsdesk claims`) unless --no-claims is given.
    Exits 0 when every item was read, 1 when any failed (see `newsdesk errors`).
    """
    settings = Settings.from_env(
        db=obj.settings.db,
        allow_private=allow_private,
        host_delay=host_delay,
        timeout=timeout,
        respect_robots=False if ignore_robots else None,
        progress=False if no_progress else None,
    )

    def report(failure: IngestFailure) -> None:
        if not quiet:
            where = "" if failure.source in failure.message else f"{failure.source}: "
            click.echo(f"failed: {where}{failure.message}", err=True)

    with obj.store() as store:
        summary = run_ingest(store, sources, settings, on_failure=report)
        clustered = None if no_cluster else run_clustering(store)
        extracted = None if no_claims else run_claims(store, on_failure=report)
        total = store.count_articles()
        stories = store.count_stories()
        claims = store.count_claims()
    if as_json:
        data = {**export.summary(summary), "articles_in_store": total, "stories_in_store": stories}
        if clustered is not None:
            data["clustering"] = export.cluster_run(clustered)
        if extracted is not None:
            data["claims"] = {**export.claim_run(extracted), "claims_in_store": claims}
        _emit_json(data)
    else:
        click.echo(
            f"run {summary.run_id}: {summary.new} new, {summary.revised} revised, {summary.unchanged} unchanged, "
            f"{summary.reprints} reprints linked, {summary.failed} failed in {summary.seconds:.1f} s; "
            f"{total} articles in {settings.db}"
        )
        if clustered is not None:
            click.echo(_cluster_line(clustered, stories))
        if extracted is not None:
            click.echo(_claims_line(extracted, claims))
        if summary.failed:
            click.echo("see the failures with: newsdesk errors", err=True)
    sys.exit(0 if summary.ok else 1)


def _article_row(article: Article) -> str:
    reprint = f"  [reprint of {article.reprint_of}]" if article.reprint_of else ""
    rev = f"  (rev {article.revision})" if article.revision > 1 else ""
    return (
        f"{article.id}  {_when(article.published)}  {article.outlet.name[:22]:<22}  {article.title[:80]}{rev}{reprint}"
    )


@cli.command()
@click.option("--search", "-s", "query", default=None, help="Full-text search over titles and texts.")
@click.option("--outlet", default=None, help="Only this outlet (id or name).")
@click.option("--since", default=None, help="Published on or after this date (YYYY-MM-DD).")
@click.option("--until", default=None, help="Published before this date (YYYY-MM-DD).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@json_option
@click.pass_obj
@_errors_to_exit
def articles(
    obj: Context,
    query: str | None,
    outlet: str | None,
    since: str | None,
    until: str | None,
    limit: int,
    offset: int,
    as_json: bool,
) -> None:
    """List stored articles, newest first, or search them with --search."""
    with obj.store() as store:
        if query:
            hits = store.search(query, limit=limit)
            if as_json:
                _emit_json([export.hit(h) for h in hits])
                return
            for h in hits:
                click.echo(_article_row(h.article))
                click.echo(f"    {h.snippet}")
            if not hits:
                click.echo(f"no article matches {query!r}", err=True)
            return
        found = store.list_articles(
            outlet=outlet, since=_date_option(since), until=_date_option(until), limit=limit, offset=offset
        )
        if as_json:
            _emit_json([export.article(a) for a in found])
            return
        for a in found:
            click.echo(_article_row(a))
        if not found:
            click.echo("no articles stored yet; add some with: newsdesk ingest SOURCE", err=True)


@cli.command()
@click.argument("ref")
@click.option("--text/--no-text", default=True, help="Show the article text.")
@json_option
@click.pass_obj
@_errors_to_exit
def article(obj: Context, ref: str, text: bool, as_json: bool) -> None:
    """Show one article (by id, id prefix or URL) with its revisions and reprint links."""
    with obj.store() as store:
        found = store.find_article(ref)
        if found is None:
            raise NotFoundError(f"no article {ref!r}; list ids with: newsdesk articles")
        revisions = store.revisions(found.id)
        reprints = store.reprints_of(found.id)
        original = store.get_article(found.reprint_of) if found.reprint_of else None
    if as_json:
        _emit_json(
            {
                **export.article(found, text=text),
                "revisions": [export.revision(r) for r in revisions],
                "reprinted_by": [export.reprint(r) for r in reprints],
            }
        )
        return
    click.echo(found.title)
    click.echo(f"{found.outlet.name} · {_when(found.published)} · {', '.join(found.authors) or 'no byline'}")
    click.echo(
        f"id {found.id} · {found.url or found.source} · {len(found.text.split())} words · {found.language or '?'}"
    )
    if original is not None:
        click.echo(
            f"reprint of {original.id} ({original.outlet.name}: {original.title[:60]}), "
            f"similarity {found.reprint_similarity:.2f}"
        )
    for link in reprints:
        click.echo(f"reprinted by {link.article_id} (similarity {link.similarity:.2f})")
    click.echo(f"revisions: {len(revisions)}")
    for r in revisions:
        click.echo(f"  {r.number}. {_when(r.retrieved_at)} retrieved · {r.title[:70]} · {len(r.text.split())} words")
    if text:
        click.echo("")
        click.echo(found.text)


@cli.command()
@click.option("--run", "run_id", type=int, default=None, help="Only failures of this ingest run.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=100, show_default=True)
@json_option
@click.pass_obj
@_errors_to_exit
def errors(obj: Context, run_id: int | None, limit: int, as_json: bool) -> None:
    """List items that failed to ingest, newest first."""
    with obj.store() as store:
        found = store.failures(run_id=run_id, limit=limit)
    if as_json:
        _emit_json([export.failure(f) for f in found])
        return
    for f in found:
        click.echo(f"run {f.run_id}  {_when(f.at)}  {f.source}\n    {f.message}")
    if not found:
        click.echo("no ingest failures recorded", err=True)


@cli.command()
@json_option
@click.pass_obj
@_errors_to_exit
def outlets(obj: Context, as_json: bool) -> None:
    """List outlets with their number of articles."""
    with obj.store() as store:
        found = store.outlets()
    if as_json:
        _emit_json([export.outlet(o, n) for o, n in found])
        return
    for o, n in found:
        click.echo(f"{n:>6}  {o.name}  ({o.domain or 'no domain'})")
