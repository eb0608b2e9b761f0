"""Public PDFs made once, then served from the shared cache.

A submitted report printed for the public costs seconds of WeasyPrint per request, and a
public link on an organisation's website is asked for again and again. The document is
the same until something about the organisation is recorded as changed, and every change
is recorded: each business operation writes its audit event, with the organisation's
code, in the transaction that makes it (reopening a report, submitting it again,
correcting the organisation's data). So a copy is kept under the address that names the
document (organisation, cycle, round and the variants that change the print: Thai digits,
numbering, language) together with the organisation's position in the audit trail when it
was made; it is served while that position is unchanged, and made afresh otherwise.

The view still decides who may see the document: a copy is kept only from a 200 answer,
and any audited change (a report reopened for correction) sends the next request back to
the view, which then answers 404. The cache is Django's (Redis in production, shared by
every app server). Plan versions and announcements are kept by their own views
(eplan.public.views_status), under their version's and announcement's identity.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Max
from django.http import HttpResponse
from django.utils import translation

from eplan.core.models import AuditEvent

KEPT_HEADERS = ("Content-Type", "Content-Disposition", "Content-Language", "Cache-Control")


def audit_position(organisation_code: str) -> tuple:
    """How far the organisation's audit trail has come: the number of events and the
    latest. The count catches an event committed after one with a higher id."""
    position = AuditEvent.objects.filter(organisation_code=organisation_code).aggregate(n=Count("id"), last=Max("id"))
    return position["n"], position["last"]


def _key(view, kwargs, request, vary) -> str:
    variant = [f"{name}={request.GET.get(name, '')}" for name in vary]
    address = ":".join(f"{name}={value}" for name, value in sorted(kwargs.items()))
    return ":".join(
        ["eplan:public-pdf", view.__module__, view.__qualname__, address, *variant, translation.get_language()]
    )


def cache_public_pdf(*, organisation: str, vary=("digits", "numbering")):
    """Keep a public view's PDF until the organisation named by the URL parameter
    `organisation` changes. Only the query parameters in `vary` make another copy, so an
    address with anything else added is still served from the cache."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            key = _key(view, kwargs, request, vary)
            position = audit_position(kwargs[organisation])
            kept = cache.get(key)
            if kept is not None and kept["position"] == position:
                response = HttpResponse(kept["content"])
                for name, value in kept["headers"].items():
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming and not response.cookies:
                headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
                entry = {"position": position, "content": response.content, "headers": headers}
                cache.set(key, entry, settings.PUBLIC_DOCUMENT_CACHE_SECONDS)
            return response

        return wrapper

    return decorate
