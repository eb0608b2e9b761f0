import datetime
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from eplan.core import request_context
from eplan.core.thai import ce_year
from eplan.frameworks import loader, services
from eplan.frameworks.models import Cycle, cycle_years


class Command(BaseCommand):
    help = (
        "นำเข้ากรอบมิติ/ภารกิจจากไฟล์ YAML (รูปแบบ framework-2561.yaml) เข้ารอบแผน "
        "(สร้างรอบแผนถ้ายังไม่มี) และชุดเกณฑ์ด้วย --criteria (all-or-nothing, ทำซ้ำได้)"
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--cycle", required=True, help="รหัสรอบแผน เช่น 2562-2565")
        parser.add_argument("--title", help="ชื่อแผน (ใช้เมื่อสร้างรอบแผนใหม่)")
        parser.add_argument("--criteria", help="ไฟล์ YAML ของชุดเกณฑ์")

    def handle(self, *args, path, cycle, title=None, criteria=None, **options):
        try:
            raw = Path(path).read_bytes()
            criteria_raw = Path(criteria).read_bytes() if criteria else None
        except FileNotFoundError as error:
            raise CommandError(f"ไม่พบไฟล์ {error.filename}") from None
        try:
            spec = loader.parse_framework(raw)
        except loader.FileRefused as refused:
            raise CommandError("ไม่นำเข้า: " + "; ".join(refused.problems)) from None
        years = cycle_years(cycle)
        if not years:
            raise CommandError("รหัสรอบแผนต้องเป็น ปีเริ่ม-ปีสิ้นสุด (พ.ศ.) เช่น 2562-2565")
        with request_context.command_context("load_framework"), transaction.atomic():
            try:
                target = Cycle.objects.filter(code=cycle).first()
                if target is None:
                    target = services.cycle_create(actor=None, command=True, **default_cycle_fields(cycle, title, spec))
                    self.stdout.write(f"สร้างรอบแผน {target}")
                counts = services.framework_load(
                    actor=None, cycle=target, spec=spec, source_name=Path(path).name, command=True
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"กรอบ {target.code}: มิติ {target.dimensions.count()} ภารกิจ {target.missions.count()} "
                        f"(สร้าง {counts['created']} แก้ไข {counts['updated']} ลบ {counts['deleted']})"
                    )
                )
                if criteria_raw is not None:
                    number = services.criteria_load(
                        actor=None, cycle=target, raw=criteria_raw, source_name=Path(criteria).name, command=True
                    )
                    self.stdout.write(self.style.SUCCESS(f"เกณฑ์ {number} ข้อ คะแนนผ่านเกณฑ์ {target.pass_mark}"))
            except loader.FileRefused as refused:
                raise CommandError("ไม่นำเข้า: " + "; ".join(refused.problems)) from None
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None


def default_cycle_fields(code, title, spec):
    """Dates follow the 2018 calendar: plans are prepared in the fiscal year before the
    cycle starts (window 1 January – 31 March, closing 30 June; scores from 23 June)."""
    years = cycle_years(code)
    prepare_year = ce_year(years[0]) - 1
    matching = [text for text in spec.titles if f"{years[0]}" in text and f"{years[-1]}" in text]
    return {
        "code": code,
        "title": title
        or (matching[0] if matching else f"แผนปฏิบัติการป้องกันการทุจริต {len(years)} ปี (พ.ศ. {years[0]} - {years[-1]})"),
        "submission_opens": datetime.date(prepare_year, 1, 1),
        "submission_due": datetime.date(prepare_year, 3, 31),
        "submission_closes": datetime.date(prepare_year, 6, 30),
        "score_release_date": datetime.date(prepare_year, 6, 23),
        "target_groups": spec.target_groups,
    }
