"""Commands over stories: cluster, list, show."""

from __future__ import annotations

import click

from newsdesk import export
from newsdesk.cli.base import Context, _date_option, _emit_json, _errors_to_exit, _when, cli, json_option
from newsdesk.errors import NotFoundError
from newsdesk.pipeline import rebuild_stories, run_clustering
from newsdesk.types import ClusterRun, Story


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
