"""ITA pages: the years imported (each viewer sees its own area's counts), the upload of a
results file by central staff with every refused row named, and one year's results by
province with its XLSX/CSV download. The organisation page shows an อปท.'s results through
ita/_organisation.html."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from eplan.accounts.areas import UnknownPlace, area_for_user
from eplan.core import tables
from eplan.core.ratelimit import rate_limit
from eplan.ita import selectors
from eplan.ita.forms import ItaUploadForm
from eplan.ita.importer import FileRefused
from eplan.ita.models import FIRST_YEAR, ItaLevel
from eplan.ita.services import import_ita, may_import

MAX_PROBLEMS_SHOWN = 300
PAGE_SIZE = 100


def _area(request):
    try:
        return area_for_user(request.user, province=request.GET.get("province", ""))
    except UnknownPlace:
        raise Http404 from None


def _index(request, *, form=None, problems=(), file_name="", status=200):
    area = area_for_user(request.user)
    context = {
        "years": selectors.ita_years(area.organisations),
        "can_import": may_import(request.user),
        "form": form or ItaUploadForm(),
        "problems": problems[:MAX_PROBLEMS_SHOWN],
        "problems_hidden": max(len(problems) - MAX_PROBLEMS_SHOWN, 0),
        "problem_count": len(problems),
        "file_name": file_name,
    }
    return render(request, "ita/index.html", context, status=status)


@login_required
def index(request):
    return _index(request)


@login_required
@rate_limit("upload")
def upload(request):
    if not may_import(request.user):
        raise Http404
    form = ItaUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _index(request, form=form, status=422)
    upload = form.cleaned_data["file"]
    name = upload.name[:200]
    try:
        result = import_ita(upload.read(), filename=name, user=request.user)
    except FileRefused as refused:
        return _index(request, form=form, problems=refused.problems, file_name=name, status=422)
    return render(request, "ita/result.html", {"result": result, "file_name": name})


def _year_or_404(year):
    if not FIRST_YEAR <= year <= 9999:
        raise Http404


@login_required
def year(request, year):
    _year_or_404(year)
    area = _area(request)
    results = selectors.ita_results(year, area.organisations)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "ita/year.html",
        {
            "year": year,
            "area": area,
            "summary": selectors.ita_summary(year, area.organisations),
            "levels": ItaLevel.values,
            "page": page,
            "query": query.urlencode(),
        },
    )


@login_required
@rate_limit("export")
def year_download(request, year):
    _year_or_404(year)
    fmt = tables.format_of(request)
    if fmt is None:
        raise Http404
    area = _area(request)
    table = tables.Table(
        title=_("ผลการประเมิน ITA ปีงบประมาณ %(year)s") % {"year": year},
        filters=[(_("พื้นที่"), area.name)],
        columns=[
            tables.Column(_("รหัส อปท."), "code"),
            tables.Column(_("อปท.")),
            tables.Column(_("อำเภอ")),
            tables.Column(_("จังหวัด")),
            tables.Column(_("คะแนน"), "decimal"),
            tables.Column(_("ระดับ"), "code"),
        ],
        rows=(
            (
                row.organisation.code,
                row.organisation.display_name,
                row.organisation.district.name_th,
                row.organisation.province.name_th,
                row.score,
                row.level,
            )
            for row in selectors.ita_results(year, area.organisations).iterator(chunk_size=2000)
        ),
        sheet_name=f"ITA {year}",
    )
    return tables.download(table, fmt, _("ผลการประเมิน ITA %(year)s") % {"year": year}, fallback=f"ita-{year}")
