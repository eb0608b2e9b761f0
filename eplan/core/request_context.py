"""Who is asking, from where: kept for the length of one request (or command).

The audit trail and login throttling read the client address from here, so services do
not need a request object passed down to them.
"""

import contextvars
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class RequestContext:
    client_ip: str | None = None
    request_id: str = ""
    channel: str = ""  # "web", "api", or the name of a management command


_NO_CONTEXT = RequestContext()
_current = contextvars.ContextVar("eplan_request_context", default=_NO_CONTEXT)


def current() -> RequestContext:
    return _current.get()


@contextmanager
def using(context: RequestContext):
    token = _current.set(context)
    try:
        yield context
    finally:
        _current.reset(token)


def command_context(name: str):
    """Context for a management command: no address, the command named as the channel."""
    return using(RequestContext(request_id=uuid.uuid4().hex, channel=f"command:{name}"))


def client_ip_of(request) -> str | None:
    """The client's address, trusting X-Forwarded-For only as far as our own proxies."""
    hops = settings.TRUSTED_PROXY_COUNT
    if hops > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= hops:
            return forwarded[-hops]
    return request.META.get("REMOTE_ADDR") or None
