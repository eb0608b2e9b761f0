from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from eplan.accounts import scope, throttle
from eplan.accounts.models import User
from eplan.accounts.roles import Capability
from eplan.core.http import is_htmx
from eplan.core.public_cache import cache_public_pdf
from eplan.core.ratelimit import rate_limit
from eplan.core.thai import thai_sorted
from eplan.frameworks.models import Cycle
from eplan.ita.selectors import ita_for_organisation
from eplan.public import status_tables, worklist
from eplan.public.forms import OrganisationFilterForm
from eplan.registry import selectors as registry_selectors
from eplan.registry.models import District, Organisation, OrganisationProfile
from eplan.reporting import selectors as reporting_selectors
from eplan.reporting.models import Report, ReportState
from eplan.reporting.views_files import report_pdf_response


def home(request):
    user = request.user
    context = {}
    if not user.is_authenticated:
        context["type_counts"] = registry_selectors.counts_by_type(Organisation.objects.filter(active=True))
        context["total"] = sum(row["count"] for row in context["type_counts"])
        return render(request, "public/home.html", context)
    # What to do next comes first; the organisations and the area's figures follow it.
    context["work_list"] = worklist.work_list_for_user(user)
    own = list(scope.lao_organisations_of(user).select_related("profile"))
    context["own_organisations"] = own
    context["assignments"] = scope.assignments_of(user)
    for organisation in own:
        organisation.can_edit_profile = scope.has_capability(user, Capability.EDIT_ORGANISATION_PROFILE, organisation)
        organisation.account_count = (
            User.objects.filter(
                Q(role_assignments__organisation=organisation) | Q(primary_organisation=organisation), is_active=True
            )
            .distinct()
            .count()
        )
    in_scope = scope.organisations_for_user(user).filter(active=True)
    if not own or (scope.has_capability(user, Capability.MANAGE_ACCOUNTS) and in_scope.count() > len(own)):
        summary = in_scope.aggregate(
            total=Count("id"),
            with_account=Count("id", filter=Q(primary_account__isnull=False)),
            with_profile=Count("id", filter=Q(profile__completed_at__isnull=False)),
        )
        context["scope_summary"] = summary
        context["type_counts"] = registry_selectors.counts_by_type(in_scope)
        context["provinces"] = thai_sorted(scope.provinces_for_user(user), key=lambda province: province.name_th)
        if scope.has_capability(user, Capability.UNLOCK_LOGIN):
            managed = {name.lower() for name in scope.users_for_user(user).values_list("username", flat=True)}
            context["blocked_count"] = sum(
                1 for row in throttle.blocked_usernames(list(managed)) if row["username"] in managed
            )
    return render(request, "public/dashboard.html", context)


def organisations(request):
    """Browse and search the registry: public, like the status announcements it feeds."""
    user = request.user
    mine = request.GET.get("scope") == "mine" and user.is_authenticated
    base = scope.organisations_for_user(user) if mine else Organisation.objects.all()
    provinces = scope.provinces_for_user(user) if mine else None
    form = OrganisationFilterForm(request.GET or None, provinces=provinces)
    queryset = base.select_related("province", "district")
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        queryset = registry_selectors.organisations_filter(
            queryset, text=data["q"], province=data["province"], district=data["district"], org_type=data["org_type"]
        )
    else:
        queryset = queryset.none() if form.is_bound else queryset
    # The official order: by code of province, district, then organisation.
    queryset = queryset.order_by("province_id", "district_id", "code")
    page = Paginator(queryset, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "public/_organisation_results.html" if is_htmx(request) else "public/organisations.html"
    return render(
        request,
        template,
        {"form": form, "page": page, "mine": mine, "query": query.urlencode()},
    )


def districts(request):
    """The district <option>s of a province, for the filter forms (htmx)."""
    districts = thai_sorted(
        District.objects.filter(province_id=request.GET.get("province", "")), key=lambda district: district.name_th
    )
    return render(request, "public/_district_options.html", {"districts": districts})


def _progress_reports(organisation) -> list[dict]:
    """The organisation's submitted progress reports, newest first, with their scores."""
    reports = list(
        Report.objects.filter(organisation=organisation, state=ReportState.SUBMITTED)
        .select_related("round__cycle")
        .prefetch_related("lines")
        .order_by("-round__fiscal_year", "-round__kind")
    )
    rows = []
    for report in reports:
        summary = reporting_selectors.report_summary(report, list(report.lines.all()))
        rows.append({"report": report, "round": report.round, "score": summary.score, "band": summary.band})
    return rows


@cache_public_pdf(organisation="code")
@rate_limit("export")
def organisation_report_pdf(request, code, cycle_code, round_code):
    """A submitted progress report as PDF, public (the LAO publishes it on its website)."""
    organisation = get_object_or_404(Organisation, code=code)
    cycle = get_object_or_404(Cycle, code=cycle_code)
    round = reporting_selectors.round_or_404(cycle, round_code)
    report = get_object_or_404(
        Report.objects.select_related("organisation__province", "organisation__district", "round__cycle", "version"),
        organisation=organisation,
        round=round,
        state=ReportState.SUBMITTED,
    )
    return report_pdf_response(request, report)


def organisation(request, code):
    organisation = get_object_or_404(Organisation.objects.select_related("province__region", "district"), code=code)
    user = request.user
    in_scope = user.is_authenticated and scope.has_capability(user, Capability.VIEW, organisation)
    context = {
        "organisation": organisation,
        "in_scope": in_scope,
        "plan_statuses": status_tables.organisation_statuses(organisation),
        "progress_reports": _progress_reports(organisation),
        "ita_results": ita_for_organisation(organisation),
        "page_url": request.build_absolute_uri(request.path),
    }
    if in_scope:
        context["plans"] = organisation.plans.select_related("cycle").order_by("-cycle__code")
        context["profile"] = OrganisationProfile.objects.filter(organisation=organisation).first()
        context["can_edit_profile"] = scope.has_capability(user, Capability.EDIT_ORGANISATION_PROFILE, organisation)
        if scope.has_capability(user, Capability.MANAGE_ACCOUNTS, organisation):
            context["accounts"] = (
                scope.users_for_user(user)
                .filter(Q(role_assignments__organisation=organisation) | Q(primary_organisation=organisation))
                .distinct()
                .order_by("-primary_organisation", "username")
            )
            context["can_add_account"] = True
    return render(request, "public/organisation.html", context)
