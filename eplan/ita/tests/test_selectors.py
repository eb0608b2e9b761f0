"""ita_summary against a hand count, its query count, ita_years, the demo seeder and the
command."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from eplan.ita.demo import seed_ita
from eplan.ita.models import ItaResult
from eplan.ita.selectors import ita_summary, ita_years
from eplan.ita.services import import_ita
from eplan.ita.tests.test_import import csv_file
from eplan.registry.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture
def results(world):
    import_ita(
        csv_file(
            "6800808,2567,91.25,A",  # 80 ท่าศาลา
            "5800801,2567,70.00,C",  # 80 ท่าศาลา
            "6800101,2567,96.00,AA",  # 80 เมือง
            "6810101,2567,86.00,A",  # 81
            "6500101,2566,40.00,F",  # 50, another year
        ),
        filename="ita.csv",
        user=world.central,
    )


def test_summary_by_province_equals_a_hand_count(world, results):
    rows = {row["key"]: row for row in ita_summary(2567, Organisation.objects.all(), group_by="province")}
    assert set(rows) == {"80", "81", "50"}
    assert (rows["80"]["organisations"], rows["80"]["count"]) == (3, 3)
    assert rows["80"]["average"] == Decimal("85.75")  # (91.25 + 70 + 96) / 3
    assert rows["80"]["levels"] == {"AA": 1, "A": 1, "B": 0, "C": 1, "D": 0, "E": 0, "F": 0}
    assert rows["80"]["passed"] == 2
    assert rows["80"]["label"] == "นครศรีธรรมราช"
    assert (rows["81"]["count"], rows["81"]["average"]) == (1, Decimal("86.00"))
    assert (rows["50"]["organisations"], rows["50"]["count"], rows["50"]["average"]) == (1, 0, None)


def test_summary_of_the_whole_and_by_other_groups(world, results):
    everyone = Organisation.objects.all()
    total = ita_summary(2567, everyone)
    assert (total["organisations"], total["count"], total["average"], total["passed"]) == (5, 4, Decimal("85.81"), 3)
    by_district = {row["key"]: row["count"] for row in ita_summary(2567, everyone, group_by="district")}
    assert by_district == {"8008": 2, "8001": 1, "8101": 1, "5001": 0}
    by_region = {row["key"]: row["count"] for row in ita_summary(2567, everyone, group_by="region")}
    assert by_region == {8: 4, 5: 0}
    by_type = {row["key"]: (row["label"], row["count"]) for row in ita_summary(2567, everyone, group_by="org_type")}
    assert by_type["subdistrict_municipality"][1] == 1 and by_type["subdistrict_admin_org"][1] == 3
    by_organisation = {row["key"]: row for row in ita_summary(2567, everyone, group_by="organisation")}
    assert by_organisation["6800808"]["label"] == "อบต.กลาย" and by_organisation["6800808"]["average"] == Decimal(
        "91.25"
    )
    with pytest.raises(ValueError):
        ita_summary(2567, everyone, group_by="colour")


def test_summary_queries_do_not_grow_with_data(world, results, django_assert_max_num_queries):
    seed_ita(year=2565)
    with django_assert_max_num_queries(2):
        ita_summary(2567, Organisation.objects.all(), group_by="province")
    with django_assert_max_num_queries(2):
        ita_summary(2567, Organisation.objects.all())


def test_years_newest_first_with_counts(world, results):
    assert [(row["year"], row["count"]) for row in ita_years()] == [(2567, 4), (2566, 1)]
    klai_only = Organisation.objects.filter(code="6800808")
    assert [(row["year"], row["average"]) for row in ita_years(klai_only)] == [(2567, Decimal("91.25"))]


def test_the_demo_seeder_is_deterministic_and_idempotent(world):
    first = seed_ita(year=2567)
    scores = dict(ItaResult.objects.values_list("organisation__code", "score"))
    assert first.created == Organisation.objects.filter(active=True).count()
    again = seed_ita(year=2567)
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert dict(ItaResult.objects.values_list("organisation__code", "score")) == scores
    assert all(Decimal("40") <= score <= Decimal("100") for score in scores.values())


def test_the_command_imports_and_refuses_a_bad_file(world, tmp_path, capsys):
    good = tmp_path / "ita.csv"
    good.write_bytes(csv_file("6800808,2567,91.25,A"))
    call_command("import_ita", str(good))
    assert "สร้างใหม่ 1" in capsys.readouterr().out
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file("6800808,2567,91.25,B"))
    with pytest.raises(CommandError, match="ไม่มีข้อมูลใดถูกเปลี่ยนแปลง"):
        call_command("import_ita", str(bad))
    assert "แถวที่ 2 [ระดับ]" in capsys.readouterr().err
    assert ItaResult.objects.get().level == "A"
