"""A briefing as Markdown, and the wording every renderer shares.

The page reads top down as a reader wants it: the headline, the lede, the top takeaways, the sections, and after
them what the sentences stand on: the figure ledger, who confirms and who denies, the timeline, the numbered
sources, the support check and what changed since the last version. Each sentence is followed by the numbers of
the sources it cites (``[1] [3]``), once each; a sentence the support checker rejected is marked where it stands.
A single-source briefing has no sentences: it says so and lists the sources and findings only.

Everything that comes from an article (quotes, titles, outlet and speaker names) is untrusted: it is escaped so
that it renders as the text it is, never as markup, HTML or a link. Only ``http(s)`` URLs become links.

The small functions at the top (:func:`figure_text`, :func:`markers`, :func:`safe_url` …) are the wording that
the HTML page and the ClaimReview document use too, so that the three say the same thing the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime
from urllib.parse import urlsplit

from newsdesk.types import (
    Briefing,
    BriefSentence,
    Change,
    CheckReport,
    Figure,
    FigureGroup,
    Position,
    Problem,
    Quantity,
    Source,
    Stance,
)

# --- wording shared by the renderers -----------------------------------------------------------------------

_CHANGE_WORDS = {
    Change.APPROXIMATE: "about",
    Change.MORE_THAN: "more than",
    Change.LESS_THAN: "less than",
    Change.UP: "up",
    Change.DOWN: "down",
}
STANCE_VERBS = {Stance.ASSERTED: "asserts", Stance.CONFIRMED: "confirms", Stance.DENIED: "denies"}


def number_text(value: float) -> str:
    """``1200.0`` → ``"1,200"``; ``2.5`` → ``"2.5"``."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def figure_text(quantity: Quantity) -> str:
    """A figure as a reader says it: qualifier, value or range, unit (``"about 1,200"``, ``"1,000–3,000 troops"``)."""
    amount = number_text(quantity.value)
    if quantity.high is not None:
        amount = f"{amount}–{number_text(quantity.high)}"
    qualifier = quantity.qualifier.strip() or _CHANGE_WORDS.get(quantity.change, "")
    qualifier = qualifier[:1].lower() + qualifier[1:]
    return " ".join(part for part in (qualifier, amount, quantity.unit.strip()) if part)


def group_range_text(group: FigureGroup) -> str:
    """The spread of a ledger group: ``"300"`` or ``"1,200–4,000"``."""
    if group.low == group.high:
        return number_text(group.low)
    return f"{number_text(group.low)}–{number_text(group.high)}"


def markers(sentence: BriefSentence) -> list[int]:
    """The source numbers a sentence cites, ascending, each once."""
    return sorted({c.source for c in sentence.citations})


def source_numbers(briefing: Briefing) -> dict[str, int]:
    """Article id → its number in the source list."""
    return {s.article_id: s.number for s in briefing.sources}


def safe_url(url: str | None) -> str | None:
    """The URL when it is an absolute ``http(s)`` URL (the only kind we link), else ``None``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in {"http", "https"} and parts.netloc else None


def day(value: date | datetime | None) -> str:
    """The ISO date of a time (``""`` for none)."""
    if value is None:
        return ""
    return (value.date() if isinstance(value, datetime) else value).isoformat()


def moment(value: datetime | None) -> str:
    """A time to the minute, with its offset as written (``2025-02-15 12:00 +00:00``)."""
    if value is None:
        return ""
    offset = value.strftime("%z")
    return value.strftime("%Y-%m-%d %H:%M") + (f" {offset[:3]}:{offset[3:]}" if offset else "")


def unsupported_parts(report: CheckReport) -> set[tuple[str, int]]:
    """Where the unsupported published sentences stand (``("takeaways", 1)``)."""
    return {(p.part, p.index) for p in report.unsupported}


_SECTION_PART = re.compile(r"sections\[(\d+)\]")


def part_label(problem: Problem) -> str:
    """Where a checked sentence stands, counted from 1: ``headline``, ``lede, sentence 2``, ``takeaway 3``,
    ``section 1, sentence 2``."""
    n = problem.index + 1
    if problem.part == "headline":
        return "headline"
    if problem.part == "takeaways":
        return f"takeaway {n}"
    section = _SECTION_PART.fullmatch(problem.part)
    if section is not None:
        return f"section {int(section.group(1)) + 1}, sentence {n}"
    return f"{problem.part}, sentence {n}"


def check_status(report: CheckReport) -> str:
    """A few words for listings: ``supported``, ``2 unsupported``, and how many sentences were withheld."""
    status = "supported" if report.ok else f"{len(report.unsupported)} unsupported"
    return status + (f", {len(report.withheld)} withheld" if report.withheld else "")


def check_summary(report: CheckReport) -> str:
    """One line: what was checked and the citation precision."""
    return (
        f"{report.sentences} sentences checked by {report.checker}: {report.supporting} of {report.citations} "
        f"citations support their sentence (citation precision {report.citation_precision:.2f})."
    )


def period_text(figure: Figure, group: FigureGroup | None = None) -> str:
    if figure.period is not None:
        return figure.period.text
    return group.period if group is not None else ""


def story_meta(briefing: Briefing) -> str:
    """The line under the headline: story, version, time written, articles and independent sources, writer."""
    story = briefing.story
    sources = story.sources or briefing.findings.sources
    parts = [
        f"story {story.id}",
        f"version {briefing.version}",
        *([f"written {moment(briefing.written_at)}"] if briefing.written_at else []),
        f"{len(story.article_ids)} article{'s' * (len(story.article_ids) != 1)} from {sources} independent "
        f"source{'s' * (sources != 1)}",
        f"writer {briefing.writer}",
        f"figure policy {briefing.policy.value}",
    ]
    return " · ".join(parts)


SINGLE_SOURCE_NOTE = (
    "Single source: only one independent source reports this story so far, so no summary is written. "
    "Its sources and what was found in them follow."
)


# --- Markdown ------------------------------------------------------------------------------------------------

_ESCAPE = re.compile(r"([\\`*_\[\]<>|])")
_LINE_START = re.compile(r"^(\s*)([#+=-]|\d+[.)])")


def md(text: str) -> str:
    """Untrusted text as literal Markdown: one line, every character that could start markup escaped."""
    flat = " ".join(text.split())
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _ESCAPE.sub(r"\\\1", flat))


def _link(text: str, url: str | None) -> str:
    target = safe_url(url)
    if target is None:
        return md(text)
    target = target.replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C")
    return f"[{md(text)}](<{target.replace('>', '%3E')}>)"


def _cite(numbers: Iterable[int]) -> str:
    return " ".join(f"[{n}]" for n in numbers)


def _sentence(sentence: BriefSentence, flagged: bool) -> str:
    text = md(sentence.text)
    cites = _cite(markers(sentence))
    return " ".join(part for part in (text, cites, "*(unsupported)*" if flagged else "") if part)


def _figures(briefing: Briefing, numbers: dict[str, int]) -> list[str]:
    if not briefing.findings.ledger:
        return []
    lines = [
        "## Figures",
        "",
        "| measure | subject | period | figure | speaker | via | date | hedge | source | disagreement |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for group in briefing.findings.ledger:
        flag = "⚠ disputed" if group.disagreement else ""
        for f in group.figures:
            cells = [
                md(group.measure or f.measure),
                md(group.subject or f.subject),
                md(period_text(f, group)),
                md(figure_text(f.quantity)),
                md(f.speaker),
                md(" → ".join(f.via)),
                day(f.published),
                f.hedge.value,
                _cite([numbers[f.article_id]] if f.article_id in numbers else []),
                flag,
            ]
            lines.append("| " + " | ".join(cells) + " |")
    if briefing.findings.disagreements:
        lines += ["", "Disagreements:", ""]
        lines += [f"- {d.kind.value}: {md(d.reason)}" for d in briefing.findings.disagreements]
    return [*lines, ""]


def _position(p: Position, numbers: dict[str, int]) -> str:
    cites = _cite([numbers[p.article_id]] if p.article_id in numbers else [])
    return f"{md(p.speaker)} ({STANCE_VERBS[p.stance]}, {p.hedge.value}) {cites}".rstrip()


def _stances(briefing: Briefing, numbers: dict[str, int]) -> list[str]:
    if not briefing.findings.propositions:
        return []
    lines = ["## Who confirms and who denies", ""]
    for prop in briefing.findings.propositions:
        lines += [f"**{md(prop.text)}**", ""]
        confirms = "; ".join(_position(p, numbers) for p in prop.confirms) or "nobody"
        denies = "; ".join(_position(p, numbers) for p in prop.denies) or "nobody"
        lines += [f"- Confirm: {confirms}", f"- Deny: {denies}", ""]
    return lines


def _timeline(briefing: Briefing, numbers: dict[str, int]) -> list[str]:
    if not briefing.findings.timeline:
        return []
    lines = ["## Timeline", ""]
    for t in briefing.findings.timeline:
        span = day(t.first) if t.first == t.last else f"{day(t.first)} – {day(t.last)}"
        cites = _cite([numbers[t.article_id]] if t.article_id in numbers else [])
        lines.append(f"- **{md(t.when)}** ({span}): {md(t.text)} — {md(t.speaker)} {cites}".rstrip())
    return [*lines, ""]


def source_line(source: Source) -> str:
    """One entry of the numbered list, without its number."""
    parts = [f"{md(source.outlet)}: {_link(source.title or source.url or source.article_id, source.url)}"]
    if source.published is not None:
        parts.append(day(source.published))
    if source.reprint_of is not None:
        parts.append(f"reprint of [{source.reprint_of}]")
    return ", ".join(parts)


def _sources(briefing: Briefing) -> list[str]:
    lines = ["## Sources", ""]
    lines += [f"{s.number}. {source_line(s)}" for s in briefing.sources] or ["No sources."]
    return [*lines, ""]


def _problems(title: str, problems: Iterable[Problem]) -> list[str]:
    items = [f"- {part_label(p)}: “{md(p.text)}” — {md('; '.join(p.reasons))}" for p in problems]
    return [title, "", *items, ""] if items else []


def _check(report: CheckReport) -> list[str]:
    lines = ["## Support check", "", check_summary(report), ""]
    if report.ok:
        lines += ["Every published sentence is supported by the sources it cites.", ""]
    lines += _problems(f"**Unsupported ({len(report.unsupported)}), published and marked:**", report.unsupported)
    lines += _problems(f"Withheld ({len(report.withheld)}), drafted but not published:", report.withheld)
    return lines


def _changes(briefing: Briefing, numbers: dict[str, int]) -> list[str]:
    changes = briefing.changes
    if changes is None:
        return []
    lines = [f"## What changed since version {changes.since}", ""]

    def who(f: Figure) -> str:
        cites = _cite([numbers[f.article_id]] if f.article_id in numbers else [])
        return f"{md(f.speaker)}, {md(f.measure)} {cites}".rstrip()

    lines += [f"- New figure: {md(figure_text(f.quantity))} — {who(f)}" for f in changes.new_figures]
    lines += [
        f"- Revised figure: {md(figure_text(a.quantity))} → {md(figure_text(b.quantity))} — {who(b)}"
        for a, b in changes.revised_figures
    ]
    lines += [f"- New source: [{s.number}] {source_line(s)}" for s in changes.new_sources]
    if changes.empty:
        lines.append("- Nothing new in the figures or sources.")
    return [*lines, ""]


def render_markdown(briefing: Briefing) -> str:
    """The briefing as one Markdown page."""
    numbers = source_numbers(briefing)
    flagged = unsupported_parts(briefing.report)
    if briefing.single_source or not briefing.headline.text:
        heading = md(briefing.story.headline)  # the title of a member, never written by us
    else:
        heading = _sentence(briefing.headline, ("headline", 0) in flagged)
    lines = [f"# {heading}", "", f"*{md(story_meta(briefing))}*", ""]
    if briefing.single_source:
        lines += [f"**{SINGLE_SOURCE_NOTE}**", ""]
    else:
        if not briefing.report.ok:
            n = len(briefing.report.unsupported)
            lines += [f"> **Warning:** {n} published sentence{'s' * (n != 1)} failed the support check (below).", ""]
        if briefing.lede:
            lines += [" ".join(_sentence(s, ("lede", i) in flagged) for i, s in enumerate(briefing.lede)), ""]
        if briefing.takeaways:
            lines += ["## Top takeaways", ""]
            lines += [f"- {_sentence(s, ('takeaways', i) in flagged)}" for i, s in enumerate(briefing.takeaways)]
            lines.append("")
        for j, section in enumerate(briefing.sections):
            part = f"sections[{j}]"
            text = " ".join(_sentence(s, (part, i) in flagged) for i, s in enumerate(section.sentences))
            lines += [f"## {md(section.title)}", "", text, ""]
    lines += _figures(briefing, numbers)
    lines += _stances(briefing, numbers)
    lines += _timeline(briefing, numbers)
    lines += _sources(briefing)
    if not briefing.single_source:
        lines += _check(briefing.report)
    lines += _changes(briefing, numbers)
    return "\n".join(lines).rstrip() + "\n"
