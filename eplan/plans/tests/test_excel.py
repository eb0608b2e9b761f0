"""Plan items in Excel: a template with Thai headers and dropdowns, an export that is the
template filled in, and an import that saves nothing until the whole file is valid and
the officer has confirmed a preview of what will change."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Prefetch
from django.test import Client
from django.urls import reverse
from django.utils.html import escape
from openpyxl import load_workbook

from eplan.core.models import AuditEvent
from eplan.plans import services, services_import
from eplan.plans.models import ItemBudget, PlanItem, PlanStatus

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ITEMS_SHEET = "ส่วนที่ 2-3"


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def url(name, plan):
    return reverse(f"plans:{name}", args=[plan.organisation.code, plan.cycle.code])


def items_state(plan):
    """Everything about the plan's items, ids and timestamps included."""
    items = PlanItem.objects.filter(plan=plan).prefetch_related(
        Prefetch("budgets", queryset=ItemBudget.objects.order_by("fiscal_year"))
    )
    return {
        item.pk: (
            item.mission_id,
            item.position,
            item.previous_mission_code,
            *(getattr(item, name) for name in PlanItem.PART2_FIELDS + PlanItem.PART3_FIELDS),
            item.updated_at,
            [(budget.pk, budget.fiscal_year, budget.amount, budget.no_budget) for budget in item.budgets.all()],
        )
        for item in items
    }


def download(client, name, plan):
    response = client.get(url(name, plan))
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def columns(sheet):
    return {cell.value: cell.column for cell in sheet[1] if cell.value}


def row_of(sheet, item):
    id_column = columns(sheet)["รหัสรายการ"]
    return next(row for row in range(2, sheet.max_row + 1) if sheet.cell(row, id_column).value == item.pk)


def put(sheet, row, header, value):
    sheet.cell(row, columns(sheet)[header]).value = value


def as_file(workbook, name="plan.xlsx"):
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=XLSX)


def upload(client, plan, workbook, name="plan.xlsx"):
    return client.post(url("excel_import", plan), {"file": as_file(workbook, name)})


def item_titled(plan, start):
    return PlanItem.objects.get(plan=plan, title__startswith=start)


def test_the_template_has_thai_headers_dropdowns_and_an_instructions_sheet(world, plan):
    workbook = download(as_user(world.officer), "excel_template", plan)
    assert workbook.sheetnames == [ITEMS_SHEET, "ส่วนหน้าและส่วนที่ 1", "คำแนะนำ", "ภารกิจ"]
    sheet, missions = workbook[ITEMS_SHEET], workbook["ภารกิจ"]
    headers = list(columns(sheet))
    assert headers[:2] == ["รหัสรายการ", "รหัสภารกิจ"]
    for header in ["ประเภท", "ชื่อโครงการ/กิจกรรม/มาตรการ", "ไตรมาส", "กลุ่มเป้าหมาย", "หมายเหตุ", "ตัวชี้วัด/ผลลัพธ์"]:
        assert header in headers
    assert [h for h in headers if h.startswith("งบประมาณปี")] == [f"งบประมาณปี {y}" for y in (2562, 2563, 2564, 2565)]
    assert sheet.freeze_panes == "A2"
    assert sheet.cell(2, 1).value is None and sheet.cell(2, columns(sheet)["ชื่อโครงการ/กิจกรรม/มาตรการ"]).value is None

    # The mission dropdown lists the leaf missions kept on a hidden sheet; kinds are the four Thai labels.
    assert missions.sheet_state == "hidden"
    codes = [row[0] for row in missions.iter_rows(min_row=2, values_only=True)]
    assert "1.1.1" in codes and "2.1" in codes and "1.1" not in codes
    validations = {str(v.sqref).split(":")[0][0]: v for v in sheet.data_validations.dataValidation}
    mission_letter = sheet.cell(1, columns(sheet)["รหัสภารกิจ"]).column_letter
    kind_letter = sheet.cell(1, columns(sheet)["ประเภท"]).column_letter
    assert validations[mission_letter].formula1 == f"'ภารกิจ'!$A$2:$A${len(codes) + 1}"
    assert validations[kind_letter].formula1 == '"โครงการ,กิจกรรม,มาตรการ,แนวปฏิบัติงาน"'

    instructions = " ".join(
        str(cell) for row in workbook["คำแนะนำ"].iter_rows(values_only=True) for cell in row if cell
    )
    assert "จะถูกลบออกจากแผน" in instructions
    assert "จะไม่บันทึกข้อมูลใดเลย" in instructions
    assert "ไม่ใช้งบประมาณ" in instructions and "1.1.1" in instructions
    assert "ขีด (-) หรือช่องว่าง หมายถึง ไม่ได้ดำเนินการในปีนั้น" in instructions


def test_the_export_lists_items_in_document_order_with_numbers_as_numbers(world, plan):
    first = item_titled(plan, "โครงการอบรมคุณธรรม")
    late = item_titled(plan, "กิจกรรมประกาศเจตจำนง")  # mission 2.1, given the first position
    PlanItem.objects.filter(pk=late.pk).update(position=0)
    sheet = download(as_user(world.officer), "excel_export", plan)[ITEMS_SHEET]
    header = columns(sheet)
    missions = [sheet.cell(row, header["รหัสภารกิจ"]).value for row in range(2, 42)]
    assert missions == sorted(missions, key=lambda code: [int(part) for part in code.split(".")])
    assert sheet.cell(42, header["รหัสรายการ"]).value is None

    row = row_of(sheet, first)
    budget = sheet.cell(row, header["งบประมาณปี 2562"])
    assert budget.value == 30000 and budget.number_format == "#,##0.00"
    assert sheet.cell(row, header["ประเภท"]).value == "โครงการ"
    no_budget = row_of(sheet, item_titled(plan, "กิจกรรมให้ความรู้เรื่องการปฏิบัติราชการ"))
    assert sheet.cell(no_budget, header["งบประมาณปี 2562"]).value == "ไม่ใช้งบประมาณ"
    not_run = row_of(sheet, item_titled(plan, "กิจกรรมเยาวชนจิตอาสา"))
    assert sheet.cell(not_run, header["งบประมาณปี 2563"]).value == "-"  # as the official table prints it


def test_export_then_import_changes_nothing_even_for_awkward_content(world, plan):
    item = item_titled(plan, "โครงการอบรมคุณธรรม")
    item.title = "=โครงการที่ขึ้นต้นด้วยเครื่องหมายเท่ากับ"
    item.quarters = [3, 1]
    item.target_groups = ["เด็กและเยาวชน", "ข้าราชการการเมืองฝ่ายบริหาร"]
    item.method = "1. วางแผน\r\n2. ดำเนินการ"
    item.save()
    ItemBudget.objects.filter(item=item, fiscal_year=2563).update(amount=Decimal("1500.50"))
    PlanItem.objects.create(plan=plan, title="รายการที่ยกมาจากแผนรอบก่อน", previous_mission_code="5.1", position=99)
    ItemBudget.objects.create(item=PlanItem.objects.get(title="รายการที่ยกมาจากแผนรอบก่อน"), fiscal_year=2562, amount=1)
    client = as_user(world.officer)
    before = items_state(plan)

    response = upload(client, plan, download(client, "excel_export", plan))
    assert response.status_code == 302 and response["Location"] == url("excel_import_apply", plan)
    preview = client.get(url("excel_import_apply", plan))
    assert preview.context["counts"] == {"created": 0, "updated": 0, "deleted": 0, "unchanged": 41}
    assert "ไม่มีการเปลี่ยนแปลง" in preview.content.decode()
    assert "ยืนยันนำเข้า" not in preview.content.decode()

    assert client.post(url("excel_import_apply", plan)).status_code == 302
    assert items_state(plan) == before
    assert not AuditEvent.objects.filter(action="plans.items_import").exists()


def test_a_valid_edited_file_updates_creates_and_deletes_with_one_audit_event(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    renamed, rebudgeted = item_titled(plan, "โครงการอบรมคุณธรรม"), item_titled(plan, "โครงการค่ายเยาวชน")
    removed, untouched = item_titled(plan, "กิจกรรมโตไปไม่โกง"), item_titled(plan, "โครงการเครือข่ายเฝ้าระวัง")
    put(sheet, row_of(sheet, renamed), "ชื่อโครงการ/กิจกรรม/มาตรการ", "โครงการอบรมคุณธรรม จริยธรรม (ปรับปรุง)")
    put(sheet, row_of(sheet, rebudgeted), "งบประมาณปี 2563", 1000.1 + 0.2)  # 1000.3000000000001 in binary
    new_row = sheet.max_row + 1
    for header, value in {
        "รหัสภารกิจ": "3.2.1",
        "ประเภท": "กิจกรรม",
        "ชื่อโครงการ/กิจกรรม/มาตรการ": "กิจกรรมรับฟังความคิดเห็นผ่านระบบออนไลน์",
        "งบประมาณปี 2562": "ไม่ใช้งบประมาณ",
        "งบประมาณปี 2564": "5,000",
        "ไตรมาส": "1, 2",
        "กลุ่มเป้าหมาย": "ประชาชน/ภาคประชาสังคม",
    }.items():
        put(sheet, new_row, header, value)
    sheet.delete_rows(row_of(sheet, removed))
    before = items_state(plan)

    assert upload(client, plan, workbook, "แผนกลาย.xlsx").status_code == 302
    preview = client.get(url("excel_import_apply", plan))
    assert preview.context["counts"] == {"created": 1, "updated": 2, "deleted": 1, "unchanged": 37}
    body = preview.content.decode()
    assert "กิจกรรมรับฟังความคิดเห็นผ่านระบบออนไลน์" in body and "กิจกรรมโตไปไม่โกง" in body
    assert "1,000.30" in body and "ยืนยันนำเข้า" in body
    assert items_state(plan) == before  # the preview saves nothing

    response = client.post(url("excel_import_apply", plan))
    assert response.status_code == 302 and response["Location"] == url("items", plan)
    renamed.refresh_from_db()
    assert renamed.title == "โครงการอบรมคุณธรรม จริยธรรม (ปรับปรุง)"
    assert ItemBudget.objects.get(item=rebudgeted, fiscal_year=2563).amount == Decimal("1000.30")
    assert not PlanItem.objects.filter(pk=removed.pk).exists()
    created = PlanItem.objects.get(plan=plan, title="กิจกรรมรับฟังความคิดเห็นผ่านระบบออนไลน์")
    assert created.mission.code == "3.2.1" and created.kind == "activity" and created.quarters == [1, 2]
    assert created.target_groups == ["ประชาชน/ภาคประชาสังคม"]
    assert {b.fiscal_year: (b.amount, b.no_budget) for b in created.budgets.all()} == {
        2562: (None, True),
        2564: (Decimal("5000.00"), False),
    }
    assert items_state(plan)[untouched.pk] == before[untouched.pk]
    event = AuditEvent.objects.get(action="plans.items_import")
    assert event.detail["file"] == "แผนกลาย.xlsx"
    assert (event.detail["created"], event.detail["updated"], event.detail["deleted"]) == (1, 2, 1)
    assert event.changes["created"] == [created.pk]
    assert event.changes["deleted"] == {str(removed.pk): removed.title}
    assert event.organisation_code == world.klai.code
    assert not AuditEvent.objects.filter(action__in=["plans.item_update", "plans.item_create"]).exists()


def test_the_order_of_rows_is_the_order_of_items_within_a_mission(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    first, second = PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position")
    a, b = row_of(sheet, first), row_of(sheet, second)
    for column in range(1, sheet.max_column + 1):
        upper, lower = sheet.cell(a, column), sheet.cell(b, column)
        upper.value, lower.value = lower.value, upper.value

    upload(client, plan, workbook)
    assert client.get(url("excel_import_apply", plan)).context["changes"].reordered
    client.post(url("excel_import_apply", plan))
    assert list(PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position")) == [second, first]


@pytest.mark.parametrize(
    ("header", "value", "reason"),
    [
        ("รหัสภารกิจ", "9.9.9", "ไม่พบรหัสภารกิจ 9.9.9"),
        ("รหัสภารกิจ", "1.1", "ภารกิจ 1.1 มีภารกิจย่อย"),
        ("ประเภท", "โครงงาน", "ไม่รู้จักประเภท"),
        ("ชื่อโครงการ/กิจกรรม/มาตรการ", None, "กรุณากรอกชื่อ"),
        ("งบประมาณปี 2563", -5, "ไม่ติดลบ"),
        ("งบประมาณปี 2563", 10.555, "ไม่เกิน 2 ตำแหน่ง"),
        ("งบประมาณปี 2563", "สองหมื่น", "ไม่ใช่งบประมาณ"),
        ("ไตรมาส", "5", "1 ถึง 4"),
        ("กลุ่มเป้าหมาย", "นักบินอวกาศ", "ไม่รู้จักกลุ่มเป้าหมาย"),
        ("รหัสรายการ", 999999, "ไม่พบรายการรหัส 999999"),
    ],
)
def test_a_file_with_one_bad_row_changes_nothing_and_names_the_row_and_column(world, plan, header, value, reason):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    put(sheet, 5, header, value)
    put(sheet, 6, "ชื่อโครงการ/กิจกรรม/มาตรการ", "แก้ไขชื่อในแถวที่ถูกต้อง")
    before = items_state(plan)

    response = upload(client, plan, workbook)
    assert response.status_code == 422
    [problem] = response.context["problems"]
    assert (problem.row, problem.column) == (5, header)
    assert reason in problem.reason
    body = response.content.decode()
    assert header in body and escape(problem.reason) in body and "ยังไม่ได้บันทึกข้อมูลใดเลย" in body
    assert items_state(plan) == before
    assert client.get(url("excel_import_apply", plan)).status_code == 302  # nothing waits to be applied


def test_a_row_that_runs_in_no_year_is_named_against_the_budget_columns(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    for year in (2562, 2563, 2564, 2565):
        put(sheet, 7, f"งบประมาณปี {year}", None)
    before = items_state(plan)

    response = upload(client, plan, workbook)
    [problem] = response.context["problems"]
    assert (problem.row, problem.column) == (7, "งบประมาณปี 2562–2565")
    assert "อย่างน้อยหนึ่งปี" in problem.reason
    assert items_state(plan) == before


def test_every_bad_row_is_listed_and_a_repeated_item_id_is_named(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    put(sheet, 3, "ประเภท", "อื่นๆ")
    put(sheet, 9, "รหัสรายการ", sheet.cell(8, 1).value)
    put(sheet, 9, "งบประมาณปี 2562", "10.5.5")

    problems = upload(client, plan, workbook).context["problems"]
    assert [(p.row, p.column) for p in problems] == [(3, "ประเภท"), (9, "รหัสรายการ"), (9, "งบประมาณปี 2562")]
    assert "ซ้ำกับแถวที่ 8" in problems[1].reason


def test_a_file_without_the_columns_of_the_form_is_refused_at_the_header(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    sheet.delete_cols(columns(sheet)["ประเภท"])
    sheet.cell(1, sheet.max_column + 1).value = "งบประมาณปี 2566"
    before = items_state(plan)

    problems = upload(client, plan, workbook).context["problems"]
    assert {(p.row, p.column): p.reason for p in problems} == {
        (1, "งบประมาณปี 2566"): "ปี 2566 ไม่อยู่ในรอบแผน 2562-2565",
        (1, "ประเภท"): "ไม่พบคอลัมน์นี้ในแถวที่ 1 (หัวคอลัมน์)",
    }
    assert items_state(plan) == before


def test_an_empty_template_does_not_delete_the_whole_plan(world, plan):
    client = as_user(world.officer)
    before = items_state(plan)
    response = upload(client, plan, download(client, "excel_template", plan))
    assert response.status_code == 422
    assert "ไม่พบรายการในไฟล์" in response.content.decode()
    assert items_state(plan) == before


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("plan.xls", b"\xd0\xcf\x11\xe0 old excel", "ไฟล์ .xls (Excel 97–2003) ใช้ไม่ได้"),
        ("plan.csv", b"a,b\n", "รับเฉพาะไฟล์ Excel นามสกุล .xlsx"),
        ("plan.xlsx", b"not a zip at all", "เปิดไฟล์ไม่ได้"),
        ("plan.xlsx", b"", "ไฟล์ว่างเปล่า"),
        ("plan.xlsx", b"0" * (5 * 1024 * 1024 + 1), "เกินที่รับได้ (5 MB)"),
    ],
)
def test_a_file_that_is_not_an_xlsx_workbook_is_refused_with_a_clear_message(world, plan, name, content, message):
    before = items_state(plan)
    response = as_user(world.officer).post(
        url("excel_import", plan), {"file": SimpleUploadedFile(name, content, content_type="application/octet-stream")}
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert items_state(plan) == before


def test_outsiders_get_404_and_viewers_may_export_but_not_import(world, plan):
    outsider = as_user(world.outsider_officer)
    for name in ("excel_template", "excel_export", "excel_import", "excel_import_apply"):
        assert outsider.get(url(name, plan)).status_code == 404
    assert outsider.post(url("excel_import_apply", plan)).status_code == 404

    assessor = as_user(world.nacc_provincial)  # sees the plan, does not write it
    download(assessor, "excel_export", plan)
    assert assessor.get(url("excel_import", plan)).status_code == 404
    assert upload(assessor, plan, download(assessor, "excel_export", plan)).status_code == 404


def test_a_submitted_plan_refuses_import_even_of_a_file_checked_before(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    put(workbook[ITEMS_SHEET], 2, "ชื่อโครงการ/กิจกรรม/มาตรการ", "ชื่อใหม่")
    assert upload(client, plan, workbook).status_code == 302
    plan.status = PlanStatus.SUBMITTED
    plan.save()
    before = items_state(plan)

    response = client.post(url("excel_import_apply", plan))
    assert response.status_code == 302 and response["Location"] == url("items", plan)
    assert upload(client, plan, workbook)["Location"] == url("items", plan)
    assert items_state(plan) == before
    rows = [{"row": 2, "id": None, "mission": "2.1", "kind": "activity", "title": "x", "budgets": {"2562": "1.00"}}]
    with pytest.raises(ValidationError, match="แผนนี้ส่งแล้ว"):
        services_import.items_import_apply(
            actor=world.officer, plan=plan, rows=rows, expected_state=services_import.items_fingerprint(plan)
        )
    assert items_state(plan) == before


def test_applying_a_preview_is_refused_when_the_plan_changed_in_between(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    put(workbook[ITEMS_SHEET], 2, "ชื่อโครงการ/กิจกรรม/มาตรการ", "ชื่อจากไฟล์")
    assert upload(client, plan, workbook).status_code == 302
    # Meanwhile a colleague edits an item on the web page.
    item = item_titled(plan, "โครงการเครือข่ายเฝ้าระวัง")
    services.item_save(
        actor=world.colleague,
        plan=plan,
        item=item,
        mission=item.mission,
        fields={"kind": item.kind, "title": "ชื่อที่เพื่อนร่วมงานแก้"},
        budgets={2562: (Decimal("1.00"), False)},
    )
    before = items_state(plan)

    response = client.post(url("excel_import_apply", plan), follow=True)
    assert "แผนมีการแก้ไขหลังจากตรวจไฟล์" in response.content.decode()
    assert items_state(plan) == before
    assert not AuditEvent.objects.filter(action="plans.items_import").exists()
    assert not PlanItem.objects.filter(title="ชื่อจากไฟล์").exists()
