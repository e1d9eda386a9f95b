"""The timeline and the period labels."""

from __future__ import annotations

from datetime import date, timedelta

from newsdesk.reconcile.periods import key_label, period_key, span_label, time_label
from newsdesk.types import TimeExpression, TimePrecision

from .desk import DAY, Desk


def _t(first: date, last: date, precision: TimePrecision) -> TimeExpression:
    return TimeExpression(0, 1, "x", first, last, precision)


def test_labels_read_as_a_person_would_write_them() -> None:
    assert time_label(_t(date(2025, 2, 12), date(2025, 2, 12), TimePrecision.DAY)) == "12 February 2025"
    assert time_label(_t(date(2025, 2, 10), date(2025, 2, 16), TimePrecision.WEEK)) == "10–16 February 2025"
    assert time_label(_t(date(2025, 1, 1), date(2025, 1, 31), TimePrecision.MONTH)) == "January 2025"
    assert time_label(_t(date(2025, 1, 1), date(2025, 2, 28), TimePrecision.RANGE)) == "January–February 2025"
    assert span_label(date(2024, 12, 28), date(2025, 1, 3)) == "28 December 2024 – 3 January 2025"
    since = _t(date(2025, 1, 1), date(2025, 2, 13), TimePrecision.RANGE)
    between = _t(date(2025, 1, 1), date(2025, 2, 28), TimePrecision.RANGE)
    assert period_key(since) == period_key(between), "'since January' written in February is January–February"
    assert key_label(period_key(since)) == "January–February 2025"
    assert period_key(_t(date(2025, 1, 1), date(2025, 1, 31), TimePrecision.MONTH)) != period_key(between)


def test_dated_events_in_order_deduplicated_and_verbatim() -> None:
    desk = Desk()
    briefing = "The NIS told lawmakers at a briefing on Wednesday that North Korean units had returned to the front."
    report = "The JoongAng Ilbo reported that 1,000 to 3,000 troops had arrived in January and February."
    a = desk.article("Meridian Wire", f"{briefing} {report} What changed this week?")
    b = desk.article("Pacific Ledger", f"{briefing} Ukrainian forces captured two soldiers in January.")
    c = desk.article("Daily Lantern", briefing, published=DAY + timedelta(days=1))
    desk.says(a, briefing, "NIS", content=briefing[briefing.index("that") : -1])
    desk.says(a, report, "JoongAng Ilbo", content=report[report.index("that") : -1])
    desk.says(a, "What changed this week?")
    desk.says(b, briefing, "NIS", content=briefing[briefing.index("that") : -1])
    desk.says(b, "Ukrainian forces captured two soldiers in January.")
    desk.says(c, briefing, "NIS", content=briefing[briefing.index("that") : -1])
    timeline = desk.findings().timeline

    assert [(e.when, e.text) for e in timeline] == [
        ("January 2025", "Ukrainian forces captured two soldiers in January"),
        ("January–February 2025", report),
        ("12 February 2025", "The NIS told lawmakers at a briefing on Wednesday"),
    ], "the briefing, told by three outlets, is one event; a clause too short to say anything gives its sentence"
    texts = {x.id: x.text for x in desk.articles}
    for e in timeline:
        assert e.text in texts[e.article_id] and e.quote == texts[e.article_id][e.evidence.start : e.evidence.end]
    assert timeline[-1].article_id == a.id, "the earliest report of an event is kept"
    assert [e.first for e in timeline] == sorted(e.first for e in timeline)
