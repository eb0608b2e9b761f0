"""Implementation reporting through the API (รายงานผลการดำเนินงานตามแผน): the rounds of a
cycle; an organisation's report for a round — open it, read it with its lines and totals,
save answers, submit it; and, for the offices, completeness and the organisations still
missing in their area. The same services and selectors as the reporting pages.

A report is addressed as /reporting/reports/{organisation}/{cycle}/{round}, e.g.
/reporting/reports/6800808/2562-2565/2563-6. Reports and organisations outside the
caller's scope are 404; in scope but not the caller's to write is 403; a submitted report
is 409 until the provincial office reopens it; bad input is 422 with each field named.
Evidence files of a report's lines: eplan.reporting.api_evidence, mounted here.
"""

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from eplan.accounts import scope
from eplan.accounts.api_areas import AreaFilter, organisations_in_area
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, STATE_ERRORS
from eplan.core.api_schemas import Pages, described
from eplan.core.concurrency import StaleEdit
from eplan.frameworks.api import cycle_or_422
from eplan.frameworks.models import Cycle
from eplan.registry.models import District, Province
from eplan.reporting import edits, selectors, services
from eplan.reporting.api_evidence import evidence_out
from eplan.reporting.api_evidence import router as evidence_router
from eplan.reporting.api_schemas import (
    CompletenessOut,
    MissingOut,
    ReportIn,
    ReportOut,
    RoundOut,
    StaleOut,
    SubmitOut,
)
from eplan.reporting.lines import line_warnings
from eplan.reporting.models import LineStatus, Report, ReportState, Round, RoundKind
from eplan.reporting.windows import window_state

router = Router(tags=["reporting"])
router.add_router("", evidence_router)


REPORT = "/reporting/reports/{organisation_code}/{cycle}/{round_code}"
BAD_FILTERS = {401: AUTH_ERRORS[401], 429: AUTH_ERRORS[429], **INPUT_ERRORS}

# --- helpers ------------------------------------------------------------------------------


def _money(value):
    return f"{value:.2f}" if value is not None else None


def _rate(value):
    return str(value) if value is not None else None


def _round(cycle_code, round_code) -> Round:
    return selectors.round_or_404(get_object_or_404(Cycle, code=cycle_code), round_code)


def _report(request, organisation_code, cycle, round_code) -> Report:
    return selectors.report_for_user_or_404(request.auth, _round(cycle, round_code), organisation_code)


def _round_out(round: Round) -> dict:
    return {
        "cycle": round.cycle.code,
        "fiscal_year": round.fiscal_year,
        "kind": round.kind,
        "kind_label": str(RoundKind(round.kind).label),
        "code": round.code,
        "opens_on": round.opens_on,
        "due_on": round.due_on,
        "closes_on": round.closes_on,
        "window": window_state(round),
        "expected_rule": round.expected_rule,
        "expected_frozen_at": round.expected_frozen_at,
    }


def _tally_out(kind, tally) -> dict:
    return {
        "items": tally.items,
        "done": tally.done,
        "in_progress": tally.in_progress,
        "not_possible": tally.not_possible,
        "awaiting": tally.awaiting,
        "planned_budget": _money(tally.planned_budget),
        "ordinance_budget": _money(tally.ordinance_budget),
        "disbursed": _money(tally.disbursed),
        "score": _money(tally.score),
        "band": selectors.band(kind, tally.score),
    }


def _line_out(line) -> dict:
    return {
        "id": line.pk,
        "item_id": line.item_id,
        "extra": line.is_extra,
        "number": line.number,
        "dimension": line.dimension,
        "mission": line.mission,
        "title": line.title,
        "indicators": line.indicators,
        "planned_budget": _money(line.planned_budget),
        "planned_without_budget": line.planned_without_budget,
        "ordinance_budget": _money(line.ordinance_budget),
        "disbursed": _money(line.disbursed),
        "in_ordinance": line.in_ordinance,
        "status": line.status,
        "status_label": str(LineStatus(line.status).label) if line.status else "",
        "reason": line.reason,
        "reason_other": line.reason_other,
        "outputs": line.outputs,
        "outcomes": line.outcomes,
        "problems": line.problems,
        "note": line.note,
        "evidence": [evidence_out(evidence) for evidence in line.evidence.all()],
        "warnings": line_warnings(line),
    }


def if_match(request) -> str | None:
    """The ETag the caller read (If-Match), or None when it sent none (or "*")."""
    header = request.headers.get("If-Match", "").split(",")[0].strip().removeprefix("W/")
    return header.strip('"') if header and header != "*" else None


def _report_out(report: Report, response: HttpResponse | None = None) -> dict:
    """The report as the API gives it; its ETag (the state token of its texts and lines) on
    `response`, for a later PUT's If-Match."""
    lines = list(report.lines.prefetch_related("evidence"))
    if response is not None:
        response["ETag"] = f'"{edits.report_token(report, lines)}"'
    totals = selectors.report_summary(report, lines)
    kind = report.round.kind
    return {
        "id": report.pk,
        "organisation": report.organisation.code,
        "organisation_name": report.organisation.display_name,
        "cycle": report.round.cycle.code,
        "round": report.round.code,
        "fiscal_year": report.round.fiscal_year,
        "kind": kind,
        "state": report.state,
        "state_label": str(ReportState(report.state).label),
        "editable": report.state == ReportState.DRAFT,
        "plan_version": report.version.number,
        "summary": report.summary,
        "problems": report.problems,
        "receipt_number": report.receipt_number,
        "submitted_at": report.submitted_at,
        "first_submitted_at": report.first_submitted_at,
        "is_late": report.is_late,
        "created_at": report.created_at,
        "updated_at": report.updated_at,
        "lines": [_line_out(line) for line in lines],
        "totals": {
            "dimensions": [
                {"dimension": number, **_tally_out(kind, tally)} for number, tally in totals.dimensions.items()
            ],
            "total": _tally_out(kind, totals.total),
            "extras": totals.extras,
        },
    }


def _save_arguments(payload: ReportIn) -> dict:
    """The service's arguments: for each line only the fields sent. The service fills in
    the others from what is stored, with the report row locked, so a field this caller did
    not send is never written back from an older copy; ids that are not lines of this
    report are passed on for the service to name."""
    return {
        "lines": {key.strip(): entry.model_dump(exclude_unset=True) for key, entry in payload.lines.items()},
        "extras": [entry.model_dump() for entry in payload.extras],
        "removed_extras": payload.removed_extras,
        "summary": payload.summary,
        "problems": payload.problems,
    }


def _api_field(key: str) -> str:
    """The service counts new extras from 1 (extras.1.title); the API names them by their
    place in the array sent, as for any other list (extras.0.title)."""
    head, _dot, rest = key.partition(".")
    number, _dot, field = rest.partition(".")
    if head == "extras" and number.isdigit():
        return ".".join(part for part in ("extras", str(int(number) - 1), field) if part)
    return key


def _counts_out(found) -> dict:
    return {
        "expected": found.expected,
        "submitted": found.submitted,
        "on_time": found.on_time,
        "late": found.late,
        "missing": found.missing,
        "drafts": found.drafts,
        "submitted_rate": _rate(found.submitted_rate),
        "on_time_rate": _rate(found.on_time_rate),
        "late_rate": _rate(found.late_rate),
        "missing_rate": _rate(found.missing_rate),
    }


def _area(request, cycle, round, area: AreaFilter):
    """(round, organisations in the caller's scope narrowed to the area); unknown codes are 422
    and a place outside the scope counts nothing."""
    found_cycle = cycle_or_422(cycle)
    organisations = organisations_in_area(request.auth, area)
    try:
        found_round = selectors.round_or_404(found_cycle, round)
    except Http404:
        raise ValidationError({"round": _("ไม่พบรอบรายงาน %(code)s ในรอบแผนนี้") % {"code": round}}) from None
    return found_round, organisations


# --- rounds -------------------------------------------------------------------------------


@router.get(
    "/reporting/rounds",
    response={200: list[RoundOut], **BAD_FILTERS},
    summary="รอบรายงานผลของรอบแผน: รอบ 6 เดือนและ 12 เดือนของแต่ละปีงบประมาณ",
    description=described(
        "รอบรายงานของรอบแผน ปีต่อปี รอบ 6 เดือนก่อน 12 เดือน พร้อมวันเปิด กำหนดส่ง วันปิด และสถานะวันนี้ "
        "(ไม่แบ่งหน้า: รอบแผนหนึ่งมีไม่เกินสองรอบต่อปี); รอบแผนที่ไม่มีอยู่ตอบ 422",
        "The reporting rounds of a cycle, year by year, the 6-month before the 12-month, with their dates "
        "and today's window (not paginated: two a year); an unknown cycle is a 422 naming cycle.",
    ),
)
def rounds(request, cycle: str):
    found = selectors.rounds_of(cycle_or_422(cycle)).select_related("cycle")
    # Year by year, 6 before 12, whatever dates a round was moved to (kind is text: "12" < "6").
    return [_round_out(round) for round in sorted(found, key=lambda round: (round.fiscal_year, int(round.kind)))]


# --- reports ------------------------------------------------------------------------------


@router.get(
    REPORT,
    response={200: ReportOut, **AUTH_ERRORS},
    summary="รายงานผลการดำเนินงานของ อปท. ในรอบรายงาน: รายการ หลักฐาน และสรุปรายมิติ",
    description=described(
        "404 เมื่ออยู่นอกขอบเขต หรือยังไม่ได้เริ่มรายงาน (เริ่มด้วย POST); "
        "ส่วนหัว ETag ใช้เป็น If-Match ของ PUT เพื่อไม่ให้บันทึกทับการแก้ไขของผู้อื่น",
        "An organisation's implementation report for a round: its lines with evidence, and totals per "
        "dimension. 404 outside your scope or before the report is opened (POST); the ETag header is the "
        "If-Match of a PUT.",
    ),
)
def report_read(request, organisation_code: str, cycle: str, round_code: str, response: HttpResponse):
    return _report_out(_report(request, organisation_code, cycle, round_code), response)


@router.post(
    REPORT,
    response={200: ReportOut, 201: ReportOut, **AUTH_ERRORS, **INPUT_ERRORS},
    summary="เริ่มรายงานผล: สร้างรายงานพร้อมรายการตามแผนของปีงบประมาณนั้น",
    description=described(
        "201 เมื่อสร้างใหม่, 200 เมื่อมีอยู่แล้ว; รอบ 12 เดือนเริ่มจากคำตอบของรอบ 6 เดือน "
        "422 เมื่อ อปท. ไม่อยู่ในรายชื่อผู้ต้องรายงาน รอบยังไม่เปิด หรือยังไม่ได้กำหนดรายชื่อผู้ต้องรายงาน; "
        "403 เมื่อบทบาทของคุณรายงานแทน อปท. ไม่ได้",
        "Opens the report with a line for every item planned that year (the 12-month report starts from "
        "the 6-month answers): 201 when made, 200 when it existed. 422 when the organisation is not expected "
        "to report, the round has not opened or its list is not fixed; 403 when your role may not report.",
    ),
)
def report_open(request, organisation_code: str, cycle: str, round_code: str, response: HttpResponse):
    user = request.auth
    organisation = scope.organisation_for_user_or_404(user, organisation_code)
    round = _round(cycle, round_code)
    try:
        selectors.report_for_user_or_404(user, round, organisation.code)
        existed = True
    except Http404:
        existed = False
    services.report_open(actor=user, round=round, organisation=organisation)
    found = _report(request, organisation_code, cycle, round_code)
    return Status(200 if existed else 201, _report_out(found, response))


@router.put(
    REPORT,
    response={200: ReportOut, **AUTH_ERRORS, **STATE_ERRORS, 412: StaleOut, **INPUT_ERRORS},
    summary="บันทึกผลการดำเนินงาน: เฉพาะรายการที่ส่งมา ทั้งหมดหรือไม่บันทึกเลย",
    description=described(
        "ในแต่ละรายการเปลี่ยนเฉพาะช่องที่ส่งมา; title และ dimension แก้ได้เฉพาะรายการนอกแผน "
        "422 ระบุช่อง เช่น lines.812.reason เมื่อดำเนินการไม่ได้แต่ไม่ระบุเหตุผล, lines.812.note เมื่อเบิกจ่ายเกินงบ "
        "โดยไม่อธิบาย, extras.0.title; 403 เมื่อบทบาทของคุณแก้ไขรายงานไม่ได้; 409 เมื่อรายงานส่งแล้ว "
        "ส่ง If-Match เป็น ETag ที่ได้จากการอ่านรายงาน: 412 เมื่อมีผู้บันทึกรายงานหลังจากนั้น "
        "(current คือค่าที่บันทึกอยู่ตอนนี้ของรายการที่ส่งมา) ไม่มีอะไรถูกบันทึก",
        "Saves answers: only the lines and fields sent, all or nothing; title and dimension only on lines "
        "outside the plan. 422 names the field (lines.812.reason, extras.0.title); 403 when your role may "
        "not write the report; 409 when it is submitted; 412 when If-Match is stale (current holds what is "
        "stored now).",
    ),
)
def report_save(
    request, organisation_code: str, cycle: str, round_code: str, payload: ReportIn, response: HttpResponse
):
    report = _report(request, organisation_code, cycle, round_code)
    try:
        services.report_save(
            actor=request.auth, report=report, seen_report=if_match(request), **_save_arguments(payload)
        )
    except StaleEdit:
        raise  # 412 with the values stored now (eplan.core.api_errors), not the 409 below
    except ValidationError as error:
        # Without fields, the service is saying the report is submitted (not editable).
        if not hasattr(error, "error_dict"):
            raise HttpError(409, " ".join(error.messages)) from None
        raise ValidationError({_api_field(key): messages for key, messages in error.message_dict.items()}) from None
    return _report_out(_report(request, organisation_code, cycle, round_code), response)


@router.post(
    REPORT + "/submit",
    response={200: SubmitOut, **AUTH_ERRORS, **INPUT_ERRORS},
    summary="ส่งรายงาน: ได้เลขที่รับ และล็อกรายงานจนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะเปิดให้แก้ไข",
    description=described(
        "ส่งซ้ำได้ผลเดิม; 422 ระบุ lines.<id>.status ของรายการที่ยังไม่ได้ระบุสถานะ "
        "หรือเมื่อปิดรับรายงานแล้ว (เว้นแต่ได้รับการขยายเวลา); หลังกำหนดส่งนับว่าส่งล่าช้า",
        "Submits the report: a receipt number, locked until the provincial office reopens it; again gives "
        "the same receipt. 422 names lines.<id>.status for lines without a status, or says the round has "
        "closed (unless extended); after the due date it counts as late.",
    ),
)
def report_submit(request, organisation_code: str, cycle: str, round_code: str):
    report = _report(request, organisation_code, cycle, round_code)
    return services.report_submit(actor=request.auth, report=report)


# --- completeness -------------------------------------------------------------------------


@router.get(
    "/reporting/completeness",
    response={200: CompletenessOut, **BAD_FILTERS},
    summary="ความครบถ้วนและตรงเวลาของการรายงานผลในขอบเขตของฉัน รายจังหวัด (หรือรายอำเภอเมื่อระบุพื้นที่)",
    description=described(
        "จำนวนผู้ต้องรายงาน ส่งแล้ว ตรงเวลา ล่าช้า ยังไม่ส่ง และร้อยละ ในขอบเขตของผู้เรียก แคบลงด้วยภาค "
        "จังหวัด หรืออำเภอ; รายจังหวัด หรือรายอำเภอเมื่อระบุจังหวัดหรืออำเภอ "
        "รหัสที่ไม่มีอยู่ตอบ 422 ระบุช่อง พื้นที่นอกขอบเขตนับเป็นศูนย์",
        "Reporting completeness and timeliness in your scope, narrowed to a region, province or district: "
        "expected, submitted, on time, late, missing and their rates, per province (per district when a "
        "province or district is given). An unknown code is a 422 naming it; a place outside your scope "
        "counts nothing.",
    ),
)
def completeness(request, cycle: str, round: str, area: Query[AreaFilter]):
    found_round, organisations = _area(request, cycle, round, area)
    province, district = area.province, area.district
    group_by, places = ("district", District) if province or district else ("province", Province)
    groups = selectors.completeness(found_round, organisations, group_by=group_by)
    names = dict(places.objects.filter(code__in=list(groups)).values_list("code", "name_th"))
    return {
        "cycle": found_round.cycle.code,
        "round": found_round.code,
        "province": province or None,
        "district": district or None,
        **_counts_out(selectors.completeness(found_round, organisations)),
        "groups": [
            {"code": code, "name": names.get(code, ""), **_counts_out(found)} for code, found in sorted(groups.items())
        ],
    }


@router.get(
    "/reporting/missing",
    response={200: list[MissingOut], **BAD_FILTERS},
    summary="อปท. ในขอบเขตของฉันที่ต้องรายงานแต่ยังไม่ส่ง พร้อมผู้ประสานงานและช่องทางติดต่อ",
    description=described(
        "อปท. ที่ต้องรายงานแต่ยังไม่ส่ง เรียงตามจังหวัด อำเภอ รหัส พร้อมผู้ประสานงาน กรองด้วยภาค จังหวัด อำเภอ เช่นเดียวกับความครบถ้วน",
        "The expected organisations in your scope that have not submitted, by province, district and code, "
        "with whom to call; filters as for completeness.",
    ),
)
@paginate(Pages)
def missing(request, cycle: str, round: str, area: Query[AreaFilter]):
    found_round, organisations = _area(request, cycle, round, area)
    return selectors.missing_organisations(found_round, organisations)
