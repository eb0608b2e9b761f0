"""A report as files: an Excel workbook the organisation may fill in offline and import
(previewed, all or nothing, idempotent), and a PDF for its website; only for those whose
scope covers the organisation.

PDF content is checked in the HTML it is made from: text extracted from a PDF loses Thai
sara am."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from eplan.core import pdf
from eplan.core.models import AuditEvent
from eplan.core.thai import thai_date
from eplan.reporting import excel, services
from eplan.reporting.models import LineStatus, NotPossibleReason, ReportLine
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "รายงานผล"


@pytest.fixture
def report(world, cycle):
    """อบต.กลาย's draft 6-month report, with some answers already given on the page."""
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    first, second, third = report.lines.all()[:3]
    services.report_save(
        actor=world.officer,
        report=report,
        lines={
            first.pk: {
                "status": LineStatus.DONE,
                "ordinance_budget": "20000",
                "disbursed": "15000.50",
                "in_ordinance": True,
                "outputs": "อบรมพนักงาน 2 รุ่น\r\nรวม 80 คน",
            },
            second.pk: {"status": LineStatus.NOT_POSSIBLE, "reason": NotPossibleReason.OTHER, "reason_other": "น้ำท่วม"},
            third.pk: {"status": LineStatus.IN_PROGRESS, "note": "=ยังไม่ครบ"},
        },
        extras=[{"title": "กิจกรรมรณรงค์วันต่อต้านคอร์รัปชันสากล", "dimension": "1", "status": LineStatus.DONE}],
        summary="ดำเนินการตามแผน",
    )
    return report


def submit(world, report):
    """Answer the plan lines not yet answered, and send the report."""
    waiting = report.lines.filter(item_id__isnull=False, status="")
    services.report_save(actor=world.officer, report=report, lines={line.pk: {"status": "done"} for line in waiting})
    return services.report_submit(actor=world.officer, report=report)


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, report):
    round = report.round
    return reverse(f"reporting:{name}", args=[report.organisation.code, round.cycle.code, round.code])


def lines_state(report):
    return list(ReportLine.objects.filter(report=report).order_by("pk").values())


def download(client, report):
    response = client.get(url("report_xlsx", report))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def row_of(sheet, line):
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, 1).value == line.pk)


def put(sheet, line, header, value):
    sheet.cell(row_of(sheet, line), columns(sheet)[header]).value = value


def as_file(workbook, name="report.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, report, file):
    return client.post(url("report_import", report), {"file": file})


def preview(client, report, workbook):
    """The preview of an upload, and the token that confirms it."""
    response = upload(client, report, as_file(workbook))
    assert response.status_code == 200
    return response, response.context["token"]


def confirm(client, report, token):
    return client.post(url("report_import", report), {"confirm": "1", "token": token})


def test_the_export_has_one_row_per_line_thai_headers_dropdowns_and_locked_facts(world, report):
    workbook = download(as_user(world.officer), report)
    assert workbook.sheetnames == [SHEET, "คำแนะนำ"]
    sheet = workbook[SHEET]
    headers = list(columns(sheet))
    assert headers[:6] == ["รหัสรายการ", "ลำดับ", "มิติ", "ภารกิจ", "โครงการ/กิจกรรม/มาตรการ", "งบประมาณตามแผน"]
    assert headers[6:] == [
        "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ",
        "เบิกจ่าย",
        "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน",
        "สถานะการดำเนินการ",
        "เหตุผลที่ดำเนินการไม่ได้",
        "เหตุผลอื่น",
        "ผลผลิต",
        "ผลลัพธ์",
        "ปัญหาและอุปสรรค",
        "หมายเหตุ",
    ]
    lines = list(report.lines.all())
    assert [sheet.cell(row, 1).value for row in range(2, len(lines) + 2)] == [line.pk for line in lines]
    first, second = lines[:2]
    assert sheet.cell(row_of(sheet, first), columns(sheet)["เบิกจ่าย"]).value == Decimal("15000.50")
    assert sheet.cell(row_of(sheet, first), columns(sheet)["สถานะการดำเนินการ"]).value == "ดำเนินการแล้วเสร็จ"
    assert sheet.cell(row_of(sheet, second), columns(sheet)["เหตุผลที่ดำเนินการไม่ได้"]).value == "อื่นๆ"

    # The plan's facts are locked; the answers are open.
    assert sheet.protection.sheet
    row = row_of(sheet, first)
    assert sheet.cell(row, columns(sheet)["โครงการ/กิจกรรม/มาตรการ"]).protection.locked
    assert sheet.cell(row, 1).protection.locked
    assert not sheet.cell(row, columns(sheet)["สถานะการดำเนินการ"]).protection.locked
    lists = {v.formula1 for v in sheet.data_validations.dataValidation if v.type == "list"}
    assert '"อยู่ระหว่างดำเนินการ,ดำเนินการแล้วเสร็จ,ไม่สามารถดำเนินการได้"' in lists
    assert '"ไม่ได้รับงบประมาณ,นโยบายผู้บริหารเปลี่ยนแปลง,บุคลากรไม่เพียงพอ,อื่นๆ"' in lists
    assert '"ใช่,ไม่ใช่"' in lists
    instructions = " ".join(str(c) for r in workbook["คำแนะนำ"].iter_rows(values_only=True) for c in r if c)
    assert "จะไม่บันทึกข้อมูลใดเลย" in instructions


def test_importing_an_unchanged_export_changes_nothing(world, report):
    client = as_user(world.officer)
    workbook = download(client, report)
    before, events = lines_state(report), AuditEvent.objects.count()
    response, token = preview(client, report, workbook)
    assert "ไฟล์นี้ไม่มีการเปลี่ยนแปลงจากรายงานปัจจุบัน" in response.content.decode()
    assert response.context["changes"] == []
    assert response.context["unchanged"] == report.lines.count()
    response = confirm(client, report, token)
    assert response.status_code == 302
    assert lines_state(report) == before
    assert AuditEvent.objects.count() == events


def test_a_valid_import_is_previewed_and_saved_only_when_confirmed(world, report):
    client = as_user(world.officer)
    lines = list(report.lines.all())
    workbook = download(client, report)
    sheet = workbook[SHEET]
    put(sheet, lines[3], "สถานะการดำเนินการ", "ดำเนินการแล้วเสร็จ")
    put(sheet, lines[3], "เบิกจ่าย", "๑๒,๕๐๐")  # Thai digits and a thousands separator
    put(sheet, lines[3], "งบประมาณตามข้อบัญญัติ/เทศบัญญัติ", 30000)
    put(sheet, lines[3], "บรรจุไว้ในข้อบัญญัติ/เทศบัญญัติ/แผนการดำเนินงาน", "ใช่")
    put(sheet, lines[0], "ผลลัพธ์", "ผู้เข้าอบรมร้อยละ 90 ผ่านการทดสอบ")
    put(sheet, lines[1], "สถานะการดำเนินการ", "อยู่ระหว่างดำเนินการ")  # its reason goes with it
    before = lines_state(report)

    response, token = preview(client, report, workbook)
    changed = {change["line"].pk: change for change in response.context["changes"]}
    assert set(changed) == {lines[0].pk, lines[1].pk, lines[3].pk}
    fields = {field["label"]: (field["old"], field["new"]) for field in changed[lines[3].pk]["fields"]}
    assert fields["เบิกจ่าย"] == ("—", "12,500.00")
    assert fields["สถานะการดำเนินการ"] == ("—", "ดำเนินการแล้วเสร็จ")
    assert changed[lines[3].pk]["row"] == row_of(sheet, lines[3])
    assert lines_state(report) == before  # nothing saved yet

    response = confirm(client, report, token)
    assert response.status_code == 302 and response["Location"] == url("report", report)
    done = ReportLine.objects.get(pk=lines[3].pk)
    assert (done.status, done.disbursed, done.ordinance_budget, done.in_ordinance) == (
        LineStatus.DONE,
        Decimal("12500"),
        Decimal("30000"),
        True,
    )
    assert ReportLine.objects.get(pk=lines[0].pk).outcomes == "ผู้เข้าอบรมร้อยละ 90 ผ่านการทดสอบ"
    reopened = ReportLine.objects.get(pk=lines[1].pk)
    assert (reopened.status, reopened.reason, reopened.reason_other) == (LineStatus.IN_PROGRESS, "", "")
    # The same file again is now no change.
    assert preview(client, report, workbook)[0].context["changes"] == []


def test_one_bad_row_changes_nothing_and_each_problem_names_its_row_and_column(world, report):
    client = as_user(world.officer)
    lines = list(report.lines.all())
    workbook = download(client, report)
    sheet = workbook[SHEET]
    put(sheet, lines[3], "สถานะการดำเนินการ", "ดำเนินการแล้วเสร็จ")  # valid
    put(sheet, lines[4], "สถานะการดำเนินการ", "ไม่สามารถดำเนินการได้")  # no reason
    put(sheet, lines[5], "เบิกจ่าย", "abc")
    put(sheet, lines[6], "สถานะการดำเนินการ", "เสร็จแล้ว")  # not one of the choices
    before = lines_state(report)

    response = upload(client, report, as_file(workbook))
    assert response.status_code == 422
    found = {(p.row, p.column): p for p in response.context["problems"]}
    assert set(found) == {
        (row_of(sheet, lines[4]), "เหตุผลที่ดำเนินการไม่ได้"),
        (row_of(sheet, lines[5]), "เบิกจ่าย"),
        (row_of(sheet, lines[6]), "สถานะการดำเนินการ"),
    }
    assert found[(row_of(sheet, lines[4]), "เหตุผลที่ดำเนินการไม่ได้")].reason == "กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้"
    assert "'abc' ไม่ใช่จำนวนเงิน" in found[(row_of(sheet, lines[5]), "เบิกจ่าย")].reason
    assert found[(row_of(sheet, lines[5]), "เบิกจ่าย")].letter == "H"
    assert "เลือก อยู่ระหว่างดำเนินการ" in found[(row_of(sheet, lines[6]), "สถานะการดำเนินการ")].reason
    page = response.content.decode()
    assert "ยังไม่ได้บันทึกข้อมูลใดเลย" in page and "คอลัมน์ H" in page
    # Nothing waits to be confirmed, and nothing was saved.
    confirm(client, report, "")
    assert lines_state(report) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("unknown_id", "ไม่พบรายการรหัส 999999 ในรายงานนี้"),
        ("duplicate_id", "รหัสรายการนี้ซ้ำกับแถวที่ 2"),
        ("no_id", "แถวนี้ไม่มีรหัสรายการ"),
        ("wrong_sheet", 'ไม่พบแผ่นงาน "รายงานผล" ในไฟล์'),
        ("unknown_header", "ไม่รู้จักหัวคอลัมน์นี้"),
    ],
)
def test_a_file_that_does_not_fit_the_report_is_refused_with_a_reason(world, report, change, message):
    client = as_user(world.officer)
    workbook = download(client, report)
    sheet = workbook[SHEET]
    if change == "unknown_id":
        sheet.cell(3, 1).value = 999999
    elif change == "duplicate_id":
        sheet.cell(3, 1).value = sheet.cell(2, 1).value
    elif change == "no_id":
        sheet.cell(3, 1).value = None
    elif change == "wrong_sheet":
        sheet.title = "Sheet1"
    else:
        sheet.cell(1, 20).value = "คอลัมน์ของฉัน"
    before = lines_state(report)
    response = upload(client, report, as_file(workbook))
    assert response.status_code == 422
    assert any(message in problem.reason for problem in response.context["problems"])
    assert lines_state(report) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.xlsx", b"this is not a workbook", "เปิดไฟล์ไม่ได้"),
        ("report.csv", b"a,b,c", "รับเฉพาะไฟล์ Excel นามสกุล .xlsx"),
        ("report.xls", b"\xd0\xcf\x11\xe0", "Excel 97"),
    ],
)
def test_a_file_that_is_not_xlsx_is_refused(world, report, name, content, message):
    response = upload(as_user(world.officer), report, SimpleUploadedFile(name, content))
    assert response.status_code == 422
    assert message in response.content.decode()


def test_a_confirmation_after_the_report_changed_is_refused(world, report):
    client = as_user(world.officer)
    line = report.lines.all()[5]
    workbook = download(client, report)
    put(workbook[SHEET], line, "สถานะการดำเนินการ", "ดำเนินการแล้วเสร็จ")
    _response, token = preview(client, report, workbook)
    services.report_save(actor=world.colleague, report=report, lines={line.pk: {"status": LineStatus.IN_PROGRESS}})
    response = confirm(client, report, token)
    assert response.status_code == 302 and response["Location"] == url("report_import", report)
    assert ReportLine.objects.get(pk=line.pk).status == LineStatus.IN_PROGRESS


def test_a_submitted_report_is_not_imported(world, report):
    submit(world, report)
    response = as_user(world.officer).get(url("report_import", report), follow=False)
    assert response.status_code == 302 and response["Location"] == url("report", report)


def test_a_refusal_of_report_save_is_shown_by_row_and_column():
    refusal = ValidationError({"lines.41.reason": ["กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้"]})
    [problem] = excel.problems_of(refusal, rows={"41": 7}, letters={"reason": "K"})
    assert problem == excel.Problem(7, "เหตุผลที่ดำเนินการไม่ได้", "K", "กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้")


def test_who_may_download_and_import(world, report):
    outsider = as_user(world.outsider_officer)
    for name in ("report_xlsx", "report_pdf", "report_import"):
        assert outsider.get(url(name, report)).status_code == 404
    assert upload(outsider, report, as_file(download(as_user(world.officer), report))).status_code == 404
    # The district office sees the report but does not write it.
    district = as_user(world.district_office)
    download(district, report)
    assert district.get(url("report_import", report)).status_code == 404
    assert as_user(world.officer).get(url("report_import", report)).status_code == 200
    assert Client().get(url("report_xlsx", report)).status_code == 302  # to the login page


def test_the_pdf_renders_for_a_draft_and_a_submitted_report(world, report):
    client = as_user(world.officer)
    draft = client.get(url("report_pdf", report))
    assert draft.status_code == 200 and draft["Content-Type"] == "application/pdf"
    assert draft.content.startswith(b"%PDF")
    assert "draft.pdf" in draft["Content-Disposition"]
    submit(world, report)
    submitted = client.get(url("report_pdf", report))
    assert submitted.status_code == 200 and submitted.content.startswith(b"%PDF")


@pytest.fixture
def rendered(monkeypatch):
    """The HTML of every PDF the views make, without the slow rendering."""
    pages = []

    def fake_html_to_pdf(html):
        pages.append(html)
        return b"%PDF-1.7 (not rendered in this test)"

    monkeypatch.setattr(pdf, "html_to_pdf", fake_html_to_pdf)
    return pages


def test_the_pdf_says_what_the_report_holds(world, report, rendered):
    client = as_user(world.district_office)
    client.get(url("report_pdf", report))
    html = rendered[-1]
    assert 'class="watermark"' in html and "ฉบับร่าง (ยังไม่ได้ส่ง)" in html
    assert world.klai.full_name in html and world.klai.place in html
    assert f"รอบ 6 เดือน ปีงบประมาณ พ.ศ. {report.round.fiscal_year}" in html
    assert "15,000.50" in html and "20,000.00" in html  # thousands separators
    assert "รวม 4 มิติ" in html
    assert "กิจกรรมรณรงค์วันต่อต้านคอร์รัปชันสากล" in html  # the extra item
    assert "ดำเนินการตามแผน" in html  # the overall summary
    assert "เหตุผล: น้ำท่วม" in html

    report = submit(world, report)
    client.get(url("report_pdf", report))
    html = rendered[-1]
    assert 'class="watermark"' not in html
    assert report.receipt_number in html
    assert thai_date(report.submitted_at) in html
    assert "ร้อยละการดำเนินงาน" in html and "สีเขียว" in html
