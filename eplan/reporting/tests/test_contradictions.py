"""A line that contradicts its plan is saved, with a warning beside it: an item planned as
ไม่ใช้งบประมาณ that declares an ordinance budget, or that could not be done because
"ไม่ได้รับงบประมาณ". The API says which items are planned without budget, and the warnings."""

import importlib

import pytest
from django.apps import apps
from django.test import Client

from eplan.plans.tests.test_api import with_token
from eplan.reporting import services
from eplan.reporting.models import Report, ReportLine
from eplan.reporting.tests.conftest import assessed, open_round
from eplan.reporting.tests.test_api import report_path

pytestmark = pytest.mark.django_db

BUDGET_DECLARED = "แผนระบุว่ารายการนี้ไม่ใช้งบประมาณ แต่รายงานงบประมาณตามข้อบัญญัติ 5,000.00 บาท"
NO_BUDGET_REASON = "แผนระบุว่ารายการนี้ไม่ใช้งบประมาณ แต่เหตุผลที่ดำเนินการไม่ได้คือ “ไม่ได้รับงบประมาณ”"


@pytest.fixture
def report(world, cycle) -> Report:
    assessed(world, world.klai, cycle)
    return services.report_open(actor=world.officer, round=open_round(cycle), organisation=world.klai)


def _page(client, report, tail=""):
    return f"/reporting/{report.organisation.code}/{report.round.cycle.code}/{report.round.code}/{tail}"


def test_the_report_keeps_what_the_plan_says_of_each_items_budget(report):
    without = report.lines.filter(planned_without_budget=True)
    assert without.exists() and not without.filter(planned_budget__isnull=False).exists()
    # In the demonstration plan the first item has a budget and the second none, that year.
    first, second = report.lines.all()[:2]
    assert (first.planned_without_budget, second.planned_without_budget) == (False, True)


def test_an_item_planned_without_budget_that_declares_one_is_saved_with_a_warning_beside_it(world, report):
    line = report.lines.filter(planned_without_budget=True).first()
    funded = report.lines.filter(planned_without_budget=False).first()
    client = Client()
    client.force_login(world.officer)
    answers = {"status": "done", "ordinance_budget": "5,000"}
    saved = client.post(_page(client, report, f"lines/{line.pk}/"), answers, HTTP_HX_REQUEST="true")
    assert saved.status_code == 200  # saved, not refused
    line.refresh_from_db()
    assert line.ordinance_budget == 5000 and line.status == "done"
    assert BUDGET_DECLARED in saved.content.decode()  # the warning arrives beside the line at once
    assert f'id="line-warnings-{line.pk}" class="line-warnings" hx-swap-oob="true"' in saved.content.decode()
    client.post(_page(client, report, f"lines/{funded.pk}/"), answers, HTTP_HX_REQUEST="true")
    page = client.get(_page(client, report)).content.decode()
    assert page.count(BUDGET_DECLARED) == 1  # the item with a planned budget is not warned
    warnings_box = page.index(f'id="line-warnings-{line.pk}"')
    assert page.index(BUDGET_DECLARED) > warnings_box > page.index(f'id="line-{line.pk}"')


def test_could_not_be_done_for_want_of_a_budget_on_an_item_that_needs_none_is_warned(world, report):
    line = report.lines.filter(planned_without_budget=True).first()
    services.report_save(
        actor=world.officer, report=report, lines={line.pk: {"status": "not_possible", "reason": "no_budget"}}
    )
    client = Client()
    client.force_login(world.district_office)  # the district office sees the warning too
    assert NO_BUDGET_REASON in client.get(_page(client, report)).content.decode()


def test_the_api_says_which_items_are_planned_without_budget_and_what_contradicts_the_plan(world, report):
    line = report.lines.filter(planned_without_budget=True).first()
    funded = report.lines.filter(planned_without_budget=False).first()
    payload = {
        "lines": {
            str(line.pk): {"status": "not_possible", "reason": "no_budget", "ordinance_budget": "5000"},
            str(funded.pk): {"status": "not_possible", "reason": "no_budget", "ordinance_budget": "5000"},
        }
    }
    response = with_token(world.officer).put(report_path(world.klai, report.round), payload)
    assert response.status_code == 200, response.content
    lines = {entry["id"]: entry for entry in response.json()["lines"]}
    assert lines[line.pk]["planned_without_budget"] is True and lines[line.pk]["planned_budget"] is None
    assert [warning[:40] for warning in lines[line.pk]["warnings"]] == [BUDGET_DECLARED[:40], NO_BUDGET_REASON[:40]]
    assert lines[funded.pk]["planned_without_budget"] is False and lines[funded.pk]["warnings"] == []
    read = with_token(world.district_office).get(report_path(world.klai, report.round)).json()
    assert {entry["id"]: entry["warnings"] for entry in read["lines"]}[line.pk] == lines[line.pk]["warnings"]


def test_lines_of_reports_opened_before_the_field_existed_are_marked_from_their_planned_budget(report):
    ReportLine.objects.filter(report=report).update(planned_without_budget=False)
    migration = importlib.import_module("eplan.reporting.migrations.0003_reportline_planned_without_budget")
    migration.mark_lines_planned_without_budget(apps, None)
    marked = set(report.lines.filter(planned_without_budget=True).values_list("pk", flat=True))
    assert marked == set(
        report.lines.filter(item_id__isnull=False, planned_budget__isnull=True).values_list("pk", flat=True)
    )
    assert marked
