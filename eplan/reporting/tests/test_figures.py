"""The shared figures of implementation reporting: the 2018 summary per dimension, the
score bands and the timeliness trend equal a hand count on a small fixture, count only the
area they are given, group by province, district and organisation, and cost the same few
queries for 10 organisations as for 40.

The fixture writes expected rows, reports and lines straight into the tables, so that
every status and amount is the one the hand count below names (how reports come to be is
test_services.py's subject)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.demo.plans import build_demo_plan
from eplan.registry.models import Organisation, OrganisationType
from eplan.reporting import figures, services
from eplan.reporting.models import ExpectedOrganisation, LineStatus, Report, ReportLine, ReportState, Round, RoundKind
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

DONE, IN_PROGRESS, NOT_POSSIBLE = LineStatus.DONE, LineStatus.IN_PROGRESS, LineStatus.NOT_POSSIBLE


def expect(round, organisation, version, item_count, *, removed=False):
    return ExpectedOrganisation.objects.create(
        round=round,
        organisation=organisation,
        version=version,
        item_count=item_count,
        added_at=timezone.now(),
        removed_at=timezone.now() if removed else None,
        removed_reason="ยุบรวมกับ อปท. อื่น" if removed else "",
    )


def report(round, organisation, version, lines, *, sent=True, late=False, extras=()):
    """A report with one line per (dimension, status, planned, ordinance, disbursed)."""
    now = timezone.now()
    made = Report.objects.create(
        round=round,
        organisation=organisation,
        version=version,
        state=ReportState.SUBMITTED if sent else ReportState.DRAFT,
        submitted_at=now if sent else None,
        first_submitted_at=now if sent else None,
        is_late=late,
    )
    rows = [(position, line) for position, line in enumerate(lines, start=1)]
    rows += [(None, line) for line in extras]
    ReportLine.objects.bulk_create(
        ReportLine(
            report=made,
            item_id=item_id,
            position=index,
            dimension=dimension,
            title=f"โครงการทดสอบ {index}",
            status=status,
            planned_budget=planned,
            ordinance_budget=ordinance,
            disbursed=disbursed,
        )
        for index, (item_id, (dimension, status, planned, ordinance, disbursed)) in enumerate(rows, start=1)
    )
    return made


@pytest.fixture
def version(world, cycle):
    return build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer).versions.get()


@pytest.fixture
def rounds(cycle):
    services.rounds_ensure(actor=None, cycle=cycle)
    year = cycle.fiscal_years[0]
    return (
        Round.objects.get(cycle=cycle, fiscal_year=year, kind=RoundKind.SIX_MONTH),
        Round.objects.get(cycle=cycle, fiscal_year=year, kind=RoundKind.TWELVE_MONTH),
    )


@pytest.fixture
def reported(world, version, rounds):
    """The 12-month round of the cycle's first year (green from 80%, orange from 50%):

    - กลาย (district 8008): sent on time, 4 items; score (2 + 0.5) / 4 = 62.5% orange;
      an extra item outside the plan, which no figure counts;
    - ท่าศาลา (8008): a draft, 2 items: nothing reported yet;
    - ท่าซัก (8001): expected, 5 items, no report opened;
    - ท่าขึ้น (8001): sent late, 2 items; score 0.5 / 2 = 25% red;
    - ไสไทย (Krabi, 8101): sent, 2 items done: 100% green;
    - ช้างเผือก (Chiang Mai): taken off the list, its sent report counts nowhere.
    In the 6-month round only กลาย is expected, and has sent."""
    six, twelve = rounds
    tha_khuen = make_organisation("6800102", "ท่าขึ้น", "8001")
    for organisation, items in (
        (world.klai, 4),
        (world.tha_sala, 2),
        (world.other_district, 5),
        (tha_khuen, 2),
        (world.krabi, 2),
    ):
        expect(twelve, organisation, version, items)
    expect(twelve, world.chiang_mai, version, 1, removed=True)
    report(
        twelve,
        world.klai,
        version,
        [
            (1, DONE, Decimal(1000), Decimal(900), Decimal(800)),
            (1, IN_PROGRESS, Decimal(500), Decimal(500), Decimal(100)),
            (2, NOT_POSSIBLE, None, None, None),
            (3, DONE, Decimal(2000), Decimal(2000), Decimal(2000)),
        ],
        extras=[(1, DONE, Decimal(99999), Decimal(99999), Decimal(99999))],
    )
    report(
        twelve,
        world.tha_sala,
        version,
        [(1, DONE, Decimal(300), Decimal(300), Decimal(300)), (2, "", Decimal(700), None, None)],
        sent=False,
    )
    report(
        twelve,
        tha_khuen,
        version,
        [(2, IN_PROGRESS, Decimal(400), Decimal(400), Decimal(200)), (2, NOT_POSSIBLE, Decimal(100), 0, 0)],
        late=True,
    )
    report(
        twelve,
        world.krabi,
        version,
        [(4, DONE, Decimal(100), Decimal(100), Decimal(50)), (4, DONE, Decimal(100), Decimal(100), Decimal(50))],
    )
    report(twelve, world.chiang_mai, version, [(1, DONE, Decimal(5000), Decimal(5000), Decimal(5000))])
    expect(six, world.klai, version, 4)
    report(six, world.klai, version, [(1, DONE, Decimal(1000), 0, 0)] * 4)
    return twelve


def everyone():
    return Organisation.objects.all()


FIELDS = ("items", "planned_budget", "ordinance_budget", "disbursed", "done", "in_progress", "not_possible", "awaiting")


def row(figure):
    return tuple(getattr(figure, name) for name in FIELDS)


# Implementation summary ---------------------------------------------------------------


def test_the_national_summary_equals_a_hand_count(reported):
    summary = figures.implementation_summary(reported, everyone())
    assert [dimension.dimension for dimension in summary.dimensions] == [1, 2, 3, 4]
    # items, planned, ordinance, disbursed, done, in progress, not possible, awaiting
    assert row(summary.dimension(1)) == (3, 1800, 1400, 900, 1, 1, 0, 1)  # ท่าศาลา's draft line awaits
    assert row(summary.dimension(2)) == (4, 1200, 400, 200, 0, 1, 2, 1)
    assert row(summary.dimension(3)) == (1, 2000, 2000, 2000, 1, 0, 0, 0)
    assert row(summary.dimension(4)) == (2, 200, 200, 100, 2, 0, 0, 0)
    assert row(summary.not_opened) == (5, 0, 0, 0, 0, 0, 0, 5)  # ท่าซัก's five items
    assert row(summary.total) == (15, 5200, 4000, 3200, 4, 2, 2, 7)


def test_the_total_is_the_sum_of_the_dimensions_and_of_the_report_lines(reported):
    summary = figures.implementation_summary(reported, everyone())
    for name in FIELDS:
        rows = [*summary.dimensions, summary.not_opened]
        assert getattr(summary.total, name) == sum(getattr(dimension, name) for dimension in rows), name
    # By hand from the lines: every plan item of an expected organisation's report counts
    # with its planned budget; statuses and amounts only from sent reports.
    lines = list(
        ReportLine.objects.filter(
            report__round=reported,
            item_id__isnull=False,
            report__organisation__in=[
                expected.organisation_id
                for expected in ExpectedOrganisation.objects.filter(round=reported, removed_at__isnull=True)
            ],
        ).select_related("report")
    )
    sent = [line for line in lines if line.report.state == ReportState.SUBMITTED]
    opened = summary.total.items - summary.not_opened.items
    assert opened == len(lines)
    assert summary.total.planned_budget == sum(line.planned_budget or 0 for line in lines)
    assert summary.total.ordinance_budget == sum(line.ordinance_budget or 0 for line in sent)
    assert summary.total.disbursed == sum(line.disbursed or 0 for line in sent)
    for status in LineStatus.values:
        assert getattr(summary.total, status) == sum(1 for line in sent if line.status == status)


def test_a_district_summary_counts_only_its_district(reported):
    summary = figures.implementation_summary(reported, everyone().filter(district_id="8008"))
    assert row(summary.dimension(1)) == (3, 1800, 1400, 900, 1, 1, 0, 1)
    assert row(summary.dimension(2)) == (2, 700, 0, 0, 0, 0, 1, 1)
    assert row(summary.dimension(4)) == (0, 0, 0, 0, 0, 0, 0, 0)
    assert row(summary.total) == (6, 4500, 3400, 2900, 2, 1, 1, 2)


def test_an_area_with_nobody_expected_has_empty_dimensions(reported):
    summary = figures.implementation_summary(reported, everyone().filter(province_id="50"))
    assert [dimension.items for dimension in summary.dimensions] == [0, 0, 0, 0]
    assert summary.total.items == 0


def test_the_summary_groups_by_province_district_and_organisation(world, reported):
    by_province = figures.implementation_summary(reported, everyone(), group_by="province")
    assert set(by_province) == {"80", "81"}
    assert row(by_province["81"].total) == (2, 200, 200, 100, 2, 0, 0, 0)
    assert by_province["80"].total.items == 13 and by_province["80"].not_opened.items == 5
    by_district = figures.implementation_summary(reported, everyone(), group_by="district")
    assert {code: summary.total.items for code, summary in by_district.items()} == {"8008": 6, "8001": 7, "8101": 2}
    assert row(by_district["8001"].dimension(2)) == (2, 500, 400, 200, 0, 1, 1, 0)
    by_organisation = figures.implementation_summary(reported, everyone(), group_by="organisation")
    assert row(by_organisation[world.klai.pk].total) == (4, 3500, 3400, 2900, 2, 1, 1, 0)
    assert row(by_organisation[world.other_district.pk].total) == (5, 0, 0, 0, 0, 0, 0, 5)
    assert world.chiang_mai.pk not in by_organisation
    by_type = figures.implementation_summary(reported, everyone(), group_by="org_type")
    assert by_type[OrganisationType.SUBDISTRICT_MUNICIPALITY].total.items == 2  # ท่าศาลา
    assert by_type[OrganisationType.SUBDISTRICT].total.items == 13
    by_region = figures.implementation_summary(reported, everyone(), group_by="region")
    assert set(by_region) == {8} and by_region[8].total.items == 15


# Score bands --------------------------------------------------------------------------


def test_score_bands_count_organisations_by_the_reports_own_score(world, reported):
    bands = figures.score_bands(reported, everyone())
    assert (bands.green, bands.orange, bands.red, bands.no_report, bands.not_scored) == (1, 1, 1, 2, 0)
    assert bands.expected == 5
    assert (bands.green_from, bands.orange_from) == (80, 50)  # a 12-month round
    by_province = figures.score_bands(reported, everyone(), group_by="province")
    assert set(by_province) == {"80", "81"}
    assert (by_province["80"].orange, by_province["80"].red, by_province["80"].no_report) == (1, 1, 2)
    assert by_province["81"].green == 1 and by_province["81"].expected == 1
    by_district = figures.score_bands(reported, everyone(), group_by="district")
    assert (by_district["8008"].orange, by_district["8008"].no_report) == (1, 1)  # ท่าศาลา's draft has no score
    assert (by_district["8001"].red, by_district["8001"].no_report) == (1, 1)
    by_organisation = figures.score_bands(reported, everyone(), group_by="organisation")
    assert by_organisation[world.klai.pk].orange == 1 and by_organisation[world.krabi.pk].green == 1
    for grouped in (by_province, by_district, by_organisation):  # a page sums its parts
        assert figures.ScoreBands.summed(reported.kind, grouped.values()) == bands


def test_score_bands_of_a_district_and_of_a_six_month_round(world, reported, rounds):
    district = figures.score_bands(reported, everyone().filter(district_id="8008"))
    assert (district.green, district.orange, district.red, district.no_report) == (0, 1, 0, 1)
    six = figures.score_bands(rounds[0], everyone())
    assert (six.green, six.expected, six.thresholds) == (1, 1, (50, 20))


def test_a_sent_report_without_a_plan_item_is_not_scored(world, version, rounds):
    twelve = rounds[1]
    expect(twelve, world.klai, version, 0)
    report(twelve, world.klai, version, [], extras=[(1, DONE, None, None, None)])
    bands = figures.score_bands(twelve, everyone())
    assert (bands.not_scored, bands.no_report, bands.expected) == (1, 0, 1)


# Timeliness over the rounds ------------------------------------------------------------


def test_the_timeliness_trend_lists_every_round_in_order(cycle, reported):
    trend = figures.timeliness_trend(cycle, everyone())
    assert [(entry.round.fiscal_year, entry.round.kind) for entry in trend] == [
        (year, kind) for year in cycle.fiscal_years for kind in (RoundKind.SIX_MONTH, RoundKind.TWELVE_MONTH)
    ]
    six, twelve = trend[0].figures, trend[1].figures
    assert (six.expected, six.submitted, six.on_time) == (1, 1, 1)
    assert (twelve.expected, twelve.submitted, twelve.on_time, twelve.late, twelve.drafts, twelve.missing) == (
        5,
        3,
        2,
        1,
        1,
        2,
    )
    assert (twelve.submitted_rate, twelve.late_rate, twelve.missing_rate) == (
        Decimal("60.0"),
        Decimal("20.0"),
        Decimal("40.0"),
    )
    assert trend[2].figures.expected == 0 and trend[2].figures.submitted_rate is None


def test_the_timeliness_trend_of_a_district_and_grouped(cycle, reported):
    district = figures.timeliness_trend(cycle, everyone().filter(district_id="8001"))
    assert (district[1].figures.expected, district[1].figures.late, district[1].figures.missing) == (2, 1, 1)
    by_district = figures.timeliness_trend(cycle, everyone(), group_by="district")[1].figures
    assert {code: counted.submitted for code, counted in by_district.items()} == {"8008": 1, "8001": 1, "8101": 1}
    by_type = figures.timeliness_trend(cycle, everyone(), group_by="org_type")[1].figures
    assert {kind: counted.expected for kind, counted in by_type.items()} == {
        OrganisationType.SUBDISTRICT: 4,
        OrganisationType.SUBDISTRICT_MUNICIPALITY: 1,
    }


# Cost ---------------------------------------------------------------------------------

DISTRICTS = ("8008", "8001", "8101", "5001")


def grow(version, round, numbers):
    """More organisations, spread over four districts in three provinces and two regions,
    each expected with a report of three items (every second one a draft)."""
    for number in numbers:
        organisation = make_organisation(f"69{number:05d}", f"ทดสอบ {number}", DISTRICTS[number % 4])
        expect(round, organisation, version, 3)
        report(
            round,
            organisation,
            version,
            [(1, DONE, Decimal(10), 10, 5), (2, IN_PROGRESS, Decimal(20), 20, 0), (3, "", Decimal(30), None, None)],
            sent=number % 2 == 0,
        )


def queries(call) -> int:
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.parametrize("group_by", [None, "region", "province", "district", "org_type", "organisation"])
def test_the_figures_cost_the_same_queries_for_10_organisations_as_for_40(world, cycle, version, rounds, group_by):
    twelve = rounds[1]
    area = everyone()
    calls = {
        "summary": lambda: figures.implementation_summary(twelve, area, group_by=group_by),
        "bands": lambda: figures.score_bands(twelve, area, group_by=group_by),
        "trend": lambda: figures.timeliness_trend(cycle, area, group_by=group_by),
    }
    grow(version, twelve, range(10))
    small = {name: queries(call) for name, call in calls.items()}
    assert figures.score_bands(twelve, area).expected == 10
    grow(version, twelve, range(10, 40))
    large = {name: queries(call) for name, call in calls.items()}
    assert figures.score_bands(twelve, area).expected == 40
    rounds_count = Round.objects.filter(cycle=cycle).count()
    types = len(OrganisationType.values) if group_by == "org_type" else 1
    assert small == large == {"summary": 3, "bands": 2, "trend": 1 + rounds_count * types}
