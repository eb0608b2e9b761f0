"""All projects across อปท. (รายงานโครงการทั้งหมด): offices search every item of the submitted
plans in their area, filtered in the database, with the item's latest report line; the
result downloads as XLSX and CSV with a title row naming the filters. Organisations' own
staff are refused, places outside the scope are 404, and the page reads the same number of
queries for 10 items as for 40."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from eplan.accounts.areas import area_for_user
from eplan.plans.models import ItemBudget, Plan, PlanItem, PlanStatus, PlanVersion
from eplan.plans.projects import ProjectFilters, projects_for_area
from eplan.reporting.models import LineStatus, Report, ReportLine, ReportState, Round, RoundKind
from eplan.testing import client_for

URL = "/plans/projects/"


def submitted_plan(world, organisation, cycle, items, *, status=PlanStatus.SUBMITTED):
    """A plan whose latest version stands as given, with items (mission code, kind, title,
    [budget per fiscal year: an amount, 0 for ไม่ใช้งบประมาณ, None for a year not run])."""
    plan = Plan.objects.create(organisation=organisation, cycle=cycle, status=status)
    if status != PlanStatus.DRAFT:
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            receipt_number=f"{cycle.code}-{organisation.code}-1",
            submitted_at=timezone.now(),
            submitted_by=world.officer,
            snapshot={"schema": 1},
        )
    missions = {mission.code: mission for mission in cycle.missions.all()}
    made = []
    for position, (code, kind, title, budgets) in enumerate(items, start=1):
        item = PlanItem.objects.create(plan=plan, mission=missions[code], position=position, kind=kind, title=title)
        for year, amount in zip(cycle.fiscal_years, budgets, strict=False):
            if amount is not None:
                ItemBudget.objects.create(
                    item=item, fiscal_year=year, amount=Decimal(amount) if amount else None, no_budget=amount == 0
                )
        made.append(item)
    return plan, made


def report_line(
    plan, item, *, year_index=0, kind=RoundKind.SIX_MONTH, status=LineStatus.DONE, disbursed=None, sent=True
):
    cycle = plan.cycle
    year = cycle.fiscal_years[year_index]
    due = datetime.date(year - 543, 4, 30) if kind == RoundKind.SIX_MONTH else datetime.date(year - 543, 10, 31)
    round, _ = Round.objects.get_or_create(
        cycle=cycle,
        fiscal_year=year,
        kind=kind,
        defaults={"opens_on": due - datetime.timedelta(days=30), "due_on": due, "closes_on": due},
    )
    report, _ = Report.objects.get_or_create(
        round=round,
        organisation=plan.organisation,
        defaults={
            "version": plan.versions.get(),
            "state": ReportState.SUBMITTED if sent else ReportState.DRAFT,
            "submitted_at": timezone.now() if sent else None,
        },
    )
    return ReportLine.objects.create(
        report=report, item_id=item.pk, dimension=1, title=item.title, status=status, disbursed=disbursed
    )


ITEMS = [
    ("1.1.1", "project", "โครงการอบรมคุณธรรม จริยธรรม", [20000, 20000, None, None]),  # 40,000 in the cycle
    ("1.1.2", "measure", "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม", [0, 0, 0, 0]),  # ไม่ใช้งบประมาณ
    ("2.2.1", "activity", "กิจกรรมเปิดเผยข้อมูลการจัดซื้อจัดจ้าง", [5000, 5000, 5000, 5000]),  # 20,000
    ("4.1.1", "project", "=1+1", [100000, None, None, None]),
]


@pytest.fixture
def area_plans(world, cycles):
    """Submitted plans of อบต.กลาย and ทต.ท่าศาลา (district 8008), ท่าซัก (8001, same province)
    and ไสไทย (province 81); a plan returned for revision and a draft, both left out."""
    cycle = cycles["2562-2565"]
    klai, klai_items = submitted_plan(world, world.klai, cycle, ITEMS)
    submitted_plan(world, world.tha_sala, cycle, [("1.1.1", "project", "โครงการท่าศาลาโปร่งใส", [1000])])
    submitted_plan(world, world.other_district, cycle, [("1.1.1", "project", "โครงการท่าซักสุจริต", [1000])])
    submitted_plan(world, world.krabi, cycle, [("1.1.1", "project", "โครงการไสไทยใสสะอาด", [1000])])
    submitted_plan(
        world, world.chiang_mai, cycle, [("1.1.1", "project", "โครงการที่ส่งกลับแก้ไข", [1])], status=PlanStatus.RETURNED
    )
    return cycle, klai, klai_items


def titles(response) -> list[str]:
    return [item.title for item in response.context["page"].object_list]


def test_a_district_office_sees_the_items_of_its_district_only(world, area_plans):
    response = client_for(world.district_office).get(URL)
    assert response.status_code == 200
    found = titles(response)
    assert "โครงการท่าศาลาโปร่งใส" in found and "โครงการอบรมคุณธรรม จริยธรรม" in found
    assert "โครงการท่าซักสุจริต" not in found and "โครงการไสไทยใสสะอาด" not in found
    assert response.context["page"].paginator.count == 5
    assert "รายงานโครงการทั้งหมด" in response.content.decode()


def test_the_provincial_office_sees_its_province_ordered_by_district_and_organisation(world, area_plans):
    response = client_for(world.nacc_provincial).get(URL)
    codes = [item.plan.organisation.code for item in response.context["page"].object_list]
    assert codes == ["6800101", "5800801", *["6800808"] * 4]  # district 8001 first, then 8008 by code
    assert "โครงการไสไทยใสสะอาด" not in titles(response)


def test_a_place_outside_the_scope_is_404_and_one_inside_narrows(world, area_plans):
    assert client_for(world.district_office).get(URL, {"province": "81"}).status_code == 404
    assert client_for(world.nacc_provincial).get(URL, {"district": "8101"}).status_code == 404
    assert client_for(world.nacc_provincial).get(URL, {"province": "99"}).status_code == 404
    narrowed = client_for(world.nacc_regional).get(URL, {"province": "81"})
    assert titles(narrowed) == ["โครงการไสไทยใสสะอาด"]


def test_the_whole_country_leaves_out_plans_returned_for_revision(world, area_plans):
    found = titles(client_for(world.central).get(URL))
    assert len(found) == 7 and "โครงการที่ส่งกลับแก้ไข" not in found


@pytest.mark.parametrize(
    "user", ["district_office", "provincial_dla", "nacc_provincial", "nacc_regional", "nacc_regional_north", "central"]
)
def test_every_office_may_search_and_a_post_is_refused(world, area_plans, user):
    client = client_for(getattr(world, user))
    assert client.get(URL).status_code == 200
    assert client.post(URL).status_code == 405


@pytest.mark.parametrize("user", ["officer", "executive", "primary", "outsider_officer"])
def test_an_organisations_own_staff_are_refused(world, area_plans, user):
    assert client_for(getattr(world, user)).get(URL).status_code == 404


def test_a_visitor_is_sent_to_log_in(client, area_plans):
    response = client.get(URL)
    assert response.status_code == 302 and "/login" in response["Location"]


def test_an_unknown_cycle_is_404(world, area_plans):
    assert client_for(world.district_office).get(URL, {"cycle": "2500-2503"}).status_code == 404


def test_filters_by_dimension_kind_and_words_of_the_title(world, area_plans):
    client = client_for(world.district_office)
    assert titles(client.get(URL, {"dimension": "2"})) == ["กิจกรรมเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"]
    assert titles(client.get(URL, {"kind": "measure"})) == ["มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม"]
    assert titles(client.get(URL, {"text": "จริยธรรม"})) == [
        "โครงการอบรมคุณธรรม จริยธรรม",
        "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม",
    ]
    assert titles(client.get(URL, {"mission": "1.1"})) == [
        "โครงการท่าศาลาโปร่งใส",
        "โครงการอบรมคุณธรรม จริยธรรม",
        "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม",
    ]  # a mission takes its sub-missions


def test_the_budget_range_reads_amounts_as_officers_type_them(world, area_plans):
    client = client_for(world.district_office)
    # The cycle's total: 40,000 and 20,000 fall in; ไม่ใช้งบประมาณ counts as nothing.
    found = titles(client.get(URL, {"budget_min": "20,000.-", "budget_max": "๔๐,๐๐๐"}))
    assert found == ["โครงการอบรมคุณธรรม จริยธรรม", "กิจกรรมเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"]
    assert titles(client.get(URL, {"budget_max": "0"})) == ["มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม"]


def test_a_budget_that_is_not_an_amount_is_named_and_lists_nothing(world, area_plans):
    response = client_for(world.district_office).get(URL, {"budget_min": "ยี่สิบบาท"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "budget_min" in response.context["form"].errors
    reversed_range = client_for(world.district_office).get(URL, {"budget_min": "5,000", "budget_max": "100"})
    assert "budget_max" in reversed_range.context["form"].errors


def test_the_report_status_is_the_latest_sent_line(world, area_plans):
    _cycle, klai, (training, _measure, disclosure, _formula) = area_plans
    report_line(klai, training, status=LineStatus.IN_PROGRESS)
    report_line(klai, training, kind=RoundKind.TWELVE_MONTH, status=LineStatus.DONE, disbursed=Decimal("18500"))
    report_line(klai, disclosure, status=LineStatus.NOT_POSSIBLE)
    client = client_for(world.district_office)
    assert titles(client.get(URL, {"status": "done"})) == ["โครงการอบรมคุณธรรม จริยธรรม"]
    assert titles(client.get(URL, {"status": "in_progress"})) == []  # overtaken by the 12-month round
    assert titles(client.get(URL, {"status": "not_possible"})) == ["กิจกรรมเปิดเผยข้อมูลการจัดซื้อจัดจ้าง"]
    assert titles(client.get(URL, {"status": "not_reported"})) == [
        "โครงการท่าศาลาโปร่งใส",
        "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรม",
        "=1+1",
    ]
    row = next(item for item in client.get(URL).context["page"].object_list if item.pk == training.pk)
    assert row.latest_line.disbursed == Decimal("18500") and row.latest_line.report.round.kind == RoundKind.TWELVE_MONTH


def test_a_draft_report_does_not_count_until_it_is_sent(world, area_plans):
    _cycle, klai, (training, *_rest) = area_plans
    report_line(klai, training, status=LineStatus.DONE, sent=False)
    assert "โครงการอบรมคุณธรรม จริยธรรม" in titles(client_for(world.district_office).get(URL, {"status": "not_reported"}))


def test_items_carry_their_number_in_the_dimension(world, area_plans):
    _cycle, _klai, (training, measure, disclosure, formula) = area_plans
    rows = {item.pk: item for item in client_for(world.district_office).get(URL).context["page"].object_list}
    assert [rows[item.pk].number for item in (training, measure, disclosure, formula)] == [1, 2, 1, 1]


def test_the_workbook_names_the_filters_and_keeps_a_formula_as_text(world, area_plans):
    response = client_for(world.district_office).get(URL, {"format": "xlsx", "text": "=1"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][0] == "รายงานโครงการทั้งหมด"
    assert "รอบแผน: 2562-2565" in values[1][0] and "ชื่อมีคำว่า: =1" in values[1][0]
    assert "อำเภอท่าศาลา" in values[1][0]
    assert values[4][0] == "จังหวัด"
    assert len(values) == 6
    title = sheet.cell(row=6, column=8)
    assert title.value == "=1+1" and title.data_type == "s"
    assert sheet.cell(row=6, column=10).value == 100000


def test_the_csv_has_a_bom_the_title_row_and_a_formula_as_text(world, area_plans):
    response = client_for(world.district_office).get(URL, {"format": "csv", "dimension": "4"})
    assert response.status_code == 200 and response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["รายงานโครงการทั้งหมด"]
    assert "มิติ: 4" in rows[1][0]
    assert rows[5][:4] == ["นครศรีธรรมราช", "ท่าศาลา", "6800808", "อบต.กลาย"]
    assert rows[5][7] == "'=1+1"
    assert rows[5][11] == "รอการรายงานผล"


def test_an_unknown_format_is_404_and_staff_of_an_organisation_cannot_download(world, area_plans):
    assert client_for(world.district_office).get(URL, {"format": "pdf"}).status_code == 404
    assert client_for(world.officer).get(URL, {"format": "csv"}).status_code == 404


def test_the_selector_filters_in_the_database(world, area_plans):
    cycle, _klai, _items = area_plans
    area = area_for_user(world.nacc_provincial)
    filters = ProjectFilters(cycle=cycle, text="โครงการ", budget_min=Decimal("1000"))
    assert [item.title for item in projects_for_area(area, filters)] == [
        "โครงการท่าซักสุจริต",
        "โครงการท่าศาลาโปร่งใส",
        "โครงการอบรมคุณธรรม จริยธรรม",
    ]


def _add_items(plan, count):
    missions = {mission.code: mission for mission in plan.cycle.missions.all()}
    start = plan.items.count()
    for n in range(start, start + count):
        item = PlanItem.objects.create(
            plan=plan, mission=missions["1.1.1" if n % 2 else "2.2.1"], position=n + 1, title=f"โครงการที่ {n}"
        )
        ItemBudget.objects.create(item=item, fiscal_year=plan.cycle.fiscal_years[0], amount=Decimal(1000))
        if n % 3 == 0:
            report_line(plan, item, status=LineStatus.DONE, disbursed=Decimal(500))


def _queries(client) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL, {"kind": "project"})
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_the_page_reads_the_same_number_of_queries_for_10_items_as_for_40(world, cycles):
    plan, _items = submitted_plan(world, world.klai, cycles["2562-2565"], [])
    client = client_for(world.district_office)
    _add_items(plan, 10)
    client.get(URL)  # the session and the rate counters settle
    ten, shown = _queries(client)
    assert shown == 10
    _add_items(plan, 30)
    forty, shown = _queries(client)
    assert shown == 40
    assert forty == ten


def test_the_download_carries_the_latest_line_round_status_and_disbursement(world, area_plans):
    _cycle, klai, (training, *_rest) = area_plans
    report_line(klai, training, status=LineStatus.IN_PROGRESS, disbursed=Decimal("1000"))
    report_line(klai, training, kind=RoundKind.TWELVE_MONTH, status=LineStatus.DONE, disbursed=Decimal("18500.50"))
    response = client_for(world.district_office).get(URL, {"format": "csv", "status": "done"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert "ผลการดำเนินงานล่าสุด: ดำเนินการแล้วเสร็จ" in rows[1][0]
    assert len(rows) == 6
    assert rows[5][6:] == [
        "1",
        "โครงการอบรมคุณธรรม จริยธรรม",
        "โครงการ",
        "40000.00",
        "รอบ 12 เดือน ปีงบประมาณ 2562",
        "ดำเนินการแล้วเสร็จ",
        "18500.50",
    ]


@pytest.fixture
def queue(settings):
    """The database queue, as in production: a job waits for the worker (run_worker)."""
    from eplan.jobs.testing import DATABASE_TASKS

    settings.TASKS = DATABASE_TASKS


def test_a_large_download_is_made_by_the_worker_while_the_page_shows_progress(world, area_plans, queue, monkeypatch):
    from eplan.jobs.models import Job
    from eplan.jobs.testing import run_worker
    from eplan.plans import views_projects

    monkeypatch.setattr(views_projects, "INLINE_ROWS", 2)
    office = client_for(world.district_office)
    waiting = office.get(URL, {"format": "xlsx"})
    assert waiting.status_code == 202
    assert "โครงการทั้งหมด 2562-2565 อำเภอท่าศาลา" in waiting.content.decode()

    run_worker()

    response = office.get(URL, {"format": "xlsx"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert sorted(row[7] for row in rows[5:]) == sorted([item[2] for item in ITEMS] + ["โครงการท่าศาลาโปร่งใส"])
    job = Job.objects.get()
    assert job.key.startswith("projects:") and job.expires_at is not None  # made again after a few minutes
    # Another office's file is its own, even for the same filters.
    assert client_for(world.provincial_dla).get(URL, {"format": "xlsx"}).status_code == 202
    assert Job.objects.count() == 2


def test_the_worker_refuses_a_viewer_whose_scope_no_longer_covers_the_area(world, area_plans, queue, monkeypatch):
    from eplan.jobs.models import Job, JobState
    from eplan.jobs.testing import run_worker
    from eplan.plans import views_projects

    monkeypatch.setattr(views_projects, "INLINE_ROWS", 2)
    assert client_for(world.district_office).get(URL, {"format": "csv"}).status_code == 202
    world.district_office.role_assignments.all().delete()

    run_worker()

    job = Job.objects.get()
    assert job.state == JobState.FAILED and not job.file
    assert job.user_message == "พื้นที่นี้ไม่อยู่ในความรับผิดชอบของท่านแล้ว"
