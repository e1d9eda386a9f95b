"""The charts of competing figures on a story's page: the view records (geometry included) and the SVG macro.

The real case is the Kursk story of the sample corpus, briefed by the whole pipeline and read back from the store
as the app reads it: its ledger has ranges (1,000–3,000 new troops), points (about 300 killed), a bound ("up to
3,000") and a disputed group (about 1,200 against about 4,000 casualties). Hand-made groups cover what the corpus
does not: one figure, equal figures, zero, negatives, huge and tiny values, a range written high end first.
"""

from __future__ import annotations

import itertools
import json
import math
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest

from newsdesk.briefing.codec import from_dict
from newsdesk.briefing.markdown import source_numbers
from newsdesk.store import open_store
from newsdesk.types import Briefing, Change, Figure, FigureGroup, Hedge, Quantity, Span, Stance
from newsdesk.web.charts import (
    PLOT_LEFT,
    PLOT_RIGHT,
    ROW_HEIGHT,
    FigureChart,
    figure_chart,
    figure_charts,
)

KURSK = "s_5bffde863b0ab332"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kursk(web_db: tuple[Path, str]) -> Briefing:
    """The Kursk story's latest briefing, decoded from the stored document."""
    with open_store(web_db[0]) as store:
        record = store.briefing(KURSK)
    assert record is not None, "the sample corpus no longer has the Kursk story under its usual id"
    return from_dict(json.loads(record.document))


@pytest.fixture(scope="module")
def charts(kursk: Briefing) -> list[FigureChart]:
    return figure_charts(kursk)


def _env() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("newsdesk.web", "templates"), autoescape=True)


def render(chart: FigureChart) -> str:
    return _env().from_string('{% import "_chart.html.j2" as c %}{{ c.figure_chart(chart) }}').render(chart=chart)


def parse(html: str) -> ET.Element:
    """The rendered ``<figure>`` as XML: escaped output is well-formed, so this also checks the escaping."""
    return ET.fromstring(html)


def by_measure(charts: list[FigureChart], measure: str) -> FigureChart:
    found = [c for c in charts if c.title.startswith(f"{measure} — ")]
    assert len(found) == 1, [c.title for c in charts]
    return found[0]


def proportion(x: float) -> float:
    return (x - PLOT_LEFT) / (PLOT_RIGHT - PLOT_LEFT)


# --- the Kursk story ----------------------------------------------------------------------------------------


def test_one_chart_per_ledger_group_in_order_with_one_row_per_figure(kursk: Briefing, charts: list[FigureChart]):
    groups = [g for g in kursk.findings.ledger if g.figures]
    assert len(groups) >= 5
    assert [c.group_id for c in charts] == [g.id for g in groups]
    numbers = source_numbers(kursk)
    for chart, group in zip(charts, groups, strict=True):
        assert [r.article_id for r in chart.rows] == [f.article_id for f in group.figures]
        assert [r.quote for r in chart.rows] == [f.quote for f in group.figures]
        assert [r.source for r in chart.rows] == [numbers[f.article_id] for f in group.figures]
        assert chart.title.startswith(f"{group.measure} — {group.subject}")


def test_the_title_names_the_period_when_the_group_has_one(charts: list[FigureChart]):
    assert by_measure(charts, "killed").title == "killed — North Korean soldiers, January 2025"
    assert by_measure(charts, "casualties").title == "casualties — North Korean soldiers"


def test_a_range_is_a_bar_spanning_its_share_of_the_axis(charts: list[FigureChart]):
    chart = by_measure(charts, "deployed (new)")
    axis = chart.axis
    ranges = [r for r in chart.rows if r.is_range]
    assert len(ranges) >= 5
    for row in ranges:
        assert (row.low, row.high) == (1000, 3000)
        assert row.x1 < row.x < row.x2
        assert proportion(row.x1) == pytest.approx((1000 - axis.low) / (axis.high - axis.low), abs=0.001)
        assert proportion(row.x2) == pytest.approx((3000 - axis.low) / (axis.high - axis.low), abs=0.001)
        assert row.bar_width == pytest.approx(row.x2 - row.x1, abs=0.05)
    # the axis runs 0 to 3,000 here, so the bar covers the right two thirds of the plot
    assert (axis.low, axis.high) == (0, 3000)
    assert ranges[0].x1 == pytest.approx(PLOT_LEFT + (PLOT_RIGHT - PLOT_LEFT) / 3, abs=0.1)
    assert ranges[0].x2 == pytest.approx(PLOT_RIGHT, abs=0.1)


def test_a_bound_has_a_tail_on_its_open_side(charts: list[FigureChart]):
    chart = by_measure(charts, "deployed (new)")
    up_to = [r for r in chart.rows if r.value_text.startswith("up to")]
    assert up_to
    for row in up_to:
        assert not row.is_range and row.bound == "below"
        assert row.tail_x < row.x and row.tail_x >= PLOT_LEFT
    assert all(r.tail_x == r.x for r in chart.rows if not r.bound)


def test_points_and_bars_sit_inside_the_plot_one_row_apart(charts: list[FigureChart]):
    for chart in charts:
        ys = [r.y for r in chart.rows]
        assert all(b - a == ROW_HEIGHT for a, b in itertools.pairwise(ys))
        assert chart.plot_top < ys[0] and ys[-1] < chart.axis.y < chart.axis.label_y < chart.height
        for row in chart.rows:
            assert PLOT_LEFT <= row.x1 <= row.x <= row.x2 <= PLOT_RIGHT, (chart.title, row)
            assert PLOT_LEFT <= row.tail_x <= PLOT_RIGHT
            assert row.x1 == row.x2 or row.is_range
            assert row.text_y > row.y


def test_point_values_land_where_the_axis_says(charts: list[FigureChart]):
    chart = by_measure(charts, "casualties")
    axis = chart.axis
    for row in chart.rows:
        assert proportion(row.x) == pytest.approx((row.low - axis.low) / (axis.high - axis.low), abs=0.001)
    low_x = {r.x for r in chart.rows if r.low == 1200}
    high_x = {r.x for r in chart.rows if r.low == 4000}
    assert len(low_x) == len(high_x) == 1
    # honest lengths: on a zero-based axis 4,000 is drawn 10/3 times as far from zero as 1,200
    assert (high_x.pop() - PLOT_LEFT) / (low_x.pop() - PLOT_LEFT) == pytest.approx(4000 / 1200, rel=0.01)


def test_the_disputed_casualties_group_is_flagged_and_drawn_in_amber(kursk: Briefing, charts: list[FigureChart]):
    casualties = by_measure(charts, "casualties")
    group = next(g for g in kursk.findings.ledger if g.id == casualties.group_id)
    assert casualties.disputed and casualties.disagreement == group.disagreement
    assert "4,000" in casualties.disagreement and "the figures disagree" in casualties.summary
    killed = by_measure(charts, "killed")
    assert not killed.disputed and killed.disagreement == ""

    page = parse(render(casualties))
    assert page.get("class") == "chart disputed" and page.get("data-group") == casualties.group_id
    assert "disputed" in "".join(page.find("figcaption").itertext())
    marks = page.findall(f".//{SVG}circle")
    assert marks and all(m.get("stroke") == "#b45309" for m in marks)

    calm = parse(render(killed))
    assert calm.get("class") == "chart"
    assert "disputed" not in "".join(calm.find("figcaption").itertext())
    assert "#b45309" not in render(killed)
    assert all(m.get("stroke") == "#1d4ed8" for m in calm.findall(f".//{SVG}circle"))


def test_axis_ticks_cover_every_value_with_plain_labels(charts: list[FigureChart]):
    for chart in charts:
        ticks = chart.axis.ticks
        assert 3 <= len(ticks) <= 6, chart.title
        assert ticks[0].value <= min(r.low for r in chart.rows)
        assert ticks[-1].value >= max(r.high for r in chart.rows)
        assert ticks[0].x == PLOT_LEFT and ticks[-1].x == PLOT_RIGHT
        assert all(a.x < b.x and a.value < b.value for a, b in itertools.pairwise(ticks))
        assert chart.axis.zero_based and ticks[0].value == 0 and ticks[0].label == "0"
    assert [t.label for t in by_measure(charts, "casualties").axis.ticks] == ["0", "1,000", "2,000", "3,000", "4,000"]
    # a count of two has ticks at whole numbers, not halves
    assert [t.label for t in by_measure(charts, "captured").axis.ticks] == ["0", "1", "2"]


def test_labels_name_the_relay_and_values_fit_their_column(charts: list[FigureChart], kursk: Briefing):
    ledger = {g.id: g for g in kursk.findings.ledger}
    relayed = 0
    for chart in charts:
        for row, figure in zip(chart.rows, ledger[chart.group_id].figures, strict=True):
            assert row.speaker == figure.speaker and row.label.startswith(figure.speaker)
            if len(figure.via) > 2 and figure.via[0] == figure.speaker:
                assert row.label == f"{figure.speaker} via {figure.via[1]}"
                relayed += 1
            elif figure.via[:1] == (figure.speaker,):
                assert row.label == figure.speaker
            assert len(row.short_label) <= 30 and len(row.short_value) <= 19
    assert relayed >= 3
    total = by_measure(charts, "deployed (total)")
    # "an estimated 10,000–12,000 troops" is too long: the column drops unit, then qualifier, never digits
    assert any(r.value_text == "an estimated 10,000–12,000 troops" for r in total.rows)
    for row in total.rows:
        if row.is_range:
            assert "10,000–12,000" in row.short_value and "…" not in row.short_value
        if row.value_text == "an estimated 10,000–12,000 troops":
            assert row.short_value == "10,000–12,000"


def test_the_svg_has_one_row_group_per_figure_with_its_mark_and_tooltip(charts: list[FigureChart]):
    for chart in charts:
        page = parse(render(chart))
        svg = page.find(f"{SVG}svg")
        assert svg is not None and svg.get("role") == "img" and svg.get("class") == "figure-chart"
        assert svg.get("viewBox") == f"0 0 {chart.width} {chart.height}"
        assert svg.get("aria-label") == chart.summary
        groups = svg.findall(f"{SVG}g[@class]")
        rows = [g for g in groups if g.get("class", "").split()[0] == "row"]
        assert len(rows) == len(chart.rows)
        for element, row in zip(rows, chart.rows, strict=True):
            assert element.get("data-source") == str(row.source)
            rects, circles = element.findall(f"{SVG}rect"), element.findall(f"{SVG}circle")
            if row.is_range:
                assert [(r.get("class"), float(r.get("x")), float(r.get("width"))) for r in rects] == [
                    ("range", row.x1, row.bar_width)
                ]
                assert not circles
            else:
                assert [(c.get("class"), float(c.get("cx")), float(c.get("cy"))) for c in circles] == [
                    ("point", row.x, row.y)
                ]
                assert not rects
            title = element.find(f"{SVG}title").text
            assert row.quote in title and row.speaker in title and row.value_text in title
            texts = ["".join(t.itertext()) for t in element.findall(f"{SVG}text")]
            assert texts[0] == row.short_label and texts[1].startswith(row.short_value)
        ticks = [t.text for t in svg.findall(f".//{SVG}text[@class='tick']")]
        assert ticks == [t.label for t in chart.axis.ticks]
        assert svg.find(f"{SVG}g[@class='axis']/{SVG}line") is not None


# --- hand-made groups ---------------------------------------------------------------------------------------


def figure(
    value: float,
    high: float | None = None,
    *,
    speaker: str = "Health Ministry",
    via: tuple[str, ...] = ("Health Ministry", "Harbour Courier"),
    quote: str = "The ministry gave the figure.",
    change: Change = Change.EXACT,
    qualifier: str = "",
    article_id: str = "a_1",
) -> Figure:
    return Figure(
        claim_id=f"c_{value}_{high}",
        article_id=article_id,
        speaker=speaker,
        via=via,
        quantity=Quantity(0, 3, "n", value, high, change=change, qualifier=qualifier),
        measure="killed",
        subject="civilians",
        stance=Stance.ASSERTED,
        hedge=Hedge.ATTRIBUTED,
        evidence=Span(article_id, 0, len(quote)),
        quote=quote,
    )


def group(*figures: Figure, disagreement: str = "", unit: str = "", period: str = "") -> FigureGroup:
    values = [v for f in figures for v in (f.quantity.value, f.quantity.high) if v is not None]
    return FigureGroup(
        id="fg_test",
        measure="killed",
        subject="civilians",
        unit=unit,
        period=period,
        figures=figures,
        low=min(values, default=0.0),
        high=max(values, default=0.0),
        sources=len(figures),
        disagreement=disagreement,
    )


CASES = {
    "single": [figure(300)],
    "all equal": [figure(40), figure(40), figure(40)],
    "zero": [figure(0)],
    "zero and more": [figure(0), figure(12)],
    "negative": [figure(-5), figure(-2.5)],
    "both signs": [figure(-30), figure(70)],
    "huge": [figure(3.2e12), figure(1.1e12, 2.9e12)],
    "tiny": [figure(0.001), figure(0.0025)],
    "years": [figure(2024), figure(2025)],
    "reversed range": [figure(75, 45.88)],
    "degenerate range": [figure(500, 500)],
    "one": [figure(1)],
}


@pytest.mark.parametrize("name", CASES)
def test_hand_made_groups_give_sane_geometry(name: str):
    chart = figure_chart(group(*CASES[name]))
    assert chart is not None
    ticks = chart.axis.ticks
    assert 3 <= len(ticks) <= 6, [t.label for t in ticks]
    assert ticks[0].value <= min(r.low for r in chart.rows) and ticks[-1].value >= max(r.high for r in chart.rows)
    assert all(a.value < b.value and a.x < b.x for a, b in itertools.pairwise(ticks))
    assert len({t.label for t in ticks}) == len(ticks), [t.label for t in ticks]
    for row in chart.rows:
        for x in (row.x, row.x1, row.x2, row.tail_x, row.y, row.text_y, row.bar_width):
            assert math.isfinite(x)
        assert PLOT_LEFT <= row.x1 <= row.x <= row.x2 <= PLOT_RIGHT
        assert row.low <= row.high
    assert chart.height > chart.axis.label_y
    parse(render(chart))  # renders to well-formed markup


def test_a_single_figure_sits_at_the_end_of_a_zero_based_axis():
    chart = figure_chart(group(figure(300)))
    assert chart is not None and chart.axis.zero_based
    assert [t.label for t in chart.axis.ticks] == ["0", "100", "200", "300"]
    assert chart.rows[0].x == PLOT_RIGHT
    assert chart.summary == "killed — civilians: 1 figure, 300"


def test_a_zero_figure_sits_at_the_start_of_the_axis():
    chart = figure_chart(group(figure(0)))
    assert chart is not None
    assert chart.rows[0].x == PLOT_LEFT and chart.axis.low == 0 and chart.axis.high > 0
    # a count has no halves: whole ticks, with a third one beyond the span of one
    assert [t.label for t in chart.axis.ticks] == ["0", "1", "2"]


def test_negative_figures_keep_zero_at_the_right_end():
    chart = figure_chart(group(figure(-5), figure(-2.5)))
    assert chart is not None
    assert chart.axis.zero_based and chart.axis.high == 0 and chart.axis.low <= -5
    assert chart.rows[0].x < chart.rows[1].x < PLOT_RIGHT


def test_values_far_from_zero_get_an_axis_of_their_own():
    years = figure_chart(group(figure(2024), figure(2025)))
    assert years is not None and not years.axis.zero_based
    assert 2000 < years.axis.low <= 2024 and 2025 <= years.axis.high < 2050
    assert [t.label for t in years.axis.ticks] == ["2,024", "2,025", "2,026"]
    assert years.rows[1].x - years.rows[0].x >= (PLOT_RIGHT - PLOT_LEFT) / 3
    close = figure_chart(group(figure(10_000, 12_000), figure(11_000)))
    assert close is not None and close.axis.zero_based and close.axis.low == 0


def test_a_range_written_high_end_first_is_put_in_order():
    chart = figure_chart(group(figure(75, 45.88)))
    assert chart is not None
    (row,) = chart.rows
    assert row.is_range and (row.low, row.high) == (45.88, 75)
    assert row.x1 < row.x2 and row.bar_width == pytest.approx(row.x2 - row.x1, abs=0.05)
    assert proportion(row.x1) == pytest.approx(45.88 / chart.axis.high, abs=0.001)


def test_a_range_whose_ends_meet_still_shows_a_bar():
    chart = figure_chart(group(figure(500, 500)))
    assert chart is not None
    assert chart.rows[0].is_range and chart.rows[0].bar_width >= 2


def test_huge_values_get_short_tick_labels():
    chart = figure_chart(group(figure(3.2e12), figure(1.1e12, 2.9e12)))
    assert chart is not None
    assert [t.label for t in chart.axis.ticks] == ["0", "1T", "2T", "3T", "4T"]
    assert chart.rows[0].value_text == "3,200,000,000,000"


def test_figures_that_cannot_be_placed_are_left_out_and_empty_groups_get_no_chart(kursk: Briefing):
    chart = figure_chart(group(figure(math.nan), figure(math.inf), figure(12)))
    assert chart is not None and [r.low for r in chart.rows] == [12]
    assert figure_chart(group(figure(math.nan))) is None
    assert figure_chart(group()) is None
    empty = FigureGroup("fg_empty", "killed", "x", "", "", (), 0, 0, 0)
    findings = replace(kursk.findings, ledger=(empty, *kursk.findings.ledger[:1]))
    charts = figure_charts(replace(kursk, findings=findings))
    assert [c.group_id for c in charts] == [kursk.findings.ledger[0].id]


def test_approximate_figures_are_rings_and_exact_ones_dots():
    chart = figure_chart(group(figure(300, change=Change.APPROXIMATE, qualifier="about"), figure(280)))
    assert chart is not None
    assert [r.approximate for r in chart.rows] == [True, False]
    circles = parse(render(chart)).findall(f".//{SVG}circle")
    assert [c.get("fill") for c in circles] == ["#ffffff", "#1d4ed8"]


def test_a_lower_bound_has_its_tail_to_the_right_but_inside_the_plot():
    chart = figure_chart(group(figure(50, change=Change.MORE_THAN, qualifier="more than"), figure(20)))
    assert chart is not None
    row = chart.rows[0]
    assert row.bound == "above" and row.x < row.tail_x <= PLOT_RIGHT


def test_hostile_text_is_escaped_never_markup():
    quote = 'He said "300" <script>alert("x")</script> & <img src=x onerror=alert(1)>'
    speaker = '<b onmouseover="x()">Mayor</b>'
    chart = figure_chart(
        group(
            figure(300, speaker=speaker, via=(speaker, "Courier", "Gazette"), quote=quote),
            disagreement='figures differ: <script>bad()</script> "quoted"',
            period='<i>"May"</i>',
        ),
        {"a_1": 1},
    )
    assert chart is not None
    html = render(chart)
    assert "<script" not in html and "<img" not in html and "<b " not in html and "<i>" not in html
    assert "&lt;script&gt;" in html and "&#34;" in html and "&amp;" in html
    page = parse(html)
    # the text reads back exactly as written: escaped, not dropped or mangled
    title = page.find(f".//{SVG}title").text
    assert quote in title and speaker in title
    assert page.find(f"{SVG}svg").get("aria-label").startswith('killed — civilians, <i>"May"</i>')
    assert "bad()" in "".join(page.find("figcaption").itertext())
    for element in page.iter():
        assert element.tag.split("}")[-1] not in {"script", "img", "b", "i", "foreignObject"}
        assert not any(name.lower().startswith("on") for name in element.attrib)


def test_the_template_has_no_script_no_external_asset_and_no_safe_filter():
    source = (Path(__file__).resolve().parents[2] / "src/newsdesk/web/templates/_chart.html.j2").read_text("utf-8")
    assert "|safe" not in source.replace(" ", "") and "<script" not in source
    assert "href" not in source and "src=" not in source and "url(" not in source


def test_the_chart_of_a_group_with_a_period_and_unit_names_both():
    chart = figure_chart(group(figure(7), period="March 2025", unit="troops"))
    assert chart is not None and chart.title == "killed — civilians, March 2025 (troops)"
