"""python manage.py prune_jobs: delete the background jobs whose documents have expired
(drafts and live lists, kept for a while) with their files, and the queue's own records of
tasks finished more than a week ago. Immutable documents (announcements, submitted
versions) are kept. Run it daily beside send_reminders (docs/operations.md)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend

from eplan.jobs import services


class Command(BaseCommand):
    help = "ลบไฟล์ที่สร้างเบื้องหลังซึ่งหมดอายุแล้ว (ร่างแผน สถานะปัจจุบัน) และบันทึกคิวงานที่เสร็จนานกว่า 7 วัน"

    def handle(self, *args, **options):
        count = services.jobs_prune()
        if isinstance(task_backends["default"], DatabaseBackend):
            call_command("prune_db_task_results", "--min-age-days", "7", "--queue-name", "*", verbosity=0)
        self.stdout.write(_("ลบงานที่หมดอายุ %(count)s งาน") % {"count": count})
