"""Writers: what turns a story's findings and claims into a briefing's sentences, each with its citations.

A writer implements :class:`Writer`: a versioned ``name`` and ``write(material) → Draft``. Whatever writes,
:func:`newsdesk.briefing.compose.write_briefing` runs the support checker on every drafted sentence and
withholds the ones that fail, so an LLM writer added later is held to exactly the same standard.

The built-in :class:`TemplateWriter` needs no network and no model. It writes the way a careful wire editor
condenses ten reports without a byline of their own: it chooses the source sentences that carry each finding,
reuses them word for word (dropping only datelines), and joins them under short frames ("Estimates differ:")
that add no name, figure or quote of their own. So a hedge stays where the outlet put it, a figure keeps its
speaker, and every sentence cites the exact source sentences it is made of. What it chooses:

- **headline**: the story's headline, which is the title of one member (cited as that title);
- **lede**: of the original (non-reprint) articles' opening sentences, the one that names most of the story's
  key terms and names (the earliest on a tie);
- **takeaways** (three to six): for the figure topics with the most sources, every speaker's figure in one
  sentence (ledger groups linked by a disagreement form one topic, so killed, wounded and casualty figures
  stand side by side but are not merged); the central denial; the most relayed hedged report; then the most
  widely reported statements until there are three;
- **sections**: "What the figures say" (each ledger group under the chosen :class:`FigurePolicy`, one
  sentence per named speaker), "Confirmations and denials" and "What is not verified" (hedged and speculative
  reports). The ledger, stance table and timeline themselves are rendered from the findings.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol

from newsdesk.briefing.checker import check_sentence
from newsdesk.briefing.evidence import EvidenceBook, reusable
from newsdesk.claims.numbers import find_numbers
from newsdesk.reconcile import shown_figures
from newsdesk.types import (
    Article,
    BriefSentence,
    Citation,
    Claim,
    ClaimKind,
    DisagreementKind,
    Figure,
    FigureGroup,
    FigurePolicy,
    Findings,
    Hedge,
    Section,
    Source,
    Story,
)

TEMPLATE_WRITER = "template/1"

_MAX_TAKEAWAYS = 6
_NEVER = datetime.max.replace(tzinfo=UTC)
_MIN_TAKEAWAYS = 3
_MAX_CLAUSES = 3


@dataclass(frozen=True, slots=True)
class Material:
    """Everything a writer may use: the story, its member articles, their claims (speakers unified across the
    story), the reconciled findings, the numbered sources, and the figure policy."""

    story: Story
    articles: Mapping[str, Article]
    claims: tuple[Claim, ...]
    findings: Findings
    sources: tuple[Source, ...]
    policy: FigurePolicy = FigurePolicy.ALL


@dataclass(frozen=True, slots=True)
class Draft:
    """A writer's sentences, before the support checker has passed them."""

    headline: BriefSentence
    lede: tuple[BriefSentence, ...] = ()
    takeaways: tuple[BriefSentence, ...] = ()
    sections: tuple[Section, ...] = ()


class Writer(Protocol):
    """What writes a briefing; ``name`` is versioned ("template/1") and recorded in the briefing."""

    @property
    def name(self) -> str: ...

    def write(self, material: Material) -> Draft: ...


@dataclass
class _Page:
    """The writer's working state for one story."""

    m: Material
    book: EvidenceBook
    by_id: dict[str, Claim]
    used: set[tuple[str, int, int]] = field(default_factory=set)

    def supported(self, sentence: BriefSentence) -> bool:
        return check_sentence(sentence, self.m.articles).ok

    def claims(self, ids: Iterable[str]) -> list[Claim]:
        return [self.by_id[i] for i in dict.fromkeys(ids) if i in self.by_id]

    def verbatim(self, claim: Claim) -> BriefSentence | None:
        sentence = self.book.verbatim(claim)
        return sentence if self.supported(sentence) else None

    def joined(self, claims: Sequence[Claim], frame: str = "") -> BriefSentence | None:
        """The sentences of ``claims`` as clauses of one sentence, behind an optional frame ("Estimates differ:")."""
        cited: list[Citation] = []
        clauses: list[str] = []
        for c in claims:
            cite = self.book.evidence(c)
            if any(cite.start == x.start and cite.article_id == x.article_id for x in cited):
                continue
            cited.append(cite)
            clauses.append(reusable(cite.quote).rstrip(" .;"))
        if not clauses:
            return None
        if len(clauses) == 1 and not frame:
            text = clauses[0] + "."
        else:
            body = "; ".join(clauses[:1] + [_lower_first(c) for c in clauses[1:]])
            text = f"{frame} {_lower_first(body)}." if frame else body + "."
        sentence = BriefSentence(text=text, citations=tuple(cited))
        return sentence if self.supported(sentence) else None

    def fresh(self, sentence: BriefSentence | None) -> bool:
        """Whether ``sentence`` cites only source sentences no earlier sentence of this part cited."""
        if sentence is None:
            return False
        keys = {(c.article_id, c.start, c.end) for c in sentence.citations}
        if keys & self.used:
            return False
        self.used |= keys
        return True


_OPENERS = frozenset(
    [
        "The",
        "A",
        "An",
        "Some",
        "At",
        "In",
        "On",
        "By",
        "About",
        "Around",
        "Nearly",
        "Almost",
        "Over",
        "Up",
        "More",
        "Fewer",
        "Less",
        "Estimates",
        "According",
        "Since",
        "Between",
        "From",
        "Until",
        "After",
        "Before",
        "During",
        "Up",
        "To",
        "As",
        "Only",
        "Just",
        "Roughly",
        "Approximately",
    ]
)


def _lower_first(text: str) -> str:
    """Lower-case an opening function word so a clause can follow a frame or a semicolon; names stay as written."""
    head, _, rest = text.partition(" ")
    if head in _OPENERS:
        return f"{head.lower()} {rest}"
    return text


def _speakers(claims: Iterable[Claim]) -> dict[str, list[Claim]]:
    out: dict[str, list[Claim]] = {}
    for c in claims:
        out.setdefault(c.speaker, []).append(c)
    return out


def _key(claim: Claim) -> tuple[str, int, int]:
    return (claim.evidence.article_id, claim.evidence.start, claim.evidence.end)


def _one_per_speaker(
    page: _Page, figures: Sequence[Figure], taken: set[tuple[str, int, int]] | None = None
) -> list[Claim]:
    """The best readable claim of each speaker of ``figures``, in order of first appearance.

    Figures the outlets state in their own voice are used only when no speaker is named for any of them. Of
    a speaker's sentences, one giving the figure the speaker gives most often is preferred. A
    speaker whose figures all stand in a sentence already chosen ("Zelenskyy has put … 4,000, while U.S.
    intelligence has estimated about 1,200") is not given another.
    """
    attributed = [f for f in figures if f.claim_id in page.by_id and page.by_id[f.claim_id].kind is not ClaimKind.OWN]
    figures = attributed or list(figures[:1])
    values: dict[str, set[float]] = {}
    for f in figures:
        ends = {f.quantity.value} if f.quantity.high is None else {f.quantity.value, f.quantity.high}
        values.setdefault(f.claim_id, set()).update(ends)
    chosen: list[Claim] = []
    keys = set(taken or ())
    covered: set[float] = set()
    for group in _speakers(page.claims(f.claim_id for f in figures)).values():
        wanted = set().union(*(values[c.id] for c in group))
        if wanted <= covered or any(_key(c) in keys for c in group):
            continue
        usual = Counter(frozenset(values[c.id]) for c in group).most_common(1)[0][0]
        best = page.book.best(c for c in group if page.book.readable(c) and values[c.id] == usual)
        best = best or page.book.best(c for c in group if page.book.readable(c))
        if best is not None:
            chosen.append(best)
            keys.add(_key(best))
            covered |= {n.value for n in find_numbers(page.book.quote(best))}
    return chosen


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())}


def _overlap(a: str, b: str) -> float:
    """Jaccard overlap of the longer words of two sentences."""
    x, y = _words(a), _words(b)
    return len(x & y) / len(x | y) if x and y else 0.0


def _topics(findings: Findings) -> list[list[FigureGroup]]:
    """Ledger groups joined by a flagged disagreement, largest first: each is one figure topic."""
    groups = {g.id: g for g in findings.ledger}
    parent = {g: g for g in groups}

    def root(g: str) -> str:
        while parent[g] != g:
            g = parent[g]
        return g

    for d in findings.disagreements:
        if d.kind in (DisagreementKind.FIGURES, DisagreementKind.NOT_COMPARABLE):
            refs = [r for r in d.refs if r in groups]
            for r in refs[1:]:
                parent[root(r)] = root(refs[0])
    topics: dict[str, list[FigureGroup]] = {}
    for g in findings.ledger:
        topics.setdefault(root(g.id), []).append(g)
    return sorted(topics.values(), key=lambda t: (-max(g.sources for g in t), -len(t), t[0].id))


class TemplateWriter:
    """The built-in writer (see the module docstring): source sentences chosen, reused verbatim and framed."""

    name = TEMPLATE_WRITER

    def write(self, material: Material) -> Draft:
        m = material
        book = EvidenceBook(m.articles, {s.article_id: s.number for s in m.sources})
        page = _Page(m=m, book=book, by_id={c.id: c for c in m.claims})
        headline = self._headline(page)
        lede = self._lede(page)
        page.used = {(c.article_id, c.start, c.end) for s in lede for c in s.citations}
        takeaways = self._takeaways(page)
        sections = []
        for title, build in (
            ("What the figures say", self._figures),
            ("Confirmations and denials", self._stances),
            ("What is not verified", self._caveats),
        ):
            page.used = set()
            sentences = tuple(build(page))
            if sentences:
                sections.append(Section(title=title, sentences=sentences))
        return Draft(headline=headline, lede=lede, takeaways=takeaways, sections=tuple(sections))

    # --- parts ------------------------------------------------------------------------------------------------
    def _headline(self, page: _Page) -> BriefSentence:
        story = page.m.story
        if story.headline_article in page.m.articles:
            return BriefSentence(text=story.headline, citations=(page.book.title(story.headline_article),))
        return BriefSentence(text=story.headline)

    def _lede(self, page: _Page) -> tuple[BriefSentence, ...]:
        """The opening sentence, among the original articles' own, that names most of what the story is about."""
        story, articles = page.m.story, page.m.articles
        terms = [t.lower() for t in (*story.terms, *story.entities) if len(t) > 2]
        candidates = []
        for article_id in story.article_ids:
            article = articles.get(article_id)
            if article is None or article.reprint_of:
                continue
            cited = page.book.lead(article_id)
            if cited is None:
                continue
            lower = cited.quote.lower()
            score = sum(t in lower for t in terms)
            candidates.append((-score, article.published or _NEVER, article_id, cited))
        for *_, cited in sorted(candidates, key=lambda c: c[:3]):
            sentence = BriefSentence(text=reusable(cited.quote), citations=(cited,))
            if page.supported(sentence):
                return (sentence,)
        return ()

    def _takeaways(self, page: _Page) -> tuple[BriefSentence, ...]:
        out: list[BriefSentence] = []
        for topic in _topics(page.m.findings)[:3]:
            sentence = self._topic_sentence(page, topic)
            if page.fresh(sentence) and sentence is not None:
                out.append(sentence)
        out += [s for s in self._denials(page, limit=1) if page.fresh(s)][:1]
        out += [s for s in self._hedged(page, limit=2) if page.fresh(s)][:1]
        if len(out) < _MIN_TAKEAWAYS:
            for claim in self._widely_reported(page):
                sentence = page.verbatim(claim)
                if page.fresh(sentence) and sentence is not None:
                    out.append(sentence)
                if len(out) >= _MIN_TAKEAWAYS:
                    break
        return tuple(out[:_MAX_TAKEAWAYS])

    def _topic_sentence(self, page: _Page, topic: list[FigureGroup]) -> BriefSentence | None:
        """Every speaker's figure for one topic in one sentence, under the figure policy."""
        policy = page.m.policy
        figures = [f for g in topic for f in shown_figures(g, policy)]
        chosen = _one_per_speaker(page, figures, taken=page.used)[:_MAX_CLAUSES]
        disputed = any(g.disagreement for g in topic)
        frame = "Estimates differ:" if disputed and len(chosen) > 1 else ""
        if policy is FigurePolicy.CONSERVATIVE and disputed and len(chosen) == 1:
            frame = "The lowest figure, disputed by other sources:"
        return page.joined(chosen, frame)

    def _denials(self, page: _Page, limit: int) -> list[BriefSentence]:
        out = []
        for prop in page.m.findings.propositions:
            if not prop.denies:
                continue
            deniers = _speakers(page.claims(p.claim_id for p in prop.denies))
            best = [page.book.best(c for c in cs if page.book.readable(c)) for cs in deniers.values()]
            sentence = page.joined([c for c in best if c is not None][:2])
            if sentence is not None:
                out.append(sentence)
            if len(out) >= limit:
                break
        return out

    def _hedged(self, page: _Page, limit: int) -> list[BriefSentence]:
        hedged = [c for c in page.m.claims if c.hedge in (Hedge.HEDGED, Hedge.SPECULATIVE) and page.book.readable(c)]
        outlets: dict[str, set[str]] = {}
        for c in hedged:
            outlets.setdefault(c.speaker, set()).add(page.m.articles[c.article_id].outlet.name)
        hedged.sort(key=lambda c: (c.kind is ClaimKind.OWN, -len(outlets[c.speaker]), page.book.rank(c)))
        out = []
        for claim in hedged:
            sentence = page.verbatim(claim)
            if sentence is not None:
                out.append(sentence)
            if len(out) >= limit:
                break
        return out

    def _widely_reported(self, page: _Page) -> list[Claim]:
        """Asserted or confirmed statements of the central propositions, the most widely held first."""
        props = sorted(page.m.findings.propositions, key=lambda p: -len(p.positions))
        found = [page.by_id[p.claim_id] for prop in props for p in prop.confirms if p.claim_id in page.by_id]
        return [c for c in found if page.book.readable(c)]

    def _figures(self, page: _Page) -> list[BriefSentence]:
        out = []
        for group in sorted(page.m.findings.ledger, key=lambda g: (-g.sources, g.id))[:8]:
            for claim in _one_per_speaker(page, shown_figures(group, page.m.policy), taken=page.used):
                sentence = page.verbatim(claim)
                if page.fresh(sentence) and sentence is not None:
                    out.append(sentence)
        return out

    def _stances(self, page: _Page) -> list[BriefSentence]:
        out = []
        for prop in page.m.findings.propositions[:3]:
            if not prop.denies:
                continue
            sides = [prop.confirms, prop.denies]
            for side in sides:
                per_speaker = _speakers(page.claims(p.claim_id for p in side))
                for claims in list(per_speaker.values())[:3]:
                    best = page.book.best(c for c in claims if page.book.readable(c))
                    sentence = page.verbatim(best) if best is not None else None
                    if page.fresh(sentence) and sentence is not None:
                        out.append(sentence)
        return out

    def _caveats(self, page: _Page) -> list[BriefSentence]:
        out: list[BriefSentence] = []
        for sentence in self._hedged(page, limit=12):
            if any(_overlap(sentence.text, s.text) >= 0.3 for s in out):
                continue
            if page.fresh(sentence):
                out.append(sentence)
        return out[:4]
