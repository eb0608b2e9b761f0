"""The missing-plans list takes its area from eplan.accounts.areas.area_for_user, as every
office page does: a place outside the viewer's scope is a 404, a code that names no place
too, and a province or district within it narrows the list and its download."""

import pytest
from django.urls import reverse

from eplan.demo.plans import ensure_cycles
from eplan.testing import client_for

pytestmark = pytest.mark.django_db

CYCLE = "2562-2565"


@pytest.fixture
def cycle(db):
    return ensure_cycles()[CYCLE]


def _get(user, query, name="plans:missing"):
    return client_for(user).get(reverse(name, args=[CYCLE]), query)


def _listed(response) -> set[str]:
    assert response.status_code == 200
    return {row.organisation.code for row in response.context["page"]}


def test_a_district_office_asking_for_another_district_gets_404(world, cycle):
    for name in ("plans:missing", "plans:missing_xlsx"):
        assert _get(world.district_office, {"district": "8001"}, name).status_code == 404
        assert _get(world.district_office, {"province": "81"}, name).status_code == 404
    own = _get(world.district_office, {})
    assert _listed(own) == {world.klai.code, world.tha_sala.code}
    assert own.context["area"].district.code == "8008"  # a scope of one district opens on it


def test_a_province_narrows_the_list_within_the_scope(world, cycle):
    region = _get(world.nacc_regional, {})  # provinces 80 and 81 of region 8
    assert _listed(region) == {world.klai.code, world.tha_sala.code, world.other_district.code, world.krabi.code}
    assert {province.code for province in region.context["filter_provinces"]} >= {"80", "81"}
    krabi = _get(world.nacc_regional, {"province": "81"})
    assert _listed(krabi) == {world.krabi.code} and krabi.context["area"].province.code == "81"
    district = _get(world.nacc_regional, {"province": "80", "district": "8001"})
    assert _listed(district) == {world.other_district.code}
    assert _get(world.nacc_regional, {"province": "50"}).status_code == 404  # another region


def test_a_district_left_selected_after_the_province_changed_gives_way_to_the_province(world, cycle):
    response = _get(world.central, {"province": "81", "district": "8008"})
    assert _listed(response) == {world.krabi.code}
    assert response.context["area"].district is None


def test_a_code_that_names_no_place_is_a_404(world, cycle):
    for query in ({"province": "99"}, {"district": "9999"}):
        assert _get(world.central, query).status_code == 404
        assert _get(world.central, query, "plans:missing_xlsx").status_code == 404
