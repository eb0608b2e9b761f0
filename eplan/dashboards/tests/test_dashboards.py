"""The dashboards as their readers meet them: each office sees its own area (a district
office its district; another province is a 404), the national figures equal a hand count,
the 2018 summary per dimension equals the sum of the report lines, a number leads to
exactly the อปท. it counts, the public sees no unreleased score and no staff contact, every
table downloads (CSV with its BOM and title rows), and a page costs the same queries for 10
organisations as for 40."""

import datetime
import re
from decimal import Decimal
from html import unescape

import pytest
from django.db import connection
from django.db.models import Count, Q, Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.demo.plans import build_demo_plan
from eplan.registry.models import Organisation
from eplan.reporting.models import ExpectedOrganisation, ReportLine, ReportState
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

STATUS_COLUMNS = ("all", "not_submitted", "in_assessment", "returned", "incomplete", "passed")


def client_of(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def grid(response, name):
    return next(s.grid for s in response.context["sections"] if s.grid is not None and s.grid.name == name)


def counts_of(row) -> dict:
    return dict(zip(STATUS_COLUMNS, row.values[:6], strict=True))


def by_code(found_grid) -> dict:
    return {row.code: row for row in found_grid.rows}


def listed(client, href) -> list[str]:
    """The codes of the อปท. on the list a number links to (all pages)."""
    response = client.get(href)
    assert response.status_code == 200
    codes = [organisation.code for organisation, _shown in response.context["lines"]]
    assert response.context["count"] == len(codes)  # one page holds them in these fixtures
    return codes


# Who sees which area -------------------------------------------------------------------


def test_the_national_figures_equal_a_hand_count(world, planned):
    response = client_of(world.central).get("/dashboards/status/")
    assert response.status_code == 200
    found = grid(response, "status")
    # กลาย passed, ท่าศาลา incomplete, ท่าซัก in assessment (80); ไสไทย passed (81); ช้างเผือก none (50)
    assert counts_of(found.total) == {
        "all": 5,
        "not_submitted": 1,
        "in_assessment": 1,
        "returned": 0,
        "incomplete": 1,
        "passed": 2,
    }
    assert found.total.values[6] == Decimal("80.0")  # sent 4 of 5
    assert found.total.values[7] == Decimal("40.0")  # passed 2 of 5
    rows = by_code(found)
    assert counts_of(rows["80"]) == {
        "all": 3,
        "not_submitted": 0,
        "in_assessment": 1,
        "returned": 0,
        "incomplete": 1,
        "passed": 1,
    }
    assert counts_of(rows["81"])["passed"] == 1 and counts_of(rows["50"])["not_submitted"] == 1


def test_a_district_officer_counts_only_its_district(world, planned):
    response = client_of(world.district_office).get("/dashboards/status/")
    assert response.status_code == 200
    found = grid(response, "status")
    assert response.context["area"].level == "organisation"  # the district's อปท. themselves
    assert set(by_code(found)) == {world.klai.code, world.tha_sala.code}
    assert counts_of(found.total) == {
        "all": 2,
        "not_submitted": 0,
        "in_assessment": 0,
        "returned": 0,
        "incomplete": 1,
        "passed": 1,
    }


def test_another_provinces_office_is_refused_with_404(world, planned):
    client = client_of(world.nacc_provincial)  # province 80
    assert client.get("/dashboards/status/?province=50").status_code == 404
    assert client.get("/dashboards/organisations/?measure=status&value=all&province=50").status_code == 404
    assert client_of(world.district_office).get("/dashboards/?district=8001&province=80").status_code == 404


def test_a_province_drills_down_to_its_districts(world, planned):
    response = client_of(world.central).get("/dashboards/status/?province=80")
    found = grid(response, "status")
    assert response.context["area"].level == "district"
    assert counts_of(by_code(found)["8008"])["all"] == 2 and counts_of(by_code(found)["8001"])["all"] == 1
    assert [crumb["label"] for crumb in response.context["area"].crumbs][-1] == "จังหวัดนครศรีธรรมราช"


# A number and the อปท. behind it ---------------------------------------------------------


def test_each_status_number_links_to_exactly_the_organisations_it_counts(world, planned):
    client = client_of(world.central)
    found = grid(client.get("/dashboards/status/"), "status")
    for row in [*found.rows, found.total]:
        for count, cell in zip(row.values[:6], found.cells(row)[:6], strict=True):
            if count:
                assert len(listed(client, unescape(cell.href))) == count, (row.label, cell.href)
    passed = found.cells(by_code(found)["80"])[5].href
    assert listed(client, passed) == [world.klai.code]


def test_an_organisations_own_number_links_to_itself(world, planned):
    client = client_of(world.district_office)
    found = grid(client.get("/dashboards/status/"), "status")
    row = by_code(found)[world.tha_sala.code]
    incomplete = found.cells(row)[4]
    assert listed(client, incomplete.href) == [world.tha_sala.code]


def test_the_list_of_a_band_is_as_long_as_the_band(world, reported):
    client = client_of(world.central)
    round_code = reported.code
    response = client.get(f"/dashboards/implementation/?round={round_code}")
    bands = grid(response, "bands")
    names = ("expected", "green", "orange", "red", "no_report", "not_scored")
    total = dict(zip(names, bands.total.values[:6], strict=True))
    # กลาย orange, ท่าขึ้น red, ไสไทย green; ท่าศาลา (draft) and ท่าซัก (none) have not sent
    assert total == {"expected": 5, "green": 1, "orange": 1, "red": 1, "no_report": 2, "not_scored": 0}
    for cell, count in zip(bands.cells(bands.total)[:6], bands.total.values[:6], strict=True):
        if count:
            assert len(listed(client, cell.href)) == count
    orange = bands.cells(bands.total)[2].href
    assert listed(client, orange) == [world.klai.code]


# The 2018 summary ------------------------------------------------------------------------


def test_the_per_dimension_roll_up_equals_the_sum_of_the_report_lines(world, reported):
    response = client_of(world.central).get(f"/dashboards/implementation/?round={reported.code}")
    summary = grid(response, "summary")
    sent = Q(report__state=ReportState.SUBMITTED)
    lines = ReportLine.objects.filter(
        report__round=reported,
        item_id__isnull=False,
        report__organisation__in=ExpectedOrganisation.objects.filter(round=reported, removed_at__isnull=True).values(
            "organisation_id"
        ),
    )
    for row in summary.rows:
        match = re.match(r"มิติที่ (\d)", row.label)
        if not match:
            continue
        found = lines.filter(dimension=int(match.group(1))).aggregate(
            items=Count("id"),
            planned=Sum("planned_budget"),
            ordinance=Sum("ordinance_budget", filter=sent),
            disbursed=Sum("disbursed", filter=sent),
            done=Count("id", filter=sent & Q(status="done")),
            in_progress=Count("id", filter=sent & Q(status="in_progress")),
            not_possible=Count("id", filter=sent & Q(status="not_possible")),
        )
        expected = [
            found["items"],
            found["planned"] or 0,
            found["ordinance"] or 0,
            found["disbursed"] or 0,
            found["done"],
            found["in_progress"],
            found["not_possible"],
        ]
        assert [Decimal(value) for value in row.values[:7]] == [Decimal(value) for value in expected], row.label
    dimensions = [row for row in summary.rows if row.label.startswith("มิติที่")]
    for index in range(len(summary.columns)):
        parts = [row.values[index] or 0 for row in summary.rows]
        assert summary.total.values[index] == sum(parts), summary.columns[index].label
    assert len(dimensions) == 4
    assert summary.total.values[0] == 15  # items of every expected อปท. (ท่าซัก's five not opened)


# The public --------------------------------------------------------------------------------


def test_an_anonymous_visitor_sees_no_unreleased_scores(world, planned):
    planned.score_release_date = timezone.localdate() + datetime.timedelta(days=30)
    planned.save(update_fields=["score_release_date"])
    client = client_of()
    response = client.get("/dashboards/assessment/")
    assert response.status_code == 200
    assert all(section.grid is None and section.chart is None for section in response.context["sections"])
    status = grid(client.get("/dashboards/status/"), "status")
    assert counts_of(status.total)["passed"] == 0 and counts_of(status.total)["incomplete"] == 0
    assert counts_of(status.total)["in_assessment"] == 4
    assert client.get("/dashboards/organisations/?measure=score&value=assessed").status_code == 404
    assert client.get("/dashboards/organisations/?measure=status&value=passed").context["count"] == 0
    # An office sees the figures before the release, marked as such.
    staff = client_of(world.central).get("/dashboards/assessment/")
    assert grid(staff, "assessed").rows


def test_the_public_sees_released_scores_and_no_staff_contacts(world, planned):
    client = client_of()
    response = client.get("/dashboards/assessment/")
    assessed = grid(response, "assessed")
    assert sum(row.values[0] for row in assessed.rows) == 3  # กลาย, ท่าศาลา, ไสไทย
    for page in ("", "status/", "assessment/", "plans/", "implementation/", "reporting/", "ita/"):
        html = client.get(f"/dashboards/{page}").content.decode()
        assert "@example" not in html and "saraban@" not in html
    html = client.get("/dashboards/organisations/?measure=status&value=all").content.decode()
    assert "saraban@" not in html and world.klai.code in html


def test_an_lao_officer_sees_the_public_national_dashboard(world, planned):
    response = client_of(world.officer).get("/dashboards/status/")
    assert response.context["selection"].public
    assert counts_of(grid(response, "status").total)["all"] == 5


def test_drafts_are_not_counted_for_the_public(world, reported):
    response = client_of().get(f"/dashboards/reporting/?round={reported.code}")
    labels = [column.label for column in grid(response, "completeness").columns]
    assert not any("ร่าง" in label for label in labels)
    assert (
        client_of().get(f"/dashboards/organisations/?measure=report&value=drafts&round={reported.code}").status_code
        == 404
    )
    staff = client_of(world.central).get(f"/dashboards/reporting/?round={reported.code}")
    assert any("ร่าง" in column.label for column in grid(staff, "completeness").columns)


# Downloads -----------------------------------------------------------------------------------


def test_a_dashboard_table_downloads_as_csv_with_bom_and_title_rows(world, planned):
    response = client_of(world.central).get("/dashboards/status/?province=80&table=status&format=csv")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = response.content
    assert body.startswith(b"\xef\xbb\xbf")
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("สถานะแผนรายพื้นที่ จังหวัดนครศรีธรรมราช")
    assert "รอบแผน: 2562-2565" in lines[1] and "พื้นที่: จังหวัดนครศรีธรรมราช" in lines[1]
    assert any(line.startswith("8008,") for line in lines)


def test_every_table_of_every_page_downloads_as_xlsx(world, planned):
    client = client_of(world.central)
    for page in ("", "status/", "assessment/", "plans/", "implementation/", "reporting/", "ita/"):
        response = client.get(f"/dashboards/{page}")
        for section in response.context["sections"]:
            if section.grid is not None:
                found = client.get(f"/dashboards/{page}?table={section.grid.name}&format=xlsx")
                assert found.status_code == 200, (page, section.grid.name)
                assert found.content[:2] == b"PK"
    assert client.get("/dashboards/status/?table=nothing&format=csv").status_code == 404
    listing = client.get("/dashboards/organisations/?measure=status&value=all&format=csv")
    assert listing.content.startswith(b"\xef\xbb\xbf")


# Cost ---------------------------------------------------------------------------------------


def _queries(client, url) -> int:
    client.get(url)  # warm: session, caches
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _more_organisations(world, cycle, count, start):
    for index in range(count):
        organisation = make_organisation(f"68008{start + index:02d}", f"ทดสอบ {start + index}", "8008")
        if index % 3 == 0:
            build_demo_plan(organisation=organisation, cycle=cycle, submitted_by=world.officer)


@pytest.mark.parametrize(
    "url",
    [
        "/dashboards/",
        "/dashboards/status/",
        "/dashboards/assessment/",
        "/dashboards/plans/",
        "/dashboards/status/?province=80&district=8008",
        "/dashboards/organisations/?measure=status&value=all",
    ],
)
def test_a_page_costs_the_same_for_10_and_40_organisations(world, planned, url):
    client = client_of(world.central)
    _more_organisations(world, planned, 5, 10)  # 10 organisations
    ten = _queries(client, url)
    _more_organisations(world, planned, 30, 20)  # 40
    assert Organisation.objects.count() == 40
    assert _queries(client, url) == ten


@pytest.mark.parametrize("page", ["implementation", "reporting"])
def test_a_round_page_costs_the_same_for_more_organisations(world, reported, page):
    client = client_of(world.central)
    url = f"/dashboards/{page}/?round={reported.code}"
    before = _queries(client, url)
    for index in range(30):
        make_organisation(f"68009{index:02d}", f"ทดสอบ {index}", "8008")
    assert _queries(client, url) == before


def test_the_public_drills_from_the_country_to_a_region_and_a_district(world, planned):
    client = client_of()
    region = client.get("/dashboards/status/?region=8")
    assert region.status_code == 200
    assert set(by_code(grid(region, "status"))) == {"80", "81"}  # Chiang Mai is region 5
    district = client.get("/dashboards/status/?province=80&district=8008")
    assert set(by_code(grid(district, "status"))) == {world.klai.code, world.tha_sala.code}
    labels = [crumb["label"] for crumb in district.context["area"].crumbs]
    assert labels[0] == "ทั้งประเทศ" and labels[-1].endswith("ท่าศาลา")


@pytest.mark.parametrize(
    "query",
    ["province=99", "district=9999", "region=42", "cycle=2400-2403", "round=2500-6", "year=1999", "map=x&cycle=x"],
)
def test_a_code_that_names_nothing_is_404(world, planned, query):
    page = "reporting" if query.startswith("round") else "ita" if query.startswith("year") else "status"
    assert client_of(world.central).get(f"/dashboards/{page}/?{query}").status_code == 404
    assert client_of().get(f"/dashboards/{page}/?{query}").status_code == 404


def test_a_measure_or_value_that_is_not_one_is_404(world, planned):
    client = client_of(world.central)
    for query in ("", "measure=nothing&value=all", "measure=status&value=nothing", "measure=band&value=green&round=x"):
        assert client.get(f"/dashboards/organisations/?{query}").status_code == 404, query
