"""Items and planned budget per dimension × fiscal year, read by the database from the
version that counts of each plan, for any area."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.accounts.areas import area_public
from eplan.plans import document
from eplan.plans.figures import PlannedItems, PlannedYear, group_field, planned_items
from eplan.plans.models import ItemBudget, Plan, PlanItem, PlanStatus, PlanVersion, VersionFigure, VersionStatus
from eplan.registry.models import Organisation, OrganisationType
from eplan.testing import make_organisation

NO_BUDGET = "no budget"


def write_items(plan, items):
    """items: [(mission code, {fiscal year: amount or NO_BUDGET})], replacing the plan's."""
    plan.items.all().delete()
    missions = {mission.code: mission for mission in plan.cycle.missions.all()}
    for position, (code, budgets) in enumerate(items, start=1):
        item = PlanItem.objects.create(plan=plan, mission=missions[code], position=position, title=f"รายการ {code}")
        for year, amount in budgets.items():
            no_budget = amount == NO_BUDGET
            ItemBudget.objects.create(
                item=item, fiscal_year=year, amount=None if no_budget else Decimal(amount), no_budget=no_budget
            )


def send(plan, user, *, status=VersionStatus.SUBMITTED):
    """A version of the plan as it is now (straight into the table, as the demo does)."""
    content = document.build(plan)
    content["preassessment"] = document.preassessment(content)
    number = plan.versions.count() + 1
    return PlanVersion.objects.create(
        plan=plan,
        number=number,
        receipt_number=f"{plan.cycle.code}-{plan.organisation.code}-{number}",
        submitted_at=timezone.now(),
        submitted_by=user,
        snapshot=content,
        status=status,
    )


def plan_with(organisation, cycle, items):
    plan = Plan.objects.create(organisation=organisation, cycle=cycle, status=PlanStatus.SUBMITTED)
    write_items(plan, items)
    return plan


@pytest.fixture
def cycle(cycles):
    return cycles["2562-2565"]


@pytest.fixture
def sent(world, cycle):
    """กลาย and ท่าศาลา (district 8008) have submitted; ท่าซัก (8001) was returned; ไสไทย
    (81) was returned once and sent again with another budget; ช้างเผือก only drafts."""
    user = world.officer
    send(
        plan_with(
            world.klai,
            cycle,
            [("1.1.1", {2562: "10000", 2563: "20000"}), ("1.1.2", {2562: NO_BUDGET}), ("3.1.1", {2565: "5000.50"})],
        ),
        user,
    )
    send(
        plan_with(
            world.tha_sala, cycle, [("1.1.1", dict.fromkeys(cycle.fiscal_years, "1000")), ("4.1.1", {2563: NO_BUDGET})]
        ),
        user,
    )
    send(plan_with(world.other_district, cycle, [("2.1", {2562: "999"})]), user, status=VersionStatus.RETURNED)
    krabi = plan_with(world.krabi, cycle, [("2.1", {2562: "700"})])
    send(krabi, user, status=VersionStatus.RETURNED)
    write_items(krabi, [("2.1", {2562: "300"})])
    send(krabi, user)
    plan_with(world.chiang_mai, cycle, [("2.1", {2562: "50"})])
    return cycle


def test_national_figures_equal_a_hand_count(sent):
    found = planned_items(sent, area_public().organisations)

    assert isinstance(found, PlannedItems)
    assert found.plans == 3  # กลาย, ท่าศาลา, ไสไทย's second version
    assert [found.dimensions[n].items for n in (1, 2, 3, 4)] == [3, 1, 1, 1]
    assert found.dimensions[1].years == {
        2562: PlannedYear(items=3, budget=Decimal("11000.00")),  # ไม่ใช้งบประมาณ counts as an item, 0 baht
        2563: PlannedYear(items=2, budget=Decimal("21000.00")),
        2564: PlannedYear(items=1, budget=Decimal("1000.00")),
        2565: PlannedYear(items=1, budget=Decimal("1000.00")),
    }
    assert found.dimensions[2].years[2562] == PlannedYear(items=1, budget=Decimal("300.00"))  # not 700, not 999
    assert found.dimensions[3].years[2565] == PlannedYear(items=1, budget=Decimal("5000.50"))
    assert found.dimensions[4].years[2563] == PlannedYear(items=1, budget=Decimal(0))
    assert found.dimensions[1].title
    assert found.items == 6
    assert found.budget == Decimal("39300.50")
    assert found.years[2562] == PlannedYear(items=4, budget=Decimal("11300.00"))


def test_a_district_counts_only_its_district(world, sent):
    found = planned_items(sent, area_public(province="80", district="8008").organisations)

    assert found.plans == 2
    assert found.dimensions[2].items == 0 and found.dimensions[2].years[2562] == PlannedYear()
    assert found.budget == Decimal("39000.50")


def test_grouped_by_organisation_type_province_region_and_organisation(world, sent):
    organisations = area_public().organisations

    by_type = planned_items(sent, organisations, group_by="org_type")
    assert set(by_type) == {OrganisationType.SUBDISTRICT, OrganisationType.SUBDISTRICT_MUNICIPALITY}
    assert by_type[OrganisationType.SUBDISTRICT].plans == 2  # กลาย, ไสไทย
    assert by_type[OrganisationType.SUBDISTRICT_MUNICIPALITY].budget == Decimal("4000.00")

    by_province = planned_items(sent, organisations, group_by="province")
    assert {code: figures.plans for code, figures in by_province.items()} == {"80": 2, "81": 1}
    assert {
        number: figures.plans for number, figures in planned_items(sent, organisations, group_by="region").items()
    } == {8: 3}
    by_organisation = planned_items(sent, organisations, group_by="organisation")
    assert by_organisation[world.krabi.pk].budget == Decimal("300.00")
    assert world.other_district.pk not in by_organisation


def test_an_unknown_grouping_is_refused():
    with pytest.raises(ValueError):
        group_field("amphoe")


def test_queries_do_not_grow_with_the_number_of_plans(world, sent):
    template = PlanVersion.objects.get(plan__organisation=world.klai)

    def add(count, start):
        organisations = [make_organisation(f"6800{start + n:03d}", f"ทดสอบ {start + n}", "8008") for n in range(count)]
        plans = Plan.objects.bulk_create(
            Plan(organisation=o, cycle=sent, status=PlanStatus.SUBMITTED) for o in organisations
        )
        versions = PlanVersion.objects.bulk_create(
            PlanVersion(
                plan=plan,
                number=1,
                receipt_number=f"copy-{plan.pk}",
                submitted_at=template.submitted_at,
                submitted_by=world.officer,
                snapshot=template.snapshot,
                snapshot_sha256=template.snapshot_sha256,
            )
            for plan in plans
        )
        VersionFigure.objects.bulk_create([row for version in versions for row in VersionFigure.of(version)])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            found = planned_items(sent, Organisation.objects.all(), group_by="district")
        return len(captured), found["8008"].plans

    add(10, 200)
    few, plans = queries()
    assert plans == 12
    add(30, 300)
    many, plans = queries()
    assert plans == 42
    assert few == many == 3


def test_the_figures_are_read_from_what_the_version_kept_not_from_its_snapshot(world, sent):
    """Summing a country's snapshots parsed each one whole: a version keeps its figures
    per dimension and year when it is written, and the sums read only those."""
    version = PlanVersion.objects.get(plan__organisation=world.klai)
    kept = {(row.dimension, row.fiscal_year): row.items for row in version.figure_rows.all()}
    assert kept == {
        (dimension["number"], int(year)): count
        for dimension in version.snapshot["dimensions"]
        for year, count in dimension["counts"].items()
    }
    before = planned_items(sent, Organisation.objects.all())
    with CaptureQueriesContext(connection) as captured:
        planned_items(sent, Organisation.objects.all(), group_by="province")
    assert not any('"snapshot"' in query["sql"] for query in captured.captured_queries)
    version.figure_rows.filter(dimension=1).delete()  # what was kept is what counts
    assert planned_items(sent, Organisation.objects.all()).items < before.items
