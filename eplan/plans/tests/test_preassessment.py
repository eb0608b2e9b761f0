"""The instant pre-assessment says plainly what is missing and what it costs."""

import pytest
from django.test import Client

from eplan.plans import document
from eplan.plans.models import PlanItem

pytestmark = pytest.mark.django_db


def check_of(plan):
    return document.preassessment(document.build(plan))


def test_a_complete_plan_is_expected_to_pass(plan):
    check = check_of(plan)
    assert check["total"] == "100.00" and check["passes"] and check["problems"] == []


def test_a_plan_missing_mission_3_2_names_it_and_the_points_it_loses(plan):
    PlanItem.objects.filter(plan=plan, mission__code__startswith="3.2.").delete()
    check = check_of(plan)
    texts = [problem["text"] for problem in check["problems"]]
    assert "มิติที่ 3 ภารกิจ 3.2: ยังไม่มีโครงการ/กิจกรรม/มาตรการ" in texts
    lost = next(p for p in check["problems"] if "3.2" in p["text"])
    assert lost["points"] == "5.00"
    dimension3 = next(group for group in check["groups"] if group["number"] == 3)
    assert dimension3["expected"] == "15.00" and dimension3["max"] == "20.00"
    assert check["total"] == "95.00"


def test_a_budget_left_blank_for_a_year_the_item_runs_is_named(plan):
    item = PlanItem.objects.filter(plan=plan, mission__code="1.2.1").first()
    budget = item.budgets.get(fiscal_year=2563)
    budget.amount, budget.no_budget = None, True
    budget.save()
    # A year marked as running but with neither amount nor "no budget" cannot be stored:
    # the database refuses it, so the check sees only whole years.
    assert check_of(plan)["passes"]


def test_missing_part1_and_an_empty_year_are_reported(plan):
    plan.risk_analysis = ""
    plan.save()
    for item in PlanItem.objects.filter(plan=plan):
        item.budgets.filter(fiscal_year=2565).delete()
    texts = [problem["text"] for problem in check_of(plan)["problems"]]
    assert any("การวิเคราะห์ความเสี่ยง" in text for text in texts)
    assert "ปีงบประมาณ 2565: ยังไม่มีโครงการ/กิจกรรม/มาตรการที่ดำเนินการในปีนี้" in texts


def test_the_plan_page_shows_the_missing_mission(world, plan):
    PlanItem.objects.filter(plan=plan, mission__code__startswith="3.2.").delete()
    client = Client()
    client.force_login(world.officer)
    page = client.get(f"/plans/{world.klai.code}/2562-2565/").content.decode()
    assert "มิติที่ 3 ภารกิจ 3.2: ยังไม่มีโครงการ/กิจกรรม/มาตรการ" in page
    assert "ยังขาด" in page


def test_an_empty_plan_scores_nothing_and_names_every_dimension_without_items(plan):
    PlanItem.objects.filter(plan=plan).delete()
    plan.risk_analysis = plan.objectives = plan.targets = ""
    plan.save()

    check = check_of(plan)

    assert check["total"] == "0.00" and not check["passes"]
    assert all(group["expected"] == "0.00" for group in check["groups"])
    texts = [problem["text"] for problem in check["problems"]]
    for number in (1, 2, 3, 4):
        assert any(text.startswith(f"มิติที่ {number} ") and "ยังไม่มีโครงการ" in text for text in texts)
    assert "มิติที่ 1: ยังไม่มีโครงการ/กิจกรรม/มาตรการ จึงยังไม่มีงบประมาณให้ตรวจ" in texts


def test_a_dimension_without_items_earns_no_budget_points_and_no_self_scored_points(plan):
    from eplan.frameworks.models import Criterion
    from eplan.plans.models import SelfScore

    PlanItem.objects.filter(plan=plan, mission__code__startswith="4.").delete()
    judged_by_a_person = Criterion.objects.filter(cycle=plan.cycle, dimension__number=4).exclude(
        check_kind="budget_stated"
    )[0]
    judged_by_a_person.check_kind, judged_by_a_person.check_params = "", {}
    judged_by_a_person.save()
    SelfScore.objects.update_or_create(
        plan=plan, criterion=judged_by_a_person, defaults={"score": judged_by_a_person.max_points}
    )

    check = check_of(plan)

    group = next(group for group in check["groups"] if group["number"] == 4)
    assert group["expected"] == "0.00" and group["max"] == "20.00"
    assert check["total"] == "80.00"
    budget_row = next(
        row for row in check["criteria"] if row["dimension"] == 4 and row["check_kind"] == "budget_stated"
    )
    assert budget_row["met"] is False


def test_a_plan_with_items_keeps_its_budget_points(plan):
    check = check_of(plan)
    budget_rows = [row for row in check["criteria"] if row["check_kind"] == "budget_stated"]
    assert budget_rows and all(row["met"] for row in budget_rows)
