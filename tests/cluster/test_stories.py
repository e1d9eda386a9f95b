"""Clustering the store: one article at a time as one transaction, safe beside another process doing the same."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

from newsdesk.cluster.stories import cluster_new
from newsdesk.store import SQLiteStore
from newsdesk.store.testing import T0, make_doc
from newsdesk.types import StoryUpdate

TOPICS = [
    ("Bridge collapses in Riverton", "The old bridge over the Riverton canal collapsed during the morning rush."),
    ("Chess final goes to tiebreak", "The Ardent Cup chess final went to a tiebreak after six drawn games."),
    ("Bakers strike in Valdora", "Bakers in Valdora walked out over wages, and bread ran short in the city."),
]


def fill(db: Path, n: int) -> list[str]:
    with SQLiteStore(db) as store:
        ids = []
        for i in range(n):
            title, text = TOPICS[i % len(TOPICS)]
            doc = make_doc(i, title=f"{title} ({i})", text=text, published=T0 + timedelta(minutes=i))
            store.upsert_document(doc, T0)
            ids.append(doc.id)
        return ids


def test_articles_clustered_by_another_process_meanwhile_are_not_clustered_again(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    ids = fill(db, 9)
    first_run: list[str] = []
    second_run: list[str] = []
    with SQLiteStore(db) as mine, SQLiteStore(db) as other:

        def meanwhile(update: StoryUpdate, seconds: float) -> None:
            first_run.append(update.article_id)
            if len(first_run) == 1:  # after my first article, the other process clusters all the rest
                cluster_new(other, on_update=lambda u, s: second_run.append(u.article_id))

        run = cluster_new(mine, on_update=meanwhile)
        assert first_run == ids[:1]
        assert second_run == ids[1:]
        assert run.articles == 1
        assert mine.unclustered() == []
        assert mine.cluster_stats([])[0] == 9  # every article counted once in the statistics
        assert sum(len(s.article_ids) for s in mine.list_stories(limit=100)) == 9
        assert len(mine.list_stories(limit=100)) == 3


def test_another_writer_waits_for_an_atomic_block(tmp_path: Path) -> None:
    db = tmp_path / "news.db"
    fill(db, 1)
    order: list[str] = []
    with SQLiteStore(db) as mine, SQLiteStore(db) as other:

        def write_from_elsewhere() -> None:
            other.upsert_document(make_doc("elsewhere"), T0)
            order.append("other wrote")

        with mine.atomic():
            mine.upsert_document(make_doc("mine"), T0)
            writer = threading.Thread(target=write_from_elsewhere)
            writer.start()
            time.sleep(0.3)  # the other writer is blocked meanwhile
            order.append("my block ends")
        writer.join(timeout=10)
        assert order == ["my block ends", "other wrote"]
        assert mine.count_articles() == 3


def test_independent_members_are_the_ones_sources_counts(tmp_path: Path) -> None:
    from newsdesk import export
    from newsdesk.cluster.stories import summarise
    from newsdesk.store.testing import GAZETTE
    from newsdesk.types import ReprintLink, StoryVector

    with SQLiteStore(tmp_path / "news.db") as store:
        original = make_doc("wire", title="Bridge collapses", text="The bridge fell into the river.")
        copy = make_doc("copy", title="Bridge falls", text="The bridge fell into the river.", outlet=GAZETTE)
        orphan = make_doc("orphan", title="Bridge gone", text="The bridge fell.", outlet=GAZETTE)
        outside = make_doc("elsewhere", title="Elsewhere", text="An original in another story.")
        for doc in (original, copy, orphan, outside):
            store.upsert_document(doc, T0)
        store.set_reprint(ReprintLink(copy.id, original.id, 0.99), copy.id)
        store.set_reprint(ReprintLink(orphan.id, outside.id, 0.9), orphan.id)  # its original is not a member
        members = [store.get_article(d.id) for d in (original, copy, orphan)]
        assert all(m is not None for m in members)
        story = summarise(StoryVector("s_x", {"bridg": 1.0}, 1.0, 3), members)  # type: ignore[arg-type]
        data = export.story(story, members=[(m, 0.5) for m in members])  # type: ignore[misc]
        independent = {m["outlet"]["id"] for m in data["members"] if m["independent"]}
        assert [m["independent"] for m in data["members"]] == [True, False, True]
        assert story.sources == len(independent) == 2
