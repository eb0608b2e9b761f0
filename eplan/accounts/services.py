"""Writes about people: accounts, roles, passwords, unlocking, organisation profiles.

Each function checks the actor's permission, validates, writes and records its audit
event in one transaction. Views, the API, commands and tests all call these.
"""

import datetime
import hashlib
import multiprocessing
import os
import secrets
from concurrent.futures import ProcessPoolExecutor

from django.contrib.auth.hashers import make_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope, throttle
from eplan.accounts.models import ApiToken, RoleAssignment, User
from eplan.accounts.roles import SCOPE_OF_ROLE, Capability, Role, ScopeKind
from eplan.core.audit import audit_record, diff, snapshot
from eplan.registry import services as registry_services
from eplan.registry.models import Organisation, OrganisationProfile

ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
USER_FIELDS = ("username", "first_name", "last_name", "email", "position", "phone", "is_active")


def one_time_password() -> str:
    """Readable random password (no 0/O, 1/l/I), e.g. 'pK7d-Qm3x-Wa9z'."""
    groups = ["".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


def _require(condition):
    if not condition:
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))


def _scope_codes(assignment_or_user):
    """Organisation and province codes for the audit trail."""
    organisation = getattr(assignment_or_user, "organisation", None) or getattr(
        assignment_or_user, "primary_organisation", None
    )
    if organisation is not None:
        return {"organisation_code": organisation.code, "province_code": organisation.province_id}
    district = getattr(assignment_or_user, "district", None)
    if district is not None:
        return {"province_code": district.province_id}
    province = getattr(assignment_or_user, "province", None)
    if province is not None:
        return {"province_code": province.code}
    return {}


def _check_scope_fields(role, *, organisation, district, province, region):
    kind = SCOPE_OF_ROLE[Role(role)]
    given = {
        ScopeKind.ORGANISATION: organisation,
        ScopeKind.DISTRICT: district,
        ScopeKind.PROVINCE: province,
        ScopeKind.REGION: region,
    }
    others = [value for key, value in given.items() if key != kind and value is not None]
    if kind != ScopeKind.NATIONAL and given[kind] is None:
        raise ValidationError(
            {"scope": _("บทบาท %(role)s ต้องระบุ%(kind)s") % {"role": Role(role).label, "kind": kind.label}}
        )
    if others:
        raise ValidationError(
            {"scope": _("บทบาท %(role)s ใช้ขอบเขตแบบ%(kind)sเท่านั้น") % {"role": Role(role).label, "kind": kind.label}}
        )


@transaction.atomic
def role_grant(
    *, actor, user, role, organisation=None, district=None, province=None, region=None, command=False
) -> RoleAssignment:
    """command=True: from the server's command line, trusted like the system itself."""
    _check_scope_fields(role, organisation=organisation, district=district, province=province, region=region)
    if not command:
        _require(
            scope.can_grant(actor, role, organisation=organisation, district=district, province=province, region=region)
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user,
        role=role,
        organisation=organisation,
        district=district,
        province=province,
        region=region,
        defaults={"granted_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    if created:
        audit_record(
            actor=actor,
            action="accounts.role_grant",
            obj=user,
            changes={"role": [None, str(assignment)]},
            **_scope_codes(assignment),
        )
    scope.forget_assignments(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment):
    _require(
        scope.can_grant(
            actor,
            assignment.role,
            organisation=assignment.organisation,
            district=assignment.district,
            province=assignment.province,
            region=assignment.region,
        )
    )
    user = assignment.user
    audit_record(
        actor=actor,
        action="accounts.role_revoke",
        obj=user,
        changes={"role": [str(assignment), None]},
        **_scope_codes(assignment),
    )
    assignment.delete()
    scope.forget_assignments(user)


@transaction.atomic
def user_create(
    *,
    actor,
    username,
    role,
    organisation=None,
    district=None,
    province=None,
    region=None,
    first_name="",
    last_name="",
    email="",
    position="",
    phone="",
    command=False,
) -> tuple[User, str]:
    """A personal account with one role, and a one-time password to hand over.

    command=True: run from the server's command line (the first central administrator),
    which is trusted like the system itself."""
    _check_scope_fields(role, organisation=organisation, district=district, province=province, region=region)
    if not command:
        _require(
            scope.can_grant(actor, role, organisation=organisation, district=district, province=province, region=region)
        )
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("ชื่อผู้ใช้ %(username)s มีอยู่แล้ว") % {"username": username}})
    if Organisation.objects.filter(code=username).exists():
        raise ValidationError({"username": _("รหัส อปท. สงวนไว้เป็นชื่อผู้ใช้ของบัญชีหลักของ อปท. นั้น กรุณาใช้ชื่ออื่น")})
    password = one_time_password()
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        position=position,
        phone=phone,
        must_change_password=True,
    )
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_record(
        actor=actor,
        action="accounts.user_create",
        obj=user,
        changes=diff({}, snapshot(user, USER_FIELDS)),
        organisation_code=organisation.code if organisation else "",
        province_code=(organisation.province_id if organisation else "")
        or (district.province_id if district else "")
        or (province.code if province else ""),
    )
    role_grant(
        actor=actor,
        user=user,
        role=role,
        organisation=organisation,
        district=district,
        province=province,
        region=region,
        command=command,
    )
    return user, password


def _require_manages(actor, user):
    _require(scope.users_for_user(actor).filter(pk=user.pk).exists())


@transaction.atomic
def user_update(*, actor, user, **fields) -> User:
    """Change an account's personal details (by its owner or by someone who manages it)."""
    allowed = {"first_name", "last_name", "email", "position", "phone"}
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if actor.pk != user.pk:
        _require_manages(actor, user)
    before = snapshot(user, sorted(allowed))
    for name, value in fields.items():
        setattr(user, name, value)
    user.full_clean()
    user.save()
    changes = diff(before, snapshot(user, sorted(allowed)))
    if changes:
        audit_record(actor=actor, action="accounts.user_update", obj=user, changes=changes, **_scope_codes(user))
    return user


@transaction.atomic
def user_set_active(*, actor, user, active: bool) -> User:
    _require_manages(actor, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="accounts.user_activate" if active else "accounts.user_deactivate",
            obj=user,
            changes={"is_active": [not active, active]},
            **_scope_codes(user),
        )
    return user


@transaction.atomic
def user_issue_one_time_password(*, actor, user) -> str:
    """Replace a forgotten password with a one-time one (staff turnover: the old system
    had no working recovery). The holder must change it at the next login."""
    _require_manages(actor, user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="accounts.one_time_password_issue", obj=user, **_scope_codes(user))
    return password


@transaction.atomic
def password_changed(*, user, by_reset=False):
    """After the user set a new password themselves (change form or e-mailed reset link)."""
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    audit_record(
        actor=user,
        action="accounts.password_reset" if by_reset else "accounts.password_change",
        obj=user,
        **_scope_codes(user),
    )


def _hash_passwords(passwords: list[str]) -> list[str]:
    """Argon2 takes about 0.15 s a password by design: spread a large batch (a whole
    country is 7,850 accounts) over the machine's cores."""
    if len(passwords) < 50 or (os.cpu_count() or 1) < 2:
        return [make_password(password) for password in passwords]
    with ProcessPoolExecutor(mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(make_password, passwords, chunksize=16))


@transaction.atomic
def primary_accounts_provision(*, actor=None, province=None, command=False) -> list[tuple[Organisation, str]]:
    """Create the primary account (username = LAO code) of every active organisation that
    has none, each with a one-time password. Returns (organisation, password) pairs."""
    if not command:
        _require(scope.is_national(actor, Capability.MANAGE_ACCOUNTS))
    organisations = Organisation.objects.filter(active=True, primary_account__isnull=True).select_related(
        "province", "district"
    )
    if province is not None:
        organisations = organisations.filter(province=province)
    organisations = list(organisations.order_by("province_id", "district_id", "code"))
    taken = set(User.objects.filter(username__in=[o.code for o in organisations]).values_list("username", flat=True))
    conflicts = [organisation.code for organisation in organisations if organisation.code in taken]
    if conflicts:
        raise ValidationError(
            _("มีบัญชีชื่อ %(codes)s อยู่แล้วแต่ไม่ได้ผูกเป็นบัญชีหลักของ อปท. กรุณาตรวจสอบก่อน") % {"codes": ", ".join(conflicts[:20])}
        )
    passwords = [one_time_password() for _ in organisations]
    hashes = _hash_passwords(passwords)
    issued = []
    for organisation, password, hashed in zip(organisations, passwords, hashes, strict=True):
        user = User(
            username=organisation.code, primary_organisation=organisation, must_change_password=True, password=hashed
        )
        issued.append((organisation, user, password))
    User.objects.bulk_create([user for _, user, _ in issued], batch_size=500)
    saved = User.objects.in_bulk([organisation.code for organisation, _, _ in issued], field_name="username")
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=saved[organisation.code], role=Role.LAO_OFFICER, organisation=organisation)
            for organisation, _, _ in issued
        ],
        batch_size=500,
    )
    if issued:
        audit_record(
            actor=actor,
            action="accounts.primary_accounts_provision",
            province_code=province.code if province else "",
            detail={"count": len(issued), "codes": [organisation.code for organisation, _, _ in issued]},
        )
    return [(organisation, password) for organisation, _, password in issued]


@transaction.atomic
def login_unlock(*, actor, username: str) -> int:
    """Lift the login block on an account (all addresses). Returns failures cleared."""
    target = User.objects.filter(username__iexact=username.strip()).first()
    _require(
        target is not None
        and scope.users_for_user(actor).filter(pk=target.pk).exists()
        and scope.has_capability(actor, Capability.UNLOCK_LOGIN)
    )
    cleared, _ = throttle.LoginFailure.objects.filter(username=throttle.normalise_username(username)).delete()
    audit_record(
        actor=actor,
        action="accounts.login_unlock",
        obj=target,
        detail={"failures_cleared": cleared},
        **_scope_codes(target),
    )
    return cleared


@transaction.atomic
def organisation_profile_update(*, actor, organisation: Organisation, data: dict) -> OrganisationProfile:
    _require(scope.has_capability(actor, Capability.EDIT_ORGANISATION_PROFILE, organisation))
    profile, _ = OrganisationProfile.objects.get_or_create(organisation=organisation)
    before = snapshot(profile, OrganisationProfile.FIELDS)
    for name in OrganisationProfile.FIELDS:
        if name in data:
            setattr(profile, name, (data[name] or "").strip())
    profile.full_clean()
    if profile.is_complete and profile.completed_at is None:
        profile.completed_at = timezone.now()
    profile.save()
    changes = diff(before, snapshot(profile, OrganisationProfile.FIELDS))
    if changes:
        audit_record(
            actor=actor,
            action="registry.organisation_profile_update",
            obj=profile,
            organisation_code=organisation.code,
            province_code=organisation.province_id,
            changes=changes,
        )
    return profile


def region_assign(*, actor, province, region):
    """Central administrators correct which NACC regional office covers a province."""
    _require(scope.is_national(actor, Capability.EDIT_REGIONS))
    return registry_services.province_set_region(actor=actor, province=province, region=region)


@transaction.atomic
def login_recorded(*, user):
    audit_record(actor=user, action="accounts.login", obj=user, **_scope_codes(user))


# --- personal API tokens --------------------------------------------------------------

API_TOKEN_PREFIX = "eplan_"  # noqa: S105 (a marker, not a secret: lets leaked keys be recognised)
API_TOKEN_LIMIT = 10  # active tokens per person: enough for a few scripts, few to review
API_TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=1)


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


@transaction.atomic
def api_token_create(*, actor, name: str = "") -> tuple[ApiToken, str]:
    """A new personal API token for the actor. Returns the token and its key: the key is
    shown to its owner once and never stored (only its hash)."""
    _require(getattr(actor, "is_authenticated", False) and actor.is_active)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one creation at a time per person
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= API_TOKEN_LIMIT:
        raise ValidationError(_("มีโทเคนที่ใช้งานอยู่ครบ %(n)s รายการแล้ว กรุณายกเลิกโทเคนที่ไม่ใช้ก่อน") % {"n": API_TOKEN_LIMIT})
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=actor, name=(name or "").strip(), prefix=key[:12], key_sha256=api_token_hash(key))
    token.full_clean()
    token.save()
    audit_record(
        actor=actor,
        action="accounts.api_token_create",
        obj=token,
        detail={"name": token.name, "prefix": token.prefix},
        **_scope_codes(actor),
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Stop a token working, for good. Only its owner revokes it; revoking twice is harmless."""
    _require(getattr(actor, "is_authenticated", False) and token.user_id == actor.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor,
            action="accounts.api_token_revoke",
            obj=token,
            detail={"name": token.name, "prefix": token.prefix},
            **_scope_codes(actor),
        )
    return token


def api_token_authenticate(*, key: str) -> User | None:
    """The active user whose live token this key is, or None. Notes when the token was
    used (at most once a minute: this runs on every API request, so it is not audited)."""
    if not key or not key.startswith(API_TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_sha256=api_token_hash(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user
