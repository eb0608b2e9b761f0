"""The open-data pages (ข้อมูลเปิด), public: the cycles, the datasets of a cycle with their
addresses, the date each served copy was read, the data dictionary and the licence; and the
files themselves, served from the kept copy (eplan.opendata.files).

No rate limit: a file is a copy from the cache, made at most once per KEPT_SECONDS whatever
the number of requests, and the `export` limit (60 a minute per address) would refuse a
school or an office behind one address, or a portal harvesting every dataset; its counter
would also write to the database on every GET.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from eplan.assessment.status import is_released
from eplan.core import pdf, tables
from eplan.frameworks.models import Cycle
from eplan.opendata import catalogue, datasets, files

BROWSER_SECONDS = 5 * 60


def _licence() -> dict:
    return {"licence": files.LICENCE, "attribution": files.attribution(), "kept_minutes": files.KEPT_SECONDS // 60}


def index(request):
    cycles = Cycle.objects.order_by("-code")
    return render(request, "opendata/index.html", {"cycles": cycles, **_licence()})


def dictionaries(cycle) -> list[dict]:
    """The data dictionary of each kind of dataset of the cycle, as the page shows it."""
    dimensions = datasets.dimensions_of(cycle)
    return [
        {
            "slug": catalogue.PLAN_STATUS,
            "title": _("สถานะการจัดทำแผนและผลการประเมิน"),
            "fields": datasets.plan_status_fields(cycle, dimensions),
        },
        {
            "slug": catalogue.PLANNED_BUDGET,
            "title": _("โครงการและงบประมาณตามแผน (รายปีงบประมาณ)"),
            "fields": datasets.planned_budget_fields(cycle, dimensions),
        },
        {
            "slug": catalogue.IMPLEMENTATION,
            "title": _("ผลการดำเนินงานตามแผน (รายรอบรายงาน)"),
            "fields": datasets.implementation_fields(),
        },
    ]


def cycle(request, cycle_code):
    found = catalogue.cycle_or_404(cycle_code)
    entries = catalogue.catalogue(found)
    kept = files.kept(entry.key for entry in entries)
    rows = [{"entry": entry, "generated_at": kept.get(entry.key)} for entry in entries]
    context = {
        "cycle": found,
        "rows": rows,
        "released": is_released(found),
        "dictionaries": dictionaries(found),
        **_licence(),
    }
    return render(request, "opendata/cycle.html", context)


def _file(entry: catalogue.Entry, fmt: str) -> HttpResponse:
    generated = entry.served()
    content = generated.csv if fmt == "csv" else generated.json
    response = HttpResponse(content, content_type=tables.CSV if fmt == "csv" else files.JSON)
    filename = "-".join(str(part) for part in [entry.slug, *entry.address]) + f".{fmt}"
    response["Content-Disposition"] = pdf.content_disposition(filename, as_attachment=fmt == "csv")
    response["Last-Modified"] = http_date(generated.generated_at.timestamp())
    return response


@cache_control(public=True, max_age=BROWSER_SECONDS)
def plan_status(request, cycle_code, fmt):
    return _file(catalogue.entry_or_404(catalogue.PLAN_STATUS, cycle_code), fmt)


@cache_control(public=True, max_age=BROWSER_SECONDS)
def planned_budget(request, cycle_code, fiscal_year, fmt):
    return _file(catalogue.entry_or_404(catalogue.PLANNED_BUDGET, cycle_code, fiscal_year), fmt)


@cache_control(public=True, max_age=BROWSER_SECONDS)
def implementation(request, cycle_code, fiscal_year, round_kind, fmt):
    return _file(catalogue.entry_or_404(catalogue.IMPLEMENTATION, cycle_code, fiscal_year, round_kind), fmt)
