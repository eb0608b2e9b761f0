"""Demonstration cycles and a realistic demonstration plan (items modelled on the kinds of
projects LAOs publish; names, budgets and details are illustrative, not any LAO's plan)."""

import datetime
from decimal import Decimal
from pathlib import Path

from django.db.models import Min
from django.utils import timezone

from eplan.assessment import services as assessment_services
from eplan.assessment import status
from eplan.assessment.models import Announcement, Assessment
from eplan.frameworks import loader
from eplan.frameworks import services as framework_services
from eplan.frameworks.models import Cycle
from eplan.frameworks.selectors import framework_of
from eplan.frameworks.services import criteria_load, cycle_create, framework_load
from eplan.plans import document
from eplan.plans import services as plan_services
from eplan.plans.models import ItemBudget, Plan, PlanItem, PlanStatus, PlanVersion, SelfScore

DATA = Path(__file__).resolve().parent.parent / "frameworks" / "data"
FRAMEWORK_FILE = DATA / "framework-2561.yaml"
CRITERIA_FILE = DATA / "criteria-example.yaml"

# (mission, kind, title, budget per year: an amount, 0 for ไม่ใช้งบประมาณ, None for a year not run)
ITEMS = [
    ("1.1.1", "project", "โครงการอบรมคุณธรรม จริยธรรม แก่ผู้บริหาร สมาชิกสภา และพนักงาน", [30000, 30000, 30000, 30000]),
    ("1.1.1", "activity", "กิจกรรมให้ความรู้เรื่องการปฏิบัติราชการตามอำนาจหน้าที่เพื่อประโยชน์สุขของประชาชน", [0, 0, 0, 0]),
    ("1.1.2", "measure", "มาตรการส่งเสริมการปฏิบัติงานตามประมวลจริยธรรมของ อปท.", [0, 0, 0, 0]),
    ("1.1.3", "activity", "กิจกรรมให้ความรู้เรื่องผลประโยชน์ทับซ้อนแก่บุคลากร", [0, 5000, 0, 5000]),
    ("1.2.1", "project", "โครงการเสริมสร้างการต่อต้านการทุจริตในชุมชน", [20000, 20000, 20000, 20000]),
    ("1.2.2", "activity", "กิจกรรมรณรงค์รักษาประโยชน์สาธารณะและทรัพย์สินของชุมชน", [0, 0, 0, 0]),
    ("1.2.3", "project", "โครงการส่งเสริมการดำเนินชีวิตตามหลักปรัชญาเศรษฐกิจพอเพียง", [50000, 50000, 50000, 50000]),
    ("1.3.1", "project", "โครงการค่ายเยาวชนคนดี ซื่อสัตย์ สุจริต", [25000, 25000, 25000, 25000]),
    ("1.3.2", "activity", "กิจกรรมโตไปไม่โกงในโรงเรียนและศูนย์พัฒนาเด็กเล็ก", [0, 0, 0, 0]),
    ("1.3.3", "activity", "กิจกรรมเยาวชนจิตอาสาพัฒนาท้องถิ่น", [10000, None, 10000, None]),
    ("2.1", "activity", "กิจกรรมประกาศเจตจำนงต่อต้านการทุจริตของผู้บริหาร", [0, 0, 0, 0]),
    ("2.2.1", "measure", "มาตรการสร้างความโปร่งใสในการบริหารงานบุคคล", [0, 0, 0, 0]),
    ("2.2.2", "activity", "กิจกรรมเผยแพร่แผนการจัดซื้อจัดจ้างและผลการจัดซื้อจัดจ้างรายเดือน", [0, 0, 0, 0]),
    ("2.2.3", "project", "โครงการประเมินความพึงพอใจของผู้รับบริการ", [20000, 20000, 20000, 20000]),
    ("2.3.1", "activity", "กิจกรรมจัดทำแผนภูมิขั้นตอนและระยะเวลาการให้บริการประชาชน", [0, 0, 0, 0]),
    ("2.3.2", "measure", "มาตรการมอบอำนาจอนุมัติ อนุญาต สั่งการ เพื่อลดขั้นตอนการปฏิบัติราชการ", [0, 0, 0, 0]),
    ("2.4.1", "activity", "กิจกรรมยกย่องเชิดชูเกียรติบุคลากรผู้มีคุณธรรม จริยธรรม", [5000, 5000, 5000, 5000]),
    ("2.4.2", "activity", "กิจกรรมยกย่องผู้ช่วยเหลือกิจการสาธารณะของท้องถิ่น", [5000, 5000, 5000, 5000]),
    ("2.4.3", "activity", "กิจกรรมเชิดชูเกียรติผู้ดำรงตนตามหลักเศรษฐกิจพอเพียง", [0, 0, 0, 0]),
    ("2.5.1", "measure", "มาตรการจัดทำข้อตกลงการปฏิบัติราชการ", [0, 0, 0, 0]),
    ("2.5.2", "measure", "มาตรการให้ความร่วมมือกับหน่วยงานตรวจสอบทั้งภาครัฐและองค์กรอิสระ", [0, 0, 0, 0]),
    ("2.5.3", "measure", "มาตรการแต่งตั้งผู้รับผิดชอบเรื่องร้องเรียนการทุจริตของบุคลากร", [0, 0, 0, 0]),
    ("3.1.1", "activity", "กิจกรรมปรับปรุงศูนย์ข้อมูลข่าวสารของ อปท.", [10000, 10000, 10000, 10000]),
    ("3.1.2", "measure", "มาตรการเผยแพร่ข้อมูลงบประมาณ การเงิน การจัดหาพัสดุ และราคากลาง", [0, 0, 0, 0]),
    ("3.1.3", "project", "โครงการประชาสัมพันธ์ข้อมูลข่าวสารผ่านเสียงตามสายและสื่อออนไลน์", [15000, 15000, 15000, 15000]),
    ("3.2.1", "project", "โครงการจัดเวทีประชาคมรับฟังความคิดเห็นของประชาชน", [20000, 20000, 20000, 20000]),
    ("3.2.2", "measure", "มาตรการจัดให้มีช่องทางแจ้งเรื่องร้องเรียน/ร้องทุกข์", [0, 0, 0, 0]),
    ("3.2.3", "activity", "กิจกรรมรายงานผลการดำเนินการเรื่องร้องเรียนให้ประชาชนทราบ", [0, 0, 0, 0]),
    ("3.3.1", "project", "โครงการส่งเสริมการมีส่วนร่วมในการจัดทำแผนพัฒนาท้องถิ่น", [30000, 30000, 30000, 30000]),
    ("3.3.2", "measure", "มาตรการแต่งตั้งตัวแทนประชาชนร่วมเป็นกรรมการตรวจรับพัสดุ", [0, 0, 0, 0]),
    ("3.3.3", "activity", "กิจกรรมประเมินผลการปฏิบัติงานโดยภาคประชาชน", [0, 0, 0, 0]),
    ("4.1.1", "project", "โครงการจัดทำรายงานการควบคุมภายใน", [0, 0, 0, 0]),
    ("4.1.2", "activity", "กิจกรรมติดตามประเมินผลการควบคุมภายในและแผนการปรับปรุง", [0, 0, 0, 0]),
    ("4.2.1", "measure", "มาตรการให้ประชาชนมีส่วนร่วมตรวจสอบการบริหารงานบุคคล", [0, 0, 0, 0]),
    ("4.2.2", "activity", "กิจกรรมเปิดเผยการรับ จ่าย และใช้ประโยชน์ทรัพย์สินให้ประชาชนตรวจสอบ", [0, 0, 0, 0]),
    ("4.2.3", "measure", "มาตรการให้ประชาชนมีส่วนร่วมตรวจสอบการจัดหาพัสดุ", [0, 0, 0, 0]),
    ("4.3.1", "project", "โครงการอบรมพัฒนาศักยภาพสมาชิกสภาท้องถิ่น", [40000, None, 40000, None]),
    ("4.3.2", "activity", "กิจกรรมส่งเสริมบทบาทสภาท้องถิ่นในการตรวจสอบฝ่ายบริหาร", [0, 0, 0, 0]),
    ("4.4.1", "project", "โครงการเครือข่ายเฝ้าระวังการทุจริตในชุมชน", [15000, 15000, 15000, 15000]),
    ("4.4.2", "activity", "กิจกรรมบูรณาการทุกภาคส่วนเพื่อต่อต้านการทุจริต", [0, 0, 0, 0]),
]

PART1 = {
    "risk_analysis": (
        "จากการวิเคราะห์ความเสี่ยงในการเกิดการทุจริตขององค์กร พบความเสี่ยงในการจัดซื้อจัดจ้าง "
        "การใช้ดุลยพินิจในการอนุมัติ อนุญาต และการบริหารงานบุคคล จึงกำหนดมาตรการป้องกันตามแผนนี้ (ข้อมูลสาธิต)"
    ),
    "rationale": (
        "ยุทธศาสตร์ชาติว่าด้วยการป้องกันและปราบปรามการทุจริตมุ่งสร้างสังคมที่ไม่ทนต่อการทุจริต "
        "องค์กรปกครองส่วนท้องถิ่นจึงจัดทำแผนปฏิบัติการป้องกันการทุจริตเพื่อเป็นแนวทางการดำเนินงาน (ข้อมูลสาธิต)"
    ),
    "objectives": (
        "เพื่อยกระดับเจตจำนงทางการเมืองในการต่อต้านการทุจริตของผู้บริหาร สร้างจิตสำนึกแก่บุคลากร "
        "และส่งเสริมการมีส่วนร่วมของประชาชนในการตรวจสอบ (ข้อมูลสาธิต)"
    ),
    "targets": "ผู้บริหาร สมาชิกสภาท้องถิ่น พนักงาน ลูกจ้าง ประชาชน และเด็กและเยาวชนในพื้นที่ (ข้อมูลสาธิต)",
    "benefits": "การบริหารราชการมีความโปร่งใส ตรวจสอบได้ และประชาชนเชื่อมั่นในองค์กร (ข้อมูลสาธิต)",
}


def ensure_cycles(today=None):
    """2561-2564 (its window long past) and 2562-2565. In the demo the 2562-2565 window is
    moved to include today so that a visitor can write and submit a plan; the cycle's
    description says so."""
    today = today or timezone.localdate()
    spec = loader.parse_framework(FRAMEWORK_FILE.read_bytes())
    criteria = CRITERIA_FILE.read_bytes()
    windows = {
        "2561-2564": {
            "submission_opens": datetime.date(2017, 1, 1),
            "submission_due": datetime.date(2017, 3, 31),
            "submission_closes": datetime.date(2017, 6, 30),
            "score_release_date": datetime.date(2017, 9, 21),
            "description": "",
        },
        "2562-2565": {
            "submission_opens": today - datetime.timedelta(days=30),
            "submission_due": today + datetime.timedelta(days=60),
            "submission_closes": today + datetime.timedelta(days=120),
            "score_release_date": today + datetime.timedelta(days=150),
            "description": "ข้อมูลสาธิต: วันรับแผนของรอบนี้ถูกเลื่อนให้เปิดอยู่ในวันนี้ เพื่อทดลองจัดทำและส่งแผน",
        },
    }
    cycles = {}
    for code, dates in windows.items():
        cycle = Cycle.objects.filter(code=code).first()
        if cycle is None:
            years = code.split("-")
            cycle = cycle_create(
                actor=None,
                command=True,
                code=code,
                title=f"แผนปฏิบัติการป้องกันการทุจริต 4 ปี (พ.ศ. {years[0]} - {years[1]})",
                target_groups=spec.target_groups,
                **dates,
            )
            framework_load(actor=None, cycle=cycle, spec=spec, source_name=FRAMEWORK_FILE.name, command=True)
            criteria_load(actor=None, cycle=cycle, raw=criteria, source_name=CRITERIA_FILE.name, command=True)
        cycles[code] = cycle
    return cycles


def build_demo_plan(*, organisation, cycle, submitted_by=None, submitted_at=None, is_late=False, framework=None):
    """A complete plan written straight into the tables (demo data, not a user's action)."""
    if Plan.objects.filter(organisation=organisation, cycle=cycle).exists():
        return Plan.objects.get(organisation=organisation, cycle=cycle)
    plan = Plan.objects.create(organisation=organisation, cycle=cycle, **PART1)
    missions = {mission.code: mission for mission in cycle.missions.all()}
    years = cycle.fiscal_years
    items = PlanItem.objects.bulk_create(
        PlanItem(
            plan=plan,
            mission=missions[code],
            position=position,
            kind=kind,
            title=title,
            quarters=[1, 2, 3, 4] if kind == "measure" else [2, 3],
            target_groups=[],
            objectives="เพื่อป้องกันการทุจริตและส่งเสริมธรรมาภิบาลในองค์กร (ข้อมูลสาธิต)",
            outputs="ดำเนินการตามแผนครบถ้วนทุกปี",
            area=f"พื้นที่{organisation.full_name}",
            method="1. วางแผน 2. ดำเนินการ 3. ติดตามและรายงานผล",
            duration="ปีงบประมาณละ 1 ครั้ง",
            responsible_unit="สำนักปลัด",
            indicators="ร้อยละ 80 ของกลุ่มเป้าหมายมีความรู้ความเข้าใจเพิ่มขึ้น",
        )
        for position, (code, kind, title, _budgets) in enumerate(ITEMS, start=1)
    )
    ItemBudget.objects.bulk_create(
        ItemBudget(item=item, fiscal_year=year, amount=None if amount == 0 else Decimal(amount), no_budget=amount == 0)
        for item, (_code, _kind, _title, budgets) in zip(items, ITEMS, strict=True)
        for year, amount in zip(years, budgets, strict=True)
        if amount is not None
    )
    SelfScore.objects.bulk_create(
        SelfScore(plan=plan, criterion=criterion, score=criterion.max_points, evidence="ตามแผน (ข้อมูลสาธิต)")
        for criterion in cycle.criteria.all()
    )
    if submitted_by is not None:
        content = document.build(plan, framework=framework)
        content["preassessment"] = document.preassessment(content)
        PlanVersion.objects.create(
            plan=plan,
            number=1,
            receipt_number=f"{cycle.code}-{organisation.code}-1",
            submitted_at=submitted_at or timezone.now(),
            submitted_by=submitted_by,
            is_late=is_late,
            snapshot=content,
        )
        plan.status = PlanStatus.SUBMITTED
        plan.save(update_fields=["status"])
        framework_services.framework_lock(cycle=cycle)
    return plan


OFFICE_OPENS = datetime.time(8, 30)
OFFICE_CLOSES = datetime.time(16, 30)


def _at(day, time):
    return timezone.make_aware(datetime.datetime.combine(day, time))


def submission_moment(cycle, *, fraction, late=False, now=None):
    """A moment `fraction` (0 ≤ fraction < 1) of the way through the cycle's submission
    window: from its opening to the due date, or for a late plan from the day after the due
    date to the closing date; never after now. A demo plan is thus never sent before its
    cycle opened, nor flagged late unless it came after the due date."""
    now = now or timezone.now()
    start, end = _at(cycle.submission_opens, OFFICE_OPENS), _at(cycle.submission_due, OFFICE_CLOSES)
    if late:
        start = _at(cycle.submission_due + datetime.timedelta(days=1), OFFICE_OPENS)
        end = _at(cycle.submission_closes or cycle.submission_due, OFFICE_CLOSES)
    end = min(end, now)
    if end <= start:
        raise ValueError(f"{cycle.code}: no time in the window for a {'late' if late else 'timely'} plan before {now}")
    return start + (end - start) * fraction


def populate_province(*, cycle, organisations, submitter_for, assessor, shares, late_share=0.0):
    """Give a province a realistic mix of plans for a cycle (demo only).

    shares: fractions of organisations that submitted, that were assessed, and of the
    assessed that pass, e.g. (0.8, 0.9, 0.85). The rest are left unsubmitted/unassessed.
    late_share: of those submitted, the fraction sent after the due date (only once the
    due date has passed). Submissions are spread over the window, so a queue sorted
    oldest first has an order. Returns the number of plans made."""
    submitted_share, assessed_share, pass_share = shares
    framework = framework_of(cycle)
    now = timezone.now()
    may_be_late = now > _at(cycle.submission_due + datetime.timedelta(days=1), OFFICE_OPENS)
    made = 0
    for index, organisation in enumerate(organisations):
        position = (index * 37) % 100 / 100  # spread deterministically, not in code order
        if position >= submitted_share or Plan.objects.filter(organisation=organisation, cycle=cycle).exists():
            continue
        late = may_be_late and (index * 29) % 100 / 100 < late_share
        plan = build_demo_plan(
            organisation=organisation,
            cycle=cycle,
            submitted_by=submitter_for(organisation),
            submitted_at=submission_moment(cycle, fraction=(index * 53) % 997 / 997, late=late, now=now),
            is_late=late,
            framework=framework,
        )
        made += 1
        if position >= submitted_share * assessed_share:
            continue
        version = plan.versions.get()
        assessment = assessment_services.assessment_open(actor=assessor, version=version)
        scores = {row["id"]: (Decimal(row["max_points"]), "") for row in version.snapshot["criteria"]}
        if position >= submitted_share * assessed_share * pass_share:
            for row in version.snapshot["criteria"]:
                if row["dimension"] == 3:
                    scores[row["id"]] = (Decimal(0), "ไม่พบหลักฐานการดำเนินงานตามภารกิจ (ข้อมูลสาธิต)")
                if row["dimension"] == 4 and row["check_kind"] == "budget_stated":
                    scores[row["id"]] = (Decimal(0), "ไม่ระบุงบประมาณ (ข้อมูลสาธิต)")
        assessment_services.assessment_save(
            actor=assessor, assessment=assessment, scores=scores, judgements={}, finalise=True
        )
    return made


def history_date_back(*, cycle):
    """Services stamp what they do with the present moment; the demo writes a cycle's
    history afterwards, so move its stamps back to when it would have happened: the
    framework locked by the first plan sent and, once the results are released, each
    assessment opened a week after its version arrived and confirmed two weeks later,
    before the release date."""
    first_sent = PlanVersion.objects.filter(plan__cycle=cycle).aggregate(first=Min("submitted_at"))["first"]
    if first_sent is not None:
        Cycle.objects.filter(pk=cycle.pk).update(framework_locked_at=first_sent)
    if not status.is_released(cycle):
        return
    release = _at(cycle.score_release_date, OFFICE_OPENS)
    assessments = list(Assessment.objects.filter(version__plan__cycle=cycle).select_related("version"))
    for assessment in assessments:
        sent = assessment.version.submitted_at
        assessment.started_at = min(sent + datetime.timedelta(days=7), release - datetime.timedelta(days=2))
        assessment.updated_at = min(sent + datetime.timedelta(days=21), release - datetime.timedelta(days=1))
        if assessment.finalised_at is not None:
            assessment.finalised_at = assessment.updated_at
    Assessment.objects.bulk_update(assessments, ["started_at", "updated_at", "finalised_at"], batch_size=500)


def results_announce(*, cycle, actor):
    """The announcement of a cycle's results on its release date (the statuses have not
    changed since), once."""
    if cycle.announcements.exists() or not status.is_released(cycle):
        return None
    announcement = assessment_services.announcement_publish(actor=actor, cycle=cycle)
    Announcement.objects.filter(pk=announcement.pk).update(as_of=_at(cycle.score_release_date, OFFICE_OPENS))
    return announcement


def copy_forward_some(*, source_cycle, cycle, organisations, submitter_for, count, submit):
    """Today's work in the demo: a few organisations start their plan for the new cycle
    from their previous one, as most do (plans.services.plan_copy_forward), and the first
    `submit` of them have already sent it. The same organisations are chosen on every run:
    those with a plan sent in the previous cycle and no plan of their own making in the
    new one, those of the demo district first. Returns the number of plans started."""
    previous = {
        plan.organisation_id: plan
        for plan in Plan.objects.filter(cycle=source_cycle, organisation__in=organisations, versions__isnull=False)
        .select_related("organisation", "cycle")
        .distinct()
    }
    started = {plan.organisation_id: plan for plan in Plan.objects.filter(cycle=cycle, organisation__in=organisations)}
    chosen = [
        previous[organisation.pk]
        for organisation in organisations
        if organisation.pk in previous
        and (organisation.pk not in started or started[organisation.pk].copied_from_id is not None)
    ][:count]
    made = 0
    for position, source in enumerate(chosen):
        if source.organisation_id in started:
            continue
        officer = submitter_for(source.organisation)
        plan, _unplaced = plan_services.plan_copy_forward(actor=officer, source=source, cycle=cycle)
        made += 1
        if position < submit:
            plan_services.plan_submit(actor=officer, plan=plan)
    return made


def open_assessment(*, actor, version):
    return assessment_services.assessment_open(actor=actor, version=version)


def finalise_full(*, actor, assessment):
    version = assessment.version
    scores = {row["id"]: (Decimal(row["max_points"]), "") for row in version.snapshot["criteria"]}
    return assessment_services.assessment_save(
        actor=actor, assessment=assessment, scores=scores, judgements={}, finalise=True
    )
