"""A report line's answers (รายการในรายงานผล): the fields an organisation fills in, the one
rule that checks them for the report page, the Excel import and the API, and the
contradictions with the plan that are worth a warning beside the line (saved, not refused).

Amounts are read as officers type them, by eplan.core.money.parse_amount: `20,000`,
`20,000.-`, `20,000.00 บาท` and `๒๐,๐๐๐` are twenty thousand baht; a negative amount, two
amounts in one box or words are refused with the field and the reason.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from eplan.core.money import parse_amount
from eplan.core.thai import baht
from eplan.reporting.models import LineStatus, NotPossibleReason, ReportLine

LINE_FIELDS = (
    "ordinance_budget",
    "disbursed",
    "in_ordinance",
    "status",
    "reason",
    "reason_other",
    "outputs",
    "outcomes",
    "problems",
    "note",
)
MONEY_FIELDS = ("ordinance_budget", "disbursed")
TRUE = (True, "true", "on", "1", "yes", 1)


def _label(field) -> str:
    return str(ReportLine._meta.get_field(field).verbose_name)


def _amount(value, field, errors, key) -> Decimal | None:
    """An amount as typed, or as stored (a Decimal read back from the line)."""
    if value is None:
        return None
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    try:
        return parse_amount(text)
    except ValueError as error:
        errors[key] = _("%(field)s: %(reason)s") % {"field": _label(field), "reason": error}
        return None


def clean_line(values: dict, *, prefix: str, errors: dict, extra: bool = False) -> dict:
    """Validate one line's answers; errors go into `errors` keyed prefix.field."""
    cleaned = {field: _amount(values.get(field), field, errors, f"{prefix}.{field}") for field in MONEY_FIELDS}
    cleaned["in_ordinance"] = values.get("in_ordinance") in TRUE
    status = (values.get("status") or "").strip()
    if status and status not in LineStatus.values:
        errors[f"{prefix}.status"] = _("สถานะไม่ถูกต้อง")
    cleaned["status"] = status
    reason = (values.get("reason") or "").strip()
    if reason and reason not in NotPossibleReason.values:
        errors[f"{prefix}.reason"] = _("เหตุผลไม่ถูกต้อง")
    for field in ("reason_other", "outputs", "outcomes", "problems", "note"):
        cleaned[field] = (values.get(field) or "").strip()
    if status == LineStatus.NOT_POSSIBLE:
        if not reason:
            errors[f"{prefix}.reason"] = _("กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้")
        elif reason == NotPossibleReason.OTHER and not cleaned["reason_other"]:
            errors[f"{prefix}.reason_other"] = _("กรุณาระบุเหตุผลอื่น")
    else:
        reason, cleaned["reason_other"] = "", ""
    cleaned["reason"] = reason
    disbursed, ordinance = cleaned["disbursed"], cleaned["ordinance_budget"]
    if disbursed is not None and ordinance is not None and disbursed > ordinance and not cleaned["note"]:
        errors[f"{prefix}.note"] = _("เบิกจ่ายสูงกว่างบประมาณตามข้อบัญญัติ กรุณาอธิบายในหมายเหตุ")
    if extra:
        cleaned["title"] = (values.get("title") or "").strip()
        if not cleaned["title"]:
            errors[f"{prefix}.title"] = _("กรุณาระบุชื่อโครงการ/กิจกรรม")
        try:
            cleaned["dimension"] = int(values.get("dimension") or 0)
        except (TypeError, ValueError):
            cleaned["dimension"] = 0
        if cleaned["dimension"] not in (1, 2, 3, 4):
            errors[f"{prefix}.dimension"] = _("กรุณาเลือกมิติ 1–4")
    return cleaned


def line_warnings(line: ReportLine) -> list[str]:
    """What a line says that contradicts the plan it reports on: an item planned as
    ไม่ใช้งบประมาณ that declares an ordinance budget, or that could not be done for want of
    a budget. Shown beside the line and in the API; the line is saved all the same."""
    if not line.planned_without_budget:
        return []
    found = []
    if line.ordinance_budget:
        found.append(
            _(
                "แผนระบุว่ารายการนี้ไม่ใช้งบประมาณ แต่รายงานงบประมาณตามข้อบัญญัติ %(amount)s บาท "
                "ตรวจสอบว่ากรอกถูกรายการ หรืออธิบายในหมายเหตุ"
            )
            % {"amount": baht(line.ordinance_budget)}
        )
    if line.status == LineStatus.NOT_POSSIBLE and line.reason == NotPossibleReason.NO_BUDGET:
        found.append(
            _("แผนระบุว่ารายการนี้ไม่ใช้งบประมาณ แต่เหตุผลที่ดำเนินการไม่ได้คือ “%(reason)s” ตรวจสอบเหตุผลอีกครั้ง")
            % {"reason": NotPossibleReason.NO_BUDGET.label}
        )
    return found
