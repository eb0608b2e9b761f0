"""Scoring a submitted version, releasing the result, and the one status of an organisation."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from eplan.assessment import services, status
from eplan.assessment.models import Assessment, Level, PublicStatus, Result
from eplan.assessment.selectors import status_counts
from eplan.assessment.tests.conftest import release
from eplan.core.models import AuditEvent
from eplan.plans import services as plan_services
from eplan.plans.models import PlanStatus
from eplan.registry.models import Organisation

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def full_scores(version, overrides=None):
    scores = {row["id"]: (Decimal(row["max_points"]), "") for row in version.snapshot["criteria"]}
    scores.update(overrides or {})
    return scores


def criterion_for(version, mission):
    return next(row for row in version.snapshot["criteria"] if row["check_params"].get("mission") == mission)


def finalise(actor, version, level=Level.PROVINCIAL, **kwargs):
    assessment = services.assessment_open(actor=actor, version=version, level=level)
    return services.assessment_save(
        actor=actor,
        assessment=assessment,
        scores=kwargs.pop("scores", full_scores(version)),
        judgements=kwargs.pop("judgements", {}),
        finalise=True,
        **kwargs,
    )


def test_a_provincial_assessor_cannot_open_a_submission_of_another_province(world, version):
    assert as_user(world.nacc_provincial_krabi).get(f"/assessment/versions/{version.pk}/").status_code == 404
    assert as_user(world.nacc_provincial).get(f"/assessment/versions/{version.pk}/").status_code == 200
    assert as_user(world.officer).get(f"/assessment/versions/{version.pk}/").status_code == 404
    with pytest.raises(PermissionDenied):
        services.assessment_open(actor=world.nacc_provincial_krabi, version=version)


def test_the_queue_lists_the_provinces_submissions_oldest_first(world, version):
    page = as_user(world.nacc_provincial).get("/assessment/").content.decode()
    assert world.klai.display_name in page
    assert world.klai.display_name not in as_user(world.nacc_provincial_krabi).get("/assessment/").content.decode()
    assert as_user(world.officer).get("/assessment/").status_code == 404


def test_opening_prefills_the_automatic_results(world, version):
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    scores = {s.criterion_id: s.score for s in assessment.scores.all()}
    assert scores[criterion_for(version, "3.2")["id"]] == Decimal("5.00")


def test_a_score_different_from_the_automatic_one_needs_a_comment(world, version):
    criterion = criterion_for(version, "3.2")
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    scores = full_scores(version, {criterion["id"]: (Decimal("2"), "")})
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(actor=world.nacc_provincial, assessment=assessment, scores=scores, judgements={})
    assert f"score_{criterion['id']}" in refused.value.message_dict
    assert "ต้องระบุความเห็น" in refused.value.message_dict[f"score_{criterion['id']}"][0]
    assert assessment.scores.get(criterion_id=criterion["id"]).score == Decimal("5.00")  # unchanged
    scores[criterion["id"]] = (Decimal("2"), "ช่องทางร้องเรียนมีเพียงกล่องรับเรื่อง")
    services.assessment_save(actor=world.nacc_provincial, assessment=assessment, scores=scores, judgements={})
    assert assessment.scores.get(criterion_id=criterion["id"]).score == Decimal("2.00")


def test_the_scoring_page_refuses_and_keeps_the_input(world, version):
    criterion = criterion_for(version, "3.2")
    client = as_user(world.nacc_provincial)
    client.post(f"/assessment/versions/{version.pk}/", {"action": "start"})
    data = {f"score_{row['id']}": row["max_points"] for row in version.snapshot["criteria"]}
    data[f"score_{criterion['id']}"] = "1"
    data["general_comment"] = "ความเห็นที่พิมพ์ไว้"
    response = client.post(f"/assessment/versions/{version.pk}/", {**data, "action": "finalise"})
    assert response.status_code == 422
    body = response.content.decode()
    assert "ต้องระบุความเห็น" in body and "ความเห็นที่พิมพ์ไว้" in body
    assert not Assessment.objects.get(version=version).is_final


def test_finalising_decides_the_result_from_the_total_and_the_pass_mark(world, version):
    criteria = [row for row in version.snapshot["criteria"] if row["dimension"] == 1]
    low = {row["id"]: (Decimal("0"), "ไม่มีหลักฐานการดำเนินงาน") for row in criteria}  # 25 points lost
    assessment = finalise(world.nacc_provincial, version, scores=full_scores(version, low))
    assert assessment.total == Decimal("75.00") and assessment.result == Result.INCOMPLETE
    assert assessment.finalised_by == world.nacc_provincial and assessment.finalised_at
    assert AuditEvent.objects.filter(action="assessment.finalise", organisation_code=world.klai.code).exists()


def test_finalising_needs_every_criterion(world, version):
    manual_missing = full_scores(version)
    first = version.snapshot["criteria"][0]["id"]
    manual_missing[first] = (None, "")
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            actor=world.nacc_provincial, assessment=assessment, scores=manual_missing, judgements={}, finalise=True
        )
    assert f"score_{first}" in refused.value.message_dict
    assessment.refresh_from_db()
    assert not assessment.is_final


def test_the_lao_sees_no_score_before_the_release_date_and_everything_after(world, version):
    criteria = [row for row in version.snapshot["criteria"] if row["dimension"] == 1]
    low = {row["id"]: (Decimal("0"), "ไม่มีหลักฐานการดำเนินงาน") for row in criteria}
    finalise(world.nacc_provincial, version, scores=full_scores(version, low), general_comment="ควรเพิ่มโครงการ")
    cycle = version.plan.cycle
    overview = f"/plans/{world.klai.code}/{cycle.code}/"
    before = as_user(world.officer).get(overview).content.decode()
    assert "อยู่ระหว่างการประเมิน" in before and "ไม่มีหลักฐานการดำเนินงาน" not in before
    assert status.status_of(world.klai, cycle).status == PublicStatus.IN_ASSESSMENT
    release(cycle)
    after = as_user(world.officer).get(overview).content.decode()
    assert "แผนไม่สมบูรณ์ตามเกณฑ์" in after
    assert "75.00" in after and "ไม่มีหลักฐานการดำเนินงาน" in after and "ควรเพิ่มโครงการ" in after
    assert criteria[0]["text"] in after
    assert status.status_of(world.klai, cycle).status == PublicStatus.INCOMPLETE


def test_an_incomplete_plan_is_revised_and_resubmitted(world, version):
    low = {row["id"]: (Decimal("0"), "ขาดหลักฐาน") for row in version.snapshot["criteria"] if row["dimension"] == 2}
    finalise(world.nacc_provincial, version, scores=full_scores(version, low))
    plan = version.plan
    with pytest.raises(ValidationError):  # not released yet
        services.plan_revise_after_result(actor=world.officer, plan=plan)
    release(plan.cycle)
    response = as_user(world.officer).post(f"/assessment/plans/{world.klai.code}/{plan.cycle.code}/revise/")
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.status == PlanStatus.REVISING and plan.is_editable
    assert status.status_of(world.klai, plan.cycle).status == PublicStatus.INCOMPLETE
    second = plan_services.plan_submit(actor=world.officer, plan=plan)
    assert second.number == 2
    assert status.status_of(world.klai, plan.cycle).status == PublicStatus.IN_ASSESSMENT


def test_a_passed_plan_cannot_be_reopened(world, version):
    finalise(world.nacc_provincial, version)
    release(version.plan.cycle)
    with pytest.raises(ValidationError):
        services.plan_revise_after_result(actor=world.officer, plan=version.plan)


def test_the_central_review_is_kept_beside_the_provincial_score_and_counts_when_later(world, version):
    release(version.plan.cycle, days_ago=10)
    finalise(world.nacc_provincial, version)
    assert status.status_of(world.klai, version.plan.cycle).status == PublicStatus.PASSED
    low = {row["id"]: (Decimal("0"), "ทบทวน: ไม่ครบ") for row in version.snapshot["criteria"] if row["dimension"] == 1}
    with pytest.raises(PermissionDenied):
        services.assessment_open(actor=world.nacc_regional, version=version, level=Level.CENTRAL)
    central = finalise(world.central, version, level=Level.CENTRAL, scores=full_scores(version, low))
    assert central.result == Result.INCOMPLETE
    assert set(version.assessments.values_list("level", flat=True)) == {Level.PROVINCIAL, Level.CENTRAL}
    assert status.status_of(world.klai, version.plan.cycle).status == PublicStatus.INCOMPLETE


def test_changing_a_released_final_score_needs_a_reason_and_is_audited(world, version):
    assessment = finalise(world.nacc_provincial, version)
    release(version.plan.cycle)
    criterion = criterion_for(version, "3.2")
    scores = full_scores(version, {criterion["id"]: (Decimal("0"), "พบว่าไม่มีช่องทางจริง")})
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(actor=world.nacc_provincial, assessment=assessment, scores=scores, judgements={})
    assert "change_reason" in refused.value.message_dict
    services.assessment_save(
        actor=world.nacc_provincial,
        assessment=assessment,
        scores=scores,
        judgements={},
        change_reason="ตรวจพบข้อมูลใหม่จากการนิเทศ",
    )
    assessment.refresh_from_db()
    assert assessment.total == Decimal("95.00")
    event = AuditEvent.objects.get(action="assessment.change_after_release")
    assert event.detail["reason"] == "ตรวจพบข้อมูลใหม่จากการนิเทศ"
    assert event.changes["scores"][0][str(criterion["id"])] == "5.00"


def test_an_item_judged_not_to_fit_is_excluded_from_reporting(world, version):
    items = services.snapshot_items(version)
    item_id = next(iter(items))
    assessment = services.assessment_open(actor=world.nacc_provincial, version=version)
    with pytest.raises(ValidationError) as refused:
        services.assessment_save(
            actor=world.nacc_provincial, assessment=assessment, scores={}, judgements={item_id: (False, "")}
        )
    assert f"item_{item_id}" in refused.value.message_dict
    finalise(world.nacc_provincial, version, judgements={item_id: (False, "เป็นงานประจำ ไม่ใช่การป้องกันการทุจริต")})
    assert services.excluded_item_ids(version) == {item_id}


def test_a_returned_version_shows_returned_and_cannot_be_scored(world, version):
    plan_services.plan_return(actor=world.nacc_provincial, version=version, reason="เอกสารไม่ครบถ้วน โปรดแนบ SAR")
    assert status.status_of(world.klai, version.plan.cycle).status == PublicStatus.RETURNED
    with pytest.raises(ValidationError):
        services.assessment_open(actor=world.nacc_provincial, version=version)


def test_statuses_of_the_whole_world(world, version):
    organisations = Organisation.objects.filter(pk__in=[o.pk for o in (world.klai, world.tha_sala, world.krabi)])
    found = status_counts(version.plan.cycle, organisations).total
    assert found == {
        "not_submitted": 2,
        "in_assessment": 1,
        "returned": 0,
        "incomplete": 0,
        "passed": 0,
    }
