"""Photos and documents of a visit and the evidence of answers: checked by their first
bytes when uploaded (services), stored under random names, served only through these
views to those who may see the visit or the recommendation, as the type their first bytes
show, and recorded as a download of non-public data. The visit report PDF."""

import hashlib
import json
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eplan.accounts import scope
from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.core.ratelimit import rate_limit
from eplan.jobs import documents as jobs
from eplan.monitoring import document, selectors, services
from eplan.monitoring.models import Answer, VisitFile
from eplan.monitoring.views import messages_of
from eplan.reporting.evidence import INLINE_TYPES, verified_type


def _download_record(*, actor, what, obj, organisation, **detail):
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="monitoring.download",
            obj=obj,
            detail={"what": what, **detail},
            organisation_code=organisation.code,
            province_code=organisation.province_id,
        )


def _served(stored, name):
    """The file, as the type its first bytes show; only PDF and images inline."""
    if not stored or not stored.storage.exists(stored.name):
        raise Http404
    with stored.open("rb") as handle:
        head = handle.read(8)
    content_type = verified_type(Path(name or stored.name).suffix, head)
    response = FileResponse(
        stored.open("rb"),
        as_attachment=content_type not in INLINE_TYPES,
        filename=name or Path(stored.name).name,
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required_keeping_input
@require_POST
@rate_limit("upload")
def file_add(request, covered_id):
    covered = selectors.covered_for_user_or_404(request.user, covered_id, capability=Capability.MANAGE_SUPERVISION)
    try:
        services.visit_file_add(actor=request.user, covered=covered, upload=request.FILES.get("file"))
        messages.success(request, _("แนบไฟล์แล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect(reverse("monitoring:visit", args=[covered.visit_id]) + f"#covered-{covered.pk}")


@login_required
def visit_file(request, file_id):
    try:
        stored = (
            VisitFile.objects.select_related("covered__organisation")
            .filter(covered__organisation__in=scope.organisations_for_user(request.user))
            .get(pk=int(file_id))
        )
    except (VisitFile.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    response = _served(stored.file, stored.original_name)
    _download_record(
        actor=request.user,
        what="visit_file",
        obj=stored.covered.visit,
        organisation=stored.covered.organisation,
        name=stored.original_name,
    )
    return response


@login_required
def answer_file(request, answer_id):
    try:
        answer = (
            Answer.objects.select_related("recommendation__organisation")
            .filter(recommendation__in=selectors.recommendations_for_user(request.user))
            .get(pk=int(answer_id))
        )
    except (Answer.DoesNotExist, ValueError, OverflowError):
        raise Http404 from None
    if not answer.file:
        raise Http404
    response = _served(answer.file, answer.original_name)
    _download_record(
        actor=request.user,
        what="answer_file",
        obj=answer.recommendation,
        organisation=answer.recommendation.organisation,
        name=answer.original_name,
    )
    return response


@login_required_keeping_input
def visit_pdf(request, visit_id):
    """The visit report, of what the reader may see of the visit: the same content is the
    same file (kept a day under the hash of its content), small enough to make at once."""
    found = selectors.visit_for_user_or_404(request.user, visit_id)
    doc = document.build(found, selectors.covered_for_user(request.user, found))
    printed = {key: value for key, value in doc.items() if key != "printed_at"}
    content = hashlib.sha256(json.dumps(printed, sort_keys=True, default=str).encode()).hexdigest()
    printed = jobs.Document(
        key=f"supervision-visit-pdf:{found.pk}:{content}",
        builder=document.visit_pdf_file,
        params={"doc": doc},
        filename=_("รายงานการนิเทศติดตาม %(date)s.pdf") % {"date": doc["date_iso"]},
        fallback=f"supervision-visit-{found.pk}.pdf",
        content_type=jobs.PDF,
        keep=document.KEPT,
        title=_("รายงานการนิเทศติดตาม (PDF)"),
        back_url=reverse("monitoring:visit", args=[found.pk]),
        estimate_seconds=document.estimate_seconds(doc),
    )
    return jobs.respond(request, printed, inline=not document.is_large(doc), limit="export")


visit_file = require_safe(visit_file)
answer_file = require_safe(answer_file)
visit_pdf = require_safe(visit_pdf)
