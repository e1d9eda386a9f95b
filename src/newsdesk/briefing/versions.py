"""What changed between two versions of a story's briefing: figures new or revised, and new sources.

A reader who saw version 3 wants to know what version 4 adds, in the terms of the figure ledger rather than of
the prose (which the writer may word differently from one version to the next for reasons that are not news).

A figure's *identity* is who gives it about what: its speaker, measure and subject, and the period label of the
group it sits in (``FigureGroup.period``). Its *value* is the quantity's ``value``, ``high`` and ``change``
("about 300", "300 to 500" and "more than 300" are three values). Comparing the ledgers of two versions:

- a value the earlier version already had under the same identity is not news, however many more articles now
  relay it: figures are compared by identity and value, never by claim or article id;
- a value under an identity the earlier version did not have is a **new figure**;
- a value under an identity the earlier version had with other values is a **revised figure**, paired with the
  earlier figure it replaces: one of that identity whose value the new version no longer has, in ledger order,
  or else (the speaker now gives both) the last earlier figure of that identity.

Each new or revised value is reported once, as the first figure that gives it in the new version's ledger, and
in the order in which the new ledger first names each identity and value, so the same two briefings always give
the same changes. Names are
compared with case and white space folded. A **new source** is a source of the new version whose article was
not among the earlier version's sources.
"""

from __future__ import annotations

from newsdesk.types import Briefing, BriefingChanges, Change, Figure, FigureGroup

Identity = tuple[str, str, str, str]
Value = tuple[float, float | None, Change]


def _fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def identity(figure: Figure, group: FigureGroup) -> Identity:
    """Who gives the figure about what: speaker, measure, subject and the period label of its group."""
    return (_fold(figure.speaker), _fold(figure.measure), _fold(figure.subject), _fold(group.period))


def value(figure: Figure) -> Value:
    """What the figure says: its value, the other end of its range, and how it is qualified."""
    q = figure.quantity
    return (q.value, q.high, q.change)


def _ledger(briefing: Briefing) -> dict[Identity, dict[Value, Figure]]:
    """Per identity, the first figure of each distinct value, in ledger order."""
    out: dict[Identity, dict[Value, Figure]] = {}
    for group in briefing.findings.ledger:
        for figure in group.figures:
            out.setdefault(identity(figure, group), {}).setdefault(value(figure), figure)
    return out


def changes(before: Briefing, after: Briefing) -> BriefingChanges:
    """What ``after`` adds to ``before``: new figures, revised figures (earlier, later) and new sources."""
    earlier = _ledger(before)
    new: list[Figure] = []
    revised: list[tuple[Figure, Figure]] = []
    for key, values in _ledger(after).items():
        known = earlier.get(key)
        if known is None:
            new += values.values()
            continue
        gone = [figure for v, figure in known.items() if v not in values]
        fallback = list(known.values())[-1]
        for v, figure in values.items():
            if v in known:
                continue
            replaced = gone.pop(0) if gone else fallback
            revised.append((replaced, figure))

    seen = {source.article_id for source in before.sources}
    sources = tuple(source for source in after.sources if source.article_id not in seen)
    return BriefingChanges(
        since=before.version, new_figures=tuple(new), revised_figures=tuple(revised), new_sources=sources
    )
