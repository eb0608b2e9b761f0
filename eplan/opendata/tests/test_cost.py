"""Each dataset is a fixed number of aggregate queries, whatever the number of organisations:
the same for 10 as for 40, with plans assessed, and reports sent, drafted and missing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.opendata import datasets
from eplan.opendata.tests.conftest import assessed, open_round
from eplan.reporting.models import ExpectedOrganisation, LineStatus, Report, ReportLine, ReportState, Round
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

DISTRICTS = ("8008", "8001")  # province 80, whose NACC office assesses


def grow(world, cycle, round, numbers):
    """More organisations, each assessed (every third below the pass mark), expected in the
    round and, by turns, with a sent report, a draft or nothing."""
    for number in numbers:
        organisation = make_organisation(f"69{number:05d}", f"ทดสอบ {number}", DISTRICTS[number % 2])
        version = assessed(world, organisation, cycle, passed=number % 3 != 0)
        ExpectedOrganisation.objects.create(
            round=round, organisation=organisation, version=version, item_count=2, added_at=timezone.now()
        )
        if number % 3 == 2:
            continue
        sent = number % 3 == 0
        report = Report.objects.create(
            round=round,
            organisation=organisation,
            version=version,
            state=ReportState.SUBMITTED if sent else ReportState.DRAFT,
            submitted_at=timezone.now() if sent else None,
            first_submitted_at=timezone.now() if sent else None,
            is_late=number % 2 == 0,
        )
        ReportLine.objects.bulk_create(
            ReportLine(report=report, item_id=index, position=index, dimension=index, title="ทดสอบ", status=status)
            for index, status in ((1, LineStatus.DONE), (2, LineStatus.IN_PROGRESS))
        )


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        dataset = call()
    return len(captured), len(dataset.rows)


def test_every_dataset_costs_the_same_queries_for_10_organisations_as_for_40(world, cycle):
    round = Round.objects.select_related("cycle").get(pk=open_round(cycle).pk)  # as the view finds it
    calls = {
        "plan-status": lambda: datasets.plan_status(cycle),
        "planned-budget": lambda: datasets.planned_budget(cycle, cycle.fiscal_years[1]),
        "implementation": lambda: datasets.implementation(round),
    }
    grow(world, cycle, round, range(10))
    small = {name: queries(call) for name, call in calls.items()}
    grow(world, cycle, round, range(10, 40))
    large = {name: queries(call) for name, call in calls.items()}
    world_size = 5
    assert {name: rows for name, (_count, rows) in small.items()} == dict.fromkeys(calls, 10 + world_size)
    assert {name: rows for name, (_count, rows) in large.items()} == dict.fromkeys(calls, 40 + world_size)
    counts = {name: count for name, (count, _rows) in small.items()}
    assert counts == {name: count for name, (count, _rows) in large.items()}
    # A handful each: the organisations, then the selectors' own aggregates (their counts
    # are their tests' business, e.g. eplan/plans/tests/test_figures.py).
    assert all(count <= 10 for count in counts.values()), counts
