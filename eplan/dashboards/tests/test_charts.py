"""Dashboard charts: SVG drawn on the server, each with its numbers in a table beside it.

Run with EPLAN_CHARTS_SAMPLE=/tmp/charts-sample.html to keep a page of every chart and the
tile map for screenshots (it links the stylesheets by file path)."""

import os
import re
from pathlib import Path

from django.conf import settings
from django.template import Context, Template

from eplan.dashboards import charts
from eplan.dashboards.charts import Bar, Line, Series, StackedRow
from eplan.dashboards.tests.test_tilemap import demo_map

HOSTILE = '<script>alert("x")</script> & ตำบล'
LONG = "องค์การบริหารส่วนจังหวัดพระนครศรีอยุธยา"


def render(chart, partial="dashboards/_chart.html", name="chart"):
    template = Template('{% include "' + partial + '" with ' + name + "=thing %}")
    return template.render(Context({"thing": chart}))


def svg_of(html):
    return html[html.index("<svg") : html.index("</svg>")]


def table_of(html):
    return html[html.index("<table") : html.index("</table>")]


def demo_bars():
    return charts.bar_chart(
        title="อัตราการส่งแผนตามกำหนด แยกตามจังหวัด",
        unit="percent",
        label_heading="จังหวัด",
        value_heading="ร้อยละที่ส่งแล้ว",
        bars=[
            Bar("นครศรีธรรมราช", 84.25, href="/d/80/passed", label_href="/d/80", css="c-green"),
            Bar(LONG, 61.0, href="/d/14/passed", css="c-orange"),
            Bar("กรุงเทพมหานคร", 12.5, href="/d/10/passed", css="c-red"),
            Bar(HOSTILE, None),
        ],
        legend=[Series("≥ 80%", "c-green"), Series("50–79%", "c-orange"), Series("< 50%", "c-red")],
    )


def demo_stacked():
    return charts.stacked_bar_chart(
        title="สถานะแผนของ อปท. แยกตามจังหวัด",
        label_heading="จังหวัด",
        series=[
            Series("ยังไม่จัดส่งแผน", "c-not_submitted"),
            Series("อยู่ระหว่างการประเมิน", "c-in_assessment"),
            Series("ส่งกลับแก้ไข", "c-returned"),
            Series("แผนไม่สมบูรณ์ตามเกณฑ์", "c-incomplete"),
            Series("ผ่านเกณฑ์มาตรฐาน", "c-passed"),
        ],
        rows=[
            StackedRow(
                "นครศรีธรรมราช", [12, 30, 5, 8, 1190], hrefs=[f"/s/80/{i}" for i in range(5)], total_href="/s/80"
            ),
            StackedRow("สงขลา", [0, 10, 0, 2, 128], hrefs=[f"/s/90/{i}" for i in range(5)]),
            StackedRow("ภูเก็ต", [0, 0, 0, 0, 0]),
        ],
    )


def demo_columns():
    return charts.column_chart(
        title="การกระจายของคะแนนการประเมินแผน",
        label_heading="ช่วงคะแนน",
        value_heading="จำนวน อปท.",
        bars=[
            Bar(f"{low}–{low + 9}", count, href=f"/a/{low}")
            for low, count in zip(range(0, 100, 10), [3, 5, 12, 40, 95, 210, 480, 1320, 2210, 1035], strict=True)
        ],
    )


def demo_line():
    return charts.line_chart(
        title="อัตราการรายงานผลตรงเวลา แยกตามรอบ",
        categories=["2565", "2566", "2567", "2568"],
        lines=[
            Line("รอบ 6 เดือน", [55.0, 61.2, None, 78.04], hrefs=["/r/6/2565", "/r/6/2566", "", "/r/6/2568"]),
            Line("รอบ 12 เดือน", [70, 74.5, 81.3, 88.8]),
        ],
    )


# Numbers


def test_numbers_are_written_the_thai_way():
    assert charts.format_value(7850) == "7,850"
    assert charts.format_value(45.25, "percent") == "45.3%"  # half up, as people round
    assert charts.format_value(61.06, "percent") == "61.1%"
    assert charts.format_value(1234567.5, "baht") == "1,234,567.50"
    assert charts.format_value(None) == "–"
    assert charts.share_text(1, 3) == "33.3%"
    assert charts.share_text(1, 0) == ""


def test_a_long_thai_label_is_cut_with_an_ellipsis_without_parting_letter_and_marks():
    short = charts.truncate(LONG, 80)
    assert short.endswith("…")
    assert LONG.startswith(short[:-1])
    assert len(short) < len(LONG)
    # a cut letter keeps its vowel and tone marks: ที่ is one letter wide, the ellipsis another
    assert charts.truncate("ที่" * 10, charts.CHAR * 5) == "ที่" * 4 + "…"
    assert charts.truncate("สงขลา", 80) == "สงขลา"
    # marks above and below take no room: ที่ (3 code points) is one letter wide
    assert charts.truncate("ที่" * 10, charts.CHAR * 10) == "ที่" * 10


# Bar chart


def test_a_bar_chart_draws_one_bar_per_label_each_linked_and_coloured():
    chart = demo_bars()
    html = render(chart)
    svg = svg_of(html)
    assert svg.count("<rect ") == 4
    assert 'class="chart-mark c-green"' in svg and 'class="chart-mark c-red"' in svg
    for code in ("80", "14", "10"):
        assert f'href="/d/{code}/passed"' in svg
    assert 'role="img"' in svg
    assert f'aria-labelledby="{chart.id}-title {chart.id}-desc"' in svg
    assert f'<title id="{chart.id}-title">{chart.title}</title>' in svg
    assert f'viewBox="0 0 {charts.WIDTH} ' in svg and 'width="100%"' in svg
    assert "style" not in html


def test_a_bar_is_as_long_as_its_share_of_the_scale():
    chart = demo_bars()
    plot = charts.WIDTH - charts.LABEL_ROOM - charts.VALUE_ROOM
    assert chart.rects[0].width == round(84.25 * plot / 100, 2)
    assert chart.rects[3].width == 0


def test_labels_are_escaped_in_the_drawing_and_the_table():
    html = render(demo_bars())
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "&amp; ตำบล" in table_of(html)


def test_the_table_beside_a_bar_chart_has_the_same_numbers_and_links_and_full_labels():
    chart = demo_bars()
    html = render(chart)
    svg, table = svg_of(html), table_of(html)
    for shown in ("84.3%", "61.0%", "12.5%"):
        assert f">{shown}<" in svg and f">{shown}</a>" in table
    assert '<a href="/d/80/passed">' in table
    assert '<a href="/d/80">นครศรีธรรมราช</a>' in table
    assert LONG in table and f">{LONG}</text>" not in svg  # in full only in the tooltip
    assert "…" in svg
    assert re.search(r'<caption id="chart-bar-\w+-caption">อัตราการส่งแผนตามกำหนด', table)
    assert table.count('scope="row"') == 4
    assert table.count('scope="col"') == 2
    assert "–" in table  # the label without data
    values = [cell.text for row in chart.table.rows for cell in row.cells]
    texts = [text.text for text in chart.texts if text.css == "chart-value"]
    assert values == texts


def test_the_table_scrolls_in_its_own_box():
    html = render(demo_bars())
    assert re.search(
        r'<div class="chart-table" role="region" tabindex="0" aria-labelledby="chart-bar-\w+-caption">', html
    )


def test_svg_links_leave_the_tab_order_to_the_table():
    svg = svg_of(render(demo_bars()))
    assert svg.count('tabindex="-1"') == svg.count("<a ") == 3


# Stacked bars


def test_stacked_bars_split_each_row_into_its_statuses_with_a_legend():
    chart = demo_stacked()
    html = render(chart)
    svg = svg_of(html)
    # Nakhon Si Thammarat: 5 parts; Songkhla: 3 non-zero parts; Phuket: an empty bar
    assert svg.count("<rect ") == 5 + 3 + 1
    assert 'class="chart-mark chart-empty"' in svg
    widths = [rect.width for rect in chart.rects if rect.y == chart.rects[0].y]
    assert abs(sum(widths) - (charts.WIDTH - charts.LABEL_ROOM - charts.VALUE_ROOM)) < 0.05
    legend = html[html.index('<ul class="chart-legend">') :]
    assert legend.count('<span class="swatch ') == 5
    assert "swatch c-passed" in legend


def test_the_stacked_table_gives_each_count_its_share_and_link():
    html = render(demo_stacked())
    table = table_of(html)
    assert '<a href="/s/80/4">1,190</a> <span class="chart-share">95.6%</span>' in table
    assert '<a href="/s/80">1,245</a>' in table
    assert table.count('scope="col"') == 7  # จังหวัด, 5 statuses, รวม


# Columns


def test_a_column_chart_draws_one_column_per_range_on_a_round_scale():
    chart = demo_columns()
    svg = svg_of(render(chart))
    assert svg.count("<rect ") == 10
    assert svg.count('href="/a/') == 10
    tallest = max(chart.rects, key=lambda rect: rect.height)
    assert tallest.height == round(2210 / 2500 * charts.PLOT_HEIGHT, 2)
    assert ">2,500<" in svg  # the top of the axis
    assert charts.nice_ceiling(87) == 100
    assert charts.nice_ceiling(1234) == 1500


def test_axis_labels_too_long_to_sit_side_by_side_are_turned_and_short_ones_are_not():
    turned = svg_of(render(demo_columns()))
    assert turned.count('transform="rotate(-40 ') == 10
    assert ">10–19<" in turned
    few = charts.column_chart(title="t", bars=[Bar("ผ่าน", 3), Bar("ไม่ผ่าน", 4)])
    assert "rotate" not in svg_of(render(few))
    assert few.height < demo_columns().height


# Line


def test_a_line_chart_runs_from_0_to_100_percent_and_breaks_at_a_missing_value():
    chart = demo_line()
    svg = svg_of(render(chart))
    assert ">0%<" in svg and ">100%<" in svg
    assert svg.count("<polyline ") == 2  # the 6-month line stops before its gap (one point after)
    assert svg.count("<circle ") == 7
    table = table_of(render(chart))
    assert "78.0%" in table and '<a href="/r/6/2568">78.0%</a>' in table
    assert table.count('scope="row"') == 4
    assert "–" in table


def test_every_chart_has_a_title_and_description_and_no_inline_style():
    for chart in (demo_bars(), demo_stacked(), demo_columns(), demo_line()):
        html = render(chart)
        assert chart.description
        assert f'<desc id="{chart.id}-desc">' in html
        assert 'style="' not in html and "<style" not in html
        assert f'<h3 class="chart-heading" id="{chart.id}-heading">' in html


def test_numbers_in_the_drawing_are_not_localised_into_commas():
    chart = charts.bar_chart(title="t", bars=[Bar(str(i), 1000 + i) for i in range(80)])
    svg = svg_of(render(chart))
    assert f'viewBox="0 0 {charts.WIDTH} 2096"' in svg


def test_charts_without_data_still_render_with_their_table():
    empty = [
        charts.bar_chart(title="ว่าง", bars=[]),
        charts.stacked_bar_chart(title="ว่าง", series=[Series("ก")], rows=[StackedRow("จังหวัด", [])]),
        charts.column_chart(title="ว่าง", bars=[Bar("0–9", 0)]),
        charts.line_chart(title="ว่าง", categories=["2568"], lines=[Line("รอบ 6 เดือน", [None])]),
    ]
    for chart in empty:
        html = render(chart)
        assert "<svg" in html and "<table" in html
    assert empty[0].description == "ไม่มีข้อมูล"
    assert [cell.text for cell in empty[1].table.rows[0].cells] == ["0", "0"]


def test_the_title_level_follows_the_page():
    html = Template('{% include "dashboards/_chart.html" with chart=thing heading="h2" %}').render(
        Context({"thing": demo_bars()})
    )
    assert '<h2 class="chart-heading"' in html and "</h2>" in html


def test_a_page_takes_the_stylesheet_from_the_head_partial():
    html = Template('{% include "dashboards/_head.html" %}').render(Context())
    assert 'rel="stylesheet"' in html and "dashboards/dashboards.css" in html


def test_the_sample_page(tmp_path):
    """One page of every chart and the map, for the lead's screenshots at 1280 and 360 px."""
    target = Path(os.environ.get("EPLAN_CHARTS_SAMPLE") or tmp_path / "charts-sample.html")
    static = Path(settings.BASE_DIR) / "eplan"
    parts = [render(chart) for chart in (demo_bars(), demo_stacked(), demo_columns(), demo_line())]
    parts.append(render(demo_map(), "dashboards/_tilemap.html", "map"))
    page = (
        '<!doctype html><html lang="th"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<link rel="stylesheet" href="file://{static}/core/static/eplan/css/eplan.css">'
        f'<link rel="stylesheet" href="file://{static}/dashboards/static/dashboards/dashboards.css">'
        '<title>ตัวอย่างแผนภูมิ</title></head><body><main class="wrap"><div class="card">'
        + '</div><div class="card">'.join(parts)
        + "</div></main></body></html>"
    )
    target.write_text(page, encoding="utf-8")
    assert page.count("<svg") == 5
