"""Who is speaking: one name for every way a text refers to the same source.

"South Korea's National Intelligence Service", "the National Intelligence Service", "the NIS", "Seoul's spy
agency", "the agency" and, after it, "it" are one speaker. A :class:`SpeakerBook` reads the sources of one text
(or of every text of a story) in order and answers each with the fullest name it has for that speaker:

* a **name** joins an earlier speaker when it ends with the same word and all its capitalised words are in
  the other's ("Zelenskyy" joins "Ukrainian President Volodymyr Zelenskyy"); a fuller name met later becomes
  the speaker's name;
* an **acronym** ("NIS", "the NIS") joins a speaker whose capitalised words start with those letters;
* a **description** ("the agency", "Seoul's spy agency", "the Ukrainian president") joins the most recent
  speaker that fits its head noun and modifiers (an agency fits "Service", "Agency", "Bureau"; "spy" fits
  "Intelligence"; "Seoul" fits "South Korea");
* a **pronoun** joins the most recent speaker of a fitting kind ("he" and "she" a person, "it" an
  organisation, "they" anyone).

What matches nothing starts a new speaker under its own words ("officials", "a source").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from newsdesk.types import Claim, ClaimKind

_DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ")
_PRONOUNS = {"he": "person", "she": "person", "him": "person", "her": "person", "it": "org", "they": "any"}
_PRONOUNS |= {"them": "any", "we": "any", "i": "person", "its": "org", "his": "person", "who": "any", "which": "org"}

# Words that make a name an organisation, and titles that make it a person.
_ORG_WORDS = frozenset(
    [
        "service",
        "agency",
        "bureau",
        "ministry",
        "department",
        "office",
        "council",
        "committee",
        "commission",
        "government",
        "kremlin",
        "administration",
        "parliament",
        "congress",
        "senate",
        "court",
        "army",
        "navy",
        "military",
        "forces",
        "force",
        "police",
        "party",
        "union",
        "bank",
        "company",
        "corporation",
        "group",
        "institute",
        "university",
        "newspaper",
        "daily",
        "agency",
        "media",
        "network",
        "association",
        "organisation",
        "organization",
        "federation",
        "board",
        "authority",
        "command",
        "staff",
        "embassy",
        "house",
    ]
)
_TITLES = frozenset(
    [
        "president",
        "prime",
        "minister",
        "secretary",
        "mr",
        "mrs",
        "ms",
        "dr",
        "sir",
        "gen",
        "general",
        "col",
        "colonel",
        "lt",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "chancellor",
        "king",
        "queen",
        "prince",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "chief",
        "director",
        "leader",
        "ambassador",
        "vice",
        "deputy",
        "foreign",
        "defence",
        "defense",
        "interior",
        "state",
        "professor",
        "prof",
        "judge",
    ]
)

# Heads of descriptions and the words a name must contain to fit them.
_HEAD_FITS: dict[str, tuple[str, ...]] = {
    "agency": ("agency", "service", "bureau", "intelligence"),
    "service": ("service", "agency"),
    "ministry": ("ministry", "department"),
    "department": ("department", "ministry"),
    "newspaper": ("newspaper", "ilbo", "times", "post", "daily", "journal", "herald", "gazette"),
    "paper": ("newspaper", "ilbo", "times", "post", "daily", "journal", "herald", "gazette"),
    "daily": ("newspaper", "ilbo", "daily"),
    "president": ("president",),
    "minister": ("minister",),
    "spokesman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokeswoman": ("spokesman", "spokeswoman", "spokesperson"),
    "spokesperson": ("spokesman", "spokeswoman", "spokesperson"),
    "military": ("military", "army", "forces", "staff", "command"),
    "army": ("army", "military", "forces"),
    "government": ("government", "kremlin", "administration"),
    "kremlin": ("kremlin",),
    "company": ("company", "corporation", "inc", "corp", "group"),
    "committee": ("committee",),
    "court": ("court",),
    "police": ("police",),
}
_MODIFIER_FITS: dict[str, tuple[str, ...]] = {"spy": ("intelligence", "spy"), "intelligence": ("intelligence",)}

# Capitals and demonyms, so that "Seoul's spy agency" fits "South Korea's National Intelligence Service".
_PLACES: dict[str, str] = {
    "seoul": "south korea",
    "south korean": "south korea",
    "pyongyang": "north korea",
    "north korean": "north korea",
    "moscow": "russia",
    "russian": "russia",
    "kremlin": "russia",
    "kyiv": "ukraine",
    "kiev": "ukraine",
    "ukrainian": "ukraine",
    "washington": "united states",
    "u.s.": "united states",
    "us": "united states",
    "american": "united states",
    "america": "united states",
    "beijing": "china",
    "chinese": "china",
    "tokyo": "japan",
    "japanese": "japan",
    "london": "united kingdom",
    "british": "united kingdom",
    "britain": "united kingdom",
    "uk": "united kingdom",
    "paris": "france",
    "french": "france",
    "berlin": "germany",
    "german": "germany",
    "brussels": "european union",
    "eu": "european union",
    "tehran": "iran",
    "iranian": "iran",
    "jerusalem": "israel",
    "israeli": "israel",
    "ankara": "turkey",
    "turkish": "turkey",
    "new delhi": "india",
    "indian": "india",
    "riyadh": "saudi arabia",
    "saudi": "saudi arabia",
}
_PLACE_NAMES = frozenset(w for place in _PLACES.values() for w in place.split())
_PLACE_RE = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _PLACES), key=len, reverse=True)) + r")\b")

_WORD = re.compile(r"[\w.’'-]+")


def _clean(text: str) -> str:
    text = " ".join(text.split()).strip(" \t\"'“”‘’,.:;()[]—–-")
    return text


_PARENTHESIS = re.compile(r"\s*\(([^)]*)\)?")


def _core(text: str) -> tuple[str, set[str]]:
    """The naming part of a source and the acronyms it gives in brackets: "South Korea's National Intelligence
    Service (NIS)" → the name and {"NIS"}; "Colin Marsh, a former army officer who …" → "Colin Marsh";
    "Ukraine's president, Volodymyr Zelenskyy" → "Volodymyr Zelenskyy"."""
    aside = {m.group(1).replace(".", "") for m in _PARENTHESIS.finditer(text) if _is_acronym(m.group(1).strip())}
    text = _PARENTHESIS.sub("", text).strip(" ,")
    if "," in text:
        first, rest = (part.strip() for part in text.split(",", 1))
        second = rest.split(",", 1)[0].strip()
        first_words = _words(first)
        if first_words and first_words[-1][:1].isupper():
            text = first
        elif second[:1].isupper() and _capitalised(second):
            text = _strip_determiner(second)
        else:
            text = first
    return _clean(text), aside


def _strip_determiner(text: str) -> str:
    low = text.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            return text[len(det) :]
    return text


def _words(text: str) -> list[str]:
    return [w.strip(".").removesuffix("’s").removesuffix("'s") for w in _WORD.findall(text)]


def _capitalised(text: str) -> list[str]:
    """The capitalised words of a name, without titles: the words a shorter mention must share."""
    return [w for w in _words(text) if w[:1].isupper() and w.lower() not in _TITLES and not _is_acronym(w)]


def _is_acronym(word: str) -> bool:
    bare = word.replace(".", "")
    return 2 <= len(bare) <= 6 and bare.isupper() and bare.isalpha()


def _places(text: str) -> set[str]:
    low = text.lower()
    found = {_PLACES[m.group(1)] for m in _PLACE_RE.finditer(low)}
    found |= {place for place in set(_PLACES.values()) if place in low}
    return found


@dataclass
class _Speaker:
    key: int
    name: str
    kind: str  # "person", "org" or "group"
    words: set[str] = field(default_factory=set)
    lower: str = ""
    places: set[str] = field(default_factory=set)
    acronyms: set[str] = field(default_factory=set)

    def absorb(self, mention: str) -> None:
        """Remember another way of naming this speaker; a fuller proper name becomes its name."""
        mine, theirs = _capitalised(mention), _capitalised(self.name)
        if (len(_name_words(mine)), len(mine)) > (len(_name_words(theirs)), len(theirs)):
            self.name = mention
        self.words |= {w.lower() for w in _words(mention)}
        self.lower = f"{self.lower} {mention.lower()}"
        self.places |= _places(mention)
        self.acronyms |= _acronyms(mention)

    def fold(self, other: _Speaker) -> None:
        """Take in everything known of ``other``, a speaker found to be this one."""
        self.absorb(other.name)
        self.words |= other.words
        self.lower = f"{self.lower} {other.lower}"
        self.places |= other.places
        self.acronyms |= other.acronyms


def _acronyms(name: str) -> set[str]:
    """The acronyms a name allows: initials of each run of its capitalised words that ends at its last one."""
    words = [w for w in _words(name) if w[:1].isupper() and w.lower() not in ("of", "the", "and", "for")]
    out = {w.replace(".", "") for w in words if _is_acronym(w)}
    caps = [w for w in words if not _is_acronym(w)]
    for i in range(len(caps) - 1):
        out.add("".join(w[0] for w in caps[i:]).upper())
    return out


def _kind(mention: str) -> str:
    words = [w.lower() for w in _words(mention)]
    if any(w in _ORG_WORDS for w in words) or (words and all(_is_acronym(w.upper()) for w in words)):
        return "org"
    if mention.lower() in _PLACES or (_places(mention) and len(_capitalised(mention)) <= 2 and not _person(mention)):
        return "org"
    if _person(mention):
        return "person"
    if words and words[-1].endswith("s") and not mention[:1].isupper():
        return "group"
    return "org" if mention[:1].isupper() else "group"


def _person(mention: str) -> bool:
    words = _words(mention)
    if any(w.lower() in _TITLES for w in words) and _capitalised(mention):
        return True
    caps = _capitalised(mention)
    return 1 <= len(caps) <= 4 and len(caps) == len(words) and not _places(mention)


class SpeakerBook:
    """The speakers of one text or story, in the order they were met.

    :meth:`add` reads a mention and returns its speaker's key; :meth:`name` gives that speaker's name once
    everything is read (a later, fuller name can join two speakers met apart, such as "the NIS" and "South
    Korea's spy agency"). :meth:`resolve` does both for one mention.
    """

    def __init__(self) -> None:
        self._speakers: list[_Speaker] = []
        self._moved: dict[int, int] = {}

    def add(self, mention: str) -> int | None:
        """Read the source ``mention`` as written; its speaker's key, or None for an empty or lone pronoun."""
        text = _clean(mention)
        if not text:
            return None
        low = text.lower()
        if low in _PRONOUNS:
            found = self._pronoun(_PRONOUNS[low])
            return found.key if found else None
        bare, aside = _core(_strip_determiner(text))
        if not bare:
            return None
        matches = self._match(bare)
        if not matches:
            speaker = _Speaker(
                key=len(self._moved) + len(self._speakers), name=bare if bare[:1].isupper() else text, kind=_kind(bare)
            )
            speaker.absorb(bare)
            speaker.acronyms |= aside
            self._speakers.append(speaker)
            return speaker.key
        speaker, *others = matches
        for other in others:
            speaker.fold(other)
            self._speakers.remove(other)
            self._moved[other.key] = speaker.key
        speaker.absorb(bare)
        speaker.acronyms |= aside
        self._speakers.remove(speaker)  # most recent last, for descriptions and pronouns
        self._speakers.append(speaker)
        return speaker.key

    def name(self, key: int) -> str:
        """The name of the speaker ``key`` now."""
        while key in self._moved:
            key = self._moved[key]
        return next(s.name for s in self._speakers if s.key == key)

    def resolve(self, mention: str) -> str:
        """The speaker's name for ``mention`` as far as the book knows now, or the mention when it names nobody."""
        key = self.add(mention)
        return self.name(key) if key is not None else _clean(mention)

    def _pronoun(self, kind: str) -> _Speaker | None:
        for speaker in reversed(self._speakers):
            if kind == "any" or speaker.kind == kind:
                return speaker
        return None

    def _match(self, bare: str) -> list[_Speaker]:
        """The speakers ``bare`` (a mention without its determiner) names, most recent first."""
        words = _words(bare)
        if not words:
            return []
        places = _places(bare)
        if (len(words) == 1 and _is_acronym(words[0])) or (len(words) == 2 and _is_acronym(words[-1])):
            acronym = words[-1].replace(".", "")
            return [s for s in reversed(self._speakers) if acronym in s.acronyms and _places_agree(places, s.places)][
                :1
            ]
        caps = _capitalised(bare)
        if caps and words[-1][:1].isupper():
            return self._by_name(bare, caps, places)
        if words[-1].lower() in _HEAD_FITS:
            return [s for s in reversed(self._speakers) if _fits(bare, s.lower, s.places)][:1]
        low = bare.lower()
        return [s for s in reversed(self._speakers) if s.name.lower() == low][:1]

    def _by_name(self, bare: str, caps: list[str], places: set[str]) -> list[_Speaker]:
        last = caps[-1].lower()
        mine = _name_words(caps)
        low = bare.lower()
        acronyms = _acronyms(bare)
        found: list[_Speaker] = []
        for speaker in reversed(self._speakers):
            their_caps = _capitalised(speaker.name)
            if their_caps and _words(speaker.name)[-1][:1].isupper():
                theirs = _name_words(their_caps)
                if (
                    their_caps[-1].lower() == last
                    and _places_agree(places, speaker.places)
                    and (mine <= theirs or theirs <= mine)
                ):
                    found.append(speaker)
            # an earlier acronym or description that this name fits: "the NIS", then the full name
            elif (speaker.acronyms and speaker.acronyms <= acronyms and speaker.name.replace(".", "").isupper()) or (
                _fits(speaker.name, low, places) and _places_agree(places, speaker.places)
            ):
                found.append(speaker)
        return found


def _name_words(caps: list[str]) -> set[str]:
    """Capitalised words that are not places: "Ukraine's president Zelenskyy" and "Ukrainian President
    Volodymyr Zelenskyy" share their name words."""
    return {c.lower() for c in caps if c.lower() not in _PLACES and c.lower() not in _PLACE_NAMES}


def _places_agree(mine: set[str], theirs: set[str]) -> bool:
    return not mine or not theirs or bool(mine & theirs)


def _fits(description: str, target: str, target_places: set[str]) -> bool:
    """Whether a description ("Seoul's spy agency") fits a speaker named (lower-cased) ``target``."""
    words = [w.lower() for w in _words(_strip_determiner(description))]
    if not words or words[-1] not in _HEAD_FITS:
        return False
    if not any(fit in target for fit in _HEAD_FITS[words[-1]]):
        return False
    if any(w in _MODIFIER_FITS and not any(f in target for f in _MODIFIER_FITS[w]) for w in words[:-1]):
        return False
    return _places_agree(_places(description), target_places)


def unify_speakers(claims: Sequence[Claim]) -> list[Claim]:
    """The claims of several articles (a story) with one name per speaker across them.

    Each article named its speakers on its own; here "the NIS" of one article and "South Korea's National
    Intelligence Service" of another become one speaker, under the fullest name. Claims in an outlet's own
    voice keep the outlet as speaker.
    """
    book = SpeakerBook()
    keys = [None if c.kind is ClaimKind.OWN else book.add(c.speaker) for c in claims]
    return [c if k is None else replace(c, speaker=book.name(k)) for c, k in zip(claims, keys, strict=True)]
