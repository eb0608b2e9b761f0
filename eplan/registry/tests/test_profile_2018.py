"""The organisation's basic data as the 2018 registration form held it: size class,
population, own and subsidy revenue of a fiscal year, and the coordinator's department,
mobile and fax. Figures are public facts; everything that reaches a person is not."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from eplan.accounts import services
from eplan.accounts.forms import OrganisationProfileForm
from eplan.accounts.roles import Role
from eplan.core.models import AuditEvent
from eplan.core.thai import fiscal_year_of
from eplan.registry.models import OrganisationProfile, OrganisationSize
from eplan.testing import client_for, make_user

pytestmark = pytest.mark.django_db

THIS_YEAR = fiscal_year_of(timezone.localdate())
PERSONAL = {
    "executive_name": "นายสมศักดิ์ ผู้บริหาร",
    "clerk_name": "นางสาวสมพร ปลัด",
    "coordinator_name": "นายสมหมาย ประสาน",
    "coordinator_position": "นักวิเคราะห์นโยบายและแผน",
    "coordinator_department": "กองยุทธศาสตร์ลับเฉพาะ",
    "phone": "075-111-222",
    "coordinator_mobile": "081-234-5678",
    "fax": "075-333-444",
    "email": "prasan@klai.example.org",
}


def profile_url(organisation):
    return f"/accounts/organisation/{organisation.code}/profile/"


def form_data(**changes):
    data = {
        "address": "ที่ทำการ อบต.กลาย",
        "website": "",
        "size_class": "medium",
        "population": "",
        "figures_fiscal_year": "",
        "own_revenue": "",
        "subsidy_revenue": "",
        **PERSONAL,
    }
    data.update(changes)
    return data


def test_the_officer_saves_every_new_field_as_typed_in_thai_or_arabic_digits(world):
    client = client_for(world.officer)
    response = client.post(
        profile_url(world.klai),
        form_data(
            population="๑๒,๓๔๕ คน",
            figures_fiscal_year=f"พ.ศ. {THIS_YEAR}",
            own_revenue="1,234,567.50",
            subsidy_revenue="๒๐,๐๐๐,๐๐๐.-",
            coordinator_mobile="๐๘๑-๒๓๔-๕๖๗๘",
            fax="0 - 7535 - 6375 , 0 - 7535 - 6144",
        ),
    )
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get(organisation=world.klai)
    assert profile.size_class == OrganisationSize.MEDIUM
    assert profile.population == 12345
    assert profile.figures_fiscal_year == THIS_YEAR
    assert profile.own_revenue == Decimal("1234567.50")
    assert profile.subsidy_revenue == Decimal("20000000.00")
    assert profile.coordinator_department == "กองยุทธศาสตร์ลับเฉพาะ"
    assert profile.coordinator_mobile == "081-234-5678"  # Thai digits stored Arabic, for tel: links
    assert profile.fax == "0 - 7535 - 6375 , 0 - 7535 - 6144"
    changes = AuditEvent.objects.get(action="registry.organisation_profile_update").changes
    assert changes["population"] == [None, 12345]
    assert changes["own_revenue"] == [None, "1234567.50"]
    assert changes["coordinator_mobile"] == ["", "081-234-5678"]

    # Coming back, the figures read as a person writes them, and saving them again changes nothing.
    form = client.get(profile_url(world.klai)).context["form"]
    assert form["own_revenue"].value() == "1,234,567.50"
    assert form["population"].value() == "12,345"
    again = {name: form[name].value() or "" for name in OrganisationProfile.FIELDS}
    assert client.post(profile_url(world.klai), again).status_code == 302
    assert AuditEvent.objects.filter(action="registry.organisation_profile_update").count() == 1


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        ("population", "-5", "จำนวนประชากรต้องไม่ติดลบ"),
        ("population", "12.5", "ใส่จำนวนประชากรเป็นจำนวนเต็ม"),
        ("population", "สองหมื่น", "ใส่จำนวนประชากรเป็นจำนวนเต็ม"),
        ("population", "20,000,000", "จำนวนประชากรมากเกินไป"),
        ("population", "9" * 19, "จำนวนประชากรมากเกินไป"),
        ("own_revenue", "-1,000", "จำนวนเงินต้องไม่ติดลบ"),
        ("own_revenue", "1e9", "ไม่ใช่จำนวนเงิน"),
        ("own_revenue", "1,000 2,000", "มากกว่าหนึ่งจำนวน"),
        ("subsidy_revenue", "9,999,999,999,999", "จำนวนเงินมากเกินไป"),
        ("subsidy_revenue", "100.555", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        ("figures_fiscal_year", "2025", "ไม่ใช่ ค.ศ."),
        ("figures_fiscal_year", "68", "4 หลัก"),
        ("figures_fiscal_year", "2530", "ต้องไม่ก่อน พ.ศ. 2540"),
        ("figures_fiscal_year", str(THIS_YEAR + 5), "ต้องไม่เกิน พ.ศ."),
        ("coordinator_mobile", "075-111-222", "เบอร์โทรศัพท์มือถือไม่ถูกต้อง"),
        ("coordinator_mobile", "โทรหาได้ตลอด", "เบอร์โทรศัพท์มือถือไม่ถูกต้อง"),
        ("fax", "075", "หมายเลขโทรสารไม่ถูกต้อง"),
        ("fax", "ไม่มี", "หมายเลขโทรสารไม่ถูกต้อง"),
        ("size_class", "huge", "huge"),
    ],
)
def test_bad_input_is_refused_in_thai_on_its_own_field_and_what_was_typed_is_kept(world, field, typed, message):
    client = client_for(world.officer)
    before = OrganisationProfile.objects.get(organisation=world.klai)
    response = client.post(profile_url(world.klai), form_data(**{"figures_fiscal_year": str(THIS_YEAR), field: typed}))
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.errors) == [field]
    assert message in " ".join(form.errors[field])
    assert form[field].value() == typed
    assert message in response.content.decode()
    assert OrganisationProfile.objects.get(organisation=world.klai).updated_at == before.updated_at
    assert not AuditEvent.objects.filter(action="registry.organisation_profile_update").exists()


def test_figures_without_the_fiscal_year_they_belong_to_are_refused(world):
    response = client_for(world.officer).post(profile_url(world.klai), form_data(population="12,345"))
    form = response.context["form"]
    assert list(form.errors) == ["figures_fiscal_year"]
    assert "ระบุปีงบประมาณ" in form.errors["figures_fiscal_year"][0]
    assert form["population"].value() == "12,345"


def test_the_service_refuses_negative_or_yearless_figures_from_any_caller(world):
    for data in ({"own_revenue": Decimal("-1"), "figures_fiscal_year": THIS_YEAR}, {"population": 100}):
        with pytest.raises(ValidationError):
            services.organisation_profile_update(actor=world.officer, organisation=world.klai, data=data)
    profile = OrganisationProfile.objects.get(organisation=world.klai)
    assert profile.own_revenue is None and profile.population is None


def test_profiles_complete_before_the_2018_fields_stay_complete(world):
    profile = world.klai.profile
    assert profile.population is None and profile.size_class == ""
    assert profile.is_complete and profile.missing_fields == []


def test_missing_fields_names_each_empty_required_field_in_thai(world):
    profile = OrganisationProfile(organisation=world.tha_sala, address="ที่ทำการ", phone="075", population=5000)
    assert not profile.is_complete
    assert profile.missing_fields == ["ชื่อผู้บริหารท้องถิ่น (นายก)", "ชื่อปลัด อปท.", "ชื่อผู้ประสานงาน", "อีเมล"]


def test_the_first_login_form_still_completes_with_only_the_required_fields(world):
    primary = make_user(world.tha_sala.code, Role.LAO_OFFICER, organisation=world.tha_sala)
    primary.primary_organisation = world.tha_sala
    primary.save()
    client = client_for(primary)
    assert client.get("/organisations/").url == profile_url(world.tha_sala)
    data = {name: PERSONAL[name] for name in OrganisationProfile.REQUIRED_FIELDS if name in PERSONAL}
    response = client.post(profile_url(world.tha_sala), {**data, "address": "ที่ทำการเทศบาลตำบลท่าศาลา"})
    assert response.status_code == 302
    profile = OrganisationProfile.objects.get(organisation=world.tha_sala)
    assert profile.completed_at is not None and profile.population is None
    assert client.get("/organisations/").status_code == 200


def test_every_profile_field_is_in_exactly_one_fieldset_of_the_form():
    placed = [name for _, names in OrganisationProfileForm.FIELDSETS for name in names]
    assert sorted(placed) == sorted(OrganisationProfile.FIELDS)


def _fill_klai(world):
    services.organisation_profile_update(
        actor=world.officer,
        organisation=world.klai,
        data={
            **PERSONAL,
            "size_class": OrganisationSize.LARGE,
            "population": 54321,
            "figures_fiscal_year": THIS_YEAR,
            "own_revenue": Decimal("7654321.25"),
            "subsidy_revenue": Decimal("30000000"),
        },
    )


def test_the_public_sees_size_population_and_revenues_but_no_person(world):
    _fill_klai(world)
    outsider = client_for(world.nacc_regional_north)  # logged in, but region 5 does not cover Klai
    for client in (Client(), outsider):
        page = client.get(f"/organisations/{world.klai.code}/").content.decode()
        assert "ขนาดใหญ่" in page and "54,321" in page
        assert "7,654,321.25" in page and "30,000,000.00" in page and str(THIS_YEAR) in page
        for name, value in PERSONAL.items():
            assert value not in page, name


def test_staff_in_scope_also_see_the_coordinators_department_mobile_and_fax(world):
    _fill_klai(world)
    page = client_for(world.nacc_provincial).get(f"/organisations/{world.klai.code}/").content.decode()
    for name in ("coordinator_department", "coordinator_mobile", "fax", "executive_name"):
        assert PERSONAL[name] in page, name


def test_an_organisation_without_figures_shows_no_empty_figures_card(world):
    page = Client().get(f"/organisations/{world.tha_sala.code}/").content.decode()
    assert "ขนาด ประชากร และรายได้" not in page


def test_the_registry_api_gives_no_personal_field(world):
    _fill_klai(world)
    body = Client().get(f"/api/v1/organisations/{world.klai.code}").content.decode()
    for name, value in PERSONAL.items():
        assert value not in body, name
