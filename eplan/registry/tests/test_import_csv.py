"""The registry administrator imports the DLA open-data CSV: one organisation per code,
all-or-nothing, and a refused file names the row and the column to fix."""

from decimal import Decimal

import pytest

from eplan.core.models import AuditEvent
from eplan.registry import importers
from eplan.registry.importers import FileRefused
from eplan.registry.models import Organisation, OrganisationType
from eplan.registry.services import organisations_import_file
from eplan.registry.tests.dla import dla_row, nakhon_rows, write_csv

pytestmark = pytest.mark.django_db


def registry_state():
    """Everything an import may change, to prove that a refused file changed nothing."""
    return (
        list(Organisation.objects.order_by("code").values()),
        AuditEvent.objects.count(),
    )


def test_several_rows_of_one_code_become_one_organisation(tmp_path):
    path = write_csv(tmp_path / "dla.csv", nakhon_rows())

    result = organisations_import_file(path=path)

    assert (result.rows, result.created, result.updated, result.unchanged) == (7, 3, 0, 0)
    klai = Organisation.objects.get(code="6800808")
    assert (klai.name, klai.org_type, klai.province_id, klai.district_id) == (
        "กลาย",
        OrganisationType.SUBDISTRICT,
        "80",
        "8008",
    )
    assert klai.display_name == "อบต.กลาย"
    # The coordinates come from the row that has them, whichever row it is.
    assert (klai.latitude, klai.longitude, klai.area_km2) == (Decimal("8.79407"), Decimal("99.92205"), Decimal("41.34"))
    tha_sala = Organisation.objects.get(code="5800801")
    assert tha_sala.display_name == "ทต.ท่าศาลา"


def test_a_provincial_organisation_covering_several_districts_keeps_its_first_district(tmp_path):
    path = write_csv(tmp_path / "dla.csv", nakhon_rows())

    organisations_import_file(path=path)

    pao = Organisation.objects.get(code="2800101")
    assert (pao.display_name, pao.district_id) == ("อบจ.นครศรีธรรมราช", "8001")


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write_csv(tmp_path / "dla.csv", nakhon_rows())
    organisations_import_file(path=path)
    before = registry_state()

    result = organisations_import_file(path=path)

    assert (result.created, result.updated, result.unchanged) == (0, 0, 3)
    assert registry_state() == before


def test_a_new_edition_reports_what_was_created_updated_and_unchanged(tmp_path):
    organisations_import_file(path=write_csv(tmp_path / "2566.csv", nakhon_rows()))
    rows = nakhon_rows()
    rows[0] = dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "กลาย", area="41.50")
    rows.append(dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก"))

    result = organisations_import_file(path=write_csv(tmp_path / "2567.csv", rows))

    assert (result.rows, result.created, result.updated, result.unchanged) == (8, 1, 1, 2)
    assert Organisation.objects.get(code="6800808").area_km2 == Decimal("41.50")
    assert Organisation.objects.get(code="6800809").display_name == "อบต.ดอนตะโก"


def test_a_file_saved_by_thai_windows_excel_in_cp874_is_read(tmp_path):
    path = write_csv(tmp_path / "dla-windows.csv", nakhon_rows(), encoding="cp874")
    assert path.read_bytes().decode("cp874")  # really Windows-874, not UTF-8
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")

    result = organisations_import_file(path=path)

    assert result.created == 3
    assert Organisation.objects.get(code="6800808").display_name == "อบต.กลาย"


def test_commas_inside_quoted_values_do_not_shift_the_columns(tmp_path):
    path = write_csv(tmp_path / "dla.csv", nakhon_rows())
    assert '"www,klai.go.th"' in path.read_text("utf-8-sig")

    rows = importers.read_csv(path.read_bytes())

    first = rows[0]
    assert (first.row, first.code, first.type_text, first.name, first.district_text) == (
        2,
        "6800808",
        "อบต.",
        "กลาย",
        "ท่าศาลา",
    )
    assert (rows[1].area, rows[1].lat, rows[1].lon) == ("41.34", "8.79407", "99.92205")


@pytest.mark.parametrize(
    ("written_name", "type_text"),
    [
        ("อบต.กลาย", "อบต."),
        ("อบต. กลาย", "อบต."),
        ("องค์การบริหารส่วนตำบลกลาย", "องค์การบริหารส่วนตำบล"),
        ("กลาย", "subdistrict_admin_org"),
    ],
)
def test_the_type_prefix_written_into_a_name_is_removed(tmp_path, written_name, type_text):
    path = write_csv(tmp_path / "dla.csv", [dla_row("6800808", type_text, written_name, "ท่าศาลา", "กลาย")])

    organisations_import_file(path=path)

    klai = Organisation.objects.get(code="6800808")
    assert (klai.name, klai.org_type) == ("กลาย", OrganisationType.SUBDISTRICT)


def test_pattaya_keeps_its_full_name_under_the_dla_special_form_type(tmp_path):
    pattaya = dla_row("3200408", "ท้องถิ่นรูปแบบพิเศษ", "เมืองพัทยา", "บางละมุง", "หนองปรือ", province="ชลบุรี", area="208.1")

    organisations_import_file(path=write_csv(tmp_path / "dla.csv", [pattaya]))

    organisation = Organisation.objects.get(code="3200408")
    assert (organisation.name, organisation.org_type, organisation.display_name) == (
        "เมืองพัทยา",
        OrganisationType.PATTAYA,
        "เมืองพัทยา",
    )
    assert (organisation.province_id, organisation.district_id) == ("20", "2004")


def test_provinces_and_districts_may_be_written_with_their_prefixes(tmp_path):
    row = dla_row("6800808", "อบต.", "กลาย", "อำเภอท่าศาลา", "กลาย", province="จังหวัดนครศรีธรรมราช")

    organisations_import_file(path=write_csv(tmp_path / "dla.csv", [row]))

    assert Organisation.objects.get(code="6800808").district_id == "8008"


BAD_ROWS = {
    "a six-digit code": (dla_row("680080", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก"), "รหัส อปท."),
    "a code with a letter": (dla_row("68008O9", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก"), "รหัส อปท."),
    "an unknown province": (
        dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก", province="นครศรีธรรมราด"),
        "จังหวัด",
    ),
    "a district of another province": (dla_row("6800809", "อบต.", "ดอนตะโก", "เมืองกระบี่", "ดอนตะโก"), "อำเภอ"),
    "an unknown type": (dla_row("6800809", "สุขาภิบาล", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก"), "ประเภท อปท."),
    "no name": (dla_row("6800809", "อบต.", "", "ท่าศาลา", "ดอนตะโก"), "อปท."),
    "a latitude that is not a number": (
        dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก", lat="8.7x", lon="99.9"),
        "LAT",
    ),
    "a latitude outside the earth": (
        dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก", lat="879407", lon="99.9"),
        "LAT",
    ),
    "an area that is not a finite number": (
        dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก", area="NaN"),
        "ขนาดพื้นที่",
    ),
    "a code repeated with another name": (dla_row("6800808", "อบต.", "กลายใหม่", "ท่าศาลา", "ดอนตะโก"), "รหัส อปท."),
    "a code repeated with another type": (
        dla_row("6800808", "เทศบาลตำบล", "กลาย", "ท่าศาลา", "ดอนตะโก"),
        "รหัส อปท.",
    ),
}


@pytest.mark.parametrize(("bad_row", "column"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_one_bad_row_refuses_the_whole_file_naming_its_row_and_column(tmp_path, bad_row, column):
    organisations_import_file(path=write_csv(tmp_path / "2566.csv", nakhon_rows()))
    before = registry_state()
    # Good rows with real changes around the bad one: none of them may be written.
    rows = [
        dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "กลาย", area="99.99"),
        dla_row("6800810", "อบต.", "สระแก้ว", "ท่าศาลา", "สระแก้ว"),
        bad_row,
        dla_row("6800811", "อบต.", "หัวตะพาน", "ท่าศาลา", "หัวตะพาน"),
    ]

    with pytest.raises(FileRefused) as refused:
        organisations_import_file(path=write_csv(tmp_path / "2567.csv", rows))

    # The header is row 1, so the third data row is row 4.
    assert [(problem.row, problem.field) for problem in refused.value.problems] == [(4, column)]
    assert str(refused.value.problems[0]).startswith(f"แถวที่ 4 [{column}]")
    assert registry_state() == before


def test_a_repeated_code_problem_points_back_to_the_first_row(tmp_path):
    rows = [
        dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "กลาย"),
        dla_row("6800808", "อบต.", "กลายใหม่", "ท่าศาลา", "ดอนตะโก"),
    ]

    with pytest.raises(FileRefused) as refused:
        organisations_import_file(path=write_csv(tmp_path / "dla.csv", rows))

    (problem,) = refused.value.problems
    assert problem.row == 3
    assert "แถวที่ 2" in problem.message


def test_every_bad_row_is_reported_not_only_the_first(tmp_path):
    rows = [
        dla_row("680080", "อบต.", "กลาย", "ท่าศาลา", "กลาย"),
        dla_row("6800809", "อบต.", "ดอนตะโก", "ท่าศาลา", "ดอนตะโก"),
        dla_row("6800810", "สุขาภิบาล", "สระแก้ว", "ท่าศาลาใหม่", "สระแก้ว"),
    ]

    with pytest.raises(FileRefused) as refused:
        organisations_import_file(path=write_csv(tmp_path / "dla.csv", rows))

    assert [(problem.row, problem.field) for problem in refused.value.problems] == [
        (2, "รหัส อปท."),
        (4, "ประเภท อปท."),
        (4, "อำเภอ"),
    ]
    assert not Organisation.objects.exists()


def test_a_file_without_the_required_columns_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("ชื่อ,รหัส\nกลาย,6800808\n", encoding="utf-8")

    with pytest.raises(FileRefused) as refused:
        organisations_import_file(path=path)

    (problem,) = refused.value.problems
    assert problem.row == 1
    assert "รหัส อปท." in problem.message and "ประเภท อปท." in problem.message
    assert not Organisation.objects.exists()


def test_a_file_with_only_a_header_is_refused(tmp_path):
    with pytest.raises(FileRefused):
        organisations_import_file(path=write_csv(tmp_path / "empty.csv", []))


def test_a_file_of_another_kind_is_refused(tmp_path):
    path = tmp_path / "dla.pdf"
    path.write_bytes(b"%PDF-1.4")

    with pytest.raises(FileRefused):
        organisations_import_file(path=path)
