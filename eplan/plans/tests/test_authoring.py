"""Writing a plan: Part 1, items edited inline, self-assessment; nothing typed is lost."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from eplan.core.models import AuditEvent
from eplan.frameworks.models import Mission
from eplan.plans.models import ItemBudget, Plan, PlanItem, SelfScore
from eplan.testing import PASSWORD, complete_profile, make_user

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def base(world):
    return f"/plans/{world.klai.code}/2562-2565/"


def item_data(mission, **overrides):
    data = {
        "mission": str(mission.pk),
        "kind": "project",
        "title": "โครงการทดสอบระบบ",
        "budget_2562": "20,000",
        "budget_2563": "ไม่ใช้งบประมาณ",
        "budget_2564": "",
        "budget_2565": "1500.50",
        "quarters": ["1", "2"],
        "note": "",
        "indicators": "ร้อยละ 80 ของผู้เข้าร่วม",
    }
    data.update(overrides)
    return data


def test_an_officer_starts_a_plan_for_an_open_cycle(world, cycles):
    response = as_user(world.officer).post(f"{base(world)}start/")
    assert response.status_code == 302
    plan = Plan.objects.get(organisation=world.klai, cycle=cycles["2562-2565"])
    assert AuditEvent.objects.filter(action="plans.plan_start", organisation_code=world.klai.code).exists()
    assert plan.is_editable


def test_adding_an_item_inline_updates_the_table_and_the_preassessment(world, plan):
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    response = as_user(world.officer).post(
        f"{base(world)}items/new/?mission={mission.pk}", item_data(mission), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "โครงการทดสอบระบบ" in body and 'id="preassessment"' in body and 'hx-swap-oob="true"' in body
    item = PlanItem.objects.get(plan=plan, title="โครงการทดสอบระบบ")
    budgets = {b.fiscal_year: (b.amount, b.no_budget) for b in item.budgets.all()}
    assert budgets == {2562: (Decimal("20000.00"), False), 2563: (None, True), 2565: (Decimal("1500.50"), False)}
    assert item.quarters == [1, 2]
    assert AuditEvent.objects.filter(action="plans.item_create", object_id=str(item.pk)).exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("budget_2562", "-5", "จำนวนเงินต้องไม่ติดลบ"),
        ("budget_2562", "10.555", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"),
        ("budget_2562", "สองหมื่น", "ไม่ใช่งบประมาณ"),
        ("title", "", "จำเป็น"),
    ],
)
def test_a_bad_item_is_refused_with_the_field_named_and_the_input_kept(world, plan, field, value, message):
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    before = PlanItem.objects.filter(plan=plan).count()
    data = item_data(mission, **{field: value, "rationale": "ข้อความยาวที่พิมพ์ไว้"})
    response = as_user(world.officer).post(
        f"{base(world)}items/new/?mission={mission.pk}", data, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 422
    body = response.content.decode()
    assert message in body or (message == "จำเป็น" and "This field is required" in body)
    assert "ข้อความยาวที่พิมพ์ไว้" in body
    assert response["HX-Retarget"] == f"#new-in-{mission.pk}"
    assert PlanItem.objects.filter(plan=plan).count() == before


def test_an_item_must_run_at_least_one_year(world, plan):
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    empty = {"budget_2562": "", "budget_2563": "", "budget_2564": "", "budget_2565": ""}
    response = as_user(world.officer).post(f"{base(world)}items/new/?mission={mission.pk}", item_data(mission, **empty))
    assert response.status_code == 422 and "อย่างน้อยหนึ่งปี" in response.content.decode()


def test_items_sit_under_leaf_missions_only(world, plan):
    parent = Mission.objects.get(cycle=plan.cycle, code="3.2")
    response = as_user(world.officer).post(f"{base(world)}items/new/", item_data(parent))
    assert response.status_code == 422 and "เลือกภารกิจย่อย" in response.content.decode()


def test_editing_moving_and_deleting_an_item(world, plan):
    client = as_user(world.officer)
    first, second = PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position")
    response = client.post(
        f"{base(world)}items/{first.pk}/edit/", item_data(first.mission, title="ชื่อใหม่"), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    first.refresh_from_db()
    assert first.title == "ชื่อใหม่"
    client.post(f"{base(world)}items/{first.pk}/down/", HTTP_HX_REQUEST="true")
    ordered = list(PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position"))
    assert [item.pk for item in ordered] == [second.pk, first.pk]
    client.post(f"{base(world)}items/{first.pk}/delete/", HTTP_HX_REQUEST="true")
    assert not PlanItem.objects.filter(pk=first.pk).exists()
    assert not ItemBudget.objects.filter(item_id=first.pk).exists()


def test_part1_is_saved_and_audited(world, plan):
    client = as_user(world.officer)
    client.post(f"{base(world)}part1/", {"risk_analysis": "ความเสี่ยงใหม่ " * 5, "rationale": "เหตุผล"})
    plan.refresh_from_db()
    assert plan.risk_analysis.startswith("ความเสี่ยงใหม่") and plan.objectives == ""
    assert AuditEvent.objects.filter(action="plans.part1_update").exists()


def test_a_lost_session_keeps_what_was_typed(world, plan):
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    url = f"{base(world)}items/new/?mission={mission.pk}"
    client = Client()  # the session has expired: not logged in any more
    response = client.post(url, item_data(mission, title="พิมพ์ไว้นานแล้ว", rationale="เหตุผลยาว"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/accounts/login/?next=")
    login = client.post(
        "/accounts/login/", {"username": "officer.klai", "password": PASSWORD, "next": url}, follow=True
    )
    body = login.content.decode()
    assert login.redirect_chain[-1][0] == url
    assert "พิมพ์ไว้นานแล้ว" in body and "เหตุผลยาว" in body
    assert not PlanItem.objects.filter(title="พิมพ์ไว้นานแล้ว").exists()  # kept, not saved behind the user's back


def test_the_self_assessment_refuses_a_score_above_the_maximum_and_keeps_the_form(world, plan):
    criterion = plan.cycle.criteria.order_by("position").first()
    other = plan.cycle.criteria.order_by("position")[1]
    client = as_user(world.officer)
    data = {f"score_{criterion.pk}": "99", f"evidence_{criterion.pk}": "หลักฐาน", f"score_{other.pk}": "1"}
    response = client.post(f"{base(world)}self-assessment/", data)
    assert response.status_code == 422
    assert "คะแนนเต็มของเกณฑ์นี้คือ" in response.content.decode()
    assert 'value="99"' in response.content.decode()
    assert SelfScore.objects.get(plan=plan, criterion=other).score == other.max_points  # unchanged


def test_the_self_assessment_shows_where_the_lao_differs_from_the_automatic_result(world, plan):
    criterion = plan.cycle.criteria.get(check_params__mission="3.2")
    PlanItem.objects.filter(plan=plan, mission__code__startswith="3.2.").delete()
    page = as_user(world.officer).get(f"{base(world)}self-assessment/").content.decode()
    assert "คะแนนตนเองต่างจากผลตรวจ" in page
    assert SelfScore.objects.get(plan=plan, criterion=criterion).score == 5


def test_the_plan_pages_do_not_grow_in_queries_with_items(world, plan, django_assert_num_queries):
    client = as_user(world.officer)
    url = f"{base(world)}items/"
    client.get(url)
    small = Plan.objects.create(organisation=world.tha_sala, cycle=plan.cycle)
    mission = Mission.objects.get(cycle=plan.cycle, code="1.1.1")
    for number in range(10):
        item = PlanItem.objects.create(plan=small, mission=mission, title=f"รายการ {number}", position=number)
        ItemBudget.objects.create(item=item, fiscal_year=2562, amount=1000)
    complete_profile(world.tha_sala, email="saraban@thasala.example.org")
    tha_sala_officer = make_user("officer.thasala", "lao_officer", organisation=world.tha_sala)
    small_client = as_user(tha_sala_officer)
    small_url = f"/plans/{world.tha_sala.code}/2562-2565/items/"
    small_client.get(small_url)
    with CaptureQueriesContext(connection) as ten:
        small_client.get(small_url)
    for number in range(110):
        item = PlanItem.objects.create(plan=plan, mission=mission, title=f"เพิ่ม {number}", position=100 + number)
        ItemBudget.objects.create(item=item, fiscal_year=2563, amount=500)
    assert PlanItem.objects.filter(plan=plan).count() == 150
    with django_assert_num_queries(len(ten.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("page", ["", "part1/", "items/", "details/", "self-assessment/", "items/new/"])
def test_another_organisations_officer_gets_404(world, plan, page):
    assert as_user(world.outsider_officer).get(f"{base(world)}{page}").status_code == 404


def test_staff_read_but_do_not_write_a_plan(world, plan):
    client = as_user(world.nacc_provincial)
    assert client.get(f"{base(world)}items/").status_code == 200
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")
    assert client.post(f"{base(world)}items/new/", item_data(mission)).status_code == 404
    assert client.post(f"{base(world)}part1/", {"risk_analysis": "x"}).status_code == 404
    assert as_user(world.nacc_provincial_krabi).get(f"{base(world)}items/").status_code == 404


def test_the_self_assessment_form_is_prefilled_from_the_automatic_checks(world, plan):
    SelfScore.objects.filter(plan=plan).delete()
    response = as_user(world.officer).get(f"{base(world)}self-assessment/")
    rows = {row["id"]: row for row in response.context["check"]["criteria"]}
    criterion = plan.cycle.criteria.get(check_params__mission="3.2")
    assert rows[criterion.pk]["typed_score"] == "5.00" and rows[criterion.pk]["prefilled"]
    assert "เติมจากผลตรวจ" in response.content.decode()
