"""The sample corpus clusters into the stories its authors wrote (see examples/README.md)."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import pytest

from newsdesk.pipeline import rebuild_stories
from newsdesk.store.base import Store
from newsdesk.types import Article

# The authors' stories, told apart by words of the headline (checked in order: the missile launch's headlines
# mention Kursk too). ``test_the_labels_match_the_corpus_readme`` checks these against the README's counts.
INTENDED = [
    ("missile", r"missile"),
    ("kursk", r"Kursk|North Korea|Pyongyang|Kim ships|Putin's war"),
    ("riyadh", r"Riyadh|Rubio|Lavrov|U\.S\., Russia"),
    ("flood", r"Valdora|flood|Alto Marin|Kessen|Calvenia|toll"),
    ("ratecut", r"Tarsland|\brate\b"),
    ("cable", r"cable|Carrow|Caldor"),
    ("chess", r"Ardent|Marwood|chess"),
]
README_COUNTS = {"kursk": 14, "missile": 4, "riyadh": 4, "flood": 11, "ratecut": 6, "cable": 6, "chess": 5}


def intended(article: Article) -> str:
    for label, pattern in INTENDED:
        if re.search(pattern, article.title, re.IGNORECASE):
            return label
    raise AssertionError(f"no intended story for {article.title!r}")


@pytest.fixture(scope="module")
def store(sample_store: Store) -> Store:
    return sample_store


@pytest.fixture(scope="module")
def articles(store: Store) -> list[Article]:
    return store.list_articles(limit=1000)


@pytest.fixture(scope="module")
def partition(store: Store, articles: list[Article]) -> dict[str, Counter[str]]:
    """Predicted story id → the intended labels of its members."""
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for a in articles:
        story = store.story_of(a.id)
        assert story is not None, f"{a.title!r} is in no story"
        out[story][intended(a)] += 1
    return out


def test_the_labels_match_the_corpus_readme(articles: list[Article]) -> None:
    assert Counter(intended(a) for a in articles) == README_COUNTS


def test_every_article_is_in_a_story_and_no_story_mixes_two(partition: dict[str, Counter[str]]) -> None:
    mixed = {sid: dict(labels) for sid, labels in partition.items() if len(labels) > 1}
    assert mixed == {}


def test_each_story_of_the_corpus_is_one_story(partition: dict[str, Counter[str]]) -> None:
    stories_per_label = Counter(label for labels in partition.values() for label in labels)
    assert stories_per_label == {label: 1 for label in README_COUNTS}


def test_the_kursk_story_holds_all_its_articles_and_not_the_missile_launch(
    store: Store, articles: list[Article]
) -> None:
    kursk = {store.story_of(a.id) for a in articles if intended(a) == "kursk"}
    missile = {store.story_of(a.id) for a in articles if intended(a) == "missile"}
    assert len(kursk) == 1 and len(missile) == 1
    assert kursk != missile


def test_reprints_are_counted_once_among_independent_sources(store: Store, articles: list[Article]) -> None:
    by_label = {intended(a): store.story_of(a.id) for a in articles}
    kursk = store.get_story(str(by_label["kursk"]))
    assert kursk is not None
    members = [a for a in articles if a.id in kursk.article_ids]
    reprints = [a for a in members if a.reprint_of]
    assert len(reprints) == 2  # Northgate Post and Riverside Gazette reprint Meridian Wire
    own_outlets = {a.outlet.id for a in members if not a.reprint_of}
    assert kursk.sources == len(own_outlets)
    assert "Riverside Gazette" in kursk.outlets  # listed as an outlet ...
    riverside = {a.outlet.id for a in members if a.outlet.name == "Riverside Gazette"}
    assert not riverside & own_outlets  # ... but its only article is a reprint, so it adds no source
    assert kursk.sources < len(kursk.outlets)


def test_the_headline_is_a_members_title(store: Store) -> None:
    for story in store.list_stories(limit=100):
        titles = {a.title for a, _ in store.story_members(story.id)}
        assert story.headline in titles


def test_stories_carry_their_span_names_and_terms(store: Store, articles: list[Article]) -> None:
    kursk_id = next(store.story_of(a.id) for a in articles if intended(a) == "kursk")
    story = store.get_story(str(kursk_id))
    assert story is not None
    assert story.first_seen is not None and story.last_seen is not None
    assert story.first_seen <= story.last_seen
    assert "Kursk" in story.entities
    assert "kursk" in story.terms


def test_rebuilding_gives_the_same_stories(store: Store, articles: list[Article]) -> None:
    before = {a.id: store.story_of(a.id) for a in articles}
    rebuild_stories(store)
    after = {a.id: store.story_of(a.id) for a in articles}
    assert after == before
