"""Public, read-only endpoints: plan cycles and each cycle's framework (มิติ → ภารกิจ →
ภารกิจย่อย) with its assessment criteria."""

import datetime

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from eplan.core.api_errors import ErrorOut
from eplan.core.api_schemas import described
from eplan.frameworks.models import CheckKind, Cycle
from eplan.frameworks.selectors import Framework, cycle_window_state, framework_of

router = Router(tags=["frameworks"])


class CycleOut(Schema):
    code: str
    title: str
    description: str
    fiscal_years: list[int]
    submission_opens: datetime.date
    submission_due: datetime.date
    submission_closes: datetime.date | None
    score_release_date: datetime.date
    pass_mark: str
    target_groups: list[str]
    window: str = Field(
        description="not_open (ยังไม่เปิดรับ) | open (เปิดรับ) | late (เลยกำหนดส่ง ยังรับแต่นับว่าส่งช้า) | closed (ปิดรับแล้ว)"
    )
    framework_locked: bool = Field(description="มีแผนส่งแล้ว กรอบและเกณฑ์ของรอบนี้จึงไม่เปลี่ยนอีก")

    @staticmethod
    def resolve_pass_mark(cycle):
        return f"{cycle.pass_mark:.2f}"

    @staticmethod
    def resolve_window(cycle):
        return cycle_window_state(cycle)

    @staticmethod
    def resolve_framework_locked(cycle):
        return cycle.is_framework_locked


class CriterionOut(Schema):
    id: int
    text: str
    text_en: str = Field("", description="ข้อความเกณฑ์ภาษาอังกฤษ (ว่างได้)")
    dimension: int | None
    mission: str | None
    max_points: str
    automatic: bool
    check_kind: str
    check_kind_label: str
    check_params: dict


class MissionOut(Schema):
    code: str
    title: str
    depth: int
    is_leaf: bool
    children: list["MissionOut"]


class DimensionOut(Schema):
    number: int
    title: str
    missions: list[MissionOut]
    criteria: list[CriterionOut]


class FrameworkOut(Schema):
    cycle: CycleOut
    dimensions: list[DimensionOut]
    plan_criteria: list[CriterionOut]
    total_points: str


def cycle_or_422(code) -> Cycle:
    """The cycle a list is filtered by: one that does not exist is a 422 naming `cycle`."""
    cycle = Cycle.objects.filter(code=code).first()
    if cycle is None:
        raise ValidationError({"cycle": _("ไม่พบรอบแผน %(code)s") % {"code": code}})
    return cycle


def _criterion(criterion) -> dict:
    return {
        "id": criterion.pk,
        "text": criterion.text,
        "text_en": criterion.text_en,
        "dimension": criterion.dimension.number if criterion.dimension_id else None,
        "mission": criterion.mission.code if criterion.mission_id else None,
        "max_points": f"{criterion.max_points:.2f}",
        "automatic": criterion.is_automatic,
        "check_kind": criterion.check_kind,
        "check_kind_label": str(CheckKind(criterion.check_kind).label),
        "check_params": criterion.check_params,
    }


def _missions_tree(framework: Framework, dimension) -> list[dict]:
    nodes = {
        mission.pk: {
            "code": mission.code,
            "title": mission.title,
            "depth": mission.depth,
            "is_leaf": mission.is_leaf,
            "children": [],
        }
        for mission in framework.missions_of(dimension)
    }
    roots = []
    for mission in framework.missions_of(dimension):  # document order, so children stay in order
        parent = nodes.get(mission.parent_id)
        (parent["children"] if parent else roots).append(nodes[mission.pk])
    return roots


@router.get(
    "/cycles",
    response=list[CycleOut],
    summary="รอบแผนทั้งหมด พร้อมช่วงเวลารับแผน",
    description=described(
        "รอบแผนทั้งหมด ล่าสุดก่อน พร้อมปีงบประมาณ ช่วงรับแผน วันประกาศผลคะแนน และคะแนนผ่าน (ไม่แบ่งหน้า: มีไม่กี่รอบ)",
        "Every plan cycle, newest first, with its fiscal years, submission window, score release date "
        "and pass mark (not paginated: there are few).",
    ),
)
def cycles(request):
    return Cycle.objects.order_by("-code")


@router.get(
    "/cycles/{code}",
    response={200: CycleOut, 404: ErrorOut},
    summary="รอบแผนตามรหัส เช่น 2562-2565",
    description=described("รอบแผนหนึ่งรอบตามรหัส; ไม่พบ = 404", "One plan cycle by its code, e.g. 2562-2565; 404 if none."),
)
def cycle(request, code: str):
    return get_object_or_404(Cycle, code=code)


@router.get(
    "/cycles/{code}/framework",
    response={200: FrameworkOut, 404: ErrorOut},
    summary="กรอบของรอบแผน: มิติ → ภารกิจ → ภารกิจย่อย และเกณฑ์การประเมิน",
    description=described(
        "ภารกิจเรียงตามลำดับในเอกสาร (1.2 ก่อน 1.10) โครงการ/กิจกรรม/มาตรการอยู่ใต้ภารกิจที่ is_leaf เท่านั้น "
        "เกณฑ์ที่ automatic เป็น true ระบบตรวจเองตาม check_kind; plan_criteria คือเกณฑ์ของภาพรวมของแผน",
        "The cycle's framework: dimensions, missions and sub-missions in document order (1.2 before 1.10), "
        "and the assessment criteria. Items belong under missions with is_leaf only; criteria with automatic "
        "true are checked by the system (check_kind); plan_criteria concern the plan as a whole.",
    ),
)
def framework(request, code: str):
    found = framework_of(get_object_or_404(Cycle, code=code))
    return {
        "cycle": found.cycle,
        "dimensions": [
            {
                "number": dimension.number,
                "title": dimension.title,
                "missions": _missions_tree(found, dimension),
                "criteria": [_criterion(criterion) for criterion in found.criteria_of(dimension)],
            }
            for dimension in found.dimensions
        ],
        "plan_criteria": [_criterion(criterion) for criterion in found.criteria_of(None)],
        "total_points": f"{found.total_points:.2f}",
    }
