"""Story maintenance: cluster what arrived, and keep each story's summary true to its members.

A summary is never written by us: the headline is the title of the member that best covers the story's
heaviest features (reprints and very short titles lose ties), the outlets are the members' outlets, and the
count of independent sources counts each outlet once and leaves out reprints of wire copy whose original is in
the story, because ten mastheads printing one agency's text are one source.
"""

from __future__ import annotations

import heapq
import time
from collections import Counter
from collections.abc import Callable

from newsdesk.cluster.features import extract
from newsdesk.cluster.online import Clusterer, ClusterParams
from newsdesk.cluster.state import StoreState
from newsdesk.store.base import Store
from newsdesk.types import Article, ClusterRun, Story, StoryUpdate, StoryVector

KEY_NAMES = 8
KEY_TERMS = 8
READ_MEMBERS = 25


def cluster_new(
    store: Store,
    params: ClusterParams | None = None,
    *,
    batch: int = 500,
    on_update: Callable[[StoryUpdate, float], None] | None = None,
    summaries: bool = True,
) -> ClusterRun:
    """Cluster every article not yet in a story, in arrival order, then refresh the summaries that changed.

    ``on_update`` is called after each article with what clustering did and the seconds it took;
    ``summaries=False`` leaves the summaries to a later :func:`refresh_summaries`.
    """
    started = time.perf_counter()
    clusterer = Clusterer(params, StoreState(store))
    articles = new = merges = 0
    while True:
        pending = store.unclustered(limit=batch)
        if not pending:
            break
        for article in pending:
            began = time.perf_counter()
            # read, decide and write as one: another process clustering the same store waits its turn, so no
            # story is updated from a vector that changed in between
            with store.atomic():
                if store.story_of(article.id) is not None:
                    continue  # clustered by another process since the batch was read
                original_story = store.story_of(article.reprint_of) if article.reprint_of else None
                update = clusterer.add(
                    article.id,
                    article.title,
                    article.text,
                    article.published,
                    reprint_story=original_story,
                )
            if on_update is not None:
                on_update(update, time.perf_counter() - began)
            articles += 1
            new += update.created
            merges += len(update.merged)
    summarised = refresh_summaries(store) if summaries else 0
    return ClusterRun(articles, new, articles - new, merges, summarised, time.perf_counter() - started)


def refresh_summaries(store: Store, *, batch: int = 500) -> int:
    """Rewrite the summary of every story whose members changed; returns how many were rewritten."""
    done = 0
    while True:
        progress = 0
        for story_id in store.dirty_stories(limit=batch):
            with store.atomic():  # members and vector as they are now, not as another writer leaves them
                members = [a for a, _ in store.story_members(story_id)]
                vector = store.story_vectors([story_id])
                if vector and members:
                    store.put_story(summarise(vector[0], members))
                    progress += 1
        done += progress
        if not progress:  # nothing left, or only stories without members (which a later run may fill)
            return done


def summarise(vector: StoryVector, members: list[Article]) -> Story:
    """The summary of a story with this vector and these members (in the order they joined)."""
    ids = {a.id for a in members}
    names: Counter[str] = Counter()
    surfaces: dict[str, Counter[str]] = {}
    best: tuple[float, int, Article] | None = None
    sampled = {a.id for a in members[:READ_MEMBERS] + members[-READ_MEMBERS:]}
    for order, article in enumerate(members):
        title = extract(article.title, "")
        # names and words are read from the first and last members' texts only, so a summary costs the same
        # for a story of fifty articles and one of five thousand; every title still competes for the headline
        feats = extract(article.title, article.text) if article.id in sampled else title
        names.update(set(feats.names))
        for stem, word in feats.surfaces.items():
            surfaces.setdefault(stem, Counter())[word] += 1
        coverage = sum(vector.weights.get(t, 0.0) for t in title.counts) / max(1.0, len(title.counts)) ** 0.5
        if article.reprint_of in ids:
            coverage *= 0.9
        if len(title.counts) < 3:
            coverage *= 0.5
        if best is None or coverage > best[0] + 1e-12:
            best = (coverage, order, article)
    assert best is not None
    outlets = list(dict.fromkeys(a.outlet.name for a in members))
    independent = {a.outlet.id for a in members if not a.reprint_of or a.reprint_of not in ids}
    times = [a.published or a.first_seen for a in members]
    top = heapq.nlargest(KEY_TERMS * 2, vector.weights, key=lambda t: (vector.weights[t], t))
    terms = [surfaces[t].most_common(1)[0][0] for t in top if not t.startswith("y:") and t in surfaces]
    key_names = [n for n, c in sorted(names.items(), key=lambda kv: (-kv[1], kv[0])) if c > 1 or len(members) == 1]
    return Story(
        id=vector.story_id,
        headline=best[2].title,
        headline_article=best[2].id,
        article_ids=tuple(a.id for a in members),
        outlets=tuple(outlets),
        sources=len(independent),
        first_seen=min(times),
        last_seen=max(times),
        entities=tuple(key_names[:KEY_NAMES]),
        terms=tuple(terms[:KEY_TERMS]),
    )
