"""Two people editing the same report, round or list never overwrite each other (issue 10,
hole 5): every form carries the state token of what it showed (`_state`), the API gives it
as the ETag and takes it in If-Match; a save over a newer one is refused with both values
shown and what the second person typed kept. Audit events keep old and new values."""

import re

import pytest
from django.test import Client
from django.utils import timezone

from eplan.core.concurrency import STATE_FIELD
from eplan.core.models import AuditEvent
from eplan.plans.tests.test_api import API, with_token
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, ReportLine, Round
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def report(world, cycle):
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def url(report, tail=""):
    round = report.round
    return f"/reporting/{report.organisation.code}/{round.cycle.code}/{round.code}/{tail}"


def token_in(html: str, element_id: str) -> str:
    """The state token a page rendered for a form (the hidden _state input with this id)."""
    tag = re.search(rf'<input[^>]*id="{element_id}"[^>]*>', html)
    value = re.search(r'value="([^"]*)"', tag.group(0)) if tag else None
    return value.group(1) if value else ""


def line_token(client, report, line) -> str:
    return token_in(client.get(url(report)).content.decode(), f"line-token-{line.pk}")


def answers(**values):
    return {"status": "in_progress", **values}


# Report lines on the page ------------------------------------------------------------------


def test_a_stale_line_save_is_refused_showing_both_values_and_keeping_what_was_typed(world, report):
    """The lost `outputs` text of the issue: two officers open the report; the colleague
    saves first; the officer's save from the older page must not overwrite it."""
    line = report.lines.first()
    officer, colleague = as_user(world.officer), as_user(world.colleague)
    seen_by_officer = line_token(officer, report, line)
    seen_by_colleague = line_token(colleague, report, line)

    saved = colleague.post(
        url(report, f"lines/{line.pk}/"),
        answers(outputs="อบรมพนักงาน 2 รุ่น รวม 80 คน", **{STATE_FIELD: seen_by_colleague}),
        **HX,
    )
    assert saved.status_code == 200
    refused = officer.post(
        url(report, f"lines/{line.pk}/"),
        answers(outputs="อบรม 1 รุ่น", **{STATE_FIELD: seen_by_officer}),
        **HX,
    )

    assert refused.status_code == 422
    line.refresh_from_db()
    assert line.outputs == "อบรมพนักงาน 2 รุ่น รวม 80 คน"
    html = refused.content.decode()
    assert "มีผู้อื่นบันทึกรายการนี้" in html
    assert "อบรมพนักงาน 2 รุ่น รวม 80 คน" in html  # stored now
    assert '<textarea name="outputs" rows="2">อบรม 1 รุ่น</textarea>' in html  # what the officer typed
    # The whole line is swapped back in place, with the token of what is stored now.
    assert refused["HX-Retarget"] == f"#line-{line.pk}" and refused["HX-Reswap"] == "outerHTML"
    again = officer.post(
        url(report, f"lines/{line.pk}/"),
        answers(outputs="อบรม 1 รุ่น", **{STATE_FIELD: token_in(html, f"line-token-{line.pk}")}),
        **HX,
    )
    assert again.status_code == 200
    line.refresh_from_db()
    assert line.outputs == "อบรม 1 รุ่น"


def test_saves_one_after_another_from_the_same_page_are_not_refused(world, report):
    """Each save hands the form the token of what it stored (swapped out of band)."""
    line = report.lines.first()
    officer = as_user(world.officer)
    token = line_token(officer, report, line)
    for outputs in ("ประชุมแล้ว", "ประชุมแล้ว 2 ครั้ง", "ประชุมแล้ว 3 ครั้ง"):
        saved = officer.post(url(report, f"lines/{line.pk}/"), answers(outputs=outputs, **{STATE_FIELD: token}), **HX)
        assert saved.status_code == 200, saved.content.decode()
        html = saved.content.decode()
        assert 'hx-swap-oob="true"' in html
        token = token_in(html, f"line-token-{line.pk}")
    line.refresh_from_db()
    assert line.outputs == "ประชุมแล้ว 3 ครั้ง"


def test_a_stale_line_save_without_javascript_comes_back_as_a_page_with_both_values(world, report):
    line = report.lines.first()
    officer = as_user(world.officer)
    seen = line_token(officer, report, line)
    services.report_save(actor=world.colleague, report=report, lines={line.pk: answers(note="ตรวจแล้ว")})

    refused = officer.post(url(report, f"lines/{line.pk}/"), answers(note="ยังไม่ตรวจ", **{STATE_FIELD: seen}))

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "ตรวจแล้ว" in html and ">ยังไม่ตรวจ</textarea>" in html
    line.refresh_from_db()
    assert line.note == "ตรวจแล้ว"


def test_a_stale_summary_is_refused_and_kept(world, report):
    officer = as_user(world.officer)
    seen = token_in(officer.get(url(report)).content.decode(), "texts-token")
    services.report_save(actor=world.colleague, report=report, summary="ดำเนินการครบทุกโครงการ")

    refused = officer.post(url(report, "texts/"), {"summary": "ยังไม่ครบ", "problems": "", STATE_FIELD: seen}, **HX)

    assert refused.status_code == 422
    html = refused.content.decode()
    assert "ดำเนินการครบทุกโครงการ" in html and ">ยังไม่ครบ</textarea>" in html
    report.refresh_from_db()
    assert report.summary == "ดำเนินการครบทุกโครงการ"


def test_an_extra_item_changed_by_someone_else_is_not_removed_from_an_older_page(world, report):
    services.report_save(actor=world.officer, report=report, extras=[{"title": "รณรงค์ 9 ธันวาคม", "dimension": "1"}])
    extra = report.lines.get(item_id__isnull=True)
    officer = as_user(world.officer)
    seen = line_token(officer, report, extra)
    services.report_save(
        actor=world.colleague, report=report, lines={extra.pk: {"status": "done", "outputs": "จัดแล้ว 300 คน"}}
    )

    officer.post(url(report, f"extras/{extra.pk}/remove/"), {STATE_FIELD: seen})

    assert ReportLine.objects.filter(pk=extra.pk, outputs="จัดแล้ว 300 คน").exists()


# Report lines through the API ----------------------------------------------------------------


def api_path(report):
    round = report.round
    return f"{API}/reporting/reports/{report.organisation.code}/{round.cycle.code}/{round.code}"


def test_the_api_gives_an_etag_and_refuses_a_put_over_a_newer_save_with_412(world, report):
    line = report.lines.first()
    caller = with_token(world.officer)
    headers = caller.headers
    read = caller.client.get(api_path(report), headers=headers)
    etag = read["ETag"]
    assert etag.startswith('"') and etag.endswith('"')
    services.report_save(actor=world.colleague, report=report, lines={line.pk: answers(outputs="อบรม 2 รุ่น")})

    body = {"lines": {str(line.pk): {"outputs": "อบรม 1 รุ่น"}}}
    refused = caller.client.put(
        api_path(report), body, content_type="application/json", headers={**headers, "If-Match": etag}
    )

    assert refused.status_code == 412, refused.content
    assert refused.json()["current"]["lines"][str(line.pk)]["outputs"] == "อบรม 2 รุ่น"
    line.refresh_from_db()
    assert line.outputs == "อบรม 2 รุ่น"
    fresh = caller.client.get(api_path(report), headers=headers)["ETag"]
    saved = caller.client.put(
        api_path(report), body, content_type="application/json", headers={**headers, "If-Match": fresh}
    )
    assert saved.status_code == 200 and saved["ETag"] != fresh
    line.refresh_from_db()
    assert line.outputs == "อบรม 1 รุ่น"


def test_an_api_put_without_if_match_changes_only_the_fields_it_sends(world, report):
    line = report.lines.first()
    services.report_save(actor=world.colleague, report=report, lines={line.pk: answers(note="หมายเหตุของเพื่อน")})
    caller = with_token(world.officer)
    saved = caller.put(
        f"/reporting/reports/{report.organisation.code}/2562-2565/{report.round.code}",
        {"lines": {str(line.pk): {"outputs": "ของฉัน"}}},
    )
    assert saved.status_code == 200
    line.refresh_from_db()
    assert (line.outputs, line.note) == ("ของฉัน", "หมายเหตุของเพื่อน")


# Audit keeps what was overwritten --------------------------------------------------------


def test_the_audit_event_of_a_line_save_keeps_the_old_and_new_values(world, report):
    line = report.lines.first()
    services.report_save(actor=world.officer, report=report, lines={line.pk: answers(outputs="ครั้งแรก")})
    services.report_save(
        actor=world.colleague, report=report, lines={line.pk: answers(outputs="ครั้งที่สอง", disbursed="1,500")}
    )
    event = AuditEvent.objects.filter(action="reporting.report_save").latest("pk")
    assert event.changes[f"lines.{line.pk}.outputs"] == ["ครั้งแรก", "ครั้งที่สอง"]
    assert event.changes[f"lines.{line.pk}.disbursed"] == [None, "1500.00"]
    assert f"lines.{line.pk}.status" not in event.changes  # unchanged fields are left out


def test_the_audit_event_of_the_summary_and_of_a_removed_extra_keeps_what_was_there(world, report):
    services.report_save(
        actor=world.officer,
        report=report,
        summary="สรุปเดิม",
        extras=[{"title": "รณรงค์", "dimension": "2", "outputs": "300 คน"}],
    )
    extra = report.lines.get(item_id__isnull=True)
    services.report_save(actor=world.officer, report=report, summary="สรุปใหม่", removed_extras=[extra.pk])
    event = AuditEvent.objects.filter(action="reporting.report_save").latest("pk")
    assert event.changes["summary"] == ["สรุปเดิม", "สรุปใหม่"]
    removed = event.changes[f"lines.{extra.pk}"][0]
    assert removed["title"] == "รณรงค์" and removed["outputs"] == "300 คน"


# Offices: round dates and the list of who must report ------------------------------------------


def test_a_stale_round_edit_is_refused_with_both_dates_and_the_typed_ones_kept(world, report):
    round = report.round
    rounds_url = f"/reporting/rounds/{round.cycle.code}/"
    first, second = as_user(world.central), as_user(world.central)
    page = first.get(rounds_url, {"edit": round.code}).content.decode()
    seen = token_in(page, "round-token")
    later = round.closes_on + timezone.timedelta(days=10)
    services.round_update(
        actor=world.central, round=round, opens_on=round.opens_on, due_on=round.due_on, closes_on=later
    )
    typed = round.closes_on + timezone.timedelta(days=3)

    refused = first.post(
        rounds_url,
        {
            "round": round.code,
            "opens_on": round.opens_on.isoformat(),
            "due_on": round.due_on.isoformat(),
            "closes_on": typed.isoformat(),
            "expected_rule": round.expected_rule,
            STATE_FIELD: seen,
        },
    )

    assert refused.status_code == 409
    html = refused.content.decode()
    assert "มีผู้อื่นบันทึก" in html and typed.isoformat() in html
    assert Round.objects.get(pk=round.pk).closes_on == later
    assert second.get(rounds_url).status_code == 200


def test_a_stale_extension_is_refused_and_the_newer_one_stays(world, report):
    round = report.round
    follow = f"/reporting/follow-up/{round.cycle.code}/{round.code}/"
    office = as_user(world.nacc_provincial)
    panel = office.get(follow, {"organisation": world.klai.code}).content.decode()
    seen = token_in(panel, "extension-token")
    longer = round.closes_on + timezone.timedelta(days=20)
    services.extension_grant(
        actor=world.nacc_regional, round=round, organisation=world.klai, until=longer, reason="น้ำท่วมทั้งอำเภอ"
    )

    refused = office.post(
        f"{follow}?organisation={world.klai.code}",
        {
            "action": "extension",
            "organisation": world.klai.code,
            "extension-until": (round.closes_on + timezone.timedelta(days=5)).isoformat(),
            "extension-reason": "ขอขยายเวลา",
            STATE_FIELD: seen,
        },
    )

    assert refused.status_code == 422
    assert "มีผู้อื่นบันทึก" in refused.content.decode()
    row = ExpectedOrganisation.objects.get(round=round, organisation=world.klai)
    assert row.extended_until == longer
