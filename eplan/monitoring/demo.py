"""Demo supervision for province 80 (seed_demo calls seed_supervision after the rest).

The supervision season is May–June. On the demo's today (2 December 2026, fiscal year
2570, October 2026 – September 2027) the season of 2570 — May–June 2027 — is still ahead:
its visits are planned. The season just past is fiscal year 2569 (May–June 2026): those
visits are recorded, with findings and recommendations in every state (open, one overdue,
answered, reopened, closed). nacc80.demo is the office; officer.demo's organisation is
among those visited, once alone and once at a provincial meeting. Everything goes through
the services, so the audit trail and the notifications are there too. Idempotent: a
second run finds the visits and adds nothing.
"""

import datetime

from django.utils import timezone

from eplan.accounts.models import RoleAssignment, User
from eplan.accounts.roles import Role
from eplan.core.thai import fiscal_year_bounds, fiscal_year_of
from eplan.monitoring import services
from eplan.monitoring.models import Checklist, FindingResult, Visit
from eplan.registry.models import Organisation

OFFICE = "nacc80.demo"
CENTRAL = "central.demo"
OFFICER = "officer.demo"
PROVINCE = "80"
ITEMS = [
    "เผยแพร่แผนปฏิบัติการป้องกันการทุจริตต่อสาธารณะ",
    "รายงานผลการดำเนินงานรอบ 6 เดือนแล้ว",
    "โครงการดำเนินการตามที่รายงาน",
    "พบหลักฐานการดำเนินงาน",
]
TEAM = "นายประเสริฐ สุจริตธรรม ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัดนครศรีธรรมราช\nนางสาววิไล ตรงไปตรงมา พนักงานไต่สวนชำนาญการ"


def _season_day(fiscal_year, month, day):
    return datetime.date(fiscal_year_bounds(fiscal_year)[1].year, month, day)


def seed_supervision(*, today=None) -> dict:
    """Checklists of the current and the previous fiscal year, visits of both seasons.
    Returns what it made ({"visits": n, "recommendations": n}); nothing on a second run."""
    today = today or timezone.localdate()
    current = fiscal_year_of(today)
    previous = current - 1
    office = User.objects.get(username=OFFICE)
    central = User.objects.get(username=CENTRAL)
    officer = User.objects.filter(username=OFFICER).first()
    for year in (previous, current):
        if not Checklist.objects.filter(fiscal_year=year).exists():
            services.checklist_save(actor=central, fiscal_year=year, items=ITEMS)
    if Visit.objects.filter(planned_by=office, fiscal_year__in=(previous, current)).exists():
        return {"visits": 0, "recommendations": 0}

    own = None
    if officer is not None:
        assignment = RoleAssignment.objects.filter(user=officer, role=Role.LAO_OFFICER).first()
        own = assignment.organisation if assignment else None
    others = list(
        Organisation.objects.filter(province_id=PROVINCE, active=True)
        .exclude(pk=getattr(own, "pk", None))
        .order_by("code")[:6]
    )
    own = own or others.pop(0)
    made = {"visits": 0, "recommendations": 0}

    def plan(date, place, organisations):
        made["visits"] += 1
        return services.visit_plan(actor=office, date=date, place=place, team=TEAM, organisations=organisations)

    def record(visit, organisation, results, note=""):
        covered = visit.covered.get(organisation=organisation)
        items = services.checklist_of(visit.fiscal_year)
        findings = {item.pk: (result, "") for item, result in zip(items, results, strict=False)}
        if FindingResult.NOT_MET in results:
            findings[items[results.index(FindingResult.NOT_MET)].pk] = (FindingResult.NOT_MET, "ยังไม่พบบนเว็บไซต์ของ อปท.")
        services.visit_record(
            actor=office,
            covered=covered,
            attended=True,
            attendees="นายก อปท.\nปลัด อปท.\nหัวหน้าสำนักปลัด",
            absentees="ผู้อำนวยการกองคลัง (ติดราชการ)",
            note=note,
            findings=findings,
            today=today,
        )
        return covered

    def recommend(covered, text, due):
        made["recommendations"] += 1
        return services.recommendation_add(actor=office, covered=covered, text=text, due_on=due, today=today)

    met, not_met = FindingResult.MET, FindingResult.NOT_MET
    # The season past (fiscal year `previous`): recorded visits.
    alone = plan(_season_day(previous, 5, 19), f"ห้องประชุม{own.full_name}", [own])
    covered = record(alone, own, [not_met, met, met, met], note="ผู้บริหารให้ความร่วมมือดี")
    late = recommend(covered, "เผยแพร่แผนปฏิบัติการป้องกันการทุจริตบนเว็บไซต์ของ อปท. และปิดประกาศ", _season_day(previous, 8, 31))
    answered = recommend(covered, "จัดทำรายงานผลรอบ 12 เดือนให้ครบทุกโครงการ", today + datetime.timedelta(days=20))
    if officer is not None:
        services.recommendation_answer(
            actor=officer, recommendation=answered, action_taken="จัดทำรายงานผลครบทุกโครงการแล้ว ส่งในระบบเมื่อ 15 พ.ย."
        )
    services.visit_complete(actor=office, visit=alone, today=today)

    meeting = plan(_season_day(previous, 6, 12), "ห้องประชุมศาลากลางจังหวัดนครศรีธรรมราช", [own, *others[:4]])
    for index, organisation in enumerate([own, *others[:4]]):
        covered = record(meeting, organisation, [met, met, not_met if index % 2 else met, met])
        if organisation == own:
            closed = recommend(covered, "แต่งตั้งผู้รับผิดชอบติดตามโครงการตามแผน", _season_day(previous, 7, 31))
            reopened = recommend(
                covered, "เก็บหลักฐานการดำเนินงานของทุกโครงการไว้ให้ตรวจสอบได้", today + datetime.timedelta(days=45)
            )
            if officer is not None:
                services.recommendation_answer(actor=officer, recommendation=closed, action_taken="มีคำสั่งแต่งตั้งแล้ว")
                services.recommendation_accept(actor=office, recommendation=closed)
                services.recommendation_answer(
                    actor=officer, recommendation=reopened, action_taken="รวบรวมหลักฐานแล้วบางส่วน"
                )
                services.recommendation_reopen(
                    actor=office, recommendation=reopened, reason="ขอให้รวบรวมหลักฐานให้ครบทุกโครงการ"
                )
        elif index % 2:
            recommend(covered, "ติดตามโครงการที่ยังไม่ดำเนินการตามที่รายงาน", today + datetime.timedelta(days=30))
    services.visit_complete(actor=office, visit=meeting, note="ประชุมชี้แจงและติดตามผล 5 แห่ง", today=today)
    del late  # left open and past its due date: the overdue one

    # The season ahead (fiscal year `current`): planned visits.
    plan(_season_day(current, 5, 18), f"ห้องประชุม{own.full_name}", [own])
    plan(
        _season_day(current, 5, 25),
        f"ห้องประชุม{others[4].full_name}" if len(others) > 4 else "ที่ทำการ อปท.",
        others[4:5] or others[:1],
    )
    plan(_season_day(current, 6, 9), "ห้องประชุมศาลากลางจังหวัดนครศรีธรรมราช", [own, *others[:5]])
    return made
