"""Public status of the plans (สถานะการจัดทำแผน) and the published announcements
(ประกาศผลการจัดทำแผนปฏิบัติการป้องกันการทุจริต): pages, XLSX and PDF, open to everyone.

Live statuses come from eplan.assessment.status; an announcement shows only its frozen
entries, so what was announced yesterday reads the same today.
"""

import dataclasses
import hashlib
import json
from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import Announcement, PublicStatus
from eplan.core import tables
from eplan.frameworks.models import Cycle
from eplan.jobs import documents as jobs
from eplan.plans.models import PlanVersion
from eplan.plans.views_pdf import version_pdf_response
from eplan.public import status_exports, status_tables
from eplan.public.forms import OrganisationFilterForm
from eplan.public.status_tables import Filters, Tally
from eplan.registry.models import Organisation, Province

# Rows of organisations on one page: a province fits on one or two.
PER_PAGE = 300
# What the downloads cost, about (2 cores: the national PDF of 7,850 rows took 60 s, and
# lays out some 27 rows a page): the progress bar's expectation.
PDF_SECONDS_PER_ROW = 0.008
ROWS_PER_PDF_PAGE = 27
XLSX_SECONDS_PER_ROW = 0.0007
# The live status changes by the minute: its workbook is made again after five minutes.
LIVE_EXPORT_KEPT = timedelta(minutes=5)
# A workbook of a search (not just a province) is kept a day, not for good.
SEARCH_EXPORT_KEPT = timedelta(days=1)


class StatusFilterForm(OrganisationFilterForm):
    scope = None
    status = forms.ChoiceField(
        label=gettext_lazy("สถานะ"), required=False, choices=[("", gettext_lazy("ทุกสถานะ")), *PublicStatus.choices]
    )

    def filters(self) -> Filters | None:
        """The filters asked for; None when they are not valid (the form says why)."""
        if not self.is_bound:
            return Filters()
        if not self.is_valid():
            return None
        data = self.cleaned_data
        return Filters(
            q=data["q"].strip(),
            province=data["province"].code if data["province"] else "",
            district=data["district"].code if data["district"] else "",
            org_type=data["org_type"],
            status=data["status"],
        )


def _filter_form(request) -> StatusFilterForm:
    data = request.GET.copy()
    data.pop("page", None)
    return StatusFilterForm(data or None, label_suffix="")


def _query(request) -> str:
    """The address's query without its page number, for the pagination links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _cycle_or_404(code) -> Cycle:
    return get_object_or_404(Cycle, code=code)


def _announcement_or_404(cycle, number) -> Announcement:
    return get_object_or_404(Announcement.objects.select_related("cycle", "published_by"), cycle=cycle, number=number)


def _may_publish(user) -> bool:
    return scope.is_national(user, Capability.PUBLISH_ANNOUNCEMENT)


def _link_prefix(key, **kept) -> str:
    """`province=80&org_type=…&district=`: the start of a link to one group's rows."""
    kept = {name: value for name, value in kept.items() if value}
    return urlencode(kept) + ("&" if kept else "") + f"{key}="


def _listing_context(request, form, make_listing) -> dict:
    """The summary by province, or the organisations grouped province → district, as the
    filters ask; nothing but the form's errors when they are not valid."""
    filters = form.filters()
    context = {"form": form, "filters": filters, "query": _query(request)}
    if filters is None:
        return context
    listing = make_listing(filters)
    context["tally"] = listing.tally
    context["province_link_prefix"] = _link_prefix("province", org_type=filters.org_type)
    context["district_link_prefix"] = _link_prefix(
        "district", province=filters.province, q=filters.q, org_type=filters.org_type
    )
    if filters.province:
        context["province"] = form.cleaned_data["province"]
    if filters.lists_organisations:
        context["page"] = listing.page(request.GET.get("page"), PER_PAGE)
        if filters.province and not filters.district:
            context["districts"] = listing.by_district()
    else:
        context["provinces"] = listing.by_province()
    return context


def cycles(request):
    """Every cycle with its national counts today and its latest announcement."""
    active_ids = list(Organisation.objects.filter(active=True).values_list("pk", flat=True))
    latest = {}
    for announcement in Announcement.objects.order_by("cycle_id", "number"):
        latest[announcement.cycle_id] = announcement
    rows = [
        {"cycle": cycle, "tally": status_tables.live_tally(cycle, active_ids), "announcement": latest.get(cycle.pk)}
        for cycle in Cycle.objects.order_by("-code")  # a handful of cycles, four queries each
    ]
    return render(request, "public/status/cycles.html", {"rows": rows})


def live(request, cycle_code):
    cycle = _cycle_or_404(cycle_code)
    form = _filter_form(request)
    context = _listing_context(request, form, lambda filters: status_tables.live_status(cycle, filters))
    context.update(
        cycle=cycle,
        download_url=reverse("public:status_xlsx", args=[cycle.code]),
        released=status_module.is_released(cycle),
        latest=Announcement.objects.filter(cycle=cycle).order_by("-number").first(),
        may_publish=_may_publish(request.user),
    )
    return render(request, "public/status/live.html", context)


def _province_name(filters) -> str:
    if not filters.province:
        return ""
    return Province.objects.get(code=filters.province).name_th


def _filters_key(filters: Filters) -> str:
    """The filters of a download, short and exact, for the key of its document."""
    text = json.dumps(dataclasses.asdict(filters), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _estimate(rows: int, per_row: float) -> int:
    """Seconds a download of so many rows takes, about: what the progress bar counts on."""
    return max(3, round(1 + rows * per_row))


def _back(name, *args, query="") -> str:
    return reverse(name, args=args) + (f"?{query}" if query else "")


def _download_choice(request) -> tuple[str, str]:
    """(table, format) of a status download: ?table=organisations|provinces and
    ?format=xlsx|csv; anything else is a 404."""
    fmt = tables.format_of(request)
    table = request.GET.get("table", next(iter(status_exports.TABLES)))
    if fmt is None or table not in status_exports.TABLES:
        raise Http404
    return table, fmt


def _download_names(fmt: str, table: str) -> dict:
    """What a status file is saved as, per format and table."""
    return {
        "content_type": jobs.XLSX if fmt == "xlsx" else tables.CSV,
        "suffix": "" if table == "organisations" else f" {status_exports.TABLES[table]}",
        "fallback_suffix": "" if table == "organisations" else f"-{table}",
        "label": "Excel" if fmt == "xlsx" else "CSV",
    }


def live_xlsx(request, cycle_code):
    """The live status as a table (the filters of the page apply, e.g. one province): every
    organisation, or ?table=provinces the summary by province; XLSX or CSV (?format=). Made
    in the background and kept a few minutes (its title row says when it was read)."""
    cycle = _cycle_or_404(cycle_code)
    filters = _filter_form(request).filters()
    if filters is None:
        raise Http404
    table, fmt = _download_choice(request)
    names = _download_names(fmt, table)
    organisations = Organisation.objects.filter(active=True)
    if filters.province:
        organisations = organisations.filter(province__code=filters.province)
    with translation.override("th"):
        where = _province_name(filters) or _("ทั้งประเทศ")
        stem = f"{cycle.code}-{filters.province}" if filters.province else cycle.code
        values = {"cycle": cycle.code, "where": where}
        name = _("สถานะการจัดทำแผน %(cycle)s %(where)s") % values + names["suffix"]
        document = jobs.Document(
            key=f"status-table:{table}:{fmt}:{cycle.pk}:{_filters_key(filters)}",
            builder=live_table_file,
            params={"cycle": cycle.pk, "filters": dataclasses.asdict(filters), "table": table, "fmt": fmt},
            filename=f"{name}.{fmt}",
            fallback=f"status-{stem}{names['fallback_suffix']}.{fmt}",
            content_type=names["content_type"],
            as_attachment=True,
            keep=LIVE_EXPORT_KEPT,
            title=f"{name} ({names['label']})",
            back_url=_back("public:status", cycle.code, query=_query(request)),
            estimate_seconds=_estimate(organisations.count(), XLSX_SECONDS_PER_ROW),
        )
    return jobs.respond(request, document, limit="export")


def announcements(request, cycle_code):
    cycle = _cycle_or_404(cycle_code)
    found = list(Announcement.objects.filter(cycle=cycle).select_related("published_by").order_by("-number"))
    for announcement in found:
        announcement.tally = status_tables.Tally(announcement.counts)
    return render(
        request,
        "public/status/announcements.html",
        {
            "cycle": cycle,
            "announcements": found,
            "statuses": PublicStatus.choices,
            "may_publish": _may_publish(request.user),
        },
    )


def announcement(request, cycle_code, number):
    cycle = _cycle_or_404(cycle_code)
    current = _announcement_or_404(cycle, number)
    form = _filter_form(request)
    context = _listing_context(request, form, lambda filters: status_tables.frozen_status(current, filters))
    previous = status_tables.previous_announcement(current)
    if previous is not None and context["filters"] is not None:
        changes = status_tables.changes_between(previous, current, province=context["filters"].province)
        context["changes_count"] = len(changes)
        context["transitions"] = status_tables.transitions(changes)
    context.update(
        cycle=cycle,
        announcement=current,
        download_url=reverse("public:announcement_xlsx", args=[cycle.code, current.number]),
        previous=previous,
        newer=Announcement.objects.filter(cycle=cycle, number__gt=number).order_by("number").first(),
        provinces_for_pdf=Province.objects.order_by("code"),
    )
    return render(request, "public/status/announcement.html", context)


def announcement_compare(request, cycle_code, number, other):
    """What changed between two announcements of a cycle (from the older to the newer):
    statuses that differ, and organisations new to or gone from the list."""
    cycle = _cycle_or_404(cycle_code)
    if number == other:
        raise Http404
    first, second = _announcement_or_404(cycle, number), _announcement_or_404(cycle, other)
    older, newer = sorted((first, second), key=lambda announcement: announcement.number)
    province = Province.objects.filter(code=request.GET.get("province", "")).first()
    changes = status_tables.changes_between(older, newer, province=province.code if province else "")
    page = Paginator(changes, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "public/status/compare.html",
        {
            "cycle": cycle,
            "older": older,
            "newer": newer,
            "province": province,
            "provinces": Province.objects.order_by("code"),
            "transitions": status_tables.transitions(changes),
            "counts": {
                kind: sum(1 for change in changes if change.kind == kind) for kind in ("changed", "added", "removed")
            },
            "page": page,
            "query": _query(request),
        },
    )


def announcement_xlsx(request, cycle_code, number):
    """The announcement as a table, the whole country unless the address filters it: every
    organisation, or ?table=provinces the summary by province; XLSX or CSV (?format=)."""
    cycle = _cycle_or_404(cycle_code)
    current = _announcement_or_404(cycle, number)
    filters = _filter_form(request).filters()
    if filters is None:
        raise Http404
    table, fmt = _download_choice(request)
    names = _download_names(fmt, table)
    entries = current.entries.filter(province_code=filters.province) if filters.province else current.entries
    # The whole country or one province is kept for good; a search is kept a day.
    narrowed = dataclasses.replace(filters, province="") != Filters()
    with translation.override("th"):
        where = _province_name(filters) or _("ทั้งประเทศ")
        values = {"cycle": cycle.code, "number": current.number, "where": where}
        name = _("ประกาศผลการจัดทำแผน %(cycle)s ครั้งที่ %(number)s") % values + names["suffix"]
        document = jobs.Document(
            key=":".join(
                [
                    "announcement-table",
                    table,
                    fmt,
                    str(current.pk),
                    str(int(current.as_of.timestamp())),
                    _filters_key(filters),
                ]
            ),
            builder=announcement_table_file,
            params={"announcement": current.pk, "filters": dataclasses.asdict(filters), "table": table, "fmt": fmt},
            filename=f"{name}.{fmt}",
            fallback=f"announcement-{cycle.code}-{current.number}{names['fallback_suffix']}.{fmt}",
            content_type=names["content_type"],
            as_attachment=True,
            keep=SEARCH_EXPORT_KEPT if narrowed else None,
            title=_("ประกาศผลการจัดทำแผน %(cycle)s ครั้งที่ %(number)s %(where)s") % values
            + f"{names['suffix']} ({names['label']})",
            back_url=_back("public:announcement", cycle.code, current.number, query=_query(request)),
            estimate_seconds=_estimate(entries.count(), XLSX_SECONDS_PER_ROW),
        )
    return jobs.respond(request, document, limit="export")


def announcement_pdf(request, cycle_code, number):
    """The official announcement of one province (?province=80), or of the whole country
    without it (some three hundred pages: about a minute to make). An announcement never
    changes, so each document is made once, in the background, and then kept."""
    cycle = _cycle_or_404(cycle_code)
    current = _announcement_or_404(cycle, number)
    province = None
    if request.GET.get("province"):
        province = get_object_or_404(Province, code=request.GET["province"])
    thai_digits = request.GET.get("digits") == "thai"
    rows = current.entries.filter(province_code=province.code).count() if province else Tally(current.counts).total
    where_code = province.code if province else "all"
    with translation.override("th"):
        name = _("ประกาศผลการจัดทำแผน %(cycle)s ครั้งที่ %(number)s %(where)s") % {
            "cycle": cycle.code,
            "number": current.number,
            "where": province.name_th if province else _("ทั้งประเทศ"),
        }
        document = jobs.Document(
            key=":".join(
                [
                    "announcement-pdf",
                    str(current.pk),
                    str(int(current.as_of.timestamp())),
                    where_code,
                    "thai" if thai_digits else "arabic",
                ]
            ),
            builder=announcement_pdf_file,
            params={"announcement": current.pk, "province": getattr(province, "code", ""), "thai_digits": thai_digits},
            filename=f"{name}.pdf",
            fallback=f"announcement-{cycle.code}-{current.number}-{where_code}.pdf",
            content_type=jobs.PDF,
            title=name,
            back_url=_back("public:announcement", cycle.code, current.number),
            estimate_seconds=_estimate(rows, PDF_SECONDS_PER_ROW),
        )
    return jobs.respond(request, document, limit="export")


def organisation_plan_pdf(request, code, cycle_code, number):
    """The plan an organisation submitted, public once its assessment result is released
    (ผ่านเกณฑ์มาตรฐาน or แผนไม่สมบูรณ์ตามเกณฑ์): the version that result counts, printed
    from its frozen snapshot exactly as the LAO's own copy, and the same file: a version
    never changes, so it is printed once and kept (views_pdf.version_pdf_response)."""
    organisation = get_object_or_404(Organisation, code=code)
    cycle = _cycle_or_404(cycle_code)
    info = status_module.status_of(organisation, cycle)
    if info.status not in status_tables.RELEASED_RESULTS or info.version_number != number:
        raise Http404
    version = PlanVersion.objects.get(pk=info.version_id)
    return version_pdf_response(request, version, back_url=reverse("public:organisation", args=[organisation.code]))


# Made by the worker (eplan.jobs): each builder loads what its view checked, by id, and
# gives the file's bytes, made from frozen data or from what the key names, so that the
# same key always gives the same document.


@jobs.builder
def announcement_pdf_file(progress, *, announcement, province, thai_digits) -> bytes:
    current = _announcement_by_id(announcement)
    listing = status_tables.frozen_status(current, Filters(province=province))
    progress(5)
    pages = len(listing.keys) // ROWS_PER_PDF_PAGE + 3
    with progress.pdf_pages(expected_pages=pages):
        return status_exports.announcement_pdf(
            announcement=current,
            listing=listing,
            province=Province.objects.filter(code=province).first() if province else None,
            thai_digits=thai_digits,
        )


def _table_file(listing, table: str, fmt: str, **described) -> bytes:
    make = status_exports.organisations_table if table == "organisations" else status_exports.provinces_table
    return tables.file_bytes(make(listing, **described), fmt)


@jobs.builder
def announcement_table_file(progress, *, announcement, filters, table, fmt) -> bytes:
    current = _announcement_by_id(announcement)
    filters = Filters(**filters)
    listing = status_tables.frozen_status(current, filters)
    progress(30)
    with translation.override("th"):  # an official list: in Thai whatever the screen language
        title = _("ประกาศสำนักงาน ป.ป.ช. เรื่อง %(title)s ครั้งที่ %(number)s ณ วันที่ %(date)s") % {
            "title": current.title,
            "number": current.number,
            "date": status_exports.official_date(current.as_of),
        }
        described = [(_("รอบแผน"), current.cycle.title), *status_exports.filter_lines(filters)]
        # The data is as the announcement froze it: its date, so the same key is the same file.
        return _table_file(listing, table, fmt, title=title, filters=described, generated=current.as_of)


@jobs.builder
def live_table_file(progress, *, cycle, filters, table, fmt) -> bytes:
    cycle = Cycle.objects.get(pk=cycle)
    filters = Filters(**filters)
    listing = status_tables.live_status(cycle, filters)
    progress(30)
    with translation.override("th"):
        title = _("สถานะการจัดทำแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น (สถานะปัจจุบัน ไม่ใช่ประกาศ)")
        described = [(_("รอบแผน"), cycle.title), *status_exports.filter_lines(filters)]
        return _table_file(listing, table, fmt, title=title, filters=described)


def _announcement_by_id(pk) -> Announcement:
    current = Announcement.objects.select_related("cycle").filter(pk=pk).first()
    if current is None:
        raise jobs.JobRefused(_("ไม่พบประกาศนี้แล้ว"))
    return current
