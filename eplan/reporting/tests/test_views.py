"""The organisation's report pages, as an officer uses them."""

from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from eplan.reporting import evidence as evidence_services
from eplan.reporting import services
from eplan.reporting.models import Evidence, Report, ReportState
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def round(world, cycle):
    assessed(world, world.klai, cycle)
    return open_round(cycle)


def url(world, round, tail=""):
    return f"/reporting/{world.klai.code}/{round.cycle.code}/{round.code}/{tail}"


def test_the_officer_starts_the_report_from_the_hub(world, round):
    officer = as_user(world.officer)
    hub = officer.get("/reporting/")
    assert hub.status_code == 200
    assert url(world, round) in hub.content.decode()
    page = officer.get(url(world, round))
    assert "เริ่มจัดทำรายงาน" in page.content.decode()
    assert not Report.objects.exists()  # looking creates nothing
    response = officer.post(url(world, round))
    assert response.status_code == 302
    report = Report.objects.get(organisation=world.klai, round=round)
    page = officer.get(url(world, round)).content.decode()
    first = report.lines.first()
    assert first.title in page and f'id="line-{first.pk}"' in page


def test_another_organisations_officer_gets_404_on_this_report(world, round):
    services.report_open(actor=world.officer, round=round, organisation=world.klai)
    line = Report.objects.get().lines.first()
    outsider = as_user(world.outsider_officer)
    assert outsider.get(url(world, round)).status_code == 404
    assert outsider.post(url(world, round)).status_code == 404
    assert outsider.post(url(world, round, f"lines/{line.pk}/"), {"status": "done"}).status_code == 404
    assert outsider.post(url(world, round, "submit/"), {"confirm": "yes"}).status_code == 404
    # The district office may look but not write.
    district = as_user(world.district_office)
    assert district.get(url(world, round)).status_code == 200
    assert district.post(url(world, round, f"lines/{line.pk}/"), {"status": "done"}).status_code == 404
    line.refresh_from_db()
    assert line.status == ""


def test_a_line_saved_without_a_reason_is_refused_with_a_thai_message_and_kept(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    line = report.lines.first()
    officer = as_user(world.officer)
    refused = officer.post(
        url(world, round, f"lines/{line.pk}/"),
        {"status": "not_possible", "outputs": "ประชุมแล้ว 1 ครั้ง"},
        HTTP_HX_REQUEST="true",
    )
    assert refused.status_code == 422
    assert "กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้" in refused.content.decode()
    line.refresh_from_db()
    assert line.status == "" and line.outputs == ""  # nothing half-saved; the form keeps what was typed
    saved = officer.post(
        url(world, round, f"lines/{line.pk}/"),
        {"status": "not_possible", "reason": "no_budget", "outputs": "ประชุมแล้ว 1 ครั้ง"},
        HTTP_HX_REQUEST="true",
    )
    assert saved.status_code == 200 and "บันทึกแล้ว" in saved.content.decode()
    assert 'id="report-summary"' in saved.content.decode()  # the summary refreshes beside it
    line.refresh_from_db()
    assert (line.status, line.reason, line.outputs) == ("not_possible", "no_budget", "ประชุมแล้ว 1 ครั้ง")


def test_submitting_from_the_page_locks_the_report_with_a_receipt(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    officer = as_user(world.officer)
    refused = officer.post(url(world, round, "submit/"), {"confirm": "yes"}, follow=True)
    page = refused.content.decode()
    assert "ยังส่งไม่ได้" in page
    # every line without a status is listed, not only the first
    assert page.count("ยังไม่ได้ระบุสถานะการดำเนินการ") >= report.lines.count()
    for line in report.lines.all():
        officer.post(url(world, round, f"lines/{line.pk}/"), {"status": "done"})
    done = officer.post(url(world, round, "submit/"), {"confirm": "yes"}, follow=True)
    report.refresh_from_db()
    assert report.state == ReportState.SUBMITTED
    assert report.receipt_number in done.content.decode()
    page = officer.get(url(world, round)).content.decode()
    assert 'name="status"' not in page  # no more inputs


def test_evidence_is_attached_listed_and_served_only_in_scope(world, round, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    line = report.lines.first()
    officer = as_user(world.officer)
    upload = SimpleUploadedFile("ภาพกิจกรรม.png", b"\x89PNG\r\n\x1a\n" + b"0" * 100, content_type="image/png")
    response = officer.post(url(world, round, f"lines/{line.pk}/evidence/"), {"file": upload}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "ภาพกิจกรรม.png" in response.content.decode()
    evidence = Evidence.objects.get()
    served = officer.get(url(world, round, f"evidence/{evidence.pk}/"))
    assert served.status_code == 200 and b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert as_user(world.outsider_officer).get(url(world, round, f"evidence/{evidence.pk}/")).status_code == 404
    bad = SimpleUploadedFile("macro.xlsm", b"PK\x03\x04", content_type="application/vnd.ms-excel")
    refused = officer.post(url(world, round, f"lines/{line.pk}/evidence/"), {"file": bad}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 422 and ".xlsm" in refused.content.decode()
    assert Evidence.objects.count() == 1


def test_an_organisation_not_expected_is_told_why(world, cycle):
    assessed(world, world.klai, cycle, passed=False)
    round = open_round(cycle)
    page = as_user(world.officer).get(url(world, round)).content.decode()
    assert f"{world.klai.display_name} ไม่อยู่ในรายชื่อ" in page and "เริ่มจัดทำรายงาน" not in page


def test_extra_items_can_be_added_and_removed(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    officer = as_user(world.officer)
    refused = officer.post(url(world, round, "extras/"), {"title": "กิจกรรมไม่มีมิติ", "dimension": ""}, follow=True)
    page = refused.content.decode()
    assert "กรุณาเลือกมิติ" in page
    assert 'value="กิจกรรมไม่มีมิติ"' in page  # what was typed comes back
    officer.post(url(world, round, "extras/"), {"title": "กิจกรรมจิตอาสาต้านโกง", "dimension": "2", "status": "done"})
    extra = report.lines.get(item_id__isnull=True)
    assert (extra.title, extra.dimension, extra.status) == ("กิจกรรมจิตอาสาต้านโกง", 2, "done")
    officer.post(url(world, round, f"extras/{extra.pk}/remove/"))
    assert not report.lines.filter(item_id__isnull=True).exists()


def test_a_submitted_report_is_public_on_the_organisation_page_a_draft_is_not(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    visitor = Client()
    pdf_url = f"/organisations/{world.klai.code}/reports/{round.cycle.code}/{round.code}.pdf"
    assert pdf_url not in visitor.get(f"/organisations/{world.klai.code}/").content.decode()
    assert visitor.get(pdf_url).status_code == 404  # a draft is not published
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": "done"} for line in report.lines.all()}
    )
    services.report_submit(actor=world.officer, report=report)
    page = visitor.get(f"/organisations/{world.klai.code}/").content.decode()
    assert pdf_url in page and "100.00%" in page
    response = visitor.get(pdf_url)
    assert response.status_code == 200 and response.content.startswith(b"%PDF")


def test_what_was_typed_when_the_session_ran_out_is_saved_after_logging_in(world, round):
    from eplan.testing import PASSWORD

    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    first, second = report.lines.all()[:2]
    client = Client()  # the session has ended
    typed = {"status": "done", "outputs": "อบรมแล้ว 45 คน", "disbursed": "12,500"}
    response = client.post(url(world, round, f"lines/{first.pk}/"), typed, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and "/accounts/login/" in response["HX-Redirect"]
    client.post("/accounts/login/", {"username": world.officer.username, "password": PASSWORD})
    back = client.get(url(world, round, f"lines/{first.pk}/"), follow=True)
    assert "บันทึกรายการที่พิมพ์ไว้" in back.content.decode()
    first.refresh_from_db()
    assert (first.status, first.outputs, str(first.disbursed)) == ("done", "อบรมแล้ว 45 คน", "12500.00")
    # Kept input that is not valid comes back on the page, as typed, with what is wrong.
    client.logout()
    client.post(url(world, round, f"lines/{second.pk}/"), {"status": "not_possible", "outputs": "ยังไม่ได้ทำ"})
    client.post("/accounts/login/", {"username": world.officer.username, "password": PASSWORD})
    shown = client.get(url(world, round, f"lines/{second.pk}/"))
    assert shown.status_code == 422
    page = shown.content.decode()
    assert "ยังไม่ได้ทำ" in page and "กรุณาเลือกเหตุผลที่ดำเนินการไม่ได้" in page
    second.refresh_from_db()
    assert second.status == ""


@pytest.mark.parametrize(
    "tail",
    [
        "",
        "lines/{line}/",
        "texts/",
        "extras/",
        "extras/{extra}/remove/",
        "lines/{line}/evidence/",
        "evidence/{evidence}/remove/",
        "evidence/{evidence}/",
        "submit/",
    ],
)
def test_every_report_address_is_404_for_another_organisations_officer(world, round, tail, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    line = report.lines.first()
    services.report_save(actor=world.officer, report=report, extras=[{"title": "นอกแผน", "dimension": 1}])
    extra = report.lines.get(item_id__isnull=True)
    proof = SimpleUploadedFile("proof.pdf", b"%PDF-1.7", content_type="application/pdf")
    evidence = evidence_services.evidence_add(actor=world.officer, line=line, upload=proof)
    lines_before = report.lines.count()
    address = url(world, round, tail.format(line=line.pk, extra=extra.pk, evidence=evidence.pk))
    outsider = as_user(world.outsider_officer)
    assert outsider.get(address).status_code in (404, 405)
    # The evidence file is read-only: a POST is refused for its method, whoever sends it.
    refused = 405 if tail == "evidence/{evidence}/" else 404
    assert (
        outsider.post(address, {"status": "done", "title": "x", "dimension": "1", "confirm": "yes"}).status_code
        == refused
    )
    line.refresh_from_db()
    report.refresh_from_db()
    assert line.status == "" and report.lines.count() == lines_before and report.state == ReportState.DRAFT
    assert Evidence.objects.count() == 1 and report.lines.filter(item_id__isnull=True).count() == 1


def test_the_reporting_hub_is_404_for_an_account_without_a_role(db):
    from eplan.testing import make_user

    assert as_user(make_user("nobody")).get("/reporting/").status_code == 404


# Deadline day: progress, folded lines, the next line to do -------------------------------


def test_a_fresh_report_shows_how_far_it_is_and_no_score_band_yet(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    lines = list(report.lines.all())
    page = as_user(world.officer).get(url(world, round)).content.decode()
    assert f"รายงานแล้ว 0 จาก {len(lines)} รายการ" in page
    assert "คะแนนและสีจะแสดงเมื่อระบุสถานะอย่างน้อย 1 รายการ" in page
    assert "0.00%" not in page and "สีแดง" not in page  # not begun is not red
    assert f'href="#line-{lines[0].pk}" data-jump>ไปรายการถัดไปที่ยังไม่ระบุสถานะ' in page
    for line in lines:  # every line still to do is open
        assert f'<details class="report-line is-awaiting" id="line-{line.pk}" open>' in page


def test_saving_a_line_moves_the_count_and_the_jump_and_the_answered_line_folds_to_a_row(world, round):
    report = services.report_open(actor=world.officer, round=round, organisation=world.klai)
    lines = list(report.lines.all())
    officer = as_user(world.officer)
    saved = officer.post(url(world, round, f"lines/{lines[1].pk}/"), {"status": "done"}, HTTP_HX_REQUEST="true")
    body = saved.content.decode()
    assert saved.status_code == 200
    assert '<div id="report-progress" class="card report-progress" hx-swap-oob="true">' in body
    assert f"รายงานแล้ว 1 จาก {len(lines)} รายการ" in body
    assert f'href="#line-{lines[2].pk}" data-jump' in body  # the next one after the line saved
    assert f'id="line-state-{lines[1].pk}" data-line-state="done" hx-swap-oob="true"' in body
    assert "สีแดง" in body  # once a line has a status, the band is shown, in words
    page = officer.get(url(world, round)).content.decode()
    assert f'<details class="report-line" id="line-{lines[1].pk}">' in page  # folded; pressing the row opens it
    assert f'<details class="report-line is-awaiting" id="line-{lines[0].pk}" open>' in page
    assert f'href="#line-{lines[0].pk}" data-jump' in page
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": "in_progress"} for line in lines}
    )
    page = officer.get(url(world, round)).content.decode()
    assert f"รายงานแล้ว {len(lines)} จาก {len(lines)} รายการ" in page
    assert "data-jump" not in page and 'href="#submit">ระบุสถานะครบทุกรายการแล้ว ไปส่งรายงาน' in page
    assert '<details class="report-line is-awaiting"' not in page


class _Fields(HTMLParser):
    """Every form control of a page, and whether a label names it."""

    def __init__(self):
        super().__init__()
        self.labels, self.labelled_ids, self.controls = 0, set(), []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.labels += 1
            if attrs.get("for"):
                self.labelled_ids.add(attrs["for"])
        elif tag in ("input", "select", "textarea") and attrs.get("type") not in ("hidden", "submit", "button"):
            self.controls.append((attrs.get("name"), attrs.get("id"), self.labels > 0))

    def handle_endtag(self, tag):
        if tag == "label":
            self.labels -= 1


def test_every_field_of_the_report_page_has_a_label(world, round):
    services.report_open(actor=world.officer, round=round, organisation=world.klai)
    fields = _Fields()
    fields.feed(as_user(world.officer).get(url(world, round)).content.decode())
    assert len(fields.controls) > 50
    unlabelled = [c for c in fields.controls if not c[2] and c[1] not in fields.labelled_ids and c[0] != "language"]
    assert unlabelled == []
