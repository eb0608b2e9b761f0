"""Public status of the plans (สถานะการจัดทำแผน) and the published announcements
(ประกาศผลการจัดทำแผนปฏิบัติการป้องกันการทุจริต): pages, XLSX and PDF, open to everyone.

Live statuses come from eplan.assessment.status; an announcement shows only its frozen
entries, so what was announced yesterday reads the same today.
"""

import functools
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.assessment import status as status_module
from eplan.assessment.models import Announcement, PublicStatus
from eplan.core import pdf
from eplan.core.thai import thai_datetime
from eplan.frameworks.models import Cycle
from eplan.plans.models import PlanVersion
from eplan.plans.views_pdf import plan_pdf_response
from eplan.public import status_exports, status_tables
from eplan.public.forms import OrganisationFilterForm
from eplan.public.status_tables import Filters, StatusList
from eplan.registry.models import Organisation, Province

# Rows of organisations on one page: a province fits on one or two.
PER_PAGE = 300
PDF_CACHE_SECONDS = 7 * 24 * 3600
PLAN_PDF_CACHE_SECONDS = 24 * 3600


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
        released=status_module.is_released(cycle),
        latest=Announcement.objects.filter(cycle=cycle).order_by("-number").first(),
        may_publish=_may_publish(request.user),
    )
    return render(request, "public/status/live.html", context)


def _download_listing(form, make_listing) -> tuple[StatusList, Filters]:
    filters = form.filters()
    if filters is None:
        raise Http404
    return make_listing(filters), filters


def _province_name(filters) -> str:
    if not filters.province:
        return ""
    return Province.objects.get(code=filters.province).name_th


def _in_thai(view):
    """Downloads are documents: in Thai whatever the screen language, as plans are."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        with translation.override("th"):
            return view(*args, **kwargs)

    return wrapper


@_in_thai
def live_xlsx(request, cycle_code):
    """The live status as a workbook (the filters of the page apply, e.g. one province)."""
    cycle = _cycle_or_404(cycle_code)
    listing, filters = _download_listing(_filter_form(request), lambda f: status_tables.live_status(cycle, f))
    province = _province_name(filters)
    titles = [
        _("สถานะการจัดทำแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น"),
        cycle.title,
        (_("จังหวัด%(name)s") % {"name": province}) if province else _("ทั้งประเทศ"),
        _("ข้อมูล ณ %(moment)s (สถานะปัจจุบัน ไม่ใช่ประกาศ)") % {"moment": thai_datetime(timezone.now())},
    ]
    workbook = status_exports.status_workbook(listing, title_lines=titles)
    stem = f"{cycle.code}-{filters.province}" if filters.province else cycle.code
    name = _("สถานะการจัดทำแผน %(cycle)s %(where)s.xlsx") % {"cycle": cycle.code, "where": province or _("ทั้งประเทศ")}
    return status_exports.xlsx_response(workbook, name, fallback=f"status-{stem}.xlsx")


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


@_in_thai
def announcement_xlsx(request, cycle_code, number):
    """The announcement as a workbook: the whole country unless the address filters it."""
    cycle = _cycle_or_404(cycle_code)
    current = _announcement_or_404(cycle, number)
    listing, filters = _download_listing(_filter_form(request), lambda f: status_tables.frozen_status(current, f))
    province = _province_name(filters)
    titles = [
        _("ประกาศสำนักงาน ป.ป.ช. เรื่อง %(title)s") % {"title": current.title},
        cycle.title,
        (_("จังหวัด%(name)s") % {"name": province}) if province else _("ทั้งประเทศ"),
        _("ประกาศครั้งที่ %(number)s ณ วันที่ %(date)s")
        % {"number": current.number, "date": status_exports.official_date(current.as_of)},
    ]
    workbook = status_exports.status_workbook(listing, title_lines=titles)
    return status_exports.xlsx_response(
        workbook,
        _("ประกาศผลการจัดทำแผน %(cycle)s ครั้งที่ %(number)s.xlsx") % {"cycle": cycle.code, "number": current.number},
        fallback=f"announcement-{cycle.code}-{current.number}.xlsx",
    )


def announcement_pdf(request, cycle_code, number):
    """The official announcement of one province (?province=80), or of the whole country
    without it (some three hundred pages: close to a minute to make the first time). An
    announcement never changes, so each document is made once and then kept in the cache."""
    cycle = _cycle_or_404(cycle_code)
    current = _announcement_or_404(cycle, number)
    province = None
    if request.GET.get("province"):
        province = get_object_or_404(Province, code=request.GET["province"])
    thai_digits = request.GET.get("digits") == "thai"
    key = ":".join(
        [
            "eplan:announcement-pdf",
            str(current.pk),
            str(int(current.as_of.timestamp())),
            province.code if province else "all",
            "thai" if thai_digits else "arabic",
        ]
    )
    content = cache.get(key)
    if content is None:
        listing = status_tables.frozen_status(current, Filters(province=province.code if province else ""))
        content = status_exports.announcement_pdf(
            announcement=current, listing=listing, province=province, thai_digits=thai_digits
        )
        cache.set(key, content, PDF_CACHE_SECONDS)
    where = province.name_th if province else _("ทั้งประเทศ")
    return pdf.pdf_response(
        content,
        _("ประกาศผลการจัดทำแผน %(cycle)s ครั้งที่ %(number)s %(where)s.pdf")
        % {"cycle": cycle.code, "number": current.number, "where": where},
        fallback=f"announcement-{cycle.code}-{current.number}-{province.code if province else 'all'}.pdf",
    )


def organisation_plan_pdf(request, code, cycle_code, number):
    """The plan an organisation submitted, public once its assessment result is released
    (ผ่านเกณฑ์มาตรฐาน or แผนไม่สมบูรณ์ตามเกณฑ์): the version that result counts, printed
    from its frozen snapshot exactly as the LAO's own copy. A version never changes, so a
    printed copy is kept for a day: a public link must not cost seconds of work per visit."""
    organisation = get_object_or_404(Organisation, code=code)
    cycle = _cycle_or_404(cycle_code)
    info = status_module.status_of(organisation, cycle)
    if info.status not in status_tables.RELEASED_RESULTS or info.version_number != number:
        raise Http404
    key = f"eplan:public-plan-pdf:{info.version_id}:{request.GET.get('digits') == 'thai'}"
    response = cache.get(key)
    if response is None:
        version = PlanVersion.objects.get(pk=info.version_id)
        response = plan_pdf_response(request, version.snapshot, version=version)
        cache.set(key, response, PLAN_PDF_CACHE_SECONDS)
    return response
