"""The dashboards (แดชบอร์ด): an overview with the map of the 77 provinces, one page per
theme, and the list of อปท. behind any number.

    /dashboards/                  overview: plan status by area, the map (dashboards:overview)
    /dashboards/status/           plan status, late sending, movement (dashboards:status)
    /dashboards/assessment/       score distribution, per dimension, criteria failed
    /dashboards/plans/            items and planned budget per dimension × year, by type
    /dashboards/implementation/   the 2018 summary and score bands of a round
    /dashboards/reporting/        completeness of a round and its trend
    /dashboards/ita/              ITA beside the plan pass rate
    /dashboards/organisations/    the อปท. behind a number (?measure=&value=…)

Who sees what. Every page is public: anonymous visitors and the staff of an อปท. see the
public national dashboard (accounts.areas.area_public, drilling down by region, province
and district), offices see the area of their scope (area_for_user: a district office its
district, another province a 404). The public sees public figures only: the assessment's
scores (the assessment page, the score lists) only once the cycle's results are released,
no count of draft reports, and no staff names, phones or e-mails anywhere (the lists show
code, name, district, province and the measure's value). Offices see the assessment's
figures before the release date, marked as such.

Every table downloads as XLSX and CSV (?table=<name>&format=xlsx|csv, core.tables), its
title rows naming the cycle, round, ITA year and area. Figures are database aggregates
grouped by the parts of the area, so a page costs the same queries for any number of อปท.
"""

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from eplan.core import tables
from eplan.core.thai import thai_sorted
from eplan.dashboards import map_measures, measures, pages_plans, pages_reports
from eplan.dashboards.selection import selection_or_404
from eplan.registry.models import Organisation, OrganisationType, Region

PER_PAGE = 100
ROUND_PAGES = ("implementation", "reporting")  # opened on the newest cycle that has rounds

# page → (title, sections builder, needs a round, needs an ITA year)
PAGES = {
    "overview": (gettext_lazy("ภาพรวม"), pages_plans.overview, True, True),
    "status": (gettext_lazy("สถานะแผน"), pages_plans.status_page, False, False),
    "assessment": (gettext_lazy("การประเมินแผน"), pages_plans.assessment_page, False, False),
    "plans": (gettext_lazy("โครงการตามแผน"), pages_plans.plans_page, False, False),
    "implementation": (gettext_lazy("ผลการดำเนินงาน"), pages_reports.implementation_page, True, False),
    "reporting": (gettext_lazy("การส่งรายงานผล"), pages_reports.reporting_page, True, False),
    "ita": (gettext_lazy("ITA"), pages_reports.ita_page, False, True),
}


def _filters_context(selection) -> dict:
    area = selection.area
    regions = Region.objects.filter(number__in=area.provinces.values("region")) if area.several_provinces else []
    return {
        "filter_regions": regions.order_by("number") if regions else [],
        "filter_provinces": thai_sorted(
            area.provinces.filter(region=area.region) if area.region else area.provinces, key=lambda p: p.name_th
        )
        if area.several_provinces
        else [],
        "chosen_region": area.region or (area.province.region if area.province else None),
        "filter_districts": area.districts.filter(province=area.province).order_by("code") if area.province else [],
    }


def _page(request, page: str):
    title, build, needs_round, needs_year = PAGES[page]
    selection = selection_or_404(
        request, needs_round=needs_round, needs_year=needs_year, prefer_rounds=page in ROUND_PAGES
    )
    if selection.cycle is None:
        sections = []
    elif page == "overview":
        sections = build(selection, map_measures.chosen(request))
    else:
        sections = build(selection)
    if "format" in request.GET or "table" in request.GET:
        return _download(request, selection, page, sections)
    return render(
        request,
        "dashboards/page.html",
        {
            "page": page,
            "page_title": title,
            "pages": [(name, entry[0]) for name, entry in PAGES.items()],
            "selection": selection,
            "area": selection.area,
            "sections": sections,
            "needs_round": needs_round,
            "needs_year": needs_year,
            "map_measures": list(map_measures.MAP_MEASURES.items()) if page == "overview" else [],
            "map_measure": map_measures.chosen(request),
            **_filters_context(selection),
        },
    )


def _download(request, selection, page, sections):
    fmt = tables.format_of(request)
    grids = {section.grid.name: section.grid for section in sections if section.grid is not None}
    grid = grids.get(request.GET.get("table", ""))
    if fmt is None or grid is None:
        raise Http404
    table = grid.download_table(selection.filters())
    return tables.download(table, fmt, f"{grid.title}", fallback=f"dashboard-{page}-{grid.name}")


def _view(page):
    def view(request):
        return _page(request, page)

    view.__name__ = page
    view.__doc__ = f"The {page} dashboard."
    return require_safe(view)


overview = _view("overview")
status = _view("status")
assessment = _view("assessment")
plans = _view("plans")
implementation = _view("implementation")
reporting = _view("reporting")
ita = _view("ita")


@require_safe
def organisations(request):
    """The อปท. a number counts: ?measure=&value= with the page's cycle, round or year and
    area (?organisation=code: one อปท. of the area; ?org_type= narrows by type)."""
    measure = request.GET.get("measure", "")
    found = measures.MEASURES.get(measure)
    if found is None:
        raise Http404
    selection = selection_or_404(request, needs_round=found.needs == "round", needs_year=found.needs == "year")
    narrowed = selection.area.organisations
    code = request.GET.get("organisation", "").strip()
    if code:
        narrowed = narrowed.filter(code=code)
    org_type = request.GET.get("org_type", "").strip()
    if org_type:
        if org_type not in OrganisationType.values:
            raise Http404
        narrowed = narrowed.filter(org_type=org_type)
    value = request.GET.get("value", "")
    members = measures.members(measure, value, selection, narrowed)
    rows = (
        Organisation.objects.filter(pk__in=list(members))
        .select_related("province", "district")
        .order_by("province_id", "district_id", "code")
    )
    title = _("อปท. ที่นับใน %(measure)s: %(value)s · %(area)s") % {
        "measure": found.label,
        "value": measures.value_label(measure, value),
        "area": selection.area.name,
    }
    if "format" in request.GET:
        fmt = tables.format_of(request)
        if fmt is None:
            raise Http404
        table = tables.Table(
            title=title,
            columns=[
                tables.Column(_("รหัส อปท."), "code"),
                tables.Column(_("ชื่อ อปท."), width=36),
                tables.Column(_("อำเภอ")),
                tables.Column(_("จังหวัด")),
                tables.Column(str(found.value_heading), width=30),
            ],
            rows=(
                [row.code, row.display_name, row.district.name_th, row.province.name_th, members[row.pk]]
                for row in rows
            ),
            filters=[*selection.filters(), (_("ประเภท อปท."), org_type), (_("รหัส อปท."), code)],
        )
        return tables.download(table, fmt, _("รายชื่อ อปท."), fallback=f"organisations-{measure}")
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/organisations.html",
        {
            "title": title,
            "measure": found,
            "value": measures.value_label(measure, value),
            "selection": selection,
            "area": selection.area,
            "page": page,
            "lines": [(row, members[row.pk]) for row in page.object_list],
            "count": len(members),
            "query": query.urlencode(),
        },
    )
