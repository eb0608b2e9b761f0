"""Anyone may read the public registry through the API at /api/v1/."""

import pytest

from eplan.registry.models import District, Organisation, OrganisationType
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def nakhon_and_krabi(db):
    """105 organisations in นครศรีธรรมราช (more than one page) and two in กระบี่."""
    tha_sala = District.objects.get(code="8008")
    Organisation.objects.bulk_create(
        Organisation(
            code=f"6800{number:03d}",
            name=f"ทดสอบ{number}",
            org_type=OrganisationType.SUBDISTRICT,
            province_id="80",
            district=tha_sala,
        )
        for number in range(1, 105)
    )
    make_organisation("2800101", "นครศรีธรรมราช", "8001", OrganisationType.PROVINCIAL)
    make_organisation("6810101", "ไสไทย", "8101")
    make_organisation("2810101", "กระบี่", "8101", OrganisationType.PROVINCIAL)


def test_the_provinces_are_listed_with_their_region(client):
    response = client.get("/api/v1/provinces")

    assert response.status_code == 200
    provinces = response.json()
    assert len(provinces) == 77
    assert {"code": "80", "name_th": "นครศรีธรรมราช", "name_en": "Nakhon Si Thammarat", "region": 8} in provinces


def test_organisations_of_one_province_are_listed_a_page_at_a_time(client, nakhon_and_krabi):
    first = client.get("/api/v1/organisations", {"province": "80"}).json()
    second = client.get("/api/v1/organisations", {"province": "80", "page": 2}).json()

    assert first["count"] == second["count"] == 105
    assert (len(first["items"]), len(second["items"])) == (100, 5)
    items = first["items"] + second["items"]
    assert {item["province_code"] for item in items} == {"80"}
    assert len({item["code"] for item in items}) == 105
    assert [item["code"] for item in items] == sorted(item["code"] for item in items)


def test_organisations_are_searched_and_filtered(client, nakhon_and_krabi):
    def codes(**params):
        return [item["code"] for item in client.get("/api/v1/organisations", params).json()["items"]]

    assert codes(province="81") == ["2810101", "6810101"]
    assert codes(org_type=OrganisationType.PROVINCIAL) == ["2800101", "2810101"]
    assert codes(district="8101", q="อบจ.กระบี่") == ["2810101"]
    assert codes(q="6800007") == ["6800007"]
    assert codes(region="8", org_type=OrganisationType.PROVINCIAL) == ["2800101", "2810101"]
    assert codes(region="5") == []


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"province": "99"}, "province", "ไม่พบจังหวัดรหัส 99"),
        ({"district": "9999"}, "district", "ไม่พบอำเภอรหัส 9999"),
        ({"region": "12"}, "region", "ไม่พบภาครหัส 12"),
    ],
)
def test_a_place_that_does_not_exist_is_named_in_thai(client, nakhon_and_krabi, params, field, message):
    response = client.get("/api/v1/organisations", params)

    assert response.status_code == 422
    assert response.json()["errors"] == {field: [message]}


def test_one_organisation_is_read_by_its_code(client):
    make_organisation("6800808", "กลาย", "8008")

    response = client.get("/api/v1/organisations/6800808")

    assert response.status_code == 200
    assert response.json() == {
        "code": "6800808",
        "name": "กลาย",
        "display_name": "อบต.กลาย",
        "org_type": "subdistrict_admin_org",
        "org_type_label": "องค์การบริหารส่วนตำบล",
        "province_code": "80",
        "district_code": "8008",
        "district_name": "ท่าศาลา",
        "active": True,
    }


def test_an_unknown_code_is_not_found(client):
    make_organisation("6800808", "กลาย", "8008")

    assert client.get("/api/v1/organisations/9999999").status_code == 404


def test_the_registry_api_is_read_only(client):
    make_organisation("6800808", "กลาย", "8008")

    assert client.post("/api/v1/organisations", {}).status_code == 405
    assert client.delete("/api/v1/organisations/6800808").status_code == 405
    assert Organisation.objects.filter(code="6800808").exists()
