"""Test helpers: a small world of organisations and people with every role.

Province 80 นครศรีธรรมราช and 81 กระบี่ are in NACC region 8, 50 เชียงใหม่ in region 5.
"""

from dataclasses import dataclass

from django.test import Client
from django.utils import timezone

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.registry.models import District, Organisation, OrganisationProfile, OrganisationType, Province, Region

PASSWORD = "correct horse battery staple"  # noqa: S105 (test accounts only)


def make_organisation(code, name, district_code, org_type=OrganisationType.SUBDISTRICT, **fields):
    district = District.objects.get(code=district_code)
    return Organisation.objects.create(
        code=code, name=name, org_type=org_type, province_id=district.province_id, district=district, **fields
    )


def make_user(username, role=None, *, password=PASSWORD, **scope):
    user = User.objects.create_user(username=username, password=password, email=f"{username}@example.org")
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


def complete_profile(organisation, *, email):
    return OrganisationProfile.objects.create(
        organisation=organisation,
        address=f"ที่ทำการ{organisation.full_name}",
        executive_name="นายก ทดสอบ",
        clerk_name="ปลัด ทดสอบ",
        coordinator_name="ผู้ประสาน ทดสอบ",
        phone="075-000000",
        email=email,
        completed_at=timezone.now(),
    )


def client_for(user, password=PASSWORD) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password)
    return client


@dataclass
class World:
    klai: Organisation  # อบต.กลาย, district 8008 ท่าศาลา, province 80
    tha_sala: Organisation  # same district as klai
    other_district: Organisation  # province 80, district 8001
    krabi: Organisation  # province 81, same region 8
    chiang_mai: Organisation  # province 50, region 5
    officer: User
    colleague: User
    executive: User
    primary: User
    outsider_officer: User
    district_office: User
    provincial_dla: User
    nacc_provincial: User
    nacc_provincial_krabi: User
    nacc_regional: User
    nacc_regional_north: User
    central: User

    @classmethod
    def build(cls):
        klai = make_organisation("6800808", "กลาย", "8008")
        tha_sala = make_organisation("5800801", "ท่าศาลา", "8008", OrganisationType.SUBDISTRICT_MUNICIPALITY)
        other_district = make_organisation("6800101", "ท่าซัก", "8001")
        krabi = make_organisation("6810101", "ไสไทย", "8101")
        chiang_mai = make_organisation("6500101", "ช้างเผือก", "5001")
        p80, p81 = Province.objects.get(code="80"), Province.objects.get(code="81")
        region8, region5 = Region.objects.get(number=8), Region.objects.get(number=5)
        # Every organisation but ท่าศาลา has filled in its basic data, so their staff are not
        # sent to the first-login form (ท่าศาลา is the one that has not logged in yet).
        for organisation, email in (
            (klai, "saraban@klai.example.org"),
            (other_district, "saraban@thasak.example.org"),
            (krabi, "saraban@saithai.example.org"),
            (chiang_mai, "saraban@changphueak.example.org"),
        ):
            complete_profile(organisation, email=email)
        primary = make_user("6800808", Role.LAO_OFFICER, organisation=klai)
        primary.primary_organisation = klai
        primary.save()
        return cls(
            klai=klai,
            tha_sala=tha_sala,
            other_district=other_district,
            krabi=krabi,
            chiang_mai=chiang_mai,
            officer=make_user("officer.klai", Role.LAO_OFFICER, organisation=klai),
            colleague=make_user("colleague.klai", Role.LAO_OFFICER, organisation=klai),
            executive=make_user("executive.klai", Role.LAO_EXECUTIVE, organisation=klai),
            primary=primary,
            outsider_officer=make_user("officer.krabi", Role.LAO_OFFICER, organisation=krabi),
            district_office=make_user("amphoe.thasala", Role.DISTRICT_OFFICE, district=klai.district),
            provincial_dla=make_user("sthj.80", Role.PROVINCIAL_DLA, province=p80),
            nacc_provincial=make_user("nacc.80", Role.NACC_PROVINCIAL, province=p80),
            nacc_provincial_krabi=make_user("nacc.81", Role.NACC_PROVINCIAL, province=p81),
            nacc_regional=make_user("nacc.region8", Role.NACC_REGIONAL, region=region8),
            nacc_regional_north=make_user("nacc.region5", Role.NACC_REGIONAL, region=region5),
            central=make_user("nacc.central", Role.NACC_CENTRAL),
        )
