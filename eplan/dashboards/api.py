"""The dashboards' figures through the API (read only): plan status, the 2018 implementation
summary with the score bands, and reporting completeness — the same selectors as the pages,
for the area asked (?region=&province=&district=), per province or, when a province or
district is given, per district.

A signed-in caller (token or session) gets the figures of their scope (area_for_user,
strict: a district outside the province given is a 422; a place outside the scope counts
nothing); an anonymous caller the public figures of the whole country, as the public
dashboard shows them (no count of draft reports). An unknown code is a 422 naming it.

Mounted by eplan/api/api.py: api.add_router("/", dashboards_router, auth=None) — every
operation states its own authentication (a token, the session, or none).
"""

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from eplan.accounts.api_areas import AreaFilter, organisations_in_area, public_organisations_in_area
from eplan.accounts.api_auth import api_auth
from eplan.assessment import figures as assessment_figures
from eplan.assessment.models import PublicStatus
from eplan.assessment.selectors import status_counts
from eplan.assessment.status import is_released
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS
from eplan.core.api_schemas import described
from eplan.frameworks.api import cycle_or_422
from eplan.registry.models import District, Province
from eplan.reporting import figures as reporting_figures
from eplan.reporting.selectors import completeness as completeness_of
from eplan.reporting.selectors import round_or_404

router = Router(tags=["dashboards"])

# An invalid token is a 401 (no credentials at all: the public figures); 429: the rate limit.
BAD_INPUT = {401: AUTH_ERRORS[401], 422: INPUT_ERRORS[422], 429: AUTH_ERRORS[429]}
STATUS_DESCRIPTION = "; ".join(f"{value} = {label}" for value, label in PublicStatus.choices)


def _anyone(request):
    """No credentials: the public figures (an invalid token is still refused: 401)."""
    return AnonymousUser()


OPTIONAL_AUTH = [*api_auth, _anyone]


# --- schemas ------------------------------------------------------------------------------


class StatusFiguresOut(Schema):
    counts: dict[str, int] = Field(description=STATUS_DESCRIPTION)
    total: int = Field(description="อปท. ในพื้นที่")
    passed_rate: str | None = Field(description="ร้อยละที่ผ่านเกณฑ์ (ทศนิยม 1 ตำแหน่ง)")
    submitted: int = Field(description="อปท. ที่ส่งแผนแล้ว (ฉบับแรก)")
    late: int = Field(description="ส่งฉบับแรกหลังกำหนด")


class StatusGroupOut(StatusFiguresOut):
    code: str = Field(description="รหัสจังหวัด หรือรหัสอำเภอเมื่อระบุจังหวัดหรืออำเภอ")
    name: str


class StatusOut(StatusFiguresOut):
    cycle: str
    public: bool = Field(description="ตัวเลขสาธารณะ (ผู้เรียกไม่ได้เข้าสู่ระบบ)")
    released: bool = Field(description="ถึงวันประกาศผลคะแนนแล้ว (ก่อนนั้นแผนที่ประเมินแล้วยังนับเป็น in_assessment)")
    groups: list[StatusGroupOut]


class TallyOut(Schema):
    items: int = Field(description="รายการตามแผน")
    planned_budget: str = Field(description="งบประมาณตามแผน (บาท)")
    ordinance_budget: str = Field(description="งบตามข้อบัญญัติ/เทศบัญญัติ (บาท) จากรายงานที่ส่งแล้ว")
    disbursed: str = Field(description="เบิกจ่าย (บาท) จากรายงานที่ส่งแล้ว")
    done: int
    in_progress: int
    not_possible: int
    awaiting: int = Field(description="รอการรายงานผล")


class DimensionOut(TallyOut):
    dimension: int = Field(description="มิติที่")


class BandsOut(Schema):
    green: int
    orange: int
    red: int
    no_report: int = Field(description="ยังไม่ส่งรายงาน")
    not_scored: int = Field(description="ส่งแล้วแต่ไม่มีรายการให้คิดคะแนน")
    expected: int
    green_from: int = Field(description="สีเขียวตั้งแต่ร้อยละ")
    orange_from: int = Field(description="สีส้มตั้งแต่ร้อยละ (ต่ำกว่านี้สีแดง)")


class ImplementationGroupOut(Schema):
    code: str
    name: str
    total: TallyOut
    bands: BandsOut


class ImplementationOut(Schema):
    cycle: str
    round: str
    dimensions: list[DimensionOut]
    not_opened: TallyOut = Field(description="รายการของ อปท. ที่ยังไม่เปิดรายงาน (ไม่ทราบมิติ)")
    total: TallyOut = Field(description="รวม 4 มิติ")
    bands: BandsOut
    groups: list[ImplementationGroupOut]


class CompletenessFiguresOut(Schema):
    expected: int
    submitted: int
    on_time: int
    late: int
    missing: int
    drafts: int | None = Field(description="รายงานที่เริ่มแล้วยังไม่ส่ง (null สำหรับผู้เรียกที่ไม่ได้เข้าสู่ระบบ)")
    submitted_rate: str | None
    on_time_rate: str | None


class CompletenessGroupOut(CompletenessFiguresOut):
    code: str
    name: str


class CompletenessOut(CompletenessFiguresOut):
    cycle: str
    round: str
    groups: list[CompletenessGroupOut]


# --- helpers ------------------------------------------------------------------------------


def _public(request) -> bool:
    return not getattr(request.auth, "is_authenticated", False)


def _organisations(request, area: AreaFilter):
    if _public(request):
        return public_organisations_in_area(area)
    return organisations_in_area(request.auth, area)


def _grouping(area: AreaFilter):
    """(group_by, {code: name}) — per district when a province or district is given."""
    if area.province or area.district:
        return "district", District
    return "province", Province


def _names(model, codes) -> dict:
    return dict(model.objects.filter(code__in=list(codes)).values_list("code", "name_th"))


def _text(value) -> str | None:
    return None if value is None else str(value)


def _round(cycle, code):
    try:
        return round_or_404(cycle, code)
    except Http404:
        raise ValidationError({"round": _("ไม่พบรอบรายงาน %(code)s ในรอบแผนนี้") % {"code": code}}) from None


def _status_figures(counts: dict, late) -> dict:
    total = sum(counts.values())
    return {
        "counts": counts,
        "total": total,
        "passed_rate": _text(assessment_figures.percent(counts[PublicStatus.PASSED], total)),
        "submitted": late.submitted,
        "late": late.late,
    }


def _tally(tally) -> dict:
    return {
        "items": tally.items,
        "planned_budget": str(tally.planned_budget),
        "ordinance_budget": str(tally.ordinance_budget),
        "disbursed": str(tally.disbursed),
        "done": tally.done,
        "in_progress": tally.in_progress,
        "not_possible": tally.not_possible,
        "awaiting": tally.awaiting,
    }


def _bands(bands) -> dict:
    names = ("green", "orange", "red", "no_report", "not_scored", "expected", "green_from", "orange_from")
    return {name: getattr(bands, name) for name in names}


def _completeness(figure, public: bool) -> dict:
    return {
        "expected": figure.expected,
        "submitted": figure.submitted,
        "on_time": figure.on_time,
        "late": figure.late,
        "missing": figure.missing,
        "drafts": None if public else figure.drafts,
        "submitted_rate": _text(figure.submitted_rate),
        "on_time_rate": _text(figure.on_time_rate),
    }


# --- operations ---------------------------------------------------------------------------


@router.get(
    "/dashboards/status",
    auth=OPTIONAL_AUTH,
    response={200: StatusOut, **BAD_INPUT},
    summary="สถานะแผนในพื้นที่ จำนวนและร้อยละ รายจังหวัด (รายอำเภอเมื่อระบุพื้นที่)",
    description=described(
        "จำนวน อปท. ในแต่ละสถานะแผนของรอบแผน ร้อยละที่ผ่านเกณฑ์ จำนวนที่ส่งแผนและส่งหลังกำหนด "
        "ของพื้นที่ที่ระบุ รายจังหวัด หรือรายอำเภอเมื่อระบุจังหวัดหรืออำเภอ ผู้ที่เข้าสู่ระบบได้ตัวเลขในขอบเขตของตน "
        "ผู้ไม่ได้เข้าสู่ระบบได้ตัวเลขสาธารณะของทั้งประเทศ รหัสที่ไม่มีอยู่ตอบ 422",
        "Plan status counts and rates of a cycle in the area asked, per province (per district when a province "
        "or district is given), with plans sent and sent late; your scope when signed in, the public national "
        "figures otherwise. An unknown code is a 422 naming it.",
    ),
)
def status(request, cycle: str, area: Query[AreaFilter]):
    found_cycle = cycle_or_422(cycle)
    organisations = _organisations(request, area)
    group_by, model = _grouping(area)
    groups = status_counts(found_cycle, organisations, group_by=group_by)
    late = assessment_figures.late_submissions(found_cycle, organisations, group_by=group_by)
    names = _names(model, groups.groups)
    empty = assessment_figures.LateSubmissions()
    return {
        "cycle": found_cycle.code,
        "public": _public(request),
        "released": is_released(found_cycle),
        **_status_figures(groups.total, assessment_figures.late_submissions(found_cycle, organisations)),
        "groups": [
            {"code": code, "name": names.get(code, ""), **_status_figures(counts, late.get(code, empty))}
            for code, counts in sorted(groups.groups.items())
        ],
    }


@router.get(
    "/dashboards/implementation",
    auth=OPTIONAL_AUTH,
    response={200: ImplementationOut, **BAD_INPUT},
    summary="สรุปผลการดำเนินงานรายมิติและรวม 4 มิติ พร้อมระดับคะแนน (เขียว/ส้ม/แดง) ของรอบรายงาน",
    description=described(
        "รายการ งบตามแผน งบตามข้อบัญญัติ เบิกจ่าย จำนวนตามสถานะ และรอการรายงานผล รายมิติและรวม 4 มิติ "
        "กับจำนวน อปท. ในแต่ละระดับคะแนนการดำเนินงานพร้อมเกณฑ์ของรอบ ของพื้นที่ที่ระบุ "
        "รายจังหวัด หรือรายอำเภอเมื่อระบุพื้นที่ รอบรายงานเช่น 2564-6",
        "The 2018 implementation summary per dimension and in total (items, planned and ordinance budget, "
        "disbursed, counts per status, awaiting) and the organisations per score band with the round's "
        "thresholds, for the area asked, per province or district. Round codes look like 2564-6.",
    ),
)
def implementation(request, cycle: str, round: str, area: Query[AreaFilter]):
    found_round = _round(cycle_or_422(cycle), round)
    organisations = _organisations(request, area)
    group_by, model = _grouping(area)
    summary = reporting_figures.implementation_summary(found_round, organisations)
    summaries = reporting_figures.implementation_summary(found_round, organisations, group_by=group_by)
    bands = reporting_figures.score_bands(found_round, organisations, group_by=group_by)
    names = _names(model, summaries)
    empty = reporting_figures.ScoreBands(kind=found_round.kind)
    return {
        "cycle": found_round.cycle.code,
        "round": found_round.code,
        "dimensions": [{"dimension": row.dimension, **_tally(row)} for row in summary.dimensions],
        "not_opened": _tally(summary.not_opened),
        "total": _tally(summary.total),
        "bands": _bands(reporting_figures.ScoreBands.summed(found_round.kind, bands.values())),
        "groups": [
            {
                "code": code,
                "name": names.get(code, ""),
                "total": _tally(found.total),
                "bands": _bands(bands.get(code, empty)),
            }
            for code, found in sorted(summaries.items())
        ],
    }


@router.get(
    "/dashboards/completeness",
    auth=OPTIONAL_AUTH,
    response={200: CompletenessOut, **BAD_INPUT},
    summary="ความครบถ้วนและตรงเวลาของการรายงานผลของรอบรายงาน รายจังหวัด (รายอำเภอเมื่อระบุพื้นที่)",
    description=described(
        "ผู้ต้องรายงาน ส่งแล้ว ตรงเวลา ส่งช้า ยังไม่ส่ง และร้อยละ ของพื้นที่ที่ระบุ รายจังหวัด หรือรายอำเภอ "
        "เมื่อระบุพื้นที่ ผู้ไม่ได้เข้าสู่ระบบได้ตัวเลขสาธารณะ (ไม่รวมจำนวนร่าง)",
        "Reporting completeness and timeliness of a round in the area asked, per province or district: "
        "expected, submitted, on time, late, missing and their rates; anonymous callers get the public "
        "figures (no count of drafts).",
    ),
)
def completeness(request, cycle: str, round: str, area: Query[AreaFilter]):
    found_round = _round(cycle_or_422(cycle), round)
    organisations = _organisations(request, area)
    group_by, model = _grouping(area)
    public = _public(request)
    groups = completeness_of(found_round, organisations, group_by=group_by)
    names = _names(model, groups)
    return {
        "cycle": found_round.cycle.code,
        "round": found_round.code,
        **_completeness(completeness_of(found_round, organisations), public),
        "groups": [
            {"code": code, "name": names.get(code, ""), **_completeness(found, public)}
            for code, found in sorted(groups.items())
        ],
    }
