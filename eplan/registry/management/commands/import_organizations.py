import sys
from pathlib import Path

import geothai
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from eplan.core import request_context
from eplan.registry import importers, services


class Command(BaseCommand):
    help = (
        "นำเข้าทะเบียน อปท. จากไฟล์ CSV ของกรมส่งเสริมการปกครองท้องถิ่น, XLSX ที่มีคอลัมน์เดียวกัน หรือ JSON "
        "(all-or-nothing: ไฟล์ที่มีข้อผิดพลาดแม้แถวเดียวจะไม่ถูกนำเข้าเลย)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", help="ไฟล์ .csv / .xlsx / .json")
        parser.add_argument("--province", help="นำเข้าเฉพาะจังหวัดนี้ (รหัส 2 หลัก)")
        parser.add_argument(
            "--bangkok", action="store_true", help="เพิ่มกรุงเทพมหานครจากข้อมูลของโครงการ (ไม่อยู่ในทะเบียนของ สถ.)"
        )

    def handle(self, *args, path=None, province=None, bangkok=False, **options):
        if not path and not bangkok:
            raise CommandError("ระบุไฟล์ที่จะนำเข้า หรือ --bangkok")
        if province and not geothai.province(province):
            raise CommandError(f"ไม่รู้จักจังหวัดรหัส {province} (ใช้รหัสจังหวัด 2 หลัก เช่น 80)")
        show_progress = sys.stderr.isatty() and options["verbosity"] > 0

        def progress_factory(total):
            return tqdm(total=total, desc="ตรวจสอบ", unit="แถว", disable=not show_progress or total < 500)

        with request_context.command_context("import_organizations"):
            try:
                if path:
                    result = services.organisations_import_file(
                        path=Path(path), progress_factory=progress_factory, province_code=province
                    )
                    self._report(path, result)
                if bangkok:
                    self._report("กรุงเทพมหานคร", services.bangkok_ensure())
            except importers.FileRefused as refused:
                for problem in refused.problems[:200]:
                    self.stderr.write(str(problem))
                if len(refused.problems) > 200:
                    self.stderr.write(f"... และอีก {len(refused.problems) - 200} รายการ")
                raise CommandError(
                    f"ไม่นำเข้า {path or 'กรุงเทพมหานคร'}: พบข้อผิดพลาด {len(refused.problems)} รายการ ไม่มีข้อมูลใดถูกเปลี่ยนแปลง"
                ) from None
            except FileNotFoundError:
                raise CommandError(f"ไม่พบไฟล์ {path}") from None

    def _report(self, source, result):
        self.stdout.write(
            self.style.SUCCESS(
                f"{source}: {result.rows:,} แถว → สร้างใหม่ {result.created:,} แก้ไข {result.updated:,} "
                f"ไม่เปลี่ยนแปลง {result.unchanged:,}"
            )
        )
