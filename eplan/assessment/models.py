"""Assessment of submitted plan versions by NACC offices, and the published status
announcements (ประกาศผลการจัดทำแผนปฏิบัติการป้องกันการทุจริต)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eplan.frameworks.models import Criterion, Cycle
from eplan.plans.models import PlanVersion
from eplan.registry.models import Organisation


class Level(models.TextChoices):
    """Who scored: the NACC provincial office (สปจ.) or the central bureau (สปม.)."""

    PROVINCIAL = "provincial", _("สำนักงาน ป.ป.ช. ประจำจังหวัด")
    CENTRAL = "central", _("ส่วนกลาง (ทบทวน)")


class AssessmentState(models.TextChoices):
    DRAFT = "draft", _("กำลังประเมิน")
    FINAL = "final", _("ยืนยันผลแล้ว")


# The only moves a score set makes; services refuse any other. A final set stays final:
# a change after release is recorded on it, with its reason, not by reopening it.
ASSESSMENT_TRANSITIONS = {
    AssessmentState.DRAFT: {AssessmentState.FINAL},
    AssessmentState.FINAL: set(),
}


class Result(models.TextChoices):
    PASSED = "passed", _("ผ่านเกณฑ์มาตรฐาน")
    INCOMPLETE = "incomplete", _("แผนไม่สมบูรณ์ตามเกณฑ์")


class Assessment(models.Model):
    """One set of scores on one submitted version. A version has at most one provincial
    and one central set; the latest final one counts (as in the 2018 system)."""

    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="assessments")
    level = models.CharField(_("ระดับ"), max_length=16, choices=Level.choices)
    state = models.CharField(_("สถานะ"), max_length=16, choices=AssessmentState.choices, default=AssessmentState.DRAFT)
    assessor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    general_comment = models.TextField(_("ความเห็นโดยรวม"), blank=True)
    total = models.DecimalField(_("คะแนนรวม"), max_digits=6, decimal_places=2, null=True, blank=True)
    pass_mark = models.DecimalField(_("เกณฑ์ผ่าน"), max_digits=5, decimal_places=2, null=True, blank=True)
    result = models.CharField(_("ผล"), max_length=16, choices=Result.choices, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finalised_at = models.DateTimeField(_("ยืนยันผลเมื่อ"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["version", "level"], name="one_assessment_per_version_and_level"),
            models.CheckConstraint(
                condition=Q(state="draft") | (Q(finalised_at__isnull=False) & ~Q(result="")),
                name="final_assessment_has_result",
            ),
        ]
        indexes = [
            # The score set that counts of every version (status.counting_results), from the
            # index alone.
            models.Index(fields=["version", "state", "finalised_at", "result", "total"], name="assessment_counting"),
        ]
        verbose_name = _("การประเมินแผน")

    def __str__(self):
        return f"{self.version} {self.level} {self.state}"

    @property
    def is_final(self):
        return self.state == AssessmentState.FINAL


class CriterionScore(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("คะแนน"), max_digits=5, decimal_places=2)
    comment = models.TextField(_("ความเห็น"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0), name="assessed_score_not_negative"),
        ]

    def __str__(self):
        return f"{self.criterion_id}: {self.score}"


class ItemJudgement(models.Model):
    """Whether an item fits its dimension (สอดคล้อง / ไม่สอดคล้องกับมิติ). An item that
    does not fit needs no progress report and is left out of the implementation score."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="judgements")
    item_id = models.PositiveBigIntegerField(_("รายการ"))  # PlanItem id, as in the snapshot
    fits = models.BooleanField(_("สอดคล้องกับมิติ"), default=True)
    reason = models.TextField(_("เหตุผล"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item_id"], name="one_judgement_per_item"),
            models.CheckConstraint(condition=Q(fits=True) | ~Q(reason=""), name="misfit_has_reason"),
        ]

    def __str__(self):
        return f"{self.item_id}: {'fits' if self.fits else 'does not fit'}"


class PublicStatus(models.TextChoices):
    """The five published statuses of an organisation for a cycle."""

    NOT_SUBMITTED = "not_submitted", _("ยังไม่จัดส่งแผน")
    IN_ASSESSMENT = "in_assessment", _("อยู่ระหว่างการประเมิน")
    RETURNED = "returned", _("ส่งกลับแก้ไข")
    INCOMPLETE = "incomplete", _("แผนไม่สมบูรณ์ตามเกณฑ์")
    PASSED = "passed", _("ผ่านเกณฑ์มาตรฐาน")


class Announcement(models.Model):
    """ประกาศผลการจัดทำแผนฯ ณ วันที่ …: every organisation's status frozen at a moment."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="announcements")
    number = models.PositiveIntegerField(_("ครั้งที่"))
    as_of = models.DateTimeField(_("ประกาศ ณ"))
    title = models.CharField(_("เรื่อง"), max_length=300)
    note = models.TextField(_("หมายเหตุ"), blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["cycle", "-number"]
        constraints = [models.UniqueConstraint(fields=["cycle", "number"], name="announcement_number_unique")]
        verbose_name = _("ประกาศผลการจัดทำแผน")

    def __str__(self):
        return f"{self.cycle.code} #{self.number}"


class AnnouncementEntry(models.Model):
    """One organisation's line in an announcement, names frozen as they were."""

    announcement = models.ForeignKey(Announcement, on_delete=models.CASCADE, related_name="entries")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    code = models.CharField(max_length=7)
    display_name = models.CharField(max_length=200)
    province_code = models.CharField(max_length=2)
    province_name = models.CharField(max_length=100)
    district_code = models.CharField(max_length=4)
    district_name = models.CharField(max_length=100)
    org_type = models.CharField(max_length=32)
    status = models.CharField(max_length=16, choices=PublicStatus.choices)

    class Meta:
        ordering = ["announcement", "province_code", "district_code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["announcement", "organisation"], name="one_entry_per_organisation")
        ]
        indexes = [models.Index(fields=["announcement", "province_code", "district_code"])]

    def __str__(self):
        return f"{self.code} {self.status}"
