"""A report moves draft → submitted → draft (reopened by the provincial office) and no
other way; the window of a round is one of the explicit window states."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from eplan.core.windows import WindowState
from eplan.reporting import services
from eplan.reporting.models import REPORT_TRANSITIONS, LineStatus, ReportState
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.reporting.windows import window_state

pytestmark = pytest.mark.django_db


def test_the_report_table_allows_submitting_a_draft_and_reopening_a_submitted_report():
    assert {
        ReportState.DRAFT: {ReportState.SUBMITTED},
        ReportState.SUBMITTED: {ReportState.DRAFT},
    } == REPORT_TRANSITIONS


def test_a_draft_is_submitted_reopened_and_submitted_again_but_a_draft_is_not_reopened(world, cycle):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    with pytest.raises(ValidationError, match="เปิดให้แก้ไขได้เฉพาะรายงานที่ส่งแล้ว"):
        services.report_reopen(actor=world.nacc_provincial, report=report, reason="ข้อมูลงบประมาณผิด")
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": LineStatus.DONE} for line in report.lines.all()}
    )
    assert services.report_submit(actor=world.officer, report=report).state == ReportState.SUBMITTED
    assert services.report_reopen(actor=world.nacc_provincial, report=report, reason="ข้อมูลผิด").state == "draft"
    assert services.report_submit(actor=world.officer, report=report).state == ReportState.SUBMITTED


def test_a_submission_is_refused_when_the_table_does_not_allow_it(world, cycle, monkeypatch):
    assessed(world, world.klai, cycle)
    report = services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": LineStatus.DONE} for line in report.lines.all()}
    )
    monkeypatch.setattr(services, "REPORT_TRANSITIONS", {ReportState.DRAFT: set(), ReportState.SUBMITTED: set()})
    with pytest.raises(ValidationError, match="เปลี่ยนสถานะจาก ร่าง เป็น ส่งแล้ว ไม่ได้"):
        services.report_submit(actor=world.officer, report=report)
    report.refresh_from_db()
    assert report.state == ReportState.DRAFT and not report.receipt_number


def test_a_round_window_is_an_explicit_state_still_equal_to_its_old_string(world, cycle):
    round = open_round(cycle, freeze=False)
    state = window_state(round)
    assert state is WindowState.OPEN and state == "open"
    after = round.closes_on + datetime.timedelta(days=1)
    assert window_state(round, today=after) == WindowState.CLOSED
    assert window_state(round, today=round.opens_on - datetime.timedelta(days=1)) == WindowState.NOT_OPEN
    assert window_state(round, today=timezone.localdate() + datetime.timedelta(days=11)) == WindowState.LATE
