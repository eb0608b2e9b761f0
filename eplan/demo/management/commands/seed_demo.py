import datetime
import time

from django.contrib.auth.hashers import make_password
from django.core.cache import cache
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.assessment.models import Assessment
from eplan.core import request_context
from eplan.core.models import SiteFlag
from eplan.core.thai import buddhist_year
from eplan.demo import plans as demo_plans
from eplan.demo import registry as demo_registry
from eplan.demo import reports as demo_reports
from eplan.demo.registry import DEMO_PROVINCE
from eplan.ita.demo import seed_ita
from eplan.monitoring.demo import seed_supervision
from eplan.notices.demo import seed_circulars
from eplan.plans.models import PlanVersion
from eplan.registry.models import District, Organisation, OrganisationProfile, OrganisationType, Province, Region

DEMO_DISTRICT = "8001"
DEMO_REGION = 8
DEMO_PASSWORD = "demo1234"
COPIED_FORWARD = 4  # organisations that start their 2562-2565 plan from their 2561-2564 one in the demo


def demo_accounts(lao_code):
    """(username, role, scope, first name, last name, position) of every demo account."""
    return [
        (lao_code, Role.LAO_OFFICER, {"organisation": lao_code}, "", "", ""),
        ("officer.demo", Role.LAO_OFFICER, {"organisation": lao_code}, "สมศรี", "ตัวอย่าง", "นักวิเคราะห์นโยบายและแผน"),
        ("executive.demo", Role.LAO_EXECUTIVE, {"organisation": lao_code}, "สมชาย", "ตัวอย่าง", "นายก อบต."),
        ("amphoe.demo", Role.DISTRICT_OFFICE, {"district": DEMO_DISTRICT}, "อำเภอ", "ตัวอย่าง", "ท้องถิ่นอำเภอ"),
        ("sthj.demo", Role.PROVINCIAL_DLA, {"province": DEMO_PROVINCE}, "สถ.จ.", "ตัวอย่าง", "ท้องถิ่นจังหวัด"),
        ("nacc80.demo", Role.NACC_PROVINCIAL, {"province": DEMO_PROVINCE}, "ป.ป.ช.จังหวัด", "ตัวอย่าง", "ผู้อำนวยการ"),
        ("region8.demo", Role.NACC_REGIONAL, {"region": DEMO_REGION}, "ป.ป.ช.ภาค 8", "ตัวอย่าง", "ผู้อำนวยการ"),
        ("central.demo", Role.NACC_CENTRAL, {}, "ป.ป.ช.ส่วนกลาง", "ตัวอย่าง", "ผู้ดูแลระบบ"),
    ]


def demo_lao_code():
    organisation = (
        Organisation.objects.filter(district_id=DEMO_DISTRICT, org_type=OrganisationType.SUBDISTRICT, active=True)
        .order_by("code")
        .first()
    )
    return organisation.code if organisation else None


class Command(BaseCommand):
    help = "สร้างข้อมูลสาธิต: ทะเบียน อปท. จริงของจังหวัดนครศรีธรรมราช (หรือทั้งประเทศด้วย --scale national) และบัญชีสาธิตของทุกบทบาท"

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=["province", "national"], default="province")
        parser.add_argument("--if-empty", action="store_true", help="ไม่ทำอะไรถ้ามีบัญชีสาธิตอยู่แล้ว")

    def handle(self, *args, scale="province", if_empty=False, **options):
        started = time.monotonic()
        if if_empty and User.objects.filter(username="central.demo").exists() and scale == "province":
            self.stdout.write("มีข้อมูลสาธิตอยู่แล้ว")
            return
        with request_context.command_context("seed_demo"):
            self._registry(scale)
            self._accounts()
            self._plans()
            self._reports()
            self._follow_up()
            self._plans_started_today()
            SiteFlag.objects.update_or_create(key=SiteFlag.DEMO, defaults={"value": scale})
            cache.delete("eplan:site_flags")
        self.stdout.write(
            self.style.SUCCESS(
                f"ข้อมูลสาธิตพร้อม: อปท. {Organisation.objects.count():,} แห่ง "
                f"ใน {Province.objects.count()} จังหวัด {District.objects.count()} อำเภอ "
                f"({time.monotonic() - started:.1f} วินาที)"
            )
        )

    def _registry(self, scale):
        message, real = demo_registry.registry_load(scale=scale)
        self.stdout.write(message if real else self.style.WARNING(message))

    @transaction.atomic
    def _reports(self):
        cycle = demo_plans.ensure_cycles()["2561-2564"]
        counts = demo_reports.populate_reports(
            cycle=cycle,
            actor=User.objects.get(username="central.demo"),
            keep_for=Organisation.objects.filter(code=demo_lao_code()),
        )
        self.stdout.write(
            f"รายงานผลสาธิต รอบ 6 เดือน ปีงบประมาณ {demo_reports.DEMO_FISCAL_YEAR}: ต้องรายงาน {counts['expected']:,} "
            f"ส่งแล้ว {counts['submitted']:,} กำลังจัดทำ {counts['draft']:,}"
        )

    @transaction.atomic
    def _plans(self):
        cycles = demo_plans.ensure_cycles()
        organisation = Organisation.objects.get(code=demo_lao_code())
        submitter = User.objects.get(username=organisation.code)
        past = timezone.make_aware(datetime.datetime(2017, 3, 15, 10, 30))
        demo_plans.build_demo_plan(
            organisation=organisation, cycle=cycles["2561-2564"], submitted_by=submitter, submitted_at=past
        )
        # The rest of the province: 2561-2564 long assessed and released; 2562-2565 under way.
        assessor = User.objects.get(username="nacc80.demo")
        province = self._province()
        primary_accounts = self._primary_accounts(province)
        first_version = PlanVersion.objects.filter(plan__organisation=organisation).first()
        if not Assessment.objects.filter(version=first_version).exists():
            assessment = demo_plans.open_assessment(actor=assessor, version=first_version)
            demo_plans.finalise_full(actor=assessor, assessment=assessment)
        made = demo_plans.populate_province(
            cycle=cycles["2561-2564"],
            organisations=province,
            submitter_for=primary_accounts.get,
            assessor=assessor,
            shares=(0.85, 1.0, 0.8),
            late_share=0.1,
        )
        made += demo_plans.populate_province(
            cycle=cycles["2562-2565"],
            organisations=province,
            submitter_for=primary_accounts.get,
            assessor=assessor,
            shares=(0.45, 0.5, 0.8),
        )
        demo_plans.history_date_back(cycle=cycles["2561-2564"])
        demo_plans.results_announce(cycle=cycles["2561-2564"], actor=User.objects.get(username="central.demo"))
        self.stdout.write(f"แผนสาธิตของ อปท. อื่นในจังหวัด: {made:,} แผน")

    @transaction.atomic
    def _follow_up(self):
        """The follow-up half: the seed's chain of circulars and a year of supervision. The
        demo LAO's own acknowledgement is left for whoever tries the demo."""
        circulars = seed_circulars(keep_unacknowledged=[demo_lao_code()])
        visits = seed_supervision()
        last_year = buddhist_year(timezone.localdate()) - 1
        ita = [seed_ita(year=year) for year in (last_year - 1, last_year)]
        self.stdout.write(f"ผลการประเมิน ITA สาธิต: ปี {last_year - 1} และ {last_year} ({ita[-1].rows:,} แห่ง)")
        self.stdout.write(
            f"หนังสือเวียนสาธิต: {len(circulars)} ระดับ; การนิเทศติดตาม: {visits['visits']} ครั้ง "
            f"ข้อเสนอแนะ {visits['recommendations']} ข้อ"
        )

    @transaction.atomic
    def _plans_started_today(self):
        """Done last, so these are the newest events of the audit trail."""
        cycles = demo_plans.ensure_cycles()
        province = self._province()
        made = demo_plans.copy_forward_some(
            source_cycle=cycles["2561-2564"],
            cycle=cycles["2562-2565"],
            organisations=sorted(province, key=lambda o: (o.district_id != DEMO_DISTRICT, o.code)),
            submitter_for=self._primary_accounts(province).get,
            count=COPIED_FORWARD,
            submit=COPIED_FORWARD // 2,
        )
        demo_plans.history_date_back(cycle=cycles["2562-2565"])
        self.stdout.write(f"แผนรอบ 2562-2565 ที่เริ่มจากแผนรอบก่อนวันนี้: {made:,} แผน")

    @staticmethod
    def _province():
        """The demo province's organisations other than the demo LAO."""
        return list(Organisation.objects.filter(province_id=DEMO_PROVINCE, active=True).exclude(code=demo_lao_code()))

    @staticmethod
    def _primary_accounts(organisations):
        """{organisation: its primary account}, made where missing (no usable password: the
        real ones are issued by provision_accounts), so each plan is sent by its own LAO."""
        missing = [o for o in organisations if not User.objects.filter(username=o.code).exists()]
        User.objects.bulk_create(
            [User(username=o.code, primary_organisation=o, password=make_password(None)) for o in missing],
            batch_size=500,
        )
        accounts = User.objects.in_bulk([o.code for o in organisations], field_name="username")
        RoleAssignment.objects.bulk_create(
            [RoleAssignment(user=accounts[o.code], role=Role.LAO_OFFICER, organisation=o) for o in missing],
            batch_size=500,
        )
        return {o: accounts[o.code] for o in organisations}

    @transaction.atomic
    def _accounts(self):
        lao_code = demo_lao_code()
        organisation = Organisation.objects.get(code=lao_code)
        for username, role, scope_codes, first_name, last_name, position in demo_accounts(lao_code):
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first_name,
                    "last_name": last_name,
                    "position": position,
                    "email": f"{username}@demo.invalid",
                    "password_changed_at": timezone.now(),
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                if username == lao_code:
                    user.primary_organisation = organisation
                user.save()
            scope = {
                "organisation": Organisation.objects.get(code=scope_codes["organisation"])
                if "organisation" in scope_codes
                else None,
                "district": District.objects.get(code=scope_codes["district"]) if "district" in scope_codes else None,
                "province": Province.objects.get(code=scope_codes["province"]) if "province" in scope_codes else None,
                "region": Region.objects.get(number=scope_codes["region"]) if "region" in scope_codes else None,
            }
            RoleAssignment.objects.get_or_create(user=user, role=role, **scope)
        OrganisationProfile.objects.get_or_create(
            organisation=organisation,
            defaults={
                "address": "ที่ทำการ (ข้อมูลสาธิต) อำเภอเมืองนครศรีธรรมราช จังหวัดนครศรีธรรมราช 80000",
                "executive_name": "นายสมชาย ตัวอย่าง",
                "clerk_name": "นางสาวสมใจ ตัวอย่าง",
                "coordinator_name": "นางสมศรี ตัวอย่าง",
                "coordinator_position": "นักวิเคราะห์นโยบายและแผน",
                "phone": "075-000-000",
                "email": "contact@demo.invalid",
                "completed_at": timezone.now(),
            },
        )
