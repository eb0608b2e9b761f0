"""The area a viewer looks at: one narrowing of the viewer's scope for every page and API."""

import pytest
from django.http import Http404

from eplan.accounts.areas import UnknownPlace, area_for_user, area_public


def codes(area) -> set[str]:
    return set(area.organisations.values_list("code", flat=True))


def test_a_regional_office_opens_on_its_provinces_and_narrows_to_a_province_and_a_district(world):
    whole = area_for_user(world.nacc_regional)
    assert (whole.level, whole.national, whole.several_provinces) == ("province", False, True)
    assert codes(whole) == {o.code for o in (world.klai, world.tha_sala, world.other_district, world.krabi)}

    province = area_for_user(world.nacc_regional, province="80")
    assert province.level == "district"
    assert codes(province) == {o.code for o in (world.klai, world.tha_sala, world.other_district)}

    district = area_for_user(world.nacc_regional, province="80", district="8008")
    assert district.level == "organisation"
    assert codes(district) == {world.klai.code, world.tha_sala.code}
    assert [crumb["query"] for crumb in district.crumbs][-1] is None
    assert district.query == "province=80&district=8008"


def test_a_region_chosen_narrows_to_its_provinces(world):
    area = area_for_user(world.central, region="8")
    assert area.region.number == 8
    assert world.chiang_mai.code not in codes(area)
    assert world.krabi.code in codes(area)


def test_a_place_outside_the_scope_is_404(world):
    with pytest.raises(Http404):
        area_for_user(world.nacc_provincial, province="81")
    with pytest.raises(Http404):
        area_for_user(world.nacc_provincial, district="8101")
    with pytest.raises(Http404):
        area_for_user(world.nacc_regional, region="5")


def test_an_unknown_code_is_an_unknown_place_naming_each_field(world):
    with pytest.raises(UnknownPlace) as refused:
        area_for_user(world.nacc_provincial, province="99", district="9999")
    assert set(refused.value.message_dict) == {"province", "district"}
    with pytest.raises(UnknownPlace):
        area_for_user(world.central, region="x")


def test_a_district_of_another_province_gives_way_on_a_page_and_is_refused_by_the_api(world):
    page = area_for_user(world.central, province="80", district="8101")
    assert (page.province.code, page.district) == ("80", None)
    with pytest.raises(UnknownPlace) as refused:
        area_for_user(world.central, province="80", district="8101", strict=True)
    assert set(refused.value.message_dict) == {"district"}


def test_a_scope_of_one_district_opens_on_it_but_not_for_the_api(world):
    page = area_for_user(world.district_office)
    assert (page.province.code, page.district.code, page.several_provinces) == ("80", "8008", False)
    assert page.crumbs == [{"label": page.district.title, "query": None}]
    exact = area_for_user(world.district_office, strict=True)
    assert (exact.province, exact.district) == (None, None)
    assert codes(exact) == codes(page)


def test_the_national_area_is_the_whole_country(world):
    area = area_for_user(world.central)
    assert area.national and area.top_name == "ทั้งประเทศ"
    assert world.chiang_mai.code in codes(area) and world.krabi.code in codes(area)


def test_the_public_area_is_the_countrys_active_organisations(world):
    world.krabi.active = False
    world.krabi.save(update_fields=["active"])
    assert world.krabi.code not in codes(area_public())
    assert codes(area_public(province="80", district="8008")) == {world.klai.code, world.tha_sala.code}
    assert codes(area_public(province="80", district="8101")) == set()  # both places, as asked
    with pytest.raises(UnknownPlace) as refused:
        area_public(province="99")
    assert set(refused.value.message_dict) == {"province"}
