"""What a figure counts: the noun after it, whose it is, and what happened to it.

"about 300 North Korean soldiers killed" counts ``soldiers`` (normalised ``soldier``), of whom ``North
Korean``, and the measure is ``soldiers killed``. The noun phrase is read without a tagger, which would be
far too slow here: up to four words after the number, ending at the first plural noun (English noun phrases
end at their head), stopping at punctuation or at a function word. For "one" (and "1") the head is the next
word, and "one of the best speakers" reads past "of the". Modifiers other than those that say whom stay in
the unit, as NewsQuant writes them ("different products", "first-team players"); only the head is made
singular. Capitalised modifiers of a noun of people ("North Korean soldiers", "UK adults") say whom.

Lower-case words before those capitalised modifiers qualify the figure and stay in the unit ("3,000 extra
North Korean troops": unit ``extra troops``, whom ``North Korean``); an adverb in -ly may precede a participle
there ("newly deployed"). The measure is what is counted, from whom on ("troops").

The measure is the counted noun with a participle that follows it ("soldiers killed", "people were
injured"), or the participle after a bare number, past auxiliaries ("2,700 injured", "300 had been killed"),
or the verb before the number ("killed 300 and wounded 2,700"). A figure with no counted noun of its own
measures the noun phrase that a verb ties it to (:func:`referent_before`): the object of an estimate
("put North Korean casualties at about 4,000", "estimated the toll at 1,200", "raised its forecast to 5%")
or the subject of a verb of level or change ("the death toll rose to 57", "casualties stand at 4,000",
"the deal was valued at $5bn"). That noun phrase never becomes the unit. A weak head ("the number", "the
total") gives way to what it is of ("the number of North Korean casualties" measures ``casualties``); alone,
to the nearest plural noun before the clause in the same sentence, or to nothing ("Kyiv put the number at
4,000" has no measure: "number" would say only that the figure is a count).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsdesk.claims import units
from newsdesk.claims.lexicon import lexicon

_WORD = re.compile(r"[^\W_](?:[\w'’]|-(?=\w))*")
_GAP = re.compile(r"[ \t]+")
_OF_THE = re.compile(r"[ \t]+of[ \t]+(?:the|its|his|her|their|our|your|my|these|those)[ \t]+", re.I)
_NOUNS_IN_LY = frozenset({"family", "ally", "belly", "rally", "supply", "assembly", "monopoly", "anomaly"})
_AUX = re.compile(
    r"(?:[ \t]+(?:were|was|are|is|have|has|had|been|being|reportedly|also|now|later|since|all|each))*[ \t]+([a-z]+)\b",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Counted:
    """A counted noun phrase: its span and text as written (without whom), its normal form, whom, and measure."""

    start: int
    end: int
    text: str
    normalized: str
    whom: str = ""
    measure: str = ""
    unit: units.UnitMatch | None = None


def _match_case(model: str, word: str) -> str:
    return word.capitalize() if model[:1].isupper() and not model.isupper() else word


def singular(word: str) -> str:
    """The singular of an English plural noun ("casualties" → "casualty"); other words come back unchanged."""
    low = word.lower()
    w = lexicon()
    if low in w.invariant:
        return word
    if low in w.irregular:
        return word[: len(word) - len(low)] + _match_case(word, w.irregular[low])
    if "-" in word:
        head, _, last = word.rpartition("-")
        return f"{head}-{singular(last)}"
    if low.endswith("men") and len(low) > 4:
        return word[:-3] + "man"
    if not low.endswith("s") or low.endswith(("ss", "us", "is", "'s", "’s")) or len(low) < 3:
        return word
    if low.endswith("ies") and len(low) > 4:
        return word[:-3] + "y"
    if low.endswith(("sses", "shes", "ches", "xes", "zzes")):
        return word[:-2]
    return word[:-1]


def is_plural(word: str) -> bool:
    """Whether a word reads as a plural noun ("soldiers", "people", "Americans"), by its form."""
    low = word.lower()
    w = lexicon()
    if low in w.irregular:
        return True
    if low in ("people", "police", "cattle", "personnel", "staff", "folks"):
        return True
    if low.endswith("men") and len(low) > 4:
        return True
    if low in w.not_plural or low in w.stop:
        return False
    if low[:-1].isdigit() and low.endswith("s"):
        return len(low) <= 3  # "Model 3s", not "1990s"
    if len(low) < 3 or not low.endswith("s") or low.endswith(("ss", "us", "is", "ous", "'s", "’s")):
        return False
    return low[:-1].isalnum() or "-" in low


def _words_after(text: str, pos: int, stop: int, limit: int) -> list[re.Match[str]]:
    """Up to ``limit`` words from ``pos``, separated by spaces only (punctuation ends the phrase)."""
    out: list[re.Match[str]] = []
    i = pos
    while len(out) < limit:
        gap = _GAP.match(text, i, stop)
        j = gap.end() if gap else i
        if out and not gap:
            break
        m = _WORD.match(text, j, stop)
        if not m:
            break
        out.append(m)
        i = m.end()
    return out


def counted_noun(text: str, pos: int, stop: int, value: float) -> Counted | None:
    """The noun phrase counted by a number that ends at ``pos``, or None when no noun follows it."""
    w = lexicon()
    begin = pos
    of_the = _OF_THE.match(text, pos, stop) if value == 1 else None
    if of_the:
        begin = of_the.end() - 1
    found = _words_after(text, begin, stop, 6)
    head = -1
    for i, m in enumerate(found[:5]):
        word = m.group()
        low = word.lower()
        if (low == "and" and 0 < i < 3) or (low == "most" and i == 0):
            continue  # "digital and physical sales", "Kia and Hyundai vehicles", "20 most expensive restaurants"
        if low in w.stop or (low.endswith("ly") and low not in _NOUNS_IN_LY and not _adverb_of_participle(found, i)):
            break
        unit = units.simple_unit_at(text, m.start(), stop, glued=False) if word[:1].islower() else None
        if unit is not None and unit.end == m.end() and i > 0:
            return _finish(text, found, i, unit.name, unit)
        if is_plural(word):
            head = i
            break
        if value == 1 and not of_the and word[:1].islower() and not low.endswith("ed"):
            head = i  # "one solution"; "one recent attempt was": two words when a function word follows
            if head >= 1 or low.endswith("ing") or not _next_is_word(text, found, i):
                break
    if head < 0:
        return None
    return _finish(text, found, head, None, None)


def _adverb_of_participle(found: list[re.Match[str]], i: int) -> bool:
    """Whether ``found[i]`` (in -ly) modifies the participle after it ("newly deployed", "critically injured")."""
    if i + 1 >= len(found):
        return False
    nxt = found[i + 1].group()
    return nxt[:1].islower() and nxt.endswith("ed") and nxt.lower() not in lexicon().stop


def _next_is_word(text: str, found: list[re.Match[str]], i: int) -> bool:
    """Whether the word after ``found[i]`` continues a singular noun phrase ("one recent attempt")."""
    if i + 1 >= len(found):
        return False
    nxt = found[i + 1].group()
    low = nxt.lower()
    w = lexicon()
    if not nxt[:1].islower() or low in w.stop or low.endswith(("ly", "ed", "ing")) or is_plural(nxt):
        return False
    if i + 2 < len(found):
        third = found[i + 2]
        return third.group().lower() in w.stop and text[found[i + 1].end() : third.start()].isspace()
    return True


def _capitalised(m: re.Match[str]) -> bool:
    return m.group()[:1].isupper()


def _whom_span(phrase: list[re.Match[str]], head: int) -> tuple[int, int]:
    """The capitalised words nearest before the head ("extra North Korean troops", "US and UK adults"), or (0, 0)."""
    last = head - 1
    while last >= 0 and not _capitalised(phrase[last]):
        last -= 1
    if last < 0:
        return 0, 0
    first = last
    while first > 0 and (
        _capitalised(phrase[first - 1])
        or (first >= 2 and phrase[first - 1].group().lower() == "and" and _capitalised(phrase[first - 2]))
    ):
        first -= 1
    return first, last + 1


def _finish(
    text: str, found: list[re.Match[str]], head: int, unit_name: str | None, unit: units.UnitMatch | None
) -> Counted:
    w = lexicon()
    phrase = found[: head + 1]
    head_word = phrase[-1].group()
    whom = ""
    kept = phrase
    counted_from = 0
    if unit is not None:
        kept, counted_from = phrase[head:], head
    elif singular(head_word).lower() in w.people:
        first, last = _whom_span(phrase, head)
        if last > first:
            whom = text[phrase[first].start() : phrase[last - 1].end()]
            kept, counted_from = phrase[:first] + phrase[last:], last
    start, end = kept[0].start(), phrase[-1].end()
    if counted_from and kept[0] is not phrase[counted_from]:
        before = kept[: len(kept) - (head + 1 - counted_from)]  # "extra" before "North Korean troops"
        written = f"{text[before[0].start() : before[-1].end()]} {text[phrase[counted_from].start() : end]}"
    else:
        written = text[start:end]
    if unit_name is not None:
        normalized = unit_name
    else:
        modifiers = [m.group() for m in kept[:-1] if m.group().lower() not in ("and", "most")]
        normalized = " ".join([*modifiers, singular(head_word)])
    measure = text[phrase[counted_from].start() : end]  # what is counted, from whom on: "troops", not "extra"
    outcome = _AUX.match(text, end, min(len(text), end + 60))
    if outcome is not None and outcome.group(1).lower() in w.outcomes:
        measure = f"{measure} {outcome.group(1)}"  # "soldiers killed", "people were injured"
    return Counted(start, end, written, normalized, whom, measure, unit)


def outcome_after(text: str, pos: int, stop: int) -> str:
    """A participle after a bare number, past auxiliaries ("2,700 injured", "300 had been killed"), or ""."""
    outcome = _AUX.match(text, pos, min(stop, pos + 60))
    if outcome is not None and outcome.group(1).lower() in lexicon().outcomes:
        return outcome.group(1)
    return ""


_VERB_BEFORE = re.compile(r"([A-Za-z]+)[ \t]+(?:(?:about|around|nearly|some|more than|at least|over)[ \t]+)?$")


def outcome_before(text: str, pos: int, floor: int) -> str:
    """A verb right before a number that says what happened to what it counts ("killed 300"), or ""."""
    m = _VERB_BEFORE.search(text, max(floor, pos - 40), pos)
    if m and m.group(1).lower() in lexicon().outcome_verbs:
        return m.group(1)
    return ""


_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "these", "those", "your"})
_NP_PREPOSITIONS = frozenset({"of", "from", "in", "among", "on", "across", "for", "to", "at"})
_COPULAS = frozenset({"is", "was", "are", "were", "be", "been", "being", "remains", "remained"})
_STAND = frozenset({"stood", "stands", "stand", "standing"})
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]?\s+(?=\S)|\n")


@dataclass(frozen=True, slots=True)
class Referent:
    """What a figure measures when a verb or preposition ties it to a noun phrase before it, and whom."""

    measure: str
    whom: str = ""


def _clause_before(text: str, pos: int, floor: int) -> list[re.Match[str]]:
    """Up to 14 words right before ``pos``, separated by spaces only (punctuation ends the clause)."""
    begin = max(floor, pos - 160)
    words = list(_WORD.finditer(text, begin, pos))
    if words and begin > floor and words[0].start() == begin and text[begin - 1].isalnum():
        words = words[1:]  # a word cut by the window
    end = pos
    n = len(words)
    while n and len(words) - n < 14:
        gap = text[words[n - 1].end() : end]
        if gap and not gap.isspace():
            break
        end = words[n - 1].start()
        n -= 1
    return words[n:]


def referent_before(text: str, pos: int, floor: int) -> Referent | None:
    """The noun phrase that a figure starting at ``pos`` measures, when a verb ties it to one before it.

    "Zelenskyy has put North Korean casualties at about 4,000" (object of an estimate verb and "at"), "raised
    its forecast to 5%" (object of a revising verb and "to"), "the death toll rose to 57", "casualties stand at
    about 4,000", "the deal was valued at $5bn", "shares were down 2%" (subject of a verb of level or change).
    """
    w = lexicon()
    words = _clause_before(text, pos, floor)
    low = [m.group().lower() for m in words]
    n = len(low)
    for k in (4, 3, 2, 1):  # "about", "more than", "an estimated"
        if n >= k and " ".join(low[n - k : n]) in w.bounds:
            n -= k
            break
    prep = low[n - 1] if n and low[n - 1] in ("at", "to", "by") else ""
    n -= bool(prep)
    if n < 2:
        return None
    verb = low[n - 1]
    before = low[n - 2]
    if (
        (verb in w.level_verbs and (prep != "at" or verb in _STAND))
        or (prep == "at" and verb in _COPULAS)
        or (prep == "at" and verb in w.estimate_verbs and before in _COPULAS)
        or (verb in ("up", "down") and before in _COPULAS)
    ):
        i = n - 1
        while i > 0 and (low[i - 1] in w.level_aux or low[i - 1] in _COPULAS):
            i -= 1
        if i and low[i - 1] == "to":
            return None  # "expected sea levels to rise 11 feet": no subject to read without a parse
        return _subject(text, words[:i], low[:i], floor)
    verbs = w.estimate_verbs if prep == "at" else w.revise_verbs if prep else frozenset()
    for j in range(n - 2, max(-1, n - 9), -1):
        if low[j] in verbs:
            k = j  # a weak object looks back past the subject, who made the estimate ("aid groups put …")
            while k > 0 and low[k - 1] not in w.stop and not low[k - 1][0].isdigit():
                k -= 1
            return _noun_phrase(text, words[j + 1 : n], low[j + 1 : n], floor, words[k].start())
        if (low[j] in w.stop and low[j] not in _DETERMINERS and low[j] not in _NP_PREPOSITIONS) or low[j][0].isdigit():
            break
    return None


def _subject(text: str, words: list[re.Match[str]], low: list[str], floor: int) -> Referent | None:
    """The subject noun phrase that ends ``words``: back to a determiner, over "of" / "from" phrases."""
    w = lexicon()
    k = len(low)
    while k > 0 and len(low) - k < 8:
        word = low[k - 1]
        if word in _DETERMINERS:
            k -= 1
            if k == 0 or low[k - 1] not in _NP_PREPOSITIONS:
                break  # "the death toll", but "the death toll from the quake" goes on
        elif (word in w.stop and word not in _NP_PREPOSITIONS) or word[0].isdigit():
            break
        else:
            k -= 1
    return _noun_phrase(text, words[k:], low[k:], floor, words[k].start() if k < len(words) else 0)


def _noun_phrase(text: str, words: list[re.Match[str]], low: list[str], floor: int, begin: int) -> Referent | None:
    """What a noun phrase says is measured: its head chunk, or what a weak head ("the number of") is of.

    A weak head alone ("put the number at") measures the nearest plural noun before ``begin`` in its sentence.
    """
    w = lexicon()
    cut = next((i for i, x in enumerate(low) if x in _NP_PREPOSITIONS), len(low))
    first = max((i + 1 for i, x in enumerate(low[:cut]) if x in _DETERMINERS or x.endswith(("'s", "’s"))), default=0)
    if first >= cut:
        return None
    if low[cut - 1] not in w.weak_nouns:
        return _noun_group(text, words[first:cut])
    if cut < len(low) and low[cut] == "of":  # "the number of North Korean casualties"
        end = next((i for i in range(cut + 1, len(low)) if low[i] in _NP_PREPOSITIONS), len(low))
        start = max((i + 1 for i in range(cut + 1, end) if low[i] in _DETERMINERS), default=cut + 1)
        return _noun_group(text, words[start:end]) if start < end else None
    return _nearest_plural(text, begin, floor)


def _noun_group(text: str, words: list[re.Match[str]]) -> Referent | None:
    """A noun with its modifiers and maybe a participle after it ("North Korean casualties", "people killed")."""
    w = lexicon()
    if not words:
        return None
    head = len(words) - 1
    if head and words[head].group().lower() in w.outcomes:
        head -= 1  # "people killed"
    word = words[head].group().lower()
    if word in w.stop or word in w.weak_nouns or word in w.up or word in w.down or word.endswith("ly"):
        return None  # "the number", "revised upward by"
    if word.endswith("ed") and word not in w.outcomes:
        return None
    start, whom = words[0].start(), ""
    if singular(word) in w.people:
        first, last = _whom_span(words, head)
        if last > first:
            whom = text[words[first].start() : words[last - 1].end()]
            start = words[last].start()
    return Referent(text[start : words[-1].end()], whom)


def _nearest_plural(text: str, pos: int, floor: int) -> Referent | None:
    """For a weak noun alone ("put the number at 4,000"): the nearest plural noun before it in its sentence."""
    w = lexicon()
    begin = max(floor, pos - 200)
    for end in _SENTENCE_END.finditer(text, begin, pos):
        begin = end.end()
    words = list(_WORD.finditer(text, begin, pos))
    for i in range(len(words) - 1, -1, -1):
        word = words[i].group()
        low = word.lower()
        if low in w.stop or low in w.outcomes or low in w.estimate_verbs or low in w.level_verbs or not is_plural(word):
            continue
        if word[:1].isupper() and singular(low) not in w.people:
            continue
        return _noun_group(text, _adjacent(text, words[: i + 1]))
    return None


def _adjacent(text: str, words: list[re.Match[str]]) -> list[re.Match[str]]:
    """The last words of ``words`` that only spaces separate, back to three modifiers before the last."""
    n = len(words) - 1
    while n > 0 and len(words) - n < 4 and text[words[n - 1].end() : words[n].start()].isspace():
        low = words[n - 1].group().lower()
        if low in lexicon().stop or low.endswith("ing") or (low.endswith("ed") and low not in lexicon().outcomes):
            break  # "suffering heavy losses": a verb ends the noun phrase
        n -= 1
    return words[n:]
