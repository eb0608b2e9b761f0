"""The assessment through the API, for NACC staff (eplan.accounts.api_auth): the assessment queue,
one submitted version with its score sets, saving or finalising a score set (the same
services as the scoring page), and publishing an announcement (central office). The public
status and announcements are in eplan.assessment.api_public.

Versions outside the caller's scope are 404; a level the caller's role may not score, or
publishing by anyone but the central office, is 403; a version returned for revision is 409.
A score set's read gives its ETag (also its `etag` field); a save sending it in If-Match,
or `If-None-Match: *` for a first save, is refused with 412 and the set as stored now when
a colleague saved in between, as on the scoring page.
"""

import datetime
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate
from pydantic import BeforeValidator

from eplan.accounts import scope
from eplan.accounts.api_areas import AreaFilter, organisations_in_area
from eplan.accounts.api_auth import api_auth
from eplan.accounts.roles import Capability
from eplan.assessment import selectors, services
from eplan.assessment import status as status_module
from eplan.assessment.api_public import AnnouncementOut, announcement_out
from eplan.assessment.models import AssessmentState, Level, Result
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, PARAM_ERRORS, STATE_ERRORS
from eplan.core.api_schemas import InputSchema, Pages, described
from eplan.core.concurrency import StaleEdit
from eplan.frameworks.api import cycle_or_422
from eplan.frameworks.models import Cycle
from eplan.plans import services as plan_services
from eplan.plans.api_schemas import IF_MATCH_DESCRIPTION, STALE_ERRORS, seen_from, with_etag
from eplan.plans.models import VersionStatus
from eplan.registry.models import OrganisationType

router = Router(tags=["assessment"], auth=api_auth)

# --- schemas ------------------------------------------------------------------------------


class AnnouncementIn(InputSchema):
    title: str = Field("", description="เรื่อง (ไม่ระบุ = ผลการจัดทำแผนปฏิบัติการป้องกันการทุจริตฯ)")
    note: str = ""


class QueueRowOut(Schema):
    version: int = Field(alias="pk", description="id ของฉบับที่ส่ง ใช้กับ /assessment/versions/{id}")
    organisation: str = Field(alias="plan.organisation.code")
    organisation_name: str = Field(alias="plan.organisation.display_name")
    org_type: str = Field(alias="plan.organisation.org_type")
    province_code: str = Field(alias="plan.organisation.province_id")
    district_code: str = Field(alias="plan.organisation.district_id")
    district_name: str = Field(alias="plan.organisation.district.name_th")
    cycle: str = Field(alias="plan.cycle.code")
    number: int
    receipt_number: str
    submitted_at: datetime.datetime
    is_late: bool
    state: str = Field(alias="queue_state", description="todo (ยังไม่เริ่มประเมิน) | draft | final | returned (ส่งกลับแก้ไข)")
    provincial_state: str = Field(description="todo (ยังไม่เริ่มประเมิน) | draft | final")
    provincial_total: str | None
    provincial_result: str

    @staticmethod
    def resolve_provincial_state(version):
        return version.provincial_state or "todo"

    @staticmethod
    def resolve_provincial_total(version):
        return _points(version.provincial_total)

    @staticmethod
    def resolve_provincial_result(version):
        return version.provincial_result or ""


class CriterionRowOut(Schema):
    id: int
    text: str
    dimension: int | None
    mission: str | None
    max_points: str
    self_score: str | None = Field(description="คะแนนที่ อปท. ประเมินตนเอง")
    automatic: bool
    automatic_score: str | None = Field(description="ผลตรวจอัตโนมัติเป็นคะแนน; null = ผู้ประเมินพิจารณาเอง")
    met: bool | None
    problems: list[str]


class ItemRowOut(Schema):
    id: int
    dimension: int | None
    mission: str | None
    kind: str
    title: str


class ScoreOut(Schema):
    criterion: int
    score: str
    comment: str


class JudgementOut(Schema):
    item: int
    fits: bool
    reason: str


class AssessmentOut(Schema):
    id: int
    level: str
    level_label: str
    state: str
    state_label: str
    assessor: str
    general_comment: str
    total: str | None
    pass_mark: str | None
    result: str
    result_label: str
    started_at: datetime.datetime
    updated_at: datetime.datetime
    finalised_at: datetime.datetime | None
    scores: list[ScoreOut]
    judgements: list[JudgementOut]
    etag: str = Field(description="สถานะของชุดคะแนนที่อ่าน ส่งกลับใน If-Match เมื่อบันทึก")

    @staticmethod
    def resolve_etag(assessment):
        return services.score_set_state(assessment)

    @staticmethod
    def resolve_level_label(assessment):
        return str(Level(assessment.level).label)

    @staticmethod
    def resolve_state_label(assessment):
        return str(AssessmentState(assessment.state).label)

    @staticmethod
    def resolve_assessor(assessment):
        return assessment.assessor.get_username()

    @staticmethod
    def resolve_total(assessment):
        return _points(assessment.total)

    @staticmethod
    def resolve_pass_mark(assessment):
        return _points(assessment.pass_mark)

    @staticmethod
    def resolve_result_label(assessment):
        return str(Result(assessment.result).label) if assessment.result else ""

    @staticmethod
    def resolve_scores(assessment):
        return [
            {"criterion": s.criterion_id, "score": _points(s.score), "comment": s.comment}
            for s in sorted(assessment.scores.all(), key=lambda s: s.criterion_id)
        ]

    @staticmethod
    def resolve_judgements(assessment):
        return [
            {"item": j.item_id, "fits": j.fits, "reason": j.reason}
            for j in sorted(assessment.judgements.all(), key=lambda j: j.item_id)
        ]


class CountingOut(Schema):
    assessment: int
    level: str
    total: str | None
    result: str


class VersionAssessmentOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    province_code: str
    district_code: str
    cycle: str
    number: int
    receipt_number: str
    submitted_at: datetime.datetime
    is_late: bool
    status: str
    status_label: str
    pass_mark: str
    released: bool = Field(description="ถึงวันประกาศผลคะแนนของรอบแล้ว")
    criteria: list[CriterionRowOut]
    items: list[ItemRowOut]
    score_sets: dict[str, AssessmentOut] = Field(description="ชุดคะแนนตามระดับ: provincial (สปจ.) และ central (ทบทวน)")
    counting: CountingOut | None = Field(description="ชุดคะแนนที่นับ: ชุดที่ยืนยันผลล่าสุด; null = ยังไม่มี")
    can_assess: dict[str, bool] = Field(description="ผู้เรียกให้คะแนนระดับนั้นได้หรือไม่")


def _number_as_text(value):
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# As in the plans API: text or a JSON number, read by the same parser as the self-assessment.
NumberText = Annotated[str | None, BeforeValidator(_number_as_text)]


class ScoreIn(InputSchema):
    score: NumberText = Field(
        description="คะแนน 0 ถึงคะแนนเต็มของเกณฑ์ (ข้อความหรือตัวเลข ทศนิยมไม่เกิน 2 ตำแหน่ง) null = ล้างคะแนน"
    )
    comment: str = Field("", description="จำเป็นเมื่อคะแนนต่างจากผลตรวจอัตโนมัติ")


class JudgementIn(InputSchema):
    fits: bool = Field(True, description="รายการสอดคล้องกับมิติหรือไม่")
    reason: str = Field("", description="จำเป็นเมื่อไม่สอดคล้อง")


class AssessmentIn(InputSchema):
    """Only the criteria and items sent are changed."""

    scores: dict[str, ScoreIn] = Field(
        default_factory=dict, description='รายเกณฑ์ตาม id เช่น {"12": {"score": "5.00", "comment": ""}}'
    )
    judgements: dict[str, JudgementIn] = Field(
        default_factory=dict, description='รายการตาม id เช่น {"345": {"fits": false, "reason": "..."}}'
    )
    general_comment: str | None = Field(None, description="ความเห็นโดยรวม; null/ไม่ระบุ = คงเดิม")
    finalise: bool = Field(False, description="ยืนยันผล: ต้องให้คะแนนครบทุกเกณฑ์")
    change_reason: str = Field("", description="จำเป็น (อย่างน้อย 10 ตัวอักษร) เมื่อแก้ผลที่ประกาศแล้ว")


# --- helpers ------------------------------------------------------------------------------


def _points(value):
    return f"{value:.2f}" if value is not None else None


def _version_out(user, version) -> dict:
    sets = selectors.score_sets(version)
    counting = services.counting_assessment(version)
    counted = next((found for found in sets.values() if counting is not None and found.pk == counting.pk), None)
    return {
        "id": version.pk,
        "organisation": version.plan.organisation.code,
        "organisation_name": version.plan.organisation.display_name,
        "province_code": version.plan.organisation.province_id,
        "district_code": version.plan.organisation.district_id,
        "cycle": version.plan.cycle.code,
        "number": version.number,
        "receipt_number": version.receipt_number,
        "submitted_at": version.submitted_at,
        "is_late": version.is_late,
        "status": version.status,
        "status_label": str(VersionStatus(version.status).label),
        "pass_mark": _points(version.plan.cycle.pass_mark),
        "released": status_module.is_released(version.plan.cycle),
        "criteria": [
            {
                **row,
                "automatic_score": row["expected"] if row["automatic"] else None,
            }
            for row in version.snapshot["preassessment"]["criteria"]
        ],
        "items": list(services.snapshot_items(version).values()),
        "score_sets": sets,
        "counting": {
            "assessment": counted.pk,
            "level": counted.level,
            "total": _points(counted.total),
            "result": counted.result,
        }
        if counted
        else None,
        "can_assess": {level: services.may_assess(user, version, level) for level in Level.values},
    }


def _save_arguments(version, payload: AssessmentIn) -> dict:
    """The service's scores and judgements; ids that are not in this version and scores
    that are not numbers are refused here, each named."""
    criteria = {str(row["id"]) for row in version.snapshot["criteria"]}
    items = {str(item_id) for item_id in services.snapshot_items(version)}
    errors, scores, judgements = {}, {}, {}
    for key, entry in payload.scores.items():
        if key.strip() not in criteria:
            errors[f"scores.{key}"] = [_("ไม่พบเกณฑ์ %(id)s ในฉบับนี้") % {"id": key}]
            continue
        try:
            scores[int(key)] = (plan_services.parse_score(entry.score), entry.comment)
        except ValueError as error:
            errors[f"scores.{key}"] = [str(error)]
    for key, entry in payload.judgements.items():
        if key.strip() not in items:
            errors[f"judgements.{key}"] = [_("ไม่พบรายการ %(id)s ในฉบับนี้") % {"id": key}]
            continue
        judgements[int(key)] = (entry.fits, entry.reason)
    if errors:
        raise ValidationError(errors)
    return {"scores": scores, "judgements": judgements}


def _api_field(key: str) -> str:
    """The service's field names (score_<id>, item_<id>) as the API names them."""
    if key.startswith("score_"):
        return f"scores.{key.removeprefix('score_')}"
    if key.startswith("item_"):
        return f"judgements.{key.removeprefix('item_')}"
    return key


# --- assessing ----------------------------------------------------------------------------


@router.get(
    "/assessment/queue",
    response={200: list[QueueRowOut], **AUTH_ERRORS, **INPUT_ERRORS},
    summary="คิวการประเมิน: ฉบับล่าสุดในขอบเขตของฉัน ตามสถานะในคิว แล้วส่งก่อนอยู่ก่อน",
    description=described(
        "สำหรับผู้มีสิทธิ์ประเมินแผน (สำนักงาน ป.ป.ช.); ผู้อื่นได้ 404. "
        "state: waiting (ยังไม่เริ่มแล้วตามด้วยกำลังประเมิน) | todo | draft | final | returned (ส่งกลับแก้ไข) | all; "
        "ไม่ระบุ = ฉบับที่ส่งแล้วและยังไม่ถูกส่งกลับ (todo, draft, final) "
        "กรองด้วยรอบแผน ภาค จังหวัด อำเภอ ประเภท ความล่าช้า และข้อความ; รหัสที่ไม่มีอยู่ตอบ 422 ระบุช่อง",
        "The assessment queue for NACC staff who assess plans (others get 404): the latest version of each "
        "plan in your scope, by queue state and then the longest waiting first. state: waiting | todo | draft "
        "| final | returned | all; none = submitted and not returned. Filter by cycle, region, province, "
        "district, type, lateness and text; an unknown cycle or place code is a 422 naming the parameter.",
    ),
)
@paginate(Pages)
def queue(
    request,
    area: Query[AreaFilter],
    cycle: str = "",
    org_type: OrganisationType | None = None,
    state: Literal["waiting", "todo", "draft", "final", "returned", "all"] | None = None,
    late: bool | None = None,
    q: str = "",
):
    user = request.auth
    if not scope.has_capability(user, Capability.ASSESS_PLAN):
        raise Http404
    found_cycle = cycle_or_422(cycle) if cycle else None
    organisations = organisations_in_area(user, area) if area.region or area.province or area.district else None
    versions, _counts = selectors.queue_for_user(
        user,
        cycle=found_cycle,
        org_type=org_type or "",
        late=late,
        text=q,
        states=selectors.QUEUE_FILTERS[state or "submitted"],
    )
    if organisations is not None:
        versions = versions.filter(plan__organisation__in=organisations)
    return versions


@router.get(
    "/assessment/versions/{version_id}",
    response={200: VersionAssessmentOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="ฉบับที่ส่งสำหรับการประเมิน: เกณฑ์ ผลตรวจอัตโนมัติ คะแนนประเมินตนเอง ชุดคะแนน และชุดที่นับ",
    description=described(
        "ฉบับที่ส่งหนึ่งฉบับสำหรับผู้ประเมิน: เกณฑ์พร้อมผลตรวจอัตโนมัติและคะแนนประเมินตนเอง รายการ "
        "ชุดคะแนนรายระดับ และชุดที่นับ; นอกขอบเขต = 404",
        "One submitted version for its assessors: the criteria with the automatic result and the "
        "organisation's self-score, the items, the score sets by level and the one that counts; 404 outside "
        "your scope.",
    ),
)
def version_read(request, version_id: int):
    return _version_out(request.auth, selectors.version_for_assessor_or_404(request.auth, version_id))


@router.get(
    "/assessment/versions/{version_id}/{level}",
    response={200: AssessmentOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="ชุดคะแนนของระดับ provincial หรือ central พร้อม ETag สำหรับการบันทึก",
    description=described(
        "404 เมื่อยังไม่เริ่มประเมินระดับนี้ (บันทึกครั้งแรกส่ง If-None-Match: * ได้)",
        "The score set of one level (provincial or central) with its ETag for a later save; 404 when "
        "nobody has started that level (a first save may send If-None-Match: *).",
    ),
)
def score_set_read(request, response: HttpResponse, version_id: int, level: Level):
    version = selectors.version_for_assessor_or_404(request.auth, version_id)
    assessment = selectors.score_sets(version).get(level)
    if assessment is None:
        raise Http404
    with_etag(response, services.score_set_state(assessment))
    return assessment


@router.put(
    "/assessment/versions/{version_id}/{level}",
    response={200: AssessmentOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS, **STALE_ERRORS},
    summary="บันทึกชุดคะแนนของระดับ provincial หรือ central (finalise = ยืนยันผล)",
    description=described(
        "เปลี่ยนเฉพาะเกณฑ์และรายการที่ส่งมา ทั้งหมดหรือไม่บันทึกเลย "
        "422 ระบุช่อง เช่น scores.12 เมื่อคะแนนเกินช่วง หรือต่างจากผลตรวจอัตโนมัติโดยไม่มีความเห็น, "
        "judgements.345 เมื่อไม่สอดคล้องแต่ไม่ระบุเหตุผล, change_reason เมื่อแก้ผลที่ประกาศแล้ว; "
        "403 เมื่อบทบาทของคุณให้คะแนนระดับนี้ไม่ได้ (central = ส่วนกลางเท่านั้น); "
        "409 เมื่อฉบับนี้ถูกส่งกลับให้แก้ไขแล้ว หรือไม่ใช่ฉบับล่าสุด; "
        "412 เมื่อ If-Match ไม่ตรงกับชุดคะแนนที่บันทึกอยู่ (มีผู้อื่นบันทึกหลังจากที่คุณอ่าน) "
        "หรือส่ง If-None-Match: * แต่มีผู้เริ่มประเมินระดับนี้แล้ว",
        "Saves the score set of a level; finalise = true confirms the result. Only the criteria and items "
        "sent change, all or nothing. 422 names scores.<id>, judgements.<id> or change_reason; 403 when "
        "your role may not score that level; 409 when the version was returned or is not the latest; "
        "412 when If-Match is stale or If-None-Match: * finds the level already started.",
    ),
)
def score_set_save(
    request,
    response: HttpResponse,
    version_id: int,
    level: Level,
    payload: AssessmentIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
    if_none_match: str | None = Header(None, alias="If-None-Match", description="* = บันทึกเฉพาะเมื่อยังไม่มีผู้เริ่มประเมินระดับนี้"),
):
    user = request.auth
    version = selectors.version_for_assessor_or_404(user, version_id)
    arguments = _save_arguments(version, payload)
    seen = seen_from(if_match)
    if seen is None and (if_none_match or "").strip() == "*":
        seen = services.score_set_state(None)
    try:
        services.assessment_record(
            actor=user,
            version=version,
            level=level,
            general_comment=payload.general_comment,
            finalise=payload.finalise,
            change_reason=payload.change_reason,
            seen=seen,
            **arguments,
        )
    except StaleEdit:
        raise
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise HttpError(409, " ".join(error.messages)) from None
        raise ValidationError({_api_field(key): messages for key, messages in error.message_dict.items()}) from None
    assessment = selectors.score_sets(version)[level]
    with_etag(response, services.score_set_state(assessment))
    return assessment


@router.post(
    "/announcements/{cycle}",
    response={201: AnnouncementOut, **AUTH_ERRORS, **INPUT_ERRORS},
    tags=["announcements"],
    summary="ประกาศผลการจัดทำแผนของรอบ: บันทึกสถานะของ อปท. ทุกแห่ง ณ ขณะนี้ (ส่วนกลาง)",
    description=described(
        "403 เมื่อไม่ใช่ผู้ดูแลระบบส่วนกลาง สำนักงาน ป.ป.ช.",
        "Publishes an announcement for the cycle, freezing every active organisation's status now (the "
        "NACC central office only, others 403); 201 with the counts.",
    ),
)
def announcement_publish(request, cycle: str, payload: AnnouncementIn | None = None):
    payload = payload or AnnouncementIn()
    published = services.announcement_publish(
        actor=request.auth, cycle=get_object_or_404(Cycle, code=cycle), title=payload.title, note=payload.note
    )
    return Status(201, announcement_out(published))
