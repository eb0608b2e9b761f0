"""The shapes of implementation reporting through the API (eplan.reporting.api): what each
endpoint reads and answers."""

import datetime
from typing import Annotated

from ninja import Field, Schema
from pydantic import BeforeValidator

from eplan.core.api_schemas import InputSchema
from eplan.reporting.api_evidence import EvidenceOut
from eplan.reporting.models import LineStatus, NotPossibleReason

MAX_LINES = 2000  # more than any plan holds items (real plans: 20–150)
MAX_EXTRAS = 200


def _contact(expected, field):
    # An organisation that has not filled in its basic data has no profile yet.
    profile = getattr(expected.organisation, "profile", None)
    return getattr(profile, field, "") if profile is not None else ""


# --- schemas ------------------------------------------------------------------------------


class RoundOut(Schema):
    cycle: str
    fiscal_year: int = Field(description="ปีงบประมาณ (พ.ศ.)")
    kind: str = Field(description="6 = รอบ 6 เดือน, 12 = รอบ 12 เดือน")
    kind_label: str
    code: str = Field(description="ที่อยู่ของรอบในรอบแผน เช่น 2563-6")
    opens_on: datetime.date
    due_on: datetime.date
    closes_on: datetime.date = Field(description="หลังวันนี้ส่งได้เฉพาะ อปท. ที่ได้รับการขยายเวลา")
    window: str = Field(description="วันนี้: not_open | open | late (หลังกำหนดส่ง ยังรับ) | closed")
    expected_rule: str = Field(description="passed | assessed | submitted: อปท. ที่ต้องรายงาน")
    expected_frozen_at: datetime.datetime | None = Field(
        description="กำหนดรายชื่อผู้ต้องรายงานเมื่อ (null = ยังไม่กำหนด: ระบบกำหนดในการประมวลผลประจำเช้าเมื่อรอบเปิด)"
    )


class LineOut(Schema):
    id: int
    item_id: int | None = Field(description="id ของรายการในแผนฉบับที่ส่ง; null = รายการนอกแผน")
    extra: bool = Field(description="รายการที่ดำเนินการนอกแผน")
    number: str
    dimension: int
    mission: str
    title: str
    indicators: str
    planned_budget: str | None = Field(description="งบประมาณตามแผนของปีนั้น; null เมื่อแผนระบุว่าไม่ใช้งบประมาณ")
    planned_without_budget: bool = Field(description="แผนระบุว่ารายการนี้ไม่ใช้งบประมาณในปีงบประมาณนี้")
    ordinance_budget: str | None
    disbursed: str | None
    in_ordinance: bool
    status: str = Field(description="in_progress | done | not_possible | ว่าง = ยังไม่ได้ระบุ")
    status_label: str
    reason: str = Field(description="no_budget | policy_changed | no_staff | other (เมื่อ not_possible)")
    reason_other: str
    outputs: str
    outcomes: str
    problems: str
    note: str
    evidence: list[EvidenceOut]
    warnings: list[str] = Field(
        description="คำเตือนที่ขัดกับแผน (บันทึกได้ ไม่ถูกปฏิเสธ) เช่น รายการไม่ใช้งบประมาณแต่รายงานงบตามข้อบัญญัติ"
    )


class TallyOut(Schema):
    items: int = Field(description="รายการตามแผน (ไม่นับรายการนอกแผน)")
    done: int
    in_progress: int
    not_possible: int
    awaiting: int = Field(description="ยังไม่ได้ระบุสถานะ")
    planned_budget: str
    ordinance_budget: str
    disbursed: str
    score: str | None = Field(description="(เสร็จ × 1 + ระหว่างดำเนินการ × 0.5) ÷ รายการ × 100; null = ไม่มีรายการ")
    band: str = Field(description="green | orange | red ตามเกณฑ์ของรอบ 6 หรือ 12 เดือน")


class DimensionTallyOut(TallyOut):
    dimension: int


class TotalsOut(Schema):
    dimensions: list[DimensionTallyOut]
    total: TallyOut = Field(description="รวม 4 มิติ")
    extras: int = Field(description="จำนวนรายการนอกแผน")


class ReportOut(Schema):
    id: int
    organisation: str
    organisation_name: str
    cycle: str
    round: str
    fiscal_year: int
    kind: str
    state: str = Field(description="draft | submitted")
    state_label: str
    editable: bool = Field(description="ยังไม่ได้ส่ง (หรือถูกเปิดให้แก้ไข)")
    plan_version: int = Field(description="ฉบับที่ของแผนที่รายงาน")
    summary: str = Field(description="สรุปผลการดำเนินงานภาพรวม")
    problems: str = Field(description="ปัญหา อุปสรรค และข้อเสนอแนะ")
    receipt_number: str
    submitted_at: datetime.datetime | None
    first_submitted_at: datetime.datetime | None = Field(description="ความล่าช้าคิดจากการส่งครั้งแรก")
    is_late: bool
    created_at: datetime.datetime
    updated_at: datetime.datetime
    lines: list[LineOut]
    totals: TotalsOut = Field(description="สรุปรายมิติและรวม: จำนวนตามสถานะ งบประมาณ คะแนนการดำเนินงาน")


def _number_as_text(value):
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


# Money may come as JSON text ("15,000.50", "20,000.00 บาท", "๒๐,๐๐๐") or a JSON number; the
# service reads it as typed, with the one parser of the pages and the Excel import.
MoneyText = Annotated[str | None, BeforeValidator(_number_as_text)]


class LineIn(InputSchema):
    """The answers of one line. Only the fields sent change; null clears an amount."""

    ordinance_budget: MoneyText = Field(None, description="งบประมาณตามข้อบัญญัติ/เทศบัญญัติ")
    disbursed: MoneyText = Field(None, description="เบิกจ่าย (ถ้าเกินงบตามข้อบัญญัติต้องอธิบายใน note)")
    in_ordinance: bool = False
    status: str = Field("", description=" | ".join(LineStatus.values))
    reason: str = Field("", description=" | ".join(NotPossibleReason.values) + " (จำเป็นเมื่อ not_possible)")
    reason_other: str = Field("", description="จำเป็นเมื่อ reason = other")
    outputs: str = ""
    outcomes: str = ""
    problems: str = ""
    note: str = ""
    title: str = Field("", description="เฉพาะรายการนอกแผน")
    dimension: int | None = Field(None, ge=1, le=4, description="เฉพาะรายการนอกแผน: มิติ 1–4")


# Ids are database keys: a number beyond them names nothing and is refused as such.
LineId = Annotated[int, Field(ge=1, le=2**63 - 1)]


class ReportIn(InputSchema):
    lines: dict[str, LineIn] = Field(
        default_factory=dict,
        max_length=MAX_LINES,
        description='รายการตาม id เช่น {"812": {"status": "done", "disbursed": "15000"}}',
    )
    extras: list[LineIn] = Field(
        default_factory=list, max_length=MAX_EXTRAS, description="รายการนอกแผนที่เพิ่ม (ต้องมี title และ dimension)"
    )
    removed_extras: list[LineId] = Field(
        default_factory=list, max_length=MAX_EXTRAS, description="id ของรายการนอกแผนที่ลบ"
    )
    summary: str | None = Field(None, description="สรุปผลภาพรวม; null/ไม่ระบุ = คงเดิม")
    problems: str | None = Field(None, description="ปัญหา อุปสรรค และข้อเสนอแนะ; null/ไม่ระบุ = คงเดิม")


class StaleOut(Schema):
    detail: str
    current: dict = Field(description="ค่าที่บันทึกอยู่ตอนนี้: summary, problems และ lines (ตาม id ของรายการที่ส่งมา)")


class SubmitOut(Schema):
    receipt_number: str
    submitted_at: datetime.datetime
    first_submitted_at: datetime.datetime
    is_late: bool
    state: str


class CountsOut(Schema):
    expected: int = Field(description="อปท. ที่ต้องรายงาน (รายชื่อที่กำหนดเมื่อเปิดรอบ และที่แก้ไขพร้อมเหตุผล)")
    submitted: int = Field(description="ส่งแล้ว (รวมที่ถูกเปิดให้แก้ไข)")
    on_time: int
    late: int
    missing: int = Field(description="ยังไม่ส่ง")
    drafts: int = Field(description="เริ่มรายงานแล้วแต่ยังไม่ส่ง")
    submitted_rate: str | None = Field(description="ร้อยละของผู้ต้องรายงาน; null = ไม่มีผู้ต้องรายงาน")
    on_time_rate: str | None
    late_rate: str | None
    missing_rate: str | None


class CompletenessGroupOut(CountsOut):
    code: str = Field(description="รหัสอำเภอเมื่อระบุจังหวัดหรืออำเภอ มิฉะนั้นรหัสจังหวัด")
    name: str


class CompletenessOut(CountsOut):
    cycle: str
    round: str
    province: str | None
    district: str | None
    groups: list[CompletenessGroupOut]


class MissingOut(Schema):
    code: str = Field(alias="organisation.code")
    display_name: str = Field(alias="organisation.display_name")
    org_type: str = Field(alias="organisation.org_type")
    province_code: str = Field(alias="organisation.province_id")
    district_code: str = Field(alias="organisation.district_id")
    district_name: str = Field(alias="organisation.district.name_th")
    extended_until: datetime.date | None = Field(description="ขยายเวลาส่งถึง")
    coordinator_name: str
    coordinator_position: str
    phone: str
    email: str

    @staticmethod
    def resolve_coordinator_name(row):
        return _contact(row, "coordinator_name")

    @staticmethod
    def resolve_coordinator_position(row):
        return _contact(row, "coordinator_position")

    @staticmethod
    def resolve_phone(row):
        return _contact(row, "phone")

    @staticmethod
    def resolve_email(row):
        return _contact(row, "email")
