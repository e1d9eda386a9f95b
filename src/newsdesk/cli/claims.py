"""Commands over claims: extract and list."""

from __future__ import annotations

import sys

import click

from newsdesk import export
from newsdesk.cli.base import Context, _emit_json, _errors_to_exit, cli, json_option
from newsdesk.errors import NotFoundError
from newsdesk.pipeline import run_claims
from newsdesk.types import Claim, ClaimRun, IngestFailure, Quantity


def _claims_line(run: ClaimRun, claims: int) -> str:
    failed = f", {run.failed} failed (see newsdesk errors)" if run.failed else ""
    return f"claims: {run.claims} from {run.articles} articles{failed} in {run.seconds:.1f} s; {claims} in the store"


@cli.command()
@json_option
@click.pass_obj
@_errors_to_exit
def extract(obj: Context, as_json: bool) -> None:
    """Extract the claims of articles that have none from the current extractor (ingest does this already).

    Articles read by an older extractor, or whose text changed since, are read again; so after an upgrade this
    re-runs the extraction over the whole store. Exits 1 when any article failed (see `newsdesk errors`).
    """

    def report(failure: IngestFailure) -> None:
        click.echo(f"failed: {failure.source}: {failure.message}", err=True)

    with obj.store() as store:
        run = run_claims(store, on_failure=report)
        claims = store.count_claims()
    if as_json:
        _emit_json({**export.claim_run(run), "claims_in_store": claims})
    else:
        click.echo(_claims_line(run, claims))
    sys.exit(1 if run.failed else 0)


def _figure(q: Quantity) -> str:
    value = f"{q.value:,.10g}" + (f" to {q.high:,.10g}" if q.high is not None else "")
    what = " ".join(x for x in (q.whom, q.measure or (q.unit if q.normalized_unit != "-" else "")) if x)
    qualifier = f"{q.qualifier} " if q.qualifier else ""
    return f"{qualifier}{value}" + (f" {what}" if what else "")


def _claim_lines(claim: Claim) -> list[str]:
    cue = f" ({claim.cue})" if claim.cue else ""
    hedge = f"{claim.hedge.value}" + (f": {', '.join(claim.markers)}" if claim.markers else "")
    lines = [f"  [{claim.kind.value} · {claim.stance.value} · {hedge}] {claim.speaker}{cue}: {claim.text}"]
    if claim.quantities:
        lines.append("      figures: " + " · ".join(_figure(q) for q in claim.quantities))
    if claim.times:
        lines.append(
            "      times: " + " · ".join(f"{t.text} = {t.first}…{t.last} ({t.precision.value})" for t in claim.times)
        )
    return lines


@cli.command()
@click.argument("ref")
@click.option(
    "--kind", type=click.Choice(["quote", "reported", "own"]), default=None, help="Only claims reported this way."
)
@click.option("--speaker", default=None, help="Only claims whose speaker's name contains this text.")
@click.option("--figures", is_flag=True, default=False, help="Only claims with figures.")
@json_option
@click.pass_obj
@_errors_to_exit
def claims(obj: Context, ref: str, kind: str | None, speaker: str | None, figures: bool, as_json: bool) -> None:
    """List the claims of an article or of a whole story (REF: an id or id prefix of either).

    Each claim shows its kind (quote, reported, or own: the outlet's own voice), its stance (asserted, denied,
    confirmed), its hedge (stated, attributed, hedged, speculative) with the words that decided it, the speaker,
    the reporting words and the statement, then its figures and times. In a story, one speaker has one name
    across all articles. The JSON shape: docs/formats.md.
    """
    from newsdesk.claims.speakers import unify_speakers

    with obj.store() as store:
        article = store.find_article(ref)
        story = None if article is not None else store.get_story(ref)
        if article is not None:
            articles = [article]
        elif story is not None:
            articles = [a for a, _ in store.story_members(story.id)]
        else:
            raise NotFoundError(f"no article or story {ref!r}; list ids with: newsdesk stories, newsdesk articles")
        found = store.claims_of([a.id for a in articles])
        ids = [a.id for a in articles]
        pending = {a.id for a in store.pending_claims(_extractor_name(), limit=len(ids), among=ids)}
    if story is not None:
        found = unify_speakers(found)
    needle = speaker.lower() if speaker else None
    found = [
        c
        for c in found
        if (kind is None or c.kind.value == kind)
        and (needle is None or needle in c.speaker.lower())
        and (not figures or c.quantities)
    ]
    if as_json:
        _emit_json(
            {
                "article": article.id if article is not None else None,
                "story": story.id if story is not None else None,
                "pending": sorted(pending),
                "claims": [export.claim(c) for c in found],
            }
        )
        return
    titles = {a.id: a for a in articles}
    shown = None
    for c in found:
        if c.article_id != shown:
            a = titles[c.article_id]
            click.echo(f"{a.id}  {a.outlet.name}: {a.title}")
            shown = c.article_id
        for line in _claim_lines(c):
            click.echo(line)
    if pending:
        click.echo(f"{len(pending)} article(s) not read by the current extractor yet; run: newsdesk extract", err=True)
    elif not found:
        click.echo("no claims match", err=True)


def _extractor_name() -> str:
    from newsdesk.claims.extract import ClaimExtractor

    return ClaimExtractor().name
