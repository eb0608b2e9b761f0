"""Circulars (หนังสือเวียน) and who they reach.

A circular is issued by an office (the sender's role assignment: its role and area) to an
audience (all อปท. of the sender's area, a region, a province, a district, a type, or a list
of codes), always narrowed to the sender's own area. Publishing resolves the audience into
one Recipient row per organisation, so "who was addressed" and "who has acknowledged" are
queries. A circular forwarded down the chain (จังหวัด → อำเภอ) points to the one it
forwards (`parent`); every copy shows the chain.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eplan.accounts.roles import Role
from eplan.registry.models import District, Organisation, OrganisationType, Province, Region


class CircularState(models.TextChoices):
    DRAFT = "draft", _("ร่าง")
    PUBLISHED = "published", _("ออกแล้ว")
    WITHDRAWN = "withdrawn", _("ยกเลิกแล้ว")


# The one place that says which state may follow which.
TRANSITIONS = {
    CircularState.DRAFT: {CircularState.PUBLISHED, CircularState.WITHDRAWN},
    CircularState.PUBLISHED: {CircularState.WITHDRAWN},
    CircularState.WITHDRAWN: set(),
}


class AudienceKind(models.TextChoices):
    ALL = "all", _("อปท. ทุกแห่งในพื้นที่รับผิดชอบ")
    REGION = "region", _("อปท. ในภาค")
    PROVINCE = "province", _("อปท. ในจังหวัด")
    DISTRICT = "district", _("อปท. ในอำเภอ")
    ORG_TYPE = "org_type", _("อปท. ตามประเภท")
    CODES = "codes", _("ระบุรหัส อปท.")


class AddressedTo(models.TextChoices):
    """Whom the letter is written to in the audience's area."""

    LAO = "lao", _("อปท. ในพื้นที่ (ต้องรับทราบ)")
    OFFICES = "offices", _("จังหวัดและอำเภอในพื้นที่ เพื่อแจ้ง อปท. ต่อ")


class Circular(models.Model):
    """หนังสือเวียน: one letter as its issuing office printed it."""

    parent = models.ForeignKey(
        "self", verbose_name=_("หนังสือที่ส่งต่อ"), null=True, blank=True, on_delete=models.PROTECT, related_name="forwards"
    )
    state = models.CharField(_("สถานะ"), max_length=16, choices=CircularState.choices, default=CircularState.DRAFT)
    # The sending office: the role and area of the assignment it was issued under.
    sender_role = models.CharField(_("หน่วยงานผู้ส่ง"), max_length=32, choices=Role.choices)
    sender_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender_province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sender_district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    issuing_office = models.CharField(_("ส่วนราชการเจ้าของหนังสือ"), max_length=300)
    number = models.CharField(_("ที่ (เลขที่หนังสือ)"), max_length=100)
    issued_on = models.DateField(_("ลงวันที่"))
    subject = models.CharField(_("เรื่อง"), max_length=500)
    addressees = models.CharField(_("เรียน"), max_length=500)
    enclosures = models.TextField(_("สิ่งที่ส่งมาด้วย"), blank=True)
    body = models.TextField(_("ข้อความ"))
    signatory = models.CharField(_("ผู้ลงนาม"), max_length=300, blank=True)
    signatory_position = models.CharField(_("ตำแหน่งผู้ลงนาม"), max_length=500, blank=True)
    contact = models.CharField(_("หน่วยงานเจ้าของเรื่องและโทรศัพท์"), max_length=500, blank=True)
    reply_by = models.DateField(_("ขอให้ตอบภายในวันที่"), null=True, blank=True)
    is_public = models.BooleanField(_("เผยแพร่ต่อสาธารณะ"), default=False)
    addressed_to = models.CharField(_("ส่งถึง"), max_length=16, choices=AddressedTo.choices, default=AddressedTo.LAO)
    audience_kind = models.CharField(_("ผู้รับ"), max_length=16, choices=AudienceKind.choices, default=AudienceKind.ALL)
    audience_region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    audience_province = models.ForeignKey(Province, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    audience_district = models.ForeignKey(District, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    audience_org_type = models.CharField(max_length=32, choices=OrganisationType.choices, blank=True)
    audience_codes = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-issued_on", "-pk"]
        indexes = [models.Index(fields=["state", "is_public"]), models.Index(fields=["sender_role", "sender_province"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(state__in=CircularState.values), name="circular_state_known"),
            models.CheckConstraint(
                condition=models.Q(audience_kind__in=AudienceKind.values), name="circular_audience_known"
            ),
        ]
        verbose_name = _("หนังสือเวียน")

    def __str__(self):
        return f"{self.number} {self.subject}"[:255]

    @property
    def is_published(self) -> bool:
        return self.state == CircularState.PUBLISHED


def attachment_path(instance, filename):
    """A random name: nothing about the letter can be guessed from the path."""
    return f"circulars/{instance.circular_id}/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


def reply_path(instance, filename):
    return f"circulars/{instance.circular_id}/replies/{secrets.token_hex(16)}{Path(filename).suffix.lower()}"


class Attachment(models.Model):
    """สิ่งที่ส่งมาด้วย: the signed letter and its enclosures, PDF only."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=300)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.original_name


class Recipient(models.Model):
    """One organisation the published circular reached. `addressed`: the letter is written
    to the อปท. itself, which must acknowledge (รับทราบ); otherwise it is written to the
    offices of its area and the row only says the area was reached."""

    circular = models.ForeignKey(Circular, on_delete=models.CASCADE, related_name="recipients")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="circular_recipients")
    addressed = models.BooleanField(default=True)
    acknowledged_at = models.DateTimeField(_("รับทราบเมื่อ"), null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reply_text = models.TextField(_("ข้อความตอบกลับ"), blank=True)
    reply_file = models.FileField(upload_to=reply_path, max_length=300, blank=True)
    reply_file_name = models.CharField(max_length=255, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["organisation__province_id", "organisation__district_id", "organisation__code"]
        constraints = [
            models.UniqueConstraint(fields=["circular", "organisation"], name="circular_recipient_once"),
        ]
        indexes = [models.Index(fields=["organisation", "acknowledged_at"])]

    def __str__(self):
        return f"{self.circular_id}:{self.organisation_id}"

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None
