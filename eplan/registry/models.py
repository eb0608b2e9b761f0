"""The registry of local administrative organisations (ทะเบียนองค์กรปกครองส่วนท้องถิ่น).

Provinces and districts carry the official DOPA codes (from the geothai package, data by
GeoThai, CC BY 4.0). Organisations carry the 7-digit LAO code (รหัส อปท.) of the
Department of Local Administration. The registry knows nothing of users.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eplan.core.money import MAX_AMOUNT
from eplan.core.thai import fiscal_year_of

lao_code_validator = RegexValidator(r"^[0-9]{7}$", _("รหัส อปท. ต้องเป็นตัวเลข 7 หลัก"))


def place_title(name: str, prefix: str, own_prefix: str) -> str:
    """A place name with the word for its kind, unless the name carries its own
    (เขตพระนคร, กรุงเทพมหานคร)."""
    return name if name.startswith(own_prefix) else f"{prefix}{name}"


class Region(models.Model):
    """A NACC regional office (สำนักงาน ป.ป.ช. ภาค 1–9)."""

    number = models.PositiveSmallIntegerField(_("ภาค"), primary_key=True)
    name_th = models.CharField(_("ชื่อ"), max_length=100)

    class Meta:
        ordering = ["number"]
        verbose_name = _("สำนักงาน ป.ป.ช. ภาค")

    def __str__(self):
        return self.name_th


class Province(models.Model):
    code = models.CharField(_("รหัสจังหวัด"), max_length=2, primary_key=True)
    name_th = models.CharField(_("ชื่อจังหวัด"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)
    region = models.ForeignKey(
        Region,
        verbose_name=_("สำนักงาน ป.ป.ช. ภาค"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provinces",
    )

    class Meta:
        ordering = ["name_th"]
        verbose_name = _("จังหวัด")

    def __str__(self):
        return self.name_th

    @property
    def title(self) -> str:
        """จังหวัดนครศรีธรรมราช; กรุงเทพมหานคร is no จังหวัด."""
        return place_title(self.name_th, "จังหวัด", "กรุงเทพ")


class District(models.Model):
    """อำเภอ (เขต in Bangkok)."""

    code = models.CharField(_("รหัสอำเภอ"), max_length=4, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_th = models.CharField(_("ชื่ออำเภอ"), max_length=100)
    name_en = models.CharField(_("ชื่อภาษาอังกฤษ"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("อำเภอ")

    def __str__(self):
        return self.name_th

    @property
    def title(self) -> str:
        """อำเภอท่าศาลา; the districts of Bangkok are named เขต… already."""
        return place_title(self.name_th, "อำเภอ", "เขต")


class OrganisationType(models.TextChoices):
    """ประเภท อปท. Stored on its own: the type digit of the code is not reliable."""

    PROVINCIAL = "provincial_admin_org", _("องค์การบริหารส่วนจังหวัด")
    CITY = "city_municipality", _("เทศบาลนคร")
    TOWN = "town_municipality", _("เทศบาลเมือง")
    SUBDISTRICT_MUNICIPALITY = "subdistrict_municipality", _("เทศบาลตำบล")
    SUBDISTRICT = "subdistrict_admin_org", _("องค์การบริหารส่วนตำบล")
    BANGKOK = "bangkok", _("กรุงเทพมหานคร")
    PATTAYA = "pattaya", _("เมืองพัทยา")


# Abbreviations used in display names (อบต.กลาย, ทน.ขอนแก่น). The two special forms are
# named in full and have no prefix.
TYPE_ABBREVIATIONS = {
    OrganisationType.PROVINCIAL: "อบจ.",
    OrganisationType.CITY: "ทน.",
    OrganisationType.TOWN: "ทม.",
    OrganisationType.SUBDISTRICT_MUNICIPALITY: "ทต.",
    OrganisationType.SUBDISTRICT: "อบต.",
    OrganisationType.BANGKOK: "",
    OrganisationType.PATTAYA: "",
}
TYPE_FULL_PREFIXES = {
    OrganisationType.PROVINCIAL: "องค์การบริหารส่วนจังหวัด",
    OrganisationType.CITY: "เทศบาลนคร",
    OrganisationType.TOWN: "เทศบาลเมือง",
    OrganisationType.SUBDISTRICT_MUNICIPALITY: "เทศบาลตำบล",
    OrganisationType.SUBDISTRICT: "องค์การบริหารส่วนตำบล",
    OrganisationType.BANGKOK: "",
    OrganisationType.PATTAYA: "",
}


class Organisation(models.Model):
    """An LAO (องค์กรปกครองส่วนท้องถิ่น, อปท.)."""

    code = models.CharField(_("รหัส อปท."), max_length=7, unique=True, validators=[lao_code_validator])
    name = models.CharField(_("ชื่อ"), max_length=150, help_text=_("ชื่อไม่รวมคำนำหน้าประเภท เช่น กลาย"))
    org_type = models.CharField(_("ประเภท อปท."), max_length=32, choices=OrganisationType.choices)
    province = models.ForeignKey(Province, verbose_name=_("จังหวัด"), on_delete=models.PROTECT)
    district = models.ForeignKey(District, verbose_name=_("อำเภอ"), on_delete=models.PROTECT)
    active = models.BooleanField(_("ยังดำเนินงานอยู่"), default=True)
    latitude = models.DecimalField(max_digits=12, decimal_places=9, null=True, blank=True)
    longitude = models.DecimalField(max_digits=12, decimal_places=9, null=True, blank=True)
    area_km2 = models.DecimalField(_("พื้นที่ (ตร.กม.)"), max_digits=10, decimal_places=2, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["province_id", "district_id", "code"]
        indexes = [
            models.Index(fields=["province", "district"]),
            models.Index(fields=["org_type"]),
            models.Index(fields=["name"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(org_type__in=OrganisationType.values), name="organisation_type_known"
            ),
            models.CheckConstraint(condition=models.Q(code__regex=r"^[0-9]{7}$"), name="organisation_code_7_digits"),
        ]
        verbose_name = _("องค์กรปกครองส่วนท้องถิ่น")

    def __str__(self):
        return self.display_name

    @property
    def abbreviation(self) -> str:
        return TYPE_ABBREVIATIONS[self.org_type]

    @property
    def display_name(self) -> str:
        """อบต.กลาย, ทน.ขอนแก่น, กรุงเทพมหานคร."""
        return f"{self.abbreviation}{self.name}"

    @property
    def full_name(self) -> str:
        """องค์การบริหารส่วนตำบลกลาย."""
        return f"{TYPE_FULL_PREFIXES[self.org_type]}{self.name}"

    @property
    def place(self) -> str:
        """อำเภอท่าศาลา จังหวัดนครศรีธรรมราช; เขตพระนคร กรุงเทพมหานคร."""
        return f"{self.district.title} {self.province.title}"


class OrganisationSize(models.TextChoices):
    """ขนาด อปท.: the classes DLA's staffing standards put an organisation in (ใหญ่ / กลาง / เล็ก)."""

    LARGE = "large", _("ขนาดใหญ่")
    MEDIUM = "medium", _("ขนาดกลาง")
    SMALL = "small", _("ขนาดเล็ก")


class OrganisationProfile(models.Model):
    """Basic data an organisation keeps up to date (ข้อมูลพื้นฐาน อปท.), as the 2018 registration
    form asked for it: the office, its size, population and revenues, and who to contact.

    Size, population and revenues are public facts (PUBLIC_FIELDS) and may be shown to anyone;
    every other field names or reaches a person and is shown only to staff in scope."""

    MAX_POPULATION = 10_000_000  # กรุงเทพมหานคร, the largest, has under 6 million registered residents
    EARLIEST_FISCAL_YEAR = 2540

    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="profile")
    address = models.TextField(_("ที่อยู่สำนักงาน"), blank=True)
    size_class = models.CharField(_("ขนาด อปท."), max_length=10, choices=OrganisationSize.choices, blank=True)
    population = models.PositiveIntegerField(
        _("จำนวนประชากร (คน)"), null=True, blank=True, validators=[MaxValueValidator(MAX_POPULATION)]
    )
    figures_fiscal_year = models.PositiveSmallIntegerField(
        _("ปีงบประมาณของข้อมูลประชากรและรายได้"),
        null=True,
        blank=True,
        validators=[MinValueValidator(EARLIEST_FISCAL_YEAR)],
    )
    own_revenue = models.DecimalField(
        _("รายได้จัดเก็บเอง (บาท)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    subsidy_revenue = models.DecimalField(
        _("เงินอุดหนุน (บาท)"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(MAX_AMOUNT)],
    )
    executive_name = models.CharField(_("ชื่อผู้บริหารท้องถิ่น (นายก)"), max_length=200, blank=True)
    clerk_name = models.CharField(_("ชื่อปลัด อปท."), max_length=200, blank=True)
    coordinator_name = models.CharField(_("ชื่อผู้ประสานงาน"), max_length=200, blank=True)
    coordinator_position = models.CharField(_("ตำแหน่งผู้ประสานงาน"), max_length=200, blank=True)
    coordinator_department = models.CharField(_("สังกัดกอง/ส่วน ของผู้ประสานงาน"), max_length=200, blank=True)
    phone = models.CharField(_("โทรศัพท์"), max_length=100, blank=True)
    coordinator_mobile = models.CharField(_("โทรศัพท์มือถือผู้ประสานงาน"), max_length=100, blank=True)
    fax = models.CharField(_("โทรสาร"), max_length=100, blank=True)
    email = models.EmailField(_("อีเมล"), blank=True)
    website = models.URLField(_("เว็บไซต์"), blank=True)
    completed_at = models.DateTimeField(_("บันทึกครบถ้วนเมื่อ"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    # What the first login asks for before anything else. The 2018 figures are not in it:
    # profiles completed before they existed stay complete, and figures that change every
    # year are asked for on the work list's "update the basic data" step, not as a gate.
    REQUIRED_FIELDS = ("address", "executive_name", "clerk_name", "coordinator_name", "phone", "email")
    PUBLIC_FIELDS = ("size_class", "population", "figures_fiscal_year", "own_revenue", "subsidy_revenue")
    FIGURES = ("population", "own_revenue", "subsidy_revenue")  # each refers to figures_fiscal_year
    FIELDS = (
        *REQUIRED_FIELDS,
        "coordinator_position",
        "website",
        *PUBLIC_FIELDS,
        "coordinator_department",
        "coordinator_mobile",
        "fax",
    )

    class Meta:
        verbose_name = _("ข้อมูลพื้นฐาน อปท.")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(own_revenue__gte=0) | models.Q(own_revenue__isnull=True),
                name="profile_own_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(subsidy_revenue__gte=0) | models.Q(subsidy_revenue__isnull=True),
                name="profile_subsidy_revenue_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(size_class__in=["", *OrganisationSize.values]), name="profile_size_class_known"
            ),
        ]

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        errors = {}
        given = [name for name in self.FIGURES if getattr(self, name) is not None]
        if given and self.figures_fiscal_year is None:
            errors["figures_fiscal_year"] = _("ระบุปีงบประมาณที่จำนวนประชากรและรายได้ที่กรอกเป็นข้อมูลของปีนั้น")
        latest = fiscal_year_of(timezone.localdate()) + 1
        if self.figures_fiscal_year is not None and self.figures_fiscal_year > latest:
            errors["figures_fiscal_year"] = _("ปีงบประมาณต้องไม่เกิน พ.ศ. %(latest)s") % {"latest": latest}
        if errors:
            raise ValidationError(errors)

    @property
    def is_complete(self) -> bool:
        return not self.missing_fields

    @property
    def missing_fields(self) -> list[str]:
        """The labels of the required fields still empty, in the form's order (for the work list)."""
        return [
            str(self._meta.get_field(name).verbose_name) for name in self.REQUIRED_FIELDS if not getattr(self, name)
        ]
