"""Reads of plans shared by pages, exports and the API; scope through accounts.scope."""

from django.http import Http404

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.plans.models import Plan, PlanVersion


def plans_for_user(user, capability=Capability.VIEW):
    return Plan.objects.filter(organisation__in=scope.organisations_for_user(user, capability))


def plan_for_user_or_404(user, organisation_code, cycle_code, capability=Capability.VIEW) -> Plan:
    try:
        return (
            plans_for_user(user, capability)
            .select_related("organisation__province", "organisation__district", "cycle")
            .get(organisation__code=organisation_code, cycle__code=cycle_code)
        )
    except Plan.DoesNotExist:
        raise Http404 from None


def version_for_user_or_404(user, organisation_code, cycle_code, number, capability=Capability.VIEW) -> PlanVersion:
    plan = plan_for_user_or_404(user, organisation_code, cycle_code, capability)
    try:
        return plan.versions.select_related("submitted_by", "returned_by").get(number=number)
    except (PlanVersion.DoesNotExist, ValueError):
        raise Http404 from None


def latest_version(plan):
    return plan.versions.order_by("-number").first()
