"""Login throttling that cannot be turned against an organisation.

Three counts, all over the failures of the last LOGIN_FAILURE_WINDOW_MINUTES, kept in the
database so that every app server behind the load balancer agrees:

- per (username, client address): 10 failures block that account from that address
  only; provincial staff can lift it (`/accounts/lockouts/`);
- per client address: 100 failures block the address, except for usernames that have
  logged in successfully from it before (`KnownLoginAddress`): an office behind one NAT
  keeps working while someone there tries random names;
- per username across every address: after a few failures each further attempt must wait
  1, 2, 4 … seconds (at most LOGIN_SLOWDOWN_MAX_SECONDS) after the last one, again except
  from an address the account is known at. Never a block: whoever types an
  organisation's code wrongly from their own machine, or a botnet guessing it from many,
  cannot stop its officers logging in.

Failed logins are audited with the same counting, so the audit table grows with the
throttle's limits, not with an attacker's requests: one `accounts.login_failure` event per
(username, address) per window (its first failure), and one more when that pair reaches
its limit; further failures in the window are counted here only.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eplan.accounts.models import KnownLoginAddress, LoginFailure, User
from eplan.core.audit import audit_record


@dataclass(frozen=True)
class Block:
    kind: str  # "account_here", "address" or "wait" (see the module docstring)
    until: datetime.datetime

    @property
    def seconds_left(self) -> int:
        return max(1, int((self.until - timezone.now()).total_seconds() + 0.999))

    @property
    def minutes_left(self) -> int:
        return max(1, (self.seconds_left + 59) // 60)

    @property
    def message(self) -> str:
        if self.kind == "wait":
            return _("มีการใส่รหัสผ่านของบัญชีนี้ผิดหลายครั้ง กรุณารอ %(seconds)s วินาทีแล้วลองใหม่") % {"seconds": self.seconds_left}
        if self.kind == "address":
            return _("มีการเข้าสู่ระบบไม่สำเร็จจากเครื่องนี้หลายครั้งเกินไป กรุณารอประมาณ %(minutes)s นาทีแล้วลองใหม่") % {
                "minutes": self.minutes_left
            }
        return _(
            "ใส่รหัสผ่านของบัญชีนี้ผิดจากเครื่องนี้หลายครั้งเกินไป กรุณารอประมาณ %(minutes)s นาที "
            "หรือติดต่อ สปจ./สถ.จ. เพื่อปลดล็อก (เครื่องอื่นยังเข้าสู่ระบบได้ตามปกติ)"
        ) % {"minutes": self.minutes_left}


def _window():
    return datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _window_start():
    return timezone.now() - _window()


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def is_known_address(username: str, client_ip: str | None) -> bool:
    if not client_ip:
        return False
    since = timezone.now() - datetime.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return KnownLoginAddress.objects.filter(
        username=normalise_username(username), client_ip=client_ip, last_success_at__gte=since
    ).exists()


def slowdown_seconds(failures: int) -> int:
    """How long an attempt waits after the last failure, for a username's failure count."""
    over = failures - settings.LOGIN_SLOWDOWN_AFTER_FAILURES
    if over < 0:
        return 0
    return min(settings.LOGIN_SLOWDOWN_MAX_SECONDS, 2**over)


def block_for(username: str, client_ip: str | None) -> Block | None:
    """The block or wait in force for this username from this address, if any."""
    username = normalise_username(username)
    since = _window_start()
    recent = LoginFailure.objects.filter(at__gte=since)
    pair = recent.filter(username=username, client_ip=client_ip).aggregate(n=Count("id"), last=Max("at"))
    if pair["n"] >= settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS:
        return Block(kind="account_here", until=pair["last"] + _window())
    if is_known_address(username, client_ip):
        return None
    address = recent.filter(client_ip=client_ip).aggregate(n=Count("id"), last=Max("at"))
    if address["n"] >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        return Block(kind="address", until=address["last"] + _window())
    everywhere = recent.filter(username=username).aggregate(n=Count("id"), last=Max("at"))
    wait = slowdown_seconds(everywhere["n"])
    if wait and everywhere["last"] + datetime.timedelta(seconds=wait) > timezone.now():
        return Block(kind="wait", until=everywhere["last"] + datetime.timedelta(seconds=wait))
    return None


@transaction.atomic
def record_failure(username: str, client_ip: str | None, *, stage: str = "password"):
    """Count a failed attempt (a wrong password, or a wrong second-factor code: stage
    "second_factor"), and audit it as the module docstring says."""
    username = normalise_username(username)
    LoginFailure.objects.create(username=username, client_ip=client_ip)
    pair_failures = LoginFailure.objects.filter(username=username, client_ip=client_ip, at__gte=_window_start()).count()
    limit = settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS
    if pair_failures in (1, limit):
        target = User.objects.filter(username__iexact=username).first()
        audit_record(
            actor=None,
            action="accounts.login_failure",
            obj=target,
            detail={
                "username": username,
                "stage": stage,
                "failures_in_window": pair_failures,
                "blocked_here": pair_failures >= limit,
                "window_minutes": settings.LOGIN_FAILURE_WINDOW_MINUTES,
            },
        )
    # Keep the table small: anything older than a day has no use.
    LoginFailure.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).delete()


def record_success(username: str, client_ip: str | None):
    """A login completed: forget this pair's failures and remember the address."""
    username = normalise_username(username)
    LoginFailure.objects.filter(username=username, client_ip=client_ip).delete()
    if client_ip:
        now = timezone.now()
        KnownLoginAddress.objects.update_or_create(
            username=username, client_ip=client_ip, defaults={"last_success_at": now}
        )
        forgotten = now - datetime.timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
        KnownLoginAddress.objects.filter(last_success_at__lt=forgotten).delete()


def blocked_usernames(usernames=None):
    """(username, client address, failures, last failure) pairs at or over the limit now."""
    rows = (
        LoginFailure.objects.filter(at__gte=_window_start())
        .values("username", "client_ip")
        .annotate(failures=Count("id"), last=Max("at"))
        .filter(failures__gte=settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS)
        .order_by("-last")
    )
    if usernames is not None:
        rows = rows.filter(username__in=usernames)
    return rows
