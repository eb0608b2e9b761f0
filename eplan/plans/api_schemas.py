"""The shapes of plans through the API (eplan.plans.api): what each endpoint reads and
answers, and the lost-update helpers (ETag and If-Match) the assessment API shares."""

import datetime
from contextlib import contextmanager
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from ninja import Field, Schema
from ninja.errors import HttpError
from pydantic import BeforeValidator, field_validator

from eplan.core.api_schemas import InputSchema
from eplan.core.money import NO_BUDGET
from eplan.plans import edit_state
from eplan.plans.cells import item_kind
from eplan.plans.models import ItemKind, PlanStatus, VersionStatus

# --- lost updates: ETag and If-Match ----------------------------------------------------


class StaleOut(Schema):
    detail: str
    current: dict = Field(description="ค่าที่บันทึกอยู่ขณะนี้ ซึ่งมีผู้อื่นบันทึกหลังจากที่คุณอ่าน")


STALE_ERRORS = {412: StaleOut}
IF_MATCH_DESCRIPTION = "ETag ที่ได้จากการอ่านครั้งก่อน: ถ้ามีผู้อื่นแก้ไขหลังจากนั้น จะไม่บันทึกและตอบ 412 พร้อมค่าปัจจุบัน (ไม่ส่ง = ไม่ตรวจ)"


def seen_from(if_match: str | None) -> str | None:
    """The state token a caller sends back in If-Match (the ETag of its read). None when
    it sends none, or `*` (any current state): such a change is not checked. Of a list,
    the first tag counts."""
    tag = (if_match or "").split(",")[0].strip()
    if tag in ("", "*"):
        return None
    return tag.removeprefix("W/").strip('"')


def with_etag(response: HttpResponse, token: str) -> None:
    response["ETag"] = f'"{token}"'


@contextmanager
def submitted_is_409():
    """A plan found submitted inside the write's transaction (it was submitted after this
    request's first look) answers as one found submitted before: 409."""
    try:
        yield
    except ValidationError as error:
        if getattr(error, "code", None) == "not_editable":
            raise HttpError(409, " ".join(error.messages)) from None
        raise


# --- schemas ------------------------------------------------------------------------------


class PlanSummaryOut(Schema):
    organisation: str
    organisation_name: str
    cycle: str
    status: str
    status_label: str
    latest_version: int | None
    updated_at: datetime.datetime

    @staticmethod
    def resolve_organisation(plan):
        return plan.organisation.code

    @staticmethod
    def resolve_organisation_name(plan):
        return plan.organisation.display_name

    @staticmethod
    def resolve_cycle(plan):
        return plan.cycle.code

    @staticmethod
    def resolve_status_label(plan):
        return str(PlanStatus(plan.status).label)


class VersionSummaryOut(Schema):
    number: int
    receipt_number: str
    submitted_at: datetime.datetime
    submitted_by: str
    is_late: bool
    sha256: str = Field(description="SHA-256 ของ snapshot ในรูป JSON แบบ canonical (sort_keys, ไม่มีช่องว่าง)")
    status: str
    status_label: str
    returned_at: datetime.datetime | None
    return_reason: str

    @staticmethod
    def resolve_submitted_by(version):
        return version.submitted_by.get_username()

    @staticmethod
    def resolve_sha256(version):
        return version.snapshot_sha256

    @staticmethod
    def resolve_status_label(version):
        return str(VersionStatus(version.status).label)


class VersionOut(VersionSummaryOut):
    snapshot: dict = Field(description="แผนและการประเมินตนเองตามที่ส่ง (โครงสร้างเดียวกับ document ของแผน)")


class PlanOut(Schema):
    organisation: str
    cycle: str
    status: str
    status_label: str
    editable: bool = Field(description="แผนอยู่ในสถานะที่แก้ไขได้ (กำลังจัดทำ หรือส่งกลับแก้ไข)")
    can_edit: bool = Field(description="ผู้เรียกแก้ไขแผนนี้ได้ในขณะนี้")
    can_submit: bool = Field(description="ผู้เรียกส่งแผนนี้ได้ในขณะนี้")
    window: str = Field(description="ช่วงรับแผนของรอบ: not_open | open | late | closed")
    created_at: datetime.datetime
    updated_at: datetime.datetime
    document: dict = Field(description="แผนทั้งฉบับ: ส่วนที่ 1, มิติ → ภารกิจ → รายการ พร้อมงบประมาณรายปี, เกณฑ์")
    preassessment: dict = Field(description="คะแนนที่คาดว่าจะได้รายมิติ เทียบคะแนนผ่าน และสิ่งที่ยังขาด")
    versions: list[VersionSummaryOut]


class StartIn(InputSchema):
    organisation: str = Field(description="รหัส อปท. (7 หลัก)")
    cycle: str = Field(description="รหัสรอบแผน เช่น 2562-2565")
    copy_from: str | None = Field(None, description="รหัสรอบแผนก่อนหน้าของ อปท. เดียวกัน เพื่อคัดลอกเป็นต้นแบบ")


class Part1In(InputSchema):
    """Only the sections sent are changed. The parts before Part 1 are optional; an
    adoption notice, once begun, needs its text, signatory, position and date."""

    risk_analysis: str | None = None
    rationale: str | None = None
    objectives: str | None = None
    targets: str | None = None
    benefits: str | None = None
    document_title: str | None = Field(None, description="ชื่อเอกสารแผนของ อปท. เมื่อต่างจากชื่อมาตรฐาน")
    foreword: str | None = Field(None, description="คำนำ")
    adoption_text: str | None = Field(None, description="ข้อความประกาศใช้แผน")
    adoption_signatory: str | None = Field(None, description="ชื่อผู้ลงนามประกาศ")
    adoption_position: str | None = Field(None, description="ตำแหน่งผู้ลงนาม เช่น นายกองค์การบริหารส่วนตำบลกลาย")
    adoption_date: datetime.date | None = Field(None, description="วันที่ประกาศ (ค.ศ. YYYY-MM-DD)")


class Part1Out(Schema):
    risk_analysis: str
    rationale: str
    objectives: str
    targets: str
    benefits: str
    document_title: str
    foreword: str
    adoption_text: str
    adoption_signatory: str
    adoption_position: str
    adoption_date: datetime.date | None


def _number_as_text(value):
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# A number may come as JSON text ("1500.50") or a JSON number; either way the service's
# parser reads it as typed, so 10.555 is refused rather than rounded.
NumberText = Annotated[str | None, BeforeValidator(_number_as_text)]


class ItemIn(InputSchema):
    mission: str = Field(
        max_length=2000,
        description=(
            "รหัสภารกิจย่อยที่รายการนี้อยู่ (ต้องไม่มีภารกิจย่อยอีก) เช่น 3.2.1 หรือ ๓.๒.๑; "
            "ข้อความที่คัดลอกจากแผน เช่น “๑.๑ … 1.1.1 …” ใช้รหัสที่ละเอียดที่สุดในข้อความ"
        ),
    )
    kind: str = Field(
        max_length=50,
        description=(
            "ประเภท: project | activity | measure | guideline หรือ โครงการ | กิจกรรม | มาตรการ | แนวปฏิบัติงาน (แนวปฏิบัติ)"
        ),
    )
    title: str = Field(max_length=2000, description="ชื่อ (ไม่เกิน 500 ตัวอักษร เลขลำดับที่คัดลอกมาข้างหน้าจะถูกตัดออก)")
    budgets: dict[str, NumberText] = Field(
        default_factory=dict,
        description=(
            'งบประมาณรายปีงบประมาณ เช่น {"2562": "20000.00", "2563": "ไม่ใช้งบประมาณ", "2564": null}: '
            "จำนวนเงิน (ข้อความหรือตัวเลข ไม่ติดลบ ทศนิยมไม่เกิน 2 ตำแหน่ง), ไม่ใช้งบประมาณ, "
            "หรือ null/ไม่ระบุ = ไม่ได้ดำเนินการในปีนั้น "
            "ต้องมีอย่างน้อยหนึ่งปีที่ดำเนินการ"
        ),
    )
    quarters: list[int] = Field(default_factory=list, description="ไตรมาสที่ดำเนินการ 1–4")
    target_groups: list[str] = Field(default_factory=list, description="จากกลุ่มเป้าหมายของรอบแผน")
    note: str = ""
    rationale: str = ""
    objectives: str = ""
    outputs: str = ""
    area: str = ""
    method: str = ""
    duration: str = ""
    responsible_unit: str = ""
    indicators: str = ""

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value):
        return item_kind(value)


class ItemOut(Schema):
    id: int
    position: int
    mission: str | None = Field(description="null: คัดลอกมาจากแผนรอบก่อนและยังไม่ได้เลือกภารกิจ")
    previous_mission: str
    kind: str
    kind_label: str
    title: str
    budgets: dict[str, str] = Field(description="เฉพาะปีที่ดำเนินการ: จำนวนเงิน หรือ ไม่ใช้งบประมาณ")
    quarters: list[int]
    target_groups: list[str]
    note: str
    rationale: str
    objectives: str
    outputs: str
    area: str
    method: str
    duration: str
    responsible_unit: str
    indicators: str
    updated_at: datetime.datetime
    etag: str = Field(description="สถานะของรายการที่อ่าน ส่งกลับใน If-Match เมื่อแก้ไขหรือลบ")

    @staticmethod
    def resolve_etag(item):
        return edit_state.item_state(item)

    @staticmethod
    def resolve_mission(item):
        return item.mission.code if item.mission_id else None

    @staticmethod
    def resolve_previous_mission(item):
        return item.previous_mission_code

    @staticmethod
    def resolve_kind_label(item):
        return str(ItemKind(item.kind).label)

    @staticmethod
    def resolve_budgets(item):
        return {
            str(budget.fiscal_year): NO_BUDGET if budget.no_budget else f"{budget.amount:.2f}"
            for budget in item.budgets.all()
        }


class MoveIn(InputSchema):
    direction: Literal["up", "down"] = Field(description="สลับกับรายการก่อนหน้า (up) หรือถัดไป (down) ในภารกิจเดียวกัน")


class SelfScoreIn(InputSchema):
    criterion: int = Field(description="id ของเกณฑ์ (จากกรอบของรอบแผน)")
    score: NumberText = Field(description="คะแนนที่ประเมินตนเอง (ข้อความหรือตัวเลข) null = ล้างคะแนน")
    evidence: str = ""
    evidence_url: str = ""


class SelfAssessmentIn(InputSchema):
    """Only the criteria listed are changed."""

    entries: list[SelfScoreIn]


class SelfScoreOut(Schema):
    criterion: int
    text: str
    dimension: int | None
    mission: str | None
    max_points: str
    self_score: str | None
    evidence: str
    evidence_url: str


class SelfAssessmentOut(Schema):
    criteria: list[SelfScoreOut]
    preassessment: dict
    etag: str = Field(description="สถานะของการประเมินตนเองที่อ่าน ส่งกลับใน If-Match เมื่อบันทึก")


class ReturnIn(InputSchema):
    reason: str = Field(description="เหตุผลและสิ่งที่ต้องแก้ไข (อย่างน้อย 10 ตัวอักษร)")
