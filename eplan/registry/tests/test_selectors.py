"""How a person finds an organisation: by code, by bare name, or by the name with its type."""

import pytest

from eplan.registry import selectors
from eplan.registry.models import Organisation, OrganisationType
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(db):
    return {
        organisation.code: organisation
        for organisation in (
            make_organisation("6800808", "กลาย", "8008"),
            make_organisation("6800809", "ดอนตะโก", "8008"),
            make_organisation("5800801", "ท่าศาลา", "8008", OrganisationType.SUBDISTRICT_MUNICIPALITY),
            make_organisation("5800812", "กลายพัฒนา", "8008", OrganisationType.SUBDISTRICT_MUNICIPALITY),
            make_organisation("6800101", "ท่าซัก", "8001"),
            make_organisation("2800101", "นครศรีธรรมราช", "8001", OrganisationType.PROVINCIAL),
            make_organisation("6810101", "ไสไทย", "8101"),
            # Real names that begin like a type abbreviation (ทม. is เทศบาลเมือง).
            make_organisation("6320508", "ทมอ", "3205"),
            make_organisation("4200105", "อ่างศิลา", "2001", OrganisationType.TOWN),
        )
    }


def found(text):
    return set(Organisation.objects.filter(selectors.search_condition(text)).values_list("code", flat=True))


def test_a_full_code_finds_that_organisation(organisations):
    assert found("6800808") == {"6800808"}


def test_the_start_of_a_code_finds_every_organisation_under_it(organisations):
    assert found("68008") == {"6800808", "6800809"}
    assert found("9999") == set()


@pytest.mark.parametrize("text", ["กลาย", "อบต.กลาย", "อบต. กลาย", "อบต กลาย", "  องค์การบริหารส่วนตำบล กลาย "])
def test_a_name_with_or_without_its_type_finds_the_subdistrict_organisation(organisations, text):
    assert "6800808" in found(text)


def test_a_bare_name_finds_every_type_that_carries_it(organisations):
    assert found("กลาย") == {"6800808", "5800812"}


def test_a_name_with_another_type_does_not_find_it(organisations):
    assert found("ทต.กลาย") == {"5800812"}
    assert found("อบต.กลาย") == {"6800808"}
    assert found("เทศบาลตำบลท่าศาลา") == {"5800801"}
    assert found("อบจ.ท่าศาลา") == set()


def test_a_name_that_begins_like_a_type_abbreviation_is_found_as_a_name(organisations):
    assert found("ทมอ") == {"6320508"}
    assert found("ทม.อ่างศิลา") == {"4200105"}


def test_empty_search_text_finds_everything(organisations):
    assert found("") == found("   ") == set(organisations)


def test_filters_narrow_by_province_district_and_type(organisations):
    queryset = Organisation.objects.all()

    def codes(**filters):
        return set(selectors.organisations_filter(queryset, **filters).values_list("code", flat=True))

    assert codes(province="81") == {"6810101"}
    assert codes(district="8001") == {"6800101", "2800101"}
    assert codes(province="80", org_type=OrganisationType.SUBDISTRICT) == {"6800808", "6800809", "6800101"}
    assert codes(text="กลาย", district="8008", org_type=OrganisationType.SUBDISTRICT_MUNICIPALITY) == {"5800812"}
    assert codes(province="80", district="8101") == set()


def test_counts_by_type_follow_the_official_order_and_include_zeros(organisations):
    counts = selectors.counts_by_type(Organisation.objects.filter(province_id="80"))

    assert [row["org_type"] for row in counts] == list(OrganisationType.values)
    assert {row["org_type"]: row["count"] for row in counts} == {
        OrganisationType.PROVINCIAL: 1,
        OrganisationType.CITY: 0,
        OrganisationType.TOWN: 0,
        OrganisationType.SUBDISTRICT_MUNICIPALITY: 2,
        OrganisationType.SUBDISTRICT: 3,
        OrganisationType.BANGKOK: 0,
        OrganisationType.PATTAYA: 0,
    }
    assert counts[0]["label"] == "องค์การบริหารส่วนจังหวัด"


def test_a_code_typed_in_thai_digits_is_found(organisations):
    assert found("๖๘๐๐๘๐๘") == {"6800808"}


def test_a_place_is_named_with_its_kind_except_in_bangkok(db):
    """อำเภอ… จังหวัด… in the provinces; Bangkok's districts are เขต… and it is no จังหวัด."""
    provincial = make_organisation("6800808", "กลาย", "8008")
    bangkok = make_organisation("1000001", "กรุงเทพมหานคร", "1001", OrganisationType.BANGKOK)
    assert provincial.place == f"อำเภอ{provincial.district.name_th} จังหวัดนครศรีธรรมราช"
    assert bangkok.place == "เขตพระนคร กรุงเทพมหานคร"
