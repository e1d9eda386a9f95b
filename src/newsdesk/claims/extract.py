"""The claim stage: one article → its claims, each with speaker, stance, hedge, figures, times and evidence.

:class:`ClaimExtractor` composes the parts, each replaceable: the attribution model finds reported statements
(source, cue and content spans), the quantity rules the figures, the time rules the dates, the stance rules
denials and hedges, and a :class:`~newsdesk.claims.speakers.SpeakerBook` names the speakers. Every claim
carries the extractor's versioned name, so a store knows which claims an improved extractor must redo.

What the article says in its own voice is a claim too: every sentence that holds no reported statement
becomes one with the outlet as speaker. A headline of the form "…, Seoul says" or "Seoul: …" is read as a
reported statement of the title.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, Protocol, TypeVar

from newsdesk.claims.speakers import SpeakerBook
from newsdesk.claims.text import Sentence, sentence_at, sentences, tokens
from newsdesk.types import (
    Article,
    Attribution,
    Claim,
    ClaimKind,
    Offsets,
    Quantity,
    Span,
    Stance,
    StanceReading,
    TimeExpression,
)

CLAIMS_VERSION = 1
"""Raised when the way claims are assembled here changes (the parts carry their own versions)."""

UNNAMED = "unnamed source"
"""The speaker of a statement whose text names nobody ("It is said that …")."""

_QUOTES = '"“”'
_MIN_OWN_WORDS = 4


class _Located(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


L = TypeVar("L", bound=_Located)


class _Index(Generic[L]):
    """Figures or times of a text by position, so that each claim finds its own without a scan of them all."""

    def __init__(self, items: Sequence[L]) -> None:
        self._items = sorted(items, key=lambda x: x.start)
        self._starts = [x.start for x in self._items]

    def within(self, lo: int, hi: int) -> list[L]:
        """The items that lie wholly inside ``[lo, hi)``."""
        i, j = bisect_left(self._starts, lo), bisect_left(self._starts, hi)
        return [x for x in self._items[i:j] if x.end <= hi]


class Attributor(Protocol):
    """What finds reported statements in a text."""

    def extract(self, text: str) -> list[Attribution]: ...


@dataclass(frozen=True, slots=True)
class Parts:
    """The extractor's parts and their versioned names; any of them can be swapped (in tests, or for a model)."""

    attributor: Attributor
    quantities: Callable[[str], list[Quantity]]
    times: Callable[[str, datetime | None], list[TimeExpression]]
    stance: Callable[..., StanceReading]
    names: tuple[str, ...]


def default_parts() -> Parts:
    """The shipped parts: the PolNeAR-trained attribution model and the rule-based figures, times and stance."""
    from newsdesk.claims.attribution import ATTRIBUTION_MODEL, Attributor
    from newsdesk.claims.quantities import QUANTITIES_EXTRACTOR, extract_quantities
    from newsdesk.claims.stance import STANCE_EXTRACTOR, read_stance
    from newsdesk.claims.timex import TIMEX_EXTRACTOR, find_times

    return Parts(
        attributor=Attributor(),
        quantities=extract_quantities,
        times=find_times,
        stance=read_stance,
        names=(ATTRIBUTION_MODEL, QUANTITIES_EXTRACTOR, TIMEX_EXTRACTOR, STANCE_EXTRACTOR),
    )


@dataclass(frozen=True, slots=True)
class _Found:
    """A statement before its speaker is named: what the book needs to name it once the whole text is read."""

    kind: ClaimKind
    field: str
    key: int | None
    speaker_text: str
    cue: str
    text: str
    evidence: tuple[int, int]
    source: Offsets
    cue_spans: Offsets
    content: Offsets
    reading: StanceReading
    quantities: tuple[Quantity, ...]
    times: tuple[TimeExpression, ...]


class ClaimExtractor:
    """Turns an article into its claims. ``parts`` defaults to :func:`default_parts`, loaded on first use."""

    def __init__(self, parts: Parts | None = None) -> None:
        self._parts = parts

    @property
    def parts(self) -> Parts:
        if self._parts is None:
            self._parts = default_parts()
        return self._parts

    @property
    def name(self) -> str:
        """The versioned name recorded with every claim: this module's version and each part's."""
        return f"claims/{CLAIMS_VERSION} (" + "; ".join(self.parts.names) + ")"

    def extract(self, article: Article) -> list[Claim]:
        """The claims of ``article``: its title's reported statement, if any, then the body's, in text order."""
        book = SpeakerBook()
        found = self._title(article, book) + self._body(article, book)
        name = self.name
        claims: list[Claim] = []
        seen: set[str] = set()
        for f in found:
            if f.kind is ClaimKind.OWN:
                speaker = article.outlet.name
            elif f.key is not None:
                speaker = book.name(f.key)
            else:
                speaker = f.speaker_text or UNNAMED
            cid = _claim_id(article.id, f)
            if cid in seen:
                continue
            seen.add(cid)
            claims.append(
                Claim(
                    id=cid,
                    article_id=article.id,
                    kind=f.kind,
                    speaker=speaker,
                    speaker_text=f.speaker_text,
                    cue=f.cue,
                    text=f.text,
                    evidence=Span(article.id, f.evidence[0], f.evidence[1], f.field),
                    source_spans=f.source,
                    cue_spans=f.cue_spans,
                    content_spans=f.content,
                    stance=f.reading.stance,
                    hedge=f.reading.hedge,
                    markers=f.reading.markers,
                    quantities=f.quantities,
                    times=f.times,
                    extractor=name,
                )
            )
        return claims

    # --- the body -----------------------------------------------------------------------------------------
    def _body(self, article: Article, book: SpeakerBook) -> list[_Found]:
        text = article.text
        parts = self.parts
        sents = sentences(text)
        starts = [x.start for x in sents]
        quantities = _Index(parts.quantities(text))
        times = _Index(parts.times(text, article.published))
        attributions = sorted(
            (a for a in parts.attributor.extract(text) if a.content or a.cue),
            key=lambda a: min(s for s, _ in a.source + a.cue + a.content),
        )
        taken: set[int] = set()  # sentences that hold a reported statement
        found: list[_Found] = []
        for att in attributions:
            spans = att.source + att.cue + att.content
            first = sentence_at(sents, min(s for s, _ in spans))
            last = sentence_at(sents, max(e for _, e in spans) - 1)
            lo = first.start if first else min(s for s, _ in spans)
            hi = last.end if last else max(e for _, e in spans)
            reported = self._reported(text, att, (lo, hi), book, quantities, times, "text")
            if reported.text:  # a source and cue with nothing said is no claim; the sentence stays the outlet's
                taken.update(range(max(0, bisect_right(starts, lo) - 1), bisect_left(starts, hi)))
                found.append(reported)
        for i, sent in enumerate(sents):
            if i in taken or len(tokens(text, sent.start, sent.end)) < _MIN_OWN_WORDS:
                continue
            found.append(self._own(text, sent, book, quantities, times))
        found.sort(key=lambda f: (f.evidence[0], (f.content or f.cue_spans or ((0, 0),))[0][0]))
        return found

    def _reported(
        self,
        text: str,
        att: Attribution,
        evidence: tuple[int, int],
        book: SpeakerBook,
        quantities: _Index[Quantity],
        times: _Index[TimeExpression],
        field: str,
    ) -> _Found:
        lo, hi = evidence
        if not att.content:
            att = Attribution(att.source, att.cue, _rest_of_sentence(text, att, lo, hi))
        speaker_text = _joined(text, att.source)
        cue = _joined(text, att.cue)
        content = _joined(text, att.content, " … ")
        return _Found(
            kind=ClaimKind.QUOTE if _quoted(text, att.content) else ClaimKind.REPORTED,
            field=field,
            key=book.add(speaker_text) if speaker_text else None,
            speaker_text=speaker_text,
            cue=cue,
            text=content,
            evidence=evidence,
            source=att.source,
            cue_spans=att.cue,
            content=att.content,
            reading=self.parts.stance(text[lo:hi], cue, attributed=bool(att.source)),
            quantities=tuple(
                q for q in quantities.within(lo, hi) if _inside(q.start, q.end, att.content or ((lo, hi),))
            ),
            times=tuple(times.within(lo, hi)),
        )

    def _own(
        self,
        text: str,
        sent: Sentence,
        book: SpeakerBook,
        quantities: _Index[Quantity],
        times: _Index[TimeExpression],
    ) -> _Found:
        reading = self.parts.stance(sent.text, "", attributed=False)
        inside = (sent.start, sent.end)
        figures = tuple(quantities.within(sent.start, sent.end))
        dates = tuple(times.within(sent.start, sent.end))
        subject = _denier(text, sent, reading) if reading.stance is not Stance.ASSERTED else None
        if subject is not None:
            # "Russia and North Korea have not acknowledged the deployment": the outlet reports their denial
            (s, e), marker = subject
            return _Found(
                kind=ClaimKind.REPORTED,
                field="text",
                key=book.add(text[s:e]),
                speaker_text=text[s:e],
                cue=marker,
                text=sent.text,
                evidence=inside,
                source=((s, e),),
                cue_spans=(),
                content=(inside,),
                reading=self.parts.stance(sent.text, marker, attributed=True),
                quantities=figures,
                times=dates,
            )
        return _Found(
            kind=ClaimKind.OWN,
            field="text",
            key=None,
            speaker_text="",
            cue="",
            text=sent.text,
            evidence=inside,
            source=(),
            cue_spans=(),
            content=(inside,),
            reading=reading,
            quantities=figures,
            times=dates,
        )

    # --- the title ------------------------------------------------------------------------------------------
    def _title(self, article: Article, book: SpeakerBook) -> list[_Found]:
        title = article.title
        att = headline_attribution(title)
        if att is None:
            return []
        parts = self.parts
        figures, times = _Index(parts.quantities(title)), _Index(parts.times(title, article.published))
        return [self._reported(title, att, (0, len(title)), book, figures, times, "title")]


# "North Korea sends fresh troops to Kursk, Seoul says" / "Seoul: North Korea has sent more soldiers"
_TITLE_AFTER = re.compile(
    r"^(?P<content>.{8,}?),\s+(?P<source>(?:[A-Z][\w.'’-]*\s+){0,4}?(?:[A-Z][\w.'’-]*|officials|sources|media))"
    r"\s+(?P<cue>says|say|said|claims|claim|warns|warn|reports|report|confirms|denies|deny|estimates)\s*$"
)
_TITLE_COLON = re.compile(r"^(?P<source>[A-Z][\w.'’-]*(?:\s+[\w.'’-]+){0,3}):\s+(?P<content>.{8,})$")


def headline_attribution(title: str) -> Attribution | None:
    """The reported statement of a headline that names its source ("…, Seoul says"; "Seoul: …"), or None."""
    m = _TITLE_AFTER.match(title)
    if m:
        return Attribution(
            source=((m.start("source"), m.end("source")),),
            cue=((m.start("cue"), m.end("cue")),),
            content=((m.start("content"), m.end("content")),),
        )
    m = _TITLE_COLON.match(title)
    if m:
        colon = m.end("source")
        return Attribution(
            source=((m.start("source"), colon),),
            cue=((colon, colon + 1),),
            content=((m.start("content"), m.end("content")),),
        )
    return None


def _rest_of_sentence(text: str, att: Attribution, lo: int, hi: int) -> Offsets:
    """The content of a statement the model found no content for: what follows its cue in the sentence ("U.S.
    intelligence has estimated [about 1,200]"), or else what precedes its source and cue."""
    after = max(e for _, e in att.source + att.cue)
    before = min(s for s, _ in att.source + att.cue)
    for s, e in ((after, hi), (lo, before)):
        piece = text[s:e]
        s += len(piece) - len(piece.lstrip(" ,:;—–-\n"))
        e -= len(piece) - len(piece.rstrip(" ,.:;—–-\n"))
        if len(tokens(text, s, e)) >= 2:
            return ((s, e),)
    return ()


def _joined(text: str, spans: Offsets, sep: str = " ") -> str:
    return sep.join(" ".join(text[s:e].split()) for s, e in spans)


def _inside(start: int, end: int, spans: Offsets) -> bool:
    return any(s <= start and end <= e for s, e in spans)


def _quoted(text: str, spans: Offsets) -> bool:
    """Whether the content is a direct quotation: it sits between quotation marks."""
    if not spans:
        return False
    s, e = spans[0][0], spans[-1][1]
    before = text[max(0, s - 2) : s]
    inner = text[s:e]
    return any(q in before for q in _QUOTES) or (inner[:1] in _QUOTES and inner.rstrip(" .,")[-1:] in _QUOTES)


_AUXILIARIES = re.compile(
    r"\s+(?:has|have|had|is|are|was|were|did|does|do|would|will|also|so far|still|publicly|officially|yet)"
    r"(?:\s+(?:not|never|n't|yet|publicly|officially|also))*\s*$",
    re.IGNORECASE,
)
_NEITHER = re.compile(r"^(?:neither|both)\s+", re.IGNORECASE)


def _denier(text: str, sent: Sentence, reading: StanceReading) -> tuple[tuple[int, int], str] | None:
    """Who denies or confirms in a sentence of the outlet's own voice: the words before the first marker
    ("Russia and North Korea [have not] acknowledged", "The Kremlin [has] declined to comment")."""
    for marker in reading.markers:
        at = sent.text.find(marker)
        if at <= 0:
            continue
        head = sent.text[:at]
        head = head[head.rfind(",") + 1 :] if "," in head else head
        head = _AUXILIARIES.sub("", head.rstrip())
        offset = sent.start + sent.text.find(head) if head.strip() else -1
        words = head.split()
        if offset < 0 or not 1 <= len(words) <= 8 or not any(w[:1].isupper() for w in words):
            continue
        lead = _NEITHER.match(head)
        if lead:
            offset += lead.end()
            head = head[lead.end() :]
        start = offset + (len(head) - len(head.lstrip()))
        return (start, start + len(head.strip())), marker
    return None


def _claim_id(article_id: str, f: _Found) -> str:
    where = f.content or f.cue_spans or (f.evidence,)
    key = f"{article_id}|{f.field}|{f.kind.value}|{where[0][0]}|{where[-1][1]}"
    return "c_" + hashlib.sha1(key.encode()).hexdigest()[:16]
