"""Public, read-only registry endpoints: the provinces and the organisations (อปท.)."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from eplan.core.api_errors import PARAM_ERRORS, ErrorOut
from eplan.core.api_schemas import Pages, described
from eplan.registry import selectors
from eplan.registry.models import District, Organisation, OrganisationType, Province, Region

router = Router(tags=["registry"])


class PlacesFilter(Schema):
    region: str = Field("", max_length=2, description="ภาค ป.ป.ช. 1–9 (NACC region number)")
    province: str = Field("", max_length=2, description="รหัสจังหวัด 2 หลัก เช่น 80 (province code)")
    district: str = Field("", max_length=4, description="รหัสอำเภอ 4 หลัก เช่น 8008 (district code)")


def places_or_422(*, region="", province="", district="") -> dict:
    """The places the codes name, for narrowing a public list: {"region": …, "province": …,
    "district": …} (None where no code was given); 422 naming each code that names no place."""
    found = {
        "region": Region.objects.filter(number=int(region)).first() if region.isdigit() else None,
        "province": Province.objects.filter(code=province).first() if province else None,
        "district": District.objects.filter(code=district).first() if district else None,
    }
    messages = {
        "region": _("ไม่พบภาครหัส %(code)s"),
        "province": _("ไม่พบจังหวัดรหัส %(code)s"),
        "district": _("ไม่พบอำเภอรหัส %(code)s"),
    }
    codes = {"region": region, "province": province, "district": district}
    unknown = {
        field: messages[field] % {"code": code} for field, code in codes.items() if code and found[field] is None
    }
    if unknown:
        raise ValidationError(unknown)
    return found


class ProvinceOut(Schema):
    code: str
    name_th: str
    name_en: str
    region: int | None

    @staticmethod
    def resolve_region(province):
        return province.region_id


class OrganisationOut(Schema):
    code: str
    name: str
    display_name: str
    org_type: str
    org_type_label: str
    province_code: str
    district_code: str
    district_name: str
    active: bool

    @staticmethod
    def resolve_org_type_label(organisation):
        return str(OrganisationType(organisation.org_type).label)

    @staticmethod
    def resolve_province_code(organisation):
        return organisation.province_id

    @staticmethod
    def resolve_district_code(organisation):
        return organisation.district_id

    @staticmethod
    def resolve_district_name(organisation):
        return organisation.district.name_th


@router.get(
    "/provinces",
    response=list[ProvinceOut],
    summary="จังหวัดทั้งหมด (77) พร้อมสำนักงาน ป.ป.ช. ภาค",
    description=described(
        "จังหวัดทั้ง 77 จังหวัด (รวมกรุงเทพมหานคร) เรียงตามรหัส พร้อมภาค ป.ป.ช. ที่ดูแล (ไม่แบ่งหน้า)",
        "All 77 provinces (Bangkok included) by code, with the NACC region each belongs to (not paginated).",
    ),
)
def provinces(request):
    return Province.objects.order_by("code")


@router.get(
    "/organisations",
    response={200: list[OrganisationOut], **PARAM_ERRORS},
    summary="ค้นหา อปท.",
    description=described(
        "ทะเบียน อปท. ทุกแห่ง (รวมที่ยุบรวมหรือเลิกแล้ว: active = false) เรียงตามรหัส ค้นด้วยชื่อหรือรหัส (q) "
        "กรองด้วยภาค จังหวัด อำเภอ และประเภท; รหัสพื้นที่ที่ไม่มีอยู่ตอบ 422 ระบุช่อง",
        "The registry of local administrative organisations, inactive ones included (active = false), "
        "by code; search by name or code (q), filter by region, province, district and type. "
        "A place code that names no place is a 422 naming the parameter.",
    ),
)
@paginate(Pages)
def organisations(request, area: Query[PlacesFilter], q: str = "", org_type: str = ""):
    places = places_or_422(region=area.region, province=area.province, district=area.district)
    queryset = Organisation.objects.select_related("district").order_by("code")
    if places["region"] is not None:
        queryset = queryset.filter(province__region=places["region"])
    return selectors.organisations_filter(
        queryset, text=q, province=area.province or None, district=area.district or None, org_type=org_type
    )


@router.get(
    "/organisations/{code}",
    response={200: OrganisationOut, 404: ErrorOut},
    summary="อปท. ตามรหัส",
    description=described(
        "อปท. หนึ่งแห่งตามรหัส 7 หลัก; ไม่พบ = 404", "One organisation by its 7-digit LAO code; 404 if none."
    ),
)
def organisation(request, code: str):
    return get_object_or_404(Organisation.objects.select_related("district"), code=code)
