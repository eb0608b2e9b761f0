"""A generated registry with the national type mix, for machines without the shared data.

Names come from real subdistrict names (geothai), codes follow the T PP AA NN layout. The
result is clearly a demonstration set: it is not the DLA registry.
"""

import itertools

import geothai

from eplan.registry.importers import OrganisationRecord
from eplan.registry.models import OrganisationType

# National counts of the DLA registry (without Bangkok).
NATIONAL_MIX = {
    OrganisationType.PROVINCIAL: 76,
    OrganisationType.CITY: 30,
    OrganisationType.TOWN: 195,
    OrganisationType.SUBDISTRICT_MUNICIPALITY: 2247,
    OrganisationType.SUBDISTRICT: 5300,
    OrganisationType.PATTAYA: 1,
}
TYPE_DIGIT = {
    OrganisationType.PROVINCIAL: "2",
    OrganisationType.CITY: "3",
    OrganisationType.PATTAYA: "3",
    OrganisationType.TOWN: "4",
    OrganisationType.SUBDISTRICT_MUNICIPALITY: "5",
    OrganisationType.SUBDISTRICT: "6",
}


def _records_for(province_codes, mix):
    """Spread the mix over the districts of the given provinces, round robin."""
    districts = [d for code in province_codes for d in geothai.districts(code)]
    subdistrict_names = {d.code: [s.name_th for s in geothai.subdistricts(d.code)] or [d.name_th] for d in districts}
    counters = {}
    records = []

    def add(org_type, district, name):
        key = (TYPE_DIGIT[org_type], district.code)
        counters[key] = counters.get(key, 0) + 1
        code = f"{TYPE_DIGIT[org_type]}{district.code}{counters[key]:02d}"
        records.append(
            OrganisationRecord(
                code=code,
                name=name,
                org_type=org_type,
                province_code=district.province_code,
                district_code=district.code,
                latitude=None,
                longitude=None,
                area_km2=None,
            )
        )

    # One อบจ. per province, in its first (mueang) district.
    for code in province_codes[: mix.get(OrganisationType.PROVINCIAL, 0)]:
        first = geothai.districts(code)[0]
        add(OrganisationType.PROVINCIAL, first, geothai.province(code).name_th)
    used = {d.code: 0 for d in districts}
    cycle = itertools.cycle(districts)
    for org_type in (
        OrganisationType.CITY,
        OrganisationType.TOWN,
        OrganisationType.SUBDISTRICT_MUNICIPALITY,
        OrganisationType.SUBDISTRICT,
        OrganisationType.PATTAYA,
    ):
        for _ in range(mix.get(org_type, 0)):
            district = next(cycle)
            names = subdistrict_names[district.code]
            name = names[used[district.code] % len(names)]
            if used[district.code] >= len(names):
                name = f"{name} {used[district.code] // len(names) + 1}"
            used[district.code] += 1
            if org_type == OrganisationType.PATTAYA:
                name = "เมืองพัทยา"
            add(org_type, district, name)
    return records


def national_records():
    provinces = [p.code for p in geothai.provinces() if p.code != "10"]
    return _records_for(provinces, NATIONAL_MIX)


def province_records(province_code):
    """About one province's share of the national mix (around 100 organisations)."""
    share = {
        OrganisationType.PROVINCIAL: 1,
        OrganisationType.CITY: 1,
        OrganisationType.TOWN: 3,
        OrganisationType.SUBDISTRICT_MUNICIPALITY: 30,
        OrganisationType.SUBDISTRICT: 70,
    }
    return _records_for([province_code], share)
