"""Without the shared data the demo generates its registry. The national set has the real type
mix (7,849 DLA organisations, and Bangkok from the project's own data makes 7,850); it is
checked as generated, since writing it takes longer than everything else the demo tests do.
The province set is written as `seed_demo` writes it, through the registry's importer.

These tests need a database without the seeded demo, so they live outside `seeded/`."""

from collections import Counter

import geothai
import pytest

from eplan.demo import generate
from eplan.demo.management.commands.seed_demo import demo_lao_code
from eplan.demo.registry import registry_load
from eplan.registry.models import Organisation, OrganisationType, lao_code_validator

NATIONAL_MIX = {
    OrganisationType.PROVINCIAL: 76,
    OrganisationType.CITY: 30,
    OrganisationType.TOWN: 195,
    OrganisationType.SUBDISTRICT_MUNICIPALITY: 2247,
    OrganisationType.SUBDISTRICT: 5300,
    OrganisationType.PATTAYA: 1,
}


def test_the_generated_national_registry_has_the_real_type_mix():
    records = generate.national_records()

    assert Counter(record.org_type for record in records) == NATIONAL_MIX
    assert len(records) + 1 == 7850  # with Bangkok (registry.services.bangkok_ensure)
    assert len({record.code for record in records}) == len(records)
    districts = {d.code: d.province_code for province in geothai.provinces() for d in geothai.districts(province.code)}
    for record in records:
        lao_code_validator(record.code)
        assert districts[record.district_code] == record.province_code, record
        assert record.province_code != "10" and 0 < len(record.name) <= 150, record
    assert {record.province_code for record in records} == set(districts.values()) - {"10"}
    assert any(r.district_code == "8001" and r.org_type == OrganisationType.SUBDISTRICT for r in records)


@pytest.mark.django_db
def test_without_the_shared_data_the_demo_province_is_generated_and_written(settings, tmp_path):
    settings.SHARED_DATA_DIR = tmp_path  # no local-authorities.json here

    message, real = registry_load(scale="province")

    assert not real and "สร้างทะเบียนสมมติ" in message
    written = Counter(Organisation.objects.values_list("org_type", flat=True))
    expected = Counter(record.org_type for record in generate.province_records("80"))
    assert written == expected + Counter({OrganisationType.BANGKOK: 1})
    outside_bangkok = Organisation.objects.exclude(org_type=OrganisationType.BANGKOK)
    assert set(outside_bangkok.values_list("province_id", flat=True)) == {"80"}
    assert demo_lao_code() is not None  # the demo LAO and its accounts have an organisation
