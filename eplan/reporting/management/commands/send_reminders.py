"""python manage.py send_reminders: the daily reminders of implementation reporting
(แจ้งเตือนการส่งรายงานผลการดำเนินงาน).

14, 7 and 1 days before a round's due date, and the day after it, every expected
organisation that has not submitted gets one e-mail, and every district office, สถ.จ. and
สปจ. one digest of the organisations still missing in its area. Each message is recorded in
Reminder in the transaction that sends it, so a second run on the same day sends nothing
again, and a message whose sending fails is not recorded and is tried again by the next run.

The same days before and after a cycle's plan submission due date, every organisation whose
plan is still awaited (not submitted, or returned or found incomplete and not submitted
again) gets one e-mail, and the same offices one digest (eplan.plans.reminders, recorded in
PlanReminder).

Each run also tells, once, the results released and the rounds opened within the last week
(eplan.notifications.events.dated): under the bell, and by e-mail through the task queue.
"""

import logging
import smtplib

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from eplan.core import request_context
from eplan.core.thai import thai_date
from eplan.notifications import events as notification_events
from eplan.plans import reminders as plan_reminders
from eplan.plans.models import PlanReminder
from eplan.reporting import services
from eplan.reporting.management.days import TODAY_HELP, parse_today
from eplan.reporting.models import ReminderKind, Round
from eplan.reporting.reminders import Message, Outcome, deliver, due_rounds, messages_for

logger = logging.getLogger("eplan.reporting.reminders")


class Command(BaseCommand):
    help = (
        "ส่งอีเมลแจ้งเตือน อปท. ที่ยังไม่ส่งรายงานผลการดำเนินงาน และ อปท. ที่ยังไม่ส่งแผน (หรือต้องแก้ไขแผนและส่งอีกครั้ง) "
        "(14, 7, 1 วันก่อนกำหนดส่ง และ 1 วันหลังกำหนดส่ง) และสรุปรายชื่อถึงอำเภอ สถ.จ. และ สปจ. "
        "รันวันละครั้งจากเครื่องเดียว รันซ้ำในวันเดียวกันจะไม่ส่งซ้ำ"
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help=TODAY_HELP)
        parser.add_argument("--dry-run", action="store_true", help="แสดงว่าจะส่งอะไรถึงใคร โดยไม่ส่งและไม่บันทึก")

    def handle(self, *args, today=None, dry_run=False, **options):
        today = parse_today(today)
        with translation.override(settings.LANGUAGE_CODE), request_context.command_context("send_reminders"):
            if not dry_run:
                services.freeze_open_rounds(today=today)
            self.stdout.write(_("วันที่ %(date)s") % {"date": thai_date(today)})
            if not dry_run:
                told = notification_events.dated(today)
                self.stdout.write(
                    _("แจ้งเตือนผลการประเมินที่ประกาศ %(results)s รายการ และการเปิดรอบรายงาน %(rounds)s รายการ") % told
                )
            rounds, cycles = due_rounds(today), plan_reminders.due_cycles(today)
            if not rounds:
                self.stdout.write(_("วันนี้ไม่มีรอบรายงานที่ต้องแจ้งเตือน"))
            if not cycles:
                self.stdout.write(_("วันนี้ไม่มีรอบแผนที่ต้องแจ้งเตือนการส่งแผน"))
            if not rounds and not cycles:
                return
            outcome, plan_outcome = Outcome(), Outcome()
            if dry_run:
                self._show(rounds, today, outcome)
                self._show_plans(cycles, today, plan_outcome)
            else:
                self._send(rounds, cycles, today, outcome, plan_outcome)
            if rounds:
                self._summary(outcome, dry_run)
            if cycles:
                self._summary(plan_outcome, dry_run, plans=True)
        failed = outcome.failed + plan_outcome.failed
        if failed:
            raise CommandError(
                _("ส่งไม่สำเร็จ %(count)s ฉบับ (ดูบันทึกข้อผิดพลาด) รันคำสั่งอีกครั้งในวันนี้เพื่อส่งเฉพาะฉบับที่ค้าง") % {"count": failed}
            )

    def _plan_heading(self, cycle, kind: str):
        self.stdout.write(
            _("แผน %(cycle)s กำหนดส่งแผน %(due)s: %(kind)s")
            % {"cycle": cycle.code, "due": thai_date(cycle.submission_due), "kind": PlanReminder.Kind(kind).label}
        )

    def _show_plans(self, cycles, today, outcome: Outcome):
        for cycle, kind in cycles:
            self._plan_heading(cycle, kind)
            for message in plan_reminders.messages_for(cycle, kind, today, outcome):
                to = ", ".join(message.addresses) or _("(ไม่มีอีเมล ไม่ส่ง)")
                self.stdout.write(f"  [{message.kind_label}] {message.label} → {to}")
                self.stdout.write(f"      {message.subject}")
                self._count(message, outcome)

    def _heading(self, round: Round, kind: str):
        self.stdout.write(
            _("%(round)s กำหนดส่ง %(due)s: %(kind)s")
            % {"round": round, "due": thai_date(round.due_on), "kind": ReminderKind(kind).label}
        )

    def _show(self, rounds, today, outcome: Outcome):
        for round, kind in rounds:
            self._heading(round, kind)
            if round.expected_frozen_at is None:
                self.stdout.write("  " + _("ยังไม่ได้กำหนดรายชื่อ อปท. ที่ต้องรายงาน (จะกำหนดเมื่อรันจริง)"))
                continue
            for message in messages_for(round, kind, today, outcome):
                to = ", ".join(message.addresses) or _("(ไม่มีอีเมล ไม่ส่ง)")
                self.stdout.write(f"  [{ReminderKind(message.kind).label}] {message.label} → {to}")
                self.stdout.write(f"      {message.subject}")
                self._count(message, outcome)

    def _send(self, rounds, cycles, today, outcome: Outcome, plan_outcome: Outcome):
        connection = mail.get_connection()
        try:
            connection.open()  # one SMTP session for the whole run
        except (smtplib.SMTPException, OSError) as error:
            raise CommandError(_("ติดต่อเครื่องส่งอีเมลไม่ได้ ไม่ได้ส่งและไม่ได้บันทึกสิ่งใด: %(error)s") % {"error": error}) from None
        try:
            for round, kind in rounds:
                self._heading(round, kind)
                for message in messages_for(round, kind, today, outcome):
                    self._deliver(deliver, message, today, connection, outcome)
            for cycle, kind in cycles:
                self._plan_heading(cycle, kind)
                for message in plan_reminders.messages_for(cycle, kind, today, plan_outcome):
                    self._deliver(plan_reminders.deliver, message, today, connection, plan_outcome)
        finally:
            connection.close()

    def _deliver(self, deliver, message, today, connection, outcome: Outcome):
        try:
            created = deliver(message, today, connection)
        except (smtplib.SMTPException, OSError):
            logger.exception("reminder %s to %s not sent", message.kind, message.label)
            outcome.failed += 1
            connection.close()  # the next message opens a fresh session
            return
        if created:
            self._count(message, outcome)
        else:
            outcome.already += 1

    @staticmethod
    def _count(message: Message, outcome: Outcome):
        if message.addresses:
            outcome.sent[message.kind] += 1
        else:
            outcome.no_address += 1

    def _summary(self, outcome: Outcome, dry_run: bool, *, plans: bool = False):
        kinds = PlanReminder.Kind if plans else ReminderKind
        counts = ", ".join(
            _("%(kind)s %(count)s ฉบับ") % {"kind": kinds(kind).label, "count": outcome.sent[kind]}
            for kind in kinds.values
            if outcome.sent[kind]
        )
        if plans:
            heading = _("แจ้งเตือนการส่งแผน จะส่ง") if dry_run else _("แจ้งเตือนการส่งแผน ส่งแล้ว")
        else:
            heading = _("จะส่ง") if dry_run else _("ส่งแล้ว")
        self.stdout.write(self.style.SUCCESS(f"{heading}: {counts or _('ไม่มี')}"))
        if outcome.no_address:
            self.stdout.write(
                self.style.WARNING(
                    _("อปท. ที่ไม่มีอีเมลในระบบ %(count)s แห่ง (ไม่ได้ส่ง ระบุไว้ในสรุปรายชื่อถึงอำเภอและจังหวัด)")
                    % {"count": outcome.no_address}
                )
            )
        if outcome.already:
            self.stdout.write(_("ส่งไปแล้วก่อนหน้านี้ ไม่ส่งซ้ำ %(count)s ฉบับ") % {"count": outcome.already})
