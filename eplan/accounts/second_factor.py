"""Second factor for logging in (การยืนยันตัวตนสองขั้นตอน): a TOTP authenticator app
(django-otp's TOTPDevice) with ten one-time recovery codes, available to every account
and required for the roles central administrators choose (NACC central and regional
unless they decide otherwise: roles.SECOND_FACTOR_REQUIRED_BY_DEFAULT).

Login asks for the code after the password when the account has an authenticator or its
role requires one (an account required to and without one sets it up right there); the
session is only logged in once the code is right (accounts.login_flow). Enrolment,
removal, a manager's reset, recovery codes made and used, and the policy are audited, and
the owner is told by e-mail.
"""

import hashlib
import secrets
from base64 import b32encode
from binascii import unhexlify

import segno
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from eplan.accounts import notifications, scope
from eplan.accounts.models import RecoveryCode, RoleAssignment, SecondFactorPolicy, User
from eplan.accounts.roles import SECOND_FACTOR_REQUIRED_BY_DEFAULT, Capability, Role
from eplan.accounts.services import _require_manages, _scope_codes
from eplan.core.audit import audit_record
from eplan.core.permissions import require

RECOVERY_CODE_COUNT = 10
RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # 32 letters: 5 bits each, no 0/O, 1/I
RECOVERY_CODE_LENGTH = 10  # 50 bits: too many to guess, so a plain SHA-256 suffices
TOTP_TOLERANCE = 1  # one 30-second step either way, for phones whose clock is a little off
DEVICE_NAME = "authenticator"


# --- policy ----------------------------------------------------------------------------


def required_roles() -> set:
    decided = dict(SecondFactorPolicy.objects.values_list("role", "required"))
    return {role for role in Role if decided.get(role.value, role in SECOND_FACTOR_REQUIRED_BY_DEFAULT)}


def policy_rows() -> list[dict]:
    """Each role, whether it must use a second factor, and whether that is the default."""
    decided = {row.role: row for row in SecondFactorPolicy.objects.select_related("changed_by")}
    rows = []
    for role in Role:
        row = decided.get(role.value)
        rows.append(
            {
                "role": role,
                "required": row.required if row else role in SECOND_FACTOR_REQUIRED_BY_DEFAULT,
                "default": role in SECOND_FACTOR_REQUIRED_BY_DEFAULT,
                "changed": row,
            }
        )
    return rows


@transaction.atomic
def second_factor_policy_set(*, actor, required) -> dict:
    """Central administrators decide which roles must log in with a second factor (the
    roles in `required`; every other role need not). Applies from each account's next
    login. Returns {role: [before, after]} for the roles that changed."""
    require(scope.is_national(actor, Capability.MANAGE_ACCOUNTS))
    wanted = {Role(role) for role in required}
    before = required_roles()
    changes = {}
    for role in Role:
        if (role in wanted) == (role in before):
            continue
        SecondFactorPolicy.objects.update_or_create(
            role=role.value, defaults={"required": role in wanted, "changed_by": actor}
        )
        changes[role.value] = [role in before, role in wanted]
    if changes:
        audit_record(actor=actor, action="accounts.second_factor_policy", changes=changes)
    return changes


def enforced_for(user) -> bool:
    """Whether one of the user's roles requires a second factor."""
    roles = set(RoleAssignment.objects.filter(user=user).values_list("role", flat=True))
    return bool(roles & {role.value for role in required_roles()})


# --- the authenticator ------------------------------------------------------------------


def device_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-id").first()


def needed_at_login(user) -> bool:
    return device_of(user) is not None or enforced_for(user)


def new_key() -> str:
    return random_hex(20)


def setup_url(user, key: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return TOTPDevice(user=user, key=key).config_url


def qr_svg(url: str) -> str:
    """The QR code as inline SVG, made here (no outside service ever sees the key)."""
    return segno.make(url, error="m").svg_inline(scale=5, border=4, dark="#000", light="#fff")


def key_for_typing(key: str) -> str:
    """The key in base32, in groups of four, for apps set up by typing."""
    text = b32encode(unhexlify(key)).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _digits(code) -> str:
    return "".join(ch for ch in str(code or "") if ch.isdigit())


def _matching_step(key: str, code) -> TOTP | None:
    digits = _digits(code)
    if len(digits) != 6:
        return None
    totp = TOTP(unhexlify(key), step=30, digits=6)
    return totp if totp.verify(int(digits), tolerance=TOTP_TOLERANCE) else None


@transaction.atomic
def second_factor_enrol(*, user, key: str, code) -> list[str]:
    """Confirm an authenticator by a code it shows and make it the account's (replacing
    any earlier one). Returns ten new recovery codes, to be shown once. The caller has
    made sure the person is the account's owner (just logged in, or typed the password)."""
    totp = _matching_step(key, code)
    if totp is None:
        raise ValidationError({"code": _("รหัส 6 หลักไม่ถูกต้อง กรุณาดูรหัสล่าสุดในแอป และตรวจสอบว่าเวลาในโทรศัพท์ตั้งเป็นอัตโนมัติ")})
    User.objects.select_for_update().filter(pk=user.pk).first()
    replaced, _deleted = TOTPDevice.objects.filter(user=user).delete()
    TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=key,
        confirmed=True,
        last_t=totp.t(),
        drift=totp.drift,
        tolerance=TOTP_TOLERANCE,
    )
    codes = _replace_recovery_codes(user)
    audit_record(
        actor=user,
        action="accounts.second_factor_enrol",
        obj=user,
        detail={"replaced": bool(replaced), "recovery_codes": len(codes)},
        **_scope_codes(user),
    )
    notifications.notify(user=user, notice="second_factor_enrolled")
    return codes


def verify_code(user, code) -> str:
    """Check a code at login: the authenticator's 6 digits, or a recovery code (used up).
    Returns how it was verified ("totp", "recovery_code") or "" when wrong or, for the
    authenticator, when django-otp's own back-off (1, 2, 4 … s after failures) says wait."""
    text = str(code or "").strip()
    digits = _digits(text)
    if len(digits) == 6 and len(text.replace(" ", "")) == 6:
        device = device_of(user)
        return "totp" if device is not None and device.verify_token(digits) else ""
    return "recovery_code" if recovery_code_use(user=user, code=text) else ""


def authenticator_waiting(user) -> int:
    """Seconds until the authenticator accepts another try (0: now)."""
    device = device_of(user)
    if device is None:
        return 0
    allowed, data = device.verify_is_allowed()
    if allowed or not data or "locked_until" not in data:
        return 0
    return max(1, int((data["locked_until"] - timezone.now()).total_seconds() + 0.999))


@transaction.atomic
def second_factor_remove(*, user) -> None:
    """The owner turns the second factor off (after proving the password and a code, in
    the view). Refused while one of their roles requires it: they may replace it instead."""
    if enforced_for(user):
        raise ValidationError(_("บทบาทของคุณต้องใช้การยืนยันตัวตนสองขั้นตอน จึงยกเลิกไม่ได้ หากเปลี่ยนโทรศัพท์ ให้ตั้งค่าแอปใหม่แทน"))
    removed = _forget(user)
    if removed:
        audit_record(actor=user, action="accounts.second_factor_remove", obj=user, **_scope_codes(user))
        notifications.notify(user=user, notice="second_factor_removed")


@transaction.atomic
def second_factor_reset(*, actor, user) -> bool:
    """A manager clears the second factor of an account they manage (a lost phone and lost
    recovery codes). If the role requires one, the owner sets it up at the next login."""
    _require_manages(actor, user)
    removed = _forget(user)
    if removed:
        audit_record(actor=actor, action="accounts.second_factor_reset", obj=user, **_scope_codes(user))
        notifications.notify(user=user, notice="second_factor_reset", actor=actor.get_username())
    return removed


def _forget(user) -> bool:
    devices, _ = TOTPDevice.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    return bool(devices)


# --- recovery codes ---------------------------------------------------------------------


def _normalise_recovery(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def _recovery_hash(code: str) -> str:
    return hashlib.sha256(_normalise_recovery(code).encode()).hexdigest()


def _replace_recovery_codes(user) -> list[str]:
    RecoveryCode.objects.filter(user=user).delete()
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _j in range(RECOVERY_CODE_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    RecoveryCode.objects.bulk_create([RecoveryCode(user=user, code_sha256=_recovery_hash(code)) for code in codes])
    return codes


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(user=user, used_at__isnull=True).count()


@transaction.atomic
def recovery_codes_generate(*, user) -> list[str]:
    """Ten new recovery codes for the owner (after proving the password, in the view);
    the old ones stop working."""
    if device_of(user) is None:
        raise ValidationError(_("ยังไม่ได้ตั้งค่าการยืนยันตัวตนสองขั้นตอน"))
    codes = _replace_recovery_codes(user)
    audit_record(
        actor=user,
        action="accounts.recovery_codes_generate",
        obj=user,
        detail={"count": len(codes)},
        **_scope_codes(user),
    )
    notifications.notify(user=user, notice="recovery_codes_generated")
    return codes


@transaction.atomic
def recovery_code_use(*, user, code: str) -> bool:
    """Use up one recovery code. False when it is not one of the user's unused codes."""
    if len(_normalise_recovery(code)) != RECOVERY_CODE_LENGTH:
        return False
    found = (
        RecoveryCode.objects.select_for_update()
        .filter(user=user, code_sha256=_recovery_hash(code), used_at__isnull=True)
        .first()
    )
    if found is None:
        return False
    found.used_at = timezone.now()
    found.save(update_fields=["used_at"])
    left = recovery_codes_left(user)
    audit_record(actor=user, action="accounts.recovery_code_use", obj=user, detail={"left": left}, **_scope_codes(user))
    notifications.notify(user=user, notice="recovery_code_used", left=left)
    return True
