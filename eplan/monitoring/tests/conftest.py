import datetime

import pytest

from eplan.monitoring import services

VISIT_DAY = datetime.date(2026, 5, 20)  # fiscal year 2569
TODAY = datetime.date(2026, 6, 30)

ITEMS = ["เผยแพร่แผนต่อสาธารณะ", "รายงานผล 6 เดือนแล้ว", "โครงการดำเนินการตามที่รายงาน", "พบหลักฐานการดำเนินงาน"]


@pytest.fixture
def checklist(world):
    return services.checklist_save(actor=world.central, fiscal_year=2569, items=ITEMS)


@pytest.fixture
def visit(world, checklist):
    """A visit of NACC Nakhon Si Thammarat to อบต.กลาย, recorded, with one recommendation."""
    return services.visit_plan(
        actor=world.nacc_provincial,
        date=VISIT_DAY,
        place="ที่ทำการ อบต.กลาย",
        team="นายสมชาย ใจดี ผู้อำนวยการสำนักงาน ป.ป.ช. ประจำจังหวัดนครศรีธรรมราช",
        organisations=[world.klai],
    )


def record(world, visit, organisation=None, result="met"):
    covered = visit.covered.get(organisation=organisation or world.klai)
    findings = {item.pk: (result, "") for item in services.checklist_of(visit.fiscal_year)}
    return services.visit_record(
        actor=world.nacc_provincial,
        covered=covered,
        attended=True,
        attendees="นายก อบต. ปลัด อบต.",
        findings=findings,
        today=TODAY,
    )


@pytest.fixture
def recommendation(world, visit):
    covered = record(world, visit)
    return services.recommendation_add(
        actor=world.nacc_provincial,
        covered=covered,
        text="เผยแพร่แผนบนเว็บไซต์ของ อปท.",
        due_on=datetime.date(2026, 7, 31),
        today=TODAY,
    )
