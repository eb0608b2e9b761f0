"""An organisation's anti-corruption action plan for one cycle, its items, budgets,
self-assessment, and the immutable versions it submitted."""

import hashlib
import json
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eplan.frameworks.models import Criterion, Cycle, Mission
from eplan.registry.models import Organisation


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("กำลังจัดทำ")
    SUBMITTED = "submitted", _("ส่งแล้ว")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    REVISING = "revising", _("แก้ไขตามผลการประเมิน")


# The only moves a plan makes; services refuse any other.
PLAN_TRANSITIONS = {
    PlanStatus.DRAFT: {PlanStatus.SUBMITTED},
    # Returned by the provincial office before scoring, or reopened by the LAO after a
    # released result said the plan does not meet the criteria.
    PlanStatus.SUBMITTED: {PlanStatus.RETURNED, PlanStatus.REVISING},
    PlanStatus.RETURNED: {PlanStatus.SUBMITTED},
    PlanStatus.REVISING: {PlanStatus.SUBMITTED},
}
EDITABLE_STATUSES = {PlanStatus.DRAFT, PlanStatus.RETURNED, PlanStatus.REVISING}


class ItemKind(models.TextChoices):
    PROJECT = "project", _("โครงการ")
    ACTIVITY = "activity", _("กิจกรรม")
    MEASURE = "measure", _("มาตรการ")
    GUIDELINE = "guideline", _("แนวปฏิบัติงาน")


class Plan(models.Model):
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="plans")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="plans")
    status = models.CharField(_("สถานะ"), max_length=16, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    # Part 1 (บทนำ); keys match frameworks.checks.PART1_SECTIONS.
    risk_analysis = models.TextField(_("การวิเคราะห์ความเสี่ยงในการเกิดการทุจริต"), blank=True)
    rationale = models.TextField(_("หลักการและเหตุผล"), blank=True)
    objectives = models.TextField(_("วัตถุประสงค์ของการจัดทำแผน"), blank=True)
    targets = models.TextField(_("เป้าหมาย"), blank=True)
    benefits = models.TextField(_("ประโยชน์ของการจัดทำแผน"), blank=True)
    # What real plans carry before Part 1, all optional: the organisation's own title of
    # the document, its foreword (คำนำ), and the notice adopting the plan (ประกาศ … เรื่อง
    # ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต), signed by the chief executive.
    document_title = models.CharField(
        _("ชื่อเอกสารแผน"),
        max_length=300,
        blank=True,
        help_text=_("ไม่บังคับ ใส่เมื่อชื่อบนปกแผนของ อปท. ต่างจากชื่อมาตรฐานของรอบแผน"),
    )
    foreword = models.TextField(_("คำนำ"), blank=True)
    adoption_text = models.TextField(
        _("ข้อความประกาศใช้แผน"), blank=True, help_text=_("ไม่บังคับ เนื้อความของประกาศ ไม่ต้องใส่หัวประกาศและผู้ลงนาม")
    )
    adoption_signatory = models.CharField(_("ชื่อผู้ลงนามประกาศ"), max_length=200, blank=True)
    adoption_position = models.CharField(
        _("ตำแหน่งผู้ลงนาม"), max_length=200, blank=True, help_text=_("เช่น นายกองค์การบริหารส่วนตำบลกลาย")
    )
    adoption_date = models.DateField(_("ประกาศ ณ วันที่"), null=True, blank=True)
    copied_from = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PART1_FIELDS = ("risk_analysis", "rationale", "objectives", "targets", "benefits")
    FRONT_FIELDS = ("document_title", "foreword")
    ADOPTION_FIELDS = ("adoption_text", "adoption_signatory", "adoption_position", "adoption_date")
    # Texts long enough to have been pasted from a PDF, offered a join of its line breaks.
    PASTED_TEXT_FIELDS = ("foreword", "adoption_text", *PART1_FIELDS)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "cycle"], name="one_plan_per_organisation_and_cycle"),
            models.CheckConstraint(condition=Q(status__in=PlanStatus.values), name="plan_status_known"),
        ]
        verbose_name = _("แผนปฏิบัติการป้องกันการทุจริต")

    def __str__(self):
        return f"{self.organisation.display_name} {self.cycle.code}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class PlanItem(models.Model):
    """A โครงการ / กิจกรรม / มาตรการ / แนวปฏิบัติงาน under a leaf mission (Part 2) with its
    details (Part 3). An item copied from a previous cycle whose mission does not exist in
    the new framework has no mission until the officer places it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    mission = models.ForeignKey(Mission, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    position = models.PositiveIntegerField(default=0)
    kind = models.CharField(_("ประเภท"), max_length=16, choices=ItemKind.choices, default=ItemKind.PROJECT)
    title = models.CharField(_("ชื่อโครงการ/กิจกรรม/มาตรการ"), max_length=500)
    quarters = models.JSONField(_("ไตรมาสที่ดำเนินการ"), default=list, blank=True)
    target_groups = models.JSONField(_("กลุ่มเป้าหมาย"), default=list, blank=True)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    # Part 3 (รายละเอียดโครงการ/กิจกรรม/มาตรการ)
    rationale = models.TextField(_("หลักการและเหตุผล"), blank=True)
    objectives = models.TextField(_("วัตถุประสงค์"), blank=True)
    outputs = models.TextField(_("เป้าหมาย/ผลผลิต"), blank=True)
    area = models.TextField(_("พื้นที่ดำเนินการ"), blank=True)
    method = models.TextField(_("วิธีดำเนินการ"), blank=True)
    duration = models.CharField(_("ระยะเวลาดำเนินการ"), max_length=300, blank=True)
    responsible_unit = models.CharField(_("หน่วยงานรับผิดชอบ"), max_length=300, blank=True)
    indicators = models.TextField(_("ตัวชี้วัด/ผลลัพธ์"), blank=True)
    previous_mission_code = models.CharField(
        _("ภารกิจในแผนรอบก่อน"), max_length=20, blank=True, help_text=_("เมื่อคัดลอกมาจากแผนรอบก่อน")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    PART2_FIELDS = ("kind", "title", "quarters", "target_groups", "note")
    PART3_FIELDS = (
        "rationale",
        "objectives",
        "outputs",
        "area",
        "method",
        "duration",
        "responsible_unit",
        "indicators",
    )

    class Meta:
        ordering = ["plan", "position", "id"]
        indexes = [models.Index(fields=["plan", "mission", "position"])]
        constraints = [models.CheckConstraint(condition=Q(kind__in=ItemKind.values), name="item_kind_known")]
        verbose_name = _("โครงการ/กิจกรรม/มาตรการ")

    def __str__(self):
        return self.title


class ItemBudget(models.Model):
    """The budget of an item in one fiscal year it runs: an amount, or ไม่ใช้งบประมาณ.
    A year the item does not run has no row."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="budgets")
    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ"))
    amount = models.DecimalField(_("งบประมาณ (บาท)"), max_digits=14, decimal_places=2, null=True, blank=True)
    no_budget = models.BooleanField(_("ไม่ใช้งบประมาณ"), default=False)

    class Meta:
        ordering = ["item", "fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["item", "fiscal_year"], name="one_budget_per_item_and_year"),
            models.CheckConstraint(
                condition=(Q(no_budget=True, amount__isnull=True) | Q(no_budget=False, amount__gte=0)),
                name="budget_is_an_amount_or_no_budget",
            ),
        ]

    def __str__(self):
        return f"{self.fiscal_year}: {'ไม่ใช้งบประมาณ' if self.no_budget else self.amount}"


class SelfScore(models.Model):
    """The LAO's own score on one criterion (รายงานการประเมินตนเอง, SAR)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="self_scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.DecimalField(_("คะแนนที่ประเมินตนเอง"), max_digits=5, decimal_places=2)
    evidence = models.TextField(_("หลักฐาน/คำอธิบาย"), blank=True)
    evidence_url = models.URLField(_("ลิงก์หลักฐาน"), blank=True, max_length=500)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["plan", "criterion"], name="one_self_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="self_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class VersionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("ส่งแล้ว รอการประเมิน")
    RETURNED = "returned", _("ส่งกลับแก้ไข")


class PlanVersion(models.Model):
    """One submission: a numbered, frozen copy of the whole plan and SAR exactly as sent.

    The snapshot and its hash never change after creation; only the review state does."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("ฉบับที่"))
    receipt_number = models.CharField(_("เลขที่รับ"), max_length=40, unique=True)
    submitted_at = models.DateTimeField(_("ส่งเมื่อ"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    is_late = models.BooleanField(_("ส่งหลังกำหนด"), default=False)
    snapshot = models.JSONField()
    snapshot_sha256 = models.CharField(max_length=64)
    status = models.CharField(max_length=16, choices=VersionStatus.choices, default=VersionStatus.SUBMITTED)
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("เหตุผลที่ส่งกลับ"), blank=True)

    class Meta:
        ordering = ["plan", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="version_number_unique_in_plan"),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="version_status_known"),
        ]
        indexes = [
            # What a status needs of every version (status.statuses_for), read from the index
            # alone: on SQLite the status column lies behind the snapshot, whose overflow
            # pages a scan of the table walks (2 s for the country's versions).
            models.Index(fields=["plan", "number", "status"], name="version_standing"),
        ]
        verbose_name = _("ฉบับที่ส่ง")

    def __str__(self):
        return self.receipt_number

    def save(self, *args, **kwargs):
        adding = self.pk is None
        if adding:
            self.snapshot_sha256 = self.hash_of(self.snapshot)
        elif self.hash_of(self.snapshot) != self.snapshot_sha256:
            raise ValidationError("A submitted version's content never changes.")
        super().save(*args, **kwargs)
        if adding:
            VersionFigure.objects.bulk_create(VersionFigure.of(self))

    @staticmethod
    def hash_of(snapshot) -> str:
        canonical = json.dumps(snapshot, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class VersionFigure(models.Model):
    """What the dashboards sum of a submitted version (plans/figures.py), taken out of its
    snapshot once when the version is written: per dimension and fiscal year, the
    dimension's items, the items that run that year (ไม่ใช้งบประมาณ included) and their
    budget. Summing a country's snapshots instead parsed every one of them, over a second
    per figure. Bulk writes of versions, which skip save(), call VersionFigure.of too."""

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="figure_rows")
    # The version's organisation, kept beside it so that figures group by area without
    # reading the versions' rows (on SQLite their plan lies behind the snapshot).
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.CASCADE, related_name="+")
    dimension = models.PositiveSmallIntegerField()
    fiscal_year = models.PositiveSmallIntegerField()
    dimension_items = models.PositiveIntegerField()
    items = models.PositiveIntegerField()
    budget = models.DecimalField(max_digits=16, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "dimension", "fiscal_year"], name="one_figure_per_year"),
        ]

    def __str__(self):
        return f"{self.version_id}: {self.dimension}/{self.fiscal_year}"

    @classmethod
    def of(cls, version: PlanVersion, organisation_id: int | None = None) -> list["VersionFigure"]:
        """The rows of a version, from its snapshot (plans/document.py's per-dimension counts
        and totals per fiscal year); organisation_id spares reading the version's plan."""
        organisation_id = organisation_id or version.plan.organisation_id
        return [
            cls(
                version_id=version.pk,
                organisation_id=organisation_id,
                dimension=dimension["number"],
                fiscal_year=int(year),
                dimension_items=dimension.get("item_count", 0),
                items=count,
                budget=Decimal(str((dimension.get("totals") or {}).get(year) or 0)),
            )
            for dimension in (version.snapshot or {}).get("dimensions", [])
            for year, count in (dimension.get("counts") or {}).items()
        ]


class PlanReminder(models.Model):
    """Every reminder of plan submission sent (แจ้งเตือนการส่งแผน), once: the unique keys
    make a second run on a day send nothing. A reminder goes to an organisation that has
    not submitted (or must resubmit); a digest to an office's user, once a reminder day."""

    class Kind(models.TextChoices):
        DAYS_14 = "d14", _("14 วันก่อนกำหนดส่งแผน")
        DAYS_7 = "d7", _("7 วันก่อนกำหนดส่งแผน")
        DAYS_1 = "d1", _("1 วันก่อนกำหนดส่งแผน")
        OVERDUE = "overdue", _("เลยกำหนดส่งแผน 1 วัน")
        DIGEST = "digest", _("สรุปรายชื่อ อปท. ที่ยังไม่ส่งแผน")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="plan_reminders")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    # The organisation's status when reminded (assessment.status): not_submitted, returned, incomplete.
    status = models.CharField(max_length=16, blank=True)
    addresses = models.JSONField(default=list)
    missing_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["cycle", "kind", "organisation"],
                condition=Q(organisation__isnull=False),
                name="one_plan_reminder_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["cycle", "kind", "sent_on", "recipient"],
                condition=Q(recipient__isnull=False),
                name="one_plan_digest_per_recipient_and_day",
            ),
            models.CheckConstraint(
                condition=(Q(kind="digest") & Q(recipient__isnull=False) & Q(organisation__isnull=True))
                | (~Q(kind="digest") & Q(organisation__isnull=False) & Q(recipient__isnull=True)),
                name="plan_reminder_has_one_addressee",
            ),
        ]

    def __str__(self):
        return f"{self.cycle.code} {self.kind} {self.sent_on}"
