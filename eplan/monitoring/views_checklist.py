"""The checklist of a fiscal year: read by the planners, edited by central staff
(EDIT_CHECKLIST), copied from the year before. Recorded findings keep their wording.
Both forms carry the state of the checklist they were opened from (`_state`): a save or a
copy over a newer checklist is refused, the editor's lines kept in the form (409)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.concurrency import STATE_FIELD, StaleEdit, state_token
from eplan.core.forms import errors_into
from eplan.monitoring import services
from eplan.monitoring.forms import ChecklistForm
from eplan.monitoring.models import Checklist
from eplan.monitoring.views import messages_of
from eplan.plans import conflicts


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
    state = state_token(services.checklist_values(fiscal_year))
    status, conflict = 200, None
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        state = request.POST.get(STATE_FIELD, "")
        form = ChecklistForm(request.POST)
        form.is_valid()
        typed = form.cleaned_data.get("items", "").splitlines()
        try:
            services.checklist_save(actor=request.user, fiscal_year=fiscal_year, items=typed, seen=state)
            messages.success(request, _("บันทึกรายการตรวจปีงบประมาณ %(year)s แล้ว") % {"year": fiscal_year})
            return redirect("monitoring:checklist", fiscal_year)
        except StaleEdit as stale:
            conflict, status = _conflict(stale, form, typed), 409
            state = state_token(stale.current)
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
            "state": state,
            "conflict": conflict,
            "years": years,
            "has_previous": Checklist.objects.filter(fiscal_year__lt=fiscal_year).exists(),
        },
        status=status,
    )


def _conflict(stale: StaleEdit, form, typed: list[str]) -> dict:
    """The checklist stored now beside the lines typed (blank lines are not items)."""
    shown = {"items": "\n".join(line.strip() for line in typed if line.strip())}
    stored = {"items": "\n".join(stale.current.get("items", []))}
    return conflicts.refusal(stale, conflicts.rows(stored, shown, {"items": form.fields["items"].label}))


@login_required
@require_POST
def checklist_copy(request, fiscal_year):
    _readable(request.user)
    try:
        services.checklist_copy(actor=request.user, fiscal_year=fiscal_year, seen=request.POST.get(STATE_FIELD, ""))
        messages.success(request, _("คัดลอกรายการตรวจจากปีก่อนแล้ว"))
    except ValidationError as error:
        for message in messages_of(error):
            messages.error(request, message)
    return redirect("monitoring:checklist", fiscal_year)
