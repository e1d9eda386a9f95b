"""The online clusterer: joins, new stories, time, reprints, merges, and the same decisions in memory and store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newsdesk.cluster import Clusterer, ClusterParams
from newsdesk.cluster.state import MemoryState, StoreState
from newsdesk.store import open_store
from newsdesk.store.testing import make_doc
from newsdesk.types import StoryUpdate

T = datetime(2025, 2, 13, 9, 0, tzinfo=UTC)

BACKGROUND = [
    ("Parliament passes budget after long debate", "Lawmakers approved the spending plan for schools and roads."),
    ("Storm brings snow to the mountains", "Heavy snow closed passes and cut power to villages overnight."),
    ("Football club signs striker", "The club paid a record fee for the young striker from Lyon."),
    ("Central bank holds interest rates", "The bank kept its main rate unchanged, citing stubborn inflation."),
    ("Museum reopens after renovation", "Visitors returned to the galleries after three years of repairs."),
]

QUAKE_1 = (
    "Earthquake of magnitude 6.1 strikes Sumatra",
    "A magnitude 6.1 earthquake struck western Sumatra, Indonesia, damaging houses in Padang. "
    "Rescuers searched collapsed buildings in Padang after the earthquake.",
)
QUAKE_2 = (
    "Sumatra earthquake damages houses in Padang",
    "Houses collapsed in Padang when the earthquake hit western Sumatra. Indonesia sent rescuers to Padang "
    "to search the rubble after the magnitude 6.1 quake.",
)
CHESS = (
    "Marwood wins the Ardent Cup chess final",
    "Grandmaster Aiko Marwood beat Rafael Quiroga in a tiebreak to win the Ardent Cup chess final in Talmar.",
)


def warm(clusterer: Clusterer, when: datetime | None = T) -> None:
    for i, (title, text) in enumerate(BACKGROUND):
        clusterer.add(f"bg{i}", title, text, when)


def test_a_report_of_the_same_event_joins_its_story() -> None:
    c = Clusterer()
    warm(c)
    first = c.add("q1", *QUAKE_1, T)
    second = c.add("q2", *QUAKE_2, T + timedelta(hours=3))
    assert first.created
    assert not second.created
    assert second.story_id == first.story_id
    assert 0 < second.similarity <= 1


def test_another_event_starts_its_own_story() -> None:
    c = Clusterer()
    warm(c)
    quake = c.add("q1", *QUAKE_1, T)
    chess = c.add("c1", *CHESS, T)
    assert chess.created
    assert chess.story_id != quake.story_id


def test_story_ids_are_stable_for_the_same_stream() -> None:
    runs = []
    for _ in range(2):
        c = Clusterer()
        warm(c)
        runs.append([c.add("q1", *QUAKE_1, T).story_id, c.add("c1", *CHESS, T).story_id])
    assert runs[0] == runs[1]


def test_the_same_subject_weeks_later_is_a_new_story() -> None:
    c = Clusterer()
    warm(c)
    first = c.add("q1", *QUAKE_1, T)
    later = c.add("q2", *QUAKE_2, T + timedelta(days=40))
    assert later.created
    assert later.story_id != first.story_id


def test_an_earlier_report_arriving_late_still_joins() -> None:
    c = Clusterer()
    warm(c)
    first = c.add("q1", *QUAKE_1, T)
    earlier = c.add("q2", *QUAKE_2, T - timedelta(days=1))
    assert earlier.story_id == first.story_id


def test_without_publication_times_only_words_decide() -> None:
    c = Clusterer()
    warm(c, None)
    first = c.add("q1", *QUAKE_1, None)
    assert c.add("q2", *QUAKE_2, None).story_id == first.story_id


def test_a_reprint_joins_its_originals_story_whatever_its_words() -> None:
    c = Clusterer()
    warm(c)
    quake = c.add("q1", *QUAKE_1, T)
    reprint = c.add("r1", *CHESS, T, reprint_story=quake.story_id)
    assert not reprint.created
    assert reprint.story_id == quake.story_id
    assert reprint.similarity == 1.0


def split_then_rejoined(merge_at: float) -> tuple[Clusterer, StoryUpdate, StoryUpdate, StoryUpdate]:
    """Two reports of one quake split by a high join threshold, then a copy of the first that joins it and
    also resembles the second's story: merged when the two stories' cosine reaches ``merge_at``."""
    params = ClusterParams(
        short_threshold=0.9,
        long_threshold=0.9,
        short_merge=merge_at,
        long_merge=merge_at,
        small_story_margin=0.0,
        event_words=0.0,
    )
    c = Clusterer(params)
    warm(c)
    a = c.add("q1", *QUAKE_1, T)
    b = c.add("q2", *QUAKE_2, T)
    assert b.created and b.story_id != a.story_id
    return c, a, b, c.add("q3", *QUAKE_1, T)


def test_stories_that_meet_are_merged_and_the_old_id_resolves() -> None:
    c, a, b, again = split_then_rejoined(merge_at=0.2)
    assert again.merged == (b.story_id,)
    assert again.story_id == a.story_id  # the bigger story survives
    assert c.resolve(b.story_id) == a.story_id
    assert c.resolve(a.story_id) == a.story_id
    chess = c.add("c1", *CHESS, T)
    assert c.resolve(chess.story_id) == chess.story_id


def test_no_merge_when_stories_are_apart() -> None:
    c, a, b, again = split_then_rejoined(merge_at=0.95)
    assert again.merged == ()
    assert c.resolve(b.story_id) == b.story_id != a.story_id


def test_candidates_come_from_the_index_not_from_every_story() -> None:
    state = MemoryState()
    c = Clusterer(state=state)
    warm(c)
    looked_up: list[int] = []
    original = state.vectors

    def counting(ids):  # type: ignore[no-untyped-def]
        looked_up.append(len(ids))
        return original(ids)

    state.vectors = counting  # type: ignore[method-assign]
    c.add("q1", *QUAKE_1, T)
    assert looked_up == [0]  # nothing in the store shares the quake's words
    c.add("q2", *QUAKE_2, T)
    assert looked_up[1] == 1


@pytest.mark.parametrize("threshold", [0.2, 0.35])
def test_memory_and_store_state_decide_alike(tmp_path: Path, threshold: float) -> None:
    docs = [(f"bg{i}", t, x) for i, (t, x) in enumerate(BACKGROUND)]
    docs += [("q1", *QUAKE_1), ("c1", *CHESS), ("q2", *QUAKE_2), ("q3", QUAKE_1[0], QUAKE_2[1])]
    params = ClusterParams(long_threshold=threshold, short_threshold=threshold)
    memory = Clusterer(params)
    with open_store(tmp_path / "news.db") as store:
        ids = {}
        for n, (key, title, text) in enumerate(docs):
            doc = make_doc(key, title=title, text=text, published=T + timedelta(minutes=n))
            store.upsert_document(doc, T)
            ids[key] = doc.id
        stored = Clusterer(params, StoreState(store))
        got_memory = [memory.add(ids[k], t, x, T + timedelta(minutes=n)) for n, (k, t, x) in enumerate(docs)]
        got_store = [stored.add(ids[k], t, x, T + timedelta(minutes=n)) for n, (k, t, x) in enumerate(docs)]
        assert got_memory == got_store
        for u in got_store:
            assert store.story_of(u.article_id) == stored.resolve(u.story_id)


KURSK_1 = (
    "North Korea sends more troops to Russia's Kursk front, Seoul says",
    "South Korea's spy agency said North Korea had deployed fresh troops to the Kursk region. Kim Jong Un's "
    "soldiers returned to the front after a lull, and Pyongyang has sent thousands of troops to fight for Moscow. "
    "The deployment follows heavy casualties among the soldiers, who fought in infantry assaults on Ukrainian "
    "positions; the agency estimated that hundreds were killed and wounded.",
)
KURSK_2 = (
    "Fresh North Korean troops reach Kursk front",
    "More North Korean troops have been deployed to Russia's Kursk region, Seoul's intelligence service said. "
    "The soldiers returned to the front line after weeks of losses; Pyongyang denies sending troops. Casualties "
    "among the infantry were heavy, the agency said, and the new deployment may replace the killed and wounded.",
)
MISSILE = (
    "North Korea fires ballistic missile into the sea, Seoul says",
    "North Korea fired a short-range ballistic missile into the sea off its east coast, Seoul's military said. "
    "Kim Jong Un watched the launch; Pyongyang said the missile test checked a new guidance system. The missile "
    "flew about 300 kilometres before splashing down, and Japan's coast guard warned ships in the area.",
)


def test_two_events_that_share_people_and_places_stay_apart() -> None:
    c = Clusterer()
    warm(c)
    first = c.add("k1", *KURSK_1, T)
    second = c.add("k2", *KURSK_2, T + timedelta(hours=5))
    missile = c.add("m1", *MISSILE, T + timedelta(days=1))
    assert second.story_id == first.story_id
    assert missile.created
    assert c.resolve(missile.story_id) != c.resolve(first.story_id)


def test_names_alone_would_have_joined_them() -> None:
    # the same articles with the event-word share switched off: the shared names carry the missile launch
    # into the troops story, which is what event_words is there to prevent
    c = Clusterer(ClusterParams(event_words=0.0))
    warm(c)
    first = c.add("k1", *KURSK_1, T)
    c.add("k2", *KURSK_2, T + timedelta(hours=5))
    missile = c.add("m1", *MISSILE, T + timedelta(days=1))
    assert c.resolve(missile.story_id) == c.resolve(first.story_id)
