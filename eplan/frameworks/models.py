"""Plan cycles, their framework (มิติ → ภารกิจ → ภารกิจย่อย) and assessment criteria: all data.

A cycle's framework may be edited until the first plan is submitted against it; from then
on `framework_locked_at` is set (by plans.services.plan_submit) and the framework is fixed.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from eplan.core.thai import fiscal_year_bounds
from eplan.frameworks.check_kinds import CheckKind
from eplan.frameworks.checks import validate_params

CYCLE_CODE = re.compile(r"^(25[0-9]{2})-(25[0-9]{2})$")


def cycle_years(code: str) -> list[int]:
    match = CYCLE_CODE.match(code or "")
    if not match:
        return []
    first, last = int(match.group(1)), int(match.group(2))
    return list(range(first, last + 1)) if first <= last else []


def mission_sort_key(code: str) -> tuple:
    return tuple(int(part) for part in code.split(".") if part.isdigit())


class Cycle(models.Model):
    """รอบแผน: e.g. 2562-2565, four or five fiscal years (Buddhist era)."""

    code = models.CharField(_("รหัสรอบแผน"), max_length=9, unique=True, help_text=_("เช่น 2562-2565"))
    title = models.CharField(_("ชื่อแผน"), max_length=300)
    description = models.TextField(_("คำอธิบาย"), blank=True)
    submission_opens = models.DateField(_("วันเปิดรับแผน"))
    submission_due = models.DateField(_("กำหนดส่งแผน"))
    submission_closes = models.DateField(
        _("วันปิดรับแผน"), null=True, blank=True, help_text=_("หลังกำหนดส่งยังรับแผน (นับว่าส่งช้า) จนถึงวันนี้")
    )
    score_release_date = models.DateField(_("วันเปิดให้ดูผลคะแนน"))
    pass_mark = models.DecimalField(_("คะแนนขั้นต่ำที่ผ่านเกณฑ์"), max_digits=5, decimal_places=2, default=80)
    target_groups = models.JSONField(_("กลุ่มเป้าหมาย"), default=list, blank=True)
    criteria_note = models.CharField(
        _("ที่มาของชุดเกณฑ์"), max_length=500, blank=True, help_text=_("เช่น ตัวอย่างเกณฑ์ ไม่ใช่เกณฑ์ทางการ")
    )
    framework_locked_at = models.DateTimeField(_("ล็อกกรอบเมื่อ"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-code"]
        verbose_name = _("รอบแผน")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^25[0-9]{2}-25[0-9]{2}$"), name="cycle_code_format"
            ),
            models.CheckConstraint(
                condition=models.Q(submission_due__gte=models.F("submission_opens")), name="cycle_due_after_opening"
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.code})"

    @property
    def fiscal_years(self) -> list[int]:
        return cycle_years(self.code)

    @property
    def first_day(self):
        return fiscal_year_bounds(self.fiscal_years[0])[0]

    @property
    def is_framework_locked(self) -> bool:
        return self.framework_locked_at is not None

    def clean(self):
        years = cycle_years(self.code)
        if not years:
            raise ValidationError({"code": _("รหัสรอบแผนต้องเป็น ปีเริ่ม-ปีสิ้นสุด (พ.ศ.) เช่น 2562-2565")})
        if not 3 <= len(years) <= 6:
            raise ValidationError({"code": _("รอบแผนต้องมี 3 ถึง 6 ปีงบประมาณ")})
        if self.submission_opens and self.submission_due and self.submission_due < self.submission_opens:
            raise ValidationError({"submission_due": _("กำหนดส่งต้องไม่ก่อนวันเปิดรับแผน")})
        if self.submission_closes and self.submission_due and self.submission_closes < self.submission_due:
            raise ValidationError({"submission_closes": _("วันปิดรับต้องไม่ก่อนกำหนดส่ง")})


class Dimension(models.Model):
    """มิติ (1–4 in the 2561/2562 frameworks)."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="dimensions")
    number = models.PositiveSmallIntegerField(_("มิติที่"))
    title = models.CharField(_("ชื่อมิติ"), max_length=300)
    source = models.CharField(max_length=16, blank=True, help_text=_("verified / template / edited"))

    class Meta:
        ordering = ["cycle", "number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="dimension_number_unique_in_cycle")]
        verbose_name = _("มิติ")

    def __str__(self):
        return f"มิติที่ {self.number} {self.title}"

    @property
    def code(self):
        return str(self.number)


class Mission(models.Model):
    """ภารกิจ (x.y) or a sub-mission at any depth (x.y.z). Plan items sit under leaf missions."""

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="missions")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, related_name="missions")
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    code = models.CharField(_("รหัสภารกิจ"), max_length=20)
    title = models.CharField(_("ชื่อภารกิจ"), max_length=500)
    source = models.CharField(max_length=16, blank=True)

    class Meta:
        ordering = ["cycle", "code"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "code"], name="mission_code_unique_in_cycle"),
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]+(\.[0-9]+)+$"), name="mission_code_format"),
        ]
        verbose_name = _("ภารกิจ")

    def __str__(self):
        return f"{self.code} {self.title}"

    @property
    def depth(self) -> int:
        return self.code.count(".")

    @property
    def sort_key(self) -> tuple:
        """Document order: 1.2 before 1.10 (the database would sort the text)."""
        return mission_sort_key(self.code)

    def clean(self):
        expected_prefix = f"{self.parent.code}." if self.parent_id else f"{self.dimension.number}."
        if not re.fullmatch(r"[0-9]+(\.[0-9]+)+", self.code or ""):
            raise ValidationError({"code": _("รหัสภารกิจต้องเป็นตัวเลขคั่นด้วยจุด เช่น 3.2 หรือ 3.2.1")})
        if not self.code.startswith(expected_prefix) or "." in self.code[len(expected_prefix) :]:
            raise ValidationError(
                {"code": _("รหัสภารกิจต้องขึ้นต้นด้วย %(prefix)s และต่อด้วยเลขลำดับ") % {"prefix": expected_prefix}}
            )


class Criterion(models.Model):
    """One assessment criterion with its maximum points; optionally checked automatically.

    Without a dimension the criterion concerns the whole plan (ภาพรวมของแผน), e.g. Part 1.
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="criteria")
    dimension = models.ForeignKey(Dimension, on_delete=models.CASCADE, null=True, blank=True, related_name="criteria")
    mission = models.ForeignKey(Mission, on_delete=models.CASCADE, null=True, blank=True, related_name="criteria")
    position = models.PositiveIntegerField(default=0)
    text = models.CharField(_("เกณฑ์"), max_length=500)
    text_en = models.CharField(
        _("เกณฑ์ (ภาษาอังกฤษ)"), max_length=500, blank=True, help_text=_("ไม่บังคับ แสดงเมื่อผู้ใช้เลือกภาษาอังกฤษ")
    )
    max_points = models.DecimalField(_("คะแนนเต็ม"), max_digits=5, decimal_places=2)
    check_kind = models.CharField(_("ตรวจอัตโนมัติ"), max_length=32, choices=CheckKind.choices, blank=True)
    check_params = models.JSONField(_("ค่ากำหนดของการตรวจ"), default=dict, blank=True)

    class Meta:
        ordering = ["cycle", "position", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(max_points__gt=0), name="criterion_points_positive"),
        ]
        verbose_name = _("เกณฑ์การประเมิน")

    def __str__(self):
        return self.text

    @property
    def is_automatic(self) -> bool:
        return bool(self.check_kind)

    def clean(self, mission_codes=None):
        if self.mission_id and self.dimension_id and self.mission.dimension_id != self.dimension_id:
            raise ValidationError({"mission": _("ภารกิจต้องอยู่ในมิติของเกณฑ์")})
        for related in (self.dimension, self.mission):
            if related is not None and related.cycle_id != self.cycle_id:
                raise ValidationError(_("มิติและภารกิจต้องอยู่ในรอบแผนเดียวกับเกณฑ์"))
        problems = validate_params(
            self.check_kind, self.check_params, cycle=self.cycle, dimension=self.dimension, mission_codes=mission_codes
        )
        if problems:
            raise ValidationError({"check_params": problems})
