"""The story's timeline: dated events read from its claims' time expressions, in order.

Every time a claim names at day, week, month or range precision ("on Wednesday", "this week", "in January",
"between January and February") is an event; quarters and years are too coarse to order events by. The
event's ``text`` is the clause of the sentence that holds the time ("The NIS told lawmakers at a briefing on
Wednesday"), exactly as written, or the whole sentence when that clause is too short to say anything. An
event read twice in one sentence (a sentence holds several claims) is kept once, and events on the same
dates whose words mostly agree (Jaccard overlap of content stems of one half or more: the same briefing
reported by five outlets) are kept once too, from the most direct report (an original before a reprint,
then the earliest published). Questions ("What changed this week?") are not events.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsdesk.reconcile.articles import StoryArticles, moment
from newsdesk.reconcile.periods import joined, time_label
from newsdesk.reconcile.words import clause, content_stems, is_question
from newsdesk.types import Claim, TimeExpression, TimelineEntry, TimePrecision

_PRECISIONS = (TimePrecision.DAY, TimePrecision.WEEK, TimePrecision.MONTH, TimePrecision.RANGE)
_MIN_STEMS = 3
_SAME_EVENT = 0.5


def _what(text: str, claim: Claim, t: TimeExpression) -> tuple[int, int]:
    """The clause around ``t``, or the whole evidence sentence when the clause says too little."""
    ev = claim.evidence
    lo, hi = clause(text, ev.start, ev.end, t.start, t.end)
    rest = text[lo : t.start] + " " + text[t.end : hi]
    if len(content_stems(rest)) < _MIN_STEMS:
        lo, hi = ev.start, ev.end
        while hi > lo and text[hi - 1] in " \t\n":
            hi -= 1
    return lo, hi


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def build_timeline(claims: Sequence[Claim], articles: StoryArticles) -> tuple[TimelineEntry, ...]:
    """The dated events of a story's claims, sorted by first date (module docstring)."""
    found: list[tuple[tuple[bool, float, str, int], TimelineEntry, frozenset[str]]] = []
    seen: set[tuple[str, str, int, int]] = set()
    for claim in claims:
        if not articles.readable(claim):
            continue
        text = articles.field(claim.evidence)
        ev = claim.evidence
        if is_question(text[ev.start : ev.end]):
            continue
        article = articles.get(claim.article_id)
        for t in joined(text, [t for t in claim.times if 0 <= t.start < t.end <= len(text)]):
            key = (claim.article_id, ev.field, t.start, t.end)
            if t.precision not in _PRECISIONS or not (ev.start <= t.start < t.end <= ev.end) or key in seen:
                continue
            seen.add(key)
            lo, hi = _what(text, claim, t)
            entry = TimelineEntry(
                first=t.first,
                last=t.last,
                precision=t.precision,
                when=time_label(t),
                text=text[lo:hi],
                speaker=claim.speaker,
                claim_id=claim.id,
                article_id=claim.article_id,
                evidence=ev,
                quote=text[ev.start : ev.end],
            )
            published = moment(article.published if article is not None else None)
            rank = (articles.is_reprint(claim.article_id), published, claim.article_id, t.start)
            found.append((rank, entry, content_stems(text[lo:hi])))
    kept: list[tuple[TimelineEntry, frozenset[str]]] = []
    for _, entry, stems in sorted(found, key=lambda x: x[0]):
        if any((e.first, e.last) == (entry.first, entry.last) and _jaccard(s, stems) >= _SAME_EVENT for e, s in kept):
            continue
        kept.append((entry, stems))
    return tuple(
        e for e, _ in sorted(kept, key=lambda x: (x[0].first, x[0].last, x[0].article_id, x[0].evidence.start))
    )
