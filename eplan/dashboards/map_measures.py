"""The measures the overview's map of the 77 provinces can be coloured by (?map=), each read
per province in one aggregate over the viewer's whole scope (the country, for the public):

    passed     ผ่านเกณฑ์ — share of the อปท. whose plan passed (status_counts)
    submitted  ส่งแผนแล้ว — share that sent a plan (late_submissions)
    on_time    รายงานตรงเวลา — share of the expected that reported on time (completeness)
    green      คะแนนการดำเนินงานสีเขียว — share of the expected in the green band (score_bands)
    ita        ITA เฉลี่ย — the average ITA score of the year (ita_summary)
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.assessment import figures as assessment_figures
from eplan.assessment.models import PublicStatus
from eplan.assessment.selectors import status_counts
from eplan.dashboards.sections import Section, drill_url, list_url, share
from eplan.dashboards.selection import Part
from eplan.dashboards.tilemap import tile_map
from eplan.ita.selectors import ita_summary
from eplan.reporting import figures as reporting_figures
from eplan.reporting.selectors import completeness

MAP_MEASURES = {
    "passed": gettext_lazy("ร้อยละที่แผนผ่านเกณฑ์"),
    "submitted": gettext_lazy("ร้อยละที่ส่งแผนแล้ว"),
    "on_time": gettext_lazy("ร้อยละที่รายงานผลตรงเวลา"),
    "green": gettext_lazy("ร้อยละที่คะแนนการดำเนินงานอยู่ในระดับสีเขียว"),
    "ita": gettext_lazy("คะแนน ITA เฉลี่ย"),
}


def chosen(request) -> str:
    value = request.GET.get("map", "")
    return value if value in MAP_MEASURES else "passed"


def _values(selection, measure) -> tuple[dict, str, str]:
    """({province code: value}, the list measure, its value) of the measure."""
    top = selection.top
    if measure == "passed":
        groups = status_counts(selection.cycle, top, group_by="province", statuses=selection.statuses()).groups
        return (
            {code: share(counts[PublicStatus.PASSED], sum(counts.values())) for code, counts in groups.items()},
            "status",
            PublicStatus.PASSED,
        )
    if measure == "submitted":
        groups = assessment_figures.late_submissions(selection.cycle, top, group_by="province")
        return {code: figure.submitted_share for code, figure in groups.items()}, "submission", "submitted"
    if selection.round is None and measure in ("on_time", "green"):
        return {}, "", ""
    if measure == "on_time":
        groups = completeness(selection.round, top, group_by="province")
        return {code: figure.on_time_rate for code, figure in groups.items()}, "report", "on_time"
    if measure == "green":
        groups = reporting_figures.score_bands(selection.round, top, group_by="province")
        return {code: share(bands.green, bands.expected) for code, bands in groups.items()}, "band", "green"
    if selection.year is None:
        return {}, "", ""
    rows = [row for row in _ita_rows(selection) if row["count"]]
    return {row["key"]: row["average"] for row in rows}, "ita", "count"


def _ita_rows(selection):
    return ita_summary(selection.year, selection.top, group_by="province")


def map_section(selection, measure: str = "passed") -> Section:
    values, list_measure, list_value = _values(selection, measure)
    hrefs = {code: drill_url(selection, "overview", Part(code, "", f"province={code}"), map=measure) for code in values}
    value_hrefs = (
        {code: list_url(selection, list_measure, list_value, area=f"province={code}") for code in values}
        if list_measure
        else {}
    )
    title = str(MAP_MEASURES[measure])
    found = tile_map(
        title=title,
        values=values,
        hrefs=hrefs,
        value_hrefs=value_hrefs,
        unit="decimal" if measure == "ita" else "percent",
        value_heading=title,
    )
    note = ""
    if not values:
        note = _("ยังไม่มีข้อมูลของตัวชี้วัดนี้ในรอบที่เลือก")
    return Section(_("แผนที่ 77 จังหวัด"), map=found, note=note)
