"""Second factor for staff: a TOTP authenticator available to every account, required for
the roles central administrators choose (NACC central and regional by default), with
one-time recovery codes kept hashed; asked for after the password, before the session
is logged in; every change audited and told to the owner."""

import hashlib
import re
import time
from binascii import unhexlify

import pytest
from django.core import mail
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from eplan.accounts import login_flow, second_factor
from eplan.accounts.models import RecoveryCode, SecondFactorPolicy
from eplan.accounts.roles import Role
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD, client_for

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.10"


def code_for(key, *, steps_ahead=0):
    """What the authenticator shows now (or a step later: a code already used at
    enrolment cannot be replayed)."""
    return f"{totp(unhexlify(key), step=30, t0=-30 * steps_ahead):06d}"


def enrol(user):
    key = second_factor.new_key()
    codes = second_factor.second_factor_enrol(user=user, key=key, code=code_for(key))
    return key, codes


def password_step(username, password=PASSWORD, next_url=None):
    client = Client(REMOTE_ADDR=OFFICE)
    data = {"username": username, "password": password}
    if next_url:
        data["next"] = next_url
    return client, client.post("/accounts/login/", data)


def is_logged_in(client):
    return "_auth_user_id" in client.session


def back_off_passes():
    """django-otp makes the next try wait 1, 2, 4 … s after a wrong code: let it pass."""
    TOTPDevice.objects.update(throttling_failure_timestamp=None, throttling_failure_count=0)


def test_an_account_with_an_authenticator_is_asked_for_the_code_after_the_password(world):
    key, _codes = enrol(world.officer)

    client, response = password_step(world.officer.username, next_url="/accounts/me/")

    assert response.status_code == 302 and response["Location"] == "/accounts/login/code/"
    assert not is_logged_in(client)
    # Nothing of the account is reachable between the two steps.
    assert client.get("/api/v1/plans").status_code == 401
    assert client.get("/accounts/me/").status_code == 302
    page = client.get("/accounts/login/code/")
    assert page.status_code == 200 and "officer.klai" in page.content.decode()

    wrong = client.post("/accounts/login/code/", {"code": "000000"})
    assert wrong.status_code == 422 and "รหัสไม่ถูกต้อง" in wrong.content.decode()
    assert not is_logged_in(client)
    back_off_passes()

    right = client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})
    assert right.status_code == 302 and right["Location"] == "/accounts/me/"
    assert is_logged_in(client)
    assert AuditEvent.objects.get(action="accounts.login", actor=world.officer).detail == {"second_factor": "totp"}


def test_an_account_without_one_logs_in_with_the_password_alone(world):
    client, _response = password_step(world.officer.username)
    assert is_logged_in(client)


def test_a_code_is_not_accepted_twice(world):
    key, _codes = enrol(world.officer)
    code = code_for(key, steps_ahead=1)
    first, _ = password_step(world.officer.username)
    first.post("/accounts/login/code/", {"code": code})
    assert is_logged_in(first)

    second, _ = password_step(world.officer.username)
    second.post("/accounts/login/code/", {"code": code})
    assert not is_logged_in(second)


def test_too_many_wrong_codes_send_back_to_the_password(world):
    enrol(world.officer)
    client, _ = password_step(world.officer.username)
    for _ in range(login_flow.MAX_CODE_TRIES):
        response = client.post("/accounts/login/code/", {"code": "123456"})
        back_off_passes()
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.get("/accounts/login/code/")["Location"] == "/accounts/login/"


def test_the_second_step_waits_a_few_minutes_only(world, monkeypatch):
    key, _codes = enrol(world.officer)
    client, _ = password_step(world.officer.username)
    later = time.time() + login_flow.PENDING_SECONDS + 1
    monkeypatch.setattr(login_flow.time, "time", lambda: later)

    response = client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})

    assert response["Location"] == "/accounts/login/" and not is_logged_in(client)


def test_a_password_changed_between_the_steps_voids_the_first_one(world):
    key, _codes = enrol(world.officer)
    client, _ = password_step(world.officer.username)
    world.officer.set_password("Changed elsewhere 2569")
    world.officer.save()

    client.post("/accounts/login/code/", {"code": code_for(key, steps_ahead=1)})

    assert not is_logged_in(client)


def test_a_recovery_code_logs_in_once_and_is_kept_only_hashed(world, django_capture_on_commit_callbacks):
    _key, codes = enrol(world.officer)
    assert len(codes) == 10 and all(re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code) for code in codes)
    stored = set(RecoveryCode.objects.filter(user=world.officer).values_list("code_sha256", flat=True))
    assert not any(code in stored or code.replace("-", "") in stored for code in codes)
    assert hashlib.sha256(codes[0].replace("-", "").encode()).hexdigest() in stored

    client, _ = password_step(world.officer.username)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/login/code/", {"code": codes[0].lower()})
    assert is_logged_in(client)
    assert AuditEvent.objects.get(action="accounts.recovery_code_use").detail == {"left": 9}
    assert "รหัสกู้คืน" in mail.outbox[-1].body

    again, _ = password_step(world.officer.username)
    again.post("/accounts/login/code/", {"code": codes[0]})
    assert not is_logged_in(again)


def test_nacc_central_and_regional_must_use_a_second_factor_by_default(world):
    assert second_factor.required_roles() == {Role.NACC_CENTRAL, Role.NACC_REGIONAL}
    assert second_factor.enforced_for(world.central) and second_factor.enforced_for(world.nacc_regional)
    assert not second_factor.enforced_for(world.nacc_provincial)
    assert not second_factor.enforced_for(world.officer)


def test_an_enforced_account_without_an_authenticator_sets_it_up_right_after_the_password(
    world, django_capture_on_commit_callbacks
):
    client, response = password_step(world.central.username, next_url="/accounts/users/")
    assert client.get(response["Location"])["Location"] == "/accounts/login/setup/"
    assert not is_logged_in(client)
    assert client.get("/api/v1/plans").status_code == 401

    page = client.get("/accounts/login/setup/")
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html
    assert "<img" not in html.split("qr-code", 1)[1].split("</div>", 1)[0]  # drawn here, no outside service
    assert "<script" not in html.split("<main", 1)[1]
    key = client.session[login_flow.PENDING_SESSION_KEY]["setup_key"]
    typed = re.search(r">([A-Z2-7]{4}(?: [A-Z2-7]{1,4}){5,})<", html).group(1)
    assert typed.replace(" ", "") in second_factor.setup_url(world.central, key)

    wrong = client.post("/accounts/login/setup/", {"code": "000000"})
    assert wrong.status_code == 422 and not is_logged_in(client)
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post("/accounts/login/setup/", {"code": code_for(key)})

    assert done.status_code == 200 and is_logged_in(client)
    assert "no-store" in done["Cache-Control"]
    shown = re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", done.content.decode())
    assert len(shown) == 10
    assert 'href="/accounts/users/"' in done.content.decode()
    assert TOTPDevice.objects.get(user=world.central).confirmed
    assert AuditEvent.objects.filter(action="accounts.second_factor_enrol", actor=world.central).exists()
    assert AuditEvent.objects.get(action="accounts.login", actor=world.central).detail == {"second_factor": "enrolled"}
    assert any("ตั้งค่าการยืนยันตัวตนสองขั้นตอน" in message.body for message in mail.outbox)


def test_anyone_sets_up_an_authenticator_from_my_account_with_the_password(world):
    client = client_for(world.officer)
    page = client.get("/accounts/me/second-factor/")
    assert page.status_code == 200 and "<svg" in page.content.decode()
    key = client.session["eplan_second_factor_setup_key"]

    refused = client.post("/accounts/me/second-factor/", {"code": code_for(key), "current_password": "guess"})
    assert refused.status_code == 422 and not TOTPDevice.objects.filter(user=world.officer).exists()

    done = client.post("/accounts/me/second-factor/", {"code": code_for(key), "current_password": PASSWORD})

    assert done.status_code == 200 and TOTPDevice.objects.filter(user=world.officer, confirmed=True).exists()
    assert "เปิดใช้แล้ว" in client.get("/accounts/me/").content.decode()


def test_replacing_the_authenticator_retires_the_old_one_and_its_recovery_codes(world):
    old_key, old_codes = enrol(world.officer)
    new_key, _new_codes = enrol(world.officer)

    assert TOTPDevice.objects.filter(user=world.officer).count() == 1
    assert not second_factor.recovery_code_use(user=world.officer, code=old_codes[0])
    assert AuditEvent.objects.filter(action="accounts.second_factor_enrol", detail__replaced=True).exists()
    assert old_key != new_key


def test_removing_it_needs_the_password_and_a_code(world, django_capture_on_commit_callbacks):
    key, _codes = enrol(world.officer)
    client = client_for(world.officer)

    client.post("/accounts/me/second-factor/remove/", {"current_password": PASSWORD, "code": "000000"})
    later_code = code_for(key, steps_ahead=1)
    client.post("/accounts/me/second-factor/remove/", {"current_password": "guess", "code": later_code})
    assert TOTPDevice.objects.filter(user=world.officer).exists()
    back_off_passes()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/me/second-factor/remove/", {"current_password": PASSWORD, "code": code_for(key, steps_ahead=1)}
        )

    assert not TOTPDevice.objects.filter(user=world.officer).exists()
    assert not RecoveryCode.objects.filter(user=world.officer).exists()
    assert AuditEvent.objects.filter(action="accounts.second_factor_remove", actor=world.officer).exists()
    assert "ยกเลิกการยืนยันตัวตนสองขั้นตอน" in mail.outbox[-1].body


def test_an_enforced_role_cannot_remove_it(world):
    key, _codes = enrol(world.central)
    client = client_for(world.central)

    response = client.post(
        "/accounts/me/second-factor/remove/",
        {"current_password": PASSWORD, "code": code_for(key, steps_ahead=1)},
        follow=True,
    )

    assert "ยกเลิกไม่ได้" in response.content.decode()
    assert TOTPDevice.objects.filter(user=world.central).exists()


def test_new_recovery_codes_need_the_password_and_retire_the_old_ones(world):
    _key, old = enrol(world.officer)
    client = client_for(world.officer)

    assert client.post("/accounts/me/second-factor/recovery-codes/", {"current_password": "guess"}).status_code == 302
    response = client.post("/accounts/me/second-factor/recovery-codes/", {"current_password": PASSWORD})

    new = re.findall(r"<li>([A-Z2-9]{5}-[A-Z2-9]{5})</li>", response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert not second_factor.recovery_code_use(user=world.officer, code=old[1])
    assert second_factor.recovery_code_use(user=world.officer, code=new[1])
    assert AuditEvent.objects.filter(action="accounts.recovery_codes_generate").count() == 1


def test_a_manager_clears_a_lost_authenticator_and_the_owner_sets_it_up_again(
    world, django_capture_on_commit_callbacks
):
    enrol(world.nacc_provincial)
    outsider = client_for(world.nacc_provincial_krabi)
    assert outsider.post(f"/accounts/users/{world.nacc_provincial.pk}/reset-second-factor/").status_code == 404
    assert TOTPDevice.objects.filter(user=world.nacc_provincial).exists()

    manager = Client()
    manager.force_login(world.nacc_regional)
    page = manager.get(f"/accounts/users/{world.nacc_provincial.pk}/").content.decode()
    assert "ล้างการยืนยันตัวตนสองขั้นตอน" in page
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"/accounts/users/{world.nacc_provincial.pk}/reset-second-factor/")

    assert not TOTPDevice.objects.filter(user=world.nacc_provincial).exists()
    event = AuditEvent.objects.get(action="accounts.second_factor_reset")
    assert event.actor == world.nacc_regional and event.object_id == str(world.nacc_provincial.pk)
    assert "nacc.region8" in mail.outbox[-1].body
    client, _ = password_step(world.nacc_provincial.username)
    assert is_logged_in(client)  # provincial offices are not required to use one


def test_central_administrators_choose_the_roles_that_must_use_it(world):
    for someone in (world.nacc_regional, world.executive, world.nacc_provincial):
        assert client_for(someone).get("/accounts/second-factor/").status_code == 404
    central = Client()
    central.force_login(world.central)
    page = central.get("/accounts/second-factor/").content.decode()
    assert 'name="required_nacc_central" value="1" checked' in page
    assert 'name="required_lao_officer" value="1">' in page

    central.post("/accounts/second-factor/", {"required_nacc_central": "1", "required_lao_officer": "1"})

    assert second_factor.required_roles() == {Role.NACC_CENTRAL, Role.LAO_OFFICER}
    event = AuditEvent.objects.get(action="accounts.second_factor_policy")
    assert event.changes == {"lao_officer": [False, True], "nacc_regional": [True, False]}
    assert SecondFactorPolicy.objects.get(role="nacc_regional").changed_by == world.central
    # An officer now sets one up at the next login; a regional office no longer must.
    client, response = password_step(world.officer.username)
    assert not is_logged_in(client) and response["Location"] == "/accounts/login/code/"
    client, _ = password_step(world.nacc_regional.username)
    assert is_logged_in(client)
