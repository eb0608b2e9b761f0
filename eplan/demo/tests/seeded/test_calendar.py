"""The demo's calendar holds together. The demo moves dates so that the 2562-2565 window and
the 2564 6-month round are open today, and writes the 2561-2564 history afterwards; whatever
a visitor sees must still be possible: nothing sent before its window opened or after now,
nothing flagged late unless it came after the due date, no result confirmed before its plan
arrived, rounds one after another."""

import itertools

import pytest
from django.db.models import Max, Min
from django.utils import timezone

from eplan.assessment.models import Announcement, Assessment
from eplan.assessment.status import NOT_SUBMITTED, is_released, statuses_for
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import cycle_window_state
from eplan.plans.models import PlanVersion
from eplan.reporting.models import ExpectedOrganisation, Report, Round, RoundKind
from eplan.reporting.services import window_state

pytestmark = pytest.mark.django_db

local = timezone.localdate


def test_the_current_cycle_and_the_demo_round_are_open_today():
    assert cycle_window_state(Cycle.objects.get(code="2562-2565")) == "open"
    assert cycle_window_state(Cycle.objects.get(code="2561-2564")) == "closed"
    round = Round.objects.get(cycle__code="2561-2564", fiscal_year=2564, kind=RoundKind.SIX_MONTH)
    assert window_state(round) == "open"


def test_each_cycles_dates_follow_one_another():
    for cycle in Cycle.objects.all():
        assert cycle.submission_opens <= cycle.submission_due <= cycle.submission_closes < cycle.score_release_date


def test_no_plan_is_sent_outside_its_window_and_only_those_after_the_due_date_are_late():
    now = timezone.now()
    wrong = []
    for version in PlanVersion.objects.select_related("plan__cycle", "plan__organisation"):
        cycle, sent = version.plan.cycle, version.submitted_at
        where = f"{cycle.code} {version.plan.organisation.code} v{version.number} sent {sent:%Y-%m-%d %H:%M}"
        if not cycle.submission_opens <= local(sent) <= cycle.submission_closes:
            wrong.append(f"{where}: outside {cycle.submission_opens} – {cycle.submission_closes}")
        if sent > now:
            wrong.append(f"{where}: in the future")
        if version.is_late != (local(sent) > cycle.submission_due):
            wrong.append(f"{where}: late={version.is_late} but due {cycle.submission_due}")
    assert wrong == []
    late = PlanVersion.objects.filter(is_late=True)
    assert late.filter(plan__cycle__code="2561-2564").exists()  # the check above was not empty-handed
    assert not late.filter(plan__cycle__code="2562-2565").exists()  # not yet due


def test_a_cycles_framework_is_locked_by_its_first_plan_sent():
    for cycle in Cycle.objects.annotate(first_sent=Min("plans__versions__submitted_at")):
        assert cycle.framework_locked_at == cycle.first_sent, cycle.code


def test_plans_are_assessed_after_they_arrive_and_released_results_were_confirmed_before_the_release():
    now = timezone.now()
    wrong = []
    for assessment in Assessment.objects.select_related("version__plan__cycle", "version__plan__organisation"):
        version = assessment.version
        cycle = version.plan.cycle
        where = f"{cycle.code} {version.plan.organisation.code} v{version.number} {assessment.level}"
        if not version.submitted_at <= assessment.started_at <= assessment.updated_at <= now:
            wrong.append(f"{where}: sent {version.submitted_at}, opened {assessment.started_at}")
        if assessment.finalised_at and not assessment.started_at <= assessment.finalised_at <= now:
            wrong.append(f"{where}: opened {assessment.started_at}, confirmed {assessment.finalised_at}")
        released = is_released(cycle)
        if assessment.finalised_at and released and local(assessment.finalised_at) >= cycle.score_release_date:
            wrong.append(f"{where}: confirmed {assessment.finalised_at}, released {cycle.score_release_date}")
    assert wrong == []


def test_reporting_rounds_follow_one_another_after_the_plans_they_report_on():
    for cycle in Cycle.objects.filter(rounds__isnull=False).distinct():
        rounds = list(cycle.rounds.all())  # fiscal year, then 6 before 12 months
        assert rounds[0].opens_on > cycle.submission_closes
        for earlier, later in itertools.pairwise(rounds):
            assert earlier.closes_on < later.opens_on, f"{earlier} closes after {later} opens"


def test_the_list_of_who_must_report_is_fixed_on_the_opening_day_from_plans_sent_before():
    for round in Round.objects.filter(expected_frozen_at__isnull=False):
        assert local(round.expected_frozen_at) == round.opens_on
        rows = ExpectedOrganisation.objects.filter(round=round).select_related("version")
        assert rows.exists()
        for row in rows:
            assert row.added_at == round.expected_frozen_at
            assert local(row.version.submitted_at) < round.opens_on


def test_reports_are_sent_while_their_round_is_open_and_late_only_after_the_due_date():
    today = local()
    reports = Report.objects.filter(submitted_at__isnull=False).select_related("round")
    assert reports.exists()
    for report in reports:
        round = report.round
        assert report.created_at <= report.submitted_at <= timezone.now()
        assert round.opens_on <= local(report.first_submitted_at) <= min(today, round.closes_on)
        assert report.is_late == (local(report.first_submitted_at) > round.due_on)
    assert Report.objects.filter(submitted_at__isnull=True).exists()


def test_an_announcement_freezes_the_statuses_after_the_results_it_announces():
    announcements = Announcement.objects.select_related("cycle")
    assert announcements.exists()
    for announcement in announcements:
        cycle = announcement.cycle
        confirmed = Assessment.objects.filter(version__plan__cycle=cycle).aggregate(last=Max("finalised_at"))["last"]
        assert confirmed is None or confirmed <= announcement.as_of <= timezone.now()
        if is_released(cycle):
            assert local(announcement.as_of) >= cycle.score_release_date
        frozen = dict(announcement.entries.values_list("organisation_id", "status"))
        live = statuses_for(cycle, list(frozen))
        assert frozen == {pk: live.get(pk, NOT_SUBMITTED).status for pk in frozen}  # nothing changed since
