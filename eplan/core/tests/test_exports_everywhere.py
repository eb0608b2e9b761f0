"""Every table download of the offices and the public (issue 12, part 6), through
eplan.core.tables: the same address gives XLSX or CSV (?format=), the CSV opens with a BOM
so Excel shows Thai as Thai, both open with a title row and a row naming the filters
applied and the date, and an organisation or a coordinator named "=1+1" stays text."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eplan.assessment import services as assessment_services
from eplan.demo.plans import ensure_cycles
from eplan.notices import services as notices_services
from eplan.notices.tests.conftest import letter
from eplan.registry.models import OrganisationType
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import client_for, complete_profile, make_organisation

pytestmark = pytest.mark.django_db

BOM = b"\xef\xbb\xbf"
FORMULA = "=1+1"


@pytest.fixture
def cycle(db):
    """The cycle, its assessment results released (reports are expected of passed plans)."""
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


@pytest.fixture
def formula(world):
    """A special-form organisation in province 80 (district 8001) whose name alone is its
    display name, "=1+1", with a coordinator of the same name."""
    organisation = make_organisation("7800101", FORMULA, "8001", OrganisationType.PATTAYA)
    profile = complete_profile(organisation, email="saraban@formula.example.org")
    profile.coordinator_name = FORMULA
    profile.save()
    return organisation


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(BOM)
    assert ".csv" in response["Content-Disposition"]
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def _xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return list(sheet.iter_rows())


def _check(client, url, query, *, title, named, thai, formula=True):
    """The CSV and the XLSX of one download: the title row, the filters row naming each of
    `named`, the date row, Thai intact, and "=1+1" kept as text in both."""
    rows = _csv(client.get(url, {**query, "format": "csv"}))
    assert title in rows[0][0]
    assert rows[1][0].startswith("เงื่อนไข: ")
    for text in named:
        assert text in rows[1][0], (text, rows[1][0])
    assert rows[2][0].startswith("ข้อมูล ณ ") and "25" in rows[2][0]  # a Buddhist-era year
    assert rows[3] == []
    body = [cell for row in rows[5:] for cell in row]
    assert thai in body
    if formula:
        assert "'" + FORMULA in body and FORMULA not in body
    cells = [cell for row in _xlsx_rows(client.get(url, {**query, "format": "xlsx"})) for cell in row]
    assert title in cells[0].value
    assert thai in [cell.value for cell in cells]
    if formula:
        found = [cell for cell in cells if cell.value == FORMULA]
        assert found and all(cell.data_type == "s" for cell in found)
    return rows


def test_the_public_status_list_and_its_summary_by_province(world, cycle, formula):
    url = reverse("public:status_xlsx", args=[cycle.code])
    rows = _check(
        Client(),
        url,
        {"province": "80"},
        title="สถานะการจัดทำแผน",
        named=["จังหวัด: นครศรีธรรมราช", cycle.title],
        thai="อบต.กลาย",
    )
    assert rows[4][:3] == ["ลำดับ", "รหัสจังหวัด", "จังหวัด"]
    summary = _check(
        Client(),
        url,
        {"table": "provinces"},
        title="สถานะการจัดทำแผน",
        named=["จังหวัด: ทั้งประเทศ"],
        thai="นครศรีธรรมราช",
        formula=False,
    )
    assert summary[-1][:2] == ["รวม", "6"]
    assert Client().get(url, {"format": "pdf"}).status_code == 404
    assert Client().get(url, {"table": "everything"}).status_code == 404


def test_an_announcement_and_its_summary_by_province(world, cycle, formula):
    announcement = assessment_services.announcement_publish(actor=world.central, cycle=cycle)
    url = reverse("public:announcement_xlsx", args=[cycle.code, announcement.number])
    _check(
        Client(),
        url,
        {"province": "80", "status": "not_submitted"},
        title="ประกาศสำนักงาน ป.ป.ช.",
        named=["จังหวัด: นครศรีธรรมราช", "สถานะ: ยังไม่จัดส่งแผน"],
        thai="อบต.ท่าซัก",
    )
    _check(Client(), url, {"table": "provinces"}, title="ประกาศสำนักงาน ป.ป.ช.", named=[], thai="กระบี่", formula=False)


def test_the_plans_still_awaited(world, cycle, formula):
    url = reverse("plans:missing_xlsx", args=[cycle.code])
    rows = _check(
        client_for(world.nacc_provincial),
        url,
        {"status": "all"},
        title="อปท. ที่ยังไม่ส่งแผน",
        named=["จังหวัด: นครศรีธรรมราช", "สถานะ: ทั้งหมดที่ยังต้องส่งแผน", cycle.title],
        thai="อบต.ท่าซัก",
    )
    assert rows[4][3] == "รหัส อปท."
    district = _check(
        client_for(world.central),
        url,
        {"district": "8001"},
        title="อปท. ที่ยังไม่ส่งแผน",
        named=["จังหวัด: นครศรีธรรมราช", "อำเภอ: เมืองนครศรีธรรมราช", "สถานะ: ยังไม่จัดส่งแผน"],
        thai="อบต.ท่าซัก",
    )
    assert {row[3] for row in district[5:]} == {world.other_district.code, formula.code}


@pytest.fixture
def round(world, cycle, formula):
    for organisation in (world.klai, world.other_district, formula, world.krabi):
        assessed(world, organisation, cycle)
    return open_round(cycle)


def test_the_reports_still_missing(world, round, formula):
    url = reverse("reporting:follow_up_missing_xlsx", args=[round.cycle.code, round.code])
    rows = _check(
        client_for(world.nacc_provincial),
        url,
        {},
        title="อปท. ที่ยังไม่ส่งรายงาน",
        named=["จังหวัด: นครศรีธรรมราช", "รอบรายงาน: รอบ 6 เดือน"],
        thai="อบต.กลาย",
    )
    assert {row[3] for row in rows[5:]} == {world.klai.code, world.other_district.code, formula.code}


def test_the_completeness_table_by_province_by_district_and_of_a_district(world, round, formula):
    url = reverse("reporting:follow_up_completeness", args=[round.cycle.code, round.code])
    central = client_for(world.central)
    national = _check(
        central, url, {}, title="การส่งรายงาน", named=["พื้นที่: ทั้งประเทศ"], thai="นครศรีธรรมราช", formula=False
    )
    assert national[4][:3] == ["ภาค", "รหัส", "จังหวัด"]
    assert national[-1][2] == "รวม ทั้งประเทศ" and national[-1][3] == "4"
    by_district = _check(
        central,
        url,
        {"province": "80"},
        title="การส่งรายงาน",
        named=["จังหวัด: นครศรีธรรมราช"],
        thai="ท่าศาลา",
        formula=False,
    )
    assert by_district[4][1] == "อำเภอ"
    of_district = _check(
        client_for(world.nacc_provincial),
        url,
        {"district": "8001"},
        title="การส่งรายงาน",
        named=["จังหวัด: นครศรีธรรมราช", "อำเภอ: เมืองนครศรีธรรมราช"],
        thai="ยังไม่เริ่มรายงาน",
    )
    assert {row[0] for row in of_district[5:]} == {world.other_district.code, formula.code}
    assert client_for(world.nacc_provincial_krabi).get(url, {"province": "80"}).status_code == 404


def test_the_acknowledgements_of_a_circular_per_organisation_and_per_district(world, formula):
    circular = notices_services.circular_create(actor=world.provincial_dla, **letter())
    circular = notices_services.circular_publish(actor=world.provincial_dla, circular=circular)
    url = reverse("notices:acknowledgements_xlsx", args=[circular.pk])
    sender = client_for(world.provincial_dla)
    rows = _check(sender, url, {}, title="การรับทราบหนังสือเวียน", named=[circular.number], thai="ยังไม่รับทราบ")
    assert formula.code in [row[0] for row in rows[5:]]
    _check(
        sender,
        url,
        {"table": "districts"},
        title="การรับทราบหนังสือเวียน",
        named=["รายอำเภอ"],
        thai="ท่าศาลา",
        formula=False,
    )
    assert sender.get(url, {"table": "nobody"}).status_code == 404
