from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("รอคิว")
    RUNNING = "running", _("กำลังสร้าง")
    DONE = "done", _("เสร็จแล้ว")
    FAILED = "failed", _("ไม่สำเร็จ")


class Job(models.Model):
    """One document made in the background (ไฟล์ที่สร้างเบื้องหลัง), found by its key.

    The key names the document exactly (an announcement, its province, its digits…), so a
    second request for the same document finds this row instead of making it again; the
    file is kept in the `jobs` storage for as long as the document can be asked for
    (`expires_at` empty: an immutable document, kept for good).

    queued → running → done, or back to queued for another attempt after a failure, and
    failed when every attempt has failed (a later request starts again).
    """

    key = models.CharField(max_length=255, unique=True)
    builder = models.CharField(max_length=200)  # dotted path of a function marked with documents.builder
    params = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=8, choices=JobState.choices, default=JobState.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # per cent, as the builder reports it
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=3)
    estimate_seconds = models.PositiveIntegerField(default=10)
    # What went wrong in the last attempt: for the people running the system (logs have the
    # traceback); user_message is the Thai sentence a builder chose to show (JobRefused).
    error = models.TextField(blank=True)
    user_message = models.CharField(max_length=500, blank=True)
    file = models.CharField(max_length=500, blank=True)  # name in the jobs storage
    suffix = models.CharField(max_length=8, blank=True)  # of the stored file: ".pdf", ".xlsx"
    size = models.PositiveBigIntegerField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    retry_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("งานเบื้องหลัง")
        indexes = [models.Index(fields=["state", "created_at"]), models.Index(fields=["expires_at"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="jobs_job_progress_at_most_100"),
            models.CheckConstraint(condition=models.Q(state__in=JobState.values), name="jobs_job_state_valid"),
            models.CheckConstraint(
                condition=~models.Q(state=JobState.DONE) | ~models.Q(file=""), name="jobs_job_done_has_file"
            ),
        ]

    def __str__(self):
        return f"{self.key} ({self.state})"
