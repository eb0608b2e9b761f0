"""Notifications: the staff of an อปท. are told once of what happened to their plan and
reports, under the bell and by e-mail unless they turned it off; nobody sees another's."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from eplan.notifications import services
from eplan.notifications.models import EmailState, Kind, Notification
from eplan.plans import services as plan_services
from eplan.reporting import services as reporting_services
from eplan.reporting.tests.conftest import assessed, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(db):
    from eplan.demo.plans import ensure_cycles

    cycle = ensure_cycles()["2562-2565"]
    cycle.score_release_date = timezone.localdate() - datetime.timedelta(days=30)
    cycle.save(update_fields=["score_release_date"])
    return cycle


def _submitted(world, cycle):
    from eplan.demo.plans import build_demo_plan

    return build_demo_plan(organisation=world.klai, cycle=cycle, submitted_by=world.officer).versions.get()


def _klai_staff(world):
    return {world.officer.pk, world.colleague.pk, world.executive.pk, world.primary.pk}


def test_a_returned_plan_tells_the_staff_of_its_organisation_once_under_the_bell_and_by_email(
    world, cycle, django_capture_on_commit_callbacks
):
    version = _submitted(world, cycle)
    with django_capture_on_commit_callbacks(execute=True):
        plan_services.plan_return(actor=world.nacc_provincial, version=version, reason="ขาดการวิเคราะห์ความเสี่ยง")
    told = Notification.objects.filter(kind=Kind.PLAN_RETURNED)
    assert set(told.values_list("recipient_id", flat=True)) == _klai_staff(world)
    notification = told.get(recipient=world.officer)
    assert "ถูกส่งกลับให้แก้ไข" in notification.title and "ขาดการวิเคราะห์ความเสี่ยง" in notification.body
    assert notification.url == f"/plans/{world.klai.code}/{cycle.code}/"
    # The queue (immediate in tests) sent each one e-mail; running the sending again sends nothing.
    assert sorted(message.to[0] for message in mail.outbox) == sorted(set(told.values_list("email_to", flat=True)))
    assert len(mail.outbox) == 4
    assert services.send_pending_emails() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 4
    assert "ขาดการวิเคราะห์ความเสี่ยง" in mail.outbox[0].body
    # Nobody of another organisation or office is told.
    assert not Notification.objects.exclude(recipient_id__in=_klai_staff(world)).exists()


def test_telling_the_same_event_twice_makes_no_second_notification_or_email(world):
    with transaction.atomic():
        first = services.notify(kind="circular_new", recipients=[world.officer], title="ก", url="/", key="circular:1")
        again = services.notify(kind="circular_new", recipients=[world.officer], title="ก", url="/", key="circular:1")
    assert (first, again) == (1, 0)
    assert services.send_pending_emails() == {"sent": 1, "failed": 0}
    assert services.send_pending_emails() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_email_turned_off_for_a_kind_still_shows_under_the_bell(world, cycle):
    services.email_preferences_update(user=world.officer, choices={Kind.PLAN_RETURNED: False})
    version = _submitted(world, cycle)
    plan_services.plan_return(actor=world.nacc_provincial, version=version, reason="ขาดการวิเคราะห์ความเสี่ยง")
    mine = Notification.objects.get(recipient=world.officer, kind=Kind.PLAN_RETURNED)
    assert mine.email_state == EmailState.NONE
    assert (
        Notification.objects.get(recipient=world.executive, kind=Kind.PLAN_RETURNED).email_state == EmailState.PENDING
    )
    services.send_pending_emails()
    assert world.officer.email not in [message.to[0] for message in mail.outbox]


def test_a_failed_email_is_tried_again_by_the_next_run_and_then_sent_once(world, monkeypatch):
    with transaction.atomic():
        services.notify(kind="circular_new", recipients=[world.officer], title="ก", url="/", key="circular:2")

    def down(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    assert services.send_pending_emails() == {"sent": 0, "failed": 1}
    monkeypatch.undo()
    assert services.send_pending_emails() == {"sent": 1, "failed": 0}
    assert services.send_pending_emails() == {"sent": 0, "failed": 0}
    assert len(mail.outbox) == 1


def test_a_reopened_report_and_an_extension_tell_the_organisation(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle)
    report = reporting_services.report_open(actor=world.officer, round=round, organisation=world.klai)
    lines = {str(line.pk): {"status": "done"} for line in report.lines.all()}
    reporting_services.report_save(actor=world.officer, report=report, lines=lines)
    reporting_services.report_submit(actor=world.officer, report=report)
    reporting_services.report_reopen(actor=world.nacc_provincial, report=report, reason="ข้อมูลงบประมาณผิด")
    reopened = Notification.objects.get(recipient=world.officer, kind=Kind.REPORT_REOPENED)
    assert "ข้อมูลงบประมาณผิด" in reopened.body
    assert reopened.url == f"/reporting/{world.klai.code}/{cycle.code}/{round.code}/"
    reporting_services.extension_grant(
        actor=world.nacc_provincial,
        round=round,
        organisation=world.klai,
        until=round.closes_on + datetime.timedelta(days=5),
        reason="น้ำท่วมสำนักงาน",
    )
    extension = Notification.objects.get(recipient=world.officer, kind=Kind.EXTENSION_GRANTED)
    assert "ขยายเวลา" in extension.title
    assert not Notification.objects.filter(recipient=world.outsider_officer).exists()


def test_the_daily_run_tells_a_released_result_and_an_opened_round_once(world, cycle):
    version = assessed(world, world.klai, cycle)
    cycle.score_release_date = timezone.localdate()
    cycle.save(update_fields=["score_release_date"])
    open_round(cycle)  # opened 20 days ago: too old to tell
    call_command("send_reminders", stdout=io.StringIO())
    call_command("send_reminders", stdout=io.StringIO())
    released = Notification.objects.filter(kind=Kind.RESULT_RELEASED)
    assert set(released.values_list("recipient_id", flat=True)) == _klai_staff(world)
    assert "ผ่านเกณฑ์มาตรฐาน" in released.get(recipient=world.officer).title
    assert version.plan.organisation == world.klai
    assert not Notification.objects.filter(kind=Kind.ROUND_OPENED).exists()


def test_a_round_opening_today_is_told_to_those_who_must_report(world, cycle):
    assessed(world, world.klai, cycle)
    round = open_round(cycle, freeze=False)
    round.opens_on = timezone.localdate()
    round.save(update_fields=["opens_on"])
    call_command("send_reminders", stdout=io.StringIO())
    opened = Notification.objects.filter(kind=Kind.ROUND_OPENED)
    assert set(opened.values_list("recipient_id", flat=True)) == _klai_staff(world)
    assert "กำหนดส่ง" in opened.first().title


# --- pages and API ------------------------------------------------------------------------


def _tell(user, key="circular:9", url="/plans/"):
    with transaction.atomic():
        services.notify(kind="circular_new", recipients=[user], title="หนังสือเวียนเรื่องทดสอบ", url=url, key=key)
    return Notification.objects.get(recipient=user, key=key)


def test_the_bell_shows_the_unread_count_on_every_page_and_opening_marks_read(world):
    notification = _tell(world.officer)
    client = Client()
    client.force_login(world.officer)
    page = client.get("/").content.decode()
    assert 'class="bell-count">1<' in page
    listing = client.get("/notifications/").content.decode()
    assert "หนังสือเวียนเรื่องทดสอบ" in listing
    assert client.get(f"/notifications/{notification.pk}/open").status_code == 405
    opened = client.post(f"/notifications/{notification.pk}/open")
    assert opened.status_code == 302 and opened["Location"] == "/plans/"
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="bell-count"' not in client.get("/").content.decode()


def test_a_notification_that_points_elsewhere_opens_the_list_instead(world):
    notification = _tell(world.officer, url="https://evil.example/")
    client = Client()
    client.force_login(world.officer)
    assert client.post(f"/notifications/{notification.pk}/open")["Location"] == "/notifications/"


def test_nobody_opens_or_lists_anothers_notifications(world):
    notification = _tell(world.officer)
    client = Client()
    client.force_login(world.colleague)
    assert client.post(f"/notifications/{notification.pk}/open").status_code == 404
    assert "หนังสือเวียนเรื่องทดสอบ" not in client.get("/notifications/").content.decode()
    assert client.post(f"/api/v1/me/notifications/{notification.pk}/read").status_code == 404
    assert client.get("/api/v1/me/notifications").json() == {"unread": 0, "notifications": []}
    notification.refresh_from_db()
    assert notification.read_at is None


def test_the_api_lists_and_marks_read(world):
    first = _tell(world.officer, key="circular:1")
    _tell(world.officer, key="circular:2")
    client = Client()
    client.force_login(world.officer)
    listing = client.get("/api/v1/me/notifications").json()
    assert listing["unread"] == 2 and [row["kind"] for row in listing["notifications"]] == ["circular_new"] * 2
    assert listing["notifications"][0]["kind_label"] == "หนังสือเวียนใหม่"
    read = client.post(f"/api/v1/me/notifications/{first.pk}/read").json()
    assert read["read_at"] is not None
    assert client.get("/api/v1/me/notifications?unread=true").json()["unread"] == 1
    assert client.post("/api/v1/me/notifications/read-all").json() == {"marked": 1}
    assert client.get("/api/v1/me/notifications?unread=true").json()["notifications"] == []
    assert client.get("/api/v1/me/notifications?before=abc").status_code == 422


def test_email_choices_per_kind_are_saved_and_audited(world):
    client = Client()
    client.force_login(world.officer)
    page = client.get("/notifications/preferences").content.decode()
    assert "หนังสือเวียนใหม่" in page and world.officer.email in page
    on = {kind: "on" for kind in Kind.values if kind != Kind.CIRCULAR_NEW}
    assert client.post("/notifications/preferences", on).status_code == 302
    assert services.email_choices(world.officer)[Kind.CIRCULAR_NEW] is False
    assert services.email_choices(world.officer)[Kind.PLAN_RETURNED] is True
    from eplan.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="notifications.email_preferences_update", actor=world.officer).count() == 1
    assert client.put("/notifications/preferences").status_code == 405


def test_telling_many_organisations_costs_the_same_queries_for_10_and_60(world):
    """A national circular tells every อปท.'s staff: the cost must not grow with them (the
    primary accounts without an address of their own are mailed at their organisation's)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from eplan.accounts.models import User
    from eplan.testing import complete_profile, make_organisation

    def cost(count, start):
        organisations = []
        for number in range(start, start + count):
            organisation = make_organisation(f"69{number:05d}", f"ทดสอบ{number}", "8008")
            complete_profile(organisation, email=f"saraban{number}@example.org")
            User.objects.create_user(username=organisation.code, primary_organisation=organisation)
            organisations.append(organisation)
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            told = services.notify(
                kind="circular_new",
                recipients=services.lao_users([o.pk for o in organisations]),
                title="ทดสอบ",
                url="/",
                key=f"scale:{start}",
            )
        assert told == count
        return len(queries)

    assert cost(10, 100) == cost(60, 200)
    mailed = Notification.objects.filter(key="scale:200").values_list("email_to", flat=True)
    assert set(mailed) == {f"saraban{number}@example.org" for number in range(200, 260)}
