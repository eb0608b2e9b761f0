"""Evidence files through the API (issue 12, part 8): an organisation's officer attaches a
file to a line of its report with a token, with the same service and the same checks as the
report page — who may (404 outside the scope, 403 in scope but not theirs to write), what
may be attached (the type read from the file's content, the size), when (409 once
submitted), and how often (the upload rate limit, 429 with Retry-After)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eplan.core import ratelimit
from eplan.core.models import AuditEvent
from eplan.plans.tests.test_api import API, with_token
from eplan.reporting import services
from eplan.reporting.models import Evidence, LineStatus
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(world, cycle):
    """กลาย's draft report of the first 6-month round."""
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def report_path(report):
    round = report.round
    return f"/reporting/reports/{report.organisation.code}/{round.cycle.code}/{round.code}"


def upload(caller, report, filename, content, *, line=None, **fields):
    line = line or report.lines.order_by("pk").first()
    return caller.client.post(
        f"{API}{report_path(report)}/lines/{line.pk}/evidence",
        {"file": SimpleUploadedFile(filename, content, content_type="application/octet-stream"), **fields},
        headers=caller.headers,
    )


def test_the_officer_uploads_a_pdf_and_the_report_page_shows_it(world, report):
    response = upload(with_token(world.officer), report, "ภาพกิจกรรม.pdf", PDF, name="รายงานการประชุม")

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["name"], body["size"], body["is_file"], body["link"]) == ("รายงานการประชุม", len(PDF), True, "")
    evidence = Evidence.objects.get(pk=body["id"])
    assert (evidence.original_name, evidence.content_type) == ("ภาพกิจกรรม.pdf", "application/pdf")
    event = AuditEvent.objects.get(action="reporting.evidence_add")
    assert event.actor == world.officer and event.channel == "api"
    page = Client()
    page.force_login(world.officer)
    round = report.round
    assert (
        "รายงานการประชุม" in page.get(f"/reporting/{world.klai.code}/{round.cycle.code}/{round.code}/").content.decode()
    )
    line = with_token(world.officer).get(report_path(report)).json()["lines"][0]
    assert [entry["id"] for entry in line["evidence"]] == [body["id"]]


def test_a_jpeg_photo_and_a_link_are_attached_too(world, report):
    officer = with_token(world.officer)
    assert upload(officer, report, "photo.jpg", JPEG).status_code == 201
    line = report.lines.order_by("pk").first()
    linked = officer.client.post(
        f"{API}{report_path(report)}/lines/{line.pk}/evidence",
        {"link": "https://klai.example.org/news/1", "name": "ข่าวประชาสัมพันธ์"},
        headers=officer.headers,
    )
    assert linked.status_code == 201, linked.content
    assert (linked.json()["is_file"], linked.json()["link"]) == (False, "https://klai.example.org/news/1")
    assert Evidence.objects.filter(line=line).count() == 2


def test_another_organisations_token_gets_404_and_attaches_nothing(world, report):
    response = upload(with_token(world.outsider_officer), report, "evidence.pdf", PDF)

    assert response.status_code == 404
    assert response.json()["detail"]
    assert not Evidence.objects.exists()


def test_an_office_that_may_read_the_report_may_not_attach_to_it(world, report):
    response = upload(with_token(world.district_office), report, "evidence.pdf", PDF)

    assert response.status_code == 403
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"plain text", "ไฟล์ประเภท .txt แนบไม่ได้"),
        ("script.pdf", b"<html><script>alert(1)</script></html>", "เนื้อไฟล์ไม่ใช่ .pdf ตามนามสกุล"),
        ("photo.jpg", PDF, "เนื้อไฟล์ไม่ใช่ .jpg ตามนามสกุล"),
    ],
)
def test_a_file_that_is_not_what_it_says_is_refused_in_thai(world, report, name, content, message):
    response = upload(with_token(world.officer), report, name, content)

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["file"] and message in errors["file"][0]
    assert not Evidence.objects.exists()


def test_a_file_over_the_evidence_limit_is_refused_naming_the_limit(world, report, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024

    response = upload(with_token(world.officer), report, "big.pdf", PDF + b"0" * (1024 * 1024))

    assert response.status_code == 422
    assert "ไฟล์ใหญ่เกิน 1 MB" in response.json()["errors"]["file"][0]
    assert not Evidence.objects.exists()


def test_a_request_over_the_request_limit_is_413_in_thai(world, report, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 64 * 1024

    response = upload(with_token(world.officer), report, "big.pdf", PDF + b"0" * (128 * 1024))

    assert response.status_code == 413
    assert "เกินที่ระบบรับได้" in response.json()["detail"]
    assert not Evidence.objects.exists()


def test_a_submitted_report_takes_no_evidence_409(world, report):
    services.report_save(
        actor=world.officer,
        report=report,
        lines={str(line.pk): {"status": LineStatus.DONE} for line in report.lines.all()},
    )
    services.report_submit(actor=world.officer, report=report)

    response = upload(with_token(world.officer), report, "late.pdf", PDF)

    assert response.status_code == 409
    assert "ส่งแล้ว" in response.json()["detail"]
    assert not Evidence.objects.exists()


def test_a_line_of_another_report_is_404(world, cycle):
    assessed(world, world.klai, cycle)
    assessed(world, world.krabi, cycle)
    round = open_round(cycle)
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    other = services.report_open(actor=world.outsider_officer, round=round, organisation=world.krabi)

    response = upload(with_token(world.officer), report, "evidence.pdf", PDF, line=other.lines.first())

    assert response.status_code == 404
    assert not Evidence.objects.exists()


def test_uploads_are_held_to_the_upload_rate_limit(world, report, settings, monkeypatch):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "upload": {"methods": ["POST"], "user": "2/10m"}}
    monkeypatch.setattr(ratelimit, "now", lambda: 1_749_945_600.0)
    officer = with_token(world.officer)

    answers = [upload(officer, report, f"evidence-{n}.pdf", PDF) for n in range(3)]

    assert [answer.status_code for answer in answers] == [201, 201, 429]
    assert answers[2]["Retry-After"] == "600"
    assert "มีคำขอมากเกินไป" in answers[2].json()["detail"]
    assert Evidence.objects.count() == 2


def test_the_officer_takes_evidence_off_while_the_report_is_a_draft(world, report):
    officer = with_token(world.officer)
    added = upload(officer, report, "evidence.pdf", PDF).json()
    path = f"{report_path(report)}/evidence/{added['id']}"

    assert with_token(world.outsider_officer).delete(path).status_code == 404
    assert with_token(world.district_office).delete(path).status_code == 403
    assert officer.delete(path).status_code == 204
    assert not Evidence.objects.exists()
    assert officer.delete(path).status_code == 404
    assert AuditEvent.objects.filter(action="reporting.evidence_remove").count() == 1


def test_without_credentials_it_is_401(world, report):
    line = report.lines.first()
    response = Client().post(
        f"{API}{report_path(report)}/lines/{line.pk}/evidence",
        {"file": SimpleUploadedFile("evidence.pdf", PDF)},
    )

    assert response.status_code == 401
    assert not Evidence.objects.exists()
