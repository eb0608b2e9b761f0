"""A report's standing in a round (reporting.selectors.standings): each of the six, as the
services leave them, in one query however many organisations; the follow-up page shows what
the selector says."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.accounts.roles import Role
from eplan.registry.models import Organisation
from eplan.reporting import services
from eplan.reporting.models import LineStatus
from eplan.reporting.selectors import ReportStanding, standings
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import client_for, complete_profile, make_organisation, make_user

pytestmark = pytest.mark.django_db


def _report(organisation, round, *, submit=True):
    """The organisation's own officer opens its report, answers every line and sends it
    unless told not to."""
    if not hasattr(organisation, "profile"):  # its staff are sent to fill it in first
        complete_profile(organisation, email=f"saraban@{organisation.code}.example.org")
    officer = make_user(f"officer.{organisation.code}", Role.LAO_OFFICER, organisation=organisation)
    report = services.report_open(actor=officer, round=round, organisation=organisation)
    lines = {line.pk: {"status": LineStatus.DONE} for line in report.lines.all()}
    services.report_save(actor=officer, report=report, lines=lines)
    if submit:
        services.report_submit(actor=officer, report=report)
    return report


@pytest.fixture
def taken_off(world):
    return make_organisation("6800102", "นาเคียน", "8001")


@pytest.fixture
def round(world, cycle, taken_off):
    """กลาย sent on time; ท่าศาลา began and never sent; ท่าซัก has not begun; ไสไทย sent
    after the due date; นาเคียน was taken off the list; ช้างเผือก has no plan, so is not on it."""
    for organisation in (world.klai, world.tha_sala, world.other_district, world.krabi, taken_off):
        assessed(world, organisation, cycle)
    round = open_round(cycle)
    _report(world.klai, round)
    _report(world.tha_sala, round, submit=False)
    services.expected_change(
        actor=world.central, round=round, organisation=taken_off, expected=False, reason="ยุบรวมกับเทศบาล (ทดสอบ)"
    )
    round.due_on = timezone.localdate() - datetime.timedelta(days=1)  # the due date has passed
    round.save(update_fields=["due_on"])
    _report(world.krabi, round)
    return round


def test_each_organisation_has_its_standing(world, round, taken_off):
    found = standings(round, Organisation.objects.all())
    assert found[world.klai.pk] == ReportStanding.ON_TIME
    assert found[world.tha_sala.pk] == ReportStanding.DRAFT
    assert found[world.other_district.pk] == ReportStanding.MISSING
    assert found[world.krabi.pk] == ReportStanding.LATE
    assert found[taken_off.pk] == ReportStanding.REMOVED
    assert found[world.chiang_mai.pk] == ReportStanding.NOT_EXPECTED
    assert set(found) == set(Organisation.objects.values_list("pk", flat=True))


def test_a_report_reopened_for_correction_keeps_the_standing_of_its_first_sending(world, round):
    report = world.klai.progress_reports.get(round=round)
    services.report_reopen(actor=world.nacc_provincial, report=report, reason="แก้ไขยอดเบิกจ่าย (ทดสอบ)")
    assert standings(round, Organisation.objects.filter(pk=world.klai.pk)) == {world.klai.pk: ReportStanding.ON_TIME}


def test_the_standings_of_any_number_of_organisations_are_one_query(world, round):
    for number in range(20):
        make_organisation(f"68002{number:02d}", f"ทดสอบ {number}", "8002")
    with CaptureQueriesContext(connection) as queries:
        found = standings(round, Organisation.objects.all())
    assert len(queries) == 1 and len(found) == Organisation.objects.count()


def test_the_follow_up_page_shows_the_standing_the_selector_gives(world, round, taken_off):
    response = client_for(world.central).get(f"/reporting/follow-up/{round.cycle.code}/{round.code}/?district=8001")
    lines = {line.organisation.code: line.standing for line in response.context["lines"]}
    assert lines == {world.other_district.code: ReportStanding.MISSING, taken_off.code: ReportStanding.REMOVED}
    page = response.content.decode()
    assert str(ReportStanding.MISSING.label) in page and str(ReportStanding.REMOVED.label) in page
