"""Submitted versions: the frozen document, returning it for revision, comparing versions."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from eplan.accounts import scope
from eplan.accounts.decorators import login_required_keeping_input
from eplan.accounts.roles import Capability
from eplan.core.http import refused_is_not_found
from eplan.plans import selectors, services
from eplan.plans.diff import versions_diff
from eplan.plans.forms import ReturnForm
from eplan.plans.models import VersionStatus


def sender_label(user) -> str:
    """Who sent a version, as a reader knows them: an organisation's primary account by the
    organisation's name (its username is only the organisation's code), a person by their
    name and username, or the username alone when they have no name."""
    if user.primary_organisation_id:
        return _("บัญชีหลักของ %(organisation)s (%(username)s)") % {
            "organisation": user.primary_organisation.display_name,
            "username": user.username,
        }
    return str(user)


@login_required_keeping_input
def version(request, organisation_code, cycle_code, number, form=None):
    version = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    plan = version.plan
    can_return = (
        version.status == VersionStatus.SUBMITTED
        and version.number == selectors.latest_version(plan).number
        and scope.has_capability(request.user, Capability.RETURN_PLAN, plan.organisation)
    )
    others = list(plan.versions.exclude(pk=version.pk).values_list("number", flat=True))
    return render(
        request,
        "plans/version.html",
        {
            "plan": plan,
            "version": version,
            "doc": version.snapshot,
            "check": version.snapshot["preassessment"],
            "can_return": can_return,
            # NACC staff who may score this organisation's plans go from the document to its scoring page.
            "can_assess": scope.has_capability(request.user, Capability.ASSESS_PLAN, plan.organisation),
            "sender": sender_label(version.submitted_by),
            "return_form": form or ReturnForm(),
            "others": others,
        },
        status=422 if form is not None and form.errors else 200,
    )


@login_required_keeping_input
@require_POST
@refused_is_not_found
def version_return(request, organisation_code, cycle_code, number):
    # Who may not return it is told nothing, not which field they left empty.
    found = selectors.version_for_user_or_404(
        request.user, organisation_code, cycle_code, number, Capability.RETURN_PLAN
    )
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.plan_return(actor=request.user, version=found, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("ส่งแผนกลับให้ อปท. แก้ไขแล้ว"))
            return redirect("plans:version", organisation_code, cycle_code, number)
    return version(request, organisation_code, cycle_code, number, form=form)


@login_required_keeping_input
def version_diff(request, organisation_code, cycle_code, number, other):
    new = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, number)
    old = selectors.version_for_user_or_404(request.user, organisation_code, cycle_code, other)
    if old.number > new.number:
        old, new = new, old
    return render(
        request,
        "plans/version_diff.html",
        {"plan": new.plan, "old": old, "new": new, "diff": versions_diff(old.snapshot, new.snapshot)},
    )
