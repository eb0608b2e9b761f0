"""Evidence files are served only by the view that checks scope, never by a static route,
even in development; they are stored under random names; and the browser is told what
their first bytes say they are, never what the uploader's browser claimed (issue 10,
hole 12: a .pdf uploaded as text/html was served inline as HTML at a guessable path)."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import Resolver404, clear_url_caches, resolve

from eplan.reporting import evidence as evidence_services
from eplan.reporting import services
from eplan.reporting.models import Evidence
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

PDF_AS_HTML = b"%PDF-1.4\n<html><body><script>alert(document.cookie)</script></body></html>"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def report(world, cycle):
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def attach(world, report, name, content, content_type):
    line = report.lines.first()
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    return evidence_services.evidence_add(actor=world.officer, line=line, upload=upload)


def served(client, report, evidence):
    round = report.round
    return client.get(f"/reporting/{report.organisation.code}/{round.cycle.code}/{round.code}/evidence/{evidence.pk}/")


def test_media_has_no_static_route_even_in_development(settings, monkeypatch):
    import eplan.urls

    monkeypatch.setenv("NINJA_SKIP_REGISTRY", "1")  # the API's URLs are built again on reload
    settings.DEBUG = True
    try:
        module = importlib.reload(eplan.urls)
        with pytest.raises(Resolver404):
            resolve("/media/evidence/2562-2565/2562-6/6800808/ภาพกิจกรรม.png", urlconf=module)
    finally:
        settings.DEBUG = False
        importlib.reload(eplan.urls)
        clear_url_caches()


def test_a_file_is_stored_under_a_random_name_and_downloaded_under_its_own(world, report):
    evidence = attach(world, report, "รายงานการประชุม.docx", b"PK\x03\x04" + b"0" * 50, "application/octet-stream")

    stored = evidence.file.name
    assert "รายงานการประชุม" not in stored
    assert re.fullmatch(r"evidence/2562-2565/2562-6/6800808/[0-9a-f]{32}\.docx", stored), stored
    assert (evidence.original_name, evidence.name) == ("รายงานการประชุม.docx", "รายงานการประชุม.docx")
    response = served(as_user(world.officer), report, evidence)
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"].startswith("attachment")
    assert "filename*=utf-8''%E0%B8%A3" in response["Content-Disposition"]  # the Thai name, encoded


def test_a_pdf_uploaded_as_html_is_stored_and_served_as_a_pdf(world, report):
    evidence = attach(world, report, "ภาพกิจกรรม.pdf", PDF_AS_HTML, "text/html")
    assert evidence.content_type == "application/pdf"

    response = served(as_user(world.district_office), report, evidence)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


def test_a_file_stored_before_with_the_clients_type_is_served_as_its_bytes_say(world, report):
    """Rows from before the fix kept the type the uploader's browser sent."""
    line = report.lines.first()
    name = default_storage.save("evidence/2562-2565/2562-6/6800808/old.pdf", ContentFile(PDF_AS_HTML))
    legacy = Evidence.objects.create(
        line=line, file=name, name="old.pdf", content_type="text/html", uploaded_by=world.officer
    )
    other = default_storage.save("evidence/2562-2565/2562-6/6800808/notes.png", ContentFile(b"<svg onload=alert(1)>"))
    mismatched = Evidence.objects.create(
        line=line, file=other, name="notes.png", content_type="image/png", uploaded_by=world.officer
    )
    officer = as_user(world.officer)

    pdf = served(officer, report, legacy)
    assert (pdf["Content-Type"], pdf["Content-Disposition"][:6]) == ("application/pdf", "inline")
    unknown = served(officer, report, mismatched)
    assert unknown["Content-Type"] == "application/octet-stream"
    assert unknown["Content-Disposition"].startswith("attachment")
    assert unknown["X-Content-Type-Options"] == "nosniff"


def test_a_file_whose_bytes_are_not_its_suffix_is_refused(world, report):
    with pytest.raises(Exception) as refused:
        attach(world, report, "ภาพ.png", b"<html><script>alert(1)</script>", "image/png")
    assert "เนื้อไฟล์ไม่ใช่ .png ตามนามสกุล" in str(refused.value)


def test_files_stored_under_their_own_names_are_renamed_by_the_migration(
    world, report, media, django_capture_on_commit_callbacks
):
    migration = importlib.import_module("eplan.reporting.migrations.0006_evidence_random_names")
    from django.apps import apps

    line = report.lines.first()
    old = default_storage.save(
        "evidence/2562-2565/2562-6/6800808/ภาพกิจกรรม วันที่ 1.jpg", ContentFile(b"\xff\xd8\xff\xe0JFIF")
    )
    evidence = Evidence.objects.create(
        line=line, file=old, name="ภาพกิจกรรม", content_type="text/html", uploaded_by=world.officer
    )
    gone = Evidence.objects.create(line=line, file="evidence/missing.pdf", name="หาย", uploaded_by=world.officer)

    with django_capture_on_commit_callbacks(execute=True):
        migration.rename_stored_files(apps, None)

    evidence.refresh_from_db()
    assert re.fullmatch(r"evidence/2562-2565/2562-6/6800808/[0-9a-f]{32}\.jpg", evidence.file.name)
    assert (evidence.original_name, evidence.content_type) == ("ภาพกิจกรรม วันที่ 1.jpg", "image/jpeg")
    assert default_storage.open(evidence.file.name).read() == b"\xff\xd8\xff\xe0JFIF"
    assert not default_storage.exists(old)
    gone.refresh_from_db()
    assert gone.file.name == "evidence/missing.pdf"  # nothing to copy: left as it was
    # Run again: nothing more to do.
    with django_capture_on_commit_callbacks(execute=True):
        assert migration.rename_stored_files(apps, None) == []
