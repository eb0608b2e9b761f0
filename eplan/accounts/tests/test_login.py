"""Logging in, and throttling that cannot be used to lock an organisation out."""

import pytest
from django.test import Client

from eplan.accounts.models import LoginFailure
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"


def login(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def is_logged_in(client):
    return "_auth_user_id" in client.session


def test_the_lao_code_is_the_primary_accounts_login_name(world):
    client, response = login("6800808", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action="accounts.login", actor=world.primary).exists()


def test_a_wrong_password_is_refused_with_a_thai_message(world):
    client, response = login("6800808", "wrong", OFFICE)
    assert not is_logged_in(client)
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_eleven_failures_from_one_address_do_not_lock_the_organisation_out_elsewhere(world):
    for _ in range(11):
        login("6800808", "guess", ATTACKER)
    # Even the right password is refused from the attacker's address...
    client, response = login("6800808", PASSWORD, ATTACKER)
    assert not is_logged_in(client)
    assert "หลายครั้งเกินไป" in response.content.decode()
    # ...but the organisation's officer, at the office, logs in.
    client, response = login("6800808", PASSWORD, OFFICE)
    assert is_logged_in(client)


def test_an_address_that_tries_many_accounts_is_slowed_down(world, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 5
    for username in ("a1", "a2", "a3", "a4", "a5"):
        login(username, "guess", ATTACKER)
    client, response = login("officer.klai", PASSWORD, ATTACKER)
    assert not is_logged_in(client)
    assert "จากเครื่องนี้หลายครั้งเกินไป" in response.content.decode()
    client, _ = login("officer.klai", PASSWORD, OFFICE)
    assert is_logged_in(client)


def test_a_successful_login_clears_that_addresses_failures(world):
    for _ in range(3):
        login("officer.klai", "typo", OFFICE)
    login("officer.klai", PASSWORD, OFFICE)
    assert not LoginFailure.objects.filter(username="officer.klai", client_ip=OFFICE).exists()


def test_provincial_staff_unlock_an_account_and_it_is_logged(world):
    for _ in range(10):
        login("6800808", "guess", OFFICE)
    assert not is_logged_in(login("6800808", PASSWORD, OFFICE)[0])
    staff = Client()
    staff.force_login(world.nacc_provincial)
    page = staff.get("/accounts/lockouts/")
    assert "6800808" in page.content.decode()
    response = staff.post(f"/accounts/lockouts/{world.primary.pk}/unlock/")
    assert response.status_code == 302
    assert is_logged_in(login("6800808", PASSWORD, OFFICE)[0])
    event = AuditEvent.objects.get(action="accounts.login_unlock")
    assert event.actor == world.nacc_provincial
    assert event.organisation_code == "6800808"
    assert event.detail["failures_cleared"] == 10


def test_another_provinces_staff_cannot_unlock(world):
    for _ in range(10):
        login("6800808", "guess", OFFICE)
    staff = Client()
    staff.force_login(world.nacc_provincial_krabi)
    assert "6800808" not in staff.get("/accounts/lockouts/").content.decode()
    assert staff.post(f"/accounts/lockouts/{world.primary.pk}/unlock/").status_code == 404
    assert LoginFailure.objects.filter(username="6800808").count() == 10


def test_lao_staff_have_no_unlock_page(world):
    client = Client()
    client.force_login(world.executive)
    assert client.get("/accounts/lockouts/").status_code == 404


def test_a_deactivated_account_cannot_log_in(world):
    world.officer.is_active = False
    world.officer.save()
    client, _ = login("officer.klai", PASSWORD, OFFICE)
    assert not is_logged_in(client)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from eplan import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
