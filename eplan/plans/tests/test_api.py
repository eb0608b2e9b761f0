"""Plans through the REST API: the same operations as the plan pages, by token or session,
with the same rules; outsiders get 404, bad input gets each field named in Thai."""

import pytest
from django.test import Client

from eplan.accounts.services import api_token_create, api_token_revoke
from eplan.core.models import AuditEvent
from eplan.plans.models import Plan, PlanItem, PlanStatus, PlanVersion

pytestmark = pytest.mark.django_db

API = "/api/v1"


class Caller:
    """An API client that sends a personal token (or nothing) with every request."""

    def __init__(self, key=None):
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {key}"} if key else {}

    def get(self, path, params=None):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path, payload=None):
        return self.client.post(API + path, payload or {}, content_type="application/json", headers=self.headers)

    def put(self, path, payload):
        return self.client.put(API + path, payload, content_type="application/json", headers=self.headers)

    def patch(self, path, payload):
        return self.client.patch(API + path, payload, content_type="application/json", headers=self.headers)

    def delete(self, path):
        return self.client.delete(API + path, headers=self.headers)


def with_token(user):
    _token, key = api_token_create(actor=user, name="สคริปต์ทดสอบ")
    return Caller(key)


def plan_path(world):
    return f"/plans/{world.klai.code}/2562-2565"


def item_payload(**overrides):
    payload = {
        "mission": "3.2.1",
        "kind": "project",
        "title": "โครงการเปิดเผยข้อมูลผ่าน API",
        "budgets": {"2562": "20000.00", "2563": "ไม่ใช้งบประมาณ", "2564": None, "2565": 1500.5},
        "quarters": [1, 2],
        "indicators": "ร้อยละ 80 ของผู้เข้าร่วม",
    }
    payload.update(overrides)
    return payload


# --- writing a plan -------------------------------------------------------------------


def test_an_officer_adds_an_item_with_a_token_and_the_plan_page_shows_it(world, plan):
    response = with_token(world.officer).post(f"{plan_path(world)}/items", item_payload())

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["mission"] == "3.2.1"
    assert body["budgets"] == {"2562": "20000.00", "2563": "ไม่ใช้งบประมาณ", "2565": "1500.50"}
    item = PlanItem.objects.get(pk=body["id"], plan=plan)
    event = AuditEvent.objects.get(action="plans.item_create", object_id=str(item.pk))
    assert event.actor == world.officer and event.channel == "api"

    page = Client()
    page.force_login(world.officer)
    assert "โครงการเปิดเผยข้อมูลผ่าน API" in page.get(f"{plan_path(world)}/items/").content.decode()
    document = with_token(world.officer).get(plan_path(world)).json()["document"]
    mission = next(m for d in document["dimensions"] for m in d["missions"] if m["code"] == "3.2.1")
    assert "โครงการเปิดเผยข้อมูลผ่าน API" in [entry["title"] for entry in mission["items"]]


@pytest.mark.parametrize(
    ("value", "message"),
    [("-5", "จำนวนเงินต้องไม่ติดลบ"), ("10.555", "ทศนิยมได้ไม่เกิน 2 ตำแหน่ง"), (-5, "ไม่ติดลบ"), ("สองหมื่น", "ไม่ใช่งบประมาณ")],
)
def test_a_bad_budget_is_refused_with_the_year_named_and_nothing_is_created(world, plan, value, message):
    before = PlanItem.objects.filter(plan=plan).count()

    response = with_token(world.officer).post(
        f"{plan_path(world)}/items", item_payload(budgets={"2562": value, "2563": "1000"})
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert list(errors) == ["budgets.2562"]
    assert message in errors["budgets.2562"][0]
    assert PlanItem.objects.filter(plan=plan).count() == before


def test_the_services_rules_come_back_as_named_field_errors(world, plan):
    response = with_token(world.officer).post(
        f"{plan_path(world)}/items", item_payload(mission="3.2", title="  ", budgets={}, quarters=[5])
    )

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert "ภารกิจย่อย" in errors["mission"][0]
    assert {"title", "quarters", "budgets"} <= set(errors)


def test_a_payload_of_the_wrong_shape_is_refused_in_thai(world, plan):
    response = with_token(world.officer).post(f"{plan_path(world)}/items", {"kind": "party", "quarters": "1"})

    assert response.status_code == 422
    errors = response.json()["errors"]
    assert errors["mission"] == ["จำเป็นต้องระบุ"]
    assert errors["title"] == ["จำเป็นต้องระบุ"]
    assert errors["kind"] == ["ไม่รู้จักประเภท 'party' เลือก โครงการ, กิจกรรม, มาตรการ, แนวปฏิบัติงาน"]


def test_a_body_that_is_not_json_is_a_400(world, plan):
    caller = with_token(world.officer)
    response = caller.client.post(
        f"{API}{plan_path(world)}/items", "{not json", content_type="application/json", headers=caller.headers
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_an_item_is_changed_moved_and_deleted(world, plan):
    caller = with_token(world.officer)
    first, second = PlanItem.objects.filter(plan=plan, mission__code="1.1.1").order_by("position")

    changed = caller.put(f"{plan_path(world)}/items/{second.pk}", item_payload(mission="1.1.1", budgets={"2563": "5"}))
    assert changed.status_code == 200, changed.content
    assert changed.json()["budgets"] == {"2563": "5.00"}  # a year left out no longer runs

    moved = caller.post(f"{plan_path(world)}/items/{second.pk}/move", {"direction": "up"})
    assert moved.status_code == 200
    assert moved.json()["position"] < PlanItem.objects.get(pk=first.pk).position

    assert caller.delete(f"{plan_path(world)}/items/{second.pk}").status_code == 204
    assert not PlanItem.objects.filter(pk=second.pk).exists()
    assert caller.get(f"{plan_path(world)}/items/{second.pk}").status_code == 404


def test_part1_changes_only_the_sections_sent(world, plan):
    before = plan.benefits
    response = with_token(world.officer).patch(f"{plan_path(world)}/part1", {"rationale": "  เหตุผลใหม่ของแผน  "})

    assert response.status_code == 200
    plan.refresh_from_db()
    assert plan.rationale == "เหตุผลใหม่ของแผน" and plan.benefits == before


def test_the_self_assessment_is_saved_all_or_nothing_with_the_entry_named(world, plan):
    caller = with_token(world.officer)
    criteria = caller.get(f"{plan_path(world)}/self-assessment").json()["criteria"]
    first, second = criteria[0], criteria[1]

    too_high = float(second["max_points"]) + 1
    response = caller.patch(
        f"{plan_path(world)}/self-assessment",
        {
            "entries": [
                {"criterion": first["criterion"], "score": "0"},
                {"criterion": second["criterion"], "score": too_high},
            ]
        },
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["entries.1.score"]
    assert caller.get(f"{plan_path(world)}/self-assessment").json()["criteria"][0]["self_score"] == first["self_score"]

    response = caller.patch(
        f"{plan_path(world)}/self-assessment",
        {"entries": [{"criterion": first["criterion"], "score": "0", "evidence": "ยังไม่ได้ทำ"}]},
    )
    assert response.status_code == 200
    saved = response.json()["criteria"][0]
    assert saved["self_score"] == "0.00" and saved["evidence"] == "ยังไม่ได้ทำ"


def test_starting_a_plan_creates_it_once(world, cycles):
    caller = with_token(world.officer)
    payload = {"organisation": world.klai.code, "cycle": "2562-2565"}

    assert caller.post("/plans", payload).status_code == 201
    again = caller.post("/plans", payload)
    assert again.status_code == 200 and again.json()["status"] == "draft"
    assert Plan.objects.filter(organisation=world.klai).count() == 1
    assert caller.post("/plans", {**payload, "cycle": "2599-2602"}).json()["errors"]["cycle"]


# --- submitting -------------------------------------------------------------------------


def test_submitting_twice_makes_one_version(world, plan):
    caller = with_token(world.officer)

    first = caller.post(f"{plan_path(world)}/submit")
    second = caller.post(f"{plan_path(world)}/submit")

    assert first.status_code == 200, first.content
    assert second.json() == first.json()
    body = first.json()
    assert body["number"] == 1 and body["receipt_number"] == f"2562-2565-{world.klai.code}-1"
    assert body["is_late"] is False and len(body["sha256"]) == 64
    assert PlanVersion.objects.filter(plan=plan).count() == 1

    version = caller.get(f"{plan_path(world)}/versions/1").json()
    assert version["sha256"] == PlanVersion.hash_of(version["snapshot"])
    assert [v["number"] for v in caller.get(f"{plan_path(world)}/versions").json()] == [1]


def test_a_submitted_plan_answers_409_to_changes(world, plan):
    caller = with_token(world.officer)
    caller.post(f"{plan_path(world)}/submit")
    item = PlanItem.objects.filter(plan=plan).first()

    for response in (
        caller.post(f"{plan_path(world)}/items", item_payload()),
        caller.put(f"{plan_path(world)}/items/{item.pk}", item_payload()),
        caller.delete(f"{plan_path(world)}/items/{item.pk}"),
        caller.patch(f"{plan_path(world)}/part1", {"rationale": "x"}),
        caller.patch(f"{plan_path(world)}/self-assessment", {"entries": []}),
    ):
        assert response.status_code == 409
        assert "ส่งแล้ว" in response.json()["detail"]


def test_the_nacc_provincial_office_returns_a_version_and_the_lao_may_not(world, plan):
    with_token(world.officer).post(f"{plan_path(world)}/submit")
    path = f"{plan_path(world)}/versions/1/return"

    refused = with_token(world.officer).post(path, {"reason": "แก้ไขงบประมาณให้ครบทุกปี"})
    assert refused.status_code == 403

    nacc = with_token(world.nacc_provincial)
    assert nacc.post(path, {"reason": "สั้น"}).json()["errors"]["reason"]
    returned = nacc.post(path, {"reason": "แก้ไขงบประมาณให้ครบทุกปี"})
    assert returned.status_code == 200 and returned.json()["status"] == "returned"
    assert nacc.post(path, {"reason": "แก้ไขงบประมาณให้ครบทุกปี"}).status_code == 409
    plan.refresh_from_db()
    assert plan.status == PlanStatus.RETURNED


def test_staff_who_may_see_a_plan_but_not_change_it_get_403(world, plan):
    caller = with_token(world.nacc_provincial)
    assert caller.get(plan_path(world)).json()["can_edit"] is False
    assert caller.post(f"{plan_path(world)}/items", item_payload()).status_code == 403
    assert caller.post(f"{plan_path(world)}/submit").status_code == 403


# --- who is refused ---------------------------------------------------------------------


def test_another_organisations_officer_gets_404_on_the_plan_its_items_and_versions(world, plan):
    with_token(world.officer).post(f"{plan_path(world)}/submit")
    item = PlanItem.objects.filter(plan=plan).first()
    outsider = with_token(world.outsider_officer)

    for response in (
        outsider.get(plan_path(world)),
        outsider.get(f"{plan_path(world)}/items"),
        outsider.get(f"{plan_path(world)}/items/{item.pk}"),
        outsider.put(f"{plan_path(world)}/items/{item.pk}", item_payload()),
        outsider.delete(f"{plan_path(world)}/items/{item.pk}"),
        outsider.get(f"{plan_path(world)}/self-assessment"),
        outsider.post(f"{plan_path(world)}/submit"),
        outsider.get(f"{plan_path(world)}/versions"),
        outsider.get(f"{plan_path(world)}/versions/1"),
        outsider.post(f"{plan_path(world)}/versions/1/return", {"reason": "ไม่ใช่แผนของฉันเลย"}),
        outsider.post("/plans", {"organisation": world.klai.code, "cycle": "2562-2565"}),
    ):
        assert response.status_code == 404
        assert response.json()["detail"]
    assert outsider.get("/plans").json()["items"] == []
    assert PlanItem.objects.filter(pk=item.pk).exists()


def test_another_organisations_officer_cannot_read_a_draft_plan_with_a_token(world, plan):
    """Issue 12: a token of an อปท. officer reads its own draft, never another's (404, as if
    it did not exist), and the list of plans does not show it either."""
    assert plan.status == PlanStatus.DRAFT
    assert with_token(world.officer).get(plan_path(world)).status_code == 200
    outsider = with_token(world.outsider_officer)

    for response in (
        outsider.get(plan_path(world)),
        outsider.get(f"{plan_path(world)}/part1"),
        outsider.get(f"{plan_path(world)}/items"),
        outsider.get(f"{plan_path(world)}/self-assessment"),
    ):
        assert response.status_code == 404
        assert "การทุจริต" not in response.content.decode()
    assert outsider.get("/plans", {"organisation": world.klai.code}).json()["items"] == []


def test_plans_are_listed_by_area_within_my_scope(world, plan, cycles):
    regional = with_token(world.nacc_regional)

    def codes(**params):
        response = regional.get("/plans", params)
        assert response.status_code == 200, response.content
        return [row["organisation"] for row in response.json()["items"]]

    assert codes(region="8") == codes(province="80") == codes(district="8008") == [world.klai.code]
    assert codes(province="81") == codes(district="8001") == []
    assert codes(province="50") == []  # outside the region's scope: nothing, not an error
    for params, field in (({"province": "99"}, "province"), ({"region": "10"}, "region"), ({"cycle": "2599"}, "cycle")):
        refused = regional.get("/plans", params)
        assert refused.status_code == 422 and list(refused.json()["errors"]) == [field]
    mismatched = regional.get("/plans", {"province": "81", "district": "8008"})
    assert mismatched.status_code == 422 and list(mismatched.json()["errors"]) == ["district"]


def test_every_list_answers_its_page_and_page_size_and_bounds_them(world, plan):
    caller = with_token(world.nacc_provincial)

    body = caller.get("/plans", {"page_size": 5}).json()
    assert (body["count"], body["page"], body["page_size"], len(body["items"])) == (1, 1, 5, 1)
    assert caller.get("/plans", {"page": 2}).json()["items"] == []
    assert list(caller.get("/plans", {"page_size": 1001}).json()["errors"]) == ["page_size"]
    assert list(caller.get("/plans", {"page": 10**20}).json()["errors"]) == ["page"]


def test_my_plans_are_listed_within_my_scope(world, plan, cycles):
    response = with_token(world.nacc_provincial).get("/plans", {"cycle": "2562-2565"})
    assert [row["organisation"] for row in response.json()["items"]] == [world.klai.code]
    assert with_token(world.officer).get("/plans", {"organisation": world.krabi.code}).json()["items"] == []


def test_no_credentials_is_401(world, plan):
    anonymous = Caller()
    for response in (
        anonymous.get("/plans"),
        anonymous.get(plan_path(world)),
        anonymous.post(f"{plan_path(world)}/items", item_payload()),
    ):
        assert response.status_code == 401
        assert response.json()["detail"]
        assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_or_unknown_token_is_401_even_with_a_session(world, plan):
    token, key = api_token_create(actor=world.officer)
    api_token_revoke(actor=world.officer, token=token)
    caller = Caller(key)
    caller.client.force_login(world.officer)  # the header alone decides

    assert caller.get(plan_path(world)).status_code == 401
    assert caller.post(f"{plan_path(world)}/items", item_payload()).status_code == 401
    assert Caller("eplan_not-a-real-token").get(plan_path(world)).status_code == 401


def test_the_browser_session_works_but_an_unsafe_request_needs_the_csrf_token(world, plan):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.officer)
    url = f"{API}{plan_path(world)}/items"

    assert browser.get(url).status_code == 200
    refused = browser.post(url, item_payload(), content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert not PlanItem.objects.filter(title=item_payload()["title"]).exists()

    browser.get("/accounts/me/")  # a page sets the CSRF cookie, as in the browser
    csrf = browser.cookies["csrftoken"].value
    accepted = browser.post(url, item_payload(), content_type="application/json", headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 201


def test_the_openapi_document_lists_the_plan_endpoints_and_their_errors(client):
    schema = client.get(f"{API}/openapi.json").json()
    paths = schema["paths"]
    for path in (
        "/api/v1/plans",
        "/api/v1/plans/{organisation}/{cycle}",
        "/api/v1/plans/{organisation}/{cycle}/part1",
        "/api/v1/plans/{organisation}/{cycle}/items",
        "/api/v1/plans/{organisation}/{cycle}/items/{item_id}",
        "/api/v1/plans/{organisation}/{cycle}/items/{item_id}/move",
        "/api/v1/plans/{organisation}/{cycle}/self-assessment",
        "/api/v1/plans/{organisation}/{cycle}/submit",
        "/api/v1/plans/{organisation}/{cycle}/versions",
        "/api/v1/plans/{organisation}/{cycle}/versions/{number}",
        "/api/v1/plans/{organisation}/{cycle}/versions/{number}/return",
    ):
        assert path in paths
    create = paths["/api/v1/plans/{organisation}/{cycle}/items"]["post"]
    assert {"201", "401", "403", "404", "409", "422"} <= set(create["responses"])
    assert {"ApiTokenAuth": []} in create["security"]
    assert schema["components"]["securitySchemes"]["ApiTokenAuth"]["scheme"] == "bearer"


def test_the_interactive_docs_send_the_csrf_token_for_a_logged_in_browser(world):
    browser = Client()
    browser.force_login(world.officer)
    page = browser.get(f"{API}/docs").content.decode()
    assert 'data-api-csrf="true"' in page
