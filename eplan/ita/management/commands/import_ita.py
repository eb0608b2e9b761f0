from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from eplan.core import request_context
from eplan.ita import importer
from eplan.ita.services import import_ita


class Command(BaseCommand):
    help = (
        "นำเข้าผลการประเมิน ITA ของ อปท. จากไฟล์ CSV (คอลัมน์ รหัส อปท., ปี, คะแนน, ระดับ) "
        "(all-or-nothing: ไฟล์ที่มีข้อผิดพลาดแม้แถวเดียวจะไม่ถูกนำเข้าเลย; นำเข้าซ้ำได้)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="ไฟล์ .csv")

    def handle(self, *args, path, **options):
        source = Path(path)
        try:
            raw = source.read_bytes()
        except OSError:
            raise CommandError(f"อ่านไฟล์ {path} ไม่ได้") from None
        with request_context.command_context("import_ita"):
            try:
                result = import_ita(raw, filename=source.name, user=None)
            except importer.FileRefused as refused:
                for problem in refused.problems[:200]:
                    where = f"แถวที่ {problem.row}" if problem.row else "ทั้งไฟล์"
                    column = f" [{problem.column}]" if problem.column else ""
                    self.stderr.write(f"{where}{column}: {problem.reason}")
                if len(refused.problems) > 200:
                    self.stderr.write(f"... และอีก {len(refused.problems) - 200} รายการ")
                raise CommandError(
                    f"ไม่นำเข้า {source.name}: พบข้อผิดพลาด {len(refused.problems)} รายการ ไม่มีข้อมูลใดถูกเปลี่ยนแปลง"
                ) from None
        note = f" (ปี ค.ศ. {result.ce_years:,} แถว บันทึกเป็น พ.ศ.)" if result.ce_years else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"{source.name}: {result.rows:,} แถว ปี {', '.join(map(str, result.years))} → สร้างใหม่ "
                f"{result.created:,} แก้ไข {result.updated:,} ไม่เปลี่ยนแปลง {result.unchanged:,}{note}"
            )
        )
