"""For every role: a page it reaches, and the same kind of page outside its scope refused."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# role → (URLs answering 200, URLs answering 404); {x} is filled from the world.
CASES = {
    "officer": (
        ["/accounts/organisation/{klai}/profile/", "/organisations/{klai}/"],
        ["/accounts/organisation/{krabi}/profile/", "/accounts/users/", "/accounts/audit/"],
    ),
    "executive": (
        ["/accounts/users/", "/accounts/users/{colleague_pk}/"],
        ["/accounts/users/{outsider_pk}/", "/accounts/organisation/{tha_sala}/profile/", "/accounts/lockouts/"],
    ),
    "district_office": (
        ["/organisations/?scope=mine"],
        ["/accounts/organisation/{klai}/profile/", "/accounts/users/", "/accounts/regions/"],
    ),
    "provincial_dla": (
        ["/accounts/users/{officer_pk}/", "/accounts/lockouts/"],
        ["/accounts/users/{outsider_pk}/", "/accounts/users/{central_pk}/", "/accounts/audit/"],
    ),
    "nacc_provincial": (
        ["/accounts/users/{officer_pk}/", "/accounts/users/{district_office_pk}/"],
        ["/accounts/users/{outsider_pk}/", "/accounts/users/{nacc_provincial_krabi_pk}/", "/accounts/regions/"],
    ),
    "nacc_regional": (
        ["/accounts/users/{outsider_pk}/", "/accounts/users/{nacc_provincial_krabi_pk}/"],
        ["/accounts/users/{central_pk}/", "/accounts/audit/"],
    ),
    "nacc_regional_north": (
        ["/accounts/users/"],
        ["/accounts/users/{officer_pk}/", "/accounts/users/{outsider_pk}/"],
    ),
    "central": (
        ["/accounts/audit/", "/accounts/regions/", "/accounts/users/{nacc_regional_pk}/"],
        ["/accounts/users/999999/"],
    ),
}


def fill(url, world):
    values = {
        "klai": world.klai.code,
        "krabi": world.krabi.code,
        "tha_sala": world.tha_sala.code,
        **{
            f"{name}_pk": getattr(world, name).pk
            for name in (
                "colleague",
                "officer",
                "outsider_officer",
                "central",
                "district_office",
                "nacc_provincial_krabi",
                "nacc_regional",
            )
        },
    }
    values["outsider_pk"] = values.pop("outsider_officer_pk")
    return url.format(**values)


@pytest.mark.parametrize("role", sorted(CASES))
def test_each_role_reaches_its_scope_and_nothing_beyond(world, role):
    client = as_user(getattr(world, role))
    reach, refused = CASES[role]
    for url in reach:
        assert client.get(fill(url, world)).status_code == 200, url
    for url in refused:
        assert client.get(fill(url, world)).status_code == 404, url


def test_anonymous_visitors_see_public_pages_only(world):
    client = Client()
    for url in ("/", "/organisations/", f"/organisations/{world.klai.code}/", "/accounts/find-username/"):
        assert client.get(url).status_code == 200, url
    for url in ("/accounts/users/", "/accounts/audit/", f"/accounts/organisation/{world.klai.code}/profile/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/"), url
