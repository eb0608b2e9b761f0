"""A new edition of the registry updates organisations in place and leaves an audit trail."""

from decimal import Decimal

import pytest

from eplan.core.models import AuditEvent
from eplan.registry.models import Organisation, OrganisationType
from eplan.registry.services import organisations_import_file
from eplan.registry.tests.dla import dla_row, write_csv

pytestmark = pytest.mark.django_db


def klai(type_text="อบต.", **values):
    return dla_row("6800808", type_text, "กลาย", "ท่าศาลา", "กลาย", **values)


def test_an_upgraded_organisation_keeps_its_code_and_record_and_the_change_is_audited(tmp_path):
    organisations_import_file(path=write_csv(tmp_path / "2566.csv", [klai()]))
    before = Organisation.objects.get(code="6800808")

    # อบต. upgraded to เทศบาลตำบล: DLA keeps the old code with its 6 type digit.
    result = organisations_import_file(path=write_csv(tmp_path / "2567.csv", [klai("เทศบาลตำบล")]))

    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    after = Organisation.objects.get(code="6800808")
    assert after.pk == before.pk
    assert (after.org_type, after.display_name) == (OrganisationType.SUBDISTRICT_MUNICIPALITY, "ทต.กลาย")
    event = AuditEvent.objects.get(action="registry.organisation_update")
    assert (event.organisation_code, event.province_code, event.object_id) == ("6800808", "80", str(before.pk))
    assert event.changes == {"org_type": ["subdistrict_admin_org", "subdistrict_municipality"]}
    assert event.detail["source"] == "2567.csv"


def test_each_import_that_changes_something_is_audited_with_its_file(tmp_path):
    path = write_csv(tmp_path / "2566.csv", [klai()])

    organisations_import_file(path=path)
    organisations_import_file(path=path)

    (event,) = AuditEvent.objects.filter(action="registry.organisations_import")
    assert (event.detail["source"], event.detail["created"]) == ("2566.csv", 1)
    assert len(event.detail["sha256"]) == 64


def test_a_file_without_coordinates_does_not_erase_those_already_known(tmp_path):
    organisations_import_file(
        path=write_csv(tmp_path / "2566.csv", [klai(area="41.34", lat="8.79407", lon="99.92205")])
    )

    result = organisations_import_file(path=write_csv(tmp_path / "2567.csv", [klai(area="", lat="-", lon="")]))

    assert (result.updated, result.unchanged) == (0, 1)
    organisation = Organisation.objects.get(code="6800808")
    assert (organisation.latitude, organisation.longitude, organisation.area_km2) == (
        Decimal("8.79407"),
        Decimal("99.92205"),
        Decimal("41.34"),
    )
    assert not AuditEvent.objects.filter(action="registry.organisation_update").exists()


def test_new_coordinates_in_a_file_replace_the_old_ones(tmp_path):
    organisations_import_file(path=write_csv(tmp_path / "2566.csv", [klai(lat="8.79407", lon="99.92205")]))

    organisations_import_file(path=write_csv(tmp_path / "2567.csv", [klai(lat="8.8", lon="99.9")]))

    organisation = Organisation.objects.get(code="6800808")
    assert (organisation.latitude, organisation.longitude) == (Decimal("8.8"), Decimal("99.9"))
    event = AuditEvent.objects.get(action="registry.organisation_update")
    assert set(event.changes) == {"latitude", "longitude"}


def test_an_organisation_missing_from_a_partial_file_is_left_as_it_is(tmp_path):
    other = dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก")
    organisations_import_file(path=write_csv(tmp_path / "2566.csv", [klai(), other]))

    result = organisations_import_file(path=write_csv(tmp_path / "klai-only.csv", [klai()]))

    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)
    assert Organisation.objects.get(code="6800809").active
