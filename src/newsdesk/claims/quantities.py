"""Every figure in a news text: its value or range, qualifier, unit or counted noun, whom, and change.

``extract_quantities(text, start, end)`` returns :class:`newsdesk.types.Quantity` records with offsets into
``text``, in text order. It is a set of rules over the characters around each number, with no tagger, so
that it reads hundreds of articles a second on one core:

1. :mod:`~newsdesk.claims.numbers` finds every number expression ("1,200", "2.5 million", "a dozen",
   "two-thirds", "tens of thousands of");
2. :mod:`~newsdesk.claims.units` reads a currency before it ("$", "US$", "HK $", "Y=") and a unit after it
   ("mph", "per cent", "degrees Celsius", "US$ per barrel", "km/h"), with quantulum3's unit names, and
   single-letter scales after money ("$13.6M");
3. :mod:`~newsdesk.claims.nonquantities` drops dates, times, years, ordinals, ids and model numbers;
4. :mod:`~newsdesk.claims.nouns` reads what a bare number counts ("300 North Korean soldiers killed"), and
   what a figure with no counted noun measures ("about 300 had been killed", "put North Korean casualties
   at about 4,000": measure ``casualties``, whom ``North Korean``, no unit);
5. two figures joined by "to", a dash, "between … and", "from … to" or "or" make a range ("1,000 to 3,000
   troops", "$3 billion to $5 billion", "1 to 2 thousand people"), sharing unit and scale;
6. :mod:`~newsdesk.claims.qualifiers` reads the approximation or change before each figure; a conversion in
   brackets right after a figure takes its qualification ("just under 296 hp (224 kW)").

Values: vague plurals are ranges from one to ten of the named amount ("thousands of" = 1,000–10,000,
"dozens of" = 12–120), as NewsQuant labels them; "a dozen" is 12; fractions are their value ("two-thirds"
= 0.667, "one out of three" = 0.333). A range keeps the order it is written in ("from $75 to $45.88" has
``value`` 75 and ``high`` 45.88), since a move from one level to another is what such a range says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from newsdesk.claims import nouns, units
from newsdesk.claims.nonquantities import not_a_quantity
from newsdesk.claims.numbers import LETTER_SCALES, Number, find_numbers
from newsdesk.claims.qualifiers import Qualification, qualify
from newsdesk.types import Change, Quantity

QUANTITIES_EXTRACTOR = "rules/2"
"""The versioned name of this extractor, recorded with every claim it contributes to."""

_US_AFTER = re.compile(r"[ \t]*(?:US|U\.S\.)(?![\w])")
_STERLING_AFTER = re.compile(r"[ \t]*sterling\b", re.I)
_RANGE_DASH = re.compile(r"[ \t]?[-–—][ \t]?|[ \t]*-?to-?[ \t]*|[ \t]+through[ \t]+", re.I)
_RANGE_AND = re.compile(r"[ \t]+(?:and|to)[ \t]+", re.I)
_BETWEEN = re.compile(r"\bbetween[ \t]+$", re.I)
_FROM = re.compile(r"\bfrom[ \t]+(?:up[ \t]+to[ \t]+)?$", re.I)
_FROM_GAP = re.compile(r"[^;()\n]{0,45}?\bto[ \t]+", re.I)
_OR = re.compile(r"[ \t]+or[ \t]+", re.I)
_OUT_OF = re.compile(r"[ \t]+(?:out[ \t]+of|in)[ \t]+", re.I)
_BY_BEFORE = re.compile(r"\bby[ \t]+$", re.I)
_PAREN = re.compile(r"[ \t]*[(\[][ \t]*")
_IN_PAREN = re.compile(r"[ \t]*[/,;=][ \t]*|[ \t]+or[ \t]+")
_ELLIPSIS = re.compile(r"(?:[ \t]+\w+){0,3}[ \t]*(?:,|and|,[ \t]*and)[ \t]+", re.I)
_DATE_RANGE = re.compile(r"[ \t]*(?:-|–|to|and|through|until)[ \t]*", re.I)
_QUOTES = frozenset("\"“”'‘’=")
_MODEL_NAME = re.compile(r"[ \t]+(?!(?:I|A)\b)[A-Z][A-Za-z]")
_OF_AFTER = re.compile(r"[ \t]+of[ \t]+(?:(?:a|an|the|its|their|his|her|our|all)[ \t]+)?(?:US[ \t]+)?", re.I)
_AGE_BEFORE = re.compile(r"\b(?:aged|ages|age|age[ \t]+of)[ \t]+$", re.I)
_VAGUE_BEFORE = re.compile(r"\b(?:several|few|many|baker'?s|baker’s|bakers)[ \t]+$", re.I)


_EXACT = Qualification(Change.EXACT)


@dataclass(frozen=True, slots=True)
class _Figure:
    """A figure while it is being read: number, currency, unit or counted noun, and qualification."""

    start: int
    end: int
    value: float
    high: float | None
    number: Number
    money: units.UnitMatch | None = None
    unit: units.UnitMatch | None = None
    noun: nouns.Counted | None = None
    measure: str = ""
    qualification: Qualification = _EXACT
    whom: str = ""

    @property
    def unit_name(self) -> str | None:
        if self.unit is not None:
            return self.unit.name
        if self.money is not None:
            return self.money.name
        if self.noun is not None:
            return self.noun.normalized
        return None

    @property
    def explicit_unit(self) -> bool:
        return self.unit is not None or self.money is not None


def _letter_scale(text: str, pos: int, stop: int, money: bool) -> tuple[float, int]:
    """A one-letter scale glued to a number: "$13.6M", "£2.7m", "4.3M", "50k" (lower-case m/b only after money)."""
    if pos >= stop or text[pos] not in LETTER_SCALES:
        return 1.0, pos
    letter = text[pos]
    if pos + 1 < stop and (text[pos + 1].isalnum() or text[pos + 1] == "/"):
        return 1.0, pos
    if not money and letter not in "MKk":
        return 1.0, pos
    return LETTER_SCALES[letter], pos + 1


def _money_unit(text: str, money: units.UnitMatch, pos: int, stop: int) -> units.UnitMatch:
    """The unit of an amount of money that starts with a currency sign: "$ US", "$ sterling", "US$ per barrel"."""
    name = money.name
    end = pos
    us = _US_AFTER.match(text, end, stop)
    if us and name == "dollar":
        end = us.end()
    sterling = _STERLING_AFTER.match(text, end, stop)
    if sterling:
        name, end = "pound sterling", sterling.end()
    after = units.unit_after(text, end, stop)
    if (
        after is not None
        and units.entity(after.name) == "currency"
        and after.name.split(" per ")[0] in (name, "dollar")
    ):
        end = after.end  # "$10 dollars", "US$5 USD"
        if " per " in after.name:
            return units.UnitMatch(money.start, end, f"{name} per {after.name.split(' per ', 1)[1]}", "currency")
    rate = units.per_part(text, units.UnitMatch(pos, end, name, "currency"), stop)
    return units.UnitMatch(money.start, rate.end, rate.name, "currency")


def _read(text: str, num: Number, floor: int, stop: int) -> _Figure | str:
    """The figure that ``num`` starts, or the reason it is none ("date", "id", …)."""
    if num.spelled and _VAGUE_BEFORE.search(text, max(floor, num.start - 12), num.start):
        return "vague"  # "several hundred", "a baker's dozen"
    if num.spelled and num.value == 1 and re.match(r"[ \t]+\d", text[num.end : num.end + 3]):
        return "article"  # "one 52,000 barrel-a-day refinery"
    money = units.money_before(text, num.start, floor)
    value = num.value
    pos = num.end
    factor, pos = _letter_scale(text, pos, stop, money is not None)
    if factor != 1.0 and num.factor == 1.0:
        value *= factor
        num = replace(num, end=pos, factor=factor)
    unit: units.UnitMatch | None = None
    if money is not None:
        money = _money_unit(text, money, pos, stop)
    else:
        unit = units.unit_after(text, pos, stop)
        if unit is not None and text[unit.start : unit.end] in _QUOTES and text[num.start - 1 : num.start] in _QUOTES:
            unit = None  # a number in quotes ('"3,210 victims"', 'id="1474387200"'), not inches
        if unit is not None and unit.name == "pound-mass" and num.factor > 1 and not text[unit.start].isupper():
            unit = replace(unit, name="pound sterling", entity="currency")
    start = money.start if money is not None else num.start
    qualified: list[Qualification] = []

    def qualification_of() -> Qualification:
        if not qualified:
            qualified.append(qualify(text, start, floor, sign=num.sign))
        return qualified[0]

    reason = not_a_quantity(
        text,
        num,
        floor,
        stop,
        has_unit=unit is not None,
        money_start=money.start if money is not None else None,
        qualified=lambda: bool(qualification_of().qualifier),
    )
    if reason:
        return reason
    qualification = qualification_of()
    end = money.end if money is not None else unit.end if unit is not None else num.end
    noun = None
    after = num.end
    if money is None and unit is None and (num.high is not None or num.fraction):
        of = _OF_AFTER.match(text, num.end, stop)
        if of:  # "thousands of tests", "tens of millions of dollars", "1/16 of a US pint"
            unit = units.unit_after(text, of.end(), stop)
            after = of.end() if unit is not None or num.high is not None else num.end
            end = unit.end if unit is not None else end
    if money is None and unit is None and _AGE_BEFORE.search(text, max(floor, start - 12), start):
        unit = units.UnitMatch(num.end, num.end, "year of age")  # "aged 25", "the age of 21"
    if money is None and unit is None:
        noun = nouns.counted_noun(text, after, stop, value)
        if noun is not None and noun.unit is None:
            rate = units.per_part(text, units.UnitMatch(noun.start, noun.end, noun.normalized), stop)
            if rate.end > noun.end and units.entity(rate.name.rsplit(" per ", 1)[-1]) == "time":
                noun = replace(noun, end=rate.end, text=text[noun.start : rate.end], normalized=rate.name)
        if noun is not None and noun.unit is not None:
            unit, noun = noun.unit, None
            end = unit.end
        elif noun is not None:
            end = noun.end
        elif not num.spelled and not qualification.qualifier and _MODEL_NAME.match(text, num.end, stop):
            return "id"  # "iPhone 11 Pro and 11 Pro Max": a model name follows
    return _Figure(start, max(end, num.end), value, num.high, num, money, unit, noun, "", qualification)


def _same_unit(a: _Figure, b: _Figure) -> bool:
    ua, ub = a.unit_name, b.unit_name
    return ua is None or ub is None or ua == ub or ub.startswith(ua + " per ") or ua.startswith(ub + " per ")


def _join(text: str, a: _Figure, b: _Figure, floor: int) -> _Figure | None:
    """``a`` and ``b`` as one range or one fraction, when the words between them make one."""
    if a.high is not None or b.high is not None:
        return None
    between = text[a.end : b.start]
    before = text[max(floor, a.start - 20) : a.start]
    joined = False
    from_m = _FROM.search(before)
    qualification = a.qualification
    if from_m:  # "from up to 252 miles to 287 miles": what qualifies the range stands before "from"
        qualification = qualify(text, a.start - (len(before) - from_m.start()), floor)
        if qualification.change in (Change.UP, Change.DOWN):
            qualification = Qualification(Change.EXACT)
    if _RANGE_DASH.fullmatch(between):
        dash = "-" in between or "–" in between or "—" in between
        joined = not (dash and (a.value == b.value or a.number.spelled or b.number.spelled))
        if dash and between.strip() == "-" and between != "-" and not (a.explicit_unit or b.explicit_unit):
            joined = False  # "2019 review - pictures": a spaced dash between bare numbers is no range
    elif (_RANGE_AND.fullmatch(between) and _BETWEEN.search(before)) or (from_m and _FROM_GAP.fullmatch(between)):
        joined = True
    elif _OR.fullmatch(between) and a.unit_name is None and a.value < b.value and a.number.is_integer:
        joined = b.number.is_integer
    elif _OUT_OF.fullmatch(between) and a.unit_name is None and b.value > a.value > 0 and "in" not in between:
        fraction = a.value / b.value
        return replace(b, start=a.start, value=fraction, high=None, qualification=a.qualification, unit=None)
    if not joined or not _same_unit(a, b):
        return None
    if a.explicit_unit and b.explicit_unit and _BY_BEFORE.search(before):
        return None  # "increased by $43.6 billion to $419.2 billion": a change and a level
    inferred = a.unit is not None and a.unit.start == a.unit.end  # "ages 55 to 65"
    if a.unit_name is not None and b.unit_name is None and not from_m and "to" in between.lower() and not inferred:
        return None  # "rose 8.15% to 3.65": a change and a level
    low = a.value
    shares_scale = a.number.factor == 1.0 and b.number.factor > 1.0 and not a.number.fraction
    if shares_scale and abs(low * b.number.factor) <= abs(b.value) * 1.0001:
        low *= b.number.factor  # "1 to 2 thousand", "$89 to $93 billion"
    money = a.money if b.money is None or (a.money is not None and len(a.money.name) > len(b.money.name)) else b.money
    unit = a.unit if b.unit is None or (a.unit is not None and len(a.unit.name) > len(b.unit.name)) else b.unit
    return _Figure(a.start, b.end, low, b.value, b.number, money, unit, b.noun or a.noun, "", qualification)


def _ranges(text: str, figures: list[_Figure], floor: int) -> list[_Figure]:
    out: list[_Figure] = []
    i = 0
    while i < len(figures):
        fig = figures[i]
        if i + 1 < len(figures) and _score(text, fig, figures[i + 1]):
            i += 2  # "tied Game 7 at 89-89": a score, not a range
            continue
        if i + 1 < len(figures):
            joined = _join(text, fig, figures[i + 1], floor)
            if joined is not None:
                out.append(joined)
                i += 2
                continue
        out.append(fig)
        i += 1
    return out


def _score(text: str, a: _Figure, b: _Figure) -> bool:
    return (
        text[a.end : b.start] in ("-", "–")
        and a.value == b.value
        and a.unit_name is None
        and b.unit_name is None
        and a.number.is_integer
    )


def _describe(text: str, figures: list[_Figure], floor: int, stop: int) -> list[_Figure]:
    """Qualify each figure and say what it counts, looking at the figure before it."""
    out: list[_Figure] = []
    for fig in figures:
        prev = out[-1] if out else None
        left = prev.end if prev is not None else floor
        qualification = fig.qualification
        if prev is not None and prev.end > fig.start - 48:  # the words before it may belong to the one before
            qualification = qualify(text, fig.start, left, sign=fig.number.sign)
        if prev is not None and not qualification.qualifier and _inside_brackets(text, prev, fig, out):
            qualification = prev.qualification
        noun, measure, whom = fig.noun, "", ""
        unit_text = fig.unit is None and fig.money is None
        if noun is not None:
            measure = noun.measure
            verb = nouns.outcome_before(text, fig.start, left)
            if verb and measure == noun.text:
                measure = f"{noun.text} {verb}"
        elif unit_text:
            after = nouns.outcome_after(text, fig.end, stop)
            measure = after or nouns.outcome_before(text, fig.start, left)
            if after and prev is not None and prev.noun is not None and _ELLIPSIS.fullmatch(text[prev.end : fig.start]):
                noun = prev.noun  # "300 soldiers killed and 2,700 injured": the same soldiers
        if noun is None and not measure:
            referent = nouns.referent_before(text, fig.start, left)  # "put North Korean casualties at 4,000"
            if referent is not None:
                measure, whom = referent.measure, referent.whom
        same = qualification is fig.qualification and noun is fig.noun and measure == fig.measure and not whom
        out.append(fig if same else replace(fig, qualification=qualification, noun=noun, measure=measure, whom=whom))
    return out


def _inside_brackets(text: str, prev: _Figure, fig: _Figure, done: list[_Figure]) -> bool:
    """Whether ``fig`` restates ``prev`` in brackets: "296 hp (224 kW / 300 PS)", "$7.5 million ($1.1m)"."""
    between = text[prev.end : fig.start]
    if _PAREN.fullmatch(between):
        return True
    if _IN_PAREN.fullmatch(between) and len(done) >= 2:
        opened = text[done[-2].end : prev.start]
        return bool(_PAREN.fullmatch(opened)) and ")" not in text[prev.start : fig.start]
    return False


def _quantity(text: str, fig: _Figure) -> Quantity:
    if fig.money is not None:
        unit, normalized = text[fig.money.start : fig.money.end], fig.money.name
        if fig.money.end > fig.number.end:
            unit = f"{text[fig.money.start : fig.number.start].strip()} {text[fig.number.end : fig.money.end].strip()}"
            unit = " ".join(unit.split())
        else:
            unit = text[fig.money.start : fig.number.start].strip()
            if fig.start < fig.money.start:
                unit = text[fig.money.start : fig.number.start].strip()
    elif fig.unit is not None:
        unit, normalized = text[fig.unit.start : fig.unit.end], fig.unit.name
    elif fig.noun is not None:
        unit, normalized = fig.noun.text, fig.noun.normalized
    else:
        unit, normalized = "", "-"
    measure = fig.measure or (fig.noun.text if fig.noun is not None else "")
    return Quantity(
        start=fig.start,
        end=fig.end,
        text=text[fig.start : fig.end],
        value=fig.value,
        high=fig.high,
        change=fig.qualification.change,
        qualifier=fig.qualification.qualifier,
        unit=unit,
        normalized_unit=normalized,
        measure=measure,
        whom=fig.noun.whom if fig.noun is not None else fig.whom,
    )


def extract_quantities(text: str, start: int = 0, end: int | None = None) -> list[Quantity]:
    """Every quantity in ``text[start:end]``, in text order, with character offsets into ``text``."""
    stop = len(text) if end is None else min(end, len(text))
    figures: list[_Figure] = []
    dropped, dropped_end = "", -1
    for num in find_numbers(text, start, stop):
        if figures and num.start < figures[-1].end:
            continue  # inside the unit or noun of the figure before ("new 737 Max jets")
        between = text[dropped_end : num.start] if dropped_end >= 0 else "x"
        if between in ("-", "–", "/") or (dropped == "date" and _DATE_RANGE.fullmatch(between)):
            dropped_end = num.end
            continue  # joined to a date or an id ("September 16-19", "Sept. 19 to 22", "the 80-19 vote")
        fig = _read(text, num, start, stop)
        if isinstance(fig, str):
            dropped, dropped_end = fig, num.end
        else:
            figures.append(fig)
    figures = _describe(text, _ranges(text, figures, start), start, stop)
    return [_quantity(text, fig) for fig in figures]
