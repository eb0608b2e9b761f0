"""The checklist of a fiscal year: read by the planners, edited by central staff
(EDIT_CHECKLIST), copied from the year before. Recorded findings keep their wording."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.forms import errors_into
from eplan.monitoring import services
from eplan.monitoring.forms import ChecklistForm
from eplan.monitoring.models import Checklist
from eplan.monitoring.views import messages_of


def _readable(user):
    if not (
        scope.has_capability(user, Capability.EDIT_CHECKLIST)
        or scope.has_capability(user, Capability.MANAGE_SUPERVISION)
    ):
        raise Http404


@login_required
def checklist(request, fiscal_year):
    _readable(request.user)
    if not 2543 <= fiscal_year <= 2643:
        raise Http404
    may_edit = scope.has_capability(request.user, Capability.EDIT_CHECKLIST)
    items = services.checklist_of(fiscal_year)
    status = 200
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = ChecklistForm(request.POST)
        form.is_valid()
        try:
            services.checklist_save(
                actor=request.user,
                fiscal_year=fiscal_year,
                items=form.cleaned_data.get("items", "").splitlines(),
            )
            messages.success(request, _("บันทึกรายการตรวจปีงบประมาณ %(year)s แล้ว") % {"year": fiscal_year})
            return redirect("monitoring:checklist", fiscal_year)
        except ValidationError as error:
            errors_into(form, error)
            status = 422
    else:
        form = ChecklistForm(initial={"items": "\n".join(item.text for item in items)})
    years = sorted(set(Checklist.objects.values_list("fiscal_year", flat=True)) | {fiscal_year}, reverse=True)
    return render(
        request,
        "monitoring/checklist.html",
        {
            "fiscal_year": fiscal_year,
            "items": items,
            "form": form,
            "may_edit": may_edit,
            "years": years,
            "has_previous": Checklist.objects.filter(fiscal_year__lt=fiscal_year).exists(),
        },
        status=status,
    )


@login_required
@require_POST
def checklist_copy(request, fiscal_year):
    _readable(request.user)
    try:
        services.checklist_copy(actor=request.user, fiscal_year=fiscal_year)
        messages.success(request, _("คัดลอกรายการตรวจจากปีก่อนแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("monitoring:checklist", fiscal_year)
