"""Who gives a figure, and who relayed it to the reader.

``Figure.via`` runs outward from the speaker to the outlet whose article the figure was read in. When that
article reprints another outlet's copy (``Article.reprint_of``), the original outlet comes before the
reprinting one: the NIS's figure in the Riverside Gazette's reprint of a Meridian Wire story is relayed
``("South Korea's National Intelligence Service", "Meridian Wire", "Riverside Gazette")``. What a reprint says
in its own voice is the original outlet's voice: its speaker is the original outlet.

An outlet's own sentence often still names who gives the figure ("U.S. intelligence has estimated roughly
1,200 casualties"; "He has put North Korean casualties at about 4,000"). :class:`Voices` gives such a
figure to that speaker when the sentence opens with the name of a speaker the story already knows (its full
name, the name after a possessive, the name less a trailing common noun, or a person's surname) followed by
a verb of saying or estimating; a sentence that opens with "He" or "She" and such a verb goes to the speaker
of the nearest earlier reported statement of the same article. The figure's hedge is then ``attributed``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from newsdesk.claims.extract import UNNAMED
from newsdesk.reconcile.articles import StoryArticles
from newsdesk.types import Claim, ClaimKind, Hedge

_VERB = (
    r"(?:\s*,[^,]{0,80},)?\s+(?:has\s+|have\s+|had\s+)?(?:also\s+|since\s+|now\s+|previously\s+)?"
    r"(?:said|says|say|estimated|estimates|estimate|put|puts|putting|cited|cites|reported|reports|claimed|"
    r"claims|gone|given|gives|told|counted|counts|recorded|records|believes|thinks|calculated|calculates)\b"
)
_OPENING = r"^\W*(?:(?:But|And|Meanwhile|Separately|However),?\s+)?(?:[Tt]he\s+)?"
_PRONOUN = re.compile(_OPENING + r"(?:He|She)" + _VERB)
_POSSESSOR = re.compile(r"^(?:[A-Z][\w.]*\s+)*[A-Z][\w.]*['’]s\s+")
_GENERIC_TAIL = re.compile(r"(?:\s+[a-z][\w-]*)+$")
_ORG_NAMES = "Service Agency Ministry Department Office Council Committee Government Bank Newspaper Police Army"
_ORG_WORDS = frozenset(_ORG_NAMES.split())


@dataclass(frozen=True, slots=True)
class Voice:
    """Who gives a figure: the speaker, the relay chain, and the hedge to record."""

    speaker: str
    via: tuple[str, ...]
    hedge: Hedge


def name_keys(name: str) -> list[str]:
    """The ways a sentence may name ``name``: in full, after its possessor, without a common-noun tail, or
    by a person's surname."""
    keys = [name]
    bare = _POSSESSOR.sub("", name)
    keys.append(bare)
    keys.append(_GENERIC_TAIL.sub("", bare))
    capitals = [w for w in bare.split() if w[:1].isupper()]
    if len(capitals) >= 2 and len(capitals[-1]) >= 5 and capitals[-1] not in _ORG_WORDS:
        keys.append(capitals[-1])
    out: list[str] = []
    for key in keys:
        key = key.strip()
        if len(key) >= 3 and key not in out:
            out.append(key)
    return out


class Voices:
    """Speakers and relay chains of a story's figures (see the module docstring)."""

    def __init__(self, claims: Sequence[Claim], articles: StoryArticles) -> None:
        self._articles = articles
        named = [c for c in claims if c.kind is not ClaimKind.OWN and c.speaker and c.speaker != UNNAMED]
        names: list[str] = []
        for c in named:
            if c.speaker not in names:
                names.append(c.speaker)
        patterns: list[tuple[re.Pattern[str], str]] = []
        for name in names:
            for key in name_keys(name):
                patterns.append((re.compile(_OPENING + re.escape(key) + _VERB), name))
        # Longer keys first, so "U.S. intelligence" wins over a bare "intelligence".
        self._patterns = sorted(patterns, key=lambda p: -len(p[0].pattern))
        self._reported: dict[str, list[Claim]] = {}
        for c in named:
            self._reported.setdefault(c.article_id, []).append(c)

    def _named_in(self, claim: Claim) -> str:
        """The known speaker an outlet's own sentence opens with, or ""."""
        sentence = self._articles.quote(claim.evidence)
        for pattern, name in self._patterns:
            if pattern.match(sentence):
                return name
        if _PRONOUN.match(sentence):
            earlier = [
                c
                for c in self._reported.get(claim.article_id, [])
                if c.evidence.field == claim.evidence.field and c.evidence.end <= claim.evidence.start
            ]
            if earlier:
                return max(earlier, key=lambda c: c.evidence.end).speaker
        return ""

    def of(self, claim: Claim) -> Voice:
        """Who gives the figures of ``claim`` and who relayed them."""
        outlets = self._articles.relay_outlets(claim.article_id)
        speaker, hedge = claim.speaker, claim.hedge
        if claim.kind is ClaimKind.OWN:
            speaker = outlets[0] if outlets else claim.speaker
            named = self._named_in(claim)
            if named:
                speaker = named
                hedge = Hedge.ATTRIBUTED if hedge is Hedge.STATED else hedge
        chain = (speaker, *outlets)
        via = tuple(x for i, x in enumerate(chain) if i == 0 or x != chain[i - 1])
        return Voice(speaker=speaker, via=via, hedge=hedge)
