"""The offices' list of every project of every plan in their area (รายงานโครงการทั้งหมด), for
district offices, สถ.จ. and the NACC offices: filtered by cycle, dimension, mission, kind,
budget, latest report status and words of the title, narrowed by ?region=, ?province= and
?district= within the viewer's scope (outside it: 404), with the result as XLSX or CSV
(?format=xlsx|csv): a small one made at once, a large one (a province, the country) by the
worker while the browser shows its progress. An organisation's own staff get 404: they see
their plan on its pages. The page reads a fixed number of queries whatever the number of
items."""

import hashlib
import json
from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts.areas import Area, area_for_user, office_area_or_404
from eplan.accounts.models import User
from eplan.core import tables
from eplan.core.money import NO_BUDGET
from eplan.core.thai import thai_sorted
from eplan.frameworks.models import Cycle, Dimension, Mission
from eplan.jobs import documents as jobs
from eplan.plans.models import ItemKind
from eplan.plans.projects import ProjectFilterForm, ProjectFilters, attach, export_rows, projects_for_area
from eplan.registry.models import TYPE_ABBREVIATIONS
from eplan.reporting.models import LineStatus, Round
from eplan.reporting.selectors import round_title

PER_PAGE = 100
# Up to this many rows a download is made while the browser waits (about two seconds);
# more (the largest province has some 20,000 items, the country ~470,000) go to the worker.
INLINE_ROWS = 3_000
# An XLSX sheet holds 1,048,576 rows: beyond this the page asks for narrower filters.
MAX_DOWNLOAD_ROWS = 1_000_000
# The reports behind the list change by the minute: a file is made again after five.
DOWNLOAD_KEPT = timedelta(minutes=5)
SECONDS_PER_ROW = 0.0004
CENT = Decimal("0.01")


def _cycle_or_404(request, cycles: list[Cycle]) -> Cycle:
    """?cycle=, else the latest cycle already receiving plans (else the latest of all)."""
    code = request.GET.get("cycle", "").strip()
    if code:
        found = next((cycle for cycle in cycles if cycle.code == code), None)
        if found is None:
            raise Http404
        return found
    today = timezone.localdate()
    opened = [cycle for cycle in cycles if cycle.submission_opens <= today]
    if not (opened or cycles):
        raise Http404
    return (opened or cycles)[0]


def _query(request, **changes) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    for key, value in changes.items():
        query[key] = value
    return query.urlencode()


@login_required
def projects(request):
    area = office_area_or_404(request)
    cycles = list(Cycle.objects.order_by("-code"))
    cycle = _cycle_or_404(request, cycles)
    form = ProjectFilterForm(request.GET, cycle=cycle)
    valid = form.is_valid()
    if "format" in request.GET:
        return _download(request, area, form) if valid else redirect(f"{reverse('plans:projects')}?{_query(request)}")
    page = None
    if valid:
        page = Paginator(projects_for_area(area, form.filters()), PER_PAGE).get_page(request.GET.get("page"))
        page.object_list = attach(list(page.object_list))
    context = {
        "area": area,
        "cycle": cycle,
        "cycles": cycles,
        "form": form,
        "page": page,
        "query": _query(request),
        "xlsx_query": _query(request, cycle=cycle.code, format="xlsx"),
        "csv_query": _query(request, cycle=cycle.code, format="csv"),
        "max_download": MAX_DOWNLOAD_ROWS,
        "filter_provinces": thai_sorted(area.provinces, key=lambda p: p.name_th) if area.several_provinces else [],
        "filter_districts": area.districts.filter(province=area.province).order_by("code") if area.province else [],
    }
    return render(request, "plans/projects.html", context)


COLUMNS = (
    (gettext_lazy("จังหวัด"), "text"),
    (gettext_lazy("อำเภอ"), "text"),
    (gettext_lazy("รหัส อปท."), "code"),
    (gettext_lazy("ชื่อ อปท."), "text"),
    (gettext_lazy("มิติ"), "int"),
    (gettext_lazy("ภารกิจ"), "code"),
    (gettext_lazy("ลำดับที่ในมิติ"), "int"),
    (gettext_lazy("โครงการ/กิจกรรม/มาตรการ"), "text"),
    (gettext_lazy("ประเภท"), "text"),
    (gettext_lazy("งบประมาณตามแผน รวมทุกปีของรอบแผน (บาท)"), "money"),
    (gettext_lazy("รอบที่รายงานล่าสุด"), "text"),
    (gettext_lazy("ผลการดำเนินงานล่าสุด"), "text"),
    (gettext_lazy("เบิกจ่าย (บาท)"), "money"),
)


def _rows(area: Area, filters: ProjectFilters) -> Iterator[list]:
    """The download's rows, from plain values; every label is looked up once."""
    kinds = {key: str(label) for key, label in ItemKind.choices}
    statuses = {key: str(label) for key, label in LineStatus.choices}
    awaited = _("รอการรายงานผล")
    rounds = {}
    for row in export_rows(area, filters):
        year, kind = row["line_year"], row["line_kind"]
        if year is not None and (year, kind) not in rounds:
            rounds[(year, kind)] = round_title(Round(fiscal_year=year, kind=kind))
        budget = row["planned_budget"]
        yield [
            row["plan__organisation__province__name_th"],
            row["plan__organisation__district__name_th"],
            row["plan__organisation__code"],
            TYPE_ABBREVIATIONS[row["plan__organisation__org_type"]] + row["plan__organisation__name"],
            row["mission__dimension__number"],
            row["mission__code"],
            row["number"],
            row["title"],
            kinds[row["kind"]],
            Decimal(budget).quantize(CENT) if budget is not None else NO_BUDGET,  # SQLite's sum has no scale
            rounds[(year, kind)] if year is not None else "",
            statuses.get(row["line_status"], awaited) if year is not None else awaited,
            row["line_disbursed"],
        ]


def _download(request, area: Area, form: ProjectFilterForm):
    fmt = tables.format_of(request)
    if fmt is None:
        raise Http404
    filters: ProjectFilters = form.filters()
    rows = projects_for_area(area, filters).count()
    if rows > MAX_DOWNLOAD_ROWS:
        return redirect(f"{reverse('plans:projects')}?{_query(request)}")
    places = {
        "region": str(area.region.number) if area.region else "",
        "province": area.province.code if area.province else "",
        "district": area.district.code if area.district else "",
    }
    params = {"user": request.user.pk, "places": places, "filters": _filter_params(filters), "fmt": fmt}
    # The file is the viewer's own (the area is the viewer's scope narrowed), named by
    # everything that chooses its rows.
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:24]
    with translation.override("th"):
        filename = _("โครงการทั้งหมด %(code)s %(area)s") % {"code": filters.cycle.code, "area": area.name}
    document = jobs.Document(
        key=f"projects:{digest}",
        builder=projects_file,
        params=params,
        filename=f"{filename}.{fmt}",
        fallback=f"projects-{filters.cycle.code}.{fmt}",
        content_type=jobs.XLSX if fmt == "xlsx" else tables.CSV,
        as_attachment=True,
        keep=DOWNLOAD_KEPT,
        title=f"{filename} ({'Excel' if fmt == 'xlsx' else 'CSV'})",
        back_url=f"{reverse('plans:projects')}?{_query(request)}",
        estimate_seconds=max(3, round(1 + rows * SECONDS_PER_ROW)),
    )
    return jobs.respond(request, document, inline=rows <= INLINE_ROWS, limit="export")


def _filter_params(filters: ProjectFilters) -> dict:
    """The filters as the job's parameters (plain values)."""
    return {
        "cycle": filters.cycle.pk,
        "dimension": filters.dimension.pk if filters.dimension else None,
        "mission": filters.mission.pk if filters.mission else None,
        "kind": filters.kind,
        "budget_min": str(filters.budget_min) if filters.budget_min is not None else None,
        "budget_max": str(filters.budget_max) if filters.budget_max is not None else None,
        "status": filters.status,
        "text": filters.text,
    }


@jobs.builder
def projects_file(progress, *, user, places, filters, fmt) -> bytes:
    """The list as a file, read again in the worker for the viewer who asked: someone whose
    scope no longer covers the area is refused, not served."""
    viewer = User.objects.filter(pk=user, is_active=True).first()
    try:
        if viewer is None:
            raise Http404
        area = area_for_user(viewer, **places)
    except (Http404, ValidationError):
        raise jobs.JobRefused(_("พื้นที่นี้ไม่อยู่ในความรับผิดชอบของท่านแล้ว")) from None
    chosen = ProjectFilters(
        cycle=Cycle.objects.get(pk=filters["cycle"]),
        dimension=Dimension.objects.filter(pk=filters["dimension"]).first() if filters["dimension"] else None,
        mission=Mission.objects.filter(pk=filters["mission"]).first() if filters["mission"] else None,
        kind=filters["kind"],
        budget_min=Decimal(filters["budget_min"]) if filters["budget_min"] is not None else None,
        budget_max=Decimal(filters["budget_max"]) if filters["budget_max"] is not None else None,
        status=filters["status"],
        text=filters["text"],
    )
    total = max(1, projects_for_area(area, chosen).count())
    progress(5)

    def counted(rows):
        for done, row in enumerate(rows, 1):
            if done % 2_000 == 0:
                progress(5 + 85 * done / total)
            yield row

    with translation.override("th"):  # a document passed around between offices: in Thai
        table = tables.Table(
            title=_("รายงานโครงการทั้งหมด"),
            columns=[tables.Column(str(label), kind) for label, kind in COLUMNS],
            rows=counted(_rows(area, chosen)),
            filters=[(_("พื้นที่"), area.name), *chosen.described()],
            sheet_name=_("โครงการ"),
        )
        return tables.file_bytes(table, fmt)
