"""Reads of supervision that the pages, the API, the work list and the PDF share.

Who sees what: a visit is seen by everyone whose scope (VIEW) holds one of the อปท. it
covers — the อปท. itself, its district office, สถ.จ., the NACC offices of its province,
region and centre; an outsider gets 404. Within a provincial meeting each one sees only
the อปท. of its own scope. Planning and recording need MANAGE_SUPERVISION for the
province of the visit (every อปท. of a visit is of one province).
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.thai import fiscal_year_bounds
from eplan.monitoring.models import (
    AWAITING_ANSWER,
    Recommendation,
    RecommendationState,
    Visit,
    VisitOrganisation,
    VisitState,
)

SUPERVISION_MONTHS = (5, 6)  # May and June: the supervision season


def visits_for_user(user, capability=Capability.VIEW):
    area = scope.organisations_for_user(user, capability)
    inside = VisitOrganisation.objects.filter(visit=OuterRef("pk"), organisation__in=area)
    return Visit.objects.filter(Exists(inside)).select_related("province")


def visit_for_user_or_404(user, pk, capability=Capability.VIEW) -> Visit:
    try:
        return visits_for_user(user, capability).get(pk=int(pk))
    except (Visit.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def covered_for_user(user, visit, capability=Capability.VIEW):
    """The อปท. of a visit the user may see, with their findings, files and recommendations."""
    return (
        VisitOrganisation.objects.filter(visit=visit, organisation__in=scope.organisations_for_user(user, capability))
        .select_related("organisation", "organisation__district")
        .prefetch_related(
            "findings",
            "files",
            Prefetch("recommendations", queryset=Recommendation.objects.prefetch_related("answers")),
        )
    )


def covered_for_user_or_404(user, pk, capability=Capability.VIEW) -> VisitOrganisation:
    try:
        return (
            VisitOrganisation.objects.filter(organisation__in=scope.organisations_for_user(user, capability))
            .select_related("visit", "visit__province", "organisation")
            .get(pk=int(pk))
        )
    except (VisitOrganisation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def recommendations_for_user(user, capability=Capability.VIEW):
    return Recommendation.objects.filter(organisation__in=scope.organisations_for_user(user, capability))


def recommendation_for_user_or_404(user, pk, capability=Capability.VIEW) -> Recommendation:
    try:
        return (
            recommendations_for_user(user, capability)
            .select_related("organisation", "covered__visit", "made_by")
            .get(pk=int(pk))
        )
    except (Recommendation.DoesNotExist, ValueError, TypeError, OverflowError):
        raise Http404 from None


def overdue_condition(today: datetime.date) -> Q:
    """Overdue: still waiting for the อปท. (open or reopened) after its due date."""
    return Q(state__in=AWAITING_ANSWER, due_on__lt=today)


def overdue(recommendations, today: datetime.date):
    return recommendations.filter(overdue_condition(today))


def is_overdue(recommendation, today: datetime.date) -> bool:
    return recommendation.state in AWAITING_ANSWER and recommendation.due_on < today


def season_months(fiscal_year: int) -> list[datetime.date]:
    """The first day of May and of June of a Buddhist-era fiscal year."""
    _first, last = fiscal_year_bounds(fiscal_year)
    return [datetime.date(last.year, month, 1) for month in SUPERVISION_MONTHS]


def province_summary(user, fiscal_year: int, today: datetime.date) -> list[dict]:
    """Per province in the user's scope: visits done and planned in the fiscal year, and
    the recommendations of those visits open / overdue / answered / closed. Two queries,
    whatever the number of provinces or organisations."""
    area = scope.organisations_for_user(user)
    visits = (
        VisitOrganisation.objects.filter(organisation__in=area, visit__fiscal_year=fiscal_year)
        .values("visit__province_id", "visit__province__name_th")
        .annotate(
            done=Count("visit", filter=Q(visit__state=VisitState.RECORDED), distinct=True),
            planned=Count("visit", filter=Q(visit__state=VisitState.PLANNED), distinct=True),
            organisations=Count("organisation", filter=Q(visit__state=VisitState.RECORDED), distinct=True),
        )
    )
    recommendations = (
        Recommendation.objects.filter(organisation__in=area, covered__visit__fiscal_year=fiscal_year)
        .values("organisation__province_id")
        .annotate(
            open=Count("pk", filter=Q(state__in=AWAITING_ANSWER)),
            overdue=Count("pk", filter=overdue_condition(today)),
            answered=Count("pk", filter=Q(state=RecommendationState.ANSWERED)),
            closed=Count("pk", filter=Q(state=RecommendationState.CLOSED)),
        )
    )
    rows = {}
    for row in visits:
        rows[row["visit__province_id"]] = {
            "province": row["visit__province_id"],
            "name": row["visit__province__name_th"],
            "done": row["done"],
            "planned": row["planned"],
            "organisations": row["organisations"],
            "open": 0,
            "overdue": 0,
            "answered": 0,
            "closed": 0,
        }
    for row in recommendations:
        found = rows.setdefault(
            row["organisation__province_id"],
            {"province": row["organisation__province_id"], "name": "", "done": 0, "planned": 0, "organisations": 0},
        )
        found.update({key: row[key] for key in ("open", "overdue", "answered", "closed")})
    return sorted(rows.values(), key=lambda row: row["province"])
