"""Notifications (การแจ้งเตือน): one row per person and event, shown under the bell on every
page and, for those who want it, sent by e-mail.

The row is the once-only record: (recipient, kind, key) is unique, so an event told twice
(a retried request, a command run again) makes no second row, and its e-mail moves
pending → sending → sent exactly once, so a retry of the sending never sends it again."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PLAN_RETURNED = "plan_returned", _("แผนถูกส่งกลับให้แก้ไข")
    RESULT_RELEASED = "result_released", _("ประกาศผลการประเมินแผน")
    ROUND_OPENED = "round_opened", _("เปิดรอบรายงานผลการดำเนินงาน")
    REPORT_REOPENED = "report_reopened", _("รายงานผลถูกเปิดให้แก้ไข")
    EXTENSION_GRANTED = "extension_granted", _("ได้รับการขยายเวลารายงานผล")
    CIRCULAR_NEW = "circular_new", _("หนังสือเวียนใหม่")
    RECOMMENDATION_NEW = "recommendation_new", _("ข้อเสนอแนะใหม่จากการนิเทศติดตาม")
    RECOMMENDATION_ANSWERED = "recommendation_answered", _("อปท. ตอบข้อเสนอแนะแล้ว")


class EmailState(models.TextChoices):
    NONE = "none", _("ไม่ส่งอีเมล")
    PENDING = "pending", _("รอส่งอีเมล")
    SENDING = "sending", _("กำลังส่งอีเมล")
    SENT = "sent", _("ส่งอีเมลแล้ว")
    FAILED = "failed", _("ส่งอีเมลไม่สำเร็จ")


# How the e-mail of one notification may move: claimed once, then sent or failed; a failed
# one may be claimed again by a later run. A claimed one that never finished stays claimed
# (never sent twice rather than maybe twice).
EMAIL_TRANSITIONS = {
    EmailState.PENDING: {EmailState.SENDING},
    EmailState.SENDING: {EmailState.SENT, EmailState.FAILED},
    EmailState.FAILED: {EmailState.SENDING},
    EmailState.NONE: set(),
    EmailState.SENT: set(),
}


class Notification(models.Model):
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    # What makes the event once-only for its recipient: "plan_version:12", "circular:3".
    key = models.CharField(max_length=200)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_state = models.CharField(max_length=10, choices=EmailState.choices, default=EmailState.NONE)
    email_to = models.CharField(max_length=254, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)
    email_attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("การแจ้งเตือน")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "kind", "key"], name="one_notification_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
            models.Index(fields=["email_state"], name="notification_email_state"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.title}"


class EmailPreference(models.Model):
    """A person's choice of e-mail for one kind; without a row, e-mail is on."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_preferences")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    email = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("การรับอีเมลแจ้งเตือน")
        constraints = [models.UniqueConstraint(fields=["user", "kind"], name="one_email_preference_per_kind")]

    def __str__(self):
        return f"{self.user_id} {self.kind}: {self.email}"
