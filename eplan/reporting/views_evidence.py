"""Evidence of a report's lines on the report page: attach a file or a link, take it off,
and the file itself, served only to those who may see the report, as the type its first
bytes show (eplan.reporting.evidence), and recorded as a download of non-public data."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.http import is_htmx
from eplan.core.ratelimit import rate_limit
from eplan.reporting import evidence as evidence_services
from eplan.reporting.downloads import download_record
from eplan.reporting.models import Evidence, ReportLine
from eplan.reporting.views import _REPORT, _may_write, _messages_of, _report_or_404, _report_url


def _evidence_block(request, found, line, *, errors=None, status=200):
    return render(
        request,
        "reporting/_evidence.html",
        {
            "line": line,
            "report": found,
            "can_write": _may_write(request.user, found),
            "evidence_errors": errors or [],
            "max_mb": evidence_services.evidence_max_bytes() // (1024 * 1024),
        },
        status=status,
    )


@login_required_keeping_input
@require_POST
@rate_limit("upload")
def evidence_add(request, organisation_code, cycle_code, round_code, line_id):
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    line = get_object_or_404(ReportLine, report=found, pk=line_id)
    errors = []
    try:
        evidence_services.evidence_add(
            actor=request.user,
            line=line,
            upload=request.FILES.get("file"),
            link=request.POST.get("link", ""),
            name=request.POST.get("name", ""),
        )
    except ValidationError as error:
        errors = _messages_of(error)
    if is_htmx(request):
        return _evidence_block(request, found, line, errors=errors, status=422 if errors else 200)
    for message in errors:
        messages.error(request, message)
    if not errors:
        messages.success(request, _("แนบหลักฐานแล้ว"))
    return redirect(_report_url(found, f"line-{line.pk}"))


@login_required
@require_POST
def evidence_remove(request, organisation_code, cycle_code, round_code, evidence_id):
    found = _report_or_404(request, organisation_code, cycle_code, round_code, Capability.REPORT_PROGRESS)
    evidence = get_object_or_404(Evidence, line__report=found, pk=evidence_id)
    line = evidence.line
    errors = []
    try:
        evidence_services.evidence_remove(actor=request.user, evidence=evidence)
    except ValidationError as error:
        errors = _messages_of(error)
    if is_htmx(request):
        return _evidence_block(request, found, line, errors=errors, status=422 if errors else 200)
    for message in errors:
        messages.error(request, message)
    return redirect(_report_url(found, f"line-{line.pk}"))


@login_required
def evidence_file(request, organisation_code, cycle_code, round_code, evidence_id):
    """A stored evidence file, for those who may see the report."""
    found = _report_or_404(request, organisation_code, cycle_code, round_code)
    evidence = get_object_or_404(Evidence, line__report=found, pk=evidence_id)
    if not evidence.file or not evidence.file.storage.exists(evidence.file.name):
        raise Http404
    # The type is read from the file's first bytes, never the uploader's claim; only PDF and
    # images are shown in the browser, anything else is downloaded.
    content_type = evidence_services.served_type(evidence)
    download_record(
        actor=request.user,
        what="evidence",
        obj=found,
        organisation=found.organisation,
        evidence=evidence.pk,
        name=evidence_services.download_name(evidence),
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=content_type not in evidence_services.INLINE_TYPES,
        filename=evidence_services.download_name(evidence),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    return response


urlpatterns = [
    path(_REPORT + "lines/<int:line_id>/evidence/", evidence_add, name="evidence_add"),
    path(_REPORT + "evidence/<int:evidence_id>/remove/", evidence_remove, name="evidence_remove"),
    path(_REPORT + "evidence/<int:evidence_id>/", require_safe(evidence_file), name="evidence_file"),
]
