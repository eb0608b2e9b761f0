"""The reminders of plan submission sent by send_reminders: who is reminded on which day
(not submitted; returned or found incomplete and not submitted again), what the district
and provincial offices are told, and that each message goes out once."""

import datetime
import smtplib
from io import StringIO

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from eplan.core.thai import thai_date
from eplan.demo.plans import build_demo_plan, ensure_cycles
from eplan.plans import services
from eplan.plans.models import PlanReminder
from eplan.reporting.tests.conftest import assessed

pytestmark = pytest.mark.django_db

Kind = PlanReminder.Kind
KLAI_ADDRESSES = {
    "saraban@klai.example.org",  # the organisation's registered e-mail
    "6800808@example.org",  # its primary account
    "officer.klai@example.org",
    "colleague.klai@example.org",
    "executive.klai@example.org",
}
TODAY = timezone.localdate()


def run(*args, today=TODAY) -> str:
    out = StringIO()
    call_command("send_reminders", "--today", today.isoformat(), *args, stdout=out)
    return out.getvalue()


def to(address):
    return [message for message in mail.outbox if address in message.to]


@pytest.fixture
def cycle(db):
    """2562-2565: plans due in 7 days, results of the plans assessed already released."""
    cycle = ensure_cycles()["2562-2565"]
    cycle.submission_opens = TODAY - datetime.timedelta(days=30)
    cycle.submission_due = TODAY + datetime.timedelta(days=7)
    cycle.submission_closes = TODAY + datetime.timedelta(days=60)
    cycle.score_release_date = TODAY - datetime.timedelta(days=1)
    cycle.save()
    return cycle


@pytest.fixture
def plans(world, cycle):
    """กลาย's plan was returned; ไสไทย's assessed and found incomplete; ช้างเผือก's submitted
    and in assessment; ท่าซัก and ท่าศาลา (no e-mail anywhere) have not submitted."""
    plan = build_demo_plan(organisation=world.klai, cycle=cycle)
    version = services.plan_submit(actor=world.officer, plan=plan)
    services.plan_return(actor=world.nacc_provincial, version=version, reason="ขาดการวิเคราะห์ความเสี่ยง (ทดสอบ)")
    assessed(world, world.krabi, cycle, passed=False)
    build_demo_plan(organisation=world.chiang_mai, cycle=cycle, submitted_by=world.officer)
    return plan


def test_seven_days_before_the_due_date_the_awaited_plans_are_chased_and_the_submitted_one_is_not(world, plans):
    output = run()
    (returned,) = to("saraban@klai.example.org")
    assert set(returned.to) == KLAI_ADDRESSES
    assert returned.subject == (
        "แจ้งเตือน: แผนปฏิบัติการป้องกันการทุจริต รอบแผน 2562-2565 "
        f"ต้องแก้ไขและส่งอีกครั้งภายในวันที่ {thai_date(TODAY + datetime.timedelta(days=7))}"
    )
    assert "ของท่านกลับให้แก้ไข" in returned.body and "ขาดการวิเคราะห์ความเสี่ยง (ทดสอบ)" in returned.body
    assert "อีก 7 วัน" in returned.body
    assert f"http://127.0.0.1:8000/plans/{world.klai.code}/2562-2565/" in returned.body
    (not_submitted,) = to("saraban@thasak.example.org")
    assert not_submitted.subject.startswith("แจ้งเตือน: แผนปฏิบัติการป้องกันการทุจริต รอบแผน 2562-2565 ครบกำหนดส่งวันที่")
    assert "ระบบยังไม่ได้รับ" in not_submitted.body and "http://127.0.0.1:8000/plans/\n" in not_submitted.body
    (incomplete,) = to("saraban@saithai.example.org")
    assert "แผนไม่สมบูรณ์ตามเกณฑ์" in incomplete.body
    assert to("saraban@changphueak.example.org") == []  # submitted, in assessment
    recorded = {r.organisation_id: r for r in PlanReminder.objects.exclude(kind=Kind.DIGEST)}
    assert set(recorded) == {world.klai.pk, world.other_district.pk, world.krabi.pk, world.tha_sala.pk}
    assert recorded[world.klai.pk].kind == Kind.DAYS_7 and recorded[world.klai.pk].status == "returned"
    assert recorded[world.tha_sala.pk].addresses == []  # nothing to send to, recorded all the same
    assert "แจ้งเตือนการส่งแผน ส่งแล้ว: 7 วันก่อนกำหนดส่งแผน 3 ฉบับ" in output
    assert "ไม่มีอีเมลในระบบ 1 แห่ง" in output


def test_running_again_the_same_day_or_later_sends_nothing_twice(world, plans):
    run()
    sent, recorded = len(mail.outbox), PlanReminder.objects.count()
    assert sent == 3 + 4  # three organisations; district office, สถ.จ., สปจ. 80 and สปจ. 81
    output = run()
    assert len(mail.outbox) == sent and PlanReminder.objects.count() == recorded
    assert "แจ้งเตือนการส่งแผน ส่งแล้ว: ไม่มี" in output and "ไม่ส่งซ้ำ 8 ฉบับ" in output
    run(today=TODAY + datetime.timedelta(days=1))  # not a reminder day
    assert len(mail.outbox) == sent


def test_a_returned_plan_submitted_again_is_no_longer_chased(world, plans):
    services.plan_submit(actor=world.officer, plan=plans)
    run()
    assert to("saraban@klai.example.org") == []
    assert not PlanReminder.objects.filter(organisation=world.klai).exists()


def test_the_digests_reach_each_office_with_only_its_area(world, plans):
    run()
    (district,) = to(world.district_office.email)
    assert world.klai.full_name in district.body and world.tha_sala.full_name in district.body
    assert world.other_district.full_name not in district.body  # another district
    assert world.krabi.full_name not in district.body
    assert "ไม่มีอีเมลในระบบ" in district.body  # ท่าศาลา: phone it
    assert "2 แห่ง" in district.subject
    assert "http://127.0.0.1:8000/plans/missing/2562-2565/?status=all" in district.body
    for office in (world.provincial_dla, world.nacc_provincial):
        (digest,) = to(office.email)
        for organisation in (world.klai, world.tha_sala, world.other_district):
            assert organisation.full_name in digest.body
        assert world.krabi.full_name not in digest.body and "3 แห่ง" in digest.subject
        assert "ผู้ประสาน ทดสอบ" in digest.body and "075-000000" in digest.body
    (krabi,) = to(world.nacc_provincial_krabi.email)
    assert world.krabi.full_name in krabi.body and world.klai.full_name not in krabi.body
    assert to(world.nacc_regional.email) == [] and to(world.central.email) == []
    counts = dict(PlanReminder.objects.filter(kind=Kind.DIGEST).values_list("recipient__username", "missing_count"))
    assert counts == {"amphoe.thasala": 2, "sthj.80": 3, "nacc.80": 3, "nacc.81": 1}


@pytest.mark.parametrize(
    ("days_before", "kind", "subject_starts"),
    [
        (14, Kind.DAYS_14, "แจ้งเตือน:"),
        (1, Kind.DAYS_1, "แจ้งเตือน:"),
        (-1, Kind.OVERDUE, "เลยกำหนดส่ง:"),
    ],
)
def test_the_reminder_of_each_day_carries_its_kind(world, cycle, days_before, kind, subject_starts):
    run(today=cycle.submission_due - datetime.timedelta(days=days_before))
    reminder = PlanReminder.objects.get(organisation=world.other_district)
    assert reminder.kind == kind and reminder.status == "not_submitted"
    (message,) = to("saraban@thasak.example.org")
    assert message.subject.startswith(subject_starts)
    if kind == Kind.OVERDUE:
        assert "ส่งหลังกำหนด" in message.body and thai_date(cycle.submission_closes) in message.body


@pytest.mark.parametrize("days_before", [13, 8, 2, 0, -2])
def test_on_any_other_day_nothing_is_sent(world, cycle, days_before):
    output = run(today=cycle.submission_due - datetime.timedelta(days=days_before))
    assert mail.outbox == [] and PlanReminder.objects.count() == 0
    assert "ไม่มีรอบแผนที่ต้องแจ้งเตือนการส่งแผน" in output


def test_dry_run_shows_the_plan_reminders_and_sends_and_records_nothing(world, plans):
    output = run("--dry-run")
    assert world.klai.code in output and "saraban@klai.example.org" in output and "ส่งกลับแก้ไข" in output
    assert world.district_office.username in output
    assert "แจ้งเตือนการส่งแผน จะส่ง: 7 วันก่อนกำหนดส่งแผน 3 ฉบับ" in output
    assert mail.outbox == [] and PlanReminder.objects.count() == 0


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def test_a_message_that_could_not_be_sent_is_not_recorded_and_goes_out_on_the_next_run(world, plans, settings):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with pytest.raises(CommandError, match="ส่งไม่สำเร็จ 7 ฉบับ"):
        run()
    # Only ท่าศาลา's, which had no address to send to, is recorded.
    assert list(PlanReminder.objects.values_list("organisation_id", flat=True)) == [world.tha_sala.pk]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 7 and PlanReminder.objects.count() == 8
