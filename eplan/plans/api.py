"""Plans through the API: the same operations as the plan pages, calling the same services
and selectors. Authenticated (eplan.accounts.api_auth); plans outside the caller's scope are 404.

A plan is addressed as /plans/{organisation}/{cycle}, e.g. /plans/6800808/2562-2565.
Errors follow eplan.core.api_errors: 422 names each bad field with its Thai message, 403 when
the plan is visible to the caller but not theirs to change, 409 when it is not editable.

Lost updates: a read of an item, of Part 1 or of the self-assessment answers with an ETag
(the state token of eplan.core.concurrency, also the `etag` field); a change that sends it
back in If-Match is refused with 412 and the values stored now when someone changed them
in between. A change without If-Match is not checked (scripts that own their data).
"""

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from eplan.accounts import scope
from eplan.accounts.api_areas import AreaFilter, organisations_in_area
from eplan.accounts.api_auth import api_auth
from eplan.accounts.roles import Capability
from eplan.core.api_errors import AUTH_ERRORS, INPUT_ERRORS, PARAM_ERRORS, STATE_ERRORS
from eplan.core.api_schemas import Pages, described
from eplan.core.money import parse_budget
from eplan.frameworks.api import cycle_or_422
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state, framework_of
from eplan.plans import document, edit_state, selectors, services
from eplan.plans.api_schemas import (
    IF_MATCH_DESCRIPTION,
    STALE_ERRORS,
    ItemIn,
    ItemOut,
    MoveIn,
    Part1In,
    Part1Out,
    PlanOut,
    PlanSummaryOut,
    ReturnIn,
    SelfAssessmentIn,
    SelfAssessmentOut,
    StartIn,
    VersionOut,
    VersionSummaryOut,
    seen_from,
    submitted_is_409,
    with_etag,
)
from eplan.plans.cells import mission_code
from eplan.plans.models import Plan, PlanItem, PlanStatus

router = Router(tags=["plans"], auth=api_auth)

PLAN = "/plans/{organisation}/{cycle}"


# --- helpers -----------------------------------------------------------------------------


def _plan(request, organisation, cycle) -> Plan:
    return selectors.plan_for_user_or_404(request.auth, organisation, cycle)


def _editable_plan(request, organisation, cycle) -> Plan:
    """The plan, when it is open for changes (409 otherwise). Whether the caller may change
    it is the service's to say (403)."""
    plan = _plan(request, organisation, cycle)
    if not plan.is_editable:
        raise HttpError(409, _("แผนนี้ส่งแล้ว แก้ไขไม่ได้จนกว่าสำนักงาน ป.ป.ช. ประจำจังหวัดจะส่งกลับให้แก้ไข"))
    return plan


def _item(plan, pk) -> PlanItem:
    return get_object_or_404(PlanItem.objects.select_related("mission").prefetch_related("budgets"), pk=pk, plan=plan)


def _plan_out(user, plan) -> dict:
    doc = document.build(plan, framework=framework_of(plan.cycle))
    return {
        "organisation": plan.organisation.code,
        "cycle": plan.cycle.code,
        "status": plan.status,
        "status_label": str(PlanStatus(plan.status).label),
        "editable": plan.is_editable,
        "can_edit": plan.is_editable and scope.has_capability(user, Capability.EDIT_PLAN, plan.organisation),
        "can_submit": plan.is_editable and scope.has_capability(user, Capability.SUBMIT_PLAN, plan.organisation),
        "window": cycle_window_state(plan.cycle),
        "created_at": plan.created_at,
        "updated_at": plan.updated_at,
        "document": doc,
        "preassessment": document.preassessment(doc),
        "versions": list(plan.versions.select_related("submitted_by").order_by("-number")),
    }


def _item_arguments(plan, payload: ItemIn) -> dict:
    """The service's arguments from the payload; unparseable input is refused here with
    each field named, everything else is the service's to judge."""
    errors = {}
    framework = framework_of(plan.cycle)
    mission = None
    try:
        code = mission_code(payload.mission, framework.by_code)
    except ValueError as error:
        errors["mission"] = [str(error)]
    else:
        mission = framework.by_code.get(code)
        if mission is None:
            errors["mission"] = [_("ไม่พบภารกิจรหัส %(code)s ในกรอบของรอบแผนนี้") % {"code": code or payload.mission}]
    budgets = dict.fromkeys(plan.cycle.fiscal_years)  # a year left out: the item does not run then
    for key, value in payload.budgets.items():
        if not key.strip().isdigit():
            errors[f"budgets.{key}"] = [_("ปีงบประมาณต้องเป็นเลข พ.ศ. เช่น 2562")]
            continue
        try:
            budgets[int(key)] = parse_budget(value)
        except ValueError as error:
            errors[f"budgets.{key}"] = [str(error)]
    if errors:
        raise ValidationError(errors)
    fields = payload.model_dump(include=set(PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS))
    fields["kind"] = payload.kind
    return {"mission": mission, "fields": fields, "budgets": budgets}


def _self_assessment_out(plan, response) -> dict:
    doc = document.build(plan)
    criteria = [{**entry, "criterion": entry["id"]} for entry in doc["criteria"]]
    etag = edit_state.self_assessment_state(plan)
    with_etag(response, etag)
    return {"criteria": criteria, "preassessment": document.preassessment(doc), "etag": etag}


# --- plans ------------------------------------------------------------------------------


@router.get(
    "/plans",
    response={200: list[PlanSummaryOut], **AUTH_ERRORS, 422: INPUT_ERRORS[422]},
    summary="แผนในขอบเขตของฉัน",
    description=described(
        "แผนของ อปท. ในขอบเขตของผู้เรียก (รวมแผนที่กำลังจัดทำ) เรียงตามรอบแผนและรหัส อปท. "
        "กรองด้วยรอบแผน รหัส อปท. ภาค จังหวัด อำเภอ; รอบแผนหรือรหัสพื้นที่ที่ไม่มีอยู่ตอบ 422 ระบุช่อง "
        "พื้นที่นอกขอบเขตได้รายการว่าง",
        "The plans of the organisations in your scope (drafts included), by cycle and LAO code; filter by "
        "cycle, organisation, region, province and district. An unknown cycle or place code is a 422 naming "
        "the parameter; a place outside your scope gives an empty list.",
    ),
)
@paginate(Pages)
def plans(request, area: Query[AreaFilter], cycle: str = "", organisation: str = ""):
    found = (
        selectors.plans_for_user(request.auth)
        .select_related("organisation", "cycle")
        .annotate(latest_version=Max("versions__number"))
        .order_by("cycle__code", "organisation__code")
    )
    if cycle:
        found = found.filter(cycle=cycle_or_422(cycle))
    if area.region or area.province or area.district:
        found = found.filter(organisation__in=organisations_in_area(request.auth, area))
    if organisation:
        found = found.filter(organisation__code=organisation)
    return found


@router.post(
    "/plans",
    response={200: PlanOut, 201: PlanOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="เริ่มจัดทำแผนของ อปท. สำหรับรอบแผน",
    description=described(
        "201 เมื่อเริ่มแผนใหม่, 200 เมื่อมีแผนของรอบนี้อยู่แล้ว (ไม่สร้างซ้ำ); copy_from คัดลอกจากแผนรอบก่อน",
        "Starts the organisation's plan for a cycle: 201 when made, 200 when it already exists (never twice); "
        "copy_from copies the organisation's plan of an earlier cycle as a starting point.",
    ),
)
def plan_start(request, payload: StartIn):
    user = request.auth
    organisation = scope.organisation_for_user_or_404(user, payload.organisation)
    cycle = Cycle.objects.filter(code=payload.cycle).first()
    if cycle is None:
        raise ValidationError({"cycle": _("ไม่พบรอบแผน %(code)s") % {"code": payload.cycle}})
    existed = Plan.objects.filter(organisation=organisation, cycle=cycle).exists()
    if payload.copy_from:
        source = Plan.objects.filter(organisation=organisation, cycle__code=payload.copy_from).first()
        if source is None:
            raise ValidationError({"copy_from": _("ไม่พบแผนรอบ %(code)s ของ อปท. นี้") % {"code": payload.copy_from}})
        try:
            plan, _unplaced = services.plan_copy_forward(actor=user, source=source, cycle=cycle)
        except ValidationError as error:
            if existed:
                raise HttpError(409, " ".join(error.messages)) from None
            raise
    else:
        plan = services.plan_start(actor=user, organisation=organisation, cycle=cycle)
    return Status(200 if existed else 201, _plan_out(user, plan))


@router.get(
    PLAN,
    response={200: PlanOut, **AUTH_ERRORS},
    summary="แผน: เอกสารทั้งฉบับ ผลประเมินเบื้องต้น สถานะ และฉบับที่ส่ง",
    description=described(
        "แผนทั้งฉบับ (ส่วนที่ 1 มิติ → ภารกิจ → รายการ พร้อมงบประมาณรายปี) ผลประเมินเบื้องต้น สถานะ "
        "สิทธิ์ของผู้เรียก และฉบับที่ส่ง; นอกขอบเขต (รวมแผนที่กำลังจัดทำของ อปท. อื่น) = 404",
        "The whole plan (Part 1, dimensions → missions → items with yearly budgets), its pre-assessment, "
        "status, what you may do with it and its submitted versions; outside your scope (another "
        "organisation's draft included) 404.",
    ),
)
def plan_read(request, organisation: str, cycle: str):
    return _plan_out(request.auth, _plan(request, organisation, cycle))


@router.get(
    PLAN + "/part1",
    response={200: Part1Out, **AUTH_ERRORS},
    summary="ส่วนที่ 1 (บทนำ) และส่วนหน้าของแผน พร้อม ETag สำหรับการแก้ไข",
    description=described(
        "ส่วนที่ 1 (บทนำ) คำนำ และประกาศใช้แผน; ส่วนหัว ETag ใช้เป็น If-Match ของ PATCH",
        "Part 1 (introduction), the foreword and the adoption notice; the ETag header is the If-Match of a PATCH.",
    ),
)
def part1_read(request, response: HttpResponse, organisation: str, cycle: str):
    plan = _plan(request, organisation, cycle)
    with_etag(response, edit_state.part1_state(plan))
    return plan


@router.patch(
    PLAN + "/part1",
    response={200: Part1Out, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS, **STALE_ERRORS},
    summary="แก้ไขส่วนที่ 1 (บทนำ): เฉพาะหัวข้อที่ส่งมา",
    description=described(
        "เปลี่ยนเฉพาะหัวข้อที่ส่งมา; 409 เมื่อแผนส่งแล้ว, 412 เมื่อ If-Match ไม่ตรงกับที่บันทึกอยู่",
        "Changes Part 1: only the sections sent. 409 once the plan is submitted, 412 when If-Match is not "
        "the ETag of what is stored now.",
    ),
)
def part1_update(
    request,
    response: HttpResponse,
    organisation: str,
    cycle: str,
    payload: Part1In,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    plan = _editable_plan(request, organisation, cycle)
    with submitted_is_409():
        stored = services.part1_update(
            actor=request.auth, plan=plan, data=payload.model_dump(exclude_unset=True), seen=seen_from(if_match)
        )
    with_etag(response, edit_state.part1_state(stored))
    return stored


# --- items --------------------------------------------------------------------------------


@router.get(
    PLAN + "/items",
    response={200: list[ItemOut], **AUTH_ERRORS},
    summary="โครงการ/กิจกรรม/มาตรการของแผน",
    description=described(
        "รายการทั้งหมดของแผนตามลำดับในเอกสาร (ไม่แบ่งหน้า: แผนหนึ่งมีรายการไม่เกิน PLAN_MAX_ITEMS)",
        "Every project, activity and measure of the plan in document order (not paginated: a plan holds "
        "at most PLAN_MAX_ITEMS items).",
    ),
)
def items(request, organisation: str, cycle: str):
    return document.load_items(_plan(request, organisation, cycle))


@router.post(
    PLAN + "/items",
    response={201: ItemOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="เพิ่มโครงการ/กิจกรรม/มาตรการ",
    description=described(
        "แผนหนึ่งมีรายการได้ไม่เกินจำนวนที่ระบบกำหนด (PLAN_MAX_ITEMS, 300): เกินแล้วตอบ 422",
        "Adds a project, activity or measure to a sub-mission; 422 beyond PLAN_MAX_ITEMS (300) items, "
        "409 once the plan is submitted.",
    ),
)
def item_create(request, response: HttpResponse, organisation: str, cycle: str, payload: ItemIn):
    plan = _editable_plan(request, organisation, cycle)
    with submitted_is_409():
        item = services.item_save(actor=request.auth, plan=plan, **_item_arguments(plan, payload))
    item = _item(plan, item.pk)
    with_etag(response, edit_state.item_state(item))
    return Status(201, item)


@router.get(
    PLAN + "/items/{item_id}",
    response={200: ItemOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="รายการเดียว พร้อม ETag",
    description=described(
        "รายการหนึ่งของแผน; ส่วนหัว ETag ใช้เป็น If-Match ของ PUT และ DELETE",
        "One item of the plan; the ETag header is the If-Match of a PUT or DELETE.",
    ),
)
def item_read(request, response: HttpResponse, organisation: str, cycle: str, item_id: int):
    item = _item(_plan(request, organisation, cycle), item_id)
    with_etag(response, edit_state.item_state(item))
    return item


@router.put(
    PLAN + "/items/{item_id}",
    response={200: ItemOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS, **STALE_ERRORS},
    summary="แก้ไขรายการ (แทนที่ทั้งรายการ: ปีที่ไม่ระบุในงบประมาณ = ไม่ได้ดำเนินการ)",
    description=described(
        "แทนที่ทั้งรายการ; 409 เมื่อแผนส่งแล้ว, 412 เมื่อ If-Match ไม่ตรงกับที่บันทึกอยู่",
        "Replaces the whole item (a year left out of budgets: the item does not run then); 409 once the "
        "plan is submitted, 412 when If-Match is stale.",
    ),
)
def item_update(
    request,
    response: HttpResponse,
    organisation: str,
    cycle: str,
    item_id: int,
    payload: ItemIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    plan = _editable_plan(request, organisation, cycle)
    item = _item(plan, item_id)
    with submitted_is_409():
        services.item_save(
            actor=request.auth, plan=plan, item=item, seen=seen_from(if_match), **_item_arguments(plan, payload)
        )
    item = _item(plan, item_id)
    with_etag(response, edit_state.item_state(item))
    return item


@router.delete(
    PLAN + "/items/{item_id}",
    response={204: None, **AUTH_ERRORS, **STATE_ERRORS, **STALE_ERRORS, **PARAM_ERRORS},
    summary="ลบรายการ",
    description=described(
        "ลบรายการออกจากแผนที่ยังไม่ได้ส่ง; 409 เมื่อแผนส่งแล้ว, 412 เมื่อ If-Match ไม่ตรง",
        "Deletes an item of a plan not yet submitted; 409 once submitted, 412 when If-Match is stale.",
    ),
)
def item_delete(
    request,
    organisation: str,
    cycle: str,
    item_id: int,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    plan = _editable_plan(request, organisation, cycle)
    with submitted_is_409():
        services.item_delete(actor=request.auth, item=_item(plan, item_id), seen=seen_from(if_match))
    return Status(204, None)


@router.post(
    PLAN + "/items/{item_id}/move",
    response={200: ItemOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="เลื่อนรายการขึ้นหรือลงภายในภารกิจเดียวกัน",
    description=described(
        "สลับลำดับกับรายการก่อนหน้า (up) หรือถัดไป (down) ในภารกิจเดียวกัน",
        "Moves the item up or down within its mission (swaps it with its neighbour).",
    ),
)
def item_move(request, organisation: str, cycle: str, item_id: int, payload: MoveIn):
    plan = _editable_plan(request, organisation, cycle)
    with submitted_is_409():
        services.item_move(
            actor=request.auth, item=_item(plan, item_id), direction=-1 if payload.direction == "up" else 1
        )
    return _item(plan, item_id)


# --- self-assessment ---------------------------------------------------------------------


@router.get(
    PLAN + "/self-assessment",
    response={200: SelfAssessmentOut, **AUTH_ERRORS},
    summary="การประเมินตนเอง (SAR) รายเกณฑ์ และผลประเมินเบื้องต้น พร้อม ETag",
    description=described(
        "คะแนนประเมินตนเองและหลักฐานรายเกณฑ์ พร้อมผลประเมินเบื้องต้น; ส่วนหัว ETag ใช้เป็น If-Match ของ PATCH",
        "The self-assessment (SAR): the organisation's score and evidence per criterion and the "
        "pre-assessment; the ETag header is the If-Match of a PATCH.",
    ),
)
def self_assessment(request, response: HttpResponse, organisation: str, cycle: str):
    return _self_assessment_out(_plan(request, organisation, cycle), response)


@router.patch(
    PLAN + "/self-assessment",
    response={200: SelfAssessmentOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS, **STALE_ERRORS},
    summary="บันทึกการประเมินตนเอง: เฉพาะเกณฑ์ที่ส่งมา ทั้งหมดหรือไม่บันทึกเลย",
    description=described(
        "เปลี่ยนเฉพาะเกณฑ์ที่ส่งมา ทั้งหมดหรือไม่บันทึกเลย; 422 ระบุ entries.<n>.score, 409 เมื่อแผนส่งแล้ว",
        "Saves self-assessment scores: only the criteria sent, all or nothing; 422 names entries.<n>.score, "
        "409 once the plan is submitted, 412 when If-Match is stale.",
    ),
)
def self_assessment_save(
    request,
    response: HttpResponse,
    organisation: str,
    cycle: str,
    payload: SelfAssessmentIn,
    if_match: str | None = Header(None, alias="If-Match", description=IF_MATCH_DESCRIPTION),
):
    plan = _editable_plan(request, organisation, cycle)
    criteria = {criterion.pk: criterion for criterion in framework_of(plan.cycle).criteria}
    entries, errors, index_of = [], {}, {}
    for index, entry in enumerate(payload.entries):
        criterion = criteria.get(entry.criterion)
        if criterion is None:
            errors[f"entries.{index}.criterion"] = [_("ไม่พบเกณฑ์ %(id)s ในรอบแผนนี้") % {"id": entry.criterion}]
            continue
        if criterion.pk in index_of:
            errors[f"entries.{index}.criterion"] = [_("ระบุเกณฑ์นี้ซ้ำ")]
            continue
        index_of[criterion.pk] = index
        try:
            score = services.parse_score(entry.score)
        except ValueError as error:
            errors[f"entries.{index}.score"] = [str(error)]
            continue
        entries.append((criterion, score, entry.evidence, entry.evidence_url))
    if errors:
        raise ValidationError(errors)
    try:
        with submitted_is_409():
            services.self_assessment_save(actor=request.auth, plan=plan, entries=entries, seen=seen_from(if_match))
    except ValidationError as error:
        if not hasattr(error, "error_dict"):  # stale (412) or no longer editable
            raise
        # The service names criteria by id; the API names the entry sent.
        raise ValidationError(
            {
                f"entries.{index_of[int(key)]}.score" if key.isdigit() and int(key) in index_of else key: messages
                for key, messages in error.message_dict.items()
            }
        ) from None
    return _self_assessment_out(plan, response)


# --- submission and versions --------------------------------------------------------------


@router.post(
    PLAN + "/submit",
    response={200: VersionSummaryOut, **AUTH_ERRORS, **INPUT_ERRORS},
    summary="ส่งแผน: บันทึกเป็นฉบับที่ส่ง (ล็อกแผนจนกว่าจะถูกส่งกลับแก้ไข)",
    description=described(
        "ส่งซ้ำขณะที่แผนยังไม่ถูกส่งกลับ ได้ฉบับเดิม (ไม่สร้างฉบับใหม่) "
        "422 เมื่อแผนยังส่งไม่ได้ เช่น ยังไม่มีรายการ มีรายการที่ยังไม่ได้เลือกภารกิจ หรือรอบแผนไม่เปิดรับ",
        "Submits the plan as a new version, locked until it is returned for revision; submitting again "
        "before that gives the same version. 422 when it cannot be submitted yet (no items, items without "
        "a mission, the cycle not accepting plans).",
    ),
)
def submit(request, organisation: str, cycle: str):
    return services.plan_submit(actor=request.auth, plan=_plan(request, organisation, cycle))


@router.get(
    PLAN + "/versions",
    response={200: list[VersionSummaryOut], **AUTH_ERRORS},
    summary="ฉบับที่ส่งทั้งหมด",
    description=described(
        "ฉบับที่ส่งทั้งหมดของแผน ล่าสุดก่อน (ไม่แบ่งหน้า)",
        "Every submitted version of the plan, newest first (not paginated).",
    ),
)
def versions(request, organisation: str, cycle: str):
    return _plan(request, organisation, cycle).versions.select_related("submitted_by").order_by("-number")


@router.get(
    PLAN + "/versions/{number}",
    response={200: VersionOut, **AUTH_ERRORS, **PARAM_ERRORS},
    summary="ฉบับที่ส่ง พร้อมเนื้อหาที่ส่ง (snapshot) ซึ่งไม่เปลี่ยนแปลงอีก",
    description=described(
        "ฉบับที่ส่งหนึ่งฉบับ พร้อมเนื้อหาตามที่ส่งและ SHA-256 ของเนื้อหา",
        "One submitted version with its frozen snapshot and the snapshot's SHA-256.",
    ),
)
def version_read(request, organisation: str, cycle: str, number: int):
    return selectors.version_for_user_or_404(request.auth, organisation, cycle, number)


@router.post(
    PLAN + "/versions/{number}/return",
    response={200: VersionSummaryOut, **AUTH_ERRORS, **STATE_ERRORS, **INPUT_ERRORS},
    summary="ส่งแผนกลับให้ อปท. แก้ไข (สำนักงาน ป.ป.ช.)",
    description=described(
        "409 เมื่อฉบับนี้ไม่ใช่ฉบับล่าสุดที่รอการประเมิน",
        "Returns the plan to the organisation for revision, with the reason (NACC offices); 409 when this "
        "version is not the latest awaiting assessment.",
    ),
)
def version_return(request, organisation: str, cycle: str, number: int, payload: ReturnIn):
    version = selectors.version_for_user_or_404(request.auth, organisation, cycle, number)
    try:
        return services.plan_return(actor=request.auth, version=version, reason=payload.reason)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            raise
        raise HttpError(409, " ".join(error.messages)) from None
