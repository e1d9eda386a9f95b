"""The online clusterer: each article joins the best candidate story or starts a new one, as it arrives.

For one article it:

1. turns the title and text into weighted features (:mod:`newsdesk.cluster.features`) and those into a unit
   TF-IDF vector. Document frequencies are the store's own plus a shipped background table
   (:mod:`newsdesk.cluster.background`), so the first articles of a fresh store are weighed sensibly too;
2. looks up candidate stories in the index under the article's highest-weighted features (per feature only the
   most recently touched stories, and at most ``max_candidates`` in all), so the work grows with the candidates,
   not with the store;
3. scores each candidate: the cosine between the article and the story's summed vector, averaged with the
   cosine of the article's words outside names and years ("event words": two missile tests share Kim Jong Un and
   Pyongyang but not "missile" with a troop deployment). For a short text the story's weights are first raised
   to a power below one (``short_story_power``): a headline shares only a few words with a story, and in the
   plain summed vector the story's one or two dominant words (a celebrity's name, "black") decide alone, so
   headlines from neighbouring stories that share them join it; flattened, the story's other recurring words
   count too. The score is discounted by the time between the article's publication and the story's span,
   raised a little for big stories when the text is as short as a headline, and lowered for stories of one or
   two members, whose vector is weak evidence;
4. joins the best story when its score reaches the threshold, and otherwise starts a story;
5. checks the runner-up stories the article also resembled: when the story it joined and one of them now have
   close vectors (compared with the same power), the article tied them together and the two are merged. The
   bigger (then older) story's id survives, and the other keeps resolving to it.

A reprint of wire copy (``reprint_story`` given) joins its original's story without scoring. Decisions depend
only on the state and the article, so the same articles in the same order give the same stories and ids.
"""

from __future__ import annotations

import heapq
import math
from dataclasses import dataclass, field
from datetime import datetime

from newsdesk.cluster.background import Background, shipped
from newsdesk.cluster.features import FeatureWeights, extract
from newsdesk.cluster.state import ClusterState, MemoryState
from newsdesk.types import StoryUpdate, StoryVector, stable_id


@dataclass(frozen=True, slots=True)
class ClusterParams:
    """The clusterer's knobs; the defaults are the ones measured in ``docs/clustering.md``."""

    features: FeatureWeights = field(default_factory=FeatureWeights)
    query_terms: int = 20
    """How many of an article's highest-weighted features are looked up in the index."""
    index_terms: int = 40
    """How many of an article's highest-weighted features index its story."""
    per_term: int = 20
    """Per looked-up feature, the most recently touched stories taken as candidates."""
    max_candidates: int = 30
    """At most this many candidates are scored: those under the heaviest features first."""
    short_tokens: int = 12
    long_tokens: int = 150
    short_threshold: float = 0.2
    long_threshold: float = 0.2
    """Join thresholds for a headline-length and a full-length article; in between, interpolated on log length."""
    short_merge: float = 0.35
    long_merge: float = 0.6
    """Cosine between two stories' vectors at which they are merged (headline-length and full-length)."""
    event_words: float = 0.5
    """Share of the score that comes from the words outside names and years alone: two events that share
    people and places (two missile tests, two earthquakes in one country) differ in what happened."""
    small_story_margin: float = 0.1
    """Joining a story of n members needs ``threshold + margin / n``: one or two members are weak evidence."""
    short_size_prior: float = 0.2
    long_size_prior: float = 0.0
    """A candidate's score is multiplied by ``1 + prior * ln(size)``: a short text leans to bigger stories."""
    same_days: float = 3.0
    """Within this many days of a story's span an article is judged on its words alone."""
    decay_days: float = 10.0
    """Beyond that, the score shrinks by a factor e every this many days."""
    merge_candidates: int = 3
    """How many runner-up stories of an article (scoring at least half the join threshold) are checked for a
    merge with the story it joined."""
    max_features: int = 400
    """A story's vector keeps this many of its heaviest features."""
    background_weight: float = 0.5
    """How many stream articles one background article counts as (0: learn IDF from the stream alone)."""
    short_story_power: float = 0.6
    long_story_power: float = 1.0
    """Power the story's summed weights are raised to before the cosine (headline-length and full-length): below
    one, a story's secondary recurring words weigh more against its dominant ones."""


def story_id_for(article_id: str) -> str:
    """A story's id: stable, derived from the article that started it."""
    return stable_id("s", article_id)


class Clusterer:
    """Assigns articles to stories one at a time; state lives in ``state`` (memory unless given)."""

    def __init__(
        self,
        params: ClusterParams | None = None,
        state: ClusterState | None = None,
        background: Background | None = None,
    ) -> None:
        self.params = params or ClusterParams()
        self.state: ClusterState = state if state is not None else MemoryState()
        if background is None:
            background = shipped() if self.params.background_weight > 0 else Background.empty()
        self.background = background
        self._norms: dict[tuple[str, int, float, float], float] = {}

    # --- public ---------------------------------------------------------------------------------------------
    def add(
        self,
        article_id: str,
        title: str,
        text: str,
        published: datetime | None = None,
        *,
        reprint_story: str | None = None,
    ) -> StoryUpdate:
        """Cluster one article; ``reprint_story`` is the story of the original it reprints, when it is one."""
        p = self.params
        feats = extract(title, text, p.features)
        total, df = self._stats(list(feats.counts))
        vector = _unit_tfidf(feats.counts, df, total + 1)
        names = feats.name_keys
        common_norm = math.sqrt(sum(x * x for t, x in vector.items() if t not in names))
        ranked = heapq.nlargest(max(p.query_terms, p.index_terms), vector, key=lambda t: (vector[t], t))
        threshold, merge_at, prior, power = self._thresholds(feats.tokens)

        target: StoryVector | None = None
        similarity = 0.0
        if reprint_story is not None:
            found = self.state.vectors([self.state.resolve(reprint_story)])
            target = found[0] if found else None
            similarity = 1.0 if target is not None else 0.0
        runners_up: list[StoryVector] = []
        if target is None:
            candidates = self.state.candidates(ranked[: p.query_terms], per_term=p.per_term)[: p.max_candidates]
            scored = sorted(
                (
                    (self._score(vector, names, common_norm, story, published, prior, power), story)
                    for story in self.state.vectors(candidates)
                ),
                key=lambda pair: (-pair[0], pair[1].story_id),
            )
            if scored and scored[0][0] >= threshold:
                best_score, target = scored[0]
                similarity = best_score + p.small_story_margin / max(1, target.size)
                runners_up = [story for score, story in scored[1 : 1 + p.merge_candidates] if score >= threshold / 2]

        created = target is None
        joined = _add(
            target or StoryVector(story_id_for(article_id), {}, 0.0, 0),
            vector,
            published,
            p.max_features,
        )
        self.state.assign(
            article_id,
            joined,
            similarity=similarity,
            doc_terms=list(feats.counts),
            index_terms=ranked[: p.index_terms],
        )
        merged: list[str] = []
        if runners_up:
            joined = self._merge_neighbours(joined, runners_up, merge_at, published, merged, power)
        return StoryUpdate(article_id, joined.story_id, created, round(similarity, 6), tuple(merged))

    def resolve(self, story_id: str) -> str:
        """The story ``story_id`` now lives in (itself unless it was merged into another)."""
        return self.state.resolve(story_id)

    # --- internals ------------------------------------------------------------------------------------------
    def _stats(self, terms: list[str]) -> tuple[float, dict[str, float]]:
        """Articles and document frequencies: the stream's own, plus the background's, weighted."""
        total, df = self.state.stats(terms)
        w = self.params.background_weight
        bg = self.background
        if not w or not bg.articles:
            return float(total), {t: float(c) for t, c in df.items()}
        return total + w * bg.articles, {t: df.get(t, 0) + w * bg.df.get(t, 0) for t in terms}

    def _score(
        self,
        vector: dict[str, float],
        names: frozenset[str],
        common_norm: float,
        story: StoryVector,
        published: datetime | None,
        prior: float,
        power: float = 1.0,
    ) -> float:
        """How well an article fits a candidate story (see the module docstring)."""
        p = self.params
        if story.norm2 <= 0:
            return 0.0
        weights = story.weights
        dot = dot_words = 0.0
        for term, x in vector.items():  # one pass for both cosines
            y = weights.get(term)
            if y is not None:
                if power != 1.0:
                    y = y**power
                dot += x * y
                if term not in names:
                    dot_words += x * y
        length = math.sqrt(self._powered_norm2(story, power))
        score = dot / length
        if p.event_words:
            words = dot_words / (common_norm * length) if common_norm else 0.0
            score = (1 - p.event_words) * score + p.event_words * words
        score *= self._time_factor(published, story)
        if prior:
            score *= 1.0 + prior * math.log(story.size)
        return score - p.small_story_margin / max(1, story.size)

    def _powered_norm2(self, story: StoryVector, power: float) -> float:
        """:func:`_powered_norm2`, remembered per story state: headlines meet the same big stories again and
        again, and the sum runs over up to ``max_features`` weights."""
        if power == 1.0:
            return story.norm2
        key = (story.story_id, story.size, story.norm2, power)
        found = self._norms.get(key)
        if found is None:
            if len(self._norms) >= 100_000:
                self._norms.clear()
            found = self._norms[key] = _powered_norm2(story, power)
        return found

    def _thresholds(self, tokens: int) -> tuple[float, float, float, float]:
        p = self.params
        lo, hi = math.log(p.short_tokens), math.log(p.long_tokens)
        x = min(1.0, max(0.0, (math.log(max(tokens, 1)) - lo) / (hi - lo)))
        return (
            p.short_threshold + x * (p.long_threshold - p.short_threshold),
            p.short_merge + x * (p.long_merge - p.short_merge),
            p.short_size_prior + x * (p.long_size_prior - p.short_size_prior),
            p.short_story_power + x * (p.long_story_power - p.short_story_power),
        )

    def _time_factor(self, published: datetime | None, story: StoryVector) -> float:
        if published is None or story.first_seen is None or story.last_seen is None:
            return 1.0
        p = self.params
        if published < story.first_seen:
            gap = (story.first_seen - published).total_seconds() / 86400
        else:
            gap = max(0.0, (published - story.last_seen).total_seconds() / 86400)
        return 1.0 if gap <= p.same_days else math.exp(-(gap - p.same_days) / p.decay_days)

    def _merge_neighbours(
        self,
        story: StoryVector,
        others: list[StoryVector],
        merge_at: float,
        published: datetime | None,
        merged: list[str],
        power: float = 1.0,
    ) -> StoryVector:
        """Fold into ``story`` the closest of the runner-up stories of the article that joined it, when the two
        stories' vectors are close enough: the article tied them together."""
        best, best_score = None, 0.0
        for other in others:
            if other.size < 2 and story.size < 2:
                continue
            score = _story_cosine(story, other, power) * self._time_factor(published, other)
            if score > best_score:
                best, best_score = other, score
        if best is None or best_score < merge_at:
            return story
        keep, gone = (story, best) if _older(story, best) else (best, story)
        combined = _combine(keep, gone, self.params.max_features)
        self.state.merge(gone.story_id, combined)
        merged.append(gone.story_id)
        return combined


def _unit_tfidf(counts: dict[str, float], df: dict[str, float], total: float) -> dict[str, float]:
    """Sub-linear TF times a smoothed IDF, scaled to unit length; the article itself counts in ``total``."""
    vec: dict[str, float] = {}
    for term, count in counts.items():
        tf = 1.0 + math.log(count) if count >= 1 else count
        vec[term] = tf * math.log((total + 1) / (df.get(term, 0) + 1.5))
    norm = math.sqrt(sum(x * x for x in vec.values())) or 1.0
    return {t: x / norm for t, x in vec.items() if x > 0}


def _powered_norm2(story: StoryVector, power: float) -> float:
    """The squared length of the story's weights raised to ``power`` (weights are positive)."""
    if power == 1.0:
        return story.norm2
    if power == 0.5:
        return sum(story.weights.values())
    return sum(y ** (2 * power) for y in story.weights.values())


def _story_cosine(a: StoryVector, b: StoryVector, power: float = 1.0) -> float:
    """Cosine between two stories' weights, each raised to ``power``."""
    if a.norm2 <= 0 or b.norm2 <= 0:
        return 0.0
    small, big = (a.weights, b.weights) if len(a.weights) < len(b.weights) else (b.weights, a.weights)
    if power == 1.0:
        dot = sum(x * big.get(t, 0.0) for t, x in small.items())
    else:
        dot = sum((x * big[t]) ** power for t, x in small.items() if t in big)
    return dot / math.sqrt(_powered_norm2(a, power) * _powered_norm2(b, power))


def _prune(weights: dict[str, float], keep: int) -> dict[str, float]:
    if len(weights) <= keep:
        return weights
    return dict(heapq.nlargest(keep, weights.items(), key=lambda kv: (kv[1], kv[0])))


def _span(a: datetime | None, b: datetime | None, earliest: bool) -> datetime | None:
    if a is None or b is None:
        return a or b
    return min(a, b) if earliest else max(a, b)


def _add(story: StoryVector, vec: dict[str, float], published: datetime | None, keep: int) -> StoryVector:
    weights = dict(story.weights)
    for t, x in vec.items():
        weights[t] = weights.get(t, 0.0) + x
    weights = _prune(weights, keep)
    return StoryVector(
        story.story_id,
        weights,
        sum(x * x for x in weights.values()),
        story.size + 1,
        _span(story.first_seen, published, True),
        _span(story.last_seen, published, False),
    )


def _combine(keep: StoryVector, gone: StoryVector, limit: int) -> StoryVector:
    weights = dict(keep.weights)
    for t, x in gone.weights.items():
        weights[t] = weights.get(t, 0.0) + x
    weights = _prune(weights, limit)
    return StoryVector(
        keep.story_id,
        weights,
        sum(x * x for x in weights.values()),
        keep.size + gone.size,
        _span(keep.first_seen, gone.first_seen, True),
        _span(keep.last_seen, gone.last_seen, False),
    )


def _older(a: StoryVector, b: StoryVector) -> bool:
    """Whether ``a`` should survive a merge with ``b``: the bigger story, then the earlier, then the lower id."""
    return (-a.size, a.first_seen is None, a.first_seen or datetime.min, a.story_id) <= (
        -b.size,
        b.first_seen is None,
        b.first_seen or datetime.min,
        b.story_id,
    )
