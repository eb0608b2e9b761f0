"""The dashboards' figures through the API: the same numbers as the pages, the caller's
scope when signed in, the public national figures without credentials, 422 for a code
that names nothing."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def get(user, url):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client.get(url)


def test_the_public_status_figures_count_the_whole_country(world, planned):
    response = get(None, "/api/v1/dashboards/status?cycle=2562-2565")
    assert response.status_code == 200
    body = response.json()
    assert body["public"] is True and body["total"] == 5
    assert body["counts"]["passed"] == 2 and body["counts"]["not_submitted"] == 1
    assert body["passed_rate"] == "40.0"
    assert {group["code"]: group["total"] for group in body["groups"]} == {"50": 1, "80": 3, "81": 1}


def test_a_district_office_gets_its_district_only(world, planned):
    body = get(world.district_office, "/api/v1/dashboards/status?cycle=2562-2565").json()
    assert body["public"] is False and body["total"] == 2
    assert [group["code"] for group in body["groups"]] == ["80"]


def test_a_place_outside_the_scope_counts_nothing_and_an_unknown_code_is_422(world, planned):
    outside = get(world.nacc_provincial, "/api/v1/dashboards/status?cycle=2562-2565&province=50").json()
    assert outside["total"] == 0
    unknown = get(world.nacc_provincial, "/api/v1/dashboards/status?cycle=2562-2565&province=99")
    assert unknown.status_code == 422 and "province" in unknown.json()["errors"]
    assert get(None, "/api/v1/dashboards/status?cycle=2562-2565&district=9999").status_code == 422
    assert get(None, "/api/v1/dashboards/status?cycle=9999-9999").status_code == 422


def test_the_implementation_summary_and_bands(world, reported):
    url = f"/api/v1/dashboards/implementation?cycle=2562-2565&round={reported.code}"
    body = get(world.central, url).json()
    assert body["total"]["items"] == 15 and body["total"]["done"] == 4
    assert [row["dimension"] for row in body["dimensions"]] == [1, 2, 3, 4]
    assert body["bands"]["green"] == 1 and body["bands"]["green_from"] == 80
    bad = get(world.central, "/api/v1/dashboards/implementation?cycle=2562-2565&round=2500-6")
    assert bad.status_code == 422 and "round" in bad.json()["errors"]


def test_completeness_hides_drafts_from_the_public(world, reported):
    url = f"/api/v1/dashboards/completeness?cycle=2562-2565&round={reported.code}"
    public = get(None, url).json()
    staff = get(world.central, url).json()
    assert public["drafts"] is None and staff["drafts"] == 1
    assert public["expected"] == staff["expected"] == 5
    district = get(world.central, url + "&province=80").json()
    assert {group["code"] for group in district["groups"]} == {"8001", "8008"}


def test_an_invalid_token_is_refused_not_taken_for_anonymous(world, planned):
    client = Client()
    response = client.get("/api/v1/dashboards/status?cycle=2562-2565", HTTP_AUTHORIZATION="Bearer nonsense")
    assert response.status_code == 401
