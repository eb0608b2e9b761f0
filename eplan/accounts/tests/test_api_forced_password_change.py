"""A one-time password must be replaced before anything else, through the API as on the
pages (issue 10, hole 3: the session that the pages sent to the change form read and wrote
through /api/v1)."""

import pytest
from django.test import Client

from eplan.accounts import services
from eplan.testing import PASSWORD, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Klai officer pass 2569"


def must_change(user):
    user.must_change_password = True
    user.save()
    return user


def test_hole3_a_session_that_must_change_its_password_is_refused_by_the_api(world):
    """Failed before the fix: GET /api/v1/plans answered 200."""
    client = client_for(must_change(world.officer))
    assert client.get("/accounts/me/").status_code == 302  # the pages send it to the change form

    read = client.get("/api/v1/plans")
    write = client.post("/api/v1/plans", {}, content_type="application/json")

    assert read.status_code == 403 and write.status_code == 403
    assert "เปลี่ยนรหัสผ่าน" in read.json()["detail"]


def test_a_token_of_an_account_that_must_change_its_password_is_refused_too(world):
    _token, key = services.api_token_create(actor=world.officer)
    must_change(world.officer)

    response = Client().get("/api/v1/plans", headers={"Authorization": f"Bearer {key}"})

    assert response.status_code == 403 and "เปลี่ยนรหัสผ่าน" in response.json()["detail"]


def test_public_endpoints_still_answer_and_the_api_opens_once_the_password_is_changed(world):
    client = client_for(must_change(world.officer))
    assert client.get("/api/v1/organisations", {"q": "กลาย"}).status_code == 200

    client.post(
        "/accounts/password/change/",
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert client.get("/api/v1/plans").status_code == 200
