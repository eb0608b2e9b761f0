"""Cycles and frameworks are data: the shipped YAML loads, bad files are refused whole."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from eplan.core.models import AuditEvent
from eplan.frameworks import loader
from eplan.frameworks.models import Criterion, Cycle, Mission
from eplan.frameworks.selectors import framework_of

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[1] / "data"
FRAMEWORK = DATA / "framework-2561.yaml"
CRITERIA = DATA / "criteria-example.yaml"


def load(cycle="2562-2565", *extra):
    call_command("load_framework", str(FRAMEWORK), "--cycle", cycle, *extra)
    return Cycle.objects.get(code=cycle)


def test_the_shipped_framework_has_four_dimensions_and_every_mission_with_its_thai_title():
    cycle = load()
    framework = framework_of(cycle)
    assert [d.number for d in framework.dimensions] == [1, 2, 3, 4]
    assert framework.dimensions[0].title == "การสร้างสังคมที่ไม่ทนต่อการทุจริต"
    assert framework.dimensions[1].title == "การบริหารราชการเพื่อป้องกันการทุจริต"
    source = loader.parse_framework(FRAMEWORK.read_bytes())
    assert {m.code: m.title for m in framework.missions} == {m.code: m.title for m in source.missions}
    assert all(m.title for m in framework.missions)
    assert framework.by_code["1.1.1"].title.startswith("สร้างจิตสำนึกและความตระหนักในการปฏิบัติราชการ")
    # 2.1 has no sub-missions: it is itself a leaf; 1.1 is not.
    assert framework.by_code["2.1"].is_leaf and not framework.by_code["1.1"].is_leaf
    assert cycle.fiscal_years == [2562, 2563, 2564, 2565]
    assert "เด็กและเยาวชน" in cycle.target_groups


def test_loading_twice_changes_nothing_and_keeps_criteria():
    cycle = load("2562-2565", "--criteria", str(CRITERIA))
    ids = set(Criterion.objects.filter(cycle=cycle).values_list("id", flat=True))
    missions = set(Mission.objects.filter(cycle=cycle).values_list("id", "code"))
    events = AuditEvent.objects.count()
    load("2562-2565", "--criteria", str(CRITERIA))
    assert set(Mission.objects.filter(cycle=cycle).values_list("id", "code")) == missions
    assert set(Criterion.objects.filter(cycle=cycle).values_list("id", flat=True)) == ids
    assert AuditEvent.objects.filter(action="frameworks.framework_load").count() == 1
    assert AuditEvent.objects.count() == events + 1  # only the criteria reload is recorded


def test_the_example_criteria_total_100_with_pass_mark_80():
    cycle = load("2562-2565", "--criteria", str(CRITERIA))
    framework = framework_of(cycle)
    assert framework.total_points == 100
    assert cycle.pass_mark == 80
    assert sum(1 for c in framework.criteria if c.is_automatic) == len(framework.criteria)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("dimensions: []", "ไม่พบรายการ dimensions"),
        ("dimensions:\n  - {number: 1, title: ''}", "ไม่มีชื่อมิติ"),
        ("dimensions:\n  - {number: 1, title: ก, missions: [{code: '2.1', title: x}]}", "ต้องขึ้นต้นด้วย 1."),
        (
            "dimensions:\n  - {number: 1, title: ก, missions: [{code: '1.1', title: x}, {code: '1.1', title: y}]}",
            "รหัสซ้ำ",
        ),
        ("dimensions: [unclosed", "อ่านไฟล์ YAML ไม่ได้"),
    ],
)
def test_a_bad_framework_file_is_refused_and_changes_nothing(tmp_path, text, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError, match=message):
        call_command("load_framework", str(bad), "--cycle", "2566-2570")
    assert not Cycle.objects.filter(code="2566-2570").exists()


def test_a_bad_criteria_file_leaves_the_framework_unloaded(tmp_path):
    bad = tmp_path / "criteria.yaml"
    bad.write_text("criteria:\n  - {text: x, points: 5, check: min_items_in_mission, mission: '9.9'}", encoding="utf-8")
    with pytest.raises(CommandError, match=r"9\.9"):
        call_command("load_framework", str(FRAMEWORK), "--cycle", "2566-2570", "--criteria", str(bad))
    assert not Cycle.objects.filter(code="2566-2570").exists()


def test_a_cycle_code_must_name_its_fiscal_years():
    with pytest.raises(CommandError, match="ปีเริ่ม-ปีสิ้นสุด"):
        call_command("load_framework", str(FRAMEWORK), "--cycle", "2562")
