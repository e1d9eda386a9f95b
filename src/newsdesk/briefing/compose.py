"""One story → one checked briefing: reconcile its claims, number its sources, write, check, withhold.

:func:`write_briefing` is the briefing stage for one story. It unifies the speakers of the story's claims,
reconciles them into findings, numbers the member articles as the source list (oldest first; a reprint points
at the number of the copy it reprints), and, when the story has enough independent sources, asks the writer
for a draft. Every drafted sentence then goes through the support checker: a sentence that fails is not
published but listed in the report as withheld, with its reasons, so nothing unsupported is published and
nothing is dropped silently. Stories below ``min_sources`` get a single-source briefing: the findings and
the sources, no sentences.

:func:`fingerprint` names what a briefing is written from, so the pipeline writes a new version only when the
story changed (a member added or revised, a new extractor, writer, policy or threshold).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import UTC, datetime

from newsdesk.briefing.checker import CHECKER, check_parts, check_sentence
from newsdesk.briefing.versions import changes
from newsdesk.briefing.writer import Draft, Material, TemplateWriter, Writer
from newsdesk.claims.speakers import unify_speakers
from newsdesk.reconcile import RECONCILER, reconcile
from newsdesk.types import (
    Article,
    Briefing,
    BriefSentence,
    Citation,
    Claim,
    FigurePolicy,
    Problem,
    Section,
    Source,
    Story,
)

_LATE = datetime.max.replace(tzinfo=UTC)


def source_list(story: Story, articles: Sequence[Article]) -> tuple[Source, ...]:
    """The story's articles numbered from 1, oldest first; ``reprint_of`` is the number of the original."""
    members = [a for a in articles if a.id in set(story.article_ids)] or list(articles)
    ordered = sorted(members, key=lambda a: (a.published or _LATE, a.id))
    numbers = {a.id: i for i, a in enumerate(ordered, 1)}
    return tuple(
        Source(
            number=numbers[a.id],
            article_id=a.id,
            outlet=a.outlet.name,
            title=a.title,
            url=a.url,
            published=a.published,
            reprint_of=numbers.get(a.reprint_of) if a.reprint_of else None,
        )
        for a in ordered
    )


def fingerprint(
    story: Story,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    *,
    writer: str,
    policy: FigurePolicy,
    min_sources: int,
) -> str:
    """What a briefing of ``story`` is written from: members and revisions, extractors, writer and settings."""
    parts = [story.id, writer, RECONCILER, CHECKER, policy.value, str(min_sources)]
    parts += sorted(f"{a.id}:{a.revision}:{a.reprint_of or ''}" for a in articles)
    parts += sorted({c.extractor for c in claims})
    return hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()[:32]


def write_briefing(
    story: Story,
    articles: Sequence[Article],
    claims: Sequence[Claim],
    *,
    writer: Writer | None = None,
    policy: FigurePolicy = FigurePolicy.ALL,
    min_sources: int = 2,
    version: int = 1,
    previous: Briefing | None = None,
    now: datetime | None = None,
) -> Briefing:
    """The checked briefing of ``story`` from its member ``articles`` and their stored ``claims``."""
    writer = writer or TemplateWriter()
    unified = tuple(unify_speakers(claims))
    findings = reconcile(story, articles, unified, min_sources=min_sources)
    sources = source_list(story, articles)
    by_id = {a.id: a for a in articles}
    material = Material(story=story, articles=by_id, claims=unified, findings=findings, sources=sources, policy=policy)
    draft = Draft(headline=_title(story, by_id, sources)) if findings.single_source else writer.write(material)
    published, withheld = _checked(draft, by_id)
    briefing = Briefing(
        story=story,
        version=version,
        headline=published.headline,
        lede=published.lede,
        takeaways=published.takeaways,
        sections=published.sections,
        sources=sources,
        findings=findings,
        claims=unified,
        report=check_parts([], by_id),
        writer=writer.name,
        policy=policy,
        fingerprint=fingerprint(story, articles, claims, writer=writer.name, policy=policy, min_sources=min_sources),
        written_at=now or datetime.now(UTC),
        single_source=findings.single_source,
    )
    report = check_parts(briefing.parts(), by_id, withheld=withheld)
    briefing = replace(briefing, report=report)
    if previous is not None:
        briefing = replace(briefing, changes=changes(previous, briefing))
    return briefing


def _title(story: Story, articles: Mapping[str, Article], sources: Sequence[Source]) -> BriefSentence:
    """The story's headline, citing the title it was taken from (a single-source briefing has only this)."""
    numbers = {s.article_id: s.number for s in sources}
    article = articles.get(story.headline_article)
    if article is None or story.headline_article not in numbers:
        return BriefSentence(story.headline)
    title = Citation(article.id, numbers[article.id], article.title, 0, len(article.title), "title")
    return BriefSentence(story.headline, (title,))


def _checked(draft: Draft, articles: Mapping[str, Article]) -> tuple[Draft, list[Problem]]:
    """The draft with every sentence that fails the support checker taken out, and those sentences."""
    withheld: list[Problem] = []

    def keep(part: str, sentences: Sequence[BriefSentence]) -> tuple[BriefSentence, ...]:
        out = []
        for i, sentence in enumerate(sentences):
            result = check_sentence(sentence, articles)
            if result.ok:
                out.append(sentence)
            else:
                withheld.append(Problem(part=part, index=i, text=sentence.text, reasons=result.reasons))
        return tuple(out)

    headline = keep("headline", [draft.headline]) if draft.headline.text else ()
    sections = []
    for j, section in enumerate(draft.sections):
        kept = keep(f"sections[{j}]", section.sentences)
        if kept:
            sections.append(Section(title=section.title, sentences=kept))
    published = Draft(
        headline=headline[0] if headline else BriefSentence(""),
        lede=keep("lede", draft.lede),
        takeaways=keep("takeaways", draft.takeaways),
        sections=tuple(sections),
    )
    return published, withheld
