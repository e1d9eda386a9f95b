"""Commands over briefings: the main job (run), one story's briefing (brief), and the versions (briefings)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from newsdesk.briefing.formats import FORMATS, SUFFIXES, render
from newsdesk.cli.base import Context, _emit_json, _errors_to_exit, _when, cli, json_option
from newsdesk.cli.claims import _claims_line
from newsdesk.cli.stories import _cluster_line
from newsdesk.errors import NotFoundError
from newsdesk.pipeline import brief_story, run_briefings, run_claims, run_clustering, run_ingest
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import Briefing, BriefingRecord, BriefingRun, FigurePolicy, IngestFailure, Story

policy_option = click.option(
    "--policy",
    type=click.Choice([p.value for p in FigurePolicy]),
    default=None,
    help="Figures of a disputed measure: every one (all), lowest and highest (range), or the lowest (conservative).",
)
min_sources_option = click.option(
    "--min-sources",
    type=click.IntRange(1),
    default=None,
    help="Independent sources a story needs for a written briefing (default 2).",
)


def _settings(obj: Context, policy: str | None, min_sources: int | None, **more: object) -> Settings:
    return Settings.from_env(None, db=obj.settings.db, figure_policy=policy, min_sources=min_sources, **more)


def _briefing_line(run: BriefingRun) -> str:
    return (
        f"briefings: {run.written} written, {run.unchanged} unchanged, {run.single_source} single-source of "
        f"{run.stories} stories; {run.withheld} unsupported sentences withheld in {run.seconds:.1f} s"
    )


@cli.command()
@click.argument("sources", nargs=-1, required=True)
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True, help="Folder to write.")
@policy_option
@min_sources_option
@click.option("--allow-private", is_flag=True, default=None, help="Allow fetching from loopback and private addresses.")
@click.option("--no-progress", is_flag=True, default=False, help="Do not show progress bars.")
@click.option("--quiet", "-q", is_flag=True, default=False, help="Do not print each failed item.")
@click.pass_obj
@_errors_to_exit
def run(
    obj: Context,
    sources: tuple[str, ...],
    out: Path,
    policy: str | None,
    min_sources: int | None,
    allow_private: bool | None,
    no_progress: bool,
    quiet: bool,
) -> None:
    """The main job: ingest SOURCES, cluster, extract claims, reconcile, and write every briefing into OUT.

    OUT gets, for each story with enough independent sources, STORY.md, STORY.html, STORY.json and
    STORY.claimreview.json, plus index.html and index.json listing every story (single-source ones marked).
    Exits 0 when every item was read, 1 when any failed (see `newsdesk errors`).
    """
    settings = _settings(obj, policy, min_sources, allow_private=allow_private, progress=False if no_progress else None)
    fig_policy = settings.policy()

    def report(failure: IngestFailure) -> None:
        if not quiet:
            where = "" if failure.source in failure.message else f"{failure.source}: "
            click.echo(f"failed: {where}{failure.message}", err=True)

    with obj.store() as store:
        click.echo(f"ingest: reading {len(sources)} source(s) into {settings.db}", err=True)
        summary = run_ingest(store, sources, settings, on_failure=report)
        click.echo(
            f"ingest: {summary.new} new, {summary.revised} revised, {summary.unchanged} unchanged, "
            f"{summary.reprints} reprints linked, {summary.failed} failed in {summary.seconds:.1f} s",
            err=True,
        )
        click.echo(_cluster_line(run_clustering(store), store.count_stories()), err=True)
        click.echo(_claims_line(run_claims(store, on_failure=report), store.count_claims()), err=True)
        briefings: list[Briefing] = []
        done = run_briefings(
            store, policy=fig_policy, min_sources=settings.min_sources, on_failure=report, on_story=briefings.append
        )
        click.echo(_briefing_line(done), err=True)
        written = write_folder(store, briefings, out)
    click.echo(f"wrote {written} briefings and the index to {out / 'index.html'}")
    sys.exit(0 if summary.ok else 1)


def write_folder(store: Store, briefings: list[Briefing], out: Path) -> int:
    """Write each qualifying briefing in every format, and the index of all of them; returns how many."""
    from newsdesk.briefing import html

    out.mkdir(parents=True, exist_ok=True)
    entries: list[tuple[Briefing, str]] = []
    for briefing in sorted(briefings, key=lambda b: (-b.story.sources, b.story.id)):
        name = f"{briefing.story.id}.html"
        if not briefing.single_source:
            for fmt, suffix in SUFFIXES.items():
                (out / f"{briefing.story.id}.{suffix}").write_text(render(briefing, fmt), encoding="utf-8")
        entries.append((briefing, name))
    (out / "index.html").write_text(html.render_index(entries), encoding="utf-8")
    index = [
        {
            "story_id": b.story.id,
            "headline": b.story.headline,
            "version": b.version,
            "sources": b.story.sources,
            "single_source": b.single_source,
            "files": None if b.single_source else {f: f"{b.story.id}.{f}" for f in ("md", "html", "json")},
            "supported": b.report.ok,
        }
        for b, _ in entries
    ]
    (out / "index.json").write_text(json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return sum(not b.single_source for b in briefings)


def _story(store: Store, ref: str) -> Story:
    story = store.get_story(ref)
    if story is None:
        raise NotFoundError(f"no story {ref!r}; list them with: newsdesk stories")
    return story


@cli.command()
@click.argument("ref")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="md", show_default=True)
@click.option("--version", "version", type=click.IntRange(1), default=None, help="A stored version (default: latest).")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, help="Write to this file.")
@policy_option
@min_sources_option
@click.pass_obj
@_errors_to_exit
def brief(
    obj: Context,
    ref: str,
    fmt: str,
    version: int | None,
    out: Path | None,
    policy: str | None,
    min_sources: int | None,
) -> None:
    """Write the briefing of story REF (id or id prefix) as Markdown, HTML, JSON or ClaimReview JSON-LD.

    A new version is written and stored first when the story changed since its last briefing (or the policy or
    threshold differs); --version prints a stored version instead.
    """
    from newsdesk.briefing import codec

    settings = _settings(obj, policy, min_sources)
    with obj.store() as store:
        story = _story(store, ref)
        if version is not None:
            record = store.briefing(story.id, version)
            if record is None:
                raise NotFoundError(
                    f"story {story.id} has no briefing version {version}; see: newsdesk briefings {ref}"
                )
            briefing = codec.from_dict(json.loads(record.document))
        else:
            briefing, _ = brief_story(store, story, policy=settings.policy(), min_sources=settings.min_sources)
    text = render(briefing, fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        click.echo(f"wrote {out}", err=True)


@cli.command()
@click.argument("ref", required=False)
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@json_option
@click.pass_obj
@_errors_to_exit
def briefings(obj: Context, ref: str | None, limit: int, as_json: bool) -> None:
    """List the latest briefing of each story, or every version of story REF with what changed in each."""
    from newsdesk.briefing import codec

    with obj.store() as store:
        if ref is None:
            records = store.latest_briefings(limit=limit)
            stories = {r.story_id: store.get_story(r.story_id) for r in records}
            if as_json:
                _emit_json([_record(r) | {"headline": _headline(stories[r.story_id])} for r in records])
                return
            for r in records:
                click.echo(f"{r.story_id}  v{r.version}  {_when(r.written_at)}  {_headline(stories[r.story_id])[:90]}")
            return
        story = _story(store, ref)
        versions = [store.briefing(story.id, r.version) for r in store.briefing_versions(story.id)]
        decoded = [codec.from_dict(json.loads(r.document)) for r in versions if r is not None]
    if as_json:
        _emit_json(
            [
                {
                    "version": b.version,
                    "written_at": b.written_at.isoformat() if b.written_at else None,
                    "writer": b.writer,
                    "policy": b.policy.value,
                    "changes": codec.to_dict(b)["changes"],
                }
                for b in decoded
            ]
        )
        return
    if not decoded:
        click.echo(f"story {story.id} has no briefing yet; write one with: newsdesk brief {story.id}")
    for b in decoded:
        click.echo(f"v{b.version}  {_when(b.written_at)}  {b.writer}  policy {b.policy.value}")
        for line in _change_lines(b):
            click.echo(f"    {line}")


def _record(r: BriefingRecord) -> dict[str, object]:
    return {"story_id": r.story_id, "version": r.version, "writer": r.writer, "written_at": r.written_at.isoformat()}


def _headline(story: Story | None) -> str:
    return story.headline if story is not None else ""


def _change_lines(b: Briefing) -> list[str]:
    c = b.changes
    if c is None:
        return ["first version"]
    if c.empty:
        return [f"no new or revised figures and no new sources since v{c.since}"]
    lines = [f"new figure: {f.speaker}: {f.quantity.text} ({f.measure})" for f in c.new_figures]
    lines += [
        f"revised figure: {a.speaker}: {a.quantity.text} → {n.quantity.text} ({n.measure})"
        for a, n in c.revised_figures
    ]
    lines += [f"new source [{s.number}]: {s.outlet}: {s.title}" for s in c.new_sources]
    return lines
