"""Importing ITA results as central staff do it: every refused row named and nothing saved,
a second import of the same file changes nothing, Thai Excel's encodings and digits, and no
file, however broken, ends in an error page."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from eplan.core.models import AuditEvent
from eplan.ita.importer import MAX_BYTES, FileRefused
from eplan.ita.models import ItaResult
from eplan.ita.services import import_ita

pytestmark = pytest.mark.django_db


def csv_file(*rows, header="รหัส อปท.,ปี,คะแนน,ระดับ", encoding="utf-8") -> bytes:
    return "\r\n".join([header, *rows]).encode(encoding)


def refused(raw, user):
    with pytest.raises(FileRefused) as caught:
        import_ita(raw, filename="ita.csv", user=user)
    return caught.value.problems


def test_central_imports_results_and_the_audit_names_the_file(world):
    raw = csv_file("6800808,2567,91.25,A", "5800801,2567,96.10,AA", "6500101,2566,48.00,F")
    result = import_ita(raw, filename="ita-2567.csv", user=world.central)
    assert (result.created, result.updated, result.unchanged) == (3, 0, 0)
    klai = ItaResult.objects.get(organisation=world.klai, year=2567)
    assert (klai.score, klai.level, klai.source_name, klai.imported_by) == (
        Decimal("91.25"),
        "A",
        "ita-2567.csv",
        world.central,
    )
    event = AuditEvent.objects.get(action="ita.import")
    assert event.detail["created"] == 3 and event.detail["source"] == "ita-2567.csv"


def test_every_refused_row_is_named_and_nothing_is_saved(world):
    raw = csv_file(
        "6800808,2567,91.25,A",  # row 2: good
        "9999999,2567,80,B",  # row 3: unknown code
        "5800801,2490,80,B",  # row 4: year out of range
        "6800101,2567,abc,B",  # row 5: score not a number
        "6810101,2567,101,AA",  # row 6: score over 100
        "6500101,2567,80.00,A",  # row 7: level disagrees (80 is B)
        "6800808,2567,91.25,A",  # row 8: duplicate of row 2
    )
    problems = refused(raw, world.central)
    found = {(problem.row, problem.column) for problem in problems}
    assert found == {(3, "รหัส อปท."), (4, "ปี"), (5, "คะแนน"), (6, "คะแนน"), (7, "ระดับ"), (8, "รหัส อปท.")}
    reasons = {problem.row: problem.reason for problem in problems}
    assert "ไม่พบ อปท. รหัส 9999999" in reasons[3]
    assert "นอกช่วง" in reasons[4]
    assert "ตัวเลข" in reasons[5]
    assert "0–100" in reasons[6]
    assert "ไม่ตรงกับคะแนน" in reasons[7] and "B" in reasons[7]
    assert "แถวซ้ำ" in reasons[8] and "แถวที่ 2" in reasons[8]
    assert not ItaResult.objects.exists()
    assert not AuditEvent.objects.filter(action="ita.import").exists()


def test_importing_the_same_file_twice_changes_nothing_the_second_time(world):
    raw = csv_file("6800808,2567,91.25,A", "5800801,2567,96.10,AA")
    import_ita(raw, filename="ita.csv", user=world.central)
    stamps = dict(ItaResult.objects.values_list("pk", "imported_at"))
    again = import_ita(raw, filename="ita.csv", user=world.central)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert dict(ItaResult.objects.values_list("pk", "imported_at")) == stamps
    assert AuditEvent.objects.filter(action="ita.import").count() == 1
    corrected = import_ita(csv_file("6800808,2567,84.99,B"), filename="แก้ไข.csv", user=world.central)
    assert (corrected.created, corrected.updated, corrected.unchanged) == (0, 1, 0)
    assert ItaResult.objects.get(organisation=world.klai, year=2567).level == "B"
    assert AuditEvent.objects.filter(action="ita.import").count() == 2


def test_a_cp874_file_with_thai_digits_and_english_headers_is_read(world):
    raw = csv_file("๖๘๐๐๘๐๘,๒๕๖๗,๘๗.๕๐,A", header="code,year,score,level", encoding="cp874")
    assert import_ita(raw, filename="ita.csv", user=world.central).created == 1
    assert ItaResult.objects.get().score == Decimal("87.50")
    thai = csv_file("๖๘๐๐๑๐๑,๒๕๖๖,๗๐,C", header="รหัส อปท.,ปีงบประมาณ,คะแนน,ระดับ", encoding="cp874")
    assert import_ita(thai, filename="ita.csv", user=world.central).created == 1


def test_utf8_with_a_byte_order_mark_and_a_blank_level(world):
    raw = "\ufeff".encode() + csv_file("6800808,2567,55,", "5800801,2567,54.99,")
    import_ita(raw, filename="ita.csv", user=world.central)
    assert dict(ItaResult.objects.values_list("organisation__code", "level")) == {"6800808": "D", "5800801": "E"}


def test_a_common_era_year_is_taken_as_the_buddhist_era_year(world):
    result = import_ita(csv_file("6800808,2024,91.25,A"), filename="ita.csv", user=world.central)
    assert result.ce_years == 1
    assert ItaResult.objects.get().year == 2567


def test_rows_are_numbered_as_the_spreadsheet_numbers_them_blank_rows_included(world):
    raw = csv_file("6800808,2567,91.25,A", "", "6800101,2567,50,A")
    assert [(problem.row, problem.column) for problem in refused(raw, world.central)] == [(4, "ระดับ")]


def test_a_file_saved_with_semicolons_is_read(world):
    raw = csv_file("6800808;2567;91.25;A", header="รหัส อปท.;ปี;คะแนน;ระดับ")
    assert import_ita(raw, filename="ita.csv", user=world.central).created == 1


def test_missing_columns_are_named(world):
    problems = refused(csv_file("6800808,91.25", header="รหัส อปท.,คะแนน"), world.central)
    assert problems[0].row == 1 and "ปี" in problems[0].reason


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"   \r\n  ",
        b"code,year,score,level\r\n",
        b"code,year\x00,score\r\n6800808,2567,90\r\n",
        bytes(range(256)) * 50,
        b"PK\x03\x04" + b"\x00" * 200,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200,
        b"code,year,score\r\n" + b"6800808,2567,90\r\n" * (MAX_BYTES // 16 + 10),
        b'code,year,score\r\n"' + b"x" * 200_000 + b'",2567,90\r\n',
    ],
    ids=["empty", "blank", "header only", "nul", "binary", "zip", "xls", "huge", "huge field"],
)
def test_broken_files_are_refused_with_a_thai_reason(world, raw):
    problems = refused(raw, world.central)
    assert problems and all(any("\u0e00" <= char <= "\u0e7f" for char in problem.reason) for problem in problems)
    assert not ItaResult.objects.exists()


@pytest.mark.parametrize("who", ["officer", "provincial_dla", "nacc_provincial", "nacc_regional"])
def test_only_central_staff_may_import(world, who):
    with pytest.raises(PermissionDenied):
        import_ita(csv_file("6800808,2567,91.25,A"), filename="ita.csv", user=getattr(world, who))
    assert not ItaResult.objects.exists()


def test_an_import_that_meets_a_simultaneous_one_keeps_nothing_and_says_to_try_again(world, monkeypatch):
    """Two central officers import the same year at the same moment: both read no rows, the
    other one's rows are saved first, and this import's insert meets them."""
    real_bulk_create = ItaResult.objects.bulk_create

    def other_import_first(rows, **options):
        real_bulk_create(
            [ItaResult(organisation=world.tha_sala, year=2567, score=Decimal("70.00"), level="C", source_name="x")]
        )
        return real_bulk_create(rows, **options)

    monkeypatch.setattr(ItaResult.objects, "bulk_create", other_import_first)
    raw = csv_file("6800808,2567,91.25,A", f"{world.tha_sala.code},2567,96.10,AA")
    with pytest.raises(FileRefused) as refused:
        import_ita(raw, filename="ita.csv", user=world.central)
    assert "ในเวลาเดียวกัน" in str(refused.value) and "อีกครั้ง" in str(refused.value)
    assert not ItaResult.objects.exists()  # this import, and here (one transaction) the other's too
    assert not AuditEvent.objects.filter(action="ita.import").exists()
