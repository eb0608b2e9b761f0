"""Numbers and sizes a plan can hold: a number beyond its field's range is refused in Thai
with the form kept (never a 500), and a plan holds at most PLAN_MAX_ITEMS items, however
they arrive (the item form, the API, the Excel import)."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client

from eplan.frameworks.models import Mission
from eplan.plans import services, services_import
from eplan.plans.models import ItemBudget, PlanItem, SelfScore
from eplan.plans.tests.test_api import item_payload, plan_path, with_token
from eplan.plans.tests.test_authoring import item_data

pytestmark = pytest.mark.django_db

HUGE = ["1e400", "9" * 40, "1000", "-1e400", "NaN", "Infinity"]


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def base(world):
    return f"/plans/{world.klai.code}/2562-2565/"


# --- huge numbers -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", HUGE)
def test_a_self_score_beyond_any_criterion_is_refused_in_thai_and_the_form_kept(world, plan, typed):
    criterion = plan.cycle.criteria.order_by("position").first()
    before = SelfScore.objects.get(plan=plan, criterion=criterion).score

    response = as_user(world.officer).post(
        f"{base(world)}self-assessment/", {f"score_{criterion.pk}": typed, f"evidence_{criterion.pk}": "หลักฐานที่พิมพ์"}
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "คะแนน" in body and f'value="{typed}"' in body and "หลักฐานที่พิมพ์" in body
    assert SelfScore.objects.get(plan=plan, criterion=criterion).score == before


@pytest.mark.parametrize("typed", [*HUGE, 1e300])
def test_a_self_score_beyond_range_through_the_api_is_a_422_naming_the_entry(world, plan, typed):
    criterion = plan.cycle.criteria.order_by("position").first()
    response = with_token(world.officer).patch(
        f"{plan_path(world)}/self-assessment", {"entries": [{"criterion": criterion.pk, "score": typed}]}
    )
    assert response.status_code == 422, response.content
    assert "entries.0.score" in response.json()["errors"]


def test_the_score_parser_names_the_range_of_the_field():
    with pytest.raises(ValueError, match=r"999\.99"):
        services.parse_score("1e400")
    assert str(services.parse_score("999.99")) == "999.99"


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"entries": [{"criterion": 2**70, "score": "1"}]}, "entries.0.criterion"),
        ({"entries": [{"criterion": -1, "score": "1"}]}, "entries.0.criterion"),
    ],
)
def test_ids_beyond_any_row_are_refused_not_a_500(world, plan, payload, field):
    response = with_token(world.officer).patch(f"{plan_path(world)}/self-assessment", payload)
    assert response.status_code == 422, response.content
    assert field in response.json()["errors"]


def test_quarters_beyond_range_are_refused(world, plan):
    response = with_token(world.officer).post(f"{plan_path(world)}/items", item_payload(quarters=[2**70]))
    assert response.status_code == 422, response.content
    assert any(key.startswith("quarters") for key in response.json()["errors"])


@pytest.mark.parametrize("item_id", [2**63, 2**70])
def test_an_item_id_beyond_any_row_is_404(world, plan, item_id):
    caller = with_token(world.officer)
    assert caller.get(f"{plan_path(world)}/items/{item_id}").status_code in (404, 422)
    assert caller.put(f"{plan_path(world)}/items/{item_id}", item_payload()).status_code in (404, 422)
    assert as_user(world.officer).get(f"{base(world)}items/{item_id}/edit/").status_code == 404
    assert as_user(world.officer).get(f"{base(world)}versions/{item_id}/").status_code == 404


# --- the largest plan -----------------------------------------------------------------------


def fill_to(plan, count):
    mission = Mission.objects.get(cycle=plan.cycle, code="1.1.1")
    have = PlanItem.objects.filter(plan=plan).count()
    items = PlanItem.objects.bulk_create(
        PlanItem(plan=plan, mission=mission, title=f"รายการเพิ่ม {n}", position=1000 + n) for n in range(count - have)
    )
    ItemBudget.objects.bulk_create(ItemBudget(item=item, fiscal_year=2562, amount=1000) for item in items)


def test_the_documented_maximum_is_a_setting_of_300_items():
    assert settings.PLAN_MAX_ITEMS == 300


def test_a_plan_at_the_maximum_takes_no_new_item_but_its_items_still_change(world, plan):
    fill_to(plan, settings.PLAN_MAX_ITEMS)
    mission = Mission.objects.get(cycle=plan.cycle, code="3.2.1")

    page = as_user(world.officer).post(
        f"{base(world)}items/new/?mission={mission.pk}", item_data(mission, title="เกินแล้ว")
    )
    api = with_token(world.officer).post(f"{plan_path(world)}/items", item_payload(title="เกินแล้ว"))

    assert page.status_code == 422 and "ไม่เกิน 300 รายการ" in page.content.decode()
    assert "เกินแล้ว" in page.content.decode()  # what was typed is kept
    assert api.status_code == 422 and "ไม่เกิน 300 รายการ" in api.json()["detail"]
    assert PlanItem.objects.filter(plan=plan).count() == settings.PLAN_MAX_ITEMS
    item = PlanItem.objects.filter(plan=plan).first()
    services.item_save(
        actor=world.officer,
        plan=plan,
        item=item,
        mission=item.mission,
        fields={"kind": "project", "title": "แก้ได้"},
        budgets={2562: (5, False)},
    )


def test_an_excel_file_with_more_rows_than_the_maximum_is_refused_before_anything_is_written(world, plan):
    rows = [
        {
            "row": n + 2,
            "id": None,
            "mission": "1.1.1",
            "kind": "project",
            "title": f"แถว {n}",
            "budgets": {"2562": "1000.00"},
        }
        for n in range(settings.PLAN_MAX_ITEMS + 1)
    ]

    problems = services_import.rows_check(plan=plan, rows=rows)

    assert [problem.reason for problem in problems if problem.row is None] == [
        "แผนหนึ่งมีรายการได้ไม่เกิน 300 รายการ ไฟล์นี้มี 301 รายการ"
    ]
    with pytest.raises(ValidationError, match="ไม่เกิน 300 รายการ"):
        services_import.items_import_apply(
            actor=world.officer, plan=plan, rows=rows, expected_state=services_import.items_fingerprint(plan)
        )
    assert PlanItem.objects.filter(plan=plan).count() == 40


def test_a_plan_over_the_maximum_from_before_cannot_be_submitted(world, plan):
    fill_to(plan, settings.PLAN_MAX_ITEMS + 1)
    with pytest.raises(ValidationError, match="ไม่เกิน 300 รายการ"):
        services.plan_submit(actor=world.officer, plan=plan)


@pytest.mark.parametrize("page", [10**20, 2**62, 0])
def test_a_page_number_beyond_any_list_is_a_422_naming_page(world, plan, page):
    response = with_token(world.officer).get("/plans", {"page": page})
    assert response.status_code == 422, response.content
    assert "page" in response.json()["errors"]


def test_starting_from_a_previous_plan_that_is_not_a_number_is_404(world, plan):
    response = as_user(world.officer).post(f"{base(world)}start/", {"copy_from": "abc"})
    assert response.status_code == 404
