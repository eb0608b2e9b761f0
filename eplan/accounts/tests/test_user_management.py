"""Creating and looking after personal accounts, within the manager's scope."""

import pytest
from django.test import Client

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_provincial_office_creates_a_district_account_with_a_one_time_password(world):
    response = as_user(world.nacc_provincial).post(
        "/accounts/users/new/",
        {"username": "amphoe.klang", "first_name": "สมหญิง", "role": Role.DISTRICT_OFFICE, "district": "8001"},
    )
    assert response.status_code == 200
    password = response.context["password"]
    account = User.objects.get(username="amphoe.klang")
    assert account.must_change_password and account.check_password(password)
    assert RoleAssignment.objects.get(user=account).district_id == "8001"
    assert AuditEvent.objects.filter(action="accounts.user_create", object_id=str(account.pk)).exists()
    assert AuditEvent.objects.filter(action="accounts.role_grant", object_id=str(account.pk)).exists()


def test_a_provincial_office_cannot_create_accounts_in_another_province(world):
    client = as_user(world.nacc_provincial)
    response = client.post(
        "/accounts/users/new/", {"username": "amphoe.krabi", "role": Role.DISTRICT_OFFICE, "district": "8101"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["district"]
    response = client.post(
        "/accounts/users/new/", {"username": "lao.krabi", "role": Role.LAO_OFFICER, "organisation_code": "6810101"}
    )
    assert "ไม่พบ อปท. รหัสนี้ในความรับผิดชอบของคุณ" in response.content.decode()
    response = client.post("/accounts/users/new/", {"username": "boss", "role": Role.NACC_CENTRAL})
    assert response.context["form"].errors["role"]
    assert not User.objects.filter(username__in=["amphoe.krabi", "lao.krabi", "boss"]).exists()


def test_an_executive_adds_a_colleague_to_the_organisation(world):
    response = as_user(world.executive).post(
        "/accounts/users/new/",
        {"username": "newcomer.klai", "role": Role.LAO_OFFICER, "organisation_code": world.klai.code},
    )
    assert response.status_code == 200 and "password" in response.context
    assert RoleAssignment.objects.get(user__username="newcomer.klai").organisation == world.klai


def test_an_lao_code_cannot_be_taken_as_a_personal_username(world):
    response = as_user(world.central).post(
        "/accounts/users/new/", {"username": world.tha_sala.code, "role": Role.NACC_CENTRAL}
    )
    assert "สงวนไว้" in response.content.decode()
    assert not User.objects.filter(username=world.tha_sala.code).exists()


def test_an_officer_without_management_rights_has_no_user_pages(world):
    client = as_user(world.officer)
    assert client.get("/accounts/users/").status_code == 404
    assert client.get("/accounts/users/new/").status_code == 404
    assert client.get(f"/accounts/users/{world.colleague.pk}/").status_code == 404


def test_accounts_outside_the_scope_are_not_found(world):
    client = as_user(world.nacc_provincial_krabi)
    assert client.get(f"/accounts/users/{world.officer.pk}/").status_code == 404
    assert client.post(f"/accounts/users/{world.officer.pk}/one-time-password/").status_code == 404
    assert client.post(f"/accounts/users/{world.officer.pk}/deactivate/").status_code == 404
    world.officer.refresh_from_db()
    assert world.officer.is_active and world.officer.check_password(PASSWORD)
    assert as_user(world.nacc_regional_north).get(f"/accounts/users/{world.officer.pk}/").status_code == 404
    assert as_user(world.nacc_regional).get(f"/accounts/users/{world.officer.pk}/").status_code == 200


def test_a_new_one_time_password_replaces_a_forgotten_one(world):
    response = as_user(world.nacc_provincial).post(f"/accounts/users/{world.officer.pk}/one-time-password/")
    password = response.context["password"]
    world.officer.refresh_from_db()
    assert not world.officer.check_password(PASSWORD)
    assert world.officer.check_password(password) and world.officer.must_change_password
    event = AuditEvent.objects.get(action="accounts.one_time_password_issue")
    assert password not in str(event.changes) + str(event.detail)


def test_deactivating_and_reactivating_an_account(world):
    client = as_user(world.executive)
    client.post(f"/accounts/users/{world.colleague.pk}/deactivate/")
    world.colleague.refresh_from_db()
    assert not world.colleague.is_active
    assert not Client().login(username="colleague.klai", password=PASSWORD)
    client.post(f"/accounts/users/{world.colleague.pk}/activate/")
    world.colleague.refresh_from_db()
    assert world.colleague.is_active


def test_granting_and_revoking_a_role(world):
    client = as_user(world.nacc_provincial)
    client.post(
        f"/accounts/users/{world.officer.pk}/grant/",
        {"role": Role.LAO_OFFICER, "organisation_code": world.tha_sala.code},
    )
    assignment = RoleAssignment.objects.get(user=world.officer, organisation=world.tha_sala)
    client.post(f"/accounts/users/{world.officer.pk}/revoke/", {"assignment": assignment.pk})
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEvent.objects.filter(action="accounts.role_revoke", object_id=str(world.officer.pk)).exists()


def test_the_user_list_does_not_grow_in_queries_with_accounts(world, django_assert_max_num_queries):
    client = as_user(world.nacc_provincial)
    client.get("/accounts/users/")  # warm the session
    for number in range(30):
        user = User.objects.create_user(username=f"extra{number}")
        RoleAssignment.objects.create(user=user, role=Role.LAO_OFFICER, organisation=world.klai)
    with django_assert_max_num_queries(12):
        response = client.get("/accounts/users/")
    assert response.status_code == 200 and "extra29" in response.content.decode()


def test_my_account_page_updates_my_own_details(world):
    client = as_user(world.officer)
    client.post(
        "/accounts/me/",
        {"first_name": "สมศรี", "last_name": "ใจดี", "email": "somsri@klai.example.org", "current_password": PASSWORD},
    )
    world.officer.refresh_from_db()
    assert world.officer.get_full_name() == "สมศรี ใจดี"
    assert world.officer.email == "somsri@klai.example.org"
    bad = client.post("/accounts/me/", {"email": "not-an-email", "first_name": "เปลี่ยน"})
    assert bad.context["form"].errors["email"]
    world.officer.refresh_from_db()
    assert world.officer.first_name == "สมศรี"
