"""Reprint detection: wire copy under other mastheads is linked to its earliest copy, in any arrival order."""

from __future__ import annotations

import itertools
import json
import shutil
from pathlib import Path

import pytest

from newsdesk.ingest.reprints import MIN_SHINGLES, Signature, is_reprint, shingles, signature
from newsdesk.pipeline import run_ingest
from newsdesk.settings import Settings
from newsdesk.store.base import Store
from newsdesk.types import Article, RunSummary

REPRINTS = Path(__file__).parent / "fixtures" / "reprints"
WIRE = REPRINTS / "wire.json"  # Orrin Wire, 06:00 UTC: the original
LAKESIDE = REPRINTS / "lakeside-reprint.html"  # 07:30 UTC: new headline, last paragraph dropped
WESTHAVEN = REPRINTS / "westhaven-reprint.md"  # 09:00 UTC: a dateline put in front
HARROW = REPRINTS / "harrowbay-paraphrase.md"  # 10:00 UTC: the same event in other words

WIRE_URL = "https://www.orrinwire.example/world/2025/03/18/container-ship-aground-orrin-strait"
LAKESIDE_URL = "https://www.lakesidechronicle.example/news/2025/03/18/cargo-ship-stranded-cape-lorn"
WESTHAVEN_URL = "https://www.westhavendaily.example/news/maren-vale-aground"
HARROW_URL = "https://harrowbay.example/shipping/stranded-freighter-orrin-strait"


def ingest(store: Store, settings: Settings, *sources: Path | str) -> RunSummary:
    return run_ingest(store, [str(s) for s in sources], settings)


def get(store: Store, url: str) -> Article:
    article = store.find_article(url)
    assert article is not None, url
    return article


def links(store: Store) -> dict[str, str | None]:
    """Each article's URL → the URL of the article it reprints."""
    by_id = {a.id: a for a in store.list_articles(limit=100)}
    return {a.url or a.key: (by_id[a.reprint_of].url if a.reprint_of else None) for a in by_id.values()}


EXPECTED = {WIRE_URL: None, LAKESIDE_URL: WIRE_URL, WESTHAVEN_URL: WIRE_URL, HARROW_URL: None}


def test_the_fixtures_are_what_they_claim() -> None:
    wire = json.loads(WIRE.read_text(encoding="utf-8"))["text"].split("\n\n")
    westhaven = WESTHAVEN.read_text(encoding="utf-8")
    lakeside = LAKESIDE.read_text(encoding="utf-8")
    assert wire[-1] not in lakeside and all(p in lakeside for p in wire[:-1])
    assert "CAPE LORN (Orrin Wire) — " + wire[0] in westhaven
    assert not any(p in HARROW.read_text(encoding="utf-8") for p in wire)


def test_reprints_link_to_the_wire_original(store: Store, settings: Settings) -> None:
    summary = ingest(store, settings, WIRE, LAKESIDE, WESTHAVEN, HARROW)
    assert (summary.new, summary.reprints, summary.failed) == (4, 2, 0)
    assert links(store) == EXPECTED
    wire = get(store, WIRE_URL)
    lakeside, westhaven = get(store, LAKESIDE_URL), get(store, WESTHAVEN_URL)
    assert lakeside.title != wire.title and westhaven.title != wire.title  # mastheads rewrote the headline
    assert lakeside.reprint_similarity is not None and lakeside.reprint_similarity >= settings.reprint_threshold
    assert westhaven.reprint_similarity is not None and westhaven.reprint_similarity >= 0.9
    assert get(store, HARROW_URL).reprint_similarity is None
    assert sorted(link.article_id for link in store.reprints_of(wire.id)) == sorted([lakeside.id, westhaven.id])
    assert all(link.original_id == wire.id for link in store.reprints_of(wire.id))


@pytest.mark.parametrize(
    "order",
    list(itertools.permutations([WIRE, LAKESIDE, WESTHAVEN, HARROW]))[::5],
    ids=lambda order: "-".join(p.stem.split("-")[0] for p in order),
)
def test_arrival_order_does_not_matter(store: Store, settings: Settings, order: tuple[Path, ...]) -> None:
    ingest(store, settings, *order)
    assert links(store) == EXPECTED


def test_original_arriving_last_in_later_runs(store: Store, settings: Settings) -> None:
    ingest(store, settings, WESTHAVEN)
    ingest(store, settings, LAKESIDE)
    assert links(store) == {WESTHAVEN_URL: LAKESIDE_URL, LAKESIDE_URL: None}  # the earliest copy known so far
    ingest(store, settings, HARROW, WIRE)
    assert links(store) == EXPECTED
    assert store.reprints_of(get(store, LAKESIDE_URL).id) == []


def test_revision_that_no_longer_matches_clears_the_link(store: Store, settings: Settings, tmp_path: Path) -> None:
    copy = tmp_path / "westhaven.md"
    shutil.copy(WESTHAVEN, copy)
    ingest(store, settings, WIRE, LAKESIDE, copy)
    assert get(store, WESTHAVEN_URL).reprint_of == get(store, WIRE_URL).id

    # Westhaven replaces the wire copy with its own reporting, at the same URL.
    front, _, _ = copy.read_text(encoding="utf-8").rpartition("---\n")
    own = HARROW.read_text(encoding="utf-8").rpartition("---\n")[2].replace("Tuesday", "Tuesday morning")
    copy.write_text(front + "---\n" + own, encoding="utf-8")
    summary = ingest(store, settings, copy)
    assert (summary.revised, summary.reprints) == (1, 0)
    westhaven = get(store, WESTHAVEN_URL)
    assert westhaven.revision == 2
    assert (westhaven.reprint_of, westhaven.reprint_similarity) == (None, None)
    assert links(store) == {WIRE_URL: None, LAKESIDE_URL: WIRE_URL, WESTHAVEN_URL: None}

    # …and back to the wire copy: linked again.
    shutil.copy(WESTHAVEN, copy)
    assert ingest(store, settings, copy).unchanged == 1  # a known revision
    copy.write_text(WESTHAVEN.read_text(encoding="utf-8").replace("CAPE LORN", "WESTHAVEN"), encoding="utf-8")
    assert ingest(store, settings, copy).reprints == 1
    assert get(store, WESTHAVEN_URL).reprint_of == get(store, WIRE_URL).id


def test_revised_original_that_no_longer_matches_releases_its_copies(
    store: Store, settings: Settings, tmp_path: Path
) -> None:
    wire = tmp_path / "wire.json"
    shutil.copy(WIRE, wire)
    ingest(store, settings, wire, LAKESIDE, WESTHAVEN)
    data = json.loads(wire.read_text(encoding="utf-8"))
    data["text"] = HARROW.read_text(encoding="utf-8").rpartition("---\n")[2].replace("Tuesday", "Tuesday night")
    wire.write_text(json.dumps(data), encoding="utf-8")
    assert ingest(store, settings, wire).revised == 1
    # The two copies still carry the same text: the earlier one is now the original.
    assert links(store) == {WIRE_URL: None, LAKESIDE_URL: None, WESTHAVEN_URL: LAKESIDE_URL}


def test_identical_short_texts_are_not_called_reprints(store: Store, settings: Settings, tmp_path: Path) -> None:
    text = "Ferries are delayed by fog this morning, the operator said."
    for n, outlet in enumerate(["Orrin Wire", "Westhaven Daily"]):
        (tmp_path / f"{n}.json").write_text(
            json.dumps({"url": f"https://n{n}.example/fog", "outlet": outlet, "title": "Fog", "text": text}),
            encoding="utf-8",
        )
    summary = ingest(store, settings, tmp_path)
    assert (summary.new, summary.reprints) == (2, 0)
    assert all(a.reprint_of is None for a in store.list_articles())


# --- the detector's parts ------------------------------------------------------------------------------------------


def _body(path: Path) -> str:
    return json.loads(path.read_text(encoding="utf-8"))["text"]


def test_signature_round_trip_and_bands() -> None:
    sig = signature(_body(WIRE))
    again = Signature.from_bytes(sig.to_bytes())
    assert again.size == sig.size == len(shingles(_body(WIRE)))
    assert (again.hashvalues == sig.hashvalues).all()
    assert again.bands() == sig.bands()
    assert len(sig.bands()) == 42
    assert signature(_body(WIRE)).bands() == sig.bands()  # deterministic


def test_containment_counts_a_trimmed_copy_as_a_reprint() -> None:
    paragraphs = _body(WIRE).split("\n\n")
    full, trimmed = signature("\n\n".join(paragraphs)), signature("\n\n".join(paragraphs[:3]))
    same, score = is_reprint(trimmed, full, 0.6)
    assert same and score >= 0.8
    assert full.jaccard(trimmed) < score  # Jaccard alone would undercount a trimmed copy
    other = signature(HARROW.read_text(encoding="utf-8").rpartition("---\n")[2])
    assert is_reprint(full, other, 0.6)[0] is False


def test_too_few_shingles_is_never_a_reprint() -> None:
    short = " ".join(f"word{n}" for n in range(MIN_SHINGLES + 3))  # MIN_SHINGLES - 1 shingles of 5 words
    assert len(shingles(short)) < MIN_SHINGLES
    assert is_reprint(signature(short), signature(short), 0.1) == (False, 0.0)
