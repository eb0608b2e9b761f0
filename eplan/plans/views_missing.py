"""The offices' list of organisations whose plan for a cycle is still awaited (อปท. ที่ยังไม่
ส่งแผน): not submitted, or returned or found incomplete and not submitted again, with whom to
phone, for district offices, สถ.จ. and the NACC offices. The area is the user's scope,
narrowed by ?province= and ?district= (outside the scope: 404); an organisation's own staff
get 404. Statuses come from eplan.assessment.status; the page reads a fixed number of
queries whatever the number of organisations."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.core.audit import audit_record
from eplan.core.ratelimit import rate_limit
from eplan.core.spreadsheets import cells, xlsx_response
from eplan.core.thai import thai_datetime, thai_sorted
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state
from eplan.plans import reminders
from eplan.registry.models import District, Province

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


@dataclass
class Area:
    """The organisations a page shows: the user's scope, or one province or district of it."""

    organisations: QuerySet
    national: bool
    provinces: list  # to choose from, when the scope has several
    districts: list  # to choose from, within the chosen province
    province: Province | None = None
    district: District | None = None

    @property
    def name(self) -> str:
        if self.district is not None:
            return f"{self.district.title} {self.province.title}"
        if self.province is not None:
            return self.province.title
        return _("ทั้งประเทศ") if self.national else _("ทุกจังหวัดในความรับผิดชอบ")

    @property
    def query(self) -> str:
        if self.district is not None:
            return urlencode({"province": self.province.code, "district": self.district.code})
        return urlencode({"province": self.province.code}) if self.province is not None else ""


def _offices_only(user):
    """Offices only: an organisation's own staff see their plan's status on its page."""
    if not scope.has_capability(user, Capability.VIEW) or scope.lao_organisations_of(user).exists():
        raise Http404


def _area_or_404(request) -> Area:
    user = request.user
    _offices_only(user)
    provinces = list(scope.provinces_for_user(user, Capability.VIEW))
    districts = scope.districts_for_user(user, Capability.VIEW).select_related("province")
    area = Area(
        organisations=scope.organisations_for_user(user, Capability.VIEW),
        national=scope.is_national(user, Capability.VIEW),
        provinces=thai_sorted(provinces, key=lambda p: p.name_th) if len(provinces) > 1 else [],
        districts=[],
    )
    province, district = (request.GET.get(key, "").strip() for key in ("province", "district"))
    if province:
        area.province = get_object_or_404(scope.provinces_for_user(user, Capability.VIEW), code=province)
    elif len(provinces) == 1:
        area.province = provinces[0]
    if district:
        chosen = get_object_or_404(districts, code=district)
        # A district left selected after the province was changed gives way to the province.
        if area.province is None or chosen.province_id == area.province.code:
            area.district, area.province = chosen, chosen.province
    if area.province is not None:
        area.districts = list(districts.filter(province=area.province).order_by("code"))
        if area.district is None and len(area.districts) == 1:
            area.district = area.districts[0]
    if area.district is not None:
        area.organisations = area.organisations.filter(district=area.district)
    elif area.province is not None:
        area.organisations = area.organisations.filter(province=area.province)
    return area


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
    receiving = [cycle for cycle in cycles if cycle_window_state(cycle, today) in ("open", "late")]
    cycle = (receiving or [c for c in cycles if c.submission_opens <= today] or list(cycles) or [None])[0]
    if cycle is None:
        raise Http404
    return redirect("plans:missing", cycle_code=cycle.code)


@login_required
def missing(request, cycle_code):
    area = _area_or_404(request)
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
    """The awaited plans of the area, with whom to phone, as a workbook (audited)."""
    area = _area_or_404(request)
    cycle = get_object_or_404(Cycle, code=cycle_code)
    chosen = _filter(request)
    rows, _counts = _rows(cycle, area, chosen)
    reminders.load(cycle, rows)
    bold = Font(bold=True)
    with translation.override("th"):  # a document passed around between offices: in Thai
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = _("อปท. ที่ยังไม่ส่งแผน")
        sheet.append(cells(sheet, [_("อปท. ที่ยังไม่ส่งแผน รอบแผน %(code)s") % {"code": cycle.code}]))
        sheet.append(cells(sheet, [f"{cycle.title} · {area.name} · {FILTERS[chosen][1]}"]))
        sheet.append(cells(sheet, [_("ข้อมูล ณ %(moment)s") % {"moment": thai_datetime(timezone.now())}]))
        header = [_("ลำดับ"), _("จังหวัด"), _("อำเภอ"), _("รหัส อปท."), _("ชื่อ อปท."), _("สถานะ")]
        sheet.append(cells(sheet, [*header, _("ผู้ประสานงาน"), _("ตำแหน่ง"), _("โทรศัพท์"), _("อีเมล")]))
        for number, row in enumerate(rows, start=1):
            organisation = row.organisation
            profile = reminders.profile_of(organisation)
            contact = ("coordinator_name", "coordinator_position", "phone", "email") if profile else ()
            state = str(row.label) + (_(" (เริ่มจัดทำแล้ว ยังไม่ได้ส่ง)") if row.has_draft else "")
            place = [organisation.province.name_th, organisation.district.name_th, organisation.code]
            values = [number, *place, organisation.display_name, state]
            sheet.append(cells(sheet, values + [getattr(profile, name) for name in contact]))
        names = {"code": cycle.code, "area": area.name}
        filename = _("อปท. ที่ยังไม่ส่งแผน %(code)s %(area)s.xlsx") % names
    for index in (1, 2, 3):
        sheet.cell(row=index, column=1).font = bold
    for cell in sheet[4]:
        cell.font, cell.fill = bold, PatternFill("solid", fgColor="DDEBF7")
    for column, width in zip("ABCDEFGHIJ", (7, 16, 16, 10, 26, 24, 24, 22, 16, 28), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A5"
    # A download is a GET and changes nothing: the record of who took the contacts away
    # gets a transaction of its own (as eplan.reporting.downloads).
    with transaction.atomic():
        audit_record(
            actor=request.user,
            action=DOWNLOAD,
            obj=cycle,
            province_code=area.province.code if area.province else "",
            detail={
                "what": "missing_plans_xlsx",
                "area": area.name,
                "query": area.query,
                "status": chosen,
                "organisations": len(rows),
            },
        )
    return xlsx_response(workbook, filename, fallback=f"missing-plans-{cycle.code}.xlsx")
