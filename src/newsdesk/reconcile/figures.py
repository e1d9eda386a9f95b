"""A story's claims → the figures of its ledger, each with measure, subject, period, speaker and relays.

Every quantity of every quotable claim is read once (:func:`newsdesk.reconcile.measures.read_figure`,
:func:`newsdesk.reconcile.periods.figure_period`, :class:`newsdesk.reconcile.relays.Voices`); then the story
as a whole settles what one claim alone cannot:

* **unresolved measures**: a figure whose words name no measure ("U.S. intelligence has estimated about
  1,200"; "the real toll is nearer 4,000") takes the measure its speaker gives the same value elsewhere in
  the story; failing that, if it is written in digits, the measure any speaker gives that value, when there is
  exactly one. Failing that, troops "sent" with nothing that says new or total are ``deployed``, a bare
  "toll" is ``toll``, and a bare number in digits takes the measure named elsewhere in its sentence ("while
  U.S. intelligence has estimated about 1,200" after "North Korean casualties at about 4,000"); anything
  else stays unresolved and is left out;
* **subjects**: a figure that names no counted noun or no whom ("about 300 had been killed") takes the most
  common of its family of measures (losses: killed, wounded, casualties, toll, missing, captured; troop
  deployments; any other measure on its own), so "about 300 killed" and "300 North Korean soldiers killed"
  are about the same "North Korean soldiers".

Figures of denied claims are left out (a denial does not give a figure), and so are vague plurals.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from newsdesk.reconcile import measures
from newsdesk.reconcile.articles import StoryArticles
from newsdesk.reconcile.measures import DEPLOYED, DEPLOYMENT, HARM, TOLL, Reading, has_digits, is_vague, read_figure
from newsdesk.reconcile.periods import figure_period, joined
from newsdesk.reconcile.relays import Voice, Voices
from newsdesk.reconcile.words import clause
from newsdesk.types import Claim, Figure, Quantity, Stance, TimeExpression

_LOSSES = HARM | {measures.MISSING, measures.CAPTURED}


@dataclass(frozen=True, slots=True)
class _Draft:
    claim: Claim
    quantity: Quantity
    voice: Voice
    reading: Reading
    period: TimeExpression | None
    published: datetime | None


def family(measure: str) -> str:
    """The family a measure belongs to, for subjects and for telling related measures apart."""
    if measure in _LOSSES:
        return "losses"
    if measure in DEPLOYMENT:
        return "deployment"
    return measure


def _drafts(claims: Sequence[Claim], articles: StoryArticles, voices: Voices) -> list[_Draft]:
    out: list[_Draft] = []
    for claim in claims:
        if claim.stance is Stance.DENIED or not claim.quantities or not articles.readable(claim):
            continue
        text = articles.field(claim.evidence)
        article = articles.get(claim.article_id)
        voice = voices.of(claim)
        ev = claim.evidence
        figures = sorted(claim.quantities, key=lambda q: (q.start, q.end))
        for i, q in enumerate(figures):
            if not (ev.start <= q.start < q.end <= ev.end) or text[q.start : q.end] != q.text or is_vague(q):
                continue
            lo = figures[i - 1].end if i else 0
            hi = figures[i + 1].start if i + 1 < len(figures) else len(text)
            around = clause(text, ev.start, ev.end, q.start, q.end)
            timed = any(around[0] <= t.start and t.end <= around[1] for t in joined(text, list(claim.times)))
            reading = read_figure(text, q, around, (ev.start, ev.end), bounds=(lo, hi), timed=timed)
            period = figure_period(text, claim, q, around)
            published = article.published if article is not None else None
            out.append(_Draft(claim, q, voice, reading, period, published))
    return out


def _resolved(drafts: list[_Draft]) -> list[_Draft]:
    """Drafts with unresolved measures settled from the rest of the story, or left out (module docstring)."""
    by_speaker: dict[tuple[str, float, float | None], Counter[str]] = {}
    by_value: dict[tuple[float, float | None], Counter[str]] = {}
    for d in drafts:
        if d.reading.measure and not d.reading.unit:
            value = (d.quantity.value, d.quantity.high)
            by_speaker.setdefault((d.voice.speaker, *value), Counter())[d.reading.measure] += 1
            by_value.setdefault(value, Counter())[d.reading.measure] += 1
    out: list[_Draft] = []
    for d in drafts:
        r = d.reading
        if r.measure:
            out.append(d)
            continue
        if not (r.bare or r.hint) or r.unit:
            continue

        def fits(measure: str, hint: str = r.hint) -> bool:
            return not hint or (hint == DEPLOYED and measure in DEPLOYMENT) or (hint == TOLL and measure in HARM)

        value = (d.quantity.value, d.quantity.high)
        same = {m for m in by_speaker.get((d.voice.speaker, *value), Counter()) if fits(m)}
        anyone = {m for m in by_value.get(value, Counter()) if fits(m)} if has_digits(d.quantity) else set()
        measure = ""
        if len(same) == 1:
            measure = same.pop()
        elif not same and len(anyone) == 1:
            measure = anyone.pop()
        elif r.hint:
            measure = r.hint
        elif r.fallback:
            measure = r.fallback
        if measure:
            out.append(replace(d, reading=replace(r, measure=measure)))
    return out


def _with_subjects(drafts: list[_Draft]) -> list[_Draft]:
    """Counts that name no whom or no noun take the most common ones of their family of measures."""
    whoms: dict[str, Counter[str]] = {}
    nouns: dict[str, Counter[str]] = {}
    for d in drafts:
        if d.reading.unit:
            continue
        key = family(d.reading.measure)
        if d.reading.whom:
            whoms.setdefault(key, Counter())[d.reading.whom] += 1
        if d.reading.noun:
            nouns.setdefault(key, Counter())[d.reading.noun] += 1
    out: list[_Draft] = []
    for d in drafts:
        r = d.reading
        if not r.unit:
            key = family(r.measure)
            whom = r.whom or (whoms[key].most_common(1)[0][0] if key in whoms else "")
            noun = r.noun or (nouns[key].most_common(1)[0][0] if key in nouns else "")
            r = replace(r, whom=whom, noun=noun)
        out.append(replace(d, reading=r))
    return out


def story_figures(claims: Sequence[Claim], articles: StoryArticles, voices: Voices) -> list[Figure]:
    """Every figure of the story that the ledger can place, in the order of the claims."""
    drafts = _with_subjects(_resolved(_drafts(claims, articles, voices)))
    return [
        Figure(
            claim_id=d.claim.id,
            article_id=d.claim.article_id,
            speaker=d.voice.speaker,
            via=d.voice.via,
            quantity=d.quantity,
            measure=d.reading.measure,
            subject=d.reading.subject,
            stance=d.claim.stance,
            hedge=d.voice.hedge,
            evidence=d.claim.evidence,
            quote=articles.quote(d.claim.evidence),
            published=d.published,
            period=d.period,
        )
        for d in drafts
    ]


def unit_of(figure: Figure) -> str:
    """The unit of measure a figure is in ("" for a count)."""
    return measures.measurement_unit(figure.quantity)
