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
    # Resets go only to an address its owner proved they read (a link sent to it); any
    # change of `email` clears this (services.user_update).
    email_verified_at = models.DateTimeField(_("ยืนยันอีเมลเมื่อ"), null=True, blank=True)

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
            models.Index(fields=["username", "at"]),
            models.Index(fields=["client_ip", "at"]),
            models.Index(fields=["at"]),
        ]

    def __str__(self):
        return f"{self.username} {self.client_ip} {self.at:%Y-%m-%d %H:%M}"


class KnownLoginAddress(models.Model):
    """An address a username logged in from successfully (ที่อยู่ที่เคยเข้าสู่ระบบสำเร็จ).

    The throttle spares these pairs the per-address block and the per-username slow-down,
    so an office's regular users keep logging in while someone behind the same NAT, or a
    botnet elsewhere, guesses names and passwords (accounts.throttle)."""

    username = models.CharField(max_length=150)
    client_ip = models.GenericIPAddressField()
    last_success_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username", "client_ip"], name="unique_known_login_address"),
        ]
        indexes = [models.Index(fields=["last_success_at"])]

    def __str__(self):
        return f"{self.username} {self.client_ip}"


class ApiTokenRevocation(models.TextChoices):
    """Why a token stopped working."""

    OWNER = "owner", _("เจ้าของยกเลิก")
    MANAGER = "manager", _("ผู้ดูแลบัญชียกเลิก")
    ONE_TIME_PASSWORD = "one_time_password", _("ผู้ดูแลออกรหัสผ่านชั่วคราวให้บัญชี")
    PASSWORD_RESET = "password_reset", _("ตั้งรหัสผ่านใหม่ผ่านลิงก์ทางอีเมล")
    DEACTIVATED = "deactivated", _("บัญชีถูกระงับ")


class ApiToken(models.Model):
    """A personal API token (โทเคนสำหรับเรียกใช้ API) for scripts and other systems.

    Only the SHA-256 hash of the key is kept; the key itself is shown once, when created.
    A token works while it is not revoked, not expired and its user is active; a
    read-only token only reads (GET, HEAD). Revocation is final: a token revoked when its
    account was deactivated stays revoked when the account comes back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("ชื่อโทเคน"), max_length=100, blank=True)
    prefix = models.CharField(_("ขึ้นต้นด้วย"), max_length=16)
    key_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("สร้างเมื่อ"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("ใช้ล่าสุด"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ยกเลิกเมื่อ"), null=True, blank=True)
    expires_at = models.DateTimeField(_("หมดอายุเมื่อ"))
    read_only = models.BooleanField(_("อ่านข้อมูลอย่างเดียว"), default=False)
    revoked_reason = models.CharField(_("เหตุที่ยกเลิก"), max_length=32, choices=ApiTokenRevocation.choices, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("โทเคนสำหรับเรียกใช้ API")

    def __str__(self):
        return f"{self.prefix}… {self.name}".strip()


class SecondFactorPolicy(models.Model):
    """Whether a role must log in with a second factor (การยืนยันตัวตนสองขั้นตอน).

    One row per role that central administrators have decided on; a role without a row
    follows roles.SECOND_FACTOR_REQUIRED_BY_DEFAULT (NACC central and regional)."""

    role = models.CharField(_("บทบาท"), max_length=32, choices=Role.choices, unique=True)
    required = models.BooleanField(_("บังคับใช้"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("การบังคับใช้การยืนยันตัวตนสองขั้นตอน")

    def __str__(self):
        return f"{self.get_role_display()}: {self.required}"


class RecoveryCode(models.Model):
    """A one-time recovery code (รหัสกู้คืน) for when the authenticator is lost.

    Only the SHA-256 hash is kept: the codes are random (50 bits), shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes")
    code_sha256 = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "code_sha256"], name="unique_recovery_code")]

    def __str__(self):
        return f"{self.user_id} {self.code_sha256[:8]}"
