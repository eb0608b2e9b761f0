"""The scoring page at the size limits: a number beyond a score's range is refused in Thai
with the form kept (never a 500), and the form of the largest plan allowed saves, however
the assessor judges its items: the page posts a reason only for an item judged not to fit,
so it stays within Django's DATA_UPLOAD_MAX_NUMBER_FIELDS."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.test import override_settings

from eplan.assessment import services
from eplan.assessment.models import Assessment
from eplan.assessment.tests.test_api import score_path, with_token
from eplan.assessment.tests.test_scoring_page import as_user, form_data, page_of
from eplan.demo.plans import build_demo_plan
from eplan.frameworks.models import Mission
from eplan.plans import services as plan_services
from eplan.plans.models import ItemBudget, PlanItem

pytestmark = pytest.mark.django_db

HUGE = ["1e400", "9" * 40, "-1e400"]


@pytest.mark.parametrize("typed", HUGE)
def test_a_huge_score_on_the_page_is_refused_in_thai_and_the_form_kept(client, world, version, typed):
    criterion = version.snapshot["criteria"][0]["id"]

    response = as_user(client, world.nacc_provincial).post(
        page_of(version), form_data(version, **{f"score_{criterion}": typed, "general_comment": "พิมพ์ไว้"})
    )

    assert response.status_code == 422
    body = response.content.decode()
    assert "คะแนน" in body and f'value="{typed}"' in body and "พิมพ์ไว้" in body
    assert not Assessment.objects.filter(version=version).exists()


@pytest.mark.parametrize("typed", [*HUGE, 1e300])
def test_a_huge_score_through_the_api_is_a_422_naming_the_criterion(world, version, typed):
    criterion = str(version.snapshot["criteria"][0]["id"])
    response = with_token(world.nacc_provincial).put(score_path(version), {"scores": {criterion: {"score": typed}}})
    assert response.status_code == 422, response.content
    assert f"scores.{criterion}" in response.json()["errors"]


# --- the largest plan ------------------------------------------------------------------------


class FormFields(HTMLParser):
    """What a browser sends for the page's scoring form: every named field that is not
    disabled, checkboxes only when ticked, and the button pressed."""

    def __init__(self, button):
        super().__init__()
        self.button, self.fields, self.in_form, self.textarea = button, [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method") == "post" and "level=" in attrs.get("action", ""):
            self.in_form = True
        if not self.in_form or "name" not in attrs or "disabled" in attrs:
            return
        if tag == "input":
            kind = attrs.get("type", "text")
            if kind == "checkbox" and "checked" not in attrs:
                return
            self.fields.append([attrs["name"], attrs.get("value", "on" if kind == "checkbox" else "")])
        elif tag == "textarea":
            self.textarea = [attrs["name"], ""]
            self.fields.append(self.textarea)
        elif tag == "button" and attrs.get("value") == self.button:
            self.fields.append([attrs["name"], attrs["value"]])

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self.textarea = None
        if tag == "form":
            self.in_form = False


def browser_post(client, url, *, button="save", tick=(), type_in=None):
    """Open the page, tick 'does not fit' for the items in `tick`, type into the fields in
    `type_in` (as a browser with JavaScript does: a ticked item's reason field opens), and
    send the form. Returns the answer and the number of fields sent."""
    page = client.get(url).content.decode()
    form = FormFields(button)
    form.feed(page)
    fields = dict(form.fields)
    for item_id in tick:
        fields[f"fits_{item_id}"] = "no"
    fields.update(type_in or {})
    return client.post(url, fields), len(fields)


def plan_of_size(world, cycles, count):
    """อบต.กลาย's demo plan grown to `count` items (every one a real, budgeted item)."""
    plan = build_demo_plan(organisation=world.klai, cycle=cycles["2562-2565"])
    mission = Mission.objects.get(cycle=plan.cycle, code="1.1.1")
    extra = PlanItem.objects.bulk_create(
        PlanItem(plan=plan, mission=mission, title=f"กิจกรรมที่ {n}", position=100 + n, outputs="ผลผลิต " * 20)
        for n in range(count - plan.items.count())
    )
    ItemBudget.objects.bulk_create(ItemBudget(item=item, fiscal_year=2563, amount=Decimal("1500.00")) for item in extra)
    return plan


def test_the_largest_plan_allowed_is_assessed_with_every_item_judged_not_to_fit(client, world, cycles):
    plan = plan_of_size(world, cycles, settings.PLAN_MAX_ITEMS)
    version = plan_services.plan_submit(actor=world.officer, plan=plan)
    items = list(services.snapshot_items(version))
    assert len(items) == settings.PLAN_MAX_ITEMS
    reasons = {f"reason_{item_id}": f"งานประจำ {item_id}" for item_id in items}
    comments = {f"comment_{row['id']}": "ตรวจแล้ว" for row in version.snapshot["criteria"]}

    response, sent = browser_post(
        as_user(client, world.nacc_provincial), page_of(version), tick=items, type_in={**reasons, **comments}
    )

    assert sent <= settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
    assert response.status_code == 302, response.content.decode()[:2000]
    assessment = Assessment.objects.get(version=version)
    assert assessment.judgements.filter(fits=False).count() == settings.PLAN_MAX_ITEMS


def test_a_very_large_version_from_before_the_limit_saves_what_the_assessor_typed(client, world, cycles):
    # 1,997 items, as the plan accepted before there was a maximum (found by issue 10).
    plan = plan_of_size(world, cycles, 1997)
    with override_settings(PLAN_MAX_ITEMS=2000):
        version = plan_services.plan_submit(actor=world.officer, plan=plan)
    misfits = list(services.snapshot_items(version))[:5]

    response, sent = browser_post(
        as_user(client, world.nacc_provincial),
        page_of(version),
        tick=misfits,
        type_in={**{f"reason_{item_id}": "ซ้ำกับรายการอื่น" for item_id in misfits}, "general_comment": "ตรวจแล้ว"},
    )

    assert sent < 100
    assert response.status_code == 302
    assessment = Assessment.objects.get(version=version)
    assert sorted(assessment.judgements.filter(fits=False).values_list("item_id", flat=True)) == sorted(misfits)
    assert assessment.general_comment == "ตรวจแล้ว"


@pytest.mark.parametrize("path", ["/assessment/queue", "/status?cycle=2562-2565", "/announcements/2562-2565/1/entries"])
def test_a_page_number_beyond_any_list_is_a_422_naming_page(world, version, path):
    with_token(world.central).post("/announcements/2562-2565", {})
    response = with_token(world.nacc_provincial).get(f"{path}{'&' if '?' in path else '?'}page={10**20}")
    assert response.status_code == 422, response.content
    assert "page" in response.json()["errors"]
