"""A briefing as a JSON document (``newsdesk.briefing/1``), and back.

:func:`to_dict` is the one place the shape of a briefing's document lives; :func:`from_dict` is its exact
inverse (``from_dict(to_dict(b)) == b``), so a stored document is the briefing and nothing is lost on the way.
The shape is described by the packaged JSON Schema (:func:`schema`, ``briefing/schema/briefing.schema.json``)
and in ``docs/formats.md``; a test validates documents against it, so the two cannot drift.

Two kinds of keys are in a document. Those that rebuild the briefing (the story, the sentences, the findings,
every field of :func:`newsdesk.export.claim` for each claim …) and a few that are there for readers and are
derived from the others: a claim's ``measure``, ``subject``, ``quantity`` and ``time`` (its first figure and first
time), the quote of its evidence sentence, a proposition's ``confirms`` and ``denies``, the report's ``ok`` and
``citation_precision``, the top-level ``disagreements`` (the same list as in ``findings``). :func:`from_dict`
ignores derived keys.

A claim carries its span but not the article text, so the ``quote`` of its evidence is taken from ``articles``
when the caller passes them; otherwise from any quote in the briefing that cites exactly the same span (a
figure, a position, a timeline entry, a citation); otherwise it is ``""``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import MISSING, fields, is_dataclass
from datetime import date, datetime
from enum import Enum
from functools import cache
from importlib import resources
from types import UnionType
from typing import Any, Union, get_args, get_origin, get_type_hints

from newsdesk import export
from newsdesk.errors import BriefingError
from newsdesk.types import (
    Article,
    Briefing,
    BriefingChanges,
    BriefSentence,
    Change,
    CheckReport,
    Claim,
    Figure,
    Findings,
    Position,
    Problem,
    Quantity,
    Source,
    Span,
    TimelineEntry,
)

BRIEFING_FORMAT = "newsdesk.briefing/1"
_APPROXIMATE = {Change.APPROXIMATE, Change.MORE_THAN, Change.LESS_THAN}

SpanKey = tuple[str, str, int, int]


def schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a briefing document, as packaged; a fresh copy on every call."""
    text = resources.files("newsdesk.briefing").joinpath("schema/briefing.schema.json").read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


# --- to_dict -----------------------------------------------------------------------------------------------


def _evidence(span: Span, quote: str) -> dict[str, Any]:
    return {"article_id": span.article_id, "quote": quote, "start": span.start, "end": span.end, "field": span.field}


def _key(span: Span) -> SpanKey:
    return (span.article_id, span.field, span.start, span.end)


def sentence_dict(value: BriefSentence) -> dict[str, Any]:
    return {
        "text": value.text,
        "citations": [
            {
                "article_id": c.article_id,
                "source": c.source,
                "quote": c.quote,
                "start": c.start,
                "end": c.end,
                "field": c.field,
            }
            for c in value.citations
        ],
    }


def figure_dict(value: Figure) -> dict[str, Any]:
    return {
        "claim_id": value.claim_id,
        "article_id": value.article_id,
        "speaker": value.speaker,
        "via": list(value.via),
        "quantity": export.quantity(value.quantity),
        "measure": value.measure,
        "subject": value.subject,
        "stance": value.stance.value,
        "hedge": value.hedge.value,
        "evidence": _evidence(value.evidence, value.quote),
        "published": export.iso(value.published),
        "period": export.time_expression(value.period) if value.period is not None else None,
    }


def source_dict(value: Source) -> dict[str, Any]:
    return {
        "number": value.number,
        "article_id": value.article_id,
        "outlet": value.outlet,
        "title": value.title,
        "url": value.url,
        "published": export.iso(value.published),
        "reprint_of": value.reprint_of,
    }


def _position(value: Position) -> dict[str, Any]:
    return {
        "speaker": value.speaker,
        "stance": value.stance.value,
        "hedge": value.hedge.value,
        "claim_id": value.claim_id,
        "article_id": value.article_id,
        "evidence": _evidence(value.evidence, value.quote),
    }


def _findings(value: Findings) -> dict[str, Any]:
    return {
        "story_id": value.story_id,
        "ledger": [
            {
                "id": g.id,
                "measure": g.measure,
                "subject": g.subject,
                "unit": g.unit,
                "period": g.period,
                "low": g.low,
                "high": g.high,
                "sources": g.sources,
                "disagreement": g.disagreement,
                "figures": [figure_dict(f) for f in g.figures],
            }
            for g in value.ledger
        ],
        "disagreements": [
            {"kind": d.kind.value, "reason": d.reason, "refs": list(d.refs), "claim_ids": list(d.claim_ids)}
            for d in value.disagreements
        ],
        "propositions": [
            {
                "id": p.id,
                "text": p.text,
                "confirms": [x.speaker for x in p.confirms],
                "denies": [x.speaker for x in p.denies],
                "positions": [_position(x) for x in p.positions],
            }
            for p in value.propositions
        ],
        "timeline": [
            {
                "first": t.first.isoformat(),
                "last": t.last.isoformat(),
                "precision": t.precision.value,
                "when": t.when,
                "text": t.text,
                "speaker": t.speaker,
                "claim_id": t.claim_id,
                "article_id": t.article_id,
                "evidence": _evidence(t.evidence, t.quote),
            }
            for t in value.timeline
        ],
        "sources": value.sources,
        "single_source": value.single_source,
    }


def _problem(value: Problem) -> dict[str, Any]:
    return {"part": value.part, "index": value.index, "text": value.text, "reasons": list(value.reasons)}


def _report(value: CheckReport) -> dict[str, Any]:
    return {
        "checker": value.checker,
        "sentences": value.sentences,
        "citations": value.citations,
        "supporting": value.supporting,
        "citation_precision": round(value.citation_precision, 4),
        "ok": value.ok,
        "unsupported": [_problem(p) for p in value.unsupported],
        "withheld": [_problem(p) for p in value.withheld],
    }


def _changes(value: BriefingChanges | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {
        "since": value.since,
        "new_figures": [figure_dict(f) for f in value.new_figures],
        "revised_figures": [{"before": figure_dict(a), "after": figure_dict(b)} for a, b in value.revised_figures],
        "new_sources": [source_dict(s) for s in value.new_sources],
    }


def known_quotes(briefing: Briefing) -> dict[SpanKey, str]:
    """Every quote the briefing holds, by the exact span it quotes (figures, positions, timeline, citations)."""
    found: dict[SpanKey, str] = {}
    figures = [f for g in briefing.findings.ledger for f in g.figures]
    if briefing.changes is not None:
        figures += [*briefing.changes.new_figures, *(f for pair in briefing.changes.revised_figures for f in pair)]
    quoted: list[Figure | Position | TimelineEntry] = [
        *figures,
        *(p for x in briefing.findings.propositions for p in x.positions),
        *briefing.findings.timeline,
    ]
    for item in quoted:
        found.setdefault(_key(item.evidence), item.quote)
    for _, _, sentence in briefing.parts():
        for c in sentence.citations:
            found.setdefault((c.article_id, c.field, c.start, c.end), c.quote)
    return found


def quantity_summary(value: Quantity) -> dict[str, Any]:
    """A figure for readers: ``value`` (or ``low`` and ``high`` for a range), ``approximate``, ``unit``, ``text``."""
    data: dict[str, Any] = {"value": value.value} if value.high is None else {"low": value.value, "high": value.high}
    unit = value.normalized_unit if value.normalized_unit != "-" else ""
    return {**data, "approximate": value.change in _APPROXIMATE, "unit": unit, "text": value.text}


def _claim(value: Claim, quote: str) -> dict[str, Any]:
    first = value.quantities[0] if value.quantities else None
    when = value.times[0] if value.times else None
    data = export.claim(value)
    data["measure"] = first.measure if first is not None else None
    data["subject"] = first.whom if first is not None else None
    data["quantity"] = quantity_summary(first) if first is not None else None
    data["time"] = (
        None
        if when is None
        else {
            "text": when.text,
            "first": when.first.isoformat(),
            "last": when.last.isoformat(),
            "precision": when.precision.value,
        }
    )
    data["evidence"] = _evidence(value.evidence, quote)
    return data


def _claim_quote(value: Claim, articles: Mapping[str, Article] | None, quotes: Mapping[SpanKey, str]) -> str:
    span = value.evidence
    article = articles.get(span.article_id) if articles is not None else None
    if article is not None:
        text = article.title if span.field == "title" else article.text
        return text[span.start : span.end]
    return quotes.get(_key(span), "")


def to_dict(briefing: Briefing, articles: Mapping[str, Article] | None = None) -> dict[str, Any]:
    """The JSON document of ``briefing``; ``articles`` (by id), when given, supply the quotes of claim evidence."""
    findings = _findings(briefing.findings)
    quotes = known_quotes(briefing)
    return {
        "format": BRIEFING_FORMAT,
        "story": export.story(briefing.story),
        "version": briefing.version,
        "written_at": export.iso(briefing.written_at),
        "writer": briefing.writer,
        "policy": briefing.policy.value,
        "fingerprint": briefing.fingerprint,
        "single_source": briefing.single_source,
        "headline": sentence_dict(briefing.headline),
        "lede": [sentence_dict(s) for s in briefing.lede],
        "takeaways": [sentence_dict(s) for s in briefing.takeaways],
        "sections": [
            {"title": s.title, "sentences": [sentence_dict(x) for x in s.sentences]} for s in briefing.sections
        ],
        "sources": [source_dict(s) for s in briefing.sources],
        "claims": [_claim(c, _claim_quote(c, articles, quotes)) for c in briefing.claims],
        "findings": findings,
        "disagreements": findings["disagreements"],
        "report": _report(briefing.report),
        "changes": _changes(briefing.changes),
    }


# --- from_dict ---------------------------------------------------------------------------------------------
#
# The decoder is driven by the dataclasses' own field types, so it cannot fall behind them: every field is read
# from the key of the same name; a ``quote`` that the document keeps inside ``evidence`` is read from there;
# keys that are not fields (the derived ones) are ignored; a field with a default may be absent.


Converter = Callable[[Any], Any]


@cache
def _converter(kind: Any) -> Converter:
    """A function that reads a JSON value as ``kind``, built once per type (decoding a large briefing calls these
    hundreds of thousands of times, so the type is inspected here, not per value)."""
    origin = get_origin(kind)
    if origin in (Union, UnionType):
        inner = _converter(next(a for a in get_args(kind) if a is not type(None)))
        return lambda value: None if value is None else inner(value)
    if origin is tuple:
        args = get_args(kind)
        if len(args) == 2 and args[1] is Ellipsis:
            item = _converter(args[0])
            return lambda value: tuple(item(v) for v in value)
        items = tuple(_converter(a) for a in args)

        def fixed(value: Any) -> tuple[Any, ...]:
            if len(value) != len(items):
                raise ValueError(f"expected {len(items)} items, got {len(value)}")
            return tuple(c(v) for c, v in zip(items, value, strict=True))

        return fixed
    if isinstance(kind, type):
        if is_dataclass(kind):
            return lambda value: _decode(kind, value)
        if issubclass(kind, Enum):
            return kind
        if kind is datetime:
            return datetime.fromisoformat
        if kind is date:
            return date.fromisoformat

    def plain(value: Any) -> Any:
        if kind is float and isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        if isinstance(kind, type) and isinstance(value, kind) and not (kind is int and isinstance(value, bool)):
            return value
        raise TypeError(f"expected {getattr(kind, '__name__', kind)}, got {type(value).__name__}")

    return plain


@cache
def _plan(cls: type) -> tuple[tuple[str, Converter, bool], ...]:
    """Each field of ``cls``: its name, its converter, and whether it may be absent (it has a default)."""
    hints = get_type_hints(cls)
    return tuple(
        (f.name, _converter(hints[f.name]), f.default is not MISSING or f.default_factory is not MISSING)
        for f in fields(cls)
    )


def _decode(cls: Any, data: Any) -> Any:
    if not isinstance(data, Mapping):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    values: dict[str, Any] = {}
    for name, convert, optional in _plan(cls):
        if name in data:
            raw = data[name]
        elif name == "quote" and isinstance(data.get("evidence"), Mapping) and "quote" in data["evidence"]:
            raw = data["evidence"]["quote"]
        elif optional:
            continue
        else:
            raise KeyError(f"{cls.__name__}.{name}")
        if cls is BriefingChanges and name == "revised_figures":
            raw = [[pair["before"], pair["after"]] for pair in raw]
        values[name] = convert(raw)
    return cls(**values)


def from_dict(data: Mapping[str, Any]) -> Briefing:
    """The briefing a document describes; raises :class:`BriefingError` for anything that is not one."""
    if not isinstance(data, Mapping) or data.get("format") != BRIEFING_FORMAT:
        found = data.get("format") if isinstance(data, Mapping) else type(data).__name__
        raise BriefingError(f"not a {BRIEFING_FORMAT} document (format: {found!r})")
    try:
        briefing: Briefing = _decode(Briefing, data)
    except (KeyError, TypeError, ValueError) as exc:
        raise BriefingError(f"a malformed {BRIEFING_FORMAT} document: {type(exc).__name__}: {exc}") from exc
    return briefing
