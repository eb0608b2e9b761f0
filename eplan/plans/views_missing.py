"""The offices' list of organisations whose plan for a cycle is still awaited (อปท. ที่ยังไม่
ส่งแผน): not submitted, or returned or found incomplete and not submitted again, with whom to
phone, for district offices, สถ.จ. and the NACC offices. The area is the user's scope,
narrowed by ?province= and ?district= (outside the scope: 404); an organisation's own staff
get 404. Statuses come from eplan.assessment.status; the page reads a fixed number of
queries whatever the number of organisations."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from eplan.accounts import scope
from eplan.accounts.areas import office_area_or_404
from eplan.accounts.roles import Capability
from eplan.core import tables
from eplan.core.audit import audit_record
from eplan.core.ratelimit import rate_limit
from eplan.core.thai import thai_sorted
from eplan.core.windows import WindowState
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state
from eplan.plans import reminders

PER_PAGE = 100
DOWNLOAD = "plans.download"

# ?status= → the statuses listed; the first is the default.
FILTERS = {
    "not_submitted": (reminders.NOT_SUBMITTED, gettext_lazy("ยังไม่จัดส่งแผน")),
    "resubmit": (reminders.TO_RESUBMIT, gettext_lazy("ต้องแก้ไขและส่งอีกครั้ง (ส่งกลับแก้ไข / แผนไม่สมบูรณ์ตามเกณฑ์)")),
    "all": (reminders.AWAITED, gettext_lazy("ทั้งหมดที่ยังต้องส่งแผน")),
}
WINDOW_LABELS = {
    "not_open": gettext_lazy("ยังไม่เปิดรับแผน"),
    "open": gettext_lazy("เปิดรับแผน"),
    "late": gettext_lazy("เลยกำหนดส่ง ยังรับแผน (นับเป็นส่งช้า)"),
    "closed": gettext_lazy("ปิดรับแผนแล้ว"),
}


def _offices_only(user):
    """Offices only: an organisation's own staff see their plan's status on its page."""
    if not scope.has_capability(user, Capability.VIEW) or scope.lao_organisations_of(user).exists():
        raise Http404


def _filter(request) -> str:
    chosen = request.GET.get("status", "")
    return chosen if chosen in FILTERS else next(iter(FILTERS))


def _rows(cycle, area, chosen) -> tuple[list, dict]:
    """The awaited plans of the area with the chosen statuses, and how many of each filter."""
    awaited = reminders.awaited_plans(cycle, area.organisations)
    counts = {key: sum(row.status in statuses for row in awaited) for key, (statuses, _label) in FILTERS.items()}
    return [row for row in awaited if row.status in FILTERS[chosen][0]], counts


@login_required
def missing_home(request):
    """The list for the cycle whose plans are being received now, else the latest opened."""
    _offices_only(request.user)
    today = timezone.localdate()
    cycles = Cycle.objects.order_by("-submission_due", "-code")
    receiving = [cycle for cycle in cycles if cycle_window_state(cycle, today) in (WindowState.OPEN, WindowState.LATE)]
    cycle = (receiving or [c for c in cycles if c.submission_opens <= today] or list(cycles) or [None])[0]
    if cycle is None:
        raise Http404
    return redirect("plans:missing", cycle_code=cycle.code)


@login_required
def missing(request, cycle_code):
    area = office_area_or_404(request, places=("province", "district"))
    cycle = get_object_or_404(Cycle, code=cycle_code)
    chosen = _filter(request)
    rows, counts = _rows(cycle, area, chosen)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    reminders.load(cycle, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    download = urlencode({"status": chosen}) if chosen != next(iter(FILTERS)) else ""
    window = cycle_window_state(cycle)
    context = {
        "cycle": cycle,
        "cycles": Cycle.objects.order_by("-code"),
        "area": area,
        "filter_provinces": thai_sorted(area.provinces, key=lambda p: p.name_th) if area.several_provinces else [],
        "filter_districts": list(area.districts.filter(province=area.province).order_by("code"))
        if area.province is not None and area.several_districts
        else [],
        "page": page,
        "query": query.urlencode(),
        "download_query": "&".join(part for part in (area.query, download) if part),
        "chosen": chosen,
        "filters": [{"key": key, "label": label, "count": counts[key]} for key, (_s, label) in FILTERS.items()],
        "counts": counts,
        "window": window,
        "window_label": WINDOW_LABELS[window],
    }
    return render(request, "plans/missing.html", context)


@login_required
@rate_limit("export")
def missing_xlsx(request, cycle_code):
    """The awaited plans of the area, with whom to phone, as a table (XLSX or CSV, ?format=;
    audited)."""
    area = office_area_or_404(request, places=("province", "district"))
    cycle = get_object_or_404(Cycle, code=cycle_code)
    fmt = tables.format_of(request)
    if fmt is None:
        raise Http404
    chosen = _filter(request)
    rows, _counts = _rows(cycle, area, chosen)
    reminders.load(cycle, rows)
    with translation.override("th"):  # a document passed around between offices: in Thai
        lines = []
        for number, row in enumerate(rows, start=1):
            organisation = row.organisation
            profile = reminders.profile_of(organisation)
            contact = [
                getattr(profile, name, "") for name in ("coordinator_name", "coordinator_position", "phone", "email")
            ]
            state = str(row.label) + (_(" (เริ่มจัดทำแล้ว ยังไม่ได้ส่ง)") if row.has_draft else "")
            place = [organisation.province.name_th, organisation.district.name_th, organisation.code]
            lines.append([number, *place, organisation.display_name, state, *contact])
        table = tables.Table(
            title=_("อปท. ที่ยังไม่ส่งแผน รอบแผน %(code)s") % {"code": cycle.code},
            columns=[
                tables.Column(_("ลำดับ"), "int", 7),
                tables.Column(_("จังหวัด"), width=16),
                tables.Column(_("อำเภอ"), width=16),
                tables.Column(_("รหัส อปท."), "code"),
                tables.Column(_("ชื่อ อปท."), width=26),
                tables.Column(_("สถานะ")),
                tables.Column(_("ผู้ประสานงาน")),
                tables.Column(_("ตำแหน่ง"), width=22),
                tables.Column(_("โทรศัพท์"), width=16),
                tables.Column(_("อีเมล"), width=28),
            ],
            rows=lines,
            filters=[(_("รอบแผน"), cycle.title), *area.filters, (_("สถานะ"), str(FILTERS[chosen][1]))],
            sheet_name=_("อปท. ที่ยังไม่ส่งแผน"),
        )
        filename = _("อปท. ที่ยังไม่ส่งแผน %(code)s %(area)s") % {"code": cycle.code, "area": area.name}
        response = tables.download(table, fmt, filename, fallback=f"missing-plans-{cycle.code}")
    # A download is a GET and changes nothing: the record of who took the contacts away
    # gets a transaction of its own (as eplan.reporting.downloads).
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action=DOWNLOAD,
            obj=cycle,
            province_code=area.province.code if area.province else "",
            detail={
                "what": "missing_plans_xlsx" if fmt == "xlsx" else "missing_plans_csv",
                "area": area.name,
                "query": area.query,
                "status": chosen,
                "organisations": len(rows),
            },
        )
    return response
