"""Failed logins and logouts in the audit trail, without letting an attacker fill it; the
owner told by e-mail of every change to how the account is reached (issue 10, hole 16)."""

import pytest
from django.core import mail
from django.test import Client

from eplan.accounts import services
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD, client_for

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"
NEW_PASSWORD = "Another long pass 2569"


def login(username, password, address=OFFICE):
    client = Client(REMOTE_ADDR=address)
    client.post("/accounts/login/", {"username": username, "password": password})
    return client


def failures_audited():
    return AuditEvent.objects.filter(action="accounts.login_failure")


def test_hole16_a_failed_login_and_a_logout_are_in_the_audit_trail(world):
    """Failed before the fix: neither left an event."""
    login(world.officer.username, "guess")

    event = failures_audited().get()
    assert event.object_id == str(world.officer.pk) and event.client_ip == OFFICE
    assert event.detail["username"] == "officer.klai" and event.actor is None

    client = client_for(world.officer)
    client.post("/accounts/logout/")
    assert AuditEvent.objects.filter(action="accounts.logout", actor=world.officer).exists()


def test_failures_are_audited_once_per_username_and_address_per_window_and_at_the_block(world, settings):
    settings.LOGIN_SLOWDOWN_AFTER_FAILURES = 1000  # this test is about the pair's own count
    for _ in range(25):
        login(world.officer.username, "guess")

    events = list(failures_audited().order_by("id"))
    assert [event.detail["failures_in_window"] for event in events] == [1, 10]
    assert events[-1].detail["blocked_here"] is True


def test_an_attacker_trying_random_names_adds_at_most_the_address_limit_of_events(world, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 20
    for n in range(60):
        login(f"nobody{n}", "guess", "198.51.100.7")

    assert failures_audited().count() == 20
    assert failures_audited().filter(object_id="").count() == 20  # no such accounts


def test_a_wrong_second_factor_code_is_a_failed_login_too(world):
    from eplan.accounts.tests.test_second_factor import enrol

    enrol(world.officer)
    client = login(world.officer.username, PASSWORD)
    client.post("/accounts/login/code/", {"code": "000000"})

    assert failures_audited().get().detail["stage"] == "second_factor"


def test_changing_ones_password_tells_the_account_by_mail(world, django_capture_on_commit_callbacks):
    """Failed before the fix: nobody was told."""
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password/change/",
            {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        )

    assert [message.to for message in mail.outbox] == [[world.officer.email]]
    assert "รหัสผ่านของบัญชีถูกเปลี่ยน" in mail.outbox[0].body


def test_a_one_time_password_issued_by_a_manager_is_told_to_the_account(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.user_issue_one_time_password(actor=world.executive, user=world.officer)

    assert [message.to for message in mail.outbox] == [[world.officer.email]]
    assert "executive.klai" in mail.outbox[0].body and "รหัสผ่านชั่วคราว" in mail.outbox[0].body


def test_the_primary_account_without_an_address_is_told_at_the_organisations_address(
    world, django_capture_on_commit_callbacks
):
    world.primary.email = ""
    world.primary.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.user_issue_one_time_password(actor=world.executive, user=world.primary)

    assert [message.to for message in mail.outbox] == [["saraban@klai.example.org"]]


def test_a_refused_change_tells_nobody(world, django_capture_on_commit_callbacks):
    client = client_for(world.officer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password/change/", {"old_password": "wrong", "new_password1": "x", "new_password2": "x"})
    assert mail.outbox == []
