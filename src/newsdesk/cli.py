"""The command line: parses arguments, calls the library, prints. Nothing else lives here.

Library errors become a one-line message on stderr and the error's exit code; no traceback reaches the user.
The command reference in ``docs/cli.md`` is checked against this module by ``tests/test_docs.py``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from newsdesk import __version__, export
from newsdesk.errors import ConfigError, NewsdeskError, NotFoundError
from newsdesk.pipeline import rebuild_stories, run_clustering, run_ingest
from newsdesk.settings import Settings
from newsdesk.store import Store, open_store
from newsdesk.types import Article, ClusterRun, IngestFailure, Story

F = TypeVar("F", bound=Callable[..., Any])


def _emit_json(data: object) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _when(value: datetime | None) -> str:
    return value.strftime("%Y-%m-%d %H:%M") if value else "—"


def _date_option(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ConfigError(f"{value!r} is not a date; use YYYY-MM-DD or an ISO 8601 time") from None
    return parsed if parsed.tzinfo else parsed.astimezone()


class Context:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @contextmanager
    def store(self) -> Iterator[Store]:
        store = open_store(self.settings.db)
        try:
            yield store
        finally:
            store.close()


def _errors_to_exit(fn: F) -> F:
    """Turn library errors into one line on stderr and the error's exit code."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except NewsdeskError as exc:
            click.echo(f"error: {exc.one_line()}", err=True)
            sys.exit(exc.exit_code)

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsdesk")
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="The SQLite store (default: $NEWSDESK_DB, else ~/.local/share/newsdesk/newsdesk.db).",
)
@click.pass_context
@_errors_to_exit
def cli(ctx: click.Context, db: Path | None) -> None:
    """newsdesk: turn many outlets' reports of the same events into one briefing a reader can trust."""
    ctx.obj = Context(Settings.from_env(db=db))


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
    as_json: bool,
) -> None:
    """Ingest SOURCES: files, folders, WARC files, article URLs, RSS/Atom feeds and OPML lists.

    New articles are then put into stories (see `newsdesk stories`) unless --no-cluster is given.
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
        total = store.count_articles()
        stories = store.count_stories()
    if as_json:
        data = {**export.summary(summary), "articles_in_store": total, "stories_in_store": stories}
        if clustered is not None:
            data["clustering"] = export.cluster_run(clustered)
        _emit_json(data)
    else:
        click.echo(
            f"run {summary.run_id}: {summary.new} new, {summary.revised} revised, {summary.unchanged} unchanged, "
            f"{summary.reprints} reprints linked, {summary.failed} failed in {summary.seconds:.1f} s; "
            f"{total} articles in {settings.db}"
        )
        if clustered is not None:
            click.echo(_cluster_line(clustered, stories))
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


def _cluster_line(run: ClusterRun, stories: int) -> str:
    return (
        f"stories: {run.articles} articles clustered ({run.new_stories} new stories, {run.joined} joined one, "
        f"{run.merges} merges) in {run.seconds:.1f} s; {stories} stories in the store"
    )


@cli.command()
@click.option("--rebuild", is_flag=True, default=False, help="Forget every story and cluster all articles again.")
@json_option
@click.pass_obj
@_errors_to_exit
def cluster(obj: Context, rebuild: bool, as_json: bool) -> None:
    """Put articles that are not in a story yet into stories (ingest does this already)."""
    with obj.store() as store:
        run = rebuild_stories(store) if rebuild else run_clustering(store)
        stories = store.count_stories()
    if as_json:
        _emit_json({**export.cluster_run(run), "stories_in_store": stories})
    else:
        click.echo(_cluster_line(run, stories))


def _story_row(story: Story) -> str:
    span = _when(story.last_seen)
    return f"{story.id}  {span}  {len(story.article_ids):>4} art  {story.sources:>3} src  {story.headline[:80]}"


@cli.command()
@click.option("--since", default=None, help="Active on or after this date (YYYY-MM-DD).")
@click.option("--min-size", type=click.IntRange(1), default=1, show_default=True, help="At least this many articles.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, show_default=True)
@json_option
@click.pass_obj
@_errors_to_exit
def stories(obj: Context, since: str | None, min_size: int, limit: int, offset: int, as_json: bool) -> None:
    """List stories, most recently active first."""
    with obj.store() as store:
        found = store.list_stories(since=_date_option(since), min_size=min_size, limit=limit, offset=offset)
    if as_json:
        _emit_json([export.story(s) for s in found])
        return
    for s in found:
        click.echo(_story_row(s))
    if not found:
        click.echo("no stories yet; add articles with: newsdesk ingest SOURCE", err=True)


@cli.command()
@click.argument("ref")
@json_option
@click.pass_obj
@_errors_to_exit
def story(obj: Context, ref: str, as_json: bool) -> None:
    """Show one story (by id, id prefix or the id of a story merged into it) with its articles."""
    with obj.store() as store:
        found = store.get_story(ref)
        if found is None:
            raise NotFoundError(f"no story {ref!r}; list ids with: newsdesk stories")
        members = store.story_members(found.id)
    if as_json:
        _emit_json(export.story(found, members=members))
        return
    if found.id != ref.strip() and ref.strip() in found.merged_from:
        click.echo(f"{ref.strip()} was merged into {found.id}")
    click.echo(found.headline)
    click.echo(
        f"id {found.id} · {_when(found.first_seen)} – {_when(found.last_seen)} · {len(found.article_ids)} articles · "
        f"{found.sources} independent sources"
    )
    click.echo(f"outlets: {', '.join(found.outlets)}")
    if found.entities:
        click.echo(f"key names: {', '.join(found.entities)}")
    if found.terms:
        click.echo(f"key terms: {', '.join(found.terms)}")
    if found.merged_from:
        click.echo(f"merged from: {', '.join(found.merged_from)}")
    for a, similarity in members:
        tag = f"  [reprint of {a.reprint_of}]" if a.reprint_of else ""
        click.echo(f"  {a.id}  {_when(a.published)}  {a.outlet.name[:22]:<22}  {a.title[:70]}  ({similarity:.2f}){tag}")


@cli.group(name="eval")
def eval_group() -> None:
    """Evaluate newsdesk's stages on labelled data (reprints: see docs/reprints.md)."""


@eval_group.command(name="reprints")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=None,
    help="Containment threshold (default: the reprint_threshold setting).",
)
@click.option("--seed", type=int, default=13, show_default=True, help="Seed of the reprint edits.")
@json_option
@click.pass_obj
@_errors_to_exit
def eval_reprints(obj: Context, data: Path, threshold: float | None, seed: int, as_json: bool) -> None:
    """Measure reprint detection on DATA (a clustering JSONL file such as ECB+)."""
    from newsdesk.eval.reprints import evaluate

    result = evaluate(data, threshold=threshold if threshold is not None else obj.settings.reprint_threshold, seed=seed)
    if as_json:
        _emit_json(result)
        return
    for key, value in result.items():
        click.echo(f"{key:>32}: {value}")


@eval_group.command(name="clustering")
@click.argument("data", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the predicted stories to this file, one 'doc_id<TAB>story_id' line per document.",
)
@json_option
@_errors_to_exit
def eval_clustering(data: Path, predictions: Path | None, as_json: bool) -> None:
    """Measure story clustering on DATA (a clustering JSONL file such as ECB+).

    Feeds the documents to the clusterer in file order and prints pairwise and B-cubed precision / recall /
    F1, NMI, the counts, documents per second (clustering time only) and peak memory. The data format and the
    metrics: docs/clustering.md.
    """
    from newsdesk.eval.clustering import evaluate

    report = evaluate(data, predictions=predictions)
    if as_json:
        _emit_json(report.as_dict())
        return
    s = report.scores
    rss = f"{report.peak_rss_mb:.1f} MB" if report.peak_rss_mb is not None else "unknown"
    speed = f"{report.docs_per_second:.1f}" if report.docs_per_second is not None else "—"
    for label, value in (
        ("documents", f"{s.docs} in {s.gold_clusters} gold stories, {s.pred_clusters} predicted"),
        ("pairwise P/R/F1", f"{s.pairwise_p:.4f} / {s.pairwise_r:.4f} / {s.pairwise_f1:.4f}"),
        ("B-cubed P/R/F1", f"{s.bcubed_p:.4f} / {s.bcubed_r:.4f} / {s.bcubed_f1:.4f}"),
        ("NMI", f"{s.nmi:.4f}"),
        ("docs per second", f"{speed} ({report.seconds:.2f} s clustering)"),
        (
            "ms per doc",
            f"{report.first_ms_per_doc:.3f} over the first {report.window}, "
            f"{report.last_ms_per_doc:.3f} over the last {report.window}",
        ),
        ("peak memory", rss),
    ):
        click.echo(f"{label:>15}: {value}")


def main() -> None:
    cli(prog_name="newsdesk")
