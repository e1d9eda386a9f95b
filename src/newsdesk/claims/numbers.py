"""Numbers as news text writes them: digits, number words, scale words, fractions and vague plurals.

:func:`find_numbers` finds every number expression of a text and reads its value, without deciding yet whether
it is a quantity (a date, a time or a model number is still found here; :mod:`newsdesk.claims.quantities` drops
those). What it reads:

* digits with thousands separators and decimals: ``300``, ``1,200``, ``2.5``, ``.001``, ``12,34,567.89``;
* a scale word after them, spelled out or short: ``2.5 million``, ``4 hundred million``, ``1.3 billion``,
  ``$1.762bn`` (single letters such as ``m`` or ``k`` are left to the caller, who knows whether it is money);
* number words: ``two thousand``, ``twenty-five``, ``a dozen`` (12), ``a million``, ``half a million``;
* fractions: ``1/16``, ``10 1/2``, ``½``, ``a third``, ``two-thirds``, ``half of``;
* vague plurals, read as the span from one to ten of the named amount, as NewsQuant labels them: ``dozens``
  (12 to 120), ``hundreds`` (100 to 1,000), ``thousands``, ``millions``, ``tens of thousands`` (10,000 to
  100,000), ``hundreds of millions``; only before ``of`` ("thousands of tests"), where they count something;
* a sign: ``-5``, ``minus 387``, ``minus-130``, ``+0.2%`` (``sign`` keeps ``+`` so that it can read as a rise).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ONES = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {
    "hundred": 100.0,
    "thousand": 1e3,
    "lakh": 1e5,
    "million": 1e6,
    "crore": 1e7,
    "billion": 1e9,
    "trillion": 1e12,
}
# Short scale words that cannot be read as a unit: "$1.762bn", "2.8bn km", "50mn".
SHORT_SCALES = {"bn": 1e9, "bln": 1e9, "mn": 1e6, "mln": 1e6, "tn": 1e12, "trn": 1e12}
# Single letters that are a scale after money ("$13.6M", "£2.7m", "$50k") but a unit elsewhere ("37m").
LETTER_SCALES = {"k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6, "b": 1e9, "B": 1e9, "T": 1e12}
VAGUE = {"dozens": 12.0, "hundreds": 100.0, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "trillions": 1e12}
FRACTION_WORDS = {
    "half": 2,
    "halves": 2,
    "third": 3,
    "thirds": 3,
    "quarter": 4,
    "quarters": 4,
    "fourth": 4,
    "fourths": 4,
    "fifth": 5,
    "fifths": 5,
    "sixth": 6,
    "sixths": 6,
    "eighth": 8,
    "eighths": 8,
    "tenth": 10,
    "tenths": 10,
}
VULGAR = {
    "½": 0.5,
    "⅓": 1 / 3,
    "⅔": 2 / 3,
    "¼": 0.25,
    "¾": 0.75,
    "⅕": 0.2,
    "⅛": 0.125,
    "⅜": 0.375,
    "⅝": 0.625,
    "⅞": 0.875,
}
# Denominators that make "a/b" a fraction rather than a date ("9/11") or a ratio ("24/7").
FRACTION_DENOMINATORS = frozenset({2, 3, 4, 5, 6, 8, 10, 16, 32, 64, 100, 128, 1000})

_DIGITS = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d{1,2}(?:,\d{2})+,\d{3}(?!\d)|\d+)(?:\.\d+)?|(?<![\w.,])\.\d+"
_DIGITS_AT = re.compile(_DIGITS)
_DIGIT_RUN = re.compile(r"\d[\d,.]*")
_VULGAR_RUN = re.compile(f"[{''.join(VULGAR)}]")


def _word_pattern() -> re.Pattern[str]:
    """Number words, as a regex grouped by first letter (Python's engine is much faster on that form)."""
    words = [*ONES, *TENS, *SCALES, "dozen", *VAGUE, "tens", "half"]
    by_first: dict[str, list[str]] = {}
    for w in words:
        by_first.setdefault(w[0], []).append(w[1:])
    alternatives = "|".join(
        f"[{k}{k.upper()}](?:{'|'.join(sorted(v, key=len, reverse=True))})" for k, v in sorted(by_first.items())
    )
    article = r"[aA]n?(?=[ \t]+(?:hundred|thousand|million|billion|trillion|dozen|half|third|quarter)\b)"
    first = "".join(sorted({*by_first, "a"})) + "".join(sorted({*by_first, "a"})).upper()
    return re.compile(rf"(?=[{first}])(?<![A-Za-z])(?:{alternatives}|{article})(?![A-Za-z])")


_WORDS_RUN = _word_pattern()
_WORD = re.compile(r"[ \t]*(?:-[ \t]*)?([A-Za-z]+)")
_SCALE_AFTER = re.compile(r"[ \t]*-?[ \t]*(hundred|thousand|lakh|million|crore|billion|trillion|dozen)s?\b", re.I)
_SHORT_SCALE_AFTER = re.compile(r"[ \t]?(bn|bln|mn|mln|tn|trn)\b")
_SLASH = re.compile(r"[ \t]*[/⁄][ \t]*(\d+)(?![\d/⁄.,]|[ \t]*[/⁄])")
_MIXED = re.compile(r"[ \t]+(\d+)[ \t]*[/⁄][ \t]*(\d+)(?![\d/⁄])")
_VULGAR_AFTER = re.compile(rf"[{''.join(VULGAR)}]")
_OF = re.compile(r"[ \t]+of\b", re.I)
_TENS_OF = re.compile(r"(tens|hundreds|dozens)[ \t]+of[ \t]+(thousands|millions|billions)\b", re.I)
_FRACTION = re.compile(
    r"(a|an|one|two|three|four|five|seven|nine)[ \t]*[- \t][ \t]*"
    r"(half|halves|thirds?|quarters?|fourths?|fifths?|sixths?|eighths?|tenths?)\b",
    re.I,
)
_HALF_CONTEXT = re.compile(r"[ \t]+(?:of|a|an|the|million|billion|trillion|dozen)\b", re.I)
_MINUS_WORD = re.compile(r"\bminus[ \t]*-?[ \t]*$", re.I)
_SIGN_BEFORE = re.compile(r"(?:^|(?<=[\s(\[$€£¥:=]))([-−+])$")


@dataclass(frozen=True, slots=True)
class Number:
    """One number expression: where it lies in the text and what it is worth.

    ``high`` is set for vague plurals ("thousands of": 1,000 to 10,000). ``spelled`` says it was written in
    words, ``factor`` the scale word that multiplied it ("2.5 million"), ``sign`` is ``"+"``, ``"-"`` or ``""``.
    """

    start: int
    end: int
    value: float
    high: float | None = None
    spelled: bool = False
    factor: float = 1.0
    fraction: bool = False
    sign: str = ""

    @property
    def scaled(self) -> bool:
        return self.factor != 1.0

    @property
    def is_integer(self) -> bool:
        return self.high is None and float(self.value).is_integer()


def parse_digits(raw: str) -> float:
    """The value of a digit string with separators: ``"1,200"`` → 1200.0, ``".5"`` → 0.5."""
    return float(raw.replace(",", ""))


def _words_value(text: str, pos: int, stop: int) -> tuple[float, int] | None:
    """Read number words from ``pos`` ("two thousand", "twenty-five", "a dozen"): the value and where it ends."""
    total = 0.0
    current: float | None = None
    end = pos
    last = ""  # "ones", "tens", "teen", "hundred", "scale", "a"
    i = pos
    while i < stop:
        m = _WORD.match(text, i, stop)
        if not m:
            break
        word = m.group(1).lower()
        if word == "and" and last in ("hundred", "scale"):
            nxt = _WORD.match(text, m.end(), stop)
            if nxt and (nxt.group(1).lower() in ONES or nxt.group(1).lower() in TENS):
                i = m.end()
                continue
            break
        if word in ("a", "an") and last == "":
            nxt = _WORD.match(text, m.end(), stop)
            if not nxt or nxt.group(1).lower() not in (
                "hundred",
                "thousand",
                "million",
                "billion",
                "trillion",
                "dozen",
            ):
                return None
            last = "a"
            current = 1.0
            i = m.end()
            continue
        if word in ONES:
            if last in ("ones", "teen") or (last == "tens" and ONES[word] >= 10) or last == "a":
                break
            if last == "tens" and ONES[word] == 0:
                break
            current = (current or 0.0) + ONES[word]
            last = "teen" if ONES[word] >= 10 else "ones"
        elif word in TENS:
            if last in ("ones", "tens", "teen", "a"):
                break
            current = (current or 0.0) + TENS[word]
            last = "tens"
        elif word == "hundred":
            if last == "hundred":
                break
            current = (current if current is not None else 1.0) * 100
            last = "hundred"
        elif word in SCALES:
            total += (current if current is not None else 1.0) * SCALES[word]
            current = None
            last = "scale"
        elif word == "dozen":
            current = (current if current is not None else 1.0) * 12
            last = "hundred"
        else:
            break
        end = m.end()
        i = m.end()
    if last in ("", "a") or end == pos:
        return None
    return total + (current or 0.0), end


def _scale_after(text: str, pos: int, stop: int) -> tuple[float, int]:
    """Scale words right after a number ("hundred million", "bn"): the factor (1 when none) and the new end."""
    factor = 1.0
    end = pos
    while True:
        m = _SCALE_AFTER.match(text, end, stop)
        if not m:
            break
        word = m.group(1).lower()
        if word.endswith("s") and m.group(0).lower().endswith("s"):
            break  # "thousands" after a number is not a scale ("5 thousands" is rare and odd)
        factor *= 12 if word == "dozen" else SCALES[word]
        end = m.end()
    if factor == 1.0:
        m = _SHORT_SCALE_AFTER.match(text, end, stop)
        if m:
            factor = SHORT_SCALES[m.group(1)]
            end = m.end()
    return factor, end


def _sign(text: str, start: int, floor: int) -> tuple[str, int]:
    """A sign right before ``start``: ``-5``, ``+0.2``, ``minus 387``, ``minus-130``."""
    before = text[max(floor, start - 20) : start]
    m = _MINUS_WORD.search(before)
    if m:
        if before[: m.start()].rstrip().lower().endswith("plus or"):
            return "", start  # "plus or minus 4 points": a margin, not a negative number
        return "-", start - (len(before) - m.start())
    m = _SIGN_BEFORE.search(text[max(floor, start - 2) : start]) if start > floor else None
    if m:
        prev = text[max(floor, start - 3) : start - 1].rstrip()
        if m.group(1) != "+" and prev and prev[-1].isdigit():
            return "", start  # "75 -300": a range, not a negative number
        return ("+" if m.group(1) == "+" else "-"), start - 1
    return "", start


def find_numbers(text: str, start: int = 0, end: int | None = None) -> list[Number]:
    """Every number expression of ``text[start:end]``, in text order, with offsets into ``text``."""
    stop = len(text) if end is None else end
    found: list[tuple[int, int, str]] = [(m.start(), 0, "d") for m in _DIGIT_RUN.finditer(text, start, stop)]
    found += [(m.start(), 1, "w") for m in _WORDS_RUN.finditer(text, start, stop)]
    found += [(m.start(), 2, "v") for m in _VULGAR_RUN.finditer(text, start, stop)]
    found.sort()
    out: list[Number] = []
    pos = start
    for at, _, kind in found:
        if at < pos:
            continue
        if kind == "d":
            number = _read_digits(text, at, start, stop)
        elif kind == "v":
            number = Number(at, at + 1, VULGAR[text[at]], fraction=True)
        else:
            number = _read_words(text, at, start, stop)
        if number is not None:
            out.append(number)
            pos = number.end
    return out


def _read_digits(text: str, at: int, floor: int, stop: int) -> Number | None:
    if at > floor and text[at - 1] == "." and (at - 1 == floor or not text[at - 2].isalnum()):
        at -= 1  # ".001 per cent"
    m = _DIGITS_AT.match(text, at, stop)
    if m is None:
        return None
    raw = m.group()
    value = parse_digits(raw)
    end = m.end()
    fraction = False
    slash = _SLASH.match(text, end, stop)
    plain_int = raw.isdigit()
    if slash and plain_int and int(slash.group(1)) in FRACTION_DENOMINATORS and int(raw) < int(slash.group(1)):
        value = int(raw) / int(slash.group(1))
        end = slash.end()
        fraction = True
    elif plain_int:
        mixed = _MIXED.match(text, end, stop)
        if mixed and int(mixed.group(2)) in FRACTION_DENOMINATORS and int(mixed.group(1)) < int(mixed.group(2)):
            value += int(mixed.group(1)) / int(mixed.group(2))
            end = mixed.end()
            fraction = True
        elif _VULGAR_AFTER.match(text, end, stop):
            value += VULGAR[text[end]]
            end += 1
            fraction = True
    factor, scaled_end = _scale_after(text, end, stop)
    sign, begin = _sign(text, m.start(), floor)
    value = value * factor
    if sign == "-":
        value = -value
    return Number(begin, scaled_end, value, factor=factor, fraction=fraction, sign=sign)


def _read_words(text: str, at: int, floor: int, stop: int) -> Number | None:
    m = _WORDS_RUN.match(text, at, stop)
    if m is None:
        return None
    word = m.group().lower()
    if word in ("tens", "hundreds", "dozens"):
        tens_of = _TENS_OF.match(text, m.start(), stop)
        if tens_of and _OF.match(text, tens_of.end(), stop):
            low = {"tens": 10.0, "hundreds": 100.0, "dozens": 12.0}[tens_of.group(1).lower()]
            low *= VAGUE[tens_of.group(2).lower()]
            return Number(m.start(), tens_of.end(), low, low * 10, spelled=True)
    if word in VAGUE:
        if not _OF.match(text, m.end(), stop):
            return None
        low = VAGUE[word]
        return Number(m.start(), m.end(), low, low * 10, spelled=True)
    frac = _FRACTION.match(text, m.start(), stop)
    if frac:
        numerator = 1 if frac.group(1).lower() in ("a", "an", "one") else ONES[frac.group(1).lower()]
        plural = frac.group(2).lower().endswith("s")
        if plural == (numerator > 1) or frac.group(2).lower() == "half":
            value = numerator / FRACTION_WORDS[frac.group(2).lower()]
            factor, end = _scale_after(text, frac.end(), stop)
            return Number(m.start(), end, value * factor, spelled=True, fraction=True, factor=factor)
    if word == "half":
        if not _HALF_CONTEXT.match(text, m.end(), stop):
            return None
        after = re.match(r"[ \t]+an?\b", text[m.end() : stop], re.I)
        factor, end = _scale_after(text, m.end() + (after.end() if after else 0), stop)
        if factor == 1.0:
            end = m.end()
        return Number(m.start(), end, 0.5 * factor, spelled=True, fraction=True, factor=factor)
    if word == "tens":
        return None
    read = _words_value(text, m.start(), stop)
    if read is None:
        return None
    value, end = read
    factor, end = _scale_after(text, end, stop)
    sign, begin = _sign(text, m.start(), floor)
    value *= factor
    if sign == "-":
        value = -value
    return Number(begin, end, value, spelled=True, factor=factor, sign=sign)
