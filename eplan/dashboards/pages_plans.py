"""The sections of the overview and of the plan-side dashboards (plan status, assessment,
plans): each figure from its one selector, grouped by the parts of the area in one
aggregate, drawn by charts.py and tabled by grids.py with every number linking to its list."""

from dataclasses import replace

from django.utils.translation import gettext as _

from eplan.assessment import figures as assessment_figures
from eplan.assessment.models import PublicStatus
from eplan.assessment.selectors import status_counts
from eplan.dashboards import charts, map_measures
from eplan.dashboards.grids import Grid, GridColumn, GridRow
from eplan.dashboards.measures import last_two_announcements
from eplan.dashboards.sections import STATUS_CSS, Section, drill_url, list_url, part_url, share, status_by_part
from eplan.plans.figures import planned_items
from eplan.registry.models import OrganisationType

STATUSES = list(PublicStatus.choices)


def _level_heading(selection) -> str:
    return {"province": _("จังหวัด"), "district": _("อำเภอ"), "organisation": _("อปท.")}[selection.area.level]


def status_section(selection, page: str) -> Section:
    """Counts of each plan status per part of the area, with the submitted and passed rates."""
    groups = status_by_part(selection)
    total = status_counts(selection.cycle, selection.area.organisations, statuses=selection.statuses()).total
    columns = [GridColumn(_("อปท. ทั้งหมด"))] + [GridColumn(str(label)) for _value, label in STATUSES]
    columns += [GridColumn(_("ส่งแผนแล้ว"), "percent"), GridColumn(_("ผ่านเกณฑ์"), "percent")]

    def row(label, counts, part, *, label_href=""):
        whole = sum(counts.values())
        sent = whole - counts[PublicStatus.NOT_SUBMITTED]
        values = [whole, *(counts[value] for value, _label in STATUSES), share(sent, whole)]
        values.append(share(counts[PublicStatus.PASSED], whole))
        hrefs = [part_url(selection, "status", "all", part)]
        hrefs += [part_url(selection, "status", value, part) for value, _label in STATUSES]
        return GridRow(label, values, hrefs, label_href, part.code if part else "")

    rows, stacked = [], []
    for part in selection.parts():
        counts = groups.get(part.key)
        if counts is None:
            continue
        made = row(part.label, counts, part, label_href=drill_url(selection, page, part))
        rows.append(made)
        stacked.append(
            charts.StackedRow(
                part.label,
                [counts[value] for value, _label in STATUSES],
                hrefs=made.hrefs[1:6],
                label_href=made.label_href,
                total_href=made.hrefs[0],
            )
        )
    grid = Grid(
        "status",
        _("สถานะแผนรายพื้นที่ %(area)s") % {"area": selection.area.name},
        _level_heading(selection),
        columns,
        rows,
        total=row(_("รวม %(area)s") % {"area": selection.area.name}, total, None),
    )
    chart = None
    if selection.area.level != "organisation" and stacked:
        chart = charts.stacked_bar_chart(
            title=_("สัดส่วนสถานะแผนราย%(level)s") % {"level": _level_heading(selection)},
            series=[charts.Series(str(label), STATUS_CSS[value]) for value, label in STATUSES],
            rows=stacked,
            label_heading=_level_heading(selection),
        )
    note = "" if selection.released else _("ยังไม่ถึงวันประกาศผลคะแนน แผนที่ประเมินแล้วยังนับเป็นอยู่ระหว่างการประเมิน")
    return Section(grid.title, chart=chart, grid=grid, note=note)


def overview(selection, measure: str = "passed") -> list[Section]:
    sections = []
    if selection.area.several_provinces:
        sections.append(map_measures.map_section(selection, measure))
    sections.append(status_section(selection, "overview"))
    return sections


def late_section(selection) -> Section:
    """Plans sent and sent after the due date, per part of the area."""
    found = assessment_figures.late_submissions(
        selection.cycle, selection.area.organisations, group_by=selection.group_by
    )
    total = assessment_figures.late_submissions(selection.cycle, selection.area.organisations)
    columns = [
        GridColumn(_("อปท. ทั้งหมด")),
        GridColumn(_("ส่งแผนแล้ว")),
        GridColumn(_("ส่งตามกำหนด")),
        GridColumn(_("ส่งหลังกำหนด")),
        GridColumn(_("ส่งหลังกำหนด (ร้อยละของที่ส่ง)"), "percent"),
    ]

    def row(label, figure, part):
        return GridRow(
            label,
            [figure.organisations, figure.submitted, figure.on_time, figure.late, figure.late_share],
            [
                part_url(selection, "status", "all", part),
                part_url(selection, "submission", "submitted", part),
                part_url(selection, "submission", "on_time", part),
                part_url(selection, "submission", "late", part),
            ],
            code=part.code if part else "",
        )

    rows, bars = [], []
    for part in selection.parts():
        figure = found.get(part.key)
        if figure is None:
            continue
        made = row(part.label, figure, part)
        made.label_href = drill_url(selection, "status", part)
        rows.append(made)
        bars.append(charts.Bar(part.label, figure.late_share, made.hrefs[3], made.label_href, "c-late"))
    grid = Grid(
        "late",
        _("การส่งแผนหลังกำหนด %(area)s") % {"area": selection.area.name},
        _level_heading(selection),
        columns,
        rows,
        total=row(_("รวม %(area)s") % {"area": selection.area.name}, total, None),
    )
    chart = None
    if selection.area.level != "organisation" and bars:
        chart = charts.bar_chart(
            title=_("ร้อยละที่ส่งแผนหลังกำหนด ราย%(level)s") % {"level": _level_heading(selection)},
            bars=bars,
            unit="percent",
            label_heading=_level_heading(selection),
            value_heading=_("ส่งหลังกำหนด"),
        )
    return Section(grid.title, chart=chart, grid=grid)


def movement_section(selection) -> Section | None:
    """How many อปท. moved from each status to each other between the last two announcements."""
    older, newer = last_two_announcements(selection.cycle)
    if older is None:
        return Section(_("การเปลี่ยนสถานะระหว่างประกาศ"), note=_("รอบแผนนี้ยังมีประกาศผลไม่ถึงสองครั้ง"))
    moves = assessment_figures.status_movement(older, newer, selection.area.organisations)
    labels = {**dict(PublicStatus.choices), "": _("ไม่อยู่ในประกาศ")}
    order = {value: index for index, value in enumerate([*PublicStatus.values, ""])}
    rows = [
        GridRow(
            f"{labels[before]} → {labels[after]}",
            [count, _("คงเดิม") if before == after else _("เปลี่ยน")],
            [list_url(selection, "movement", f"{before}>{after}")],
        )
        for (before, after), count in sorted(moves.items(), key=lambda kv: (order[kv[0][0]], order[kv[0][1]]))
    ]
    grid = Grid(
        "movement",
        _("การเปลี่ยนสถานะ ประกาศครั้งที่ %(older)s → ครั้งที่ %(newer)s") % {"older": older.number, "newer": newer.number},
        _("สถานะเดิม → สถานะใหม่"),
        [GridColumn(_("อปท.")), GridColumn(_("การเปลี่ยน"), "text")],
        rows,
    )
    return Section(grid.title, grid=grid)


def status_page(selection) -> list[Section]:
    return [status_section(selection, "status"), late_section(selection), movement_section(selection)]


# Assessment ------------------------------------------------------------------------------


def assessment_page(selection) -> list[Section]:
    if not selection.shows_scores:
        return [Section(_("ผลการประเมินแผน"), note=_("ยังไม่ถึงวันประกาศผลคะแนนของรอบแผนนี้"))]
    cycle, organisations, early = selection.cycle, selection.area.organisations, selection.before_release
    distribution = assessment_figures.score_distribution(cycle, organisations, before_release=early)
    bars = [
        charts.Bar(
            f"{bin.low}–{bin.high}%",
            bin.count,
            list_url(selection, "score", f"bin-{index}"),
        )
        for index, bin in enumerate(distribution.bins)
    ]
    chart = charts.column_chart(
        title=_("การกระจายของคะแนนรวม (ร้อยละของคะแนนเต็ม)"),
        bars=bars,
        label_heading=_("ช่วงคะแนน"),
        value_heading=_("อปท."),
    )
    if distribution.pass_mark is not None:
        chart = replace(
            chart,
            note=_("คะแนนขั้นต่ำ %(mark)s คะแนน (ร้อยละ %(share)s ของคะแนนเต็ม %(maximum)s)")
            % {
                "mark": distribution.pass_mark,
                "share": distribution.pass_mark_percent,
                "maximum": distribution.maximum,
            },
        )
    sections = [Section(chart.title, chart=chart), _assessed_section(selection)]
    averages = assessment_figures.dimension_averages(cycle, organisations, before_release=early)
    columns = [
        GridColumn(_("แผนที่ประเมิน")),
        GridColumn(_("คะแนนเฉลี่ย"), "decimal"),
        GridColumn(_("คะแนนเต็ม"), "decimal"),
        GridColumn(_("ร้อยละของคะแนนเต็ม"), "percent"),
    ]
    rows = [
        GridRow(
            _("มิติที่ %(number)s %(title)s") % {"number": number, "title": figure.title},
            [figure.assessed, figure.average, figure.maximum, figure.share],
            [list_url(selection, "score", "assessed")],
        )
        for number, figure in averages.items()
    ]
    grid = Grid("dimensions", _("คะแนนเฉลี่ยรายมิติ"), _("มิติ"), columns, rows)
    chart = charts.bar_chart(
        title=grid.title,
        bars=[charts.Bar(row.label, row.values[3], row.hrefs[0]) for row in rows],
        unit="percent",
        label_heading=_("มิติ"),
        value_heading=_("ร้อยละของคะแนนเต็ม"),
    )
    sections.append(Section(grid.title, chart=chart, grid=grid))
    failed = assessment_figures.failed_criteria(cycle, organisations, before_release=early)
    rows = [
        GridRow(
            _("ข้อ %(position)s %(text)s") % {"position": row.position, "text": row.text},
            [row.failed, row.share],
            [list_url(selection, "failed", row.criterion_id)],
        )
        for row in failed
    ]
    grid = Grid(
        "failed",
        _("เกณฑ์ที่ อปท. ไม่ได้คะแนนเต็มมากที่สุด"),
        _("เกณฑ์"),
        [GridColumn(_("อปท. ที่ไม่ได้คะแนนเต็ม")), GridColumn(_("ร้อยละของแผนที่ประเมิน"), "percent")],
        rows,
    )
    sections.append(Section(grid.title, grid=grid))
    if early and not selection.released:
        sections[0].note = _("ยังไม่ถึงวันประกาศผลคะแนน: ตัวเลขนี้เห็นเฉพาะเจ้าหน้าที่")
    return sections


def _assessed_section(selection) -> Section:
    found = assessment_figures.score_distribution(
        selection.cycle,
        selection.area.organisations,
        group_by=selection.group_by,
        before_release=selection.before_release,
    )
    columns = [
        GridColumn(_("แผนที่ประเมิน")),
        GridColumn(_("ผ่านเกณฑ์")),
        GridColumn(_("ร้อยละผ่านเกณฑ์"), "percent"),
        GridColumn(_("คะแนนเฉลี่ย"), "decimal"),
    ]
    rows = []
    for part in selection.parts():
        figure = found.get(part.key)
        if figure is None:
            continue
        rows.append(
            GridRow(
                part.label,
                [figure.assessed, figure.passed, share(figure.passed, figure.assessed), figure.average],
                [part_url(selection, "score", "assessed", part), part_url(selection, "score", "passed", part)],
                drill_url(selection, "assessment", part),
                part.code,
            )
        )
    grid = Grid(
        "assessed",
        _("ผลการประเมินราย%(level)s") % {"level": _level_heading(selection)},
        _level_heading(selection),
        columns,
        rows,
    )
    return Section(grid.title, grid=grid)


# Plans -----------------------------------------------------------------------------------


def plans_page(selection) -> list[Section]:
    cycle, organisations = selection.cycle, selection.area.organisations
    planned = planned_items(cycle, organisations)
    years = cycle.fiscal_years
    columns = [GridColumn(_("รายการทั้งหมด"))]
    for year in years:
        columns += [
            GridColumn(_("รายการ %(year)s") % {"year": year}),
            GridColumn(_("งบ %(year)s") % {"year": year}, "baht"),
        ]
    columns.append(GridColumn(_("งบประมาณรวม"), "baht"))
    plans_href = list_url(selection, "planned", "plans")

    def row(label, items, per_year, budget):
        values = [items]
        for year in years:
            found = per_year.get(year)
            values += [found.items if found else 0, found.budget if found else 0]
        return GridRow(label, [*values, budget], [plans_href])

    rows = [
        row(_("มิติที่ %(number)s %(title)s") % {"number": number, "title": d.title}, d.items, d.years, d.budget)
        for number, d in planned.dimensions.items()
    ]
    grid = Grid(
        "planned",
        _("โครงการและงบประมาณตามแผน รายมิติ × ปีงบประมาณ (แผน %(plans)s แห่ง)") % {"plans": planned.plans},
        _("มิติ"),
        columns,
        rows,
        total=row(_("รวม 4 มิติ"), planned.items, planned.years, planned.budget),
    )
    chart = charts.bar_chart(
        title=_("งบประมาณตามแผนรายมิติ (บาท)"),
        bars=[charts.Bar(row.label, row.values[-1], plans_href) for row in rows],
        unit="baht",
        label_heading=_("มิติ"),
        value_heading=_("งบประมาณ"),
    )
    sections = [Section(grid.title, chart=chart, grid=grid)]
    by_type = planned_items(cycle, organisations, group_by="org_type")
    rows = [
        GridRow(
            str(label),
            [figure.plans, figure.items, figure.budget],
            [list_url(selection, "planned", "plans", org_type=value)],
        )
        for value, label in OrganisationType.choices
        if (figure := by_type.get(value)) is not None
    ]
    grid = Grid(
        "org_types",
        _("โครงการและงบประมาณตามแผน รายประเภท อปท."),
        _("ประเภท อปท."),
        [GridColumn(_("แผน")), GridColumn(_("รายการ")), GridColumn(_("งบประมาณ"), "baht")],
        rows,
    )
    chart = charts.bar_chart(
        title=_("งบประมาณตามแผนรายประเภท อปท. (บาท)"),
        bars=[charts.Bar(row.label, row.values[2], row.hrefs[0]) for row in rows],
        unit="baht",
        label_heading=_("ประเภท อปท."),
        value_heading=_("งบประมาณ"),
    )
    sections.append(Section(grid.title, chart=chart, grid=grid))
    by_part = planned_items(cycle, organisations, group_by=selection.group_by)
    rows = []
    for part in selection.parts():
        figure = by_part.get(part.key)
        if figure is None:
            continue
        rows.append(
            GridRow(
                part.label,
                [figure.plans, figure.items, figure.budget],
                [part_url(selection, "planned", "plans", part)],
                drill_url(selection, "plans", part),
                part.code,
            )
        )
    sections.append(
        Section(
            _("โครงการและงบประมาณตามแผน ราย%(level)s") % {"level": _level_heading(selection)},
            grid=Grid(
                "parts",
                _("โครงการและงบประมาณตามแผน ราย%(level)s") % {"level": _level_heading(selection)},
                _level_heading(selection),
                [GridColumn(_("แผน")), GridColumn(_("รายการ")), GridColumn(_("งบประมาณ"), "baht")],
                rows,
            ),
        )
    )
    return sections
