"""The figure ledger: figures grouped where they can be compared, and what disagrees.

**Groups.** Figures with the same measure, subject, unit of measure and period form one
:class:`~newsdesk.types.FigureGroup`. Measures that are not the same never share a group (killed and
casualties; a new deployment and the force already there), and neither do different periods (January and
February; a month and a day). A figure that names no period joins a group with one only when that is safe:

* its speaker gives an agreeing figure in exactly one dated group (the same figure, relayed without its
  date), or
* there is exactly one dated group of its measure and subject, and it agrees with every figure there.

Otherwise it stays in the group of figures with no period.

**Tolerance.** Each figure is read as an interval: a value is itself, a range its two ends; an approximate
figure ("about", "roughly", "some", "nearly") widens by half the unit of its last significant digit, but
by no more than 10% of the value ("about 300" is 270–330, "about 4,000" is 3,600–4,400, "about 1,200" is
1,150–1,250); "at least"/"more than" leave it open above, "up to"/"as many as" open below. Two figures agree
when their intervals meet. A group whose figures from different speakers do not all agree has a one-line
``disagreement`` and a :data:`~newsdesk.types.DisagreementKind.FIGURES` disagreement; so does a speaker who
gives two figures that do not agree (a revision). The same figure relayed by many outlets is many
:class:`~newsdesk.types.Figure` records in one group and never a disagreement.

**Not comparable.** Groups about the same subject whose measures are related but different (killed or
wounded vs casualties; a toll vs any of them; new vs total deployment; troops sent vs either) get a
:data:`~newsdesk.types.DisagreementKind.NOT_COMPARABLE` note naming why they are kept apart; so do groups of
one measure in different periods, each period with the next (the group with no period first), which links
them all without a note for every pair.

**Policies.** :func:`shown_figures` picks what a briefing states: ``all`` one figure per speaker and value
(relays collapsed onto the most direct, plainest, earliest report), ``range`` the figures giving the lowest
and the highest ends, ``conservative`` the lowest alone.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from newsdesk.claims.extract import UNNAMED
from newsdesk.reconcile import measures
from newsdesk.reconcile.articles import StoryArticles, moment
from newsdesk.reconcile.figures import unit_of
from newsdesk.reconcile.periods import PeriodKey, key_label, period_key
from newsdesk.types import (
    Change,
    Disagreement,
    DisagreementKind,
    Figure,
    FigureGroup,
    FigurePolicy,
    Hedge,
    Quantity,
    stable_id,
)

_UPPER = re.compile(r"\b(?:up to|as many as|at most|no more than|fewer than|less than|under|below|maximum)\b", re.I)
_LOWER = re.compile(r"\b(?:at least|more than|over|above|upwards of|in excess of|no fewer than|minimum)\b", re.I)
_ROUGH = re.compile(r"\b(?:about|around|roughly|some|nearly|almost|close to|nearer|approximately|estimated)\b", re.I)
_HEDGES = {Hedge.STATED: 0, Hedge.ATTRIBUTED: 1, Hedge.HEDGED: 2, Hedge.SPECULATIVE: 3}
_MAX_NAMED = 5

GroupKey = tuple[str, str, str, PeriodKey | None]


def _rounding_unit(value: float) -> float:
    """The place of the last significant digit of ``value`` (300 → 100, 2,700 → 100, 3.75 → 0.01)."""
    v = abs(value)
    if v == 0:
        return 1.0
    k = math.floor(math.log10(v))
    for exp in range(k, -7, -1):
        unit = 10.0**exp
        if abs(round(v / unit) * unit - v) <= 1e-9 * max(1.0, v):
            return unit
    return 1e-6


def _band(value: float) -> float:
    return min(0.1 * abs(value), _rounding_unit(value) / 2)


def interval(q: Quantity) -> tuple[float, float]:
    """The values a figure allows (see the module docstring)."""
    lo, hi = sorted((q.value, q.high if q.high is not None else q.value))
    if q.change is Change.MORE_THAN or _LOWER.search(q.qualifier):
        return lo, math.inf
    if q.change is Change.LESS_THAN or _UPPER.search(q.qualifier):
        return -math.inf, hi
    if q.change is Change.APPROXIMATE or _ROUGH.search(q.qualifier):
        return lo - _band(lo), hi + _band(hi)
    return lo, hi


def agree(a: Quantity, b: Quantity) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    eps = 1e-9 * max(1.0, abs(alo) if math.isfinite(alo) else 1.0, abs(blo) if math.isfinite(blo) else 1.0)
    return alo <= bhi + eps and blo <= ahi + eps


def ends(q: Quantity) -> tuple[float, float]:
    """The written ends of a figure (range ends included)."""
    lo, hi = sorted((q.value, q.high if q.high is not None else q.value))
    return lo, hi


def _number(v: float) -> str:
    return f"{v:,.10g}"


def display(q: Quantity) -> str:
    """A figure as a reader would say it: "about 300", "1,000–3,000", "up to 3,000", "about 350 km"."""
    value = _number(q.value) + (f"–{_number(q.high)}" if q.high is not None else "")
    unit = f" {q.unit}" if measures.measurement_unit(q) and q.unit and not q.unit.startswith(("$", "€", "£")) else ""
    if q.unit.startswith(("$", "€", "£")):
        value = q.unit + value
    qualifier = q.qualifier.lower()
    return f"{qualifier} {value}{unit}".strip()


def _key(f: Figure) -> GroupKey:
    return (f.measure, f.subject, unit_of(f), period_key(f.period))


def _order(f: Figure) -> tuple[float, str, int, int]:
    return (moment(f.published), f.article_id, f.evidence.start, f.quantity.start)


def _agrees_with_all(f: Figure, group: Sequence[Figure]) -> bool:
    return all(agree(f.quantity, g.quantity) for g in group)


def _place_undated(keyed: dict[GroupKey, list[Figure]]) -> None:
    """Move figures with no period into a dated group where that is safe (module docstring)."""
    for key in [k for k in keyed if k[3] is None]:
        dated = [k for k in keyed if k[:3] == key[:3] and k[3] is not None]
        if not dated:
            continue
        stay: list[Figure] = []
        for f in keyed[key]:
            own = [k for k in dated if any(g.speaker == f.speaker and agree(f.quantity, g.quantity) for g in keyed[k])]
            if len(own) == 1:
                keyed[own[0]].append(f)
            elif len(dated) == 1 and _agrees_with_all(f, keyed[dated[0]]):
                keyed[dated[0]].append(f)
            else:
                stay.append(f)
        if stay:
            keyed[key] = stay
        else:
            del keyed[key]


def _same_speaker(a: Figure, b: Figure) -> bool:
    """Whether two figures come from one speaker (statements with no named speaker are each their own)."""
    return a.speaker == b.speaker and a.speaker not in ("", UNNAMED)


def _disagreement(figures: Sequence[Figure]) -> tuple[str, tuple[str, ...]]:
    """Why a group's figures disagree (or "") and the claims involved."""
    involved: list[Figure] = []
    revised: list[str] = []
    for i, a in enumerate(figures):
        for b in figures[i + 1 :]:
            if agree(a.quantity, b.quantity):
                continue
            involved += [x for x in (a, b) if x not in involved]
            if _same_speaker(a, b):
                pair = f"{a.speaker} gives both {display(a.quantity)} and {display(b.quantity)}"
                if pair not in revised and not any(r.startswith(f"{a.speaker} gives") for r in revised):
                    revised.append(pair)
    if not involved:
        return "", ()
    reasons: list[str] = []
    across = [
        f for f in involved if any(not _same_speaker(f, g) and not agree(f.quantity, g.quantity) for g in figures)
    ]
    if across:
        reasons.append("figures differ beyond rounding: " + _by_value(across))
    reasons += revised
    claims = tuple(dict.fromkeys(f.claim_id for f in involved))
    return "; ".join(reasons), claims


def _by_value(figures: Sequence[Figure]) -> str:
    """Each speaker's usual figure, speakers who give the same value together, lowest first:
    "about 1,200 (U.S. intelligence, intelligence), about 4,000 (Zelenskyy)"."""
    usual: dict[str, Figure] = {}
    for speaker in dict.fromkeys(f.speaker for f in figures):
        own = [f for f in figures if f.speaker == speaker]
        counts = Counter((f.quantity.value, f.quantity.high) for f in own)
        value = max(counts, key=lambda v: counts[v])
        usual[speaker] = next(f for f in own if (f.quantity.value, f.quantity.high) == value)
    values: dict[tuple[float, float | None], list[Figure]] = {}
    for f in sorted(usual.values(), key=lambda f: ends(f.quantity)):
        values.setdefault((f.quantity.value, f.quantity.high), []).append(f)
    parts = [f"{display(fs[0].quantity)} ({', '.join(f.speaker for f in fs)})" for fs in values.values()]
    more = f" and {len(parts) - _MAX_NAMED} more" if len(parts) > _MAX_NAMED else ""
    return ", ".join(parts[:_MAX_NAMED]) + more


def _group_id(story_id: str, key: GroupKey) -> str:
    measure, subject, unit, period = key
    when = "" if period is None else f"{period[0]}:{period[1].isoformat()}:{period[2].isoformat()}"
    return stable_id("fg", f"{story_id}|{measure}|{subject}|{unit}|{when}")


def build_ledger(
    story_id: str, figures: Iterable[Figure], articles: StoryArticles
) -> tuple[tuple[FigureGroup, ...], tuple[Disagreement, ...]]:
    """The story's figure groups and the disagreements among them (module docstring)."""
    keyed: dict[GroupKey, list[Figure]] = {}
    for f in figures:
        keyed.setdefault(_key(f), []).append(f)
    _place_undated(keyed)
    groups: list[FigureGroup] = []
    disagreements: list[Disagreement] = []
    for key, members in keyed.items():
        ordered = tuple(sorted(members, key=_order))
        spread = [e for f in ordered for e in ends(f.quantity)]
        reason, claims = _disagreement(ordered)
        group = FigureGroup(
            id=_group_id(story_id, key),
            measure=key[0],
            subject=key[1],
            unit=key[2],
            period=key_label(key[3]),
            figures=ordered,
            low=min(spread),
            high=max(spread),
            sources=len(articles.independent_outlets(f.article_id for f in ordered)),
            disagreement=reason,
        )
        groups.append(group)
        if reason:
            disagreements.append(Disagreement(DisagreementKind.FIGURES, reason, (group.id,), claims))
    groups.sort(key=lambda g: (-g.sources, -len(g.figures), g.measure, g.subject, g.period, g.id))
    disagreements.sort(key=lambda d: [g.id for g in groups].index(d.refs[0]))
    return tuple(groups), tuple(disagreements) + _not_comparable(groups)


def _related(a: str, b: str) -> str:
    """Why measures ``a`` and ``b`` look alike but are not compared, or "" when they are unrelated."""
    pair = {a, b}
    if measures.CASUALTIES in pair and pair & {measures.KILLED, measures.WOUNDED}:
        other = (pair - {measures.CASUALTIES}).pop()
        return f"casualties count killed and wounded together; {other} figures are not compared with them"
    if measures.TOLL in pair and pair & measures.HARM and a != b:
        other = (pair - {measures.TOLL}).pop()
        return f"a toll may count the dead or all casualties; not compared with {other} figures"
    if pair == {measures.DEPLOYED_NEW, measures.DEPLOYED_TOTAL}:
        return "a new deployment is not the force already there; new and total troop numbers are not compared"
    if measures.DEPLOYED in pair and pair & measures.DEPLOYMENT and a != b:
        other = (pair - {measures.DEPLOYED}).pop()
        return f"troops said to be sent, neither new nor total, are not compared with {other} figures"
    return ""


def _not_comparable(groups: Sequence[FigureGroup]) -> tuple[Disagreement, ...]:
    """Notes on groups kept apart: related measures pairwise; one measure in several periods, each period
    with the next (the periodless group first), which links them all without a note for every pair."""
    pairs: list[tuple[FigureGroup, FigureGroup, str]] = []
    for i, a in enumerate(groups):
        for b in groups[i + 1 :]:
            if a.unit != b.unit or (a.subject and b.subject and a.subject != b.subject) or a.measure == b.measure:
                continue
            reason = _related(a.measure, b.measure)
            if reason:
                pairs.append((a, b, reason))
    same: dict[tuple[str, str, str], list[FigureGroup]] = {}
    for g in groups:
        same.setdefault((g.measure, g.subject, g.unit), []).append(g)
    for (measure, _, _), periods in same.items():
        ordered = sorted(periods, key=lambda g: (bool(g.period), _first_day(g), g.id))
        for a, b in itertools.pairwise(ordered):
            first, second = a.period or "no stated period", b.period or "no stated period"
            reason = f"{measure} figures for {first} and for {second} are for different periods; not compared"
            pairs.append((a, b, reason))
    return tuple(
        Disagreement(
            DisagreementKind.NOT_COMPARABLE,
            reason,
            (a.id, b.id),
            tuple(dict.fromkeys(f.claim_id for g in (a, b) for f in g.figures)),
        )
        for a, b, reason in pairs
    )


def _first_day(group: FigureGroup) -> str:
    days = [f.period.first.isoformat() for f in group.figures if f.period is not None]
    return min(days) if days else ""


def _directness(f: Figure) -> tuple[int, int, float, str, int]:
    return (len(f.via), _HEDGES.get(f.hedge, 9), moment(f.published), f.article_id, f.quantity.start)


def _collapsed(group: FigureGroup) -> list[Figure]:
    """One figure per speaker and value: the most direct, plainest, earliest report of it."""
    best: dict[tuple[str, float, float | None], Figure] = {}
    for f in group.figures:
        key = (f.speaker, f.quantity.value, f.quantity.high)
        if key not in best or _directness(f) < _directness(best[key]):
            best[key] = f
    return list(best.values())


def shown_figures(group: FigureGroup, policy: FigurePolicy) -> tuple[Figure, ...]:
    """The figures of ``group`` a briefing states under ``policy`` (module docstring)."""
    figures = _collapsed(group)
    if not figures or policy is FigurePolicy.ALL:
        return tuple(figures)
    lowest = min(figures, key=lambda f: ends(f.quantity)[0])
    if policy is FigurePolicy.CONSERVATIVE:
        return (lowest,)
    highest = max(figures, key=lambda f: ends(f.quantity)[1])
    return (lowest,) if highest is lowest else (lowest, highest)
