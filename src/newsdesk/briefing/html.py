"""A briefing as one standalone HTML page, and an index page of briefings.

The page says what the Markdown says (:mod:`newsdesk.briefing.markdown`, whose shared wording it uses) in the
same order. A citation marker is a link to its entry in the numbered source list (``#source-3``) whose
``title`` is the exact quoted sentence, and each paragraph (or takeaway) is followed by a ``<details>`` list of
the sentences it quotes, so a reader can check a sentence without leaving the page. The page is one file: the
style sheet is inline, there is no script and no external asset.

Everything that comes from an article is untrusted. The templates (``briefing/templates``) are rendered with
Jinja2's autoescaping on, so text can never become markup or a script; only ``http(s)`` URLs become links.
Python builds plain view records here and the templates only lay them out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import jinja2

from newsdesk.briefing.markdown import (
    SINGLE_SOURCE_NOTE,
    STANCE_VERBS,
    check_status,
    check_summary,
    day,
    figure_text,
    markers,
    moment,
    part_label,
    period_text,
    safe_url,
    source_numbers,
    story_meta,
    unsupported_parts,
)
from newsdesk.types import Briefing, BriefSentence, Figure, Position, Source


@dataclass(frozen=True, slots=True)
class Cite:
    number: int
    title: str


@dataclass(frozen=True, slots=True)
class Quoted:
    number: int
    outlet: str
    quote: str


@dataclass(frozen=True, slots=True)
class SentenceView:
    text: str
    cites: tuple[Cite, ...]
    unsupported: bool = False


@dataclass(slots=True)
class Block:
    """Sentences shown together (the lede, one takeaway, a section) and the quotes they cite, each once."""

    sentences: list[SentenceView] = field(default_factory=list)
    quotes: list[Quoted] = field(default_factory=list)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("newsdesk.briefing", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _block(sentences: Sequence[tuple[BriefSentence, bool]], outlets: dict[int, str]) -> Block:
    block = Block()
    seen: set[tuple[int, str]] = set()
    for sentence, flagged in sentences:
        cites = []
        for number in markers(sentence):
            quotes = [c.quote for c in sentence.citations if c.source == number]
            cites.append(Cite(number, " … ".join(dict.fromkeys(quotes))))
        block.sentences.append(SentenceView(sentence.text, tuple(cites), flagged))
        for c in sentence.citations:
            if (c.source, c.quote) not in seen:
                seen.add((c.source, c.quote))
                block.quotes.append(Quoted(c.source, outlets.get(c.source, ""), c.quote))
    return block


def _figure_row(f: Figure, numbers: dict[str, int], period: str, disputed: bool) -> dict[str, object]:
    return {
        "measure": f.measure,
        "subject": f.subject,
        "period": period,
        "figure": figure_text(f.quantity),
        "speaker": f.speaker,
        "via": " → ".join(f.via),
        "date": day(f.published),
        "hedge": f.hedge.value,
        "source": numbers.get(f.article_id),
        "quote": f.quote,
        "disputed": disputed,
    }


def _position(p: Position, numbers: dict[str, int]) -> dict[str, object]:
    return {
        "speaker": p.speaker,
        "verb": STANCE_VERBS[p.stance],
        "hedge": p.hedge.value,
        "source": numbers.get(p.article_id),
        "quote": p.quote,
    }


def page_view(briefing: Briefing) -> dict[str, object]:
    """What ``briefing.html.j2`` lays out: plain records, every text still untrusted (the template escapes it)."""
    numbers = source_numbers(briefing)
    outlets = {s.number: s.outlet for s in briefing.sources}
    flagged = unsupported_parts(briefing.report)
    findings = briefing.findings
    written = not briefing.single_source
    headline = None
    if written and briefing.headline.text:
        headline = _block([(briefing.headline, ("headline", 0) in flagged)], outlets)
    ledger = [
        {
            "measure": g.measure,
            "subject": g.subject,
            "disagreement": g.disagreement,
            "rows": [_figure_row(f, numbers, period_text(f, g), bool(g.disagreement)) for f in g.figures],
        }
        for g in findings.ledger
    ]
    changes = briefing.changes
    return {
        "title": headline.sentences[0].text if headline else briefing.story.headline,
        "headline": headline,
        "meta": story_meta(briefing),
        "single_source": briefing.single_source,
        "single_source_note": SINGLE_SOURCE_NOTE,
        "lede": _block([(s, ("lede", i) in flagged) for i, s in enumerate(briefing.lede)], outlets)
        if written
        else None,
        "takeaways": [_block([(s, ("takeaways", i) in flagged)], outlets) for i, s in enumerate(briefing.takeaways)]
        if written
        else [],
        "sections": [
            (s.title, _block([(x, (f"sections[{j}]", i) in flagged) for i, x in enumerate(s.sentences)], outlets))
            for j, s in enumerate(briefing.sections)
        ]
        if written
        else [],
        "ledger": ledger,
        "disagreements": [{"kind": d.kind.value, "reason": d.reason} for d in findings.disagreements],
        "propositions": [
            {
                "text": p.text,
                "confirms": [_position(x, numbers) for x in p.confirms],
                "denies": [_position(x, numbers) for x in p.denies],
            }
            for p in findings.propositions
        ],
        "timeline": [
            {
                "when": t.when,
                "span": day(t.first) if t.first == t.last else f"{day(t.first)} – {day(t.last)}",
                "text": t.text,
                "speaker": t.speaker,
                "source": numbers.get(t.article_id),
                "quote": t.quote,
            }
            for t in findings.timeline
        ],
        "sources": [_source(s) for s in briefing.sources],
        "report": briefing.report if written else None,
        "check_summary": check_summary(briefing.report),
        "unsupported": [
            {"where": part_label(p), "text": p.text, "reasons": p.reasons} for p in briefing.report.unsupported
        ],
        "withheld": [{"where": part_label(p), "text": p.text, "reasons": p.reasons} for p in briefing.report.withheld],
        "changes": None
        if changes is None
        else {
            "since": changes.since,
            "new_figures": [_figure_row(f, numbers, period_text(f), False) for f in changes.new_figures],
            "revised_figures": [
                {"before": figure_text(a.quantity), "after": _figure_row(b, numbers, period_text(b), False)}
                for a, b in changes.revised_figures
            ],
            "new_sources": [_source(s) for s in changes.new_sources],
            "empty": changes.empty,
        },
    }


def _source(s: Source) -> dict[str, object]:
    return {
        "number": s.number,
        "outlet": s.outlet,
        "title": s.title or s.url or s.article_id,
        "url": safe_url(s.url),
        "published": day(s.published),
        "reprint_of": s.reprint_of,
    }


def _href(name: str) -> str:
    """A relative file name, or an http(s) URL; anything with another scheme (``javascript:``) is dropped."""
    if safe_url(name) or ":" not in name.split("/", 1)[0]:
        return name
    return ""


def render_html(briefing: Briefing) -> str:
    """The briefing as one standalone HTML5 page (inline style, no script, no external asset)."""
    return _environment().get_template("briefing.html.j2").render(**page_view(briefing))


def render_index(entries: Sequence[tuple[Briefing, str]], *, title: str = "newsdesk briefings") -> str:
    """An index page: one row per briefing, linked by the relative file name given with it, in the order given."""
    rows = []
    for briefing, href in entries:
        written = not briefing.single_source and briefing.headline.text
        rows.append(
            {
                "href": _href(href),
                "headline": briefing.headline.text if written else briefing.story.headline,
                "story_id": briefing.story.id,
                "version": briefing.version,
                "sources": briefing.story.sources or briefing.findings.sources,
                "articles": len(briefing.story.article_ids),
                "single_source": briefing.single_source,
                "updated": moment(briefing.written_at),
                "status": "no sentences" if briefing.single_source else check_status(briefing.report),
                "ok": briefing.report.ok,
            }
        )
    return _environment().get_template("index.html.j2").render(title=title, rows=rows)
