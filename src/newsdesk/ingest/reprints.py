"""Reprint detection: wire copy republished under other mastheads is linked to its earliest copy.

Each article's body (not its headline, which mastheads rewrite) becomes a set of word 5-shingles, summarised by
a 128-permutation MinHash (datasketch). Locality-sensitive hashing over 42 bands of 3 rows, kept in the store,
finds candidates without comparing against every article: a pair with Jaccard similarity 0.5 becomes a
candidate with probability 0.996, one at 0.1 with 0.04. A candidate is a reprint when the estimated
*containment* of the shorter text in the longer (shared shingles / shingles of the shorter) reaches the
threshold, so a trimmed reprint — wire copy with its last paragraphs cut, or a new paragraph added on top —
still counts. The figures of this detector are in ``docs/reprints.md`` (``newsdesk eval reprints``).
"""

from __future__ import annotations

import hashlib
import re
import struct
from dataclasses import dataclass
from datetime import datetime

import numpy as np
from datasketch import MinHash

from newsdesk.store.base import Store
from newsdesk.types import Article, ReprintLink

NUM_PERM = 128
BANDS = 42
ROWS = 3
SHINGLE = 5
#: A text with fewer shingles than this is too short to call a reprint on its own.
MIN_SHINGLES = 25

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class Signature:
    size: int
    hashvalues: np.ndarray

    def to_bytes(self) -> bytes:
        return struct.pack("<Q", self.size) + self.hashvalues.astype("<u8").tobytes()

    @classmethod
    def from_bytes(cls, blob: bytes) -> Signature:
        (size,) = struct.unpack("<Q", blob[:8])
        return cls(size, np.frombuffer(blob[8:], dtype="<u8"))

    def bands(self) -> list[bytes]:
        return [
            hashlib.blake2b(
                bytes([i]) + self.hashvalues[i * ROWS : (i + 1) * ROWS].astype("<u8").tobytes(), digest_size=8
            ).digest()
            for i in range(BANDS)
        ]

    def jaccard(self, other: Signature) -> float:
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / len(self.hashvalues)

    def containment(self, other: Signature) -> float:
        """Estimated share of the smaller set's shingles found in the other set."""
        j = self.jaccard(other)
        smaller = min(self.size, other.size)
        if smaller == 0:
            return 0.0
        shared = j / (1.0 + j) * (self.size + other.size)
        return min(1.0, shared / smaller)


def shingles(text: str) -> set[bytes]:
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE:
        return {" ".join(words).encode("utf-8")} if words else set()
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


def signature(text: str) -> Signature:
    grams = shingles(text)
    minhash = MinHash(num_perm=NUM_PERM, seed=1)
    if grams:
        minhash.update_batch(list(grams))
    return Signature(len(grams), minhash.hashvalues.copy())


def is_reprint(a: Signature, b: Signature, threshold: float) -> tuple[bool, float]:
    """Whether ``a`` and ``b`` carry the same copy, and the estimated containment."""
    if min(a.size, b.size) < MIN_SHINGLES:
        return False, 0.0
    score = a.containment(b)
    return score >= threshold, score


def _age(article: Article) -> tuple[bool, datetime | str, datetime, str]:
    """Sort key: the earliest published copy first; undated copies after dated ones, by first sight."""
    published = article.published
    return (published is None, published.isoformat() if published else "", article.first_seen, article.id)


class ReprintDetector:
    """Keeps the store's reprint links true as articles arrive (in any order)."""

    def __init__(self, store: Store, threshold: float) -> None:
        self.store = store
        self.threshold = threshold

    def observe(self, article: Article) -> ReprintLink | None:
        """Index ``article`` and link it (or the copies it predates) to the earliest copy."""
        sig = signature(article.text)
        bands = sig.bands()
        self.store.put_signature(article.id, sig.to_bytes(), bands)
        matches: dict[str, float] = {}
        for other_id, blob in self.store.signature_candidates(bands):
            if other_id == article.id:
                continue
            same, score = is_reprint(sig, Signature.from_bytes(blob), self.threshold)
            if same:
                matches[other_id] = score
        # A revision may no longer carry the copy that others were linked to it for: unlink them, then place each
        # anew (they may still be copies of one another).
        stale = [link.article_id for link in self.store.reprints_of(article.id) if link.article_id not in matches]
        for copy_id in stale:
            self.store.set_reprint(None, copy_id)
        link = self._link(article, matches)
        for copy_id in stale:
            if (copy := self.store.get_article(copy_id)) is not None:
                self.observe(copy)
        return link

    def _link(self, article: Article, matches: dict[str, float]) -> ReprintLink | None:
        if not matches:
            if article.reprint_of is not None:
                self.store.set_reprint(None, article.id)
            return None
        group: dict[str, Article] = {article.id: article}
        for other_id in matches:
            other = self.store.get_article(other_id)
            if other is None:
                continue
            group[other.id] = other
            root_id = other.reprint_of
            if root_id and root_id not in group and (root := self.store.get_article(root_id)) is not None:
                group[root.id] = root
        earliest = min(group.values(), key=_age)
        if earliest.id != article.id:
            score = matches.get(earliest.id) or max(matches.values())
            link = ReprintLink(article.id, earliest.id, round(score, 3))
            self.store.set_reprint(link, article.id)
            return link
        # The new article predates the copies it matches: every copy of their group now points to it.
        if article.reprint_of is not None:
            self.store.set_reprint(None, article.id)
        roots = {a.id for a in group.values() if a.reprint_of is None and a.id != article.id}
        for root_id in roots:
            for old in self.store.reprints_of(root_id):
                self.store.set_reprint(ReprintLink(old.article_id, article.id, old.similarity), old.article_id)
            self.store.set_reprint(ReprintLink(root_id, article.id, round(matches.get(root_id, 1.0), 3)), root_id)
        return None
