"""The area a viewer looks at (พื้นที่): the organisations of the viewer's scope narrowed to a
NACC region (ภาค), a province or a district the viewer chose, with the provinces of the
scope, whether it is the whole country, and the breadcrumbs from the top of the scope down.

Every page, export and API endpoint that shows "an area" takes it from here:
`area_for_user` for offices (a place outside the scope is a 404), `area_public` for the
public side (no viewer scope: the area is the whole country's active organisations). A code
that names no place at all is an `UnknownPlace`, which the API answers with 422 naming the
field, and a page with 404.
"""

from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability
from eplan.registry.models import District, Organisation, Province, Region


class UnknownPlace(ValidationError):
    """A region, province or district code that names no place: {field: message}."""


@dataclass
class Area:
    organisations: QuerySet
    provinces: QuerySet  # the provinces of the viewer's scope (every province for the public)
    districts: QuerySet  # the districts of the viewer's scope
    national: bool
    region: Region | None = None
    province: Province | None = None
    district: District | None = None

    @cached_property
    def _first_provinces(self) -> list[Province]:
        return list(self.provinces[:2])

    @cached_property
    def _first_districts(self) -> list[District]:
        return list(self.districts.filter(province=self.province)[:2]) if self.province is not None else []

    @property
    def several_provinces(self) -> bool:
        return len(self._first_provinces) > 1

    @property
    def several_districts(self) -> bool:
        """Whether the scope holds more than one district of the area's province."""
        return self.province is None or len(self._first_districts) > 1

    @property
    def level(self) -> str:
        """What the area's table lists: 'province', 'district' or 'organisation'."""
        if self.district is not None:
            return "organisation"
        return "district" if self.province is not None else "province"

    @property
    def query(self) -> str:
        """region=…, province=… or district=…: the same area on another page."""
        if self.district is not None:
            return urlencode({"province": self.province.code, "district": self.district.code})
        if self.province is not None:
            return urlencode({"province": self.province.code})
        return urlencode({"region": self.region.number}) if self.region is not None else ""

    @property
    def top_name(self) -> str:
        return _("ทั้งประเทศ") if self.national else _("ทุกจังหวัดในความรับผิดชอบ")

    @property
    def name(self) -> str:
        if self.district is not None:
            return f"{self.district.title} {self.province.title}"
        if self.province is not None:
            return self.province.title
        return self.region.name_th if self.region is not None else self.top_name

    @property
    def filters(self) -> list[tuple[str, str]]:
        """The places that chose the rows, as a table's title names them (core.tables)."""
        if self.province is None and self.region is None:
            return [(_("พื้นที่"), self.top_name)]
        found = [(_("ภาค"), self.region.name_th)] if self.region is not None else []
        if self.province is not None:
            found.append((_("จังหวัด"), self.province.name_th))
        if self.district is not None:
            found.append((_("อำเภอ"), self.district.name_th))
        return found

    @property
    def crumbs(self) -> list[dict]:
        """From the top of the viewer's scope down to this area; the last one is not a link."""
        found = []
        if self.several_provinces:
            found.append({"label": self.top_name, "query": ""})
            region = self.region or (self.province.region if self.province else None)
            if region is not None:
                found.append({"label": region.name_th, "query": urlencode({"region": region.number})})
        if self.province is not None and (self.several_districts or self.district is None):
            found.append({"label": self.province.title, "query": urlencode({"province": self.province.code})})
        if self.district is not None:
            found.append({"label": self.district.title, "query": None})
        if found:
            found[-1]["query"] = None
        return found


def narrow(organisations: QuerySet, *, region=None, province=None, district=None) -> QuerySet:
    """The organisations lying in every place given (a place or its code)."""
    if region is not None:
        organisations = organisations.filter(province__region=region)
    if province is not None:
        organisations = organisations.filter(province=province)
    if district is not None:
        organisations = organisations.filter(district=district)
    return organisations


def public_organisations(*, province="", district="") -> QuerySet:
    """The public area: the country's active organisations, in the province and the district
    given (codes already known, e.g. from a form)."""
    return narrow(Organisation.objects.filter(active=True), province=province or None, district=district or None)


def _unknown(field, code) -> str:
    messages = {
        "region": _("ไม่พบภาครหัส %(code)s"),
        "province": _("ไม่พบจังหวัดรหัส %(code)s"),
        "district": _("ไม่พบอำเภอรหัส %(code)s"),
    }
    return messages[field] % {"code": code}


def _place(scoped: QuerySet, model, code):
    """(the place of that code, whether it is in `scoped`); (None, False) for no such place.
    Costs one query for a place in scope, two for any other."""
    found = scoped.filter(code=code).first()
    if found is not None:
        return found, True
    return model.objects.filter(code=code).first(), False


def _region(provinces: QuerySet, number: str):
    found = Region.objects.filter(number=int(number)).first() if number.isdigit() else None
    return found, found is not None and provinces.filter(region=found).exists()


def area_for_user(user, *, region="", province="", district="", capability=Capability.VIEW, strict=False) -> Area:
    """The area of the user's scope that the codes choose, as a page opens it: a district
    left selected after the province was changed gives way to the province, and a scope of
    one province (or one district) opens on it.

    strict (the API): the area is exactly what was asked; a district that does not lie in
    the province given is an UnknownPlace (the caller named the pair wrongly).

    Raises UnknownPlace naming every code that names no place, then Http404 for a place
    outside the user's scope."""
    provinces = scope.provinces_for_user(user, capability).select_related("region")
    districts = scope.districts_for_user(user, capability).select_related("province__region")
    found_province, province_in = _place(provinces, Province, province) if province else (None, True)
    found_district, district_in = _place(districts, District, district) if district else (None, True)
    unknown = {
        field: _unknown(field, code)
        for field, code, found in (("province", province, found_province), ("district", district, found_district))
        if code and found is None
    }
    if unknown:
        raise UnknownPlace(unknown)
    mismatched = found_province and found_district and found_district.province_id != found_province.code
    if strict and mismatched:
        raise UnknownPlace({"district": _("อำเภอรหัส %(code)s ไม่อยู่ในจังหวัดที่ระบุ") % {"code": district}})
    if not (province_in and district_in):
        raise Http404
    area = Area(
        organisations=scope.organisations_for_user(user, capability),
        provinces=provinces,
        districts=districts,
        national=scope.is_national(user, capability),
        province=found_province,
    )
    if found_district is not None and not mismatched:
        area.district, area.province = found_district, found_district.province
    if region and area.province is None:
        area.region, region_in = _region(provinces, region)
        if area.region is None:
            raise UnknownPlace({"region": _unknown("region", region)})
        if not region_in:
            raise Http404
    if not strict:
        if area.province is None and area.region is None and len(area._first_provinces) == 1:
            area.province = area._first_provinces[0]
        if area.province is not None and area.district is None and len(area._first_districts) == 1:
            area.district = area._first_districts[0]
    area.organisations = narrow(area.organisations, region=area.region, province=area.province, district=area.district)
    return area


def area_public(*, province="", district="") -> Area:
    """The public area: the whole country's active organisations, in the province and the
    district given (both, when both are: a district of another province holds none).
    Raises UnknownPlace naming every code that names no place."""
    found_province = Province.objects.select_related("region").filter(code=province).first() if province else None
    found_district = District.objects.select_related("province").filter(code=district).first() if district else None
    unknown = {
        field: _unknown(field, code)
        for field, code, found in (("province", province, found_province), ("district", district, found_district))
        if code and found is None
    }
    if unknown:
        raise UnknownPlace(unknown)
    return Area(
        organisations=public_organisations(province=province, district=district),
        provinces=Province.objects.select_related("region"),
        districts=District.objects.select_related("province__region"),
        national=True,
        province=found_province,
        district=found_district,
    )


def office_area_or_404(request, *, places=("region", "province", "district")) -> Area:
    """The area an office's page shows, chosen by the address (?region=, ?province=,
    ?district=): offices only (an organisation's own staff follow their own organisation on
    its pages), and any place the page cannot show, outside the scope or unknown, is a 404."""
    user = request.user
    if not scope.has_capability(user, Capability.VIEW) or scope.lao_organisations_of(user).exists():
        raise Http404
    chosen = {key: request.GET.get(key, "").strip() for key in places}
    try:
        return area_for_user(user, **chosen)
    except UnknownPlace:
        raise Http404 from None
