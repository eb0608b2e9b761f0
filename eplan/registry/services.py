"""Writes to the registry. Each function is one transaction with its audit event.

Permission checks for people live in accounts (the registry knows nothing of users): the
callers here are management commands, the demo seeder and accounts' own services.
"""

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import geothai
from django.db import transaction

from eplan.core.audit import audit_record, diff, snapshot
from eplan.registry import importers
from eplan.registry.models import District, Organisation, Province, Region

DATA_DIR = Path(__file__).resolve().parent / "data"
BANGKOK_FILE = DATA_DIR / "bangkok.json"
IMPORTED_FIELDS = ("name", "org_type", "province_id", "district_id", "latitude", "longitude", "area_km2")
# The file is the authority for these; a missing coordinate in a file never erases one we have.
KEEP_WHEN_MISSING = ("latitude", "longitude", "area_km2")


@dataclass
class GeographyResult:
    regions_created: int
    provinces_created: int
    provinces_updated: int
    districts_created: int
    districts_updated: int

    @property
    def changed(self):
        return any(
            (
                self.regions_created,
                self.provinces_created,
                self.provinces_updated,
                self.districts_created,
                self.districts_updated,
            )
        )


@transaction.atomic
def geography_sync(*, actor=None) -> GeographyResult:
    """Bring regions, provinces and districts in line with geothai (data: GeoThai, CC BY 4.0).

    Names are refreshed; a province's NACC region is set from the default assignment only
    when it has none, so an administrator's correction is never overwritten.
    """
    regions_created = 0
    for number in range(1, 10):
        _, created = Region.objects.get_or_create(number=number, defaults={"name_th": f"สำนักงาน ป.ป.ช. ภาค {number}"})
        regions_created += created
    default_region = {
        province_code: int(number)
        for number, codes in json.loads((DATA_DIR / "regions.json").read_text("utf-8"))["regions"].items()
        for province_code in codes
    }

    provinces = {province.code: province for province in Province.objects.all()}
    districts = {district.code: district for district in District.objects.all()}
    new_provinces, changed_provinces, new_districts, changed_districts = [], [], [], []
    for source in geothai.provinces():
        province = provinces.get(source.code)
        if province is None:
            new_provinces.append(
                Province(
                    code=source.code,
                    name_th=source.name_th,
                    name_en=source.name_en,
                    region_id=default_region.get(source.code),
                )
            )
        elif (province.name_th, province.name_en) != (source.name_th, source.name_en):
            province.name_th, province.name_en = source.name_th, source.name_en
            changed_provinces.append(province)
        for district_source in geothai.districts(source.code):
            district = districts.get(district_source.code)
            if district is None:
                new_districts.append(
                    District(
                        code=district_source.code,
                        province_id=source.code,
                        name_th=district_source.name_th,
                        name_en=district_source.name_en,
                    )
                )
            elif (district.name_th, district.name_en) != (district_source.name_th, district_source.name_en):
                district.name_th, district.name_en = district_source.name_th, district_source.name_en
                changed_districts.append(district)
    Province.objects.bulk_create(new_provinces)
    Province.objects.bulk_update(changed_provinces, ["name_th", "name_en"])
    District.objects.bulk_create(new_districts, batch_size=500)
    District.objects.bulk_update(changed_districts, ["name_th", "name_en"], batch_size=500)
    result = GeographyResult(
        regions_created=regions_created,
        provinces_created=len(new_provinces),
        provinces_updated=len(changed_provinces),
        districts_created=len(new_districts),
        districts_updated=len(changed_districts),
    )
    if result.changed:
        audit_record(
            actor=actor,
            action="registry.geography_sync",
            detail={"source": f"geothai {geothai.DATA_VERSION}", **result.__dict__},
        )
    return result


def load_geography() -> importers.Geography:
    return importers.Geography(Province.objects.all(), District.objects.all())


@dataclass
class ImportResult:
    rows: int
    created: int
    updated: int
    unchanged: int


def _values_of(record: importers.OrganisationRecord) -> dict:
    return {
        "name": record.name,
        "org_type": record.org_type,
        "province_id": record.province_code,
        "district_id": record.district_code,
        "latitude": record.latitude,
        "longitude": record.longitude,
        "area_km2": record.area_km2,
    }


@transaction.atomic
def organisations_import(*, actor=None, records, source_name: str, source_sha256: str = "", rows: int = 0):
    """Create or update organisations from validated records (all-or-nothing, idempotent).

    Organisations missing from the file are left as they are: a partial file (one province)
    must not deactivate the rest of the country.
    """
    existing = Organisation.objects.in_bulk([record.code for record in records], field_name="code")
    to_create, to_update, unchanged = [], [], 0
    changes_by_code = {}
    for record in records:
        values = _values_of(record)
        organisation = existing.get(record.code)
        if organisation is None:
            to_create.append(Organisation(code=record.code, **values))
            continue
        for name in KEEP_WHEN_MISSING:
            if values[name] is None:
                values[name] = getattr(organisation, name)
        before = snapshot(organisation, IMPORTED_FIELDS)
        for name, value in values.items():
            setattr(organisation, name, value)
        changes = diff(before, snapshot(organisation, IMPORTED_FIELDS))
        if changes:
            to_update.append(organisation)
            changes_by_code[organisation.code] = changes
        else:
            unchanged += 1
    for organisation in to_create + to_update:
        organisation.full_clean(validate_unique=False, validate_constraints=False)
    Organisation.objects.bulk_create(to_create, batch_size=1000)
    Organisation.objects.bulk_update(to_update, list(IMPORTED_FIELDS), batch_size=500)
    for organisation in to_update:
        audit_record(
            actor=actor,
            action="registry.organisation_update",
            obj=organisation,
            organisation_code=organisation.code,
            province_code=organisation.province_id,
            changes=changes_by_code[organisation.code],
            detail={"source": source_name},
        )
    result = ImportResult(rows=rows, created=len(to_create), updated=len(to_update), unchanged=unchanged)
    if result.created or result.updated:
        audit_record(
            actor=actor,
            action="registry.organisations_import",
            detail={"source": source_name, "sha256": source_sha256, **result.__dict__},
        )
    return result


@transaction.atomic
def organisations_import_file(*, actor=None, path: Path, progress_factory=None, province_code=None) -> ImportResult:
    """Read, validate and import one file. Raises importers.FileRefused and changes nothing
    when the file has any problem. With province_code, only that province's rows are kept
    (the demo uses this to load one real province)."""
    raw = path.read_bytes()
    rows = importers.read_file(path)
    geography_sync(actor=actor)
    geography = load_geography()
    if province_code:
        rows = [row for row in rows if geography.province_code(row.province_text) == province_code]
    progress = progress_factory(len(rows)) if progress_factory else None
    try:
        records = importers.validate(rows, geography, progress=progress)
    finally:
        if progress:
            progress.close()
    return organisations_import(
        actor=actor,
        records=records,
        source_name=path.name,
        source_sha256=hashlib.sha256(raw).hexdigest(),
        rows=len(rows),
    )


def bangkok_ensure(*, actor=None) -> ImportResult:
    """Bangkok is not in the DLA registry; it comes from the project's own data."""
    return organisations_import_file(actor=actor, path=BANGKOK_FILE)


@transaction.atomic
def province_set_region(*, actor, province: Province, region: Region | None) -> Province:
    before = snapshot(province, ["region_id"])
    province.region = region
    province.save(update_fields=["region"])
    changes = diff(before, snapshot(province, ["region_id"]))
    if changes:
        audit_record(
            actor=actor,
            action="registry.province_set_region",
            obj=province,
            province_code=province.code,
            changes=changes,
        )
    return province
