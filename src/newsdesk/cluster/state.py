"""Where the clusterer keeps its state: in memory (evaluation, tests) or in the store (the product).

Both hold the same things — how many articles were clustered and each feature's document frequency, every
story's summed vector, and the candidate index from features to the stories most recently touched under them —
and the clusterer reads and writes them only through :class:`ClusterState`, so the code that decides is the
same in both.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from itertools import islice
from typing import Protocol

from newsdesk.store.base import Store
from newsdesk.types import StoryVector


class ClusterState(Protocol):
    def stats(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        """Articles clustered so far, and the document frequency of each of ``terms``."""
        ...

    def candidates(self, terms: Sequence[str], *, per_term: int) -> list[str]:
        """Stories indexed under ``terms``: per term, the ``per_term`` most recently touched."""
        ...

    def vectors(self, story_ids: Sequence[str]) -> list[StoryVector]: ...

    def assign(
        self,
        article_id: str,
        vector: StoryVector,
        *,
        similarity: float,
        doc_terms: Sequence[str],
        index_terms: Sequence[str],
    ) -> None:
        """The article joined ``vector.story_id``, whose state is now ``vector``."""
        ...

    def merge(self, gone: str, into: StoryVector) -> None:
        """Story ``gone`` was folded into ``into``."""
        ...

    def resolve(self, story_id: str) -> str:
        """The story that ``story_id`` lives in now (itself unless merged)."""
        ...


class MemoryState:
    """Clustering state in dictionaries: for evaluation runs and tests."""

    def __init__(self) -> None:
        self.articles = 0
        self.df: dict[str, int] = defaultdict(int)
        self.stories: dict[str, StoryVector] = {}
        self._postings: dict[str, dict[str, int]] = defaultdict(dict)
        self._indexed: dict[str, set[str]] = defaultdict(set)
        self._redirect: dict[str, str] = {}
        self._tick = 0

    def stats(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        df = self.df
        return self.articles, {t: df[t] for t in terms if t in df}

    def candidates(self, terms: Sequence[str], *, per_term: int) -> list[str]:
        found: dict[str, None] = {}
        for term in terms:
            posting = self._postings.get(term)
            if not posting:
                continue
            found.update(dict.fromkeys(islice(reversed(posting), per_term)))
        return list(found)

    def vectors(self, story_ids: Sequence[str]) -> list[StoryVector]:
        return [self.stories[s] for s in story_ids if s in self.stories]

    def assign(
        self,
        article_id: str,
        vector: StoryVector,
        *,
        similarity: float,
        doc_terms: Sequence[str],
        index_terms: Sequence[str],
    ) -> None:
        self._tick += 1
        self.articles += 1
        for t in doc_terms:
            self.df[t] += 1
        self.stories[vector.story_id] = vector
        self._indexed[vector.story_id].update(index_terms)
        for t in index_terms:
            posting = self._postings[t]
            posting.pop(vector.story_id, None)  # dicts keep insertion order: last touched is last
            posting[vector.story_id] = self._tick

    def merge(self, gone: str, into: StoryVector) -> None:
        self._tick += 1
        self.stories[into.story_id] = into
        self.stories.pop(gone, None)
        self._redirect[gone] = into.story_id
        terms = self._indexed.pop(gone, set())
        self._indexed[into.story_id] |= terms
        for t in terms:
            posting = self._postings[t]
            posting.pop(gone, None)
            posting.pop(into.story_id, None)
            posting[into.story_id] = self._tick

    def resolve(self, story_id: str) -> str:
        seen = story_id
        while seen in self._redirect:
            seen = self._redirect[seen]
        return seen


class StoreState:
    """Clustering state in a :class:`~newsdesk.store.base.Store`: the product's."""

    def __init__(self, store: Store) -> None:
        self.store = store

    def stats(self, terms: Sequence[str]) -> tuple[int, dict[str, int]]:
        return self.store.cluster_stats(terms)

    def candidates(self, terms: Sequence[str], *, per_term: int) -> list[str]:
        return self.store.story_candidates(terms, per_term=per_term)

    def vectors(self, story_ids: Sequence[str]) -> list[StoryVector]:
        return self.store.story_vectors(story_ids)

    def assign(
        self,
        article_id: str,
        vector: StoryVector,
        *,
        similarity: float,
        doc_terms: Sequence[str],
        index_terms: Sequence[str],
    ) -> None:
        self.store.assign_article(
            article_id, vector, similarity=similarity, doc_terms=doc_terms, index_terms=index_terms
        )

    def merge(self, gone: str, into: StoryVector) -> None:
        self.store.merge_stories(gone, into)

    def resolve(self, story_id: str) -> str:
        story = self.store.get_story(story_id)
        return story.id if story is not None else story_id
