"""Real plans as officers type and paste them: the same budget notations, Thai-digit mission
codes, Thai kind labels and pasted numbering are accepted by the Excel import, the item form
and the API alike; anything else is refused with the row, column or field and the reason."""

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from eplan.plans.cells import item_kind, mission_code
from eplan.plans.models import ItemKind, PlanItem
from eplan.plans.tests.test_api import item_payload, plan_path, with_token
from eplan.plans.tests.test_excel import ITEMS_SHEET, as_user, columns, download, put, upload
from eplan.plans.titles import Numbering, item_labels, names_kind, strip_leading_number

pytestmark = pytest.mark.django_db

BUDGETS = [
    ("20,000", (Decimal("20000.00"), False)),
    ("20,000.-", (Decimal("20000.00"), False)),
    ("20,000.00 บาท", (Decimal("20000.00"), False)),
    ("๒๐,๐๐๐", (Decimal("20000.00"), False)),
    ("20000", (Decimal("20000.00"), False)),
    ("ไม่ใช้งบประมาณ", (None, True)),
    ("ไม่ใช้ งบประมาณ", (None, True)),
    ("ไม่ใช้\nงบประมาณ", (None, True)),
    ("ไม่ได้ใช้งบประมาณ", (None, True)),
]
REFUSED_BUDGETS = [("-20,000", "ติดลบ"), ("20,000 30,000", "มากกว่าหนึ่งจำนวน"), ("ตามแผนพัฒนาท้องถิ่น", "ไม่ใช่งบประมาณ")]


def budget_of(item, year):
    budget = item.budgets.filter(fiscal_year=year).first()
    return None if budget is None else (budget.amount, budget.no_budget)


def new_row(sheet):
    """The first empty row of the items sheet."""
    id_column = columns(sheet)["ชื่อโครงการ/กิจกรรม/มาตรการ"]
    return next(row for row in range(2, sheet.max_row + 2) if not sheet.cell(row, id_column).value)


def import_one_row(world, plan, **cells):
    """Export the plan, add one row with these cells, import it; the client and response."""
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[ITEMS_SHEET]
    row = new_row(sheet)
    values = {"รหัสภารกิจ": "3.2.1", "ประเภท": "โครงการ", "ชื่อโครงการ/กิจกรรม/มาตรการ": "โครงการจากไฟล์จริง"}
    values.update(cells)
    for header, value in values.items():
        put(sheet, row, header, value)
    return client, upload(client, plan, workbook), row


def confirm(client, plan):
    response = client.post(reverse("plans:excel_import_apply", args=[plan.organisation.code, plan.cycle.code]))
    assert response.status_code == 302
    return response


# --- budgets: every face ------------------------------------------------------------------


@pytest.mark.parametrize(("typed", "stored"), BUDGETS)
def test_excel_import_reads_every_notation_officers_use(world, plan, typed, stored):
    client, response, _row = import_one_row(world, plan, **{"งบประมาณปี 2562": typed})

    assert response.status_code == 302, response.content.decode()[:2000]
    confirm(client, plan)
    item = PlanItem.objects.get(plan=plan, title="โครงการจากไฟล์จริง")
    assert budget_of(item, 2562) == stored


@pytest.mark.parametrize(("typed", "reason"), REFUSED_BUDGETS)
def test_excel_import_refuses_what_is_not_a_budget_naming_row_and_column(world, plan, typed, reason):
    _client, response, row = import_one_row(world, plan, **{"งบประมาณปี 2562": typed})

    assert response.status_code == 422
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(row, "งบประมาณปี 2562")]
    assert reason in problems[0].reason
    assert not PlanItem.objects.filter(plan=plan, title="โครงการจากไฟล์จริง").exists()


def test_a_dash_in_excel_means_the_item_does_not_run_that_year(world, plan):
    client, response, _row = import_one_row(world, plan, **{"งบประมาณปี 2562": "5,000", "งบประมาณปี 2563": "-"})
    assert response.status_code == 302
    confirm(client, plan)
    item = PlanItem.objects.get(plan=plan, title="โครงการจากไฟล์จริง")
    assert budget_of(item, 2562) == (Decimal("5000.00"), False)
    assert budget_of(item, 2563) is None  # not run, not "no budget"


@pytest.mark.parametrize(("typed", "stored"), BUDGETS)
def test_the_item_form_reads_every_notation(world, plan, typed, stored):
    mission = plan.cycle.missions.get(code="3.2.1")
    client = as_user(world.officer)
    response = client.post(
        reverse("plans:item_new", args=[plan.organisation.code, plan.cycle.code]),
        {"mission": mission.pk, "kind": "project", "title": "โครงการจากแบบฟอร์ม", "budget_2562": typed},
    )
    assert response.status_code in (200, 302), response.content.decode()[:1500]
    item = PlanItem.objects.get(plan=plan, title="โครงการจากแบบฟอร์ม")
    assert budget_of(item, 2562) == stored


@pytest.mark.parametrize(("typed", "stored"), BUDGETS)
def test_the_api_reads_every_notation(world, plan, typed, stored):
    response = with_token(world.officer).post(
        f"{plan_path(world)}/items", item_payload(title="โครงการจาก API", budgets={"2562": typed})
    )
    assert response.status_code == 201, response.content
    assert budget_of(PlanItem.objects.get(pk=response.json()["id"]), 2562) == stored


@pytest.mark.parametrize(("typed", "reason"), REFUSED_BUDGETS)
def test_the_api_and_the_form_refuse_the_same_things(world, plan, typed, reason):
    response = with_token(world.officer).post(f"{plan_path(world)}/items", item_payload(budgets={"2562": typed}))
    assert response.status_code == 422
    assert reason in response.json()["errors"]["budgets.2562"][0]

    mission = plan.cycle.missions.get(code="3.2.1")
    page = as_user(world.officer).post(
        reverse("plans:item_new", args=[plan.organisation.code, plan.cycle.code]),
        {"mission": mission.pk, "kind": "project", "title": "โครงการที่ถูกปฏิเสธ", "budget_2562": typed},
        headers={"HX-Request": "true"},
    )
    assert page.status_code == 422
    assert reason in page.content.decode()
    assert not PlanItem.objects.filter(plan=plan, title="โครงการที่ถูกปฏิเสธ").exists()


# --- missions and kinds as typed -----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("3.2.1", "3.2.1"),
        ("๓.๒.๑", "3.2.1"),
        ("3.2.1.", "3.2.1"),
        ("๓.๒ การรับฟังความคิดเห็น … 3.2.1 ดำเนินการให้มีช่องทางร้องเรียน", "3.2.1"),
        ("มิติที่ ๓ ภารกิจ ๓.๒.๑", "3.2.1"),
        ("2.1 แสดงเจตจำนงทางการเมือง", "2.1"),
    ],
)
def test_a_mission_cell_takes_the_most_specific_code_it_contains(plan, typed, code):
    known = set(plan.cycle.missions.values_list("code", flat=True))
    assert mission_code(typed, known) == code


def test_a_mission_cell_naming_two_branches_says_which_codes_it_found(plan):
    known = set(plan.cycle.missions.values_list("code", flat=True))
    with pytest.raises(ValueError, match=r"พบรหัสภารกิจหลายรหัส \(1\.1\.1, 1\.2\.1\)"):
        mission_code("1.1.1 และ 1.2.1", known)


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("โครงการ", ItemKind.PROJECT),
        ("กิจกรรม", ItemKind.ACTIVITY),
        (" มาตรการ ", ItemKind.MEASURE),
        ("แนวปฏิบัติงาน", ItemKind.GUIDELINE),
        ("แนวปฏิบัติ", ItemKind.GUIDELINE),
        ("project", ItemKind.PROJECT),
    ],
)
def test_kinds_are_read_from_their_thai_labels(typed, kind):
    assert item_kind(typed) == kind


def test_excel_takes_thai_digit_codes_pasted_missions_and_short_kinds(world, plan):
    client, response, _row = import_one_row(
        world,
        plan,
        **{
            "รหัสภารกิจ": "๓.๒ การรับฟังความคิดเห็น\n๓.๒.๑ ดำเนินการให้มีช่องทางร้องเรียน",
            "ประเภท": "แนวปฏิบัติ",
            "งบประมาณปี 2562": "ไม่ใช้งบประมาณ",
        },
    )
    assert response.status_code == 302, [p.reason for p in response.context["problems"]]
    confirm(client, plan)
    item = PlanItem.objects.get(plan=plan, title="โครงการจากไฟล์จริง")
    assert item.mission.code == "3.2.1" and item.kind == ItemKind.GUIDELINE


def test_excel_names_the_codes_when_a_mission_cell_is_ambiguous(world, plan):
    _client, response, row = import_one_row(world, plan, **{"รหัสภารกิจ": "1.1.1 / 1.2.1", "งบประมาณปี 2562": "1"})
    problems = response.context["problems"]
    assert [(p.row, p.column) for p in problems] == [(row, "รหัสภารกิจ")]
    assert "1.1.1, 1.2.1" in problems[0].reason


def test_the_api_takes_thai_digit_codes_and_thai_kind_labels(world, plan):
    response = with_token(world.officer).post(
        f"{plan_path(world)}/items", item_payload(mission="๓.๒.๑", kind="แนวปฏิบัติ", title="แนวปฏิบัติจาก API")
    )
    assert response.status_code == 201, response.content
    assert response.json()["mission"] == "3.2.1" and response.json()["kind"] == "guideline"


# --- the API refuses what it does not know ----------------------------------------------------


def test_an_unknown_field_in_an_api_body_is_refused_and_named(world, plan):
    before = plan.risk_analysis

    response = with_token(world.officer).patch(f"{plan_path(world)}/part1", {"preface": "คำนำ", "rational": "x"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors == {"preface": ["ไม่รู้จักช่องนี้"], "rational": ["ไม่รู้จักช่องนี้"]}
    plan.refresh_from_db()
    assert plan.risk_analysis == before


def test_api_validation_messages_are_thai(world, plan):
    response = with_token(world.officer).post(f"{plan_path(world)}/items", item_payload(title="ก" * 501))

    assert response.status_code == 422
    message = response.json()["errors"]["title"][0]
    assert message == "ยาวได้ไม่เกิน 500 ตัวอักษร (ตอนนี้มี 501)"


# --- titles as written ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kept"),
    [
        ("๑) โครงการความรู้คู่คุณธรรม", "โครงการความรู้คู่คุณธรรม"),
        ("1. กิจกรรมประกาศเจตจำนง", "กิจกรรมประกาศเจตจำนง"),
        ("(1) มาตรการตรวจสอบ", "มาตรการตรวจสอบ"),
        ("1.1) โครงการ", "โครงการ"),
        ("๑) 1. โครงการซ้อน", "โครงการซ้อน"),
        ("ข้อ 3 มาตรการ", "มาตรการ"),
        ("5 ส. สถานที่ทำงาน", "5 ส. สถานที่ทำงาน"),
        ("2566 ปีแห่งความโปร่งใส", "2566 ปีแห่งความโปร่งใส"),
        ("1.5 ล้านต้นกล้า", "1.5 ล้านต้นกล้า"),
        ("โครงการอบรม", "โครงการอบรม"),
    ],
)
def test_a_pasted_number_is_taken_off_a_title_and_nothing_else(typed, kept):
    assert strip_leading_number(typed) == kept


def test_a_title_pasted_with_its_number_is_stored_without_it_from_every_face(world, plan):
    caller = with_token(world.officer)
    body = caller.post(f"{plan_path(world)}/items", item_payload(title="๑) โครงการความรู้คู่คุณธรรม")).json()
    assert body["title"] == "โครงการความรู้คู่คุณธรรม"

    client, response, _row = import_one_row(
        world, plan, **{"ชื่อโครงการ/กิจกรรม/มาตรการ": "(2) กิจกรรมจากไฟล์", "งบประมาณปี 2562": "1,000"}
    )
    assert "กิจกรรมจากไฟล์" in response.content.decode() or response.status_code == 302
    confirm(client, plan)
    assert PlanItem.objects.filter(plan=plan, title="กิจกรรมจากไฟล์").exists()


def test_titles_that_name_their_kind_are_recognised():
    assert names_kind("กิจกรรมเยาวชน") and names_kind("มาตรการตรวจสอบ") and names_kind("แนวทางการปฏิบัติ")
    assert not names_kind("อบรมคุณธรรมจริยธรรม")


def test_items_are_numbered_within_each_sub_mission_or_through_the_dimension(plan):
    from eplan.plans import document

    doc = document.build(plan)
    per_mission = item_labels(doc)
    continuous = item_labels(doc, Numbering.CONTINUOUS)
    first_dimension = doc["dimensions"][0]
    missions_with_items = [m for m in first_dimension["missions"] if m["items"]]
    assert [per_mission[item["id"]] for item in missions_with_items[1]["items"]][:1] == ["1)"]
    count = sum(len(m["items"]) for m in first_dimension["missions"])
    assert continuous[missions_with_items[-1]["items"][-1]["id"]] == f"{count}."


def test_the_pdf_part2_has_the_published_columns_and_numbering(world, plan, monkeypatch):
    from eplan.core import pdf

    seen = {}
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.setdefault("html", html) and b"%PDF-1.7")
    PlanItem.objects.filter(plan=plan, title__startswith="โครงการอบรมคุณธรรม").update(title="อบรมคุณธรรม")
    client = Client()
    client.force_login(world.officer)
    url = reverse("plans:pdf", args=[plan.organisation.code, plan.cycle.code])

    assert client.get(url, {"digits": "thai"}).status_code == 200
    html = seen.pop("html")
    assert '<th rowspan="2">ภารกิจตามมิติ</th>' in html
    assert '<th rowspan="2">โครงการ/กิจกรรม/มาตรการ</th>' in html
    assert '<span class="number">๑)</span>' in html
    assert 'อบรมคุณธรรม <span class="kind">(โครงการ)</span>' in html  # the kind beside, never glued
    assert "โครงการอบรมคุณธรรม" not in html

    client.get(url, {"numbering": "dimension"})
    assert '<span class="number">2.</span>' in seen["html"]


def test_a_submitted_plan_offers_its_sent_version_with_the_pdf_choices_in_view(world, plan):
    from eplan.plans import services

    page = as_user(world.officer).get(reverse("plans:overview", args=[plan.organisation.code, plan.cycle.code]))
    html = page.content.decode()
    assert "PDF ฉบับร่าง" in html and 'name="digits" value="thai"' in html

    services.plan_submit(actor=world.officer, plan=plan)
    html = as_user(world.officer).get(reverse("plans:overview", args=[plan.organisation.code, plan.cycle.code]))
    html = html.content.decode()
    assert "PDF ฉบับร่าง" not in html
    assert "PDF ฉบับที่ส่ง (ฉบับที่ 1)" in html
    assert reverse("plans:version_pdf", args=[plan.organisation.code, plan.cycle.code, 1]) in html
