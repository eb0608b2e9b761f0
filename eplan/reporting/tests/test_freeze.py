"""Who must report in a round is fixed once, on its opening day, by the morning's run
(send_reminders, or freeze_rounds) — never by someone opening a page, never for a round
that has already closed, and in the same number of queries for 3 organisations or 7,850."""

import datetime
import importlib
import io

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.assessment.models import Assessment, AssessmentState, ItemJudgement, Level, Result
from eplan.core.models import AuditEvent
from eplan.plans.models import Plan, PlanVersion
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, Report, ReportLine, Round, RoundKind
from eplan.reporting.planned import planned_items
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _writes() -> dict:
    """Everything a page view must leave as it found it. A download of non-public data is
    recorded in the audit trail (who read what), which is not business data."""
    return {
        "expected": list(ExpectedOrganisation.objects.order_by("pk").values()),
        "audit": AuditEvent.objects.exclude(action="reporting.download").count(),
        "rounds": list(Round.objects.order_by("pk").values()),
        "reports": list(Report.objects.order_by("pk").values("pk", "state", "updated_at")),
        "lines": ReportLine.objects.count(),
    }


def passed_copies(version, organisations, *, assessor, misfit=None) -> list[PlanVersion]:
    """The same plan, submitted and passed, for each organisation: written in bulk so a
    test can have dozens of organisations to freeze (each its own version and assessment)."""
    now = timezone.now()
    plans = Plan.objects.bulk_create(
        [
            Plan(organisation=organisation, cycle=version.plan.cycle, status=version.plan.status)
            for organisation in organisations
        ]
    )
    versions = PlanVersion.objects.bulk_create(
        [
            PlanVersion(
                plan=plan,
                number=1,
                receipt_number=f"copy-{plan.organisation.code}",
                submitted_at=version.submitted_at,
                submitted_by=version.submitted_by,
                snapshot=version.snapshot,
                snapshot_sha256=version.snapshot_sha256,
            )
            for plan in plans
        ]
    )
    assessments = Assessment.objects.bulk_create(
        [
            Assessment(
                version=copy,
                level=Level.PROVINCIAL,
                state=AssessmentState.FINAL,
                assessor=assessor,
                result=Result.PASSED,
                finalised_at=now,
                finalised_by=assessor,
            )
            for copy in versions
        ]
    )
    if misfit is not None:
        ItemJudgement.objects.bulk_create(
            [ItemJudgement(assessment=a, item_id=misfit, fits=False, reason="ไม่สอดคล้องกับมิติ") for a in assessments]
        )
    return versions


def _open_today(round):
    today = timezone.localdate()
    round.opens_on, round.due_on, round.closes_on = (
        today,
        today + datetime.timedelta(days=30),
        today + datetime.timedelta(days=60),
    )
    round.save()
    return round


# Never from a page ----------------------------------------------------------------------


def test_staff_browsing_a_round_closed_long_ago_rewrites_no_organisations_history(world, cycle):
    """The finding: a provincial office opened the follow-up of fiscal year 2562 and กลาย's
    list of reports grew by rounds it was never asked for, each red 'ปิดรับแล้ว ไม่ได้ส่ง'."""
    assessed(world, world.klai, cycle)
    services.rounds_ensure(actor=None, cycle=cycle)  # the circulars' dates: every round closed years ago
    clients = [_client(user) for user in (world.nacc_provincial, world.district_office, world.central)]
    before = _writes()  # after signing in, which is recorded
    for client in clients:
        for round in Round.objects.filter(cycle=cycle):
            assert client.get(f"/reporting/follow-up/{cycle.code}/{round.code}/").status_code == 200
            assert client.get(f"/reporting/scores/{cycle.code}/{round.code}/").status_code == 200
        assert client.get("/reporting/").status_code == 200
    assert _writes() == before
    hub = _client(world.officer).get("/reporting/").content.decode()
    assert "ปิดรับแล้ว ไม่ได้ส่ง" not in hub


@pytest.fixture
def every_kind_of_round(world, cycle, settings, tmp_path):
    """2562-6 open, frozen, with กลาย's draft; 2562-12 open today, not yet frozen; the rest
    closed years ago, never frozen; 2565-12 not made yet."""
    settings.MEDIA_ROOT = tmp_path
    assessed(world, world.klai, cycle)
    frozen = open_round(cycle)
    report = services.report_open(actor=world.officer, round=frozen, organisation=world.klai)
    services.report_save(actor=world.officer, report=report, lines={report.lines.first().pk: {"status": "done"}})
    unfrozen = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.TWELVE_MONTH)
    _open_today(unfrozen)
    Round.objects.filter(cycle=cycle, fiscal_year=cycle.fiscal_years[-1], kind=RoundKind.TWELVE_MONTH).delete()
    return frozen, unfrozen


def _addresses(world, cycle, *, office: bool):
    code = cycle.code
    addresses = ["/reporting/", f"/reporting/rounds/{code}/", f"/api/v1/reporting/rounds?cycle={code}"]
    for round in Round.objects.filter(cycle=cycle):
        report = f"/reporting/{world.klai.code}/{code}/{round.code}/"
        addresses += [report, f"/api/v1/reporting/completeness?cycle={code}&round={round.code}"]
        addresses += [f"/api/v1/reporting/missing?cycle={code}&round={round.code}"]
        if office:
            addresses += [
                f"/reporting/follow-up/{code}/{round.code}/",
                f"/reporting/follow-up/{code}/{round.code}/?district={world.klai.district_id}",
                f"/reporting/follow-up/{code}/{round.code}/?organisation={world.klai.code}",
                f"/reporting/follow-up/{code}/{round.code}/missing.xlsx",
                f"/reporting/scores/{code}/{round.code}/",
            ]
        if Report.objects.filter(round=round).exists():
            addresses += [report + "report.xlsx", report + "report.pdf", report + "import/"]
            addresses += [f"/api/v1/reporting/reports/{world.klai.code}/{code}/{round.code}"]
    return addresses


@pytest.mark.parametrize("persona", ["officer", "district_office", "nacc_provincial", "central"])
def test_viewing_every_reporting_page_writes_nothing(world, cycle, every_kind_of_round, persona):
    user = getattr(world, persona)
    client = _client(user)
    before = _writes()
    addresses = _addresses(world, cycle, office=persona != "officer")
    for address in addresses:
        response = client.get(address)
        assert response.status_code in (200, 404), (address, response.status_code)
    assert _writes() == before, persona


def test_a_round_open_but_not_yet_frozen_says_when_its_list_is_fixed_instead_of_fixing_it(
    world, cycle, every_kind_of_round
):
    _frozen, unfrozen = every_kind_of_round
    officer = _client(world.officer)
    page = officer.get(f"/reporting/{world.klai.code}/{cycle.code}/{unfrozen.code}/").content.decode()
    assert "รายชื่อ อปท. ที่ต้องรายงานจะกำหนดเมื่อ" in page
    assert "เริ่มจัดทำรายงาน</button>" not in page and "ไม่อยู่ในรายชื่อ" not in page
    office = _client(world.nacc_provincial).get(f"/reporting/follow-up/{cycle.code}/{unfrozen.code}/")
    assert "รายชื่อ อปท. ที่ต้องรายงานจะกำหนดเมื่อ" in office.content.decode()
    # Starting the report does not fix the country's list either: it says so and waits.
    refused = officer.post(f"/reporting/{world.klai.code}/{cycle.code}/{unfrozen.code}/", follow=True)
    assert "รายชื่อ อปท. ที่ต้องรายงานจะกำหนดเมื่อ" in refused.content.decode()
    with pytest.raises(ValidationError, match=r"รายชื่อ อปท\. ที่ต้องรายงานจะกำหนดเมื่อ"):
        services.report_open(actor=world.officer, round=unfrozen, organisation=world.klai)
    assert not ExpectedOrganisation.objects.filter(round=unfrozen).exists()
    # The morning's run fixes it; then the report can be started.
    output = io.StringIO()
    call_command("freeze_rounds", stdout=output)
    assert "กำหนดรายชื่อ 1 แห่ง" in output.getvalue()
    unfrozen.refresh_from_db()
    assert unfrozen.expected_frozen_at is not None
    assert services.report_open(actor=world.officer, round=unfrozen, organisation=world.klai).lines.exists()


# Only rounds that are open --------------------------------------------------------------


def test_a_round_that_has_closed_is_never_frozen(world, cycle):
    assessed(world, world.klai, cycle)
    services.rounds_ensure(actor=None, cycle=cycle)
    closed = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.SIX_MONTH)
    with pytest.raises(ValidationError, match="ปิดรับรายงานแล้ว"):
        services.round_freeze(actor=None, round=closed)
    assert services.freeze_open_rounds() == 0
    upcoming = _open_today(Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[1], kind=RoundKind.SIX_MONTH))
    upcoming.opens_on = upcoming.due_on = timezone.localdate() + datetime.timedelta(days=1)
    upcoming.save()
    with pytest.raises(ValidationError, match="เปิดรับรายงาน"):
        services.round_freeze(actor=None, round=upcoming)
    assert not ExpectedOrganisation.objects.exists()
    assert not Round.objects.filter(expected_frozen_at__isnull=False).exists()


def test_only_the_central_administrator_or_the_daily_run_freezes_a_round(world, cycle):
    from django.core.exceptions import PermissionDenied

    assessed(world, world.klai, cycle)
    round = open_round(cycle, freeze=False)
    with pytest.raises(PermissionDenied):
        services.round_freeze(actor=world.nacc_provincial, round=round)
    assert services.round_freeze(actor=world.central, round=round) == 1


# In bulk --------------------------------------------------------------------------------


def test_freezing_costs_the_same_queries_for_3_organisations_as_for_30(world, cycle):
    template = assessed(world, world.klai, cycle)
    year = cycle.fiscal_years[0]
    planned = planned_items(template, year)
    misfit = planned[0]["id"]
    copies = [make_organisation(f"68008{number}", f"ทดสอบ{number}", "8008") for number in range(10, 39)]
    passed_copies(template, copies[:2], assessor=world.nacc_provincial)
    six = open_round(cycle, freeze=False)
    twelve = _open_today(Round.objects.get(cycle=cycle, fiscal_year=year, kind=RoundKind.TWELVE_MONTH))
    with CaptureQueriesContext(connection) as three:
        assert services.round_freeze(actor=None, round=six) == 3
    passed_copies(template, copies[2:], assessor=world.nacc_provincial, misfit=misfit)
    with CaptureQueriesContext(connection) as thirty:
        assert services.round_freeze(actor=None, round=twelve) == 30
    assert len(three) == len(thirty), [query["sql"][:90] for query in thirty]
    # Each row holds the items planned that year, without those judged not to fit.
    counts = dict(ExpectedOrganisation.objects.filter(round=twelve).values_list("organisation__code", "item_count"))
    assert counts[world.klai.code] == counts[copies[0].code] == len(planned)
    assert counts[copies[2].code] == len(planned) - 1
    assert counts[copies[-1].code] == len(planned_items(PlanVersion.objects.get(plan__organisation=copies[-1]), year))


# Repairing what the old behaviour left --------------------------------------------------


def _frozen_late(round, organisations, version):
    """As the old page views did: the list fixed after the round had closed."""
    later = timezone.make_aware(
        datetime.datetime.combine(round.closes_on + datetime.timedelta(days=400), datetime.time(9))
    )
    for organisation in organisations:
        ExpectedOrganisation.objects.create(
            round=round, organisation=organisation, version=version, item_count=3, added_at=later
        )
    Round.objects.filter(pk=round.pk).update(expected_frozen_at=later)
    return round


def test_the_repair_unfreezes_rounds_frozen_after_they_closed_that_nobody_used(world, cycle):
    version = assessed(world, world.klai, cycle)
    services.rounds_ensure(actor=None, cycle=cycle)
    rounds = {(r.fiscal_year, r.kind): r for r in Round.objects.filter(cycle=cycle)}
    y1, y2, y3 = cycle.fiscal_years[:3]
    untouched = _frozen_late(rounds[(y1, RoundKind.SIX_MONTH)], [world.klai], version)
    also_untouched = _frozen_late(rounds[(y1, RoundKind.TWELVE_MONTH)], [world.klai], version)
    extended = _frozen_late(rounds[(y2, RoundKind.SIX_MONTH)], [world.klai], version)
    ExpectedOrganisation.objects.filter(round=extended).update(
        extended_until=extended.closes_on + datetime.timedelta(days=500)
    )
    added = _frozen_late(rounds[(y2, RoundKind.TWELVE_MONTH)], [world.klai], version)
    ExpectedOrganisation.objects.filter(round=added).update(
        added_reason="รายงานย้อนหลังตามคำสั่ง", changed_by=world.central
    )
    reported = _frozen_late(rounds[(y3, RoundKind.SIX_MONTH)], [world.klai], version)
    Report.objects.create(round=reported, organisation=world.klai, version=version)
    in_time = rounds[(y3, RoundKind.TWELVE_MONTH)]
    on_time = timezone.make_aware(datetime.datetime.combine(in_time.opens_on, datetime.time(7)))
    ExpectedOrganisation.objects.create(round=in_time, organisation=world.klai, version=version, added_at=on_time)
    Round.objects.filter(pk=in_time.pk).update(expected_frozen_at=on_time)
    events = AuditEvent.objects.count()

    repair = importlib.import_module("eplan.reporting.migrations.0004_unfreeze_rounds_frozen_after_closing")
    repair.unfreeze_rounds_frozen_after_closing(apps, None)

    for round in (untouched, also_untouched):
        round.refresh_from_db()
        assert round.expected_frozen_at is None
        assert not ExpectedOrganisation.objects.filter(round=round).exists()
    for round in (extended, added, reported, in_time):
        round.refresh_from_db()
        assert round.expected_frozen_at is not None
        assert ExpectedOrganisation.objects.filter(round=round).count() == 1
    assert AuditEvent.objects.count() == events + 2  # one event per round put back
    assert set(AuditEvent.objects.filter(action="reporting.round_unfreeze").values_list("object_id", flat=True)) == {
        str(untouched.pk),
        str(also_untouched.pk),
    }
    hub = _client(world.officer).get("/reporting/").content.decode()
    assert hub.count("ปิดรับแล้ว ไม่ได้ส่ง") == 3  # the extension, the manual addition, the one fixed in time


def test_the_central_administrator_may_fix_an_open_rounds_list_at_once_from_the_rounds_page(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, freeze=False)
    address = f"/reporting/rounds/{cycle.code}/"
    central = _client(world.central)
    assert 'name="action" value="freeze"' in central.get(address).content.decode()
    provincial = _client(world.nacc_provincial)
    assert 'value="freeze"' not in provincial.get(address).content.decode()
    assert provincial.post(address, {"action": "freeze", "round": round.code}).status_code == 404
    assert not ExpectedOrganisation.objects.exists()
    done = central.post(address, {"action": "freeze", "round": round.code}, follow=True).content.decode()
    assert "กำหนดรายชื่อ อปท. ที่ต้องรายงานรอบ 6 เดือน ปีงบประมาณ 2562แล้ว 1 แห่ง" in done
    closed = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[1], kind=RoundKind.SIX_MONTH)
    refused = central.post(address, {"action": "freeze", "round": closed.code}, follow=True).content.decode()
    assert "ไม่กำหนดรายชื่อผู้ต้องรายงานย้อนหลัง" in refused
    assert list(ExpectedOrganisation.objects.values_list("round_id", flat=True)) == [round.pk]
