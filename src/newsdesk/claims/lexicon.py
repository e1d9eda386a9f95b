"""The word lists that quantity reading uses, loaded once from ``data/quantities_words.json``.

The lists are data, not code, so that they can be extended without touching the rules: words that end a
counted noun phrase (``stop``), words in -s that are no plurals, irregular and invariant plurals, nouns of
people (whose capitalised modifiers say whom), outcome participles ("killed") and verbs, the phrases of
approximation, bound and change, the words around a number that make it a name ("page", "Article"), and the
verbs that tie a figure to a noun phrase before it ("put casualties at", "the toll rose to").
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from newsdesk.types import Change


@dataclass(frozen=True, slots=True)
class Lexicon:
    """The word lists, as sets and maps ready for lookups."""

    stop: frozenset[str]
    not_plural: frozenset[str]
    invariant: frozenset[str]
    irregular: dict[str, str]
    people: frozenset[str]
    outcomes: frozenset[str]
    outcome_verbs: frozenset[str]
    bounds: dict[str, Change]
    """Phrases of approximation and bound, lower-cased ("about", "more than", "up to", "exactly")."""
    up: frozenset[str]
    down: frozenset[str]
    phrasal_up: frozenset[str]
    """Verbs with which "up" is no rise ("gave up 517 yards")."""
    open_words: frozenset[str]
    """Capitalised words after which a number is still a quantity ("In 2021", "About 70%")."""
    reference_words: frozenset[str]
    """Words after which a number names something ("page 5", "flight 370")."""
    ordinal_words: frozenset[str]
    pronoun_one: frozenset[str]
    estimate_verbs: frozenset[str]
    """Verbs whose object a figure after "at" measures ("put casualties at 4,000", "valued the deal at")."""
    revise_verbs: frozenset[str]
    """Verbs whose object a figure after "to" measures ("raised its forecast to 5%")."""
    level_verbs: frozenset[str]
    """Verbs whose subject a figure after them measures ("the toll rose to 57", "casualties stand at")."""
    level_aux: frozenset[str]
    """Auxiliaries and adverbs between such a subject and its verb ("has", "had", "now", "reportedly")."""
    weak_nouns: frozenset[str]
    """Nouns that say only that a figure is a count ("number", "total"), not what it counts."""


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The word lists (read once per process)."""
    with (resources.files("newsdesk.claims") / "data" / "quantities_words.json").open("r", encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    bounds: dict[str, Change] = {}
    for key, change in (
        ("approximate", Change.APPROXIMATE),
        ("more_than", Change.MORE_THAN),
        ("less_than", Change.LESS_THAN),
        ("exact", Change.EXACT),
    ):
        bounds.update(dict.fromkeys(data[key], change))
    return Lexicon(
        stop=frozenset(data["stop"]),
        not_plural=frozenset(data["not_plural"]),
        invariant=frozenset(data["invariant"]),
        irregular=dict(data["irregular"]),
        people=frozenset(data["people_nouns"]),
        outcomes=frozenset(data["outcomes"]),
        outcome_verbs=frozenset(data["outcome_verbs"]),
        bounds=bounds,
        up=frozenset(data["up"]),
        down=frozenset(data["down"]),
        phrasal_up=frozenset(data["phrasal_up"]),
        open_words=frozenset(data["open_words"]),
        reference_words=frozenset(data["reference_words"]),
        ordinal_words=frozenset(data["ordinal_words"]),
        pronoun_one=frozenset(data["pronoun_one"]),
        estimate_verbs=frozenset(data["estimate_verbs"]),
        revise_verbs=frozenset(data["revise_verbs"]),
        level_verbs=frozenset(data["level_verbs"]),
        level_aux=frozenset(data["level_aux"]),
        weak_nouns=frozenset(data["weak_nouns"]),
    )
