"""Charts of a story's competing figures: one small dot-and-bar chart per group of the figure ledger.

Each group of the ledger (:class:`~newsdesk.types.FigureGroup`: figures about the same measure of the same subject
in the same period) becomes a :class:`FigureChart`: one row per figure, in the group's order, with the speaker on
the left, the figure drawn on a shared linear axis in the middle, and the figure as written on the right. A range
("1,000 to 3,000") is a bar from its low end to its high end, a single value a dot; a value the source qualifies as
approximate ("about 300") is a ring instead of a solid dot, and a bound ("up to 3,000", "more than 50") has a short
tail on its open side.

Python computes everything here, geometry included, so the template (``web/templates/_chart.html.j2``) only lays
the records out and a test can check the drawing without parsing SVG. Coordinates are SVG user units in a fixed
``WIDTH``-wide view box; the page scales the SVG as it likes.

The axis starts at zero, so that the lengths a reader compares are honest ("4,000" is drawn three times as far out
as "1,200"), unless every value lies far from zero compared with how much the values differ: when the values share
a sign and the smallest magnitude is more than ``FAR_FROM_ZERO`` times their spread (years, index levels, prices
that move by cents), zero would squeeze every mark into one spot, so the axis covers the values only. The ends are
then rounded out to "nice" steps (1, 2, 2.5 or 5 times a power of ten), which gives 3 to 6 ticks. Tick labels use
thousands separators ("12,000"); from a million up they are written in millions, billions or trillions ("1.5M")
so that long labels do not run into each other.

Everything from an article (speakers, quotes, figures as written) is untrusted text: it is kept as plain strings
here and the template is rendered with autoescaping on.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from newsdesk.briefing.markdown import figure_text, number_text, source_numbers
from newsdesk.types import Briefing, Change, Figure, FigureGroup, Quantity

WIDTH = 560.0
"""Width of the view box."""
ROW_HEIGHT = 22.0
"""Height of one figure's row."""
TOP = 6.0
"""Space above the first row."""
LABEL_X = 4.0
"""Where the speaker labels start (left-aligned)."""
PLOT_LEFT = 190.0
"""Left end of the plot area: the axis's low end."""
PLOT_RIGHT = 400.0
"""Right end of the plot area: the axis's high end."""
VALUE_X = 412.0
"""Where the figures as written start (left-aligned)."""
LABEL_CHARS = 30
"""Longest speaker label drawn in full; longer ones are cut with "…" (the row's tooltip has the full label)."""
VALUE_CHARS = 19
"""Longest figure text drawn in full, leaving room for the source number after it; a longer one is drawn without
its unit ("about 1,200"), then without its qualifier ("10,000–12,000"), and cut with "…" only if that is still too
long. The row's tooltip has the figure in full."""
MARK_HEIGHT = 8.0
"""Height of a range bar; a point's radius is half of it."""
MIN_BAR = 2.0
"""Narrowest a range bar is drawn, so that a range whose ends meet on screen still shows."""
TAIL = 10.0
"""Length of the tail drawn on the open side of a bound ("up to", "more than")."""
FAR_FROM_ZERO = 10.0
"""The axis leaves out zero when the smallest magnitude is more than this many times the values' spread."""
TEXT_DROP = 4.0
"""From a row's centre line down to the baseline of its text, so that the text sits centred on the mark."""
AXIS_GAP = 4.0
"""From the last row to the axis line."""
TICK_LENGTH = 4.0
"""Length of a tick mark below the axis line."""
TICK_LABEL_DROP = 15.0
"""From the axis line down to the baseline of the tick labels."""
BOTTOM = 22.0
"""From the axis line to the bottom of the view box (room for the tick labels)."""

_NICE_STEPS = (1.0, 2.0, 2.5, 5.0, 10.0)
_TARGET_INTERVALS = 4
_LARGEST = 1e300  # beyond this, arithmetic on the axis could overflow; such a figure is not drawn
_SCALES = ((1e12, "T"), (1e9, "B"), (1e6, "M"))


@dataclass(frozen=True, slots=True)
class Tick:
    """One tick of the axis: its value, its label ("12,000", "1.5M") and where it sits."""

    value: float
    label: str
    x: float


@dataclass(frozen=True, slots=True)
class Axis:
    """The chart's linear axis: the values at its ends, its ticks, and where it is drawn.

    ``zero_based`` says whether the axis was stretched to include zero (see the module docstring for the rule).
    ``y`` is the axis line; ``tick_end`` the lower end of the tick marks; ``label_y`` the baseline of the labels.
    """

    low: float
    high: float
    ticks: tuple[Tick, ...]
    zero_based: bool
    y: float
    tick_end: float
    label_y: float

    def x(self, value: float) -> float:
        """Where ``value`` sits on the axis (not clamped: a value outside the axis lands outside the plot)."""
        return _position(value, self.low, self.high)


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One figure of a chart: who gives it, the figure as written, where it came from, and where it is drawn.

    ``label`` is the speaker, with "via" and the first relay when the figure reached the outlet through
    someone else; ``short_label`` and ``short_value`` are ``label`` and ``value_text`` cut to fit their columns.
    ``source`` is the number of the article in the briefing's source list (None when it is not listed).
    ``low`` and ``high`` are the figure's ends, ordered (equal for a single value). ``approximate`` is set for a
    figure qualified as inexact ("about", "some", "as many as"); ``bound`` is ``"below"`` for an upper bound
    ("up to 3,000": the truth lies below), ``"above"`` for a lower bound ("more than 50"), else ``""``.

    Geometry: ``x1``/``x2`` are the ends of a range bar (both equal to ``x`` for a point); ``x`` is the point, or
    the middle of the bar; ``tail_x`` the far end of a bound's tail (equal to ``x`` when there is none); ``y`` the
    row's centre line and ``text_y`` the baseline of its texts.
    """

    speaker: str
    label: str
    short_label: str
    value_text: str
    short_value: str
    hedge: str
    source: int | None
    article_id: str
    quote: str
    is_range: bool
    approximate: bool
    bound: str
    low: float
    high: float
    x: float
    x1: float
    x2: float
    tail_x: float
    y: float
    text_y: float

    @property
    def bar_y(self) -> float:
        """Top of the range bar."""
        return self.y - MARK_HEIGHT / 2

    @property
    def bar_width(self) -> float:
        """Width of the range bar, at least ``MIN_BAR``."""
        return round(max(self.x2 - self.x1, MIN_BAR), 1)

    @property
    def radius(self) -> float:
        """Radius of a point's dot or ring."""
        return MARK_HEIGHT / 2


@dataclass(frozen=True, slots=True)
class FigureChart:
    """The chart of one ledger group: its title, whether its figures disagree and why, the axis and the rows.

    ``title`` reads "measure — subject, period (unit)", leaving out the parts the group does not have.
    ``summary`` says in one line what the chart shows, for readers who cannot see it (the SVG's ``aria-label``).
    The remaining fields are the view box (``width`` × ``height``) and the columns: ``label_x`` (speakers),
    ``plot_left``–``plot_right`` (the axis), ``value_x`` (figures as written), and ``plot_top``, the top of the
    first row.
    """

    group_id: str
    title: str
    disputed: bool
    disagreement: str
    summary: str
    axis: Axis
    rows: tuple[ChartRow, ...]
    width: float
    height: float
    label_x: float
    plot_left: float
    plot_right: float
    value_x: float
    plot_top: float


def figure_charts(briefing: Briefing) -> list[FigureChart]:
    """One chart per group of the briefing's figure ledger that has a figure to draw, in ledger order."""
    numbers = source_numbers(briefing)
    charts = []
    for group in briefing.findings.ledger:
        chart = figure_chart(group, numbers)
        if chart is not None:
            charts.append(chart)
    return charts


def figure_chart(group: FigureGroup, numbers: dict[str, int] | None = None) -> FigureChart | None:
    """The chart of one ledger group, or None when it has no figure that can be drawn.

    ``numbers`` maps article ids to their number in the source list (:func:`source_numbers`). A figure whose
    value is not a finite number of sensible size (NaN, infinity, beyond 1e300) cannot be placed and is left out.
    """
    numbers = numbers or {}
    figures = [f for f in group.figures if _placeable(f)]
    if not figures:
        return None
    ends = [_ends(f) for f in figures]
    values = [v for pair in ends for v in pair]
    axis_low, axis_high, zero_based = _domain(values)
    ticks_values, step = _nice_ticks(axis_low, axis_high, whole=all(float(v).is_integer() for v in values))
    low, high = ticks_values[0], ticks_values[-1]
    axis_y = TOP + len(figures) * ROW_HEIGHT + AXIS_GAP
    axis = Axis(
        low=low,
        high=high,
        ticks=tuple(
            Tick(v, label, round(_position(v, low, high), 1))
            for v, label in zip(ticks_values, _tick_labels(ticks_values, step), strict=True)
        ),
        zero_based=zero_based,
        y=axis_y,
        tick_end=axis_y + TICK_LENGTH,
        label_y=axis_y + TICK_LABEL_DROP,
    )
    rows = tuple(_row(i, f, lo_hi, axis, numbers) for i, (f, lo_hi) in enumerate(zip(figures, ends, strict=True)))
    title = _title(group)
    disputed = bool(group.disagreement)
    return FigureChart(
        group_id=group.id,
        title=title,
        disputed=disputed,
        disagreement=group.disagreement,
        summary=_summary(title, rows, disputed),
        axis=axis,
        rows=rows,
        width=WIDTH,
        height=axis_y + BOTTOM,
        label_x=LABEL_X,
        plot_left=PLOT_LEFT,
        plot_right=PLOT_RIGHT,
        value_x=VALUE_X,
        plot_top=TOP,
    )


# --- rows ---------------------------------------------------------------------------------------------------


def _row(index: int, figure: Figure, ends: tuple[float, float], axis: Axis, numbers: dict[str, int]) -> ChartRow:
    quantity = figure.quantity
    low, high = ends
    is_range = quantity.high is not None
    x1, x2 = round(axis.x(low), 1), round(axis.x(high), 1)
    x = round((x1 + x2) / 2, 1)
    bound = _bound(figure)
    tail_x = x
    if bound == "below":
        tail_x = round(max(x - TAIL, PLOT_LEFT), 1)
    elif bound == "above":
        tail_x = round(min(x + TAIL, PLOT_RIGHT), 1)
    y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
    label = _label(figure)
    value_text = figure_text(quantity)
    return ChartRow(
        speaker=figure.speaker,
        label=label,
        short_label=_clip(label, LABEL_CHARS),
        value_text=value_text,
        short_value=_short_value(value_text, quantity),
        hedge=figure.hedge.value,
        source=numbers.get(figure.article_id),
        article_id=figure.article_id,
        quote=figure.quote,
        is_range=is_range,
        approximate=_approximate(figure),
        bound="" if is_range else bound,
        low=low,
        high=high,
        x=x,
        x1=x1,
        x2=x2,
        tail_x=tail_x if not is_range else x,
        y=y,
        text_y=y + TEXT_DROP,
    )


def _label(figure: Figure) -> str:
    """The speaker, plus "via" the first relay when the figure passed through more hands than the outlet's.

    ``via`` runs from the speaker outward and ends with the outlet; the speaker's own entry is skipped, so
    ``("NIS", "Meridian Wire")`` adds nothing and ``("NIS", "Meridian Wire", "Northgate Post")`` adds
    "via Meridian Wire".
    """
    via = list(figure.via)
    speaker = figure.speaker.strip()
    while via and via[0].strip() == speaker:
        via.pop(0)
    name = speaker or (figure.via[-1] if figure.via else "") or "unnamed source"
    if len(via) > 1:
        return f"{name} via {via[0]}"
    return name


def _approximate(figure: Figure) -> bool:
    """Whether the figure is qualified as inexact: "about 300", or a qualifier on an otherwise exact figure."""
    quantity = figure.quantity
    if quantity.change == Change.APPROXIMATE:
        return True
    return quantity.change == Change.EXACT and bool(quantity.qualifier.strip())


def _bound(figure: Figure) -> str:
    change = figure.quantity.change
    if change == Change.LESS_THAN:
        return "below"
    if change == Change.MORE_THAN:
        return "above"
    return ""


def _short_value(text: str, quantity: Quantity) -> str:
    """The figure as written when it fits its column; else without its unit, then without its qualifier too (the
    mark shows that it is approximate), and only then cut."""
    if len(text) <= VALUE_CHARS:
        return text
    without_unit = figure_text(replace(quantity, unit=""))
    if len(without_unit) <= VALUE_CHARS:
        return without_unit
    return _clip(figure_text(replace(quantity, unit="", qualifier="", change=Change.EXACT)), VALUE_CHARS)


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _placeable(figure: Figure) -> bool:
    quantity = figure.quantity
    values = [quantity.value] if quantity.high is None else [quantity.value, quantity.high]
    return all(math.isfinite(v) and abs(v) < _LARGEST for v in values)


def _ends(figure: Figure) -> tuple[float, float]:
    """The figure's low and high ends; a range written high end first ("from $75 to $45.88") is put in order."""
    quantity = figure.quantity
    if quantity.high is None:
        return quantity.value, quantity.value
    return min(quantity.value, quantity.high), max(quantity.value, quantity.high)


# --- titles -------------------------------------------------------------------------------------------------


def _title(group: FigureGroup) -> str:
    title = " — ".join(part for part in (group.measure.strip(), group.subject.strip()) if part) or "figures"
    if group.period.strip():
        title += f", {group.period.strip()}"
    unit = group.unit.strip()
    if unit and unit != "-":
        title += f" ({unit})"
    return title


def _summary(title: str, rows: Sequence[ChartRow], disputed: bool) -> str:
    low = min(r.low for r in rows)
    high = max(r.high for r in rows)
    count = f"{len(rows)} figure" if len(rows) == 1 else f"{len(rows)} figures"
    spread = number_text(low) if low == high else f"from {number_text(low)} to {number_text(high)}"
    return f"{title}: {count}, {spread}" + ("; the figures disagree" if disputed else "")


# --- the axis -----------------------------------------------------------------------------------------------


def _domain(values: Sequence[float]) -> tuple[float, float, bool]:
    """The span the axis must cover, and whether it was stretched to include zero (see the module docstring)."""
    low, high = min(values), max(values)
    spread = high - low
    same_sign = low > 0 or high < 0
    far = same_sign and spread > 0 and min(abs(low), abs(high)) > FAR_FROM_ZERO * spread
    if not far:
        low, high = min(low, 0.0), max(high, 0.0)
    if low == high:  # every value is zero
        high = low + 1.0
    return low, high, not far


def _nice_ticks(low: float, high: float, whole: bool = False) -> tuple[list[float], float]:
    """Tick values covering ``low``–``high`` on a nice step (3 to 6 of them), and the step.

    The step is the smallest of 1, 2, 2.5, 5 or 10 times a power of ten that cuts the span into at most four
    parts; rounding the ends out to whole steps adds at most one more part, and since neighbouring candidate
    steps differ by at most a factor of two, there are always at least two parts. With ``whole`` (every value
    is a whole number: a count of people has no half) the step is whole too ("0, 1, 2", not "0, 0.5 … 2"); a span of
    one step gets a third tick one step beyond it.
    """
    raw = (high - low) / _TARGET_INTERVALS
    magnitude = 10.0 ** math.floor(math.log10(raw))
    candidates = [m * magnitude for m in _NICE_STEPS if m * magnitude >= raw * (1 - 1e-9)]
    if whole:
        step = next(c for c in candidates if c >= 1 and float(c).is_integer()) if raw > 0.5 else 1.0
        ticks = _ticks(low, high, step)
        while len(ticks) < 3:  # a span of one: add a step on the side away from zero ("0, 1, 2", "-2, -1, 0")
            ticks = [*ticks, ticks[-1] + step] if high > 0 else [ticks[0] - step, *ticks]
        return ticks, step
    return _ticks(low, high, candidates[0]), candidates[0]


def _ticks(low: float, high: float, step: float) -> list[float]:
    first = math.floor(low / step + 1e-9)
    last = math.ceil(high / step - 1e-9)
    return [_clean(i * step) for i in range(first, last + 1)]


def _clean(value: float) -> float:
    """A tick value with floating-point noise removed (``0.30000000000000004`` → ``0.3``; ``-0.0`` → ``0.0``)."""
    if value == 0:
        return 0.0
    digits = 12 - math.floor(math.log10(abs(value)))
    return round(value, digits) + 0.0


def _tick_labels(values: Sequence[float], step: float) -> list[str]:
    """Labels for the ticks, all with the same number of decimals; millions and up in M, B or T."""
    largest = max(abs(v) for v in values)
    scale, suffix = next(((s, x) for s, x in _SCALES if largest >= s), (1.0, ""))
    decimals = _decimals(step / scale)
    return [f"{v / scale:,.{decimals}f}{suffix}" if v else "0" for v in values]


def _decimals(step: float) -> int:
    """The fewest decimals that write ``step`` (and so every multiple of it) exactly enough."""
    for decimals in range(0, 10):
        if abs(round(step, decimals) - step) <= abs(step) * 1e-6:
            return decimals
    return 10


def _position(value: float, low: float, high: float) -> float:
    if high == low:
        return PLOT_LEFT
    return PLOT_LEFT + (value - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT)
