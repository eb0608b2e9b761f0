"""Amounts in a report as officers write them, read by the one parser
(eplan.core.money.parse_amount) through each face: the report page, the Excel import and
the API. What is refused names its field and says why, in Thai; nothing is saved."""

from decimal import Decimal

import pytest

from eplan.plans.tests.test_api import with_token
from eplan.reporting import services
from eplan.reporting.models import ReportLine
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.reporting.tests.test_api import report_path
from eplan.reporting.tests.test_files import as_file, as_user, download, put, upload
from eplan.reporting.tests.test_files import url as file_url

pytestmark = pytest.mark.django_db

# (field, as typed, amount saved)
ACCEPTED = [
    ("ordinance_budget", "20,000", Decimal("20000.00")),
    ("ordinance_budget", "20,000.-", Decimal("20000.00")),
    ("ordinance_budget", "20,000.00 บาท", Decimal("20000.00")),
    ("ordinance_budget", "๒๐,๐๐๐", Decimal("20000.00")),
    ("disbursed", "12,500.50", Decimal("12500.50")),
    ("disbursed", "๑๒,๕๐๐ บาท", Decimal("12500.00")),
]
# (field, as typed, what the officer is told, after the field's name)
REFUSED = [
    ("disbursed", "-500", "จำนวนเงินต้องไม่ติดลบ"),
    ("ordinance_budget", "−20,000", "จำนวนเงินต้องไม่ติดลบ"),
    ("ordinance_budget", "20,000 30,000", "มีจำนวนเงินมากกว่าหนึ่งจำนวน"),
    ("disbursed", "ยังไม่ทราบ", "ไม่ใช่จำนวนเงิน"),
    ("disbursed", "1.234", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
]
LABELS = {"ordinance_budget": "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ", "disbursed": "เบิกจ่าย"}
HEADERS = {"ordinance_budget": "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ", "disbursed": "เบิกจ่าย"}


@pytest.fixture
def line(world, cycle) -> ReportLine:
    """A line of อบต.กลาย's draft report, with a planned budget, nothing answered yet."""
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    return report.lines.filter(planned_budget__isnull=False).first()


def _clear(line):
    ReportLine.objects.filter(pk=line.pk).update(ordinance_budget=None, disbursed=None, note="")


def _values(line):
    line.refresh_from_db()
    return {"ordinance_budget": line.ordinance_budget, "disbursed": line.disbursed}


# Each face: save one amount as typed; give back the amount saved, or the reasons refused.


def on_the_page(world, line, field, text):
    report = line.report
    address = f"/reporting/{report.organisation.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/"
    response = as_user(world.officer).post(address, {field: text, "note": "ทดสอบ"}, HTTP_HX_REQUEST="true")
    if response.status_code == 422:
        return None, response.content.decode()
    assert response.status_code == 200, response.content
    return _values(line)[field], None


def through_excel(world, line, field, text):
    client = as_user(world.officer)
    workbook = download(client, line.report)
    sheet = workbook["รายงานผล"]
    put(sheet, line, HEADERS[field], text)
    put(sheet, line, "หมายเหตุ", "ทดสอบ")
    response = upload(client, line.report, as_file(workbook))
    if response.status_code == 422:
        problems = response.context["problems"]
        assert {(problem.column, problem.letter) for problem in problems} == {
            (HEADERS[field], "G" if field == "ordinance_budget" else "H")
        }
        return None, " ".join(f"{problem.column}: {problem.reason}" for problem in problems)
    assert response.status_code == 200, response.content
    client.post(file_url("report_import", line.report), {"confirm": "1", "token": response.context["token"]})
    return _values(line)[field], None


def through_the_api(world, line, field, text):
    payload = {"lines": {str(line.pk): {field: text, "note": "ทดสอบ"}}}
    response = with_token(world.officer).put(report_path(line.report.organisation, line.report.round), payload)
    if response.status_code == 422:
        errors = response.json()["errors"]
        assert list(errors) == [f"lines.{line.pk}.{field}"]
        return None, " ".join(errors[f"lines.{line.pk}.{field}"])
    assert response.status_code == 200, response.content
    (found,) = [entry for entry in response.json()["lines"] if entry["id"] == line.pk]
    assert Decimal(found[field]) == _values(line)[field]
    return _values(line)[field], None


FACES = [on_the_page, through_excel, through_the_api]


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.__name__)
def test_amounts_written_the_way_officers_write_them_are_saved(world, line, face):
    for field, text, amount in ACCEPTED:
        _clear(line)
        saved, refused = face(world, line, field, text)
        assert refused is None, (text, refused)
        assert saved == amount, (face.__name__, text)


@pytest.mark.parametrize("face", FACES, ids=lambda face: face.__name__)
def test_what_is_not_one_amount_is_refused_naming_the_field_and_why_and_nothing_is_saved(world, line, face):
    for field, text, reason in REFUSED:
        _clear(line)
        saved, refused = face(world, line, field, text)
        assert saved is None, (face.__name__, text, saved)
        assert f"{LABELS[field]}: " in refused and reason in refused, (face.__name__, text, refused)
        assert _values(line) == {"ordinance_budget": None, "disbursed": None}
