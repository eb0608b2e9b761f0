"""The daily reminders (send_reminders): who is reminded on which day, what the district and
provincial offices are told, and that a day's messages go out once."""

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
from eplan.reporting import services
from eplan.reporting.models import ExpectedOrganisation, Reminder, ReminderKind
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db

KLAI_ADDRESSES = {
    "saraban@klai.example.org",  # the organisation's registered e-mail
    "6800808@example.org",  # its primary account
    "officer.klai@example.org",
    "colleague.klai@example.org",
    "executive.klai@example.org",
}


def run(*args) -> str:
    out = StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def submitted(organisation, officer, round):
    report = services.report_open(actor=officer, round=round, organisation=organisation)
    services.report_save(
        actor=officer, report=report, lines={line.pk: {"status": "done"} for line in report.lines.all()}
    )
    return services.report_submit(actor=officer, report=report)


@pytest.fixture
def seven_days_before(world, cycle):
    """กลาย and ไสไทย (Krabi) passed and must report; ไสไทย has submitted; ท่าซัก has no plan."""
    assessed(world, world.klai, cycle)
    assessed(world, world.krabi, cycle)
    round = open_round(cycle, due_in_days=7)
    submitted(world.krabi, world.outsider_officer, round)
    return round


def test_seven_days_before_the_due_date_only_the_organisation_that_has_not_submitted_is_reminded(
    world, seven_days_before
):
    round = seven_days_before
    output = run()
    reminders = [message for message in mail.outbox if "saraban@klai.example.org" in message.to]
    assert len(reminders) == 1
    reminder = reminders[0]
    assert set(reminder.to) == KLAI_ADDRESSES
    assert reminder.subject == (
        "แจ้งเตือน: รายงานผลการดำเนินงานตามแผนปฏิบัติการป้องกันการทุจริต รอบ 6 เดือน "
        f"ปีงบประมาณ {round.fiscal_year} ครบกำหนดส่งวันที่ {thai_date(round.due_on)}"
    )
    assert f"http://127.0.0.1:8000/reporting/{world.klai.code}/{round.cycle.code}/{round.code}/" in reminder.body
    assert "อีก 7 วัน" in reminder.body
    everyone = {address for message in mail.outbox for address in message.to}
    assert "saraban@saithai.example.org" not in everyone  # ไสไทย submitted
    assert "officer.krabi@example.org" not in everyone
    assert "saraban@thasak.example.org" not in everyone  # ท่าซัก is not expected
    recorded = Reminder.objects.get(round=round, organisation=world.klai)
    assert recorded.kind == ReminderKind.DAYS_7 and set(recorded.addresses) == KLAI_ADDRESSES
    assert "7 วันก่อนกำหนดส่ง 1 ฉบับ" in output


def test_the_district_office_gets_one_digest_naming_the_missing_organisation_and_its_coordinator(
    world, seven_days_before
):
    run()
    digests = [message for message in mail.outbox if message.to == [world.district_office.email]]
    assert len(digests) == 1
    body = digests[0].body
    assert world.klai.full_name in body and "ผู้ประสาน ทดสอบ" in body and "075-000000" in body
    assert world.krabi.full_name not in body
    assert "1 แห่ง" in digests[0].subject
    round = seven_days_before
    assert f"http://127.0.0.1:8000/reporting/follow-up/{round.cycle.code}/{round.code}/" in body
    # Nakhon Si Thammarat's two provincial offices get theirs; Krabi's has nothing missing.
    digest_recipients = {message.to[0] for message in mail.outbox if len(message.to) == 1}
    assert digest_recipients == {
        world.district_office.email,
        world.provincial_dla.email,
        world.nacc_provincial.email,
    }
    assert Reminder.objects.filter(kind=ReminderKind.DIGEST, missing_count=1).count() == 3


def test_running_twice_on_one_day_sends_each_message_once(world, seven_days_before):
    run()
    sent, recorded = len(mail.outbox), Reminder.objects.count()
    assert sent == 4  # กลาย, and the digests of the district office, สถ.จ. and สปจ.
    output = run()
    assert len(mail.outbox) == sent
    assert Reminder.objects.count() == recorded
    assert "ส่งแล้ว: ไม่มี" in output and "ไม่ส่งซ้ำ 4 ฉบับ" in output


@pytest.mark.parametrize(
    ("due_in_days", "kind", "subject_starts"),
    [
        (14, ReminderKind.DAYS_14, "แจ้งเตือน:"),
        (1, ReminderKind.DAYS_1, "แจ้งเตือน:"),
        (-1, ReminderKind.OVERDUE, "เลยกำหนดส่ง:"),
    ],
)
def test_the_reminder_of_each_day_carries_its_kind(world, cycle, due_in_days, kind, subject_starts):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, due_in_days=due_in_days)
    run()
    reminder = Reminder.objects.get(round=round, organisation=world.klai)
    assert reminder.kind == kind
    (message,) = [message for message in mail.outbox if "saraban@klai.example.org" in message.to]
    assert message.subject.startswith(subject_starts)


@pytest.mark.parametrize("due_in_days", [13, 8, 2, 0, -2])
def test_on_any_other_day_nothing_is_sent(world, cycle, due_in_days):
    assessed(world, world.klai, cycle)
    open_round(cycle, due_in_days=due_in_days)
    output = run()
    assert mail.outbox == []
    assert Reminder.objects.count() == 0
    assert "ไม่มีรอบรายงานที่ต้องแจ้งเตือน" in output


def test_the_today_option_picks_the_day(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, due_in_days=30)
    run("--today", (round.due_on - datetime.timedelta(days=14)).isoformat())
    assert Reminder.objects.get(organisation=world.klai).kind == ReminderKind.DAYS_14
    with pytest.raises(CommandError, match=r"ปี พ\.ศ\."):
        run("--today", "2568-04-23")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        run("--today", "23/04/2025")


def test_dry_run_shows_what_would_be_sent_and_sends_and_records_nothing(world, seven_days_before):
    services.freeze_open_rounds(today=timezone.localdate())
    output = run("--dry-run")
    assert world.klai.code in output and "saraban@klai.example.org" in output
    assert world.district_office.username in output
    assert "จะส่ง: 7 วันก่อนกำหนดส่ง 1 ฉบับ" in output
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_an_organisation_taken_off_the_list_is_not_reminded(world, seven_days_before):
    round = seven_days_before
    services.freeze_open_rounds(today=timezone.localdate())
    services.expected_change(
        actor=world.nacc_provincial, round=round, organisation=world.klai, expected=False, reason="ยุบรวมกับ อปท. อื่น"
    )
    run()
    assert mail.outbox == []
    assert Reminder.objects.count() == 0


def test_an_organisation_without_any_address_is_recorded_and_named_in_the_digest(world, cycle):
    # ท่าศาลา has not filled in its basic data and has no accounts.
    assessed(world, world.tha_sala, cycle)
    round = open_round(cycle, due_in_days=7)
    output = run()
    recorded = Reminder.objects.get(round=round, organisation=world.tha_sala)
    assert recorded.addresses == []
    assert not [message for message in mail.outbox if len(message.to) != 1]
    (digest,) = [message for message in mail.outbox if message.to == [world.district_office.email]]
    assert world.tha_sala.full_name in digest.body and "ไม่มีอีเมลในระบบ" in digest.body
    assert "ไม่มีอีเมลในระบบ 1 แห่ง" in output


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("connection lost")


def test_a_message_that_could_not_be_sent_is_not_recorded_and_goes_out_on_the_next_run(
    world, seven_days_before, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.BrokenBackend"
    with pytest.raises(CommandError, match="ส่งไม่สำเร็จ 4 ฉบับ"):
        run()
    assert Reminder.objects.count() == 0
    assert ExpectedOrganisation.objects.filter(round=seven_days_before).count() == 2  # the freeze stays
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    run()
    assert len(mail.outbox) == 4 and Reminder.objects.count() == 4
