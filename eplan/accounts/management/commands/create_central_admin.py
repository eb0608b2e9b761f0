from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from eplan.accounts import services
from eplan.accounts.roles import Role
from eplan.core import request_context


class Command(BaseCommand):
    help = "สร้างบัญชีผู้ดูแลระบบส่วนกลาง สำนักงาน ป.ป.ช. คนแรก พร้อมรหัสผ่านชั่วคราว"

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, username, email, first_name, last_name, **options):
        with request_context.command_context("create_central_admin"), transaction.atomic():
            try:
                user, password = services.user_create(
                    actor=None,
                    command=True,
                    username=username,
                    role=Role.NACC_CENTRAL,
                    email=email,
                    first_name=first_name,
                    last_name=last_name,
                )
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"สร้างบัญชี {user.username} แล้ว รหัสผ่านชั่วคราว: {password}"))
        self.stdout.write("ต้องเปลี่ยนรหัสผ่านเมื่อเข้าสู่ระบบครั้งแรก")
