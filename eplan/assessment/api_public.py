"""The public side of the assessment through the API (no credentials): every active
organisation's status for a cycle, as eplan.assessment.status says it, with counts per
status; and the published announcements (ประกาศผลการจัดทำแผน) with their frozen entries.

Rows are keyed by the LAO code and paginated like every list (core.api_schemas.Pages).
"""

import datetime

from django.db.models import Count
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from eplan.accounts.api_areas import AreaFilter, public_organisations_in_area
from eplan.accounts.areas import area_public
from eplan.assessment import status as status_module
from eplan.assessment.models import Announcement, AnnouncementEntry, PublicStatus
from eplan.assessment.selectors import status_counts
from eplan.core.api_errors import INPUT_ERRORS, PARAM_ERRORS, ErrorOut
from eplan.core.api_schemas import PageOf, Pages, described
from eplan.frameworks.api import cycle_or_422
from eplan.registry.api import places_or_422
from eplan.registry.models import District, OrganisationType, Province

router = Router(tags=["status"])

STATUS_DESCRIPTION = "; ".join(f"{value} = {label}" for value, label in PublicStatus.choices)
BAD_FILTERS = {422: INPUT_ERRORS[422]}

# --- schemas ------------------------------------------------------------------------------


class StatusRowOut(Schema):
    code: str = Field(description="รหัส อปท. (7 หลัก)")
    name: str
    display_name: str
    org_type: str
    province_code: str
    district_code: str
    status: str = Field(description=STATUS_DESCRIPTION)
    status_label: str


class StatusGroupOut(Schema):
    code: str = Field(description="รหัสจังหวัด หรือรหัสอำเภอเมื่อระบุจังหวัด")
    name: str
    counts: dict[str, int]
    total: int


class StatusSummaryOut(Schema):
    cycle: str
    province: str | None
    released: bool = Field(description="ถึงวันประกาศผลคะแนนของรอบแล้ว (ก่อนนั้นแผนที่ประเมินแล้วยังเป็น in_assessment)")
    labels: dict[str, str]
    counts: dict[str, int]
    total: int
    groups: list[StatusGroupOut] = Field(description="รายจังหวัด หรือรายอำเภอเมื่อระบุจังหวัด")


class AnnouncementOut(Schema):
    cycle: str
    number: int = Field(description="ประกาศครั้งที่")
    as_of: datetime.datetime = Field(description="สถานะ ณ เวลาที่ประกาศ")
    title: str
    note: str
    counts: dict[str, int]
    total: int


class AnnouncementDetailOut(AnnouncementOut):
    labels: dict[str, str]
    provinces: list[StatusGroupOut]


class AnnouncementEntryOut(Schema):
    code: str
    display_name: str
    org_type: str
    province_code: str
    province_name: str
    district_code: str
    district_name: str
    status: str = Field(description=STATUS_DESCRIPTION)
    status_label: str

    @staticmethod
    def resolve_status_label(entry):
        return str(PublicStatus(entry.status).label)


# --- helpers ------------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    return {value: str(label) for value, label in PublicStatus.choices}


def _status_row(organisation, info) -> dict:
    return {
        "code": organisation.code,
        "name": organisation.name,
        "display_name": organisation.display_name,
        "org_type": organisation.org_type,
        "province_code": organisation.province_id,
        "district_code": organisation.district_id,
        "status": info.status,
        "status_label": str(info.label),
    }


class _StatusRows:
    """Organisations with their status, for @paginate: the paginator slices it, and only
    the page sliced has its statuses read (status.statuses_for, a few queries a page)."""

    def __init__(self, organisations, cycle):
        self.organisations = organisations
        self.cycle = cycle

    def __len__(self):
        return self.organisations.count()

    def __getitem__(self, window: slice):
        page = list(self.organisations[window])
        found = status_module.statuses_for(self.cycle, [organisation.pk for organisation in page])
        return [_status_row(o, found.get(o.pk, status_module.NOT_SUBMITTED)) for o in page]


def _with_status(organisations, cycle, wanted):
    """Only the organisations whose status is `wanted`: the statuses of the whole selection
    are read once (organisations not in the answer have not submitted)."""
    found = status_module.statuses_for(cycle, organisations.values("pk"))
    if wanted == PublicStatus.NOT_SUBMITTED:
        return organisations.exclude(pk__in=[pk for pk, info in found.items() if info.status != wanted])
    return organisations.filter(pk__in=[pk for pk, info in found.items() if info.status == wanted])


def _announcement_or_404(cycle, number) -> Announcement:
    return get_object_or_404(Announcement.objects.select_related("cycle"), cycle__code=cycle, number=number)


def announcement_out(announcement) -> dict:
    return {
        "cycle": announcement.cycle.code,
        "number": announcement.number,
        "as_of": announcement.as_of,
        "title": announcement.title,
        "note": announcement.note,
        "counts": announcement.counts,
        "total": sum(announcement.counts.values()),
    }


# --- status -------------------------------------------------------------------------------


@router.get(
    "/status",
    response={200: list[StatusRowOut], **BAD_FILTERS},
    summary="สถานะการจัดทำแผนของ อปท. ทุกแห่งในรอบแผน",
    description=described(
        "อปท. ที่ยังดำเนินงานอยู่ทุกแห่ง (รวมที่ยังไม่ได้จัดทำแผน) เรียงตามจังหวัด อำเภอ รหัส "
        "สถานะเดียวกับหน้าเว็บและประกาศ: ก่อนวันประกาศผลคะแนน แผนที่ประเมินแล้วยังเป็น in_assessment "
        "กรองด้วยภาค จังหวัด อำเภอ ประเภท และสถานะ; รอบแผนหรือรหัสพื้นที่ที่ไม่มีอยู่ตอบ 422 ระบุช่อง",
        "Every active organisation (with a plan or not) and its plan status for the cycle, by province, "
        "district and code; the same statuses as the pages and announcements (before the score release "
        "date an assessed plan is still in_assessment). Filter by region, province, district, type and "
        "status; an unknown cycle or place code is a 422 naming the parameter.",
    ),
)
@paginate(Pages)
def status_list(
    request,
    cycle: str,
    area: Query[AreaFilter],
    org_type: OrganisationType | None = None,
    status: PublicStatus | None = None,
):
    found_cycle = cycle_or_422(cycle)
    organisations = (
        public_organisations_in_area(area)
        .only("id", "code", "name", "org_type", "province_id", "district_id")
        .order_by("province_id", "district_id", "code")
    )
    if org_type:
        organisations = organisations.filter(org_type=org_type)
    if status:
        organisations = _with_status(organisations, found_cycle, status)
    return _StatusRows(organisations, found_cycle)


@router.get(
    "/status/summary",
    response={200: StatusSummaryOut, **BAD_FILTERS},
    summary="จำนวน อปท. ในแต่ละสถานะ รายจังหวัด (หรือรายอำเภอเมื่อระบุจังหวัด)",
    description=described(
        "จำนวน อปท. ในแต่ละสถานะทั้งประเทศ และรายจังหวัด (รายอำเภอเมื่อระบุจังหวัด)",
        "Counts of organisations per plan status for the whole country, and per province (per district "
        "when a province is given).",
    ),
)
def status_summary(request, cycle: str, province: str = ""):
    found_cycle = cycle_or_422(cycle)
    area = area_public(province=province)
    if province:
        names = dict(District.objects.filter(province_id=province).values_list("code", "name_th"))
        group_by = "district"
    else:
        names = dict(Province.objects.values_list("code", "name_th"))
        group_by = "province"
    found = status_counts(found_cycle, area.organisations, group_by=group_by)
    return {
        "cycle": found_cycle.code,
        "province": province or None,
        "released": status_module.is_released(found_cycle),
        "labels": _labels(),
        "counts": found.total,
        "total": sum(found.total.values()),
        "groups": [
            {"code": code, "name": names.get(code, ""), "counts": counts, "total": sum(counts.values())}
            for code, counts in sorted(found.groups.items())
        ],
    }


# --- announcements ------------------------------------------------------------------------


@router.get(
    "/announcements",
    response={200: list[AnnouncementOut], **BAD_FILTERS},
    tags=["announcements"],
    summary="ประกาศผลการจัดทำแผนที่เผยแพร่แล้ว (ล่าสุดก่อน)",
    description=described(
        "ประกาศผลการจัดทำแผนที่เผยแพร่แล้ว ล่าสุดก่อน กรองด้วยรอบแผน (ไม่มีรอบนั้น = 422)",
        "The published announcements of plan status, newest first; filter by cycle (an unknown cycle is a 422).",
    ),
)
@paginate(Pages)
def announcements(request, cycle: str = ""):
    found = Announcement.objects.select_related("cycle").order_by("-cycle__code", "-number")
    if cycle:
        found = found.filter(cycle=cycle_or_422(cycle))
    return PageOf(found, lambda rows: [announcement_out(announcement) for announcement in rows])


@router.get(
    "/announcements/{cycle}/{number}",
    response={200: AnnouncementDetailOut, 404: ErrorOut, **PARAM_ERRORS},
    tags=["announcements"],
    summary="ประกาศผลการจัดทำแผน: หัวประกาศและจำนวนตามสถานะ ทั้งประเทศและรายจังหวัด",
    description=described(
        "ประกาศหนึ่งครั้ง: เรื่อง สถานะ ณ เวลาที่ประกาศ จำนวนตามสถานะทั้งประเทศและรายจังหวัด",
        "One announcement: its title, the moment its statuses were frozen, and the counts per status for "
        "the country and per province.",
    ),
)
def announcement(request, cycle: str, number: int):
    found = _announcement_or_404(cycle, number)
    rows = (
        AnnouncementEntry.objects.filter(announcement=found)
        .order_by("province_code")
        .values_list("province_code", "province_name", "status")
        .annotate(n=Count("id"))
    )
    provinces = {}
    for code, name, value, n in rows:
        group = provinces.setdefault(
            code, {"code": code, "name": name, "counts": dict.fromkeys(PublicStatus.values, 0)}
        )
        group["counts"][value] += n
    for group in provinces.values():
        group["total"] = sum(group["counts"].values())
    return {**announcement_out(found), "labels": _labels(), "provinces": list(provinces.values())}


@router.get(
    "/announcements/{cycle}/{number}/entries",
    response={200: list[AnnouncementEntryOut], 404: ErrorOut, **BAD_FILTERS},
    tags=["announcements"],
    summary="รายชื่อ อปท. ในประกาศ พร้อมสถานะ ณ วันประกาศ (ชื่อตามที่เป็นในวันนั้น)",
    description=described(
        "รายชื่อ อปท. ในประกาศ พร้อมชื่อและสถานะตามที่เป็นในวันประกาศ เรียงตามจังหวัด อำเภอ รหัส "
        "กรองด้วยภาค จังหวัด อำเภอ ประเภท และสถานะ; รหัสพื้นที่ที่ไม่มีอยู่ตอบ 422 ระบุช่อง",
        "The organisations of an announcement with their names and statuses as they were on the day, by "
        "province, district and code; filter by region, province, district, type and status. An unknown "
        "place code is a 422 naming the parameter.",
    ),
)
@paginate(Pages)
def announcement_entries(
    request,
    cycle: str,
    number: int,
    area: Query[AreaFilter],
    org_type: OrganisationType | None = None,
    status: PublicStatus | None = None,
):
    entries = AnnouncementEntry.objects.filter(announcement=_announcement_or_404(cycle, number)).order_by(
        "province_code", "district_code", "code"
    )
    places = places_or_422(region=area.region, province=area.province, district=area.district)
    if area.province:
        entries = entries.filter(province_code=area.province)
    if area.district:
        entries = entries.filter(district_code=area.district)
    if places["region"] is not None and not (area.province or area.district):
        entries = entries.filter(province_code__in=Province.objects.filter(region=places["region"]).values("code"))
    if org_type:
        entries = entries.filter(org_type=org_type)
    if status:
        entries = entries.filter(status=status)
    return entries
