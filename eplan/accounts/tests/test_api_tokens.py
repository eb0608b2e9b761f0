"""Personal API tokens: made and revoked on "บัญชีของฉัน", shown once, never stored, and
useless once revoked or once their owner's account is deactivated."""

import hashlib
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from eplan.accounts import services
from eplan.accounts.models import ApiToken
from eplan.core.models import AuditEvent

pytestmark = pytest.mark.django_db

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


def test_nobody_revokes_another_persons_token(world):
    token, key = services.api_token_create(actor=world.officer)

    assert as_user(world.colleague).post(f"/accounts/me/api-tokens/{token.pk}/revoke/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.api_token_revoke(actor=world.central, token=token)
    assert api_get(key).status_code == 200


def test_a_deactivated_users_tokens_stop_working(world):
    _token, key = services.api_token_create(actor=world.officer)
    services.user_set_active(actor=world.executive, user=world.officer, active=False)

    assert api_get(key).status_code == 401


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
