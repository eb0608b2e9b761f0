"""Supervision through the API (การนิเทศติดตาม): visits and recommendations of the caller's
scope, and the อปท.'s answer to a recommendation. The same selectors and services as the
pages: outside the scope is 404, in scope but not the caller's to answer is 403, a
recommendation whose state does not take an answer is 409, bad input 422."""

import datetime
from typing import Literal

from django.db.models import Prefetch
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from eplan.accounts import scope
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, PARAM_ERRORS, STATE_ERRORS
from eplan.core.api_schemas import InputSchema
from eplan.monitoring import selectors, services
from eplan.monitoring.models import VisitOrganisation
from eplan.monitoring.views_recommendations import filtered
from eplan.reporting.api import Pages

router = Router(tags=["monitoring"])


class FindingOut(Schema):
    item: str = Field(description="รายการตรวจ (ถ้อยคำตามที่ใช้ในวันที่บันทึก)")
    result: str = Field(description="met = เป็นไปตามรายการ | not_met = ไม่เป็นไปตามรายการ | na = ไม่เกี่ยวข้อง")
    note: str


class RecommendationOut(Schema):
    id: int
    visit_id: int
    organisation: str = Field(description="รหัส อปท.")
    organisation_name: str
    text: str = Field(description="ข้อเสนอแนะ")
    due_on: datetime.date = Field(description="กำหนดดำเนินการภายใน (ค.ศ.)")
    state: str = Field(
        description=(
            "open = รอ อปท. ดำเนินการ | answered = ตอบแล้ว รอพิจารณา | reopened = ให้ดำเนินการเพิ่มเติม | closed = ปิดแล้ว"
        )
    )
    state_label: str
    overdue: bool = Field(description="ยังรอ อปท. ดำเนินการ (open หรือ reopened) และเลยกำหนดแล้ว")
    answers: int = Field(description="จำนวนครั้งที่ อปท. ตอบ")


class CoveredOut(Schema):
    organisation: str = Field(description="รหัส อปท.")
    organisation_name: str
    attended: bool | None = Field(description="อปท. เข้าร่วมหรือไม่ (null = ยังไม่ได้บันทึก)")
    attendees: str
    absentees: str
    note: str
    findings: list[FindingOut]
    recommendations: list[RecommendationOut]


class VisitOut(Schema):
    id: int
    fiscal_year: int = Field(description="ปีงบประมาณ (พ.ศ.)")
    kind: str = Field(description="single = ลงพื้นที่ อปท. | meeting = ประชุมระดับจังหวัด")
    date: datetime.date = Field(description="วันที่นิเทศ (ค.ศ.)")
    place: str
    team: str = Field(description="คณะนิเทศ (ชื่อ ตำแหน่ง)")
    province: str = Field(description="รหัสจังหวัด")
    state: str = Field(description="planned = วางแผนแล้ว | recorded = นิเทศแล้ว | cancelled = ยกเลิก")
    state_label: str
    organisations: list[str] = Field(description="รหัส อปท. ที่นิเทศ (เฉพาะที่อยู่ในขอบเขตของผู้เรียก)")


class VisitDetailOut(VisitOut):
    covered: list[CoveredOut]


class AnswerIn(InputSchema):
    action_taken: str = Field(max_length=5000, description="การดำเนินการตามข้อเสนอแนะ")


def _recommendation_out(recommendation, today) -> dict:
    return {
        "id": recommendation.pk,
        "visit_id": recommendation.covered.visit_id,
        "organisation": recommendation.organisation.code,
        "organisation_name": recommendation.organisation.display_name,
        "text": recommendation.text,
        "due_on": recommendation.due_on,
        "state": recommendation.state,
        "state_label": recommendation.get_state_display(),
        "overdue": selectors.is_overdue(recommendation, today),
        "answers": recommendation.answers_count,
    }


def _visit_out(visit, shown) -> dict:
    return {
        "id": visit.pk,
        "fiscal_year": visit.fiscal_year,
        "kind": visit.kind,
        "date": visit.date,
        "place": visit.place,
        "team": visit.team,
        "province": visit.province_id,
        "state": visit.state,
        "state_label": visit.get_state_display(),
        "organisations": shown,
    }


@router.get(
    "/visits",
    response={200: list[VisitOut], **AUTH_ERRORS, **PARAM_ERRORS},
    summary="การนิเทศติดตามในขอบเขตของฉัน",
    description="การนิเทศที่ครอบคลุม อปท. ในขอบเขตของผู้เรียก เรียงตามวันที่ กรองด้วยปีงบประมาณ (พ.ศ.) ได้",
)
@paginate(Pages)
def visits(request, fiscal_year: int | None = Query(None, ge=2543, le=2643, description="ปีงบประมาณ (พ.ศ.)")):
    found = selectors.visits_for_user(request.auth)
    if fiscal_year is not None:
        found = found.filter(fiscal_year=fiscal_year)
    area = scope.organisations_for_user(request.auth)
    found = found.prefetch_related(
        Prefetch(
            "covered",
            queryset=VisitOrganisation.objects.filter(organisation__in=area).select_related("organisation"),
            to_attr="shown",
        )
    ).order_by("date", "pk")
    return _LazyVisits(found)


class _LazyVisits:
    """The page of visits as the schema wants them (made only for the page asked)."""

    def __init__(self, queryset):
        self.queryset = queryset

    def __len__(self):
        return self.queryset.count()

    def __getitem__(self, index):
        rows = self.queryset[index]
        return [_visit_out(visit, [row.organisation.code for row in visit.shown]) for visit in rows]


@router.get(
    "/visits/{visit_id}",
    response={200: VisitDetailOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="การนิเทศติดตามหนึ่งครั้ง",
    description="ผลการนิเทศของ อปท. แต่ละแห่งที่อยู่ในขอบเขตของผู้เรียก: การเข้าร่วม ผลการตรวจ และข้อเสนอแนะ",
)
def visit(request, visit_id: int):
    found = selectors.visit_for_user_or_404(request.auth, visit_id)
    today = timezone.localdate()
    covered = list(selectors.covered_for_user(request.auth, found).select_related("visit"))
    body = _visit_out(found, [row.organisation.code for row in covered])
    body["covered"] = [
        {
            "organisation": row.organisation.code,
            "organisation_name": row.organisation.display_name,
            "attended": row.attended,
            "attendees": row.attendees,
            "absentees": row.absentees,
            "note": row.note,
            "findings": [{"item": f.item_text, "result": f.result, "note": f.note} for f in row.findings.all()],
            "recommendations": [_recommendation_out(_with(r, row), today) for r in row.recommendations.all()],
        }
        for row in covered
    ]
    return body


def _with(recommendation, covered):
    recommendation.covered = covered
    recommendation.organisation = covered.organisation
    return recommendation


@router.get(
    "/recommendations",
    response={200: list[RecommendationOut], **AUTH_ERRORS, **PARAM_ERRORS},
    summary="ข้อเสนอแนะจากการนิเทศติดตามในขอบเขตของฉัน",
    description=(
        "กรองด้วย state: open = รอ อปท. ดำเนินการ (รวมที่ให้ดำเนินการเพิ่มเติม), overdue = รอดำเนินการและเลยกำหนดแล้ว, "
        "answered = ตอบแล้ว รอพิจารณา, closed = ปิดแล้ว; ไม่ระบุ = ทั้งหมด เรียงตามกำหนดดำเนินการ"
    ),
)
@paginate(Pages)
def recommendations(request, state: Literal["open", "overdue", "answered", "closed"] | None = None):
    today = timezone.localdate()
    found = filtered(selectors.recommendations_for_user(request.auth), state or "", today)
    found = found.select_related("organisation", "covered").order_by("due_on", "pk")
    return [_recommendation_out(recommendation, today) for recommendation in found]


@router.post(
    "/recommendations/{recommendation_id}/answer",
    response={200: RecommendationOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="ตอบข้อเสนอแนะ (อปท.)",
    description=(
        "เจ้าหน้าที่หรือผู้บริหารของ อปท. แจ้งการดำเนินการตามข้อเสนอแนะ ผู้ให้ข้อเสนอแนะได้รับการแจ้งเตือน "
        "ตอบได้เมื่อสถานะเป็น open หรือ reopened (อื่น ๆ ตอบ 409) ไฟล์หลักฐานแนบได้ที่หน้าเว็บของข้อเสนอแนะ"
    ),
)
def answer(request, recommendation_id: int, payload: AnswerIn):
    found = selectors.recommendation_for_user_or_404(request.auth, recommendation_id)
    try:
        services.recommendation_answer(actor=request.auth, recommendation=found, action_taken=payload.action_taken)
    except services.TransitionRefused as error:
        raise HttpError(409, " ".join(error.messages)) from None
    found = selectors.recommendation_for_user_or_404(request.auth, recommendation_id)
    return _recommendation_out(found, timezone.localdate())
