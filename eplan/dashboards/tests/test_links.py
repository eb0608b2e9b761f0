"""Every number of the dashboards' tables that counts อปท. links to a list exactly as long:
plan status, late sending, movement between announcements, assessment results, criteria
failed, plans per organisation type, report completeness, score bands and ITA — whatever
the page, the area and the viewer."""

from html import unescape
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client

from eplan.assessment import services as assessment_services
from eplan.ita.services import import_ita

pytestmark = pytest.mark.django_db

# grid → the columns (0-based) whose numbers count อปท.
COUNTING = {
    "status": range(0, 6),
    "late": range(0, 4),
    "movement": range(0, 1),
    "assessed": range(0, 2),
    "failed": range(0, 1),
    "org_types": range(0, 1),
    "parts": None,  # plans' and implementation's: checked by their measure below
    "bands": range(0, 6),
    "completeness": range(0, 6),
    "ita": (0, 1, 3, 4, 5, 6, 7, 8, 9, 10),  # not 11, the plan pass rate
}
ORGANISATION_MEASURES = {"status", "submission", "movement", "score", "failed", "planned", "report", "band", "ita"}


@pytest.fixture
def everything(world, planned, reported):
    """planned's statuses, reported's 12-month round, two announcements and ITA results."""
    assessment_services.announcement_publish(actor=world.central, cycle=planned)
    assessment_services.announcement_publish(actor=world.central, cycle=planned)
    rows = [
        f"{world.klai.code},2567,96.00,AA",
        f"{world.tha_sala.code},2567,72.00,C",
        f"{world.krabi.code},2567,88.50,A",
    ]
    import_ita("\r\n".join(["code,year,score,level", *rows]).encode(), filename="t.csv", user=world.central)
    return reported


def _check(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    checked = 0
    for section in response.context["sections"]:
        grid = section.grid
        if grid is None or grid.name not in COUNTING:
            continue
        columns = COUNTING[grid.name]
        for row in [*grid.rows, *([grid.total] if grid.total else [])]:
            for index, cell in enumerate(grid.cells(row)):
                if not cell.href or (columns is not None and index not in columns):
                    continue
                query = parse_qs(urlparse(unescape(cell.href)).query)
                if query["measure"][0] not in ORGANISATION_MEASURES:
                    continue
                if grid.name == "parts" and query["measure"][0] != "planned":
                    continue
                listing = client.get(unescape(cell.href))
                assert listing.status_code == 200, cell.href
                assert listing.context["count"] == row.values[index], (grid.name, row.label, index, cell.href)
                assert len(listing.context["lines"]) == row.values[index]
                checked += 1
    return checked


@pytest.mark.parametrize("who", ["central", "nacc_provincial", "district_office", None])
def test_every_counting_number_lists_exactly_its_organisations(world, everything, who):
    client = Client()
    if who:
        client.force_login(getattr(world, who))
    round_query = f"round={everything.code}&cycle=2562-2565"
    checked = 0
    for url in (
        "/dashboards/",
        "/dashboards/status/",
        "/dashboards/assessment/",
        "/dashboards/plans/",
        f"/dashboards/implementation/?{round_query}",
        f"/dashboards/reporting/?{round_query}",
        "/dashboards/ita/",
        "/dashboards/status/?province=80",
        "/dashboards/ita/?province=80&district=8008",
    ):
        if who == "district_office" and "province=80" in url and "district" not in url:
            continue  # its district opens whatever province is asked
        checked += _check(client, url)
    assert checked > 40


def test_the_movement_lists_who_stayed(world, everything):
    client = Client()
    client.force_login(world.central)
    response = client.get("/dashboards/status/")
    movement = next(s.grid for s in response.context["sections"] if s.grid and s.grid.name == "movement")
    assert sum(row.values[0] for row in movement.rows) == 6  # every active อปท. (ท่าขึ้น too) in both
    passed = next(row for row in movement.rows if row.label.startswith("ผ่านเกณฑ์มาตรฐาน → ผ่าน"))
    assert passed.values[0] == 2


def test_the_ita_page_sets_ita_beside_the_plan_pass_rate(world, everything):
    client = Client()
    response = client.get("/dashboards/ita/?province=80")
    grid = next(s.grid for s in response.context["sections"] if s.grid and s.grid.name == "ita")
    district = {row.code: row for row in grid.rows}["8008"]
    # กลาย (AA, passed plan) and ท่าศาลา (C, incomplete plan)
    assert district.values[:4] == [2, 2, district.values[2], 1]
    assert str(district.values[2]) == "84.00"
    assert district.values[-1] == 50  # one of the two plans passed
