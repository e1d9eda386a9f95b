"""The stance table: the story's central propositions and who asserts, confirms or denies each.

**Propositions.** Claims that assert or confirm something are grouped by what they say: each claim is the
set of its content stems (:mod:`newsdesk.reconcile.words`), weighted by how rare a stem is among the story's
claims (``log(1 + N / df)``, so "Kursk" and "North Korean", which every claim of a Kursk story shares, count
for little), and claims are joined by average-link clustering while the cosine similarity of two groups is
at least 0.2. Claims with no named speaker, questions, and assertions with no content word take no part.

**Denials** (``Stance.DENIED``: "have not acknowledged", "declined to comment", "refuse to admit") are placed
after the groups are formed:

1. one that points back at a figure ("that range", "the figure", "those estimates") goes to the group of the
   nearest earlier claim with a figure in the same article;
2. one with more than two content stems goes to the group whose claims hold the most of its words (the
   rarity-weighted share of its stems found among them), when that share is at least 0.35;
3. the rest, short or anaphoric ("the deployment", "the soldiers are there", "declined to comment"), go to
   the group most denied by steps 1 and 2, or, when there is none, to the most central group.

The most central group is the one behind which stand the most independent outlets, then the most speakers,
then the most claims. A group is kept as a proposition when someone denies or confirms it, or when at least
two independent outlets or two speakers assert it. Its text is the content of its most typical claim (the one
most similar to the others, of four content words or more where there is one). Each speaker has one
:class:`~newsdesk.types.Position` per stance: the most direct report of it (an original before a reprint,
plainest hedge, earliest). A proposition that some deny and others assert or confirm is a
:data:`~newsdesk.types.DisagreementKind.STANCE` disagreement. Propositions come disputed first (a briefing
shows the first few), then by support.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from newsdesk.claims.extract import UNNAMED
from newsdesk.reconcile.articles import StoryArticles, moment
from newsdesk.reconcile.words import content_stems, is_question
from newsdesk.types import (
    Claim,
    Disagreement,
    DisagreementKind,
    Hedge,
    Position,
    Proposition,
    Stance,
    stable_id,
)

JOIN = 0.2
_ATTACH = 0.35
_SHORT = 2
_WORDY = 4
_HEDGES = {Hedge.STATED: 0, Hedge.ATTRIBUTED: 1, Hedge.HEDGED: 2, Hedge.SPECULATIVE: 3}
_STANCES = {Stance.CONFIRMED: 0, Stance.ASSERTED: 1, Stance.DENIED: 2}
_POINTS_BACK = re.compile(
    r"^\W*(?:that|this|the|those|these|such|its|their)\s+(?:\w+\s+)?"
    r"(?:range|figures?|numbers?|estimates?|toll|count|tally|total|claims?)\b",
    re.IGNORECASE,
)
_MAX_NAMED = 3


@dataclass(frozen=True, slots=True)
class _Item:
    claim: Claim
    stems: frozenset[str]
    outlet: str
    order: int


def _items(claims: Sequence[Claim], articles: StoryArticles) -> list[_Item]:
    out: list[_Item] = []
    for i, c in enumerate(claims):
        if not c.speaker or c.speaker == UNNAMED or not articles.readable(c) or is_question(c.text):
            continue
        if is_question(articles.quote(c.evidence)):
            continue
        stems = content_stems(c.text)
        root = articles.root(c.article_id)
        if (stems or c.stance is Stance.DENIED) and root is not None:
            out.append(_Item(c, stems, root.outlet.id, i))
    return out


class _Weights:
    """Rarity weights of stems among the story's claims."""

    def __init__(self, items: Sequence[_Item]) -> None:
        df: dict[str, int] = {}
        for item in items:
            for s in item.stems:
                df[s] = df.get(s, 0) + 1
        n = max(1, len(items))
        self.w = {s: math.log(1 + n / d) for s, d in df.items()}

    def of(self, stem: str) -> float:
        return self.w.get(stem, 0.0)


def _cluster(items: Sequence[_Item], weights: _Weights) -> list[list[_Item]]:
    """Average-link clusters of ``items`` whose similarity stays at or above :data:`JOIN`."""
    uniques: dict[frozenset[str], list[_Item]] = {}
    for item in items:
        uniques.setdefault(item.stems, []).append(item)
    keys = list(uniques)
    if not keys:
        return []
    vocab = sorted({s for k in keys for s in k})
    index = {s: i for i, s in enumerate(vocab)}
    m = np.zeros((len(keys), len(vocab)))
    for row, key in enumerate(keys):
        for s in key:
            m[row, index[s]] = weights.of(s)
    norms = np.linalg.norm(m, axis=1)
    norms[norms == 0] = 1.0
    m = m / norms[:, None]
    sim = m @ m.T
    np.fill_diagonal(sim, -np.inf)
    size = np.array([len(uniques[k]) for k in keys], dtype=float)
    members: list[list[int]] = [[i] for i in range(len(keys))]
    alive = np.ones(len(keys), dtype=bool)
    while alive.sum() > 1:
        flat = int(np.argmax(sim))
        i, j = divmod(flat, len(keys))
        if sim[i, j] < JOIN:
            break
        i, j = min(i, j), max(i, j)
        merged = (size[i] * sim[i] + size[j] * sim[j]) / (size[i] + size[j])
        sim[i, :] = merged
        sim[:, i] = merged
        sim[i, i] = -np.inf
        sim[j, :] = -np.inf
        sim[:, j] = -np.inf
        size[i] += size[j]
        members[i] += members[j]
        members[j] = []
        alive[j] = False
    clusters = [[item for k in sorted(group) for item in uniques[keys[k]]] for group in members if group]
    return [sorted(c, key=lambda it: it.order) for c in clusters]


def _support(cluster: Sequence[_Item]) -> tuple[int, int, int]:
    asserting = [it for it in cluster if it.claim.stance is not Stance.DENIED]
    return (len({it.outlet for it in asserting}), len({it.claim.speaker for it in asserting}), len(asserting))


def _typicality(item: _Item, cluster: Sequence[_Item], weights: _Weights) -> float:
    """The rarity-weighted share of ``item``'s stems found among the claims of ``cluster``."""
    total = sum(weights.of(s) for s in item.stems)
    if not total or not cluster:
        return 0.0
    found = frozenset().union(*(it.stems for it in cluster))
    return sum(weights.of(s) for s in item.stems & found) / total


def _central(clusters: Sequence[Sequence[_Item]]) -> int:
    return max(range(len(clusters)), key=lambda i: (_support(clusters[i]), -i))


def _points_back(denial: _Item, clusters: Sequence[Sequence[_Item]], items: Sequence[_Item]) -> int | None:
    """The cluster of the figure a denial points back at ("that range"), or None."""
    if not _POINTS_BACK.match(denial.claim.text):
        return None
    earlier = [
        it
        for it in items
        if it.claim.article_id == denial.claim.article_id
        and it.claim.quantities
        and it.claim.stance is not Stance.DENIED
        and it.claim.evidence.end <= denial.claim.evidence.start
    ]
    if not earlier:
        return None
    target = max(earlier, key=lambda it: it.claim.evidence.end)
    return next((i for i, cluster in enumerate(clusters) if target in cluster), None)


def _attach(denials: Sequence[_Item], clusters: list[list[_Item]], items: Sequence[_Item], weights: _Weights) -> None:
    """Add each denial to the cluster it denies (module docstring)."""
    placed: dict[int, int] = {}
    vague: list[_Item] = []
    for denial in denials:
        target = _points_back(denial, clusters, items)
        if target is None and len(denial.stems) > _SHORT:
            scores = [
                _typicality(denial, [it for it in c if it.claim.stance is not Stance.DENIED], weights) for c in clusters
            ]
            best = max(range(len(clusters)), key=lambda i: (round(scores[i], 6), _support(clusters[i]), -i))
            target = best if scores[best] >= _ATTACH else None
        if target is None:
            vague.append(denial)
            continue
        clusters[target].append(denial)
        placed[target] = placed.get(target, 0) + 1
    if vague:
        central = _central(clusters)
        most_denied = max(placed, key=lambda i: (placed[i], _support(clusters[i]), -i)) if placed else central
        clusters[most_denied].extend(vague)


def _directness(item: _Item, articles: StoryArticles) -> tuple[bool, int, float, int]:
    article = articles.get(item.claim.article_id)
    published = moment(article.published if article is not None else None)
    return (articles.is_reprint(item.claim.article_id), _HEDGES.get(item.claim.hedge, 9), published, item.order)


def _positions(cluster: Sequence[_Item], articles: StoryArticles) -> tuple[Position, ...]:
    best: dict[tuple[str, Stance], _Item] = {}
    for item in cluster:
        key = (item.claim.speaker, item.claim.stance)
        if key not in best or _directness(item, articles) < _directness(best[key], articles):
            best[key] = item
    relays: dict[str, set[str]] = {}
    for item in cluster:
        relays.setdefault(item.claim.speaker, set()).add(item.outlet)
    chosen = sorted(
        best.values(),
        key=lambda it: (_STANCES[it.claim.stance], -len(relays[it.claim.speaker]), it.order),
    )
    return tuple(
        Position(
            speaker=it.claim.speaker,
            stance=it.claim.stance,
            hedge=it.claim.hedge,
            claim_id=it.claim.id,
            article_id=it.claim.article_id,
            evidence=it.claim.evidence,
            quote=articles.quote(it.claim.evidence),
        )
        for it in chosen
    )


def _cosine(a: frozenset[str], b: frozenset[str], weights: _Weights) -> float:
    na = math.sqrt(sum(weights.of(s) ** 2 for s in a))
    nb = math.sqrt(sum(weights.of(s) ** 2 for s in b))
    return sum(weights.of(s) ** 2 for s in a & b) / (na * nb) if na and nb else 0.0


def _medoid(cluster: Sequence[_Item], weights: _Weights) -> _Item:
    """The claim most like the others of its cluster (asserting claims before denials, and claims of four
    content words or more before shorter ones)."""
    asserting = [it for it in cluster if it.claim.stance is not Stance.DENIED] or list(cluster)
    wordy = [it for it in asserting if len(it.stems) >= _WORDY] or asserting
    return max(
        wordy,
        key=lambda it: (
            round(sum(_cosine(it.stems, o.stems, weights) for o in asserting), 9),
            len(it.stems),
            -it.order,
        ),
    )


def _names(positions: Sequence[Position]) -> str:
    names = list(dict.fromkeys(p.speaker for p in positions))
    shown = ", ".join(names[:_MAX_NAMED])
    return shown + (f" and {len(names) - _MAX_NAMED} others" if len(names) > _MAX_NAMED else "")


def build_propositions(
    story_id: str, claims: Sequence[Claim], articles: StoryArticles
) -> tuple[tuple[Proposition, ...], tuple[Disagreement, ...]]:
    """The story's central propositions, most central first, and the stance disagreements among them."""
    items = _items(claims, articles)
    weights = _Weights(items)
    clusters = _cluster([it for it in items if it.claim.stance is not Stance.DENIED], weights)
    denials = [it for it in items if it.claim.stance is Stance.DENIED]
    if not clusters:
        clusters = _cluster(denials, weights)
        denials = []
    _attach(denials, clusters, items, weights)
    kept: list[tuple[tuple[int, int, int], Proposition]] = []
    for cluster in clusters:
        support = _support(cluster)
        stances = {it.claim.stance for it in cluster}
        if not (stances & {Stance.DENIED, Stance.CONFIRMED} or support[0] >= 2 or support[1] >= 2):
            continue
        text = _medoid(cluster, weights).claim.text
        prop = Proposition(id=stable_id("pr", f"{story_id}|{text}"), text=text, positions=_positions(cluster, articles))
        kept.append((support, prop))
    kept.sort(key=lambda x: (not (x[1].denies and x[1].confirms), -x[0][0], -x[0][1], -x[0][2], x[1].id))
    propositions = tuple(p for _, p in kept)
    disagreements = tuple(
        Disagreement(
            DisagreementKind.STANCE,
            f"{_names(p.denies)} deny or do not confirm what {_names(p.confirms)} assert",
            (p.id,),
            tuple(dict.fromkeys(pos.claim_id for pos in p.positions)),
        )
        for p in propositions
        if p.denies and p.confirms
    )
    return propositions, disagreements
