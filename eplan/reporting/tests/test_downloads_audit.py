"""Who took non-public reporting data away, and when, is in the audit trail (issue 10,
hole 16): the missing list with coordinators' contacts, a report's workbook, a draft
report's PDF, an evidence file. A download writes nothing else; the public PDF of a
submitted report is not recorded."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eplan.core import pdf
from eplan.core.models import AuditEvent
from eplan.reporting import evidence as evidence_services
from eplan.reporting import services
from eplan.reporting.models import Report, ReportLine
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

DOWNLOAD = "reporting.download"


@pytest.fixture(autouse=True)
def quick_pdf(monkeypatch):
    monkeypatch.setattr(pdf, "html_to_pdf", lambda html: b"%PDF-1.7 (not rendered in this test)")


@pytest.fixture
def report(world, cycle):
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def report_url(report, tail):
    round = report.round
    return f"/reporting/{report.organisation.code}/{round.cycle.code}/{round.code}/{tail}"


def downloads():
    return list(AuditEvent.objects.filter(action=DOWNLOAD).order_by("pk"))


def business_rows(report):
    return (
        list(Report.objects.filter(pk=report.pk).values()),
        list(ReportLine.objects.filter(report=report).order_by("pk").values()),
    )


def test_the_missing_list_download_is_recorded_with_who_what_and_where(world, report):
    round = report.round
    response = as_user(world.nacc_provincial).get(
        f"/reporting/follow-up/{round.cycle.code}/{round.code}/missing.xlsx", {"province": "80"}
    )
    assert response.status_code == 200
    [event] = downloads()
    assert event.actor == world.nacc_provincial and event.actor_username == "nacc.80"
    assert event.detail["what"] == "missing_xlsx" and event.province_code == "80"
    assert event.object_type == "reporting.round" and event.object_id == str(round.pk)
    assert event.at is not None


def test_a_reports_workbook_and_its_draft_pdf_are_recorded_and_change_nothing(world, report):
    before = business_rows(report)
    district = as_user(world.district_office)
    assert district.get(report_url(report, "report.xlsx")).status_code == 200
    assert district.get(report_url(report, "report.pdf")).status_code == 200
    assert [(e.detail["what"], e.actor_username, e.organisation_code) for e in downloads()] == [
        ("report_xlsx", "amphoe.thasala", "6800808"),
        ("report_pdf_draft", "amphoe.thasala", "6800808"),
    ]
    assert business_rows(report) == before


def test_the_pdf_of_a_submitted_report_is_public_and_not_recorded(world, report):
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": "done"} for line in report.lines.all()}
    )
    services.report_submit(actor=world.officer, report=report)
    assert as_user(world.officer).get(report_url(report, "report.pdf")).status_code == 200
    assert downloads() == []


def test_an_evidence_download_is_recorded_with_the_file(world, report, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("ภาพกิจกรรม.png", b"\x89PNG\r\n\x1a\n" + b"0" * 20, content_type="image/png")
    evidence = evidence_services.evidence_add(actor=world.officer, line=report.lines.first(), upload=upload)

    assert as_user(world.nacc_provincial).get(report_url(report, f"evidence/{evidence.pk}/")).status_code == 200

    [event] = downloads()
    assert event.detail == {"what": "evidence", "evidence": evidence.pk, "name": "ภาพกิจกรรม.png"}
    assert event.actor == world.nacc_provincial


def test_a_refused_download_records_nothing(world, report):
    assert as_user(world.outsider_officer).get(report_url(report, "report.xlsx")).status_code == 404
    assert Client().get(report_url(report, "report.xlsx")).status_code == 302
    assert downloads() == []
