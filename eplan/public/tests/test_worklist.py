"""The work list of the home page: what each role should do next, most urgent first."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.plans import services as plan_services
from eplan.public import worklist
from eplan.public.worklist import WorkItem, days_left, work_list_for_user
from eplan.registry.models import OrganisationProfile
from eplan.reporting import services as reporting_services
from eplan.reporting.models import ExpectedRule, Round, RoundKind
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 4, 18)  # 18 เมษายน 2569


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cycle(db):
    return ensure_cycles()["2562-2565"]  # taking plans today (real today)


def open_round(cycle, *, due, today, opened_days_ago=20):
    """The cycle's first 6-month round, open on `today` and due on `due`, every
    organisation that submitted a plan listed to report."""
    reporting_services.rounds_ensure(actor=None, cycle=cycle)
    round = Round.objects.get(cycle=cycle, fiscal_year=cycle.fiscal_years[0], kind=RoundKind.SIX_MONTH)
    round.opens_on = today - datetime.timedelta(days=opened_days_ago)
    round.due_on = due
    round.closes_on = due + datetime.timedelta(days=30)
    round.expected_rule = ExpectedRule.SUBMITTED
    round.save()
    reporting_services.round_freeze(actor=None, round=round, today=today)
    round.refresh_from_db()
    return round


@pytest.mark.parametrize(
    ("due", "said"),
    [
        (datetime.date(2026, 4, 30), "เหลือ 12 วัน"),
        (datetime.date(2026, 4, 19), "เหลือ 1 วัน"),
        (datetime.date(2026, 4, 18), "ครบกำหนดวันนี้"),
        (datetime.date(2026, 4, 15), "เลยกำหนด 3 วัน"),
        (datetime.date(2027, 4, 18), "เหลือ 365 วัน"),
        (datetime.date(2023, 1, 1), "เลยกำหนด 1,203 วัน"),
    ],
)
def test_days_left_in_words(due, said):
    assert days_left(due, TODAY) == said


def test_overdue_comes_first_then_by_date_then_the_rest():
    rest = WorkItem(kind="plan", text="c", url="/")
    done = WorkItem(kind="plan", text="d", url="/", due=datetime.date(2026, 4, 20), done=True)
    later = WorkItem(kind="report", text="b2", url="/", due=datetime.date(2026, 5, 30))
    sooner = WorkItem(kind="report", text="b1", url="/", due=datetime.date(2026, 4, 30))
    overdue = WorkItem(kind="report", text="a", url="/", due=datetime.date(2026, 4, 1), overdue=True)
    ordered = sorted([rest, done, later, sooner, overdue], key=lambda item: item.sort_key)
    assert [item.text for item in ordered] == ["a", "b1", "b2", "c", "d"]


def test_an_organisation_sees_its_open_round_with_the_due_date_and_days_left(world, cycle, monkeypatch):
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    round = open_round(cycle, due=datetime.date(2026, 4, 30), today=TODAY)
    monkeypatch.setattr(worklist.timezone, "localdate", lambda *args: TODAY)

    response = as_user(world.officer).get("/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "กำหนดส่ง 30 เมษายน 2569" in page
    assert "เหลือ 12 วัน" in page
    assert "ยังไม่เริ่ม" in page
    report_url = reverse("reporting:report", args=[world.klai.code, cycle.code, round.code])
    assert f'href="{report_url}"' in page
    report = next(item for item in response.context["work_list"] if item.kind == "report")
    assert report.due == datetime.date(2026, 4, 30) and not report.overdue


def test_a_report_past_its_due_date_is_overdue_and_listed_first(world, cycle):
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    open_round(cycle, due=datetime.date(2026, 4, 15), today=TODAY)

    items = work_list_for_user(world.officer, TODAY)

    assert items[0].kind == "report"
    assert items[0].overdue
    assert items[0].when == "เลยกำหนด 3 วัน"


def test_a_returned_plan_shows_the_reason_and_a_link_to_revise(world, cycle):
    plan = build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    plan_services.plan_return(
        actor=world.nacc_provincial, version=plan.versions.get(), reason="ขาดการวิเคราะห์ความเสี่ยงตามแบบที่กำหนด"
    )

    page = as_user(world.officer).get("/").content.decode()

    assert "เหตุผลที่ส่งกลับ: ขาดการวิเคราะห์ความเสี่ยงตามแบบที่กำหนด" in page
    assert f'href="/plans/{world.klai.code}/{cycle.code}/"' in page
    item = next(item for item in work_list_for_user(world.officer) if item.kind == "plan")
    assert item.status == "ส่งกลับแก้ไข"
    assert item.due == cycle.submission_due


def test_a_draft_plan_names_its_unmet_criteria(world, cycle):
    plan_services.plan_start(actor=world.officer, organisation=world.klai, cycle=cycle)

    item = next(item for item in work_list_for_user(world.officer) if item.kind == "plan")

    assert item.text == "จัดทำแผนรอบ 2562-2565 ให้เสร็จและส่ง"
    assert item.details[0].startswith("คะแนนที่คาดว่าจะได้ 0.00")
    assert any("ยังไม่มีโครงการ/กิจกรรม/มาตรการ" in detail for detail in item.details)
    assert len(item.details) <= worklist.DETAILS_SHOWN + 2
    assert item.when == days_left(cycle.submission_due, timezone.localdate())


def test_no_plan_yet_says_start_it(world, cycle):
    item = next(item for item in work_list_for_user(world.officer) if item.kind == "plan")
    assert item.text == "เริ่มจัดทำแผนรอบ 2562-2565"
    assert item.url == "/plans/"
    assert item.status == "ยังไม่จัดส่งแผน"


def test_incomplete_basic_data_is_listed_with_what_is_missing(world):
    profile = OrganisationProfile.objects.get(organisation=world.klai)
    profile.phone = ""
    profile.save()

    item = next(item for item in work_list_for_user(world.officer) if item.kind == "profile")

    assert item.url == f"/accounts/organisation/{world.klai.code}/profile/"
    assert "โทรศัพท์" in item.details[0]


def test_complete_basic_data_is_not_listed(world):
    assert not [item for item in work_list_for_user(world.officer) if item.kind == "profile"]


def test_a_district_office_counts_only_its_district(world, cycle):
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    # ท่าศาลา (same district) has not sent; ท่าซัก (other district) and the others neither.

    items = [item for item in work_list_for_user(world.district_office) if item.kind == "plans_missing"]

    assert len(items) == 1
    assert items[0].text == "อปท. ที่ยังไม่จัดส่งแผนรอบ 2562-2565: 1 แห่ง"
    assert items[0].details[0] == "ส่งแล้ว 1 จาก 2 แห่ง"
    assert "province=80" in items[0].url and "district=8008" in items[0].url
    page = as_user(world.district_office).get("/").content.decode()
    assert "อปท. ที่ยังไม่จัดส่งแผนรอบ 2562-2565: 1 แห่ง" in page


def test_the_province_counts_its_province(world, cycle):
    items = [item for item in work_list_for_user(world.nacc_provincial) if item.kind == "plans_missing"]
    assert items[0].text == "อปท. ที่ยังไม่จัดส่งแผนรอบ 2562-2565: 3 แห่ง"


def test_an_assessor_sees_the_plans_waiting_and_their_own_unfinished_score_sets(world, cycle):
    from eplan.assessment import services as assessment_services

    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    build_demo_plan(organisation=world.other_district, cycle=cycle, submitted_by=world.officer)
    version = world.klai.plans.get().versions.get()
    assessment_services.assessment_open(actor=world.nacc_provincial, version=version)

    items = work_list_for_user(world.nacc_provincial)

    queue = next(item for item in items if item.kind == "assessment_queue")
    assert queue.text == "แผนที่รอการประเมิน: 2 ฉบับ"
    assert queue.url == "/assessment/"
    draft = next(item for item in items if item.kind == "own_draft")
    assert draft.url == f"/assessment/versions/{version.pk}/"
    # The district office does not assess, and nobody else's draft is theirs.
    assert not [item for item in work_list_for_user(world.district_office) if item.kind == "assessment_queue"]
    assert not [item for item in work_list_for_user(world.nacc_regional) if item.kind == "own_draft"]


def test_an_office_sees_the_reports_missing_in_an_open_round(world, cycle):
    build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer)
    build_demo_plan(organisation=world.krabi, cycle=cycle, submitted_by=world.outsider_officer)
    round = open_round(cycle, due=datetime.date(2026, 4, 30), today=TODAY)

    item = next(item for item in work_list_for_user(world.provincial_dla, TODAY) if item.kind == "reports_missing")

    assert item.text == "อปท. ที่ยังไม่ส่งรายงานผลรอบ 6 เดือน ปีงบประมาณ 2562 (แผนรอบ 2562-2565): 1 แห่ง"
    assert item.when == "เหลือ 12 วัน"
    assert item.url == f"/reporting/follow-up/{cycle.code}/{round.code}/"


def test_staff_see_no_organisation_lines_and_officers_no_area_lines(world, cycle):
    assert {item.kind for item in work_list_for_user(world.nacc_provincial)} <= {
        "plans_missing",
        "assessment_queue",
        "reports_missing",
        "own_draft",
    }
    assert {item.kind for item in work_list_for_user(world.officer)} <= {"plan", "report", "profile"}


def test_a_registered_provider_adds_its_lines(world, monkeypatch):
    monkeypatch.setattr(worklist, "PROVIDERS", list(worklist.PROVIDERS))

    def circulars(context):
        yield WorkItem(kind="circular", text="หนังสือเวียนที่ยังไม่ได้อ่าน", url="/")

    worklist.register_provider(circulars)

    assert "circular" in {item.kind for item in work_list_for_user(world.officer)}


@pytest.mark.parametrize("role", ["nacc_provincial", "provincial_dla"])
def test_a_provincial_work_list_costs_the_same_queries_for_10_and_100_organisations(world, cycle, role):
    user = getattr(world, role)
    today = timezone.localdate()  # the cycle takes plans today
    open_round(cycle, due=today + datetime.timedelta(days=12), today=today)

    def count():
        worklist_user = type(user).objects.get(pk=user.pk)  # nothing cached from before
        with CaptureQueriesContext(connection) as queries:
            items = work_list_for_user(worklist_user, today)
        return len(queries), items

    for number in range(7):
        make_organisation(f"68080{number + 20:02d}", f"ทดสอบ{number}", "8008")
    small, items = count()
    assert "10 แห่ง" in next(item.text for item in items if item.kind == "plans_missing")
    for number in range(90):
        make_organisation(f"6808{number + 100:03d}", f"ทดสอบเพิ่ม{number}", "8008")
    large, items = count()
    assert "100 แห่ง" in next(item.text for item in items if item.kind == "plans_missing")
    assert small == large


def test_anonymous_visitors_still_get_the_public_home_page(world):
    response = Client().get("/")
    assert response.templates[0].name == "public/home.html"
    assert "work_list" not in response.context
    assert "งานที่ต้องทำ" not in response.content.decode()


def test_an_incomplete_result_names_the_failed_criteria_once_released(world, cycle):
    from decimal import Decimal

    from eplan.assessment import services as assessment_services

    version = build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer).versions.get()
    assessment = assessment_services.assessment_open(actor=world.nacc_provincial, version=version)
    scores = {row["id"]: (Decimal(0), "ไม่มีหลักฐาน (ทดสอบ)") for row in version.snapshot["criteria"]}
    assessment_services.assessment_save(
        actor=world.nacc_provincial, assessment=assessment, scores=scores, judgements={}, finalise=True
    )
    before = next(item for item in work_list_for_user(world.officer) if item.kind == "plan")
    assert before.text == "แผนรอบ 2562-2565 ส่งแล้ว รอผลการประเมิน"  # not released yet

    release_day = cycle.score_release_date
    item = next(item for item in work_list_for_user(world.officer, release_day) if item.kind == "plan")

    assert item.status == "แผนไม่สมบูรณ์ตามเกณฑ์"
    first = version.snapshot["criteria"][0]
    # The demo cycle closes before its release date: nothing left to send, only to read.
    assert item.text == "แผนรอบ 2562-2565 ไม่สมบูรณ์ตามเกณฑ์" and item.done
    assert item.details[:2] == ("รอบแผนนี้ปิดรับแผนแล้ว", f"{first['text']} (0.00/{Decimal(first['max_points']):.0f})")
    assert item.details[-1].startswith("และอีก")
    assert item.url == f"/plans/{world.klai.code}/{cycle.code}/"

    # Released while the cycle still takes plans: revise and send again by the due date.
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save(update_fields=["score_release_date"])
    item = next(item for item in work_list_for_user(world.officer) if item.kind == "plan")
    assert item.text == "แผนรอบ 2562-2565 ไม่สมบูรณ์ตามเกณฑ์: แก้ไขแผนตามผลการประเมินและส่งใหม่"
    assert item.due == cycle.submission_due and not item.done
