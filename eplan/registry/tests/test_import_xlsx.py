"""The registry administrator imports the same columns saved as an Excel workbook."""

from decimal import Decimal

import pytest

from eplan.registry.importers import FileRefused
from eplan.registry.models import Organisation
from eplan.registry.services import organisations_import_file
from eplan.registry.tests.dla import dla_row, nakhon_rows, write_xlsx

pytestmark = pytest.mark.django_db


def test_an_xlsx_with_the_dla_columns_imports_like_the_csv(tmp_path):
    path = write_xlsx(tmp_path / "dla.xlsx", nakhon_rows())

    result = organisations_import_file(path=path)

    assert (result.rows, result.created, result.updated, result.unchanged) == (7, 3, 0, 0)
    klai = Organisation.objects.get(code="6800808")
    assert (klai.display_name, klai.district_id) == ("อบต.กลาย", "8008")
    assert (klai.latitude, klai.longitude, klai.area_km2) == (Decimal("8.79407"), Decimal("99.92205"), Decimal("41.34"))
    assert organisations_import_file(path=path).unchanged == 3


def test_numbers_typed_into_excel_cells_are_read_as_codes_and_coordinates(tmp_path):
    # Excel turns a typed code or coordinate into a number; the import must not care.
    row = dla_row(6800808, "อบต.", "กลาย", "ท่าศาลา", "กลาย", area=41.34, lat=8.79407, lon=99.92205)

    organisations_import_file(path=write_xlsx(tmp_path / "dla.xlsx", [row]))

    klai = Organisation.objects.get(code="6800808")
    assert (klai.latitude, klai.longitude, klai.area_km2) == (Decimal("8.79407"), Decimal("99.92205"), Decimal("41.34"))


def test_a_bad_row_in_a_workbook_is_refused_with_its_row_and_column(tmp_path):
    rows = [*nakhon_rows(), dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลาใหม่", "ดอนตะโก")]

    with pytest.raises(FileRefused) as refused:
        organisations_import_file(path=write_xlsx(tmp_path / "dla.xlsx", rows))

    assert [(problem.row, problem.field) for problem in refused.value.problems] == [(9, "อำเภอ")]
    assert not Organisation.objects.exists()


def test_a_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "dla.xlsx"
    path.write_bytes(b"not a zip file")

    with pytest.raises(FileRefused):
        organisations_import_file(path=path)
