import os
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from openpyxl import Workbook

from eplan.accounts import services
from eplan.core import request_context
from eplan.core.spreadsheets import cells, csv_writer
from eplan.registry.models import Province

HEADERS = ["รหัส อปท. (ชื่อผู้ใช้)", "ชื่อ อปท.", "อำเภอ", "จังหวัด", "รหัสผ่านชั่วคราว"]


class Command(BaseCommand):
    help = (
        "สร้างบัญชีหลัก (ชื่อผู้ใช้ = รหัส อปท.) ให้ทุก อปท. ที่ยังไม่มี พร้อมรหัสผ่านชั่วคราว "
        "และเขียนรายชื่อเป็น CSV และ XLSX สำหรับแจกจ่าย (ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก)"
    )

    def add_arguments(self, parser):
        parser.add_argument("--province", help="เฉพาะจังหวัดนี้ (รหัส 2 หลัก)")
        parser.add_argument("--output", help="โฟลเดอร์ที่จะเขียนไฟล์ (ค่าเริ่มต้น var/provisioning/)")

    def handle(self, *args, province=None, output=None, **options):
        province_obj = None
        if province:
            province_obj = Province.objects.filter(code=province).first()
            if province_obj is None:
                raise CommandError(f"ไม่พบจังหวัดรหัส {province}")
        with request_context.command_context("provision_accounts"):
            try:
                issued = services.primary_accounts_provision(province=province_obj, command=True)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        if not issued:
            self.stdout.write("ทุก อปท. มีบัญชีหลักแล้ว ไม่มีบัญชีใหม่")
            return
        folder = Path(output) if output else settings.VAR_DIR / "provisioning"
        folder.mkdir(parents=True, exist_ok=True)
        stem = f"accounts-{province or 'all'}-{timezone.localtime():%Y%m%d-%H%M%S}"
        rows = [
            [
                organisation.code,
                organisation.full_name,
                organisation.district.name_th,
                organisation.province.name_th,
                password,
            ]
            for organisation, password in issued
        ]
        csv_path = folder / f"{stem}.csv"
        # The files hold passwords: readable by their owner only.
        with open(
            os.open(csv_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w", encoding="utf-8-sig", newline=""
        ) as handle:
            writer = csv_writer(handle)
            writer.writerow(HEADERS)
            writer.writerows(rows)
        xlsx_path = folder / f"{stem}.xlsx"
        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "บัญชีหลัก อปท."
        sheet.append(cells(sheet, HEADERS))
        for row in rows:
            sheet.append(cells(sheet, row))
        for column, width in zip("ABCDE", (22, 40, 20, 20, 20), strict=True):
            sheet.column_dimensions[column].width = width
        sheet.freeze_panes = "A2"
        workbook.save(xlsx_path)
        os.chmod(xlsx_path, 0o600)
        self.stdout.write(self.style.SUCCESS(f"สร้างบัญชีหลัก {len(issued):,} บัญชี"))
        self.stdout.write(f"รายชื่อและรหัสผ่านชั่วคราว: {csv_path}\n                         {xlsx_path}")
        self.stdout.write(self.style.WARNING("ไฟล์มีรหัสผ่าน: แจกจ่ายเป็นความลับแล้วลบทิ้ง"))
