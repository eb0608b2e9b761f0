from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eplan.accounts.roles import SCOPE_OF_ROLE, Role, ScopeKind
from eplan.registry.models import District, Organisation, Province, Region


class User(AbstractUser):
    """A person (or an organisation's primary account, whose username is its LAO code)."""

    position = models.CharField(_("ตำแหน่ง"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    primary_organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("บัญชีหลักของ อปท."),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="primary_account",
        help_text=_("บัญชีหลักของ อปท. ใช้รหัส อปท. เป็นชื่อผู้ใช้"),
    )
    must_change_password = models.BooleanField(_("ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบ"), default=False)
    password_changed_at = models.DateTimeField(_("เปลี่ยนรหัสผ่านล่าสุด"), null=True, blank=True)

    class Meta:
        verbose_name = _("ผู้ใช้")
        constraints = [
            # The organisation's primary account logs in with the organisation's code.
            models.CheckConstraint(
                condition=Q(primary_organisation__isnull=True) | ~Q(username=""),
                name="primary_account_has_username",
            ),
        ]

    def __str__(self):
        full = self.get_full_name()
        return f"{full} ({self.username})" if full else self.username


def _scope_condition(kind):
    fields = ("organisation", "district", "province", "region")
    wanted = {
        ScopeKind.ORGANISATION: "organisation",
        ScopeKind.DISTRICT: "district",
        ScopeKind.PROVINCE: "province",
        ScopeKind.REGION: "region",
        ScopeKind.NATIONAL: None,
    }[kind]
    condition = Q()
    for name in fields:
        condition &= Q(**{f"{name}__isnull": name != wanted})
    return condition


def _role_scope_condition():
    """Each role carries exactly the scope field its kind needs, and no other."""
    condition = Q()
    for role, kind in SCOPE_OF_ROLE.items():
        condition |= Q(role=role) & _scope_condition(kind)
    return condition


class RoleAssignment(models.Model):
    """A user's role with its scope: one organisation, district, province, region, or the nation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("บทบาท"), max_length=32, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, null=True, blank=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, null=True, blank=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, null=True, blank=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("บทบาทและขอบเขต")
        constraints = [
            models.CheckConstraint(condition=_role_scope_condition(), name="role_assignment_scope_matches_role"),
            models.UniqueConstraint(
                fields=["user", "role", "organisation"],
                condition=Q(organisation__isnull=False),
                name="unique_role_per_organisation",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "district"],
                condition=Q(district__isnull=False),
                name="unique_role_per_district",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "province"],
                condition=Q(province__isnull=False),
                name="unique_role_per_province",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"], condition=Q(region__isnull=False), name="unique_role_per_region"
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(
                    organisation__isnull=True, district__isnull=True, province__isnull=True, region__isnull=True
                ),
                name="unique_national_role",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.scope_label}"

    @property
    def scope_kind(self):
        return SCOPE_OF_ROLE[Role(self.role)]

    @property
    def scope_label(self):
        target = self.organisation or self.district or self.province or self.region
        if target is None:
            return _("ทั้งประเทศ")
        if self.district_id:
            return f"อ.{self.district.name_th} จ.{self.district.province.name_th}"
        if self.province_id:
            return f"จ.{self.province.name_th}"
        return str(target)


class LoginFailure(models.Model):
    """One failed login attempt, kept for the throttling window (see accounts.throttle)."""

    username = models.CharField(max_length=150)
    client_ip = models.GenericIPAddressField(null=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            models.Index(fields=["username", "client_ip", "at"]),
            models.Index(fields=["client_ip", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self):
        return f"{self.username} {self.client_ip} {self.at:%Y-%m-%d %H:%M}"


class ApiToken(models.Model):
    """A personal API token (โทเคนสำหรับเรียกใช้ API) for scripts and other systems.

    Only the SHA-256 hash of the key is kept; the key itself is shown once, when created.
    A token works while it is not revoked and its user is active."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("ชื่อโทเคน"), max_length=100, blank=True)
    prefix = models.CharField(_("ขึ้นต้นด้วย"), max_length=16)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("โทเคนสำหรับเรียกใช้ API")

    def __str__(self):
        return f"{self.prefix}… {self.name}".strip()
