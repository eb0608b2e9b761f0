"""The public pages and the role-aware home page."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eplan.registry.models import Organisation
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_home_page_is_in_thai_for_visitors(world):
    page = Client().get("/").content.decode()
    assert "แผนปฏิบัติการป้องกันการทุจริต" in page
    assert "องค์การบริหารส่วนตำบล" in page


def test_an_officer_sees_their_organisation_first(world):
    page = as_user(world.officer).get("/").content.decode()
    assert "องค์การบริหารส่วนตำบลกลาย" in page
    assert "6800808" in page


def test_provincial_staff_see_a_summary_of_their_province(world):
    response = as_user(world.nacc_provincial).get("/")
    assert response.context["scope_summary"]["total"] == 3
    assert response.context["scope_summary"]["with_profile"] == 2  # กลาย and ท่าซัก, not ท่าศาลา


def test_everyone_can_search_the_registry(world):
    client = Client()
    found = client.get("/organisations/", {"q": "อบต.กลาย"}).context["page"]
    assert [organisation.code for organisation in found] == ["6800808"]
    by_type = client.get("/organisations/", {"province": "80", "org_type": "subdistrict_municipality"})
    assert [organisation.code for organisation in by_type.context["page"]] == ["5800801"]
    by_district = client.get("/organisations/", {"province": "80", "district": "8001"})
    assert [organisation.code for organisation in by_district.context["page"]] == ["6800101"]


def test_a_bad_filter_is_explained_not_ignored(world):
    response = Client().get("/organisations/", {"province": "99"})
    assert response.context["form"].errors["province"]
    assert response.context["page"].paginator.count == 0


def test_htmx_search_returns_only_the_results(world):
    response = Client().get("/organisations/", {"q": "กลาย"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body and "6800808" in body


def test_my_scope_lists_only_my_province(world):
    page = as_user(world.nacc_provincial_krabi).get("/organisations/", {"scope": "mine"}).context["page"]
    assert [organisation.code for organisation in page] == [world.krabi.code]


def test_district_options_for_the_filter(world):
    body = Client().get("/organisations/districts/", {"province": "80"}).content.decode()
    assert "ท่าศาลา" in body and "เมืองกระบี่" not in body


def test_contact_details_are_shown_only_to_those_in_scope(world):
    url = f"/organisations/{world.klai.code}/"
    assert "saraban@klai.example.org" not in Client().get(url).content.decode()
    assert "saraban@klai.example.org" not in as_user(world.outsider_officer).get(url).content.decode()
    assert "saraban@klai.example.org" not in as_user(world.nacc_provincial_krabi).get(url).content.decode()
    assert "saraban@klai.example.org" in as_user(world.district_office).get(url).content.decode()
    assert "saraban@klai.example.org" in as_user(world.nacc_regional).get(url).content.decode()


def test_an_unknown_organisation_is_not_found(world):
    assert Client().get("/organisations/0000000/").status_code == 404


def test_the_registry_page_does_not_grow_in_queries_with_organisations(world, django_assert_num_queries):
    client = Client()
    client.get("/organisations/", {"province": "80"})
    with CaptureQueriesContext(connection) as few:
        client.get("/organisations/", {"province": "80"})
    for number in range(40):
        make_organisation(f"69008{number:02d}", f"ทดสอบ{number}", "8008")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get("/organisations/", {"province": "80"})
    assert response.context["page"].paginator.count == Organisation.objects.filter(province_id="80").count()
