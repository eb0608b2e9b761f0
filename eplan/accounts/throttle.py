"""Login throttling that cannot be turned against an organisation.

Failures are counted per (username, client address) and per client address alone, never
per username alone: someone who types an organisation's code wrongly a hundred times from
their own machine does not stop that organisation's officers logging in from theirs.
Failures live in the database so that every app server behind the load balancer agrees.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone

from eplan.accounts.models import LoginFailure


@dataclass(frozen=True)
class Block:
    by_address_only: bool
    until: datetime.datetime

    @property
    def minutes_left(self) -> int:
        seconds = (self.until - timezone.now()).total_seconds()
        return max(1, int(seconds // 60) + 1)


def _window_start():
    return timezone.now() - datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()[:150]


def block_for(username: str, client_ip: str | None) -> Block | None:
    """The block in force for this username from this address, if any."""
    since = _window_start()
    window = datetime.timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)
    recent = LoginFailure.objects.filter(at__gte=since, client_ip=client_ip)
    pair = recent.filter(username=normalise_username(username)).aggregate(n=Count("id"), last=Max("at"))
    if pair["n"] >= settings.LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS:
        return Block(by_address_only=False, until=pair["last"] + window)
    address = recent.aggregate(n=Count("id"), last=Max("at"))
    if address["n"] >= settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS:
        return Block(by_address_only=True, until=address["last"] + window)
    return None


def record_failure(username: str, client_ip: str | None):
    LoginFailure.objects.create(username=normalise_username(username), client_ip=client_ip)
    # Keep the table small: anything older than a day has no use.
    LoginFailure.objects.filter(at__lt=timezone.now() - datetime.timedelta(days=1)).delete()


def clear_for_success(username: str, client_ip: str | None):
    LoginFailure.objects.filter(username=normalise_username(username), client_ip=client_ip).delete()


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
