"""Rate limits, counted where every app server sees the same numbers.

A limit has a name (`login`, `password_reset`, `api`, `upload`, `export`) and its rates in
settings.RATE_LIMITS, one per kind of key:

    "export": {"user": "30/m", "address": "60/m"}
    "password_reset": {"methods": ["POST"], "address": "6/m", "field:identifier": "6/h"}

`user` counts a signed-in user's requests, `address` the client's address (request_context,
so only our own proxies are trusted: anonymous callers are counted by it), and
`field:<name>` a value typed into a form field, e.g. the account a reset is asked for, from
whatever address. A request over any of them is answered 429 with Retry-After: JSON for
the API, a page for everything else. Only the methods listed are counted (all by default).

Counters are fixed windows (6/m: at most six requests in each clock minute) kept in the
database table core_rate_counter by one atomic upsert (SQLite under `make run`,
PostgreSQL in production), or in the cache when RATE_LIMIT_STORE is "cache" (Redis, whose
INCR is atomic too). Never in a process's memory: with several app servers, or gunicorn's
workers, a per-process counter multiplies every limit.

Views take the decorator (`@rate_limit("export")`, on a function or a class-based view);
the API is limited as a whole by ApiRateLimitMiddleware.

A personal API token is counted twice under `user`: for itself, by the middleware, before
anyone knows whose it is (so a wrong token is counted too); and, once ApiTokenAuth has
found it, for its holder (check_holder), in the same counter as the holder's browser
session. Each token has its budget, and a person's tokens together never have more than
one person's: ten tokens do not make ten budgets.
"""

import functools
import hashlib
import logging
import math
import re
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

from eplan.core import request_context

logger = logging.getLogger(__name__)

TABLE = "core_rate_counter"
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d*)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def now() -> float:
    return time.time()


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        """'6/m', '60/10m', '1000/d'."""
        match = _RATE.match(text or "")
        if not match:
            raise ValueError(f"A rate is written like 6/m, 60/10m or 1000/d, not {text!r}")
        count, multiple, unit = match.groups()
        return cls(int(count), int(multiple or 1) * _UNIT_SECONDS[unit])


@dataclass(frozen=True)
class Refusal:
    limit: str
    key_kind: str
    retry_after: int  # seconds


def _settings_for(name: str) -> dict:
    try:
        return settings.RATE_LIMITS[name]
    except KeyError:
        raise ValueError(f"No rate limit named {name!r} in settings.RATE_LIMITS") from None


def _digest(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _identity_of(request, kind: str) -> str | None:
    """The value a key of this kind counts for this request; None: the kind does not apply."""
    if kind == "address":
        address = getattr(request, "client_ip", None) or request_context.client_ip_of(request)
        return address or "unknown"
    if kind == "user":
        authorization = request.headers.get("Authorization", "")
        if authorization.lower().startswith("bearer "):
            return "token:" + _digest(authorization[7:].strip())
        user = getattr(request, "user", None)
        return f"user:{user.pk}" if user is not None and user.is_authenticated else None
    if kind.startswith("field:"):
        value = (request.POST.get(kind[6:]) or "").strip().lower()
        return value or None
    raise ValueError(f"Unknown rate-limit key {kind!r}: use user, address or field:<name>")


def _hit_database(key: str, expires_at: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TABLE} (bucket, hits, expires_at) VALUES (%s, 1, %s) "  # noqa: S608 (a constant)
            f"ON CONFLICT (bucket) DO UPDATE SET hits = {TABLE}.hits + 1 RETURNING hits",
            [key, expires_at],
        )
        hits = cursor.fetchone()[0]
        if hits == 1:  # a new window: the ones that have ended are of no use
            cursor.execute(f"DELETE FROM {TABLE} WHERE expires_at < %s", [int(now())])  # noqa: S608
    return hits


def _hit_cache(key: str, expires_at: int) -> int:
    timeout = max(1, expires_at - int(now()))
    cache.add(key, 0, timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout)
        return 1


def hit(key: str, rate: Rate) -> tuple[int, int]:
    """Count one request under key in the current window of rate: (requests counted in
    this window so far, seconds until the window ends)."""
    moment = now()
    window = int(moment // rate.seconds)
    expires_at = (window + 1) * rate.seconds
    store = _hit_cache if settings.RATE_LIMIT_STORE == "cache" else _hit_database
    hits = store(f"rl:{key}:{rate.seconds}:{window}", expires_at)
    return hits, max(1, math.ceil(expires_at - moment))


def _count(name: str, kind: str, identity: str, text: str) -> Refusal | None:
    rate = Rate.parse(text)
    hits, retry_after = hit(f"{name}:{kind}:{_digest(identity)}", rate)
    return Refusal(limit=name, key_kind=kind, retry_after=retry_after) if hits > rate.count else None


def _logged(request, refusal: Refusal | None) -> Refusal | None:
    if refusal is not None:
        logger.warning(
            "rate limit %s exceeded by %s (%s) on %s",
            refusal.limit,
            refusal.key_kind,
            getattr(request, "client_ip", None),
            request.path,
        )
    return refusal


def check(request, name: str) -> Refusal | None:
    """Count this request against the limit called name; the refusal if it is over."""
    config = _settings_for(name)
    methods = config.get("methods")
    if methods and request.method not in methods:
        return None
    refusal = None
    for kind, text in config.items():
        if kind == "methods" or not text:
            continue
        identity = _identity_of(request, kind)
        if identity is None:
            continue
        found = _count(name, kind, identity, text)
        if found is not None and (refusal is None or found.retry_after > refusal.retry_after):
            refusal = found
    return _logged(request, refusal)


def check_holder(request, user, name: str = "api") -> Refusal | None:
    """Count this request for the person a credential belongs to, under the limit's `user`
    rate and in the counter of that person's session (see the module's docstring)."""
    text = _settings_for(name).get("user")
    if not text or user is None or not user.is_authenticated:
        return None
    return _logged(request, _count(name, "user", f"user:{user.pk}", text))


class RateLimited(Exception):
    """Raised where a view cannot answer by itself (the API's authentication): answered
    with too_many_requests (eplan.core.api_errors)."""

    def __init__(self, refusal: Refusal):
        super().__init__(refusal.limit)
        self.refusal = refusal


def wait_text(seconds: int) -> str:
    if seconds < 120:
        return _("%(n)s วินาที") % {"n": seconds}
    return _("%(n)s นาที") % {"n": math.ceil(seconds / 60)}


def too_many_requests(request, refusal: Refusal):
    """429 with Retry-After: JSON under /api/, the page 429.html elsewhere."""
    message = _("มีคำขอมากเกินไปในเวลาสั้น ๆ กรุณารอ %(wait)s แล้วลองใหม่") % {"wait": wait_text(refusal.retry_after)}
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=429)
    else:
        context = {"message": message, "retry_after": refusal.retry_after}
        response = render(request, "429.html", context, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    add_never_cache_headers(response)
    return response


def rate_limit(name: str):
    """Refuse requests over the named limit of settings.RATE_LIMITS (429, Retry-After).
    Takes a function view or a class-based view."""

    def decorate(view):
        if isinstance(view, type):
            view.dispatch = decorate(view.dispatch)
            return view

        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            # A method's first argument is the view instance, a function's the request.
            request = args[0] if hasattr(args[0], "META") else args[1]
            refusal = check(request, name)
            if refusal is not None:
                return too_many_requests(request, refusal)
            return view(*args, **kwargs)

        return wrapper

    return decorate


class ApiRateLimitMiddleware:
    """The `api` limit for every request under /api/ (per token or user, and per address).
    After AuthenticationMiddleware, so a browser's session counts as its user."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith("/api/"):
            refusal = check(request, "api")
            if refusal is not None:
                return too_many_requests(request, refusal)
        return self.get_response(request)
