"""The English pages read English: criteria (data) show their English text where it is
given, the live pre-assessment speaks English, and dates are not left in Thai; the frozen
document stays Thai whatever the screen language."""

import pytest
from django.test import Client
from django.urls import reverse

from eplan.plans import document
from eplan.plans.models import PlanItem

pytestmark = pytest.mark.django_db


def in_english(user):
    client = Client()
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def test_the_example_criteria_carry_an_english_text(plan):
    criteria = document.build(plan)["criteria"]
    assert criteria and all(entry["text_en"] for entry in criteria)
    assert criteria[0]["text"].startswith("ส่วนที่ 1")  # the Thai text is the official one


def test_the_self_assessment_page_shows_criteria_in_english(world, plan):
    page = in_english(world.officer).get(reverse("plans:sar", args=[plan.organisation.code, plan.cycle.code]))
    html = page.content.decode()
    assert "Part 1 analyses the organisation&#x27;s corruption risks" in html
    assert "ส่วนที่ 1 มีการวิเคราะห์ความเสี่ยง" not in html


def test_the_live_pre_assessment_speaks_the_screen_language_while_the_snapshot_stays_thai(world, plan):
    PlanItem.objects.filter(plan=plan, mission__code__startswith="3.2.").delete()
    doc = document.build(plan)

    english = document.preassessment(doc, language="en")
    thai = document.preassessment(doc)

    assert any("3.2" in problem["text"] and "ภารกิจ" not in problem["text"] for problem in english["problems"])
    assert "มิติที่ 3 ภารกิจ 3.2: ยังไม่มีโครงการ/กิจกรรม/มาตรการ" in [problem["text"] for problem in thai["problems"]]
