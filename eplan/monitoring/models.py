"""Supervision (การนิเทศติดตาม): NACC offices visit อปท. in May–June, check what they find
against the year's checklist, and leave recommendations the อปท. must answer.

A Visit covers one อปท. or many (a provincial meeting, การประชุมระดับจังหวัด), all of one
province; each อปท. covered has a VisitOrganisation row holding its attendance, findings
and files. Findings keep the wording of the checklist item they answered (item_text), so
editing a checklist later never rewrites a recorded visit.

States are explicit, with their transitions in one table each (VISIT_TRANSITIONS,
RECOMMENDATION_TRANSITIONS); services refuse anything else.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Checklist(models.Model):
    """รายการตรวจการนิเทศติดตามของปีงบประมาณหนึ่ง."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year"]

    def __str__(self):
        return str(_("รายการตรวจปีงบประมาณ %(year)s") % {"year": self.fiscal_year})


class ChecklistItem(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(_("รายการตรวจ"), max_length=300)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["checklist", "position"], name="checklist_item_position")]

    def __str__(self):
        return self.text


class VisitState(models.TextChoices):
    PLANNED = "planned", _("วางแผนแล้ว")
    RECORDED = "recorded", _("นิเทศแล้ว")
    CANCELLED = "cancelled", _("ยกเลิก")


VISIT_TRANSITIONS = {
    VisitState.PLANNED: {VisitState.RECORDED, VisitState.CANCELLED},
    VisitState.RECORDED: set(),
    VisitState.CANCELLED: set(),
}


class VisitKind(models.TextChoices):
    SINGLE = "single", _("ลงพื้นที่ อปท.")
    MEETING = "meeting", _("ประชุมระดับจังหวัด")


class Visit(models.Model):
    """การนิเทศติดตามครั้งหนึ่ง."""

    fiscal_year = models.PositiveSmallIntegerField(_("ปีงบประมาณ (พ.ศ.)"), db_index=True)
    kind = models.CharField(_("รูปแบบ"), max_length=10, choices=VisitKind.choices, default=VisitKind.SINGLE)
    date = models.DateField(_("วันที่นิเทศ"), db_index=True)
    place = models.CharField(_("สถานที่"), max_length=300)
    team = models.TextField(_("คณะนิเทศ (ชื่อ ตำแหน่ง)"), max_length=3000)
    province = models.ForeignKey("registry.Province", on_delete=models.PROTECT, related_name="visits")
    state = models.CharField(max_length=10, choices=VisitState.choices, default=VisitState.PLANNED, db_index=True)
    cancel_reason = models.TextField(blank=True, max_length=2000)
    note = models.TextField(_("สรุปผลการนิเทศ"), blank=True, max_length=5000)
    planned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d} {self.place}"[:255]


class VisitOrganisation(models.Model):
    """An อปท. covered by a visit, with what was recorded for it."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="covered")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="visits")
    attended = models.BooleanField(_("อปท. เข้าร่วม"), null=True)
    attendees = models.TextField(_("ผู้เข้าร่วม (ชื่อ ตำแหน่ง)"), blank=True, max_length=3000)
    absentees = models.TextField(_("ผู้ไม่ได้เข้าร่วม"), blank=True, max_length=3000)
    note = models.TextField(_("ข้อสังเกต"), blank=True, max_length=5000)
    recorded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__code"]
        constraints = [models.UniqueConstraint(fields=["visit", "organisation"], name="visit_organisation_once")]

    def __str__(self):
        return f"{self.visit} · {self.organisation_id}"[:255]


class FindingResult(models.TextChoices):
    MET = "met", _("เป็นไปตามรายการ")
    NOT_MET = "not_met", _("ไม่เป็นไปตามรายการ")
    NOT_APPLICABLE = "na", _("ไม่เกี่ยวข้อง")


class Finding(models.Model):
    covered = models.ForeignKey(VisitOrganisation, on_delete=models.CASCADE, related_name="findings")
    item = models.ForeignKey(ChecklistItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    position = models.PositiveSmallIntegerField()
    item_text = models.CharField(max_length=300)  # the wording when recorded
    result = models.CharField(max_length=10, choices=FindingResult.choices)
    note = models.TextField(blank=True, max_length=3000)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.item_text


def visit_file_path(instance, filename):
    """A random name under the visit's folder: nothing to guess from the uploader's name."""
    suffix = Path(filename).suffix.lower()
    return f"supervision/{instance.folder}/{secrets.token_hex(16)}{suffix}"


class FileKind(models.TextChoices):
    PHOTO = "photo", _("ภาพถ่าย")
    DOCUMENT = "document", _("เอกสาร")


class VisitFile(models.Model):
    covered = models.ForeignKey(VisitOrganisation, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(max_length=10, choices=FileKind.choices)
    file = models.FileField(upload_to=visit_file_path, max_length=300)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def folder(self):
        return f"{self.covered.visit.fiscal_year}/visit-{self.covered.visit_id}"


class RecommendationState(models.TextChoices):
    OPEN = "open", _("รอ อปท. ดำเนินการ")
    ANSWERED = "answered", _("อปท. ตอบแล้ว รอพิจารณา")
    REOPENED = "reopened", _("ให้ดำเนินการเพิ่มเติม")
    CLOSED = "closed", _("ปิดแล้ว")


RECOMMENDATION_TRANSITIONS = {
    RecommendationState.OPEN: {RecommendationState.ANSWERED},
    RecommendationState.ANSWERED: {RecommendationState.CLOSED, RecommendationState.REOPENED},
    RecommendationState.REOPENED: {RecommendationState.ANSWERED},
    RecommendationState.CLOSED: set(),
}
# Waiting for the อปท.: overdue when past the due date in one of these.
AWAITING_ANSWER = (RecommendationState.OPEN, RecommendationState.REOPENED)


class Recommendation(models.Model):
    """ข้อเสนอแนะจากการนิเทศติดตาม ที่ อปท. ต้องดำเนินการภายในวันที่กำหนด."""

    covered = models.ForeignKey(VisitOrganisation, on_delete=models.PROTECT, related_name="recommendations")
    organisation = models.ForeignKey("registry.Organisation", on_delete=models.PROTECT, related_name="recommendations")
    text = models.TextField(_("ข้อเสนอแนะ"), max_length=3000)
    due_on = models.DateField(_("กำหนดดำเนินการภายใน"), db_index=True)
    state = models.CharField(
        max_length=10, choices=RecommendationState.choices, default=RecommendationState.OPEN, db_index=True
    )
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answers_count = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.text[:120]


def answer_file_path(instance, filename):
    suffix = Path(filename).suffix.lower()
    return f"supervision/answers/{instance.recommendation.organisation_id}/{secrets.token_hex(16)}{suffix}"


class AnswerDecision(models.TextChoices):
    PENDING = "pending", _("รอพิจารณา")
    ACCEPTED = "accepted", _("รับทราบ ปิดข้อเสนอแนะ")
    REOPENED = "reopened", _("ให้ดำเนินการเพิ่มเติม")


class Answer(models.Model):
    """What the อปท. did about a recommendation (one per answer; a reopened one is answered again)."""

    recommendation = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField()
    action_taken = models.TextField(_("การดำเนินการ"), max_length=5000)
    file = models.FileField(upload_to=answer_file_path, max_length=300, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=AnswerDecision.choices, default=AnswerDecision.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("เหตุผล"), blank=True, max_length=3000)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["recommendation", "number"], name="answer_number_once")]

    def __str__(self):
        return f"{self.recommendation_id}:{self.number}"
