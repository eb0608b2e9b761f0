"""What a request carries that no officer types: control characters (a NUL is refused by
PostgreSQL, which answered 500 on 17 endpoints, issue 10 hole 8) and bodies larger than
the server holds in memory (500, or a bare 400 that lost the form, hole 10).

Control characters are taken out of every query parameter, form field and JSON string
before any view sees them, and the rest of what was sent is used as sent; a body too large
is answered 413 in Thai, as JSON for the API, as a page that sends the officer back to the
form the browser still holds, and for htmx as an answer that leaves the form in place.
Run on PostgreSQL too (DATABASE_URL): that is where a NUL used to fail.
"""

import datetime
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from eplan.core import controls
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.reporting import services as reporting_services
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

NUL = "\x00"


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def plan(world):
    """อบต.กลาย's complete draft for 2562-2565."""
    return build_demo_plan(organisation=world.klai, cycle=ensure_cycles()["2562-2565"])


@pytest.fixture
def report(world):
    """อบต.กลาย's report of the first 6-month round of its submitted, passed plan."""
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    assessed(world, world.klai, cycle)
    round = open_round(cycle)
    return reporting_services.report_open(actor=world.officer, round=round, organisation=world.klai)


def test_what_counts_as_a_control_character():
    assert controls.strip_controls("กลาย\x00\x01\x08\x0b\x0c\x0e\x1f\x7f") == "กลาย\x7f"
    assert controls.strip_controls("บรรทัด 1\r\nบรรทัด\t2\n") == "บรรทัด 1\r\nบรรทัด\t2\n"  # kept
    assert controls.strip_controls("\ud800ก\udfff") == "ก"  # lone surrogates cannot be stored either
    assert controls.clean_data({"a\x00": ["x\x00", {"b": "\x00y"}], "n": 1}) == {"a": ["x", {"b": "y"}], "n": 1}


# NUL in a query ------------------------------------------------------------------------


def test_a_nul_in_the_registry_search_answers_and_still_searches(world):
    response = Client().get("/api/v1/organisations?q=%00")
    assert response.status_code == 200
    found = Client().get("/api/v1/organisations", {"q": f"กล{NUL}าย"})
    assert found.status_code == 200
    assert [row["code"] for row in found.json()["items"]] == [world.klai.code]


def test_a_nul_in_a_page_query_answers(world):
    response = Client().get("/organisations/", {"q": f"กลาย{NUL}"})
    assert response.status_code == 200
    assert world.klai.display_name in response.content.decode()


def test_a_nul_in_a_path_is_not_found_rather_than_an_error(world):
    api = Client().get("/api/v1/organisations/%00")
    assert api.status_code == 404 and api["Content-Type"].startswith("application/json")
    assert Client().get("/organisations/68008%0008/").status_code == 404


def test_a_nul_in_a_username_or_a_token_is_refused_as_any_wrong_one(world):
    login = Client().post(reverse("accounts:login"), {"username": f"officer{NUL}.klai", "password": "x"})
    assert login.status_code == 200
    token = Client().get("/api/v1/plans", HTTP_AUTHORIZATION=f"Bearer abc{NUL}def")
    assert token.status_code == 401


# NUL in a form field: a report line saved as the officer moves on ------------------------


def test_a_nul_pasted_into_a_report_line_is_dropped_and_everything_else_is_saved(world, report):
    line = report.lines.first()
    url = f"/reporting/{world.klai.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/"
    response = as_user(world.officer).post(
        url,
        {"status": "done", "outputs": f"อบรม{NUL} 2 ครั้ง", "outcomes": "ผู้เข้าร่วม\x0b 120 คน", "problems": "ไม่มี"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    line.refresh_from_db()
    assert (line.status, line.outputs, line.outcomes, line.problems) == ("done", "อบรม 2 ครั้ง", "ผู้เข้าร่วม 120 คน", "ไม่มี")


# NUL in a JSON body ----------------------------------------------------------------------


def test_a_nul_in_a_json_body_is_dropped_and_the_item_is_created_as_sent(world, plan):
    mission = plan.items.first().mission.code
    body = {
        "mission": mission,
        "kind": "project",
        "title": f"โครงการ{NUL}อบรม\ud800คุณธรรม",
        "budgets": {str(plan.cycle.fiscal_years[0]): "20000"},
        "note": f"หมายเหตุ{NUL}",
    }
    response = as_user(world.officer).post(
        f"/api/v1/plans/{world.klai.code}/{plan.cycle.code}/items",
        json.dumps(body),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    created = plan.items.get(pk=response.json()["id"])
    assert (created.title, created.note) == ("โครงการอบรมคุณธรรม", "หมายเหตุ")


# Bodies larger than the server holds in memory -----------------------------------------


def _too_much():
    return "ก" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 3 + 10)  # three bytes a Thai letter


def test_an_api_body_over_the_limit_is_413_in_thai_json(world, plan):
    body = json.dumps({"mission": "1.1.1", "kind": "project", "title": _too_much()}, ensure_ascii=False)
    response = as_user(world.officer).post(
        f"/api/v1/plans/{world.klai.code}/{plan.cycle.code}/items", body, content_type="application/json"
    )
    assert response.status_code == 413
    detail = response.json()["detail"]
    assert "เกิน" in detail and "MB" in detail


def test_a_page_form_over_the_limit_sends_the_officer_back_to_the_form_the_browser_kept(world, report):
    line = report.lines.first()
    url = f"/reporting/{world.klai.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/"
    response = as_user(world.officer).post(url, {"status": "done", "outputs": _too_much()})
    assert response.status_code == 413
    page = response.content.decode()
    assert "ย้อนกลับ" in page and 'lang="th"' in page
    assert "<script" not in page
    line.refresh_from_db()
    assert line.status == ""


def test_an_htmx_save_over_the_limit_leaves_the_form_in_place(world, report):
    line = report.lines.first()
    url = f"/reporting/{world.klai.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/"
    response = as_user(world.officer).post(url, {"status": "done", "outputs": _too_much()}, HTTP_HX_REQUEST="true")
    assert response.status_code == 413
    assert response["HX-Reswap"] == "none"
    assert "เกิน" in response.content.decode()


def test_a_multipart_form_whose_text_is_over_the_limit_is_413_too(world, report):
    line = report.lines.first()
    url = f"/reporting/{world.klai.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/evidence/"
    response = as_user(world.officer).post(url, {"name": _too_much(), "link": "https://example.org"})
    assert response.status_code == 413


def test_evidence_up_to_its_own_limit_still_uploads(world, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    line = report.lines.first()
    url = f"/reporting/{world.klai.code}/{report.round.cycle.code}/{report.round.code}/lines/{line.pk}/evidence/"
    size = min(settings.EVIDENCE_MAX_BYTES, 8 * 1024 * 1024) - 1024
    assert size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # a file is not held to the form-text limit
    pdf = b"%PDF-1.4\n" + b"0" * (size - 9)
    response = as_user(world.officer).post(url, {"file": SimpleUploadedFile("หลักฐาน.pdf", pdf), "name": "ภาพกิจกรรม"})
    assert response.status_code == 302
    assert line.evidence.count() == 1


def test_an_excel_file_of_five_megabytes_reaches_the_form_that_judges_it(world, plan):
    url = reverse("plans:excel_import", args=[plan.organisation.code, plan.cycle.code])
    upload = SimpleUploadedFile("plan.xlsx", b"0" * (5 * 1024 * 1024 - 1))
    response = as_user(world.officer).post(url, {"file": upload})
    assert response.status_code == 422
    assert "เปิดไฟล์ไม่ได้" in response.content.decode()
