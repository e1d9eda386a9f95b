"""The stance and hedge of a reported statement, read from its sentence and its reporting words.

**Stance** is what the speaker does with the content. *Denied*: a denial ("denied", "rejected the claims",
"dismissed … as baseless", "called … fabricated", "refuted", "no evidence"), a refusal to answer ("declined to
comment", "refused to confirm", "would not confirm", "neither confirmed nor denied") or a confirmation verb
under negation ("has not acknowledged", "did not confirm", "Neither Moscow nor Pyongyang has confirmed").
*Confirmed*: "confirmed", "acknowledged", "admitted", "conceded", "verified", "corroborated". Otherwise
*asserted*; a negated denial ("did not deny") is asserted too, and is reported as its marker. When the reporting
words (``cue``) are found in the sentence, only markers that overlap them decide, so "the NIS said Russia denied
it" is the NIS asserting; without a cue the first marker of the sentence decides.

Not being able to confirm is a hedge, not a denial: "could not be independently verified", "could not
immediately confirm", "has not been able to confirm", "have not been confirmed" (a passive) make the statement
*hedged* and leave its stance alone.

**Hedge** levels, from plainest: *stated* (the outlet's own voice, no hedge words), *attributed* (a speaker
other than the outlet, no hedge words), *hedged* (the text distances itself: "reportedly", "allegedly",
"apparently", "appears to", "seems", "purportedly", "said to be", "believed to have", "it is understood",
"unconfirmed", "according to … reports", not independently verified), *speculative* (the content itself is
uncertain: "may", "might", "could", "possibly", "perhaps", "likely to", "expected to", "analysts believe", "it
is possible", "speculation", "suggests"). The least sure level found anywhere in the sentence wins, so a
sentence with "reportedly" and "may" is speculative: speculation says the event itself is uncertain, which is
weaker than a firm event at arm's length. "would" alone is not read as speculation (reported speech uses it
for plain future: "he said he would go"); "may" counts only in lower case (never the month), "could" not before
"not"/"never" or a verb of perception ("we could hear"), and "likely" only as a prediction ("likely to",
"is likely"), not as an adjective ("likely voters").

``markers`` are the words that decided, as written and in sentence order: the stance markers of the chosen
stance and every hedge marker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.types import Hedge, Stance, StanceReading

STANCE_EXTRACTOR = "stance/1"

_FALSE = (
    r"(?:false|fabricat\w*|baseless|groundless|untrue|fake|lies|a\s+lie|nonsense|unfounded|fiction|disinformation"
    r"|misinformation|propaganda|(?:a\s+)?hoax|absurd|ridiculous|speculation|rumou?rs?|smears?|slander)"
)
_SPEECH = (
    r"(?:comment|confirm|deny|say|discuss|elaborate|respond|answer|specify|disclose|name|identify|detail"
    r"|admit|acknowledge|concede|recognise|recognize)"
)
_OBJECT = r"(?:claims?|reports?|allegations?|accusations?|suggestions?|assertions?|charges?|accounts?|stor(?:y|ies))"

# Words that may stand between a negation and the verb it negates: "has not yet publicly confirmed".
_BETWEEN = frozenset(
    """has have had is are was were be been being did does do yet to so far publicly officially independently
    immediately formally explicitly directly ever also even still able either""".split()  # noqa: SIM905
)
_NEGATIONS = frozenset({"not", "never", "cannot", "without", "unable", "failed", "fails", "fail", "yet"})
_AUXILIARIES = frozenset({"has", "have", "had", "is", "are", "was", "were", "did", "does", "do", "would", "will"})
_INABILITY = frozenset({"could", "couldn't", "couldn’t", "cannot", "can't", "can’t", "unable", "able"})
_CLAUSE_WORD = re.compile(r"[\w'’]+|[,;:()\"“”—–]")


@dataclass(frozen=True, slots=True)
class _Phrase:
    """A kind of marker: what a match means, the words one of which every match holds (how words begin, or a
    phrase), and the expression. The words spare most sentences the regular expression."""

    kind: str
    triggers: tuple[str, ...]
    pattern: re.Pattern[str]


def _phrase(kind: str, triggers: str, pattern: str, flags: int = re.IGNORECASE) -> _Phrase:
    return _Phrase(kind, tuple(triggers.split("|")), re.compile(pattern, flags))


# In order of precedence where two overlap: "declined to confirm" is a refusal, not a confirmation.
_STANCE_PHRASES = [
    _phrase(
        "noanswer",
        "declin|refus|comment|neither|confirm|say",
        rf"\b(?:declin(?:e|es|ed|ing)|refus(?:e|es|ed|ing))\s+to\s+{_SPEECH}\b"
        r"|\b(?:would|will|did|does|do)\s*(?:not|n['’]t)\s+(?:immediately\s+)?(?:comment|confirm|say)\b"
        r"|\bneither\s+confirm(?:s|ed)?\s+nor\s+den(?:y|ies|ied)\b|\bno\s+comment\b",
    ),
    _phrase(
        "dismiss",
        "dismiss|brush",
        rf"\bdismiss(?:es|ed|ing)?\b(?:\s+[\w'’-]+){{0,8}}?\s+as\s+(?:[\w'’-]+\s+){{0,2}}?{_FALSE}\b"
        rf"|\bdismiss(?:es|ed|ing)?\s+(?:the\s+|these\s+|such\s+)?{_OBJECT}\b|\bbrush(?:es|ed|ing)?\s+off\b",
    ),
    _phrase(
        "called",
        "call|describ|brand|label",
        r"\b(?:call(?:s|ed|ing)?|describ(?:es|ed|ing)|brand(?:s|ed|ing)?|labell?(?:s|ed|ing)?)\b"
        rf"(?:\s+[\w'’-]+){{0,8}}?\s+(?:as\s+)?(?:[\w'’-]+\s+){{0,2}}?{_FALSE}\b",
    ),
    _phrase("reject", "reject", rf"\breject(?:s|ed|ing)?\s+(?:[\w'’-]+\s+){{0,4}}?{_OBJECT}\b"),
    _phrase("refute", "refut|rebut", r"\b(?:refut(?:e|es|ed|ing)|rebut(?:s|ted|ting)?)\b"),
    _phrase("noevidence", "no evidence", r"\bno\s+evidence\b"),
    _phrase("deny", "deni|deny", r"\bden(?:y|ies|ied|ying)\b|\bdenials?\b"),
    _phrase("verify", "verif|corroborat", r"\b(?:verif(?:y|ies|ied|ying)|corroborat(?:e|es|ed|ing))\b"),
    _phrase(
        "confirm",
        "confirm|acknowledg|admit|conced",
        r"\b(?:confirm(?:s|ed|ing)?|acknowledg(?:e|es|ed|ing)|admit(?:s|ted|ting)?|conced(?:e|es|ed|ing))\b",
    ),
]
_HEDGE_PHRASES = [
    _phrase(
        "hedged",
        "reported|alleg|apparent|purport|suppos|ostensib|seeming|unconfirm|unverif|rumo",
        r"\b(?:reportedly|allegedly|apparently|purportedly|supposedly|ostensibly|seemingly|unconfirmed|unverified"
        r"|alleged|purported|rumou?red)\b",
    ),
    _phrase("hedged", "appear|seem", r"\b(?:appear(?:s|ed|ing)?\s+to|it\s+appears|seem(?:s|ed|ing)?)\b"),
    _phrase(
        "hedged",
        "said to|believed to|thought to|understood|reported to|alleged to|is believed|is thought",
        r"\b(?:(?:said|believed|thought|understood|reported|alleged)\s+to\s+(?:be|have)"
        r"|it\s+is\s+(?:understood|believed|thought))\b",
    ),
    _phrase("hedged", "according to", r"\baccording\s+to\s+(?:[\w'’-]+\s+){0,3}?reports\b"),
    _phrase(
        "hedged",
        "verif|confirm|corroborat",
        r"\b(?:could\s+not\s+be\s+(?:independently\s+|immediately\s+)?(?:verified|confirmed|corroborated)"
        r"|(?:could|can)\s*(?:not|n['’]t)\s+(?:independently\s+|immediately\s+)?(?:verify|confirm|corroborate)"
        r"|(?:unable|not\s+(?:been\s+)?able)\s+to\s+(?:independently\s+)?(?:verify|confirm|corroborate)"
        r"|not\s+(?:been\s+|yet\s+been\s+)(?:independently\s+)?(?:verified|confirmed|corroborated))\b",
    ),
    _phrase(
        "speculative",
        "may|might|could",
        r"\b(?:may|might|could)\b(?!n['’]t)"
        r"(?!\s+(?:not|never|hardly|barely|only|hear|see|feel|smell|watch|do\s+nothing)\b)",
        0,  # lower case only: never the month "May"
    ),
    _phrase(
        "speculative",
        "possib|perhaps|maybe|probab|presum|potential|conceiv|likely|unlikely",
        r"\b(?:possibly|perhaps|maybe|probably|presumably|potentially|conceivably|unlikely|it\s+is\s+possible"
        r"|possible\s+that|possibility|likely\s+to|(?:is|are|was|were|be|been|seems?|most|more|less|very|highly"
        r"|quite|increasingly)\s+likely|likely(?=\s*[,.;]|\s*$))\b",
    ),
    _phrase(
        "speculative",
        "expect|forecast|predict|project|specul|suggest|believe",
        r"\b(?:(?:expect(?:s|ed)?|forecast|predicted|projected)\s+to|expects?|speculat(?:ed|es|ing|ion)"
        r"|suggest(?:s|ed|ing)?|believes?)\b",
    ),
]
_HEDGE_OF = {"hedged": Hedge.HEDGED, "speculative": Hedge.SPECULATIVE}


def _index(phrases: list[_Phrase]) -> dict[str, list[tuple[_Phrase, str]]]:
    """Phrases by the first four letters of their triggers (of the longest word, for a trigger of several words,
    which must then also be in the sentence whole)."""
    index: dict[str, list[tuple[_Phrase, str]]] = {}
    for phrase in phrases:
        for trigger in phrase.triggers:
            key = max(trigger.split(), key=len)[:4]
            index.setdefault(key, []).append((phrase, trigger if " " in trigger else ""))
    return index


_INDEX = _index(_STANCE_PHRASES + _HEDGE_PHRASES)
_SPACES = str.maketrans(dict.fromkeys('"“”‘()[],.;:!?—–-/', " "))  # apostrophes stay: "didn't"


def _present(lower: str) -> set[int]:
    """The ids of the phrases whose triggers are in the lower-cased sentence ``lower``."""
    present: set[int] = set()
    for word in lower.translate(_SPACES).split():
        for phrase, whole in _INDEX.get(word[:4], ()):
            if not whole or whole in lower:
                present.add(id(phrase))
    return present


@dataclass(frozen=True, slots=True)
class _Marker:
    start: int
    end: int
    stance: Stance | None  # None: decides nothing about the stance
    hedge: Hedge | None
    content: bool = False  # says something of the content ("no evidence"), so counts away from the cue too


def read_stance(sentence: str, cue: str = "", *, attributed: bool = True) -> StanceReading:
    """The stance and hedge of the statement in ``sentence`` whose reporting words are ``cue``.

    ``attributed`` says whether the statement has a speaker other than the outlet; it decides between the
    plainest levels ("stated" and "attributed") when the sentence has no hedge words.
    """
    present = _present(sentence.lower())
    markers = _stance_markers(sentence, present) + _hedge_markers(sentence, present)
    stance, deciding = _decide(sentence, cue, [m for m in markers if m.stance is not None])
    hedges = [m for m in markers if m.hedge is not None]
    hedge = max((m.hedge for m in hedges if m.hedge), key=_LEVELS.index, default=None)
    if hedge is None:
        hedge = Hedge.ATTRIBUTED if attributed else Hedge.STATED
    chosen = sorted({(m.start, m.end) for m in [*deciding, *hedges]})
    words = tuple(sentence[s:e] for s, e in _merged(chosen))
    if not deciding and cue.strip() and _find_cue(sentence, cue) is None:  # the cue is read apart, then
        stance, deciding = _decide(cue, "", _stance_markers(cue, _present(cue.lower())))
        words = (*(cue[m.start : m.end] for m in deciding), *words)
    return StanceReading(stance, hedge, words)


_LEVELS = [Hedge.STATED, Hedge.ATTRIBUTED, Hedge.HEDGED, Hedge.SPECULATIVE]


def _decide(sentence: str, cue: str, markers: list[_Marker]) -> tuple[Stance, list[_Marker]]:
    """The stance and the markers that decided it: those on the cue when it is in the sentence, else the first."""
    found = _find_cue(sentence, cue)
    if found:
        at, end = found
        markers = [m for m in markers if (m.start < end and at < m.end) or m.content]
    if not markers:
        return Stance.ASSERTED, []
    stance = markers[0].stance or Stance.ASSERTED
    return stance, [m for m in markers if m.stance is stance]


def _find_cue(sentence: str, cue: str) -> tuple[int, int] | None:
    """Where ``cue`` first stands in ``sentence`` as whole words ("reported", not inside "reportedly")."""
    cue = cue.strip()
    at = sentence.find(cue) if cue else -1
    while at >= 0:
        end = at + len(cue)
        if not (at and sentence[at - 1].isalnum()) and not (end < len(sentence) and sentence[end].isalnum()):
            return at, end
        at = sentence.find(cue, at + 1)
    return None


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans joined, so a marker inside another ("could not be verified") is reported once."""
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def _stance_markers(sentence: str, present: set[int]) -> list[_Marker]:
    found: list[tuple[int, int, str]] = []
    for phrase in (p for p in _STANCE_PHRASES if id(p) in present):
        for m in phrase.pattern.finditer(sentence):
            if not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), phrase.kind))
    out: list[_Marker] = []
    for start, end, kind in sorted(found):
        if kind not in ("deny", "verify", "confirm"):
            out.append(_Marker(start, end, Stance.DENIED, None, content=kind == "noevidence"))
            continue
        negation = _negation(sentence, start)
        if negation is None:
            out.append(_Marker(start, end, Stance.DENIED if kind == "deny" else Stance.CONFIRMED, None))
        elif kind == "deny":  # "did not deny": not a denial
            out.append(_Marker(negation[0], end, Stance.ASSERTED, None))
        elif kind == "confirm" and not negation[1] and not _passive(sentence, start, end):
            out.append(_Marker(negation[0], end, Stance.DENIED, None))
        # a verification or a confirmation that could not be had is a hedge, read by _hedge_markers
    return out


def _negation(sentence: str, verb: int) -> tuple[int, bool] | None:
    """Where the negation of the verb at ``verb`` begins, and whether it is an inability ("could not", "unable
    to", "not been able to") rather than a refusal; None when the verb is not negated. Only auxiliaries and
    adverbs may stand between ("has not yet publicly"), except that "neither"/"nor" may stand before a subject
    of up to four words ("Neither Moscow nor Pyongyang has")."""
    words = [w.group().lower() for w in _CLAUSE_WORD.finditer(sentence, max(0, verb - 60), verb)]
    starts = [w.start() for w in _CLAUSE_WORD.finditer(sentence, max(0, verb - 60), verb)]
    passed = 0
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if word == "yet" and words[i + 1 : i + 2] != ["to"]:
            continue  # "has not yet confirmed": "yet" only negates in "has yet to confirm"
        if word in _NEGATIONS or word.endswith(("n't", "n’t")) or word in ("nor", "neither"):
            if passed and word not in ("nor", "neither"):
                return None
            if word == "nor":  # report "Neither Moscow nor Pyongyang has confirmed" whole
                i = next((k for k in range(i - 1, max(-1, i - 6), -1) if words[k] == "neither"), i)
            elif i and words[i - 1] in _AUXILIARIES:  # and "did not deny" with its auxiliary
                i -= 1
            return starts[i], any(w in _INABILITY for w in words[max(0, i - 1) :])
        if not word[0].isalnum():
            return None
        if word not in _BETWEEN:
            passed += 1
            if passed > 4:
                return None
    return None


def _passive(sentence: str, start: int, end: int) -> bool:
    """ "have not been confirmed": a passive, said of the content rather than by the speaker."""
    return sentence[start:end].lower().endswith("ed") and _BEEN.search(sentence, max(0, start - 8), start) is not None


_BEEN = re.compile(r"\b(?:be|been|being)\s+$")


def _hedge_markers(sentence: str, present: set[int]) -> list[_Marker]:
    out = [
        _Marker(m.start(), m.end(), None, _HEDGE_OF[phrase.kind])
        for phrase in _HEDGE_PHRASES
        if id(phrase) in present
        for m in phrase.pattern.finditer(sentence)
    ]
    return sorted(out, key=lambda m: m.start)
