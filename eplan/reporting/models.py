"""Implementation reporting: per cycle and fiscal year a 6-month and a 12-month round; per
organisation and round one report with a line for every plan item planned that year.

Which organisations must report is frozen into ExpectedOrganisation when a round opens;
later changes keep the row and record who, when and why, so completeness never shifts
silently.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eplan.frameworks.models import Cycle
from eplan.plans.models import PlanVersion
from eplan.registry.models import Organisation


class RoundKind(models.TextChoices):
    SIX_MONTH = "6", _("รอบ 6 เดือน")
    TWELVE_MONTH = "12", _("รอบ 12 เดือน")


class ExpectedRule(models.TextChoices):
    PASSED = "passed", _("อปท. ที่แผนผ่านเกณฑ์มาตรฐาน")
    ASSESSED = "assessed", _("อปท. ที่แผนได้รับการประเมินแล้ว (ผ่านหรือไม่ผ่าน)")
    SUBMITTED = "submitted", _("อปท. ที่ส่งแผนแล้วทุกแห่ง")


class Round(models.Model):
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="rounds")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    kind = models.CharField(_("รอบ"), max_length=2, choices=RoundKind.choices)
    opens_on = models.DateField(_("เปิดรับรายงาน"))
    due_on = models.DateField(_("กำหนดส่ง"))
    closes_on = models.DateField(_("ปิดรับรายงาน"), help_text=_("หลังวันนี้ส่งได้เฉพาะ อปท. ที่ได้รับการขยายเวลา"))
    expected_rule = models.CharField(
        _("อปท. ที่ต้องรายงาน"), max_length=16, choices=ExpectedRule.choices, default=ExpectedRule.PASSED
    )
    expected_frozen_at = models.DateTimeField(_("กำหนดรายชื่อเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "fiscal_year", "-kind"]  # "6" before "12" (text, descending)
        verbose_name = _("รอบรายงานผล")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "fiscal_year", "kind"], name="one_round_per_year_and_kind"),
            models.CheckConstraint(
                condition=Q(opens_on__lte=models.F("due_on")) & Q(due_on__lte=models.F("closes_on")),
                name="round_dates_in_order",
            ),
        ]

    def __str__(self):
        return f"{self.cycle.code} {self.fiscal_year} {self.get_kind_display()}"

    @property
    def code(self) -> str:
        """2569-6: the address of the round within its cycle."""
        return f"{self.fiscal_year}-{self.kind}"

    @property
    def is_six_month(self) -> bool:
        return self.kind == RoundKind.SIX_MONTH


class ExpectedOrganisation(models.Model):
    """An organisation that must report in a round, and the plan version it reports on."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="expected")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    item_count = models.PositiveIntegerField(default=0)  # items planned that year, misfits left out
    extended_until = models.DateField(_("ขยายเวลาถึง"), null=True, blank=True)
    added_at = models.DateTimeField()
    added_reason = models.TextField(blank=True)  # empty for the list frozen at opening
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_reason = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="expected_once_per_round"),
            models.CheckConstraint(
                condition=Q(removed_at__isnull=True) | ~Q(removed_reason=""), name="removal_has_reason"
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.organisation_id}"


class ReportState(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    SUBMITTED = "submitted", _("ส่งแล้ว")


# The only moves a report makes; services refuse any other. A submitted report goes back
# to draft only when the provincial office reopens it for correction.
REPORT_TRANSITIONS = {
    ReportState.DRAFT: {ReportState.SUBMITTED},
    ReportState.SUBMITTED: {ReportState.DRAFT},
}


class Report(models.Model):
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="reports")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="progress_reports")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(_("สถานะ"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT)
    summary = models.TextField(_("สรุปผลการดำเนินงานภาพรวม"), blank=True)
    problems = models.TextField(_("ปัญหา อุปสรรค และข้อเสนอแนะ"), blank=True)
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    first_submitted_at = models.DateTimeField(null=True, blank=True)  # lateness is judged on this
    receipt_number = models.CharField(_("เลขที่รับ"), max_length=40, blank=True)
    is_late = models.BooleanField(_("ส่งหลังกำหนด"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("รายงานผลการดำเนินงาน")
        constraints = [
            models.UniqueConstraint(fields=["round", "organisation"], name="one_report_per_round"),
            models.CheckConstraint(
                condition=Q(state="draft") | Q(submitted_at__isnull=False), name="submitted_report_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.organisation.code} {self.round}"


class LineStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("อยู่ระหว่างดำเนินการ")
    DONE = "done", _("ดำเนินการแล้วเสร็จ")
    NOT_POSSIBLE = "not_possible", _("ไม่สามารถดำเนินการได้")


class NotPossibleReason(models.TextChoices):
    NO_BUDGET = "no_budget", _("ไม่ได้รับงบประมาณ")
    POLICY_CHANGED = "policy_changed", _("นโยบายผู้บริหารเปลี่ยนแปลง")
    NO_STAFF = "no_staff", _("บุคลากรไม่เพียงพอ")
    OTHER = "other", _("อื่นๆ")


class ReportLine(models.Model):
    """One plan item (or an extra item done outside the plan) in a report."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="lines")
    item_id = models.PositiveBigIntegerField(null=True, blank=True)  # PlanItem id in the version's snapshot
    position = models.PositiveIntegerField(default=0)
    dimension = models.PositiveSmallIntegerField(_("มิติ"))
    mission = models.CharField(_("ภารกิจ"), max_length=20, blank=True)
    number = models.CharField(_("ลำดับ"), max_length=20, blank=True)
    title = models.TextField(_("โครงการ/กิจกรรม/มาตรการ"))
    indicators = models.TextField(_("ตัวชี้วัด"), blank=True)
    planned_budget = models.DecimalField(_("งบประมาณตามแผน"), max_digits=14, decimal_places=2, null=True, blank=True)
    # ไม่ใช้งบประมาณ in the version's snapshot for the fiscal year (copied when the report opens).
    planned_without_budget = models.BooleanField(_("ไม่ใช้งบประมาณตามแผน"), default=False)
    ordinance_budget = models.DecimalField(
        _("งบประมาณตามข้อบัญญัติ/เทศบัญญัติ"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    disbursed = models.DecimalField(_("เบิกจ่าย"), max_digits=14, decimal_places=2, null=True, blank=True)
    in_ordinance = models.BooleanField(_("บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน"), default=False)
    status = models.CharField(_("สถานะการดำเนินการ"), max_length=16, choices=LineStatus.choices, blank=True)
    reason = models.CharField(_("เหตุผลที่ดำเนินการไม่ได้"), max_length=20, choices=NotPossibleReason.choices, blank=True)
    reason_other = models.TextField(_("เหตุผลอื่น"), blank=True)
    outputs = models.TextField(_("ผลผลิต"), blank=True)
    outcomes = models.TextField(_("ผลลัพธ์"), blank=True)
    problems = models.TextField(_("ปัญหาและอุปสรรค"), blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)

    class Meta:
        ordering = ["position", "id"]
        # The lines of one plan item across rounds: the all-projects page's latest line.
        indexes = [models.Index(fields=["item_id"], name="report_line_item")]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "item_id"], condition=Q(item_id__isnull=False), name="one_line_per_item"
            ),
            models.CheckConstraint(
                condition=Q(disbursed__isnull=True) | Q(disbursed__gte=0), name="disbursed_not_negative"
            ),
        ]

    def __str__(self):
        return self.title[:80]

    @property
    def is_extra(self) -> bool:
        return self.item_id is None


def evidence_path(instance, filename):
    """Where an evidence file is stored: under its report's folder, by a random name (the
    name it was uploaded with is kept in Evidence.original_name), so that no path can be
    guessed from what an organisation called its file."""
    report = instance.line.report
    suffix = Path(filename).suffix.lower()
    folder = f"evidence/{report.round.cycle.code}/{report.round.code}/{report.organisation.code}"
    return f"{folder}/{secrets.token_hex(16)}{suffix}"


class Evidence(models.Model):
    """A file or a link that shows what was done for a line."""

    line = models.ForeignKey(ReportLine, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, blank=True)
    link = models.URLField(max_length=500, blank=True)
    name = models.CharField(_("ชื่อ"), max_length=255)
    original_name = models.CharField(_("ชื่อไฟล์ที่อัปโหลด"), max_length=255, blank=True)  # for the download
    size = models.PositiveIntegerField(default=0)
    content_type = models.CharField(max_length=100, blank=True)  # as verified by the first bytes
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(link=""), name="evidence_is_file_or_link"),
        ]

    def __str__(self):
        return self.name


class ReminderKind(models.TextChoices):
    DAYS_14 = "d14", _("14 วันก่อนกำหนดส่ง")
    DAYS_7 = "d7", _("7 วันก่อนกำหนดส่ง")
    DAYS_1 = "d1", _("1 วันก่อนกำหนดส่ง")
    OVERDUE = "overdue", _("เลยกำหนดส่ง 1 วัน")
    DIGEST = "digest", _("สรุปรายชื่อ อปท. ที่ยังไม่ส่ง")


class Reminder(models.Model):
    """Every reminder sent, once: the unique key makes a second run on a day send nothing."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=10, choices=ReminderKind.choices)
    sent_on = models.DateField()
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    addresses = models.JSONField(default=list)
    missing_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["round", "kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_reminder_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["round", "kind", "sent_on", "recipient"],
                condition=Q(recipient__isnull=False),
                name="one_digest_per_recipient_and_day",
            ),
            # A reminder goes to an organisation; a digest to an office's user.
            models.CheckConstraint(
                condition=(Q(kind="digest") & Q(recipient__isnull=False) & Q(organisation__isnull=True))
                | (~Q(kind="digest") & Q(organisation__isnull=False) & Q(recipient__isnull=True)),
                name="reminder_has_one_addressee",
            ),
        ]

    def __str__(self):
        return f"{self.round} {self.kind} {self.sent_on}"
