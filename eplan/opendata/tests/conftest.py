import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from eplan.assessment import services as assessment_services
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.registry.models import OrganisationProfile
from eplan.reporting import services as reporting_services
from eplan.reporting.models import Round, RoundKind
from eplan.testing import make_organisation

# Personal data the fixture writes: none of it may appear in any dataset.
PERSONAL = {
    "executive_name": "นายสมชาย ใจซื่อ",
    "clerk_name": "นางสาวสมหญิง รักดี",
    "coordinator_name": "นายประสาน งานดี",
    "coordinator_position": "นักวิเคราะห์นโยบายและแผนชำนาญการ",
    "coordinator_department": "กองยุทธศาสตร์ลับเฉพาะ",
    "phone": "075-123456",
    "coordinator_mobile": "081-9876543",
    "fax": "075-654321",
    "email": "coordinator.klai@example.org",
    "address": "99 หมู่ 9 ถนนส่วนตัว",
}
STAFF_NAMES = ("สมศักดิ์", "ทดลองงาน")


@pytest.fixture
def cycle(db):
    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


def assessed(world, organisation, cycle, *, passed=True):
    """A submitted plan with a final provincial score set: full points, or none."""
    plan = build_demo_plan(organisation=organisation, cycle=cycle, submitted_by=world.officer)
    version = plan.versions.get()
    assessor = world.nacc_provincial_krabi if organisation.province_id == "81" else world.nacc_provincial
    scores = {
        row["id"]: (Decimal(row["max_points"]) if passed else Decimal(0), "" if passed else "ไม่ผ่าน (ทดสอบ)")
        for row in version.snapshot["criteria"]
    }
    assessment_services.assessment_record(actor=assessor, version=version, scores=scores, judgements={}, finalise=True)
    return version


def open_round(cycle):
    """The 6-month round of the cycle's first year, open today, its list fixed."""
    reporting_services.rounds_ensure(actor=None, cycle=cycle)
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.SIX_MONTH)
    today = timezone.localdate()
    round.opens_on, round.due_on = today - datetime.timedelta(days=20), today + datetime.timedelta(days=10)
    round.closes_on = round.due_on + datetime.timedelta(days=30)
    round.save()
    reporting_services.round_freeze(actor=None, round=round)
    round.refresh_from_db()
    return round


def report_all_done(round, organisation, officer):
    report = reporting_services.report_open(actor=officer, round=round, organisation=organisation)
    lines = {str(line.pk): {"status": "done"} for line in report.lines.all()}
    reporting_services.report_save(actor=officer, report=report, lines=lines)
    return reporting_services.report_submit(actor=officer, report=report)


@pytest.fixture
def published(world, cycle):
    """กลาย passed (full points) and reported everything done in the 6-month round; ไสไทย
    (Krabi) was assessed below the pass mark; ท่าศาลา submitted and waits for its score;
    ท่าซัก and ช้างเผือก have no plan. An inactive อปท. and one named "=1+1" exist. กลาย's
    profile and its staff carry personal data (PERSONAL, STAFF_NAMES)."""
    OrganisationProfile.objects.filter(organisation=world.klai).update(**PERSONAL)
    world.officer.first_name, world.officer.last_name = STAFF_NAMES
    world.officer.save()
    world.inactive = make_organisation("6800899", "ยุบรวมแล้ว", "8008", active=False)
    world.formula = make_organisation("6800898", "=1+1", "8008")
    assessed(world, world.klai, cycle)
    assessed(world, world.krabi, cycle, passed=False)
    build_demo_plan(organisation=world.tha_sala, cycle=cycle, submitted_by=world.officer)
    round = open_round(cycle)
    report_all_done(round, world.klai, world.officer)
    world.round = round
    return world
