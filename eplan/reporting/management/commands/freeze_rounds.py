"""python manage.py freeze_rounds: fix who must report in every round open today
(กำหนดรายชื่อ อปท. ที่ต้องรายงานผลของรอบที่เปิดรับรายงาน).

send_reminders does the same first thing every morning; this command does only that, for
a server that sends no e-mail or to fix a list at once after a round's dates were moved.
A round already fixed is left as it is; a round that has closed is never fixed.
"""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.utils.translation import gettext as _

from eplan.core import request_context
from eplan.core.thai import thai_date
from eplan.reporting import services
from eplan.reporting.management.days import TODAY_HELP, parse_today
from eplan.reporting.models import Round


class Command(BaseCommand):
    help = "กำหนดรายชื่อ อปท. ที่ต้องรายงานผลของทุกรอบที่เปิดรับรายงานวันนี้และยังไม่ได้กำหนด (send_reminders ทำให้ทุกเช้าอยู่แล้ว)"

    def add_arguments(self, parser):
        parser.add_argument("--today", help=TODAY_HELP)

    def handle(self, *args, today=None, **options):
        day = parse_today(today)
        with translation.override(settings.LANGUAGE_CODE), request_context.command_context("freeze_rounds"):
            waiting = list(
                Round.objects.filter(opens_on__lte=day, closes_on__gte=day, expected_frozen_at__isnull=True)
                .select_related("cycle")
                .order_by("opens_on", "pk")
            )
            total = services.freeze_open_rounds(today=day)
            self.stdout.write(_("วันที่ %(date)s") % {"date": thai_date(day)})
            if not waiting:
                self.stdout.write(_("ไม่มีรอบรายงานที่ต้องกำหนดรายชื่อ"))
                return
            for round in waiting:
                count = round.expected.count()
                self.stdout.write(_("%(round)s: กำหนดรายชื่อ %(count)s แห่ง") % {"round": round, "count": f"{count:,}"})
            self.stdout.write(self.style.SUCCESS(_("รวม %(count)s แห่ง") % {"count": f"{total:,}"}))
