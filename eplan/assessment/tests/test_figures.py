"""Figures of plan status and assessment for dashboards, exports and the API: database
aggregates over any area, equal to a hand count on a small fixture."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.accounts.areas import area_public
from eplan.assessment import status as status_module
from eplan.assessment.figures import (
    LateSubmissions,
    counting,
    dimension_averages,
    failed_criteria,
    late_submissions,
    score_distribution,
    status_movement,
)
from eplan.assessment.models import (
    Announcement,
    AnnouncementEntry,
    Assessment,
    AssessmentState,
    CriterionScore,
    Level,
    PublicStatus,
    Result,
)
from eplan.frameworks.models import Criterion, Cycle, Dimension
from eplan.plans.models import Plan, PlanVersion, VersionStatus
from eplan.registry.models import Organisation, OrganisationType
from eplan.testing import make_organisation

TODAY = timezone.localdate()


def make_cycle(code="2566-2569", *, released=True):
    cycle = Cycle.objects.create(
        code=code,
        title=f"แผน {code}",
        submission_opens=TODAY - datetime.timedelta(days=90),
        submission_due=TODAY - datetime.timedelta(days=60),
        score_release_date=TODAY - datetime.timedelta(days=1 if released else -30),
        pass_mark=Decimal(40),
    )
    dimensions = [Dimension.objects.create(cycle=cycle, number=n, title=f"มิติที่ {n}") for n in (1, 2, 3, 4)]
    # 50 points: dimension 1 has 25, 2 and 3 have 10 each, 4 none; the fifth concerns the whole plan.
    for position, (dimension, points) in enumerate(
        [(dimensions[0], 15), (dimensions[0], 10), (dimensions[1], 10), (dimensions[2], 10), (None, 5)], start=1
    ):
        Criterion.objects.create(
            cycle=cycle, dimension=dimension, position=position, text=f"เกณฑ์ข้อ {position}", max_points=points
        )
    return cycle


def make_version(organisation, cycle, user, *, number=1, late=False, status=VersionStatus.SUBMITTED):
    plan, _created = Plan.objects.get_or_create(organisation=organisation, cycle=cycle)
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        receipt_number=f"{cycle.code}-{organisation.code}-{number}",
        submitted_at=timezone.now(),
        submitted_by=user,
        is_late=late,
        snapshot={},
        status=status,
    )


def make_assessment(version, user, scores, *, level=Level.PROVINCIAL, final=True, minutes_ago=0):
    """scores: the points of criteria 1–5 in order."""
    criteria = list(Criterion.objects.filter(cycle=version.plan.cycle).order_by("position"))
    total = sum((Decimal(str(score)) for score in scores), Decimal(0))
    assessment = Assessment.objects.create(
        version=version,
        level=level,
        assessor=user,
        state=AssessmentState.FINAL if final else AssessmentState.DRAFT,
        total=total if final else None,
        pass_mark=Decimal(40),
        result=(Result.PASSED if total >= 40 else Result.INCOMPLETE) if final else "",
        finalised_at=timezone.now() - datetime.timedelta(minutes=minutes_ago) if final else None,
    )
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion=criterion, score=Decimal(str(score)))
        for criterion, score in zip(criteria, scores, strict=True)
    )
    return assessment


@pytest.fixture
def cycle(world):
    """กลาย (8008) on time, full marks; ท่าศาลา (8008) late, 27.5 of 50; ท่าซัก (8001) late,
    returned, sent again, a draft score only; ไสไทย (81) on time, scored by the province
    (45, criterion 4 short) and later by the centre (45, criterion 3 short), which counts;
    ช้างเผือก (50) has not submitted; it and กลาย were late in another cycle."""
    cycle = make_cycle()
    user = world.central
    make_assessment(make_version(world.klai, cycle, user), user, [15, 10, 10, 10, 5])
    make_assessment(make_version(world.tha_sala, cycle, user, late=True), user, [10, 10, 5, 0, 2.5])
    make_version(world.other_district, cycle, user, late=True, status=VersionStatus.RETURNED)
    make_assessment(make_version(world.other_district, cycle, user, number=2), user, [0, 0, 0, 0, 0], final=False)
    krabi = make_version(world.krabi, cycle, user)
    make_assessment(krabi, user, [15, 10, 10, 5, 5], minutes_ago=60)
    make_assessment(krabi, user, [15, 10, 5, 10, 5], level=Level.CENTRAL)
    other_cycle = make_cycle("2570-2573")
    make_version(world.chiang_mai, other_cycle, user, late=True)
    make_version(world.klai, other_cycle, user, late=True)
    return cycle


def country():
    return area_public().organisations


def district_8008():
    return area_public(province="80", district="8008").organisations


# Late submissions --------------------------------------------------------------------------


def test_late_submissions_of_the_country_and_by_province(world, cycle):
    found = late_submissions(cycle, country())
    assert found == LateSubmissions(organisations=5, submitted=4, late=2)
    assert found.on_time == 2
    assert found.late_share == Decimal("50.0")
    assert found.submitted_share == Decimal("80.0")

    by_province = late_submissions(cycle, country(), group_by="province")
    assert by_province == {
        "80": LateSubmissions(organisations=3, submitted=3, late=2),
        "81": LateSubmissions(organisations=1, submitted=1, late=0),
        "50": LateSubmissions(organisations=1, submitted=0, late=0),
    }
    assert by_province["50"].late_share is None


def test_late_submissions_of_a_district_and_by_type_region_and_organisation(world, cycle):
    assert late_submissions(cycle, district_8008()) == LateSubmissions(organisations=2, submitted=2, late=1)
    by_type = late_submissions(cycle, district_8008(), group_by="org_type")
    assert by_type[OrganisationType.SUBDISTRICT_MUNICIPALITY].late == 1
    assert by_type[OrganisationType.SUBDISTRICT].late == 0
    assert late_submissions(cycle, country(), group_by="region")[5] == LateSubmissions(organisations=1)
    by_organisation = late_submissions(cycle, country(), group_by="organisation")
    assert by_organisation[world.other_district.pk].late == 1  # its first version was late


# The score set that counts ----------------------------------------------------------------


def test_the_counting_score_sets_are_those_of_the_status_module(world, cycle):
    expected = status_module.counting_assessments(PlanVersion.objects.values_list("pk", flat=True))
    found = set(counting(cycle, country(), before_release=True).values_list("pk", flat=True))
    assert found == {assessment.pk for assessment in expected.values()}


# Score distribution -----------------------------------------------------------------------


def test_score_distribution_in_tenths_of_the_maximum(world, cycle):
    found = score_distribution(cycle, country())

    assert found.assessed == 3 and found.passed == 2
    assert found.maximum == Decimal(50)
    assert found.pass_mark == Decimal(40) and found.pass_mark_percent == Decimal("80.0")
    assert [(b.low, b.high) for b in found.bins][:2] == [(0, 10), (10, 20)] and len(found.bins) == 10
    # 100% (กลาย) falls in the last bin, 90% (ไสไทย's central score) too, 55% (ท่าศาลา) in 50–60.
    assert {(b.low, b.high): b.count for b in found.bins if b.count} == {(50, 60): 1, (90, 100): 2}
    assert found.average == Decimal("40.83")


def test_score_distribution_with_bins_of_ones_choosing_and_grouped(world, cycle):
    found = score_distribution(cycle, country(), bins=(0, 50, 80, 100))
    assert [(b.low, b.high, b.count) for b in found.bins] == [(0, 50, 0), (50, 80, 1), (80, 100, 2)]

    by_district = score_distribution(cycle, country(), group_by="district")
    assert set(by_district) == {"8008", "8101"}
    assert by_district["8008"].assessed == 2
    assert district_8008().count() == 2
    assert score_distribution(cycle, district_8008()).assessed == 2


def test_before_the_release_date_no_score_counts_unless_asked(world, cycle):
    Cycle.objects.filter(pk=cycle.pk).update(score_release_date=TODAY + datetime.timedelta(days=1))
    cycle.refresh_from_db()
    assert score_distribution(cycle, country()).assessed == 0
    assert score_distribution(cycle, country(), before_release=True).assessed == 3


# Averages per dimension -------------------------------------------------------------------


def test_average_per_dimension_as_a_share_of_its_maximum(world, cycle):
    found = dimension_averages(cycle, country())

    assert [found[n].maximum for n in (1, 2, 3, 4)] == [25, 10, 10, 0]
    assert found[1].assessed == 3 and found[1].points == Decimal(70)
    assert [found[n].share for n in (1, 2, 3)] == [Decimal("93.3"), Decimal("66.7"), Decimal("66.7")]
    assert found[4].share is None  # no criteria in dimension 4
    assert found[1].average == Decimal("23.33")


def test_average_per_dimension_by_province_and_of_a_district(world, cycle):
    by_province = dimension_averages(cycle, country(), group_by="province")
    assert [by_province["80"][n].share for n in (1, 2, 3)] == [Decimal("90.0"), Decimal("75.0"), Decimal("50.0")]
    assert [by_province["81"][n].share for n in (1, 2, 3)] == [Decimal("100.0"), Decimal("50.0"), Decimal("100.0")]
    district = dimension_averages(cycle, district_8008())
    assert district[2].assessed == 2 and district[2].share == Decimal("75.0")


# Criteria most often failed ---------------------------------------------------------------


def test_the_criteria_most_often_failed(world, cycle):
    found = failed_criteria(cycle, country())

    # Criterion 3: ท่าศาลา and ไสไทย's central set (the provincial one, short on 4, does not count).
    assert [(row.position, row.failed) for row in found] == [(3, 2), (1, 1), (4, 1), (5, 1)]
    first = found[0]
    assert first.text == "เกณฑ์ข้อ 3" and first.dimension == 2 and first.max_points == 10
    assert first.assessed == 3 and first.share == Decimal("66.7")
    assert [row.position for row in failed_criteria(cycle, country(), limit=2)] == [3, 1]
    assert [(row.position, row.assessed) for row in failed_criteria(cycle, district_8008())] == [
        (1, 2),
        (3, 2),
        (4, 2),
        (5, 2),
    ]


# Movement between announcements -----------------------------------------------------------


def announce(cycle, user, number, statuses):
    announcement = Announcement.objects.create(
        cycle=cycle, number=number, as_of=timezone.now(), title=f"ประกาศ {number}", published_by=user
    )
    AnnouncementEntry.objects.bulk_create(
        AnnouncementEntry(
            announcement=announcement,
            organisation=organisation,
            code=organisation.code,
            display_name=organisation.name,
            province_code=organisation.province_id,
            province_name="",
            district_code=organisation.district_id,
            district_name="",
            org_type=organisation.org_type,
            status=status,
        )
        for organisation, status in statuses.items()
    )
    return announcement


def test_movement_between_two_announcements(world, cycle):
    older = announce(
        cycle,
        world.central,
        1,
        {
            world.klai: PublicStatus.IN_ASSESSMENT,
            world.tha_sala: PublicStatus.IN_ASSESSMENT,
            world.other_district: PublicStatus.NOT_SUBMITTED,
            world.chiang_mai: PublicStatus.NOT_SUBMITTED,
        },
    )
    newer = announce(
        cycle,
        world.central,
        2,
        {
            world.klai: PublicStatus.PASSED,
            world.tha_sala: PublicStatus.IN_ASSESSMENT,
            world.other_district: PublicStatus.RETURNED,
            world.krabi: PublicStatus.PASSED,
        },
    )

    assert status_movement(older, newer, country()) == {
        ("in_assessment", "passed"): 1,
        ("in_assessment", "in_assessment"): 1,
        ("not_submitted", "returned"): 1,
        ("", "passed"): 1,  # not in the older announcement
        ("not_submitted", ""): 1,  # not in the newer one
    }
    by_district = status_movement(older, newer, country(), group_by="district")
    assert by_district["8008"] == {("in_assessment", "passed"): 1, ("in_assessment", "in_assessment"): 1}
    assert status_movement(older, newer, district_8008()) == by_district["8008"]


# Queries do not grow with data ------------------------------------------------------------


def test_queries_do_not_grow_with_the_number_of_organisations(world, cycle):
    older = announce(cycle, world.central, 1, {})
    newer = announce(cycle, world.central, 2, {})

    def add(count, start):
        for n in range(count):
            organisation = make_organisation(f"6800{start + n:03d}", f"ทดสอบ {start + n}", "8008")
            version = make_version(organisation, cycle, world.central, late=n % 2 == 0)
            make_assessment(version, world.central, [15, 10, 10, 5, 5])
            AnnouncementEntry.objects.create(
                announcement=newer,
                organisation=organisation,
                code=organisation.code,
                display_name="",
                province_code="80",
                province_name="",
                district_code="8008",
                district_name="",
                org_type=organisation.org_type,
                status=PublicStatus.PASSED,
            )

    def figures():
        organisations = Organisation.objects.all()
        counts = []
        for figure in (
            lambda: late_submissions(cycle, organisations, group_by="district"),
            lambda: score_distribution(cycle, organisations, group_by="province"),
            lambda: dimension_averages(cycle, organisations, group_by="region"),
            lambda: failed_criteria(cycle, organisations),
            lambda: status_movement(older, newer, organisations, group_by="org_type"),
        ):
            with CaptureQueriesContext(connection) as captured:
                found = figure()
            counts.append(len(captured))
        return counts, found

    add(10, 200)
    few, movement = figures()
    assert movement[OrganisationType.SUBDISTRICT] == {("", "passed"): 10}
    add(30, 300)
    many, movement = figures()
    assert movement[OrganisationType.SUBDISTRICT] == {("", "passed"): 40}
    assert few == many
    assert late_submissions(cycle, Organisation.objects.all()).submitted == 44
    assert many == [1, 2, 3, 2, 1]
    # Sums beyond a criterion score's own digits (999.99) are read whole on every database.
    assert dimension_averages(cycle, Organisation.objects.all())[1].points == Decimal(40 * 25 + 70)
