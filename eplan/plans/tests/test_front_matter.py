"""What real plans carry before Part 1: the organisation's own document title, a foreword
(คำนำ) and the notice adopting the plan, signed by the chief executive. All optional, in the
plan pages, the API, Excel and the PDF; text pasted from a PDF is offered a join of its
hard-wrapped lines, never rewritten unseen."""

import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from eplan.core.models import AuditEvent
from eplan.plans import document, services
from eplan.plans.models import Plan
from eplan.plans.tests.test_api import plan_path, with_token
from eplan.plans.tests.test_excel import as_file, as_user, download

pytestmark = pytest.mark.django_db

FRONT_SHEET = "ส่วนหน้าและส่วนที่ 1"
ADOPTION = {
    "adoption_text": "อาศัยอำนาจตามความในมาตรา ... จึงประกาศใช้แผนปฏิบัติการป้องกันการทุจริต",
    "adoption_signatory": "นายสมชาย ใจดี",
    "adoption_position": "นายกองค์การบริหารส่วนตำบลกลาย",
    "adoption_date": "2018-09-25",
}


def url(name, plan):
    return reverse(f"plans:{name}", args=[plan.organisation.code, plan.cycle.code])


def part1_form(plan, **changes):
    values = {name: getattr(plan, name) or "" for name in (*Plan.PART1_FIELDS, *Plan.FRONT_FIELDS)}
    values.update({name: "" for name in Plan.ADOPTION_FIELDS})
    values.update(changes)
    return values


def test_an_officer_adds_a_foreword_and_an_adoption_notice_and_the_audit_keeps_old_and_new(world, plan):
    response = as_user(world.officer).post(
        url("part1", plan),
        part1_form(plan, foreword="คำนำของแผน", document_title="แผนป้องกันการทุจริตของ อบต.กลาย", **ADOPTION),
    )

    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.foreword == "คำนำของแผน" and plan.adoption_date == datetime.date(2018, 9, 25)
    event = AuditEvent.objects.filter(action="plans.part1_update").latest("at")
    assert event.changes["foreword"] == ["", "คำนำของแผน"]
    assert event.changes["adoption_signatory"] == ["", "นายสมชาย ใจดี"]


def test_a_notice_begun_but_not_signed_is_refused_naming_what_it_lacks(world, plan):
    response = as_user(world.officer).post(url("part1", plan), part1_form(plan, adoption_text="ประกาศใช้แผน"))

    assert response.status_code == 422
    errors = response.context["form"].errors
    assert set(errors) == {"adoption_signatory", "adoption_position", "adoption_date"}
    assert "ผู้ลงนาม" in errors["adoption_signatory"][0]
    plan.refresh_from_db()
    assert plan.adoption_text == ""
    page = response.content.decode()
    assert "ประกาศใช้แผน" in page  # what was typed comes back


def test_a_notice_dated_far_from_the_cycle_is_refused(world, plan):
    response = as_user(world.officer).post(
        url("part1", plan), part1_form(plan, **{**ADOPTION, "adoption_date": "2030-01-01"})
    )
    assert "adoption_date" in response.context["form"].errors


def test_the_api_reads_and_writes_the_front_sections(world, plan):
    caller = with_token(world.officer)

    response = caller.patch(f"{plan_path(world)}/part1", {"foreword": "คำนำจาก API", **ADOPTION})

    assert response.status_code == 200, response.content
    assert response.json()["foreword"] == "คำนำจาก API"
    assert response.json()["adoption_date"] == "2018-09-25"
    doc = caller.get(plan_path(world)).json()["document"]
    assert doc["front"]["adoption"]["signatory"] == "นายสมชาย ใจดี"

    refused = caller.patch(f"{plan_path(world)}/part1", {"adoption_signatory": ""})
    assert refused.status_code == 422 and "adoption_signatory" in refused.json()["errors"]


def test_the_pdf_prints_the_own_title_the_foreword_and_the_signed_notice(world, plan, monkeypatch):
    from eplan.core import pdf

    services.part1_update(
        actor=world.officer,
        plan=plan,
        data={"foreword": "คำนำของแผน", "document_title": "แผนป้องกันการทุจริต อบต.กลาย", **ADOPTION},
    )
    seen = {}
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.setdefault("html", html) and b"%PDF-1.7")

    assert as_user(world.officer).get(url("pdf", plan)).status_code == 200

    html = seen["html"]
    assert '<div class="cover-title own-title">แผนป้องกันการทุจริต อบต.กลาย</div>' in html
    assert 'id="foreword"' in html and "คำนำของแผน" in html
    assert "ประกาศองค์การบริหารส่วนตำบลกลาย" in html
    assert "เรื่อง ประกาศใช้แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. 2562 – 2565)" in html
    assert "ประกาศ ณ วันที่ 25 เดือนกันยายน พ.ศ. 2561" in html and "(นายสมชาย ใจดี)" in html
    assert '<a href="#adoption">ประกาศใช้แผน</a>' in html


def test_a_plan_without_front_matter_prints_as_before(world, plan, monkeypatch):
    from eplan.core import pdf

    seen = {}
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: seen.setdefault("html", html) and b"%PDF-1.7")
    as_user(world.officer).get(url("pdf", plan))
    assert 'id="foreword"' not in seen["html"] and 'id="adoption"' not in seen["html"]


def test_excel_carries_the_front_sections_both_ways(world, plan):
    services.part1_update(actor=world.officer, plan=plan, data={"foreword": "คำนำเดิม"})
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[FRONT_SHEET]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    assert sheet.cell(rows["foreword"], 3).value == "คำนำเดิม"
    sheet.cell(rows["foreword"], 3).value = "คำนำใหม่จาก Excel"
    for key, value in ADOPTION.items():
        sheet.cell(rows[key], 3).value = "25/9/2561" if key == "adoption_date" else value

    response = client.post(url("excel_import", plan), {"file": as_file(workbook)})
    assert response.status_code == 302
    preview = client.get(url("excel_import_apply", plan)).content.decode()
    assert "คำนำใหม่จาก Excel" in preview and "คำนำเดิม" in preview
    plan.refresh_from_db()
    assert plan.foreword == "คำนำเดิม"  # nothing is written before the officer confirms

    assert client.post(url("excel_import_apply", plan)).status_code == 302
    plan.refresh_from_db()
    assert plan.foreword == "คำนำใหม่จาก Excel"
    assert plan.adoption_date == datetime.date(2018, 9, 25)  # 25/9/2561 in พ.ศ.


def test_excel_refuses_an_unsigned_notice_naming_the_sheet_and_row(world, plan):
    client = as_user(world.officer)
    workbook = download(client, "excel_export", plan)
    sheet = workbook[FRONT_SHEET]
    rows = {sheet.cell(row, 1).value: row for row in range(2, sheet.max_row + 1)}
    sheet.cell(rows["adoption_text"], 3).value = "ประกาศใช้แผน"
    sheet.cell(rows["adoption_date"], 3).value = "ไม่ใช่วันที่"

    response = client.post(url("excel_import", plan), {"file": as_file(workbook)})

    assert response.status_code == 422
    reasons = [problem.reason for problem in response.context["problems"]]
    assert any(FRONT_SHEET in reason and "ไม่ใช่วันที่" in reason for reason in reasons)


def test_an_export_without_changes_still_imports_as_no_change(world, plan):
    client = as_user(world.officer)
    raw = io.BytesIO()
    download(client, "excel_export", plan).save(raw)
    workbook = load_workbook(io.BytesIO(raw.getvalue()))
    client.post(url("excel_import", plan), {"file": as_file(workbook)})
    page = client.get(url("excel_import_apply", plan)).content.decode()
    assert "ไม่มีการเปลี่ยนแปลงจากแผนปัจจุบัน" in page


def test_a_hard_wrapped_section_is_offered_a_join_and_joined_only_when_accepted(world, plan):
    pasted = "องค์การบริหารส่วนตำบลกลายได้ตระหนักถึง\nความสำคัญของการป้องกันการทุจริต\n\nย่อหน้าที่สอง"
    services.part1_update(actor=world.officer, plan=plan, data={"rationale": pasted})
    client = as_user(world.officer)

    page = client.get(url("part1", plan))

    suggestions = page.context["join_suggestions"]
    assert [s["field"] for s in suggestions] == ["rationale"]
    assert suggestions[0]["joined"] == "องค์การบริหารส่วนตำบลกลายได้ตระหนักถึงความสำคัญของการป้องกันการทุจริต\n\nย่อหน้าที่สอง"
    plan.refresh_from_db()
    assert plan.rationale == pasted  # shown, not applied

    stale = client.post(url("part1_join", plan), {"field": "rationale", "seen": "0" * 64})
    assert stale.status_code == 302
    plan.refresh_from_db()
    assert plan.rationale == pasted

    client.post(url("part1_join", plan), {"field": "rationale", "seen": suggestions[0]["seen"]})
    plan.refresh_from_db()
    assert plan.rationale == suggestions[0]["joined"]
    assert client.get(url("part1", plan)).context["join_suggestions"] == []


def test_joining_lines_is_refused_to_an_outsider_and_on_a_submitted_plan(world, plan):
    services.part1_update(actor=world.officer, plan=plan, data={"rationale": "บรรทัด\nตัด"})
    digest = services.text_digest("บรรทัด\nตัด")
    outsider = as_user(world.outsider_officer).post(url("part1_join", plan), {"field": "rationale", "seen": digest})
    assert outsider.status_code == 404
    viewer = Client()
    viewer.force_login(world.district_office)
    assert viewer.post(url("part1_join", plan), {"field": "rationale", "seen": digest}).status_code == 404
    plan.refresh_from_db()
    assert plan.rationale == "บรรทัด\nตัด"


def test_the_frozen_version_keeps_the_front_sections(world, plan):
    services.part1_update(actor=world.officer, plan=plan, data={"foreword": "คำนำที่ส่ง", **ADOPTION})
    version = services.plan_submit(actor=world.officer, plan=plan)
    assert version.snapshot["front"]["foreword"] == "คำนำที่ส่ง"
    assert version.snapshot["front"]["adoption"]["date"] == "2018-09-25"
    assert document.build(plan)["front"]["adoption"]["position"] == ADOPTION["adoption_position"]
