"""Names in a sentence, as the support checker reads them: runs of capitalised words, and who is speaking.

A *name* is a run of capitalised words separated only by spaces ("National Intelligence Service", "Kim Jong Un",
"U.S."), with a few lower-case joining words allowed inside when a capitalised word follows ("Hanbit Institute
for Peninsula Studies", "University of Northgate"). A possessive ends a run and is not part of the name:
"Ukraine's President Volodymyr Zelenskyy" is two names, "Ukraine" and "President Volodymyr Zelenskyy".
Punctuation between words ends a run too, so "U.S.-Russia" is "U.S." and "Russia". Month and day names are not
names ("May" included: the month is far more common in news than the given name), nor is "I", nor a run of
titles alone ("the President").

The first word of a sentence (or of a quotation inside it, or of a clause after ":" or ";") is capitalised
whatever it is, so it starts a name only if it is not *ordinary*: not a function word or common opener of
:data:`ORDINARY` or the stop list, and, where the surrounding texts are known (:class:`WordUse`), not a word
that those texts write in lower case and never capitalise in mid-sentence. "However, Zelenskyy said" has one
name; "Fresh North Korean units" has "North Korean" when the texts write "fresh" and "to North Korea".

Each name has *significant tokens*: its capitalised words, possessive stripped, split at hyphens with only the
capitalised parts kept ("Seo-yeon" → "Seo", "Warsaw-based" → "Warsaw"), leaving out titles ("President",
"Minister", "Dr") and articles ("The"). A cited sentence *mentions* a name when it holds every significant
token (case-sensitive, possessives stripped), or when one is an acronym of the other: "NIS" is mentioned by
"National Intelligence Service" and the other way round, "U.S." by "US" or "United States".

:func:`speaker` picks a clause's speaker among its names: the first one followed by a reporting verb within a
few lower-case words ("Zelenskyy has put", "U.S. intelligence has estimated", "the NIS said"), else the first
one after "according to", else simply the first name; a possessor is passed over for the name it qualifies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from newsdesk.cluster.stopwords import CALENDAR_WORDS, STOP_WORDS

# Words that are capitalised at the start of a sentence without being a name, beyond the stop list.
ORDINARY = frozenset(
    """a an the this that these those it its he she they we i you his her their our there here however meanwhile
    still yet neither either both many several another others among since despite although though instead later
    earlier first last nor none no not some most other each every all such what who why how when where while as
    if but and or so then now also only even after before during until unless because whether according
    estimates figures reports officials analysts sources""".split()  # noqa: SIM905
)
# Titles that may precede a name without being part of what identifies it.
TITLES = frozenset(
    """President Vice Prime Minister Secretary Chancellor Dr Mr Mrs Ms Prof Professor Sir Dame Senator Sen Rep
    Governor Gov Mayor General Gen Colonel Col Captain Capt Lieutenant Lt Sergeant Sgt Admiral Adm
    The""".split()  # noqa: SIM905
)
# Lower-case words that may join the capitalised words of one name.
JOINERS = frozenset({"of", "for", "de", "del", "della", "da", "du", "van", "von", "der", "al", "bin", "la", "le"})
REPORTING = frozenset(
    """said says say told tells reported reports report estimated estimates estimate put puts claimed claims claim
    cited cites cite stated states announced announces confirmed confirms denied denies added adds warned warns
    gave gives counted counts wrote writes believes believed described describes called calls""".split()  # noqa: SIM905
)
_BETWEEN_MAX = 3  # lower-case words that may stand between a speaker and the reporting verb

_WORD = re.compile(r"(?:[A-Z]\.)+(?![A-Za-z])|[^\W_][\w'’]*(?:-[\w'’]+)*")
_OPENERS = "\"“‘'"
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")
_MID_CAPITAL = re.compile(r"(?<=[\w,;] )[A-Z][\w'’-]*")


@dataclass(frozen=True, slots=True)
class Name:
    """A name in a text: where it lies (possessive left out), its significant tokens, and whether it was a
    possessive ("Ukraine's")."""

    text: str
    start: int
    end: int
    tokens: tuple[str, ...]
    possessive: bool = False

    @property
    def acronym(self) -> str:
        """The initials of a name of several words ("NIS" for "National Intelligence Service"), else ""."""
        if len(self.tokens) < 2 or not all(t[:1].isupper() and "." not in t for t in self.tokens):
            return ""
        return "".join(t[0] for t in self.tokens)


class WordUse:
    """How the texts around a sentence write their words: which occur in lower case, which are capitalised in
    mid-sentence. Decides whether a capitalised first word is an ordinary word or a name."""

    def __init__(self, texts: tuple[str, ...] = ()) -> None:
        self.lower: set[str] = set()
        self.capital: set[str] = set()
        for text in texts:
            lower, capital = _word_use(text)
            self.lower |= lower
            self.capital |= capital

    def ordinary(self, word: str) -> bool:
        low = word.lower()
        if low in ORDINARY or low in STOP_WORDS:
            return True
        return (low in self.lower or low.split("-")[0] in self.lower) and word not in self.capital


@lru_cache(maxsize=512)
def _word_use(text: str) -> tuple[frozenset[str], frozenset[str]]:
    lower = frozenset(m.group() for m in _LOWER_WORD.finditer(text))
    capital = frozenset(_strip_possessive(m.group())[0] for m in _MID_CAPITAL.finditer(text))
    return lower, capital


def _strip_possessive(word: str) -> tuple[str, bool]:
    m = _POSSESSIVE.search(word)
    return (word[: m.start()], True) if m and m.start() > 0 else (word, False)


def _capitalised(word: str) -> bool:
    return word[:1].isupper() and word.lower() not in CALENDAR_WORDS and word != "I"


def _starts_sentence(text: str, at: int) -> bool:
    """Whether the word at ``at`` opens a sentence, a clause after a colon or semicolon, or a quotation."""
    before = text[:at].rstrip()
    if not before:
        return True
    if before[-1] in ".!?:;":
        return True
    if before[-1] in _OPENERS:
        ahead = before[:-1]
        return not ahead or ahead[-1].isspace() or ahead[-1] in "([—–-:"
    return False


def significant(words: list[str]) -> tuple[str, ...]:
    """The tokens that identify a name of ``words``: capitalised hyphen parts, possessive stripped, no titles
    (a name of titles only, "the President", has none and is not checked)."""
    parts = [p for w in words for p in _strip_possessive(w)[0].split("-") if p[:1].isupper()]
    return tuple(p for p in parts if p.rstrip(".") not in TITLES)


def find_names(text: str, use: WordUse | None = None) -> list[Name]:
    """The names of ``text`` in order (see the module docstring for what counts as one)."""
    use = use or WordUse()
    words = list(_WORD.finditer(text))
    names: list[Name] = []
    run: list[re.Match[str]] = []

    def close() -> None:
        while run and run[0].group() in ("The", "A", "An"):
            run.pop(0)
        if run:
            last, possessive = _strip_possessive(run[-1].group())
            end = run[-1].start() + len(last)
            tokens = significant([m.group() for m in run])
            if tokens:
                names.append(Name(text[run[0].start() : end], run[0].start(), end, tokens, possessive))
        run.clear()

    for i, m in enumerate(words):
        word = m.group()
        joined = bool(run) and text[run[-1].end() : m.start()].isspace() and not _ends_possessive(run[-1])
        if not joined:
            close()
        if _capitalised(word):
            if not run and _starts_sentence(text, m.start()) and use.ordinary(_strip_possessive(word)[0]):
                continue
            run.append(m)
        elif run and word in JOINERS and i + 1 < len(words):
            nxt = words[i + 1]
            if text[m.end() : nxt.start()].isspace() and _capitalised(nxt.group()):
                run.append(m)
                continue
            close()
        else:
            close()
    close()
    return names


def _ends_possessive(m: re.Match[str]) -> bool:
    return _strip_possessive(m.group())[1]


def acronym_key(token: str) -> str:
    """The letters of an acronym token ("U.S." → "US", "NIS" → "NIS"), or "" when ``token`` is not one."""
    letters = token.replace(".", "")
    if letters and letters.isalpha() and letters.isupper() and (len(letters) > 1 or token.endswith(".")):
        return letters
    return ""


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What one cited sentence can vouch for: its tokens (possessives stripped, hyphen parts added), the acronyms
    it writes ("NIS", "U.S." as "US") and the initials of the names it spells out ("NIS" of "National
    Intelligence Service")."""

    tokens: frozenset[str]
    written: frozenset[str]
    spelled: frozenset[str]

    @classmethod
    def of(cls, text: str, use: WordUse | None = None) -> Vocabulary:
        tokens: set[str] = set()
        written: set[str] = set()
        for m in _WORD.finditer(text):
            word = _strip_possessive(m.group())[0]
            tokens.add(word)
            tokens.update(word.split("-"))
            key = acronym_key(word)
            if key:
                written.add(key)
        spelled = {n.acronym for n in find_names(text, use) if n.acronym}
        return cls(frozenset(tokens), frozenset(written), frozenset(spelled))

    def mentions(self, name: Name) -> bool:
        """Whether this text holds every significant token of ``name`` (an acronym token may be written or
        spelled out here), or writes the acronym of ``name``."""
        if name.acronym and name.acronym in self.written:
            return True
        return all(t in self.tokens or self._acronym(acronym_key(t)) for t in name.tokens)

    def _acronym(self, key: str) -> bool:
        return bool(key) and (key in self.written or key in self.spelled)


def outlet_names(name: Name, outlet: str) -> bool:
    """Whether ``name`` is (part of) the outlet name ``outlet``: "Courier" and "Harbour Courier" of "The
    Harbour Courier"."""
    tokens = {_strip_possessive(m.group())[0] for m in _WORD.finditer(outlet)}
    return bool(name.tokens) and all(t in tokens for t in name.tokens)


def speaker(text: str, names: list[Name]) -> Name | None:
    """The speaker among ``names`` (those of one clause of ``text``), as the module docstring says."""
    if not names:
        return None
    for name in names:
        suffix = re.match(r"['’]s?", text[name.end :]) if name.possessive else None
        if _reports(text, name.end + (suffix.end() if suffix else 0)):
            return name
    for name in names:
        if re.search(r"\baccording\s+to\s+(?:the\s+)?$", text[: name.start], re.IGNORECASE):
            return name
    first = names[0]
    if first.possessive and len(names) > 1 and text[first.end : names[1].start].strip() in ("'s", "’s", "'", "’"):
        return names[1]
    return first


def _reports(text: str, at: int) -> bool:
    """Whether a reporting verb follows ``at`` within a few lower-case words and no punctuation."""
    for i, m in enumerate(re.finditer(r"\S+", text[at:])):
        word = m.group()
        bare = word.rstrip(",.;:")
        if bare in REPORTING:
            return True
        if i >= _BETWEEN_MAX or bare != word or not bare.isalpha() or not bare.islower():
            return False
    return False
