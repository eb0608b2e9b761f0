"""The sections of the reporting-side dashboards: implementation (the 2018 summary per
dimension and รวม 4 มิติ, score bands), reporting completeness and its trend, and ITA beside
the plan pass rate. Each figure from its one selector, grouped by the parts of the area."""

from dataclasses import replace

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from eplan.assessment.models import PublicStatus
from eplan.dashboards import charts
from eplan.dashboards.grids import Grid, GridColumn, GridRow
from eplan.dashboards.pages_plans import _level_heading
from eplan.dashboards.sections import Section, drill_url, part_url, share, status_by_part
from eplan.ita.models import ItaLevel
from eplan.ita.selectors import ita_summary
from eplan.reporting import figures as reporting_figures
from eplan.reporting.selectors import completeness, round_title

LINE_STATUSES = (
    ("done", _l("ดำเนินการแล้วเสร็จ"), "c-done"),
    ("in_progress", _l("อยู่ระหว่างดำเนินการ"), "c-in_progress"),
    ("not_possible", _l("ไม่สามารถดำเนินการได้"), "c-not_possible"),
    ("awaiting", _l("รอการรายงานผล"), "c-awaiting"),
)
BANDS = (
    ("green", _l("สีเขียว"), "c-green"),
    ("orange", _l("สีส้ม"), "c-orange"),
    ("red", _l("สีแดง"), "c-red"),
    ("no_report", _l("ยังไม่ส่งรายงาน"), "c-awaiting"),
    ("not_scored", _l("ส่งแล้ว ไม่มีรายการให้คิดคะแนน"), "c-in_assessment"),
)


def _no_round() -> list[Section]:
    return [Section(_("ยังไม่มีรอบรายงาน"), note=_("รอบแผนนี้ยังไม่มีรอบรายงานผลการดำเนินงาน"))]


def _summary_columns():
    return [
        GridColumn(_("รายการ")),
        GridColumn(_("งบตามแผน"), "baht"),
        GridColumn(_("งบตามข้อบัญญัติ"), "baht"),
        GridColumn(_("เบิกจ่าย"), "baht"),
        *(GridColumn(str(label)) for _name, label, _css in LINE_STATUSES),
    ]


def _summary_row(selection, label, tally, *, dimension=None, part=None) -> GridRow:
    suffix = f"-{dimension}" if dimension is not None else ""
    values = [tally.items, tally.planned_budget, tally.ordinance_budget, tally.disbursed]
    values += [getattr(tally, name) for name, _label, _css in LINE_STATUSES]
    hrefs = [part_url(selection, "line", f"items{suffix}", part), "", "", ""]
    hrefs += [part_url(selection, "line", f"{name}{suffix}", part) for name, _label, _css in LINE_STATUSES]
    return GridRow(label, values, hrefs)


def implementation_page(selection) -> list[Section]:
    if selection.round is None:
        return _no_round()
    round, organisations = selection.round, selection.area.organisations
    summary = reporting_figures.implementation_summary(round, organisations)
    rows = [
        _summary_row(selection, _("มิติที่ %(number)s") % {"number": row.dimension}, row, dimension=row.dimension)
        for row in summary.dimensions
    ]
    if summary.not_opened.items:
        rows.append(
            GridRow(
                _("ยังไม่เปิดรายงาน (ไม่ทราบมิติ)"),
                [summary.not_opened.items, None, None, None, 0, 0, 0, summary.not_opened.awaiting],
            )
        )
    grid = Grid(
        "summary",
        _("สรุปผลการดำเนินงานรายมิติ %(round)s") % {"round": selection.round_title},
        _("มิติ"),
        _summary_columns(),
        rows,
        total=_summary_row(selection, _("รวม 4 มิติ"), summary.total),
        note=_("สถานะ งบตามข้อบัญญัติ และเบิกจ่าย นับเฉพาะรายงานที่ส่งแล้ว รายการนอกแผนไม่นับ"),
    )
    chart = charts.stacked_bar_chart(
        title=_("สถานะรายการตามแผนรายมิติ"),
        series=[charts.Series(str(label), css) for _name, label, css in LINE_STATUSES],
        rows=[
            charts.StackedRow(row.label, row.values[4:8], hrefs=row.hrefs[4:8], total_href=row.hrefs[0])
            for row in rows[: len(summary.dimensions)]
        ],
        label_heading=_("มิติ"),
    )
    sections = [Section(grid.title, chart=chart, grid=grid, note=grid.note)]
    sections.append(_bands_section(selection))
    by_part = reporting_figures.implementation_summary(round, organisations, group_by=selection.group_by)
    rows = []
    for part in selection.parts():
        found = by_part.get(part.key)
        if found is None:
            continue
        made = _summary_row(selection, part.label, found.total, part=part)
        made.label_href, made.code = drill_url(selection, "implementation", part), part.code
        rows.append(made)
    grid = Grid(
        "parts",
        _("สรุปผลการดำเนินงาน รวม 4 มิติ ราย%(level)s") % {"level": _level_heading(selection)},
        _level_heading(selection),
        _summary_columns(),
        rows,
    )
    sections.append(Section(grid.title, grid=grid))
    return sections


def _bands_section(selection) -> Section:
    round, organisations = selection.round, selection.area.organisations
    groups = reporting_figures.score_bands(round, organisations, group_by=selection.group_by)
    total = reporting_figures.ScoreBands.summed(round.kind, groups.values())
    columns = [GridColumn(_("ต้องรายงาน"))] + [GridColumn(str(label)) for _name, label, _css in BANDS]
    columns.append(GridColumn(_("ร้อยละสีเขียว"), "percent"))

    def row(label, bands, part=None):
        values = [bands.expected, *(getattr(bands, name) for name, _label, _css in BANDS)]
        values.append(share(bands.green, bands.expected))
        hrefs = [part_url(selection, "report", "expected", part)]
        hrefs += [part_url(selection, "band", name, part) for name, _label, _css in BANDS]
        return GridRow(label, values, hrefs, drill_url(selection, "implementation", part) if part else "")

    rows, stacked = [], []
    for part in selection.parts():
        bands = groups.get(part.key)
        if bands is None:
            continue
        made = row(part.label, bands, part)
        made.code = part.code
        rows.append(made)
        stacked.append(charts.StackedRow(part.label, made.values[1:6], made.hrefs[1:6], made.label_href, made.hrefs[0]))
    green, orange = total.thresholds
    thresholds = _("เกณฑ์ของรอบนี้: สีเขียว ≥ %(green)s%% · สีส้ม %(orange)s–%(below)s%% · สีแดง < %(orange)s%%") % {
        "green": green,
        "orange": orange,
        "below": green - 1,
    }
    grid = Grid(
        "bands",
        _("ระดับคะแนนการดำเนินงาน ราย%(level)s") % {"level": _level_heading(selection)},
        _level_heading(selection),
        columns,
        rows,
        total=row(_("รวม %(area)s") % {"area": selection.area.name}, total),
        note=thresholds,
    )
    chart = None
    if stacked and selection.area.level != "organisation":
        chart = charts.stacked_bar_chart(
            title=grid.title,
            series=[charts.Series(str(label), css) for _name, label, css in BANDS],
            rows=stacked,
            label_heading=_level_heading(selection),
        )
        chart = replace(chart, note=thresholds)
    return Section(grid.title, chart=chart, grid=grid, note=thresholds)


# Reporting completeness ------------------------------------------------------------------


def _completeness_columns(selection):
    columns = [
        GridColumn(_("ต้องรายงาน")),
        GridColumn(_("ส่งแล้ว")),
        GridColumn(_("ตรงเวลา")),
        GridColumn(_("ส่งช้า")),
        GridColumn(_("ยังไม่ส่ง")),
        GridColumn(_("ร้อยละส่งแล้ว"), "percent"),
        GridColumn(_("ร้อยละตรงเวลา"), "percent"),
    ]
    if not selection.public:
        columns.insert(5, GridColumn(_("ร่าง (ยังไม่ส่ง)")))
    return columns


def _completeness_row(selection, label, figure, part=None) -> GridRow:
    names = ["expected", "submitted", "on_time", "late", "missing"]
    if not selection.public:
        names.append("drafts")
    values = [getattr(figure, name) for name in names] + [figure.submitted_rate, figure.on_time_rate]
    hrefs = [part_url(selection, "report", name, part) for name in names]
    return GridRow(
        label, values, hrefs, drill_url(selection, "reporting", part) if part else "", part.code if part else ""
    )


def reporting_page(selection) -> list[Section]:
    if selection.round is None:
        return _no_round()
    round, organisations = selection.round, selection.area.organisations
    groups = completeness(round, organisations, group_by=selection.group_by)
    rows, stacked = [], []
    for part in selection.parts():
        figure = groups.get(part.key)
        if figure is None:
            continue
        made = _completeness_row(selection, part.label, figure, part)
        rows.append(made)
        stacked.append(
            charts.StackedRow(
                part.label,
                [figure.on_time, figure.late, figure.missing],
                [made.hrefs[2], made.hrefs[3], made.hrefs[4]],
                made.label_href,
                made.hrefs[0],
            )
        )
    grid = Grid(
        "completeness",
        _("ความครบถ้วนและตรงเวลาของการรายงานผล %(round)s") % {"round": selection.round_title},
        _level_heading(selection),
        _completeness_columns(selection),
        rows,
        total=_completeness_row(
            selection, _("รวม %(area)s") % {"area": selection.area.name}, completeness(round, organisations)
        ),
    )
    chart = None
    if stacked and selection.area.level != "organisation":
        chart = charts.stacked_bar_chart(
            title=_("การส่งรายงานผลราย%(level)s") % {"level": _level_heading(selection)},
            series=[
                charts.Series(_("ตรงเวลา"), "c-on_time"),
                charts.Series(_("ส่งช้า"), "c-late"),
                charts.Series(_("ยังไม่ส่ง"), "c-missing"),
            ],
            rows=stacked,
            label_heading=_level_heading(selection),
        )
    sections = [Section(grid.title, chart=chart, grid=grid)]
    sections.append(_trend_section(selection))
    return sections


def _trend_section(selection) -> Section:
    """Completeness and timeliness of every round of the cycle, fiscal year by fiscal year."""
    trend = reporting_figures.timeliness_trend(selection.cycle, selection.area.organisations)
    rows = []
    for point in trend:
        figure = point.figures
        rows.append(
            GridRow(
                round_title(point.round),
                [figure.expected, figure.submitted, figure.on_time, figure.submitted_rate, figure.on_time_rate],
            )
        )
    grid = Grid(
        "trend",
        _("แนวโน้มการรายงานผลตามรอบรายงาน"),
        _("รอบรายงาน"),
        [
            GridColumn(_("ต้องรายงาน")),
            GridColumn(_("ส่งแล้ว")),
            GridColumn(_("ตรงเวลา")),
            GridColumn(_("ร้อยละส่งแล้ว"), "percent"),
            GridColumn(_("ร้อยละตรงเวลา"), "percent"),
        ],
        rows,
    )
    chart = None
    if rows:
        chart = charts.line_chart(
            title=grid.title,
            categories=[f"{point.round.fiscal_year}/{point.round.kind}" for point in trend],
            lines=[
                charts.Line(_("ส่งแล้ว"), [row.values[3] for row in rows]),
                charts.Line(_("ตรงเวลา"), [row.values[4] for row in rows]),
            ],
            label_heading=_("ปีงบประมาณ/รอบ (เดือน)"),
        )
    return Section(grid.title, chart=chart, grid=grid)


# ITA -------------------------------------------------------------------------------------


def ita_page(selection) -> list[Section]:
    if selection.year is None:
        return [Section(_("ผลการประเมิน ITA"), note=_("ยังไม่มีผลการประเมิน ITA ที่นำเข้า"))]
    level = selection.group_by
    rows_found = {row["key"]: row for row in ita_summary(selection.year, selection.area.organisations, group_by=level)}
    statuses = status_by_part(selection) if selection.cycle else {}
    levels = list(ItaLevel.values)
    columns = [
        GridColumn(_("อปท.")),
        GridColumn(_("มีผล ITA")),
        GridColumn(_("คะแนนเฉลี่ย"), "decimal"),
        GridColumn(_("ผ่าน (85 ขึ้นไป)")),
        *(GridColumn(name) for name in levels),
        GridColumn(_("แผนผ่านเกณฑ์ (ร้อยละ)"), "percent"),
    ]
    rows, bars = [], []
    for part in selection.parts():
        found = rows_found.get(part.code if level == "organisation" else part.key)
        if found is None:
            continue
        counts = statuses.get(part.key)
        passed_rate = share(counts[PublicStatus.PASSED], sum(counts.values())) if counts else None
        values = [found["organisations"], found["count"], found["average"], found["passed"]]
        values += [found["levels"][name] for name in levels] + [passed_rate]
        hrefs = [part_url(selection, "status", "all", part), part_url(selection, "ita", "count", part), ""]
        hrefs += [part_url(selection, "ita", "passed", part)] + [
            part_url(selection, "ita", name, part) for name in levels
        ]
        hrefs.append(part_url(selection, "status", PublicStatus.PASSED, part))
        made = GridRow(part.label, values, hrefs, drill_url(selection, "ita", part), part.code)
        rows.append(made)
        bars.append(charts.Bar(part.label, found["average"], hrefs[1], made.label_href))
    grid = Grid(
        "ita",
        _("ผลการประเมิน ITA ปี %(year)s เทียบกับสถานะแผน") % {"year": selection.year},
        _level_heading(selection),
        columns,
        rows,
    )
    chart = None
    if bars and selection.area.level != "organisation":
        chart = charts.bar_chart(
            title=_("คะแนน ITA เฉลี่ย ราย%(level)s") % {"level": _level_heading(selection)},
            bars=bars,
            unit="decimal",
            maximum=100,
            label_heading=_level_heading(selection),
            value_heading=_("คะแนนเฉลี่ย"),
        )
    return [Section(grid.title, chart=chart, grid=grid)]
