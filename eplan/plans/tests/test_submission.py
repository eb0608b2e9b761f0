"""Submitting freezes an immutable, numbered version; the province may return it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from eplan.core.models import AuditEvent
from eplan.demo.plans import build_demo_plan
from eplan.frameworks.models import Mission
from eplan.plans import services
from eplan.plans.models import PlanItem, PlanStatus, PlanVersion, VersionStatus

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def url(world, rest=""):
    return f"/plans/{world.klai.code}/2562-2565/{rest}"


def test_submitting_freezes_a_version_with_a_receipt_and_locks_the_plan(world, plan):
    response = as_user(world.executive).post(url(world, "submit/"), {"confirm": "yes"}, follow=True)
    version = PlanVersion.objects.get(plan=plan)
    assert response.redirect_chain[-1][0] == url(world, "versions/1/")
    body = response.content.decode()
    assert version.receipt_number == f"2562-2565-{world.klai.code}-1" and version.receipt_number in body
    assert version.submitted_by == world.executive and not version.is_late
    assert version.snapshot["item_count"] == 40 and version.snapshot["preassessment"]["passes"]
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED and not plan.is_editable
    assert plan.cycle.__class__.objects.get(pk=plan.cycle_id).is_framework_locked
    assert AuditEvent.objects.filter(action="plans.plan_submit", organisation_code=world.klai.code).exists()
    mission = Mission.objects.get(cycle=plan.cycle, code="1.1.1")
    refused = as_user(world.officer).post(
        url(world, f"items/new/?mission={mission.pk}"), {"mission": mission.pk, "title": "x", "budget_2562": "1"}
    )
    assert refused.status_code == 422 and "ส่งแล้ว" in refused.content.decode()


def test_submitting_needs_the_confirmation(world, plan):
    as_user(world.officer).post(url(world, "submit/"), {})
    assert not PlanVersion.objects.filter(plan=plan).exists()


def test_a_double_click_makes_one_version(world, plan):
    client = as_user(world.officer)
    client.post(url(world, "submit/"), {"confirm": "yes"})
    client.post(url(world, "submit/"), {"confirm": "yes"})
    assert PlanVersion.objects.filter(plan=plan).count() == 1
    assert services.plan_submit(actor=world.officer, plan=plan).number == 1


def test_a_submission_after_the_due_date_is_accepted_and_marked_late(world, plan):
    cycle = plan.cycle
    cycle.submission_due = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    assert services.plan_submit(actor=world.officer, plan=plan).is_late


def test_a_closed_window_refuses_submission(world, plan):
    cycle = plan.cycle
    cycle.submission_opens = timezone.localdate() - datetime.timedelta(days=30)
    cycle.submission_due = timezone.localdate() - datetime.timedelta(days=10)
    cycle.submission_closes = timezone.localdate() - datetime.timedelta(days=1)
    cycle.save()
    with pytest.raises(ValidationError, match="ปิดรับแผนแล้ว"):
        services.plan_submit(actor=world.officer, plan=plan)
    assert not PlanVersion.objects.exists()


def test_staff_cannot_submit_for_an_organisation(world, plan):
    assert as_user(world.nacc_provincial).post(url(world, "submit/"), {"confirm": "yes"}).status_code == 404
    assert not PlanVersion.objects.exists()


def test_a_returned_plan_is_edited_and_resubmitted_as_version_2_with_a_diff(world, plan):
    first = services.plan_submit(actor=world.officer, plan=plan)
    staff = as_user(world.nacc_provincial)
    short = staff.post(url(world, "versions/1/return/"), {"reason": "แก้"})
    assert short.status_code == 422
    staff.post(url(world, "versions/1/return/"), {"reason": "มิติที่ 3 ยังขาดการรายงานผลเรื่องร้องเรียน โปรดเพิ่ม"})
    first.refresh_from_db()
    plan.refresh_from_db()
    assert first.status == VersionStatus.RETURNED and plan.status == PlanStatus.RETURNED
    officer = as_user(world.officer)
    assert "มิติที่ 3 ยังขาดการรายงานผล" in officer.get(url(world)).content.decode()
    item = PlanItem.objects.filter(plan=plan, mission__code="3.2.3").first()
    response = officer.post(
        url(world, f"items/{item.pk}/edit/"),
        {
            "mission": item.mission_id,
            "kind": "activity",
            "title": "รายงานผลเรื่องร้องเรียนทุกไตรมาส",
            "budget_2562": "ไม่ใช้งบประมาณ",
            "budget_2563": "5000",
        },
    )
    assert response.status_code == 302
    officer.post(url(world, "submit/"), {"confirm": "yes"})
    second = PlanVersion.objects.get(plan=plan, number=2)
    assert second.receipt_number.endswith("-2")
    # Version 1 is exactly as it was sent.
    first.refresh_from_db()
    titles = [e["title"] for d in first.snapshot["dimensions"] for m in d["missions"] for e in m["items"]]
    assert "รายงานผลเรื่องร้องเรียนทุกไตรมาส" not in titles
    diff = officer.get(url(world, "versions/2/diff/1/")).content.decode()
    assert "รายงานผลเรื่องร้องเรียนทุกไตรมาส" in diff and "5,000.00" in diff


def test_a_version_never_changes(world, plan):
    version = services.plan_submit(actor=world.officer, plan=plan)
    version.snapshot["item_count"] = 1
    with pytest.raises(ValidationError):
        version.save()


def test_only_nacc_staff_of_the_province_return_a_plan(world, plan):
    services.plan_submit(actor=world.officer, plan=plan)
    reason = {"reason": "เหตุผลที่ยาวพอสำหรับการส่งกลับ"}
    assert as_user(world.nacc_provincial_krabi).post(url(world, "versions/1/return/"), reason).status_code == 404
    assert as_user(world.provincial_dla).post(url(world, "versions/1/return/"), reason).status_code == 404
    assert as_user(world.officer).post(url(world, "versions/1/return/"), reason).status_code == 404
    assert PlanVersion.objects.get(plan=plan).status == VersionStatus.SUBMITTED
    assert as_user(world.outsider_officer).get(url(world, "versions/1/")).status_code == 404


def test_copy_forward_carries_items_whose_missions_exist_and_lists_the_rest(world, cycles):
    old = build_demo_plan(organisation=world.klai, cycle=cycles["2561-2564"])
    Mission.objects.filter(cycle=cycles["2562-2565"], code="4.4.2").delete()
    new, unplaced = services.plan_copy_forward(actor=world.officer, source=old, cycle=cycles["2562-2565"])
    assert new.items.count() == old.items.count()
    assert [item.previous_mission_code for item in unplaced] == ["4.4.2"]
    carried = new.items.get(title=old.items.first().title)
    # 2561 is not a year of 2562-2565: its budget stays behind, the shared years come along.
    assert sorted(carried.budgets.values_list("fiscal_year", flat=True)) == [2562, 2563, 2564]
    page = as_user(world.officer).get(url(world, "items/")).content.decode()
    assert "รายการที่ต้องเลือกภารกิจ" in page and "4.4.2" in page
    with pytest.raises(ValidationError, match="ยังไม่ได้เลือกภารกิจ"):
        services.plan_submit(actor=world.officer, plan=new)


def test_the_audit_trail_shows_a_copy_forward_whatever_keys_its_detail_has(world, cycles):
    old = build_demo_plan(organisation=world.klai, cycle=cycles["2561-2564"])
    services.plan_copy_forward(actor=world.officer, source=old, cycle=cycles["2562-2565"])

    page = as_user(world.central).get("/accounts/audit/?action=plans.plan_copy_forward")

    assert page.status_code == 200
    html = page.content.decode()
    assert f"items: {old.items.count()}" in html and "from: 2561-2564" in html


def test_a_plan_submitted_from_the_english_site_is_frozen_in_thai(world, plan):
    client = as_user(world.officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    client.post(url(world, "submit/"), {"confirm": "yes"})
    snapshot = PlanVersion.objects.get(plan=plan).snapshot
    kinds = {e["kind_label"] for d in snapshot["dimensions"] for m in d["missions"] for e in m["items"]}
    assert kinds <= {"โครงการ", "กิจกรรม", "มาตรการ", "แนวปฏิบัติงาน"}
    assert snapshot["part1"][0]["title"].startswith("การวิเคราะห์ความเสี่ยง")
