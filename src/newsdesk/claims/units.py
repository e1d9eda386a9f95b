"""Units of measure and currencies: from the words written next to a number to a unit's name.

The names are quantulum3's (``"mile per hour"``, ``"pound sterling"``, ``"japanese yen"``), which NewsQuant
uses. Two data files hold the knowledge:

* ``data/units.json`` is generated from quantulum3's units database (MIT licence) by
  ``python -m newsdesk.claims.units`` (quantulum3 is needed only for that): every unit's name, entity
  (``"length"``, ``"currency"`` …), surface words (matched without regard to case, plurals included) and
  symbols (matched as written).
* ``data/units_extra.json`` is written by hand: NewsQuant's names where they differ from quantulum3's
  (``"celsius"`` for ``"degree Celsius"``, plain ``"dollar"`` for ``US$``), units and currencies quantulum3
  lacks, the symbols that may stand apart from their number (``5 kg`` but only ``5G``), surface words too
  ambiguous to read as a unit (``won``, ``set``), and the currency signs written before a number.

:func:`unit_after` reads a unit right after a number, including compound units (``US$ per barrel``,
``km/h``, ``shekels a year``, ``barrel-a-day``); :func:`money_before` reads a currency sign right before one.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

_PACKAGE = "newsdesk.claims"
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century", "quarter"})
# Nouns that may follow "per" / "a" as the denominator of a rate although they are not units of measure.
RATE_NOUNS = {
    "share": "share",
    "shares": "share",
    "barrel": "barrel",
    "person": "person",
    "head": "head",
    "capita": "capita",
    "annum": "year",
    "unit": "unit",
    "dozen": "dozen",
    "household": "household",
    "ticket": "ticket",
    "night": "night",
    "game": "game",
    "match": "match",
    "kilo": "kilogram",
}
_WORDS = re.compile(r"[A-Za-z][A-Za-z'’.]*(?:-[A-Za-z]+)*")
_RATE_WORD = re.compile(r"[A-Za-z]+\b")
_PER = re.compile(r"[ \t]*(?:(/)|(per|a|an|each|every)\b)[ \t]*", re.I)
_HYPHEN_PER = re.compile(r"-(?:an?|per)-", re.I)
_NOT_RATE = re.compile(r"[ \t]+(?:earlier|ago|before|later|after|prior|previously|on)\b", re.I)
# Letters that, glued to a number, are a plural or a decade ("1990s", "Model 3s") or an id ("11a"), not a unit.
_NEVER_GLUED = frozenset({"s", "a", "y", "d", "q", "u", "c", "S", "P", "R", "H", "B", "T"})


@dataclass(frozen=True, slots=True)
class UnitMatch:
    """A unit as found in the text: its span (the text as written) and its name."""

    start: int
    end: int
    name: str
    entity: str = ""

    @property
    def is_currency(self) -> bool:
        return self.entity == "currency"


@dataclass(frozen=True, slots=True)
class UnitTable:
    """The lookup tables, built once from the two data files."""

    surfaces: dict[str, str]
    symbols: dict[str, str]
    spaced: frozenset[str]
    entities: dict[str, str]
    money: dict[str, str]
    glued_money: frozenset[str]
    max_words: int
    symbol_lengths: dict[str, tuple[int, ...]]
    first_words: frozenset[str]
    money_lengths: tuple[int, ...]
    money_last: frozenset[str]


def _read_json(name: str) -> dict[str, Any]:
    with (resources.files(_PACKAGE) / "data" / name).open("r", encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@lru_cache(maxsize=1)
def table() -> UnitTable:
    """The unit tables (read once per process)."""
    base = _read_json("units.json")
    extra = _read_json("units_extra.json")
    rename: dict[str, str] = dict(extra["rename"])
    dropped = set(extra["drop_surfaces"])
    entities: dict[str, str] = {rename.get(k, k): v for k, v in base["entities"].items()}
    surfaces: dict[str, str] = {k: rename.get(v, v) for k, v in base["surfaces"].items() if k not in dropped}
    symbols: dict[str, str] = {k: rename.get(v, v) for k, v in base["symbols"].items()}
    surfaces.update({k.lower(): v for k, v in dict(extra["surfaces"]).items()})
    symbols.update(dict(extra["symbols"]))
    money: dict[str, str] = dict(extra["money_before"])
    entities.update(dict.fromkeys(extra["currencies"], "currency"))
    for name in (*surfaces.values(), *symbols.values(), *money.values()):
        entities.setdefault(name, "")
    lengths: dict[str, set[int]] = {}
    for symbol in symbols:
        lengths.setdefault(symbol[0], set()).add(len(symbol))
    first_words = {k.split()[0].split("-")[0] for k in surfaces}
    return UnitTable(
        surfaces=surfaces,
        symbols=symbols,
        spaced=frozenset(extra["spaced_symbols"]),
        entities=entities,
        money=money,
        glued_money=frozenset(extra["glued_money_before"]),
        max_words=max(len(s.split()) for s in surfaces),
        symbol_lengths={k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()},
        first_words=frozenset(first_words),
        money_lengths=tuple(sorted({len(k) for k in money}, reverse=True)),
        money_last=frozenset(k[-1] for k in money),
    )


def _boundary(text: str, pos: int, stop: int) -> bool:
    """Whether a unit may end at ``pos``: not in the middle of a word, and not "p" of "p.m."."""
    if pos >= stop:
        return True
    ch = text[pos]
    if ch.isalnum() or (ch == "-" and pos + 1 < stop and text[pos + 1].isdigit()):
        return False
    return not (ch == "." and pos + 1 < stop and text[pos + 1].isalpha())


def _symbol_at(text: str, pos: int, stop: int, glued: bool) -> UnitMatch | None:
    t = table()
    if pos >= stop:
        return None
    for length in t.symbol_lengths.get(text[pos], ()):
        if pos + length > stop:
            continue
        cand = text[pos : pos + length]
        name = t.symbols.get(cand)
        if name is None or not _boundary(text, pos + length, stop):
            continue
        if (not glued and cand not in t.spaced) or (glued and cand in _NEVER_GLUED):
            continue
        return UnitMatch(pos, pos + length, name, t.entities.get(name, ""))
    return None


def _surface_at(text: str, pos: int, stop: int) -> UnitMatch | None:
    t = table()
    if pos >= stop or not text[pos].isalpha():
        return None
    first = _WORDS.match(text, pos, stop)
    if first is None or first.group().lower().split("-")[0].rstrip(".") not in t.first_words:
        return None
    words: list[re.Match[str]] = []
    i = pos
    while len(words) < t.max_words:
        m = _WORDS.match(text, i, stop)
        if not m:
            break
        words.append(m)
        j = m.end()
        while j < stop and text[j] in " \t":
            j += 1
        if j == m.end() and len(words) > 0 and j < stop and text[j] not in "-":
            break
        i = j
    for n in range(len(words), 0, -1):
        last = words[n - 1]
        raw = text[pos : last.end()]
        key = " ".join(raw.lower().split())
        name = t.surfaces.get(key)
        if name is None and key.endswith("."):
            key = key[:-1]
            name = t.surfaces.get(key)
            if name is not None:
                return UnitMatch(pos, last.end() - 1, name, t.entities.get(name, ""))
        if name is not None:
            return UnitMatch(pos, last.end(), name, t.entities.get(name, ""))
    if words and "-" in words[0].group():
        part = words[0].group().split("-", 1)[0]
        name = t.surfaces.get(part.lower())
        if name is not None:  # "percent-owned", "barrel-a-day"
            return UnitMatch(pos, pos + len(part), name, t.entities.get(name, ""))
    return None


def simple_unit_at(text: str, pos: int, stop: int, *, glued: bool) -> UnitMatch | None:
    """A unit starting exactly at ``pos`` (a symbol, or surface words), without any ``per`` part."""
    found = _symbol_at(text, pos, stop, glued)
    by_words = _surface_at(text, pos, stop)
    if by_words is not None and (found is None or by_words.end > found.end):
        return by_words
    return found


def unit_after(text: str, pos: int, stop: int) -> UnitMatch | None:
    """The unit written right after a number ending at ``pos``, with a ``per`` part if there is one."""
    glued = pos < stop and text[pos] not in " \t"
    begin = pos
    if glued and text[pos] == "-" and pos + 1 < stop and text[pos + 1].isalpha():
        begin = pos + 1  # "6.1-inch", "40-yard"
        glued = False
    while begin < stop and text[begin] in " \t":
        begin += 1
    if begin - pos > 2:
        return None
    first = simple_unit_at(text, begin, stop, glued=glued)
    if first is None:
        return None
    return per_part(text, first, stop)


def per_part(text: str, first: UnitMatch, stop: int) -> UnitMatch:
    """``first`` extended by a rate's denominator written after it: "per barrel", "/h", "a year", "-a-day"."""
    m = _HYPHEN_PER.match(text, first.end, stop) or _PER.match(text, first.end, stop)
    if not m:
        return first
    word = (m.group(0).strip(" \t-") or "").lower()
    denominator = simple_unit_at(text, m.end(), stop, glued=word in ("/",) or m.group(0).startswith("-"))
    if denominator is None:
        w = _RATE_WORD.match(text, m.end(), stop)
        if w and w.group().lower() in RATE_NOUNS:
            name = RATE_NOUNS[w.group().lower()]
            return UnitMatch(first.start, w.end(), f"{first.name} per {name}", first.entity)
        return first
    if denominator.name in ("cent", "percentage") and word == "per":
        return first
    if denominator.name in TIME_UNITS and _NOT_RATE.match(text, denominator.end, stop):
        return first  # "$6.78 billion a year earlier"
    if (
        word in ("a", "an", "each", "every")
        and denominator.name not in TIME_UNITS
        and denominator.name
        not in (
            "barrel",
            "ounce",
            "gallon",
            "litre",
            "pound-mass",
            "kilogram",
            "gram",
            "metric ton",
            "ton",
            "square foot",
            "square metre",
            "dozen",
        )
    ):
        return first
    return UnitMatch(first.start, denominator.end, f"{first.name} per {denominator.name}", first.entity)


def money_before(text: str, pos: int, floor: int) -> UnitMatch | None:
    """A currency sign or code written right before a number starting at ``pos`` ("$", "US$", "HK $", "Y=")."""
    t = table()
    window = text[max(floor, pos - 12) : pos]
    if not window:
        return None
    if not window[-1].isspace():  # glued: "$5", "US$5", "RM23.50", "Y=590"
        if window[-1] not in t.money_last:
            return None
        for length in t.money_lengths:
            if length > len(window):
                continue
            key = window[-length:]
            name = t.money.get(key)
            if name is None:
                continue
            start = pos - length
            if key[0].isalpha() and start > floor and (text[start - 1].isalnum() or text[start - 1] in "-_$"):
                continue
            return UnitMatch(start, pos, name, "currency")
        return None
    words = window.split()
    if not words or (len(window) - len(window.rstrip())) > 1:
        return None
    for key in ([" ".join(words[-2:])] if len(words) > 1 else []) + [words[-1]]:
        bare = key.lstrip("([\"'“")
        found = t.money.get(bare)
        if found is None or bare in t.glued_money:
            continue
        end = pos - (len(window) - len(window.rstrip()))
        return UnitMatch(end - len(bare), end, found, "currency")
    return None


def entity(name: str) -> str:
    """The entity of a unit name ("currency", "length" …), or "" when unknown."""
    return table().entities.get(name, "")


def build_table(out: Path) -> None:
    """Write ``units.json`` from quantulum3's database: names, entities, surfaces and symbols.

    Where quantulum3 gives one surface or symbol to several units, the first of ``_PREFERRED`` among them wins,
    else the alphabetically first name, so that the file is the same on every run.
    """
    import quantulum3.load as q3  # a build-time tool only: quantulum3 is not needed at run time

    units = q3.units("en_US")
    entities = {name: unit.entity.name for name, unit in sorted(units.names.items())}

    def pick(candidates: set[object]) -> str:
        names = sorted(getattr(c, "name") for c in candidates)  # noqa: B009
        for preferred in _PREFERRED:
            if preferred in names:
                return preferred
        return names[0]

    surfaces = {k.lower(): pick(v) for k, v in sorted(units.surfaces_lower.items()) if v}
    symbols = {k: pick(v) for k, v in sorted(units.symbols.items()) if v}
    data = {
        "about": "Generated by `python -m newsdesk.claims.units` from quantulum3's units database (MIT licence).",
        "entities": entities,
        "surfaces": surfaces,
        "symbols": symbols,
    }
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")


_PREFERRED = (
    "minute",
    "second",
    "pound-mass",
    "ton",
    "inch",
    "foot",
    "degree Celsius",
    "degree fahrenheit",
    "swiss franc",
    "gigabit",
    "kelvin",
    "megabit",
    "pascal",
    "south african rand",
    "bit",
    "basis point",
    "cent",
    "day",
    "kilobit",
    "knot",
    "megabyte",
    "penny",
    "japanese yen",
    "gray",
    "year",
    "kilogram",
)


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(str(resources.files(_PACKAGE) / "data" / "units.json"))
    build_table(target)
    print(f"wrote {target}")
