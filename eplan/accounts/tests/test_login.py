"""Logging in, and throttling that cannot be used to lock an organisation out (issue 10,
hole 13): per (username, address) a block that provincial staff can lift; per address a
block that spares the usernames known at that address; per username across addresses a
short, growing wait that never becomes a block."""

import datetime

import pytest
from django.core.checks import registry
from django.test import Client
from django.utils import timezone

from eplan.accounts import checks, throttle
from eplan.accounts.models import KnownLoginAddress, LoginFailure
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"
HOME = "192.0.2.44"


def login(username, password, address):
    client = Client(REMOTE_ADDR=address)
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return client, response


def is_logged_in(client):
    return "_auth_user_id" in client.session


def time_passes(seconds):
    """Move every recorded failure back in time, as if `seconds` had gone by."""
    for failure in LoginFailure.objects.all():
        LoginFailure.objects.filter(pk=failure.pk).update(at=failure.at - datetime.timedelta(seconds=seconds))


def fail_spaced(username, address, times):
    """Wrong passwords, each once the per-username wait has passed."""
    for _ in range(times):
        login(username, "guess", address)
        failures = LoginFailure.objects.filter(username=username).count()
        time_passes(throttle.slowdown_seconds(failures) + 1)


def test_the_lao_code_is_the_primary_accounts_login_name(world):
    client, response = login("6800808", PASSWORD, OFFICE)
    assert response.status_code == 302
    assert is_logged_in(client)
    assert AuditEvent.objects.filter(action="accounts.login", actor=world.primary).exists()
    assert KnownLoginAddress.objects.filter(username="6800808", client_ip=OFFICE).exists()


def test_a_wrong_password_is_refused_with_a_thai_message(world):
    client, response = login("6800808", "wrong", OFFICE)
    assert not is_logged_in(client)
    assert "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง" in response.content.decode()


def test_ten_failures_from_one_address_block_that_account_there_only(world):
    fail_spaced("6800808", ATTACKER, 10)
    # Even the right password is refused from the attacker's address...
    client, response = login("6800808", PASSWORD, ATTACKER)
    assert not is_logged_in(client)
    assert "หลายครั้งเกินไป" in response.content.decode()
    # ...but the organisation's officer, at the office, logs in.
    client, response = login("6800808", PASSWORD, OFFICE)
    assert is_logged_in(client)


def test_an_address_that_tries_many_accounts_is_blocked_for_names_it_does_not_know(world, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 5
    for username in ("a1", "a2", "a3", "a4", "a5"):
        login(username, "guess", ATTACKER)
    client, response = login("officer.klai", PASSWORD, ATTACKER)
    assert not is_logged_in(client)
    assert "จากเครื่องนี้หลายครั้งเกินไป" in response.content.decode()
    client, _ = login("officer.klai", PASSWORD, OFFICE)
    assert is_logged_in(client)


def test_hole13_random_usernames_behind_an_office_nat_do_not_block_its_regular_users(world):
    """Failed before the fix: after 100 failures from the office's address, the officer who
    logs in from there every day was refused."""
    assert is_logged_in(login(world.officer.username, PASSWORD, OFFICE)[0])
    for n in range(100):
        login(f"random{n}", "guess", OFFICE)

    assert is_logged_in(login(world.officer.username, PASSWORD, OFFICE)[0])
    # Someone never seen at that address waits for the block to pass.
    client, response = login(world.colleague.username, PASSWORD, OFFICE)
    assert not is_logged_in(client)
    assert "จากเครื่องนี้หลายครั้งเกินไป" in response.content.decode()


def test_hole13_guesses_from_many_addresses_at_one_account_are_slowed_down(world, monkeypatch):
    """Failed before the fix: 40 addresses made 40 guesses at full speed."""
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)  # all 40 in the same instant
    for n in range(40):
        login(world.officer.username, "guess", f"198.51.100.{n}")

    # Five count; the sixth would have to wait a second after the fifth, and so on.
    assert LoginFailure.objects.filter(username=world.officer.username).count() == 5
    client, response = login(world.officer.username, PASSWORD, HOME)
    assert not is_logged_in(client)
    assert "กรุณารอ" in response.content.decode() and "วินาที" in response.content.decode()


def test_the_wait_grows_with_the_failures_and_stays_short():
    assert [throttle.slowdown_seconds(n) for n in (0, 4, 5, 6, 7, 10, 50)] == [0, 0, 1, 2, 4, 32, 60]


def test_the_per_username_wait_never_blocks_the_account(world, settings):
    for n in range(12):
        login(world.officer.username, "guess", f"198.51.100.{n}")
        time_passes(settings.LOGIN_SLOWDOWN_MAX_SECONDS + 1)
    assert LoginFailure.objects.filter(username=world.officer.username).count() == 12

    client, _ = login(world.officer.username, PASSWORD, HOME)
    assert is_logged_in(client)


def test_an_address_the_account_logged_in_from_is_not_slowed_by_guesses_elsewhere(world):
    assert is_logged_in(login(world.officer.username, PASSWORD, OFFICE)[0])
    for n in range(40):
        login(world.officer.username, "guess", f"198.51.100.{n}")

    assert is_logged_in(login(world.officer.username, PASSWORD, OFFICE)[0])


def test_a_successful_login_clears_that_addresses_failures(world):
    for _ in range(3):
        login("officer.klai", "typo", OFFICE)
    login("officer.klai", PASSWORD, OFFICE)
    assert not LoginFailure.objects.filter(username="officer.klai", client_ip=OFFICE).exists()


def test_provincial_staff_unlock_an_account_and_it_is_logged(world):
    fail_spaced("6800808", OFFICE, 10)
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
    fail_spaced("6800808", OFFICE, 10)
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


def test_known_addresses_are_forgotten_after_their_time(world):
    login(world.officer.username, PASSWORD, OFFICE)
    KnownLoginAddress.objects.update(last_success_at=timezone.now() - datetime.timedelta(days=91))
    assert not throttle.is_known_address(world.officer.username, OFFICE)


def test_passwords_are_hashed_with_argon2_outside_tests():
    from eplan import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


# --- the deployment check -----------------------------------------------------------------


def test_check_deploy_warns_when_behind_a_proxy_without_trusted_proxy_count(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXY_COUNT = 0
    assert [warning.id for warning in checks.client_address_behind_proxy(None)] == ["accounts.W001"]
    deploy_checks = registry.registry.get_checks(include_deployment_checks=True)
    assert checks.client_address_behind_proxy in deploy_checks
    assert checks.client_address_behind_proxy not in registry.registry.get_checks()

    settings.TRUSTED_PROXY_COUNT = 1
    assert checks.client_address_behind_proxy(None) == []
    settings.SECURE_PROXY_SSL_HEADER = None
    settings.TRUSTED_PROXY_COUNT = 0
    assert checks.client_address_behind_proxy(None) == []
