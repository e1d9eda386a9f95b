"""How a figure is qualified: approximate, a bound, or a change, read from the words right before it.

NewsQuant's labels (and CQE's lexicon of bounds, which NewsQuant follows) decide the words:

* ``~``: about, around, roughly, approximately, nearly, almost, some, an estimated, circa, close to, barely,
  averaged / averaging, ``~``, ``≈``;
* ``>``: more than, over, at least, upwards of, in excess of, above, exceeding, greater than, higher at;
* ``<``: up to, less than, under, fewer than, at most, no more than, below, lower at, sub- ("sub-7 nm");
* ``=``: exactly, just, as many as, an average of (an exact figure, however large);
* ``up`` / ``down``: a verb or adverb of change right before the figure, with an optional "by" (also after
  an object: "grow sales by 35 per cent"): "up 19 cents", "rose 5%", "increased by 2 percent", "fell",
  "dropped", "slid", "plunged"; a ``+`` sign. "up" after verbs such as "gave" or "picked" is no rise.

Where a change and a bound meet, a bound (``>`` / ``<`` / ``=``) wins ("climbed more than 3%": ``>``) and a
change beats an approximation ("up nearly 57%": ``up``), as NewsQuant labels them. What a figure rose *to*
is a level, not a change ("rose 9.4 per cent to $84": ``$84`` is ``=``); words after a figure ("34.4%
higher") do not make it a change either.

The words (in ``data/quantities_words.json``, see :mod:`~newsdesk.claims.lexicon`) are looked up as phrases
of one to four words in dictionaries, which is much faster than regular expressions anchored at the figure.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsdesk.claims.lexicon import lexicon
from newsdesk.types import Change

_LEXICON = lexicon()
_BOUNDS = _LEXICON.bounds
_BOUND_LAST = frozenset(phrase.split()[-1] for phrase in _BOUNDS)
_UP = _LEXICON.up
_DOWN = _LEXICON.down
_PHRASAL_UP = _LEXICON.phrasal_up
_OPENERS = "([\"'“‘"
_CLOSERS = ',;:.!?)]"”'


@dataclass(frozen=True, slots=True)
class Qualification:
    """The change label of a figure and the words that decided it, as written ("" when none)."""

    change: Change
    qualifier: str = ""


def words_before(text: str, pos: int, floor: int) -> list[str]:
    """Up to six words right before ``pos``, stopping at a word that ends a clause ("2018," in "in 2018, 5")."""
    begin = max(floor, pos - 48)
    words = text[begin:pos].split()
    if words and begin > floor and not text[begin - 1].isspace() and not text[begin].isspace():
        words = words[1:]  # a word cut by the window
    if pos > begin and not text[pos - 1].isspace() and words:
        words = words[:-1]  # glued to the figure ("US$"): not a word of its own
    out = words[-6:]
    for i in range(len(out) - 2, -1, -1):
        if out[i][-1] in _CLOSERS:
            return out[i + 1 :]
        if out[i][0] in _OPENERS:
            return out[i:]
    return out


def _bound(words: list[str]) -> tuple[Change, str, int] | None:
    """The longest bound phrase ending the words: (change, phrase as written, words used)."""
    if not words or words[-1].lower().lstrip(_OPENERS) not in _BOUND_LAST:
        return None
    for n in (4, 3, 2, 1):
        if len(words) < n:
            continue
        written = " ".join(words[-n:]).lstrip(_OPENERS)
        change = _BOUNDS.get(written.lower())
        if change is not None:
            return change, written, n
    return None


def _moved(words: list[str]) -> tuple[Change, str] | None:
    """A change verb ending the words, with an optional "by" after it or after a short object."""
    if not words:
        return None
    last = words[-1].lower().lstrip(_OPENERS)
    candidates = [len(words) - 1]
    if last == "by":
        candidates = [i for i in range(len(words) - 2, max(-1, len(words) - 5), -1)]
    for i in candidates:
        word = words[i].lower().lstrip(_OPENERS)
        if word in _UP or word in _DOWN:
            if word == "up" and i > 0 and words[i - 1].lower() in _PHRASAL_UP:
                return None
            return (Change.UP if word in _UP else Change.DOWN), " ".join(words[i:]).lstrip(_OPENERS)
        if i != len(words) - 1 and (word in _BOUNDS or word[-1:] in _CLOSERS):
            break
    return None


def qualify(text: str, pos: int, floor: int, *, sign: str = "") -> Qualification:
    """How the figure that starts at ``pos`` is qualified, from the words before it (not before ``floor``)."""
    if pos > floor and text[pos - 1] in "~≈<>≤≥":
        symbol = text[pos - 1]
        return Qualification(_BOUNDS[symbol], symbol)
    if text[max(floor, pos - 4) : pos].lower() == "sub-":
        return Qualification(Change.LESS_THAN, text[pos - 4 : pos])
    words = words_before(text, pos, floor)
    bound = _bound(words)
    if bound is not None and bound[0] is not Change.APPROXIMATE:
        return Qualification(bound[0], bound[1])
    moved = _moved(words[: len(words) - bound[2]] if bound is not None else words)
    if moved is not None:
        return Qualification(moved[0], moved[1])
    if sign == "+":
        return Qualification(Change.UP, "+")
    if bound is not None:
        return Qualification(bound[0], bound[1])
    return Qualification(Change.EXACT)
