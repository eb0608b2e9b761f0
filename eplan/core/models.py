from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    pass


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")

    def delete(self):
        raise AppendOnlyError("Audit events are append-only.")


class AuditEvent(models.Model):
    """One business operation, written in the same transaction as the change it records.

    Append-only: the model refuses updates and deletes, and on PostgreSQL a trigger does too.
    Organisation and province are kept as codes so that core depends on no domain app.
    """

    at = models.DateTimeField(_("เวลา"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_username = models.CharField(_("ผู้ดำเนินการ"), max_length=150, blank=True)
    action = models.CharField(_("การดำเนินการ"), max_length=64, db_index=True)
    organisation_code = models.CharField(_("รหัส อปท."), max_length=7, blank=True, db_index=True)
    province_code = models.CharField(_("รหัสจังหวัด"), max_length=2, blank=True, db_index=True)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(_("รายการ"), max_length=255, blank=True)
    changes = models.JSONField(_("ค่าเดิม/ค่าใหม่"), default=dict, blank=True)
    detail = models.JSONField(_("รายละเอียด"), default=dict, blank=True)
    client_ip = models.GenericIPAddressField(_("ที่อยู่ไอพี"), null=True, blank=True)
    channel = models.CharField(max_length=64, blank=True)
    request_id = models.CharField(max_length=32, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]
        verbose_name = _("เหตุการณ์ในบันทึกการตรวจสอบ")

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise AppendOnlyError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Audit events are append-only.")


class SiteFlag(models.Model):
    """Facts about this installation, e.g. that its data is a demonstration set."""

    key = models.CharField(max_length=64, primary_key=True)
    value = models.CharField(max_length=255, blank=True)
    set_at = models.DateTimeField(auto_now=True)

    DEMO = "demo"

    def __str__(self):
        return f"{self.key}={self.value}"

    @classmethod
    def is_set(cls, key):
        return cls.objects.filter(key=key).exists()
