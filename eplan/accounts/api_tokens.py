"""Personal API tokens (โทเคนสำหรับเรียกใช้ API): made by their owner, bounded in time,
optionally read-only, revoked by their owner or by whoever manages the account, and
revoked by themselves when someone else resets the password or the account is suspended.

Only the SHA-256 hash of a key is stored; the key is shown to its owner once.
"""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.models import ApiToken, ApiTokenRevocation, User
from eplan.core.audit import audit_record

API_TOKEN_PREFIX = "eplan_"  # noqa: S105 (a marker, not a secret: lets leaked keys be recognised)
API_TOKEN_LIMIT = 10  # active tokens per person: enough for a few scripts, few to review
API_TOKEN_USE_RECORDED_EVERY = datetime.timedelta(minutes=1)
API_TOKEN_MIN_DAYS = 1
READ_METHODS = frozenset({"GET", "HEAD"})


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def live_tokens(user):
    """The tokens of a user that work now (not revoked, not expired)."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=timezone.now())


def _codes(user):
    organisation = user.primary_organisation
    if organisation is not None:
        return {"organisation_code": organisation.code, "province_code": organisation.province_id}
    return {}


def _token_detail(token):
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
        "read_only": token.read_only,
    }


def _check_days(days) -> int:
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise ValidationError({"days": _("กรุณาระบุจำนวนวันเป็นตัวเลข")}) from None
    if not API_TOKEN_MIN_DAYS <= days <= settings.API_TOKEN_MAX_DAYS:
        raise ValidationError(
            {
                "days": _("อายุโทเคนต้องอยู่ระหว่าง %(low)s ถึง %(high)s วัน")
                % {"low": API_TOKEN_MIN_DAYS, "high": settings.API_TOKEN_MAX_DAYS}
            }
        )
    return days


@transaction.atomic
def api_token_create(*, actor, name: str = "", days=None, read_only: bool = False) -> tuple[ApiToken, str]:
    """A new personal API token for the actor, working for `days` days (1–365, default 90).
    Returns the token and its key: the key is shown to its owner once and never stored."""
    if not (getattr(actor, "is_authenticated", False) and actor.is_active):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))
    days = _check_days(settings.API_TOKEN_DEFAULT_DAYS if days in (None, "") else days)
    User.objects.select_for_update().filter(pk=actor.pk).first()  # one creation at a time per person
    if live_tokens(actor).count() >= API_TOKEN_LIMIT:
        raise ValidationError(_("มีโทเคนที่ใช้งานอยู่ครบ %(n)s รายการแล้ว กรุณายกเลิกโทเคนที่ไม่ใช้ก่อน") % {"n": API_TOKEN_LIMIT})
    key = API_TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=actor,
        name=(name or "").strip(),
        prefix=key[:12],
        key_sha256=api_token_hash(key),
        expires_at=timezone.now() + datetime.timedelta(days=days),
        read_only=bool(read_only),
    )
    token.full_clean()
    token.save()
    audit_record(
        actor=actor, action="accounts.api_token_create", obj=token, detail=_token_detail(token), **_codes(actor)
    )
    return token, key


def _revoke(token, *, by, reason):
    token.revoked_at = timezone.now()
    token.revoked_reason = reason
    token.revoked_by = by if getattr(by, "is_authenticated", False) else None
    token.save(update_fields=["revoked_at", "revoked_reason", "revoked_by"])


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> ApiToken:
    """Stop a token working, for good: by its owner, or by someone who manages the
    owner's account. Revoking twice is harmless."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))
    own = token.user_id == actor.pk
    if not own and not scope.users_for_user(actor).filter(pk=token.user_id).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))
    if token.revoked_at is None:
        _revoke(token, by=actor, reason=ApiTokenRevocation.OWNER if own else ApiTokenRevocation.MANAGER)
        audit_record(
            actor=actor,
            action="accounts.api_token_revoke",
            obj=token,
            detail={**_token_detail(token), "owner": token.user.get_username(), "reason": token.revoked_reason},
            **_codes(token.user),
        )
    return token


def api_tokens_revoke_all(*, actor, user, reason: str) -> int:
    """Revoke every live token of a user, inside the caller's transaction (a password reset
    by someone else, a suspension, or a manager's button). Returns how many; the caller's
    audit event names the reason, and this one lists the tokens."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("api_tokens_revoke_all must run inside the transaction of its cause.")
    tokens = list(ApiToken.objects.select_for_update().filter(user=user, revoked_at__isnull=True))
    for token in tokens:
        _revoke(token, by=actor, reason=reason)
    if tokens:
        audit_record(
            actor=actor,
            action="accounts.api_tokens_revoke_all",
            obj=user,
            detail={"reason": reason, "prefixes": [token.prefix for token in tokens]},
            **_codes(user),
        )
    return len(tokens)


@transaction.atomic
def api_tokens_revoke_managed(*, actor, user) -> int:
    """A manager stops every token of an account they manage (a script leaked, a person
    left). Refused for accounts outside the manager's reach."""
    if not scope.users_for_user(actor).filter(pk=user.pk).exists():
        raise PermissionDenied(_("คุณไม่มีสิทธิ์ดำเนินการนี้"))
    return api_tokens_revoke_all(actor=actor, user=user, reason=ApiTokenRevocation.MANAGER)


def api_token_authenticate(*, key: str) -> ApiToken | None:
    """The live token this key is (its user active), or None. Notes when the token was
    used (at most once a minute: this runs on every API request, so it is not audited)."""
    if not key or not key.startswith(API_TOKEN_PREFIX):
        return None
    now = timezone.now()
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_sha256=api_token_hash(key), revoked_at__isnull=True, expires_at__gt=now, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= API_TOKEN_USE_RECORDED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
