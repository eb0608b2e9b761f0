"""Personal API tokens: made and revoked on "บัญชีของฉัน", shown once, never stored, bounded
in time, optionally read-only, and useless once revoked, expired, or once someone else
reset the password or suspended the account (issue 10, hole 2)."""

import datetime
import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from eplan.accounts import services
from eplan.accounts.models import ApiToken
from eplan.core.models import AuditEvent
from eplan.testing import PASSWORD

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Another long pass 2569"
KEY = re.compile(r"eplan_[A-Za-z0-9_-]{40,}")


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def api_get(key, path="/api/v1/plans"):
    return Client().get(path, headers={"Authorization": f"Bearer {key}"})


def test_an_officer_creates_a_token_on_my_account_page_and_sees_it_once(world):
    browser = as_user(world.officer)

    response = browser.post("/accounts/me/api-tokens/new/", {"name": "นำเข้าจากระบบงบประมาณ"})

    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]
    key = KEY.search(response.content.decode()).group(0)
    token = ApiToken.objects.get(user=world.officer)
    assert token.name == "นำเข้าจากระบบงบประมาณ" and key.startswith(token.prefix)
    assert token.key_sha256 == hashlib.sha256(key.encode()).hexdigest()
    assert not ApiToken.objects.filter(key_sha256=key).exists()
    assert AuditEvent.objects.filter(action="accounts.api_token_create", actor=world.officer).exists()

    later = browser.get("/accounts/me/").content.decode()
    assert token.prefix in later and key not in later

    assert api_get(key).status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_revoking_a_token_on_the_page_stops_it(world):
    token, key = services.api_token_create(actor=world.officer, name="ชั่วคราว")
    browser = as_user(world.officer)

    response = browser.post(f"/accounts/me/api-tokens/{token.pk}/revoke/", follow=True)

    assert "ยกเลิกโทเคน" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert api_get(key).status_code == 401
    assert token.prefix not in browser.get("/accounts/me/").content.decode()
    assert AuditEvent.objects.filter(action="accounts.api_token_revoke", object_id=str(token.pk)).exists()


def test_nobody_but_the_owner_and_their_managers_revokes_a_token(world):
    token, key = services.api_token_create(actor=world.officer)

    assert as_user(world.colleague).post(f"/accounts/me/api-tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=world.colleague, token=token)
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=world.nacc_provincial_krabi, token=token)
    assert api_get(key).status_code == 200


def test_hole2_a_token_dies_with_a_one_time_password_and_stays_dead_after_reactivation(world):
    """Failed before the fix: both tokens still answered 200."""
    _token, key = services.api_token_create(actor=world.officer)
    services.user_issue_one_time_password(actor=world.executive, user=world.officer)
    assert api_get(key).status_code == 401

    _token, key = services.api_token_create(actor=world.colleague)
    services.user_set_active(actor=world.executive, user=world.colleague, active=False)
    assert api_get(key).status_code == 401
    services.user_set_active(actor=world.executive, user=world.colleague, active=True)
    assert api_get(key).status_code == 401
    assert ApiToken.objects.get(user=world.colleague).revoked_reason == "deactivated"
    revoked = AuditEvent.objects.filter(action="accounts.api_tokens_revoke_all", object_id=str(world.colleague.pk))
    assert revoked.exists()


def test_changing_ones_own_password_keeps_ones_scripts_working(world):
    _token, key = services.api_token_create(actor=world.officer)
    as_user(world.officer).post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    world.officer.refresh_from_db()
    assert world.officer.check_password(NEW_PASSWORD)
    assert api_get(key).status_code == 200


def test_a_token_works_for_the_days_chosen_and_no_longer(world):
    token, key = services.api_token_create(actor=world.officer, days=7)
    assert token.expires_at - timezone.now() > datetime.timedelta(days=6, hours=23)
    assert api_get(key).status_code == 200

    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    response = api_get(key)
    assert response.status_code == 401 and "หมดอายุ" in response.json()["detail"]
    assert token.prefix not in as_user(world.officer).get("/accounts/me/").content.decode()


def test_a_tokens_lifetime_is_bounded(world):
    default, _key = services.api_token_create(actor=world.officer)
    assert datetime.timedelta(days=89) < default.expires_at - timezone.now() <= datetime.timedelta(days=90)
    for days in (0, 366, "many"):
        with pytest.raises(ValidationError):
            services.api_token_create(actor=world.officer, days=days)
    response = as_user(world.officer).post("/accounts/me/api-tokens/new/", {"name": "ยาวไป", "days": "400"})
    assert response.status_code == 422
    assert "365" in response.content.decode()
    assert ApiToken.objects.filter(user=world.officer).count() == 1


def test_a_read_only_token_reads_and_is_refused_every_write(world):
    _token, key = services.api_token_create(actor=world.officer, read_only=True)
    headers = {"Authorization": f"Bearer {key}"}

    assert api_get(key).status_code == 200
    refused = Client().post("/api/v1/plans", {}, content_type="application/json", headers=headers)
    assert refused.status_code == 403
    assert "อ่านข้อมูลได้อย่างเดียว" in refused.json()["detail"]
    for method in ("put", "delete"):
        response = getattr(Client(), method)("/api/v1/plans/6800808/x/items/1", {}, headers=headers)
        assert response.status_code == 403, method
    # The same request with a full token reaches the endpoint (and is told what is missing).
    _full, full_key = services.api_token_create(actor=world.officer)
    answered = Client().post(
        "/api/v1/plans", {}, content_type="application/json", headers={"Authorization": f"Bearer {full_key}"}
    )
    assert answered.status_code == 422


def test_my_token_list_shows_expiry_and_scope(world):
    services.api_token_create(actor=world.officer, name="อ่านรายงาน", days=30, read_only=True)
    services.api_token_create(actor=world.officer, name="นำเข้าแผน")

    page = as_user(world.officer).get("/accounts/me/").content.decode()

    assert "หมดอายุ" in page and "อ่านอย่างเดียว" in page and "อ่านและเขียน" in page


def test_a_manager_sees_and_revokes_the_tokens_of_an_account_they_manage(world):
    token, key = services.api_token_create(actor=world.officer, name="สคริปต์รั่ว")
    _other, other_key = services.api_token_create(actor=world.officer)
    manager = as_user(world.nacc_provincial)

    page = manager.get(f"/accounts/users/{world.officer.pk}/").content.decode()
    assert token.prefix in page and "สคริปต์รั่ว" in page
    # The list is in the page once, and not in its <title> (it was pasted into the title block).
    assert page.count('id="api-tokens"') == 1
    assert re.search(r"<title>[^<]*</title>", page)
    manager.post(f"/accounts/users/{world.officer.pk}/revoke-token/", {"token": token.pk})
    assert api_get(key).status_code == 401 and api_get(other_key).status_code == 200
    assert ApiToken.objects.get(pk=token.pk).revoked_reason == "manager"

    manager.post(f"/accounts/users/{world.officer.pk}/revoke-tokens/")

    assert api_get(other_key).status_code == 401
    event = AuditEvent.objects.get(action="accounts.api_tokens_revoke_all")
    assert event.actor == world.nacc_provincial and event.detail["reason"] == "manager"


def test_a_manager_outside_the_accounts_scope_cannot_revoke_its_tokens(world):
    _token, key = services.api_token_create(actor=world.officer)
    outsider = as_user(world.nacc_provincial_krabi)

    assert outsider.post(f"/accounts/users/{world.officer.pk}/revoke-tokens/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.api_tokens_revoke_managed(actor=world.nacc_provincial_krabi, user=world.officer)
    assert api_get(key).status_code == 200


def test_a_person_holds_a_limited_number_of_live_tokens(world):
    for _ in range(services.API_TOKEN_LIMIT):
        services.api_token_create(actor=world.officer)

    with pytest.raises(ValidationError):
        services.api_token_create(actor=world.officer)
    response = as_user(world.officer).post("/accounts/me/api-tokens/new/", {"name": "อีกอัน"}, follow=True)
    assert "ครบ" in response.content.decode()
    assert ApiToken.objects.filter(user=world.officer).count() == services.API_TOKEN_LIMIT


def test_token_pages_need_a_login_and_a_post(world):
    assert Client().post("/accounts/me/api-tokens/new/").status_code == 302
    assert as_user(world.officer).get("/accounts/me/api-tokens/new/").status_code == 405
    assert not ApiToken.objects.exists()
