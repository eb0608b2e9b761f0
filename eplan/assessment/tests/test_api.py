"""The assessment through the REST API: anyone reads every organisation's status and the
published announcements; NACC offices score the submissions in their scope with the same
rules as the scoring page; only the central office publishes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from eplan.accounts.services import api_token_create
from eplan.assessment.models import Announcement, Assessment, AssessmentState, Level
from eplan.assessment.services import snapshot_items
from eplan.assessment.tests.conftest import release
from eplan.plans import services as plan_services
from eplan.plans.models import Plan, PlanVersion
from eplan.plans.tests.test_api import API, Caller
from eplan.testing import make_organisation

pytestmark = pytest.mark.django_db

CYCLE = "2562-2565"


def with_token(user):
    _token, key = api_token_create(actor=user, name="สคริปต์ทดสอบ")
    return Caller(key)


def statuses(response) -> dict[str, str]:
    assert response.status_code == 200, response.content
    return {row["code"]: row["status"] for row in response.json()["items"]}


def criterion_for(version, mission):
    return next(row for row in version.snapshot["criteria"] if row["check_params"].get("mission") == mission)


def full_scores(version, **overrides):
    """Every criterion at its maximum (the demo plan meets them all), as the API takes them."""
    scores = {str(row["id"]): {"score": row["max_points"], "comment": ""} for row in version.snapshot["criteria"]}
    scores.update(overrides)
    return scores


def first_item(version):
    return next(iter(snapshot_items(version)))


def score_path(version, level="provincial"):
    return f"/assessment/versions/{version.pk}/{level}"


def finalise(user, version, level="provincial"):
    response = with_token(user).put(score_path(version, level), {"scores": full_scores(version), "finalise": True})
    assert response.status_code == 200, response.content
    return response.json()


def submitted_without_content(organisation, cycle, user):
    """A submitted version whose content does not matter (only its status is read)."""
    plan = Plan.objects.create(organisation=organisation, cycle=cycle)
    return PlanVersion.objects.create(
        plan=plan,
        number=1,
        receipt_number=f"{cycle.code}-{organisation.code}-1",
        submitted_at=timezone.now(),
        submitted_by=user,
        snapshot={},
    )


# --- public status ---------------------------------------------------------------------------


def test_anyone_reads_every_active_organisations_status_keyed_by_code(world, version):
    closed = make_organisation("6800899", "ปิดแล้ว", "8008", active=False)

    found = statuses(Caller().get("/status", {"cycle": CYCLE, "province": "80"}))

    assert found == {
        world.klai.code: "in_assessment",
        world.tha_sala.code: "not_submitted",
        world.other_district.code: "not_submitted",
    }
    assert closed.code not in found
    row = next(row for row in Caller().get("/status", {"cycle": CYCLE}).json()["items"] if row["code"] == "6800808")
    assert row == {
        "code": "6800808",
        "name": "กลาย",
        "display_name": "อบต.กลาย",
        "org_type": "subdistrict_admin_org",
        "province_code": "80",
        "district_code": "8008",
        "status": "in_assessment",
        "status_label": "อยู่ระหว่างการประเมิน",
    }


def test_an_assessed_plan_is_in_assessment_until_the_release_date_then_passed(world, version, cycles):
    finalise(world.nacc_provincial, version)
    assert statuses(Caller().get("/status", {"cycle": CYCLE}))[world.klai.code] == "in_assessment"

    release(cycles[CYCLE])

    assert statuses(Caller().get("/status", {"cycle": CYCLE}))[world.klai.code] == "passed"
    summary = Caller().get("/status/summary", {"cycle": CYCLE}).json()
    assert summary["released"] is True
    assert summary["counts"] == {
        "not_submitted": 4,
        "in_assessment": 0,
        "returned": 0,
        "incomplete": 0,
        "passed": 1,
    }
    assert summary["labels"]["passed"] == "ผ่านเกณฑ์มาตรฐาน"


def test_the_status_list_filters_by_district_type_and_status(world, version):
    def codes(**params):
        return set(statuses(Caller().get("/status", {"cycle": CYCLE, **params})))

    assert codes(status="in_assessment") == {world.klai.code}
    assert codes(status="not_submitted", province="80") == {world.tha_sala.code, world.other_district.code}
    assert codes(district="8008") == {world.klai.code, world.tha_sala.code}
    assert codes(org_type="subdistrict_municipality") == {world.tha_sala.code}
    assert codes(region="8") == {world.klai.code, world.tha_sala.code, world.other_district.code, world.krabi.code}
    assert codes(region="5") == {world.chiang_mai.code}
    refused = Caller().get("/status", {"cycle": CYCLE, "region": "10"})
    assert refused.status_code == 422 and refused.json()["errors"] == {"region": ["ไม่พบภาครหัส 10"]}


def test_the_queue_is_filtered_by_area(world, version):
    regional = with_token(world.nacc_regional)

    def organisations(**params):
        return [row["organisation"] for row in regional.get("/assessment/queue", params).json()["items"]]

    assert organisations(province="80") == organisations(region="8") == [world.klai.code]
    assert organisations(province="81") == organisations(district="8001") == []
    assert list(regional.get("/assessment/queue", {"province": "99"}).json()["errors"]) == ["province"]


def test_bad_status_filters_are_named_in_thai(world, cycles):
    response = Caller().get("/status", {"cycle": "2599-2602", "province": "80"})
    assert response.status_code == 422
    assert "2599-2602" in response.json()["errors"]["cycle"][0]

    response = Caller().get("/status", {"cycle": CYCLE, "status": "great"})
    assert response.status_code == 422
    assert "status" in response.json()["errors"]

    assert Caller().get("/status").json()["errors"]["cycle"] == ["จำเป็นต้องระบุ"]
    assert "province" in Caller().get("/status/summary", {"cycle": CYCLE, "province": "99"}).json()["errors"]


def test_the_status_list_reads_the_same_number_of_queries_for_many_organisations(world, cycles, version):
    cycle = cycles[CYCLE]

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert Caller().get("/status", {"cycle": CYCLE}).status_code == 200
        return len(captured)

    # The first request of a rate-limit window also clears the ended windows: each figure
    # is the fewest of two requests, so a window that ends while the test runs (it takes
    # seconds) does not count as a query the list makes.
    few = min(queries(), queries())
    for number in range(30):
        organisation = make_organisation(f"68008{number + 10:02d}", f"ทดสอบ{number}", "8008")
        if number % 2:
            submitted_without_content(organisation, cycle, world.officer)
    assert min(queries(), queries()) == few


def test_the_summary_counts_by_province_or_by_district_within_a_province(world, version):
    country = Caller().get("/status/summary", {"cycle": CYCLE}).json()
    by_province = {group["code"]: group for group in country["groups"]}
    assert set(by_province) == {"50", "80", "81"}
    assert by_province["80"]["name"] == "นครศรีธรรมราช"
    assert by_province["80"]["counts"]["in_assessment"] == 1
    assert by_province["80"]["total"] == 3
    assert country["total"] == 5

    province = Caller().get("/status/summary", {"cycle": CYCLE, "province": "80"}).json()
    assert province["province"] == "80"
    assert {group["code"]: group["total"] for group in province["groups"]} == {"8001": 1, "8008": 2}
    assert province["counts"]["in_assessment"] == 1
    assert province["counts"]["not_submitted"] == 2


# --- announcements -------------------------------------------------------------------------


def test_only_the_central_office_publishes_an_announcement(world, version):
    for user in (world.nacc_provincial, world.nacc_regional, world.officer):
        assert with_token(user).post(f"/announcements/{CYCLE}", {}).status_code == 403
    assert Caller().post(f"/announcements/{CYCLE}", {}).status_code == 401
    assert not Announcement.objects.exists()
    assert with_token(world.central).post("/announcements/2599-2602", {}).status_code == 404

    response = with_token(world.central).post(f"/announcements/{CYCLE}", {"note": "ประกาศทดสอบ"})

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["number"] == 1 and body["cycle"] == CYCLE and body["note"] == "ประกาศทดสอบ"
    assert body["counts"]["in_assessment"] == 1 and body["counts"]["not_submitted"] == 4
    assert body["total"] == 5


def test_anyone_reads_a_published_announcement_and_its_entries_keyed_by_code(world, version):
    with_token(world.central).post(f"/announcements/{CYCLE}", {})
    world.klai.name = "กลายใหม่"
    world.klai.save()

    listed = Caller().get("/announcements", {"cycle": CYCLE}).json()
    assert [(a["cycle"], a["number"]) for a in listed["items"]] == [(CYCLE, 1)]
    assert (listed["count"], listed["page"]) == (1, 1)
    header = Caller().get(f"/announcements/{CYCLE}/1").json()
    assert header["counts"]["in_assessment"] == 1
    assert {p["code"]: p["total"] for p in header["provinces"]} == {"50": 1, "80": 3, "81": 1}
    entries = Caller().get(f"/announcements/{CYCLE}/1/entries", {"province": "80"}).json()
    assert entries["count"] == 3
    by_code = {entry["code"]: entry for entry in entries["items"]}
    assert by_code[world.klai.code]["status"] == "in_assessment"
    assert by_code[world.klai.code]["display_name"] == "อบต.กลาย"  # as it was on the day
    assert by_code[world.tha_sala.code]["status_label"] == "ยังไม่จัดส่งแผน"
    assert Caller().get(f"/announcements/{CYCLE}/2").status_code == 404
    assert Caller().get(f"/announcements/{CYCLE}/2/entries").status_code == 404


# --- the queue and a version ------------------------------------------------------------------


def test_the_queue_lists_the_submissions_in_my_province(world, version):
    rows = with_token(world.nacc_provincial).get("/assessment/queue", {"cycle": CYCLE}).json()["items"]
    assert [(row["organisation"], row["version"], row["provincial_state"]) for row in rows] == [
        (world.klai.code, version.pk, "todo")
    ]
    assert with_token(world.nacc_provincial_krabi).get("/assessment/queue").json()["items"] == []
    assert with_token(world.nacc_provincial).get("/assessment/queue", {"state": "final"}).json()["items"] == []
    assert with_token(world.officer).get("/assessment/queue").status_code == 404
    assert Caller().get("/assessment/queue").status_code == 401


def test_an_assessor_reads_the_version_with_its_automatic_results_and_score_sets(world, version):
    finalise(world.nacc_provincial, version)

    body = with_token(world.nacc_provincial).get(f"/assessment/versions/{version.pk}").json()

    assert body["organisation"] == world.klai.code and body["number"] == 1
    criterion = next(row for row in body["criteria"] if row["id"] == criterion_for(version, "3.2")["id"])
    assert criterion["automatic"] is True and criterion["automatic_score"] == "5.00"
    assert criterion["self_score"] == "5.00"
    assert len(body["items"]) == 40
    provincial = body["score_sets"]["provincial"]
    assert provincial["state"] == "final" and provincial["result"] == "passed"
    assert body["counting"] == {
        "assessment": provincial["id"],
        "level": "provincial",
        "total": "100.00",
        "result": "passed",
    }
    assert body["can_assess"] == {"provincial": True, "central": False}


def test_a_provincial_assessor_of_another_province_gets_404(world, version):
    outsider = with_token(world.nacc_provincial_krabi)
    assert outsider.get(f"/assessment/versions/{version.pk}").status_code == 404
    assert outsider.put(score_path(version), {"scores": full_scores(version)}).status_code == 404
    assert with_token(world.officer).get(f"/assessment/versions/{version.pk}").status_code == 404
    assert with_token(world.nacc_provincial).get("/assessment/versions/999999").status_code == 404
    assert not Assessment.objects.exists()


# --- scoring --------------------------------------------------------------------------------


def test_a_score_unlike_the_automatic_result_needs_a_comment_naming_the_criterion(world, version):
    criterion = str(criterion_for(version, "3.2")["id"])
    assessor = with_token(world.nacc_provincial)

    response = assessor.put(score_path(version), {"scores": {criterion: {"score": 2, "comment": ""}}})

    assert response.status_code == 422
    assert list(response.json()["errors"]) == [f"scores.{criterion}"]
    assert "ผลตรวจอัตโนมัติ" in response.json()["errors"][f"scores.{criterion}"][0]
    assert not Assessment.objects.exists()  # a refused save leaves no score set behind

    response = assessor.put(
        score_path(version), {"scores": {criterion: {"score": "2", "comment": "ช่องทางร้องเรียนยังไม่เปิดใช้จริง"}}}
    )
    assert response.status_code == 200, response.content
    saved = {row["criterion"]: row for row in response.json()["scores"]}
    assert saved[int(criterion)]["score"] == "2.00"
    assert response.json()["state"] == "draft"


def test_bad_scores_and_unknown_ids_are_named(world, version):
    criterion = str(criterion_for(version, "3.2")["id"])
    item = first_item(version)

    response = with_token(world.nacc_provincial).put(
        score_path(version),
        {
            "scores": {criterion: {"score": "มาก"}, "999999": {"score": 1}},
            "judgements": {str(item): {"fits": False, "reason": ""}, "888888": {"fits": True}},
        },
    )

    assert response.status_code == 422
    assert set(response.json()["errors"]) == {f"scores.{criterion}", "scores.999999", "judgements.888888"}

    response = with_token(world.nacc_provincial).put(
        score_path(version), {"judgements": {str(item): {"fits": False, "reason": " "}}}
    )
    assert list(response.json()["errors"]) == [f"judgements.{item}"]


def test_finalising_decides_the_result(world, version):
    item = first_item(version)

    body = finalise(world.nacc_provincial, version)

    assert body["state"] == "final" and body["result"] == "passed"
    assert body["total"] == "100.00" and body["pass_mark"] == "80.00"
    assert body["assessor"] == world.nacc_provincial.username

    response = with_token(world.nacc_provincial).put(
        score_path(version),
        {
            "scores": {str(criterion_for(version, "3.2")["id"]): {"score": None}},
            "judgements": {str(item): {"fits": False, "reason": "เป็นงานประจำ ไม่ใช่การป้องกันการทุจริต"}},
        },
    )
    assert response.status_code == 422  # a final set keeps every criterion scored
    assessment = Assessment.objects.get()
    assert assessment.state == AssessmentState.FINAL and not assessment.judgements.filter(fits=False).exists()


def test_only_the_central_office_reviews_at_the_central_level(world, version):
    finalise(world.nacc_provincial, version)
    response = with_token(world.nacc_provincial).put(score_path(version, "central"), {"scores": {}})
    assert response.status_code == 403
    assert with_token(world.nacc_provincial).put(score_path(version, "district"), {}).status_code == 422

    body = with_token(world.central).put(score_path(version, "central"), {"general_comment": "ทบทวนแล้ว"}).json()

    assert body["level"] == "central" and body["state"] == "draft"
    assert body["general_comment"] == "ทบทวนแล้ว"
    assert len(body["scores"]) == len(version.snapshot["criteria"])  # started from the provincial scores
    assert Assessment.objects.filter(version=version, level=Level.CENTRAL).exists()


def test_a_returned_version_answers_409(world, version):
    plan_services.plan_return(actor=world.nacc_provincial, version=version, reason="ขาดการวิเคราะห์ความเสี่ยง")

    response = with_token(world.nacc_provincial).put(score_path(version), {"scores": full_scores(version)})

    assert response.status_code == 409
    assert response.json()["detail"]


def test_changing_a_released_result_needs_a_reason(world, version, cycles):
    finalise(world.nacc_provincial, version)
    release(cycles[CYCLE])
    criterion = str(criterion_for(version, "3.2")["id"])
    change = {"scores": {criterion: {"score": "0", "comment": "ตรวจพบว่าไม่มีช่องทางร้องเรียนจริง"}}}

    response = with_token(world.nacc_provincial).put(score_path(version), change)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["change_reason"]

    response = with_token(world.nacc_provincial).put(
        score_path(version), {**change, "change_reason": "ผลการตรวจสอบข้อเท็จจริงภายหลังประกาศ"}
    )
    assert response.json()["total"] == "95.00"
    assert statuses(Caller().get("/status", {"cycle": CYCLE}))[world.klai.code] == "passed"


def test_the_openapi_document_lists_the_assessment_endpoints(client):
    paths = client.get(f"{API}/openapi.json").json()["paths"]
    for path, method in (
        ("/status", "get"),
        ("/status/summary", "get"),
        ("/announcements", "get"),
        ("/announcements/{cycle}/{number}", "get"),
        ("/announcements/{cycle}/{number}/entries", "get"),
        ("/announcements/{cycle}", "post"),
        ("/assessment/queue", "get"),
        ("/assessment/versions/{version_id}", "get"),
        ("/assessment/versions/{version_id}/{level}", "put"),
    ):
        assert method in paths[f"{API}{path}"], path
    assert "security" not in paths[f"{API}/status"]["get"]
    assert paths[f"{API}/assessment/queue"]["get"]["security"]
    assert {"401", "403", "404", "409", "422"} <= set(
        paths[f"{API}/assessment/versions/{{version_id}}/{{level}}"]["put"]["responses"]
    )
