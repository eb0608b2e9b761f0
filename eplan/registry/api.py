"""Public, read-only registry endpoints."""

from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from eplan.core.api_errors import PARAM_ERRORS, ErrorOut
from eplan.registry import selectors
from eplan.registry.models import Organisation, OrganisationType, Province

router = Router(tags=["registry"])


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


@router.get("/provinces", response=list[ProvinceOut], summary="จังหวัดทั้งหมด (77) พร้อมสำนักงาน ป.ป.ช. ภาค")
def provinces(request):
    return Province.objects.order_by("code")


@router.get("/organisations", response={200: list[OrganisationOut], **PARAM_ERRORS}, summary="ค้นหา อปท.")
@paginate(PageNumberPagination, page_size=100)
def organisations(request, q: str = "", province: str = "", district: str = "", org_type: str = ""):
    queryset = Organisation.objects.select_related("district").order_by("code")
    return selectors.organisations_filter(
        queryset, text=q, province=province or None, district=district or None, org_type=org_type
    )


@router.get("/organisations/{code}", response={200: OrganisationOut, 404: ErrorOut}, summary="อปท. ตามรหัส")
def organisation(request, code: str):
    return get_object_or_404(Organisation.objects.select_related("district"), code=code)
