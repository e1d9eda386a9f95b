"""The SQLite tables of claims: the claims of each article and which extractor read which revision.

Mixed into :class:`~newsdesk.store.sqlite.SQLiteStore`; it uses that class's one writer and reader. A claim's
spans, figures and times are kept as JSON in the shapes of ``newsdesk.export`` (docs/formats.md).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from newsdesk import export
from newsdesk.store.sqlite_tables import SQLiteTables, fts_words
from newsdesk.types import (
    Article,
    Change,
    Claim,
    ClaimHit,
    ClaimKind,
    Hedge,
    Quantity,
    Span,
    Stance,
    TimeExpression,
    TimePrecision,
)

_CLAIM_COLUMNS = (
    "id, article_id, kind, speaker, speaker_text, cue, text, field, evidence_start, evidence_end, source_spans, "
    "cue_spans, content_spans, stance, hedge, markers, quantities, times, extractor"
)

_INSERT_COLUMNS = _CLAIM_COLUMNS.replace("article_id,", "article_id, seq,", 1)


def _spans(raw: str) -> tuple[tuple[int, int], ...]:
    return tuple((int(s), int(e)) for s, e in json.loads(raw))


def _quantity(d: dict[str, Any]) -> Quantity:
    return Quantity(
        start=d["start"],
        end=d["end"],
        text=d["text"],
        value=float(d["value"]),
        high=float(d["high"]) if d.get("high") is not None else None,
        change=Change(d["change"]),
        qualifier=d.get("qualifier", ""),
        unit=d.get("unit", ""),
        normalized_unit=d.get("normalized_unit", "-"),
        measure=d.get("measure", ""),
        whom=d.get("whom", ""),
    )


def _time(d: dict[str, Any]) -> TimeExpression:
    return TimeExpression(
        start=d["start"],
        end=d["end"],
        text=d["text"],
        first=date.fromisoformat(d["first"]),
        last=date.fromisoformat(d["last"]),
        precision=TimePrecision(d["precision"]),
    )


def _claim(row: Sequence[Any]) -> Claim:
    return Claim(
        id=row[0],
        article_id=row[1],
        kind=ClaimKind(row[2]),
        speaker=row[3],
        speaker_text=row[4],
        cue=row[5],
        text=row[6],
        evidence=Span(row[1], int(row[8]), int(row[9]), row[7]),
        source_spans=_spans(row[10]),
        cue_spans=_spans(row[11]),
        content_spans=_spans(row[12]),
        stance=Stance(row[13]),
        hedge=Hedge(row[14]),
        markers=tuple(json.loads(row[15])),
        quantities=tuple(_quantity(q) for q in json.loads(row[16])),
        times=tuple(_time(t) for t in json.loads(row[17])),
        extractor=row[18],
    )


def _row(seq: int, c: Claim) -> tuple[Any, ...]:
    return (
        c.id,
        c.article_id,
        seq,
        c.kind.value,
        c.speaker,
        c.speaker_text,
        c.cue,
        c.text,
        c.evidence.field,
        c.evidence.start,
        c.evidence.end,
        json.dumps(export.spans(c.source_spans)),
        json.dumps(export.spans(c.cue_spans)),
        json.dumps(export.spans(c.content_spans)),
        c.stance.value,
        c.hedge.value,
        json.dumps(list(c.markers), ensure_ascii=False),
        json.dumps([export.quantity(q) for q in c.quantities], ensure_ascii=False),
        json.dumps([export.time_expression(t) for t in c.times], ensure_ascii=False),
        c.extractor,
    )


class ClaimTables(SQLiteTables):
    """Claim methods of the SQLite store."""

    def put_claims(self, article_id: str, revision: int, extractor: str, claims: Sequence[Claim]) -> None:
        stray = [c.id for c in claims if c.article_id != article_id]
        if stray:
            raise ValueError(f"claims {stray[:3]} do not belong to article {article_id}")
        with self._write() as db:
            db.execute("DELETE FROM claims WHERE article_id = ?", (article_id,))
            db.executemany(
                f"INSERT INTO claims ({_INSERT_COLUMNS}) VALUES ({','.join('?' * 20)})",
                [_row(i, c) for i, c in enumerate(claims)],
            )
            db.execute(
                "INSERT INTO claim_extractions (article_id, revision, extractor, claims, extracted_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET revision = excluded.revision, "
                "extractor = excluded.extractor, claims = excluded.claims, extracted_at = excluded.extracted_at",
                (article_id, revision, extractor, len(claims), datetime.now(UTC).isoformat()),
            )

    def claims_of(self, article_ids: Sequence[str]) -> list[Claim]:
        order = {aid: i for i, aid in enumerate(dict.fromkeys(article_ids))}
        out: list[Claim] = []
        ids = list(order)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._read(
                f"SELECT seq, {_CLAIM_COLUMNS} FROM claims WHERE article_id IN ({marks}) ORDER BY article_id, seq",
                chunk,
            )
            out += [_claim(r[1:]) for r in rows]
        return sorted(out, key=lambda c: order[c.article_id])  # stable: keeps each article's order

    def pending_claims(self, extractor: str, *, limit: int = 500, among: Sequence[str] | None = None) -> list[Article]:
        where = (
            "FROM articles a JOIN outlets o ON o.id = a.outlet_id LEFT JOIN claim_extractions x "
            "ON x.article_id = a.id WHERE (x.article_id IS NULL OR x.extractor != ? OR x.revision != a.revision)"
        )
        if among is None:
            rows = self._read(f"SELECT {self._article_columns} {where} ORDER BY a.seq LIMIT ?", (extractor, limit))
            return [self._article(r) for r in rows]
        ids = list(dict.fromkeys(among))
        found: list[tuple] = []
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            found += self._read(
                f"SELECT a.seq, {self._article_columns} {where} AND a.id IN ({marks})", (extractor, *chunk)
            )
        return [self._article(r[1:]) for r in sorted(found, key=lambda r: r[0])][:limit]

    def get_claim(self, claim_id: str) -> Claim | None:
        rows = self._read(f"SELECT {_CLAIM_COLUMNS} FROM claims WHERE id = ?", (claim_id,))
        return _claim(rows[0]) if rows else None

    def search_claims(self, query: str, *, limit: int = 20) -> list[ClaimHit]:
        match = fts_words(query)
        if match is None:
            return []
        columns = ", ".join(f"c.{name}" for name in _CLAIM_COLUMNS.split(", "))
        # a speaker's name counts twice as much as a word of what was said
        rows = self._read(
            f"SELECT {columns}, snippet(claims_fts, 0, '[', ']', '…', 24), bm25(claims_fts, 1.0, 2.0)"
            " FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid"
            " WHERE claims_fts MATCH ? ORDER BY bm25(claims_fts, 1.0, 2.0), c.id LIMIT ?",
            (match, limit),
        )
        return [ClaimHit(_claim(r[:-2]), r[-2], float(r[-1])) for r in rows]

    def count_claims(self) -> int:
        return int(self._read("SELECT count(*) FROM claims")[0][0])
