from django.core.management.base import BaseCommand

from eplan.accounts import second_factor
from eplan.accounts.models import User
from eplan.demo.management.commands.seed_demo import DEMO_PASSWORD, demo_accounts, demo_lao_code


class Command(BaseCommand):
    help = "พิมพ์บัญชีสาธิตสำหรับเข้าสู่ระบบ"

    def handle(self, *args, **options):
        lao_code = demo_lao_code()
        if lao_code is None:
            self.stdout.write("ยังไม่มีข้อมูลสาธิต: python manage.py seed_demo")
            return
        existing = set(User.objects.values_list("username", flat=True))
        self.stdout.write(f"บัญชีสาธิต (รหัสผ่านทุกบัญชี: {DEMO_PASSWORD})")
        required = second_factor.required_roles()
        for username, role, _scope, *_ in demo_accounts(lao_code):
            if username in existing:
                # Roles that must use a second factor set up an authenticator app at first login.
                note = " (ต้องตั้งค่าแอปยืนยันตัวตนเมื่อเข้าสู่ระบบครั้งแรก)" if role in required else ""
                self.stdout.write(f"  {username:<16} {role.label}{note}")
