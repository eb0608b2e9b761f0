"""Which office sends, and which organisations an audience reaches.

The sending office is the sender's role assignment that may publish circulars: its role and
its area (ภาค, จังหวัด, อำเภอ, or the whole country). An audience is always narrowed to that
area: "all" means every อปท. of the area, a region, province or district must lie inside it,
a list of codes may name only organisations inside it.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from eplan.accounts import scope
from eplan.accounts.roles import Capability, Role, ScopeKind, roles_with
from eplan.core.thai import arabic_digits
from eplan.registry.models import District, Organisation, OrganisationType, Province, Region

MAX_CODES = 5000


@dataclass(frozen=True)
class Office:
    """A sending office: a role and its area (None for the parts it has not)."""

    role: str
    region_id: int | None = None
    province_id: str | None = None
    district_id: str | None = None

    @property
    def kind(self) -> str:
        if self.district_id:
            return ScopeKind.DISTRICT
        if self.province_id:
            return ScopeKind.PROVINCE
        if self.region_id:
            return ScopeKind.REGION
        return ScopeKind.NATIONAL

    def sent_in_area(self) -> Q:
        """Circulars issued by any office of this office's area (สถ.จ. or the NACC office of
        one province): a letter one of them has passed on is passed on for the area."""
        return Q(
            sender_region_id=self.region_id,
            sender_province_id=self.province_id,
            sender_district_id=self.district_id,
        )

    def sent(self) -> Q:
        """Circulars issued by this office (by any of its staff)."""
        return Q(
            sender_role=self.role,
            sender_region_id=self.region_id,
            sender_province_id=self.province_id,
            sender_district_id=self.district_id,
        )

    def organisations(self) -> Q:
        """The organisations of the office's area."""
        if self.district_id:
            return Q(district_id=self.district_id)
        if self.province_id:
            return Q(province_id=self.province_id)
        if self.region_id:
            return Q(province__region_id=self.region_id)
        return Q()


def offices_of(user, capability=Capability.PUBLISH_CIRCULAR) -> list[Office]:
    """The offices the user works in that hold the capability (staff roles)."""
    if getattr(user, "is_superuser", False) and user.is_active and capability == Capability.PUBLISH_CIRCULAR:
        found = [Office(role=Role.NACC_CENTRAL)]
    else:
        found = []
    roles = roles_with(capability)
    for assignment in scope.assignments_of(user):
        if assignment.role in roles and assignment.scope_kind != ScopeKind.ORGANISATION:
            office = Office(
                role=assignment.role,
                region_id=assignment.region_id,
                province_id=assignment.province_id,
                district_id=assignment.district_id,
            )
            if office not in found:
                found.append(office)
    return found


def sender_office(user) -> Office | None:
    """The office a user publishes as: the first that may publish."""
    offices = offices_of(user)
    return offices[0] if offices else None


def sent_by(offices) -> Q:
    condition = Q(pk__in=[])
    for office in offices:
        condition |= office.sent()
    return condition


def sent_in_areas(offices) -> Q:
    condition = Q(pk__in=[])
    for office in offices:
        condition |= office.sent_in_area()
    return condition


def _inside(office: Office, *, region=None, province=None, district=None) -> bool:
    """Whether a whole region, province or district lies inside the office's area."""
    kind = office.kind
    if kind == ScopeKind.NATIONAL:
        return True
    if kind == ScopeKind.REGION:
        if region is not None:
            return region.number == office.region_id
        if province is not None:
            return province.region_id == office.region_id
        return district is not None and district.province.region_id == office.region_id
    if kind == ScopeKind.PROVINCE:
        if province is not None:
            return province.code == office.province_id
        return district is not None and district.province_id == office.province_id
    return district is not None and district.code == office.district_id


def _codes(text) -> list[str]:
    parts = arabic_digits(str(text or "")).replace(",", " ").split()
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def clean_audience(office: Office, data: dict) -> dict:
    """The audience fields, checked against the office's area. data holds audience_kind and
    audience_region / audience_province / audience_district (codes or objects),
    audience_org_type and audience_codes (a list or text). Raises ValidationError in Thai."""
    from eplan.notices.models import AudienceKind

    kind = data.get("audience_kind") or AudienceKind.ALL
    if kind not in AudienceKind.values:
        raise ValidationError({"audience_kind": _("เลือกผู้รับจากรายการ")})
    found = {
        "audience_kind": kind,
        "audience_region": None,
        "audience_province": None,
        "audience_district": None,
        "audience_org_type": "",
        "audience_codes": [],
    }
    outside = _("พื้นที่นี้อยู่นอกความรับผิดชอบของหน่วยงานของท่าน ส่งหนังสือได้เฉพาะ อปท. ในพื้นที่ของท่าน")

    def lookup(model, field, value, **options):
        if isinstance(value, model):
            return value
        value = arabic_digits(str(value or "")).strip()
        if not value:
            raise ValidationError({field: _("กรุณาเลือก%(what)s") % {"what": model._meta.verbose_name}})
        try:
            return model.objects.select_related(*options.get("related", ())).get(pk=value)
        except (model.DoesNotExist, ValueError):
            raise ValidationError(
                {field: _("ไม่พบ%(what)s รหัส %(code)s") % {"what": model._meta.verbose_name, "code": value[:20]}}
            ) from None

    if kind == AudienceKind.REGION:
        region = lookup(Region, "audience_region", data.get("audience_region"))
        if not _inside(office, region=region):
            raise ValidationError({"audience_region": outside})
        found["audience_region"] = region
    elif kind == AudienceKind.PROVINCE:
        province = lookup(Province, "audience_province", data.get("audience_province"))
        if not _inside(office, province=province):
            raise ValidationError({"audience_province": outside})
        found["audience_province"] = province
    elif kind == AudienceKind.DISTRICT:
        district = lookup(District, "audience_district", data.get("audience_district"), related=("province",))
        if not _inside(office, district=district):
            raise ValidationError({"audience_district": outside})
        found["audience_district"] = district
    elif kind == AudienceKind.ORG_TYPE:
        org_type = data.get("audience_org_type") or ""
        if org_type not in OrganisationType.values:
            raise ValidationError({"audience_org_type": _("กรุณาเลือกประเภท อปท.")})
        found["audience_org_type"] = org_type
    elif kind == AudienceKind.CODES:
        raw = data.get("audience_codes") or []
        codes = _codes(" ".join(map(str, raw)) if isinstance(raw, (list, tuple)) else raw)
        if not codes:
            raise ValidationError({"audience_codes": _("กรุณาระบุรหัส อปท. อย่างน้อยหนึ่งแห่ง")})
        if len(codes) > MAX_CODES:
            raise ValidationError({"audience_codes": _("ระบุได้ไม่เกิน %(n)s แห่ง") % {"n": MAX_CODES}})
        bad = [code for code in codes if len(code) != 7 or not code.isdigit()]
        known = set(
            Organisation.objects.filter(
                office.organisations(), code__in=[c for c in codes if c not in bad]
            ).values_list("code", flat=True)
        )
        unknown = [code for code in codes if code not in known]
        if unknown:
            shown = ", ".join(code[:12] for code in unknown[:10])
            raise ValidationError(
                {"audience_codes": _("ไม่พบ อปท. รหัส %(codes)s ในพื้นที่ของท่าน (รหัส อปท. มี 7 หลัก)") % {"codes": shown}}
            )
        found["audience_codes"] = codes
    return found


def audience_organisations(circular, office: Office):
    """The active organisations the circular's audience names, inside the office's area."""
    from eplan.notices.models import AudienceKind

    kind = circular.audience_kind
    condition = office.organisations()
    if kind == AudienceKind.REGION:
        condition &= Q(province__region_id=circular.audience_region_id)
    elif kind == AudienceKind.PROVINCE:
        condition &= Q(province_id=circular.audience_province_id)
    elif kind == AudienceKind.DISTRICT:
        condition &= Q(district_id=circular.audience_district_id)
    elif kind == AudienceKind.ORG_TYPE:
        condition &= Q(org_type=circular.audience_org_type)
    elif kind == AudienceKind.CODES:
        condition &= Q(code__in=circular.audience_codes)
    return Organisation.objects.filter(condition, active=True)


def audience_label(circular) -> str:
    """The audience in words: อปท. ในจังหวัดนครศรีธรรมราช (or, for a letter written to the
    offices, จังหวัดและอำเภอในพื้นที่ของ อปท. ในจังหวัดนครศรีธรรมราช)."""
    from eplan.notices.models import AddressedTo

    label = _organisations_label(circular)
    if circular.addressed_to == AddressedTo.OFFICES:
        return _("จังหวัดและอำเภอในพื้นที่ของ%(audience)s") % {"audience": label}
    return label


def _organisations_label(circular) -> str:
    from eplan.notices.models import AudienceKind

    kind = circular.audience_kind
    if kind == AudienceKind.REGION and circular.audience_region_id:
        return _("อปท. ในภาค %(n)s") % {"n": circular.audience_region_id}
    if kind == AudienceKind.PROVINCE and circular.audience_province_id:
        return _("อปท. ใน%(place)s") % {"place": circular.audience_province.title}
    if kind == AudienceKind.DISTRICT and circular.audience_district_id:
        return _("อปท. ใน%(place)s") % {"place": circular.audience_district.title}
    if kind == AudienceKind.ORG_TYPE:
        return _("อปท. ประเภท%(type)s ในพื้นที่") % {"type": OrganisationType(circular.audience_org_type).label}
    if kind == AudienceKind.CODES:
        return _("อปท. %(n)s แห่งตามรายการ") % {"n": len(circular.audience_codes)}
    return str(AudienceKind.ALL.label)
