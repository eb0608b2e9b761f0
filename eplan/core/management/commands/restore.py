"""python manage.py restore ARCHIVE: load a backup into an empty database and MEDIA_ROOT,
then check every table's rows and every file against its manifest. `--check` only checks
the archive (after copying it elsewhere, before relying on it)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from eplan.core import backup


class Command(BaseCommand):
    help = "กู้คืนฐานข้อมูลและไฟล์จากไฟล์สำรอง (manage.py backup) ลงฐานข้อมูลว่าง แล้วตรวจจำนวนแถวและไฟล์ทุกไฟล์"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="ไฟล์สำรอง .tar")
        parser.add_argument("--check", action="store_true", help="ตรวจความครบถ้วนของไฟล์สำรองเท่านั้น ไม่กู้คืน")

    def handle(self, *args, archive, check=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(_("ไม่พบไฟล์ %(path)s") % {"path": path})
        try:
            if check:
                manifest = backup.verify(path)
                tables = manifest["database"]["tables"]
                self.stdout.write(
                    self.style.SUCCESS(
                        _("ไฟล์สำรองครบถ้วน (สร้างเมื่อ %(at)s): ฐานข้อมูล %(vendor)s %(rows)s แถว ไฟล์ %(files)s ไฟล์")
                        % {
                            "at": manifest["created_at"],
                            "vendor": manifest["database"]["vendor"],
                            "rows": f"{sum(tables.values()):,}",
                            "files": f"{len(manifest['media']):,}",
                        }
                    )
                )
                return
            summary = backup.restore(path)
        except backup.BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("กู้คืนแล้วและตรวจแล้ว: ตาราง %(tables)s ตาราง %(rows)s แถว ไฟล์ %(files)s ไฟล์ ตรงกับไฟล์สำรองทุกรายการ")
                % {
                    "tables": len(summary.tables),
                    "rows": f"{sum(summary.tables.values()):,}",
                    "files": f"{summary.files:,}",
                }
            )
        )
        self.stdout.write(_("ต่อไป: รัน manage.py migrate (ถ้าไฟล์สำรองมาจากรุ่นก่อน) แล้วเปิดระบบ"))
