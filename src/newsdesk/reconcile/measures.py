"""What a figure measures, and of whom: the canonical names the figure ledger groups by.

The claim extractor says what it read next to a number (``Quantity.unit``, ``measure`` and ``whom``: "300
North Korean soldiers killed", "newly deployed troops", "casualties"), and sometimes nothing ("U.S.
intelligence has estimated about 1,200"). :func:`read_figure` turns that, plus the words of the figure's
clause, into a :class:`Reading`: a canonical *measure* from the table below, a *subject* (whom + counted
noun: "North Korean" + "soldiers"), and a measurement *unit* for figures that have one ("kilometre").

The measure table (``docs/reconcile.md`` shows it too):

============================  ===========================================================================
measure                       read from
============================  ===========================================================================
``killed``                    killed, dead, deaths, died, fatalities, bodies, lives, death toll
``wounded``                   wounded, injured, injuries, hurt
``casualties``                casualties, losses; "killed and wounded", "dead or injured" (both together)
``missing``                   missing, unaccounted for
``captured``                  captured, prisoners, taken prisoner
``evacuated``                 evacuated, evacuees
``displaced``                 displaced, homeless
``sheltered``                 in shelters
``arrested``                  arrested, detained, arrests
``deployed (new)``            troops counted as new, fresh, extra, additional, newly deployed, more, latest,
                              arrivals, reinforcements; or troops that arrived / were sent / shipped /
                              moved in a named period ("since January")
``deployed (total)``          troops counted as already there, existing, original, total, a force; a bare
                              count of troops with no verb of arrival ("an estimated 11,000 troops")
``deployed``                  troops sent or arrived with nothing that says new or total
``toll``                      a bare "toll" that nothing else resolves
``distance`` / ``altitude``   a length after flew, travelled, flight, range / altitude, height
(the extractor's measure)     a figure with a unit of measure whose measure the extractor named
                              ("official cash rate", "flight distance")
============================  ===========================================================================

The words are looked for in this order: the extractor's unit and measure; both halves of a pair ("killed or
wounded") anywhere near the figure; the nearest measure word after the figure in its clause, then before it
(at most eight words either way, and never past the next figure of the claim, so "300 killed and 2,700
wounded" gives each its own); then the troop rules. Only bare numbers and counts of people (soldiers,
people, civilians, children, "North Koreans") take a measure from the words around them: "three countries"
next to "shelter kits" is not a count of the sheltered. A number followed by "lower than", "more than" and
the like is a difference, not a level, and is left out.

Where all this finds nothing the figure is *unresolved*: the ledger then takes the measure that the same
speaker (or, for a figure written in digits, any speaker) gives the same value in another claim of the
story (:mod:`newsdesk.reconcile.figures`), or, for a bare number in digits, a measure word elsewhere in its
sentence; or it leaves the figure out. Vague amounts ("thousands of men") and counts of things the table does
not know ("three returns", "32 players") are left out of the ledger.

Counted nouns are folded: troops, soldiers, men, forces, personnel, fighters → ``soldiers``; people,
persons, residents → ``people``. A plural of nationality ("300 North Koreans") is a whom with no noun.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from newsdesk.claims import units
from newsdesk.claims.nouns import singular
from newsdesk.types import Quantity

KILLED = "killed"
WOUNDED = "wounded"
CASUALTIES = "casualties"
MISSING = "missing"
CAPTURED = "captured"
DEPLOYED = "deployed"
DEPLOYED_NEW = "deployed (new)"
DEPLOYED_TOTAL = "deployed (total)"
TOLL = "toll"

HARM = frozenset({KILLED, WOUNDED, CASUALTIES, TOLL})
"""Measures of losses: killed and wounded are parts of casualties; a toll may be either."""
DEPLOYMENT = frozenset({DEPLOYED, DEPLOYED_NEW, DEPLOYED_TOTAL})

_W = r"(?<![A-Za-z])"
_E = r"(?![A-Za-z])"


def _words(*alternatives: str) -> re.Pattern[str]:
    return re.compile(_W + "(?:" + "|".join(alternatives) + ")" + _E, re.IGNORECASE)


_PAIR = _words(
    r"(?:killed|dead|deaths)\s+(?:and|or|&)\s+(?:the\s+)?(?:wounded|injured)",
    r"(?:wounded|injured)\s+(?:and|or|&)\s+(?:the\s+)?(?:killed|dead)",
)
# Explicit measures, most specific first ("death toll" before "toll", "casualty" before nothing).
_EXPLICIT: tuple[tuple[str, re.Pattern[str]], ...] = (
    (CASUALTIES, _words(r"casualt(?:y|ies)", r"losses")),
    (KILLED, _words(r"killed", r"kills?", r"dead", r"deaths?", r"died", r"fatalit(?:y|ies)", r"bodies", r"lives")),
    (KILLED, _words(r"death\s+toll")),
    (WOUNDED, _words(r"wounded", r"injured", r"injur(?:y|ies)", r"hurt")),
    (MISSING, _words(r"missing", r"unaccounted")),
    (CAPTURED, _words(r"captured", r"prisoners?", r"taken\s+prisoner", r"pows")),
    ("evacuated", _words(r"evacuated", r"evacuees?")),
    ("displaced", _words(r"displaced", r"homeless")),
    ("sheltered", _words(r"shelters?")),
    ("arrested", _words(r"arrested", r"detained", r"arrests")),
)
_TOLL = _words(r"toll")
_SOLDIERS = _words(r"troops?", r"soldiers?", r"men", r"forces", r"personnel", r"fighters", r"servicemen", r"conscripts")
_PEOPLE = _words(r"people", r"persons", r"residents", r"villagers", r"inhabitants")
_CIVILIANS = _words(r"civilians")
_CHILDREN = _words(r"children")
_NEW_OWN = _words(r"new", r"newly", r"fresh", r"extra", r"additional", r"arrivals", r"reinforcements")
_NEW = _words(
    r"new",
    r"newly",
    r"fresh",
    r"extra",
    r"additional",
    r"more(?!\s+than)",
    r"latest",
    r"arrivals",
    r"reinforcements",
    r"second\s+wave",
)
_STOCK = _words(
    r"already",
    r"existing",
    r"original",
    r"total",
    r"in\s+all",
    r"altogether",
    r"overall",
    r"force",
    r"before\s+the\s+(?:latest|new|recent)",
)
_FLOW = _words(
    r"arrived",
    r"arrive",
    r"arriving",
    r"reached",
    r"shipped",
    r"sent",
    r"dispatched",
    r"moved",
    r"carried",
    r"deployed",
    r"redeployed",
    r"come",
    r"came",
    r"transferred",
    r"flown",
)
_DEPLOY_HINT = _words(r"force", r"contingent", r"deployment", r"dispatch", r"units", r"arrivals", r"reinforcements")
_ATTRIBUTES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("distance", _words(r"flew", r"flown", r"travell?ed", r"flight", r"range", r"distance")),
    ("altitude", _words(r"altitude", r"height", r"apogee")),
)
_DIFFERENCE = re.compile(r"\s+(?:\w+\s+)?(?:lower|higher|more|fewer|less|greater|bigger|smaller)\s+than\b", re.I)
_VAGUE = re.compile(r"\b(?:dozens|scores|hundreds|thousands|millions|billions|tens)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_WINDOW_WORDS = 8


@dataclass(frozen=True, slots=True)
class Reading:
    """What one figure measures: ``measure`` ("" when unresolved), with ``hint`` the family it belongs to
    when that much is known ("deployed", "toll"); ``whom`` and ``noun`` make its subject; ``unit`` is a unit
    of measure ("kilometre"), or "" for a count. ``bare`` figures name nothing they count ("about 1,200");
    ``fallback`` is the measure named elsewhere in their sentence, to use when the story settles nothing."""

    measure: str
    hint: str = ""
    whom: str = ""
    noun: str = ""
    unit: str = ""
    bare: bool = False
    fallback: str = ""

    @property
    def subject(self) -> str:
        return " ".join(x for x in (self.whom, self.noun) if x)


def is_vague(q: Quantity) -> bool:
    """A vague plural ("thousands of men", "dozens") rather than a figure someone gave."""
    return not _DIGIT.search(q.text) and bool(_VAGUE.search(q.text))


def has_digits(q: Quantity) -> bool:
    return bool(_DIGIT.search(q.text))


def measurement_unit(q: Quantity) -> str:
    """The unit of measure of a figure ("kilometre", "percentage", "dollar"), "" for a count or a duration."""
    name = q.normalized_unit
    if not name or name == "-":
        return ""
    entities = units.table().entities
    if name not in entities or entities[name] == "time":
        return ""
    return name


def counted_noun(q: Quantity) -> tuple[str, str]:
    """The folded counted noun and whom of a figure: ("soldiers", "North Korean"), ("", "North Korean") …"""
    whom = q.whom.strip()
    if whom.lower().endswith(("'s", "’s")):
        whom = whom[:-2]
    unit = q.unit.strip()
    noun = ""
    if _SOLDIERS.search(unit):
        noun = "soldiers"
    elif _CIVILIANS.search(unit):
        noun = "civilians"
    elif _CHILDREN.search(unit):
        noun = "children"
    elif _PEOPLE.search(unit):
        noun = "people"
    elif unit and unit[0].isupper() and unit.endswith("s") and q.normalized_unit and q.normalized_unit[0].isupper():
        whom = whom or q.normalized_unit  # "300 North Koreans": a nationality, no noun
    return noun, whom


def _nearest(pattern: re.Pattern[str], text: str, lo: int, hi: int, *, last: bool) -> re.Match[str] | None:
    found = list(pattern.finditer(text, lo, hi))
    if not found:
        return None
    return found[-1] if last else found[0]


def _window(text: str, lo: int, hi: int, *, before: bool) -> tuple[int, int]:
    """At most the eight words of ``text[lo:hi]`` nearest the figure."""
    words = list(re.finditer(r"\S+", text[lo:hi]))
    if len(words) <= _WINDOW_WORDS:
        return lo, hi
    if before:
        return lo + words[-_WINDOW_WORDS].start(), hi
    return lo, lo + words[_WINDOW_WORDS - 1].end()


def _explicit(text: str, spans: list[tuple[int, int, bool]]) -> str:
    """The first explicit measure in ``spans`` (each searched nearest-first), or ""."""
    for lo, hi, before in spans:
        if lo >= hi:
            continue
        if _PAIR.search(text, lo, hi):
            return CASUALTIES
        best: tuple[int, str] | None = None
        for measure, pattern in _EXPLICIT:
            m = _nearest(pattern, text, lo, hi, last=before)
            if m is None:
                continue
            distance = hi - m.end() if before else m.start() - lo
            if best is None or distance < best[0]:
                best = (distance, measure)
        if best is not None:
            return best[1]
    return ""


def read_figure(
    text: str,
    q: Quantity,
    clause: tuple[int, int],
    sentence: tuple[int, int],
    *,
    bounds: tuple[int, int],
    timed: bool,
) -> Reading:
    """What ``q`` measures, from the extractor's words and the words around it in ``text``.

    ``clause`` and ``sentence`` are the figure's clause and sentence; ``bounds`` cuts them at the figures
    next to this one (so "300 killed and 2,700 wounded" gives each figure its own word); ``timed`` says
    whether the clause names a time (a flow of troops in a named period is a new deployment).
    """
    noun, whom = counted_noun(q)
    unit = measurement_unit(q)
    bare = not noun and not unit and (not q.unit.strip() or whom == q.normalized_unit)
    if is_vague(q) or _DIFFERENCE.match(text, q.end):
        return Reading("", whom=whom, noun=noun, unit=unit)
    own = f"{q.unit} {q.measure}"
    # Only counts of people take a measure from their context; "three countries" is not a toll.
    of_people = bare or bool(noun) or whom == q.normalized_unit
    lo, hi = max(clause[0], bounds[0]), min(clause[1], bounds[1])
    left = _window(text, lo, q.start, before=True)
    right = _window(text, q.end, hi, before=False)

    def reading(measure: str, hint: str = "") -> Reading:
        return Reading(measure, hint=hint, whom=whom, noun=noun, unit=unit, bare=bare)

    if unit:
        return _generic(text, q, (lo, hi), reading)
    if _PAIR.search(own) or (of_people and any(_PAIR.search(text, lo, hi) for lo, hi in (right, left))):
        return reading(CASUALTIES)  # "killed or wounded" after the figure, whatever the extractor read
    found = _explicit(own, [(0, len(own), False)])
    if not found and of_people:
        found = _explicit(text, [(right[0], right[1], False), (left[0], left[1], True)])
    if found:
        return reading(found)
    if not of_people:
        return reading("")
    if _TOLL.search(own) or _TOLL.search(text, left[0], left[1]) or _TOLL.search(text, right[0], right[1]):
        return reading("", TOLL)
    deployment = _deployment(text, own, (lo, hi), noun, timed)
    if deployment is not None:
        return reading(*deployment)
    if bare and has_digits(q):
        spans = [(sentence[0], q.start, True), (q.end, sentence[1], False)]
        return Reading("", whom=whom, noun=noun, bare=bare, fallback=_explicit(text, spans))
    return reading("")


def _deployment(text: str, own: str, clause: tuple[int, int], noun: str, timed: bool) -> tuple[str, str] | None:
    """("deployed (new)" | "deployed (total)" | "", hint) for a count of troops, None for anything else."""
    lo, hi = clause
    about_troops = noun == "soldiers" or bool(_NEW_OWN.search(own))
    hinted = bool(_DEPLOY_HINT.search(own) or _DEPLOY_HINT.search(text, lo, hi))
    if not about_troops and not hinted:
        return None
    if _NEW_OWN.search(own):
        return DEPLOYED_NEW, ""
    if _STOCK.search(text, lo, hi):
        return DEPLOYED_TOTAL, ""
    if _NEW.search(text, lo, hi):
        return DEPLOYED_NEW, ""
    if _FLOW.search(text, lo, hi):
        return (DEPLOYED_NEW, "") if timed else ("", DEPLOYED)
    if noun == "soldiers":
        return DEPLOYED_TOTAL, ""
    return "", DEPLOYED


def _generic(text: str, q: Quantity, clause: tuple[int, int], reading: Callable[[str], Reading]) -> Reading:
    """A figure with a unit of measure: the extractor's measure, or an attribute word of its clause."""
    measure = " ".join(singular(w) for w in q.measure.lower().split())
    if measure and measure not in q.unit.lower() and q.unit.lower() not in measure:
        named = next((name for name, pattern in _ATTRIBUTES if pattern.search(measure)), "")
        return reading(named or measure)
    for name, pattern in _ATTRIBUTES:
        if pattern.search(text, clause[0], clause[1]):
            return reading(name)
    return reading("")
