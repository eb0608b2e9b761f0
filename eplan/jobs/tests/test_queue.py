"""Long work leaves the request (issue 10): the announcement PDFs and workbooks and large
plan PDFs are made by the worker, not by the web request. The page answers at once with a
progress page that polls; the worker makes the file; the same address then serves it, and
keeps serving the same file without making it again. A failing job is retried and says so
in Thai; a document that is not public is served only to those who may see it."""

import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from eplan.assessment import services as assessment_services
from eplan.core import pdf
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.frameworks.selectors import framework_of
from eplan.jobs import services
from eplan.jobs.models import Job, JobState
from eplan.jobs.testing import run_worker
from eplan.plans.models import ItemBudget, PlanItem

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def laid_out(monkeypatch):
    """Every PDF laid out without WeasyPrint (the slow part): each copy says its number."""
    made = []

    def fake_html_to_pdf(html):
        made.append(html)
        return f"%PDF-1.7 copy {len(made)}".encode()

    monkeypatch.setattr(pdf, "html_to_pdf", fake_html_to_pdf)
    return made


@pytest.fixture
def cycle(db):
    return ensure_cycles()["2562-2565"]


@pytest.fixture
def announcement(world, cycle):
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    return assessment_services.announcement_publish(actor=world.central, cycle=cycle)


def announcement_pdf_url(announcement, **query):
    url = reverse("public:announcement_pdf", args=[announcement.cycle.code, announcement.number])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def test_the_announcement_pdf_is_queued_and_the_page_shows_its_progress(queue, laid_out, announcement):
    visitor = Client()

    page = visitor.get(announcement_pdf_url(announcement, province="80"))

    assert page.status_code == 202
    assert page["Content-Type"].startswith("text/html")
    assert page["Cache-Control"] == "no-store"
    html = page.content.decode()
    assert "<progress" in html
    assert "อยู่ในคิว" in html
    assert f'hx-get="{announcement_pdf_url(announcement, province="80")}"' in html
    assert 'hx-trigger="every 2s"' in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "no inline script (CSP)"
    assert not re.search(r"\son[a-z]+=", html), "no inline handlers (CSP)"
    assert laid_out == []  # nothing was made inside the request
    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    assert DBTaskResult.objects.count() == 1


def test_the_worker_makes_the_file_and_the_same_address_then_serves_it(queue, laid_out, announcement):
    visitor = Client()
    url = announcement_pdf_url(announcement, province="80")
    visitor.get(url)

    run_worker()

    job = Job.objects.get()
    assert job.state == JobState.DONE
    assert job.progress == 100
    polled = visitor.get(url, **HTMX)
    assert polled.status_code == 200
    assert "ไฟล์พร้อมแล้ว" in polled.content.decode()
    assert "data-job-ready" in polled.content.decode()
    assert "hx-trigger" not in polled.content.decode()  # polling stops
    served = visitor.get(url)
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert served.content == b"%PDF-1.7 copy 1"
    assert "filename*=UTF-8''" in served["Content-Disposition"]
    assert len(laid_out) == 1


def test_a_second_request_for_the_same_announcement_pdf_enqueues_nothing(queue, laid_out, announcement):
    url = announcement_pdf_url(announcement)
    Client().get(url)
    Client().get(url)  # another visitor, before the worker got to it
    Client().get(url, **HTMX)  # the first visitor's page polling

    assert DBTaskResult.objects.count() == 1
    run_worker()
    for _ in range(3):
        assert Client().get(url).content == b"%PDF-1.7 copy 1"
    assert DBTaskResult.objects.count() == 1
    assert len(laid_out) == 1  # made once, kept
    # Another choice is another document.
    assert Client().get(announcement_pdf_url(announcement, digits="thai")).status_code == 202
    assert Job.objects.count() == 2


def test_a_task_delivered_twice_makes_its_document_once(queue, laid_out, announcement):
    Client().get(announcement_pdf_url(announcement))
    job = Job.objects.get()
    services._enqueue(job)  # the same job in the queue a second time

    run_worker()

    assert DBTaskResult.objects.count() == 2
    assert len(laid_out) == 1
    assert sorted(DBTaskResult.objects.values_list("return_value", flat=True)) == ["done", "skipped"]


def test_a_failing_job_is_retried_and_its_error_shown_in_thai(queue, laid_out, announcement, monkeypatch):
    failures = []
    real = pdf.html_to_pdf

    def fails_once(html):
        if not failures:
            failures.append(html)
            raise OSError("disk full")
        return real(html)

    monkeypatch.setattr(pdf, "html_to_pdf", fails_once)
    url = announcement_pdf_url(announcement, province="80")
    visitor = Client()
    visitor.get(url)

    run_worker()

    job = Job.objects.get()
    assert job.state == JobState.QUEUED
    assert job.attempts == 1
    assert "OSError: disk full" in job.error
    retry = DBTaskResult.objects.filter(status="READY").get()
    assert retry.run_after > job.updated_at  # after a pause
    polled = visitor.get(url, **HTMX).content.decode()
    assert "ครั้งที่ 1 ไม่สำเร็จ ระบบจะลองใหม่อัตโนมัติ (ครั้งที่ 2 จาก 3)" in polled
    assert "เกิดข้อผิดพลาดระหว่างสร้างไฟล์" in polled
    assert "disk full" not in polled  # the detail is for the logs, not for visitors

    DBTaskResult.objects.filter(pk=retry.pk).update(run_after=job.updated_at)
    run_worker()

    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert job.attempts == 2
    assert visitor.get(url).content == b"%PDF-1.7 copy 1"


def test_a_job_that_fails_every_time_says_so_and_a_new_request_starts_it_again(queue, announcement, monkeypatch):
    def always_fails(html):
        raise OSError("no fonts")

    monkeypatch.setattr(pdf, "html_to_pdf", always_fails)
    monkeypatch.setattr(services, "RETRY_DELAYS", (0, 0))
    url = announcement_pdf_url(announcement)
    visitor = Client()
    visitor.get(url)

    for _ in range(3):
        DBTaskResult.objects.filter(status="READY").update(run_after=Job.objects.get().updated_at)
        run_worker()

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.attempts == 3
    polled = visitor.get(url, **HTMX).content.decode()
    assert "สร้างไฟล์ไม่สำเร็จ" in polled
    assert "ระบบลองสร้างไฟล์ 3 ครั้งแล้วไม่สำเร็จ" in polled
    assert f"J{job.pk}" in polled
    assert "hx-trigger" not in polled
    assert DBTaskResult.objects.filter(status="READY").count() == 0  # polling restarts nothing

    again = visitor.get(url)  # ลองอีกครั้ง: a person asking again

    assert again.status_code == 202
    job.refresh_from_db()
    assert (job.state, job.attempts) == (JobState.QUEUED, 0)
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def test_a_builder_that_refuses_says_why_in_thai_and_is_not_retried(queue, laid_out, announcement):
    url = announcement_pdf_url(announcement)
    Client().get(url)
    announcement.entries.all().delete()
    type(announcement).objects.filter(pk=announcement.pk).delete()

    run_worker()

    job = Job.objects.get()
    assert job.state == JobState.FAILED
    assert job.attempts == 1
    assert job.user_message == "ไม่พบประกาศนี้แล้ว"


def test_a_job_whose_worker_died_is_queued_again(queue, laid_out, announcement, settings):
    url = announcement_pdf_url(announcement)
    Client().get(url)
    job = Job.objects.get()
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, attempts=1)  # claimed, then the worker was killed
    DBTaskResult.objects.update(status="RUNNING")

    Client().get(url)
    assert DBTaskResult.objects.filter(status="READY").count() == 0  # still within its time

    settings.JOBS_STALE_AFTER_SECONDS = 0
    Client().get(url)

    assert DBTaskResult.objects.filter(status="READY").count() == 1
    run_worker()
    assert Client().get(url).content == b"%PDF-1.7 copy 1"


def test_the_announcement_workbook_is_made_by_the_worker_and_kept(queue, announcement):
    url = reverse("public:announcement_xlsx", args=[announcement.cycle.code, announcement.number])
    assert Client().get(url, {"province": "80"}).status_code == 202

    run_worker()

    response = Client().get(url, {"province": "80"})
    assert response.status_code == 200
    assert 'attachment; filename="announcement-' in response["Content-Disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content))["รายชื่อ อปท."].iter_rows(values_only=True))
    assert sorted(row[5] for row in rows[5:]) == ["5800801", "6800101", "6800808"]
    assert Job.objects.get().expires_at is None  # a province of an announcement: kept for good
    Client().get(url, {"province": "80", "q": "กลาย"})
    assert Job.objects.get(key__contains="xlsx", expires_at__isnull=False)  # a search: kept a day


def test_the_live_status_workbook_is_made_again_after_a_few_minutes(queue, world, cycle):
    url = reverse("public:status_xlsx", args=[cycle.code])
    Client().get(url)
    run_worker()
    first = Client().get(url).content
    assert Client().get(url).content == first

    Job.objects.update(expires_at=Job.objects.get().created_at)  # five minutes later
    assert Client().get(url).status_code == 202
    assert DBTaskResult.objects.filter(status="READY").count() == 1


def add_items(plan, count):
    leaves = framework_of(plan.cycle).leaves
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            mission=leaves[index % len(leaves)],
            position=1000 + index,
            kind="activity",
            title=f"กิจกรรมเพิ่มเติมที่ {index + 1}",
        )
        for index in range(count)
    )
    ItemBudget.objects.bulk_create(
        ItemBudget(item=item, fiscal_year=year, amount=Decimal(1000), no_budget=False)
        for item in items
        for year in plan.cycle.fiscal_years
    )


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_a_plan_over_the_limit_prints_in_the_background_and_only_for_those_in_scope(
    queue, laid_out, world, cycle, settings
):
    plan = build_demo_plan(organisation=world.klai, cycle=cycle)  # 40 items
    url = reverse("plans:pdf", args=[world.klai.code, cycle.code])
    settings.PLAN_PDF_INLINE_MAX_ITEMS = 40

    small = as_user(world.officer).get(url)
    assert small.status_code == 200  # at the limit: printed at once
    assert small["Content-Type"] == "application/pdf"

    add_items(plan, 1)
    large = as_user(world.officer).get(url)
    assert large.status_code == 202
    assert "แผนปฏิบัติการป้องกันการทุจริต" in large.content.decode()
    run_worker()
    assert as_user(world.officer).get(url)["Content-Type"] == "application/pdf"
    assert len(laid_out) == 2

    assert as_user(world.outsider_officer).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page
    assert as_user(world.nacc_provincial).get(url)["Content-Type"] == "application/pdf"
    assert len(laid_out) == 2  # the same document, served from storage


def test_an_edited_draft_is_a_new_document(queue, laid_out, world, cycle):
    plan = build_demo_plan(organisation=world.klai, cycle=cycle)
    url = reverse("plans:pdf", args=[world.klai.code, cycle.code])
    officer = as_user(world.officer)
    assert officer.get(url).content == b"%PDF-1.7 copy 1"
    assert officer.get(url).content == b"%PDF-1.7 copy 1"  # unchanged: kept

    PlanItem.objects.filter(plan=plan).update(title="ชื่อใหม่")

    assert officer.get(url).content == b"%PDF-1.7 copy 2"


def test_a_submitted_version_prints_once_for_its_organisation_and_the_public(world, cycle, laid_out):
    plan = build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    version = plan.versions.get()
    url = reverse("plans:version_pdf", args=[world.klai.code, cycle.code, version.number])

    assert as_user(world.officer).get(url).content == b"%PDF-1.7 copy 1"
    assert as_user(world.executive).get(url).content == b"%PDF-1.7 copy 1"
    assert as_user(world.outsider_officer).get(url).status_code == 404
    assert Job.objects.get().key == f"plan-pdf:version:{version.pk}:arabic:mission"
    assert Job.objects.get().expires_at is None


def test_polling_is_not_counted_against_the_export_rate_limit(queue, laid_out, announcement, settings):
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "export": {"address": "3/m"}}
    url = announcement_pdf_url(announcement)
    visitor = Client()
    assert visitor.get(url).status_code == 202
    for _ in range(10):
        assert visitor.get(url, **HTMX).status_code == 200
    run_worker()
    for _ in range(5):
        assert visitor.get(url).status_code == 200  # made already: served, not counted
    for province in ("80", "81", "50"):
        visitor.get(announcement_pdf_url(announcement, province=province))
    assert visitor.get(announcement_pdf_url(announcement, digits="thai")).status_code == 429


def test_prune_jobs_deletes_expired_documents_and_their_files(queue, laid_out, world, cycle):
    from django.core.management import call_command

    build_demo_plan(organisation=world.klai, cycle=cycle)
    as_user(world.officer).get(reverse("plans:pdf", args=[world.klai.code, cycle.code]))
    job = Job.objects.get()
    assert services.storage().exists(job.file)

    call_command("prune_jobs", verbosity=0)
    assert Job.objects.count() == 1  # not expired yet

    Job.objects.update(expires_at=job.created_at)
    call_command("prune_jobs", verbosity=0)

    assert not Job.objects.exists()
    assert not services.storage().exists(job.file)
