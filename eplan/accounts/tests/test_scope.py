"""Who sees which organisations and manages which accounts: one test per role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from eplan.accounts import scope, services
from eplan.accounts.roles import Capability, Role
from eplan.registry.models import Province, Region

pytestmark = pytest.mark.django_db


def codes(queryset):
    return set(queryset.values_list("code", flat=True))


def test_each_role_sees_exactly_its_scope(world):
    w = world
    province80 = {w.klai.code, w.tha_sala.code, w.other_district.code}
    assert codes(scope.organisations_for_user(w.officer)) == {w.klai.code}
    assert codes(scope.organisations_for_user(w.executive)) == {w.klai.code}
    assert codes(scope.organisations_for_user(w.district_office)) == {w.klai.code, w.tha_sala.code}
    assert codes(scope.organisations_for_user(w.provincial_dla)) == province80
    assert codes(scope.organisations_for_user(w.nacc_provincial)) == province80
    assert codes(scope.organisations_for_user(w.nacc_regional)) == province80 | {w.krabi.code}
    assert codes(scope.organisations_for_user(w.nacc_regional_north)) == {w.chiang_mai.code}
    assert codes(scope.organisations_for_user(w.central)) == province80 | {w.krabi.code, w.chiang_mai.code}
    assert codes(scope.organisations_for_user(AnonymousUser())) == set()


def test_a_deactivated_account_sees_nothing(world):
    world.nacc_provincial.is_active = False
    world.nacc_provincial.save()
    assert codes(scope.organisations_for_user(world.nacc_provincial)) == set()


def test_provinces_for_user_follow_the_roles(world):
    assert codes(scope.provinces_for_user(world.officer)) == {"80"}
    assert codes(scope.provinces_for_user(world.nacc_provincial_krabi)) == {"81"}
    region8 = codes(scope.provinces_for_user(world.nacc_regional))
    assert {"80", "81", "86"} <= region8 and "50" not in region8
    assert len(codes(scope.provinces_for_user(world.central))) == 77


def test_a_regional_office_follows_the_province_assignment(world):
    services.region_assign(
        actor=world.central, province=Province.objects.get(code="81"), region=Region.objects.get(number=5)
    )
    world.nacc_regional.refresh_from_db()
    assert world.krabi.code not in codes(scope.organisations_for_user(world.nacc_regional))
    assert world.krabi.code in codes(scope.organisations_for_user(world.nacc_regional_north))


def test_only_lao_staff_edit_their_own_organisation_profile(world):
    w = world
    editable = Capability.EDIT_ORGANISATION_PROFILE
    assert scope.has_capability(w.officer, editable, w.klai)
    assert scope.has_capability(w.primary, editable, w.klai)
    assert not scope.has_capability(w.officer, editable, w.krabi)
    assert not scope.has_capability(w.nacc_provincial, editable, w.klai)
    assert not scope.has_capability(w.district_office, editable, w.klai)


def usernames(queryset):
    return set(queryset.values_list("username", flat=True))


def test_account_managers_see_only_accounts_they_could_have_created(world):
    w = world
    klai_accounts = {"officer.klai", "colleague.klai", "executive.klai", "6800808"}
    assert usernames(scope.users_for_user(w.officer)) == set()
    assert usernames(scope.users_for_user(w.executive)) == klai_accounts - {"executive.klai"}
    assert usernames(scope.users_for_user(w.primary)) == klai_accounts - {"6800808"}
    assert usernames(scope.users_for_user(w.nacc_provincial)) == klai_accounts | {"amphoe.thasala"}
    assert usernames(scope.users_for_user(w.nacc_provincial_krabi)) == {"officer.krabi"}
    assert usernames(scope.users_for_user(w.nacc_regional)) == klai_accounts | {
        "amphoe.thasala",
        "officer.krabi",
        "nacc.80",
        "nacc.81",
    }
    assert "nacc.region8" not in usernames(scope.users_for_user(w.nacc_regional_north))
    assert "nacc.region8" in usernames(scope.users_for_user(w.central))


def test_an_account_with_a_role_outside_the_managers_scope_is_not_theirs(world):
    w = world
    # officer.klai now also works for Krabi: Nakhon Si Thammarat's office no longer manages it alone.
    services.role_grant(actor=w.central, user=w.officer, role=Role.LAO_OFFICER, organisation=w.krabi)
    assert "officer.klai" not in usernames(scope.users_for_user(w.nacc_provincial))
    assert "officer.klai" in usernames(scope.users_for_user(w.nacc_regional))


def test_what_each_manager_may_grant(world):
    w = world
    district = w.klai.district
    assert scope.can_grant(w.nacc_provincial, Role.DISTRICT_OFFICE, district=district)
    assert not scope.can_grant(w.nacc_provincial_krabi, Role.DISTRICT_OFFICE, district=district)
    assert not scope.can_grant(w.nacc_provincial, Role.NACC_CENTRAL)
    assert not scope.can_grant(w.nacc_provincial, Role.NACC_PROVINCIAL, province=w.klai.province)
    assert scope.can_grant(w.nacc_regional, Role.NACC_PROVINCIAL, province=w.krabi.province)
    assert not scope.can_grant(w.nacc_regional, Role.NACC_PROVINCIAL, province=w.chiang_mai.province)
    assert scope.can_grant(w.executive, Role.LAO_OFFICER, organisation=w.klai)
    assert not scope.can_grant(w.executive, Role.LAO_OFFICER, organisation=w.tha_sala)
    assert not scope.can_grant(w.officer, Role.LAO_OFFICER, organisation=w.klai)
    assert scope.can_grant(w.central, Role.NACC_CENTRAL)
