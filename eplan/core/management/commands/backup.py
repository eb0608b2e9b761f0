"""python manage.py backup: the database and every uploaded file in one archive, with a
manifest of row counts and checksums (eplan.core.backup; the drill is in docs/operations.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eplan.core import backup


class Command(BaseCommand):
    help = "สำรองฐานข้อมูลและไฟล์ที่อัปโหลด (MEDIA_ROOT) เป็นไฟล์ .tar เดียว พร้อมรายการตรวจสอบ (manifest)"

    def add_arguments(self, parser):
        parser.add_argument("--output", help="โฟลเดอร์ที่จะเขียนไฟล์สำรอง หรือชื่อไฟล์ .tar (ค่าเริ่มต้น var/backups/)")

    def handle(self, *args, output=None, **options):
        try:
            summary = backup.backup(output=output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            _("ตาราง %(tables)s ตาราง %(rows)s แถว ไฟล์ %(files)s ไฟล์")
            % {
                "tables": len(summary.tables),
                "rows": f"{sum(summary.tables.values()):,}",
                "files": f"{summary.files:,}",
            }
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("สำรองข้อมูลแล้ว: %(path)s (%(size)s MB)")
                % {"path": summary.archive, "size": f"{summary.bytes / 1e6:,.1f}"}
            )
        )
