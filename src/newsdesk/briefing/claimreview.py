"""The claims of a briefing as schema.org ``ClaimReview`` JSON-LD.

One ``ClaimReview`` per claim that reconciliation had something to say about: a claim with a figure, a claim
that takes part in a proposition's stance table, or a claim whose stance is not a plain assertion. Each reviews
a ``Claim`` (``itemReviewed``) made by its speaker, as it appeared in the article it was read from
(``appearance``), and its ``reviewRating`` carries no score, only an ``alternateName`` that says what the
reconciliation found, in words a reader can check:

- ``"single source"``: only one independent source gives it (or the briefing is single-source);
- ``"consistent across 3 sources"``: comparable figures agree, or nobody denies the proposition;
- ``"disputed: other sources give 1,200 and 4,000"``: comparable figures differ;
- ``"denied by Russia and North Korea"`` / ``"disputed: asserted by JoongAng Ilbo"``: the stance table;
- ``"not comparable: …"`` and ``"not compared with other sources"`` where figures could not be set side by side.

Whether a speaker is a ``Person`` or an ``Organization`` is a guess from the words of the name and of the
source as written ("newspaper", "agency" → organisation; "President …", a two-to-four-word proper name →
person); outlets speaking in their own voice are organisations. The review's author is the organisation
"newsdesk"; nothing here rates truth.
"""

from __future__ import annotations

import re
from typing import Any

from newsdesk.briefing.markdown import day, figure_text, safe_url
from newsdesk.types import (
    Briefing,
    Claim,
    ClaimKind,
    DisagreementKind,
    Figure,
    FigureGroup,
    Proposition,
    Stance,
)

_ORG_WORDS = re.compile(
    r"\b(ministry|service|agency|office|government|army|military|forces|police|council|committee|department|"
    r"intelligence|kremlin|newspaper|news|times|post|wire|gazette|daily|company|corporation|group|inc|ltd|"
    r"university|party|union|bank|court|commission|authority|institute|organi[sz]ation|embassy|media|officials|"
    r"command|staff|countries)\b",
    re.IGNORECASE,
)
_PERSON_WORDS = re.compile(
    r"\b(president|prime minister|minister|spokes(?:man|woman|person)|secretary|chancellor|mayor|governor|"
    r"general|senator|chief|director|professor|dr|mr|mrs|ms|he|she|analyst|commander)\b",
    re.IGNORECASE,
)
_NAME = re.compile(
    r"(?:[A-Z][\w.'-]*|de|van|von|bin|al|da|del|le)(?: (?:[A-Z][\w.'-]*|de|van|von|bin|al|da|del|le)){1,3}"
)


def speaker_type(claim: Claim, outlets: set[str]) -> str:
    """``"Person"`` or ``"Organization"``, guessed from the speaker's name and the source as written."""
    name, written = claim.speaker.strip(), claim.speaker_text
    if claim.kind is ClaimKind.OWN or name in outlets:
        return "Organization"
    if _ORG_WORDS.search(name) or _ORG_WORDS.search(written):
        return "Organization"
    if _PERSON_WORDS.search(written) or _PERSON_WORDS.search(name):
        return "Person"
    if _NAME.fullmatch(name) and " and " not in name and "'s " not in name:
        return "Person"
    return "Organization"


def _names(items: list[str]) -> str:
    unique = list(dict.fromkeys(items))
    return unique[0] if len(unique) == 1 else f"{', '.join(unique[:-1])} and {unique[-1]}"


def _figure_verdict(briefing: Briefing, claim: Claim, group: FigureGroup) -> str:
    own = [f for f in group.figures if f.claim_id == claim.id]
    mine = {(f.quantity.value, f.quantity.high) for f in own}
    if group.disagreement:
        others: dict[tuple[float, float | None], Figure] = {}
        for f in sorted(group.figures, key=lambda f: (f.quantity.value, f.quantity.high or 0.0)):
            key = (f.quantity.value, f.quantity.high)
            if f.claim_id != claim.id and key not in mine:
                others.setdefault(key, f)
        if others:
            return f"disputed: other sources give {_names([figure_text(f.quantity) for f in others.values()])}"
        return f"disputed: {group.disagreement}"
    for d in briefing.findings.disagreements:
        if d.kind is DisagreementKind.NOT_COMPARABLE and group.id in d.refs:
            return f"not comparable: {d.reason}"
    if group.sources >= 2:
        return f"consistent across {group.sources} sources"
    return "single source"


def _independent(briefing: Briefing, article_ids: list[str]) -> int:
    by_article = {s.article_id: s for s in briefing.sources}
    roots = set()
    for aid in article_ids:
        source = by_article.get(aid)
        roots.add(aid if source is None else (source.reprint_of or source.number))
    return len(roots)


def _stance_verdict(briefing: Briefing, claim: Claim, prop: Proposition) -> str:
    if claim.stance is Stance.DENIED:
        asserted = [p.speaker for p in prop.confirms]
        return f"disputed: asserted by {_names(asserted)}" if asserted else "denial, not contradicted"
    deniers = [p.speaker for p in prop.denies if p.speaker != claim.speaker]
    if deniers:
        return f"denied by {_names(deniers)}"
    n = _independent(briefing, [p.article_id for p in prop.positions])
    return f"consistent across {n} sources" if n >= 2 else "single source"


def verdict(briefing: Briefing, claim: Claim) -> str:
    """What reconciliation found about one claim, in a few words (the review's ``alternateName``)."""
    if briefing.single_source or briefing.findings.single_source:
        return "single source"
    parts = [_figure_verdict(briefing, claim, g) for g in briefing.findings.ledger if _has(g, claim)]
    parts += [
        _stance_verdict(briefing, claim, p)
        for p in briefing.findings.propositions
        if any(x.claim_id == claim.id for x in p.positions)
    ]
    if not parts:
        parts = ["not compared with other sources"]
    return "; ".join(dict.fromkeys(parts))


def _has(group: FigureGroup, claim: Claim) -> bool:
    return any(f.claim_id == claim.id for f in group.figures)


def _reviewed(briefing: Briefing, claim: Claim) -> bool:
    in_table = any(x.claim_id == claim.id for p in briefing.findings.propositions for x in p.positions)
    return bool(claim.quantities) or in_table or claim.stance is not Stance.ASSERTED


def _review(briefing: Briefing, claim: Claim) -> dict[str, Any]:
    outlets = {s.outlet for s in briefing.sources}
    source = next((s for s in briefing.sources if s.article_id == claim.article_id), None)
    appearance: dict[str, Any] = {"@type": "CreativeWork"}
    item: dict[str, Any] = {"@type": "Claim"}
    if claim.speaker.strip():
        item["author"] = {"@type": speaker_type(claim, outlets), "name": claim.speaker.strip()}
    if source is not None:
        url = safe_url(source.url)
        appearance.update({"headline": source.title, "publisher": {"@type": "Organization", "name": source.outlet}})
        if url is not None:
            appearance["url"] = url
        if source.published is not None:
            appearance["datePublished"] = source.published.isoformat()
            item["datePublished"] = day(source.published)
    item["appearance"] = appearance
    review: dict[str, Any] = {
        "@type": "ClaimReview",
        "@id": f"#claim-{claim.id}",
        "claimReviewed": claim.text,
        "itemReviewed": item,
        "author": {"@type": "Organization", "name": "newsdesk"},
        "reviewRating": {"@type": "Rating", "alternateName": verdict(briefing, claim)},
    }
    if briefing.written_at is not None:
        review["datePublished"] = day(briefing.written_at)
    return review


def claim_review(briefing: Briefing) -> dict[str, Any]:
    """The JSON-LD document: ``{"@context": "https://schema.org", "@graph": [ClaimReview, …]}``, in claim order."""
    return {
        "@context": "https://schema.org",
        "@graph": [_review(briefing, c) for c in briefing.claims if _reviewed(briefing, c)],
    }
