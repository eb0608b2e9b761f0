"""Writes about people: accounts, roles, passwords, unlocking, organisation profiles.

Each function checks the actor's permission, validates, writes and records its audit
event in one transaction. Views, the API, commands and tests all call these.
"""

import multiprocessing
import os
import secrets
from concurrent.futures import ProcessPoolExecutor

from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template import loader
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import notifications, scope, throttle

# Personal API tokens live in api_tokens.py; their writes are named here too, where
# callers look for an account's writes.
from eplan.accounts.api_tokens import (  # noqa: F401
    API_TOKEN_LIMIT,
    API_TOKEN_PREFIX,
    api_token_authenticate,
    api_token_create,
    api_token_hash,
    api_token_revoke,
    api_tokens_revoke_all,
    api_tokens_revoke_managed,
)
from eplan.accounts.models import ApiTokenRevocation, RoleAssignment, User
from eplan.accounts.roles import SCOPE_OF_ROLE, Capability, Role, ScopeKind
from eplan.core import request_context
from eplan.core.audit import audit_record, diff, snapshot
from eplan.core.mail import site_link
from eplan.core.permissions import require as _require
from eplan.registry import services as registry_services
from eplan.registry.models import Organisation, OrganisationProfile

ONE_TIME_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghjkmnpqrstuvwxyz23456789"
USER_FIELDS = ("username", "first_name", "last_name", "email", "position", "phone", "is_active")


def one_time_password() -> str:
    """Readable random password (no 0/O, 1/l/I), e.g. 'pK7d-Qm3x-Wa9z'."""
    groups = ["".join(secrets.choice(ONE_TIME_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)


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
    email_verification_send(user=user)
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


def check_current_password(*, user, password, field="current_password"):
    """Whoever holds a session proves they also know the password before changing where
    resets go or how they log in. Counted by the login throttle like a login, and checked
    outside the change's transaction so that a wrong guess stays counted. The error names
    `field` (None: a plain error, for a form's clean_<field>)."""

    def refuse(message):
        return ValidationError({field: message} if field else message, code="password_incorrect")

    client_ip = request_context.current().client_ip
    block = throttle.block_for(user.get_username(), client_ip)
    if block is not None:
        raise refuse(block.message)
    if not password or not user.check_password(password):
        throttle.record_failure(user.get_username(), client_ip, stage="current_password")
        raise refuse(_("รหัสผ่านปัจจุบันไม่ถูกต้อง"))


USER_EDITABLE_FIELDS = ("email", "first_name", "last_name", "phone", "position")


def user_update(*, actor, user, current_password=None, **fields) -> User:
    """Change an account's personal details (by its owner or by someone who manages it).

    The e-mail address receives password resets, so changing it needs the owner's current
    password (a manager acting through account management needs none), starts unverified
    (a link is sent to the new address) and is told to the old address."""
    unknown = set(fields) - set(USER_EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable here: {sorted(unknown)}")
    if "email" in fields:
        fields["email"] = (fields["email"] or "").strip()
    email_changes = "email" in fields and fields["email"].lower() != (user.email or "").lower()
    if actor.pk != user.pk:
        _require_manages(actor, user)
    elif email_changes:
        check_current_password(user=user, password=current_password)
    return _user_update(actor=actor, user=user, fields=fields, email_changes=email_changes)


@transaction.atomic
def _user_update(*, actor, user, fields, email_changes) -> User:
    told = notifications.addresses_of(user)
    before = snapshot(user, USER_EDITABLE_FIELDS)
    for name, value in fields.items():
        setattr(user, name, value)
    if email_changes:
        user.email_verified_at = None
    user.full_clean()
    user.save()
    changes = diff(before, snapshot(user, USER_EDITABLE_FIELDS))
    if changes:
        audit_record(actor=actor, action="accounts.user_update", obj=user, changes=changes, **_scope_codes(user))
    if email_changes:
        if user.email:
            notifications.notify(user=user, notice="email_changed", to=told, new=user.email)
            email_verification_send(user=user)
        else:
            notifications.notify(user=user, notice="email_removed", to=told)
    return user


# --- verified e-mail addresses --------------------------------------------------------------

EMAIL_VERIFY_SALT = "eplan.accounts.email_verify"
EMAIL_VERIFY_DAYS = 3


def email_verification_token(user) -> str:
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=EMAIL_VERIFY_SALT, compress=True)


def email_verification_send(*, user):
    """Send the owner of the address a link that proves they read it (after commit)."""
    if not user.email or user.email_verified_at is not None:
        return
    body = loader.render_to_string(
        "accounts/email/email_verify.txt",
        {
            "user": user,
            "days": EMAIL_VERIFY_DAYS,
            "link": site_link("accounts:email_verify", token=email_verification_token(user)),
        },
    )
    subject = _("ยืนยันอีเมลของบัญชี %(username)s ระบบแผนปฏิบัติการป้องกันการทุจริต") % {"username": user.get_username()}
    notifications.send_after_commit(subject, body, [user.email])


def email_verification_pending(token: str) -> User:
    """The account a verification link is for, if the link is good and the address is
    still the account's. Raises ValidationError otherwise. Reads only."""
    invalid = ValidationError(_("ลิงก์ยืนยันอีเมลไม่ถูกต้อง หมดอายุแล้ว หรืออีเมลของบัญชีเปลี่ยนไปแล้ว"))
    try:
        data = signing.loads(token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_DAYS * 24 * 60 * 60)
    except signing.BadSignature:
        raise invalid from None
    user = User.objects.filter(pk=data.get("u"), is_active=True).first()
    if user is None or (user.email or "").lower() != data.get("e"):
        raise invalid
    return user


@transaction.atomic
def email_verify(*, token: str) -> User:
    """Mark the address a link was sent to as the account's verified address."""
    user = email_verification_pending(token)
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.email_verified_at is None:
        user.email_verified_at = timezone.now()
        user.save(update_fields=["email_verified_at"])
        audit_record(
            actor=None, action="accounts.email_verify", obj=user, detail={"email": user.email}, **_scope_codes(user)
        )
    return user


@transaction.atomic
def user_set_active(*, actor, user, active: bool) -> User:
    """Suspend or restore an account. Suspending revokes its API tokens for good."""
    _require_manages(actor, user)
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        if not active:
            api_tokens_revoke_all(actor=actor, user=user, reason=ApiTokenRevocation.DEACTIVATED)
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
    had no working recovery). The holder must change it at the next login; the account's
    API tokens stop working and its owner is told."""
    _require_manages(actor, user)
    password = one_time_password()
    user.set_password(password)
    user.must_change_password = True
    user.save(update_fields=["password", "must_change_password"])
    audit_record(actor=actor, action="accounts.one_time_password_issue", obj=user, **_scope_codes(user))
    api_tokens_revoke_all(actor=actor, user=user, reason=ApiTokenRevocation.ONE_TIME_PASSWORD)
    notifications.notify(user=user, notice="one_time_password", actor=actor.get_username())
    return password


@transaction.atomic
def password_changed(*, user, by_reset=False):
    """After the user set a new password themselves (change form or e-mailed reset link).
    A reset link is someone at the mailbox, maybe not the owner: the account's API tokens
    stop working. Either way the owner is told."""
    user.must_change_password = False
    user.password_changed_at = timezone.now()
    user.save(update_fields=["must_change_password", "password_changed_at"])
    audit_record(
        actor=user,
        action="accounts.password_reset" if by_reset else "accounts.password_change",
        obj=user,
        **_scope_codes(user),
    )
    if by_reset:
        api_tokens_revoke_all(actor=user, user=user, reason=ApiTokenRevocation.PASSWORD_RESET)
    notifications.notify(user=user, notice="password_reset" if by_reset else "password_changed")


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
            value = data[name]
            if isinstance(value, str) or (value is None and not OrganisationProfile._meta.get_field(name).null):
                value = (value or "").strip()  # text is stored stripped, never as NULL; figures as given
            setattr(profile, name, value)
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
def login_recorded(*, user, second_factor: str = ""):
    detail = {"second_factor": second_factor} if second_factor else {}
    audit_record(actor=user, action="accounts.login", obj=user, detail=detail, **_scope_codes(user))


@transaction.atomic
def logout_recorded(*, user):
    audit_record(actor=user, action="accounts.logout", obj=user, **_scope_codes(user))
