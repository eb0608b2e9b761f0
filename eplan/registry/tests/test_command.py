"""The administrator runs `manage.py import_organizations PATH [--province CODE] [--bangkok]`."""

import json
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from eplan.registry.models import Organisation
from eplan.registry.tests.dla import dla_row, nakhon_rows, write_csv

pytestmark = pytest.mark.django_db

NATIONAL_FILE = settings.SHARED_DATA_DIR / "local-authorities.json"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("import_organizations", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_a_good_file_is_imported_and_the_counts_are_reported(tmp_path):
    path = write_csv(tmp_path / "dla.csv", nakhon_rows())

    out, _ = run(str(path))

    assert "7 แถว" in out
    assert "สร้างใหม่ 3 แก้ไข 0 ไม่เปลี่ยนแปลง 0" in out
    assert Organisation.objects.count() == 3
    out, _ = run(str(path))
    assert "สร้างใหม่ 0 แก้ไข 0 ไม่เปลี่ยนแปลง 3" in out


def test_a_bad_file_is_refused_with_every_problem_and_nothing_changes(tmp_path):
    run(str(write_csv(tmp_path / "2566.csv", nakhon_rows())))
    before = list(Organisation.objects.order_by("code").values())
    rows = [
        dla_row("6800808", "อบต.", "กลาย", "ท่าศาลา", "กลาย", area="99.99"),
        dla_row("680081", "อบต.", "สระแก้ว", "ท่าศาลา", "สระแก้ว"),
        dla_row("6800811", "อบต.", "หัวตะพาน", "ท่าศาลาใหม่", "หัวตะพาน"),
    ]
    out, err = StringIO(), StringIO()

    with pytest.raises(CommandError, match="พบข้อผิดพลาด 2 รายการ"):
        call_command("import_organizations", str(write_csv(tmp_path / "2567.csv", rows)), stdout=out, stderr=err)

    problems = err.getvalue()
    assert "แถวที่ 3 [รหัส อปท.]" in problems
    assert "แถวที่ 4 [อำเภอ]" in problems
    assert out.getvalue() == ""
    assert list(Organisation.objects.order_by("code").values()) == before


def test_a_missing_file_is_reported_as_such(tmp_path):
    with pytest.raises(CommandError, match="ไม่พบไฟล์"):
        run(str(tmp_path / "missing.csv"))


def test_nothing_to_import_is_an_error():
    with pytest.raises(CommandError):
        run()


def test_bangkok_is_added_from_the_project_data():
    out, _ = run("--bangkok")

    assert "กรุงเทพมหานคร" in out
    assert list(Organisation.objects.values_list("code", "name")) == [("1100101", "กรุงเทพมหานคร")]


@pytest.mark.skipif(not NATIONAL_FILE.exists(), reason="the national registry file is not in the shared data")
def test_one_province_of_the_national_registry_can_be_imported_alone():
    records = json.loads(NATIONAL_FILE.read_text("utf-8"))["localAuthorities"]
    in_province_80 = {record["dlaCode"] for record in records if record["provinceCode"] == "80"}

    out, _ = run(str(NATIONAL_FILE), "--province", "80")

    assert set(Organisation.objects.values_list("code", flat=True)) == in_province_80
    assert len(in_province_80) == 185
    assert f"สร้างใหม่ {len(in_province_80)} " in out
