"""The list of อปท. behind a number of the dashboards (/dashboards/organisations/?measure=…&value=…).

One function per measure decides which organisations a number counts, from the very
selector that drew the number, asked per organisation (group_by="organisation") — so the
list of a number is as long as the number, whatever the figure's formula:

    status       plan status (assessment.status.statuses_for): not_submitted … passed, all
    submission   first sending (assessment.figures.late_submissions): submitted, late, on_time
    movement     between the cycle's last two announcements (status_movement): "before>after"
    score        the counting score sets (score_distribution): assessed, passed, bin-0 … bin-9
    failed       a criterion scored below full (failed_organisations): the criterion's id
    planned      plans counted (plans.figures.planned_items): plans
    report       completeness of a round (reporting.selectors.completeness): expected,
                 submitted, on_time, late, drafts, missing
    band         implementation score band (reporting.figures.score_bands): green, orange,
                 red, no_report, not_scored
    line         lines of the 2018 summary (implementation_summary): done, in_progress,
                 not_possible, awaiting, optionally "-<dimension>" (done-2)
    ita          ITA results of a year (ita.selectors.ita_summary): count, passed, AA … F

Each answers {organisation id: the value shown beside it}. Which measures the public may
ask is decided here too: scores only once released, nothing counted from drafts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.assessment import figures as assessment_figures
from eplan.assessment.models import Announcement, PublicStatus
from eplan.assessment.status import NOT_SUBMITTED, statuses_for
from eplan.core import thai
from eplan.ita.models import ItaLevel
from eplan.ita.selectors import ita_summary
from eplan.plans.figures import planned_items
from eplan.reporting import figures as reporting_figures
from eplan.reporting.selectors import completeness, scores_by_organisation

LARGEST_ID_LIST = 2000
REPORT_VALUES = ("expected", "submitted", "on_time", "late", "drafts", "missing")
BAND_VALUES = ("green", "orange", "red", "no_report", "not_scored")
LINE_VALUES = ("items", "done", "in_progress", "not_possible", "awaiting")
SUBMISSION_VALUES = ("submitted", "late", "on_time")


@dataclass(frozen=True)
class Measure:
    label: str
    members: Callable  # (selection, organisations, value) → {organisation id: shown value}
    needs: str = "cycle"  # cycle | round | year
    value_heading: str = ""


def last_two_announcements(cycle) -> tuple:
    """(the older, the newer) of the cycle's last two announcements, or (None, None)."""
    found = list(Announcement.objects.filter(cycle=cycle).order_by("-number")[:2])
    return (found[1], found[0]) if len(found) == 2 else (None, None)


def _status(selection, organisations, value):
    if value != "all" and value not in PublicStatus.values:
        raise Http404
    ids = list(organisations.values_list("pk", flat=True))
    statuses = statuses_for(selection.cycle, ids if len(ids) <= LARGEST_ID_LIST else None)
    found = {}
    for pk in ids:
        status = statuses.get(pk, NOT_SUBMITTED)
        if value in ("all", status.status):
            found[pk] = status.label
    return found


def _submission(selection, organisations, value):
    if value not in SUBMISSION_VALUES:
        raise Http404
    rows = assessment_figures.late_submissions(selection.cycle, organisations, group_by="organisation")
    return {
        pk: _("ส่งหลังกำหนด") if figure.late else _("ส่งตามกำหนด") for pk, figure in rows.items() if getattr(figure, value)
    }


def _movement(selection, organisations, value):
    before, _sep, after = value.partition(">")
    older, newer = last_two_announcements(selection.cycle)
    if older is None or not _sep:
        raise Http404
    labels = dict(PublicStatus.choices)
    moves = assessment_figures.status_movement(older, newer, organisations, group_by="organisation")
    shown = f"{labels.get(before, _('ไม่อยู่ในประกาศ'))} → {labels.get(after, _('ไม่อยู่ในประกาศ'))}"
    return {pk: shown for pk, counts in moves.items() if counts.get((before, after))}


def _scores_shown(selection):
    if not selection.shows_scores:
        raise Http404


def _score(selection, organisations, value):
    _scores_shown(selection)
    rows = assessment_figures.score_distribution(
        selection.cycle, organisations, group_by="organisation", before_release=selection.before_release
    )
    if value in ("assessed", "passed"):
        chosen = {pk: figure for pk, figure in rows.items() if getattr(figure, value)}
    elif value.startswith("bin-") and value[4:].isdigit():
        index = int(value[4:])
        if index >= len(assessment_figures.DEFAULT_BINS) - 1:
            raise Http404
        chosen = {pk: figure for pk, figure in rows.items() if figure.bins[index].count}
    else:
        raise Http404
    return {pk: _("%(points)s คะแนน") % {"points": figure.average} for pk, figure in chosen.items()}


def _failed(selection, organisations, value):
    _scores_shown(selection)
    if not value.isdigit():
        raise Http404
    rows = assessment_figures.failed_organisations(
        selection.cycle, organisations, int(value), before_release=selection.before_release
    )
    return {pk: _("ได้ %(score)s คะแนน") % {"score": score} for pk, score in rows.items()}


def _planned(selection, organisations, value):
    if value != "plans":
        raise Http404
    rows = planned_items(selection.cycle, organisations, group_by="organisation")
    return {
        pk: _("%(items)s รายการ งบประมาณ %(budget)s บาท")
        % {"items": thai.number(figure.items), "budget": thai.baht(figure.budget)}
        for pk, figure in rows.items()
    }


def _report(selection, organisations, value):
    if value not in REPORT_VALUES or (selection.public and value == "drafts"):
        raise Http404
    rows = completeness(selection.round, organisations, group_by="organisation")
    labels = {
        "on_time": _("ส่งตรงเวลา"),
        "late": _("ส่งช้า"),
        "missing": _("ยังไม่ส่ง"),
    }

    def shown(figure):
        if figure.late:
            return labels["late"]
        return labels["on_time"] if figure.on_time else labels["missing"]

    return {pk: shown(figure) for pk, figure in rows.items() if getattr(figure, value)}


def _band(selection, organisations, value):
    if value not in BAND_VALUES:
        raise Http404
    rows = reporting_figures.score_bands(selection.round, organisations, group_by="organisation")
    chosen = [pk for pk, bands in rows.items() if getattr(bands, value)]
    tallies = scores_by_organisation(selection.round, organisations.filter(pk__in=chosen))
    found = {}
    for pk in chosen:
        score = tallies[pk].score if pk in tallies else None
        found[pk] = _("คะแนน %(score)s%%") % {"score": score} if score is not None and value in BAND_VALUES[:3] else ""
    return found


def _line(selection, organisations, value):
    name, _sep, dimension = value.partition("-")
    if name not in LINE_VALUES or (dimension and not dimension.isdigit()):
        raise Http404
    rows = reporting_figures.implementation_summary(selection.round, organisations, group_by="organisation")
    found = {}
    for pk, summary in rows.items():
        row = summary.total
        if dimension:
            row = next((line for line in summary.dimensions if line.dimension == int(dimension)), None)
        count = getattr(row, name) if row is not None else 0
        if count:
            found[pk] = _("%(count)s รายการ") % {"count": thai.number(count)}
    return found


def _ita(selection, organisations, value):
    if value not in ("count", "passed", *ItaLevel.values):
        raise Http404
    rows = ita_summary(selection.year, organisations, group_by="organisation")
    codes = dict(organisations.values_list("code", "pk"))
    found = {}
    for row in rows:
        counted = row[value] if value in ("count", "passed") else row["levels"][value]
        if counted:
            found[codes[row["key"]]] = _("%(score)s คะแนน") % {"score": row["average"]}
    return found


MEASURES = {
    "status": Measure(gettext_lazy("สถานะแผน"), _status, value_heading=gettext_lazy("สถานะ")),
    "submission": Measure(gettext_lazy("การส่งแผน"), _submission, value_heading=gettext_lazy("การส่ง")),
    "movement": Measure(gettext_lazy("สถานะที่เปลี่ยนระหว่างประกาศ"), _movement, value_heading=gettext_lazy("สถานะ")),
    "score": Measure(gettext_lazy("คะแนนการประเมินแผน"), _score, value_heading=gettext_lazy("คะแนนรวม")),
    "failed": Measure(gettext_lazy("เกณฑ์ที่ไม่ได้คะแนนเต็ม"), _failed, value_heading=gettext_lazy("คะแนนของเกณฑ์")),
    "planned": Measure(gettext_lazy("แผนที่นับ"), _planned, value_heading=gettext_lazy("รายการและงบประมาณ")),
    "report": Measure(gettext_lazy("การส่งรายงานผล"), _report, needs="round", value_heading=gettext_lazy("การส่งรายงาน")),
    "band": Measure(gettext_lazy("ระดับคะแนนการดำเนินงาน"), _band, needs="round", value_heading=gettext_lazy("คะแนน")),
    "line": Measure(gettext_lazy("รายการในรายงานผล"), _line, needs="round", value_heading=gettext_lazy("จำนวนรายการ")),
    "ita": Measure(gettext_lazy("ผลการประเมิน ITA"), _ita, needs="year", value_heading=gettext_lazy("คะแนน ITA")),
}


VALUE_LABELS = {
    "all": gettext_lazy("ทั้งหมด"),
    "submitted": gettext_lazy("ส่งแล้ว"),
    "late": gettext_lazy("ส่งหลังกำหนด"),
    "on_time": gettext_lazy("ส่งตามกำหนด"),
    "assessed": gettext_lazy("แผนที่ประเมิน"),
    "plans": gettext_lazy("แผนที่นับ"),
    "expected": gettext_lazy("ต้องรายงาน"),
    "drafts": gettext_lazy("ร่าง"),
    "missing": gettext_lazy("ยังไม่ส่ง"),
    "green": gettext_lazy("สีเขียว"),
    "orange": gettext_lazy("สีส้ม"),
    "red": gettext_lazy("สีแดง"),
    "no_report": gettext_lazy("ยังไม่ส่งรายงาน"),
    "not_scored": gettext_lazy("ส่งแล้ว ไม่มีรายการให้คิดคะแนน"),
    "items": gettext_lazy("มีรายการ"),
    "done": gettext_lazy("ดำเนินการแล้วเสร็จ"),
    "in_progress": gettext_lazy("อยู่ระหว่างดำเนินการ"),
    "not_possible": gettext_lazy("ไม่สามารถดำเนินการได้"),
    "awaiting": gettext_lazy("รอการรายงานผล"),
    "count": gettext_lazy("มีผล ITA"),
    "passed": gettext_lazy("ผ่านเกณฑ์"),
}


def value_label(measure: str, value: str) -> str:
    """The value of a list's measure in words: ผ่านเกณฑ์มาตรฐาน, สีเขียว, มิติที่ 2 ดำเนินการแล้วเสร็จ."""
    if measure == "status" and value in PublicStatus.values:
        return str(PublicStatus(value).label)
    if measure == "movement":
        labels = {**dict(PublicStatus.choices), "": _("ไม่อยู่ในประกาศ")}
        before, _sep, after = value.partition(">")
        return f"{labels.get(before, before)} → {labels.get(after, after)}"
    if measure == "score" and value.startswith("bin-") and value[4:].isdigit():
        index = int(value[4:])
        edges = assessment_figures.DEFAULT_BINS
        if index < len(edges) - 1:
            return _("คะแนนร้อยละ %(low)s–%(high)s") % {"low": edges[index], "high": edges[index + 1]}
    if measure == "failed":
        return _("เกณฑ์ที่ไม่ได้คะแนนเต็ม")
    name, _sep, dimension = value.partition("-")
    if measure == "line" and dimension.isdigit():
        return _("มิติที่ %(number)s %(what)s") % {"number": dimension, "what": VALUE_LABELS.get(name, name)}
    return str(VALUE_LABELS.get(value, value))


def members(measure: str, value: str, selection, organisations) -> dict:
    """{organisation id: shown value} of the organisations the number counts; 404 for a
    measure or value that is not one, or that the viewer may not ask."""
    found = MEASURES.get(measure)
    if found is None or selection.cycle is None:
        raise Http404
    if (found.needs == "round" and selection.round is None) or (found.needs == "year" and selection.year is None):
        raise Http404
    return found.members(selection, organisations, value)
