from django.core.management.base import BaseCommand

from eplan.core import request_context
from eplan.registry import services


class Command(BaseCommand):
    help = "โหลดจังหวัด อำเภอ (จาก GeoThai) และสำนักงาน ป.ป.ช. ภาค 1–9 (ทำซ้ำได้ ไม่ทับการแก้ไขของผู้ดูแล)"

    def handle(self, *args, **options):
        with request_context.command_context("load_geography"):
            result = services.geography_sync()
        self.stdout.write(
            self.style.SUCCESS(
                f"จังหวัด: ใหม่ {result.provinces_created} แก้ไข {result.provinces_updated} · "
                f"อำเภอ: ใหม่ {result.districts_created} แก้ไข {result.districts_updated}"
            )
        )
