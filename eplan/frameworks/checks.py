"""Automatic criteria, evaluated on plain facts about a plan.

The plans app turns a live draft (or a frozen submission) into `PlanFacts`; this module
knows nothing of plan models, so the assessment of a frozen version gives exactly the
result the LAO saw before submitting.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.frameworks.check_kinds import CheckKind

# Part 1 (บทนำ) of the plan document. The first heading is verified from published plans;
# the others follow the common template.
PART1_SECTIONS = {
    "risk_analysis": gettext_lazy("การวิเคราะห์ความเสี่ยงในการเกิดการทุจริตในองค์กรปกครองส่วนท้องถิ่น"),
    "rationale": gettext_lazy("หลักการและเหตุผล"),
    "objectives": gettext_lazy("วัตถุประสงค์ของการจัดทำแผน"),
    "targets": gettext_lazy("เป้าหมาย"),
    "benefits": gettext_lazy("ประโยชน์ของการจัดทำแผน"),
}
PART1_MIN_CHARACTERS = 30
NO_ITEMS_TEXT = gettext_lazy("โครงการ/กิจกรรม/มาตรการ")


@dataclass
class ItemFact:
    title: str
    mission_code: str | None  # None: not placed under a mission yet
    dimension_number: int | None
    # fiscal year → (amount or None, no_budget)
    budgets: dict[int, tuple[Decimal | None, bool]] = field(default_factory=dict)

    @property
    def years(self):
        return sorted(self.budgets)


@dataclass
class PlanFacts:
    fiscal_years: list[int]
    part1: dict[str, str]
    items: list[ItemFact]


@dataclass
class CheckResult:
    met: bool
    problems: list[str]


def _in_mission(item: ItemFact, code: str) -> bool:
    return item.mission_code is not None and (item.mission_code == code or item.mission_code.startswith(code + "."))


def evaluate(criterion, facts: PlanFacts) -> CheckResult | None:
    """The automatic result of one criterion, or None when it is judged by a person."""
    kind = criterion.check_kind
    params = criterion.check_params or {}
    if not kind:
        return None
    if kind == CheckKind.MIN_ITEMS_IN_MISSION:
        code, wanted = params["mission"], int(params.get("min", 1))
        count = sum(1 for item in facts.items if _in_mission(item, code))
        if count >= wanted:
            return CheckResult(True, [])
        dimension = code.split(".")[0]
        if count == 0:
            message = _("มิติที่ %(dimension)s ภารกิจ %(mission)s: ยังไม่มีโครงการ/กิจกรรม/มาตรการ") % {
                "dimension": dimension,
                "mission": code,
            }
        else:
            message = _("มิติที่ %(dimension)s ภารกิจ %(mission)s: มี %(count)s รายการ ต้องมีอย่างน้อย %(wanted)s") % {
                "dimension": dimension,
                "mission": code,
                "count": count,
                "wanted": wanted,
            }
        return CheckResult(False, [message])
    if kind == CheckKind.BUDGET_STATED:
        number = criterion.dimension.number if criterion.dimension_id else None
        in_scope = [item for item in facts.items if number is None or item.dimension_number == number]
        if not in_scope:  # "every item has a budget" holds only where there is an item
            message = (
                _("มิติที่ %(dimension)s: ยังไม่มีโครงการ/กิจกรรม/มาตรการ จึงยังไม่มีงบประมาณให้ตรวจ") % {"dimension": number}
                if number is not None
                else _("แผนยังไม่มีโครงการ/กิจกรรม/มาตรการ จึงยังไม่มีงบประมาณให้ตรวจ")
            )
            return CheckResult(False, [message])
        problems = []
        for item in in_scope:
            if not item.budgets:
                problems.append(
                    _("มิติที่ %(dimension)s '%(title)s': ยังไม่ระบุปีงบประมาณที่ดำเนินการ")
                    % {"dimension": item.dimension_number or "-", "title": item.title}
                )
                continue
            for year, (amount, no_budget) in sorted(item.budgets.items()):
                if amount is None and not no_budget:
                    problems.append(
                        _("มิติที่ %(dimension)s '%(title)s' ปี %(year)s: ใส่จำนวนเงินหรือเลือก ไม่ใช้งบประมาณ")
                        % {"dimension": item.dimension_number or "-", "title": item.title, "year": year}
                    )
        return CheckResult(not problems, problems)
    if kind == CheckKind.PART1_SECTION_FILLED:
        section = params["section"]
        text = (facts.part1.get(section) or "").strip()
        if len(text) >= PART1_MIN_CHARACTERS:
            return CheckResult(True, [])
        return CheckResult(
            False,
            [_("ส่วนที่ 1 หัวข้อ %(section)s: ยังไม่ได้เขียน หรือสั้นเกินไป") % {"section": PART1_SECTIONS[section]}],
        )
    if kind == CheckKind.EVERY_YEAR_HAS_ITEM:
        running = {year for item in facts.items if item.mission_code for year in item.budgets}
        missing = [year for year in facts.fiscal_years if year not in running]
        problems = [
            _("ปีงบประมาณ %(year)s: ยังไม่มีโครงการ/กิจกรรม/มาตรการที่ดำเนินการในปีนี้") % {"year": year} for year in missing
        ]
        return CheckResult(not problems, problems)
    raise ValueError(f"Unknown check kind {kind!r}")


def validate_params(kind, params, *, cycle, dimension=None, mission_codes=None) -> list[str]:
    """Problems with a criterion's check settings (Thai), empty when they are usable.
    `mission_codes`, when the caller has them, saves a query."""
    params = params or {}
    if not kind:
        return []
    if kind not in CheckKind.values:
        return [_("ไม่รู้จักการตรวจ '%(kind)s'") % {"kind": kind}]
    if kind == CheckKind.MIN_ITEMS_IN_MISSION:
        code = str(params.get("mission", ""))
        problems = []
        known = code in mission_codes if mission_codes is not None else cycle.missions.filter(code=code).exists()
        if not known:
            problems.append(_("ไม่พบภารกิจ '%(code)s' ในรอบแผนนี้") % {"code": code})
        try:
            if int(params.get("min", 1)) < 1:
                raise ValueError
        except (TypeError, ValueError):
            problems.append(_("จำนวนขั้นต่ำต้องเป็นจำนวนเต็มตั้งแต่ 1"))
        return problems
    if kind == CheckKind.PART1_SECTION_FILLED and params.get("section") not in PART1_SECTIONS:
        return [_("หัวข้อของส่วนที่ 1 ต้องเป็นหนึ่งใน: %(keys)s") % {"keys": ", ".join(PART1_SECTIONS)}]
    return []
