"""Central administrators edit cycles, frameworks and criteria until the first plan arrives."""

import pytest
from django.test import Client

from eplan.core.models import AuditEvent
from eplan.demo.plans import ensure_cycles
from eplan.frameworks import services
from eplan.frameworks.models import Criterion, Cycle, Mission
from eplan.frameworks.selectors import framework_of

pytestmark = pytest.mark.django_db


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def cycles(db):
    return ensure_cycles()


def test_anyone_reads_a_cycles_framework(cycles):
    page = Client().get("/frameworks/2562-2565/").content.decode()
    assert "การสร้างสังคมที่ไม่ทนต่อการทุจริต" in page and "3.2.1" in page


def test_copying_a_framework_into_a_new_cycle_then_renaming_dimension_2(world, cycles):
    client = as_user(world.central)
    response = client.post(
        "/frameworks/new/",
        {
            "code": "2566-2570",
            "title": "แผนปฏิบัติการป้องกันการทุจริตเพื่อยกระดับคุณธรรมและความโปร่งใส (พ.ศ. 2566 - 2570)",
            "submission_opens": "2022-01-01",
            "submission_due": "2022-03-31",
            "score_release_date": "2022-06-23",
            "pass_mark": "80",
            "copy_from": "2562-2565",
        },
    )
    assert response.status_code == 302
    new = Cycle.objects.get(code="2566-2570")
    assert new.fiscal_years == [2566, 2567, 2568, 2569, 2570]
    copied, source = framework_of(new), framework_of(cycles["2562-2565"])
    assert [m.code for m in copied.missions] == [m.code for m in source.missions]
    assert copied.total_points == source.total_points
    client.post("/frameworks/2566-2570/dimensions/2/", {"title": "การบริหารราชการด้วยความโปร่งใส"})
    assert new.dimensions.get(number=2).title == "การบริหารราชการด้วยความโปร่งใส"
    assert cycles["2562-2565"].dimensions.get(number=2).title == "การบริหารราชการเพื่อป้องกันการทุจริต"
    assert AuditEvent.objects.filter(action="frameworks.framework_copy").exists()


def test_adding_and_removing_a_sub_mission(world, cycles):
    client = as_user(world.central)
    client.post("/frameworks/2562-2565/missions/3.2/", {"action": "add_child", "code": "3.2.4", "title": "ทดสอบ"})
    assert Mission.objects.filter(cycle=cycles["2562-2565"], code="3.2.4").exists()
    bad = client.post(
        "/frameworks/2562-2565/missions/3.2/", {"action": "add_child", "code": "4.9", "title": "ผิดที่"}, follow=True
    )
    assert "ต้องขึ้นต้นด้วย 3.2." in bad.content.decode()
    client.post("/frameworks/2562-2565/missions/3.2.4/", {"action": "delete"})
    assert not Mission.objects.filter(cycle=cycles["2562-2565"], code="3.2.4").exists()


def test_a_criterion_with_an_automatic_check_on_an_unknown_mission_is_refused(world, cycles):
    client = as_user(world.central)
    response = client.post(
        "/frameworks/2562-2565/criteria/new/",
        {
            "text": "ทดสอบ",
            "max_points": "5",
            "dimension": "3",
            "check_kind": "min_items_in_mission",
            "check_mission": "3.9",
            "check_min": "1",
        },
    )
    assert response.status_code == 200 and "3.9" in response.content.decode()
    assert not Criterion.objects.filter(text="ทดสอบ").exists()


def test_the_framework_is_locked_once_a_plan_is_submitted(world, cycles):
    cycle = cycles["2562-2565"]
    services.framework_lock(cycle=cycle)
    client = as_user(world.central)
    response = client.post("/frameworks/2562-2565/missions/3.2/", {"action": "save", "title": "เปลี่ยน"}, follow=True)
    assert "ถูกล็อกแล้ว" in response.content.decode()
    assert Mission.objects.get(cycle=cycle, code="3.2").title != "เปลี่ยน"
    # Dates and the pass mark can still change.
    cycle_page = client.get("/frameworks/2562-2565/edit/")
    assert cycle_page.status_code == 200


@pytest.mark.parametrize("role", ["nacc_regional", "nacc_provincial", "officer"])
def test_only_central_administrators_edit_frameworks(world, cycles, role):
    client = as_user(getattr(world, role))
    assert client.get("/frameworks/new/").status_code == 404
    assert client.get("/frameworks/2562-2565/edit/").status_code == 404
    assert client.post("/frameworks/2562-2565/dimensions/2/", {"title": "x"}).status_code == 404
    assert cycles["2562-2565"].dimensions.get(number=2).title != "x"


def test_the_example_criteria_are_labelled_as_such(cycles):
    page = Client().get("/frameworks/2562-2565/").content.decode()
    assert "ไม่ใช่เกณฑ์ทางการ" in page
