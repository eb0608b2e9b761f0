"""The summary per province and the work list provider cost the same number of queries
for 10 organisations as for 100."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from eplan.monitoring import selectors, services, worklist
from eplan.monitoring.tests.conftest import ITEMS
from eplan.public.worklist import Context
from eplan.registry.models import Organisation
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 2)


def _grow(world, count):
    """`count` อปท. of district 8008, each visited with an overdue recommendation."""
    services.checklist_save(actor=world.central, fiscal_year=2569, items=ITEMS)
    have = Organisation.objects.filter(district_id="8008").count()
    for n in range(have, count):
        make_organisation(f"69{n:05d}", f"ทดสอบ{n}", "8008")
    for organisation in Organisation.objects.filter(district_id="8008")[:count]:
        if organisation.visits.exists():
            continue
        visit = services.visit_plan(
            actor=world.nacc_provincial,
            date=datetime.date(2026, 5, 20),
            place="ที่ทำการ",
            team="คณะ",
            organisations=[organisation],
        )
        covered = visit.covered.get()
        services.visit_record(actor=world.nacc_provincial, covered=covered, attended=False, today=TODAY)
        services.recommendation_add(
            actor=world.nacc_provincial,
            covered=covered,
            text="ข้อเสนอแนะ",
            due_on=datetime.date(2026, 7, 1),
            today=TODAY,
        )
        services.visit_plan(
            actor=world.nacc_provincial,
            date=TODAY + datetime.timedelta(days=10),
            place="ที่ทำการ",
            team="คณะ",
            organisations=[organisation],
        )


def _count(function):
    function()  # the user's role assignments are read once per request (scope caches them)
    with CaptureQueriesContext(connection) as queries:
        function()
    return len(queries)


@pytest.mark.parametrize("user", ["nacc_provincial", "district_office"])
def test_the_work_list_of_an_office_costs_the_same_for_10_and_100(world, user):
    office = getattr(world, user)
    _grow(world, 10)
    small = _count(lambda: list(worklist.supervision(Context(user=office, today=TODAY))))
    items = list(worklist.supervision(Context(user=office, today=TODAY)))
    assert any("เลยกำหนด" in item.text for item in items)
    _grow(world, 100)
    assert _count(lambda: list(worklist.supervision(Context(user=office, today=TODAY)))) == small


def test_the_summary_costs_the_same_for_10_and_100(world):
    _grow(world, 10)
    small = _count(lambda: selectors.province_summary(world.nacc_regional, 2569, TODAY))
    _grow(world, 100)
    assert _count(lambda: selectors.province_summary(world.nacc_regional, 2569, TODAY)) == small
    row = next(r for r in selectors.province_summary(world.nacc_regional, 2569, TODAY) if r["province"] == "80")
    assert row["done"] == 0 and row["overdue"] == 100


def test_the_organisation_sees_its_open_recommendations_overdue_first_and_upcoming_visits(world):
    _grow(world, 2)
    items = list(worklist.supervision(Context(user=world.officer, today=TODAY)))
    kinds = [item.kind for item in items]
    assert "recommendation" in kinds and "visit" in kinds
    assert next(item for item in items if item.kind == "recommendation").overdue
